// SPDX-License-Identifier: BSD-2-Clause
/*
 * rng_ta.c - the RNG TA behind /dev/hwrng (docs/tee-bus.md). Bytes come
 * from TEE_GenerateRandom (OpenSSL's DRBG in the TA host); a kernel
 * client may switch its own session to a known sequence for tests.
 */
#include <tee_api_defines_extensions.h>
#include <tee_internal_api.h>

#include <teekit_rng_ta.h>

struct rng_sess {
	bool test;		/* the known sequence instead of random bytes */
	uint8_t next;		/* its next byte */
};

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
	struct rng_sess *s;

	(void)params;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	*sess_ctx = s;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	TEE_Free(sess_ctx);
}

static bool client_is_kernel(void)
{
	TEE_Identity id;

	if (TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT,
				      "gpd.client.identity", &id))
		return false;
	return id.login == TEE_LOGIN_REE_KERNEL;
}

static TEE_Result get_entropy(struct rng_sess *s, TEE_Param *p)
{
	uint8_t *buf = p->memref.buffer;
	size_t i, n = p->memref.size;

	if (n > TA_RNG_MAX_BYTES)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!s->test) {
		TEE_GenerateRandom(buf, n);
		return TEE_SUCCESS;
	}
	for (i = 0; i < n; i++)
		buf[i] = s->next++;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	struct rng_sess *s = sess_ctx;

	switch (cmd) {
	case TA_RNG_CMD_GET_ENTROPY:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return get_entropy(s, &params[0]);
	case TA_RNG_CMD_GET_RNG_INFO:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		params[0].value.a = 1024 * 1024;	/* a DRBG: no real limit */
		params[0].value.b = s->test ? 0 : 1024;
		return TEE_SUCCESS;
	case TA_RNG_CMD_TEST_SEQUENCE:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		if (!client_is_kernel()) {
			EMSG("test sequence refused: only a kernel client may ask");
			return TEE_ERROR_ACCESS_DENIED;
		}
		IMSG("session switched to the test sequence from %u",
		     params[0].value.a & 0xff);
		s->test = true;
		s->next = params[0].value.a;
		return TEE_SUCCESS;
	default:
		EMSG("unknown command %u", cmd);
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
