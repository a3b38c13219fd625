/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_internal_api_storage.h - trusted storage of the GlobalPlatform TEE
 * Internal Core API v1.3.1 (chapter 5.7-5.9: persistent objects, their
 * enumerators and data streams) as teekit's TA runtime provides it, with
 * the GP 1.1 variants. Included by tee_internal_api.h after the
 * cryptographic header, whose object types it shares (docs/storage.md).
 */
#ifndef TEE_INTERNAL_API_STORAGE_H
#define TEE_INTERNAL_API_STORAGE_H

#include <tee_api_defines.h>
#include <tee_api_types.h>
/* object handles, attributes and the generic object functions */
#include <tee_internal_api_crypto.h>

/* Storage ids (GP; the REE and RPMB ones are OP-TEE's values) */
#define TEE_STORAGE_PRIVATE		0x00000001
#define TEE_STORAGE_PRIVATE_REE		0x80000000
#define TEE_STORAGE_PRIVATE_RPMB	0x80000100

/* Data flags */
#define TEE_DATA_FLAG_ACCESS_READ	0x00000001
#define TEE_DATA_FLAG_ACCESS_WRITE	0x00000002
#define TEE_DATA_FLAG_ACCESS_WRITE_META	0x00000004
#define TEE_DATA_FLAG_SHARE_READ	0x00000010
#define TEE_DATA_FLAG_SHARE_WRITE	0x00000020
#define TEE_DATA_FLAG_OVERWRITE		0x00000400
#define TEE_DATA_FLAG_EXCLUSIVE		0x00000400	/* GP 1.0 name, inverted meaning */
#define TEE_DATA_MAX_POSITION		0xFFFFFFFF
#define TEE_OBJECT_ID_MAX_LEN		64

#define TEE_HANDLE_NULL			0

typedef enum {
	TEE_DATA_SEEK_SET = 0,
	TEE_DATA_SEEK_CUR = 1,
	TEE_DATA_SEEK_END = 2,
	TEE_DATA_SEEK_ILLEGAL = 0x7FFFFFFF,
} TEE_Whence;

typedef struct __TEE_ObjectEnumHandle *TEE_ObjectEnumHandle;

/* Persistent objects */
TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void *objectID,
				    size_t objectIDLen, uint32_t flags,
				    TEE_ObjectHandle *object);
TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void *objectID,
				      size_t objectIDLen, uint32_t flags,
				      TEE_ObjectHandle attributes,
				      const void *initialData,
				      size_t initialDataLen,
				      TEE_ObjectHandle *object);
void TEE_CloseAndDeletePersistentObject(TEE_ObjectHandle object);
TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object);
TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object,
				      const void *newObjectID,
				      size_t newObjectIDLen);

/* Enumerators */
TEE_Result TEE_AllocatePersistentObjectEnumerator(TEE_ObjectEnumHandle *e);
void TEE_FreePersistentObjectEnumerator(TEE_ObjectEnumHandle e);
void TEE_ResetPersistentObjectEnumerator(TEE_ObjectEnumHandle e);
TEE_Result TEE_StartPersistentObjectEnumerator(TEE_ObjectEnumHandle e,
					       uint32_t storageID);
TEE_Result TEE_GetNextPersistentObject(TEE_ObjectEnumHandle e,
				       TEE_ObjectInfo *objectInfo,
				       void *objectID, size_t *objectIDLen);

/* Data streams */
TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer,
			      size_t size, size_t *count);
TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer,
			       size_t size);
TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size);
TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset,
			      TEE_Whence whence);

/* GP 1.1: 32-bit lengths */
TEE_Result __GP11_TEE_OpenPersistentObject(uint32_t storageID,
					   const void *objectID,
					   uint32_t objectIDLen,
					   uint32_t flags,
					   TEE_ObjectHandle *object);
TEE_Result __GP11_TEE_CreatePersistentObject(uint32_t storageID,
					     const void *objectID,
					     uint32_t objectIDLen,
					     uint32_t flags,
					     TEE_ObjectHandle attributes,
					     const void *initialData,
					     uint32_t initialDataLen,
					     TEE_ObjectHandle *object);
TEE_Result __GP11_TEE_RenamePersistentObject(TEE_ObjectHandle object,
					     const void *newObjectID,
					     uint32_t newObjectIDLen);
TEE_Result __GP11_TEE_GetNextPersistentObject(TEE_ObjectEnumHandle e,
					      __GP11_TEE_ObjectInfo *objectInfo,
					      void *objectID,
					      uint32_t *objectIDLen);
TEE_Result __GP11_TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer,
				     uint32_t size, uint32_t *count);
TEE_Result __GP11_TEE_WriteObjectData(TEE_ObjectHandle object,
				      const void *buffer, uint32_t size);
TEE_Result __GP11_TEE_TruncateObjectData(TEE_ObjectHandle object,
					 uint32_t size);
TEE_Result __GP11_TEE_SeekObjectData(TEE_ObjectHandle object, int32_t offset,
				     TEE_Whence whence);

#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEE_OpenPersistentObject	__GP11_TEE_OpenPersistentObject
#define TEE_CreatePersistentObject	__GP11_TEE_CreatePersistentObject
#define TEE_RenamePersistentObject	__GP11_TEE_RenamePersistentObject
#define TEE_GetNextPersistentObject	__GP11_TEE_GetNextPersistentObject
#define TEE_ReadObjectData		__GP11_TEE_ReadObjectData
#define TEE_WriteObjectData		__GP11_TEE_WriteObjectData
#define TEE_TruncateObjectData		__GP11_TEE_TruncateObjectData
#define TEE_SeekObjectData		__GP11_TEE_SeekObjectData
#endif

#endif /* TEE_INTERNAL_API_STORAGE_H */
