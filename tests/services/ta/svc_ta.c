// SPDX-License-Identifier: GPL-2.0-only
/*
 * svc_ta.c - a TA that reaches normal-world services: service daemons and
 * tee-supplicant plugins, through tee_invoke_supp_plugin().
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include "svc_ta.h"

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

static void uuid_from_octets(const uint8_t *o, TEE_UUID *u)
{
	int i;

	u->timeLow = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 |
		     (uint32_t)o[2] << 8 | o[3];
	u->timeMid = (uint16_t)(o[4] << 8 | o[5]);
	u->timeHiAndVersion = (uint16_t)(o[6] << 8 | o[7]);
	for (i = 0; i < 8; i++)
		u->clockSeqAndNode[i] = o[8 + i];
}

static TEE_Result call(uint32_t pt, TEE_Param p[4])
{
	uint32_t t2 = TEE_PARAM_TYPE_GET(pt, 2);
	void *buf = NULL;
	size_t len = 0, out = 0;
	TEE_Result res;
	TEE_UUID u;

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_MEMREF_INPUT ||
	    TEE_PARAM_TYPE_GET(pt, 1) != TEE_PARAM_TYPE_VALUE_INOUT ||
	    p[0].memref.size != 16)
		return TEE_ERROR_BAD_PARAMETERS;
	if (t2 == TEE_PARAM_TYPE_MEMREF_INOUT) {
		buf = p[2].memref.buffer;
		len = p[2].memref.size;
	} else if (t2 != TEE_PARAM_TYPE_NONE) {
		return TEE_ERROR_BAD_PARAMETERS;
	}
	uuid_from_octets(p[0].memref.buffer, &u);
	res = tee_invoke_supp_plugin(&u, p[1].value.a, p[1].value.b, buf, len,
				     &out);
	p[1].value.a = out;
	if (buf && (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER))
		p[2].memref.size = out;
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param params[4])
{
	(void)sess;
	if (cmd == SVC_CMD_CALL)
		return call(pt, params);
	return TEE_ERROR_NOT_SUPPORTED;
}
