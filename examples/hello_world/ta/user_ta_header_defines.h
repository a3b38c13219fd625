/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * user_ta_header_defines.h - the TA's properties, read by the SDK's
 * ta_header.c when the TA is built (same names as OP-TEE's TA dev kit).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <hello_world_ta.h>

#define TA_UUID			TA_HELLO_WORLD_UUID
/* one instance per session, like most simple TAs */
#define TA_FLAGS		0
#define TA_STACK_SIZE		(16 * 1024)
#define TA_DATA_SIZE		(64 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit example: increments a value"

#endif
