/* SPDX-License-Identifier: GPL-2.0-only */
/* The crypto test TA; tests/ta-runtime/build.mk builds it with CT_TA_N. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#ifndef CT_TA_N
#define CT_TA_N		0x10
#endif

#define TA_UUID { 0x7a000000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, CT_TA_N } }
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE		(64 * 1024)
#define TA_DATA_SIZE		(4 * 1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit crypto test TA"

#endif
