/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Commands of the crypto test TA (tests/ta-runtime/cta), shared with
 * tests/ta-runtime/crypto.c. The TA is a thin remote for the GP
 * cryptographic API: the test drives each call and checks each result.
 * Handles are slot numbers (1..64; 0: TEE_HANDLE_NULL). Attribute lists
 * are records of four u32 (id, a, b, len) followed by len bytes padded to
 * a multiple of 4. v = value, m = memref; the TA's result is the call's.
 */
#ifndef TEEKIT_CRYPTO_TA_H
#define TEEKIT_CRYPTO_TA_H

#define CT_TA_UUID(n)	"7a000000-0000-4000-8000-0000000000" #n

enum ct_cmd {
	CT_RANDOM,		/* m0 OUT */
	CT_OBJ_ALLOC,		/* v0 IN type, max size; v1 OUT a = handle */
	CT_OBJ_FREE,		/* v0 IN a = handle */
	CT_OBJ_POPULATE,	/* v0 IN handle; m1 IN attributes */
	CT_OBJ_GENKEY,		/* v0 IN handle, bits; m1 IN attributes */
	CT_OBJ_GET_BUF,		/* v0 IN handle, attribute; m1 OUT */
	CT_OBJ_GET_VAL,		/* v0 IN handle, attribute; v1 OUT a, b */
	CT_OBJ_INFO,		/* v0 IN handle; m1 OUT 7 u32 (TEE_ObjectInfo) */
	CT_OBJ_RESTRICT,	/* v0 IN handle, usage */
	CT_OBJ_COPY,		/* v0 IN dst, src */
	CT_OBJ_RESET,		/* v0 IN handle */
	CT_OP_ALLOC,		/* v0 IN alg, mode; v1 INOUT a = max key size / handle */
	CT_OP_FREE,		/* v0 IN op */
	CT_OP_SETKEY,		/* v0 IN op, key; v1 IN a = key2, b = 1: SetOperationKey2 */
	CT_OP_RESET,		/* v0 IN op */
	CT_OP_COPY,		/* v0 IN dst, src */
	CT_OP_INFO,		/* v0 IN op; m1 OUT TEE_OperationInfo (8 u32) */
	CT_OP_INFO_MULTI,	/* v0 IN op; m1 OUT TEE_OperationInfoMultiple */
	CT_DIGEST_UPDATE,	/* v0 IN op; m1 IN */
	CT_DIGEST_FINAL,	/* v0 IN op; m1 IN; m2 OUT */
	CT_DIGEST_EXTRACT,	/* v0 IN op; m1 OUT */
	CT_CIPHER_INIT,		/* v0 IN op; m1 IN IV (or NONE) */
	CT_CIPHER_UPDATE,	/* v0 IN op; m1 IN; m2 OUT */
	CT_CIPHER_FINAL,	/* v0 IN op; m1 IN; m2 OUT */
	CT_MAC_INIT,		/* v0 IN op; m1 IN IV (or NONE) */
	CT_MAC_UPDATE,		/* v0 IN op; m1 IN */
	CT_MAC_FINAL,		/* v0 IN op; m1 IN; m2 OUT */
	CT_MAC_COMPARE,		/* v0 IN op; m1 IN; m2 IN mac */
	CT_AE_INIT,		/* v0 IN op, tag bits; m1 IN nonce; v2 IN AAD, payload lengths */
	CT_AE_AAD,		/* v0 IN op; m1 IN */
	CT_AE_UPDATE,		/* v0 IN op; m1 IN; m2 OUT */
	CT_AE_ENC_FINAL,	/* v0 IN op; m1 IN; m2 OUT; m3 OUT tag */
	CT_AE_DEC_FINAL,	/* v0 IN op; m1 IN; m2 OUT; m3 IN tag */
	CT_ASYM_ENC,		/* v0 IN op; m1 IN attributes; m2 IN; m3 OUT */
	CT_ASYM_DEC,		/* as CT_ASYM_ENC */
	CT_SIGN,		/* v0 IN op; m1 IN attributes; m2 IN digest; m3 OUT */
	CT_VERIFY,		/* v0 IN op; m1 IN attributes; m2 IN digest; m3 IN sig */
	CT_DERIVE,		/* v0 IN op, derived key object; m1 IN attributes */
	CT_SUPPORTED,		/* v0 IN alg, element */
	CT_BAD_INIT_ATTR,	/* TEE_InitRefAttribute with a value id: panics */
	/* v0 IN a = base, b = exponent; v1 IN a = modulus; v1 OUT a = result */
	CT_BIGINT_EXPMOD,
};

#endif
