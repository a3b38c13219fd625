// SPDX-License-Identifier: GPL-2.0-only
/*
 * Several specific-driver devices registered at once (teekit_test ndevs=2):
 * each has its own node pair, its own session and shared-memory id spaces,
 * and the removal of one leaves the other working.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "teetest.h"

FIXTURE(two) {
	struct tt_dev d[TT_MAX_DEVS];
	int fd[2];
};

FIXTURE_SETUP(two)
{
	if (tt_module_loaded(TT_MODULE))
		ASSERT_EQ(0, tt_rmmod(TT_MODULE));
	ASSERT_EQ(0, tt_modprobe(TT_MODULE, "ndevs=2"));
	ASSERT_EQ(2, tt_find_devs(self->d, TT_MAX_DEVS));
	self->fd[0] = tt_open_client(&self->d[0]);
	self->fd[1] = tt_open_client(&self->d[1]);
	ASSERT_SYS(self->fd[0]);
	ASSERT_SYS(self->fd[1]);
}

FIXTURE_TEARDOWN(two)
{
	close(self->fd[0]);
	close(self->fd[1]);
	tt_rmmod(TT_MODULE);
}

TEST_F(two, each_device_has_its_own_pair)
{
	ASSERT_NE(self->d[0].num, self->d[1].num);
	ASSERT_GE(self->d[0].priv_num, 0);
	ASSERT_GE(self->d[1].priv_num, 0);
	ASSERT_NE(self->d[0].priv_num, self->d[1].priv_num);
}

TEST_F(two, sessions_work_on_both)
{
	struct tee_ioctl_param p[2];
	struct tt_res r;
	int i;

	for (i = 0; i < 2; i++) {
		int64_t s = tt_open_echo(self->fd[i]);

		ASSERT_GE(s, 0);
		tt_param(&p[0], TT_VAL_IN, 40, i, 0);
		tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
		ASSERT_EQ(0, tt_invoke(self->fd[i], s, TT_CMD_ADD, 0, p, 2, &r));
		ASSERT_EQ(TEEC_SUCCESS, r.ret);
		ASSERT_EQ(40 + i, p[1].a);
		ASSERT_EQ(1, tt_counter(&self->d[i], "sessions"));
	}
}

/* A session id of device 0 means nothing to a context of device 1. */
TEST_F(two, session_id_of_other_device)
{
	struct tee_ioctl_param p[1];
	struct tt_res r;
	int64_t s = tt_open_echo(self->fd[0]);

	ASSERT_GE(s, 0);
	tt_param(&p[0], TT_VAL_IN, 0, 0, 0);
	ASSERT_ERRNO(tt_invoke(self->fd[1], s, TT_CMD_NOP, 0, p, 1, &r), EINVAL);
	ASSERT_ERRNO(tt_close_session(self->fd[1], s), EINVAL);
	ASSERT_EQ(0, tt_close_session(self->fd[0], s));
}

/* Shared memory of device 0 cannot be passed to device 1. */
TEST_F(two, shm_id_of_other_device)
{
	struct tee_ioctl_param p[2];
	struct tt_res r;
	int id, sfd;
	int64_t s = tt_open_echo(self->fd[1]);

	ASSERT_GE(s, 0);
	sfd = tt_shm_alloc(self->fd[0], 4096, &id, NULL);
	ASSERT_SYS(sfd);
	tt_param(&p[0], TT_VAL_IN, 0x5a, 0, 0);
	tt_memref(&p[1], TT_MEM_OUT, id, 0, 4096);
	ASSERT_ERRNO(tt_invoke(self->fd[1], s, TT_CMD_FILL, 0, p, 2, &r), EINVAL);

	/* The same parameters are fine on the shm's own device. */
	s = tt_open_echo(self->fd[0]);
	ASSERT_GE(s, 0);
	ASSERT_EQ(0, tt_invoke(self->fd[0], s, TT_CMD_FILL, 0, p, 2, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	close(sfd);
}

/* Unregistering device 0 leaves device 1 and its sessions alone. */
TEST_F(two, remove_one_keeps_other)
{
	struct tee_ioctl_param p[2];
	struct tee_ioctl_version_data v;
	struct tt_res r;
	char num[16];
	int64_t s0 = tt_open_echo(self->fd[0]);
	int64_t s1 = tt_open_echo(self->fd[1]);

	ASSERT_GE(s0, 0);
	ASSERT_GE(s1, 0);
	snprintf(num, sizeof(num), "%d", tt_instance(&self->d[0]));
	ASSERT_EQ(0, tt_dbg_write("del_device", num));

	ASSERT_ERRNO(tt_version(self->fd[0], &v), ENODEV);
	tt_param(&p[0], TT_VAL_IN, 1, 2, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	ASSERT_ERRNO(tt_invoke(self->fd[0], s0, TT_CMD_ADD, 0, p, 2, &r), ENODEV);

	ASSERT_EQ(0, tt_version(self->fd[1], &v));
	ASSERT_EQ(TEEKIT_IMPL_ID_TEST, v.impl_id);
	ASSERT_EQ(0, tt_invoke(self->fd[1], s1, TT_CMD_ADD, 0, p, 2, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(3, p[1].a);
	ASSERT_EQ(0, tt_close_session(self->fd[1], s1));
	ASSERT_EQ(-1, access(self->d[0].client, F_OK));
}

TEST_HARNESS_MAIN
