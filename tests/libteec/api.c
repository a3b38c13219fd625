// SPDX-License-Identifier: GPL-2.0-only
/*
 * libteec: every GP function and parameter type against the test driver's
 * ECHO TA (docs/test-driver.md): contexts, sessions, values, temporary
 * memrefs, whole and partial memrefs on allocated, registered and shadowed
 * memory, size updates and SHORT_BUFFER, NULL memrefs, and the errors the
 * library itself reports (origin API).
 */
#include <sys/mman.h>

#include "teec_test.h"

FIXTURE(api) {
	struct tt_dev dev;
	TEEC_Context ctx;
	TEEC_Session s;
	bool open;
};

FIXTURE_SETUP(api)
{
	uint32_t origin = 0;

	ASSERT_EQ(0, tq_setup(&self->dev));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&self->ctx, &self->s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC,
					NULL, NULL, &origin));
	ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	self->open = true;
}

FIXTURE_TEARDOWN(api)
{
	if (self->open)
		TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	/* nothing of the library may outlive the context */
	EXPECT_EQ(0, tt_wait_counters_zero(&self->dev, 2000));
}

static TEEC_Result invoke(struct th_fixture_data_api *self, uint32_t cmd, TEEC_Operation *op,
			  uint32_t *origin)
{
	return TEEC_InvokeCommand(&self->s, cmd, op, origin);
}

/* ------------------------------------------------------------ contexts */

TEST(context_null)
{
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_InitializeContext(NULL, NULL));
	TEEC_FinalizeContext(NULL);
}

TEST(context_by_name)
{
	struct tt_dev dev;
	TEEC_Context c;

	ASSERT_EQ(0, tq_setup(&dev));
	/* a device path, whatever TEEC_DEVICE says */
	setenv("TEEC_DEVICE", "/dev/does-not-exist", 1);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(dev.client, &c));
	EXPECT_TRUE(TQ_CTX(&c)->reg_mem);
	EXPECT_TRUE(TQ_CTX(&c)->memref_null);
	TEEC_FinalizeContext(&c);
	EXPECT_EQ(-1, TQ_CTX(&c)->fd);
	setenv("TEEC_DEVICE", dev.client, 1);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext("teekit-test", &c));
	TEEC_FinalizeContext(&c);
	/* a name OP-TEE's libteec does not know: ITEM_NOT_FOUND (below) */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InitializeContext("any-other-name", &c));
	/* OP-TEE's name wants impl_id 1: not the test driver */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InitializeContext("optee-tz", &c));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InitializeContext("/dev/does-not-exist", &c));
	/* not a TEE device */
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED, TEEC_InitializeContext("/dev/null", &c));
}

TEST(context_shared_by_sessions)
{
	TEEC_Session s[8];
	struct tt_dev dev;
	TEEC_Context c;
	int i;

	ASSERT_EQ(0, tq_setup(&dev));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(TEEC_SUCCESS, tq_open(&c, &s[i], TT_UUID_ECHO, TEEC_LOGIN_PUBLIC,
						NULL, NULL, NULL));
	EXPECT_EQ(8, tt_counter(&dev, "sessions"));
	for (i = 0; i < 8; i++)
		TEEC_CloseSession(&s[i]);
	EXPECT_EQ(0, tt_counter(&dev, "sessions"));
	TEEC_CloseSession(NULL);
	TEEC_FinalizeContext(&c);
}

/* ------------------------------------------------------------ sessions */

TEST_F(api, open_unknown_ta)
{
	TEEC_Session s;
	uint32_t origin = 0;

	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, tq_open(&self->ctx, &s, TT_UUID_NONE,
						     TEEC_LOGIN_PUBLIC, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TEE, origin);
	/* the nil UUID names no TA either */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, tq_open(&self->ctx, &s,
		  "00000000-0000-0000-0000-000000000000", TEEC_LOGIN_PUBLIC, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TEE, origin);
	EXPECT_EQ(1, tt_counter(&self->dev, "sessions"));
}

TEST_F(api, open_null_args)
{
	TEEC_UUID u;
	TEEC_Session s;
	uint32_t origin = 0;

	tq_uuid(TT_UUID_ECHO, &u);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  TEEC_OpenSession(NULL, &s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	origin = 0;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  TEEC_OpenSession(&self->ctx, NULL, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	origin = 0;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  TEEC_OpenSession(&self->ctx, &s, NULL, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	/* returnOrigin is optional */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  TEEC_OpenSession(&self->ctx, &s, NULL, TEEC_LOGIN_PUBLIC, NULL, NULL, NULL));
}

TEST_F(api, open_bad_login)
{
	static const uint32_t bad[] = { 3, 7, 0x80000000, 0xBFFFFFFF, 0xffffffff };
	TEEC_Session s;
	uint32_t origin;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		origin = 0;
		EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, tq_open(&self->ctx, &s, TT_UUID_ECHO, bad[i],
							     NULL, NULL, &origin));
		EXPECT_EQ(TEEC_ORIGIN_API, origin);
	}
	/* GROUP logins need the gid */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, tq_open(&self->ctx, &s, TT_UUID_ECHO,
		  TEEC_LOGIN_GROUP, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, tq_open(&self->ctx, &s, TT_UUID_ECHO,
		  TEEC_LOGIN_GROUP_APPLICATION, NULL, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	EXPECT_EQ(1, tt_counter(&self->dev, "sessions"));
}

TEST_F(api, open_denied_by_ta)
{
	TEEC_Operation op;
	TEEC_Session s;
	uint32_t origin = 0;

	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0xdead;
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED, tq_open(&self->ctx, &s, TT_UUID_ECHO,
						    TEEC_LOGIN_PUBLIC, NULL, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	EXPECT_EQ(1, tt_counter(&self->dev, "sessions"));
}

TEST_F(api, open_with_params)
{
	TEEC_Operation op;
	TEEC_Session s;
	char buf[32] = "open";

	TQ_OP(op, TEEC_VALUE_INOUT, TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_OUTPUT, TEEC_NONE);
	op.params[0].value.a = 1;
	op.params[0].value.b = 2;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = sizeof(buf);
	op.params[2].value.a = 77;
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&self->ctx, &s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL,
					&op, NULL));
	EXPECT_EQ(1, op.started);
	TEEC_CloseSession(&s);
}

TEST_F(api, invoke_null_args)
{
	TEEC_Session bad = { 0 };
	uint32_t origin = 0;

	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_InvokeCommand(NULL, 0, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	origin = 0;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_InvokeCommand(&bad, 0, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	/* no operation at all is fine */
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_NOP, NULL, &origin));
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_NOP, NULL, NULL));
}

TEST_F(api, invoke_closed_session)
{
	TEEC_Session s, copy;
	uint32_t origin = 0;

	ASSERT_EQ(TEEC_SUCCESS, tq_open(&self->ctx, &s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL,
					NULL, NULL));
	copy = s;
	TEEC_CloseSession(&s);
	/* the driver no longer knows the id: EINVAL from the driver, origin COMMS */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_InvokeCommand(&copy, TT_CMD_NOP, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_COMMS, origin);
}

/* -------------------------------------------------------------- values */

TEST_F(api, value_add)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 40;
	op.params[0].value.b = 2;
	op.params[1].value.a = 0xffffffff;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_ADD, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	EXPECT_EQ(42, op.params[1].value.a);
	EXPECT_EQ(40, op.params[0].value.a);
	/* values are 32-bit in GP: the sum is truncated */
	op.params[0].value.a = 0xffffffff;
	op.params[0].value.b = 3;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_ADD, &op, &origin));
	EXPECT_EQ(2, op.params[1].value.a);
}

TEST_F(api, value_inout_output)
{
	TEEC_Operation op;

	TQ_OP(op, TEEC_VALUE_INOUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT);
	op.params[0].value.a = 0x11111111;
	op.params[0].value.b = 0x22222222;
	op.params[1].value.a = 5;
	op.params[1].value.b = 6;
	op.params[2].value.a = 7;
	op.params[3].value.b = 8;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_NOP, &op, NULL));
	EXPECT_EQ(0x11111111, op.params[0].value.a);
	EXPECT_EQ(0x22222222, op.params[0].value.b);
	EXPECT_EQ(0, op.params[1].value.a);
	EXPECT_EQ(0, op.params[1].value.b);
	EXPECT_EQ(7, op.params[2].value.a);
	EXPECT_EQ(0, op.params[3].value.b);
}

TEST_F(api, ret_and_origin_passthrough)
{
	static const uint32_t res[][2] = {
		{ TEEC_ERROR_TARGET_DEAD, TEEC_ORIGIN_TEE },
		{ TEEC_ERROR_GENERIC, TEEC_ORIGIN_TRUSTED_APP },
		{ 0x12345678, TEEC_ORIGIN_TRUSTED_APP },
		{ TEEC_ERROR_COMMUNICATION, TEEC_ORIGIN_COMMS },
	};
	TEEC_Operation op;
	uint32_t origin;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(res); i++) {
		TQ_OP(op, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		op.params[0].value.a = res[i][0];
		op.params[0].value.b = res[i][1];
		origin = 0;
		EXPECT_EQ(res[i][0], invoke(self, TT_CMD_RET, &op, &origin));
		EXPECT_EQ(res[i][1], origin);
	}
}

TEST_F(api, ta_rejects_params)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, 0x777, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	/* ADD without its output */
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_ADD, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
}

TEST_F(api, bad_param_types)
{
	static const uint32_t bad[] = { 4, 8, 9, 0xa, 0xb };
	TEEC_Operation op;
	uint32_t origin;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		TQ_OP(op, TEEC_NONE, TEEC_NONE, TEEC_NONE, bad[i]);
		origin = 0;
		EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_NOP, &op, &origin));
		EXPECT_EQ(TEEC_ORIGIN_API, origin);
	}
}

/* ------------------------------------------------------ temporary memrefs */

TEST_F(api, tmpref_in_out)
{
	char in[] = "hello, secure world", out[64];
	TEEC_Operation op;

	memset(out, 0xaa, sizeof(out));
	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = sizeof(in);
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = sizeof(out);
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(sizeof(in), op.params[1].tmpref.size);
	EXPECT_EQ(sizeof(in), op.params[0].tmpref.size);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	/* bytes past the updated size are not touched */
	EXPECT_EQ((char)0xaa, out[sizeof(in)]);
}

TEST_F(api, tmpref_inout)
{
	char a[100], b[100];
	TEEC_Operation op;
	int i;

	for (i = 0; i < 100; i++) {
		a[i] = i;
		b[i] = -1;
	}
	TQ_OP(op, TEEC_MEMREF_TEMP_INOUT, TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = a;
	op.params[0].tmpref.size = 60;
	op.params[1].tmpref.buffer = b;
	op.params[1].tmpref.size = 100;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(60, op.params[1].tmpref.size);
	EXPECT_EQ(0, memcmp(a, b, 60));
	EXPECT_EQ(-1, b[60]);
}

TEST_F(api, tmpref_short_buffer)
{
	char in[100], out[10];
	TEEC_Operation op;
	uint32_t origin = 0;

	memset(in, 0x5a, sizeof(in));
	memset(out, 0x11, sizeof(out));
	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = sizeof(in);
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = sizeof(out);
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, invoke(self, TT_CMD_COPY, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	/* the size needed comes back; the buffer is left alone */
	EXPECT_EQ(sizeof(in), op.params[1].tmpref.size);
	EXPECT_EQ(0x11, out[0]);
	EXPECT_EQ(0x11, out[9]);
}

TEST_F(api, tmpref_fill_large)
{
	size_t n = 3 * 4096 + 5, i;
	TEEC_Operation op;
	unsigned char *buf = malloc(n);

	ASSERT_NE(NULL, buf);
	memset(buf, 0, n);
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0x3c;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = n;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_FILL, &op, NULL));
	EXPECT_EQ(n, op.params[1].tmpref.size);
	for (i = 0; i < n; i++)
		if (buf[i] != 0x3c)
			break;
	EXPECT_EQ(n, i);
	free(buf);
}

TEST_F(api, tmpref_one_mib_copy)
{
	size_t n = 1 << 20, i;
	unsigned char *a = malloc(n), *b = malloc(n);
	TEEC_Operation op;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	for (i = 0; i < n; i++)
		a[i] = i * 7;
	memset(b, 0, n);
	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = a;
	op.params[0].tmpref.size = n;
	op.params[1].tmpref.buffer = b;
	op.params[1].tmpref.size = n;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(0, memcmp(a, b, n));
	free(a);
	free(b);
}

TEST_F(api, tmpref_null_asks_size)
{
	TEEC_Operation op;
	uint8_t id[16];
	uint32_t origin = 0;

	/* a NULL buffer goes out as TEE_MEMREF_NULL; the TA says what it needs */
	TQ_OP(op, TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[1].tmpref.buffer = NULL;
	op.params[1].tmpref.size = 0;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, invoke(self, TT_CMD_INFO, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	EXPECT_EQ(16, op.params[1].tmpref.size);
	op.params[1].tmpref.buffer = id;
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_INFO, &op, &origin));
	EXPECT_EQ(16, op.params[1].tmpref.size);
	EXPECT_EQ(TEEC_LOGIN_PUBLIC, op.params[0].value.a);
	EXPECT_EQ(TQ_SESS(&self->s)->session_id, op.params[0].value.b);
}

TEST_F(api, tmpref_zero_size)
{
	char a[4] = "abc", b[4] = "xyz";
	TEEC_Operation op;

	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = a;
	op.params[0].tmpref.size = 0;
	op.params[1].tmpref.buffer = b;
	op.params[1].tmpref.size = 0;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(0, op.params[1].tmpref.size);
	EXPECT_EQ('x', b[0]);
}

/* --------------------------------------------------- allocated memory */

static uint32_t sum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

TEST_F(api, alloc_whole_zero_copy)
{
	TEEC_SharedMemory shm = { .size = 8192, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	TEEC_Operation op;
	unsigned char *p;
	size_t i;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	ASSERT_NE(NULL, shm.buffer);
	EXPECT_EQ(TQ_SHM_ALLOCATED, TQ_SHM_KIND(&shm));
	EXPECT_EQ(1, tt_counter(&self->dev, "shm_count"));
	p = shm.buffer;
	for (i = 0; i < shm.size; i++)
		p[i] = i;
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(sum(p, shm.size), op.params[1].value.a);
	EXPECT_EQ(8192, op.params[0].memref.size);

	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0xee;
	op.params[1].memref.parent = &shm;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_FILL, &op, NULL));
	EXPECT_EQ(0xee, p[0]);
	EXPECT_EQ(0xee, p[8191]);
	TEEC_ReleaseSharedMemory(&shm);
	EXPECT_EQ(NULL, shm.buffer);
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
	/* twice, and NULL: no effect */
	TEEC_ReleaseSharedMemory(&shm);
	TEEC_ReleaseSharedMemory(NULL);
}

TEST_F(api, alloc_partial)
{
	TEEC_SharedMemory shm = { .size = 3 * 4096, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	TEEC_Operation op;
	unsigned char *p;
	size_t i;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	p = shm.buffer;
	for (i = 0; i < shm.size; i++)
		p[i] = i % 251;
	TQ_OP(op, TEEC_MEMREF_PARTIAL_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	op.params[0].memref.offset = 100;
	op.params[0].memref.size = 5000;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(sum(p + 100, 5000), op.params[1].value.a);

	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0x77;
	op.params[1].memref.parent = &shm;
	op.params[1].memref.offset = 4000;
	op.params[1].memref.size = 200;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_FILL, &op, NULL));
	EXPECT_EQ(3999 % 251, p[3999]);
	EXPECT_EQ(0x77, p[4000]);
	EXPECT_EQ(0x77, p[4199]);
	EXPECT_EQ(4200 % 251, p[4200]);

	/* COPY inside one block: partial inout to partial output */
	TQ_OP(op, TEEC_MEMREF_PARTIAL_INOUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	op.params[0].memref.offset = 0;
	op.params[0].memref.size = 10;
	op.params[1].memref.parent = &shm;
	op.params[1].memref.offset = 8192;
	op.params[1].memref.size = 4096;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(10, op.params[1].memref.size);
	EXPECT_EQ(0, memcmp(p, p + 8192, 10));

	/* SHORT_BUFFER on a partial memref: required size, nothing else */
	op.params[0].memref.size = 300;
	op.params[1].memref.size = 20;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(300, op.params[1].memref.size);
	TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(api, memref_checks)
{
	TEEC_SharedMemory in = { .size = 100, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory out = { .size = 100, .flags = TEEC_MEM_OUTPUT };
	TEEC_Operation op;
	uint32_t origin;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &in));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &out));
	/* beyond the block */
	TQ_OP(op, TEEC_MEMREF_PARTIAL_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &in;
	op.params[0].memref.offset = 50;
	op.params[0].memref.size = 51;
	origin = 0;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	op.params[0].memref.offset = 101;
	op.params[0].memref.size = 0;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	op.params[0].memref.offset = 1;
	op.params[0].memref.size = SIZE_MAX;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	op.params[0].memref.offset = 100;
	op.params[0].memref.size = 0;
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	/* direction against the block's flags */
	op.params[0].memref.parent = &out;
	op.params[0].memref.offset = 0;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	TQ_OP(op, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &in;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	TQ_OP(op, TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &out;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	/* no parent; a released parent */
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	TEEC_ReleaseSharedMemory(&out);
	op.params[0].memref.parent = &out;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	/* whole on an input-only block is an input memref */
	op.params[0].memref.parent = &in;
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, &origin));
	TEEC_ReleaseSharedMemory(&in);
}

TEST_F(api, alloc_args)
{
	TEEC_SharedMemory shm = { .size = 10, .flags = 4 };

	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	shm.flags = TEEC_MEM_INPUT;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_AllocateSharedMemory(NULL, &shm));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_AllocateSharedMemory(&self->ctx, NULL));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_RegisterSharedMemory(NULL, &shm));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_RegisterSharedMemory(&self->ctx, NULL));
	shm.buffer = NULL;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	/* larger than the driver allows (limits of the core): out of memory */
	shm.size = (size_t)1 << 40;
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
}

TEST_F(api, alloc_zero_size)
{
	TEEC_SharedMemory shm = { .size = 0, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	TEEC_Operation op;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(0, op.params[1].value.a);
	TEEC_ReleaseSharedMemory(&shm);
}

/* --------------------------------------------------- registered memory */

TEST_F(api, register_zero_copy)
{
	TEEC_SharedMemory shm = { .size = 10000, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	unsigned char *buf = malloc(10000);
	TEEC_Operation op;

	ASSERT_NE(NULL, buf);
	memset(buf, 1, 10000);
	shm.buffer = buf;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	EXPECT_EQ(TQ_SHM_REGISTERED, TQ_SHM_KIND(&shm));
	EXPECT_EQ(NULL, TQ_SHM(&shm)->shadow_buffer);
	EXPECT_EQ(buf, shm.buffer);
	EXPECT_EQ(1, tt_counter(&self->dev, "shm_count"));
	/* writes after registration are seen: the TA reads the same pages */
	buf[9999] = 200;
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(9999 + 200, op.params[1].value.a);
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 9;
	op.params[1].memref.parent = &shm;
	op.params[1].memref.offset = 5000;
	op.params[1].memref.size = 10;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_FILL, &op, NULL));
	EXPECT_EQ(1, buf[4999]);
	EXPECT_EQ(9, buf[5000]);
	EXPECT_EQ(9, buf[5009]);
	EXPECT_EQ(1, buf[5010]);
	TEEC_ReleaseSharedMemory(&shm);
	EXPECT_EQ(buf, shm.buffer);	/* the caller's memory stays the caller's */
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
	free(buf);
}

TEST_F(api, register_readonly_shadow)
{
	TEEC_SharedMemory shm = { .size = 8192, .flags = TEEC_MEM_INPUT };
	unsigned char *ro, out[64];
	TEEC_Operation op;

	ro = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	memset(ro, 3, 8192);
	ASSERT_SYS(mprotect(ro, 8192, PROT_READ));
	shm.buffer = ro;
	/* the driver cannot pin read-only pages writable: a shadow buffer steps in */
	ASSERT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	EXPECT_EQ(TQ_SHM_SHADOW, TQ_SHM_KIND(&shm));
	EXPECT_NE(NULL, TQ_SHM(&shm)->shadow_buffer);
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(3 * 8192, op.params[1].value.a);
	TQ_OP(op, TEEC_MEMREF_PARTIAL_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	op.params[0].memref.offset = 8000;
	op.params[0].memref.size = 64;
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = sizeof(out);
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_COPY, &op, NULL));
	EXPECT_EQ(3, out[0]);
	EXPECT_EQ(3, out[63]);
	/* left: the session's temporary-memref object (decision 0702) */
	TEEC_ReleaseSharedMemory(&shm);
	EXPECT_EQ(1, tt_counter(&self->dev, "shm_count"));
	TEEC_CloseSession(&self->s);
	self->open = false;
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
	munmap(ro, 8192);
}

TEST_F(api, register_shadow_output)
{
	TEEC_SharedMemory shm = { .size = 4096, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	TEEC_Context noreg = self->ctx;
	TEEC_Operation op;
	unsigned char *p = calloc(1, 4096);

	/* as on a driver without TEE_GEN_CAP_REG_MEM: shadowed, also for output */
	ASSERT_NE(NULL, p);
	TQ_CTX(&noreg)->reg_mem = false;
	shm.buffer = p;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&noreg, &shm));
	EXPECT_EQ(TQ_SHM_SHADOW, TQ_SHM_KIND(&shm));
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0x42;
	op.params[1].memref.parent = &shm;
	op.params[1].memref.offset = 1000;
	op.params[1].memref.size = 24;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_FILL, &op, NULL));
	EXPECT_EQ(0, p[999]);
	EXPECT_EQ(0x42, p[1000]);
	EXPECT_EQ(0x42, p[1023]);
	EXPECT_EQ(0, p[1024]);
	/* whole, output: copied back completely */
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0x24;
	op.params[1].memref.parent = &shm;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_FILL, &op, NULL));
	EXPECT_EQ(0x24, p[0]);
	EXPECT_EQ(0x24, p[4095]);
	/* input: the caller's bytes are copied in before each call */
	memset(p, 1, 4096);
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(4096, op.params[1].value.a);
	TEEC_ReleaseSharedMemory(&shm);
	free(p);
}

TEST_F(api, register_zero_size)
{
	char c = 'q';
	TEEC_SharedMemory shm = { .buffer = &c, .size = 0, .flags = TEEC_MEM_INPUT };
	TEEC_Operation op;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	TQ_OP(op, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	EXPECT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_CHECK_SHM, &op, NULL));
	TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(api, four_kinds_in_one_call)
{
	TEEC_SharedMemory a = { .size = 64, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory r = { .size = 64, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	char tmp[16] = "tmp", reg[64] = "reg";
	TEEC_Operation op;

	r.buffer = reg;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &a));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&self->ctx, &r));
	TQ_OP(op, TEEC_VALUE_INOUT, TEEC_MEMREF_TEMP_INOUT, TEEC_MEMREF_WHOLE,
	      TEEC_MEMREF_PARTIAL_INOUT);
	op.params[0].value.a = 1;
	op.params[1].tmpref.buffer = tmp;
	op.params[1].tmpref.size = sizeof(tmp);
	op.params[2].memref.parent = &a;
	op.params[3].memref.parent = &r;
	op.params[3].memref.offset = 8;
	op.params[3].memref.size = 8;
	ASSERT_EQ(TEEC_SUCCESS, invoke(self, TT_CMD_NOP, &op, NULL));
	EXPECT_EQ(1, op.params[0].value.a);
	EXPECT_EQ(sizeof(tmp), op.params[1].tmpref.size);
	EXPECT_EQ(8, op.params[3].memref.size);
	EXPECT_EQ(0, strcmp(tmp, "tmp"));
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(&r);
}

TEST_F(api, register_fd_not_supported)
{
	TEEC_SharedMemory shm = { 0 };

	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  TEEC_RegisterSharedMemoryFileDescriptor(&self->ctx, &shm, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  TEEC_RegisterSharedMemoryFileDescriptor(&self->ctx, &shm, -1));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  TEEC_RegisterSharedMemoryFileDescriptor(NULL, &shm, 0));
}

/*
 * ------------------------------------------- OP-TEE's choices (issue 15)
 * Where GP allows either answer and OP-TEE's CAs and tests rely on
 * OP-TEE's (docs/libteec.md "OP-TEE's choices", decision 1541).
 */

TEST(optee_unknown_name)
{
	struct tt_dev dev;
	TEEC_Context c = { 0 };

	ASSERT_EQ(0, tq_setup(&dev));
	/* even with a usable device at hand, an unknown name finds nothing */
	setenv("TEEC_DEVICE", dev.client, 1);
	TQ_CTX(&c)->fd = 1234;
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InitializeContext("any-other-name", &c));
	EXPECT_EQ(-1, TQ_CTX(&c)->fd);
	EXPECT_TRUE(strstr(teekit_teec_explain(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_API),
			   "no TEE is called \"any-other-name\"") != NULL);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InitializeContext("", &c));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InitializeContext("tee0", &c));
	/* the known names still work */
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	TEEC_FinalizeContext(&c);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext("teekit-test", &c));
	TEEC_FinalizeContext(&c);
}

TEST_F(api, optee_register_null_buffer)
{
	TEEC_SharedMemory shm = { .buffer = NULL, .size = 0, .flags = TEEC_MEM_INPUT };

	/* 0 bytes at NULL: GP allows it, OP-TEE refuses it */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	shm.size = 64;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
}

TEST_F(api, optee_no_flags)
{
	char buf[16];
	TEEC_SharedMemory shm = { .buffer = buf, .size = sizeof(buf), .flags = 0 };

	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	shm.buffer = NULL;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, TEEC_AllocateSharedMemory(&self->ctx, &shm));
	EXPECT_EQ(NULL, shm.buffer);
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
}

TEST_F(api, optee_impossible_size)
{
	static char one;
	size_t sizes[] = { SIZE_MAX, SIZE_MAX - 4095, (size_t)1 << 40 };
	TEEC_SharedMemory shm;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memset(&shm, 0, sizeof(shm));
		shm.size = sizes[i];
		shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
		EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, TEEC_AllocateSharedMemory(&self->ctx, &shm));
		/* a registration the driver refuses, then a shadow it cannot give */
		shm.buffer = &one;
		EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, TEEC_RegisterSharedMemory(&self->ctx, &shm));
	}
	EXPECT_EQ(0, tt_counter(&self->dev, "shm_count"));
}

/*
 * Not OP-TEE's choice: a NULL temporary output buffer with a size is GP's
 * size query, passed on as a null memref (OP-TEE's libteec refuses it).
 */
TEST_F(api, tmpref_null_with_size_is_a_query)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	TQ_OP(op, TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[1].tmpref.buffer = NULL;
	op.params[1].tmpref.size = 4;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, invoke(self, TT_CMD_INFO, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	EXPECT_EQ(16, op.params[1].tmpref.size);
}

TEST_F(api, optee_tmpref_impossible_size)
{
	char b[8] = "";
	TEEC_Operation op;
	uint32_t origin = 0;

	/* the temporary object cannot be had: OUT_OF_MEMORY, as a block would */
	TQ_OP(op, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = b;
	op.params[0].tmpref.size = SIZE_MAX;
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, invoke(self, TT_CMD_NOP, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
}

TEST_F(api, optee_null_operation_and_noops)
{
	TEEC_Session s;
	TEEC_UUID u;
	uint32_t origin = 0;

	/* no operation is four TEEC_NONE parameters, for open and invoke */
	tq_uuid(TT_UUID_ECHO, &u);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_OpenSession(&self->ctx, &s, &u, TEEC_LOGIN_PUBLIC, NULL,
						 NULL, &origin));
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, TT_CMD_NOP, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, origin);
	TEEC_CloseSession(&s);
	/* NULL is nothing to do, never a crash */
	TEEC_RequestCancellation(NULL);
	TEEC_ReleaseSharedMemory(NULL);
	TEEC_CloseSession(NULL);
	TEEC_FinalizeContext(NULL);
}

TEST_HARNESS_MAIN
