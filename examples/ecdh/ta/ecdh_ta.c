// SPDX-License-Identifier: BSD-2-Clause
/*
 * ecdh_ta.c - ECDH key agreement on P-256 between the TA and its client.
 *
 * GENKEY makes the session's key pair and gives out the public point.
 * DERIVE takes the client's public point, derives the shared secret into
 * a TEE_TYPE_GENERIC_SECRET object (TEE_DeriveKey) and answers with its
 * SHA-256 only, so both sides can show they agree while the secret stays
 * in the TA. A point that is not on the curve is refused: GP's
 * TEE_DeriveKey then stops the TA.
 */
#include <tee_internal_api.h>

#include <ecdh_ta.h>

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
	*sess_ctx = TEE_Malloc(sizeof(TEE_ObjectHandle), TEE_MALLOC_FILL_ZERO);
	return *sess_ctx ? TEE_SUCCESS : TEE_ERROR_OUT_OF_MEMORY;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	TEE_FreeTransientObject(*(TEE_ObjectHandle *)sess_ctx);
	TEE_Free(sess_ctx);
}

static TEE_Result genkey(TEE_ObjectHandle *key, TEE_Param p[4])
{
	TEE_Attribute curve;
	TEE_Result res;
	size_t n;

	TEE_FreeTransientObject(*key);
	*key = TEE_HANDLE_NULL;
	res = TEE_AllocateTransientObject(TEE_TYPE_ECDH_KEYPAIR, 256, key);
	if (res != TEE_SUCCESS)
		return res;
	TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE,
			       TEE_ECC_CURVE_NIST_P256, 0);
	res = TEE_GenerateKey(*key, 256, &curve, 1);
	if (res != TEE_SUCCESS)
		return res;
	n = p[0].memref.size;
	res = TEE_GetObjectBufferAttribute(*key, TEE_ATTR_ECC_PUBLIC_VALUE_X,
					   p[0].memref.buffer, &n);
	p[0].memref.size = n;
	if (res != TEE_SUCCESS)
		return res;
	n = p[1].memref.size;
	res = TEE_GetObjectBufferAttribute(*key, TEE_ATTR_ECC_PUBLIC_VALUE_Y,
					   p[1].memref.buffer, &n);
	p[1].memref.size = n;
	return res;
}

static TEE_Result derive(TEE_ObjectHandle key, TEE_Param p[4])
{
	TEE_OperationHandle op = TEE_HANDLE_NULL, md = TEE_HANDLE_NULL;
	TEE_ObjectHandle secret = TEE_HANDLE_NULL;
	TEE_Attribute peer[2];
	uint8_t s[32];
	size_t n = sizeof(s), out = p[2].memref.size;
	TEE_Result res;

	if (key == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;	/* GENKEY first */
	TEE_InitRefAttribute(&peer[0], TEE_ATTR_ECC_PUBLIC_VALUE_X,
			     p[0].memref.buffer, p[0].memref.size);
	TEE_InitRefAttribute(&peer[1], TEE_ATTR_ECC_PUBLIC_VALUE_Y,
			     p[1].memref.buffer, p[1].memref.size);
	res = TEE_AllocateOperation(&op, TEE_ALG_ECDH_DERIVE_SHARED_SECRET,
				    TEE_MODE_DERIVE, 256);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 256,
						  &secret);
	if (res != TEE_SUCCESS)
		goto out;
	TEE_DeriveKey(op, peer, 2, secret);
	res = TEE_GetObjectBufferAttribute(secret, TEE_ATTR_SECRET_VALUE, s,
					   &n);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(&md, TEE_ALG_SHA256,
					    TEE_MODE_DIGEST, 0);
	if (res == TEE_SUCCESS)
		res = TEE_DigestDoFinal(md, s, n, p[2].memref.buffer, &out);
	p[2].memref.size = out;
	TEE_MemFill(s, 0, sizeof(s));
out:
	if (md != TEE_HANDLE_NULL)
		TEE_FreeOperation(md);
	if (op != TEE_HANDLE_NULL)
		TEE_FreeOperation(op);
	TEE_FreeTransientObject(secret);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	switch (cmd) {
	case TA_ECDH_CMD_GENKEY:
		if (param_types != PT(MEMREF_OUTPUT, MEMREF_OUTPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return genkey(sess_ctx, params);
	case TA_ECDH_CMD_DERIVE:
		if (param_types != PT(MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return derive(*(TEE_ObjectHandle *)sess_ctx, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
