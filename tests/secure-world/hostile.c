// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostile: a TA that attacks everything outside its instance
 * (secure-world/tests/hostile/hostile_ta.c), in its ELF constructors and
 * in its commands. Each attack must be refused or contained, and each test
 * checks the target is untouched, not only that the TA got an error:
 * files, sockets, fork/exec, threads, ptrace, process_vm_readv, /proc of
 * others, signals to other instances, the emulator and clients, W+X code,
 * the status pipe closed or lied to, memory, fds and instance limits
 * (docs/secure-world.md, decisions 1201-1204).
 *
 * TEEKIT_HOSTILE_LONG=1 also runs the 300-instance flood of issue 12.
 */
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "../../secure-world/tests/hostile/hostile_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define TOS_LOG		"/tmp/teekit-tos-hostile.log"
#define TA_DIR		"/lib/optee_armtz"
#define PLAIN		"5ec0e000-0000-4000-8000-000000000001"
#define MULTI		"5ec0e000-0000-4000-8000-000000000003"
#define HOSTILE		HOSTILE_UUID(0b)
#define UID_FIRST	0x7f000000u	/* teekit-tos's default --ta-uids */
#define UID_COUNT	65536u

static pid_t tos_start(const char *const *extra)
{
	const char *argv[24] = { TOS, "--foreground", "--debug", "--ta-dir",
				 TA_DIR, "--log", TOS_LOG };
	int n = 7;
	pid_t pid;

	while (extra && *extra && n < 23)
		argv[n++] = *extra++;
	argv[n] = NULL;
	pid = fork();
	if (!pid) {
		execv(TOS, (char **)argv);
		_exit(127);
	}
	tt_wait_emulator();
	return pid;
}

static TEEC_Result h_open(TEEC_Context *c, TEEC_Session *s, const char *uuid)
{
	TEEC_UUID u;
	uint32_t o;

	tt_teec_uuid(uuid, &u);
	return TEEC_OpenSession(c, s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &o);
}

/* one attack: v0 IN arg, v1 OUT (a, b) */
static TEEC_Result h_cmd(TEEC_Session *s, uint32_t cmd, uint32_t arg,
			 uint32_t *a, uint32_t *b)
{
	TEEC_Operation op;
	TEEC_Result r;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = arg;
	r = TEEC_InvokeCommand(s, cmd, &op, &o);
	if (a)
		*a = op.params[1].value.a;
	if (b)
		*b = op.params[1].value.b;
	return r;
}

static bool log_wait(const char *needle, int ms)
{
	for (; ms > 0 && !tt_file_has(TOS_LOG, needle); ms -= 20)
		usleep(20000);
	return tt_file_has(TOS_LOG, needle);
}

/* uid of a live process (not a zombie); -1 if it is gone */
static long proc_uid(pid_t pid)
{
	char path[64], line[256], state = 0;
	long uid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "State: %c", &state) == 1)
			continue;
		if (sscanf(line, "Uid: %ld", &uid) == 1)
			continue;
	}
	fclose(f);
	return state == 'Z' || state == 'X' ? -1 : uid;
}

/*
 * Live processes a TA could have made or be: teekit-tahost copies (a
 * fork keeps the name) and anything running as a uid of the TA range.
 */
static int ta_procs(void)
{
	char path[300], comm[32];
	struct dirent *d;
	int n = 0;
	DIR *dir = opendir("/proc");
	FILE *f;
	long uid;

	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		uid = proc_uid(atoi(d->d_name));
		if (uid < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		comm[0] = 0;
		f = fopen(path, "r");
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = 0;
			fclose(f);
		}
		if (!strcmp(comm, "teekit-tahost\n") ||
		    (uid >= UID_FIRST && uid < (long)(UID_FIRST + UID_COUNT)))
			n++;
	}
	closedir(dir);
	return n;
}

static int ta_procs_settle(int want, int ms)
{
	int n = ta_procs();

	for (; ms > 0 && n != want; ms -= 50) {
		usleep(50000);
		n = ta_procs();
	}
	return n;
}

static int tos_limits(const char *args)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "teectl limits %s >/dev/null", args);
	return system(cmd);
}

FIXTURE(hostile) {
	pid_t tos;
	TEEC_Context ctx;
};

FIXTURE_SETUP(hostile)
{
	unlink(TOS_LOG);
	unlink("/tmp/hostile-ta-was-here");
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->tos = tos_start(NULL);
	ASSERT_LT(0, self->tos);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
}

FIXTURE_TEARDOWN(hostile)
{
	TEEC_FinalizeContext(&self->ctx);
	tt_stop_daemon(self->tos);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

/* ---------------------------------------------- constructor attacks */

/*
 * A constructor runs after the sandbox is on: its open of a file other
 * than the TA's own is refused by Landlock, and it learns nothing.
 */
static void ctor_refused(struct th_meta *_metadata, TEEC_Context *ctx,
			 const char *uuid)
{
	TEEC_Session s;
	uint32_t err, ran;

	ASSERT_EQ(TEEC_SUCCESS, h_open(ctx, &s, uuid));
	ASSERT_EQ(TEEC_SUCCESS, h_cmd(&s, HOSTILE_CMD_CTOR, 0, &err, &ran));
	EXPECT_EQ(1u, ran);
	EXPECT_EQ((uint32_t)EACCES, err);
	TEEC_CloseSession(&s);
}

TEST_F(hostile, ctor_open_passwd_refused)
{
	ctor_refused(_metadata, &self->ctx, HOSTILE_UUID(0c));
}

TEST_F(hostile, ctor_read_proc_refused)
{
	ctor_refused(_metadata, &self->ctx, HOSTILE_UUID(10));
}

/* a constructor's forbidden system call kills the instance before it serves */
static void ctor_killed(struct th_meta *_metadata, TEEC_Context *ctx,
			const char *uuid)
{
	TEEC_Session s;

	EXPECT_NE(TEEC_SUCCESS, h_open(ctx, &s, uuid));
	EXPECT_TRUE(log_wait("killed by signal 31 (seccomp", 3000));
	/* nothing of it lives on, the emulator serves */
	EXPECT_EQ(0, ta_procs_settle(0, 3000));
	ASSERT_EQ(TEEC_SUCCESS, h_open(ctx, &s, PLAIN));
	TEEC_CloseSession(&s);
}

TEST_F(hostile, ctor_socket_killed)
{
	ctor_killed(_metadata, &self->ctx, HOSTILE_UUID(0d));
}

TEST_F(hostile, ctor_fork_killed_no_child_left)
{
	ctor_killed(_metadata, &self->ctx, HOSTILE_UUID(0e));
}

TEST_F(hostile, ctor_kill_emulator_killed)
{
	ctor_killed(_metadata, &self->ctx, HOSTILE_UUID(0f));
	EXPECT_EQ(0, kill(self->tos, 0));
}

TEST_F(hostile, ctor_write_file_killed)
{
	struct stat st;

	ctor_killed(_metadata, &self->ctx, HOSTILE_UUID(12));
	EXPECT_ERRNO(stat("/tmp/hostile-ta-was-here", &st), ENOENT);
}

/* executable memory a constructor made is found before the TA serves */
TEST_F(hostile, ctor_wx_mapping_refused)
{
	TEEC_Session s;

	EXPECT_EQ(TEEC_ERROR_SECURITY, h_open(&self->ctx, &s, HOSTILE_UUID(11)));
	EXPECT_TRUE(log_wait("executable memory after loading the TA", 3000));
	EXPECT_EQ(0, ta_procs_settle(0, 3000));
}

/* ------------------------------------------------ command attacks */

FIXTURE(pair) {
	pid_t tos;
	TEEC_Context ctx;
	TEEC_Session attacker, victim;
	pid_t victim_pid;
};

FIXTURE_SETUP(pair)
{
	uint32_t pid;

	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->tos = tos_start(NULL);
	ASSERT_LT(0, self->tos);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &self->attacker, HOSTILE));
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &self->victim, HOSTILE));
	ASSERT_EQ(TEEC_SUCCESS, h_cmd(&self->victim, HOSTILE_CMD_PID, 0, &pid, NULL));
	self->victim_pid = pid;
}

FIXTURE_TEARDOWN(pair)
{
	TEEC_CloseSession(&self->attacker);
	TEEC_CloseSession(&self->victim);
	TEEC_FinalizeContext(&self->ctx);
	tt_stop_daemon(self->tos);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

/* the attacker dies (seccomp); the victim lives and still serves */
typedef FIXTURE_DATA(pair) pair_t;

static void contained(struct th_meta *_metadata, pair_t *self,
		      uint32_t cmd, uint32_t arg)
{
	char path[64], line[128];
	uint32_t pid = 0;
	FILE *f;

	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, h_cmd(&self->attacker, cmd, arg, NULL, NULL));
	EXPECT_EQ(TEEC_SUCCESS, h_cmd(&self->victim, HOSTILE_CMD_PID, 0, &pid, NULL));
	EXPECT_EQ((uint32_t)self->victim_pid, pid);
	EXPECT_EQ(0, kill(self->tos, 0));
	/* nobody traces the victim */
	snprintf(path, sizeof(path), "/proc/%d/status", self->victim_pid);
	f = fopen(path, "r");
	ASSERT_TRUE(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "TracerPid:", 10))
			EXPECT_EQ(0, atoi(line + 10));
	fclose(f);
}

TEST_F(pair, victim_has_its_own_uid)
{
	uint32_t pid;
	long a, v;

	ASSERT_EQ(TEEC_SUCCESS, h_cmd(&self->attacker, HOSTILE_CMD_PID, 0, &pid, NULL));
	a = proc_uid(pid);
	v = proc_uid(self->victim_pid);
	EXPECT_NE(a, v);
	EXPECT_LE((long)UID_FIRST, a);
	EXPECT_LE((long)UID_FIRST, v);
	EXPECT_GT((long)(UID_FIRST + UID_COUNT), a);
	EXPECT_GT((long)(UID_FIRST + UID_COUNT), v);
	/* teectl shows both, and who started them (root) */
	EXPECT_EQ(0, system("teectl --json status | grep -q '\"uid\": 21307.*\"owner_uid\": 0'"));
}

TEST_F(pair, ptrace_other_instance)
{
	contained(_metadata, self, HOSTILE_CMD_PTRACE, self->victim_pid);
}

TEST_F(pair, process_vm_readv_other_instance)
{
	contained(_metadata, self, HOSTILE_CMD_VM_READ, self->victim_pid);
}

TEST_F(pair, proc_mem_of_other_instance)
{
	contained(_metadata, self, HOSTILE_CMD_PROC_MEM, self->victim_pid);
}

TEST_F(pair, kill_other_instance)
{
	contained(_metadata, self, HOSTILE_CMD_KILL, self->victim_pid);
}

TEST_F(pair, tgkill_sigabrt_other_instance)
{
	contained(_metadata, self, HOSTILE_CMD_TGKILL, self->victim_pid);
}

TEST_F(pair, kill_emulator)
{
	contained(_metadata, self, HOSTILE_CMD_KILL, self->tos);
}

TEST_F(pair, tgkill_emulator)
{
	contained(_metadata, self, HOSTILE_CMD_TGKILL, self->tos);
}

TEST_F(pair, kill_client)
{
	contained(_metadata, self, HOSTILE_CMD_KILL, getpid());
	EXPECT_EQ(0, kill(getpid(), 0));
}

TEST_F(pair, open_file)
{
	contained(_metadata, self, HOSTILE_CMD_OPEN, 0);
}

TEST_F(pair, socket)
{
	contained(_metadata, self, HOSTILE_CMD_SOCKET, 0);
}

TEST_F(pair, fork_leaves_nothing)
{
	contained(_metadata, self, HOSTILE_CMD_FORK, 0);
	/* the victim is the only process of a TA uid */
	EXPECT_EQ(1, ta_procs_settle(1, 3000));
}

TEST_F(pair, exec)
{
	contained(_metadata, self, HOSTILE_CMD_EXEC, 0);
	EXPECT_EQ(1, ta_procs_settle(1, 3000));
}

TEST_F(pair, thread)
{
	contained(_metadata, self, HOSTILE_CMD_THREAD, 0);
}

TEST_F(pair, dup_fds)
{
	contained(_metadata, self, HOSTILE_CMD_DUP, 0);
}

TEST_F(pair, mmap_exec)
{
	contained(_metadata, self, HOSTILE_CMD_MMAP_EXEC, 0);
}

TEST_F(pair, setuid_root)
{
	contained(_metadata, self, HOSTILE_CMD_SETUID, 0);
}

/*
 * libc's malloc, past TEE_Malloc's TA_DATA_SIZE (4 MiB), ends at the outer
 * bound RLIMIT_DATA, 3 x TA_DATA_SIZE + 4 MiB (decision 1704): NULL, not
 * a crash
 */
TEST_F(pair, malloc_exhausts_own_heap_only)
{
	uint32_t mib = 0;

	EXPECT_EQ(TEEC_SUCCESS, h_cmd(&self->attacker, HOSTILE_CMD_MALLOC, 0, &mib, NULL));
	TH_LOG("malloc gave %u MiB", mib);
	EXPECT_LE(2u, mib);
	EXPECT_GE(16u, mib);
	EXPECT_EQ(TEEC_SUCCESS, h_cmd(&self->victim, HOSTILE_CMD_PID, 0, NULL, NULL));
}

/* the --status fd of a teekit-tahost, from its command line; -1 if none */
static int status_fd_of(pid_t pid)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd, ret = -1;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	for (p = buf; n > 0 && p < buf + n; p += strlen(p) + 1)
		if (!strcmp(p, "--status") && p + strlen(p) + 1 < buf + n)
			ret = atoi(p + strlen(p) + 1);
	return ret;
}

static int attacker_status_fd(struct th_meta *_metadata, pair_t *self)
{
	uint32_t pid = 0;
	int fd;

	EXPECT_EQ(TEEC_SUCCESS, h_cmd(&self->attacker, HOSTILE_CMD_PID, 0, &pid, NULL));
	fd = status_fd_of(pid);
	EXPECT_LT(2, fd);
	return fd;
}

/* a bad status line is a protocol violation: the emulator kills it */
TEST_F(pair, status_pipe_lies)
{
	int fd = attacker_status_fd(_metadata, self);

	contained(_metadata, self, HOSTILE_CMD_STATUS_LIE, fd);
	EXPECT_TRUE(log_wait("broke the status protocol", 3000));
}

struct bg_call {
	TEEC_Session *s;
	uint32_t cmd, arg;
	TEEC_Result r;
	double secs;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *bg_call_fn(void *arg)
{
	struct bg_call *c = arg;
	double t0 = now_s();

	c->r = h_cmd(c->s, c->cmd, c->arg, NULL, NULL);
	c->secs = now_s() - t0;
	return NULL;
}

/*
 * Issue 12, defect 8: a TA that closes its status pipe and sleeps. The
 * emulator kills it within its deadline, and meanwhile keeps managing
 * every other instance: an idle one still ends.
 */
TEST_F_TIMEOUT(pair, status_pipe_closed_then_sleep, 60)
{
	struct bg_call c = { .s = &self->attacker, .cmd = HOSTILE_CMD_CLOSE_STATUS };
	TEEC_Session p;
	pthread_t t;

	c.arg = attacker_status_fd(_metadata, self) | 30 << 8;

	ASSERT_EQ(0, pthread_create(&t, NULL, bg_call_fn, &c));
	usleep(300000);
	/* the monitor still ends idle instances */
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &p, PLAIN));
	TEEC_CloseSession(&p);
	pthread_join(t, NULL);
	TH_LOG("the call ended after %.1f s", c.secs);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, c.r);
	EXPECT_GT(10.0, c.secs);
	EXPECT_TRUE(log_wait("closed its status pipe but did not exit: killed", 1000));
	/* attacker gone, plain instance ended: the victim is the only one */
	EXPECT_EQ(1, ta_procs_settle(1, 5000));
}

struct bg_open {
	TEEC_Context *ctx;
	const char *uuid;
	TEEC_Result r;
	double secs;
};

static void *bg_open_fn(void *arg)
{
	struct bg_open *o = arg;
	TEEC_Session s;
	double t0 = now_s();

	o->r = h_open(o->ctx, &s, o->uuid);
	o->secs = now_s() - t0;
	if (o->r == TEEC_SUCCESS)
		TEEC_CloseSession(&s);
	return NULL;
}

/*
 * A TA whose constructor never returns: the emulator does not wait for it
 * (decision 1204). Other opens are served meanwhile, and the stuck one is
 * killed at its start deadline (10 s) and its open answered.
 */
TEST_F_TIMEOUT(hostile, ctor_sleeps_others_served, 60)
{
	struct bg_open o = { .ctx = &self->ctx, .uuid = HOSTILE_UUID(13) };
	TEEC_Session s;
	pthread_t t;
	double t0;

	ASSERT_EQ(0, pthread_create(&t, NULL, bg_open_fn, &o));
	usleep(500000);
	t0 = now_s();
	EXPECT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &s, PLAIN));
	TH_LOG("an open meanwhile took %.2f s", now_s() - t0);
	EXPECT_GT(3.0, now_s() - t0);
	TEEC_CloseSession(&s);
	pthread_join(t, NULL);
	TH_LOG("the stuck open ended after %.1f s", o.secs);
	EXPECT_EQ(TEEC_ERROR_GENERIC, o.r);
	EXPECT_GT(20.0, o.secs);
	EXPECT_TRUE(log_wait("was not ready within 10000 ms: killed", 1000));
	EXPECT_EQ(0, ta_procs_settle(0, 5000));
}

/* ---------------------------------------------------- instance limits */

/* runs @fn as the unprivileged "user" in a child; its exit status */
static int as_user(int (*fn)(void *), void *arg)
{
	struct passwd *pw = getpwnam("user");
	pid_t pid;
	int st;

	if (!pw)
		return -1;
	pid = fork();
	if (!pid) {
		if (initgroups("user", pw->pw_gid) || setgid(pw->pw_gid) ||
		    setuid(pw->pw_uid))
			_exit(100);
		_exit(fn(arg));
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/*
 * Opens @arg sessions of HOSTILE and keeps them: how many opened, if all
 * others were refused with TEEC_ERROR_BUSY; 200 + that number if not.
 */
static int open_until_busy(void *arg)
{
	int max = *(int *)arg, n, ok = 0;
	static TEEC_Session s[400];
	TEEC_Context c;
	bool other = false;
	TEEC_Result r;

	if (TEEC_InitializeContext(NULL, &c))
		return 101;
	for (n = 0; n < max && n < 400; n++) {
		r = h_open(&c, &s[ok], HOSTILE);
		if (r == TEEC_SUCCESS)
			ok++;
		else if (r != TEEC_ERROR_BUSY)
			other = true;
	}
	return other ? 200 + (ok > 50 ? 50 : ok) : ok;
}

TEST_F(hostile, limit_per_user_names_itself)
{
	TEEC_Session a, b, m1, m2;
	int max = 10;

	ASSERT_EQ(0, tos_limits("--per-user 2"));
	/* uid "user" gets 2 instances, the third open is refused */
	EXPECT_EQ(2, as_user(open_until_busy, &max));
	EXPECT_TRUE(log_wait("the limit per user (max-instances-per-user 2); raise it with 'teectl limits --per-user N'", 1000));
	/* root is another user: 1 instance, then a shared one twice */
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &a, HOSTILE));
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &m1, MULTI));
	/* the single-instance TA's second session does not count again */
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &m2, MULTI));
	EXPECT_EQ(TEEC_ERROR_BUSY, h_open(&self->ctx, &b, HOSTILE));
	TEEC_CloseSession(&m2);
	TEEC_CloseSession(&m1);
	TEEC_CloseSession(&a);
}

TEST_F(hostile, limit_total_names_itself)
{
	TEEC_Session a, b;

	ASSERT_EQ(0, tos_limits("--total 1"));
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &a, HOSTILE));
	EXPECT_EQ(TEEC_ERROR_BUSY, h_open(&self->ctx, &b, HOSTILE));
	EXPECT_TRUE(log_wait("the limit of all users (max-instances 1)", 1000));
	TEEC_CloseSession(&a);
	/* freed when the instance is reaped */
	EXPECT_EQ(0, ta_procs_settle(0, 3000));
	ASSERT_EQ(TEEC_SUCCESS, h_open(&self->ctx, &b, HOSTILE));
	TEEC_CloseSession(&b);
}

TEST_F(hostile, limits_need_root)
{
	EXPECT_NE(0, system("su user -c 'teectl limits --per-user 1000' 2>/dev/null"));
	EXPECT_EQ(0, system("su user -c 'teectl limits' >/dev/null"));
}

/* issue 12: an unprivileged user floods the emulator with instances */
TEST_F_TIMEOUT(hostile, instance_flood_bounded, 240)
{
	int max = getenv("TEEKIT_HOSTILE_LONG") ? 300 : 40;

	/* the default per-user limit (32) stops the flood */
	EXPECT_EQ(32, as_user(open_until_busy, &max));
	EXPECT_EQ(0, ta_procs_settle(0, 20000));
}

TEST_HARNESS_MAIN
