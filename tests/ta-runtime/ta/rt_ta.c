// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt_ta.c - the TA of the ta-runtime tests (tests/ta-runtime/rt.c):
 * properties and enumerators, time and persistent time, trace levels, the
 * GP 1.1 variants. Built from the SDK as installed (three-line Makefile).
 */
#include <stdio.h>
#include <string.h>
#include <tee_internal_api.h>
#include <util.h>

#include "rt_ta.h"

/* the same source builds against GP 1.3 and GP 1.1 lengths */
#ifdef __OPTEE_CORE_API_COMPAT_1_1
typedef uint32_t plen_t;
#else
typedef size_t plen_t;
#endif

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)

const bool rt_prop_bool = true;
const uint32_t rt_prop_u32 = 0xdeadbeef;
const uint64_t rt_prop_u64 = 0x1122334455667788ull;
const TEE_UUID rt_prop_uuid = { 0x01020304, 0x0506, 0x0708,
	{ 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10 } };
const TEE_Identity rt_prop_identity = { TEE_LOGIN_TRUSTED_APP,
	{ 0xa1a2a3a4, 0xb1b2, 0xc1c2,
	  { 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 } } };

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

uint32_t rt_sessions;	/* open sessions (RT_CMD_COUNT) */

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param p[4], void **sess)
{
	(void)pt;
	(void)p;
	*sess = NULL;
	rt_sessions++;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	(void)sess;
	rt_sessions--;
}

static TEE_PropSetHandle set_of(uint32_t n)
{
	switch (n) {
	case RT_SET_TEE:
		return TEE_PROPSET_TEE_IMPLEMENTATION;
	case RT_SET_CLIENT:
		return TEE_PROPSET_CURRENT_CLIENT;
	default:
		return TEE_PROPSET_CURRENT_TA;
	}
}

static TEE_Result put(TEE_Param *o, const void *v, size_t n)
{
	if (o->memref.size < n) {
		o->memref.size = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(o->memref.buffer, v, n);
	o->memref.size = n;
	return TEE_SUCCESS;
}

static TEE_Result get_prop(uint32_t pt, TEE_Param p[4])
{
	TEE_PropSetHandle h;
	char name[128];
	union {
		bool b;
		uint32_t u32;
		uint64_t u64;
		TEE_UUID uuid;
		TEE_Identity id;
	} v;
	plen_t len;
	TEE_Result r;

	if (pt != PT(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE) ||
	    !p[1].memref.size || p[1].memref.size > sizeof(name))
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_MemMove(name, p[1].memref.buffer, p[1].memref.size);
	name[p[1].memref.size - 1] = 0;
	h = set_of(p[0].value.a);
	memset(&v, 0, sizeof(v));
	switch (p[0].value.b) {
	case RT_STRING:
	case RT_BINARY:
		/* straight into the client's buffer: the size protocol is GP's */
		len = p[2].memref.size;
		r = p[0].value.b == RT_STRING ?
		    TEE_GetPropertyAsString(h, name, p[2].memref.buffer, &len) :
		    TEE_GetPropertyAsBinaryBlock(h, name, p[2].memref.buffer,
						 &len);
		if (!r || r == TEE_ERROR_SHORT_BUFFER)
			p[2].memref.size = len;
		return r;
	case RT_BOOL:
		r = TEE_GetPropertyAsBool(h, name, &v.b);
		return r ? r : put(&p[2], &v.b, sizeof(v.b));
	case RT_U32:
		r = TEE_GetPropertyAsU32(h, name, &v.u32);
		return r ? r : put(&p[2], &v.u32, sizeof(v.u32));
	case RT_U64:
		r = TEE_GetPropertyAsU64(h, name, &v.u64);
		return r ? r : put(&p[2], &v.u64, sizeof(v.u64));
	case RT_UUID:
		r = TEE_GetPropertyAsUUID(h, name, &v.uuid);
		return r ? r : put(&p[2], &v.uuid, sizeof(v.uuid));
	case RT_IDENTITY:
		r = TEE_GetPropertyAsIdentity(h, name, &v.id);
		return r ? r : put(&p[2], &v.id, sizeof(v.id));
	}
	return TEE_ERROR_BAD_PARAMETERS;
}

static TEE_Result enumerate(uint32_t pt, TEE_Param p[4])
{
	TEE_PropSetHandle e;
	char *out = p[1].memref.buffer;
	size_t used = 0, cap = p[1].memref.size;
	char name[128], val[256];
	plen_t nl, vl;
	TEE_Result r;

	if (pt != PT(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	r = TEE_AllocatePropertyEnumerator(&e);
	if (r)
		return r;
	TEE_StartPropertyEnumerator(e, set_of(p[0].value.a));
	do {
		nl = sizeof(name);
		vl = sizeof(val);
		r = TEE_GetPropertyName(e, name, &nl);
		if (!r)
			r = TEE_GetPropertyAsString(e, NULL, val, &vl);
		if (r)
			break;
		if (used + nl + vl + 1 > cap) {
			r = TEE_ERROR_SHORT_BUFFER;
			break;
		}
		used += snprintf(out + used, cap - used, "%s=%s\n", name, val);
	} while (!TEE_GetNextProperty(e));
	TEE_FreePropertyEnumerator(e);
	p[1].memref.size = used;
	return r;
}

/* records the first failing line in v0.a */
static void check(TEE_Param *p, bool ok, int line)
{
	if (!ok && !p[0].value.a)
		p[0].value.a = line;
}

#define CHECK(c) check(p, (c), __LINE__)

static TEE_Result enum_errors(TEE_Param p[4])
{
	TEE_PropSetHandle e;
	char name[64];
	plen_t len;
	uint32_t u;

	p[0].value.a = 0;
	CHECK(!TEE_AllocatePropertyEnumerator(&e));
	len = sizeof(name);
	CHECK(TEE_GetPropertyName(e, name, &len) == TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(TEE_GetNextProperty(e) == TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(TEE_GetPropertyAsU32(e, NULL, &u) == TEE_ERROR_ITEM_NOT_FOUND);
	TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_CLIENT);
	len = 3;
	CHECK(TEE_GetPropertyName(e, name, &len) == TEE_ERROR_SHORT_BUFFER);
	CHECK(len == sizeof("gpd.client.identity"));
	CHECK(!TEE_GetPropertyName(e, name, &len));
	CHECK(!strcmp(name, "gpd.client.identity"));
	CHECK(TEE_GetPropertyAsU32(e, NULL, &u) == TEE_ERROR_BAD_FORMAT);
	CHECK(!TEE_GetNextProperty(e));
	CHECK(!TEE_GetPropertyAsU32(e, NULL, &u) && u == 0);	/* endian */
	CHECK(TEE_GetNextProperty(e) == TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(TEE_GetNextProperty(e) == TEE_ERROR_ITEM_NOT_FOUND);
	TEE_ResetPropertyEnumerator(e);
	len = sizeof(name);
	CHECK(TEE_GetPropertyName(e, name, &len) == TEE_ERROR_ITEM_NOT_FOUND);
	TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_TA);
	len = sizeof(name);
	CHECK(!TEE_GetPropertyName(e, name, &len));
	CHECK(!strcmp(name, "gpd.ta.appID"));
	TEE_FreePropertyEnumerator(e);
	TEE_FreePropertyEnumerator(TEE_HANDLE_NULL);
	CHECK(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "no.such", &u) ==
	      TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(ROUNDUP(5u, 4u) == 8 && MIN(3, 4) == 3 && BIT(3) == 8 &&
	      ARRAY_SIZE(name) == 64);
	return TEE_SUCCESS;
}

static TEE_Result gp11(TEE_Param p[4])
{
#ifdef __OPTEE_CORE_API_COMPAT_1_1
	char buf[64];
	uint32_t len = 2;
	TEE_Result r;

	r = TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.version",
				    buf, &len);
	if (r != TEE_ERROR_SHORT_BUFFER || len != 4)
		return TEE_ERROR_GENERIC;
	len = sizeof(buf);
	r = TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.version",
				    buf, &len);
	if (r || strcmp(buf, "2.5"))
		return TEE_ERROR_GENERIC;
	p[0].value.a = len;
	return TEE_SUCCESS;
#else
	(void)p;
	return TEE_ERROR_NOT_SUPPORTED;
#endif
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	TEE_PropSetHandle bogus = (TEE_PropSetHandle)(uintptr_t)0x1234;
	TEE_Time t;
	TEE_Result r;

	(void)sess;
	switch (cmd) {
	case RT_CMD_GET_PROP:
		return get_prop(pt, p);
	case RT_CMD_ENUM:
		return enumerate(pt, p);
	case RT_CMD_ENUM_ERRORS:
		return enum_errors(p);
	case RT_CMD_PANIC_BAD_ENUM:
		TEE_StartPropertyEnumerator(bogus, TEE_PROPSET_CURRENT_TA);
		return TEE_SUCCESS;
	case RT_CMD_PANIC_NULL_VALUE:
		return TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA,
					    "gpd.ta.dataSize", NULL);
	case RT_CMD_TIMES:
		TEE_GetSystemTime(&t);
		p[0].value.a = t.seconds;
		p[0].value.b = t.millis;
		TEE_GetREETime(&t);
		p[1].value.a = t.seconds;
		p[1].value.b = t.millis;
		return TEE_SUCCESS;
	case RT_CMD_PTIME_GET:
		r = TEE_GetTAPersistentTime(&t);
		p[0].value.a = t.seconds;
		p[0].value.b = t.millis;
		return r;
	case RT_CMD_PTIME_SET:
		t.seconds = p[0].value.a;
		t.millis = p[0].value.b;
		return TEE_SetTAPersistentTime(&t);
	case RT_CMD_LOG:
		IMSG("rt info %u", p[0].value.a);
		DMSG("rt debug %u", p[0].value.a);
		FMSG("rt flow %u", p[0].value.a);
		return TEE_SUCCESS;
	case RT_CMD_GP11:
		return gp11(p);
	case RT_CMD_WAIT:
		TEE_UnmaskCancellation();
		return TEE_Wait(p[0].value.a);
	default:
		if (cmd >= RT_CMD_MEM_SELF && cmd <= RT_CMD_MEM_PARAMS)
			return rt_mem(cmd, pt, p);
		if (cmd >= RT_CMD_GP11_PARAMS && cmd <= RT_CMD_T2T_BIG)
			return rt_gp11(cmd, pt, p);
		return rt_t2t(cmd, pt, p);
	}
}
