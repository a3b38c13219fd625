/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_internal_api.h - the GlobalPlatform TEE Internal Core API as teekit's
 * TA runtime (libteeta) provides it. Functions not listed here are not
 * implemented yet (see docs/secure-world.md).
 */
#ifndef TEE_INTERNAL_API_H
#define TEE_INTERNAL_API_H

#include <tee_api_defines.h>
#include <tee_api_types.h>
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

/* Time */
void TEE_GetSystemTime(TEE_Time *time);
TEE_Result TEE_Wait(uint32_t timeout);
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

#endif /* TEE_INTERNAL_API_H */
