/* SPDX-License-Identifier: BSD-2-Clause */
/* user_ta_header_defines.h - properties of the secure_reverse TA. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <secure_reverse_ta.h>

#define TA_UUID			TA_SECURE_REVERSE_UUID
/*
 * One instance serves every session (TA_FLAG_SINGLE_INSTANCE), and it
 * takes several sessions at once (TA_FLAG_MULTI_SESSION).
 */
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE		(16 * 1024)
#define TA_DATA_SIZE		(64 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit example: reverses buffers in shared memory"

#endif
