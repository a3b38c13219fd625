// SPDX-License-Identifier: BSD-2-Clause
/*
 * main.c - the OP-TEE-layout example CA: sends its argument (or a fixed
 * text) to the TA, which checksums it with its static library; the CA
 * checks the answer against its own computation.
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <tee_client_api.h>

#include <optee_layout_ta.h>

static uint32_t fletcher32(const uint8_t *data, size_t len)
{
	uint32_t a = 0, b = 0;

	while (len--) {
		a = (a + *data++) % 65535;
		b = (b + a) % 65535;
	}
	return (b << 16) | a;
}

int main(int argc, char *argv[])
{
	const char *text = argc > 1 ? argv[1] : "OP-TEE layout, teekit dev kit";
	TEEC_UUID uuid = TA_OPTEE_LAYOUT_UUID;
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin, want;

	res = TEEC_InitializeContext(NULL, &ctx);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InitializeContext: 0x%x (is the TEE up? teekit-up)",
		     res);
	res = TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_OpenSession: 0x%x origin %u (TA installed in /lib/optee_armtz?)",
		     res, origin);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)text;
	op.params[0].tmpref.size = strlen(text);
	res = TEEC_InvokeCommand(&sess, TA_OPTEE_LAYOUT_CMD_CHECKSUM, &op,
				 &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InvokeCommand: 0x%x origin %u", res, origin);
	want = fletcher32((const uint8_t *)text, strlen(text));
	printf("optee_example_layout: TA says fletcher32 = 0x%08x, %s\n",
	       op.params[1].value.a,
	       op.params[1].value.a == want ? "correct" : "WRONG");
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return op.params[1].value.a == want ? 0 : 1;
}
