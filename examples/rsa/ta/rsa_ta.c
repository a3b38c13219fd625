// SPDX-License-Identifier: BSD-2-Clause
/*
 * rsa_ta.c - RSA-OAEP decryption with a key pair made in the TA.
 *
 * GENKEY makes a key pair for the session and gives out its public half
 * (modulus and exponent, which are public attributes); the private
 * exponent never leaves the TA. DECRYPT undoes RSAES-OAEP with SHA-256
 * (MGF1-SHA-256), as a client encrypts with OpenSSL.
 */
#include <tee_internal_api.h>

#include <rsa_ta.h>

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
	/* the session's key pair, made by GENKEY */
	*sess_ctx = TEE_Malloc(sizeof(TEE_ObjectHandle), TEE_MALLOC_FILL_ZERO);
	return *sess_ctx ? TEE_SUCCESS : TEE_ERROR_OUT_OF_MEMORY;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	TEE_FreeTransientObject(*(TEE_ObjectHandle *)sess_ctx);
	TEE_Free(sess_ctx);
}

static TEE_Result genkey(TEE_ObjectHandle *sess_key, TEE_Param p[4])
{
	uint32_t bits = p[0].value.a;
	TEE_ObjectHandle key;
	TEE_Result res;
	size_t n;

	res = TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, bits, &key);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_GenerateKey(key, bits, NULL, 0);
	if (res != TEE_SUCCESS) {
		TEE_FreeTransientObject(key);
		return res;
	}
	TEE_FreeTransientObject(*sess_key);
	*sess_key = key;
	IMSG("made a %u-bit RSA key pair", bits);
	/* public attributes: readable even though the key is not extractable */
	n = p[1].memref.size;
	res = TEE_GetObjectBufferAttribute(key, TEE_ATTR_RSA_MODULUS,
					   p[1].memref.buffer, &n);
	p[1].memref.size = n;
	if (res != TEE_SUCCESS)
		return res;
	n = p[2].memref.size;
	res = TEE_GetObjectBufferAttribute(key, TEE_ATTR_RSA_PUBLIC_EXPONENT,
					   p[2].memref.buffer, &n);
	p[2].memref.size = n;
	return res;
}

static TEE_Result decrypt(TEE_ObjectHandle key, TEE_Param p[4])
{
	TEE_OperationHandle op;
	TEE_ObjectInfo info;
	TEE_Result res;
	size_t n = p[1].memref.size;

	if (key == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;	/* GENKEY first */
	res = TEE_GetObjectInfo1(key, &info);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_AllocateOperation(&op, TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256,
				    TEE_MODE_DECRYPT, info.keySize);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS)
		res = TEE_AsymmetricDecrypt(op, NULL, 0, p[0].memref.buffer,
					    p[0].memref.size,
					    p[1].memref.buffer, &n);
	p[1].memref.size = n;
	TEE_FreeOperation(op);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	switch (cmd) {
	case TA_RSA_CMD_GENKEY:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return genkey(sess_ctx, params);
	case TA_RSA_CMD_DECRYPT:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return decrypt(*(TEE_ObjectHandle *)sess_ctx, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
