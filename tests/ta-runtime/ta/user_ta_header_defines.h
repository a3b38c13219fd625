/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ta-runtime test TA; tests/ta-runtime/build.mk builds it several
 * times with RT_TA_N (last UUID byte) and RT_TA_FLAGS.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>

#ifndef RT_TA_N
#define RT_TA_N		0x01
#endif
#if !defined(RT_TA_FLAGS) && defined(RT_TA_KEEP_ALIVE)
#define RT_TA_FLAGS	(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION | \
			 TA_FLAG_INSTANCE_KEEP_ALIVE)
#endif
#ifndef RT_TA_FLAGS
#define RT_TA_FLAGS	(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#endif

#define TA_UUID { 0x7a000000, 0x0000, 0x4000, \
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, RT_TA_N } }
#define TA_FLAGS		RT_TA_FLAGS
#define TA_STACK_SIZE		(32 * 1024)
#define TA_DATA_SIZE		(2 * 1024 * 1024)
#define TA_VERSION		"2.5"
#define TA_DESCRIPTION		"teekit ta-runtime test TA"

extern const bool rt_prop_bool;
extern const uint32_t rt_prop_u32;
extern const uint64_t rt_prop_u64;
extern const TEE_UUID rt_prop_uuid;
extern const TEE_Identity rt_prop_identity;

#define TA_CURRENT_TA_EXT_PROPERTIES \
	{ "rt.bool", USER_TA_PROP_TYPE_BOOL, &rt_prop_bool }, \
	{ "rt.u32", USER_TA_PROP_TYPE_U32, &rt_prop_u32 }, \
	{ "rt.u64", USER_TA_PROP_TYPE_U64, &rt_prop_u64 }, \
	{ "rt.uuid", USER_TA_PROP_TYPE_UUID, &rt_prop_uuid }, \
	{ "rt.identity", USER_TA_PROP_TYPE_IDENTITY, &rt_prop_identity }, \
	{ "rt.string", USER_TA_PROP_TYPE_STRING, "hello props" }, \
	{ "rt.binary", USER_TA_PROP_TYPE_BINARY_BLOCK, "AAECAwQ=" }, \
	{ "rt.str.true", USER_TA_PROP_TYPE_STRING, "TRUE" }, \
	{ "rt.str.hex", USER_TA_PROP_TYPE_STRING, "0x10K" }, \
	{ "rt.str.bad", USER_TA_PROP_TYPE_STRING, "12abc" }, \
	{ "rt.str.uuid", USER_TA_PROP_TYPE_STRING, \
	  "11223344-5566-7788-99aa-bbccddeeff00" }

#endif
