// SPDX-License-Identifier: GPL-2.0-only
/*
 * daemon.c - tee-supplicant in the VM, against the test driver's teepriv
 * node (docs/test-driver.md): requests are posted with ECHO's SUPP command,
 * which carries VALUE params only. Covers: unknown funcs -> NOT_SUPPORTED,
 * plugin calls, SHM_ALLOC/FREE on the device, a slow request never blocks
 * the others (there is always a receiver), readiness (sd_notify and
 * --daemonize), a second instance, a missing device, kill and restart
 * mid-request, running as an unprivileged user, and a steady stream of
 * calls served without starting threads (the counters logged at exit).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"

#define SUPPLICANT	"/usr/sbin/tee-supplicant"
#define PLUGIN_DIR	"/usr/lib/teekit/test-plugins"
#define PLUGIN_UUID	"7e57a000-0000-4000-8000-000000000001"
#define FUNC_PLUGIN	12
#define FUNC_SHM_ALLOC	6
#define FUNC_SHM_FREE	7
#define P_PING		0
#define P_SLEEP		1
#define P_RET		2
#define P_INITS		4
#define P_WHOAMI	5

FIXTURE(sd) {
	struct tt_dev d;
	int fd;
	int64_t sess;
	pid_t pid;
	char dir[64];		/* fs root and logs */
	char log[96];
	long long old_timeout;
};

FIXTURE_SETUP(sd)
{
	self->fd = -1;
	self->pid = -1;
	self->old_timeout = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
	strcpy(self->dir, "/tmp/supp.XXXXXX");
	ASSERT_TRUE(mkdtemp(self->dir) != NULL);
	chmod(self->dir, 0755);
	snprintf(self->log, sizeof(self->log), "%s/log", self->dir);
	/* a request nobody takes must not hang a failing test for 5 s */
	self->old_timeout = tt_param_read(TT_CORE_MODULE, "supp_timeout_ms");
}

static void stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
}

FIXTURE_TEARDOWN(sd)
{
	char cmd[128];

	stop(&self->pid);
	if (self->old_timeout >= 0)
		tt_param_write(TT_CORE_MODULE, "supp_timeout_ms",
			       self->old_timeout);
	if (self->fd >= 0)
		close(self->fd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("cleanup of %s failed", self->dir);
}

/* ---- starting the supplicant ---- */

static int notify_socket(char path[108])
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	snprintf(path, 108, "@teekit-notify-%d", (int)getpid());
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memcpy(sa.sun_path, path, strlen(path));
	sa.sun_path[0] = '\0';
	if (bind(fd, (struct sockaddr *)&sa,
		 offsetof(struct sockaddr_un, sun_path) + strlen(path))) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Fork/exec tee-supplicant on the test device with @extra options (NULL
 * terminated); stderr goes to self->log. With @notify, NOTIFY_SOCKET points
 * at a socket of ours and we wait (10 s) for READY=1: returns the pid, or -1.
 */
static pid_t spawn(struct th_fixture_data_sd *self, const char *const *extra,
		   bool notify, char *msg, size_t msglen)
{
	const char *argv[24];
	char path[108], buf[256];
	struct pollfd pfd;
	int n = 0, i, sfd = -1, lfd;
	ssize_t len;
	pid_t pid;

	argv[n++] = SUPPLICANT;
	argv[n++] = "--device";
	argv[n++] = self->d.priv;
	argv[n++] = "--plugin-path";
	argv[n++] = PLUGIN_DIR;
	argv[n++] = "--fs-root";
	argv[n++] = self->dir;
	for (i = 0; extra && extra[i] && n < 22; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	if (notify) {
		sfd = notify_socket(path);
		if (sfd < 0)
			return -1;
	}
	pid = fork();
	if (pid == 0) {
		lfd = open(self->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (lfd >= 0)
			dup2(lfd, 2);
		if (notify)
			setenv("NOTIFY_SOCKET", path, 1);
		execv(SUPPLICANT, (char **)argv);
		_exit(127);
	}
	if (!notify)
		return pid;
	pfd.fd = sfd;
	pfd.events = POLLIN;
	len = -1;
	if (poll(&pfd, 1, 10000 * (getenv("TEEKIT_TIMEOUT_MULT") ?
				   atoi(getenv("TEEKIT_TIMEOUT_MULT")) : 1)) == 1)
		len = recv(sfd, buf, sizeof(buf) - 1, 0);
	close(sfd);
	if (len <= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	buf[len] = '\0';
	if (msg)
		snprintf(msg, msglen, "%s", buf);
	return pid;
}

static bool log_has(struct th_fixture_data_sd *self, const char *text)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(self->log, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

/* ---- posting requests through the test driver ---- */

struct req {
	int fd;
	uint32_t sess;
	uint32_t func;
	struct tee_ioctl_param p[3];
	unsigned int n;		/* params after the func */
	struct tt_res r;
	int rc;
};

static void post(struct req *q)
{
	struct tee_ioctl_param p[4];

	tt_param(&p[0], TT_VAL_IN, q->func, 0, 0);
	memcpy(&p[1], q->p, sizeof(q->p));
	q->rc = tt_invoke(q->fd, q->sess, TT_CMD_SUPP, 0, p, 1 + q->n, &q->r);
	memcpy(q->p, &p[1], sizeof(q->p));
}

static void plugin_req(struct req *q, int fd, uint32_t sess, const char *uuid,
		       uint32_t cmd, uint32_t sub)
{
	uint8_t o[16];
	uint32_t w[4];
	int i;

	memset(q, 0, sizeof(*q));
	q->fd = fd;
	q->sess = sess;
	q->func = FUNC_PLUGIN;
	q->n = 3;
	tt_uuid_parse(uuid, o);
	for (i = 0; i < 4; i++)
		w[i] = o[4 * i] | o[4 * i + 1] << 8 | o[4 * i + 2] << 16 |
		       (uint32_t)o[4 * i + 3] << 24;
	tt_param(&q->p[0], TT_VAL_IN, 0, w[0], w[1]);
	tt_param(&q->p[1], TT_VAL_IN, w[2], w[3], cmd);
	tt_param(&q->p[2], TT_VAL_INOUT, sub, 0, 0);
}

/* plugin call; returns the supplicant's ret, *out = out length */
static uint32_t plugin(struct th_fixture_data_sd *self, uint32_t cmd, uint32_t sub,
		       uint64_t *out)
{
	struct req q;

	plugin_req(&q, self->fd, self->sess, PLUGIN_UUID, cmd, sub);
	post(&q);
	if (q.rc)
		return 0xdeadbeef;
	if (out)
		*out = q.p[2].b;
	return q.r.ret;
}

#define START(self, ...) do {						\
	const char *const __x[] = { __VA_ARGS__, NULL };		\
	(self)->pid = spawn((self), __x, true, NULL, 0);		\
	if ((self)->pid < 0)						\
		system("cat /tmp/supp.*/log >&2");			\
	ASSERT_LT(0, (self)->pid);					\
} while (0)

/* ---- tests ---- */

TEST_F(sd, unknown_func_not_supported)
{
	/*
	 * 1 (RPMB) is served since trusted storage, 10 (SOCKET) since the
	 * GP Sockets API: a value INOUT is a malformed request to both
	 */
	static const uint32_t funcs[] = { 3, 9, 11, 13, 0x1234, 1, 10 };
	struct req q;
	size_t i;

	START(self, "-v");
	for (i = 0; i < ARRAY_SIZE(funcs); i++) {
		memset(&q, 0, sizeof(q));
		q.fd = self->fd;
		q.sess = self->sess;
		q.func = funcs[i];
		q.n = 1;
		tt_param(&q.p[0], TT_VAL_INOUT, 1, 2, 3);
		post(&q);
		ASSERT_EQ(0, q.rc);
		EXPECT_EQ(funcs[i] == 1 || funcs[i] == 10 ?
			  TEEC_ERROR_BAD_PARAMETERS :
			  TEEC_ERROR_NOT_SUPPORTED, q.r.ret);
	}
}

TEST_F(sd, plugin_calls)
{
	struct req q;
	uint64_t out = 0;

	START(self, "-v");
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_PING, 99, &out));
	EXPECT_EQ(100, out);
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_INITS, 0, &out));
	EXPECT_EQ(1, out);
	EXPECT_EQ(0xFFFF1234u, plugin(self, P_RET, 0xFFFF1234u, &out));
	plugin_req(&q, self->fd, self->sess,
		   "f07bfc66-958c-4a15-99c0-260e4e7375dd", P_PING, 0);
	post(&q);
	EXPECT_EQ(0, q.rc);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, q.r.ret);
}

static long long shm_count(struct th_fixture_data_sd *self)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/tee/teepriv%d/stats/shm_count",
		 self->d.priv_num);
	return tt_read_ll(path);
}

TEST_F(sd, shm_alloc_free_on_the_device)
{
	struct req q;
	uint64_t id;

	START(self, "-v");
	EXPECT_EQ(0, shm_count(self));
	memset(&q, 0, sizeof(q));
	q.fd = self->fd;
	q.sess = self->sess;
	q.func = FUNC_SHM_ALLOC;
	q.n = 1;
	tt_param(&q.p[0], TT_VAL_INOUT, 0, 8192, 0);
	post(&q);
	ASSERT_EQ(0, q.rc);
	ASSERT_EQ(TEEC_SUCCESS, q.r.ret);
	id = q.p[0].c;
	EXPECT_LE(1, id);
	EXPECT_EQ(1, shm_count(self));
	q.func = FUNC_SHM_FREE;
	tt_param(&q.p[0], TT_VAL_IN, 0, id, 0);
	post(&q);
	EXPECT_EQ(TEEC_SUCCESS, q.r.ret);
	EXPECT_EQ(0, shm_count(self));
	post(&q);	/* twice: not ours any more */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, q.r.ret);
}

struct pinger {
	struct th_fixture_data_sd *self;
	int fd;
	int64_t sess;
	int ok;
};

static void *pinger(void *arg)
{
	struct pinger *p = arg;
	struct req q;
	int i;

	for (i = 0; i < 20; i++) {
		plugin_req(&q, p->fd, p->sess, PLUGIN_UUID, P_PING, i);
		post(&q);
		if (!q.rc && q.r.ret == TEEC_SUCCESS && q.p[2].b == (uint64_t)i + 1)
			p->ok++;
	}
	return NULL;
}

static void *sleeper(void *arg)
{
	struct req *q = arg;

	post(q);
	return NULL;
}

static int nthreads(pid_t pid)
{
	char path[64], line[128];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* While one request sleeps in a plugin, 8 clients x 20 calls still finish. */
TEST_F_TIMEOUT(sd, slow_request_blocks_nobody, 60)
{
	struct pinger pg[8];
	pthread_t t[8], ts;
	struct req slow;
	uint64_t t0, busy;
	int i, total = 0;

	START(self, "-v");
	plugin_req(&slow, self->fd, self->sess, PLUGIN_UUID, P_SLEEP, 4000);
	ASSERT_EQ(0, pthread_create(&ts, NULL, sleeper, &slow));
	tt_msleep(200);
	t0 = tt_now_ms();
	for (i = 0; i < 8; i++) {
		pg[i].self = self;
		pg[i].fd = ASSERT_SYS(tt_open_client(&self->d));
		pg[i].sess = tt_open_echo(pg[i].fd);
		pg[i].ok = 0;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, pinger, &pg[i]));
	}
	for (i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		total += pg[i].ok;
		close(pg[i].fd);
	}
	busy = tt_now_ms() - t0;
	TH_LOG("160 calls in %llu ms beside a 4 s request, %d threads",
	       (unsigned long long)busy, nthreads(self->pid));
	EXPECT_EQ(160, total);
	pthread_join(ts, NULL);
	EXPECT_EQ(0, slow.rc);
	EXPECT_EQ(TEEC_SUCCESS, slow.r.ret);
	EXPECT_EQ(4000, slow.p[2].b);
	/* the 160 calls did not wait for the sleeper */
	EXPECT_GT(tt_now_ms() - t0 - busy, 1000);
	/* idle threads are reaped: main + the two spare receivers */
	tt_msleep(100);
	EXPECT_EQ(3, nthreads(self->pid));
}

/* The thread ids of @pid, sorted, into @tids; returns how many (or -1). */
static int thread_ids(pid_t pid, int *tids, int max)
{
	char path[64];
	struct dirent *de;
	int n = 0, i, j, t;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.')
			continue;
		t = atoi(de->d_name);
		for (i = n; i > 0 && tids[i - 1] > t; i--)
			tids[i] = tids[i - 1];
		tids[i] = t;
		n++;
	}
	closedir(d);
	for (j = 0; j < n; j++)
		if (tids[j] <= 0)
			return -1;
	return n;
}

/* The counters tee-supplicant logs when it stops; false if no such line. */
static bool stop_stats(struct th_fixture_data_sd *self,
		       unsigned long long *served, unsigned long long *started)
{
	char line[512];
	const char *p;
	bool found = false;
	FILE *f = fopen(self->log, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		p = strstr(line, "stopping on signal");
		found = p && sscanf(p, "stopping on signal %*d: %llu requests served, %llu receiver threads started",
				    served, started) == 2;
	}
	fclose(f);
	return found;
}

/*
 * Issue 8: plugin calls one after the other start no thread. The spare
 * receiver answers while the other waits, so the same threads serve all
 * 200 calls: their ids do not change, and the count logged at exit is the
 * two receivers started with the pool.
 */
TEST_F(sd, steady_stream_starts_no_thread)
{
	unsigned long long served = 0, started = 0;
	int before[16], after[16], nb, na, i, st;
	uint64_t out = 0;

	START(self, "-v");
	/* warm up: the first request may find a receiver still starting */
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_PING, 0, &out));
	nb = thread_ids(self->pid, before, 16);
	ASSERT_EQ(3, nb);
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(TEEC_SUCCESS, plugin(self, P_PING, i, &out));
		ASSERT_EQ((uint64_t)i + 1, out);
	}
	na = thread_ids(self->pid, after, 16);
	ASSERT_EQ(nb, na);
	for (i = 0; i < nb; i++)
		EXPECT_EQ(before[i], after[i]);
	ASSERT_SYS(kill(self->pid, SIGTERM));
	ASSERT_EQ(self->pid, waitpid(self->pid, &st, 0));
	self->pid = -1;
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ASSERT_TRUE(stop_stats(self, &served, &started));
	EXPECT_EQ(201, served);
	EXPECT_EQ(2, started);
}

/* --max-threads 1: one receiver, which serves every call itself. */
TEST_F(sd, one_thread_cap)
{
	unsigned long long served = 0, started = 0;
	uint64_t out = 0;
	int i, st;

	START(self, "-v", "--max-threads", "1");
	EXPECT_EQ(2, nthreads(self->pid));
	for (i = 0; i < 20; i++)
		ASSERT_EQ(TEEC_SUCCESS, plugin(self, P_PING, i, &out));
	EXPECT_EQ(2, nthreads(self->pid));
	ASSERT_SYS(kill(self->pid, SIGTERM));
	ASSERT_EQ(self->pid, waitpid(self->pid, &st, 0));
	self->pid = -1;
	ASSERT_TRUE(stop_stats(self, &served, &started));
	EXPECT_EQ(20, served);
	EXPECT_EQ(1, started);
}

/* --daemonize returns only when serving: a request right after is served. */
TEST_F(sd, daemonize_returns_when_serving)
{
	const char *argv[] = { SUPPLICANT, "--daemonize", "--device",
			       self->d.priv, "--plugin-path", PLUGIN_DIR,
			       "--fs-root", self->dir, NULL };
	char cmd[96];
	uint64_t out = 0;
	int st;
	FILE *f;

	/* nobody serving within 1 s: the request fails instead of waiting */
	tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 1000);
	ASSERT_EQ(0, tt_run(argv));
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_PING, 1, &out));
	EXPECT_EQ(2, out);
	/* the daemon is the one holding the node */
	snprintf(cmd, sizeof(cmd), "pidof tee-supplicant");
	f = popen(cmd, "r");
	ASSERT_TRUE(f != NULL);
	st = fscanf(f, "%d", &self->pid);
	pclose(f);
	ASSERT_EQ(1, st);
	EXPECT_LT(0, self->pid);
	EXPECT_ERRNO(tt_open_priv(&self->d), EBUSY);
	/* not our child: kill, then wait for the node to be free */
	kill(self->pid, SIGKILL);
	for (st = 0; st < 200 && kill(self->pid, 0) == 0; st++)
		tt_msleep(10);
	self->pid = -1;
}

TEST_F(sd, second_instance_refused)
{
	int st;
	pid_t pid;

	START(self, "-v");
	pid = spawn(self, NULL, false, NULL, 0);
	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(1, WEXITSTATUS(st));
	EXPECT_TRUE(log_has(self, "another supplicant serves /dev/teepriv"));
	/* the first one still serves */
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_PING, 1, NULL));
}

TEST_F(sd, missing_device_message)
{
	const char *const extra[] = { "--device", "/dev/teepriv99", NULL };
	struct tt_dev devs[TT_MAX_DEVS];
	char path[96];
	int st, i, n;
	pid_t pid;

	pid = spawn(self, extra, false, NULL, 0);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(1, WEXITSTATUS(st));
	EXPECT_TRUE(log_has(self, "no supplicant device /dev/teepriv99"));
	/* no OP-TEE node at all: the default search says what to load */
	n = tt_find_devs(devs, TT_MAX_DEVS);
	for (i = 0; i < 32; i++) {
		snprintf(path, sizeof(path),
			 "/sys/class/tee/teepriv%d/implementation_id", i);
		if (tt_read_ll(path) == TEE_IMPL_ID_OPTEE)
			SKIP("an OP-TEE device is present (%d test devices)", n);
	}
	pid = fork();
	if (pid == 0) {
		int lfd = open(self->log, O_WRONLY | O_APPEND);

		dup2(lfd, 2);
		execl(SUPPLICANT, SUPPLICANT, NULL);
		_exit(127);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(1, WEXITSTATUS(st));
	EXPECT_TRUE(log_has(self,
		"no OP-TEE supplicant device /dev/teepriv*: load teekit_sim"));
}

/* Killed while it holds a request: that request fails, a restart serves. */
TEST_F_TIMEOUT(sd, killed_mid_request_and_restarted, 60)
{
	struct req slow;
	pthread_t t;
	uint64_t out = 0;

	START(self, "-v");
	plugin_req(&slow, self->fd, self->sess, PLUGIN_UUID, P_SLEEP, 20000);
	ASSERT_EQ(0, pthread_create(&t, NULL, sleeper, &slow));
	tt_msleep(300);
	stop(&self->pid);
	pthread_join(t, NULL);
	EXPECT_EQ(0, slow.rc);
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION, slow.r.ret);
	START(self, "-v");
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_PING, 5, &out));
	EXPECT_EQ(6, out);
}

/* --user: serves as that user, with a storage root it owns. */
TEST_F(sd, runs_unprivileged)
{
	char root[96], line[128];
	uint64_t out = 0;
	struct stat st;
	int uid = -1;
	FILE *f;

	snprintf(root, sizeof(root), "%s/store", self->dir);
	START(self, "--user", "user", "--fs-root", root);
	EXPECT_EQ(TEEC_SUCCESS, plugin(self, P_WHOAMI, 0, &out));
	EXPECT_EQ(TT_USER_UID, out);
	snprintf(line, sizeof(line), "/proc/%d/status", (int)self->pid);
	f = fopen(line, "r");
	ASSERT_TRUE(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %*d %d", &uid) == 1)
			break;
	fclose(f);
	EXPECT_EQ(TT_USER_UID, uid);
	ASSERT_SYS(stat(root, &st));
	EXPECT_EQ(TT_USER_UID, st.st_uid);
	EXPECT_EQ(0700, st.st_mode & 0777);
}

TEST_HARNESS_MAIN
