// SPDX-License-Identifier: BSD-2-Clause
/*
 * optee_layout_ta.c - the OP-TEE-layout example TA: checksums the bytes
 * the client sends with the static library libsum.a.
 */
#include <inttypes.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <fletcher.h>
#include <optee_layout_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types __unused,
				    TEE_Param params[4] __unused,
				    void **sess_ctx __unused)
{
	IMSG("session opened");
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx __unused)
{
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx __unused,
				      uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	uint32_t sum;

	if (cmd_id != TA_OPTEE_LAYOUT_CMD_CHECKSUM)
		return TEE_ERROR_NOT_SUPPORTED;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					   TEE_PARAM_TYPE_VALUE_OUTPUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	sum = fletcher32(params[0].memref.buffer, params[0].memref.size);
	DHEXDUMP(params[0].memref.buffer, params[0].memref.size);
	IMSG("fletcher32 of %zu bytes: 0x%08" PRIx32,
	     (size_t)params[0].memref.size, sum);
	params[1].value.a = sum;
	return TEE_SUCCESS;
}
