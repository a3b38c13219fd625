/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sign_verify_ta.h - the UUID and commands of the sign_verify TA.
 * Included by the CA and the TA.
 */
#ifndef SIGN_VERIFY_TA_H
#define SIGN_VERIFY_TA_H

#define TA_SIGN_VERIFY_UUID \
	{ 0x877e07a1, 0x7d22, 0x4536, \
	  { 0x96, 0x69, 0xe2, 0x29, 0xd2, 0x2b, 0xbc, 0x8a } }

/*
 * GENKEY: value[0] INPUT, a = SV_ALG_*; a new key pair for the session;
 *         memref[1] OUTPUT, memref[2] OUTPUT the public key: the modulus and
 *         exponent (RSA), or X and Y (ECDSA P-256), big-endian
 * SIGN:   memref[0] INPUT message -> memref[1] OUTPUT signature of its
 *         SHA-256 digest: RSASSA-PSS (MGF1-SHA-256, 32-byte salt) or
 *         ECDSA (r || s, 32 bytes each)
 */
#define TA_SIGN_VERIFY_CMD_GENKEY	0
#define TA_SIGN_VERIFY_CMD_SIGN		1
#define SV_ALG_RSA_PSS			0
#define SV_ALG_ECDSA_P256		1

#endif
