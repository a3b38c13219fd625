// SPDX-License-Identifier: BSD-2-Clause
/*
 * secure_storage_ta.c - a persistent object in the TA's private storage
 * (TEE_STORAGE_PRIVATE). The object outlives the session and the TA
 * instance: each command opens it by name, and the trusted OS keeps it
 * encrypted and authenticated in tee-supplicant's file system, readable by
 * this TA only.
 */
#include <tee_internal_api.h>

#include <secure_storage_ta.h>

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

static TEE_Result write_obj(const TEE_Param *id, const TEE_Param *data)
{
	uint32_t flags = TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
			 TEE_DATA_FLAG_ACCESS_WRITE_META |
			 TEE_DATA_FLAG_OVERWRITE;
	TEE_ObjectHandle obj;
	TEE_Result res;

	/* made whole or not at all: a crash leaves the old object */
	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE,
					 id->memref.buffer, id->memref.size,
					 flags, TEE_HANDLE_NULL,
					 data->memref.buffer, data->memref.size,
					 &obj);
	if (res != TEE_SUCCESS) {
		EMSG("TEE_CreatePersistentObject: 0x%08x", res);
		return res;
	}
	TEE_CloseObject(obj);
	IMSG("stored %zu bytes", (size_t)data->memref.size);
	return TEE_SUCCESS;
}

static TEE_Result read_obj(const TEE_Param *id, TEE_Param *data)
{
	TEE_ObjectHandle obj;
	TEE_ObjectInfo info;
	TEE_Result res;
	size_t n;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id->memref.buffer,
				       id->memref.size,
				       TEE_DATA_FLAG_ACCESS_READ |
				       TEE_DATA_FLAG_SHARE_READ, &obj);
	if (res != TEE_SUCCESS)
		return res;	/* TEE_ERROR_ITEM_NOT_FOUND: no such object */
	res = TEE_GetObjectInfo1(obj, &info);
	if (res == TEE_SUCCESS && data->memref.size < info.dataSize) {
		data->memref.size = info.dataSize;
		res = TEE_ERROR_SHORT_BUFFER;
	} else if (res == TEE_SUCCESS) {
		res = TEE_ReadObjectData(obj, data->memref.buffer,
					 info.dataSize, &n);
		data->memref.size = n;
	}
	TEE_CloseObject(obj);
	return res;
}

static TEE_Result delete_obj(const TEE_Param *id)
{
	TEE_ObjectHandle obj;
	TEE_Result res;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id->memref.buffer,
				       id->memref.size,
				       TEE_DATA_FLAG_ACCESS_WRITE_META, &obj);
	if (res != TEE_SUCCESS)
		return res;
	return TEE_CloseAndDeletePersistentObject1(obj);
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	if (TEE_PARAM_TYPE_GET(param_types, 0) != TEE_PARAM_TYPE_MEMREF_INPUT ||
	    !params[0].memref.size ||
	    params[0].memref.size > TEE_OBJECT_ID_MAX_LEN)
		return TEE_ERROR_BAD_PARAMETERS;

	switch (cmd) {
	case TA_SECURE_STORAGE_CMD_WRITE:
		if (param_types != PT(MEMREF_INPUT, MEMREF_INPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return write_obj(&params[0], &params[1]);
	case TA_SECURE_STORAGE_CMD_READ:
		if (param_types != PT(MEMREF_INPUT, MEMREF_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return read_obj(&params[0], &params[1]);
	case TA_SECURE_STORAGE_CMD_DELETE:
		if (param_types != PT(MEMREF_INPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return delete_obj(&params[0]);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
