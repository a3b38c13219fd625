/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The TA's identity and resources; the SDK's ta_header.c turns them into
 * the header the TA host reads. TA_UUID is the only place the TA's UUID
 * is written: ta.mk, CMake's teekit_add_ta() and teekit-sign take it from
 * here (uuidgen gives a fresh one).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#define TA_UUID { 0x00000000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } }
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE		(16 * 1024)
#define TA_DATA_SIZE		(64 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"template TA"

/* custom properties, read with TEE_GetPropertyAs*(TEE_PROPSET_CURRENT_TA) */
#define TA_CURRENT_TA_EXT_PROPERTIES \
	{ "template.greeting", USER_TA_PROP_TYPE_STRING, "hello" }

#endif
