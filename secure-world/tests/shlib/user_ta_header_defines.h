/* SPDX-License-Identifier: GPL-2.0-only */
/* The shared TA library test TAs: SHLIB_TA_N is the UUID's last 16 bits. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#define TA_UUID { 0x5ec0e000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, \
		    (SHLIB_TA_N) >> 8, (SHLIB_TA_N) & 0xff } }
#define TA_FLAGS		TA_FLAG_MULTI_SESSION
#define TA_STACK_SIZE		(64 * 1024)
#define TA_DATA_SIZE		(1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit shared TA library test TA"

#endif
