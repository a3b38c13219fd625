// SPDX-License-Identifier: GPL-2.0-only
/*
 * daemons.c - service daemons (docs/services.md) against the test driver:
 * plugin calls (ECHO's PLUGIN command, OP-TEE's func 12 layout) routed to
 * services registered with TEEKIT_IOC_SERVICE_*: several services at once,
 * many threads, out-of-order answers, a daemon killed mid-request and
 * restarted, unregister with pending requests, unserved UUIDs with our
 * supplicant (ITEM_NOT_FOUND at once), the supplicant serving its own
 * plugin meanwhile, registration permissions, bad input to every ioctl,
 * and the installed example daemon.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"
#include "teeservice.h"

#define TT_CMD_PLUGIN	9
#define FUNC_PLUGIN	12
#define SUPPLICANT	"/usr/sbin/tee-supplicant"
#define SVC_ECHO	"/usr/sbin/teekit-svc-echo"
#define PLUGIN_DIR	"/usr/lib/teekit/test-plugins"
#define SUPP_PLUGIN	"7e57a000-0000-4000-8000-000000000001"
#define UUID_A		"7e57c000-0000-4000-8000-0000000000a1"
#define UUID_B		"7e57c000-0000-4000-8000-0000000000b2"
#define UUID_C		"7e57c000-0000-4000-8000-0000000000c3"
#define UUID_NOBODY	"7e57c000-0000-4000-8000-0000000000ee"
#define TEEC_ERROR_EXCESS_DATA	0xFFFF0004u

/* handler commands */
enum { H_REVERSE, H_SLEEP, H_RET, H_WHO };

FIXTURE(svc) {
	struct tt_dev d;
	int fd;
	int64_t sess;
	pid_t supp;
	char dir[64];
	long long old_timeout;
};

FIXTURE_SETUP(svc)
{
	self->fd = -1;
	self->supp = -1;
	self->dir[0] = '\0';
	self->old_timeout = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
	self->old_timeout = tt_param_read(TT_CORE_MODULE, "supp_timeout_ms");
}

FIXTURE_TEARDOWN(svc)
{
	if (self->supp > 0) {
		kill(self->supp, SIGKILL);
		waitpid(self->supp, NULL, 0);
	}
	if (self->old_timeout >= 0)
		tt_param_write(TT_CORE_MODULE, "supp_timeout_ms",
			       self->old_timeout);
	tt_param_write(TT_CORE_MODULE, "service_gid", -1);
	if (self->fd >= 0)
		close(self->fd);
}

/* ---- the client side: one plugin call through ECHO's PLUGIN command ---- */

struct call {
	int fd;
	uint32_t sess;
	const char *uuid;
	uint32_t cmd, sub;
	char *buf;		/* NULL: no data */
	size_t len;
	int rc;
	struct tt_res r;
	uint64_t out_len;	/* v2.b */
	uint64_t mem_size;	/* memref size after the call */
	uint64_t ms;		/* duration */
	atomic_int done;
};

static void uuid_words(const char *uuid, uint64_t *a, uint64_t *b)
{
	uint8_t o[16];
	uint32_t w[4];
	int i;

	tt_uuid_parse(uuid, o);
	for (i = 0; i < 4; i++)
		w[i] = o[4 * i] | o[4 * i + 1] << 8 | o[4 * i + 2] << 16 |
		       (uint32_t)o[4 * i + 3] << 24;
	*a = w[0] | (uint64_t)w[1] << 32;
	*b = w[2] | (uint64_t)w[3] << 32;
}

static void do_call(struct call *c)
{
	struct tee_ioctl_param p[3];
	uint64_t a, b, t0 = tt_now_ms();
	unsigned int n = 2;
	int id = -1, shm_fd = -1;

	uuid_words(c->uuid, &a, &b);
	tt_param(&p[0], TT_VAL_IN, a, b, c->cmd);
	tt_param(&p[1], TT_VAL_INOUT, c->sub, 0, 0);
	if (c->buf) {
		shm_fd = tt_shm_register(c->fd, c->buf, c->len, &id);
		if (shm_fd < 0) {
			c->rc = -2;
			atomic_store(&c->done, 1);
			return;
		}
		tt_memref(&p[2], TT_MEM_INOUT, id, 0, c->len);
		n = 3;
	}
	c->rc = tt_invoke(c->fd, c->sess, TT_CMD_PLUGIN, 0, p, n, &c->r);
	c->out_len = p[1].b;
	c->mem_size = n == 3 ? p[2].b : 0;
	if (shm_fd >= 0)
		close(shm_fd);
	c->ms = tt_now_ms() - t0;
	atomic_store(&c->done, 1);
}

static void *call_thread(void *p)
{
	do_call(p);
	return NULL;
}

static void setup_call(struct call *c, int fd, int64_t sess, const char *uuid,
		       uint32_t cmd, uint32_t sub, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->sess = sess;
	c->uuid = uuid;
	c->cmd = cmd;
	c->sub = sub;
	c->len = len;
	if (len) {
		c->buf = mmap(NULL, (len + 4095) & ~4095UL,
			      PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (c->buf == MAP_FAILED)
			c->buf = NULL;
	}
}

static void free_call(struct call *c)
{
	if (c->buf)
		munmap(c->buf, (c->len + 4095) & ~4095UL);
	c->buf = NULL;
}

/* ---- a service in this process: library threads with our handler ---- */

struct server {
	struct tees_service *s;
	pthread_t t;
	unsigned int nthreads;
	int tag;
	int rc;
	atomic_int served;
};

static uint32_t handler(void *arg, struct tees_request *req)
{
	struct server *sv = arg;
	char *d = req->data;
	size_t i;

	atomic_fetch_add(&sv->served, 1);
	switch (req->cmd) {
	case H_SLEEP:
		tt_msleep(req->sub_cmd);
		/* fall through */
	case H_REVERSE:
		for (i = 0; i < req->len / 2; i++) {
			char t = d[i];

			d[i] = d[req->len - 1 - i];
			d[req->len - 1 - i] = t;
		}
		req->out_len = req->len;
		return TEEC_SUCCESS;
	case H_RET:
		req->out_len = 7;
		return req->sub_cmd;
	case H_WHO:
		if (req->len)
			d[0] = (char)sv->tag;
		req->out_len = req->len ? 1 : 0;
		return TEEC_SUCCESS;
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

static void *server_thread(void *p)
{
	struct server *sv = p;

	sv->rc = tees_run(sv->s, handler, sv, sv->nthreads);
	return NULL;
}

static int server_start(struct server *sv, int fd, const char *uuid,
			unsigned int nthreads, int tag)
{
	uint8_t u[16];
	int rc;

	memset(sv, 0, sizeof(*sv));
	sv->nthreads = nthreads;
	sv->tag = tag;
	tt_uuid_parse(uuid, u);
	rc = tees_open_fd(&sv->s, fd, u);
	if (rc)
		return rc;
	return -pthread_create(&sv->t, NULL, server_thread, sv);
}

static int server_stop(struct server *sv)
{
	tees_stop(sv->s);
	pthread_join(sv->t, NULL);
	tees_close(sv->s);
	return sv->rc;
}

/* ---- our supplicant, with its test plugin ---- */

static void start_supplicant(struct th_fixture_data_svc *self)
{
	const char *argv[] = { SUPPLICANT, "--device", self->d.priv,
			       "--plugin-path", PLUGIN_DIR, "--fs-root",
			       self->dir, NULL };
	pid_t pid;

	strcpy(self->dir, "/tmp/svcsupp.XXXXXX");
	if (!mkdtemp(self->dir))
		return;
	chmod(self->dir, 0755);
	pid = fork();
	if (pid == 0) {
		int nul = open("/dev/null", O_WRONLY);

		if (nul >= 0)
			dup2(nul, 2);
		execv(SUPPLICANT, (char **)argv);
		_exit(127);
	}
	self->supp = pid;
}

/* ---- tests ---- */

TEST_F(svc, data_round_trip)
{
	struct server sv;
	struct call c;

	ASSERT_EQ(0, server_start(&sv, self->fd, UUID_A, 2, 'A'));
	setup_call(&c, self->fd, self->sess, UUID_A, H_REVERSE, 0, 6000);
	ASSERT_TRUE(c.buf != NULL);
	memset(c.buf, 'x', 6000);
	memcpy(c.buf, "hello", 5);
	do_call(&c);
	ASSERT_EQ(0, c.rc);
	EXPECT_EQ(TEEC_SUCCESS, c.r.ret);
	EXPECT_EQ(6000u, c.out_len);
	EXPECT_EQ(6000u, c.mem_size);
	EXPECT_EQ(0, memcmp(c.buf + 5995, "olleh", 5));
	free_call(&c);

	/* no data at all, a result of the handler's choice */
	setup_call(&c, self->fd, self->sess, UUID_A, H_RET, 0xFFFF4321u, 0);
	do_call(&c);
	ASSERT_EQ(0, c.rc);
	EXPECT_EQ(0xFFFF4321u, c.r.ret);
	EXPECT_EQ(7u, c.out_len);
	EXPECT_EQ(0, server_stop(&sv));
}

#define NSVC	3
#define NCLI	12
#define NCALLS	25

struct client_arg {
	int fd;
	int64_t sess;
	int idx;
	atomic_int *bad;
};

static void *client_loop(void *p)
{
	static const char *const uuids[NSVC] = { UUID_A, UUID_B, UUID_C };
	struct client_arg *a = p;
	struct call c;
	int i, k;

	for (i = 0; i < NCALLS; i++) {
		k = (a->idx + i) % NSVC;
		setup_call(&c, a->fd, a->sess, uuids[k], H_WHO, 0, 16);
		if (!c.buf) {
			atomic_fetch_add(a->bad, 1);
			continue;
		}
		do_call(&c);
		if (c.rc || c.r.ret || c.out_len != 1 || c.buf[0] != 'A' + k)
			atomic_fetch_add(a->bad, 1);
		free_call(&c);
	}
	return NULL;
}

TEST_F_TIMEOUT(svc, several_services_many_threads, 120)
{
	static const char *const uuids[NSVC] = { UUID_A, UUID_B, UUID_C };
	struct server sv[NSVC];
	struct client_arg ca[NCLI];
	pthread_t t[NCLI];
	atomic_int bad = 0;
	int sfd[NSVC], i, total = 0;

	for (i = 0; i < NSVC; i++) {
		sfd[i] = ASSERT_SYS(tt_open_client(&self->d));
		ASSERT_EQ(0, server_start(&sv[i], sfd[i], uuids[i], 8, 'A' + i));
	}
	for (i = 0; i < NCLI; i++) {
		ca[i].fd = self->fd;
		ca[i].sess = self->sess;
		ca[i].idx = i;
		ca[i].bad = &bad;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, client_loop, &ca[i]));
	}
	for (i = 0; i < NCLI; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(0, atomic_load(&bad));
	for (i = 0; i < NSVC; i++) {
		total += atomic_load(&sv[i].served);
		EXPECT_EQ(0, server_stop(&sv[i]));
		close(sfd[i]);
	}
	EXPECT_EQ(NCLI * NCALLS, total);
}

/* Raw RECV/SEND: two requests taken, the second answered first. */
TEST_F(svc, out_of_order_answers)
{
	struct tees_service *s;
	struct tees_request r1, r2;
	struct call c1, c2;
	pthread_t t1, t2;
	char b1[64], b2[64];
	uint8_t u[16];

	tt_uuid_parse(UUID_A, u);
	ASSERT_EQ(0, tees_open_fd(&s, self->fd, u));
	setup_call(&c1, self->fd, self->sess, UUID_A, 1, 11, 8);
	setup_call(&c2, self->fd, self->sess, UUID_A, 2, 22, 8);
	ASSERT_TRUE(c1.buf && c2.buf);
	memcpy(c1.buf, "first..", 8);
	memcpy(c2.buf, "second.", 8);
	ASSERT_EQ(0, pthread_create(&t1, NULL, call_thread, &c1));
	ASSERT_EQ(0, tees_recv(s, &r1, b1, sizeof(b1), NULL));
	ASSERT_EQ(0, pthread_create(&t2, NULL, call_thread, &c2));
	ASSERT_EQ(0, tees_recv(s, &r2, b2, sizeof(b2), NULL));
	EXPECT_EQ(1u, r1.cmd);
	EXPECT_EQ(11u, r1.sub_cmd);
	EXPECT_EQ(2u, r2.cmd);
	EXPECT_EQ(22u, r2.sub_cmd);
	EXPECT_EQ(8u, r2.len);
	EXPECT_STREQ("second.", b2);
	EXPECT_NE(r1.id, r2.id);

	ASSERT_EQ(0, tees_send(s, r2.id, 0x22, "SECOND", 7));
	pthread_join(t2, NULL);
	EXPECT_EQ(0, atomic_load(&c1.done));
	ASSERT_EQ(0, c2.rc);
	EXPECT_EQ(0x22u, c2.r.ret);
	EXPECT_EQ(7u, c2.out_len);
	EXPECT_STREQ("SECOND", c2.buf);
	/* answering twice: the id is gone */
	EXPECT_EQ(-ENOENT, tees_send(s, r2.id, 0, NULL, 0));

	ASSERT_EQ(0, tees_send(s, r1.id, 0x11, "FIRST", 6));
	pthread_join(t1, NULL);
	EXPECT_EQ(0x11u, c1.r.ret);
	EXPECT_STREQ("FIRST", c1.buf);
	free_call(&c1);
	free_call(&c2);
	tees_close(s);
}

/* A daemon in a child process: serves UUID_B, H_SLEEP tells us it started. */
static pid_t spawn_daemon(struct th_fixture_data_svc *self, int *ready)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct server sv;
		int fd = tt_open_client(&self->d);

		close(p[0]);
		if (fd < 0 || server_start(&sv, fd, UUID_B, 4, 'B'))
			_exit(1);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		pthread_join(sv.t, NULL);
		_exit(0);
	}
	close(p[1]);
	*ready = p[0];
	return pid;
}

static bool wait_byte(int fd)
{
	char c;

	return read(fd, &c, 1) == 1;
}

TEST_F_TIMEOUT(svc, daemon_killed_mid_request_then_restarted, 60)
{
	struct call c;
	pthread_t t;
	pid_t pid;
	int ready, i;

	pid = spawn_daemon(self, &ready);
	ASSERT_LT(0, pid);
	ASSERT_TRUE(wait_byte(ready));
	close(ready);

	setup_call(&c, self->fd, self->sess, UUID_B, H_SLEEP, 30000, 8);
	ASSERT_TRUE(c.buf != NULL);
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	/* let the daemon take it */
	for (i = 0; i < 100 && !atomic_load(&c.done); i++)
		tt_msleep(10);
	tt_msleep(200);
	EXPECT_EQ(0, atomic_load(&c.done));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	pthread_join(t, NULL);
	ASSERT_EQ(0, c.rc);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, c.r.ret);
	EXPECT_GT(20000, c.ms);
	free_call(&c);

	/* a restarted daemon serves again */
	pid = spawn_daemon(self, &ready);
	ASSERT_LT(0, pid);
	ASSERT_TRUE(wait_byte(ready));
	close(ready);
	setup_call(&c, self->fd, self->sess, UUID_B, H_WHO, 0, 4);
	do_call(&c);
	EXPECT_EQ(0, c.rc);
	EXPECT_EQ(TEEC_SUCCESS, c.r.ret);
	EXPECT_EQ('B', c.buf[0]);
	free_call(&c);
	kill(pid, SIGTERM);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

TEST_F_TIMEOUT(svc, unregister_with_pending_requests, 60)
{
	struct teekit_ioctl_service_unregister un = { 0 };
	struct tees_request r;
	struct tees_service *s;
	struct call c1, c2;
	pthread_t t1, t2;
	char b[16];
	uint8_t u[16];

	tt_uuid_parse(UUID_C, u);
	ASSERT_EQ(0, tees_open_fd(&s, self->fd, u));
	setup_call(&c1, self->fd, self->sess, UUID_C, 0, 0, 8);
	setup_call(&c2, self->fd, self->sess, UUID_C, 0, 0, 0);
	ASSERT_EQ(0, pthread_create(&t1, NULL, call_thread, &c1));
	ASSERT_EQ(0, tees_recv(s, &r, b, sizeof(b), NULL));	/* c1 TAKEN */
	ASSERT_EQ(0, pthread_create(&t2, NULL, call_thread, &c2));
	tt_msleep(200);						/* c2 QUEUED */
	un.service_id = tees_id(s);
	ASSERT_SYS(ioctl(self->fd, TEEKIT_IOC_SERVICE_UNREGISTER, &un));
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, c1.r.ret);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, c2.r.ret);
	/* the late answer finds nothing; the service is gone */
	EXPECT_EQ(-ENOENT, tees_send(s, r.id, 0, NULL, 0));
	EXPECT_EQ(-ENOENT, tees_recv(s, &r, b, sizeof(b), NULL));
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_UNREGISTER, &un),
		     ENOENT);
	free_call(&c1);
	tees_close(s);
	/* re-registering the UUID works */
	ASSERT_EQ(0, tees_open_fd(&s, self->fd, u));
	tees_close(s);
}

TEST_F_TIMEOUT(svc, unserved_uuid_with_supplicant, 60)
{
	struct server sv;
	struct call c;

	tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 10000);
	start_supplicant(self);
	ASSERT_LT(0, self->supp);
	ASSERT_EQ(0, server_start(&sv, self->fd, UUID_A, 2, 'A'));

	/* the supplicant's own plugin: served by the supplicant */
	setup_call(&c, self->fd, self->sess, SUPP_PLUGIN, 0, 41, 0);
	do_call(&c);
	ASSERT_EQ(0, c.rc);
	EXPECT_EQ(TEEC_SUCCESS, c.r.ret);
	EXPECT_EQ(42u, c.out_len);

	/* nobody serves it: ITEM_NOT_FOUND at once */
	setup_call(&c, self->fd, self->sess, UUID_NOBODY, 0, 0, 16);
	do_call(&c);
	ASSERT_EQ(0, c.rc);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, c.r.ret);
	EXPECT_GT(1000, c.ms);
	free_call(&c);

	/* the service still serves, and so does the supplicant */
	setup_call(&c, self->fd, self->sess, UUID_A, H_WHO, 0, 2);
	do_call(&c);
	EXPECT_EQ(TEEC_SUCCESS, c.r.ret);
	EXPECT_EQ('A', c.buf[0]);
	free_call(&c);
	EXPECT_EQ(0, server_stop(&sv));

	/* unregistered: now nobody serves it */
	setup_call(&c, self->fd, self->sess, UUID_A, H_WHO, 0, 0);
	do_call(&c);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, c.r.ret);
	EXPECT_GT(1000, c.ms);
}

/* While one service request sleeps, the supplicant answers its plugin. */
TEST_F_TIMEOUT(svc, supplicant_serves_meanwhile, 60)
{
	struct server sv;
	struct call slow, c;
	pthread_t t;
	int i;

	tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 10000);
	start_supplicant(self);
	ASSERT_LT(0, self->supp);
	ASSERT_EQ(0, server_start(&sv, self->fd, UUID_A, 1, 'A'));
	setup_call(&slow, self->fd, self->sess, UUID_A, H_SLEEP, 2000, 4);
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &slow));
	tt_msleep(100);
	for (i = 0; i < 20; i++) {
		setup_call(&c, self->fd, self->sess, SUPP_PLUGIN, 0, i, 0);
		do_call(&c);
		EXPECT_EQ(TEEC_SUCCESS, c.r.ret);
		EXPECT_EQ((uint64_t)i + 1, c.out_len);
	}
	EXPECT_EQ(0, atomic_load(&slow.done));
	pthread_join(t, NULL);
	EXPECT_EQ(TEEC_SUCCESS, slow.r.ret);
	free_call(&slow);
	EXPECT_EQ(0, server_stop(&sv));
}

/*
 * As the unprivileged user, in a child: register UUID_A on @d. Returns
 * the child's exit status: 0 when the ioctl failed with @want_errno, or
 * with @want_errno 0 when it registered a service id.
 */
static int register_as_user(const struct tt_dev *d, int want_errno)
{
	int st;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		struct teekit_ioctl_service_register r = { 0 };
		int fd, rc;

		if (tt_become_user())
			_exit(10);
		fd = tt_open_client(d);
		if (fd < 0)
			_exit(11);
		tt_uuid_parse(UUID_A, r.uuid);
		rc = ioctl(fd, TEEKIT_IOC_SERVICE_REGISTER, &r);
		if (want_errno ? !rc || errno != want_errno :
				 rc || r.service_id < 1)
			_exit(12);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * As the unprivileged user, in a child, in a user namespace of its own in
 * which its gid 1000 appears as @inner_gid: register UUID_A on @d.  The
 * exit status as for register_as_user(); 20 when the namespace could not
 * be made.
 */
static int register_in_userns(const struct tt_dev *d, gid_t inner_gid,
			      int want_errno)
{
	int st;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		struct teekit_ioctl_service_register r = { 0 };
		int fd, rc;

		if (tt_become_user())
			_exit(10);
		fd = tt_open_client(d);
		if (fd < 0)
			_exit(11);
		if (tt_enter_userns(0, inner_gid, 0))
			_exit(20);
		tt_uuid_parse(UUID_A, r.uuid);
		rc = ioctl(fd, TEEKIT_IOC_SERVICE_REGISTER, &r);
		if (want_errno ? !rc || errno != want_errno :
				 rc || r.service_id < 1)
			_exit(12);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * service_gid names a group of the initial user namespace.  A user who is
 * not in it maps that gid onto its own in a user namespace it made: still
 * EPERM (the core used to map service_gid through the caller's namespace
 * and let it register).  A real member in a user namespace gets EPERM too:
 * the group counts only in the initial one (decision 1220).
 */
TEST_F(svc, registration_group_not_from_user_namespace)
{
	int old = tt_userns_allow();

	chmod(self->d.client, 0666);
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "service_gid", 4242));
	EXPECT_EQ(0, register_as_user(&self->d, EPERM));
	EXPECT_EQ(0, register_in_userns(&self->d, 4242, EPERM));

	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "service_gid",
				    TT_USERS_GID));
	EXPECT_EQ(0, register_in_userns(&self->d, TT_USERS_GID, EPERM));
	EXPECT_EQ(0, register_in_userns(&self->d, 0, EPERM));
	/* the member in the initial namespace still may */
	EXPECT_EQ(0, register_as_user(&self->d, 0));
	tt_param_write(TT_CORE_MODULE, "service_gid", -1);
	tt_userns_restore(old);
}

TEST_F(svc, registration_needs_privilege)
{
	chmod(self->d.client, 0666);
	/* an ordinary user: EPERM */
	EXPECT_EQ(0, register_as_user(&self->d, EPERM));

	/* the same user in the service group: allowed */
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "service_gid",
				    TT_USERS_GID));
	EXPECT_EQ(0, register_as_user(&self->d, 0));
	tt_param_write(TT_CORE_MODULE, "service_gid", -1);
}

#define TK_IOC(dir, nr, size) _IOC(dir, TEE_IOC_MAGIC, TEEKIT_IOC_EXT_BASE + (nr), size)

TEST_F(svc, bad_input)
{
	struct teekit_ioctl_service_register r = { 0 };
	struct teekit_ioctl_service_unregister un = { 0 };
	struct teekit_ioctl_service_recv rv = { 0 };
	struct teekit_ioctl_service_send sd = { 0 };
	char big[64], small[4];
	struct call c;
	pthread_t t;
	int fd2;

	tt_uuid_parse(UUID_A, r.uuid);
	/* dirty register */
	r.flags = 1;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_REGISTER, &r), EINVAL);
	r.flags = 0;
	r.service_id = 5;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_REGISTER, &r), EINVAL);
	r.service_id = 0;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_REGISTER, NULL),
		     EFAULT);
	/* short and long structs: other ioctl numbers, unknown (EINVAL) */
	ASSERT_ERRNO(ioctl(self->fd, TK_IOC(_IOC_READ | _IOC_WRITE, 1, 16), &r),
		     EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, TK_IOC(_IOC_READ | _IOC_WRITE, 1, 32), big),
		     EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, TK_IOC(_IOC_READ | _IOC_WRITE, 3, 32), big),
		     EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, TK_IOC(_IOC_WRITE, 4, 16), big), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, TK_IOC(_IOC_WRITE, 2, 4), big), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, TK_IOC(_IOC_WRITE, 9, 8), big), EINVAL);

	ASSERT_SYS(ioctl(self->fd, TEEKIT_IOC_SERVICE_REGISTER, &r));
	ASSERT_LT(0, r.service_id);
	/* the same UUID twice, from this fd or another */
	fd2 = ASSERT_SYS(tt_open_client(&self->d));
	rv.service_id = 0;
	{
		struct teekit_ioctl_service_register r2 = r;

		r2.service_id = 0;
		ASSERT_ERRNO(ioctl(fd2, TEEKIT_IOC_SERVICE_REGISTER, &r2),
			     EEXIST);
		ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_REGISTER,
				   &r2), EEXIST);
	}
	/* bad ids, another fd's id */
	un.service_id = 0;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_UNREGISTER, &un),
		     ENOENT);
	un.service_id = 0xffffffff;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_UNREGISTER, &un),
		     ENOENT);
	un.service_id = r.service_id;
	ASSERT_ERRNO(ioctl(fd2, TEEKIT_IOC_SERVICE_UNREGISTER, &un), ENOENT);
	un.flags = 1;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_UNREGISTER, &un),
		     EINVAL);
	un.flags = 0;
	rv.service_id = r.service_id;
	ASSERT_ERRNO(ioctl(fd2, TEEKIT_IOC_SERVICE_RECV, &rv), ENOENT);
	rv.service_id = 12345678;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv), ENOENT);
	rv.service_id = r.service_id;
	rv.reserved = 1;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv), EINVAL);
	rv.reserved = 0;
	rv.flags = 2;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv), EINVAL);
	rv.flags = 0;
	rv.req_id = 3;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv), EINVAL);
	rv.req_id = 0;
	sd.req_id = 0;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_SEND, &sd), ENOENT);
	sd.req_id = 0x80000001u;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_SEND, &sd), ENOENT);
	sd.req_id = 1;
	sd.flags = 1;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_SEND, &sd), EINVAL);
	sd.flags = 0;

	/* a request that does not fit: EMSGSIZE, it stays queued */
	setup_call(&c, self->fd, self->sess, UUID_A, 0, 0, 32);
	memcpy(c.buf, "0123456789abcdef0123456789abcde", 32);
	ASSERT_EQ(0, pthread_create(&t, NULL, call_thread, &c));
	tt_msleep(100);
	rv.buf = (uintptr_t)small;
	rv.buf_len = sizeof(small);
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv), EMSGSIZE);
	EXPECT_EQ(32u, rv.data_len);
	/* a bad buffer: EFAULT, it stays queued */
	memset(&rv, 0, sizeof(rv));
	rv.service_id = r.service_id;
	rv.buf = 8;
	rv.buf_len = 64;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv), EFAULT);
	/* now properly */
	memset(&rv, 0, sizeof(rv));
	rv.service_id = r.service_id;
	rv.buf = (uintptr_t)big;
	rv.buf_len = sizeof(big);
	ASSERT_SYS(ioctl(self->fd, TEEKIT_IOC_SERVICE_RECV, &rv));
	EXPECT_EQ(32u, rv.data_len);
	EXPECT_EQ(0, memcmp(big, c.buf, 32));
	/* answers from another fd, with a bad buffer: refused */
	sd.req_id = rv.req_id;
	ASSERT_ERRNO(ioctl(fd2, TEEKIT_IOC_SERVICE_SEND, &sd), ENOENT);
	sd.buf = 8;
	sd.out_len = 16;
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_SERVICE_SEND, &sd), EFAULT);
	EXPECT_EQ(0, atomic_load(&c.done));
	/* out_len larger than the buffer: reported, only 32 bytes copied */
	memset(big, 'Z', sizeof(big));
	sd.buf = (uintptr_t)big;
	sd.out_len = 40;
	sd.ret = TEEC_ERROR_SHORT_BUFFER;
	ASSERT_SYS(ioctl(self->fd, TEEKIT_IOC_SERVICE_SEND, &sd));
	pthread_join(t, NULL);
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, c.r.ret);
	EXPECT_EQ(40u, c.out_len);
	EXPECT_EQ(32u, c.mem_size);
	EXPECT_EQ('Z', c.buf[31]);
	free_call(&c);

	/* too much data for a service: EXCESS_DATA, no daemon involved */
	setup_call(&c, self->fd, self->sess, UUID_A, 0, 0,
		   TEEKIT_SERVICE_MAX_DATA + 4096);
	ASSERT_TRUE(c.buf != NULL);
	do_call(&c);
	EXPECT_EQ(TEEC_ERROR_EXCESS_DATA, c.r.ret);
	free_call(&c);
	close(fd2);
}

/* The installed example daemon, dropped to nobody, answers ECHO/CLOCK. */
TEST_F_TIMEOUT(svc, example_daemon, 60)
{
	char dev[64], line[32] = "";
	const char *argv[8];
	struct call c;
	int p[2], st;
	ssize_t n;
	pid_t pid;

	if (access(SVC_ECHO, X_OK))
		SKIP("%s not installed", SVC_ECHO);
	snprintf(dev, sizeof(dev), "%s", self->d.client);
	argv[0] = SVC_ECHO;
	argv[1] = "--device";
	argv[2] = dev;
	argv[3] = "--uuid";
	argv[4] = UUID_B;
	argv[5] = "--user";
	argv[6] = "nobody";
	argv[7] = NULL;
	ASSERT_SYS(pipe(p));
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execv(SVC_ECHO, (char **)argv);
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], line, sizeof(line) - 1);
	close(p[0]);
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(line, "ready", 5));

	setup_call(&c, self->fd, self->sess, UUID_B, 0, 0, 12);
	memcpy(c.buf, "hello world", 12);
	do_call(&c);
	EXPECT_EQ(TEEC_SUCCESS, c.r.ret);
	EXPECT_EQ(12u, c.out_len);
	EXPECT_STREQ("hello world", c.buf);
	free_call(&c);
	setup_call(&c, self->fd, self->sess, UUID_B, 1, 0, 4);
	do_call(&c);
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, c.r.ret);
	EXPECT_EQ(8u, c.out_len);
	free_call(&c);

	kill(pid, SIGTERM);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
