// SPDX-License-Identifier: GPL-2.0-only
/*
 * supp.c - the supplicant queue (reference §5): exclusive open, META
 * request ids with a thread pool, out-of-order answers, unknown and double
 * answers, parameter-count errors, legacy (non-META) mode, no supplicant
 * (bounded wait -> TEEC_ERROR_COMMUNICATION), supplicant killed mid-request,
 * restart, client killed while its request is out.
 *
 * Requests come from ECHO's SUPP command: p0 = VALUE_INPUT(func), then
 * p1 = VALUE_INOUT(x), p2 = VALUE_OUTPUT. Our supplicant answers
 * p1.a = x + 1, p2.a = 2 * x, ret = 0.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"

#define FUNC_ECHO	0x1234
#define FUNC_QUIT	0xdead

FIXTURE(supp) {
	struct tt_dev d;
	int fd;
	int pfd;
	int64_t sess;
	long long old_timeout;
};

FIXTURE_SETUP(supp)
{
	self->fd = -1;
	self->pfd = -1;
	self->old_timeout = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
}

FIXTURE_TEARDOWN(supp)
{
	if (self->old_timeout >= 0)
		tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", self->old_timeout);
	if (self->pfd >= 0)
		close(self->pfd);
	if (self->fd >= 0)
		close(self->fd);
}

/* ---- client side: one SUPP invoke ---- */

struct call {
	int fd;
	uint32_t sess;
	uint32_t func;
	uint64_t x;
	int rc;
	int err;
	struct tt_res r;
	uint64_t p1a, p2a;
	atomic_int done;
};

static void do_call(struct call *c)
{
	struct tee_ioctl_param p[3];

	tt_param(&p[0], TT_VAL_IN, c->func, 0, 0);
	tt_param(&p[1], TT_VAL_INOUT, c->x, 0, 0);
	tt_param(&p[2], TT_VAL_OUT, 0, 0, 0);
	c->rc = tt_invoke(c->fd, c->sess, TT_CMD_SUPP, 0, p, 3, &c->r);
	c->err = errno;
	c->p1a = p[1].a;
	c->p2a = p[2].a;
	atomic_store(&c->done, 1);
}

static void *call_thread(void *arg)
{
	do_call(arg);
	return NULL;
}

static bool call_ok(const struct call *c)
{
	return c->rc == 0 && c->r.ret == 0 && c->p1a == c->x + 1 &&
	       c->p2a == 2 * c->x;
}

/* ---- supplicant side ---- */

struct req {
	uint32_t func;
	uint32_t num;
	struct tee_ioctl_param p[6];
};

static int recv_req(int pfd, struct req *q, bool meta)
{
	return tt_supp_recv(pfd, &q->func, q->p, &q->num, 6, meta);
}

/* answer a META request the standard way */
static int answer(int pfd, struct req *q, uint32_t ret)
{
	struct tee_ioctl_param p[4];

	tt_param(&p[0], TT_META | TT_VAL_INOUT, q->p[0].a, 0, 0);
	tt_param(&p[1], TT_VAL_INOUT, q->p[1].a + 1, 0, 0);
	tt_param(&p[2], TT_VAL_OUT, 2 * q->p[1].a, 0, 0);
	return tt_supp_send(pfd, ret, p, 3);
}

struct pool {
	int pfd;
	int served;
	int errors;
	pthread_mutex_t lock;
};

static void *supp_thread(void *arg)
{
	struct pool *pl = arg;
	struct req q;

	for (;;) {
		if (recv_req(pl->pfd, &q, true)) {
			pthread_mutex_lock(&pl->lock);
			pl->errors++;
			pthread_mutex_unlock(&pl->lock);
			return NULL;
		}
		if (answer(pl->pfd, &q, 0)) {
			pthread_mutex_lock(&pl->lock);
			pl->errors++;
			pthread_mutex_unlock(&pl->lock);
		}
		pthread_mutex_lock(&pl->lock);
		pl->served++;
		pthread_mutex_unlock(&pl->lock);
		if (q.func == FUNC_QUIT)
			return NULL;
	}
}

/* ------------------------------------------------------------- tests */

TEST_F(supp, second_open_ebusy)
{
	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_ERRNO(tt_open_priv(&self->d), EBUSY);
	ASSERT_ERRNO(tt_open_priv(&self->d), EBUSY);
	ASSERT_EQ(0, close(self->pfd));
	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
}

TEST_F(supp, meta_roundtrip)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 41 };
	struct req q;
	pthread_t t;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(FUNC_ECHO, q.func);
	ASSERT_EQ(3, q.num);
	ASSERT_EQ(TT_META | TT_VAL_INOUT, q.p[0].attr);
	ASSERT_LE(1, q.p[0].a);
	ASSERT_EQ(0, q.p[0].b);
	ASSERT_EQ(0, q.p[0].c);
	ASSERT_EQ(TT_VAL_INOUT, q.p[1].attr);
	ASSERT_EQ(41, q.p[1].a);
	ASSERT_EQ(TT_VAL_OUT, q.p[2].attr);
	ASSERT_EQ(0, q.p[2].a);
	ASSERT_LE(1, tt_counter(&self->d, "pending"));
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c));
}

TEST_F(supp, supplicant_ret_passthrough)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = 7, .x = 1 };
	struct req q;
	pthread_t t;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(7, q.func);
	ASSERT_EQ(0, answer(self->pfd, &q, TEEC_ERROR_ITEM_NOT_FOUND));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, c.r.ret);
}

struct worker {
	int fd;
	uint32_t sess;
	int id;
	int calls;
	int bad;
};

static void *worker_thread(void *arg)
{
	struct worker *wk = arg;
	int k;

	for (k = 0; k < wk->calls; k++) {
		struct call c = {
			.fd = wk->fd, .sess = wk->sess, .func = FUNC_ECHO,
			.x = (uint64_t)wk->id << 32 | k,
		};

		do_call(&c);
		if (!call_ok(&c))
			wk->bad++;
	}
	return NULL;
}

/* 4 supplicant threads on one fd serve 8 client threads on two contexts */
TEST_F_TIMEOUT(supp, thread_pool, 120)
{
	enum { NSUPP = 4, NCLIENT = 8, NCALLS = 40 };
	struct pool pl = { .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t st[NSUPP], ct[NCLIENT];
	struct worker w[NCLIENT];
	int i, fd2;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	fd2 = ASSERT_SYS(tt_open_client(&self->d));
	pl.pfd = self->pfd;
	for (i = 0; i < NSUPP; i++)
		ASSERT_EQ(0, pthread_create(&st[i], NULL, supp_thread, &pl));
	for (i = 0; i < NCLIENT; i++) {
		w[i].fd = i % 2 ? self->fd : fd2;
		w[i].sess = tt_open_echo(w[i].fd);
		w[i].id = i;
		w[i].calls = NCALLS;
		w[i].bad = 0;
	}
	for (i = 0; i < NCLIENT; i++)
		ASSERT_EQ(0, pthread_create(&ct[i], NULL, worker_thread, &w[i]));
	for (i = 0; i < NCLIENT; i++)
		ASSERT_EQ(0, pthread_join(ct[i], NULL));
	for (i = 0; i < NSUPP; i++) {
		struct call q = { .fd = self->fd, .sess = self->sess, .func = FUNC_QUIT };

		do_call(&q);
		ASSERT_TRUE(call_ok(&q));
	}
	for (i = 0; i < NSUPP; i++)
		ASSERT_EQ(0, pthread_join(st[i], NULL));
	for (i = 0; i < NCLIENT; i++)
		ASSERT_EQ(0, w[i].bad);
	ASSERT_EQ(0, pl.errors);
	ASSERT_EQ(NCLIENT * NCALLS + NSUPP, pl.served);
	ASSERT_EQ(0, tt_counter(&self->d, "pending"));
	close(fd2);
}

TEST_F(supp, out_of_order_answers)
{
	enum { N = 4 };
	struct call c[N];
	struct req q[N];
	pthread_t t[N];
	int i, j;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	for (i = 0; i < N; i++) {
		c[i] = (struct call){ .fd = self->fd, .sess = self->sess,
				      .func = FUNC_ECHO, .x = 100 + i };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, call_thread, &c[i]));
	}
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, recv_req(self->pfd, &q[i], true));
		for (j = 0; j < i; j++)
			ASSERT_NE(q[j].p[0].a, q[i].p[0].a);	/* distinct ids */
	}
	for (i = N - 1; i >= 0; i--) {
		ASSERT_EQ(0, answer(self->pfd, &q[i], 0));
		tt_msleep(20);
	}
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		ASSERT_TRUE(call_ok(&c[i]));
	}
}

TEST_F(supp, answer_unknown_id)
{
	struct tee_ioctl_param p[1];

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	tt_param(&p[0], TT_META | TT_VAL_INOUT, 12345, 0, 0);
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 1), ENOENT);
	tt_param(&p[0], TT_META | TT_VAL_INOUT, 0, 0, 0);
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 1), ENOENT);
	tt_param(&p[0], TT_META | TT_VAL_INOUT, ~0ull, 0, 0);
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 1), ENOENT);
}

TEST_F(supp, double_answer)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 3 };
	struct req q;
	pthread_t t;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_ERRNO(answer(self->pfd, &q, 0), ENOENT);
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c));
	ASSERT_ERRNO(answer(self->pfd, &q, 0), ENOENT);
}

TEST_F(supp, send_errors)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 9 };
	struct tee_ioctl_param p[4];
	struct req q;
	pthread_t t;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	/* no params at all */
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 0), EINVAL);
	/* too few and too many params for the request */
	tt_param(&p[0], TT_META | TT_VAL_INOUT, q.p[0].a, 0, 0);
	tt_param(&p[1], TT_VAL_INOUT, 0, 0, 0);
	tt_param(&p[2], TT_VAL_OUT, 0, 0, 0);
	tt_param(&p[3], TT_VAL_OUT, 0, 0, 0);
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 2), EINVAL);
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 4), EINVAL);
	/* reserved attr bits */
	p[1].attr = 0x200 | TT_VAL_INOUT;
	ASSERT_ERRNO(tt_supp_send(self->pfd, 0, p, 3), EINVAL);
	/* first param not META although we are in META mode */
	tt_param(&p[0], TT_VAL_INOUT, q.p[0].a, 0, 0);
	tt_param(&p[1], TT_VAL_INOUT, 0, 0, 0);
	ASSERT_EQ(-1, tt_supp_send(self->pfd, 0, p, 3));
	/* the request survived all that */
	ASSERT_EQ(0, atomic_load(&c.done));
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c));
}

TEST_F(supp, recv_capacity_too_small)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 5 };
	struct tee_ioctl_param p[6];
	uint32_t func, num;
	struct req q;
	pthread_t t;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	/* meta + 1 slot < meta + 2 params: EINVAL, request stays queued */
	ASSERT_ERRNO(tt_supp_recv(self->pfd, &func, p, &num, 2, true), EINVAL);
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(5, q.p[1].a);
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c));
}

TEST_F(supp, recv_input_must_be_none)
{
	union {
		struct tee_iocl_supp_recv_arg a;
		uint8_t raw[8 + 2 * 32];
	} u;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	memset(&u, 0, sizeof(u));
	u.a.num_params = 2;
	u.a.params[1].attr = TT_VAL_IN;
	ASSERT_ERRNO(tt_buf_ioctl(self->pfd, TEE_IOC_SUPPL_RECV, &u, sizeof(u)), EINVAL);
	u.a.params[1].attr = 0x200;
	ASSERT_ERRNO(tt_buf_ioctl(self->pfd, TEE_IOC_SUPPL_RECV, &u, sizeof(u)), EINVAL);
	u.a.params[1].attr = TT_MEM_OUT;
	u.a.params[1].c = 999;
	ASSERT_ERRNO(tt_buf_ioctl(self->pfd, TEE_IOC_SUPPL_RECV, &u, sizeof(u)), EINVAL);
	u.a.num_params = 0;
	ASSERT_ERRNO(tt_buf_ioctl(self->pfd, TEE_IOC_SUPPL_RECV, &u, 8), EINVAL);
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void *recv_thread(void *arg)
{
	int *pfd = arg;
	struct req q;
	long rc;

	rc = recv_req(*pfd, &q, true) ? -errno : 0;
	return (void *)rc;
}

TEST_F(supp, recv_interrupted_by_signal)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	pthread_t t;
	void *rc;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, recv_thread, &self->pfd));
	tt_msleep(200);
	ASSERT_EQ(0, pthread_kill(t, SIGUSR1));
	ASSERT_EQ(0, pthread_join(t, &rc));
	ASSERT_EQ(-EINTR, (long)rc);
}

/* legacy: no META param, one request outstanding at a time */
TEST_F(supp, legacy_mode)
{
	struct call c1 = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 10 };
	struct call c2 = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 20 };
	struct tee_ioctl_param p[2];
	struct req q, q2;
	pthread_t t1, t2;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t1, NULL, call_thread, &c1));
	ASSERT_EQ(0, recv_req(self->pfd, &q, false));
	ASSERT_EQ(FUNC_ECHO, q.func);
	ASSERT_EQ(2, q.num);
	ASSERT_EQ(TT_VAL_INOUT, q.p[0].attr);
	ASSERT_EQ(10, q.p[0].a);
	ASSERT_EQ(0, pthread_create(&t2, NULL, call_thread, &c2));
	tt_msleep(50);
	/* a second RECV while the legacy request is out */
	ASSERT_ERRNO(recv_req(self->pfd, &q2, false), EINVAL);
	tt_param(&p[0], TT_VAL_INOUT, 11, 0, 0);
	tt_param(&p[1], TT_VAL_OUT, 20, 0, 0);
	ASSERT_EQ(0, tt_supp_send(self->pfd, 0, p, 2));
	ASSERT_EQ(0, pthread_join(t1, NULL));
	ASSERT_TRUE(call_ok(&c1));
	/* now the next one */
	ASSERT_EQ(0, recv_req(self->pfd, &q2, false));
	ASSERT_EQ(20, q2.p[0].a);
	tt_param(&p[0], TT_VAL_INOUT, 21, 0, 0);
	tt_param(&p[1], TT_VAL_OUT, 40, 0, 0);
	ASSERT_EQ(0, tt_supp_send(self->pfd, 0, p, 2));
	ASSERT_EQ(0, pthread_join(t2, NULL));
	ASSERT_TRUE(call_ok(&c2));
}

TEST_F(supp, no_supplicant_times_out)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 1 };
	uint64_t t0;

	self->old_timeout = tt_param_read(TT_CORE_MODULE, "supp_timeout_ms");
	ASSERT_LE(0, self->old_timeout);
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 300));
	t0 = tt_now_ms();
	do_call(&c);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, c.r.ret);
	ASSERT_EQ(TEEC_ORIGIN_COMMS, c.r.origin);
	ASSERT_LE(250, tt_now_ms() - t0);
	ASSERT_GE(5000, tt_now_ms() - t0);
	ASSERT_EQ(0, tt_counter(&self->d, "pending"));
}

/*
 * A supplicant process takes the request and is killed before answering:
 * the client gets COMMUNICATION, and a new supplicant serves the next one.
 */
TEST_F(supp, killed_mid_request_then_restart)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 1 };
	struct call c2 = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 2 };
	struct req q;
	int pipefd[2], st, i;
	pthread_t t;
	pid_t pid;
	char x;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int pfd = tt_open_priv(&self->d);

		if (pfd < 0 || recv_req(pfd, &q, true))
			_exit(1);
		if (write(pipefd[1], "r", 1) != 1)
			_exit(2);
		pause();
		_exit(0);
	}
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	ASSERT_EQ(1, read(pipefd[0], &x, 1));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, c.r.ret);
	ASSERT_EQ(TEEC_ORIGIN_COMMS, c.r.origin);
	/* restart */
	for (i = 0; i < 100; i++) {
		self->pfd = tt_open_priv(&self->d);
		if (self->pfd >= 0 || errno != EBUSY)
			break;
		tt_msleep(10);
	}
	ASSERT_LE(0, self->pfd);
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c2));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(2, q.p[1].a);
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c2));
	close(pipefd[0]);
	close(pipefd[1]);
}

/* supplicant closes its fd with requests queued: they fail, nothing hangs */
TEST_F(supp, close_with_queued_requests)
{
	struct call c = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 1 };
	pthread_t t;

	self->old_timeout = tt_param_read(TT_CORE_MODULE, "supp_timeout_ms");
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 500));
	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	tt_msleep(100);
	close(self->pfd);
	self->pfd = -1;
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_COMMUNICATION, c.r.ret);
	ASSERT_EQ(0, tt_counter(&self->d, "pending"));
}

/*
 * The client dies while the supplicant holds its request: the late answer
 * is refused, the pending count drops, and the next request works.
 */
TEST_F(supp, client_killed_while_supplicant_holds_request)
{
	struct call c2 = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 8 };
	struct req q;
	pthread_t t;
	pid_t pid;
	int st, rc;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct call c = { .func = FUNC_ECHO, .x = 1 };

		c.fd = tt_open_client(&self->d);
		c.sess = tt_open_echo(c.fd);
		do_call(&c);
		_exit(3);
	}
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFSIGNALED(st));
	rc = answer(self->pfd, &q, 0);
	if (rc == 0)
		TH_LOG("late answer accepted (request still owned by the core)");
	else
		ASSERT_TRUE(errno == ENOENT || errno == EBADF);
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c2));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(8, q.p[1].a);
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c2));
	ASSERT_EQ(0, tt_counter(&self->d, "pending"));
}

/* client killed while its request is still queued: the request vanishes */
TEST_F(supp, client_killed_while_queued)
{
	struct call c2 = { .fd = self->fd, .sess = self->sess, .func = FUNC_ECHO, .x = 77 };
	struct req q;
	pthread_t t;
	pid_t pid;
	int st;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct call c = { .func = 0x999, .x = 1 };

		c.fd = tt_open_client(&self->d);
		c.sess = tt_open_echo(c.fd);
		do_call(&c);
		_exit(3);
	}
	/* give the child time to queue its request */
	while (tt_counter(&self->d, "pending") < 1)
		tt_msleep(5);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c2));
	ASSERT_EQ(0, recv_req(self->pfd, &q, true));
	ASSERT_EQ(FUNC_ECHO, q.func);
	ASSERT_EQ(77, q.p[1].a);
	ASSERT_EQ(0, answer(self->pfd, &q, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_TRUE(call_ok(&c2));
}

TEST_HARNESS_MAIN
