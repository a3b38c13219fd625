// SPDX-License-Identifier: BSD-2-Clause
/*
 * hello_world_ta.c - the smallest useful TA: it keeps no state and changes
 * the value the client sends by one. Every entry point a TA must export is
 * here; each logs a line to the emulator's log (teekit-tos --log).
 */
#include <tee_internal_api.h>

#include <hello_world_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	DMSG("instance created");
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	DMSG("instance destroyed");
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types,
				    TEE_Param params[4], void **sess_ctx)
{
	(void)params;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	*sess_ctx = NULL;
	IMSG("hello, normal world");
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
	IMSG("goodbye");
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;

	switch (cmd) {
	case TA_HELLO_WORLD_CMD_INC:
		IMSG("got %u, returning %u", params[0].value.a,
		     params[0].value.a + 1);
		params[0].value.a++;
		return TEE_SUCCESS;
	case TA_HELLO_WORLD_CMD_DEC:
		IMSG("got %u, returning %u", params[0].value.a,
		     params[0].value.a - 1);
		params[0].value.a--;
		return TEE_SUCCESS;
	default:
		EMSG("unknown command %u", cmd);
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
