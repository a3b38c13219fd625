/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * user_ta_header_defines.h - the RNG TA's properties. TA_FLAG_DEVICE_ENUM
 * asks the emulator to announce it on the TEE bus, where teekit_rng.ko
 * binds to it (decision 1901). One instance per session: a session's
 * test sequence is its own.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <teekit_rng_ta.h>

#define TA_UUID			TA_TEEKIT_RNG_UUID
#define TA_FLAGS		TA_FLAG_DEVICE_ENUM
#define TA_STACK_SIZE		(16 * 1024)
#define TA_DATA_SIZE		(64 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit hardware RNG for the kernel (hwrng)"

#endif
