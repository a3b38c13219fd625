// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TA reaches normal-world services end to end: CA -> libteec -> sim
 * driver -> TA -> tee_invoke_supp_plugin() -> the core routes the request
 * to a registered service daemon (teekit-svc-echo), or to tee-supplicant
 * when nobody registered that UUID.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "harness.h"
#include "teetest.h"
#include "svc_ta.h"

#define SVC_UUID	"7e57c000-0000-4000-8000-0000000000aa"
#define UNSERVED_UUID	"7e57c000-0000-4000-8000-0000000000bb"
#define SVC_CMD_ECHO	0
#define SVC_CMD_CLOCK	1
#define SVC_CMD_SLEEP	2

static const TEEC_UUID svc_ta = SVC_TA_UUID;

/* The client node of the sim driver (implementation id 1). */
static int sim_node(char *path, size_t len)
{
	struct tt_dev devs[TT_MAX_DEVS];
	int n = tt_find_devs(devs, TT_MAX_DEVS), i;

	(void)n;
	for (i = 0; i < 16; i++) {
		char attr[96];

		snprintf(attr, sizeof(attr), "/sys/class/tee/tee%d/implementation_id", i);
		if (tt_read_ll(attr) == TEE_IMPL_ID_OPTEE) {
			snprintf(path, len, "/dev/tee%d", i);
			return 0;
		}
	}
	return -1;
}

/* Starts teekit-svc-echo; returns its pid once it printed "ready". */
static pid_t start_daemon(const char *node)
{
	char line[64] = "";
	int p[2];
	pid_t pid;
	FILE *f;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execl("/usr/sbin/teekit-svc-echo", "teekit-svc-echo", "--device", node,
		      "--uuid", SVC_UUID, "--threads", "2", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	if (!f || !fgets(line, sizeof(line), f) || strncmp(line, "ready", 5)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	if (f)
		fclose(f);
	return pid;
}

FIXTURE(svc) {
	TEEC_Context ctx;
	TEEC_Session sess;
	pid_t daemon;
};

FIXTURE_SETUP(svc)
{
	char node[32];
	uint32_t origin;

	self->daemon = -1;
	ASSERT_EQ(0, tt_sh("teekit-up --log /tmp/svc-tos.log >/tmp/svc-up.log 2>&1"));
	ASSERT_EQ(0, sim_node(node, sizeof(node)));
	self->daemon = start_daemon(node);
	ASSERT_GT(self->daemon, 0);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(node, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_OpenSession(&self->ctx, &self->sess, &svc_ta,
						 TEEC_LOGIN_PUBLIC, NULL, NULL,
						 &origin));
}

FIXTURE_TEARDOWN(svc)
{
	TEEC_CloseSession(&self->sess);
	TEEC_FinalizeContext(&self->ctx);
	if (self->daemon > 0) {
		kill(self->daemon, SIGTERM);
		waitpid(self->daemon, NULL, 0);
	}
	tt_sh("teekit-down >/dev/null 2>&1");
}

/* The TA's SVC_CMD_CALL; returns the TA's result, fills *outlen. */
static TEEC_Result ta_call(TEEC_Session *s, const char *uuid, uint32_t cmd,
			   uint32_t sub_cmd, void *buf, size_t len,
			   uint32_t *outlen, uint32_t *origin)
{
	uint8_t u[16];
	TEEC_Operation op = { 0 };
	TEEC_Result res;

	tt_uuid_parse(uuid, u);
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_INOUT,
					 buf ? TEEC_MEMREF_TEMP_INOUT : TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = u;
	op.params[0].tmpref.size = sizeof(u);
	op.params[1].value.a = cmd;
	op.params[1].value.b = sub_cmd;
	op.params[2].tmpref.buffer = buf;
	op.params[2].tmpref.size = len;
	res = TEEC_InvokeCommand(s, SVC_CMD_CALL, &op, origin);
	*outlen = op.params[1].value.a;
	return res;
}

TEST_F(svc, ta_reaches_daemon_echo)
{
	char buf[32] = "hello, service";
	uint32_t out, origin;

	ASSERT_EQ(TEEC_SUCCESS, ta_call(&self->sess, SVC_UUID, SVC_CMD_ECHO, 0,
					buf, sizeof(buf), &out, &origin));
	ASSERT_EQ(sizeof(buf), out);
	ASSERT_STREQ("hello, service", buf);
}

TEST_F(svc, ta_reads_daemon_clock)
{
	uint8_t buf[8] = { 0 };
	uint64_t ns = 0;
	uint32_t out, origin;
	time_t now = time(NULL);
	int i;

	ASSERT_EQ(TEEC_SUCCESS, ta_call(&self->sess, SVC_UUID, SVC_CMD_CLOCK, 0,
					buf, sizeof(buf), &out, &origin));
	ASSERT_EQ(8, out);
	for (i = 7; i >= 0; i--)
		ns = ns << 8 | buf[i];
	ASSERT_LT(llabs((long long)(ns / 1000000000ull) - (long long)now), 60);
}

TEST_F(svc, unserved_uuid_is_item_not_found)
{
	char buf[8] = "x";
	uint32_t out, origin;

	ASSERT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  ta_call(&self->sess, UNSERVED_UUID, SVC_CMD_ECHO, 0, buf,
			  sizeof(buf), &out, &origin));
	ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
}

struct slow_call {
	TEEC_Session *s;
	TEEC_Result res;
};

static void *slow(void *arg)
{
	struct slow_call *c = arg;
	char buf[8] = "zz";
	uint32_t out, origin;

	c->res = ta_call(c->s, SVC_UUID, SVC_CMD_SLEEP, 5000, buf, sizeof(buf),
			 &out, &origin);
	return NULL;
}

/* The daemon dies while the TA waits on it: the TA gets TARGET_DEAD. */
TEST_F(svc, daemon_killed_mid_request)
{
	struct slow_call c = { .s = &self->sess };
	pthread_t th;

	ASSERT_EQ(0, pthread_create(&th, NULL, slow, &c));
	tt_msleep(500);
	ASSERT_EQ(0, kill(self->daemon, SIGKILL));
	waitpid(self->daemon, NULL, 0);
	self->daemon = -1;
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_EQ(TEEC_ERROR_TARGET_DEAD, c.res);
}

TEST_HARNESS_MAIN
