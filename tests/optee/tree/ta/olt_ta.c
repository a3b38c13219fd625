// SPDX-License-Identifier: GPL-2.0-only
/*
 * olt_ta.c - the OP-TEE-layout test TA, written as an OP-TEE TA is: GP 1.1
 * parameter types (CFG_TA_OPTEE_CORE_API_COMPAT_1_1 = y), __unused,
 * snprintf with PRI* formats, IHEXDUMP, a static library (libolt.a).
 */
#include <inttypes.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <olt_lib.h>
#include <olt_ta.h>
#include "cmds/cmds.h"

#ifndef __OPTEE_CORE_API_COMPAT_1_1
#error "CFG_TA_OPTEE_CORE_API_COMPAT_1_1 = y did not make a GP 1.1 build"
#endif
#if OLT_FILE_FLAG != 0x5a
#error "cflags-olt_ta.c-y did not reach olt_ta.c"
#endif
#ifndef OLT_TOP_DIR
#error "cppflags-y of ta/sub.mk did not reach olt_ta.c"
#endif

#ifndef OLT_LATE_CFLAGS
#error "CFLAGS added after the dev kit include did not reach the sources"
#endif
/* CFG_ values reach the sources as OP-TEE passes them: y as 1, n not */
#if !defined(CFG_TA_FLOAT_SUPPORT) || CFG_TA_FLOAT_SUPPORT != 1
#error "CFG_TA_FLOAT_SUPPORT = y of conf.mk is not -DCFG_TA_FLOAT_SUPPORT=1"
#endif
#ifdef CFG_TA_MBEDTLS
#error "CFG_TA_MBEDTLS = n must not be defined"
#endif

/* GP 1.1: memref sizes are uint32_t (1.3 made them size_t) */
_Static_assert(sizeof(((TEE_Param *)0)->memref.size) == sizeof(uint32_t),
	       "TEE_Param is not the GP 1.1 layout");

struct olt_sess {
	uint32_t open_len;
};

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types,
				    TEE_Param params[TEE_NUM_PARAMS],
				    void **sess_ctx)
{
	uint32_t exp = TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				       TEE_PARAM_TYPE_NONE,
				       TEE_PARAM_TYPE_NONE,
				       TEE_PARAM_TYPE_NONE);
	/* a GP 1.1 type: compiles only where size is a uint32_t */
	uint32_t *len = &params[0].memref.size;
	struct olt_sess *s;

	if (param_types != exp)
		return TEE_ERROR_BAD_PARAMETERS;
	s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	s->open_len = *len;
	*sess_ctx = s;
	DMSG("session with a %" PRIu32 "-byte open memref", *len);
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	TEE_Free(sess_ctx);
}

static TEE_Result cmd_info(struct olt_sess *s, uint32_t param_types,
			   TEE_Param params[TEE_NUM_PARAMS])
{
	uint32_t exp = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT,
				       TEE_PARAM_TYPE_MEMREF_OUTPUT,
				       TEE_PARAM_TYPE_NONE,
				       TEE_PARAM_TYPE_NONE);
	uint32_t mix;
	int n;

	if (param_types != exp)
		return TEE_ERROR_BAD_PARAMETERS;
	mix = olt_lib_mix(params[0].value.a);
	n = snprintf(params[1].memref.buffer, params[1].memref.size,
		     "len=%" PRIu32 " mix=0x%" PRIx32 " big=%" PRIu64,
		     s->open_len, mix, (uint64_t)1 << 40);
	if (n < 0)
		return TEE_ERROR_GENERIC;
	if ((uint32_t)n >= params[1].memref.size) {
		params[1].memref.size = n + 1;
		return TEE_ERROR_SHORT_BUFFER;
	}
	params[1].memref.size = n + 1;
	params[0].value.a = mix;
	params[0].value.b = OLT_FILE_FLAG | olt_cmds_flags() | OLT_INFO_GP11;
	return TEE_SUCCESS;
}

static TEE_Result cmd_hexdump(uint32_t param_types,
			      TEE_Param params[TEE_NUM_PARAMS])
{
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	IMSG("hexdump of %" PRIu32 " bytes follows", params[0].memref.size);
	IHEXDUMP(params[0].memref.buffer, params[0].memref.size);
	/* CFG_TEE_TA_LOG_LEVEL ?= 3 in the Makefile: debug lines are built */
	DHEXDUMP(params[0].memref.buffer, params[0].memref.size);
	/* flow (4) is above the build's level: compiled out */
	FHEXDUMP(params[0].memref.buffer, params[0].memref.size);
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id,
				      uint32_t param_types,
				      TEE_Param params[TEE_NUM_PARAMS])
{
	switch (cmd_id) {
	case OLT_CMD_INFO:
		return cmd_info(sess_ctx, param_types, params);
	case OLT_CMD_UTIL:
		return olt_cmd_util(param_types, params);
	case OLT_CMD_HEXDUMP:
		return cmd_hexdump(param_types, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
