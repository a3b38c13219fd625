/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rsa_ta.h - the UUID and commands of the rsa TA.
 * Included by the CA and the TA.
 */
#ifndef RSA_TA_H
#define RSA_TA_H

#define TA_RSA_UUID \
	{ 0xf08fdd8f, 0x7ce4, 0x4bf8, \
	  { 0x9d, 0x32, 0x85, 0x93, 0x6c, 0xac, 0xc0, 0x32 } }

/*
 * GENKEY:  value[0] INPUT, a = key size in bits; a new key pair for the
 *          session; memref[1] OUTPUT the modulus, memref[2] OUTPUT the
 *          public exponent (big-endian)
 * DECRYPT: memref[0] INPUT RSAES-OAEP (SHA-256, MGF1-SHA-256) ciphertext
 *          -> memref[1] OUTPUT plaintext
 */
#define TA_RSA_CMD_GENKEY	0
#define TA_RSA_CMD_DECRYPT	1

#endif
