// SPDX-License-Identifier: BSD-2-Clause
/*
 * hotp - the CA of the hotp TA: HOTP one-time passwords (RFC 4226) whose
 * secret only the TA knows.
 *
 * Usage: hotp set-key SECRET    the secret (text, 10 to 64 bytes); counter 0
 *        hotp next [N]          the next N codes (default 1)
 *        hotp verify CODE       exit 0 if CODE is the next code
 *        hotp                   RFC 4226's secret, then its first 3 codes
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <hotp_ta.h>

static TEEC_Session sess;

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

static void set_key(const char *secret)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)secret;
	op.params[0].tmpref.size = strlen(secret);
	check(TEEC_InvokeCommand(&sess, TA_HOTP_CMD_SET_KEY, &op, &origin),
	      origin, "SET_KEY");
	printf("hotp: the TA keeps a %zu-byte secret; counter 0\n",
	       strlen(secret));
}

static void next(int n)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	while (n-- > 0) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE,
						 TEEC_NONE, TEEC_NONE);
		check(TEEC_InvokeCommand(&sess, TA_HOTP_CMD_NEXT, &op, &origin),
		      origin, "NEXT");
		printf("hotp: counter %u: %06u\n", op.params[0].value.b,
		       op.params[0].value.a);
	}
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_HOTP_UUID;
	const char *cmd = argc > 1 ? argv[1] : "demo";
	TEEC_Context ctx;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result res;
	int rc = 0;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");

	if (!strcmp(cmd, "set-key") && argc == 3) {
		set_key(argv[2]);
	} else if (!strcmp(cmd, "next") && argc <= 3) {
		next(argc == 3 ? atoi(argv[2]) : 1);
	} else if (!strcmp(cmd, "verify") && argc == 3) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE,
						 TEEC_NONE, TEEC_NONE);
		op.params[0].value.a = strtoul(argv[2], NULL, 10);
		res = TEEC_InvokeCommand(&sess, TA_HOTP_CMD_VERIFY, &op,
					 &origin);
		printf("hotp: %s is %s (%s)\n", argv[2],
		       res == TEEC_SUCCESS ? "right" : "wrong",
		       teekit_teec_strerror(res));
		rc = res != TEEC_SUCCESS;
	} else if (argc == 1) {
		set_key("12345678901234567890");	/* RFC 4226 Appendix D */
		next(3);
	} else {
		errx(2, "usage: hotp [set-key SECRET | next [N] | verify CODE]");
	}
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return rc;
}
