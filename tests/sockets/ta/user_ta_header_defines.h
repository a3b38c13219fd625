/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The GP Sockets test TA (tests/sockets): multi-instance, so each session
 * is its own instance and the hostile tests can pit two against each other.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#define TA_UUID { 0x5c000000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } }
#define TA_FLAGS		0
#define TA_STACK_SIZE		(32 * 1024)
#define TA_DATA_SIZE		(4 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit GP Sockets API test TA"

#endif
