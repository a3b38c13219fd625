// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of libteec's errno -> TEEC_Result table and of the names
 * and sentences of teekit_teec.h (libteec/teec_result.c, compiled in here:
 * it makes no system calls).
 */
#include "harness.h"
#include "../../libteec/teec_result.c"

static const struct {
	int err;
	TEEC_Result res;
} want[] = {
	{ ENOMEM, TEEC_ERROR_OUT_OF_MEMORY },
	{ EMFILE, TEEC_ERROR_OUT_OF_MEMORY },
	{ ENOSPC, TEEC_ERROR_OUT_OF_MEMORY },
	{ EINVAL, TEEC_ERROR_BAD_PARAMETERS },
	{ EFAULT, TEEC_ERROR_BAD_PARAMETERS },
	{ EPERM, TEEC_ERROR_ACCESS_DENIED },
	{ EACCES, TEEC_ERROR_ACCESS_DENIED },
	{ ENOENT, TEEC_ERROR_ITEM_NOT_FOUND },
	{ ENODEV, TEEC_ERROR_ITEM_NOT_FOUND },
	{ EBUSY, TEEC_ERROR_BUSY },
	{ 524, TEEC_ERROR_NOT_SUPPORTED },	/* ENOTSUPP */
	{ ENOTTY, TEEC_ERROR_NOT_SUPPORTED },
	{ EINTR, TEEC_ERROR_CANCEL },
	{ 512, TEEC_ERROR_CANCEL },		/* ERESTARTSYS */
	{ EIO, TEEC_ERROR_COMMUNICATION },
	{ EBADF, TEEC_ERROR_BAD_STATE },
	{ EXDEV, TEEC_ERROR_GENERIC },
	{ 0, TEEC_ERROR_GENERIC },
	{ -1, TEEC_ERROR_GENERIC },
};

TEST(errno_table)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		if (teec_errno_result(want[i].err) != want[i].res)
			TH_LOG("errno %d", want[i].err);
		EXPECT_EQ(want[i].res, teec_errno_result(want[i].err));
	}
}

/* Every errno maps to exactly one result: no duplicates in the table */
TEST(errno_table_unique)
{
	size_t i, j;

	for (i = 0; i < ARRAY_LEN(teec_errno_table); i++)
		for (j = i + 1; j < ARRAY_LEN(teec_errno_table); j++)
			EXPECT_NE(teec_errno_table[i].err, teec_errno_table[j].err);
}

TEST(every_name_round_trips)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(teec_names); i++) {
		EXPECT_EQ(0, strcmp(teec_names[i].name, teekit_teec_strerror(teec_names[i].res)));
		EXPECT_NE(NULL, teekit_teec_explain(teec_names[i].res, TEEC_ORIGIN_TEE));
	}
	EXPECT_EQ(0, strcmp("TEEC_RESULT_0xdeadbeef", teekit_teec_strerror(0xdeadbeef)));
}

TEST(explain_depends_on_origin)
{
	EXPECT_NE(0, strcmp(teekit_teec_explain(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_COMMS),
			    teekit_teec_explain(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_TEE)));
	EXPECT_NE(NULL, strstr(teekit_teec_explain(TEEC_ERROR_ACCESS_DENIED, TEEC_ORIGIN_COMMS),
			       "teeclnt"));
}

TEST_HARNESS_MAIN
