// SPDX-License-Identifier: BSD-2-Clause
/*
 * ftpm_nv.c - libtpms's NV state in GP trusted storage (docs/tpm.md).
 *
 * libtpms hands its state to callbacks by name ("permall": the permanent
 * state, NV indices and persistent objects included; "volatilestate",
 * "savestate"). Each name is one persistent object "ftpm.<name>" in
 * TEE_STORAGE_PRIVATE, written whole with TEE_DATA_FLAG_OVERWRITE: the
 * storage replaces an object atomically (decision 1401), so a crash
 * mid-write leaves the previous state, never half of one.
 *
 * libtpms frees what loaddata returns with free(): that buffer comes
 * from malloc, not TEE_Malloc (decision 1911).
 */
#include <stdlib.h>
#include <string.h>

#include <tee_internal_api.h>

#include <libtpms/tpm_error.h>
#include <libtpms/tpm_library.h>

#include "ftpm.h"

#define FTPM_NV_PREFIX	"ftpm."
#define FTPM_NV_ID_MAX	64

static size_t nv_id(const char *name, char *id)
{
	size_t n = strlen(name);

	if (n + sizeof(FTPM_NV_PREFIX) > FTPM_NV_ID_MAX)
		return 0;
	memcpy(id, FTPM_NV_PREFIX, sizeof(FTPM_NV_PREFIX) - 1);
	memcpy(id + sizeof(FTPM_NV_PREFIX) - 1, name, n);
	return n + sizeof(FTPM_NV_PREFIX) - 1;
}

static TPM_RESULT nv_init(void)
{
	return TPM_SUCCESS;
}

static TPM_RESULT nv_load(unsigned char **data, uint32_t *length,
			  uint32_t tpm_number, const char *name)
{
	TEE_ObjectHandle h = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	char id[FTPM_NV_ID_MAX];
	size_t idlen = nv_id(name, id);
	unsigned char *buf;
	size_t got = 0;
	TEE_Result res;

	(void)tpm_number;
	*data = NULL;
	*length = 0;
	if (!idlen)
		return TPM_FAIL;
	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, idlen,
				       TEE_DATA_FLAG_ACCESS_READ, &h);
	if (res == TEE_ERROR_ITEM_NOT_FOUND)
		return TPM_RETRY;	/* libtpms: no such state yet */
	if (res != TEE_SUCCESS) {
		EMSG("cannot open the TPM state '%s' in trusted storage: 0x%08x (is tee-supplicant running? a corrupt store says TEE_ERROR_CORRUPT_OBJECT)",
		     name, res);
		return TPM_FAIL;
	}
	res = TEE_GetObjectInfo1(h, &info);
	if (res != TEE_SUCCESS || !info.dataSize) {
		TEE_CloseObject(h);
		return res == TEE_SUCCESS ? TPM_RETRY : TPM_FAIL;
	}
	buf = malloc(info.dataSize);
	if (!buf) {
		TEE_CloseObject(h);
		EMSG("no memory for the TPM state '%s' (%zu bytes)", name,
		     info.dataSize);
		return TPM_FAIL;
	}
	res = TEE_ReadObjectData(h, buf, info.dataSize, &got);
	TEE_CloseObject(h);
	if (res != TEE_SUCCESS || got != info.dataSize) {
		EMSG("cannot read the TPM state '%s': 0x%08x (%zu of %zu bytes)",
		     name, res, got, info.dataSize);
		free(buf);
		return TPM_FAIL;
	}
	*data = buf;
	*length = got;
	ftpm_stats.nv_loads++;
	return TPM_SUCCESS;
}

static TPM_RESULT nv_store(const unsigned char *data, uint32_t length,
			   uint32_t tpm_number, const char *name)
{
	TEE_ObjectHandle h = TEE_HANDLE_NULL;
	char id[FTPM_NV_ID_MAX];
	size_t idlen = nv_id(name, id);
	TEE_Result res;

	(void)tpm_number;
	if (!idlen)
		return TPM_FAIL;
	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, idlen,
					 TEE_DATA_FLAG_ACCESS_WRITE |
					 TEE_DATA_FLAG_OVERWRITE,
					 TEE_HANDLE_NULL, data, length, &h);
	if (res != TEE_SUCCESS) {
		EMSG("cannot write the TPM state '%s' (%u bytes) to trusted storage: 0x%08x (tee-supplicant gone, or storage.conf limits: see teectl storage limits)",
		     name, length, res);
		return TPM_FAIL;
	}
	TEE_CloseObject(h);
	ftpm_stats.nv_stores++;
	return TPM_SUCCESS;
}

static TPM_RESULT nv_delete(uint32_t tpm_number, const char *name,
			    TPM_BOOL must_exist)
{
	TEE_ObjectHandle h = TEE_HANDLE_NULL;
	char id[FTPM_NV_ID_MAX];
	size_t idlen = nv_id(name, id);
	TEE_Result res;

	(void)tpm_number;
	if (!idlen)
		return TPM_FAIL;
	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, idlen,
				       TEE_DATA_FLAG_ACCESS_WRITE_META, &h);
	if (res == TEE_ERROR_ITEM_NOT_FOUND)
		return must_exist ? TPM_FAIL : TPM_SUCCESS;
	if (res != TEE_SUCCESS)
		return TPM_FAIL;
	res = TEE_CloseAndDeletePersistentObject1(h);
	return res == TEE_SUCCESS ? TPM_SUCCESS : TPM_FAIL;
}

static TPM_RESULT io_init(void)
{
	return TPM_SUCCESS;
}

/* every command comes from the normal world's locality 0 */
static TPM_RESULT io_locality(TPM_MODIFIER_INDICATOR *locality,
			      uint32_t tpm_number)
{
	(void)tpm_number;
	*locality = 0;
	return TPM_SUCCESS;
}

/* nobody is physically present at a secure world */
static TPM_RESULT io_presence(TPM_BOOL *present, uint32_t tpm_number)
{
	(void)tpm_number;
	*present = 0;
	return TPM_SUCCESS;
}

static struct libtpms_callbacks ftpm_callbacks = {
	.sizeOfStruct = sizeof(struct libtpms_callbacks),
	.tpm_nvram_init = nv_init,
	.tpm_nvram_loaddata = nv_load,
	.tpm_nvram_storedata = nv_store,
	.tpm_nvram_deletename = nv_delete,
	.tpm_io_init = io_init,
	.tpm_io_getlocality = io_locality,
	.tpm_io_getphysicalpresence = io_presence,
};

TPM_RESULT ftpm_nv_register(void)
{
	return TPMLIB_RegisterCallbacks(&ftpm_callbacks);
}
