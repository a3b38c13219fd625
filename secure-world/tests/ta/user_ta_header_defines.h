/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test TA is built several times with different UUIDs and flags
 * (secure-world/build.mk passes TEST_TA_UUID_N and TEST_TA_FLAGS).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#define TA_UUID { 0x5ec0e000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, TEST_TA_UUID_N } }
#define TA_FLAGS		(TEST_TA_FLAGS)
#define TA_STACK_SIZE		(64 * 1024)
#define TA_DATA_SIZE		(4 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit secure-world test TA"

#endif
