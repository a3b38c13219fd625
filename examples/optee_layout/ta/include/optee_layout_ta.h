/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * optee_layout_ta.h - shared by the CA and the TA of the OP-TEE-layout
 * example: the UUID (written here only) and the command.
 */
#ifndef OPTEE_LAYOUT_TA_H
#define OPTEE_LAYOUT_TA_H

#define TA_OPTEE_LAYOUT_UUID { 0x1515e1e1, 0x0000, 0x4000, \
	{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe1 } }

/* memref input [0]: bytes; value output [1].a: their Fletcher-32 */
#define TA_OPTEE_LAYOUT_CMD_CHECKSUM	0

#endif
