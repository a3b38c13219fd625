/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_internal_api.h - the GlobalPlatform TEE Internal Core API as teekit's
 * TA runtime (libteeta) provides it. Functions not listed here are not
 * implemented yet (see docs/secure-world.md).
 */
#ifndef TEE_INTERNAL_API_H
#define TEE_INTERNAL_API_H

#include <compiler.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include <tee_internal_api_crypto.h>
#include <tee_internal_api_storage.h>
#include <tee_ta_api.h>
#include <trace.h>

/* Memory and panic */
void TEE_Panic(TEE_Result panicCode) __attribute__((noreturn));
void *TEE_Malloc(size_t size, uint32_t hint);
void *TEE_Realloc(void *buffer, size_t newSize);
void TEE_Free(void *buffer);
void *TEE_MemMove(void *dest, const void *src, size_t size);
int32_t TEE_MemCompare(const void *buffer1, const void *buffer2, size_t size);
void *TEE_MemFill(void *buffer, uint32_t x, size_t size);
TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void *buffer,
				       size_t size);
void TEE_SetInstanceData(const void *instanceData);
const void *TEE_GetInstanceData(void);

/* Cancellation */
bool TEE_GetCancellationFlag(void);
bool TEE_UnmaskCancellation(void);
bool TEE_MaskCancellation(void);

/* TA-to-TA sessions (the callee sees login TEE_LOGIN_TRUSTED_APP) */
TEE_Result TEE_OpenTASession(const TEE_UUID *destination,
			     uint32_t cancellationRequestTimeout,
			     uint32_t paramTypes, TEE_Param params[4],
			     TEE_TASessionHandle *session,
			     uint32_t *returnOrigin);
void TEE_CloseTASession(TEE_TASessionHandle session);
TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session,
			       uint32_t cancellationRequestTimeout,
			       uint32_t commandID, uint32_t paramTypes,
			       TEE_Param params[4], uint32_t *returnOrigin);

/* Time */
void TEE_GetSystemTime(TEE_Time *time);
TEE_Result TEE_Wait(uint32_t timeout);
TEE_Result TEE_GetTAPersistentTime(TEE_Time *time);
TEE_Result TEE_SetTAPersistentTime(const TEE_Time *time);
void TEE_GetREETime(TEE_Time *time);

/* Properties */
TEE_Result TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator,
				   const char *name, char *valueBuffer,
				   size_t *valueBufferLen);
TEE_Result TEE_GetPropertyAsBool(TEE_PropSetHandle propsetOrEnumerator,
				 const char *name, bool *value);
TEE_Result TEE_GetPropertyAsU32(TEE_PropSetHandle propsetOrEnumerator,
				const char *name, uint32_t *value);
TEE_Result TEE_GetPropertyAsUUID(TEE_PropSetHandle propsetOrEnumerator,
				 const char *name, TEE_UUID *value);
TEE_Result TEE_GetPropertyAsIdentity(TEE_PropSetHandle propsetOrEnumerator,
				     const char *name, TEE_Identity *value);
TEE_Result TEE_GetPropertyAsU64(TEE_PropSetHandle propsetOrEnumerator,
				const char *name, uint64_t *value);
TEE_Result TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator,
					const char *name, void *valueBuffer,
					size_t *valueBufferLen);
TEE_Result TEE_AllocatePropertyEnumerator(TEE_PropSetHandle *enumerator);
void TEE_FreePropertyEnumerator(TEE_PropSetHandle enumerator);
void TEE_StartPropertyEnumerator(TEE_PropSetHandle enumerator,
				 TEE_PropSetHandle propSet);
void TEE_ResetPropertyEnumerator(TEE_PropSetHandle enumerator);
TEE_Result TEE_GetPropertyName(TEE_PropSetHandle enumerator, void *nameBuffer,
			       size_t *nameBufferLen);
TEE_Result TEE_GetNextProperty(TEE_PropSetHandle enumerator);

/*
 * GP 1.1 variants (32-bit lengths). A TA written against GP 1.1 defines
 * __OPTEE_CORE_API_COMPAT_1_1 (OP-TEE's switch) before including this
 * header, and the GP names resolve to these (docs/ta-sdk.md).
 */
TEE_Result __GP11_TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator,
					  const char *name, char *valueBuffer,
					  uint32_t *valueBufferLen);
TEE_Result __GP11_TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator,
					       const char *name,
					       void *valueBuffer,
					       uint32_t *valueBufferLen);
TEE_Result __GP11_TEE_GetPropertyName(TEE_PropSetHandle enumerator,
				      void *nameBuffer,
				      uint32_t *nameBufferLen);

/* TA-to-TA with GP 1.1 parameters (32-bit memref sizes) */
TEE_Result __GP11_TEE_OpenTASession(const TEE_UUID *destination,
				    uint32_t cancellationRequestTimeout,
				    uint32_t paramTypes,
				    __GP11_TEE_Param params[4],
				    TEE_TASessionHandle *session,
				    uint32_t *returnOrigin);
TEE_Result __GP11_TEE_InvokeTACommand(TEE_TASessionHandle session,
				      uint32_t cancellationRequestTimeout,
				      uint32_t commandID, uint32_t paramTypes,
				      __GP11_TEE_Param params[4],
				      uint32_t *returnOrigin);

#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEE_OpenTASession		__GP11_TEE_OpenTASession
#define TEE_InvokeTACommand		__GP11_TEE_InvokeTACommand
#define TEE_GetPropertyAsString		__GP11_TEE_GetPropertyAsString
#define TEE_GetPropertyAsBinaryBlock	__GP11_TEE_GetPropertyAsBinaryBlock
#define TEE_GetPropertyName		__GP11_TEE_GetPropertyName
#endif

#endif /* TEE_INTERNAL_API_H */
