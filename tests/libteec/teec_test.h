/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teec_test.h - shared helpers of the libteec tests (the programs of tests/libteec):
 * the GP API next to the core tests' helpers (teetest.h), which define the
 * GP result codes themselves only when tee_client_api.h is not included.
 */
#ifndef TEEKIT_TESTS_TEEC_TEST_H
#define TEEKIT_TESTS_TEEC_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <tee_client_api.h>
#include <tee_client_api_extensions.h>
#include <teekit_teec.h>

#include "harness.h"
#include "teetest.h"
#include "optee_layout.h"

/*
 * The implementation-defined members, wherever the generation this program
 * is built for keeps them (TEEKIT_TEEC_ABI, libteec/tee_client_api.h): the
 * suite runs against libteec.so.2 (tests/libteec) and, built again with
 * TEEKIT_TEEC_ABI=1, against libteec.so.1 (tests/libteec1).
 */
#if TEEKIT_TEEC_ABI == 1
#define TQ_CTX(c)		(c)
#define TQ_SESS(s)		(s)
#define TQ_SHM(m)		(m)
#define TQ_SHM_KIND(m)		((m)->internal.flags)
#define TQ_OP_CANCEL(o)		((o)->imp_cancel_id)
#else
#define TQ_CTX(c)		(&(c)->imp)
#define TQ_SESS(s)		(&(s)->imp)
#define TQ_SHM(m)		(&(m)->imp)
#define TQ_SHM_KIND(m)		((m)->imp.flags)
#define TQ_OP_CANCEL(o)		((o)->imp.cancel_id)
#endif

/* libteec's kinds of shared memory (libteec/teec_private.h) */
#define TQ_SHM_ALLOCATED	0x1
#define TQ_SHM_REGISTERED	0x2
#define TQ_SHM_SHADOW		0x4

static inline void tq_uuid(const char *s, TEEC_UUID *u)
{
	uint8_t o[16];

	tt_uuid_parse(s, o);
	u->timeLow = (uint32_t)o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
	u->timeMid = o[4] << 8 | o[5];
	u->timeHiAndVersion = o[6] << 8 | o[7];
	memcpy(u->clockSeqAndNode, o + 8, 8);
}

/* Load the test driver and point libteec at its first device. */
static inline int tq_setup(struct tt_dev *dev)
{
	if (tt_setup(dev))
		return -1;
	return setenv("TEEC_DEVICE", dev->client, 1);
}

static inline TEEC_Result tq_open(TEEC_Context *ctx, TEEC_Session *s, const char *uuid,
				  uint32_t login, const void *data, TEEC_Operation *op,
				  uint32_t *origin)
{
	TEEC_UUID u;

	tq_uuid(uuid, &u);
	return TEEC_OpenSession(ctx, s, &u, login, data, op, origin);
}

/* Invocations blocked in the test driver on @dev, -1 if unknown */
static inline long long tq_pending(const struct tt_dev *dev)
{
	char rel[32];

	snprintf(rel, sizeof(rel), "dev%d/pending", tt_instance(dev));
	return tt_dbg_read(rel);
}

/* Wait up to @ms for exactly @n blocked invocations; 0 when reached. */
static inline int tq_wait_pending(const struct tt_dev *dev, long long n, int ms)
{
	uint64_t end = tt_now_ms() + ms;

	do {
		if (tq_pending(dev) == n)
			return 0;
		tt_msleep(5);
	} while (tt_now_ms() < end);
	return -1;
}

#define TQ_OP(op, t0, t1, t2, t3) do {					\
	memset(&(op), 0, sizeof(op));					\
	(op).paramTypes = TEEC_PARAM_TYPES(t0, t1, t2, t3);		\
} while (0)

#endif /* TEEKIT_TESTS_TEEC_TEST_H */
