// SPDX-License-Identifier: BSD-2-Clause
/*
 * supp_plugin_ta.c - a TA that asks the normal world through a
 * tee-supplicant plugin (plugin/sysinfo_plugin.c, installed in the
 * supplicant's plugin directory): tee_invoke_supp_plugin() sends the
 * plugin's UUID, a command and a buffer to tee-supplicant, which calls the
 * plugin and sends its answer back into the buffer.
 *
 * What comes from the normal world is not trusted: the TA checks its size
 * and treats it as text to pass on, nothing more.
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <supp_plugin_ta.h>

static const TEE_UUID plugin_uuid = SYSINFO_PLUGIN_UUID;

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

static TEE_Result ask(TEE_Param p[4])
{
	char buf[256];
	size_t n = 0;
	TEE_Result res;

	res = tee_invoke_supp_plugin(&plugin_uuid, p[0].value.a, 0, buf,
				     sizeof(buf), &n);
	if (res != TEE_SUCCESS) {
		/* ITEM_NOT_FOUND: the plugin is not installed */
		EMSG("plugin command %u: 0x%08x", p[0].value.a, res);
		return res;
	}
	if (n > sizeof(buf))
		return TEE_ERROR_BAD_FORMAT;	/* the normal world lied */
	IMSG("the plugin answered %zu bytes", n);
	if (p[1].memref.size < n) {
		p[1].memref.size = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(p[1].memref.buffer, buf, n);
	p[1].memref.size = n;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	if (cmd != TA_SUPP_PLUGIN_CMD_ASK)
		return TEE_ERROR_NOT_SUPPORTED;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
					   TEE_PARAM_TYPE_MEMREF_OUTPUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	return ask(params);
}
