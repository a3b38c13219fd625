// SPDX-License-Identifier: GPL-2.0-only
/*
 * crypto_ta.c - the crypto test TA: each command is one call of the GP
 * cryptographic API (crypto_ta.h). Built against GP 1.3 and, with
 * __OPTEE_CORE_API_COMPAT_1_1, against the GP 1.1 variants.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_api_defines_extensions.h>

#include "crypto_ta.h"

#ifdef __OPTEE_CORE_API_COMPAT_1_1
typedef uint32_t plen_t;
#else
typedef size_t plen_t;
#endif

#define NSLOTS	64
#define MAX_ATTRS 12

static TEE_ObjectHandle objs[NSLOTS];
static TEE_OperationHandle ops[NSLOTS];

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param p[4], void **sess)
{
	(void)pt;
	(void)p;
	*sess = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	(void)sess;
}

static TEE_ObjectHandle obj(uint32_t h)
{
	return h && h <= NSLOTS ? objs[h - 1] : TEE_HANDLE_NULL;
}

static TEE_OperationHandle op(uint32_t h)
{
	return h && h <= NSLOTS ? ops[h - 1] : TEE_HANDLE_NULL;
}

/* the attribute records of m into a (pointing into m's buffer) */
static uint32_t attrs(TEE_Param *m, TEE_Attribute *a)
{
	uint8_t *p = m->memref.buffer;
	size_t left = m->memref.size;
	uint32_t n = 0, h[4];

	while (p && left >= sizeof(h) && n < MAX_ATTRS) {
		memcpy(h, p, sizeof(h));
		p += sizeof(h);
		left -= sizeof(h);
		if (h[0] & TEE_ATTR_FLAG_VALUE) {
			TEE_InitValueAttribute(&a[n++], h[0], h[1], h[2]);
		} else {
			if (h[3] > left)
				TEE_Panic(TEE_ERROR_BAD_FORMAT);
			TEE_InitRefAttribute(&a[n++], h[0], p, h[3]);
		}
		h[3] = (h[3] + 3) & ~3u;
		if (h[3] > left)
			h[3] = left;
		p += h[3];
		left -= h[3];
	}
	return n;
}

/* the arithmetical API inside the TA: base^exponent mod modulus */
static TEE_Result bigint_expmod(TEE_Param p[4])
{
	const size_t n = TEE_BigIntSizeInU32(64);
	TEE_BigInt b[TEE_BigIntSizeInU32(64)], e[TEE_BigIntSizeInU32(64)];
	TEE_BigInt m[TEE_BigIntSizeInU32(64)], r[TEE_BigIntSizeInU32(64)];
	TEE_Result res;
	int32_t v = 0;

	TEE_BigIntInit(b, n);
	TEE_BigIntInit(e, n);
	TEE_BigIntInit(m, n);
	TEE_BigIntInit(r, n);
	TEE_BigIntConvertFromS32(b, p[0].value.a);
	TEE_BigIntConvertFromS32(e, p[0].value.b);
	TEE_BigIntConvertFromS32(m, p[1].value.a);
	res = TEE_BigIntExpMod(r, b, e, m, NULL);
	if (!res)
		res = TEE_BigIntConvertToS32(&v, r);
	p[1].value.a = v;
	return res;
}

#define BUF(i)	(p[i].memref.buffer)
#define LEN(i)	(p[i].memref.size)
#define VA(i)	(p[i].value.a)
#define VB(i)	(p[i].value.b)

/* an OUT memref's size through a plen_t, written back */
#define WITH_LEN(i, call)			\
	do {					\
		plen_t _l = LEN(i);		\
		res = (call);			\
		LEN(i) = _l;			\
	} while (0)

static TEE_Result invoke(uint32_t cmd, TEE_Param p[4])
{
	TEE_Attribute a[MAX_ATTRS];
	TEE_ObjectInfo oi;
	TEE_OperationInfo info;
	TEE_Result res = TEE_SUCCESS;
	uint32_t n, i, u[8];

	switch (cmd) {
	case CT_RANDOM:
		TEE_GenerateRandom(BUF(0), LEN(0));
		return TEE_SUCCESS;
	case CT_OBJ_ALLOC:
		for (i = 0; i < NSLOTS && objs[i]; i++)
			;
		if (i == NSLOTS)
			return TEE_ERROR_OUT_OF_MEMORY;
		res = TEE_AllocateTransientObject(VA(0), VB(0), &objs[i]);
		VA(1) = res ? 0 : i + 1;
		return res;
	case CT_OBJ_FREE:
		TEE_FreeTransientObject(obj(VA(0)));
		if (VA(0) && VA(0) <= NSLOTS)
			objs[VA(0) - 1] = TEE_HANDLE_NULL;
		return TEE_SUCCESS;
	case CT_OBJ_POPULATE:
		n = attrs(&p[1], a);
		return TEE_PopulateTransientObject(obj(VA(0)), a, n);
	case CT_OBJ_GENKEY:
		n = attrs(&p[1], a);
		return TEE_GenerateKey(obj(VA(0)), VB(0), a, n);
	case CT_OBJ_GET_BUF:
		WITH_LEN(1, TEE_GetObjectBufferAttribute(obj(VA(0)), VB(0), BUF(1), &_l));
		return res;
	case CT_OBJ_GET_VAL:
		return TEE_GetObjectValueAttribute(obj(VA(0)), VB(0), &VA(1), &VB(1));
	case CT_OBJ_INFO:
		res = TEE_GetObjectInfo1(obj(VA(0)), &oi);
		u[0] = oi.objectType;
		u[1] = oi.keySize;
		u[2] = oi.maxKeySize;
		u[3] = oi.objectUsage;
		u[4] = oi.dataSize;
		u[5] = oi.dataPosition;
		u[6] = oi.handleFlags;
		memcpy(BUF(1), u, 7 * 4);
		LEN(1) = 7 * 4;
		return res;
	case CT_OBJ_RESTRICT:
		return TEE_RestrictObjectUsage1(obj(VA(0)), VB(0));
	case CT_OBJ_COPY:
		return TEE_CopyObjectAttributes1(obj(VA(0)), obj(VB(0)));
	case CT_OBJ_RESET:
		TEE_ResetTransientObject(obj(VA(0)));
		return TEE_SUCCESS;
	case CT_OP_ALLOC:
		for (i = 0; i < NSLOTS && ops[i]; i++)
			;
		if (i == NSLOTS)
			return TEE_ERROR_OUT_OF_MEMORY;
		res = TEE_AllocateOperation(&ops[i], VA(0), VB(0), VA(1));
		VA(1) = res ? 0 : i + 1;
		return res;
	case CT_OP_FREE:
		TEE_FreeOperation(op(VA(0)));
		if (VA(0) && VA(0) <= NSLOTS)
			ops[VA(0) - 1] = TEE_HANDLE_NULL;
		return TEE_SUCCESS;
	case CT_OP_SETKEY:
		if (VB(1))
			return TEE_SetOperationKey2(op(VA(0)), obj(VB(0)), obj(VA(1)));
		return TEE_SetOperationKey(op(VA(0)), obj(VB(0)));
	case CT_OP_RESET:
		TEE_ResetOperation(op(VA(0)));
		return TEE_SUCCESS;
	case CT_OP_COPY:
		TEE_CopyOperation(op(VA(0)), op(VB(0)));
		return TEE_SUCCESS;
	case CT_OP_INFO:
		TEE_GetOperationInfo(op(VA(0)), &info);
		memcpy(BUF(1), &info, sizeof(info));
		LEN(1) = sizeof(info);
		return TEE_SUCCESS;
	case CT_OP_INFO_MULTI:
		WITH_LEN(1, TEE_GetOperationInfoMultiple(op(VA(0)), BUF(1), &_l));
		return res;
	case CT_DIGEST_UPDATE:
		TEE_DigestUpdate(op(VA(0)), BUF(1), LEN(1));
		return TEE_SUCCESS;
	case CT_DIGEST_FINAL:
		WITH_LEN(2, TEE_DigestDoFinal(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l));
		return res;
	case CT_DIGEST_EXTRACT: {
		size_t l = LEN(1);	/* GP 1.3 only: size_t in both builds */

		res = TEE_DigestExtract(op(VA(0)), BUF(1), &l);
		LEN(1) = l;
		return res;
	}
	case CT_CIPHER_INIT:
		TEE_CipherInit(op(VA(0)), BUF(1), LEN(1));
		return TEE_SUCCESS;
	case CT_CIPHER_UPDATE:
		WITH_LEN(2, TEE_CipherUpdate(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l));
		return res;
	case CT_CIPHER_FINAL:
		WITH_LEN(2, TEE_CipherDoFinal(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l));
		return res;
	case CT_MAC_INIT:
		TEE_MACInit(op(VA(0)), BUF(1), LEN(1));
		return TEE_SUCCESS;
	case CT_MAC_UPDATE:
		TEE_MACUpdate(op(VA(0)), BUF(1), LEN(1));
		return TEE_SUCCESS;
	case CT_MAC_FINAL:
		WITH_LEN(2, TEE_MACComputeFinal(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l));
		return res;
	case CT_MAC_COMPARE:
		return TEE_MACCompareFinal(op(VA(0)), BUF(1), LEN(1), BUF(2), LEN(2));
	case CT_AE_INIT:
		return TEE_AEInit(op(VA(0)), BUF(1), LEN(1), VB(0), VA(2), VB(2));
	case CT_AE_AAD:
		TEE_AEUpdateAAD(op(VA(0)), BUF(1), LEN(1));
		return TEE_SUCCESS;
	case CT_AE_UPDATE:
		WITH_LEN(2, TEE_AEUpdate(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l));
		return res;
	case CT_AE_ENC_FINAL: {
		plen_t t = LEN(3);

		WITH_LEN(2, TEE_AEEncryptFinal(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l,
					       BUF(3), &t));
		LEN(3) = t;
		return res;
	}
	case CT_AE_DEC_FINAL:
		WITH_LEN(2, TEE_AEDecryptFinal(op(VA(0)), BUF(1), LEN(1), BUF(2), &_l,
					       BUF(3), LEN(3)));
		return res;
	case CT_ASYM_ENC:
		n = attrs(&p[1], a);
		WITH_LEN(3, TEE_AsymmetricEncrypt(op(VA(0)), a, n, BUF(2), LEN(2),
						  BUF(3), &_l));
		return res;
	case CT_ASYM_DEC:
		n = attrs(&p[1], a);
		WITH_LEN(3, TEE_AsymmetricDecrypt(op(VA(0)), a, n, BUF(2), LEN(2),
						  BUF(3), &_l));
		return res;
	case CT_SIGN:
		n = attrs(&p[1], a);
		WITH_LEN(3, TEE_AsymmetricSignDigest(op(VA(0)), a, n, BUF(2), LEN(2),
						     BUF(3), &_l));
		return res;
	case CT_VERIFY:
		n = attrs(&p[1], a);
		return TEE_AsymmetricVerifyDigest(op(VA(0)), a, n, BUF(2), LEN(2),
						  BUF(3), LEN(3));
	case CT_DERIVE:
		n = attrs(&p[1], a);
		TEE_DeriveKey(op(VA(0)), a, n, obj(VB(0)));
		return TEE_SUCCESS;
	case CT_SUPPORTED:
		return TEE_IsAlgorithmSupported(VA(0), VB(0));
	case CT_BAD_INIT_ATTR:
		TEE_InitRefAttribute(&a[0], TEE_ATTR_ECC_CURVE, NULL, 0);
		return TEE_ERROR_GENERIC;
	case CT_BIGINT_EXPMOD:
		return bigint_expmod(p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	(void)sess;
	(void)pt;	/* the test is the TA's only client and knows the layout */
	return invoke(cmd, p);
}
