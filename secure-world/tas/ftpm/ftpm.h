/* SPDX-License-Identifier: BSD-2-Clause */
/* ftpm.h - what the fTPM TA's files share (docs/tpm.md) */
#ifndef FTPM_H
#define FTPM_H

#include <stdint.h>
#include <libtpms/tpm_types.h>

struct ftpm_stats {
	uint32_t nv_loads;
	uint32_t nv_stores;
};

extern struct ftpm_stats ftpm_stats;

/* ftpm_nv.c: libtpms's callbacks, its state in TEE_STORAGE_PRIVATE */
TPM_RESULT ftpm_nv_register(void);

#endif
