// SPDX-License-Identifier: BSD-2-Clause
/*
 * hello_world - the client application (CA) of the hello_world TA.
 *
 * Connects to the TEE, opens a session to the TA (the trusted OS loads it
 * through tee-supplicant from /lib/optee_armtz), sends a value, and prints
 * what came back. Usage: hello_world [VALUE]
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <hello_world_ta.h>

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		/* e.g. "TEEC_ERROR_SECURITY (TEEC_ORIGIN_TEE): <cause and fix>" */
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_HELLO_WORLD_UUID;
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin = 0;
	uint32_t value = argc > 1 ? strtoul(argv[1], NULL, 0) : 42;

	/* NULL: the default TEE, the first /dev/teeN */
	res = TEEC_InitializeContext(NULL, &ctx);
	/* its failures come from the device: origin COMMS (docs/libteec.md) */
	check(res, TEEC_ORIGIN_COMMS, "TEEC_InitializeContext");

	res = TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin);
	check(res, origin, "TEEC_OpenSession");

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = value;

	printf("hello_world: sending %u to the TA\n", value);
	res = TEEC_InvokeCommand(&sess, TA_HELLO_WORLD_CMD_INC, &op, &origin);
	check(res, origin, "TEEC_InvokeCommand");
	printf("hello_world: the TA returned %u\n", op.params[0].value.a);

	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return op.params[0].value.a == value + 1 ? 0 : 1;
}
