/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * olt_ta.h - the OP-TEE-layout test TA (tests/optee): UUID and commands,
 * shared by the TA and the CA (tests/optee/layout.c)
 */
#ifndef OLT_TA_H
#define OLT_TA_H

#define TA_OLT_UUID { 0x15150000, 0x0000, 0x4000, \
		      { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } }

/*
 * OLT_CMD_INFO: values out [a] olt_lib_mix(a in), [b] the flags the TA's
 * files were built with (OLT_INFO_*), memref out [1]: the text
 * "len=<open-session memref size> mix=<hex>" made with snprintf and PRI*
 */
#define OLT_CMD_INFO		0
/*
 * OLT_CMD_UTIL: value out a = checks of utee_defines.h/util.h/string_ext.h
 * that passed (bitmask, OLT_UTIL_ALL when all did)
 */
#define OLT_CMD_UTIL		1
/* OLT_CMD_HEXDUMP: memref in [0] is logged with IHEXDUMP and DHEXDUMP */
#define OLT_CMD_HEXDUMP		2

#define OLT_INFO_FILE_FLAG	0x5a	/* cflags-olt_ta.c-y reached olt_ta.c */
#define OLT_INFO_CMDS_DIR	0x700	/* cflags-y of cmds/sub.mk reached cmds.c */
#define OLT_INFO_GP11		0x10000	/* TEE_Param sizes are uint32_t */
#define OLT_INFO_NO_TOP_IN_CMDS	0x20000	/* cmds.c lacks olt_ta.c's flags */

#define OLT_UTIL_ALL		0x1ff

#endif
