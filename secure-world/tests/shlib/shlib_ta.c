// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared TA library test TA (tests/secure-world/shlib.c): built once
 * per UUID, linked against the library of its case (secure-world/tests/
 * build.mk); SHLIB_LINKED builds call shlib_a() of the linked library.
 * Commands: test_shlib.h.
 */
#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include <tee_internal_api.h>

#include "test_shlib.h"

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param params[4],
				    void **ctx)
{
	(void)pt;
	(void)params;
	(void)ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	(void)ctx;
}

static int count_phdrs(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)info;
	(void)size;
	(*(uint32_t *)data)++;
	return 0;
}

/* m0 "uuid\0symbol", v1.a x, v1.b flags -> v1.a = symbol(x) */
static TEE_Result by_dlopen(uint32_t pt, TEE_Param p[4])
{
	const char *uuid, *sym;
	int (*fn)(int x);
	void *h;

	if (pt != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				  TEE_PARAM_TYPE_VALUE_INOUT,
				  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	uuid = p[0].memref.buffer;
	if (p[0].memref.size < 2 || uuid[p[0].memref.size - 1])
		return TEE_ERROR_BAD_PARAMETERS;
	sym = (const char *)memchr(uuid, 0, p[0].memref.size) + 1;
	if (sym >= uuid + p[0].memref.size)
		return TEE_ERROR_BAD_PARAMETERS;
	h = dlopen(uuid, p[1].value.b);
	if (!h)
		return TEE_ERROR_ITEM_NOT_FOUND;
	fn = (int (*)(int))dlsym(h, sym);
	if (!fn) {
		dlclose(h);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	p[1].value.a = fn(p[1].value.a);
	return dlclose(h) ? TEE_ERROR_GENERIC : TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	void *self;

	(void)ctx;
	switch (cmd) {
#ifdef SHLIB_LINKED
	case SHLIB_CMD_LINKED:
		if (pt != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
					  TEE_PARAM_TYPE_VALUE_OUTPUT,
					  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		p[1].value.a = shlib_a(p[0].value.a);
		return TEE_SUCCESS;
#endif
	case SHLIB_CMD_DLOPEN:
		return by_dlopen(pt, p);
	case SHLIB_CMD_PHDRS:
		if (pt != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
					  TEE_PARAM_TYPE_NONE,
					  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		p[0].value.a = 0;
		dl_iterate_phdr(count_phdrs, &p[0].value.a);
		return TEE_SUCCESS;
	case SHLIB_CMD_DLSYM_SELF:
		if (pt != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
					  TEE_PARAM_TYPE_NONE,
					  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		self = dlopen(NULL, SHLIB_DL_FLAGS);
		p[0].value.a = self && dlsym(self, "TA_InvokeCommandEntryPoint");
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
