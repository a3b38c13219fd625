// SPDX-License-Identifier: BSD-2-Clause
/*
 * service_daemon_ta.c - a TA that calls a normal-world service daemon
 * (daemon/auditd.c, teekit-ex-auditd): RECORD adds what happened, with the
 * TA's own tag, to the daemon's audit log and returns the sequence number
 * the daemon gave it.
 *
 * A service daemon is called like a tee-supplicant plugin, with
 * tee_invoke_supp_plugin(): the TEE driver sends requests for the
 * daemon's UUID to the daemon while it is registered, and to
 * tee-supplicant otherwise (TEE_ERROR_ITEM_NOT_FOUND: nobody serves it).
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <service_daemon_ta.h>

#define TAG		"service_daemon TA: "
#define MAX_EVENT	200

static const TEE_UUID audit_uuid = AUDITD_SERVICE_UUID;

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

static TEE_Result record(TEE_Param p[4])
{
	char line[sizeof(TAG) + MAX_EVENT];
	size_t n = p[0].memref.size, out = 0;
	TEE_Result res;

	if (n > MAX_EVENT)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_MemMove(line, TAG, sizeof(TAG) - 1);
	TEE_MemMove(line + sizeof(TAG) - 1, p[0].memref.buffer, n);
	res = tee_invoke_supp_plugin(&audit_uuid, AUDIT_CMD_APPEND, 0, line,
				     sizeof(TAG) - 1 + n, &out);
	if (res != TEE_SUCCESS) {
		EMSG("the audit service: 0x%08x%s", res,
		     res == TEE_ERROR_ITEM_NOT_FOUND ?
		     " (teekit-ex-auditd is not running)" : "");
		return res;
	}
	if (out != 4)
		return TEE_ERROR_BAD_FORMAT;	/* not the daemon we know */
	p[1].value.a = (uint8_t)line[0] | (uint8_t)line[1] << 8 |
		       (uint8_t)line[2] << 16 | (uint32_t)(uint8_t)line[3] << 24;
	IMSG("recorded as %u", p[1].value.a);
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	if (cmd != TA_SERVICE_DAEMON_CMD_RECORD)
		return TEE_ERROR_NOT_SUPPORTED;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					   TEE_PARAM_TYPE_VALUE_OUTPUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	return record(params);
}
