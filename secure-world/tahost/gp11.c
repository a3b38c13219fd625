// SPDX-License-Identifier: GPL-2.0-only
/*
 * gp11.c - the GP 1.1 TEE_Param layout (32-bit memref sizes) for TAs built
 * with __OPTEE_CORE_API_COMPAT_1_1 (teekit_ta_head.api_flags has
 * TEEKIT_TA_HEAD_F_GP11): conversion of the entry points' parameters and
 * the 1.1 variants of TEE_OpenTASession and TEE_InvokeTACommand.
 *
 * Sizes: a memref of 4 GiB or more cannot be shown to a 1.1 TA; such a
 * call is refused with TEE_ERROR_BAD_PARAMETERS (origin TEE) before the
 * entry point runs. A callee's size of 4 GiB or more written back to a 1.1
 * caller becomes 0xffffffff, still larger than any buffer the caller can
 * describe, so a SHORT_BUFFER answer keeps its meaning
 * (docs/decisions/0806-gp11-param-layout.md).
 */
#include <stdint.h>
#include <string.h>

#include "teeta.h"

static bool is_memref(uint32_t t)
{
	return t == TEE_PARAM_TYPE_MEMREF_INPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

bool teeta_is_gp11(void)
{
	const struct teekit_ta_head *h = teeta_head();

	return h && (h->api_flags & TEEKIT_TA_HEAD_F_GP11);
}

TEE_Result teeta_gp11_in(uint32_t pt, const TEE_Param *p,
			 __GP11_TEE_Param *p11)
{
	uint32_t i, t;

	memset(p11, 0, TEE_NUM_PARAMS * sizeof(*p11));
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(pt, i);
		if (is_memref(t)) {
			if (p[i].memref.size > UINT32_MAX) {
				teeta_log("param %u: a memref of %zu bytes does not fit the GP 1.1 TEE_Param of this TA (at most 4 GiB - 1); pass a smaller buffer or rebuild the TA without __OPTEE_CORE_API_COMPAT_1_1",
					  i, p[i].memref.size);
				return TEE_ERROR_BAD_PARAMETERS;
			}
			p11[i].memref.buffer = p[i].memref.buffer;
			p11[i].memref.size = p[i].memref.size;
		} else if (t != TEE_PARAM_TYPE_NONE) {
			p11[i].value.a = p[i].value.a;
			p11[i].value.b = p[i].value.b;
		}
	}
	return TEE_SUCCESS;
}

/* Outputs back: values and memref sizes (only the 32 bits of 1.1). */
void teeta_gp11_out(uint32_t pt, const __GP11_TEE_Param *p11, TEE_Param *p)
{
	uint32_t i, t;

	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(pt, i);
		if (is_memref(t)) {
			p[i].memref.size = p11[i].memref.size;
		} else if (t != TEE_PARAM_TYPE_NONE) {
			p[i].value.a = p11[i].value.a;
			p[i].value.b = p11[i].value.b;
		}
	}
}

/*
 * A 1.1 caller's parameters to the 1.3 form ta_call() takes, and back.
 * Types are checked by the 1.3 function (it panics on bad ones); only the
 * slots of memref and value types are read here.
 */
static void to_gp13(uint32_t pt, const __GP11_TEE_Param *p11, TEE_Param *p)
{
	uint32_t i, t;

	memset(p, 0, TEE_NUM_PARAMS * sizeof(*p));
	if (!p11)
		return;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(pt, i);
		if (is_memref(t)) {
			p[i].memref.buffer = p11[i].memref.buffer;
			p[i].memref.size = p11[i].memref.size;
		} else if (t != TEE_PARAM_TYPE_NONE) {
			p[i].value.a = p11[i].value.a;
			p[i].value.b = p11[i].value.b;
		}
	}
}

static void to_gp11(uint32_t pt, const TEE_Param *p, __GP11_TEE_Param *p11)
{
	uint32_t i, t;

	if (!p11)
		return;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(pt, i);
		if (t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
		    t == TEE_PARAM_TYPE_MEMREF_INOUT) {
			p11[i].memref.size = p[i].memref.size > UINT32_MAX ?
					     UINT32_MAX : p[i].memref.size;
		} else if (t == TEE_PARAM_TYPE_VALUE_OUTPUT ||
			   t == TEE_PARAM_TYPE_VALUE_INOUT) {
			p11[i].value.a = p[i].value.a;
			p11[i].value.b = p[i].value.b;
		}
	}
}

TEE_Result __GP11_TEE_OpenTASession(const TEE_UUID *destination,
				    uint32_t cancellationRequestTimeout,
				    uint32_t paramTypes,
				    __GP11_TEE_Param params[4],
				    TEE_TASessionHandle *session,
				    uint32_t *returnOrigin)
{
	TEE_Param p[TEE_NUM_PARAMS];
	TEE_Result res;

	to_gp13(paramTypes, params, p);
	res = TEE_OpenTASession(destination, cancellationRequestTimeout,
				paramTypes, params ? p : NULL, session,
				returnOrigin);
	to_gp11(paramTypes, p, params);
	return res;
}

TEE_Result __GP11_TEE_InvokeTACommand(TEE_TASessionHandle session,
				      uint32_t cancellationRequestTimeout,
				      uint32_t commandID, uint32_t paramTypes,
				      __GP11_TEE_Param params[4],
				      uint32_t *returnOrigin)
{
	TEE_Param p[TEE_NUM_PARAMS];
	TEE_Result res;

	to_gp13(paramTypes, params, p);
	res = TEE_InvokeTACommand(session, cancellationRequestTimeout,
				  commandID, paramTypes, params ? p : NULL,
				  returnOrigin);
	to_gp11(paramTypes, p, params);
	return res;
}
