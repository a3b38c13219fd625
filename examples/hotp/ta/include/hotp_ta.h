/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hotp_ta.h - the UUID and commands of the hotp TA.
 * Included by the CA and the TA.
 */
#ifndef HOTP_TA_H
#define HOTP_TA_H

#define TA_HOTP_UUID \
	{ 0xee3d5265, 0xfcfe, 0x41aa, \
	  { 0xa4, 0x60, 0x32, 0x95, 0xed, 0x94, 0x0d, 0xc9 } }

/*
 * SET_KEY: memref[0] INPUT, the shared secret (10 to 64 bytes); stored
 *          with a counter of 0 in the TA's private storage
 * NEXT:    value[0] OUTPUT, a = the 6-digit HOTP value of the counter,
 *          b = that counter; the counter then goes up by one
 * VERIFY:  value[0] INPUT, a = a code from the user: the counter goes up
 *          when it is right; TEE_ERROR_SECURITY when it is not
 */
#define TA_HOTP_CMD_SET_KEY	0
#define TA_HOTP_CMD_NEXT	1
#define TA_HOTP_CMD_VERIFY	2

#endif
