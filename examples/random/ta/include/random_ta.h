/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * random_ta.h - the UUID and command of the random TA.
 * Included by the CA and the TA.
 */
#ifndef RANDOM_TA_H
#define RANDOM_TA_H

#define TA_RANDOM_UUID \
	{ 0x34d68b4d, 0xa69e, 0x4c1b, \
	  { 0x9d, 0x1a, 0x6e, 0x2b, 0x53, 0xe8, 0x88, 0x84 } }

/* memref[0] OUTPUT: filled with random bytes (1 to RANDOM_MAX of them) */
#define TA_RANDOM_CMD_GENERATE	0
#define RANDOM_MAX		4096

#endif
