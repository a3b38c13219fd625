// SPDX-License-Identifier: GPL-2.0-only
/*
 * gp11.c - the GP 1.1 TEE_Param layout in the ta-runtime test TA. Built
 * into every build; in the one with __OPTEE_CORE_API_COMPAT_1_1 (N = 02)
 * TEE_Param has a 32-bit memref size and the 4 bytes after it are padding
 * the TA owns: rt_set_size() stores whole params with junk there, as TA
 * code copying params around does, so only a host that reads the 1.1
 * layout gets the sizes right.
 */
#include <string.h>
#include <tee_internal_api.h>

#include "rt_ta.h"

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)
#define BIG_SIZE	(5ull << 30)

/* a memref's size, stored the way a 1.1 TA may: the whole param at once */
void rt_set_size(TEE_Param *p, size_t n)
{
	TEE_Param t;

	memset(&t, 0xa5, sizeof(t));
	t.memref.buffer = p->memref.buffer;
	t.memref.size = n;
	*p = t;
}

static TEE_Result params(uint32_t pt, TEE_Param p[4])
{
	uint8_t *in, *out, *io;
	size_t i, n;

	if (pt != PT(VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_INOUT))
		return TEE_ERROR_BAD_PARAMETERS;
	p[0].value.a = sizeof(p[0].memref.size);
	p[0].value.b = p[1].memref.size;
	io = p[3].memref.buffer;
	for (i = 0; i < p[3].memref.size; i++)
		io[i]++;
	if (p[3].memref.size)
		rt_set_size(&p[3], p[3].memref.size - 1);
	n = p[1].memref.size;
	if (p[2].memref.size < n) {
		rt_set_size(&p[2], n);
		return TEE_ERROR_SHORT_BUFFER;
	}
	in = p[1].memref.buffer;
	out = p[2].memref.buffer;
	for (i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
	rt_set_size(&p[2], n);
	return TEE_SUCCESS;
}

static void check(TEE_Param *p, bool ok, int line)
{
	if (!ok && !p[0].value.a)
		p[0].value.a = line;
}

#define CHECK(c) check(p, (c), __LINE__)

static TEE_Result t2t_big(TEE_Param p[4])
{
	TEE_TASessionHandle s;
	TEE_UUID u = { 0x7a000000, 0x0000, 0x4000,
		{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, RT_T2T_CALLEE } };
	uint8_t buf[8];
	TEE_Param q[4];
	uint64_t big = BIG_SIZE;
	uint32_t o = 0;
	TEE_Result r;
	bool gp11 = sizeof(q[0].memref.size) == 4;

	p[0].value.a = 0;
	if (!gp11)
		u.clockSeqAndNode[7] = 0x02;	/* the 1.1 build as callee */
	r = TEE_OpenTASession(&u, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &o);
	CHECK(r == TEE_SUCCESS);
	if (r)
		return TEE_SUCCESS;
	memset(q, 0xa5, sizeof(q));
	if (gp11) {
		/* a GP 1.3 callee needs 5 GiB: the most 32 bits say */
		q[0].memref.buffer = buf;
		q[0].memref.size = sizeof(buf);
		r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE,
					RT_CMD_BIG_SIZE,
					PT(MEMREF_OUTPUT, NONE, NONE, NONE), q,
					&o);
		CHECK(r == TEE_ERROR_SHORT_BUFFER);
		CHECK(q[0].memref.size == 0xffffffffu);
	} else {
		/* a 5 GiB size query cannot reach a GP 1.1 callee */
		q[0].memref.buffer = NULL;
		q[0].memref.size = big;
		r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE,
					RT_CMD_GP11_SIZE,
					PT(MEMREF_OUTPUT, VALUE_OUTPUT, NONE,
					   NONE), q, &o);
		CHECK(r == TEE_ERROR_BAD_PARAMETERS && o == TEE_ORIGIN_TEE);
		/* and 4 GiB - 1 does */
		q[0].memref.size = 0xffffffffu;
		r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE,
					RT_CMD_GP11_SIZE,
					PT(MEMREF_OUTPUT, VALUE_OUTPUT, NONE,
					   NONE), q, &o);
		CHECK(r == TEE_SUCCESS && q[1].value.a == 0xffffffffu &&
		      q[1].value.b == 0);
	}
	TEE_CloseTASession(s);
	return TEE_SUCCESS;
}

TEE_Result rt_gp11(uint32_t cmd, uint32_t pt, TEE_Param p[4])
{
	uint64_t size;

	switch (cmd) {
	case RT_CMD_GP11_PARAMS:
		return params(pt, p);
	case RT_CMD_GP11_SIZE:
		if (pt != PT(MEMREF_OUTPUT, VALUE_OUTPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		size = p[0].memref.size;
		p[1].value.a = (uint32_t)size;
		p[1].value.b = size >> 32;
		return TEE_SUCCESS;
	case RT_CMD_BIG_SIZE:
		if (pt != PT(MEMREF_OUTPUT, NONE, NONE, NONE) ||
		    sizeof(p[0].memref.size) == 4)
			return TEE_ERROR_BAD_PARAMETERS;
		size = BIG_SIZE;
		p[0].memref.size = size;
		return TEE_ERROR_SHORT_BUFFER;
	case RT_CMD_T2T_BIG:
		return t2t_big(p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
