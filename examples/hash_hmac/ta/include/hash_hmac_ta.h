/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hash_hmac_ta.h - the UUID and commands of the hash_hmac TA.
 * Included by the CA and the TA.
 */
#ifndef HASH_HMAC_TA_H
#define HASH_HMAC_TA_H

#define TA_HASH_HMAC_UUID \
	{ 0x8c9277de, 0x495d, 0x476e, \
	  { 0x96, 0x85, 0xec, 0x06, 0x6c, 0x36, 0xad, 0xfe } }

/*
 * SHA256:      memref[0] INPUT message -> memref[1] OUTPUT digest (32)
 * HMAC:        memref[0] INPUT key (24 to 128 bytes, GP's limits for
 *              HMAC-SHA256), memref[1] INPUT message -> memref[2] OUTPUT
 *              MAC (32)
 * HMAC_VERIFY: as HMAC, memref[2] INPUT the MAC to check;
 *              TEE_ERROR_MAC_INVALID when it is not the message's
 */
#define TA_HASH_HMAC_CMD_SHA256		0
#define TA_HASH_HMAC_CMD_HMAC		1
#define TA_HASH_HMAC_CMD_HMAC_VERIFY	2

#endif
