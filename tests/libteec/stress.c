// SPDX-License-Identifier: GPL-2.0-only
/*
 * libteec under load: 16 threads sharing one context, invoking on one
 * shared session and on sessions of their own, opening and closing
 * sessions, and allocating, registering, using and releasing shared memory
 * all at once. Every result is checked and nothing may leak.
 */
#include <pthread.h>

#include "teec_test.h"

#define NTHREADS	16
#define ROUNDS		150

static struct tt_dev dev;
static TEEC_Context ctx;
static TEEC_Session shared;
static int failures;

static void fail(const char *what, int t, int i, TEEC_Result res)
{
	__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
	th_log("thread %d round %d: %s: %s", t, i, what, teekit_teec_strerror(res));
}

/* ADD, then COPY through temporary memrefs; 0 when both are right */
static int add_and_copy(TEEC_Session *s, int t, int i)
{
	char in[64], out[64];
	TEEC_Operation op;
	TEEC_Result res;

	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = t;
	op.params[0].value.b = i;
	res = TEEC_InvokeCommand(s, TT_CMD_ADD, &op, NULL);
	if (res || op.params[1].value.a != (uint32_t)(t + i)) {
		fail("ADD", t, i, res);
		return -1;
	}
	snprintf(in, sizeof(in), "thread %d round %d", t, i);
	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = strlen(in) + 1;
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = sizeof(out);
	res = TEEC_InvokeCommand(s, TT_CMD_COPY, &op, NULL);
	if (res || strcmp(in, out)) {
		fail("COPY", t, i, res);
		return -1;
	}
	return 0;
}

static void *shared_session(void *arg)
{
	int t = (int)(intptr_t)arg, i;

	for (i = 0; i < ROUNDS; i++)
		if (add_and_copy(&shared, t, i))
			break;
	return NULL;
}

static void *own_session(void *arg)
{
	int t = (int)(intptr_t)arg, i;
	TEEC_Session s;
	TEEC_Result res;

	res = tq_open(&ctx, &s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL, NULL, NULL);
	if (res) {
		fail("open", t, 0, res);
		return NULL;
	}
	for (i = 0; i < ROUNDS; i++)
		if (add_and_copy(&s, t, i))
			break;
	TEEC_CloseSession(&s);
	return NULL;
}

static void *open_close(void *arg)
{
	int t = (int)(intptr_t)arg, i;
	TEEC_Session s;
	TEEC_Result res;

	for (i = 0; i < ROUNDS / 3; i++) {
		res = tq_open(&ctx, &s, TT_UUID_ECHO, i % 2 ? TEEC_LOGIN_USER : TEEC_LOGIN_PUBLIC,
			      NULL, NULL, NULL);
		if (res) {
			fail("open", t, i, res);
			return NULL;
		}
		if (add_and_copy(&s, t, i))
			i = ROUNDS;
		TEEC_CloseSession(&s);
	}
	return NULL;
}

static void *shm_churn(void *arg)
{
	int t = (int)(intptr_t)arg, i;
	TEEC_SharedMemory shm;
	unsigned char buf[5000];
	TEEC_Operation op;
	TEEC_Result res;

	for (i = 0; i < ROUNDS / 3; i++) {
		memset(&shm, 0, sizeof(shm));
		shm.size = 1 + (t * 977 + i * 131) % 5000;
		shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
		if (i % 2) {
			shm.buffer = buf;
			res = TEEC_RegisterSharedMemory(&ctx, &shm);
		} else {
			res = TEEC_AllocateSharedMemory(&ctx, &shm);
		}
		if (res) {
			fail(i % 2 ? "register" : "allocate", t, i, res);
			return NULL;
		}
		TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE);
		op.params[0].value.a = t;
		op.params[1].memref.parent = &shm;
		res = TEEC_InvokeCommand(&shared, TT_CMD_FILL, &op, NULL);
		if (res || ((unsigned char *)shm.buffer)[shm.size - 1] != t)
			fail("FILL", t, i, res);
		TEEC_ReleaseSharedMemory(&shm);
	}
	return NULL;
}

static void run(struct th_meta *_metadata, void *(*fn)(void *))
{
	pthread_t th[NTHREADS];
	intptr_t t;

	failures = 0;
	ASSERT_EQ(0, tq_setup(&dev));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &ctx));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&ctx, &shared, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL,
					NULL, NULL));
	for (t = 0; t < NTHREADS; t++)
		ASSERT_EQ(0, pthread_create(&th[t], NULL, fn, (void *)t));
	for (t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	EXPECT_EQ(0, failures);
	EXPECT_EQ(1, tt_counter(&dev, "sessions"));
	/* what is left: the shared session's temporary-memref objects (decision 0702) */
	EXPECT_GE(8, tt_counter(&dev, "shm_count"));
	TEEC_CloseSession(&shared);
	EXPECT_EQ(0, tt_counter(&dev, "shm_count"));
	TEEC_FinalizeContext(&ctx);
	EXPECT_EQ(0, tt_wait_counters_zero(&dev, 2000));
}

TEST_TIMEOUT(shared_session, 120)
{
	run(_metadata, shared_session);
}

TEST_TIMEOUT(own_sessions, 120)
{
	run(_metadata, own_session);
}

TEST_TIMEOUT(open_close, 120)
{
	run(_metadata, open_close);
}

TEST_TIMEOUT(shm_churn, 120)
{
	run(_metadata, shm_churn);
}

/* All four at once, four threads each */
static void *mixed(void *arg)
{
	static void *(*const fns[])(void *) = {
		shared_session, own_session, open_close, shm_churn,
	};
	int t = (int)(intptr_t)arg;

	return fns[t % 4](arg);
}

TEST_TIMEOUT(mixed, 120)
{
	run(_metadata, mixed);
}

TEST_HARNESS_MAIN
