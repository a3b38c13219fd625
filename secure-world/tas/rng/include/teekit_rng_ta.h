/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teekit_rng_ta.h - what the RNG TA and its kernel driver (drivers/rng,
 * teekit_rng.ko) agree on. The commands are numbered as OP-TEE's RNG TA's
 * (GET_ENTROPY 0, GET_RNG_INFO 1); the UUID is teekit's own
 * (decision 1902). The kernel driver keeps a copy of these numbers.
 */
#ifndef TEEKIT_RNG_TA_H
#define TEEKIT_RNG_TA_H

#define TA_TEEKIT_RNG_UUID \
	{ 0x85909e77, 0x534d, 0x4adf, \
	  { 0x84, 0x7b, 0x71, 0x0f, 0xeb, 0x90, 0x62, 0xeb } }

/* memref[0] INOUT: filled with random bytes, its size kept */
#define TA_RNG_CMD_GET_ENTROPY		0
/* value[0] OUTPUT: a = bytes per second it can give, b = quality /1024 */
#define TA_RNG_CMD_GET_RNG_INFO		1
/*
 * value[0] INPUT: a = seed. From a kernel client's session only (login
 * REE_KERNEL), for that session only: GET_ENTROPY then gives the known
 * sequence byte k = (seed + k) mod 256, k counting from 0 across calls.
 * The kernel driver asks for it only when loaded with test_seed=N.
 */
#define TA_RNG_CMD_TEST_SEQUENCE	0x7e57

/* largest GET_ENTROPY buffer */
#define TA_RNG_MAX_BYTES		4096

#endif
