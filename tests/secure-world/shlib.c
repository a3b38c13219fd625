// SPDX-License-Identifier: GPL-2.0-only
/*
 * shlib: shared TA libraries and dlopen() for TAs (decision 1520), through
 * the whole stack: tee-supplicant serves the libraries from
 * /lib/optee_armtz by LOAD_TA, teekit-tos verifies them like TAs, the TA
 * host loads them. A TA using a library by link and another by dlopen();
 * then each hostile library: missing, unsigned, untrusted key, tampered,
 * signed for another UUID, a TA posing as a library, a dependency cycle,
 * a crashing constructor, and a TA host killed while it loads. Each must
 * give its own error (and the client's explanation or the TA's log names
 * it), leave no instance behind and leave the stack serving.
 * The libraries and TAs: secure-world/tests/shlib, test_shlib.h.
 */
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <tee_client_api.h>
#include <teekit_teec.h>

#include "harness.h"
#include "tee_stack.h"
#include "../../secure-world/tests/shlib/test_shlib.h"

#define TOS_LOG		"/tmp/teekit-tos-shlib.log"

FIXTURE(shlib) {
	TEEC_Context ctx;
	bool up;
};

FIXTURE_SETUP(shlib)
{
	unlink(TOS_LOG);
	ASSERT_EQ(0, tt_sh("teekit-up --log " TOS_LOG " >/tmp/shlib-up.log 2>&1"));
	self->up = true;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
}

FIXTURE_TEARDOWN(shlib)
{
	TEEC_FinalizeContext(&self->ctx);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
	if (self->up)
		EXPECT_EQ(0, tt_sh("teekit-down >/dev/null 2>&1"));
}

/*
 * teekit-tahost processes whose command line holds @word (NULL: all);
 * the pid of one in *@pid
 */
static int scan_tahosts(const char *word, pid_t *pid)
{
	char path[300], cmd[4096];
	struct dirent *e;
	int n = 0;
	size_t len, i;
	FILE *f;
	DIR *d = opendir("/proc");

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		len = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		for (i = 0; i + 1 < len; i++)
			if (!cmd[i])
				cmd[i] = ' ';
		cmd[len] = 0;
		if (strstr(cmd, "teekit-tahost") && (!word || strstr(cmd, word))) {
			n++;
			if (pid)
				*pid = atoi(e->d_name);
		}
	}
	closedir(d);
	return n;
}

static int tahosts(const char *word)
{
	return scan_tahosts(word, NULL);
}

static pid_t tahost_pid(const char *word)
{
	pid_t pid = 0;

	scan_tahosts(word, &pid);
	return pid;
}

/* no instance left within 3 s */
static bool no_instances(void)
{
	int i;

	for (i = 0; i < 150; i++) {
		if (!tahosts(NULL))
			return true;
		usleep(20000);
	}
	return false;
}

/* does the emulator's log (where TA log lines go too) hold @a and @b? */
static bool log_has(const char *a, const char *b)
{
	static char buf[1 << 20];
	size_t n;
	FILE *f;
	int i;

	/* lines may arrive a little after the call returned */
	for (i = 0; i < 50; i++) {
		f = fopen(TOS_LOG, "r");
		if (!f)
			return false;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = 0;
		if (strstr(buf, a) && (!b || strstr(buf, b)))
			return true;
		usleep(20000);
	}
	return false;
}

static TEEC_Result open_ta(TEEC_Context *c, TEEC_Session *s, const char *uuid,
			   char *why, size_t len)
{
	TEEC_Result r;
	TEEC_UUID u;
	uint32_t o = 0;

	tt_teec_uuid(uuid, &u);
	r = TEEC_OpenSession(c, s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &o);
	if (why)
		snprintf(why, len, "%s", teekit_teec_explain(r, o));
	return r;
}

static TEEC_Result value_cmd(TEEC_Session *s, uint32_t cmd, uint32_t in,
			     uint32_t *out)
{
	TEEC_Operation op;
	TEEC_Result r;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = cmd == SHLIB_CMD_LINKED ?
		TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE) :
		TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = in;
	r = TEEC_InvokeCommand(s, cmd, &op, &o);
	*out = cmd == SHLIB_CMD_LINKED ? op.params[1].value.a : op.params[0].value.a;
	return r;
}

/* dlopen(@uuid, @flags), dlsym(@sym), call it with @x in the TA */
static TEEC_Result dl_call(TEEC_Session *s, const char *uuid, const char *sym,
			   uint32_t flags, uint32_t x, uint32_t *out)
{
	char buf[128];
	TEEC_Operation op;
	TEEC_Result r;
	size_t n = strlen(uuid) + 1 + strlen(sym) + 1;
	uint32_t o;

	memcpy(buf, uuid, strlen(uuid) + 1);
	memcpy(buf + strlen(uuid) + 1, sym, strlen(sym) + 1);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = n;
	op.params[1].value.a = x;
	op.params[1].value.b = flags;
	r = TEEC_InvokeCommand(s, SHLIB_CMD_DLOPEN, &op, &o);
	*out = op.params[1].value.a;
	return r;
}

/* 510 links A, which needs B: both loaded first, A's constructor ran */
TEST_F_TIMEOUT(shlib, linked, 60)
{
	TEEC_Session s;
	uint32_t v = 0;

	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_LINKED, NULL, 0));
	/* shlib_a(20) = shlib_b(20) + 7 (7 only once A's constructor ran) */
	EXPECT_EQ(TEEC_SUCCESS, value_cmd(&s, SHLIB_CMD_LINKED, 20, &v));
	EXPECT_EQ(47u, v);
	/* dl_iterate_phdr: the TA, A and B, none of the host's objects */
	EXPECT_EQ(TEEC_SUCCESS, value_cmd(&s, SHLIB_CMD_PHDRS, 0, &v));
	EXPECT_EQ(3u, v);
	EXPECT_EQ(TEEC_SUCCESS, value_cmd(&s, SHLIB_CMD_DLSYM_SELF, 0, &v));
	EXPECT_EQ(1u, v);
	TEEC_CloseSession(&s);
	EXPECT_TRUE(no_instances());
}

/* 519 loads 503 by dlopen() at run time and calls what dlsym() found */
TEST_F_TIMEOUT(shlib, dlopen, 60)
{
	TEEC_Session s;
	uint32_t v = 0;

	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_DLOPEN, NULL, 0));
	EXPECT_EQ(TEEC_SUCCESS, value_cmd(&s, SHLIB_CMD_PHDRS, 0, &v));
	EXPECT_EQ(1u, v);
	EXPECT_EQ(TEEC_SUCCESS, dl_call(&s, LIB_DL, "shlib_square",
					SHLIB_DL_FLAGS, 9, &v));
	EXPECT_EQ(81u, v);
	/* a second dlopen() finds it loaded */
	EXPECT_EQ(TEEC_SUCCESS, dl_call(&s, LIB_DL, "shlib_square",
					SHLIB_DL_FLAGS, 12, &v));
	EXPECT_EQ(144u, v);
	EXPECT_EQ(TEEC_SUCCESS, value_cmd(&s, SHLIB_CMD_PHDRS, 0, &v));
	EXPECT_EQ(2u, v);
	/* the library that TA 510 links: dlopen() of it works here too */
	EXPECT_EQ(TEEC_SUCCESS, dl_call(&s, LIB_A, "shlib_a", SHLIB_DL_FLAGS,
					1, &v));
	EXPECT_EQ(9u, v);
	TEEC_CloseSession(&s);
	EXPECT_TRUE(no_instances());
}

struct dl_case {
	const char *uuid, *sym;
	uint32_t flags;
	TEEC_Result want;	/* what the TA returns: dlopen or dlsym NULL */
	const char *log1, *log2;	/* the TA's log names the cause */
};

/*
 * dlopen() of each hostile library: NULL, the TA's log says why, the
 * session goes on serving; then a good library still loads.
 */
TEST_F_TIMEOUT(shlib, dlopen_refused, 90)
{
	static const struct dl_case cases[] = {
		{ LIB_MISSING, "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  "dlopen(\"" LIB_MISSING "\")", "not found" },
		{ LIB_UNSIGNED, "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  LIB_UNSIGNED, "no teekit signature header" },
		{ LIB_UNTRUSTED, "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  LIB_UNTRUSTED, "untrusted key" },
		{ LIB_TAMPERED, "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  LIB_TAMPERED, "tampered" },
		{ LIB_WRONG_UUID, "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  LIB_WRONG_UUID, "UUID mismatch" },
		{ LIB_IS_TA, "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  LIB_IS_TA, "is a TA, not a library" },
		{ LIB_CYCLE1, "shlib_cycle", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  "dependency cycle", LIB_CYCLE2 },
		{ "libfoo.so", "shlib_b", SHLIB_DL_FLAGS, TEEC_ERROR_ITEM_NOT_FOUND,
		  "dlopen(\"libfoo.so\")", "not a UUID" },
		{ LIB_DL, "shlib_square", 0x2, TEEC_ERROR_ITEM_NOT_FOUND,
		  "flags must be", NULL },
		{ LIB_DL, "no_such_symbol", SHLIB_DL_FLAGS, TEEC_ERROR_NOT_SUPPORTED,
		  "no symbol \"no_such_symbol\"", LIB_DL },
	};
	TEEC_Session s;
	uint32_t v;
	size_t i;

	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_DLOPEN, NULL, 0));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct dl_case *c = &cases[i];

		TH_LOG("dlopen(\"%s\", 0x%x), dlsym(\"%s\")", c->uuid, c->flags,
		       c->sym);
		EXPECT_EQ(c->want, dl_call(&s, c->uuid, c->sym, c->flags, 3, &v));
		EXPECT_TRUE(log_has(c->log1, c->log2));
	}
	/* still serving, and a good library loads */
	EXPECT_EQ(TEEC_SUCCESS, dl_call(&s, LIB_DL, "shlib_square",
					SHLIB_DL_FLAGS, 5, &v));
	EXPECT_EQ(25u, v);
	EXPECT_EQ(1, tahosts(TA_DLOPEN));
	TEEC_CloseSession(&s);
	EXPECT_TRUE(no_instances());
}

/* a library whose constructor crashes, loaded by dlopen(): the instance dies */
TEST_F_TIMEOUT(shlib, dlopen_crashing_constructor, 60)
{
	TEEC_Session s;
	uint32_t v;

	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_DLOPEN, NULL, 0));
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  dl_call(&s, LIB_CRASH, "shlib_ctor", SHLIB_DL_FLAGS, 1, &v));
	TEEC_CloseSession(&s);
	EXPECT_TRUE(no_instances());
	/* a new instance serves */
	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_DLOPEN, NULL, 0));
	EXPECT_EQ(TEEC_SUCCESS, dl_call(&s, LIB_DL, "shlib_square",
					SHLIB_DL_FLAGS, 4, &v));
	EXPECT_EQ(16u, v);
	TEEC_CloseSession(&s);
}

struct link_case {
	const char *ta;
	TEEC_Result want;
	const char *why1, *why2;	/* in the client's explanation */
};

/* TAs that link a hostile library: refused at open, each for its reason */
TEST_F_TIMEOUT(shlib, link_refused, 120)
{
	static const struct link_case cases[] = {
		{ TA_NEEDS_MISSING, TEEC_ERROR_ITEM_NOT_FOUND, LIB_MISSING, "not found" },
		{ TA_NEEDS_UNSIGNED, TEEC_ERROR_SECURITY, LIB_UNSIGNED,
		  "no teekit signature header" },
		{ TA_NEEDS_UNTRUSTED, TEEC_ERROR_SECURITY, LIB_UNTRUSTED, "untrusted key" },
		{ TA_NEEDS_TAMPERED, TEEC_ERROR_SECURITY, LIB_TAMPERED, "tampered" },
		{ TA_NEEDS_WRONG_UUID, TEEC_ERROR_SECURITY, LIB_WRONG_UUID,
		  "UUID mismatch" },
		{ TA_NEEDS_TA, TEEC_ERROR_BAD_FORMAT, LIB_IS_TA, "is a TA, not a library" },
		{ TA_NEEDS_CYCLE, TEEC_ERROR_BAD_FORMAT, "dependency cycle",
		  LIB_CYCLE1 " -> " LIB_CYCLE2 " -> " LIB_CYCLE1 },
		/* a library is not a TA: no session opens on it */
		{ LIB_B, TEEC_ERROR_BAD_FORMAT, LIB_B, "shared TA library, not a TA" },
	};
	char why[2048];
	TEEC_Session s;
	uint32_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct link_case *c = &cases[i];

		TH_LOG("open %s", c->ta);
		EXPECT_EQ(c->want, open_ta(&self->ctx, &s, c->ta, why, sizeof(why)));
		TH_LOG("  %s", why);
		EXPECT_TRUE(strstr(why, c->why1) && strstr(why, c->why2));
	}
	EXPECT_TRUE(no_instances());
	/* the stack still serves */
	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_LINKED, NULL, 0));
	EXPECT_EQ(TEEC_SUCCESS, value_cmd(&s, SHLIB_CMD_LINKED, 1, &v));
	EXPECT_EQ(9u, v);
	TEEC_CloseSession(&s);
}

/* a library whose constructor crashes, linked: the open fails, no instance */
TEST_F_TIMEOUT(shlib, link_crashing_constructor, 60)
{
	char why[2048];
	TEEC_Session s;

	EXPECT_NE(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_NEEDS_CRASH, why,
					sizeof(why)));
	TH_LOG("%s", why);
	EXPECT_TRUE(no_instances());
	EXPECT_TRUE(log_has(TA_NEEDS_CRASH, "signal"));
	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, TA_LINKED, NULL, 0));
	TEEC_CloseSession(&s);
}

struct opener {
	TEEC_Context *ctx;
	TEEC_Result r;
	double secs;
};

static void *open_slow(void *arg)
{
	struct opener *o = arg;
	struct timespec a, b;
	TEEC_Session s;

	clock_gettime(CLOCK_MONOTONIC, &a);
	o->r = open_ta(o->ctx, &s, TA_NEEDS_SLOW, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	o->secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	if (o->r == TEEC_SUCCESS)
		TEEC_CloseSession(&s);
	return NULL;
}

/*
 * The TA host is killed while it loads a library (its constructor sleeps
 * 3 s): the open fails at once rather than at the start deadline, nothing
 * is left, and the next open works.
 */
TEST_F_TIMEOUT(shlib, killed_while_loading, 60)
{
	struct opener o = { .ctx = &self->ctx };
	pthread_t t;
	pid_t pid = 0;
	int i;

	ASSERT_EQ(0, pthread_create(&t, NULL, open_slow, &o));
	for (i = 0; i < 250 && !pid; i++) {
		usleep(20000);
		pid = tahost_pid(TA_NEEDS_SLOW);
	}
	ASSERT_NE(0, pid);
	usleep(300000);		/* inside the constructor by now */
	EXPECT_EQ(0, kill(pid, SIGKILL));
	pthread_join(t, NULL);
	TH_LOG("open: 0x%08x after %.2f s", o.r, o.secs);
	EXPECT_NE(TEEC_SUCCESS, o.r);
	EXPECT_TRUE(no_instances());
	EXPECT_TRUE(log_has(TA_NEEDS_SLOW, "signal 9"));
}

TEST_HARNESS_MAIN
