/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench_ta.h - the benchmark TA's UUID and commands, shared by the TA
 * (bench/ta/bench_ta.c) and teekit-bench (bench/gp.c), and the no-op
 * supplicant plugin's UUID (bench/plugin/bench_plugin.c).
 */
#ifndef BENCH_TA_H
#define BENCH_TA_H

/* be4c0000-0000-4000-8000-000000000001 */
#define BENCH_TA_UUID { 0xbe4c0000, 0x0000, 0x4000, \
			{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } }
/*
 * be4c0000-0000-4000-8000-000000000003: the same TA built multi-instance
 * (BENCH_TA_MULTI_INSTANCE): every session its own instance and process,
 * for the two-client figure
 */
#define BENCH_MI_TA_UUID { 0xbe4c0000, 0x0000, 0x4000, \
			   { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 } }
/* be4c0000-0000-4000-8000-000000000002 */
#define BENCH_PLUGIN_UUID { 0xbe4c0000, 0x0000, 0x4000, \
			    { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 } }

enum bench_ta_cmd {
	BENCH_CMD_NOP = 0,	/* nothing */
	BENCH_CMD_TOUCH = 1,	/* p0 memref: read and write its first byte */
	BENCH_CMD_PLUGIN = 2,	/* p0 value a: that many no-op plugin calls */
	/*
	 * p0 value a: enum bench_crypto, b: that many operations through the
	 * GP API on the TA's own data (set up on first use, kept by the
	 * instance)
	 */
	BENCH_CMD_CRYPTO = 3,
};

enum bench_crypto {
	BENCH_AES128_GCM_1M,	/* AEInit + AEEncryptFinal of 1 MiB, 12-byte IV */
	BENCH_SHA256_1M,	/* DigestDoFinal of 1 MiB */
	BENCH_RSA2048_SIGN,	/* AsymmetricSignDigest, PKCS#1 v1.5, SHA-256 */
	BENCH_SHA256_64,	/* DigestDoFinal of 64 bytes */
	BENCH_CRYPTO_KINDS
};

#define BENCH_CRYPTO_BUF	(1024 * 1024)

#endif
