// SPDX-License-Identifier: BSD-2-Clause
/*
 * hash_hmac_ta.c - SHA-256 digests and HMAC-SHA256 with the GP crypto API:
 * a digest operation needs no key; a MAC operation takes its key from a
 * transient object of type TEE_TYPE_HMAC_SHA256 (24 to 128 bytes, GP's
 * limits). HMAC_VERIFY compares in the TA (TEE_MACCompareFinal), so the
 * right MAC is never given to a client that only wants to check one.
 */
#include <tee_internal_api.h>

#include <hash_hmac_ta.h>

#define DIGEST_LEN	32
#define PT(a, b, c) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				    TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_NONE)

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

static TEE_Result sha256(TEE_Param p[4])
{
	TEE_OperationHandle op;
	TEE_Result res;
	size_t n = p[1].memref.size;

	res = TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_DigestDoFinal(op, p[0].memref.buffer, p[0].memref.size,
				p[1].memref.buffer, &n);
	p[1].memref.size = n;	/* 32, or the size needed */
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result hmac(TEE_Param p[4], bool verify)
{
	size_t bits = p[0].memref.size * 8, n = p[2].memref.size;
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle key = TEE_HANDLE_NULL;
	TEE_Attribute attr;
	TEE_Result res;

	if (bits < 192 || bits > 1024) {
		EMSG("HMAC-SHA256 keys have 24 to 128 bytes, not %zu", bits / 8);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, p[0].memref.buffer,
			     p[0].memref.size);
	res = TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA256, bits, &key);
	if (res == TEE_SUCCESS)
		res = TEE_PopulateTransientObject(key, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA256,
					    TEE_MODE_MAC, bits);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, key);
	if (res != TEE_SUCCESS)
		goto out;
	TEE_MACInit(op, NULL, 0);
	if (verify) {
		/* TEE_ERROR_MAC_INVALID when it does not match */
		res = TEE_MACCompareFinal(op, p[1].memref.buffer,
					  p[1].memref.size, p[2].memref.buffer,
					  p[2].memref.size);
	} else {
		res = TEE_MACComputeFinal(op, p[1].memref.buffer,
					  p[1].memref.size, p[2].memref.buffer,
					  &n);
		p[2].memref.size = n;
	}
out:
	if (op != TEE_HANDLE_NULL)
		TEE_FreeOperation(op);
	if (key != TEE_HANDLE_NULL)
		TEE_FreeTransientObject(key);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_HASH_HMAC_CMD_SHA256:
		if (param_types != PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return sha256(params);
	case TA_HASH_HMAC_CMD_HMAC:
		if (param_types != PT(MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return hmac(params, false);
	case TA_HASH_HMAC_CMD_HMAC_VERIFY:
		if (param_types != PT(MEMREF_INPUT, MEMREF_INPUT, MEMREF_INPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return hmac(params, true);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
