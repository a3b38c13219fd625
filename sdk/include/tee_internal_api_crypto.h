/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_internal_api_crypto.h - the cryptographic part of the GlobalPlatform
 * TEE Internal Core API v1.3.1 (transient objects, operations, random
 * numbers) and the TEE Arithmetical API, as teekit's TA runtime provides
 * them (on OpenSSL's libcrypto). Included by tee_internal_api.h; what is
 * supported: docs/ta-api.md.
 */
#ifndef TEE_INTERNAL_API_CRYPTO_H
#define TEE_INTERNAL_API_CRYPTO_H

#include <tee_api_defines.h>
#include <tee_api_types.h>

typedef uint32_t TEE_ObjectType;

/* Generic and transient objects */
TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object,
			      TEE_ObjectInfo *objectInfo);
void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo *objectInfo);
TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object,
				    uint32_t objectUsage);
void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t objectUsage);
TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object,
					uint32_t attributeID, void *buffer,
					size_t *size);
TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object,
				       uint32_t attributeID, uint32_t *a,
				       uint32_t *b);
void TEE_CloseObject(TEE_ObjectHandle object);
TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType,
				      uint32_t maxObjectSize,
				      TEE_ObjectHandle *object);
void TEE_FreeTransientObject(TEE_ObjectHandle object);
void TEE_ResetTransientObject(TEE_ObjectHandle object);
TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object,
				       const TEE_Attribute *attrs,
				       uint32_t attrCount);
void TEE_InitRefAttribute(TEE_Attribute *attr, uint32_t attributeID,
			  const void *buffer, size_t length);
void TEE_InitValueAttribute(TEE_Attribute *attr, uint32_t attributeID,
			    uint32_t a, uint32_t b);
void TEE_CopyObjectAttributes(TEE_ObjectHandle destObject,
			      TEE_ObjectHandle srcObject);
TEE_Result TEE_CopyObjectAttributes1(TEE_ObjectHandle destObject,
				     TEE_ObjectHandle srcObject);
TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize,
			   const TEE_Attribute *params, uint32_t paramCount);

/* Operations */
TEE_Result TEE_AllocateOperation(TEE_OperationHandle *operation,
				 uint32_t algorithm, uint32_t mode,
				 uint32_t maxKeySize);
void TEE_FreeOperation(TEE_OperationHandle operation);
void TEE_GetOperationInfo(TEE_OperationHandle operation,
			  TEE_OperationInfo *operationInfo);
TEE_Result TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
					TEE_OperationInfoMultiple *operationInfoMultiple,
					size_t *operationSize);
void TEE_ResetOperation(TEE_OperationHandle operation);
TEE_Result TEE_SetOperationKey(TEE_OperationHandle operation,
			       TEE_ObjectHandle key);
TEE_Result TEE_SetOperationKey2(TEE_OperationHandle operation,
				TEE_ObjectHandle key1, TEE_ObjectHandle key2);
void TEE_CopyOperation(TEE_OperationHandle dstOperation,
		       TEE_OperationHandle srcOperation);
TEE_Result TEE_IsAlgorithmSupported(uint32_t algId, uint32_t element);

/* Digests */
void TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk,
		      size_t chunkSize);
TEE_Result TEE_DigestDoFinal(TEE_OperationHandle operation, const void *chunk,
			     size_t chunkLen, void *hash, size_t *hashLen);
TEE_Result TEE_DigestExtract(TEE_OperationHandle operation, void *hash,
			     size_t *hashLen);

/* Symmetric ciphers */
void TEE_CipherInit(TEE_OperationHandle operation, const void *IV,
		    size_t IVLen);
TEE_Result TEE_CipherUpdate(TEE_OperationHandle operation, const void *srcData,
			    size_t srcLen, void *destData, size_t *destLen);
TEE_Result TEE_CipherDoFinal(TEE_OperationHandle operation,
			     const void *srcData, size_t srcLen,
			     void *destData, size_t *destLen);

/* MACs */
void TEE_MACInit(TEE_OperationHandle operation, const void *IV, size_t IVLen);
void TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk,
		   size_t chunkSize);
TEE_Result TEE_MACComputeFinal(TEE_OperationHandle operation,
			       const void *message, size_t messageLen,
			       void *mac, size_t *macLen);
TEE_Result TEE_MACCompareFinal(TEE_OperationHandle operation,
			       const void *message, size_t messageLen,
			       const void *mac, size_t macLen);

/* Authenticated encryption */
TEE_Result TEE_AEInit(TEE_OperationHandle operation, const void *nonce,
		      size_t nonceLen, uint32_t tagLen, size_t AADLen,
		      size_t payloadLen);
void TEE_AEUpdateAAD(TEE_OperationHandle operation, const void *AADdata,
		     size_t AADdataLen);
TEE_Result TEE_AEUpdate(TEE_OperationHandle operation, const void *srcData,
			size_t srcLen, void *destData, size_t *destLen);
TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle operation,
			      const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag,
			      size_t *tagLen);
TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle operation,
			      const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag,
			      size_t tagLen);

/* Asymmetric operations and key derivation */
TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle operation,
				 const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData,
				 size_t srcLen, void *destData,
				 size_t *destLen);
TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle operation,
				 const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData,
				 size_t srcLen, void *destData,
				 size_t *destLen);
TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle operation,
				    const TEE_Attribute *params,
				    uint32_t paramCount, const void *digest,
				    size_t digestLen, void *signature,
				    size_t *signatureLen);
TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation,
				      const TEE_Attribute *params,
				      uint32_t paramCount, const void *digest,
				      size_t digestLen, const void *signature,
				      size_t signatureLen);
void TEE_DeriveKey(TEE_OperationHandle operation, const TEE_Attribute *params,
		   uint32_t paramCount, TEE_ObjectHandle derivedKey);

/* Random numbers */
void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen);

/*
 * GP 1.1 variants (32-bit lengths and __GP11_TEE_Attribute), chosen by
 * __OPTEE_CORE_API_COMPAT_1_1 as in tee_internal_api.h.
 */
void __GP11_TEE_GetObjectInfo(TEE_ObjectHandle object,
			      __GP11_TEE_ObjectInfo *objectInfo);
TEE_Result __GP11_TEE_GetObjectInfo1(TEE_ObjectHandle object,
				     __GP11_TEE_ObjectInfo *objectInfo);
TEE_Result __GP11_TEE_GetObjectBufferAttribute(TEE_ObjectHandle object,
					       uint32_t attributeID,
					       void *buffer, uint32_t *size);
TEE_Result __GP11_TEE_PopulateTransientObject(TEE_ObjectHandle object,
					      const __GP11_TEE_Attribute *attrs,
					      uint32_t attrCount);
void __GP11_TEE_InitRefAttribute(__GP11_TEE_Attribute *attr,
				 uint32_t attributeID, const void *buffer,
				 uint32_t length);
void __GP11_TEE_InitValueAttribute(__GP11_TEE_Attribute *attr,
				   uint32_t attributeID, uint32_t a,
				   uint32_t b);
TEE_Result __GP11_TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize,
				  const __GP11_TEE_Attribute *params,
				  uint32_t paramCount);
TEE_Result __GP11_TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
					       TEE_OperationInfoMultiple *info,
					       uint32_t *operationSize);
void __GP11_TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk,
			     uint32_t chunkSize);
TEE_Result __GP11_TEE_DigestDoFinal(TEE_OperationHandle operation,
				    const void *chunk, uint32_t chunkLen,
				    void *hash, uint32_t *hashLen);
void __GP11_TEE_CipherInit(TEE_OperationHandle operation, const void *IV,
			   uint32_t IVLen);
TEE_Result __GP11_TEE_CipherUpdate(TEE_OperationHandle operation,
				   const void *srcData, uint32_t srcLen,
				   void *destData, uint32_t *destLen);
TEE_Result __GP11_TEE_CipherDoFinal(TEE_OperationHandle operation,
				    const void *srcData, uint32_t srcLen,
				    void *destData, uint32_t *destLen);
void __GP11_TEE_MACInit(TEE_OperationHandle operation, const void *IV,
			uint32_t IVLen);
void __GP11_TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk,
			  uint32_t chunkSize);
TEE_Result __GP11_TEE_MACComputeFinal(TEE_OperationHandle operation,
				      const void *message, uint32_t messageLen,
				      void *mac, uint32_t *macLen);
TEE_Result __GP11_TEE_MACCompareFinal(TEE_OperationHandle operation,
				      const void *message, uint32_t messageLen,
				      const void *mac, uint32_t macLen);
TEE_Result __GP11_TEE_AEInit(TEE_OperationHandle operation, const void *nonce,
			     uint32_t nonceLen, uint32_t tagLen,
			     uint32_t AADLen, uint32_t payloadLen);
void __GP11_TEE_AEUpdateAAD(TEE_OperationHandle operation,
			    const void *AADdata, uint32_t AADdataLen);
TEE_Result __GP11_TEE_AEUpdate(TEE_OperationHandle operation,
			       const void *srcData, uint32_t srcLen,
			       void *destData, uint32_t *destLen);
TEE_Result __GP11_TEE_AEEncryptFinal(TEE_OperationHandle operation,
				     const void *srcData, uint32_t srcLen,
				     void *destData, uint32_t *destLen,
				     void *tag, uint32_t *tagLen);
TEE_Result __GP11_TEE_AEDecryptFinal(TEE_OperationHandle operation,
				     const void *srcData, uint32_t srcLen,
				     void *destData, uint32_t *destLen,
				     void *tag, uint32_t tagLen);
TEE_Result __GP11_TEE_AsymmetricEncrypt(TEE_OperationHandle operation,
					const __GP11_TEE_Attribute *params,
					uint32_t paramCount,
					const void *srcData, uint32_t srcLen,
					void *destData, uint32_t *destLen);
TEE_Result __GP11_TEE_AsymmetricDecrypt(TEE_OperationHandle operation,
					const __GP11_TEE_Attribute *params,
					uint32_t paramCount,
					const void *srcData, uint32_t srcLen,
					void *destData, uint32_t *destLen);
TEE_Result __GP11_TEE_AsymmetricSignDigest(TEE_OperationHandle operation,
					   const __GP11_TEE_Attribute *params,
					   uint32_t paramCount,
					   const void *digest,
					   uint32_t digestLen, void *signature,
					   uint32_t *signatureLen);
TEE_Result __GP11_TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation,
					     const __GP11_TEE_Attribute *params,
					     uint32_t paramCount,
					     const void *digest,
					     uint32_t digestLen,
					     const void *signature,
					     uint32_t signatureLen);
void __GP11_TEE_DeriveKey(TEE_OperationHandle operation,
			  const __GP11_TEE_Attribute *params,
			  uint32_t paramCount, TEE_ObjectHandle derivedKey);
void __GP11_TEE_GenerateRandom(void *randomBuffer, uint32_t randomBufferLen);

#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEE_GetObjectInfo		__GP11_TEE_GetObjectInfo
#define TEE_GetObjectInfo1		__GP11_TEE_GetObjectInfo1
#define TEE_GetObjectBufferAttribute	__GP11_TEE_GetObjectBufferAttribute
#define TEE_PopulateTransientObject	__GP11_TEE_PopulateTransientObject
#define TEE_InitRefAttribute		__GP11_TEE_InitRefAttribute
#define TEE_InitValueAttribute		__GP11_TEE_InitValueAttribute
#define TEE_GenerateKey			__GP11_TEE_GenerateKey
#define TEE_GetOperationInfoMultiple	__GP11_TEE_GetOperationInfoMultiple
#define TEE_DigestUpdate		__GP11_TEE_DigestUpdate
#define TEE_DigestDoFinal		__GP11_TEE_DigestDoFinal
#define TEE_CipherInit			__GP11_TEE_CipherInit
#define TEE_CipherUpdate		__GP11_TEE_CipherUpdate
#define TEE_CipherDoFinal		__GP11_TEE_CipherDoFinal
#define TEE_MACInit			__GP11_TEE_MACInit
#define TEE_MACUpdate			__GP11_TEE_MACUpdate
#define TEE_MACComputeFinal		__GP11_TEE_MACComputeFinal
#define TEE_MACCompareFinal		__GP11_TEE_MACCompareFinal
#define TEE_AEInit			__GP11_TEE_AEInit
#define TEE_AEUpdateAAD			__GP11_TEE_AEUpdateAAD
#define TEE_AEUpdate			__GP11_TEE_AEUpdate
#define TEE_AEEncryptFinal		__GP11_TEE_AEEncryptFinal
#define TEE_AEDecryptFinal		__GP11_TEE_AEDecryptFinal
#define TEE_AsymmetricEncrypt		__GP11_TEE_AsymmetricEncrypt
#define TEE_AsymmetricDecrypt		__GP11_TEE_AsymmetricDecrypt
#define TEE_AsymmetricSignDigest	__GP11_TEE_AsymmetricSignDigest
#define TEE_AsymmetricVerifyDigest	__GP11_TEE_AsymmetricVerifyDigest
#define TEE_DeriveKey			__GP11_TEE_DeriveKey
#define TEE_GenerateRandom		__GP11_TEE_GenerateRandom
#endif

/*
 * The TEE Arithmetical API (GP 1.3.1 chapter 8), on OpenSSL BIGNUMs. A
 * TEE_BigInt of TEE_BigIntSizeInU32(bits) words holds a header of two
 * words and the magnitude; FMM values use the same form (the "fast
 * modular multiplication" representation is the plain residue).
 */
#define TEE_BigIntSizeInU32(n)	((((n) + 31) / 32) + 2)

size_t TEE_BigIntFMMContextSizeInU32(size_t modulusSizeInBits);
size_t TEE_BigIntFMMSizeInU32(size_t modulusSizeInBits);
void TEE_BigIntInit(TEE_BigInt *bigInt, size_t len);
TEE_Result TEE_BigIntInitFMMContext1(TEE_BigIntFMMContext *context, size_t len,
				     const TEE_BigInt *modulus);
void TEE_BigIntInitFMMContext(TEE_BigIntFMMContext *context, size_t len,
			      const TEE_BigInt *modulus);
void TEE_BigIntInitFMM(TEE_BigIntFMM *bigIntFMM, size_t len);
TEE_Result TEE_BigIntConvertFromOctetString(TEE_BigInt *dest,
					    const uint8_t *buffer,
					    size_t bufferLen, int32_t sign);
TEE_Result TEE_BigIntConvertToOctetString(uint8_t *buffer, size_t *bufferLen,
					  const TEE_BigInt *bigInt);
void TEE_BigIntConvertFromS32(TEE_BigInt *dest, int32_t shortVal);
TEE_Result TEE_BigIntConvertToS32(int32_t *dest, const TEE_BigInt *src);
int32_t TEE_BigIntCmp(const TEE_BigInt *op1, const TEE_BigInt *op2);
int32_t TEE_BigIntCmpS32(const TEE_BigInt *op, int32_t shortVal);
void TEE_BigIntShiftRight(TEE_BigInt *dest, const TEE_BigInt *op, size_t bits);
bool TEE_BigIntGetBit(const TEE_BigInt *src, uint32_t bitIndex);
uint32_t TEE_BigIntGetBitCount(const TEE_BigInt *src);
TEE_Result TEE_BigIntSetBit(TEE_BigInt *op, uint32_t bitIndex, bool value);
TEE_Result TEE_BigIntAssign(TEE_BigInt *dest, const TEE_BigInt *src);
TEE_Result TEE_BigIntAbs(TEE_BigInt *dest, const TEE_BigInt *src);
void TEE_BigIntAdd(TEE_BigInt *dest, const TEE_BigInt *op1,
		   const TEE_BigInt *op2);
void TEE_BigIntSub(TEE_BigInt *dest, const TEE_BigInt *op1,
		   const TEE_BigInt *op2);
void TEE_BigIntNeg(TEE_BigInt *dest, const TEE_BigInt *op);
void TEE_BigIntMul(TEE_BigInt *dest, const TEE_BigInt *op1,
		   const TEE_BigInt *op2);
void TEE_BigIntSquare(TEE_BigInt *dest, const TEE_BigInt *op);
void TEE_BigIntDiv(TEE_BigInt *dest_q, TEE_BigInt *dest_r,
		   const TEE_BigInt *op1, const TEE_BigInt *op2);
void TEE_BigIntMod(TEE_BigInt *dest, const TEE_BigInt *op,
		   const TEE_BigInt *n);
void TEE_BigIntAddMod(TEE_BigInt *dest, const TEE_BigInt *op1,
		      const TEE_BigInt *op2, const TEE_BigInt *n);
void TEE_BigIntSubMod(TEE_BigInt *dest, const TEE_BigInt *op1,
		      const TEE_BigInt *op2, const TEE_BigInt *n);
void TEE_BigIntMulMod(TEE_BigInt *dest, const TEE_BigInt *op1,
		      const TEE_BigInt *op2, const TEE_BigInt *n);
void TEE_BigIntSquareMod(TEE_BigInt *dest, const TEE_BigInt *op,
			 const TEE_BigInt *n);
void TEE_BigIntInvMod(TEE_BigInt *dest, const TEE_BigInt *op,
		      const TEE_BigInt *n);
TEE_Result TEE_BigIntExpMod(TEE_BigInt *dest, const TEE_BigInt *op1,
			    const TEE_BigInt *op2, const TEE_BigInt *n,
			    const TEE_BigIntFMMContext *context);
bool TEE_BigIntRelativePrime(const TEE_BigInt *op1, const TEE_BigInt *op2);
void TEE_BigIntComputeExtendedGcd(TEE_BigInt *gcd, TEE_BigInt *u,
				  TEE_BigInt *v, const TEE_BigInt *op1,
				  const TEE_BigInt *op2);
int32_t TEE_BigIntIsProbablePrime(const TEE_BigInt *op,
				  uint32_t confidenceLevel);
void TEE_BigIntConvertToFMM(TEE_BigIntFMM *dest, const TEE_BigInt *src,
			    const TEE_BigInt *n,
			    const TEE_BigIntFMMContext *context);
void TEE_BigIntConvertFromFMM(TEE_BigInt *dest, const TEE_BigIntFMM *src,
			      const TEE_BigInt *n,
			      const TEE_BigIntFMMContext *context);
void TEE_BigIntComputeFMM(TEE_BigIntFMM *dest, const TEE_BigIntFMM *op1,
			  const TEE_BigIntFMM *op2, const TEE_BigInt *n,
			  const TEE_BigIntFMMContext *context);

/* GP 1.1 variants: 32-bit lengths */
TEE_Result __GP11_TEE_BigIntConvertFromOctetString(TEE_BigInt *dest,
						   const uint8_t *buffer,
						   uint32_t bufferLen,
						   int32_t sign);
TEE_Result __GP11_TEE_BigIntConvertToOctetString(uint8_t *buffer,
						 uint32_t *bufferLen,
						 const TEE_BigInt *bigInt);
void __GP11_TEE_BigIntInit(TEE_BigInt *bigInt, uint32_t len);
void __GP11_TEE_BigIntInitFMMContext(TEE_BigIntFMMContext *context,
				     uint32_t len, const TEE_BigInt *modulus);
void __GP11_TEE_BigIntInitFMM(TEE_BigIntFMM *bigIntFMM, uint32_t len);
uint32_t __GP11_TEE_BigIntFMMContextSizeInU32(uint32_t modulusSizeInBits);
uint32_t __GP11_TEE_BigIntFMMSizeInU32(uint32_t modulusSizeInBits);

#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEE_BigIntConvertFromOctetString __GP11_TEE_BigIntConvertFromOctetString
#define TEE_BigIntConvertToOctetString	__GP11_TEE_BigIntConvertToOctetString
#define TEE_BigIntInit			__GP11_TEE_BigIntInit
#define TEE_BigIntInitFMMContext	__GP11_TEE_BigIntInitFMMContext
#define TEE_BigIntInitFMM		__GP11_TEE_BigIntInitFMM
#define TEE_BigIntFMMContextSizeInU32	__GP11_TEE_BigIntFMMContextSizeInU32
#define TEE_BigIntFMMSizeInU32		__GP11_TEE_BigIntFMMSizeInU32
#endif

#endif /* TEE_INTERNAL_API_CRYPTO_H */
