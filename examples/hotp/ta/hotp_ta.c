// SPDX-License-Identifier: BSD-2-Clause
/*
 * hotp_ta.c - HOTP one-time passwords (RFC 4226) with the shared secret
 * kept in the TA.
 *
 * SET_KEY stores the secret as an HMAC-SHA1 key object in the TA's private
 * storage, with the 8-byte counter as the object's data: one persistent
 * object holds both, and nothing gives the secret back. NEXT and VERIFY
 * compute HMAC-SHA1(secret, counter), truncate it to 6 digits (RFC 4226
 * section 5.3) and advance the counter.
 */
#include <tee_internal_api.h>

#include <hotp_ta.h>

#define OBJ_ID		"hotp"
#define DIGITS_MOD	1000000

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

static TEE_Result set_key(TEE_Param p[4])
{
	size_t bits = p[0].memref.size * 8;
	uint8_t counter[8] = { 0 };
	TEE_ObjectHandle key, obj;
	TEE_Attribute attr;
	TEE_Result res;

	if (bits < 80 || bits > 512)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, p[0].memref.buffer,
			     p[0].memref.size);
	res = TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA1, bits, &key);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_PopulateTransientObject(key, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_RestrictObjectUsage1(key, ~TEE_USAGE_EXTRACTABLE);
	if (res == TEE_SUCCESS)
		res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, OBJ_ID,
						 sizeof(OBJ_ID) - 1,
						 TEE_DATA_FLAG_ACCESS_WRITE |
						 TEE_DATA_FLAG_OVERWRITE, key,
						 counter, sizeof(counter), &obj);
	TEE_FreeTransientObject(key);
	if (res == TEE_SUCCESS) {
		TEE_CloseObject(obj);
		IMSG("new %zu-byte secret, counter 0", bits / 8);
	}
	return res;
}

/* RFC 4226 5.3: dynamic truncation of HMAC-SHA1(secret, counter) */
static TEE_Result hotp(TEE_ObjectHandle obj, const uint8_t counter[8],
		       uint32_t *code)
{
	TEE_OperationHandle op;
	TEE_ObjectInfo info;
	uint8_t h[20];
	size_t n = sizeof(h), off;
	TEE_Result res;

	res = TEE_GetObjectInfo1(obj, &info);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA1, TEE_MODE_MAC,
				    info.keySize);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_SetOperationKey(op, obj);
	if (res == TEE_SUCCESS) {
		TEE_MACInit(op, NULL, 0);
		res = TEE_MACComputeFinal(op, counter, 8, h, &n);
	}
	TEE_FreeOperation(op);
	if (res != TEE_SUCCESS)
		return res;
	off = h[19] & 0xf;
	*code = (((uint32_t)h[off] & 0x7f) << 24 | h[off + 1] << 16 |
		 h[off + 2] << 8 | h[off + 3]) % DIGITS_MOD;
	return TEE_SUCCESS;
}

static TEE_Result next(TEE_Param p[4], bool verify)
{
	uint8_t counter[8];
	TEE_ObjectHandle obj;
	uint32_t code;
	uint64_t c = 0;
	TEE_Result res;
	size_t n, i;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, OBJ_ID,
				       sizeof(OBJ_ID) - 1,
				       TEE_DATA_FLAG_ACCESS_READ |
				       TEE_DATA_FLAG_ACCESS_WRITE, &obj);
	if (res != TEE_SUCCESS) {
		EMSG("no secret yet (0x%08x): SET_KEY first", res);
		return res;
	}
	res = TEE_ReadObjectData(obj, counter, sizeof(counter), &n);
	if (res == TEE_SUCCESS && n != sizeof(counter))
		res = TEE_ERROR_CORRUPT_OBJECT;
	if (res == TEE_SUCCESS)
		res = hotp(obj, counter, &code);
	if (res != TEE_SUCCESS)
		goto out;
	for (i = 0; i < 8; i++)
		c = c << 8 | counter[i];
	if (verify && p[0].value.a != code) {
		IMSG("wrong code for counter %llu", (unsigned long long)c);
		res = TEE_ERROR_SECURITY;
		goto out;
	}
	p[0].value.a = code;
	p[0].value.b = c;
	/* the counter (big-endian, as it is MAC'd) moves on */
	c++;
	for (i = 0; i < 8; i++)
		counter[i] = c >> (56 - 8 * i);
	res = TEE_SeekObjectData(obj, 0, TEE_DATA_SEEK_SET);
	if (res == TEE_SUCCESS)
		res = TEE_WriteObjectData(obj, counter, sizeof(counter));
out:
	TEE_CloseObject(obj);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	uint32_t t0 = TEE_PARAM_TYPE_GET(param_types, 0);

	(void)sess_ctx;
	if (param_types != TEE_PARAM_TYPES(t0, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd) {
	case TA_HOTP_CMD_SET_KEY:
		if (t0 != TEE_PARAM_TYPE_MEMREF_INPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return set_key(params);
	case TA_HOTP_CMD_NEXT:
		if (t0 != TEE_PARAM_TYPE_VALUE_OUTPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return next(params, false);
	case TA_HOTP_CMD_VERIFY:
		if (t0 != TEE_PARAM_TYPE_VALUE_INPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		return next(params, true);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
