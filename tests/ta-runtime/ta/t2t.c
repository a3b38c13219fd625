// SPDX-License-Identifier: GPL-2.0-only
/*
 * t2t.c - TA-to-TA sessions in the ta-runtime test TA: the caller side
 * (RT_CMD_T2T*) opens the build with N = RT_T2T_CALLEE, whose callee side
 * (RT_CMD_COUNT, IDENT, ECHO, PANIC) reports what it sees.
 */
#include <string.h>
#include <tee_internal_api.h>

#include "rt_ta.h"


#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)

static TEE_TASessionHandle held;

static void uuid_n(TEE_UUID *u, uint8_t n)
{
	static const TEE_UUID base = { 0x7a000000, 0x0000, 0x4000,
		{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } };

	*u = base;
	u->clockSeqAndNode[7] = n;
}

static void check(TEE_Param *p, bool ok, int line)
{
	if (!ok && !p[0].value.a)
		p[0].value.a = line;
}

#define CHECK(c) check(p, (c), __LINE__)

static TEE_Result callee_echo(uint32_t pt, TEE_Param q[4])
{
	size_t i, n;
	uint8_t *in, *out;

	if (pt != PT(VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_INOUT))
		return TEE_ERROR_BAD_PARAMETERS;
	q[0].value.a += 1;
	q[0].value.b += 2;
	in = q[3].memref.buffer;
	for (i = 0; i < q[3].memref.size; i++)
		in[i]++;
	if (q[3].memref.size)
		rt_set_size(&q[3], q[3].memref.size - 1);
	n = q[1].memref.size;
	if (q[2].memref.size < n) {
		rt_set_size(&q[2], n);
		return TEE_ERROR_SHORT_BUFFER;
	}
	in = q[1].memref.buffer;
	out = q[2].memref.buffer;
	for (i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
	rt_set_size(&q[2], n);
	return TEE_SUCCESS;
}

/*
 * The whole happy path, checked inside the caller. Params start as junk
 * (0xa5): a GP 1.1 caller's padding after each 32-bit size is undefined.
 */
static TEE_Result t2t(TEE_Param p[4])
{
	TEE_TASessionHandle s;
	TEE_UUID callee, me, seen;
	uint8_t in[5] = "abcd", out[8], io[4] = { 1, 2, 3, 4 };
	TEE_Param q[4];
	uint32_t o = 0;
	TEE_Result r;

	uuid_n(&callee, p[0].value.b ? p[0].value.b : RT_T2T_CALLEE);
	p[0].value.a = 0;
	r = TEE_OpenTASession(&callee, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &o);
	CHECK(r == TEE_SUCCESS);
	if (r)
		return TEE_SUCCESS;
	/* identity: login TRUSTED_APP, our UUID */
	memset(q, 0xa5, sizeof(q));
	memset(&seen, 0, sizeof(seen));
	q[1].memref.buffer = &seen;
	q[1].memref.size = sizeof(seen);
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, RT_CMD_IDENT,
				PT(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE), q,
				&o);
	CHECK(r == TEE_SUCCESS);
	CHECK(q[0].value.a == TEE_LOGIN_TRUSTED_APP);
	CHECK(q[1].memref.size == sizeof(seen));
	CHECK(TEE_GetPropertyAsUUID(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID",
				    &me) == TEE_SUCCESS);
	CHECK(!memcmp(&me, &seen, sizeof(me)));
	/* values and memrefs in/out with size updates */
	memset(q, 0xa5, sizeof(q));
	memset(out, 0, sizeof(out));
	q[0].value.a = 10;
	q[0].value.b = 20;
	q[1].memref.buffer = in;
	q[1].memref.size = 4;
	q[2].memref.buffer = out;
	q[2].memref.size = sizeof(out);
	q[3].memref.buffer = io;
	q[3].memref.size = sizeof(io);
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, RT_CMD_ECHO,
				PT(VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT,
				   MEMREF_INOUT), q, &o);
	CHECK(r == TEE_SUCCESS);
	CHECK(q[0].value.a == 11 && q[0].value.b == 22);
	CHECK(q[2].memref.size == 4 && !memcmp(out, "dcba", 4));
	CHECK(q[3].memref.size == 3);
	/* only the reported size is copied back */
	CHECK(io[0] == 2 && io[1] == 3 && io[2] == 4 && io[3] == 4);
	CHECK(!memcmp(in, "abcd", 4));
	/* short buffer: size needed, nothing copied */
	memset(out, 0, sizeof(out));
	q[2].memref.size = 2;
	q[3].memref.size = sizeof(io);
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, RT_CMD_ECHO,
				PT(VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT,
				   MEMREF_INOUT), q, &o);
	CHECK(r == TEE_ERROR_SHORT_BUFFER && o == TEE_ORIGIN_TRUSTED_APP);
	CHECK(q[2].memref.size == 4 && out[0] == 0);
	/* a size query without buffer */
	q[2].memref.buffer = NULL;
	q[2].memref.size = 0;
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, RT_CMD_ECHO,
				PT(VALUE_INOUT, MEMREF_INPUT, MEMREF_OUTPUT,
				   MEMREF_INOUT), q, &o);
	CHECK(r == TEE_ERROR_SHORT_BUFFER && q[2].memref.size == 4);
	/* the callee's own error and origin */
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, 0x777, 0, NULL, &o);
	CHECK(r == TEE_ERROR_NOT_SUPPORTED && o == TEE_ORIGIN_TRUSTED_APP);
	/* the callee counts this session */
	memset(q, 0xa5, sizeof(q));
	r = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, RT_CMD_COUNT,
				PT(VALUE_OUTPUT, NONE, NONE, NONE), q, &o);
	CHECK(r == TEE_SUCCESS && q[0].value.a >= 1);
	TEE_CloseTASession(s);
	TEE_CloseTASession(TEE_HANDLE_NULL);
	return TEE_SUCCESS;
}

/* a nested invoke that waits, cut short by a timeout or a cancel */
static TEE_Result t2t_wait(TEE_Param p[4])
{
	TEE_TASessionHandle s;
	TEE_Time t0, t1;
	TEE_Param q[4];
	TEE_UUID u;
	uint32_t o = 0;
	TEE_Result r;

	uuid_n(&u, RT_T2T_CALLEE);
	r = TEE_OpenTASession(&u, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &o);
	if (r)
		return r;
	if (p[1].value.a)
		TEE_UnmaskCancellation();
	memset(q, 0, sizeof(q));
	q[0].value.a = p[0].value.b;
	TEE_GetSystemTime(&t0);
	r = TEE_InvokeTACommand(s, p[0].value.a, RT_CMD_WAIT,
				PT(VALUE_INPUT, NONE, NONE, NONE), q, &o);
	TEE_GetSystemTime(&t1);
	p[0].value.a = r;
	p[0].value.b = o;
	TEE_UnmaskCancellation();
	p[1].value.a = TEE_GetCancellationFlag();
	p[1].value.b = (t1.seconds - t0.seconds) * 1000 + t1.millis -
		       t0.millis;
	TEE_CloseTASession(s);
	return TEE_SUCCESS;
}

TEE_Result rt_t2t(uint32_t cmd, uint32_t pt, TEE_Param p[4])
{
	TEE_TASessionHandle s;
	TEE_Identity id;
	TEE_UUID u;
	TEE_Param q[4];
	uint32_t o = 0;
	TEE_Result r;

	switch (cmd) {
	case RT_CMD_T2T:
		return t2t(p);
	case RT_CMD_T2T_WAIT:
		return t2t_wait(p);
	case RT_CMD_T2T_OPEN:
		uuid_n(&u, p[0].value.a);
		r = TEE_OpenTASession(&u, TEE_TIMEOUT_INFINITE, 0, NULL, &s,
				      &o);
		p[0].value.a = r;
		p[0].value.b = o;
		if (r == TEE_SUCCESS)
			TEE_CloseTASession(s);
		return TEE_SUCCESS;
	case RT_CMD_T2T_PANIC:
		uuid_n(&u, RT_T2T_CALLEE);
		r = TEE_OpenTASession(&u, TEE_TIMEOUT_INFINITE, 0, NULL, &s,
				      &o);
		if (r)
			return r;
		r = TEE_InvokeTACommand(s, 0, RT_CMD_PANIC, 0, NULL, &o);
		p[0].value.a = r;
		p[0].value.b = o;
		r = TEE_InvokeTACommand(s, 0, RT_CMD_COUNT,
					PT(VALUE_OUTPUT, NONE, NONE, NONE), q,
					&o);
		p[1].value.a = r;
		p[1].value.b = o;
		TEE_CloseTASession(s);
		return TEE_SUCCESS;
	case RT_CMD_T2T_HOLD:
		uuid_n(&u, RT_T2T_CALLEE);
		r = TEE_OpenTASession(&u, TEE_TIMEOUT_INFINITE, 0, NULL, &held,
				      &o);
		if (r)
			return r;
		memset(q, 0, sizeof(q));
		r = TEE_InvokeTACommand(held, 0, RT_CMD_COUNT,
					PT(VALUE_OUTPUT, NONE, NONE, NONE), q,
					&o);
		p[0].value.a = q[0].value.a;
		return r;
	case RT_CMD_T2T_BAD_HANDLE:
		s = (TEE_TASessionHandle)(uintptr_t)0x1000;
		return TEE_InvokeTACommand(s, 0, RT_CMD_COUNT, 0, NULL, &o);
	case RT_CMD_COUNT:
		p[0].value.a = rt_sessions;
		return TEE_SUCCESS;
	case RT_CMD_IDENT:
		r = TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT,
					      "gpd.client.identity", &id);
		if (r)
			return r;
		p[0].value.a = id.login;
		if (p[1].memref.size < sizeof(id.uuid)) {
			p[1].memref.size = sizeof(id.uuid);
			return TEE_ERROR_SHORT_BUFFER;
		}
		memcpy(p[1].memref.buffer, &id.uuid, sizeof(id.uuid));
		p[1].memref.size = sizeof(id.uuid);
		return TEE_SUCCESS;
	case RT_CMD_ECHO:
		return callee_echo(pt, p);
	case RT_CMD_PANIC:
		TEE_Panic(0x7a2);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
