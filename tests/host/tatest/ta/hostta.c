// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostta.c - the test TA of the host harness (tests/host/tatest.sh): one
 * command per harness feature, some of them buggy on purpose (heap
 * overflow, memref overrun, write to an input memref).
 */
#include <stdio.h>
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include "hostta.h"
#include "user_ta_header_defines.h"

/* tatest.sh also builds this TA for the GP 1.1 API (32-bit lengths) */
#ifdef __OPTEE_CORE_API_COMPAT_1_1
typedef uint32_t gp_len_t;
#else
typedef size_t gp_len_t;
#endif

/* globals outlive instances in the harness (the TA stays loaded) */
static uint32_t creates, destroys, sessions;
static bool fail_next_create;

TEE_Result TA_CreateEntryPoint(void)
{
	if (fail_next_create) {
		fail_next_create = false;
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	creates++;
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	destroys++;
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt,
				    TEE_Param params[TEE_NUM_PARAMS],
				    void **sess)
{
	if (TEE_PARAM_TYPE_GET(pt, 0) == TEE_PARAM_TYPE_VALUE_INPUT &&
	    params[0].value.a == HOSTTA_REFUSE)
		return TEE_ERROR_ACCESS_DENIED;
	*sess = NULL;
	sessions++;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	(void)sess;
	sessions--;
}

static void uuid_text(const TEE_UUID *u, char *buf, size_t len)
{
	snprintf(buf, len, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u->timeLow, u->timeMid, u->timeHiAndVersion,
		 u->clockSeqAndNode[0], u->clockSeqAndNode[1],
		 u->clockSeqAndNode[2], u->clockSeqAndNode[3],
		 u->clockSeqAndNode[4], u->clockSeqAndNode[5],
		 u->clockSeqAndNode[6], u->clockSeqAndNode[7]);
}

static TEE_Result reverse(TEE_Param p[TEE_NUM_PARAMS])
{
	const uint8_t *in = p[0].memref.buffer;
	uint8_t *out = p[1].memref.buffer;
	size_t n = p[0].memref.size, i;

	if (p[1].memref.size < n) {
		p[1].memref.size = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	for (i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
	p[1].memref.size = n;
	return TEE_SUCCESS;
}

static TEE_Result wait(TEE_Param p[TEE_NUM_PARAMS])
{
	TEE_Result r;

	TEE_UnmaskCancellation();
	r = TEE_Wait(p[0].value.a);
	p[1].value.a = TEE_GetCancellationFlag();
	return r;
}

static TEE_Result ident(TEE_Param p[TEE_NUM_PARAMS])
{
	TEE_Identity id;
	TEE_Result r;

	r = TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT,
				      "gpd.client.identity", &id);
	if (r)
		return r;
	p[0].value.a = id.login;
	if (p[1].memref.size < sizeof(id.uuid))
		return TEE_ERROR_SHORT_BUFFER;
	memcpy(p[1].memref.buffer, &id.uuid, sizeof(id.uuid));
	p[1].memref.size = sizeof(id.uuid);
	return TEE_SUCCESS;
}

static TEE_Result props(TEE_Param p[TEE_NUM_PARAMS])
{
	gp_len_t len = p[0].memref.size;
	TEE_UUID u;
	TEE_Result r;

	r = TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "hostta.greeting",
				    p[0].memref.buffer, &len);
	p[0].memref.size = len;
	if (r)
		return r;
	r = TEE_GetPropertyAsUUID(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", &u);
	if (r)
		return r;
	if (p[1].memref.size < 37)
		return TEE_ERROR_SHORT_BUFFER;
	uuid_text(&u, p[1].memref.buffer, p[1].memref.size);
	p[1].memref.size = 37;
	return TEE_SUCCESS;
}

static TEE_Result heap_overflow(TEE_Param p[TEE_NUM_PARAMS])
{
	volatile size_t n = 24;
	uint8_t *b = TEE_Malloc(n, 0);

	(void)p;
	if (!b)
		return TEE_ERROR_OUT_OF_MEMORY;
	b[n] = 0x5a;	/* the bug: one byte past the block */
	TEE_Free(b);
	return TEE_SUCCESS;
}

static TEE_Result ptime(TEE_Param p[TEE_NUM_PARAMS])
{
	TEE_Time t = { .seconds = p[0].value.a };
	TEE_Result r;

	if (p[0].value.a) {
		r = TEE_SetTAPersistentTime(&t);
		if (r)
			return r;
	}
	memset(&t, 0, sizeof(t));
	p[1].value.a = TEE_GetTAPersistentTime(&t);
	p[1].value.b = t.seconds;
	return TEE_SUCCESS;
}

static TEE_Result t2t(TEE_Param p[TEE_NUM_PARAMS])
{
	const TEE_UUID callee = { 0x7a7e5700, 0, 0x4000,
				  { 0x80, 0, 0, 0, 0, 0, 0, 2 } };
	TEE_TASessionHandle h = TEE_HANDLE_NULL;
	uint32_t origin = 0;

	p[0].value.a = TEE_OpenTASession(&callee, TEE_TIMEOUT_INFINITE, 0,
					 NULL, &h, &origin);
	p[0].value.b = origin;
	return TEE_SUCCESS;
}

static TEE_Result access_rights(TEE_Param p[TEE_NUM_PARAMS])
{
	const uint32_t any = TEE_MEMORY_ACCESS_ANY_OWNER;
	void *own = TEE_Malloc(16, 0);

	p[1].value.a = TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ | any,
						   p[0].memref.buffer,
						   p[0].memref.size);
	/* shared memory without ANY_OWNER: refused */
	p[1].value.b = TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ,
						   p[0].memref.buffer,
						   p[0].memref.size);
	p[2].value.a = TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ |
						   TEE_MEMORY_ACCESS_WRITE,
						   own, 16);
	TEE_Free(own);
	return TEE_SUCCESS;
}

static uint8_t not_heap[64];

/* TEE_Malloc blocks of v0.a bytes until refused: TA_DATA_SIZE is the limit */
static TEE_Result heap_fill(TEE_Param p[TEE_NUM_PARAMS])
{
	static void *blocks[4096];
	uint32_t n = 0, i;
	void *whole, *more;

	while (n < 4096 && (blocks[n] = TEE_Malloc(p[0].value.a, 0)))
		n++;
	for (i = 0; i < n; i++)
		TEE_Free(blocks[i]);
	p[0].value.a = n;
	whole = TEE_Malloc(TA_DATA_SIZE, TEE_MALLOC_NO_FILL);
	TEE_Free(whole);
	more = TEE_Malloc(TA_DATA_SIZE + 1, TEE_MALLOC_NO_FILL);
	TEE_Free(more);
	p[0].value.b = whole && !more;
	return TEE_SUCCESS;
}

/* The step @n of an OP-TEE check differed: say which in v0.b */
static TEE_Result differs(TEE_Param p[TEE_NUM_PARAMS], uint32_t n)
{
	p[0].value.b = n;
	return TEE_ERROR_GENERIC;
}

static TEE_Result optee_malloc0(TEE_Param p[TEE_NUM_PARAMS])
{
	void *a = TEE_Malloc(0, 0), *b = TEE_Malloc(0, TEE_MALLOC_FILL_ZERO);
	uint32_t i;

	if (!a)
		return differs(p, 1);
	if (a != b)
		return differs(p, 2);
	TEE_Free(a);
	/* 0-byte blocks take nothing from the TA_DATA_SIZE heap */
	for (i = 0; i < 1000; i++)
		if (TEE_Malloc(0, 0) != a)
			return differs(p, 3);
	b = TEE_Malloc(TA_DATA_SIZE, TEE_MALLOC_NO_FILL);
	if (!b)
		return differs(p, 4);
	TEE_Free(b);
	return TEE_SUCCESS;
}

static TEE_Result optee_realloc0(TEE_Param p[TEE_NUM_PARAMS])
{
	void *a = TEE_Malloc(TA_DATA_SIZE, 0), *b;

	if (!a)
		return differs(p, 1);
	b = TEE_Realloc(a, 0);
	if (!b || b != TEE_Malloc(0, 0))
		return differs(p, 2);
	/* the whole heap is free again */
	a = TEE_Malloc(TA_DATA_SIZE, TEE_MALLOC_NO_FILL);
	if (!a)
		return differs(p, 3);
	TEE_Free(a);
	TEE_Free(b);
	return TEE_SUCCESS;
}

static TEE_Result optee_realloc_null_sized(TEE_Param p[TEE_NUM_PARAMS])
{
	uint8_t *a = TEE_Realloc(TEE_Malloc(0, 0), 32);
	uint32_t i;

	if (!a || (void *)a == TEE_Malloc(0, 0))
		return differs(p, 1);
	for (i = 0; i < 32; i++)
		if (a[i])
			return differs(p, 2);
	TEE_MemFill(a, 0x5a, 32);
	TEE_Free(a);
	return TEE_SUCCESS;
}

static TEE_Result optee_access0(TEE_Param p[TEE_NUM_PARAMS])
{
	const uint32_t odd = 0x100 | TEE_MEMORY_ACCESS_WRITE;
	uint8_t buf[4];

	if (TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, NULL, 0))
		return differs(p, 1);
	/* nothing to check: not even the flags */
	if (TEE_CheckMemoryAccessRights(odd, NULL, 0))
		return differs(p, 2);
	/* with bytes, unknown flags are still refused */
	if (TEE_CheckMemoryAccessRights(odd, buf, sizeof(buf)) != TEE_ERROR_ACCESS_DENIED)
		return differs(p, 3);
	return TEE_SUCCESS;
}

static TEE_Result optee_plugin_len0(TEE_Param p[TEE_NUM_PARAMS])
{
	static const TEE_UUID plugin = { 0x7a7e5700, 0, 0x4000,
					 { 0x80, 0, 0, 0, 0, 0, 0, 9 } };
	uint8_t buf[4] = { 0 };
	size_t out = 77;

	if (tee_invoke_supp_plugin(&plugin, 1, 2, buf, 0, &out) != TEE_ERROR_BAD_PARAMETERS)
		return differs(p, 1);
	if (tee_invoke_supp_plugin(&plugin, 1, 2, NULL, 4, &out) != TEE_ERROR_BAD_PARAMETERS)
		return differs(p, 2);
	return TEE_SUCCESS;
}

static TEE_Result optee_binary_prop(TEE_Param p[TEE_NUM_PARAMS])
{
	uint8_t bin[8];
	gp_len_t len = sizeof(bin);

	if (TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, "hostta.binary",
					 bin, &len))
		return differs(p, 1);
	if (len != 5 || memcmp(bin, "\0\1\2\3\4", 5))
		return differs(p, 2);
	/* a string property is no binary block, however it reads */
	len = sizeof(bin);
	if (TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, "hostta.greeting",
					 bin, &len) != TEE_ERROR_BAD_FORMAT)
		return differs(p, 3);
	return TEE_SUCCESS;
}

/* One of OP-TEE's libutee choices (enum hostta_optee) */
static TEE_Result optee_choice(TEE_Param p[TEE_NUM_PARAMS])
{
	p[0].value.b = 0;
	switch (p[0].value.a) {
	case HOSTTA_OPTEE_MALLOC0:
		return optee_malloc0(p);
	case HOSTTA_OPTEE_REALLOC0:
		return optee_realloc0(p);
	case HOSTTA_OPTEE_REALLOC_NULL_SIZED:
		return optee_realloc_null_sized(p);
	case HOSTTA_OPTEE_ACCESS0:
		return optee_access0(p);
	case HOSTTA_OPTEE_PLUGIN_LEN0:
		return optee_plugin_len0(p);
	case HOSTTA_OPTEE_BINARY_PROP:
		return optee_binary_prop(p);
	}
	return TEE_ERROR_NOT_SUPPORTED;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[TEE_NUM_PARAMS])
{
	TEE_Time t;

	(void)sess;
	(void)pt;
	switch (cmd) {
	case HOSTTA_ADD:
		p[1].value.a = p[0].value.a + p[0].value.b;
		return TEE_SUCCESS;
	case HOSTTA_FAIL:
		return p[0].value.a;
	case HOSTTA_PANIC:
		TEE_Panic(p[0].value.a);
		return TEE_SUCCESS;
	case HOSTTA_REVERSE:
		return reverse(p);
	case HOSTTA_WAIT:
		return wait(p);
	case HOSTTA_IDENT:
		return ident(p);
	case HOSTTA_PROPS:
		return props(p);
	case HOSTTA_HEAP_OVERFLOW:
		return heap_overflow(p);
	case HOSTTA_MEMREF_OVERRUN:
		memset(p[0].memref.buffer, 0x33, p[0].memref.size + 1);
		return TEE_SUCCESS;
	case HOSTTA_WRITE_INPUT:
		((uint8_t *)p[0].memref.buffer)[0] ^= 0xff;
		return TEE_SUCCESS;
	case HOSTTA_PTIME:
		return ptime(p);
	case HOSTTA_COUNT:
		p[0].value.a = creates;
		p[0].value.b = destroys;
		p[1].value.a = sessions;
		return TEE_SUCCESS;
	case HOSTTA_T2T:
		return t2t(p);
	case HOSTTA_LOG:
		IMSG("info marker %u", p[0].value.a);
		DMSG("debug marker %u", p[0].value.a);
		return TEE_SUCCESS;
	case HOSTTA_ACCESS:
		return access_rights(p);
	case HOSTTA_FAIL_CREATE:
		fail_next_create = true;
		return TEE_SUCCESS;
	case HOSTTA_HEAP:
		return heap_fill(p);
	case HOSTTA_BAD_FREE:
		TEE_Free(not_heap + 32);
		return TEE_SUCCESS;
	case HOSTTA_OPTEE:
		return optee_choice(p);
	case HOSTTA_REE_TIME:
		TEE_GetREETime(&t);
		p[0].value.a = t.seconds;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
