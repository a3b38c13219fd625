// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_ta.c - the TA of teekit-bench: commands that do as little as
 * possible, so a figure measures the path to the TA and back.
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include "bench_ta.h"

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param params[4],
				    void **sess)
{
	(void)pt;
	(void)params;
	*sess = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	(void)sess;
}

static TEE_Result touch(uint32_t pt, TEE_Param p[4])
{
	uint32_t t = TEE_PARAM_TYPE_GET(pt, 0);
	volatile char *b = p[0].memref.buffer;

	if (t != TEE_PARAM_TYPE_MEMREF_INPUT &&
	    t != TEE_PARAM_TYPE_MEMREF_OUTPUT &&
	    t != TEE_PARAM_TYPE_MEMREF_INOUT)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!p[0].memref.size)
		return TEE_SUCCESS;
	if (t == TEE_PARAM_TYPE_MEMREF_INPUT)
		return b[0] == 0x5a ? TEE_SUCCESS : TEE_ERROR_GENERIC;
	b[0] = b[0] + 1;
	return TEE_SUCCESS;
}

static TEE_Result plugin(uint32_t pt, TEE_Param p[4])
{
	static const TEE_UUID uuid = BENCH_PLUGIN_UUID;
	TEE_Result res;
	uint32_t n;
	size_t out;

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_VALUE_INPUT)
		return TEE_ERROR_BAD_PARAMETERS;
	for (n = 0; n < p[0].value.a; n++) {
		res = tee_invoke_supp_plugin(&uuid, 0, 0, NULL, 0, &out);
		if (res != TEE_SUCCESS)
			return res;
	}
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	(void)sess;
	switch (cmd) {
	case BENCH_CMD_NOP:
		return TEE_SUCCESS;
	case BENCH_CMD_TOUCH:
		return touch(pt, p);
	case BENCH_CMD_PLUGIN:
		return plugin(pt, p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
