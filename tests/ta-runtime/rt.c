// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt: the TA runtime end to end (tests/ta-runtime/ta): every property set
 * and getter with its conversions and errors, the enumerator API, panics on
 * bad parameters (TARGET_DEAD), system and REE time, TA persistent time
 * across TA and emulator restarts (through tee-supplicant's REE FS), the
 * run-time trace level, the GP 1.1 variants, the installed SDK.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "rt_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define SUPP		"/usr/sbin/tee-supplicant"
#define TOS_LOG		"/tmp/teekit-tos-rt.log"
#define FS_ROOT		"/tmp/teekit-rt-fs"
#define TA_DIR		"/lib/optee_armtz"
#define MAIN_TA		RT_TA_UUID(01)
#define GP11_TA		RT_TA_UUID(02)
#define TIME_REC	FS_ROOT "/teekit-tatime/" MAIN_TA

static pid_t tos_start(void)
{
	pid_t pid = fork();

	if (!pid) {
		execl(TOS, TOS, "--foreground", "--ta-log-level", "2",
		      "--ta-dir", TA_DIR, "--log", TOS_LOG, (char *)NULL);
		_exit(127);
	}
	tt_wait_emulator();
	return pid;
}

static void stop(pid_t pid)
{
	tt_stop_daemon(pid);
}

static pid_t supp_start(void)
{
	pid_t pid;

	mkdir(FS_ROOT, 0700);
	pid = fork();
	if (!pid) {
		execl(SUPP, SUPP, "--fs-root", FS_ROOT, "--quiet", (char *)NULL);
		_exit(127);
	}
	usleep(300000);
	return pid;
}

static bool log_has(const char *needle)
{
	return tt_file_has(TOS_LOG, needle);
}

FIXTURE(rt) {
	pid_t tos, supp;
	TEEC_Context ctx;
	TEEC_Session s;
};

static TEEC_Result rt_open(TEEC_Context *c, TEEC_Session *s, const char *ta,
			   uint32_t login, uint32_t *origin)
{
	TEEC_UUID u;
	uint32_t o, gid = 0;

	tt_teec_uuid(ta, &u);
	return TEEC_OpenSession(c, s, &u, login,
				login == TEEC_LOGIN_GROUP ? &gid : NULL, NULL,
				origin ? origin : &o);
}

FIXTURE_SETUP(rt)
{
	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->tos = tos_start();
	ASSERT_LT(0, self->tos);
	self->supp = supp_start();
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &self->s, MAIN_TA,
					TEEC_LOGIN_PUBLIC, NULL));
}

FIXTURE_TEARDOWN(rt)
{
	TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	stop(self->tos);
	stop(self->supp);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

/* One property through the TA: value bytes into out (len in/out). */
static TEEC_Result prop(TEEC_Session *s, int set, int type, const char *name,
			void *out, size_t *len)
{
	TEEC_Operation op;
	uint32_t o;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].value.a = set;
	op.params[0].value.b = type;
	op.params[1].tmpref.buffer = (void *)name;
	op.params[1].tmpref.size = strlen(name) + 1;
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = *len;
	r = TEEC_InvokeCommand(s, RT_CMD_GET_PROP, &op, &o);
	*len = op.params[2].tmpref.size;
	return r;
}

static uint32_t prop_u32(TEEC_Session *s, int set, const char *name,
			 TEEC_Result *r)
{
	uint32_t v = 0;
	size_t len = sizeof(v);

	*r = prop(s, set, RT_U32, name, &v, &len);
	return v;
}

static bool prop_bool(TEEC_Session *s, int set, const char *name,
		      TEEC_Result *r)
{
	uint8_t v = 0;
	size_t len = 1;

	*r = prop(s, set, RT_BOOL, name, &v, &len);
	return v;
}

static TEEC_Result prop_str(TEEC_Session *s, int set, const char *name,
			    char *buf, size_t len)
{
	size_t l = len;

	return prop(s, set, RT_STRING, name, buf, &l);
}

static TEEC_Result invoke_v(TEEC_Session *s, uint32_t cmd, uint32_t a,
			    uint32_t b, uint32_t *oa, uint32_t *ob,
			    uint32_t *origin)
{
	TEEC_Operation op;
	uint32_t o;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_VALUE_INOUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = a;
	op.params[0].value.b = b;
	r = TEEC_InvokeCommand(s, cmd, &op, origin ? origin : &o);
	if (oa)
		*oa = op.params[0].value.a;
	if (ob)
		*ob = op.params[0].value.b;
	return r;
}

TEST_F(rt, tee_implementation_properties)
{
	TEEC_Result r;
	char buf[128];
	size_t len;
	uint8_t uuid[16];

	EXPECT_EQ(0x01030100u, prop_u32(&self->s, RT_SET_TEE,
					"gpd.tee.internalCore.version", &r));
	EXPECT_EQ(TEEC_SUCCESS, r);
	EXPECT_EQ(100u, prop_u32(&self->s, RT_SET_TEE,
				 "gpd.tee.systemTime.protectionLevel", &r));
	EXPECT_EQ(100u, prop_u32(&self->s, RT_SET_TEE,
				 "gpd.tee.TAPersistentTime.protectionLevel",
				 &r));
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TEE,
					 "gpd.tee.apiversion", buf, sizeof(buf)));
	EXPECT_STREQ("1.3.1", buf);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TEE,
					 "gpd.tee.trustedos.manufacturer", buf,
					 sizeof(buf)));
	EXPECT_STREQ("teekit", buf);
	len = sizeof(uuid);
	EXPECT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_TEE, RT_UUID,
				     "gpd.tee.deviceID", uuid, &len));
	/* the string form and the GP short-buffer protocol */
	len = 4;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER,
		  prop(&self->s, RT_SET_TEE, RT_STRING, "gpd.tee.deviceID", buf,
		       &len));
	EXPECT_EQ(37u, len);
	EXPECT_TRUE(prop_bool(&self->s, RT_SET_TEE, "gpd.tee.cryptography.ecc",
			      &r));
	EXPECT_EQ(TEEC_SUCCESS, r);
	prop_u32(&self->s, RT_SET_TEE, "gpd.tee.description", &r);
	EXPECT_EQ(TEEC_ERROR_BAD_FORMAT, r);
	prop_u32(&self->s, RT_SET_TEE, "gpd.tee.nothing", &r);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, r);
}

TEST_F(rt, client_identity_public_and_user)
{
	struct { uint32_t login; uint8_t uuid[16]; } id;
	uint8_t zero[16] = { 0 };
	TEEC_Session s2;
	size_t len = sizeof(id);
	char buf[64];

	memset(&id, 0xff, sizeof(id));
	ASSERT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_CLIENT, RT_IDENTITY,
				     "gpd.client.identity", &id, &len));
	EXPECT_EQ(TEEC_LOGIN_PUBLIC, id.login);
	EXPECT_EQ(0, memcmp(id.uuid, zero, 16));
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_CLIENT,
					 "gpd.client.identity", buf,
					 sizeof(buf)));
	EXPECT_STREQ("00000000:00000000-0000-0000-0000-000000000000", buf);

	/* a second session of the same instance, with a user login */
	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, MAIN_TA,
					TEEC_LOGIN_USER, NULL));
	len = sizeof(id);
	ASSERT_EQ(TEEC_SUCCESS, prop(&s2, RT_SET_CLIENT, RT_IDENTITY,
				     "gpd.client.identity", &id, &len));
	EXPECT_EQ(TEEC_LOGIN_USER, id.login);
	EXPECT_NE(0, memcmp(id.uuid, zero, 16));
	/* each session keeps its own client */
	len = sizeof(id);
	ASSERT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_CLIENT, RT_IDENTITY,
				     "gpd.client.identity", &id, &len));
	EXPECT_EQ(TEEC_LOGIN_PUBLIC, id.login);
	TEEC_CloseSession(&s2);
}

TEST_F(rt, current_ta_properties)
{
	TEEC_UUID want;
	TEEC_UUID got;
	TEEC_Result r;
	char buf[128];
	uint8_t bin[8];
	uint64_t u64;
	size_t len;

	tt_teec_uuid(MAIN_TA, &want);
	len = sizeof(got);
	EXPECT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_TA, RT_UUID,
				     "gpd.ta.appID", &got, &len));
	EXPECT_EQ(0, memcmp(&want, &got, sizeof(got)));
	EXPECT_TRUE(prop_bool(&self->s, RT_SET_TA, "gpd.ta.singleInstance", &r));
	EXPECT_TRUE(prop_bool(&self->s, RT_SET_TA, "gpd.ta.multiSession", &r));
	EXPECT_FALSE(prop_bool(&self->s, RT_SET_TA, "gpd.ta.instanceKeepAlive",
			       &r));
	EXPECT_EQ(TEEC_SUCCESS, r);
	EXPECT_EQ(2u << 20, prop_u32(&self->s, RT_SET_TA, "gpd.ta.dataSize", &r));
	EXPECT_EQ(32u << 10, prop_u32(&self->s, RT_SET_TA, "gpd.ta.stackSize",
				      &r));
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA, "gpd.ta.version",
					 buf, sizeof(buf)));
	EXPECT_STREQ("2.5", buf);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA,
					 "gpd.ta.description", buf,
					 sizeof(buf)));
	EXPECT_STREQ("teekit ta-runtime test TA", buf);
	/* custom properties (TA_CURRENT_TA_EXT_PROPERTIES) and conversions */
	EXPECT_TRUE(prop_bool(&self->s, RT_SET_TA, "rt.bool", &r));
	EXPECT_EQ(0xdeadbeefu, prop_u32(&self->s, RT_SET_TA, "rt.u32", &r));
	len = sizeof(u64);
	EXPECT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_TA, RT_U64, "rt.u64",
				     &u64, &len));
	EXPECT_EQ(0x1122334455667788ull, u64);
	len = sizeof(u64);
	EXPECT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_TA, RT_U64, "rt.u32",
				     &u64, &len));
	EXPECT_EQ(0xdeadbeefull, u64);
	prop_u32(&self->s, RT_SET_TA, "rt.u64", &r);
	EXPECT_EQ(TEEC_ERROR_BAD_FORMAT, r);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA, "rt.bool", buf,
					 sizeof(buf)));
	EXPECT_STREQ("true", buf);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA, "rt.u32", buf,
					 sizeof(buf)));
	EXPECT_STREQ("3735928559", buf);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA, "rt.uuid", buf,
					 sizeof(buf)));
	EXPECT_STREQ("01020304-0506-0708-090a-0b0c0d0e0f10", buf);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA, "rt.identity",
					 buf, sizeof(buf)));
	EXPECT_STREQ("f0000000:a1a2a3a4-b1b2-c1c2-d1d2-d3d4d5d6d7d8", buf);
	EXPECT_EQ(TEEC_SUCCESS, prop_str(&self->s, RT_SET_TA, "rt.string", buf,
					 sizeof(buf)));
	EXPECT_STREQ("hello props", buf);
	len = sizeof(bin);
	EXPECT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_TA, RT_BINARY,
				     "rt.binary", bin, &len));
	EXPECT_EQ(5u, len);
	EXPECT_EQ(0, memcmp(bin, "\0\1\2\3\4", 5));
	len = 2;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, prop(&self->s, RT_SET_TA, RT_BINARY,
						"rt.binary", bin, &len));
	EXPECT_EQ(5u, len);
	EXPECT_TRUE(prop_bool(&self->s, RT_SET_TA, "rt.str.true", &r));
	EXPECT_EQ(TEEC_SUCCESS, r);
	EXPECT_EQ(16u << 10, prop_u32(&self->s, RT_SET_TA, "rt.str.hex", &r));
	EXPECT_EQ(TEEC_SUCCESS, r);
	prop_u32(&self->s, RT_SET_TA, "rt.str.bad", &r);
	EXPECT_EQ(TEEC_ERROR_BAD_FORMAT, r);
	prop_bool(&self->s, RT_SET_TA, "rt.u32", &r);
	EXPECT_EQ(TEEC_ERROR_BAD_FORMAT, r);
	len = sizeof(got);
	EXPECT_EQ(TEEC_SUCCESS, prop(&self->s, RT_SET_TA, RT_UUID,
				     "rt.str.uuid", &got, &len));
	EXPECT_EQ(0x11223344u, got.timeLow);
	len = sizeof(got);
	EXPECT_EQ(TEEC_ERROR_BAD_FORMAT, prop(&self->s, RT_SET_TA, RT_UUID,
					      "rt.string", &got, &len));
	len = sizeof(buf);
	EXPECT_EQ(TEEC_ERROR_BAD_FORMAT, prop(&self->s, RT_SET_TA, RT_IDENTITY,
					      "rt.u32", buf, &len));
}

static char *enum_set(TEEC_Session *s, int set, char *buf, size_t len,
		      TEEC_Result *r)
{
	TEEC_Operation op;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = set;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = len - 1;
	*r = TEEC_InvokeCommand(s, RT_CMD_ENUM, &op, &o);
	buf[op.params[1].tmpref.size < len ? op.params[1].tmpref.size : 0] = 0;
	return buf;
}

TEST_F(rt, enumerators)
{
	static char buf[8192];
	uint32_t line = 1;
	TEEC_Result r;

	enum_set(&self->s, RT_SET_TEE, buf, sizeof(buf), &r);
	EXPECT_EQ(TEEC_SUCCESS, r);	/* every property read to the end */
	EXPECT_TRUE(strstr(buf, "gpd.tee.internalCore.version=16974080\n"));
	EXPECT_TRUE(strstr(buf, "gpd.tee.deviceID="));
	enum_set(&self->s, RT_SET_CLIENT, buf, sizeof(buf), &r);
	EXPECT_TRUE(strstr(buf, "gpd.client.identity=00000000:"));
	EXPECT_TRUE(strstr(buf, "gpd.client.endian=0\n"));
	enum_set(&self->s, RT_SET_TA, buf, sizeof(buf), &r);
	EXPECT_TRUE(strstr(buf, "gpd.ta.appID=" MAIN_TA "\n"));
	EXPECT_TRUE(strstr(buf, "gpd.ta.multiSession=true\n"));
	EXPECT_TRUE(strstr(buf, "rt.string=hello props\n"));
	EXPECT_TRUE(strstr(buf, "rt.binary=AAECAwQ=\n"));
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_ENUM_ERRORS, 0, 0,
					 &line, NULL, NULL));
	EXPECT_EQ(0u, line);
}

TEST_F(rt, bad_parameters_panic_the_ta)
{
	TEEC_Session s2;
	uint32_t o = 0;

	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  invoke_v(&self->s, RT_CMD_PANIC_BAD_ENUM, 0, 0, NULL, NULL, &o));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	EXPECT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, MAIN_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  invoke_v(&s2, RT_CMD_PANIC_NULL_VALUE, 0, 0, NULL, NULL, &o));
	TEEC_CloseSession(&s2);
	/* millis > 999 is a bad parameter of SetTAPersistentTime */
	EXPECT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, MAIN_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  invoke_v(&s2, RT_CMD_PTIME_SET, 5, 1000, NULL, NULL, &o));
	TEEC_CloseSession(&s2);
	EXPECT_TRUE(log_has("panicked with code 0xffff0006"));
}

TEST_F(rt, system_and_ree_time)
{
	uint32_t s1, m1, s2, m2;
	TEEC_Operation op;
	uint32_t o;
	time_t now;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_TIMES, &op,
						   &o));
	s1 = op.params[0].value.a;
	m1 = op.params[0].value.b;
	now = time(NULL);
	EXPECT_LE(llabs((long long)op.params[1].value.a - (long long)now), 2);
	EXPECT_LT(op.params[1].value.b, 1000u);
	usleep(50000);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_TIMES, &op,
						   &o));
	s2 = op.params[0].value.a;
	m2 = op.params[0].value.b;
	EXPECT_LT(m1, 1000u);
	EXPECT_LE(40ll, ((long long)s2 * 1000 + m2) - ((long long)s1 * 1000 + m1));
	/* TEE_Wait: 100 ms */
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_WAIT, 100, 0, NULL,
					 NULL, NULL));
}

TEST_F(rt, persistent_time_survives_ta_and_emulator_restart)
{
	uint32_t s = 0, ms = 0;
	int fd;

	unlink(TIME_REC);
	EXPECT_EQ(TEE_ERROR_TIME_NOT_SET,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_PTIME_SET, 1000, 250,
					 NULL, NULL, NULL));
	ASSERT_EQ(TEEC_SUCCESS,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	EXPECT_LE(1000u, s);
	EXPECT_GE(1002u, s);
	EXPECT_EQ(0, access(TIME_REC, F_OK));

	/* TA restart: the only session closes, the instance ends */
	TEEC_CloseSession(&self->s);
	usleep(200000);
	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &self->s, MAIN_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	ASSERT_EQ(TEEC_SUCCESS,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	EXPECT_LE(1000u, s);
	EXPECT_GE(1003u, s);

	/* emulator restart */
	TEEC_CloseSession(&self->s);
	stop(self->tos);
	self->tos = tos_start();
	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &self->s, MAIN_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	ASSERT_EQ(TEEC_SUCCESS,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	EXPECT_LE(1000u, s);
	EXPECT_GE(1005u, s);

	/* overflow: seconds wrap modulo 2^32 */
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_PTIME_SET,
					 0xffffffffu, 900, NULL, NULL, NULL));
	usleep(300000);
	EXPECT_EQ(TEE_ERROR_OVERFLOW,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	EXPECT_GE(3u, s);

	/* a damaged record needs a reset; setting the time again repairs it */
	fd = open(TIME_REC, O_WRONLY | O_TRUNC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "junk!", 5));
	close(fd);
	EXPECT_EQ(TEE_ERROR_TIME_NEEDS_RESET,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_PTIME_SET, 7, 0,
					 NULL, NULL, NULL));
	EXPECT_EQ(TEEC_SUCCESS,
		  invoke_v(&self->s, RT_CMD_PTIME_GET, 0, 0, &s, &ms, NULL));
	EXPECT_GE(8u, s);
}

TEST_F(rt, trace_level_changes_at_run_time)
{
	char want[64];

	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_LOG, 1, 0, NULL, NULL,
					 NULL));
	EXPECT_TRUE(log_has("rt info 1"));
	EXPECT_FALSE(log_has("rt debug 1"));
	/* SIGRTMIN+4 to the emulator: FLOW for live and new instances */
	kill(self->tos, SIGRTMIN + 4);
	usleep(200000);
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_LOG, 2, 0, NULL, NULL,
					 NULL));
	EXPECT_TRUE(log_has("rt flow 2"));
	snprintf(want, sizeof(want), "TA %s [", MAIN_TA);
	EXPECT_TRUE(log_has(want));
	EXPECT_TRUE(log_has("TA trace level set to 4"));
	kill(self->tos, SIGRTMIN + 1);
	usleep(200000);
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_LOG, 3, 0, NULL, NULL,
					 NULL));
	EXPECT_FALSE(log_has("rt info 3"));
}

TEST_F(rt, gp11_variants)
{
	TEEC_Session s2;
	uint32_t len = 0;

	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, GP11_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&s2, RT_CMD_GP11, 0, 0, &len, NULL,
					 NULL));
	EXPECT_EQ(4u, len);
	TEEC_CloseSession(&s2);
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  invoke_v(&self->s, RT_CMD_GP11, 0, 0, NULL, NULL, NULL));
}

/* RT_CMD_GP11_PARAMS on @s: in "hello", out of outlen, inout 1 2 3 4 */
static TEEC_Result gp11_params(TEEC_Session *s, size_t outlen, uint32_t v[2],
			       char *out, size_t *outsz, uint8_t io[4],
			       size_t *iosz)
{
	TEEC_Operation op;
	uint32_t o;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_MEMREF_TEMP_INOUT);
	op.params[1].tmpref.buffer = "hello";
	op.params[1].tmpref.size = 5;
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = outlen;
	op.params[3].tmpref.buffer = io;
	op.params[3].tmpref.size = 4;
	r = TEEC_InvokeCommand(s, RT_CMD_GP11_PARAMS, &op, &o);
	v[0] = op.params[0].value.a;
	v[1] = op.params[0].value.b;
	*outsz = op.params[2].tmpref.size;
	*iosz = op.params[3].tmpref.size;
	return r;
}

TEST_F(rt, gp11_param_layout_memrefs_values_short_buffer)
{
	uint8_t io[4] = { 1, 2, 3, 4 };
	char out[8] = "";
	size_t outsz = 0, iosz = 0;
	uint32_t v[2] = { 0 };
	TEEC_Session s2;

	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, GP11_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	/* the 1.1 build sees a 32-bit size; sizes come back right */
	EXPECT_EQ(TEEC_SUCCESS, gp11_params(&s2, sizeof(out), v, out, &outsz,
					    io, &iosz));
	EXPECT_EQ(4u, v[0]);
	EXPECT_EQ(5u, v[1]);
	EXPECT_EQ(5u, outsz);
	EXPECT_EQ(0, memcmp(out, "olleh", 5));
	EXPECT_EQ(3u, iosz);
	EXPECT_TRUE(io[0] == 2 && io[1] == 3 && io[2] == 4);
	/* short buffer: the size needed, nothing copied */
	memset(out, 0, sizeof(out));
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER,
		  gp11_params(&s2, 2, v, out, &outsz, io, &iosz));
	EXPECT_EQ(5u, outsz);
	EXPECT_EQ(0, out[0]);
	TEEC_CloseSession(&s2);
	/* the same source built for GP 1.3 has a 64-bit size */
	EXPECT_EQ(TEEC_SUCCESS, gp11_params(&self->s, sizeof(out), v, out,
					    &outsz, io, &iosz));
	EXPECT_EQ(8u, v[0]);
	EXPECT_EQ(5u, outsz);
}

static TEEC_Result gp11_size(TEEC_Session *s, size_t size, uint32_t v[2],
			     uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = NULL;	/* a size query */
	op.params[0].tmpref.size = size;
	r = TEEC_InvokeCommand(s, RT_CMD_GP11_SIZE, &op, origin);
	v[0] = op.params[1].value.a;
	v[1] = op.params[1].value.b;
	return r;
}

TEST_F(rt, gp11_memref_of_4gib_or_more_is_refused)
{
	uint32_t v[2] = { 0 }, o = 0;
	TEEC_Session s2;

	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, GP11_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  gp11_size(&s2, 5ull << 30, v, &o));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	EXPECT_TRUE(log_has("does not fit the GP 1.1 TEE_Param"));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  gp11_size(&s2, 4ull << 30, v, &o));
	/* 4 GiB - 1 fits */
	EXPECT_EQ(TEEC_SUCCESS, gp11_size(&s2, 0xffffffffu, v, &o));
	EXPECT_EQ(0xffffffffu, v[0]);
	EXPECT_EQ(0u, v[1]);
	TEEC_CloseSession(&s2);
	/* a GP 1.3 TA sees the whole size */
	EXPECT_EQ(TEEC_SUCCESS, gp11_size(&self->s, 5ull << 30, v, &o));
	EXPECT_EQ(0x40000000u, v[0]);
	EXPECT_EQ(1u, v[1]);
}

TEST_F(rt, gp11_ta_to_ta_caller_and_callee)
{
	uint32_t line = 99;
	TEEC_Session s2;

	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, GP11_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	/* a 1.1 caller (params with junk padding) and a 1.3 callee */
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&s2, RT_CMD_T2T, 0, 0, &line, NULL,
					 NULL));
	EXPECT_EQ(0u, line);
	/* a callee's size of 5 GiB reaches a 1.1 caller as 0xffffffff */
	line = 99;
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&s2, RT_CMD_T2T_BIG, 0, 0, &line,
					 NULL, NULL));
	EXPECT_EQ(0u, line);
	TEEC_CloseSession(&s2);
	/* a 1.3 caller and the 1.1 build as callee */
	line = 99;
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T, 0, 0x02, &line,
					 NULL, NULL));
	EXPECT_EQ(0u, line);
	line = 99;
	EXPECT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T_BIG, 0, 0,
					 &line, NULL, NULL));
	EXPECT_EQ(0u, line);
}

TEST_F(rt, gp11_flag_shown_by_teectl_and_teekit_sign)
{
	char cmd[256];

	EXPECT_EQ(0, system("teectl ta list | grep '^" GP11_TA ".*gp11'"));
	EXPECT_NE(0, system("teectl ta list | grep '^" MAIN_TA ".*gp11'"));
	snprintf(cmd, sizeof(cmd),
		 "teekit-sign --info --in " TA_DIR "/%s.ta | grep -x 'params:    GP 1.1 (32-bit memref sizes)'",
		 GP11_TA);
	EXPECT_EQ(0, system(cmd));
	snprintf(cmd, sizeof(cmd),
		 "teekit-sign --info --in " TA_DIR "/%s.ta | grep -x 'params:    GP 1.3'",
		 MAIN_TA);
	EXPECT_EQ(0, system(cmd));
}

/* ---- TEE_CheckMemoryAccessRights (tests/ta-runtime/ta/mem.c) ---- */

#define MEM_TA		RT_TA_UUID(04)

/* pid of the teekit-tahost running @uuid, or -1 */
static pid_t tahost_pid(const char *uuid)
{
	char path[300], cmd[512];
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t pid = -1;
	ssize_t n, i;
	int fd;

	while (d && pid < 0 && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, cmd, sizeof(cmd) - 1);
		close(fd);
		if (n <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (!cmd[i])
				cmd[i] = ' ';
		cmd[n] = 0;
		if (strstr(cmd, "teekit-tahost") && strstr(cmd, uuid))
			pid = atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return pid;
}

/*
 * From the TA host's maps: the first PROT_NONE mapping of the TA's ELF
 * (none_lo..none_hi) and the start of its stack.
 */
static bool ta_maps(pid_t pid, const char *uuid, uint64_t *none_lo,
		    uint64_t *none_hi, uint64_t *stack)
{
	char path[64], line[512];
	unsigned long long s, e;
	char perms[8];
	FILE *f;

	*none_lo = *none_hi = *stack = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx %7s", &s, &e, perms) != 3)
			continue;
		if (!*none_lo && !strcmp(perms, "---p") && strstr(line, uuid)) {
			*none_lo = s;
			*none_hi = e;
		}
		if (strstr(line, "[stack]"))
			*stack = s;
	}
	fclose(f);
	return *none_lo && *stack;
}

static uint32_t mem_check(TEEC_Session *s, uint64_t addr, uint32_t size,
			  uint32_t flags)
{
	TEEC_Operation op;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE);
	op.params[0].value.a = (uint32_t)addr;
	op.params[0].value.b = addr >> 32;
	op.params[1].value.a = size;
	op.params[1].value.b = flags;
	op.params[2].value.a = 0x55555555;
	if (TEEC_InvokeCommand(s, RT_CMD_MEM_CHECK, &op, &o))
		return 0x55555555;
	return op.params[2].value.a;
}

#define MR	0x1u	/* TEE_MEMORY_ACCESS_READ */
#define MW	0x2u	/* TEE_MEMORY_ACCESS_WRITE */
#define MANY	0x4u	/* TEE_MEMORY_ACCESS_ANY_OWNER */
#define DENIED	TEEC_ERROR_ACCESS_DENIED

TEST_F(rt, check_memory_access_rights_own_memory)
{
	uint32_t line = 99;
	TEEC_Session s2;

	/* stack, heap, data, .rodata, .text, one range over the segments */
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_MEM_SELF, 0, 0,
					 &line, NULL, NULL));
	EXPECT_EQ(0u, line);
	/* the build with PROT_NONE pages between its segments */
	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, MEM_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	line = 99;
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&s2, RT_CMD_MEM_SELF, 0, 0, &line,
					 NULL, NULL));
	EXPECT_EQ(0u, line);
	TEEC_CloseSession(&s2);
}

TEST_F(rt, check_memory_access_rights_prot_none_and_unmapped)
{
	uint64_t lo, hi, stack;
	TEEC_Session s2;
	pid_t pid;

	ASSERT_EQ(TEEC_SUCCESS, rt_open(&self->ctx, &s2, MEM_TA,
					TEEC_LOGIN_PUBLIC, NULL));
	pid = tahost_pid(MEM_TA);
	ASSERT_LT(0, pid);
	ASSERT_TRUE(ta_maps(pid, MEM_TA, &lo, &hi, &stack));
	TH_LOG("PROT_NONE %llx-%llx, stack at %llx", (unsigned long long)lo,
	       (unsigned long long)hi, (unsigned long long)stack);
	/* a PROT_NONE page between the TA's segments: mapped, no access */
	EXPECT_EQ(DENIED, mem_check(&s2, lo, 4096, MR));
	EXPECT_EQ(DENIED, mem_check(&s2, lo, 4096, MW));
	EXPECT_EQ(DENIED, mem_check(&s2, lo, 4096, MR | MANY));
	EXPECT_EQ(TEEC_SUCCESS, mem_check(&s2, lo, 4096, 0));
	/* ranges that end or start in it */
	EXPECT_EQ(DENIED, mem_check(&s2, lo - 16, 32, MR));
	EXPECT_EQ(DENIED, mem_check(&s2, hi - 16, 32, MR));
	EXPECT_EQ(TEEC_SUCCESS, mem_check(&s2, lo - 16, 16, MR));
	/* the guard gap below the stack is not mapped */
	EXPECT_EQ(DENIED, mem_check(&s2, stack - 4096, 4096, 0));
	EXPECT_EQ(DENIED, mem_check(&s2, stack - 4096, 16, MR));
	EXPECT_EQ(DENIED, mem_check(&s2, stack - 16, 32, MR | MW));
	EXPECT_EQ(TEEC_SUCCESS, mem_check(&s2, stack, 32, MR | MW));
	/* page 0 */
	EXPECT_EQ(DENIED, mem_check(&s2, 0, 4096, 0));
	TEEC_CloseSession(&s2);
}

TEST_F(rt, check_memory_access_rights_client_memrefs)
{
	char in[64] = "input", out[64], io[64] = "inout";
	TEEC_SharedMemory shm;
	TEEC_Operation op;
	uint32_t o;

	/* temporary memrefs: input is a read-only view, none is the TA's */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_MEMREF_TEMP_INOUT,
					 TEEC_VALUE_OUTPUT);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = sizeof(in);
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = sizeof(out);
	op.params[2].tmpref.buffer = io;
	op.params[2].tmpref.size = sizeof(io);
	op.params[3].value.a = 99;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_MEM_PARAMS,
						   &op, &o));
	EXPECT_EQ(0u, op.params[3].value.a);
	/* the same rules for parts of registered shared memory */
	memset(&shm, 0, sizeof(shm));
	shm.size = 3 * 4096;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_MEMREF_PARTIAL_INOUT,
					 TEEC_VALUE_OUTPUT);
	op.params[0].memref.parent = &shm;
	op.params[0].memref.size = 100;
	op.params[1].memref.parent = &shm;
	op.params[1].memref.offset = 4000;
	op.params[1].memref.size = 200;
	op.params[2].memref.parent = &shm;
	op.params[2].memref.offset = 8192;
	op.params[2].memref.size = 4096;
	op.params[3].value.a = 99;
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_MEM_PARAMS,
						   &op, &o));
	EXPECT_EQ(0u, op.params[3].value.a);
	TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(rt, sdk_is_installed)
{
	EXPECT_EQ(0, access("/usr/share/teekit/sdk/ta.mk", R_OK));
	EXPECT_EQ(0, access("/usr/share/teekit/sdk/src/ta_header.c", R_OK));
	EXPECT_EQ(0, access("/usr/share/teekit/sdk/template/Makefile", R_OK));
	EXPECT_EQ(0, access("/usr/include/teekit-ta/tee_internal_api.h", R_OK));
	EXPECT_EQ(0, access("/usr/include/teekit-ta/util.h", R_OK));
	EXPECT_EQ(0, access("/usr/share/pkgconfig/teekit-ta.pc", R_OK));
}

/* ---- TA-to-TA (tests/ta-runtime/ta/t2t.c; callee: build 03) ---- */

#define CALLEE_TA	RT_TA_UUID(03)

static TEEC_Result invoke_2v(TEEC_Session *s, uint32_t cmd, uint32_t v[4],
			     uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	r = TEEC_InvokeCommand(s, cmd, &op, origin);
	v[0] = op.params[0].value.a;
	v[1] = op.params[0].value.b;
	v[2] = op.params[1].value.a;
	v[3] = op.params[1].value.b;
	return r;
}

/* the callee's session count as a client sees it (its own included) */
static uint32_t callee_sessions(TEEC_Context *ctx)
{
	TEEC_Session s;
	uint32_t n = 0;

	if (rt_open(ctx, &s, CALLEE_TA, TEEC_LOGIN_PUBLIC, NULL))
		return 1000;
	invoke_v(&s, RT_CMD_COUNT, 0, 0, &n, NULL, NULL);
	TEEC_CloseSession(&s);
	return n;
}

TEST_F(rt, ta_to_ta_open_invoke_close)
{
	uint32_t line = 99, o = 0;

	/* identity, values, memrefs, sizes, SHORT_BUFFER: checked inside */
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T, 0, 0, &line,
					 NULL, &o));
	EXPECT_EQ(0u, line);
	/* twice: nothing leaked, and the callee's session was closed */
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T, 0, 0, &line,
					 NULL, &o));
	EXPECT_EQ(0u, line);
	EXPECT_EQ(1u, callee_sessions(&self->ctx));
}

TEST_F(rt, ta_to_ta_callee_not_found)
{
	uint32_t ret = 0, origin = 0;

	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T_OPEN, 0x99, 0,
					 &ret, &origin, NULL));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, ret);
	EXPECT_EQ(TEEC_ORIGIN_TEE, origin);
	/* and an existing one opens */
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T_OPEN, 0x03, 0,
					 &ret, &origin, NULL));
	EXPECT_EQ(TEEC_SUCCESS, ret);
}

TEST_F(rt, ta_to_ta_callee_panics_caller_survives)
{
	uint32_t v[4] = { 0 }, line = 99;

	ASSERT_EQ(TEEC_SUCCESS, invoke_2v(&self->s, RT_CMD_T2T_PANIC, v,
					  NULL));
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, v[0]);
	EXPECT_EQ(TEEC_ORIGIN_TEE, v[1]);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD, v[2]);	/* the session is dead */
	EXPECT_EQ(TEEC_ORIGIN_TEE, v[3]);
	EXPECT_TRUE(log_has("panicked with code 0x000007a2"));
	/* the caller still serves, and a new callee instance too */
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T, 0, 0, &line,
					 NULL, NULL));
	EXPECT_EQ(0u, line);
}

TEST_F(rt, ta_to_ta_session_closed_when_caller_dies)
{
	uint32_t n = 0, o = 0;
	int i;

	ASSERT_EQ(1u, callee_sessions(&self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, invoke_v(&self->s, RT_CMD_T2T_HOLD, 0, 0, &n,
					 NULL, NULL));
	EXPECT_EQ(1u, n);
	EXPECT_EQ(2u, callee_sessions(&self->ctx));	/* held + ours */
	/* the caller panics with the session open */
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  invoke_v(&self->s, RT_CMD_PANIC_BAD_ENUM, 0, 0, NULL, NULL,
			   &o));
	for (i = 0; i < 100 && (n = callee_sessions(&self->ctx)) != 1; i++)
		usleep(10000);
	EXPECT_EQ(1u, n);
}

TEST_F(rt, ta_to_ta_bad_handle_panics_the_caller)
{
	uint32_t o = 0;

	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  invoke_v(&self->s, RT_CMD_T2T_BAD_HANDLE, 0, 0, NULL, NULL,
			   &o));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
}

/* ---- TA-to-TA cancellation (RT_CMD_T2T_WAIT) ---- */

struct t2t_wait {
	TEEC_Session *s;
	TEEC_Operation op;
	TEEC_Result r;
};

static void t2t_wait_op(TEEC_Operation *op, uint32_t timeout, uint32_t ms,
			bool unmask)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_VALUE_INOUT,
					  TEEC_NONE, TEEC_NONE);
	op->params[0].value.a = timeout;
	op->params[0].value.b = ms;
	op->params[1].value.a = unmask;
}

static void *t2t_wait_thread(void *p)
{
	struct t2t_wait *w = p;
	uint32_t o;

	w->r = TEEC_InvokeCommand(w->s, RT_CMD_T2T_WAIT, &w->op, &o);
	return NULL;
}

/* no session, call or instance left behind by the nested calls */
static void t2t_clean(struct th_meta *_metadata, TEEC_Context *ctx)
{
	EXPECT_EQ(1u, callee_sessions(ctx));
	ASSERT_EQ(0, access("/sys/kernel/debug/teekit_sim/state", R_OK));
	EXPECT_NE(0, system("grep '^call ' /sys/kernel/debug/teekit_sim/state"));
}

TEST_F(rt, ta_to_ta_cancellation_request_timeout)
{
	struct t2t_wait w = { .s = &self->s };
	uint32_t o;

	/* the callee waits 20 s; the caller's timeout is 300 ms */
	t2t_wait_op(&w.op, 300, 20000, false);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_T2T_WAIT,
						   &w.op, &o));
	EXPECT_EQ(TEEC_ERROR_CANCEL, w.op.params[0].value.a);
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, w.op.params[0].value.b);
	EXPECT_LE(290u, w.op.params[1].value.b);
	EXPECT_GT(10000u, w.op.params[1].value.b);
	/* the timeout cancelled the nested call only */
	EXPECT_EQ(0u, w.op.params[1].value.a);
	/* an infinite timeout and a short wait: not cancelled */
	t2t_wait_op(&w.op, 0xffffffffu /* TEE_TIMEOUT_INFINITE */, 200, false);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_T2T_WAIT,
						   &w.op, &o));
	EXPECT_EQ(TEEC_SUCCESS, w.op.params[0].value.a);
	EXPECT_LE(190u, w.op.params[1].value.b);
	/* a timeout longer than the wait does not fire */
	t2t_wait_op(&w.op, 5000, 200, false);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, RT_CMD_T2T_WAIT,
						   &w.op, &o));
	EXPECT_EQ(TEEC_SUCCESS, w.op.params[0].value.a);
	t2t_clean(_metadata, &self->ctx);
}

TEST_F(rt, ta_to_ta_client_cancel_reaches_the_nested_call)
{
	struct t2t_wait w = { .s = &self->s };
	pthread_t th;

	t2t_wait_op(&w.op, 0xffffffffu /* TEE_TIMEOUT_INFINITE */, 20000, true);
	ASSERT_EQ(0, pthread_create(&th, NULL, t2t_wait_thread, &w));
	usleep(500000);
	TEEC_RequestCancellation(&w.op);
	pthread_join(th, NULL);
	ASSERT_EQ(TEEC_SUCCESS, w.r);
	EXPECT_EQ(TEEC_ERROR_CANCEL, w.op.params[0].value.a);
	EXPECT_GT(10000u, w.op.params[1].value.b);
	EXPECT_EQ(1u, w.op.params[1].value.a);	/* the caller's flag too */
	t2t_clean(_metadata, &self->ctx);
}

TEST_F(rt, ta_to_ta_masked_caller_keeps_the_nested_call)
{
	struct t2t_wait w = { .s = &self->s };
	pthread_t th;

	/* the caller keeps cancellation masked: the callee waits it out */
	t2t_wait_op(&w.op, 0xffffffffu /* TEE_TIMEOUT_INFINITE */, 1500, false);
	ASSERT_EQ(0, pthread_create(&th, NULL, t2t_wait_thread, &w));
	usleep(300000);
	TEEC_RequestCancellation(&w.op);
	pthread_join(th, NULL);
	ASSERT_EQ(TEEC_SUCCESS, w.r);
	EXPECT_EQ(TEEC_SUCCESS, w.op.params[0].value.a);
	EXPECT_LE(1490u, w.op.params[1].value.b);
	/* the cancel did reach the caller, seen once it unmasked */
	EXPECT_EQ(1u, w.op.params[1].value.a);
	t2t_clean(_metadata, &self->ctx);
}

TEST_HARNESS_MAIN
