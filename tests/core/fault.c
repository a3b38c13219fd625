// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault.c - every debugfs fail_<op> knob of the test driver
 * (docs/test-driver.md): the forced failure reaches the caller with the
 * errno of fail_errno, the knob counts down, the next call succeeds, and
 * the core's counters stay consistent (nothing leaked, nothing freed twice).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "harness.h"
#include "teetest.h"

#define FAIL_ERRNO	EIO	/* distinct from anything the core returns itself */

FIXTURE(fi) {
	struct tt_dev d;
	int fd;
	int64_t sess;
};

FIXTURE_SETUP(fi)
{
	self->fd = -1;
	ASSERT_SYS(tt_setup(&self->d));
	if (!tt_debugfs_ready())
		SKIP("no %s", TT_DEBUGFS);
	ASSERT_EQ(0, tt_dbg_write_ll("fail_errno", FAIL_ERRNO));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
}

FIXTURE_TEARDOWN(fi)
{
	static const char * const knobs[] = {
		"fail_open", "fail_open_session", "fail_invoke", "fail_cancel",
		"fail_close_session", "fail_shm_register", "fail_shm_unregister",
		"fail_shm_alloc", "fail_supp_recv", "fail_supp_send",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		tt_dbg_write(knobs[i], "0");
	tt_dbg_write_ll("fail_errno", ENOMEM);
	if (self->fd >= 0)
		close(self->fd);
	tt_wait_counters_zero(&self->d, 2000);
}

#define ARM(knob, n) ASSERT_EQ(0, tt_dbg_write_ll(knob, n))
#define LEFT(knob) tt_dbg_read(knob)

TEST_F(fi, knob_reads_back)
{
	ARM("fail_invoke", 3);
	ASSERT_EQ(3, LEFT("fail_invoke"));
	ASSERT_EQ(FAIL_ERRNO, tt_dbg_read("fail_errno"));
	ARM("fail_invoke", 0);
	ASSERT_EQ(0, LEFT("fail_invoke"));
}

TEST_F(fi, open)
{
	long long ctx = tt_counter(&self->d, "contexts");
	int fd;

	ARM("fail_open", 1);
	ASSERT_ERRNO(tt_open_client(&self->d), FAIL_ERRNO);
	ASSERT_EQ(0, LEFT("fail_open"));
	ASSERT_EQ(ctx, tt_counter(&self->d, "contexts"));
	fd = ASSERT_SYS(tt_open_client(&self->d));
	close(fd);
}

TEST_F(fi, open_session)
{
	ARM("fail_open_session", 2);
	ASSERT_ERRNO(tt_open_echo(self->fd), FAIL_ERRNO);
	ASSERT_ERRNO(tt_open_echo(self->fd), FAIL_ERRNO);
	ASSERT_EQ(1, tt_counter(&self->d, "sessions"));
	ASSERT_LE(0, tt_open_echo(self->fd));
	ASSERT_EQ(2, tt_counter(&self->d, "sessions"));
}

TEST_F(fi, open_session_errno_enomem)
{
	ASSERT_EQ(0, tt_dbg_write_ll("fail_errno", ENOMEM));
	ARM("fail_open_session", 1);
	ASSERT_ERRNO(tt_open_echo(self->fd), ENOMEM);
}

TEST_F(fi, invoke)
{
	struct tee_ioctl_param p[1];

	tt_param(&p[0], TT_VAL_OUT, 5, 5, 5);
	ARM("fail_invoke", 1);
	ASSERT_ERRNO(tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, p, 1, NULL), FAIL_ERRNO);
	ASSERT_EQ(5, p[0].a);	/* no write-back on error */
	ASSERT_EQ(0, tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, p, 1, NULL));
	ASSERT_EQ(0, p[0].a);
}

/* a failed invoke with a memref drops its shm reference */
TEST_F(fi, invoke_with_memref_drops_refs)
{
	struct tee_ioctl_param p[1];
	int sfd, id;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, &id, NULL));
	tt_memref(&p[0], TT_MEM_IN, id, 0, 4096);
	ARM("fail_invoke", 1);
	ASSERT_ERRNO(tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, p, 1, NULL), FAIL_ERRNO);
	ASSERT_EQ(0, close(sfd));
	ASSERT_EQ(0, tt_counter(&self->d, "shm_count"));
}

TEST_F(fi, cancel)
{
	ARM("fail_cancel", 1);
	ASSERT_ERRNO(tt_cancel(self->fd, 1, self->sess), FAIL_ERRNO);
	ASSERT_EQ(0, tt_cancel(self->fd, 1, self->sess));
}

/* a failed close still must not leak: the fd close cleans up */
TEST_F(fi, close_session)
{
	int rc;

	ARM("fail_close_session", 1);
	ASSERT_ERRNO(tt_close_session(self->fd, self->sess), FAIL_ERRNO);
	rc = tt_close_session(self->fd, self->sess);
	if (rc)
		ASSERT_EQ(EINVAL, errno);	/* the core dropped it anyway */
	ASSERT_EQ(0, tt_counter(&self->d, "sessions"));
}

TEST_F(fi, close_session_at_fd_release)
{
	ARM("fail_close_session", 5);
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

TEST_F(fi, shm_alloc)
{
	ARM("fail_shm_alloc", 1);
	ASSERT_ERRNO(tt_shm_alloc(self->fd, 4096, NULL, NULL), FAIL_ERRNO);
	ASSERT_EQ(0, tt_counter(&self->d, "shm_count"));
	ASSERT_EQ(0, tt_counter(&self->d, "shm_bytes"));
	close(ASSERT_SYS(tt_shm_alloc(self->fd, 4096, NULL, NULL)));
}

TEST_F(fi, shm_register)
{
	static char buf[8192] __aligned(4096);

	ARM("fail_shm_register", 1);
	ASSERT_ERRNO(tt_shm_register(self->fd, buf, sizeof(buf), NULL), FAIL_ERRNO);
	ASSERT_EQ(0, tt_counter(&self->d, "shm_count"));
	ASSERT_EQ(0, tt_counter(&self->d, "shm_bytes"));
	close(ASSERT_SYS(tt_shm_register(self->fd, buf, sizeof(buf), NULL)));
}

/* unregister cannot report: the object must still go away */
TEST_F(fi, shm_unregister)
{
	static char buf[8192] __aligned(4096);
	int sfd;

	sfd = ASSERT_SYS(tt_shm_register(self->fd, buf, sizeof(buf), NULL));
	ARM("fail_shm_unregister", 1);
	ASSERT_EQ(0, close(sfd));
	ASSERT_EQ(0, LEFT("fail_shm_unregister"));
	ASSERT_EQ(0, tt_counter(&self->d, "shm_count"));
	/* the pages must have been unpinned: the memory is usable */
	memset(buf, 1, sizeof(buf));
}

TEST_F(fi, supp_recv)
{
	struct tee_ioctl_param p[4];
	uint32_t func, num;
	int pfd;

	pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ARM("fail_supp_recv", 1);
	ASSERT_ERRNO(tt_supp_recv(pfd, &func, p, &num, 4, true), FAIL_ERRNO);
	close(pfd);
}

struct supp_call {
	int fd;
	uint32_t sess;
	int rc;
	struct tt_res r;
};

static void *supp_call(void *arg)
{
	struct supp_call *c = arg;
	struct tee_ioctl_param p[2];

	tt_param(&p[0], TT_VAL_IN, 42, 0, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	c->rc = tt_invoke(c->fd, c->sess, TT_CMD_SUPP, 0, p, 2, &c->r);
	return NULL;
}

TEST_F(fi, supp_send)
{
	struct supp_call c = { .fd = self->fd, .sess = self->sess };
	struct tee_ioctl_param p[4];
	uint32_t func, num;
	pthread_t t;
	int pfd, rc;

	pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, supp_call, &c));
	ASSERT_EQ(0, tt_supp_recv(pfd, &func, p, &num, 4, true));
	ASSERT_EQ(42, func);
	ASSERT_EQ(2, num);
	p[1].a = 7;
	ARM("fail_supp_send", 1);
	ASSERT_ERRNO(tt_supp_send(pfd, 0, p, 2), FAIL_ERRNO);
	rc = tt_supp_send(pfd, 0, p, 2);
	if (rc) {
		/* the failed send consumed the request: the client got an error */
		ASSERT_EQ(ENOENT, errno);
		ASSERT_EQ(0, pthread_join(t, NULL));
		ASSERT_EQ(0, c.rc);
		ASSERT_EQ(TEEC_ERROR_COMMUNICATION, c.r.ret);
	} else {
		ASSERT_EQ(0, pthread_join(t, NULL));
		ASSERT_EQ(0, c.rc);
		ASSERT_EQ(0, c.r.ret);
	}
	close(pfd);
	ASSERT_EQ(0, tt_counter(&self->d, "pending"));
}

TEST_HARNESS_MAIN
