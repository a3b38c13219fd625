/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teekit_teec.h - teekit's own additions to libteec: results as words.
 */
#ifndef TEEKIT_TEEC_H
#define TEEKIT_TEEC_H

#include <stdint.h>
#include "tee_client_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Symbolic name of @res ("TEEC_ERROR_ITEM_NOT_FOUND"); for codes GP does not
 * name, "TEEC_RESULT_0x%08x" in a thread-local buffer. Never NULL.
 */
const char *teekit_teec_strerror(TEEC_Result res);

/* Name of a return origin ("TEEC_ORIGIN_TEE"); never NULL. */
const char *teekit_teec_origin_name(uint32_t origin);

/*
 * One sentence naming the likely cause of @res coming from @origin and what
 * to do about it, e.g. for TEEC_ERROR_ITEM_NOT_FOUND from the TEE: the TA is
 * not installed, with the directories searched. Never NULL; static storage.
 */
const char *teekit_teec_explain(TEEC_Result res, uint32_t origin);

#ifdef __cplusplus
}
#endif

#endif /* TEEKIT_TEEC_H */
