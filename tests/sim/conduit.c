// SPDX-License-Identifier: GPL-2.0-only
/*
 * conduit.c - the sim driver (teekit_sim.ko) through /dev/teeN with a fake
 * emulator on /dev/teekit_sim (fake_tos.h): device pair identity, the
 * open/invoke/close path and its routing, zero-copy memrefs and read-only
 * inputs, cancellation, instance and emulator death, hostile emulator
 * input, supplicant RPC forwarding, module unload while in use.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"
#include "fake_tos.h"
#include "sim_env.h"

FIXTURE(sim) {
	char clnt[32], priv[32];
	struct sim_fake f;
	int fd;
};

FIXTURE_SETUP(sim)
{

	self->f.osfd = self->f.ifd = self->fd = -1;
	ASSERT_SYS(sim_setup(self->clnt, self->priv));
	ASSERT_SYS(sim_fake_start(&self->f));
	self->fd = ASSERT_SYS(open(self->clnt, O_RDWR));
}

FIXTURE_TEARDOWN(sim)
{
	if (self->fd >= 0)
		close(self->fd);
	sim_fake_stop(&self->f);
}

TEST(impl_id_and_caps_on_both_nodes)
{
	struct tee_ioctl_version_data v;
	char clnt[32], priv[32];
	int fd;

	ASSERT_SYS(sim_setup(clnt, priv));
	fd = ASSERT_SYS(open(clnt, O_RDWR));
	ASSERT_SYS(ioctl(fd, TEE_IOC_VERSION, &v));
	ASSERT_EQ(1u, v.impl_id);
	ASSERT_EQ((uint32_t)TEE_OPTEE_CAP_TZ, v.impl_caps);
	ASSERT_TRUE(v.gen_caps & TEE_GEN_CAP_GP);
	close(fd);
	fd = ASSERT_SYS(open(priv, O_RDWR));
	ASSERT_SYS(ioctl(fd, TEE_IOC_VERSION, &v));
	ASSERT_EQ(1u, v.impl_id);
	ASSERT_EQ((uint32_t)TEE_OPTEE_CAP_TZ, v.impl_caps);
	ASSERT_TRUE(v.gen_caps & TEE_GEN_CAP_PRIVILEGED);
	close(fd);
}

TEST(no_emulator_open_fails_comms)
{
	char clnt[32], priv[32];
	struct tt_res res;
	int fd;

	ASSERT_SYS(sim_setup(clnt, priv));
	fd = ASSERT_SYS(open(clnt, O_RDWR));
	ASSERT_EQ(-2, open_ta(fd, FK_UUID_TA, &res));
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, res.ret);
	ASSERT_EQ(TEEC_ORIGIN_COMMS, res.origin);
	close(fd);
}

TEST_F(sim, second_os_is_busy_and_version)
{
	struct tksim_version v;
	int fd = ASSERT_SYS(fk_open());

	ASSERT_ERRNO(fk_attach_os(fd), EBUSY);
	ASSERT_SYS(ioctl(fd, TKSIM_IOC_VERSION, &v));
	ASSERT_EQ((uint32_t)TKSIM_ABI_VERSION, v.abi_version);
	ASSERT_EQ(4u, v.max_params);
	/* a second channel for an attached instance */
	ASSERT_ERRNO(fk_attach_instance(fd, self->f.os.inst), EBUSY);
	ASSERT_ERRNO(fk_attach_instance(fd, 99999), ENOENT);
	close(fd);
}

TEST_F(sim, open_invoke_close)
{
	struct tee_ioctl_param p[2];
	struct tt_res res;
	int64_t s;

	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	tt_param(&p[0], TT_VAL_IN, 41, 0, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	ASSERT_SYS(tt_invoke(self->fd, s, FK_CMD_ADD, 0, p, 2, &res));
	ASSERT_EQ(0u, res.ret);
	ASSERT_EQ(42u, p[1].a);
	ASSERT_SYS(tt_close_session(self->fd, s));
	/* unknown TA answered by the OS channel itself */
	ASSERT_EQ(-2, open_ta(self->fd, FK_UUID_NONE, &res));
	ASSERT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, res.ret);
}

TEST_F(sim, many_invokes_routed_to_instance)
{
	struct tee_ioctl_param p[2];
	struct tt_res res;
	int64_t s;
	int i;

	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	for (i = 0; i < 500; i++) {
		tt_param(&p[0], TT_VAL_IN, i, 0, 0);
		tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
		ASSERT_SYS(tt_invoke(self->fd, s, FK_CMD_ADD, 0, p, 2, &res));
		ASSERT_EQ((uint64_t)i + 1, p[1].a);
	}
}

TEST_F(sim, memref_zero_copy_and_readonly_input)
{
	struct tee_ioctl_param p[1];
	struct tt_res res;
	int shmfd, id;
	char *buf;
	int64_t s;

	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	shmfd = ASSERT_SYS(tt_shm_alloc(self->fd, 8192, &id, NULL));
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, shmfd, 0);
	ASSERT_TRUE(buf != MAP_FAILED);
	tt_memref(&p[0], TT_MEM_OUT, id, 4100, 100);
	ASSERT_SYS(tt_invoke(self->fd, s, FK_CMD_WRITE, 0, p, 1, &res));
	ASSERT_EQ(0u, res.ret);
	ASSERT_EQ(7u, p[0].b);
	ASSERT_EQ(0, strcmp(buf + 4100, "sim-ok"));

	/* input: the TA can map it read-only only */
	strcpy(buf + 10, "input");
	tt_memref(&p[0], TT_MEM_IN, id, 10, 6);
	ASSERT_SYS(tt_invoke(self->fd, s, FK_CMD_CHECK_RO, 0, p, 1, &res));
	ASSERT_EQ(0u, res.ret);
	munmap(buf, 8192);
	close(shmfd);
}

struct cancel_arg {
	int fd;
	uint32_t s, func;
	struct tt_res res;
	struct tee_ioctl_param p[1];
	int rc;
};

static void *invoke_thread(void *p)
{
	struct cancel_arg *c = p;

	c->rc = tt_invoke(c->fd, c->s, c->func, 7, c->p, 1, &c->res);
	return NULL;
}

TEST_F(sim, cancel_reaches_the_ta)
{
	struct cancel_arg c = { .fd = self->fd, .func = FK_CMD_WAIT_CANCEL };
	struct tt_res res;
	pthread_t t;
	int64_t s;

	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	c.s = s;
	tt_param(&c.p[0], TT_VAL_IN, 0, 0, 0);
	pthread_create(&t, NULL, invoke_thread, &c);
	tt_msleep(200);
	ASSERT_SYS(tt_cancel(self->fd, 7, s));
	pthread_join(t, NULL);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_CANCEL, c.res.ret);
}

TEST_F(sim, cancel_ends_ta_wait)
{
	struct cancel_arg c = { .fd = self->fd, .func = FK_CMD_SLEEP };
	struct tt_res res;
	uint64_t t0;
	pthread_t t;
	int64_t s;

	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	c.s = s;
	tt_param(&c.p[0], TT_VAL_IN, 20000, 0, 0);
	t0 = tt_now_ms();
	pthread_create(&t, NULL, invoke_thread, &c);
	tt_msleep(200);
	ASSERT_SYS(tt_cancel(self->fd, 7, s));
	pthread_join(t, NULL);
	ASSERT_EQ(TEEC_ERROR_CANCEL, c.res.ret);
	ASSERT_LE(tt_now_ms() - t0, 5000u);
}

TEST_F(sim, rpc_time)
{
	struct tee_ioctl_param p[1];
	struct tt_res res;
	int64_t s;

	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	tt_param(&p[0], TT_VAL_OUT, 0, 0, 0);
	ASSERT_SYS(tt_invoke(self->fd, s, FK_CMD_TIME, 0, p, 1, &res));
	ASSERT_EQ(0u, res.ret);
	ASSERT_LE((uint64_t)time(NULL) - 5, p[0].a);
}

/* A supplicant on teepriv answering SHM_ALLOC/FREE and LOAD_TA */
struct supp {
	int fd;
	atomic_int loads, allocs, frees;
	void *maps[64];
	int shmfds[64];
};

static void *supp_loop(void *arg)
{
	struct supp *sp = arg;
	struct tee_ioctl_param p[5];
	uint32_t func, num, ret;
	int id;

	for (;;) {
		if (tt_supp_recv(sp->fd, &func, p, &num, 5, true))
			return NULL;
		ret = 0;
		if (func == 6) {
			int sfd = tt_shm_alloc(sp->fd, p[1].b, &id, NULL);

			if (sfd < 0 || id >= 64) {
				ret = TEEC_ERROR_OUT_OF_MEMORY;
			} else {
				sp->shmfds[id] = sfd;
				sp->maps[id] = mmap(NULL, p[1].b,
						    PROT_READ | PROT_WRITE,
						    MAP_SHARED, sfd, 0);
				p[1].c = id;
				sp->allocs++;
			}
		} else if (func == 7) {
			sp->frees++;
		} else if (func == 0) {
			sp->loads++;
			if (p[2].c == (uint64_t)-1 || p[2].b < 100) {
				p[2].b = 100;
			} else {
				memcpy((char *)sp->maps[p[2].c] + p[2].a,
				       "\177ELF", 4);
				p[2].b = 100;
			}
		} else {
			ret = TEEC_ERROR_NOT_SUPPORTED;
		}
		if (tt_supp_send(sp->fd, ret, p, num))
			return NULL;
	}
}

TEST_F(sim, supplicant_load_ta_through_shm_alloc)
{
	struct tee_ioctl_param p[1];
	struct supp sp = { 0 };
	struct tt_res res;
	pthread_t t;
	int64_t s;

	sp.fd = ASSERT_SYS(open(self->priv, O_RDWR));
	pthread_create(&t, NULL, supp_loop, &sp);
	s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	tt_param(&p[0], TT_VAL_OUT, 0, 0, 0);
	ASSERT_SYS(tt_invoke(self->fd, s, FK_CMD_LOAD, 0, p, 1, &res));
	ASSERT_EQ(0u, res.ret);
	ASSERT_EQ(100u, p[0].a);
	ASSERT_EQ(0, memcmp(&p[0].b, "\177ELF", 4));
	ASSERT_EQ(2, sp.loads);
	ASSERT_EQ(1, sp.allocs);
	ASSERT_EQ(1, sp.frees);
	/* the supplicant thread stays parked in RECV until the test exits */
	pthread_detach(t);
}

TEST_F(sim, hostile_answers_get_errors)
{
	struct tksim_xfer x;
	int fd = ASSERT_SYS(fk_open());

	memset(&x, 0, sizeof(x));
	/* not attached */
	ASSERT_ERRNO(ioctl(fd, TKSIM_IOC_XFER, &x), ENOTCONN);
	close(fd);
	/* unknown call id, not ours */
	x.op = TKSIM_OP_RETURN;
	x.call_id = 123456;
	x.flags = TKSIM_XFER_NO_RECV;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), ENOENT);
	x.call_id = 1ULL << 40;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), ENOENT);
	/* bad fields */
	x.reserved = 1;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.reserved = 0;
	x.msg.num_params = 5;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.msg.num_params = 1;
	x.msg.params[0].attr = 4;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.op = 9;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.op = TKSIM_OP_FORWARD;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	/* message flags: only TA_OPEN/TA_INVOKE RPCs have any (ABI 3) */
	x.msg.num_params = 0;
	x.op = TKSIM_OP_RETURN;
	x.msg.flags = TKSIM_RPC_F_TIMEOUT;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.op = TKSIM_OP_RPC;
	x.flags = 0;
	x.msg.cmd = TKSIM_RPC_GET_TIME;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.msg.cmd = TKSIM_RPC_TA_CLOSE;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	x.msg.cmd = TKSIM_RPC_TA_INVOKE;
	x.msg.flags = 0x4;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), EINVAL);
	/* known flags pass the checks: then the call id is wrong */
	x.msg.flags = TKSIM_RPC_F_TA_MASK;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), ENOENT);
	x.msg.cmd = TKSIM_RPC_TA_OPEN;
	ASSERT_ERRNO(ioctl(self->f.ifd, TKSIM_IOC_XFER, &x), ENOENT);
	memset(&x, 0, sizeof(x));
	/* unknown cookies cannot be mapped */
	ASSERT_TRUE(mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->f.ifd,
			 77ULL << 32) == MAP_FAILED);
	ASSERT_TRUE(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			 self->f.ifd, 0) == MAP_FAILED);
	ASSERT_EQ(EACCES, errno);
	/* instance ops on an instance channel */
	ASSERT_ERRNO(fk_new_instance(self->f.ifd, &x.slot), EPERM);
}

/* A raw instance that answers one call wrongly */
TEST(bad_answer_fails_the_call_not_the_kernel)
{
	char clnt[32], priv[32];
	struct tee_ioctl_param p[2];
	struct tksim_xfer x;
	struct fk_os os;
	struct tt_res res;
	pthread_t ost;
	int osfd, ifd, fd;
	int64_t s;
	pid_t pid;

	ASSERT_SYS(sim_setup(clnt, priv));
	osfd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_os(osfd));
	ASSERT_SYS(fk_new_instance(osfd, &os.inst));
	ifd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_instance(ifd, os.inst));
	os.fd = osfd;
	memset(os.none_uuid, 0xff, 16);
	pthread_create(&ost, NULL, fk_os_loop, &os);

	pid = fork();
	if (!pid) {
		int cfd = open(clnt, O_RDWR);
		struct tt_res r;

		if (open_ta(cfd, FK_UUID_TA, &r) < 0)
			_exit(1);
		tt_param(&p[0], TT_VAL_IN, 1, 0, 0);
		tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
		if (tt_invoke(cfd, r.session, FK_CMD_ADD, 0, p, 2, &r))
			_exit(2);
		_exit(r.ret == TEEC_ERROR_COMMUNICATION &&
		      r.origin == TEEC_ORIGIN_COMMS ? 0 : 3);
	}
	/* answer the open properly */
	memset(&x, 0, sizeof(x));
	ASSERT_SYS(ioctl(ifd, TKSIM_IOC_XFER, &x));
	ASSERT_EQ((uint32_t)TKSIM_KIND_CALL, x.kind);
	ASSERT_EQ(0u, x.msg.cmd);
	x.op = TKSIM_OP_RETURN;
	x.msg.ret = 0;
	x.msg.ret_origin = 4;
	ASSERT_SYS(ioctl(ifd, TKSIM_IOC_XFER, &x));
	/* that was the invoke: answer with a changed shape */
	ASSERT_EQ(1u, x.msg.cmd);
	s = x.call_id;
	x.op = TKSIM_OP_RETURN;
	x.flags = TKSIM_XFER_NO_RECV;
	x.msg.params[1].attr = TKSIM_PARAM_VALUE_INPUT;
	x.msg.ret_origin = 4;
	ASSERT_ERRNO(ioctl(ifd, TKSIM_IOC_XFER, &x), EPROTO);
	/* answering twice */
	x.call_id = s;
	x.op = TKSIM_OP_RETURN;
	x.msg.params[1].attr = TKSIM_PARAM_VALUE_OUTPUT;
	ASSERT_ERRNO(ioctl(ifd, TKSIM_IOC_XFER, &x), ENOENT);
	/* the client exits: its session is closed through us */
	memset(&x, 0, sizeof(x));
	ASSERT_SYS(ioctl(ifd, TKSIM_IOC_XFER, &x));
	ASSERT_EQ(2u, x.msg.cmd);
	x.op = TKSIM_OP_RETURN;
	x.flags = TKSIM_XFER_NO_RECV;
	x.msg.ret_origin = 4;
	ASSERT_SYS(ioctl(ifd, TKSIM_IOC_XFER, &x));
	{
		int st;

		ASSERT_EQ(pid, waitpid(pid, &st, 0));
		ASSERT_EQ(0, WEXITSTATUS(st));
	}
	(void)res;
	(void)fd;
	close(ifd);
	close(osfd);
	pthread_join(ost, NULL);
}

TEST(instance_death_is_target_dead)
{
	char clnt[32], priv[32];
	struct tee_ioctl_param p[2];
	struct tt_res res;
	struct fk_os os;
	pthread_t ost;
	int osfd, ifd, fd, st;
	int64_t s;
	pid_t pid;

	ASSERT_SYS(sim_setup(clnt, priv));
	osfd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_os(osfd));
	ASSERT_SYS(fk_new_instance(osfd, &os.inst));
	ifd = ASSERT_SYS(fk_open());
	pid = fork();
	if (!pid) {
		close(osfd);
		if (fk_attach_instance(ifd, os.inst))
			_exit(1);
		fk_serve(ifd);
		_exit(0);
	}
	close(ifd);
	os.fd = osfd;
	memset(os.none_uuid, 0xff, 16);
	pthread_create(&ost, NULL, fk_os_loop, &os);
	fd = ASSERT_SYS(open(clnt, O_RDWR));
	s = open_ta(fd, FK_UUID_TA, &res);
	ASSERT_LE(0, s);
	tt_param(&p[0], TT_VAL_IN, 0, 0, 0);
	/* the instance exits while running the call */
	ASSERT_SYS(tt_invoke(fd, s, FK_CMD_EXIT, 0, p, 1, &res));
	ASSERT_EQ(TEEC_ERROR_TARGET_DEAD, res.ret);
	ASSERT_EQ(TEEC_ORIGIN_TEE, res.origin);
	waitpid(pid, &st, 0);
	/* the session is dead; close still works */
	tt_param(&p[0], TT_VAL_IN, 0, 0, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	ASSERT_SYS(tt_invoke(fd, s, FK_CMD_ADD, 0, p, 2, &res));
	ASSERT_EQ(TEEC_ERROR_TARGET_DEAD, res.ret);
	ASSERT_SYS(tt_close_session(fd, s));
	close(fd);
	close(osfd);
	pthread_join(ost, NULL);
}

/* The emulator (OS + instance in one child process) is killed */
static pid_t start_emulator(void)
{
	pid_t pid = fork();
	struct fk_os os;
	pthread_t t;
	int ifd;

	if (pid)
		return pid;
	os.fd = fk_open();
	if (os.fd < 0 || fk_attach_os(os.fd) ||
	    fk_new_instance(os.fd, &os.inst))
		_exit(1);
	ifd = fk_open();
	if (fk_attach_instance(ifd, os.inst))
		_exit(1);
	memset(os.none_uuid, 0xff, 16);
	pthread_create(&t, NULL, fk_serve_thread, &ifd);
	fk_os_loop(&os);
	_exit(0);
}

TEST_TIMEOUT(emulator_death_fails_calls_fast_and_restart_works, 60)
{
	struct cancel_arg c = { .func = FK_CMD_SLEEP };
	char clnt[32], priv[32];
	struct tee_ioctl_param p[2];
	struct tt_res res;
	uint64_t t0;
	pthread_t t;
	int64_t s = -1;
	pid_t pid;
	int i, st;

	ASSERT_SYS(sim_setup(clnt, priv));
	pid = start_emulator();
	c.fd = ASSERT_SYS(open(clnt, O_RDWR));
	for (i = 0; i < 100 && s < 0; i++) {
		s = open_ta(c.fd, FK_UUID_TA, &res);
		if (s < 0)
			tt_msleep(20);
	}
	ASSERT_LE(0, s);
	c.s = s;
	tt_param(&c.p[0], TT_VAL_IN, 60000, 0, 0);
	pthread_create(&t, NULL, invoke_thread, &c);
	tt_msleep(300);
	t0 = tt_now_ms();
	kill(pid, SIGKILL);
	pthread_join(t, NULL);
	ASSERT_LE(tt_now_ms() - t0, 1000u);
	ASSERT_EQ(0, c.rc);
	/* the sleeping RPC is served in the client: the call ends dead */
	ASSERT_TRUE(c.res.ret == TEEC_ERROR_TARGET_DEAD ||
		    c.res.ret == TEEC_ERROR_COMMUNICATION);
	waitpid(pid, &st, 0);

	/* restart: a new emulator serves new sessions */
	pid = start_emulator();
	s = -1;
	for (i = 0; i < 100 && s < 0; i++) {
		s = open_ta(c.fd, FK_UUID_TA, &res);
		if (s < 0)
			tt_msleep(20);
	}
	ASSERT_LE(0, s);
	tt_param(&p[0], TT_VAL_IN, 1, 0, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	ASSERT_SYS(tt_invoke(c.fd, s, FK_CMD_ADD, 0, p, 2, &res));
	ASSERT_EQ(2u, p[1].a);
	close(c.fd);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

TEST(client_killed_mid_invoke)
{
	char clnt[32], priv[32];
	struct tee_ioctl_param p[1];
	struct tt_res res;
	pid_t emu, cl;
	int st, i;

	ASSERT_SYS(sim_setup(clnt, priv));
	emu = start_emulator();
	cl = fork();
	if (!cl) {
		int fd = open(clnt, O_RDWR);
		int64_t s = -1;

		for (i = 0; i < 100 && s < 0; i++) {
			s = open_ta(fd, FK_UUID_TA, &res);
			if (s < 0)
				tt_msleep(20);
		}
		tt_param(&p[0], TT_VAL_IN, 0, 0, 0);
		tt_invoke(fd, s, FK_CMD_WAIT_CANCEL, 0, p, 1, &res);
		_exit(0);
	}
	tt_msleep(500);
	kill(cl, SIGKILL);
	ASSERT_EQ(cl, waitpid(cl, &st, 0));
	/* the TA sees the cancel flag and answers; nothing leaks */
	tt_msleep(300);
	kill(emu, SIGKILL);
	waitpid(emu, &st, 0);
}

TEST(rmmod_while_open_is_busy)
{
	char clnt[32], priv[32];
	int fd, cfd;

	ASSERT_SYS(sim_setup(clnt, priv));
	fd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_os(fd));
	cfd = ASSERT_SYS(open(clnt, O_RDWR));
	ASSERT_TRUE(tt_rmmod(SIM_MODULE) != 0);
	ASSERT_TRUE(tt_module_loaded(SIM_MODULE));
	close(fd);
	close(cfd);
	ASSERT_EQ(0, tt_rmmod(SIM_MODULE));
	ASSERT_SYS(sim_setup(clnt, priv));
}

TEST_HARNESS_MAIN
