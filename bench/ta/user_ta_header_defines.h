/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user_ta_header_defines.h - properties of the benchmark TA: one instance
 * shared by all sessions (so opening a second session reaches a running
 * instance), not kept alive (so the first open after the last close loads,
 * verifies and starts the TA again).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>
#include "bench_ta.h"

#ifdef BENCH_TA_MULTI_INSTANCE
#define TA_UUID			BENCH_MI_TA_UUID
#define TA_FLAGS		TA_FLAG_MULTI_SESSION
#else
#define TA_UUID			BENCH_TA_UUID
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#endif
#define TA_STACK_SIZE		(64 * 1024)
/* the crypto figures' two 1 MiB buffers and libcrypto's state */
#define TA_DATA_SIZE		(8 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit benchmark TA"

#endif
