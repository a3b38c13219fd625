/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tatest_priv.h - inside libteekit-tatest: the parts of the harness that
 * tatest.c (instance and calls), params.c (parameter copies) and nw.c
 * (normal-world stand-ins) share.
 */
#ifndef TEEKIT_TATEST_PRIV_H
#define TEEKIT_TATEST_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <tee_api_types.h>

struct tatest;

enum tatest_call {
	TATEST_CALL_ENTRY,	/* open, invoke, close: RPCs are served */
	TATEST_CALL_LIFECYCLE,	/* create, destroy: outside a call, as in the TEE */
};

/* params.c: the TA gets private, exactly sized copies of the memrefs */
struct tatest_params {
	uint32_t ptypes;
	void *copy[TEE_NUM_PARAMS];
	size_t len[TEE_NUM_PARAMS];
};

TEE_Result tatest_params_in(struct tatest_params *tp, uint32_t ptypes,
			    const TEE_Param *user, TEE_Param *ta);
/* copies back, frees; false when the TA wrote to an input memref */
bool tatest_params_out(struct tatest_params *tp, TEE_Param *user,
		       const TEE_Param *ta, bool write_back);

/* tatest.c: the instance dies as if the write had faulted */
TEE_Result tatest_input_written(struct tatest *t);

/* nw.c */
void tatest_nw_begin_call(bool serve_rpcs);
void tatest_nw_end_call(void);

/*
 * A program that links the harness's objects (teectl storage list|dump)
 * serves the REE FS and RPMB requests itself: @fn answers TKSIM_RPC_FS and
 * TKSIM_RPC_RPMB (NULL: the in-memory FS, no RPMB); tatest_nw_buf()
 * gives the bytes a memref parameter names, NULL if none.
 */
struct tksim_msg;
struct tksim_param;
void tatest_nw_set_store(uint32_t (*fn)(struct tksim_msg *m));
uint8_t *tatest_nw_buf(const struct tksim_param *p);

#endif /* TEEKIT_TATEST_PRIV_H */
