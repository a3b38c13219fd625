// SPDX-License-Identifier: GPL-2.0-only
/*
 * supp_rpc.c - supplicant RPCs served in the secure world's own thread
 * (docs/decisions/0710): the client's thread sleeps through them, and
 * every way the three parties can go away while one is in flight ends it
 * with a defined error and nothing left behind: client killed, TA killed,
 * instance deleted, supplicant killed (then restarted), no supplicant at
 * all, and a cancel (which does not end it).
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"
#include "fake_tos.h"
#include "sim_env.h"

/* ---- a supplicant thread answering FK_SUPP_ECHO and holding HOLD ---- */

struct ssupp {
	int fd;
	pthread_t t;
	bool running;
	atomic_int served, held, ended;
	struct tee_ioctl_param hp[5];	/* the last held request, answered */
	uint32_t hn;
};

static void ssupp_sig(int sig)
{
	(void)sig;	/* only to interrupt SUPPL_RECV */
}

static void *ssupp_loop(void *arg)
{
	struct ssupp *sp = arg;
	struct tee_ioctl_param p[5];
	uint32_t func, num, ret;

	for (;;) {
		if (tt_supp_recv(sp->fd, &func, p, &num, 5, true))
			break;
		ret = TEEC_ERROR_NOT_SUPPORTED;
		if (func == FK_SUPP_ECHO || func == FK_SUPP_HOLD) {
			p[1].a++;
			ret = 0;
		}
		if (func == FK_SUPP_HOLD) {
			memcpy(sp->hp, p, sizeof(p));
			sp->hn = num;
			atomic_fetch_add(&sp->held, 1);
			continue;	/* the test answers it, or not */
		}
		/* counted before the answer: the caller may see it at once */
		atomic_fetch_add(&sp->served, 1);
		if (tt_supp_send(sp->fd, ret, p, num))
			break;
	}
	atomic_store(&sp->ended, 1);
	return NULL;
}

static int ssupp_start(struct ssupp *sp, const char *priv)
{
	struct sigaction sa = { .sa_handler = ssupp_sig };

	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: RECV gets EINTR */
	memset(sp, 0, sizeof(*sp));
	sp->fd = open(priv, O_RDWR);
	if (sp->fd < 0)
		return -1;
	if (pthread_create(&sp->t, NULL, ssupp_loop, sp)) {
		close(sp->fd);
		return -1;
	}
	sp->running = true;
	return 0;
}

static void ssupp_stop(struct ssupp *sp)
{
	if (!sp->running)
		return;
	while (!atomic_load(&sp->ended)) {
		pthread_kill(sp->t, SIGUSR1);
		tt_msleep(5);
	}
	pthread_join(sp->t, NULL);
	close(sp->fd);
	sp->running = false;
}

/* Wait up to @ms for *@v to reach @want */
static bool wait_for(atomic_int *v, int want, unsigned int ms)
{
	uint64_t t0 = tt_now_ms();

	while (atomic_load(v) < want) {
		if (tt_now_ms() - t0 > ms)
			return false;
		tt_msleep(5);
	}
	return true;
}

/* ---- what is left behind ---- */

/* supp_pending of @priv's device, -1 if unreadable */
static long long supp_pending(const char *priv)
{
	char path[96], dev[32];

	snprintf(dev, sizeof(dev), "%s", priv);
	snprintf(path, sizeof(path), "/sys/class/tee/%s/stats/supp_pending",
		 basename(dev));
	return tt_read_ll(path);
}

/* Calls the sim conduit still knows (debugfs), -1 if unreadable */
static int sim_calls(void)
{
	FILE *f = fopen("/sys/kernel/debug/teekit_sim/state", "r");
	char line[256];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "call ", 5))
			n++;
	fclose(f);
	return n;
}

/* Nothing pending in the queue nor in the conduit within 2 s */
static bool all_clear(const char *priv)
{
	uint64_t t0 = tt_now_ms();

	for (;;) {
		if (supp_pending(priv) == 0 && sim_calls() <= 0)
			return true;
		if (tt_now_ms() - t0 > 2000)
			return false;
		tt_msleep(10);
	}
}

/* This thread's voluntary context switches (times it slept) */
static long long sleeps_of_this_thread(void)
{
	FILE *f = fopen("/proc/thread-self/status", "r");
	char line[128];
	long long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %lld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* ---- a client call in a thread ---- */

struct call {
	int fd, rc;
	int64_t s;
	struct tt_res res;
	struct tee_ioctl_param p[1];
	atomic_int finished;
	uint64_t t_end;
};

static void *call_thread(void *arg)
{
	struct call *c = arg;

	c->rc = tt_invoke(c->fd, c->s, FK_CMD_SUPP, 7, c->p, 1, &c->res);
	c->t_end = tt_now_ms();
	atomic_store(&c->finished, 1);
	return NULL;
}

static void call_start(struct call *c, int fd, int64_t s, uint64_t n,
		       uint32_t func, pthread_t *t)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->s = s;
	tt_param(&c->p[0], TT_VAL_INOUT, n, func, 0);
	pthread_create(t, NULL, call_thread, c);
}

/* ---- the fixture: emulator threads in this process, no supplicant ---- */

FIXTURE(srpc) {
	char clnt[32], priv[32];
	struct sim_fake f;
	struct ssupp sp;
	int fd;
	int64_t s;
};

FIXTURE_SETUP(srpc)
{
	struct tt_res res;

	self->f.osfd = self->f.ifd = self->fd = -1;
	ASSERT_SYS(sim_setup(self->clnt, self->priv));
	ASSERT_SYS(sim_fake_start(&self->f));
	self->fd = ASSERT_SYS(open(self->clnt, O_RDWR));
	self->s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, self->s);
}

FIXTURE_TEARDOWN(srpc)
{
	ssupp_stop(&self->sp);
	if (self->fd >= 0)
		close(self->fd);
	sim_fake_stop(&self->f);
}

/*
 * 50 supplicant round trips in one invoke: the client's thread sleeps
 * about once.  Served through the client's thread (the old path), each RPC
 * woke it and made it sleep again in the supplicant queue: >= 100.
 */
TEST_F(srpc, rpcs_served_while_the_client_sleeps)
{
	struct tee_ioctl_param p[1];
	struct tt_res res;
	long long before, after;

	ASSERT_SYS(ssupp_start(&self->sp, self->priv));
	tt_param(&p[0], TT_VAL_INOUT, 50, FK_SUPP_ECHO, 0);
	before = sleeps_of_this_thread();
	ASSERT_SYS(tt_invoke(self->fd, self->s, FK_CMD_SUPP, 0, p, 1, &res));
	after = sleeps_of_this_thread();
	ASSERT_LE(0, before);
	ASSERT_EQ(0u, res.ret);
	ASSERT_EQ(50u, p[0].a);
	ASSERT_EQ(50, atomic_load(&self->sp.served));
	TH_LOG("client thread slept %lld times for 50 RPCs", after - before);
	ASSERT_LT(after - before, 25);
	ASSERT_TRUE(all_clear(self->priv));
}

/*
 * The client is killed while the supplicant holds its TA's request: the
 * request is withdrawn (a late answer finds no id), the TA's RPC returns
 * COMMUNICATION at once although the supplicant never answers.
 */
TEST_F(srpc, client_killed_rpc_in_flight)
{
	int done0 = atomic_load(&fk_supp_done), st;
	struct tee_ioctl_param p[1];
	struct tt_res res;
	pid_t pid;

	ASSERT_SYS(ssupp_start(&self->sp, self->priv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd = open(self->clnt, O_RDWR);
		int64_t s = open_ta(fd, FK_UUID_TA, &res);

		tt_param(&p[0], TT_VAL_INOUT, 1, FK_SUPP_HOLD, 0);
		tt_invoke(fd, s, FK_CMD_SUPP, 0, p, 1, &res);
		_exit(3);
	}
	ASSERT_TRUE(wait_for(&self->sp.held, 1, 5000));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFSIGNALED(st));
	ASSERT_TRUE(wait_for(&fk_supp_done, done0 + 1, 2000));
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, atomic_load(&fk_supp_ret));
	ASSERT_ERRNO(tt_supp_send(self->sp.fd, 0, self->sp.hp, self->sp.hn),
		     ENOENT);
	ASSERT_TRUE(all_clear(self->priv));
}

/*
 * The instance is deleted (its process lives on) while its thread waits
 * for the supplicant: the client gets TARGET_DEAD at once, the request is
 * withdrawn, the thread's XFER ends (ENODEV, the fixture joins it).
 */
TEST_F(srpc, instance_deleted_rpc_in_flight)
{
	struct tksim_instance in = { .instance = self->f.os.inst };
	struct call c;
	pthread_t t;
	uint64_t t0;

	ASSERT_SYS(ssupp_start(&self->sp, self->priv));
	call_start(&c, self->fd, self->s, 1, FK_SUPP_HOLD, &t);
	ASSERT_TRUE(wait_for(&self->sp.held, 1, 5000));
	t0 = tt_now_ms();
	ASSERT_SYS(ioctl(self->f.osfd, TKSIM_IOC_INSTANCE_DEL, &in));
	pthread_join(t, NULL);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_TARGET_DEAD, c.res.ret);
	ASSERT_EQ(TEEC_ORIGIN_TEE, c.res.origin);
	ASSERT_LT(c.t_end - t0, 1000u);
	/* the thread withdraws its request after the client was told */
	ASSERT_TRUE(all_clear(self->priv));
	ASSERT_ERRNO(tt_supp_send(self->sp.fd, 0, self->sp.hp, self->sp.hn),
		     ENOENT);
}

/*
 * A cancel does not end a supplicant request (GP: the TA decides): the
 * call waits for the answer, then the TA sees the cancel flag.
 */
TEST_F(srpc, cancel_during_rpc_reaches_the_ta_after_it)
{
	struct call c;
	pthread_t t;

	ASSERT_SYS(ssupp_start(&self->sp, self->priv));
	call_start(&c, self->fd, self->s, 1, FK_SUPP_HOLD, &t);
	ASSERT_TRUE(wait_for(&self->sp.held, 1, 5000));
	ASSERT_SYS(tt_cancel(self->fd, 7, self->s));
	tt_msleep(200);
	ASSERT_EQ(0, atomic_load(&c.finished));
	ASSERT_SYS(tt_supp_send(self->sp.fd, 0, self->sp.hp, self->sp.hn));
	pthread_join(t, NULL);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(0u, c.res.ret);
	ASSERT_EQ(1u, c.p[0].a);	/* the RPC succeeded */
	ASSERT_EQ(1u, c.p[0].c);	/* and the TA saw the cancel */
	ASSERT_TRUE(all_clear(self->priv));
}

/*
 * The supplicant dies holding the request: the TA's RPC fails with
 * COMMUNICATION (which this TA returns); a restarted supplicant serves the
 * next call.
 */
TEST_F(srpc, supplicant_killed_rpc_in_flight_then_restarted)
{
	struct tee_ioctl_param p[1];
	struct tt_res res;
	int pfd[2], st;
	struct call c;
	pthread_t t;
	pid_t pid;
	char b;

	ASSERT_SYS(pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct tee_ioctl_param q[5];
		uint32_t func, num;
		int fd = open(self->priv, O_RDWR);

		if (fd < 0 || tt_supp_recv(fd, &func, q, &num, 5, true))
			_exit(1);
		if (write(pfd[1], "r", 1) != 1)
			_exit(1);
		pause();	/* holds it until killed */
		_exit(0);
	}
	close(pfd[1]);
	call_start(&c, self->fd, self->s, 1, FK_SUPP_ECHO, &t);
	ASSERT_EQ(1, read(pfd[0], &b, 1));
	close(pfd[0]);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	pthread_join(t, NULL);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, c.res.ret);
	ASSERT_EQ(0u, c.p[0].a);
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, c.p[0].b);

	ASSERT_SYS(ssupp_start(&self->sp, self->priv));
	tt_param(&p[0], TT_VAL_INOUT, 3, FK_SUPP_ECHO, 0);
	ASSERT_SYS(tt_invoke(self->fd, self->s, FK_CMD_SUPP, 0, p, 1, &res));
	ASSERT_EQ(0u, res.ret);
	ASSERT_EQ(3u, p[0].a);
	ASSERT_TRUE(all_clear(self->priv));
}

/* No supplicant: the TA's RPC fails after supp_timeout_ms, not before */
TEST_F(srpc, no_supplicant_fails_after_the_timeout)
{
	const char *path = "/sys/module/teekit/parameters/supp_timeout_ms";
	long long old = tt_read_ll(path);
	struct tee_ioctl_param p[1];
	struct tt_res res;
	uint64_t t0, ms;

	ASSERT_LE(0, old);
	ASSERT_SYS(tt_param_write("teekit", "supp_timeout_ms", 300));
	tt_param(&p[0], TT_VAL_INOUT, 1, FK_SUPP_ECHO, 0);
	t0 = tt_now_ms();
	ASSERT_SYS(tt_invoke(self->fd, self->s, FK_CMD_SUPP, 0, p, 1, &res));
	ms = tt_now_ms() - t0;
	tt_param_write("teekit", "supp_timeout_ms", old);
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, res.ret);
	ASSERT_LE(250u, ms);
	ASSERT_GT(3000u, ms);
	ASSERT_TRUE(all_clear(self->priv));
}

/*
 * The TA process is killed while the supplicant holds its request: the
 * client gets TARGET_DEAD at once and the request is withdrawn.
 */
TEST(ta_killed_rpc_in_flight)
{
	char clnt[32], priv[32];
	struct ssupp sp;
	struct fk_os os;
	struct call c;
	struct tt_res res;
	pthread_t ost, t;
	int osfd, ifd, fd, st;
	uint64_t t0;
	pid_t pid;

	ASSERT_SYS(sim_setup(clnt, priv));
	osfd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_os(osfd));
	ASSERT_SYS(fk_new_instance(osfd, &os.inst));
	ifd = ASSERT_SYS(fk_open());
	pid = fork();
	ASSERT_LE(0, pid);
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
	ASSERT_SYS(ssupp_start(&sp, priv));
	fd = ASSERT_SYS(open(clnt, O_RDWR));
	c.s = open_ta(fd, FK_UUID_TA, &res);
	ASSERT_LE(0, c.s);
	call_start(&c, fd, c.s, 1, FK_SUPP_HOLD, &t);
	ASSERT_TRUE(wait_for(&sp.held, 1, 5000));
	t0 = tt_now_ms();
	kill(pid, SIGKILL);
	pthread_join(t, NULL);
	waitpid(pid, &st, 0);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_TARGET_DEAD, c.res.ret);
	ASSERT_LT(c.t_end - t0, 1000u);
	ASSERT_TRUE(all_clear(priv));
	ASSERT_ERRNO(tt_supp_send(sp.fd, 0, sp.hp, sp.hn), ENOENT);
	ssupp_stop(&sp);
	close(fd);
	close(osfd);
	pthread_join(ost, NULL);
}

TEST_HARNESS_MAIN
