/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * aes_ta.h - the UUID and commands of the aes TA.
 * Included by the CA and the TA.
 */
#ifndef AES_TA_H
#define AES_TA_H

#define TA_AES_UUID \
	{ 0x7babe74a, 0x5690, 0x47ab, \
	  { 0xad, 0xb1, 0x5c, 0xf8, 0xfe, 0x5d, 0x47, 0xe3 } }

/*
 * GENKEY:  value[0] OUTPUT, a = 1 if a key was made, 0 if one was kept
 * ENCRYPT: memref[0] INPUT plaintext -> memref[1] OUTPUT
 *          nonce (12) || ciphertext || tag (16), AES-256-GCM
 * DECRYPT: memref[0] INPUT (as ENCRYPT's output) -> memref[1] OUTPUT
 *          plaintext; a changed byte gives TEE_ERROR_MAC_INVALID
 * EXPORT:  memref[0] OUTPUT: asks TEE_GetObjectBufferAttribute for the
 *          key's bytes, which GP refuses by stopping the TA (panic)
 */
#define TA_AES_CMD_GENKEY	0
#define TA_AES_CMD_ENCRYPT	1
#define TA_AES_CMD_DECRYPT	2
#define TA_AES_CMD_EXPORT	3
#define AES_NONCE_LEN		12
#define AES_TAG_LEN		16

#endif
