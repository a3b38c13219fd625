// SPDX-License-Identifier: GPL-2.0-only
/*
 * secure-world: teekit-tos and its TA instances end to end, through libteec
 * and teekit_sim.ko: instance flags, parameters and zero-copy memrefs,
 * read-only input memrefs, sandbox (seccomp, memory limit), isolation,
 * panic and crash containment, cancellation, signature refusals, logs,
 * emulator death and restart, many clients.
 */
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
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
#include "test_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define TOS_LOG		"/tmp/teekit-tos.log"
#define TA_DIR		"/lib/optee_armtz"

#define PLAIN	TEST_TA_UUID(01)
#define SINGLE	TEST_TA_UUID(02)
#define MULTI	TEST_TA_UUID(03)
#define KEEP	TEST_TA_UUID(04)
#define KEEP1	TEST_TA_UUID(05)

static pid_t tos_wait_attached(pid_t pid);
static int instances_settle(int want);

/* Starts teekit-tos with the options every test uses plus @extra (NULL-ended). */
static pid_t tos_start_with(const char *const *extra)
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
	return tos_wait_attached(pid);
}

static pid_t tos_start(void)
{
	return tos_start_with(NULL);
}

static pid_t tos_wait_attached(pid_t pid)
{
	tt_wait_emulator();
	return pid;
}

static void tos_stop(pid_t pid)
{
	tt_stop_daemon(pid);
}

static TEEC_Result sw_open(TEEC_Context *c, TEEC_Session *s, const char *uuid,
			   uint32_t *origin)
{
	TEEC_UUID u;
	uint32_t o;

	tt_teec_uuid(uuid, &u);
	return TEEC_OpenSession(c, s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL,
				origin ? origin : &o);
}

static TEEC_Result sw_value(TEEC_Session *s, uint32_t cmd, uint32_t in_a,
			    uint32_t *out_a, uint32_t *out_b, uint32_t *origin)
{
	TEEC_Operation op;
	uint32_t o;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = in_a;
	r = TEEC_InvokeCommand(s, cmd, &op, origin ? origin : &o);
	if (out_a)
		*out_a = op.params[0].value.a;
	if (out_b)
		*out_b = op.params[0].value.b;
	return r;
}

static bool log_has(const char *needle)
{
	return tt_file_has(TOS_LOG, needle);
}

static bool log_wait(const char *needle, int ms)
{
	for (; ms > 0 && !log_has(needle); ms -= 20)
		usleep(20000);
	return log_has(needle);
}

FIXTURE(sw) {
	pid_t tos;
	TEEC_Context ctx;
};

FIXTURE_SETUP(sw)
{
	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->tos = tos_start();
	ASSERT_LT(0, self->tos);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
}

FIXTURE_TEARDOWN(sw)
{
	TEEC_FinalizeContext(&self->ctx);
	tos_stop(self->tos);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

TEST_F(sw, plain_open_invoke_close)
{
	TEEC_Operation op;
	TEEC_Session s;
	uint32_t o = 0;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, PLAIN, &o));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 40;
	op.params[0].value.b = 2;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, TA_CMD_ADD, &op, &o));
	EXPECT_EQ(42u, op.params[1].value.a);
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED, TEEC_InvokeCommand(&s, 999, NULL, &o));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, o);
	TEEC_CloseSession(&s);
}

TEST_F(sw, open_refused_by_ta)
{
	TEEC_Operation op;
	TEEC_Session s;
	TEEC_UUID u;
	uint32_t o = 0;

	tt_teec_uuid(PLAIN, &u);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0xdead;
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  TEEC_OpenSession(&self->ctx, &s, &u, TEEC_LOGIN_PUBLIC, NULL,
				   &op, &o));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, o);
}

/* two sessions: same instance (pid) or not, counter shared or not */
static void two_sessions(struct th_meta *_metadata, TEEC_Context *ctx,
			 const char *uuid, bool shared)
{
	uint32_t c1, p1, c2, p2;
	TEEC_Session a, b;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &a, uuid, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &b, uuid, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&a, TA_CMD_COUNTER, 0, &c1, &p1, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&b, TA_CMD_COUNTER, 0, &c2, &p2, NULL));
	if (shared) {
		EXPECT_EQ(p1, p2);
		EXPECT_EQ(c1 + 1, c2);
	} else {
		EXPECT_NE(p1, p2);
		EXPECT_EQ(1u, c2);
	}
	TEEC_CloseSession(&a);
	TEEC_CloseSession(&b);
}

TEST_F(sw, flags_plain_new_instance_per_session)
{
	two_sessions(_metadata, &self->ctx, PLAIN, false);
}

TEST_F(sw, flags_single_instance_one_session)
{
	TEEC_Session a, b;
	uint32_t c, p, o;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &a, SINGLE, NULL));
	EXPECT_EQ(TEEC_ERROR_BUSY, sw_open(&self->ctx, &b, SINGLE, &o));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&a, TA_CMD_COUNTER, 0, &c, &p, NULL));
	TEEC_CloseSession(&a);
	/* not keep-alive: the instance ends with its last session */
	EXPECT_EQ(0, instances_settle(0));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &b, SINGLE, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&b, TA_CMD_COUNTER, 0, &c, NULL, NULL));
	EXPECT_EQ(1u, c);
	TEEC_CloseSession(&b);
}

TEST_F(sw, flags_multi_session_shared_instance)
{
	two_sessions(_metadata, &self->ctx, MULTI, true);
}

static void keep_alive(struct th_meta *_metadata, TEEC_Context *ctx,
		       const char *uuid)
{
	uint32_t c1, p1, c2, p2;
	TEEC_Session a;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &a, uuid, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&a, TA_CMD_COUNTER, 0, &c1, &p1, NULL));
	TEEC_CloseSession(&a);
	usleep(300000);
	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &a, uuid, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&a, TA_CMD_COUNTER, 0, &c2, &p2, NULL));
	EXPECT_EQ(p1, p2);
	EXPECT_EQ(c1 + 1, c2);
	TEEC_CloseSession(&a);
}

TEST_F(sw, flags_keep_alive_multi)
{
	two_sessions(_metadata, &self->ctx, KEEP, true);
	keep_alive(_metadata, &self->ctx, KEEP);
}

TEST_F(sw, flags_keep_alive_single_session)
{
	keep_alive(_metadata, &self->ctx, KEEP1);
}

TEST_F(sw, memref_copy_short_buffer_and_zero_copy)
{
	TEEC_SharedMemory in = { .size = 64, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory out = { .size = 16, .flags = TEEC_MEM_OUTPUT };
	TEEC_SharedMemory io = { .size = 16, .flags = TEEC_MEM_OUTPUT | TEEC_MEM_INPUT };
	TEEC_Operation op;
	TEEC_Session s;
	uint32_t o;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, PLAIN, NULL));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &in));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &out));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &io));
	memset(in.buffer, 'a', 64);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_MEMREF_WHOLE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &in;
	op.params[1].memref.parent = &out;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, TEEC_InvokeCommand(&s, TA_CMD_COPY, &op, &o));
	EXPECT_EQ(64u, op.params[1].memref.size);
	/* the TA fills the client's buffer in place */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &io;
	op.params[1].value.a = 'z';
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, TA_CMD_FILL, &op, &o));
	EXPECT_EQ('z', ((char *)io.buffer)[15]);
	TEEC_ReleaseSharedMemory(&io);
	TEEC_ReleaseSharedMemory(&in);
	TEEC_ReleaseSharedMemory(&out);
	TEEC_CloseSession(&s);
}

/* invoking cmd kills the TA: TARGET_DEAD from TEE, other TA unaffected */
static void dies(struct th_meta *_metadata, TEEC_Context *ctx, uint32_t cmd,
		 TEEC_Operation *op)
{
	TEEC_Session victim, other;
	uint32_t o = 0, c;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &other, MULTI, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &victim, PLAIN, NULL));
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, TEEC_InvokeCommand(&victim, cmd, op, &o));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, sw_value(&victim, TA_CMD_COUNTER, 0,
						   NULL, NULL, &o));
	TEEC_CloseSession(&victim);
	EXPECT_EQ(TEEC_SUCCESS, sw_value(&other, TA_CMD_COUNTER, 0, &c, NULL, NULL));
	TEEC_CloseSession(&other);
	/* and the TA can be started again */
	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &victim, PLAIN, NULL));
	TEEC_CloseSession(&victim);
}

TEST_F(sw, panic_is_contained)
{
	TEEC_Operation op = { .paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, 0, 0, 0) };

	op.params[0].value.a = 0xbad0c0de;
	dies(_metadata, &self->ctx, TA_CMD_PANIC, &op);
	usleep(200000);
	EXPECT_TRUE(log_has("panicked with code 0xbad0c0de"));
}

TEST_F(sw, crash_is_contained)
{
	dies(_metadata, &self->ctx, TA_CMD_CRASH, NULL);
}

#define CORE_DIR	"/tmp/tk-cores"
#define CORE_PATTERN	"/proc/sys/kernel/core_pattern"

/*
 * --core-dir with a relative core_pattern (decision 0305): a crashing TA
 * leaves an ELF core, owned by the instance's own uid (decision 1202) and
 * private to it, in that directory, within --core-size.
 */
TEST_F(sw, crash_leaves_core_in_core_dir)
{
	static const char *const core_opts[] = { "--core-dir", CORE_DIR,
						 "--core-size", "16", NULL };
	struct passwd *pw = getpwnam("teekit-ta");
	char old[256] = "", path[512] = "";
	Elf64_Ehdr eh;
	struct dirent *d;
	struct stat st;
	TEEC_Session s;
	uint32_t o;
	DIR *dir;
	FILE *f;
	int fd;

	ASSERT_TRUE(pw);
	tos_stop(self->tos);
	ASSERT_EQ(0, system("rm -rf " CORE_DIR));
	f = fopen(CORE_PATTERN, "r");
	ASSERT_TRUE(f);
	if (!fgets(old, sizeof(old), f))
		old[0] = 0;
	fclose(f);
	ASSERT_EQ(0, system("echo core.%e.%p > " CORE_PATTERN));
	self->tos = tos_start_with(core_opts);
	EXPECT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, PLAIN, NULL));
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  TEEC_InvokeCommand(&s, TA_CMD_CRASH, NULL, &o));
	TEEC_CloseSession(&s);
	EXPECT_TRUE(log_wait("core dumped; see " CORE_DIR, 5000));
	f = fopen(CORE_PATTERN, "w");
	if (f) {
		fputs(old, f);
		fclose(f);
	}
	dir = opendir(CORE_DIR);
	ASSERT_TRUE(dir);
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "core.", 5))
			snprintf(path, sizeof(path), CORE_DIR "/%s", d->d_name);
	closedir(dir);
	TH_LOG("core file: %s", path);
	ASSERT_NE(0, path[0]);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_LE(0x7f000000u, st.st_uid);
	EXPECT_GT(0x7f010000u, st.st_uid);
	EXPECT_EQ(pw->pw_gid, st.st_gid);
	EXPECT_EQ(0, st.st_mode & 077);
	EXPECT_LT(0, st.st_size);
	EXPECT_GE(16 << 20, st.st_size);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(eh), read(fd, &eh, sizeof(eh)));
	close(fd);
	EXPECT_EQ(0, memcmp(eh.e_ident, ELFMAG, SELFMAG));
	EXPECT_EQ(ET_CORE, eh.e_type);
	EXPECT_EQ(EM_X86_64, eh.e_machine);
	system("rm -rf " CORE_DIR);
}

TEST_F(sw, input_memref_is_read_only)
{
	TEEC_SharedMemory in = { .size = 64, .flags = TEEC_MEM_INPUT };
	TEEC_Operation op;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &in));
	memset(in.buffer, 'a', 64);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, 0, 0, 0);
	op.params[0].memref.parent = &in;
	dies(_metadata, &self->ctx, TA_CMD_WRITE_INPUT, &op);
	EXPECT_EQ('a', ((char *)in.buffer)[0]);
	TEEC_ReleaseSharedMemory(&in);
}

TEST_F(sw, seccomp_kills_open)
{
	dies(_metadata, &self->ctx, TA_CMD_OPEN_FILE, NULL);
	usleep(200000);
	EXPECT_TRUE(log_has("killed by signal 31"));
}

TEST_F(sw, seccomp_kills_socket)
{
	dies(_metadata, &self->ctx, TA_CMD_SOCKET, NULL);
}

TEST_F(sw, memory_limit_from_ta_data_size)
{
	TEEC_Session s;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, PLAIN, NULL));
	EXPECT_EQ(TEEC_SUCCESS, sw_value(&s, TA_CMD_MALLOC, 1, NULL, NULL, NULL));
	/*
	 * TA_DATA_SIZE is 4 MiB and TA_CreateEntryPoint holds a few bytes of
	 * it: 3 MiB fits, 4 MiB does not (RLIMIT_DATA alone let it through,
	 * decision 1704)
	 */
	EXPECT_EQ(TEEC_SUCCESS, sw_value(&s, TA_CMD_MALLOC, 3, NULL, NULL, NULL));
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY,
		  sw_value(&s, TA_CMD_MALLOC, 4, NULL, NULL, NULL));
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY,
		  sw_value(&s, TA_CMD_MALLOC, 256, NULL, NULL, NULL));
	TEEC_CloseSession(&s);
}

TEST_F(sw, isolation_between_instances)
{
	TEEC_Operation op;
	TEEC_Session a, b;
	uint32_t lo, hi, o = 0;
	TEEC_Result r;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &a, PLAIN, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &b, PLAIN, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&a, TA_CMD_SECRET, 'A', &lo, &hi, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sw_value(&b, TA_CMD_SECRET, 'B', NULL, NULL, NULL));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, 0, 0);
	op.params[0].value.a = lo;
	op.params[0].value.b = hi;
	r = TEEC_InvokeCommand(&b, TA_CMD_PEEK, &op, &o);
	/* B sees its own memory at that address, or nothing at all */
	if (r == TEEC_SUCCESS)
		EXPECT_NE((uint32_t)'A', op.params[1].value.a);
	else
		EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, r);
	TEEC_CloseSession(&a);
	TEEC_CloseSession(&b);
}

struct waiter {
	TEEC_Session *s;
	TEEC_Operation op;
	uint32_t cmd;
	TEEC_Result r;
	uint32_t origin;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->r = TEEC_InvokeCommand(w->s, w->cmd, &w->op, &w->origin);
	return NULL;
}

static void cancel_cmd(struct th_meta *_metadata, TEEC_Context *ctx,
		       uint32_t cmd)
{
	struct waiter w = { .cmd = cmd };
	struct timespec t0, t1;
	TEEC_Session s;
	pthread_t th;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &s, PLAIN, NULL));
	w.s = &s;
	w.op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, 0, 0, 0);
	w.op.params[0].value.a = 20000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, pthread_create(&th, NULL, wait_thread, &w));
	usleep(300000);
	TEEC_RequestCancellation(&w.op);
	pthread_join(th, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_EQ(TEEC_ERROR_CANCEL, w.r);
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, w.origin);
	EXPECT_GT(5, t1.tv_sec - t0.tv_sec);
	TEEC_CloseSession(&s);
}

TEST_F(sw, cancel_wait)
{
	cancel_cmd(_metadata, &self->ctx, TA_CMD_WAIT);
}

TEST_F(sw, cancel_flag_polled)
{
	cancel_cmd(_metadata, &self->ctx, TA_CMD_SPIN_CANCEL);
}

TEST_F(sw, wait_without_cancel_completes)
{
	TEEC_Session s;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, PLAIN, NULL));
	EXPECT_EQ(TEEC_SUCCESS, sw_value(&s, TA_CMD_WAIT, 50, NULL, NULL, NULL));
	TEEC_CloseSession(&s);
}

/* live teekit-tahost processes (TA instances) */
static int instances(void)
{
	char cmd[] = "cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^teekit-tahost$'";
	FILE *p = popen(cmd, "r");
	int n = -1;

	if (!p)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

static int instances_settle(int want)
{
	int i, n = instances();

	/* up to 10 s: under load, ending instances takes a while */
	for (i = 0; i < 500 && n != want; i++) {
		usleep(20000);
		n = instances();
	}
	return n;
}

struct opener {
	TEEC_Context *ctx;
	const char *uuid;
	TEEC_Operation op;
	TEEC_Session s;
	TEEC_Result r;
	uint32_t origin;
};

static void *open_thread(void *arg)
{
	struct opener *w = arg;
	TEEC_UUID u;

	tt_teec_uuid(w->uuid, &u);
	w->r = TEEC_OpenSession(w->ctx, &w->s, &u, TEEC_LOGIN_PUBLIC, NULL,
				&w->op, &w->origin);
	return NULL;
}

static void slow_op(TEEC_Operation *op, uint32_t mode, uint32_t ms)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, 0, 0, 0);
	op->params[0].value.a = mode;
	op->params[0].value.b = ms;
}

/* GP: the TA unmasks cancellation in its open entry point and sees it */
static void cancel_open(struct th_meta *_metadata, TEEC_Context *ctx,
			uint32_t mode)
{
	struct opener w = { .ctx = ctx, .uuid = PLAIN };
	struct timespec t0, t1;
	TEEC_Session s;
	pthread_t th;

	slow_op(&w.op, mode, 20000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, pthread_create(&th, NULL, open_thread, &w));
	EXPECT_TRUE(log_wait("slow open", 10000));
	TEEC_RequestCancellation(&w.op);
	pthread_join(th, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_EQ(TEEC_ERROR_CANCEL, w.r);
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, w.origin);
	EXPECT_GT(5, t1.tv_sec - t0.tv_sec);
	if (w.r == TEEC_SUCCESS)
		TEEC_CloseSession(&w.s);
	/* the failed first open ended its instance; a new open works */
	EXPECT_EQ(0, instances_settle(0));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &s, PLAIN, NULL));
	TEEC_CloseSession(&s);
}

TEST_F(sw, cancel_open_wait)
{
	cancel_open(_metadata, &self->ctx, TA_OPEN_WAIT);
}

TEST_F(sw, cancel_open_flag_polled)
{
	cancel_open(_metadata, &self->ctx, TA_OPEN_POLL);
}

/* masked (the GP default): the cancellation does not stop the open */
TEST_F(sw, cancel_open_masked_completes)
{
	struct opener w = { .ctx = &self->ctx, .uuid = PLAIN };
	pthread_t th;

	slow_op(&w.op, TA_OPEN_SPIN, 600);
	ASSERT_EQ(0, pthread_create(&th, NULL, open_thread, &w));
	EXPECT_TRUE(log_wait("slow open", 10000));
	TEEC_RequestCancellation(&w.op);
	pthread_join(th, NULL);
	ASSERT_EQ(TEEC_SUCCESS, w.r);
	TEEC_CloseSession(&w.s);
}

/* a child process opens @uuid slowly and is killed inside the TA's open */
static void kill_mid_open(struct th_meta *_metadata, const char *uuid,
			  uint32_t ms)
{
	TEEC_Operation op;
	char needle[64];
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		TEEC_Context c;
		TEEC_Session s;
		TEEC_UUID u;
		uint32_t o;

		tt_teec_uuid(uuid, &u);
		slow_op(&op, TA_OPEN_SPIN, ms);
		if (TEEC_InitializeContext(NULL, &c))
			_exit(1);
		TEEC_OpenSession(&c, &s, &u, TEEC_LOGIN_PUBLIC, NULL, &op, &o);
		_exit(2);
	}
	snprintf(needle, sizeof(needle), "slow open 0x%x %u ms", TA_OPEN_SPIN,
		 ms);
	EXPECT_TRUE(log_wait(needle, 10000));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* the open completes in the TA; the driver must close it again */
	usleep((ms + 300) * 1000);
}

/*
 * A client killed while a single-instance, single-session TA opens its
 * session: the TA opens it for nobody; the driver closes it again, so the
 * instance is not left BUSY with a phantom session.
 */
TEST_F(sw, client_killed_mid_open_no_phantom)
{
	TEEC_Session s;
	uint32_t n, o = 0;

	kill_mid_open(_metadata, SINGLE, 1500);
	EXPECT_EQ(0, instances_settle(0));	/* not keep-alive: it ended */
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, SINGLE, &o));
	TEEC_CloseSession(&s);

	/* keep-alive: the same instance stays, with no session left */
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, KEEP1, &o));
	TEEC_CloseSession(&s);
	kill_mid_open(_metadata, KEEP1, 1501);
	EXPECT_EQ(1, instances_settle(1));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, KEEP1, &o));
	EXPECT_EQ(TEEC_SUCCESS, sw_value(&s, TA_CMD_SESSIONS, 0, &n, NULL, NULL));
	EXPECT_EQ(1u, n);
	TEEC_CloseSession(&s);
}

/*
 * Clients killed at every point of an open (queued, loading, instance
 * starting, forwarded, in the TA): no kernel report, no instance left,
 * and the next open works.
 */
TEST_F_TIMEOUT(sw, client_killed_at_any_point_of_open, 120)
{
	TEEC_Session s;
	int i;

	for (i = 0; i < 24; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (!pid) {
			TEEC_Context c;

			if (TEEC_InitializeContext(NULL, &c))
				_exit(1);
			if (!sw_open(&c, &s, i % 2 ? PLAIN : SINGLE, NULL))
				pause();
			_exit(2);
		}
		usleep(i * 8000);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	EXPECT_EQ(0, instances_settle(0));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, SINGLE, NULL));
	TEEC_CloseSession(&s);
	EXPECT_EQ(0, instances_settle(0));
}

/*
 * A client killed while its open waits in the queue of a busy shared
 * instance: the emulator counted that open as forwarded, so it must still
 * reach the instance (cancelled); dropped in the driver, the instance
 * waits for it and never ends.
 */
TEST_F_TIMEOUT(sw, client_killed_while_open_queued_at_busy_instance, 60)
{
	struct waiter w = { .cmd = TA_CMD_WAIT };
	TEEC_Session a, s;
	pthread_t th;
	pid_t pid;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &a, MULTI, NULL));
	w.s = &a;
	w.op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, 0, 0, 0);
	w.op.params[0].value.a = 2000;
	ASSERT_EQ(0, pthread_create(&th, NULL, wait_thread, &w));
	usleep(200000);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		TEEC_Context c;

		if (TEEC_InitializeContext(NULL, &c))
			_exit(1);
		if (!sw_open(&c, &s, MULTI, NULL))
			pause();
		_exit(2);
	}
	/* forwarded to the instance, which is still in TEE_Wait() */
	EXPECT_TRUE(log_wait("goes to instance", 10000));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	pthread_join(th, NULL);
	EXPECT_EQ(TEEC_SUCCESS, w.r);
	TEEC_CloseSession(&a);
	/* the instance saw both opens and both sessions are closed */
	EXPECT_EQ(0, instances_settle(0));
	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, MULTI, NULL));
	TEEC_CloseSession(&s);
	EXPECT_EQ(0, instances_settle(0));
}

static void refused(struct th_meta *_metadata, TEEC_Context *ctx,
		    const char *uuid, TEEC_Result want, const char *reason)
{
	TEEC_Session s;
	uint32_t o = 0;

	EXPECT_EQ(want, sw_open(ctx, &s, uuid, &o));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	usleep(100000);
	if (!log_has(reason))
		TH_LOG("log lacks '%s'", reason);
	EXPECT_TRUE(log_has(reason));
}

TEST_F(sw, refuse_unsigned)
{
	refused(_metadata, &self->ctx, TEST_TA_UUID(06), TEEC_ERROR_SECURITY,
		"no teekit signature header");
}

TEST_F(sw, refuse_tampered)
{
	refused(_metadata, &self->ctx, TEST_TA_UUID(07), TEEC_ERROR_SECURITY,
		"ELF tampered with");
}

TEST_F(sw, refuse_wrong_uuid)
{
	refused(_metadata, &self->ctx, TEST_TA_UUID(08), TEEC_ERROR_SECURITY,
		"UUID mismatch");
}

TEST_F(sw, refuse_wrong_architecture)
{
	refused(_metadata, &self->ctx, TEST_TA_UUID(09), TEEC_ERROR_BAD_FORMAT,
		"wrong architecture");
}

TEST_F(sw, refuse_untrusted_key)
{
	refused(_metadata, &self->ctx, TEST_TA_UUID(0a), TEEC_ERROR_SECURITY,
		"untrusted key");
}

TEST_F(sw, missing_ta)
{
	refused(_metadata, &self->ctx, TEST_TA_UUID(ff), TEEC_ERROR_ITEM_NOT_FOUND,
		"not found; searched " TA_DIR);
}

TEST_F(sw, ta_log_tagged)
{
	TEEC_Session s;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(&self->ctx, &s, PLAIN, NULL));
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, TA_CMD_LOG, NULL, NULL));
	TEEC_CloseSession(&s);
	usleep(100000);
	EXPECT_TRUE(log_has("TA " PLAIN));
	EXPECT_TRUE(log_has("error line"));
	EXPECT_TRUE(log_has("info line"));
}

static void killed_mid_invoke(struct th_meta *_metadata, TEEC_Context *ctx,
			      pid_t *tos, uint32_t cmd)
{
	struct waiter w = { .cmd = cmd };
	struct timespec t0, t1;
	TEEC_Session s;
	pthread_t th;

	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &s, PLAIN, NULL));
	w.s = &s;
	w.op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, 0, 0, 0);
	w.op.params[0].value.a = 20000;
	ASSERT_EQ(0, pthread_create(&th, NULL, wait_thread, &w));
	usleep(300000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kill(*tos, SIGKILL);
	waitpid(*tos, NULL, 0);
	pthread_join(th, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_NE(TEEC_SUCCESS, w.r);
	EXPECT_GT(2, t1.tv_sec - t0.tv_sec);
	TEEC_CloseSession(&s);
	*tos = tos_start();
	ASSERT_EQ(TEEC_SUCCESS, sw_open(ctx, &s, PLAIN, NULL));
	EXPECT_EQ(TEEC_SUCCESS, sw_value(&s, TA_CMD_COUNTER, 0, NULL, NULL, NULL));
	TEEC_CloseSession(&s);
}

/* the TA computing: its process dies with the emulator */
TEST_F(sw, emulator_killed_mid_invoke_then_restarted)
{
	killed_mid_invoke(_metadata, &self->ctx, &self->tos, TA_CMD_SPIN_CANCEL);
}

/* the TA in TEE_Wait: the driver is serving its SUSPEND RPC */
TEST_F(sw, emulator_killed_mid_wait_then_restarted)
{
	killed_mid_invoke(_metadata, &self->ctx, &self->tos, TA_CMD_WAIT);
}

static void *client_thread(void *arg)
{
	const char *uuid = arg;
	TEEC_Context c;
	TEEC_Session s;
	intptr_t bad = 0;
	int i;

	if (TEEC_InitializeContext(NULL, &c))
		return (void *)1;
	for (i = 0; i < 10; i++) {
		uint32_t o = 0;
		TEEC_Result r = sw_open(&c, &s, uuid, &o);

		if (r) {
			TH_LOG("%s: open %d: 0x%08x, origin %u", uuid, i, r, o);
			bad++;
			continue;
		}
		r = sw_value(&s, TA_CMD_COUNTER, 0, NULL, NULL, &o);
		if (r) {
			TH_LOG("%s: invoke %d: 0x%08x, origin %u", uuid, i, r, o);
			bad++;
		}
		TEEC_CloseSession(&s);
	}
	TEEC_FinalizeContext(&c);
	return (void *)bad;
}

TEST_F_TIMEOUT(sw, many_clients, 120)
{
	const char *uuids[] = { PLAIN, MULTI, KEEP, PLAIN, MULTI, KEEP };
	pthread_t th[ARRAY_SIZE(uuids)];
	unsigned int i;
	void *bad;

	for (i = 0; i < ARRAY_SIZE(uuids); i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, client_thread,
					    (void *)uuids[i]));
	for (i = 0; i < ARRAY_SIZE(uuids); i++) {
		pthread_join(th[i], &bad);
		EXPECT_EQ(0, (intptr_t)bad);
	}
}

TEST_HARNESS_MAIN
