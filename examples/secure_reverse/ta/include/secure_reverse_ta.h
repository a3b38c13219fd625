/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * secure_reverse_ta.h - the UUID and commands of the secure_reverse TA,
 * shared by the CA and the TA.
 */
#ifndef SECURE_REVERSE_TA_H
#define SECURE_REVERSE_TA_H

#define TA_SECURE_REVERSE_UUID \
	{ 0xe53a211f, 0x6394, 0x4dc1, \
	  { 0xb4, 0x0d, 0xed, 0x9f, 0xb5, 0x2d, 0x47, 0x12 } }

/*
 * memref[0] INOUT: the bytes are reversed where they are, in the client's
 * shared memory. value[1] OUTPUT: a = number of bytes reversed.
 */
#define TA_SECURE_REVERSE_CMD_IN_PLACE	0
/*
 * memref[0] INPUT -> memref[1] OUTPUT: a reversed copy. An output buffer
 * that is too small gets TEE_ERROR_SHORT_BUFFER and the size it needs.
 */
#define TA_SECURE_REVERSE_CMD_COPY	1

#endif
