// SPDX-License-Identifier: BSD-2-Clause
/*
 * random - the CA of the random TA: asks the TEE for N random bytes and
 * prints them in hex. Usage: random [N]   (1 to 4096, default 32)
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <random_ta.h>

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_RANDOM_UUID;
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 32, i;
	uint8_t buf[RANDOM_MAX + 1];
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint32_t origin = 0;

	if (n > sizeof(buf))
		n = sizeof(buf);	/* one more than the TA gives: it says no */
	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = n;
	check(TEEC_InvokeCommand(&sess, TA_RANDOM_CMD_GENERATE, &op, &origin),
	      origin, "TEEC_InvokeCommand(GENERATE)");

	printf("random: %zu bytes from the TA: ", op.params[0].tmpref.size);
	for (i = 0; i < op.params[0].tmpref.size; i++)
		printf("%02x", buf[i]);
	printf("\n");
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
