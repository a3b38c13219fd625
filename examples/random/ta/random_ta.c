// SPDX-License-Identifier: BSD-2-Clause
/*
 * random_ta.c - random bytes from the TEE: TEE_GenerateRandom fills the
 * client's output buffer (the trusted OS's generator, OpenSSL's RAND_bytes
 * in teekit's software secure world).
 */
#include <tee_internal_api.h>

#include <random_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types,
				    TEE_Param params[4], void **sess_ctx)
{
	(void)param_types;
	(void)params;
	*sess_ctx = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	size_t n = params[0].memref.size;

	(void)sess_ctx;
	if (cmd != TA_RANDOM_CMD_GENERATE)
		return TEE_ERROR_NOT_SUPPORTED;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!n || n > RANDOM_MAX) {
		EMSG("asked for %zu bytes; 1 to %d can be given", n, RANDOM_MAX);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	TEE_GenerateRandom(params[0].memref.buffer, n);
	IMSG("%zu random bytes", n);
	return TEE_SUCCESS;
}
