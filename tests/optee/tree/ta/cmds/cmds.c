// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmds.c - in a subdirectory (subdirs-y) with its own cflags-y and
 * incdirs-y; uses OP-TEE's helper headers: util.h, utee_defines.h,
 * string_ext.h, compiler.h through tee_internal_api.h.
 */
#include <string.h>
#include <string_ext.h>
#include <tee_internal_api.h>
#include <user_ta_header.h>
#include <utee_defines.h>
#include <util.h>

#include <olt_ta.h>
#include <cmds.h>	/* found through incdirs-y of cmds/sub.mk */

#ifdef OLT_TOP_DIR
#error "cflags-remove-y of cmds/sub.mk did not remove -DOLT_TOP_DIR=1"
#endif

struct __packed olt_packed {
	uint8_t a;
	uint32_t b;
};

static int __maybe_unused olt_spare;

uint32_t olt_cmds_flags(void)
{
	uint32_t f = OLT_CMDS_DIR << 8;

#ifndef OLT_FILE_FLAG
	f |= OLT_INFO_NO_TOP_IN_CMDS;
#endif
	return f;
}

TEE_Result olt_cmd_util(uint32_t param_types,
			TEE_Param params[TEE_NUM_PARAMS] __unused)
{
	static const uint8_t arr[5] __aligned(8) = { 1, 2, 3, 4, 5 };
	char small[4];
	uint32_t ok = 0;
	uint32_t data_size = 0;

	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (TEE_ALG_GET_DIGEST_SIZE(TEE_ALG_SHA256) == TEE_SHA256_HASH_SIZE &&
	    TEE_ALG_GET_MAIN_ALG(TEE_ALG_HMAC_SHA384) == TEE_MAIN_ALGO_SHA384 &&
	    TEE_ALG_GET_CLASS(TEE_ALG_AES_GCM) == TEE_OPERATION_AE &&
	    TEE_ALG_GET_CHAIN_MODE(TEE_ALG_AES_CBC_NOPAD) ==
	    TEE_CHAIN_MODE_CBC_NOPAD)
		ok |= BIT(0);
	if (TEE_DIGEST_HASH_TO_ALGO(TEE_ALG_RSASSA_PKCS1_V1_5_SHA512) ==
	    TEE_ALG_SHA512 &&
	    TEE_ALG_GET_KEY_TYPE(TEE_ALG_ECDSA_SHA256, true) ==
	    TEE_TYPE_ECDSA_KEYPAIR)
		ok |= BIT(1);
	if (ROUNDUP(13, 8) == 16 && ROUNDDOWN(13, 8) == 8 &&
	    MIN(3, 9) == 3 && MAX(3, 9) == 9 && ARRAY_SIZE(arr) == 5 &&
	    IS_ALIGNED((uintptr_t)arr, 8))
		ok |= BIT(2);
	if (strlcpy(small, "abcdef", sizeof(small)) == 6 &&
	    !strcmp(small, "abc") && strlcat(small, "xy", sizeof(small)) == 5)
		ok |= BIT(3);
	if (!buf_compare_ct("same", "same", 4) &&
	    buf_compare_ct("same", "sane", 4))
		ok |= BIT(4);
	if (TEE_U32_TO_BIG_ENDIAN(0x01020304) == 0x04030201 &&
	    TEE_U16_FROM_BIG_ENDIAN(0x0102) == 0x0201)
		ok |= BIT(5);
	if (sizeof(struct olt_packed) == 5)
		ok |= BIT(6);
	if (TEE_AES_BLOCK_SIZE == 16 && TEE_MAX_HASH_SIZE == 64)
		ok |= BIT(7);
	if (TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, TA_PROP_STR_DATA_SIZE,
				 &data_size) == TEE_SUCCESS &&
	    data_size == 32 * 1024)
		ok |= BIT(8);
	params[0].value.a = ok;
	params[0].value.b = 0;
	return TEE_SUCCESS;
}
