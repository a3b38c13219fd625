// SPDX-License-Identifier: GPL-2.0-only
/*
 * mem.c - TEE_CheckMemoryAccessRights in the ta-runtime test TA: the TA's
 * own memory (stack, heap, data, .rodata, .text, ranges across them), any
 * address the client names (PROT_NONE and unmapped pages it found in the
 * TA host's /proc/PID/maps), and client memrefs.
 */
#include <string.h>
#include <tee_internal_api.h>

#include "rt_ta.h"

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)
#define R	TEE_MEMORY_ACCESS_READ
#define W	TEE_MEMORY_ACCESS_WRITE
#define ANY	TEE_MEMORY_ACCESS_ANY_OWNER
#define OK	TEE_SUCCESS
#define DENIED	TEE_ERROR_ACCESS_DENIED

static const char rodata[256] = "read-only data of the test TA";
static char data[256] = "writable data of the test TA";
static uint32_t failed;

static void check(TEE_Result want, uint32_t flags, const void *p, size_t len,
		  int line)
{
	if (TEE_CheckMemoryAccessRights(flags, (void *)p, len) != want &&
	    !failed)
		failed = line;
}

#define CHECK(want, flags, p, len) check(want, flags, p, len, __LINE__)

static TEE_Result self(TEE_Param p[4])
{
	uint8_t stack[512];
	uint8_t *heap, *big;
	uintptr_t text = (uintptr_t)&self;
	uintptr_t lo, hi;

	failed = 0;
	memset(stack, 1, sizeof(stack));
	heap = TEE_Malloc(100, 0);
	big = TEE_Malloc(1 << 20, 0);	/* its own mapping */
	if (!heap || !big)
		return TEE_ERROR_OUT_OF_MEMORY;
	/* private and writable: every combination that asks no more */
	CHECK(OK, R | W, stack, sizeof(stack));
	CHECK(OK, R | W | ANY, stack, sizeof(stack));
	CHECK(OK, R | W, heap, 100);
	CHECK(OK, R | W, big, 1 << 20);
	CHECK(OK, R | W, data, sizeof(data));
	CHECK(OK, 0, data, sizeof(data));
	/* read-only and code: no WRITE */
	CHECK(OK, R, rodata, sizeof(rodata));
	CHECK(OK, R | ANY, rodata, sizeof(rodata));
	CHECK(DENIED, W, rodata, sizeof(rodata));
	CHECK(DENIED, R | W, rodata + 8, 1);
	CHECK(OK, R, (void *)text, 16);
	CHECK(DENIED, W, (void *)text, 16);
	/* nothing mapped at page 0; bad flags; wrapping; size 0 */
	CHECK(DENIED, R, (void *)16, 16);
	CHECK(DENIED, 0, (void *)16, 16);
	CHECK(DENIED, R | 0x8, stack, 16);
	CHECK(DENIED, R, (void *)(uintptr_t)-16, 32);
	CHECK(OK, R | W, (void *)16, 0);
	/*
	 * One range over the TA's segments, .text to .data: readable, not
	 * all writable. The build with 64 KiB segment alignment (04) has
	 * PROT_NONE pages between them.
	 */
	lo = text < (uintptr_t)data ? text : (uintptr_t)data;
	hi = text < (uintptr_t)data ? (uintptr_t)data : text;
#if RT_TA_N == 0x04
	CHECK(DENIED, R, (void *)lo, hi - lo);
	CHECK(OK, 0, (void *)lo, hi - lo);	/* all mapped, though */
#else
	CHECK(OK, R, (void *)lo, hi - lo);
#endif
	CHECK(DENIED, R | W, (void *)lo, hi - lo);
	TEE_Free(heap);
	TEE_Free(big);
	p[0].value.a = failed;
	return TEE_SUCCESS;
}

static TEE_Result params(uint32_t pt, TEE_Param p[4])
{
	void *in = p[0].memref.buffer, *out = p[1].memref.buffer;
	void *io = p[2].memref.buffer;
	size_t nin = p[0].memref.size, nout = p[1].memref.size;
	size_t nio = p[2].memref.size;

	if (pt != PT(MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_INOUT, VALUE_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	failed = 0;
	/* input: a read-only view of the client's memory */
	CHECK(OK, R | ANY, in, nin);
	CHECK(DENIED, R, in, nin);
	CHECK(DENIED, W | ANY, in, nin);
	CHECK(DENIED, R | W | ANY, in, nin);
	/* output and inout: writable, but never the TA's own */
	CHECK(OK, R | W | ANY, out, nout);
	CHECK(DENIED, W, out, nout);
	CHECK(DENIED, R, out, 1);
	CHECK(OK, W | ANY, io, nio);
	CHECK(DENIED, R | W, io, nio);
	p[3].value.a = failed;
	return TEE_SUCCESS;
}

TEE_Result rt_mem(uint32_t cmd, uint32_t pt, TEE_Param p[4])
{
	uintptr_t addr;

	switch (cmd) {
	case RT_CMD_MEM_SELF:
		return self(p);
	case RT_CMD_MEM_CHECK:
		if (pt != PT(VALUE_INPUT, VALUE_INPUT, VALUE_OUTPUT, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		addr = (uintptr_t)((uint64_t)p[0].value.b << 32 |
				   p[0].value.a);
		p[2].value.a = TEE_CheckMemoryAccessRights(p[1].value.b,
							   (void *)addr,
							   p[1].value.a);
		return TEE_SUCCESS;
	case RT_CMD_MEM_PARAMS:
		return params(pt, p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
