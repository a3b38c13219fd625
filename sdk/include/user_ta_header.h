/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * user_ta_header.h - the TA header that teekit's loader reads (teekit TA SDK).
 *
 * A TA describes itself in its own user_ta_header_defines.h (TA_UUID,
 * TA_FLAGS, TA_STACK_SIZE, TA_DATA_SIZE, optionally TA_VERSION,
 * TA_DESCRIPTION and TA_CURRENT_TA_EXT_PROPERTIES). The SDK's ta_header.c,
 * built with the TA, turns them into the exported object teekit_ta_head,
 * which the TA host looks up after loading the TA. See docs/ta-format.md.
 */
#ifndef USER_TA_HEADER_H
#define USER_TA_HEADER_H

#include <tee_api_types.h>

#define TA_FLAG_USER_MODE		0
#define TA_FLAG_EXEC_DDR		0
#define TA_FLAG_SINGLE_INSTANCE		(1u << 2)
#define TA_FLAG_MULTI_SESSION		(1u << 3)
#define TA_FLAG_INSTANCE_KEEP_ALIVE	(1u << 4)
#define TA_FLAG_SECURE_DATA_PATH	(1u << 5)
#define TA_FLAG_REMAP_SUPPORT		(1u << 6)
#define TA_FLAG_CACHE_MAINTENANCE	(1u << 7)
#define TA_FLAG_CONCURRENT		(1u << 8)
#define TA_FLAG_DEVICE_ENUM		(1u << 9)
#define TA_FLAG_DEVICE_ENUM_SUPP	(1u << 10)
#define TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT (1u << 11)

/* the flags teekit acts on; the others are accepted and ignored */
#define TA_FLAGS_INSTANCE_MASK \
	(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION | \
	 TA_FLAG_INSTANCE_KEEP_ALIVE)

/* names of the GP properties of TEE_PROPSET_CURRENT_TA (OP-TEE's macros) */
#define TA_PROP_STR_SINGLE_INSTANCE	"gpd.ta.singleInstance"
#define TA_PROP_STR_MULTI_SESSION	"gpd.ta.multiSession"
#define TA_PROP_STR_KEEP_ALIVE		"gpd.ta.instanceKeepAlive"
#define TA_PROP_STR_DATA_SIZE		"gpd.ta.dataSize"
#define TA_PROP_STR_STACK_SIZE		"gpd.ta.stackSize"
#define TA_PROP_STR_VERSION		"gpd.ta.version"
#define TA_PROP_STR_DESCRIPTION		"gpd.ta.description"
#define TA_PROP_STR_ENDIAN		"gpd.ta.endian"
#define TA_PROP_STR_DOES_NOT_CLOSE_HANDLE_ON_CORRUPT_OBJECT \
	"gpd.ta.doesNotCloseHandleOnCorruptObject"

enum user_ta_prop_type {
	USER_TA_PROP_TYPE_BOOL,		/* bool */
	USER_TA_PROP_TYPE_U32,		/* uint32_t */
	USER_TA_PROP_TYPE_UUID,		/* TEE_UUID */
	USER_TA_PROP_TYPE_IDENTITY,	/* TEE_Identity */
	USER_TA_PROP_TYPE_STRING,	/* zero terminated string of char */
	USER_TA_PROP_TYPE_BINARY_BLOCK,	/* zero terminated base64 string */
	USER_TA_PROP_TYPE_U64,		/* uint64_t */
};

struct user_ta_property {
	const char *name;
	enum user_ta_prop_type type;
	const void *value;
};

#define TEEKIT_TA_HEAD_MAGIC	0x4854544bu	/* "KTTH" */
#define TEEKIT_TA_HEAD_VERSION	1

/*
 * teekit_ta_head.api_flags, set by ta_header.c from the TA's build
 * switches (the field was `reserved`, 0, before: such TAs are GP 1.3 TAs).
 * TEEKIT_TA_HEAD_F_GP11: built with __OPTEE_CORE_API_COMPAT_1_1, so every
 * TEE_Param the TA sees or passes has the GP 1.1 layout (32-bit memref
 * size). The host refuses bits it does not know.
 */
#define TEEKIT_TA_HEAD_F_GP11	0x1u
#define TEEKIT_TA_HEAD_F_KNOWN	TEEKIT_TA_HEAD_F_GP11

struct teekit_ta_head {
	uint32_t magic;			/* TEEKIT_TA_HEAD_MAGIC */
	uint32_t version;		/* TEEKIT_TA_HEAD_VERSION */
	TEE_UUID uuid;
	uint32_t flags;			/* TA_FLAG_* */
	uint32_t api_flags;		/* TEEKIT_TA_HEAD_F_* */
	uint64_t stack_size;		/* bytes */
	uint64_t data_size;		/* bytes, heap */
	const char *description;
	const char *ta_version;
	const struct user_ta_property *props;
	uint32_t num_props;
};

#endif /* USER_TA_HEADER_H */
