// SPDX-License-Identifier: GPL-2.0-only
/*
 * st_ta.c - the TA of the trusted-storage tests (tests/storage): one
 * GP storage call per command, on handles kept in slots, so the tests
 * drive every function and its errors from the normal world. The same
 * source builds against GP 1.3 and, with __OPTEE_CORE_API_COMPAT_1_1,
 * against the GP 1.1 variants.
 */
#include <string.h>
#include <tee_internal_api.h>

#include "st_ta.h"

#ifdef __OPTEE_CORE_API_COMPAT_1_1
typedef uint32_t len_t;
#else
typedef size_t len_t;
#endif

#define SLOTS	64

static TEE_ObjectHandle slot[SLOTS];
static uint8_t chunk[1024 * 1024];

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

static int new_slot(void)
{
	int i;

	for (i = 0; i < SLOTS; i++)
		if (!slot[i])
			return i;
	return -1;
}

static TEE_ObjectHandle get(uint32_t i)
{
	return i < SLOTS ? slot[i] : TEE_HANDLE_NULL;
}

static uint32_t ptype(uint32_t pt, int i)
{
	return (pt >> (4 * i)) & 0xf;
}

static TEE_Result cmd_create(uint32_t pt, TEE_Param *p)
{
	TEE_ObjectHandle attrs = TEE_HANDLE_NULL, h = TEE_HANDLE_NULL;
	const void *data = NULL;
	len_t dlen = 0;
	TEE_Attribute a;
	TEE_Result r;
	int s = new_slot();

	if (s < 0)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (ptype(pt, 2) == TEE_PARAM_TYPE_MEMREF_INPUT) {
		data = p[2].memref.buffer;
		dlen = p[2].memref.size;
	}
	if (p[3].value.a == ST_ATTR_AES) {
		r = TEE_AllocateTransientObject(TEE_TYPE_AES, 256, &attrs);
		if (r)
			return r;
		TEE_InitRefAttribute(&a, TEE_ATTR_SECRET_VALUE, data, dlen);
		r = TEE_PopulateTransientObject(attrs, &a, 1);
		if (r)
			return r;
		data = NULL;
		dlen = 0;
	}
	r = TEE_CreatePersistentObject(p[0].value.a, p[1].memref.buffer,
				       p[1].memref.size, p[0].value.b, attrs,
				       data, dlen, p[3].value.b ? &h : NULL);
	if (attrs)
		TEE_FreeTransientObject(attrs);
	if (!r && h) {
		slot[s] = h;
		p[0].value.a = s;
	}
	return r;
}

static TEE_Result cmd_open(TEE_Param *p)
{
	TEE_ObjectHandle h;
	TEE_Result r;
	int s = new_slot();

	if (s < 0)
		return TEE_ERROR_OUT_OF_MEMORY;
	r = TEE_OpenPersistentObject(p[0].value.a, p[1].memref.buffer,
				     p[1].memref.size, p[0].value.b, &h);
	if (!r) {
		slot[s] = h;
		p[0].value.a = s;
	} else if (h != TEE_HANDLE_NULL) {
		return TEE_ERROR_GENERIC;	/* GP: NULL on failure */
	}
	return r;
}

static TEE_Result cmd_enum(TEE_Param *p)
{
	TEE_ObjectEnumHandle e;
	TEE_ObjectInfo info;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN], *out = p[1].memref.buffer;
	size_t off = 0;
	uint32_t n = 0;
	len_t len;
	TEE_Result r;

	r = TEE_AllocatePersistentObjectEnumerator(&e);
	if (r)
		return r;
	r = TEE_StartPersistentObjectEnumerator(e, p[0].value.a);
	while (!r) {
		len = sizeof(id);
		r = TEE_GetNextPersistentObject(e, &info, id, &len);
		if (r)
			break;
		if (info.handleFlags != (TEE_HANDLE_FLAG_PERSISTENT |
					 TEE_HANDLE_FLAG_INITIALIZED)) {
			r = TEE_ERROR_GENERIC;
			break;
		}
		if (off + 1 + len <= p[1].memref.size) {
			out[off] = len;
			memcpy(out + off + 1, id, len);
		}
		off += 1 + len;
		n++;
	}
	/* after a reset the enumeration must start again */
	TEE_ResetPersistentObjectEnumerator(e);
	len = sizeof(id);
	if (TEE_GetNextPersistentObject(e, &info, id, &len) !=
	    TEE_ERROR_ITEM_NOT_FOUND)
		r = TEE_ERROR_GENERIC;
	TEE_FreePersistentObjectEnumerator(e);
	p[0].value.a = n;
	p[1].memref.size = off;
	return r == TEE_ERROR_ITEM_NOT_FOUND ? TEE_SUCCESS : r;
}

static TEE_Result cmd_misuse(TEE_Param *p)
{
	static const uint8_t id[65] = "x";
	TEE_ObjectHandle h;
	len_t count;
	uint8_t b[4] = { 0 };

	switch (p[0].value.a) {
	case ST_MISUSE_BAD_HANDLE:
		return TEE_ReadObjectData((TEE_ObjectHandle)b, b, 1, &count);
	case ST_MISUSE_LONG_ID:
		return TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, 65,
						TEE_DATA_FLAG_ACCESS_READ, &h);
	}
	h = get(p[0].value.b);
	switch (p[0].value.a) {
	case ST_MISUSE_READ_WO:
		return TEE_ReadObjectData(h, b, 1, &count);
	case ST_MISUSE_WRITE_RO:
		return TEE_WriteObjectData(h, b, 1);
	case ST_MISUSE_TRUNC_RO:
		return TEE_TruncateObjectData(h, 0);
	case ST_MISUSE_RENAME_NO_META:
		return TEE_RenamePersistentObject(h, "new", 3);
	case ST_MISUSE_DELETE_NO_META:
		return TEE_CloseAndDeletePersistentObject1(h);
	}
	return TEE_ERROR_BAD_PARAMETERS;
}

static TEE_Result cmd_encrypt(TEE_Param *p)
{
	TEE_OperationHandle op;
	TEE_ObjectHandle h = get(p[0].value.a);
	TEE_Result r;
	len_t len = p[2].memref.size;

	r = TEE_AllocateOperation(&op, TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT,
				  256);
	if (r)
		return r;
	r = TEE_SetOperationKey(op, h);
	TEE_CloseObject(h);
	slot[p[0].value.a] = TEE_HANDLE_NULL;
	if (!r) {
		TEE_CipherInit(op, NULL, 0);
		r = TEE_CipherDoFinal(op, p[1].memref.buffer,
				      p[1].memref.size, p[2].memref.buffer,
				      &len);
		p[2].memref.size = len;
	}
	TEE_FreeOperation(op);
	return r;
}

static void pattern(uint8_t *b, size_t n, uint64_t off, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + (off + i) * 7 + ((off + i) >> 16));
}

static TEE_Result cmd_fill(TEE_Param *p)
{
	TEE_ObjectHandle h = get(p[0].value.a);
	uint32_t i;
	TEE_Result r;

	for (i = 0; i < p[0].value.b; i++) {
		pattern(chunk, sizeof(chunk), (uint64_t)i << 20, p[1].value.a);
		r = TEE_WriteObjectData(h, chunk, sizeof(chunk));
		if (r)
			return r;
	}
	return TEE_SUCCESS;
}

static TEE_Result cmd_sum(TEE_Param *p)
{
	TEE_ObjectHandle h = get(p[0].value.a);
	uint64_t sum = 1469598103934665603ull, total = 0;
	len_t n, i;
	TEE_Result r;

	do {
		r = TEE_ReadObjectData(h, chunk, sizeof(chunk), &n);
		if (r)
			return r;
		for (i = 0; i < n; i++)
			sum = (sum ^ chunk[i]) * 1099511628211ull;
		total += n;
	} while (n);
	p[1].value.a = sum;
	p[1].value.b = sum >> 32;
	p[2].value.a = total;
	p[2].value.b = total >> 32;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	TEE_ObjectInfo info;
	TEE_Result r;
	len_t n;
	int64_t off;
	uint32_t i;

	(void)sess;
	switch (cmd) {
	case ST_CMD_CREATE:
		return cmd_create(pt, p);
	case ST_CMD_OPEN:
		return cmd_open(p);
	case ST_CMD_CLOSE:
		TEE_CloseObject(get(p[0].value.a));
		if (p[0].value.a < SLOTS)
			slot[p[0].value.a] = TEE_HANDLE_NULL;
		return TEE_SUCCESS;
	case ST_CMD_READ:
		r = TEE_ReadObjectData(get(p[0].value.a), p[1].memref.buffer,
				       p[1].memref.size, &n);
		p[1].memref.size = n;
		return r;
	case ST_CMD_WRITE:
		return TEE_WriteObjectData(get(p[0].value.a),
					   p[1].memref.buffer,
					   p[1].memref.size);
	case ST_CMD_TRUNC:
		return TEE_TruncateObjectData(get(p[0].value.a), p[0].value.b);
	case ST_CMD_SEEK:
		off = (int64_t)((uint64_t)p[1].value.b << 32 | p[1].value.a);
		return TEE_SeekObjectData(get(p[0].value.a), off,
					  p[0].value.b);
	case ST_CMD_RENAME:
		return TEE_RenamePersistentObject(get(p[0].value.a),
						  p[1].memref.buffer,
						  p[1].memref.size);
	case ST_CMD_DELETE:
		r = TEE_CloseAndDeletePersistentObject1(get(p[0].value.a));
		slot[p[0].value.a] = TEE_HANDLE_NULL;
		return r;
	case ST_CMD_DELETE0:
		TEE_CloseAndDeletePersistentObject(get(p[0].value.a));
		slot[p[0].value.a] = TEE_HANDLE_NULL;
		return TEE_SUCCESS;
	case ST_CMD_INFO:
		r = TEE_GetObjectInfo1(get(p[0].value.a), &info);
		p[1].value.a = info.objectType;
#ifdef __OPTEE_CORE_API_COMPAT_1_1
		p[1].value.b = info.keySize;
#else
		p[1].value.b = info.objectSize;
#endif
		p[2].value.a = info.dataSize;
		p[2].value.b = info.dataPosition;
		p[3].value.a = info.handleFlags;
		p[3].value.b = info.objectUsage;
		return r;
	case ST_CMD_ENUM:
		return cmd_enum(p);
	case ST_CMD_RESTRICT:
		return TEE_RestrictObjectUsage1(get(p[0].value.a),
						p[0].value.b);
	case ST_CMD_GETATTR:
		{
			len_t l = p[1].memref.size;

			r = TEE_GetObjectBufferAttribute(get(p[0].value.a),
							 p[0].value.b,
							 p[1].memref.buffer,
							 &l);
			p[1].memref.size = l;
			return r;
		}
	case ST_CMD_MISUSE:
		return cmd_misuse(p);
	case ST_CMD_FAULT:
		tee_storage_test_fault_at(p[0].value.a);
		return TEE_SUCCESS;
	case ST_CMD_FILL:
		return cmd_fill(p);
	case ST_CMD_SUM:
		return cmd_sum(p);
	case ST_CMD_GET:
		{
			TEE_ObjectHandle h;

			r = TEE_OpenPersistentObject(p[0].value.a,
						     p[1].memref.buffer,
						     p[1].memref.size,
						     TEE_DATA_FLAG_ACCESS_READ,
						     &h);
			if (r)
				return r;
			r = TEE_ReadObjectData(h, p[2].memref.buffer,
					       p[2].memref.size, &n);
			p[2].memref.size = n;
			TEE_CloseObject(h);
			return r;
		}
	case ST_CMD_ENCRYPT:
		return cmd_encrypt(p);
	case ST_CMD_COUNT:
		p[0].value.a = 0;
		for (i = 0; i < SLOTS; i++)
			if (slot[i])
				p[0].value.a++;
		return TEE_SUCCESS;
	}
	return TEE_ERROR_NOT_SUPPORTED;
}
