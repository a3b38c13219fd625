// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_ta.c - the TA of teekit-bench: commands that do as little as
 * possible, so a figure measures the path to the TA and back, and loops of
 * GP crypto operations, for the figures that compare them with the same
 * libcrypto calls in a plain process (bench/crypto.c).
 */
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include "bench_ta.h"

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

static TEE_Result touch(uint32_t pt, TEE_Param p[4])
{
	uint32_t t = TEE_PARAM_TYPE_GET(pt, 0);
	volatile char *b = p[0].memref.buffer;

	if (t != TEE_PARAM_TYPE_MEMREF_INPUT &&
	    t != TEE_PARAM_TYPE_MEMREF_OUTPUT &&
	    t != TEE_PARAM_TYPE_MEMREF_INOUT)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!p[0].memref.size)
		return TEE_SUCCESS;
	if (t == TEE_PARAM_TYPE_MEMREF_INPUT)
		return b[0] == 0x5a ? TEE_SUCCESS : TEE_ERROR_GENERIC;
	b[0] = b[0] + 1;
	return TEE_SUCCESS;
}

static TEE_Result plugin(uint32_t pt, TEE_Param p[4])
{
	static const TEE_UUID uuid = BENCH_PLUGIN_UUID;
	TEE_Result res;
	uint32_t n;
	size_t out;

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_VALUE_INPUT)
		return TEE_ERROR_BAD_PARAMETERS;
	for (n = 0; n < p[0].value.a; n++) {
		res = tee_invoke_supp_plugin(&uuid, 0, 0, NULL, 0, &out);
		if (res != TEE_SUCCESS)
			return res;
	}
	return TEE_SUCCESS;
}

/* The crypto figures' state: made on first use, kept by the instance */
static struct {
	uint8_t *in, *out;
	TEE_OperationHandle op[BENCH_CRYPTO_KINDS];
} cr;

static TEE_Result key_op(TEE_OperationHandle *op, uint32_t alg, uint32_t mode,
			 uint32_t type, uint32_t bits, bool generate)
{
	static const uint8_t key[16] = "teekit-bench-key";
	TEE_ObjectHandle obj;
	TEE_Attribute a;
	TEE_Result res;

	res = TEE_AllocateTransientObject(type, bits, &obj);
	if (res)
		return res;
	if (generate) {
		res = TEE_GenerateKey(obj, bits, NULL, 0);
	} else {
		TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, key,
				     sizeof(key));
		res = TEE_PopulateTransientObject(obj, &a, 1);
	}
	if (!res)
		res = TEE_AllocateOperation(op, alg, mode, bits);
	if (!res)
		res = TEE_SetOperationKey(*op, obj);
	TEE_FreeTransientObject(obj);
	return res;
}

static TEE_Result crypto_setup(uint32_t kind)
{
	TEE_OperationHandle *op = &cr.op[kind];

	if (!cr.in) {
		cr.in = TEE_Malloc(BENCH_CRYPTO_BUF, 0);
		cr.out = TEE_Malloc(BENCH_CRYPTO_BUF, 0);
		if (!cr.in || !cr.out)
			return TEE_ERROR_OUT_OF_MEMORY;
		TEE_MemFill(cr.in, 0x5a, BENCH_CRYPTO_BUF);
	}
	if (*op)
		return TEE_SUCCESS;
	switch (kind) {
	case BENCH_AES128_GCM_1M:
		return key_op(op, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT,
			      TEE_TYPE_AES, 128, false);
	case BENCH_SHA256_1M:
	case BENCH_SHA256_64:
		return TEE_AllocateOperation(op, TEE_ALG_SHA256, TEE_MODE_DIGEST,
					     0);
	case BENCH_RSA2048_SIGN:
		return key_op(op, TEE_ALG_RSASSA_PKCS1_V1_5_SHA256,
			      TEE_MODE_SIGN, TEE_TYPE_RSA_KEYPAIR, 2048, true);
	}
	return TEE_ERROR_BAD_PARAMETERS;
}

static TEE_Result crypto_once(uint32_t kind)
{
	static const uint8_t iv[12] = "bench-iv-12b";
	TEE_OperationHandle op = cr.op[kind];
	size_t len = BENCH_CRYPTO_BUF, tlen = 16;
	uint8_t tag[16];

	switch (kind) {
	case BENCH_AES128_GCM_1M:
		TEE_AEInit(op, iv, sizeof(iv), 128, 0, 0);
		return TEE_AEEncryptFinal(op, cr.in, BENCH_CRYPTO_BUF, cr.out,
					  &len, tag, &tlen);
	case BENCH_SHA256_1M:
		return TEE_DigestDoFinal(op, cr.in, BENCH_CRYPTO_BUF, cr.out,
					 &len);
	case BENCH_SHA256_64:
		return TEE_DigestDoFinal(op, cr.in, 64, cr.out, &len);
	default:
		/* the digest signed: the first 32 bytes of the input */
		return TEE_AsymmetricSignDigest(op, NULL, 0, cr.in, 32, cr.out,
						&len);
	}
}

static TEE_Result crypto(uint32_t pt, TEE_Param p[4])
{
	TEE_Result res;
	uint32_t n;

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_VALUE_INPUT ||
	    p[0].value.a >= BENCH_CRYPTO_KINDS)
		return TEE_ERROR_BAD_PARAMETERS;
	res = crypto_setup(p[0].value.a);
	for (n = 0; !res && n < p[0].value.b; n++)
		res = crypto_once(p[0].value.a);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	(void)sess;
	switch (cmd) {
	case BENCH_CMD_NOP:
		return TEE_SUCCESS;
	case BENCH_CMD_TOUCH:
		return touch(pt, p);
	case BENCH_CMD_PLUGIN:
		return plugin(pt, p);
	case BENCH_CMD_CRYPTO:
		return crypto(pt, p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
