// SPDX-License-Identifier: GPL-2.0-only
/*
 * params.c - GP parameters between the test program and the TA. Each
 * memref with a buffer reaches the TA as a heap copy of exactly its size:
 * ASan and valgrind see a TA overrunning it, and the TA cannot scribble
 * on the test's own memory. Output and inout copies go back whole (the
 * client's memory is shared in the TEE), with the size the TA set; an
 * input memref the TA changed is reported (read-only in the TEE).
 */
#include <stdlib.h>
#include <string.h>

#include "teeta.h"
#include "tatest_priv.h"

/* the call being served, for TEE_CheckMemoryAccessRights() */
static const struct tatest_params *cur;

static bool is_memref(uint32_t t)
{
	return t == TEE_PARAM_TYPE_MEMREF_INPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

TEE_Result tatest_params_in(struct tatest_params *tp, uint32_t ptypes,
			    const TEE_Param *user, TEE_Param *ta)
{
	unsigned int i;
	uint32_t t;

	memset(tp, 0, sizeof(*tp));
	tp->ptypes = ptypes;
	if (ptypes >> (4 * TEE_NUM_PARAMS)) {
		teeta_log("parameter types 0x%x: only 4 parameters (TEE_PARAM_TYPES())",
			  ptypes);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (ptypes && !user) {
		teeta_log("parameter types 0x%x with a NULL params array",
			  ptypes);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(ptypes, i);
		if (t == 4 || t > TEE_PARAM_TYPE_MEMREF_INOUT) {
			teeta_log("parameter %u: type %u is not a GP type", i, t);
			goto fail;
		}
		if (t == TEE_PARAM_TYPE_NONE)
			continue;
		if (!is_memref(t)) {
			ta[i].value = user[i].value;
			continue;
		}
		ta[i].memref.size = user[i].memref.size;
		if (!user[i].memref.buffer)
			continue;	/* a size query */
		tp->len[i] = user[i].memref.size;
		tp->copy[i] = malloc(tp->len[i]);
		if (!tp->copy[i] && tp->len[i]) {
			teeta_log("parameter %u: no memory for a %zu-byte copy",
				  i, tp->len[i]);
			goto fail;
		}
		if (tp->len[i])
			memcpy(tp->copy[i], user[i].memref.buffer, tp->len[i]);
		ta[i].memref.buffer = tp->copy[i];
	}
	cur = tp;
	return TEE_SUCCESS;
fail:
	while (i--)
		free(tp->copy[i]);
	memset(tp->copy, 0, sizeof(tp->copy));
	return TEE_ERROR_BAD_PARAMETERS;
}

bool tatest_params_out(struct tatest_params *tp, TEE_Param *user,
		       const TEE_Param *ta, bool write_back)
{
	bool clean = true;
	unsigned int i;
	uint32_t t;

	cur = NULL;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(tp->ptypes, i);
		if (t == TEE_PARAM_TYPE_VALUE_OUTPUT ||
		    t == TEE_PARAM_TYPE_VALUE_INOUT) {
			if (write_back)
				user[i].value = ta[i].value;
			continue;
		}
		if (!is_memref(t))
			continue;
		if (tp->copy[i] && t == TEE_PARAM_TYPE_MEMREF_INPUT &&
		    memcmp(tp->copy[i], user[i].memref.buffer, tp->len[i])) {
			teeta_log("the TA wrote to input memref %u: it is read-only in the TEE, where the instance dies (TEE_ERROR_TARGET_DEAD); use an inout memref",
				  i);
			clean = false;
		}
		if (tp->copy[i] && t != TEE_PARAM_TYPE_MEMREF_INPUT &&
		    tp->len[i])
			memcpy(user[i].memref.buffer, tp->copy[i], tp->len[i]);
		if (write_back && t != TEE_PARAM_TYPE_MEMREF_INPUT)
			user[i].memref.size = ta[i].memref.size;
		free(tp->copy[i]);
		tp->copy[i] = NULL;
	}
	return clean;
}

/* The client's memrefs are the only shared memory a TA sees. */
bool teeta_range_is_shared(const void *p, size_t len, bool *writable)
{
	const uint8_t *b = p, *c;
	unsigned int i;

	for (i = 0; cur && i < TEE_NUM_PARAMS; i++) {
		c = cur->copy[i];
		if (!c || !cur->len[i])
			continue;
		if (b + len > c && b < c + cur->len[i]) {
			*writable = TEE_PARAM_TYPE_GET(cur->ptypes, i) !=
				    TEE_PARAM_TYPE_MEMREF_INPUT;
			return true;
		}
	}
	return false;
}
