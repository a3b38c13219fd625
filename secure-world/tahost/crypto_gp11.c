// SPDX-License-Identifier: GPL-2.0-only
/*
 * crypto_gp11.c - the GP 1.1 variants of the cryptographic API (32-bit
 * lengths, __GP11_TEE_Attribute and __GP11_TEE_ObjectInfo) that a TA built
 * with __OPTEE_CORE_API_COMPAT_1_1 calls: each converts and calls the GP
 * 1.3 function. A length that does not fit in 32 bits comes back as a
 * short-buffer error with 0xffffffff (it cannot happen with 32-bit inputs).
 */
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

/* GP 1.1 attributes as GP 1.3 ones; NULL (with count 0) is fine */
static TEE_Attribute *attrs13(const __GP11_TEE_Attribute *a, uint32_t n)
{
	TEE_Attribute *r;
	uint32_t i;

	if (!n)
		return NULL;
	if (!a)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "attribute array is NULL");
	r = calloc(n, sizeof(*r));
	if (!r)
		TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	for (i = 0; i < n; i++) {
		r[i].attributeID = a[i].attributeID;
		if (a[i].attributeID & TEE_ATTR_FLAG_VALUE) {
			r[i].content.value.a = a[i].content.value.a;
			r[i].content.value.b = a[i].content.value.b;
		} else {
			r[i].content.ref.buffer = a[i].content.ref.buffer;
			r[i].content.ref.length = a[i].content.ref.length;
		}
	}
	return r;
}

static void len32(uint32_t *dst, size_t v)
{
	*dst = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static size_t *len_in(size_t *tmp, const uint32_t *p)
{
	if (!p)
		return NULL;
	*tmp = *p;
	return tmp;
}

static void info11(const TEE_ObjectInfo *i, __GP11_TEE_ObjectInfo *o)
{
	o->objectType = i->objectType;
	o->keySize = i->objectSize;
	o->maxKeySize = i->maxObjectSize;
	o->objectUsage = i->objectUsage;
	len32(&o->dataSize, i->dataSize);
	len32(&o->dataPosition, i->dataPosition);
	o->handleFlags = i->handleFlags;
}

void __GP11_TEE_GetObjectInfo(TEE_ObjectHandle object,
			      __GP11_TEE_ObjectInfo *objectInfo)
{
	__GP11_TEE_GetObjectInfo1(object, objectInfo);
}

TEE_Result __GP11_TEE_GetObjectInfo1(TEE_ObjectHandle object,
				     __GP11_TEE_ObjectInfo *objectInfo)
{
	TEE_ObjectInfo i;
	TEE_Result res;

	if (!objectInfo)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "objectInfo is NULL");
	res = TEE_GetObjectInfo1(object, &i);
	if (!res)
		info11(&i, objectInfo);
	return res;
}

TEE_Result __GP11_TEE_GetObjectBufferAttribute(TEE_ObjectHandle object,
					       uint32_t attributeID,
					       void *buffer, uint32_t *size)
{
	size_t s, *sp = len_in(&s, size);
	TEE_Result res = TEE_GetObjectBufferAttribute(object, attributeID, buffer, sp);

	len32(size, s);
	return res;
}

TEE_Result __GP11_TEE_PopulateTransientObject(TEE_ObjectHandle object,
					      const __GP11_TEE_Attribute *attrs,
					      uint32_t attrCount)
{
	TEE_Attribute *a = attrs13(attrs, attrCount);
	TEE_Result res = TEE_PopulateTransientObject(object, a, attrCount);

	free(a);
	return res;
}

void __GP11_TEE_InitRefAttribute(__GP11_TEE_Attribute *attr,
				 uint32_t attributeID, const void *buffer,
				 uint32_t length)
{
	if (!attr || (attributeID & TEE_ATTR_FLAG_VALUE))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "attribute 0x%08x is not a buffer attribute (or attr is NULL)",
			 attributeID);
	attr->attributeID = attributeID;
	attr->content.ref.buffer = (void *)buffer;
	attr->content.ref.length = length;
}

void __GP11_TEE_InitValueAttribute(__GP11_TEE_Attribute *attr,
				   uint32_t attributeID, uint32_t a,
				   uint32_t b)
{
	if (!attr || !(attributeID & TEE_ATTR_FLAG_VALUE))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "attribute 0x%08x is not a value attribute (or attr is NULL)",
			 attributeID);
	attr->attributeID = attributeID;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

TEE_Result __GP11_TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize,
				  const __GP11_TEE_Attribute *params,
				  uint32_t paramCount)
{
	TEE_Attribute *a = attrs13(params, paramCount);
	TEE_Result res = TEE_GenerateKey(object, keySize, a, paramCount);

	free(a);
	return res;
}

TEE_Result __GP11_TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
					       TEE_OperationInfoMultiple *info,
					       uint32_t *operationSize)
{
	size_t s, *sp = len_in(&s, operationSize);
	TEE_Result res = TEE_GetOperationInfoMultiple(operation, info, sp);

	len32(operationSize, s);
	return res;
}

void __GP11_TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk,
			     uint32_t chunkSize)
{
	TEE_DigestUpdate(operation, chunk, chunkSize);
}

TEE_Result __GP11_TEE_DigestDoFinal(TEE_OperationHandle operation,
				    const void *chunk, uint32_t chunkLen,
				    void *hash, uint32_t *hashLen)
{
	size_t s, *sp = len_in(&s, hashLen);
	TEE_Result res = TEE_DigestDoFinal(operation, chunk, chunkLen, hash, sp);

	len32(hashLen, s);
	return res;
}

void __GP11_TEE_CipherInit(TEE_OperationHandle operation, const void *IV,
			   uint32_t IVLen)
{
	TEE_CipherInit(operation, IV, IVLen);
}

TEE_Result __GP11_TEE_CipherUpdate(TEE_OperationHandle operation,
				   const void *srcData, uint32_t srcLen,
				   void *destData, uint32_t *destLen)
{
	size_t s, *sp = len_in(&s, destLen);
	TEE_Result res = TEE_CipherUpdate(operation, srcData, srcLen, destData, sp);

	len32(destLen, s);
	return res;
}

TEE_Result __GP11_TEE_CipherDoFinal(TEE_OperationHandle operation,
				    const void *srcData, uint32_t srcLen,
				    void *destData, uint32_t *destLen)
{
	size_t s, *sp = len_in(&s, destLen);
	TEE_Result res = TEE_CipherDoFinal(operation, srcData, srcLen, destData, sp);

	len32(destLen, s);
	return res;
}

void __GP11_TEE_MACInit(TEE_OperationHandle operation, const void *IV,
			uint32_t IVLen)
{
	TEE_MACInit(operation, IV, IVLen);
}

void __GP11_TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk,
			  uint32_t chunkSize)
{
	TEE_MACUpdate(operation, chunk, chunkSize);
}

TEE_Result __GP11_TEE_MACComputeFinal(TEE_OperationHandle operation,
				      const void *message, uint32_t messageLen,
				      void *mac, uint32_t *macLen)
{
	size_t s, *sp = len_in(&s, macLen);
	TEE_Result res = TEE_MACComputeFinal(operation, message, messageLen, mac, sp);

	len32(macLen, s);
	return res;
}

TEE_Result __GP11_TEE_MACCompareFinal(TEE_OperationHandle operation,
				      const void *message, uint32_t messageLen,
				      const void *mac, uint32_t macLen)
{
	return TEE_MACCompareFinal(operation, message, messageLen, mac, macLen);
}

TEE_Result __GP11_TEE_AEInit(TEE_OperationHandle operation, const void *nonce,
			     uint32_t nonceLen, uint32_t tagLen,
			     uint32_t AADLen, uint32_t payloadLen)
{
	return TEE_AEInit(operation, nonce, nonceLen, tagLen, AADLen, payloadLen);
}

void __GP11_TEE_AEUpdateAAD(TEE_OperationHandle operation,
			    const void *AADdata, uint32_t AADdataLen)
{
	TEE_AEUpdateAAD(operation, AADdata, AADdataLen);
}

TEE_Result __GP11_TEE_AEUpdate(TEE_OperationHandle operation,
			       const void *srcData, uint32_t srcLen,
			       void *destData, uint32_t *destLen)
{
	size_t s, *sp = len_in(&s, destLen);
	TEE_Result res = TEE_AEUpdate(operation, srcData, srcLen, destData, sp);

	len32(destLen, s);
	return res;
}

TEE_Result __GP11_TEE_AEEncryptFinal(TEE_OperationHandle operation,
				     const void *srcData, uint32_t srcLen,
				     void *destData, uint32_t *destLen,
				     void *tag, uint32_t *tagLen)
{
	size_t s, t, *sp = len_in(&s, destLen), *tp = len_in(&t, tagLen);
	TEE_Result res = TEE_AEEncryptFinal(operation, srcData, srcLen, destData,
					    sp, tag, tp);

	len32(destLen, s);
	len32(tagLen, t);
	return res;
}

TEE_Result __GP11_TEE_AEDecryptFinal(TEE_OperationHandle operation,
				     const void *srcData, uint32_t srcLen,
				     void *destData, uint32_t *destLen,
				     void *tag, uint32_t tagLen)
{
	size_t s, *sp = len_in(&s, destLen);
	TEE_Result res = TEE_AEDecryptFinal(operation, srcData, srcLen, destData,
					    sp, tag, tagLen);

	len32(destLen, s);
	return res;
}

TEE_Result __GP11_TEE_AsymmetricEncrypt(TEE_OperationHandle operation,
					const __GP11_TEE_Attribute *params,
					uint32_t paramCount,
					const void *srcData, uint32_t srcLen,
					void *destData, uint32_t *destLen)
{
	TEE_Attribute *a = attrs13(params, paramCount);
	size_t s, *sp = len_in(&s, destLen);
	TEE_Result res = TEE_AsymmetricEncrypt(operation, a, paramCount, srcData,
					       srcLen, destData, sp);

	free(a);
	len32(destLen, s);
	return res;
}

TEE_Result __GP11_TEE_AsymmetricDecrypt(TEE_OperationHandle operation,
					const __GP11_TEE_Attribute *params,
					uint32_t paramCount,
					const void *srcData, uint32_t srcLen,
					void *destData, uint32_t *destLen)
{
	TEE_Attribute *a = attrs13(params, paramCount);
	size_t s, *sp = len_in(&s, destLen);
	TEE_Result res = TEE_AsymmetricDecrypt(operation, a, paramCount, srcData,
					       srcLen, destData, sp);

	free(a);
	len32(destLen, s);
	return res;
}

TEE_Result __GP11_TEE_AsymmetricSignDigest(TEE_OperationHandle operation,
					   const __GP11_TEE_Attribute *params,
					   uint32_t paramCount,
					   const void *digest,
					   uint32_t digestLen, void *signature,
					   uint32_t *signatureLen)
{
	TEE_Attribute *a = attrs13(params, paramCount);
	size_t s, *sp = len_in(&s, signatureLen);
	TEE_Result res = TEE_AsymmetricSignDigest(operation, a, paramCount, digest,
						  digestLen, signature, sp);

	free(a);
	len32(signatureLen, s);
	return res;
}

TEE_Result __GP11_TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation,
					     const __GP11_TEE_Attribute *params,
					     uint32_t paramCount,
					     const void *digest,
					     uint32_t digestLen,
					     const void *signature,
					     uint32_t signatureLen)
{
	TEE_Attribute *a = attrs13(params, paramCount);
	TEE_Result res = TEE_AsymmetricVerifyDigest(operation, a, paramCount, digest,
						    digestLen, signature, signatureLen);

	free(a);
	return res;
}

void __GP11_TEE_DeriveKey(TEE_OperationHandle operation,
			  const __GP11_TEE_Attribute *params,
			  uint32_t paramCount, TEE_ObjectHandle derivedKey)
{
	TEE_Attribute *a = attrs13(params, paramCount);

	TEE_DeriveKey(operation, a, paramCount, derivedKey);
	free(a);
}

void __GP11_TEE_GenerateRandom(void *randomBuffer, uint32_t randomBufferLen)
{
	TEE_GenerateRandom(randomBuffer, randomBufferLen);
}
