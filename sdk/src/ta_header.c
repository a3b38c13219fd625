// SPDX-License-Identifier: BSD-2-Clause
/*
 * ta_header.c - built into every TA: turns the TA's
 * user_ta_header_defines.h into the exported teekit_ta_head object that the
 * TA host reads after loading (docs/ta-format.md).
 */
#include <user_ta_header.h>
#include <user_ta_header_defines.h>

#ifndef TA_UUID
#error "user_ta_header_defines.h must define TA_UUID"
#endif
#ifndef TA_FLAGS
#define TA_FLAGS 0
#endif
#ifndef TA_STACK_SIZE
#define TA_STACK_SIZE (64 * 1024)
#endif
#ifndef TA_DATA_SIZE
#define TA_DATA_SIZE (1024 * 1024)
#endif
#ifndef TA_VERSION
#define TA_VERSION "0.0"
#endif
#ifndef TA_DESCRIPTION
#define TA_DESCRIPTION "undescribed TA"
#endif

/* the parameter layout every file of the TA is built with */
#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TEEKIT_TA_API_FLAGS TEEKIT_TA_HEAD_F_GP11
#else
#define TEEKIT_TA_API_FLAGS 0
#endif

#ifdef TA_CURRENT_TA_EXT_PROPERTIES
static const struct user_ta_property teekit_ta_props[] = {
	TA_CURRENT_TA_EXT_PROPERTIES
};
#define TEEKIT_TA_NPROPS (sizeof(teekit_ta_props) / sizeof(*teekit_ta_props))
#else
#define teekit_ta_props NULL
#define TEEKIT_TA_NPROPS 0
#endif

__attribute__((visibility("default"), used, section(".teekit_ta_head")))
const struct teekit_ta_head teekit_ta_head = {
	.magic = TEEKIT_TA_HEAD_MAGIC,
	.version = TEEKIT_TA_HEAD_VERSION,
	.uuid = TA_UUID,
	.flags = TA_FLAGS,
	.api_flags = TEEKIT_TA_API_FLAGS,
	.stack_size = TA_STACK_SIZE,
	.data_size = TA_DATA_SIZE,
	.description = TA_DESCRIPTION,
	.ta_version = TA_VERSION,
	.props = teekit_ta_props,
	.num_props = TEEKIT_TA_NPROPS,
};
