// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout.c - the OP-TEE-layout test TA (tests/optee/tree, built unmodified
 * by the dev kit's mk/ta_dev_kit.mk: two source dirs, per-file flags, a
 * static TA library, a GP 1.1 build) run through libteec and the sim
 * driver: every build feature must show in what the TA answers.
 */
#include <inttypes.h>
#include <stdint.h>
#include <sys/stat.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "tree/ta/include/olt_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define SUPP		"/usr/sbin/tee-supplicant"
#define TOS_LOG		"/tmp/teekit-tos-olt.log"
#define FS_ROOT		"/tmp/teekit-olt-fs"
#define OLT_TA		"15150000-0000-4000-8000-000000000001"

FIXTURE(olt) {
	pid_t tos, supp;
	TEEC_Context ctx;
	TEEC_Session s;
};

static pid_t spawn(const char *path, char *const argv[])
{
	pid_t pid = fork();

	if (!pid) {
		execv(path, argv);
		_exit(127);
	}
	return pid;
}

/* lines of path that contain needle */
static int count_lines(const char *path, const char *needle)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

static TEEC_Result olt_open(TEEC_Context *c, TEEC_Session *s, void *buf,
			    size_t len)
{
	TEEC_Operation op;
	TEEC_UUID u;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = len;
	tt_teec_uuid(OLT_TA, &u);
	return TEEC_OpenSession(c, s, &u, TEEC_LOGIN_PUBLIC, NULL, &op, &o);
}

FIXTURE_SETUP(olt)
{
	char *tos_argv[] = { TOS, "--foreground", "--ta-log-level", "4",
			     "--ta-dir", "/lib/optee_armtz", "--log", TOS_LOG,
			     NULL };
	char *supp_argv[] = { SUPP, "--fs-root", FS_ROOT, "--quiet", NULL };
	char open_buf[37] = "seven-and-thirty bytes, not a round n";

	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->tos = spawn(TOS, tos_argv);
	ASSERT_LT(0, self->tos);
	tt_wait_emulator();
	mkdir(FS_ROOT, 0700);
	self->supp = spawn(SUPP, supp_argv);
	ASSERT_LT(0, self->supp);
	usleep(300000);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, olt_open(&self->ctx, &self->s, open_buf,
					 sizeof(open_buf)));
}

FIXTURE_TEARDOWN(olt)
{
	TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	tt_stop_daemon(self->tos);
	tt_stop_daemon(self->supp);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

/* the static library's code, per-file and per-dir flags, GP 1.1 sizes */
TEST_F(olt, info_shows_every_build_feature)
{
	TEEC_Operation op;
	char text[128];
	char want[128];
	uint32_t o, mix = ((1000 + 15) & ~15u) ^ 0x80000000u;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = 1000;
	op.params[1].tmpref.buffer = text;
	op.params[1].tmpref.size = sizeof(text);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, OLT_CMD_INFO,
						   &op, &o));
	EXPECT_EQ(mix, op.params[0].value.a);
	EXPECT_EQ(OLT_INFO_FILE_FLAG | OLT_INFO_CMDS_DIR | OLT_INFO_GP11 |
		  OLT_INFO_NO_TOP_IN_CMDS, op.params[0].value.b);
	snprintf(want, sizeof(want), "len=37 mix=0x%" PRIx32 " big=%" PRIu64,
		 mix, (uint64_t)1 << 40);
	EXPECT_STREQ(want, text);
	EXPECT_EQ(strlen(want) + 1, op.params[1].tmpref.size);

	/* a short buffer: the size needed comes back, as in OP-TEE */
	op.params[0].value.a = 1000;
	op.params[1].tmpref.size = 4;
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER,
		  TEEC_InvokeCommand(&self->s, OLT_CMD_INFO, &op, &o));
	EXPECT_EQ(strlen(want) + 1, op.params[1].tmpref.size);
}

/* utee_defines.h, util.h, string_ext.h, compiler.h in the TA */
TEST_F(olt, helper_headers_work_in_the_ta)
{
	TEEC_Operation op;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, OLT_CMD_UTIL,
						   &op, &o));
	EXPECT_EQ(OLT_UTIL_ALL, op.params[0].value.a);
}

/* IHEXDUMP and DHEXDUMP reach the log; FHEXDUMP is above the build level */
TEST_F(olt, hexdumps_reach_the_log_at_the_build_level)
{
	TEEC_Operation op;
	uint8_t data[20];
	uint32_t o;
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = 0xa0 + i;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = data;
	op.params[0].tmpref.size = sizeof(data);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, OLT_CMD_HEXDUMP,
						   &op, &o));
	usleep(200000);
	EXPECT_TRUE(tt_file_has(TOS_LOG, "hexdump of 20 bytes follows"));
	/* the first line and the 4-byte tail, once at I and once at D */
	EXPECT_EQ(2, count_lines(TOS_LOG,
				 "0000: a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af "));
	EXPECT_EQ(2, count_lines(TOS_LOG, "0010: b0 b1 b2 b3 "));
	/* IMSG's line and IHEXDUMP's two; FHEXDUMP (level 4) built out */
	EXPECT_EQ(3, count_lines(TOS_LOG, " I cmd_hexdump:"));
	EXPECT_EQ(2, count_lines(TOS_LOG, " D cmd_hexdump:"));
	EXPECT_EQ(0, count_lines(TOS_LOG, " F cmd_hexdump:"));
}

TEST_HARNESS_MAIN
