// SPDX-License-Identifier: GPL-2.0-only
/*
 * stack.c - the whole teekit stack as a user runs it: teekit_sim,
 * tee-supplicant serving /dev/teepriv0 and loading TAs from --ta-path,
 * teekit-tos daemonized without --ta-dir, CAs through libteec, the
 * examples (hello_world, secure_reverse). Failure cases: TA not found,
 * no supplicant, supplicant killed mid-load, emulator restarted, many
 * clients of one single-instance TA.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <tee_client_api.h>

#include "harness.h"
#include "teetest.h"
#include "hello_world_ta.h"
#include "secure_reverse_ta.h"

#define SUPP		"/usr/sbin/tee-supplicant"
#define SUPP_LOG	"/tmp/it-supplicant.log"
#define TOS_LOG		"/tmp/it-tos.log"
#define TA_DIR		"/lib/optee_armtz"
#define DIR_A		"/tmp/it-ta-a"
#define DIR_B		"/tmp/it-ta-b"
#define HELLO_TA	TA_DIR "/e482899c-0ce3-4123-8bd9-3874877f2144.ta"
#define HELLO_NAME	"e482899c-0ce3-4123-8bd9-3874877f2144.ta"
#define REVERSE_UUID_S	"e53a211f-6394-4dc1-b40d-ed9fb52d4712"
#define TIMEOUT_PARAM	"/sys/module/teekit/parameters/supp_timeout_ms"

static const TEEC_UUID hello_uuid = TA_HELLO_WORLD_UUID;
static const TEEC_UUID reverse_uuid = TA_SECURE_REVERSE_UUID;
static const TEEC_UUID absent_uuid = { 0x0b5e0000, 0, 0x4000,
	{ 0x80, 0, 0, 0, 0, 0, 0, 0x01 } };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int count_in(const char *path, const char *needle)
{
	char cmd[512];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "grep -c '%s' %s", needle, path);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

/* tee-supplicant in the foreground, stderr to SUPP_LOG; pid once serving */
static pid_t supp_start(const char *ta_path)
{
	pid_t pid;
	int i, fd;

	unlink(SUPP_LOG);
	pid = fork();
	if (!pid) {
		fd = open(SUPP_LOG, O_WRONLY | O_CREAT | O_APPEND, 0644);
		dup2(fd, 2);
		execl(SUPP, SUPP, "--ta-path", ta_path, "/dev/teepriv0",
		      (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 250 && !tt_file_has(SUPP_LOG, "serving"); i++)
		usleep(20000);
	return tt_file_has(SUPP_LOG, "serving") ? pid : -1;
}

static void reap(pid_t pid, int sig)
{
	if (pid <= 0)
		return;
	kill(pid, sig);
	waitpid(pid, NULL, 0);
}

/* teekit-tos daemonized: returns 0 once attached (its exit status) */
static int tos_start(void)
{
	return tt_sh("teekit-tos --log " TOS_LOG);
}

static void tos_stop(void)
{
	tt_sh("pids=$(pidof teekit-tos) && kill $pids; i=0; while pidof teekit-tos >/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done");
}

static TEEC_Result open_ta(TEEC_Context *c, TEEC_Session *s,
			   const TEEC_UUID *u, uint32_t *origin)
{
	return TEEC_OpenSession(c, s, u, TEEC_LOGIN_PUBLIC, NULL, NULL, origin);
}

static TEEC_Result hello(TEEC_Context *c, uint32_t in, uint32_t *out,
			 uint32_t *origin)
{
	TEEC_Session s;
	TEEC_Operation op;
	TEEC_Result r;

	r = open_ta(c, &s, &hello_uuid, origin);
	if (r)
		return r;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = in;
	r = TEEC_InvokeCommand(&s, TA_HELLO_WORLD_CMD_INC, &op, origin);
	*out = op.params[0].value.a;
	TEEC_CloseSession(&s);
	return r;
}

FIXTURE(stack) {
	TEEC_Context ctx;
	pid_t supp;
};

FIXTURE_SETUP(stack)
{
	tt_sh("teekit-down >/dev/null 2>&1");
	unlink(TOS_LOG);
	ASSERT_EQ(0, tt_sh("modprobe teekit_sim"));
	ASSERT_EQ(0, tt_sh("rm -rf %s %s && mkdir -p %s %s", DIR_A, DIR_B,
			DIR_A, DIR_B));
	self->supp = -1;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
}

FIXTURE_TEARDOWN(stack)
{
	TEEC_FinalizeContext(&self->ctx);
	tos_stop();
	reap(self->supp, SIGTERM);
	tt_sh("rm -rf %s %s", DIR_A, DIR_B);
}

/* teekit-up / teekit-down, then the two example CAs as installed */
TEST_F_TIMEOUT(stack, helper_scripts_and_example_cas, 60)
{
	TEEC_FinalizeContext(&self->ctx);
	ASSERT_EQ(0, tt_sh("teekit-up --log " TOS_LOG));
	EXPECT_EQ(0, tt_sh("hello_world 41 | grep -q 'returned 42'"));
	EXPECT_EQ(0, tt_sh("secure_reverse 'teekit integration' >/dev/null"));
	EXPECT_EQ(0, tt_sh("teekit-down"));
	EXPECT_NE(0, tt_sh("pidof tee-supplicant teekit-tos >/dev/null"));
	EXPECT_NE(0, access("/sys/module/teekit_sim", F_OK));
	/* the fixture's teardown finalizes a context again */
	ASSERT_EQ(0, tt_sh("modprobe teekit_sim"));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
}

/* hello_world through libteec: the TA loaded via LOAD_TA RPC */
TEST_F(stack, hello_world_via_supplicant)
{
	uint32_t out = 0, origin = 0;

	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	ASSERT_EQ(TEEC_SUCCESS, hello(&self->ctx, 41, &out, &origin));
	EXPECT_EQ(42, out);
	EXPECT_TRUE(tt_file_has(TOS_LOG, "got 41, returning 42"));
	/* the daemon did not use a TA directory of its own */
	EXPECT_FALSE(tt_file_has(TOS_LOG, "--ta-dir"));
}

/* secure_reverse: whole (registered), partial (allocated), temp memrefs */
TEST_F(stack, secure_reverse_memrefs)
{
	char own[] = "abcdefgh";
	TEEC_SharedMemory reg, alloc;
	TEEC_Operation op;
	TEEC_Session s;
	uint32_t origin;
	char out[8];

	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, &reverse_uuid, &origin));

	memset(&reg, 0, sizeof(reg));
	reg.buffer = own;
	reg.size = 8;
	reg.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&self->ctx, &reg));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &reg;
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, 0, &op, &origin));
	EXPECT_EQ(0, memcmp(own, "hgfedcba", 8));
	EXPECT_EQ(8, op.params[1].value.a);
	TEEC_ReleaseSharedMemory(&reg);

	memset(&alloc, 0, sizeof(alloc));
	alloc.size = 8192;
	alloc.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &alloc));
	/* a window that crosses the page boundary */
	memcpy((char *)alloc.buffer + 4094, "123456", 6);
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &alloc;
	op.params[0].memref.offset = 4095;
	op.params[0].memref.size = 4;
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, 0, &op, &origin));
	EXPECT_EQ(0, memcmp((char *)alloc.buffer + 4094, "154326", 6));
	TEEC_ReleaseSharedMemory(&alloc);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = "xyz";
	op.params[0].tmpref.size = 3;
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = 2;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, TEEC_InvokeCommand(&s, 1, &op, &origin));
	EXPECT_EQ(3, op.params[1].tmpref.size);
	op.params[1].tmpref.size = sizeof(out);
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, 1, &op, &origin));
	EXPECT_EQ(3, op.params[1].tmpref.size);
	EXPECT_EQ(0, memcmp(out, "zyx", 3));
	TEEC_CloseSession(&s);
}

/* --ta-path A:B: B is searched when A lacks the TA; A wins when both have it */
TEST_F(stack, ta_path_first_match_wins)
{
	uint32_t out, origin = 0;

	self->supp = supp_start(DIR_A ":" DIR_B);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	ASSERT_EQ(0, tt_sh("cp %s %s/", HELLO_TA, DIR_B));
	EXPECT_EQ(TEEC_SUCCESS, hello(&self->ctx, 1, &out, &origin));
	EXPECT_EQ(2, out);
	/* a copy in A with one byte changed: A's is taken, and refused */
	ASSERT_EQ(0, tt_sh("cp %s %s/ && printf X | dd of=%s/%s bs=1 seek=2000 conv=notrunc status=none",
			HELLO_TA, DIR_A, DIR_A, HELLO_NAME));
	EXPECT_EQ(TEEC_ERROR_SECURITY, hello(&self->ctx, 1, &out, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TEE, origin);
	EXPECT_TRUE(tt_file_has(TOS_LOG, "tampered"));
	/* the legacy name (no last dash) is found too */
	ASSERT_EQ(0, tt_sh("rm %s/%s && mv %s/%s %s/e482899c-0ce3-4123-8bd93874877f2144.ta",
			DIR_A, HELLO_NAME, DIR_B, HELLO_NAME, DIR_A));
	EXPECT_EQ(TEEC_SUCCESS, hello(&self->ctx, 5, &out, &origin));
	EXPECT_EQ(6, out);
}

/* not found: ITEM_NOT_FOUND from the TEE, and the supplicant names the paths */
TEST_F(stack, ta_not_found)
{
	TEEC_Session s;
	uint32_t origin = 0;

	self->supp = supp_start(DIR_A ":" DIR_B);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  open_ta(&self->ctx, &s, &absent_uuid, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TEE, origin);
	EXPECT_TRUE(tt_file_has(SUPP_LOG, "0b5e0000-0000-4000-8000-000000000001"));
	EXPECT_TRUE(tt_file_has(SUPP_LOG, "searched " DIR_A ":" DIR_B));
	/* the hello TA is only in /lib/optee_armtz, not on this path */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  open_ta(&self->ctx, &s, &hello_uuid, &origin));
}

/* no supplicant: a defined error after supp_timeout_ms, no hang */
TEST_F(stack, no_supplicant_times_out)
{
	TEEC_Session s;
	uint32_t origin = 0;
	TEEC_Result r;
	double t;

	ASSERT_EQ(0, tt_sh("echo 1500 > " TIMEOUT_PARAM));
	ASSERT_EQ(0, tos_start());
	t = now();
	r = open_ta(&self->ctx, &s, &hello_uuid, &origin);
	t = now() - t;
	TH_LOG("no supplicant: 0x%08x origin %u after %.2f s", r, origin, t);
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION, r);
	EXPECT_GE(t, 1.0);
	EXPECT_LT(t, 4.5 * th_timeout_mult());
	/* the supplicant arrives: the same TA now loads */
	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	EXPECT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, &hello_uuid, &origin));
	TEEC_CloseSession(&s);
}

struct opener {
	TEEC_Context *ctx;
	TEEC_Result res;
	double secs;
};

static void *open_hello(void *arg)
{
	struct opener *o = arg;
	uint32_t out, origin;
	double t = now();

	o->res = hello(o->ctx, 7, &out, &origin);
	if (!o->res && out != 8)
		o->res = TEEC_ERROR_GENERIC;
	o->secs = now() - t;
	return NULL;
}

/*
 * The supplicant is stopped holding the LOAD_TA request, killed, and
 * restarted: the open ends (served by the new supplicant or failed with
 * COMMUNICATION) within the timeout, and the next open works.
 */
TEST_F(stack, supplicant_killed_mid_load)
{
	struct opener o = { .ctx = &self->ctx, .res = 1 };
	uint32_t out, origin;
	pthread_t th;

	ASSERT_EQ(0, tt_sh("echo 2000 > " TIMEOUT_PARAM));
	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	kill(self->supp, SIGSTOP);
	ASSERT_EQ(0, pthread_create(&th, NULL, open_hello, &o));
	usleep(500000);
	reap(self->supp, SIGKILL);
	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	pthread_join(th, NULL);
	TH_LOG("open during the kill: 0x%08x after %.2f s", o.res, o.secs);
	EXPECT_TRUE(o.res == TEEC_SUCCESS || o.res == TEEC_ERROR_COMMUNICATION);
	/* a bound against a hang, not a speed test (slower on a debug kernel) */
	EXPECT_LT(o.secs, 6.0 * th_timeout_mult());
	EXPECT_EQ(TEEC_SUCCESS, hello(&self->ctx, 9, &out, &origin));
	EXPECT_EQ(10, out);
}

struct canceller {
	TEEC_Context *ctx;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin;
};

static void *open_cancellable(void *arg)
{
	struct canceller *c = arg;
	TEEC_Session s;

	c->res = TEEC_OpenSession(c->ctx, &s, &hello_uuid, TEEC_LOGIN_PUBLIC,
				  NULL, &c->op, &c->origin);
	if (!c->res)
		TEEC_CloseSession(&s);
	return NULL;
}

/*
 * An open cancelled while the emulator loads its TA (the supplicant is
 * stopped holding LOAD_TA): TEEC_ERROR_CANCEL from the TEE, no instance
 * started, and the next open works.
 */
TEST_F(stack, cancel_open_during_load)
{
	struct canceller c = { .ctx = &self->ctx };
	uint32_t out, origin;
	pthread_t th;

	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	c.op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE,
					   TEEC_NONE);
	kill(self->supp, SIGSTOP);
	ASSERT_EQ(0, pthread_create(&th, NULL, open_cancellable, &c));
	usleep(500000);
	TEEC_RequestCancellation(&c.op);
	kill(self->supp, SIGCONT);
	pthread_join(th, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, c.res);
	EXPECT_EQ(TEEC_ORIGIN_TEE, c.origin);
	EXPECT_TRUE(tt_file_has(TOS_LOG, "cancelled while loading"));
	EXPECT_EQ(0, count_in(TOS_LOG, "instance .* started"));
	EXPECT_EQ(TEEC_SUCCESS, hello(&self->ctx, 9, &out, &origin));
	EXPECT_EQ(10, out);
	EXPECT_EQ(1, count_in(TOS_LOG, "instance .* started"));
}

/* a client killed while its TA loads: no instance for it, nothing stuck */
TEST_F(stack, client_killed_during_load)
{
	uint32_t out, origin;
	pid_t pid;

	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	kill(self->supp, SIGSTOP);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		TEEC_Context c;

		if (!TEEC_InitializeContext(NULL, &c))
			hello(&c, 1, &out, &origin);
		_exit(0);
	}
	usleep(500000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	kill(self->supp, SIGCONT);
	EXPECT_EQ(TEEC_SUCCESS, hello(&self->ctx, 9, &out, &origin));
	EXPECT_EQ(10, out);
}

/* the emulator dies and comes back; the supplicant keeps running */
TEST_F(stack, emulator_restart)
{
	TEEC_Session s, s2;
	uint32_t out, origin;
	TEEC_Result r;
	double t;

	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	ASSERT_EQ(TEEC_SUCCESS, open_ta(&self->ctx, &s, &reverse_uuid, &origin));
	tos_stop();
	t = now();
	r = open_ta(&self->ctx, &s2, &hello_uuid, &origin);
	TH_LOG("no emulator: 0x%08x origin %u after %.2f s", r, origin,
	       now() - t);
	EXPECT_NE(TEEC_SUCCESS, r);
	EXPECT_LT(now() - t, 3.0 * th_timeout_mult());
	ASSERT_EQ(0, tos_start());
	EXPECT_EQ(0, kill(self->supp, 0));
	EXPECT_EQ(TEEC_SUCCESS, hello(&self->ctx, 100, &out, &origin));
	EXPECT_EQ(101, out);
	/* the session of the dead emulator is gone, closing it is harmless */
	TEEC_CloseSession(&s);
}

#define CLIENTS	8
#define ROUNDS	25

struct client {
	pthread_barrier_t *bar;
	int id;
	int fails;
};

static void *reverse_client(void *arg)
{
	struct client *c = arg;
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;
	char in[32], out[32], want[32];
	int i, j, n;
	bool open = false;

	if (TEEC_InitializeContext(NULL, &ctx)) {
		c->fails++;
		pthread_barrier_wait(c->bar);
		pthread_barrier_wait(c->bar);
		return NULL;
	}
	if (open_ta(&ctx, &s, &reverse_uuid, &origin))
		c->fails++;
	else
		open = true;
	pthread_barrier_wait(c->bar);	/* every session is open */
	for (i = 0; open && i < ROUNDS; i++) {
		n = snprintf(in, sizeof(in), "client %d round %d", c->id, i);
		for (j = 0; j < n; j++)
			want[j] = in[n - 1 - j];
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						 TEEC_MEMREF_TEMP_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		op.params[0].tmpref.buffer = in;
		op.params[0].tmpref.size = n;
		op.params[1].tmpref.buffer = out;
		op.params[1].tmpref.size = sizeof(out);
		if (TEEC_InvokeCommand(&s, 1, &op, &origin) ||
		    op.params[1].tmpref.size != (size_t)n || memcmp(out, want, n))
			c->fails++;
	}
	pthread_barrier_wait(c->bar);	/* nobody closed before all ran */
	if (open)
		TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&ctx);
	return NULL;
}

/* 8 clients share one instance of the single-instance secure_reverse TA */
TEST_F_TIMEOUT(stack, many_clients_one_instance, 60)
{
	struct client c[CLIENTS];
	pthread_t th[CLIENTS];
	pthread_barrier_t bar;
	int i, fails = 0;

	self->supp = supp_start(TA_DIR);
	ASSERT_GT(self->supp, 0);
	ASSERT_EQ(0, tos_start());
	pthread_barrier_init(&bar, NULL, CLIENTS);
	for (i = 0; i < CLIENTS; i++) {
		c[i] = (struct client){ .bar = &bar, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, reverse_client, &c[i]));
	}
	for (i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		fails += c[i].fails;
	}
	EXPECT_EQ(0, fails);
	EXPECT_EQ(1, count_in(TOS_LOG, REVERSE_UUID_S ": instance .* started"));
}

TEST_HARNESS_MAIN
