// SPDX-License-Identifier: GPL-2.0-only
/*
 * libteec: every login method, as root and as the unprivileged user. The
 * test driver's INFO command returns the login method and the client UUID
 * the core computed (docs/abi.md, decisions/0003), which must match the
 * identity computed here independently.
 */
#include <limits.h>

#include "teec_test.h"

FIXTURE(login) {
	struct tt_dev dev;
	TEEC_Context ctx;
	bool have_ctx;
};

FIXTURE_VARIANT(login) {
	bool user;
};

FIXTURE_VARIANT_ADD(login, root) {
	.user = false,
};

FIXTURE_VARIANT_ADD(login, user) {
	.user = true,
};

FIXTURE_SETUP(login)
{
	ASSERT_EQ(0, tq_setup(&self->dev));
	/* each test runs in its own child: dropping privileges is local to it */
	if (variant->user)
		ASSERT_SYS(tt_become_user());
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	self->have_ctx = true;
}

FIXTURE_TEARDOWN(login)
{
	if (self->have_ctx)
		TEEC_FinalizeContext(&self->ctx);
}

static const char ns_str[] = "58ac9ca0-2086-4683-a1b8-ec4bc08e01b6";

static void expected(uint32_t login, uint32_t gid, uint8_t out[16])
{
	char exe[PATH_MAX], name[PATH_MAX + 64];
	uint8_t ns[16];
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	tt_uuid_parse(ns_str, ns);
	switch (login) {
	case TEEC_LOGIN_USER:
		snprintf(name, sizeof(name), "uid=%x", geteuid());
		break;
	case TEEC_LOGIN_GROUP:
		snprintf(name, sizeof(name), "gid=%x", gid);
		break;
	case TEEC_LOGIN_APPLICATION:
		snprintf(name, sizeof(name), "app=%s", exe);
		break;
	case TEEC_LOGIN_USER_APPLICATION:
		snprintf(name, sizeof(name), "uid=%x:app=%s", geteuid(), exe);
		break;
	case TEEC_LOGIN_GROUP_APPLICATION:
		snprintf(name, sizeof(name), "gid=%x:app=%s", gid, exe);
		break;
	default:
		memset(out, 0, 16);
		return;
	}
	tt_uuid_v5(ns, name, out);
}

/* Open ECHO with @login (gid for the group methods), check INFO; returns the open's result. */
static TEEC_Result check_login(struct th_meta *_metadata, struct th_fixture_data_login *self,
			       uint32_t login, const uint32_t *gid, uint32_t *origin)
{
	uint8_t got[16], want[16];
	TEEC_Operation op;
	TEEC_Session s;
	TEEC_Result res;

	res = tq_open(&self->ctx, &s, TT_UUID_ECHO, login, gid, NULL, origin);
	if (res != TEEC_SUCCESS)
		return res;
	TQ_OP(op, TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[1].tmpref.buffer = got;
	op.params[1].tmpref.size = sizeof(got);
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&s, TT_CMD_INFO, &op, NULL));
	EXPECT_EQ(login, op.params[0].value.a);
	expected(login, gid ? *gid : 0, want);
	if (memcmp(got, want, 16)) {
		char g[37], w[37];

		tt_uuid_str(got, g);
		tt_uuid_str(want, w);
		TH_LOG("login %u: client UUID %s, expected %s", login, g, w);
		th_fail(_metadata);
	}
	TEEC_CloseSession(&s);
	return res;
}

TEST_F(login, public)
{
	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_PUBLIC, NULL, NULL));
}

TEST_F(login, user)
{
	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_USER, NULL, NULL));
}

TEST_F(login, group_primary)
{
	uint32_t gid = getegid();

	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_GROUP, &gid, NULL));
}

TEST_F(login, group_supplementary)
{
	uint32_t gid = TT_USERS_GID;

	if (!variant->user)
		SKIP("root is not in group users");
	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_GROUP, &gid, NULL));
}

TEST_F(login, group_not_member)
{
	uint32_t gid = 4321, origin = 0;

	/* the core refuses (EPERM), even for root: ACCESS_DENIED from COMMS */
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  check_login(_metadata, self, TEEC_LOGIN_GROUP, &gid, &origin));
	EXPECT_EQ(TEEC_ORIGIN_COMMS, origin);
	origin = 0;
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  check_login(_metadata, self, TEEC_LOGIN_GROUP_APPLICATION, &gid, &origin));
	EXPECT_EQ(TEEC_ORIGIN_COMMS, origin);
	EXPECT_EQ(0, tt_counter(&self->dev, "sessions"));
}

TEST_F(login, group_no_data)
{
	uint32_t origin = 0;

	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  check_login(_metadata, self, TEEC_LOGIN_GROUP, NULL, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
}

TEST_F(login, application)
{
	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_APPLICATION, NULL, NULL));
}

TEST_F(login, user_application)
{
	EXPECT_EQ(TEEC_SUCCESS,
		  check_login(_metadata, self, TEEC_LOGIN_USER_APPLICATION, NULL, NULL));
}

TEST_F(login, group_application)
{
	uint32_t gid = getegid();

	EXPECT_EQ(TEEC_SUCCESS,
		  check_login(_metadata, self, TEEC_LOGIN_GROUP_APPLICATION, &gid, NULL));
}

TEST_F(login, data_ignored_for_other_methods)
{
	uint32_t junk = 0xffffffff;

	/* as in OP-TEE's libteec: connectionData only matters for the group methods */
	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_PUBLIC, &junk, NULL));
	EXPECT_EQ(TEEC_SUCCESS, check_login(_metadata, self, TEEC_LOGIN_USER, &junk, NULL));
}

TEST_F(login, reserved_methods)
{
	static const uint32_t bad[] = { 3, 7, 0x80000000, 0x80000001, 0xBFFFFFFF };
	uint32_t origin;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		origin = 0;
		EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
			  check_login(_metadata, self, bad[i], NULL, &origin));
		EXPECT_EQ(TEEC_ORIGIN_API, origin);
	}
}

TEST_HARNESS_MAIN
