// SPDX-License-Identifier: GPL-2.0-only
/*
 * tasession.c - TA-to-TA sessions: TEE_OpenTASession, TEE_InvokeTACommand,
 * TEE_CloseTASession (docs/decisions/0805-ta-to-ta.md).
 *
 * Each call is one TA_* RPC to the sim driver, which runs it as a client
 * call with login TEE_LOGIN_TRUSTED_APP and this TA's UUID as identity.
 * Memrefs are copied: the buffers of all memrefs of a call go into one
 * block of supplicant shared memory (SHM_ALLOC, mapped here), which the
 * driver maps into the callee; outputs are copied back when the callee
 * succeeded and the size it reports fits, and every output size is
 * updated (TEE_ERROR_SHORT_BUFFER: the size needed).
 *
 * Cancellation: the driver cancels the nested call when the caller's
 * cancellationRequestTimeout elapses, or when the caller's own call is
 * cancelled while its cancellation is unmasked (TKSIM_RPC_F_*).
 */
#include <string.h>
#include <linux/teekit_sim.h>

#include <tee_internal_api.h>

#include "teeta.h"

#define TASESS_MAX	64
#define TASESS_MAGIC	0x74613274	/* "ta2t" */

struct tasess {
	uint32_t magic;
	uint32_t id;	/* the driver's session id */
};

/* handles point into this table, so a bad one is recognised safely */
static struct tasess tasess[TASESS_MAX];

static struct tasess *tasess_check(TEE_TASessionHandle h)
{
	uintptr_t p = (uintptr_t)h, base = (uintptr_t)tasess;
	struct tasess *s;

	if (p < base || p >= base + sizeof(tasess) ||
	    (p - base) % sizeof(tasess[0]))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	s = (struct tasess *)h;
	if (s->magic != TASESS_MAGIC)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return s;
}

/* @u in RFC 4122 byte order, as the conduit and the supplicant carry it */
void teeta_uuid_octets(const TEE_UUID *u, uint8_t o[16])
{
	o[0] = u->timeLow >> 24;
	o[1] = u->timeLow >> 16;
	o[2] = u->timeLow >> 8;
	o[3] = u->timeLow;
	o[4] = u->timeMid >> 8;
	o[5] = u->timeMid;
	o[6] = u->timeHiAndVersion >> 8;
	o[7] = u->timeHiAndVersion;
	memcpy(o + 8, u->clockSeqAndNode, 8);
}

static bool is_memref(uint32_t t)
{
	return t == TEE_PARAM_TYPE_MEMREF_INPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

/*
 * Cancellation of the nested call (GP): the caller's timeout, and whether
 * a cancel of the caller's own call may reach it (its mask, which cannot
 * change while the call runs: the host is single-threaded).
 */
static void cancel_opts(struct tksim_msg *m, uint32_t timeout)
{
	if (timeout != TEE_TIMEOUT_INFINITE) {
		m->flags |= TKSIM_RPC_F_TIMEOUT;
		m->cancel_id = timeout;
	}
	if (!teeta_cancel_masked())
		m->flags |= TKSIM_RPC_F_CANCEL_UNMASKED;
}

/* One TA_* RPC with the GP parameters; returns the result, sets *origin */
static TEE_Result ta_call(struct tksim_msg *m, uint32_t pt, TEE_Param *params,
			  uint32_t *origin)
{
	size_t off[TEE_NUM_PARAMS] = { 0 }, total = 0, maplen = 0, sz;
	uint64_t cookie = TKSIM_COOKIE_NULL;
	uint8_t *shm = NULL;
	TEE_Result res;
	uint32_t i, t;

	if (pt && !params)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (pt >> (4 * TEE_NUM_PARAMS))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(pt, i);
		if (t == 4 || t > TEE_PARAM_TYPE_MEMREF_INOUT)
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
		if (!is_memref(t) || !params[i].memref.buffer)
			continue;
		sz = params[i].memref.size;
		if (sz > ((size_t)1 << 30) || total > ((size_t)1 << 30)) {
			*origin = TEE_ORIGIN_API;
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		off[i] = total;
		total += (sz + 7) & ~(size_t)7;
	}
	if (total) {
		shm = teeta_rpc_shm_alloc(total, &cookie, &maplen);
		if (!shm) {
			*origin = TEE_ORIGIN_TEE;
			return TEE_ERROR_OUT_OF_MEMORY;
		}
	}
	m->num_params = TEE_NUM_PARAMS;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		struct tksim_param *p = &m->params[i];

		t = TEE_PARAM_TYPE_GET(pt, i);
		p->attr = t;
		if (t == TEE_PARAM_TYPE_NONE)
			continue;
		if (!is_memref(t)) {
			p->a = params[i].value.a;
			p->b = params[i].value.b;
			continue;
		}
		p->b = params[i].memref.size;
		if (!params[i].memref.buffer)
			continue;	/* a size query: no buffer */
		p->a = off[i];
		p->c = cookie;
		if (t != TEE_PARAM_TYPE_MEMREF_OUTPUT)
			memcpy(shm + off[i], params[i].memref.buffer,
			       params[i].memref.size);
	}
	m->ret_origin = 0;
	res = teeta_rpc(m);
	/* no origin: the RPC itself failed */
	*origin = m->ret_origin ? m->ret_origin : TEE_ORIGIN_COMMS;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(pt, i);
		if (t == TEE_PARAM_TYPE_VALUE_OUTPUT ||
		    t == TEE_PARAM_TYPE_VALUE_INOUT) {
			params[i].value.a = m->params[i].a;
			params[i].value.b = m->params[i].b;
		} else if (t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
			   t == TEE_PARAM_TYPE_MEMREF_INOUT) {
			sz = m->params[i].b;
			if (res == TEE_SUCCESS && params[i].memref.buffer &&
			    sz <= params[i].memref.size)
				memcpy(params[i].memref.buffer, shm + off[i],
				       sz);
			params[i].memref.size = sz;
		}
	}
	if (shm)
		teeta_rpc_shm_free(shm, maplen, cookie);
	return res;
}

TEE_Result TEE_OpenTASession(const TEE_UUID *destination,
			     uint32_t cancellationRequestTimeout,
			     uint32_t paramTypes, TEE_Param params[4],
			     TEE_TASessionHandle *session,
			     uint32_t *returnOrigin)
{
	struct tasess *s = NULL;
	struct tksim_msg m;
	uint32_t origin, i;
	TEE_Result res;

	if (!destination || !session)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*session = TEE_HANDLE_NULL;
	for (i = 0; i < TASESS_MAX && !s; i++)
		if (tasess[i].magic != TASESS_MAGIC)
			s = &tasess[i];
	if (!s) {
		if (returnOrigin)
			*returnOrigin = TEE_ORIGIN_TEE;
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_TA_OPEN;
	cancel_opts(&m, cancellationRequestTimeout);
	teeta_uuid_octets(destination, m.uuid);
	res = ta_call(&m, paramTypes, params, &origin);
	if (res == TEE_SUCCESS) {
		s->magic = TASESS_MAGIC;
		s->id = m.session;
		*session = (TEE_TASessionHandle)s;
	}
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session,
			       uint32_t cancellationRequestTimeout,
			       uint32_t commandID, uint32_t paramTypes,
			       TEE_Param params[4], uint32_t *returnOrigin)
{
	struct tasess *s = tasess_check(session);
	struct tksim_msg m;
	uint32_t origin;
	TEE_Result res;

	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_TA_INVOKE;
	cancel_opts(&m, cancellationRequestTimeout);
	m.session = s->id;
	m.func = commandID;
	res = ta_call(&m, paramTypes, params, &origin);
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

void TEE_CloseTASession(TEE_TASessionHandle session)
{
	struct tasess *s;
	struct tksim_msg m;

	if (session == TEE_HANDLE_NULL)
		return;
	s = tasess_check(session);
	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_TA_CLOSE;
	m.session = s->id;
	teeta_rpc(&m);
	s->magic = 0;
	s->id = 0;
}
