// SPDX-License-Identifier: BSD-2-Clause
/*
 * aes_ta.c - AES-256-GCM with a key that never leaves the TA.
 *
 * GENKEY makes the key with TEE_GenerateKey, takes away
 * TEE_USAGE_EXTRACTABLE and stores it in the TA's private storage as the
 * persistent object "aes-key"; later instances open it from there. The
 * client sends data to encrypt or decrypt and never sees the key: asking
 * for its bytes (EXPORT) makes TEE_GetObjectBufferAttribute stop the TA,
 * as GP requires for a protected attribute of a non-extractable object.
 */
#include <tee_internal_api.h>

#include <aes_ta.h>

#define KEY_ID		"aes-key"
#define KEY_BITS	256
#define PT(a, b) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				 TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)

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

static TEE_Result open_key(TEE_ObjectHandle *key)
{
	return TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, KEY_ID,
					sizeof(KEY_ID) - 1,
					TEE_DATA_FLAG_ACCESS_READ |
					TEE_DATA_FLAG_SHARE_READ, key);
}

static TEE_Result genkey(TEE_Param p[4])
{
	TEE_ObjectHandle key, stored;
	TEE_Result res;

	p[0].value.a = 0;
	res = open_key(&stored);
	if (res == TEE_SUCCESS) {
		TEE_CloseObject(stored);
		return TEE_SUCCESS;	/* keep the key we have */
	}
	if (res != TEE_ERROR_ITEM_NOT_FOUND)
		return res;
	res = TEE_AllocateTransientObject(TEE_TYPE_AES, KEY_BITS, &key);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_GenerateKey(key, KEY_BITS, NULL, 0);
	/* from now on nobody, the TA included, can read the key's bytes */
	if (res == TEE_SUCCESS)
		res = TEE_RestrictObjectUsage1(key, ~TEE_USAGE_EXTRACTABLE);
	if (res == TEE_SUCCESS)
		res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, KEY_ID,
						 sizeof(KEY_ID) - 1,
						 TEE_DATA_FLAG_ACCESS_READ,
						 key, NULL, 0, &stored);
	TEE_FreeTransientObject(key);
	if (res != TEE_SUCCESS)
		return res;
	TEE_CloseObject(stored);
	IMSG("made a %d-bit AES key, stored as \"%s\"", KEY_BITS, KEY_ID);
	p[0].value.a = 1;
	return TEE_SUCCESS;
}

static TEE_Result crypt(uint32_t mode, TEE_Param p[4])
{
	uint8_t *in = p[0].memref.buffer, *out = p[1].memref.buffer;
	size_t in_len = p[0].memref.size, out_len = p[1].memref.size;
	size_t body, tag_len = AES_TAG_LEN;
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle key;
	uint8_t nonce[AES_NONCE_LEN];
	TEE_Result res;

	if (mode == TEE_MODE_ENCRYPT) {
		body = in_len;
		if (out_len < AES_NONCE_LEN + body + AES_TAG_LEN) {
			p[1].memref.size = AES_NONCE_LEN + body + AES_TAG_LEN;
			return TEE_ERROR_SHORT_BUFFER;
		}
		TEE_GenerateRandom(nonce, sizeof(nonce));
	} else {
		if (in_len < AES_NONCE_LEN + AES_TAG_LEN)
			return TEE_ERROR_BAD_PARAMETERS;
		body = in_len - AES_NONCE_LEN - AES_TAG_LEN;
		if (out_len < body) {
			p[1].memref.size = body;
			return TEE_ERROR_SHORT_BUFFER;
		}
		TEE_MemMove(nonce, in, AES_NONCE_LEN);
	}

	res = open_key(&key);
	if (res != TEE_SUCCESS) {
		EMSG("no key yet (0x%08x): run GENKEY first", res);
		return res;
	}
	res = TEE_AllocateOperation(&op, TEE_ALG_AES_GCM, mode, KEY_BITS);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, key);
	TEE_CloseObject(key);
	if (res != TEE_SUCCESS)
		goto out;
	res = TEE_AEInit(op, nonce, sizeof(nonce), AES_TAG_LEN * 8, 0, 0);
	if (res != TEE_SUCCESS)
		goto out;
	if (mode == TEE_MODE_ENCRYPT) {
		/* out = nonce || ciphertext || tag */
		TEE_MemMove(out, nonce, AES_NONCE_LEN);
		out_len = body;
		res = TEE_AEEncryptFinal(op, in, body, out + AES_NONCE_LEN,
					 &out_len, out + AES_NONCE_LEN + body,
					 &tag_len);
		p[1].memref.size = AES_NONCE_LEN + out_len + tag_len;
	} else {
		out_len = body;
		/* TEE_ERROR_MAC_INVALID if one bit of in[] was changed */
		res = TEE_AEDecryptFinal(op, in + AES_NONCE_LEN, body, out,
					 &out_len, in + AES_NONCE_LEN + body,
					 AES_TAG_LEN);
		p[1].memref.size = out_len;
	}
out:
	if (op != TEE_HANDLE_NULL)
		TEE_FreeOperation(op);
	return res;
}

static TEE_Result export(TEE_Param p[4])
{
	TEE_ObjectHandle key;
	size_t n = p[0].memref.size;
	TEE_Result res;

	res = open_key(&key);
	if (res != TEE_SUCCESS)
		return res;
	IMSG("asking for the key's bytes: GP stops a TA that does this");
	/* does not return: the key is not TEE_USAGE_EXTRACTABLE */
	res = TEE_GetObjectBufferAttribute(key, TEE_ATTR_SECRET_VALUE,
					   p[0].memref.buffer, &n);
	TEE_CloseObject(key);
	EMSG("the key came out (0x%08x): this must never happen", res);
	return TEE_ERROR_SECURITY;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_AES_CMD_GENKEY:
		if (param_types != PT(VALUE_OUTPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return genkey(params);
	case TA_AES_CMD_ENCRYPT:
	case TA_AES_CMD_DECRYPT:
		if (param_types != PT(MEMREF_INPUT, MEMREF_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return crypt(cmd == TA_AES_CMD_ENCRYPT ? TEE_MODE_ENCRYPT :
			     TEE_MODE_DECRYPT, params);
	case TA_AES_CMD_EXPORT:
		if (param_types != PT(MEMREF_OUTPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return export(params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
