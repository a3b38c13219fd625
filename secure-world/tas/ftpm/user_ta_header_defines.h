/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * user_ta_header_defines.h - the fTPM TA's properties (docs/tpm.md).
 * One instance that stays alive, one session at a time: the TPM is one
 * device with one state, owned by the kernel driver that binds to it.
 * TA_FLAG_DEVICE_ENUM_SUPP: announced on the TEE bus once tee-supplicant
 * serves, since the TPM's state is in trusted storage (decision 1910).
 * libtpms allocates with malloc and keeps ~1 MiB of its own; its stack
 * frames are large (RSA, TPM2B buffers).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <teekit_ftpm_ta.h>

#define TA_UUID			TA_FTPM_UUID
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | \
				 TA_FLAG_INSTANCE_KEEP_ALIVE | \
				 TA_FLAG_DEVICE_ENUM_SUPP)
#define TA_STACK_SIZE		(256 * 1024)
#define TA_DATA_SIZE		(2 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit firmware TPM 2.0 (libtpms)"

#endif
