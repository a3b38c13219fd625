// SPDX-License-Identifier: BSD-2-Clause
/*
 * secure_reverse - the CA of the secure_reverse TA: the three ways a client
 * hands memory to a TA.
 *
 *  1. whole memref: a buffer of the CA registered as shared memory; the TA
 *     reverses it in place, nothing is copied either way;
 *  2. partial memref: only a window (offset, size) of an allocated shared
 *     memory block is passed; the bytes around it stay as they were;
 *  3. temporary memref: plain buffers for one call; an output buffer that
 *     is too small comes back with TEEC_ERROR_SHORT_BUFFER and the size
 *     needed, and the CA retries.
 *
 * Usage: secure_reverse [TEXT]   exits 0 when every result is as expected
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <secure_reverse_ta.h>

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		/* e.g. "TEEC_ERROR_SECURITY (TEEC_ORIGIN_TEE): <cause and fix>" */
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

static void expect(const char *what, const char *got, const char *want)
{
	printf("  %-8s \"%s\"\n", what, got);
	if (strcmp(got, want))
		errx(1, "expected \"%s\"", want);
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_SECURE_REVERSE_UUID;
	const char *text = argc > 1 ? argv[1] : "hello, secure world";
	char own[256], want[256], out[256];
	size_t n = strlen(text), i;
	TEEC_SharedMemory reg, alloc;
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin = 0;

	if (n < 4 || n >= sizeof(own))
		errx(2, "TEXT must have 4 to %zu characters", sizeof(own) - 1);
	for (i = 0; i < n; i++)
		want[i] = text[n - 1 - i];
	want[n] = 0;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	res = TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin);
	check(res, origin, "TEEC_OpenSession");

	/* 1. the CA's own buffer, registered: whole memref, zero copy */
	printf("1. whole memref on registered memory (the TA writes into it)\n");
	snprintf(own, sizeof(own), "%s", text);
	memset(&reg, 0, sizeof(reg));
	reg.buffer = own;
	reg.size = n;
	reg.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	check(TEEC_RegisterSharedMemory(&ctx, &reg), TEEC_ORIGIN_API,
	      "TEEC_RegisterSharedMemory");
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &reg;
	printf("  before   \"%s\"\n", own);
	res = TEEC_InvokeCommand(&sess, TA_SECURE_REVERSE_CMD_IN_PLACE, &op,
				 &origin);
	check(res, origin, "TEEC_InvokeCommand(IN_PLACE, whole)");
	expect("after", own, want);
	TEEC_ReleaseSharedMemory(&reg);

	/* 2. a window of allocated shared memory: partial memref */
	printf("2. partial memref: only bytes 1..%zu of allocated memory\n",
	       n - 2);
	memset(&alloc, 0, sizeof(alloc));
	alloc.size = 4096;
	alloc.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	check(TEEC_AllocateSharedMemory(&ctx, &alloc), TEEC_ORIGIN_API,
	      "TEEC_AllocateSharedMemory");
	snprintf(alloc.buffer, alloc.size, "%s", text);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].memref.parent = &alloc;
	op.params[0].memref.offset = 1;
	op.params[0].memref.size = n - 2;
	printf("  before   \"%s\"\n", (char *)alloc.buffer);
	res = TEEC_InvokeCommand(&sess, TA_SECURE_REVERSE_CMD_IN_PLACE, &op,
				 &origin);
	check(res, origin, "TEEC_InvokeCommand(IN_PLACE, partial)");
	/* the first and last byte are untouched */
	want[0] = text[0];
	for (i = 1; i < n - 1; i++)
		want[i] = text[n - 1 - i];
	want[n - 1] = text[n - 1];
	expect("after", alloc.buffer, want);
	printf("  the TA reversed %u bytes\n", op.params[1].value.a);
	TEEC_ReleaseSharedMemory(&alloc);

	/* 3. temporary memrefs, with the short-buffer protocol */
	printf("3. temporary memrefs: input \"%s\", output buffer of 4 bytes\n",
	       text);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)text;
	op.params[0].tmpref.size = n;
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = 4;
	res = TEEC_InvokeCommand(&sess, TA_SECURE_REVERSE_CMD_COPY, &op,
				 &origin);
	if (res != TEEC_ERROR_SHORT_BUFFER || op.params[1].tmpref.size != n)
		errx(1, "expected TEEC_ERROR_SHORT_BUFFER and size %zu, got %s and %zu",
		     n, teekit_teec_strerror(res), op.params[1].tmpref.size);
	printf("  TEEC_ERROR_SHORT_BUFFER: the TA needs %zu bytes; retrying\n",
	       op.params[1].tmpref.size);
	res = TEEC_InvokeCommand(&sess, TA_SECURE_REVERSE_CMD_COPY, &op,
				 &origin);
	check(res, origin, "TEEC_InvokeCommand(COPY)");
	out[op.params[1].tmpref.size] = 0;
	for (i = 0; i < n; i++)
		want[i] = text[n - 1 - i];
	expect("result", out, want);

	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	printf("secure_reverse: all results as expected\n");
	return 0;
}
