/* SPDX-License-Identifier: GPL-2.0-only */
/* Commands of the host harness's test TA (tests/host/tatest.sh). */
#ifndef TEEKIT_HOSTTA_H
#define TEEKIT_HOSTTA_H

#define HOSTTA_UUID	"7a7e5700-0000-4000-8000-000000000001"
#define HOSTTA_REFUSE	0xdead	/* open with v0.a = this: ACCESS_DENIED */

enum hostta_cmd {
	HOSTTA_ADD = 0,		/* v0 IN a, b; v1 OUT a = a + b */
	HOSTTA_FAIL = 1,	/* returns v0.a */
	HOSTTA_PANIC = 2,	/* TEE_Panic(v0.a) */
	/* m0 IN; m1 OUT m0 reversed (short: SHORT_BUFFER, size needed) */
	HOSTTA_REVERSE = 3,
	/* v0 IN a = ms: TEE_Wait unmasked; v1 OUT a = cancellation flag */
	HOSTTA_WAIT = 4,
	/* v0 OUT a = login of gpd.client.identity; m1 OUT its UUID */
	HOSTTA_IDENT = 5,
	/* m0 OUT hostta.greeting, m1 OUT gpd.ta.appID (strings) */
	HOSTTA_PROPS = 6,
	HOSTTA_HEAP_OVERFLOW = 7,	/* writes 1 byte past a TEE_Malloc */
	HOSTTA_MEMREF_OVERRUN = 8,	/* m0 OUT: writes size + 1 bytes */
	HOSTTA_WRITE_INPUT = 9,		/* m0 IN: writes to it */
	/* v0 IN a = seconds to set (0: do not set); v1 OUT a/b = get result, s */
	HOSTTA_PTIME = 10,
	/* v0 OUT a = creates, b = destroys; v1 OUT a = open sessions */
	HOSTTA_COUNT = 11,
	HOSTTA_T2T = 12,	/* v0 OUT a = ret, b = origin of OpenTASession */
	HOSTTA_LOG = 13,	/* v0 IN a: IMSG and DMSG with that marker */
	/* m0 INOUT; v1 OUT a/b = rights check of m0 read/write, v2 OUT a = heap */
	HOSTTA_ACCESS = 14,
	HOSTTA_FAIL_CREATE = 15,	/* the next TA_CreateEntryPoint fails */
	HOSTTA_REE_TIME = 16,	/* v0 OUT a = REE seconds */
	/*
	 * v0 INOUT a = block size in, blocks TEE_Malloc gave until it
	 * refused out; b = 1 when, all freed, TEE_Malloc(TA_DATA_SIZE) works
	 * and TEE_Malloc(TA_DATA_SIZE + 1) does not
	 */
	HOSTTA_HEAP = 17,
	HOSTTA_BAD_FREE = 18,	/* TEE_Free of memory not from TEE_Malloc */
	/*
	 * v0 IN a = one of enum hostta_optee: TEE_SUCCESS when the runtime
	 * behaves as OP-TEE's libutee there, else TEE_ERROR_GENERIC with
	 * v0 OUT b = the step that differed (docs/optee-compat.md)
	 */
	HOSTTA_OPTEE = 19,
};

enum hostta_optee {
	HOSTTA_OPTEE_MALLOC0 = 1,	/* TEE_Malloc(0): one fixed pointer, no heap */
	HOSTTA_OPTEE_REALLOC0 = 2,	/* TEE_Realloc(p, 0): freed, that pointer */
	HOSTTA_OPTEE_REALLOC_NULL_SIZED = 3,	/* TEE_Realloc of it: zeroed block */
	HOSTTA_OPTEE_ACCESS0 = 4,	/* TEE_CheckMemoryAccessRights of 0 bytes */
	HOSTTA_OPTEE_PLUGIN_LEN0 = 5,	/* tee_invoke_supp_plugin(buf, 0) */
	HOSTTA_OPTEE_BINARY_PROP = 6,	/* base64 decoded leniently */
	HOSTTA_OPTEE_LAST = 6,
};

#endif
