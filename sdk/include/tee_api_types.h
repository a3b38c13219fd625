/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_api_types.h - types of the GlobalPlatform TEE Internal Core API
 * (teekit TA SDK).
 */
#ifndef TEE_API_TYPES_H
#define TEE_API_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_defines.h>

/* printf-style format checking for the SDK's own declarations */
#define TEE_PRINTF_FORMAT(fmt, args) __attribute__((format(printf, fmt, args)))

typedef uint32_t TEE_Result;

typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEE_UUID;

typedef struct {
	uint32_t login;
	TEE_UUID uuid;
} TEE_Identity;

typedef union {
	struct {
		void *buffer;
		size_t size;
	} memref;
	struct {
		uint32_t a;
		uint32_t b;
	} value;
} TEE_Param;

/*
 * The GP 1.1 parameter: a 32-bit memref size (what OP-TEE TAs built with
 * __OPTEE_CORE_API_COMPAT_1_1 use). Same size and stride as TEE_Param on
 * x86_64, but only the low 32 bits after the buffer pointer are the size;
 * the four bytes after it are padding the TA may leave undefined. A TA
 * built with the switch sees TEE_Param as this type in every entry point
 * and TA-to-TA call; its teekit_ta_head carries TEEKIT_TA_HEAD_F_GP11 so
 * the host marshals it (docs/ta-sdk.md).
 */
typedef union {
	struct {
		void *buffer;
		uint32_t size;
	} memref;
	struct {
		uint32_t a;
		uint32_t b;
	} value;
} __GP11_TEE_Param;

#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEE_Param __GP11_TEE_Param
#endif

typedef struct {
	uint32_t seconds;
	uint32_t millis;
} TEE_Time;

typedef struct __TEE_TASessionHandle *TEE_TASessionHandle;
typedef struct __TEE_PropSetHandle *TEE_PropSetHandle;

/* Cryptographic objects and operations (GP 1.3.1 chapters 5 and 6) */
typedef struct __TEE_ObjectHandle *TEE_ObjectHandle;
typedef struct __TEE_OperationHandle *TEE_OperationHandle;
typedef uint32_t TEE_OperationMode;

typedef struct {
	uint32_t attributeID;
	union {
		struct {
			void *buffer;
			size_t length;
		} ref;
		struct {
			uint32_t a;
			uint32_t b;
		} value;
	} content;
} TEE_Attribute;

/* GP 1.1: a 32-bit buffer length */
typedef struct {
	uint32_t attributeID;
	union {
		struct {
			void *buffer;
			uint32_t length;
		} ref;
		struct {
			uint32_t a;
			uint32_t b;
		} value;
	} content;
} __GP11_TEE_Attribute;

/* keySize and maxKeySize are the GP 1.1 names of the same fields */
typedef struct {
	uint32_t objectType;
	union {
		uint32_t keySize;
		uint32_t objectSize;
	};
	union {
		uint32_t maxKeySize;
		uint32_t maxObjectSize;
	};
	uint32_t objectUsage;
	size_t dataSize;
	size_t dataPosition;
	uint32_t handleFlags;
} TEE_ObjectInfo;

typedef struct {
	uint32_t objectType;
	uint32_t keySize;
	uint32_t maxKeySize;
	uint32_t objectUsage;
	uint32_t dataSize;
	uint32_t dataPosition;
	uint32_t handleFlags;
} __GP11_TEE_ObjectInfo;

typedef struct {
	uint32_t algorithm;
	uint32_t operationClass;
	uint32_t mode;
	uint32_t digestLength;
	uint32_t maxKeySize;
	uint32_t keySize;
	uint32_t requiredKeyUsage;
	uint32_t handleState;
} TEE_OperationInfo;

typedef struct {
	uint32_t keySize;
	uint32_t requiredKeyUsage;
} TEE_OperationInfoKey;

typedef struct {
	uint32_t algorithm;
	uint32_t operationClass;
	uint32_t mode;
	uint32_t digestLength;
	uint32_t maxKeySize;
	uint32_t handleState;
	uint32_t operationState;
	uint32_t numberOfKeys;
	TEE_OperationInfoKey keyInformation[];
} TEE_OperationInfoMultiple;

/* The arithmetical API's opaque types: arrays of uint32_t */
typedef uint32_t TEE_BigInt;
typedef uint32_t TEE_BigIntFMM;
typedef uint32_t TEE_BigIntFMMContext;

#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEE_Attribute __GP11_TEE_Attribute
#define TEE_ObjectInfo __GP11_TEE_ObjectInfo
#endif

#endif /* TEE_API_TYPES_H */
