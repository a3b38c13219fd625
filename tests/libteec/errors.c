// SPDX-License-Identifier: GPL-2.0-only
/*
 * libteec: results in words (teekit_teec.h), device selection (TEEC_DEVICE,
 * path names, the default scan) and the causes the explain helper names:
 * no device, permission denied on /dev/tee*, no supplicant, unknown TA.
 */
#include <sys/stat.h>

#include "teec_test.h"

static bool has(const char *s, const char *word)
{
	return s && strstr(s, word);
}

TEST(strerror_names)
{
	EXPECT_EQ(0, strcmp("TEEC_SUCCESS", teekit_teec_strerror(TEEC_SUCCESS)));
	EXPECT_EQ(0, strcmp("TEEC_ERROR_ITEM_NOT_FOUND", teekit_teec_strerror(0xFFFF0008)));
	EXPECT_EQ(0, strcmp("TEEC_ERROR_TARGET_DEAD", teekit_teec_strerror(0xFFFF3024)));
	EXPECT_EQ(0, strcmp("TEEC_ERROR_SHORT_BUFFER", teekit_teec_strerror(0xFFFF0010)));
	EXPECT_EQ(0, strcmp("TEEC_RESULT_0x12345678", teekit_teec_strerror(0x12345678)));
	EXPECT_EQ(0, strcmp("TEEC_ORIGIN_TEE", teekit_teec_origin_name(TEEC_ORIGIN_TEE)));
	EXPECT_EQ(0, strcmp("TEEC_ORIGIN_UNKNOWN", teekit_teec_origin_name(9)));
}

TEST(explain_causes)
{
	EXPECT_TRUE(has(teekit_teec_explain(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_COMMS),
			"modprobe teekit_sim"));
	EXPECT_TRUE(has(teekit_teec_explain(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_TEE),
			"/lib/optee_armtz"));
	EXPECT_TRUE(has(teekit_teec_explain(TEEC_ERROR_ACCESS_DENIED, TEEC_ORIGIN_COMMS),
			"teeclnt"));
	EXPECT_TRUE(has(teekit_teec_explain(TEEC_ERROR_COMMUNICATION, TEEC_ORIGIN_COMMS),
			"tee-supplicant"));
	EXPECT_TRUE(has(teekit_teec_explain(TEEC_ERROR_SHORT_BUFFER, TEEC_ORIGIN_TRUSTED_APP),
			"size"));
	EXPECT_TRUE(has(teekit_teec_explain(0x12345678, TEEC_ORIGIN_TRUSTED_APP),
			"not defined"));
	EXPECT_NE(NULL, teekit_teec_explain(TEEC_SUCCESS, 0));
}

TEST(device_env)
{
	struct tt_dev dev;
	TEEC_Context c;
	TEEC_Result res;

	ASSERT_EQ(0, tt_setup(&dev));
	setenv("TEEC_DEVICE", "/dev/tee-none", 1);
	res = TEEC_InitializeContext(NULL, &c);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, res);
	EXPECT_TRUE(has(teekit_teec_explain(res, TEEC_ORIGIN_COMMS), "modprobe"));
	setenv("TEEC_DEVICE", "/dev/zero", 1);
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED, TEEC_InitializeContext(NULL, &c));
	/* the supplicant node is GP-capable but serves no sessions */
	setenv("TEEC_DEVICE", dev.priv, 1);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	TEEC_FinalizeContext(&c);
	setenv("TEEC_DEVICE", dev.client, 1);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	TEEC_FinalizeContext(&c);
	/* empty: as unset */
	setenv("TEEC_DEVICE", "", 1);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	TEEC_FinalizeContext(&c);
}

TEST(default_scan_finds_test_device)
{
	struct tt_dev dev;
	TEEC_Context c;
	TEEC_Session s;
	TEEC_Operation op;

	ASSERT_EQ(0, tt_setup(&dev));
	unsetenv("TEEC_DEVICE");
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	/* with only the test driver loaded, the first GP device is the test device */
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&c, &s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL, NULL,
					NULL));
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 1;
	op.params[0].value.b = 1;
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, TT_CMD_ADD, &op, NULL));
	EXPECT_EQ(2, op.params[1].value.a);
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&c);
}

TEST(permission_denied)
{
	struct tt_dev dev;
	TEEC_Context c;
	TEEC_Result res;

	ASSERT_EQ(0, tt_setup(&dev));
	/* uid 1001 without teeclnt: /dev/tee* is root:teeclnt 0660 */
	ASSERT_SYS(tt_become(1001, 1001, NULL, 0));
	setenv("TEEC_DEVICE", dev.client, 1);
	res = TEEC_InitializeContext(NULL, &c);
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED, res);
	EXPECT_TRUE(has(teekit_teec_explain(res, TEEC_ORIGIN_COMMS), "teeclnt"));
	/* the scan reports the permission problem, not "no device" */
	unsetenv("TEEC_DEVICE");
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED, TEEC_InitializeContext(NULL, &c));
}

TEST_TIMEOUT(supplicant_missing, 60)
{
	struct tt_dev dev;
	TEEC_Context c;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	long long old;
	TEEC_Result res;

	ASSERT_EQ(0, tq_setup(&dev));
	old = tt_param_read(TT_CORE_MODULE, "supp_timeout_ms");
	ASSERT_GE(old, 0);
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 100));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&c, &s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL, NULL,
					NULL));
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 2;
	res = TEEC_InvokeCommand(&s, TT_CMD_SUPP, &op, &origin);
	tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", old);
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION, res);
	EXPECT_EQ(TEEC_ORIGIN_COMMS, origin);
	EXPECT_TRUE(has(teekit_teec_explain(res, origin), "tee-supplicant"));
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&c);
}

TEST(device_removed)
{
	struct tt_dev dev;
	TEEC_Context c;
	TEEC_Session s;
	uint32_t origin = 0;
	char num[16];
	int inst;

	ASSERT_EQ(0, tq_setup(&dev));
	ASSERT_EQ(0, tt_dbg_write("add_device", "1"));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&c, &s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL, NULL,
					NULL));
	inst = tt_instance(&dev);
	snprintf(num, sizeof(num), "%d", inst);
	ASSERT_EQ(0, tt_dbg_write("del_device", num));
	/* ENODEV from every ioctl: the device is gone */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_InvokeCommand(&s, TT_CMD_NOP, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_COMMS, origin);
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&c);
	/* leave a device behind for the next test: reload */
	tt_rmmod(TT_MODULE);
}

TEST_HARNESS_MAIN
