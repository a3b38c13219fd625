/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trusted-storage test TA; tests/storage/build.mk builds it several
 * times with ST_TA_N (last UUID byte) and ST_TA_FLAGS.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#ifndef ST_TA_N
#define ST_TA_N		0x01
#endif
#ifndef ST_TA_FLAGS
#define ST_TA_FLAGS	(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#endif

#define TA_UUID { 0x57000000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, ST_TA_N } }
#define TA_FLAGS		ST_TA_FLAGS
#define TA_STACK_SIZE		(32 * 1024)
#define TA_DATA_SIZE		(4 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit trusted-storage test TA"

#endif
