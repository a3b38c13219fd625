// SPDX-License-Identifier: BSD-2-Clause
/*
 * sign_verify_ta.c - signatures made in the TA, checked by anyone: RSASSA-PSS
 * (RSA-2048, SHA-256) or ECDSA on P-256 (SHA-256).
 *
 * GENKEY makes the session's key pair and gives out its public half. SIGN
 * digests the message with SHA-256 (TEE_DigestDoFinal) and signs the
 * digest (TEE_AsymmetricSignDigest); the private key stays in the TA.
 */
#include <tee_internal_api.h>

#include <sign_verify_ta.h>

struct sess {
	TEE_ObjectHandle key;
	uint32_t alg;		/* TEE_ALG_... of the key */
};

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
	*sess_ctx = TEE_Malloc(sizeof(struct sess), TEE_MALLOC_FILL_ZERO);
	return *sess_ctx ? TEE_SUCCESS : TEE_ERROR_OUT_OF_MEMORY;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	struct sess *s = sess_ctx;

	TEE_FreeTransientObject(s->key);
	TEE_Free(s);
}

static TEE_Result get_attr(TEE_ObjectHandle key, uint32_t id, TEE_Param *p)
{
	size_t n = p->memref.size;
	TEE_Result res;

	res = TEE_GetObjectBufferAttribute(key, id, p->memref.buffer, &n);
	p->memref.size = n;
	return res;
}

static TEE_Result genkey(struct sess *s, TEE_Param p[4])
{
	bool ec = p[0].value.a == SV_ALG_ECDSA_P256;
	uint32_t bits = ec ? 256 : 2048;
	TEE_ObjectHandle key;
	TEE_Attribute curve;
	TEE_Result res;

	if (p[0].value.a != SV_ALG_RSA_PSS && !ec)
		return TEE_ERROR_NOT_SUPPORTED;
	res = TEE_AllocateTransientObject(ec ? TEE_TYPE_ECDSA_KEYPAIR :
					  TEE_TYPE_RSA_KEYPAIR, bits, &key);
	if (res != TEE_SUCCESS)
		return res;
	TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE,
			       TEE_ECC_CURVE_NIST_P256, 0);
	res = TEE_GenerateKey(key, bits, &curve, ec ? 1 : 0);
	if (res != TEE_SUCCESS) {
		TEE_FreeTransientObject(key);
		return res;
	}
	TEE_FreeTransientObject(s->key);
	s->key = key;
	s->alg = ec ? TEE_ALG_ECDSA_SHA256 :
		 TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256;
	IMSG("made a %s key pair", ec ? "ECDSA P-256" : "RSA-2048");
	res = get_attr(key, ec ? TEE_ATTR_ECC_PUBLIC_VALUE_X :
		       TEE_ATTR_RSA_MODULUS, &p[1]);
	if (res == TEE_SUCCESS)
		res = get_attr(key, ec ? TEE_ATTR_ECC_PUBLIC_VALUE_Y :
			       TEE_ATTR_RSA_PUBLIC_EXPONENT, &p[2]);
	return res;
}

static TEE_Result sign(struct sess *s, TEE_Param p[4])
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	uint8_t digest[32];
	size_t n = sizeof(digest), sig_len = p[1].memref.size;
	TEE_ObjectInfo info;
	TEE_Result res;

	if (s->key == TEE_HANDLE_NULL)
		return TEE_ERROR_BAD_STATE;	/* GENKEY first */
	res = TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_DigestDoFinal(op, p[0].memref.buffer, p[0].memref.size,
				digest, &n);
	TEE_FreeOperation(op);
	op = TEE_HANDLE_NULL;
	if (res == TEE_SUCCESS)
		res = TEE_GetObjectInfo1(s->key, &info);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(&op, s->alg, TEE_MODE_SIGN,
					    info.keySize);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, s->key);
	/* PSS: the salt is as long as the digest unless told otherwise */
	if (res == TEE_SUCCESS)
		res = TEE_AsymmetricSignDigest(op, NULL, 0, digest, n,
					       p[1].memref.buffer, &sig_len);
	p[1].memref.size = sig_len;
	if (op != TEE_HANDLE_NULL)
		TEE_FreeOperation(op);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	switch (cmd) {
	case TA_SIGN_VERIFY_CMD_GENKEY:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return genkey(sess_ctx, params);
	case TA_SIGN_VERIFY_CMD_SIGN:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
						   TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return sign(sess_ctx, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
