/* SPDX-License-Identifier: GPL-2.0-only */
/* The hostile TA: one build per HOSTILE_UUID_N / HOSTILE_CTOR. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#define TA_UUID { 0x5ec0e000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, HOSTILE_UUID_N } }
#define TA_FLAGS		0
#define TA_STACK_SIZE		(64 * 1024)
#define TA_DATA_SIZE		(4 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit hostile test TA"

#endif
