/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * types_ext.h - the address types and format macros OP-TEE's dev kit adds
 * to the C types (teekit TA SDK). A TA here is a native process, so
 * virtual and "physical" addresses are both the process's pointers.
 */
#ifndef TEEKIT_TA_TYPES_EXT_H
#define TEEKIT_TA_TYPES_EXT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uintptr_t vaddr_t;
typedef uintptr_t paddr_t;
typedef uintptr_t paddr_size_t;

#define PRIxVA		PRIxPTR
#define PRIxPA		PRIxPTR
#define PRIxPASZ	PRIxPTR
#define PRIxVA_WIDTH	((int)sizeof(vaddr_t) * 2)
#define PRIxPA_WIDTH	((int)sizeof(paddr_t) * 2)

#endif /* TEEKIT_TA_TYPES_EXT_H */
