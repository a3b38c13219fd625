/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teekit_ftpm_ta.h - what the fTPM TA and its kernel driver (drivers/tpm,
 * teekit_ftpm.ko) agree on. UUID, command numbers and parameters are
 * OP-TEE's fTPM TA's, so upstream's tpm_ftpm_tee driver speaks to it too
 * (docs/tpm.md). The kernel driver keeps a copy of these numbers.
 */
#ifndef TEEKIT_FTPM_TA_H
#define TEEKIT_FTPM_TA_H

/* bc50d971-d4c9-42c4-82cb-343fb7f37896 */
#define TA_FTPM_UUID \
	{ 0xbc50d971, 0xd4c9, 0x42c4, \
	  { 0x82, 0xcb, 0x34, 0x3f, 0xb7, 0xf3, 0x78, 0x96 } }

/*
 * memref[0] INPUT: one TPM 2.0 command (header and body);
 * memref[1] INOUT: gets the response, its size set to the response's.
 * A response larger than memref[1]: TEE_ERROR_SHORT_BUFFER, size needed
 * in memref[1].size, and the response is lost (the TPM ran the command).
 */
#define TA_FTPM_SUBMIT_COMMAND		0
/* physical presence emulation: not implemented (docs/tpm.md) */
#define TA_FTPM_EMULATE_PPI		1

/* largest command and response (the TPM's own buffer size) */
#define TA_FTPM_MAX_COMMAND		4096
#define TA_FTPM_MAX_RESPONSE		4096

#endif
