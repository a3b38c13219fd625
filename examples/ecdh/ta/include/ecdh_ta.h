/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ecdh_ta.h - the UUID and commands of the ecdh TA.
 * Included by the CA and the TA.
 */
#ifndef ECDH_TA_H
#define ECDH_TA_H

#define TA_ECDH_UUID \
	{ 0x29086cff, 0xe4c8, 0x4d12, \
	  { 0xa9, 0x38, 0xbd, 0xc9, 0x97, 0x16, 0x7d, 0x79 } }

/*
 * GENKEY: memref[0] OUTPUT X, memref[1] OUTPUT Y (32 bytes each): the
 *         TA's new P-256 public key
 * DERIVE: memref[0] INPUT X, memref[1] INPUT Y: the client's public key;
 *         memref[2] OUTPUT SHA-256 of the shared secret (32). The secret
 *         itself stays in the TA.
 */
#define TA_ECDH_CMD_GENKEY	0
#define TA_ECDH_CMD_DERIVE	1

#endif
