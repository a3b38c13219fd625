/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hello_world_ta.h - what the hello_world CA and TA agree on: the TA's UUID
 * and its command numbers. Included by both sides.
 */
#ifndef HELLO_WORLD_TA_H
#define HELLO_WORLD_TA_H

#define TA_HELLO_WORLD_UUID \
	{ 0xe482899c, 0x0ce3, 0x4123, \
	  { 0x8b, 0xd9, 0x38, 0x74, 0x87, 0x7f, 0x21, 0x44 } }

/* value[0] INOUT: a is the counter; the TA adds 1 (or subtracts 1) */
#define TA_HELLO_WORLD_CMD_INC	0
#define TA_HELLO_WORLD_CMD_DEC	1

#endif
