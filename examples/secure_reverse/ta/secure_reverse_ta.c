// SPDX-License-Identifier: BSD-2-Clause
/*
 * secure_reverse_ta.c - a TA that works on the client's memory.
 *
 * Memory references are not copied on their way in: the TA sees the
 * client's shared memory mapped into its own address space, so
 * CMD_IN_PLACE changes the client's buffer directly. An INPUT memref is
 * mapped read-only; writing to it would kill the TA.
 */
#include <tee_internal_api.h>

#include <secure_reverse_ta.h>

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

static void reverse(char *dst, const char *src, size_t n)
{
	size_t i;
	char c;

	if (dst == src) {
		for (i = 0; i < n / 2; i++) {
			c = dst[i];
			dst[i] = dst[n - 1 - i];
			dst[n - 1 - i] = c;
		}
		return;
	}
	for (i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

static TEE_Result in_place(uint32_t pt, TEE_Param p[4])
{
	if (pt != PT(MEMREF_INOUT, VALUE_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	reverse(p[0].memref.buffer, p[0].memref.buffer, p[0].memref.size);
	p[1].value.a = p[0].memref.size;
	DMSG("reversed %zu bytes in place", (size_t)p[0].memref.size);
	return TEE_SUCCESS;
}

static TEE_Result copy(uint32_t pt, TEE_Param p[4])
{
	size_t n;

	if (pt != PT(MEMREF_INPUT, MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	n = p[0].memref.size;
	if (p[1].memref.size < n) {
		/* GP short-buffer protocol: say how much is needed */
		p[1].memref.size = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	reverse(p[1].memref.buffer, p[0].memref.buffer, n);
	p[1].memref.size = n;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_SECURE_REVERSE_CMD_IN_PLACE:
		return in_place(param_types, params);
	case TA_SECURE_REVERSE_CMD_COPY:
		return copy(param_types, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
