// SPDX-License-Identifier: BSD-2-Clause
/*
 * template_ta.c - a minimal TA: command 0 adds value a and b of parameter 0
 * into parameter 1. Build: make TA_DEV_KIT_DIR=/usr/share/teekit/sdk
 * TA_SIGN_KEY=key.pem; install <uuid>.ta in /lib/optee_armtz.
 */
#include <tee_internal_api.h>

#define CMD_ADD 0

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t ptypes,
				    TEE_Param params[TEE_NUM_PARAMS],
				    void **session)
{
	(void)ptypes;
	(void)params;
	*session = NULL;
	IMSG("session opened");
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *session)
{
	(void)session;
}

TEE_Result TA_InvokeCommandEntryPoint(void *session, uint32_t cmd,
				      uint32_t ptypes,
				      TEE_Param params[TEE_NUM_PARAMS])
{
	const uint32_t want = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
					      TEE_PARAM_TYPE_VALUE_OUTPUT,
					      TEE_PARAM_TYPE_NONE,
					      TEE_PARAM_TYPE_NONE);

	(void)session;
	if (cmd != CMD_ADD)
		return TEE_ERROR_NOT_SUPPORTED;
	if (ptypes != want)
		return TEE_ERROR_BAD_PARAMETERS;
	params[1].value.a = params[0].value.a + params[0].value.b;
	return TEE_SUCCESS;
}
