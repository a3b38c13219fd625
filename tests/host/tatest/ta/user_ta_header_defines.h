/* SPDX-License-Identifier: GPL-2.0-only */
/* The host harness's test TA: single instance, several sessions. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#define TA_UUID { 0x7a7e5700, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } }
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE		(32 * 1024)
#define TA_DATA_SIZE		(256 * 1024)
#define TA_VERSION		"1.2"
#define TA_DESCRIPTION		"host harness test TA"

/*
 * hostta.binary: bytes 0..4 in base64 ("AAECAwQ=") with characters outside
 * the alphabet strewn in, which OP-TEE's decoder skips
 */
#define TA_CURRENT_TA_EXT_PROPERTIES \
	{ "hostta.greeting", USER_TA_PROP_TYPE_STRING, "hello from the header" }, \
	{ "hostta.binary", USER_TA_PROP_TYPE_BINARY_BLOCK, "!AA.EC-Aw\n?Q=*" }

#endif
