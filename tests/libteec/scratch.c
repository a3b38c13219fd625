// SPDX-License-Identifier: GPL-2.0-only
/*
 * libteec scratch objects (decision 0702): the shared memory that carries
 * temporary memrefs is kept per session and reused, holds what a fresh
 * object would, is bounded, freed by TEEC_CloseSession and
 * TEEC_FinalizeContext and when the context's shm limits are hit, and is
 * never shared by concurrent calls or a forked child.
 */
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/teekit.h>

#include "teec_test.h"

#define KIB	1024
#define MIB	(1024 * 1024)

FIXTURE(scr) {
	struct tt_dev dev;
	TEEC_Context ctx;
	TEEC_Session s;
	bool open;
	long long old_shm, old_bytes;
};

FIXTURE_SETUP(scr)
{
	uint32_t origin = 0;

	self->old_shm = self->old_bytes = -1;
	ASSERT_EQ(0, tq_setup(&self->dev));
	self->old_shm = tt_param_read(TT_CORE_MODULE, "max_shm_per_ctx");
	self->old_bytes = tt_param_read(TT_CORE_MODULE, "max_shm_bytes_per_ctx");
	ASSERT_LE(0, self->old_shm);
	ASSERT_LE(0, self->old_bytes);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&self->ctx, &self->s, TT_UUID_ECHO,
					TEEC_LOGIN_PUBLIC, NULL, NULL, &origin));
	self->open = true;
}

FIXTURE_TEARDOWN(scr)
{
	if (self->open)
		TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	if (self->old_shm >= 0)
		tt_param_write(TT_CORE_MODULE, "max_shm_per_ctx", self->old_shm);
	if (self->old_bytes >= 0)
		tt_param_write(TT_CORE_MODULE, "max_shm_bytes_per_ctx", self->old_bytes);
	/* nothing of the library may outlive the context */
	EXPECT_EQ(0, tt_wait_counters_zero(&self->dev, 2000));
}

/* Shared memory the context holds now, from the driver */
static struct teekit_ioctl_ctx_stats stats(TEEC_Context *ctx)
{
	struct teekit_ioctl_ctx_stats st;

	memset(&st, 0xff, sizeof(st));
	if (ioctl(TQ_CTX(ctx)->fd, TEEKIT_IOC_CTX_STATS, &st))
		memset(&st, 0xff, sizeof(st));
	return st;
}

/* COPY of @n bytes of @fill from an input to an output tmpref; 0 if they arrived */
static int copy_checked(TEEC_Session *s, size_t n, int fill)
{
	unsigned char *in = malloc(n), *out = malloc(n);
	TEEC_Operation op;
	size_t i;
	int bad = -1;

	if (!in || !out)
		goto out;
	memset(in, fill, n);
	memset(out, ~fill, n);
	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = n;
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = n;
	if (TEEC_InvokeCommand(s, TT_CMD_COPY, &op, NULL) != TEEC_SUCCESS ||
	    op.params[1].tmpref.size != n)
		goto out;
	for (i = 0; i < n && out[i] == (unsigned char)fill; i++)
		;
	bad = i != n;
out:
	free(in);
	free(out);
	return bad;
}

TEST_F(scr, reused_then_freed_by_close_session)
{
	struct teekit_ioctl_ctx_stats st;
	int i;

	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, copy_checked(&self->s, 64 * KIB, i + 1));
	/* the input's and the output's objects stay for the next call */
	st = stats(&self->ctx);
	EXPECT_EQ(2, st.shm_count);
	EXPECT_EQ(128 * KIB, st.shm_bytes);
	TEEC_CloseSession(&self->s);
	self->open = false;
	st = stats(&self->ctx);
	EXPECT_EQ(0, st.shm_count);
}

TEST_F(scr, freed_by_finalize_context)
{
	ASSERT_EQ(0, copy_checked(&self->s, 4 * KIB, 'f'));
	EXPECT_EQ(2, stats(&self->ctx).shm_count);
	/* the session is left open on purpose: finalize still frees them */
	TEEC_FinalizeContext(&self->ctx);
	self->open = false;
	EXPECT_EQ(0, tt_wait_counters_zero(&self->dev, 2000));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
}

TEST_F(scr, bounded_per_context)
{
	struct teekit_ioctl_ctx_stats st;
	size_t n;

	/* sizes that never fit one another's objects, then one too big to keep */
	for (n = 4 * KIB; n <= 3 * MIB; n *= 3)
		ASSERT_EQ(0, copy_checked(&self->s, n, (int)n));
	ASSERT_EQ(0, copy_checked(&self->s, 6 * MIB, 6));
	st = stats(&self->ctx);
	EXPECT_LE(st.shm_count, 8);
	EXPECT_LT(0, st.shm_count);
	EXPECT_LE(st.shm_bytes, 16 * MIB);
}

/* A reused object shows the TA what a fresh one would: zeros for outputs */
TEST_F(scr, output_never_shows_an_earlier_call)
{
	unsigned char buf[8192];
	TEEC_Operation op;

	memset(buf, 0, sizeof(buf));
	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0xab;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = sizeof(buf);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_FILL, &op, NULL));
	ASSERT_EQ(0xab, buf[8191]);
	/* the same size again, as an output the TA only reads */
	TQ_OP(op, TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = sizeof(buf);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(0, op.params[1].value.a);
	/* and a shorter input: its bytes, then zeros */
	memset(buf, 1, sizeof(buf));
	TQ_OP(op, TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = 100;
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_CHECK_SHM, &op, NULL));
	EXPECT_EQ(100, op.params[1].value.a);
	EXPECT_EQ(1, stats(&self->ctx).shm_count);
}

/* Objects are per session: another session never gets this one's */
TEST_F(scr, not_shared_between_sessions)
{
	TEEC_Session s2;

	ASSERT_EQ(0, copy_checked(&self->s, 16 * KIB, 1));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&self->ctx, &s2, TT_UUID_ECHO,
					TEEC_LOGIN_PUBLIC, NULL, NULL, NULL));
	ASSERT_EQ(0, copy_checked(&s2, 16 * KIB, 2));
	EXPECT_EQ(4, stats(&self->ctx).shm_count);
	TEEC_CloseSession(&s2);
	EXPECT_EQ(2, stats(&self->ctx).shm_count);
}

/* Idle objects count against max_shm_per_ctx: an allocation frees them */
TEST_F(scr, count_limit_frees_idle_objects)
{
	TEEC_SharedMemory a = { .size = 4096, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory b = { .size = 4096, .flags = TEEC_MEM_INPUT };

	ASSERT_EQ(0, copy_checked(&self->s, 4 * KIB, 3));
	ASSERT_EQ(2, stats(&self->ctx).shm_count);
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "max_shm_per_ctx", 2));
	EXPECT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &a));
	EXPECT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &b));
	/* a real shortage is still reported */
	EXPECT_EQ(-1, copy_checked(&self->s, 4 * KIB, 4));
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(&b);
}

/* ... and against max_shm_bytes_per_ctx, for registration too */
TEST_F(scr, byte_limit_frees_idle_objects)
{
	static char buf[64 * KIB] __attribute__((aligned(4096)));
	TEEC_SharedMemory r = { .buffer = buf, .size = sizeof(buf),
				.flags = TEEC_MEM_INPUT };

	ASSERT_EQ(0, copy_checked(&self->s, 64 * KIB, 5));
	ASSERT_EQ(128 * KIB, stats(&self->ctx).shm_bytes);
	ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, "max_shm_bytes_per_ctx", 96 * KIB));
	EXPECT_EQ(TEEC_SUCCESS, TEEC_RegisterSharedMemory(&self->ctx, &r));
	EXPECT_EQ(TQ_SHM_REGISTERED, TQ_SHM_KIND(&r));
	TEEC_ReleaseSharedMemory(&r);
}

struct worker {
	TEEC_Session *s;
	int fill;
	int bad;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < 100 && !w->bad; i++)
		w->bad = copy_checked(w->s, 32 * KIB + w->fill, w->fill);
	return NULL;
}

/* Concurrent calls on one session never get the same object */
TEST_F(scr, concurrent_calls_on_one_session)
{
	struct worker w[4];
	pthread_t th[4];
	int i;

	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .s = &self->s, .fill = 0x10 + i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, worker, &w[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(0, w[i].bad);
	}
	EXPECT_LE(stats(&self->ctx).shm_count, 8);
}

/*
 * A forked child shares the context and inherits the mappings: it must
 * not use the parent's idle objects while the parent does.
 */
TEST_F(scr, forked_child_has_its_own_objects)
{
	struct worker w = { .s = &self->s, .fill = 'p' };
	int status, i, bad = 0;
	pid_t pid;

	ASSERT_EQ(0, copy_checked(&self->s, 32 * KIB + 'p', 'p'));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		for (i = 0; i < 100 && !bad; i++)
			bad = copy_checked(&self->s, 32 * KIB + 'p', 'c');
		_exit(bad ? 1 : 0);
	}
	worker(&w);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, w.bad);
}

TEST_HARNESS_MAIN
