/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_api.h - the TEE Internal Core API functions under the header name
 * OP-TEE's dev kit also gives them (teekit TA SDK): the same declarations
 * as tee_internal_api.h.
 */
#ifndef TEEKIT_TA_TEE_API_H
#define TEEKIT_TA_TEE_API_H

#include <tee_internal_api.h>

#endif /* TEEKIT_TA_TEE_API_H */
