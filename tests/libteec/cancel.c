// SPDX-License-Identifier: GPL-2.0-only
/*
 * libteec: TEEC_RequestCancellation from another thread, for a pending
 * TEEC_InvokeCommand (ECHO's SLEEP forever) and a pending TEEC_OpenSession
 * (SLOW_OPEN), before an operation starts and after it ended, and one
 * operation among several pending on the same session.
 */
#include <pthread.h>

#include "teec_test.h"

FIXTURE(cancel) {
	struct tt_dev dev;
	TEEC_Context ctx;
	TEEC_Session s;
};

FIXTURE_SETUP(cancel)
{
	ASSERT_EQ(0, tq_setup(&self->dev));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&self->ctx, &self->s, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC,
					NULL, NULL, NULL));
}

FIXTURE_TEARDOWN(cancel)
{
	TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	EXPECT_EQ(0, tt_wait_counters_zero(&self->dev, 2000));
}

struct call {
	TEEC_Context *ctx;
	TEEC_Session *s;
	TEEC_Operation op;
	bool open;		/* SLOW_OPEN instead of SLEEP */
	TEEC_Session opened;
	TEEC_Result res;
	uint32_t origin;
	pthread_t thread;
};

static void *run(void *arg)
{
	struct call *c = arg;

	if (c->open)
		c->res = tq_open(c->ctx, &c->opened, TT_UUID_SLOW_OPEN, TEEC_LOGIN_PUBLIC, NULL,
				 &c->op, &c->origin);
	else
		c->res = TEEC_InvokeCommand(c->s, TT_CMD_SLEEP, &c->op, &c->origin);
	return NULL;
}

static void start_on(struct call *c, TEEC_Context *ctx, TEEC_Session *s, bool open,
		     uint32_t ms)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->s = s;
	c->open = open;
	c->res = 0x1234;
	TQ_OP(c->op, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	c->op.params[0].value.a = ms;
	if (open && !ms)
		c->op.paramTypes = 0;
	pthread_create(&c->thread, NULL, run, c);
}

static void start(struct call *c, struct th_fixture_data_cancel *self, bool open, uint32_t ms)
{
	start_on(c, &self->ctx, &self->s, open, ms);
}

TEST_F(cancel, invoke_sleeping_forever)
{
	struct call c;

	start(&c, self, false, 0);
	ASSERT_EQ(0, tq_wait_pending(&self->dev, 1, 5000));
	EXPECT_EQ(1, c.op.started);
	TEEC_RequestCancellation(&c.op);
	pthread_join(c.thread, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, c.res);
	EXPECT_EQ(TEEC_ORIGIN_TEE, c.origin);
	/* the session is still usable */
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_NOP, NULL, NULL));
}

TEST_F(cancel, open_session_pending)
{
	struct call c;

	start(&c, self, true, 0);
	ASSERT_EQ(0, tq_wait_pending(&self->dev, 1, 5000));
	TEEC_RequestCancellation(&c.op);
	pthread_join(c.thread, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, c.res);
	EXPECT_EQ(TEEC_ORIGIN_TEE, c.origin);
	EXPECT_EQ(1, tt_counter(&self->dev, "sessions"));
}

TEST_F(cancel, open_session_slow_but_not_cancelled)
{
	struct call c;

	start(&c, self, true, 50);
	pthread_join(c.thread, NULL);
	EXPECT_EQ(TEEC_SUCCESS, c.res);
	EXPECT_EQ(1, c.op.started);
	TEEC_CloseSession(&c.opened);
}

TEST_F(cancel, before_start)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	TQ_OP(op, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 0;	/* forever: only the cancellation ends it */
	TEEC_RequestCancellation(&op);
	EXPECT_EQ(TEEC_ERROR_CANCEL, TEEC_InvokeCommand(&self->s, TT_CMD_SLEEP, &op, &origin));
	EXPECT_EQ(TEEC_ORIGIN_API, origin);
	EXPECT_EQ(1, op.started);
	/* the request was used up: the operation runs normally next time */
	op.started = 0;
	op.params[0].value.a = 1;
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_SLEEP, &op, &origin));
}

TEST_F(cancel, after_end_is_a_no_op)
{
	TEEC_Operation op;

	TQ_OP(op, TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_NOP, &op, NULL));
	EXPECT_EQ(1, op.started);
	TEEC_RequestCancellation(&op);
	EXPECT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TT_CMD_NOP, &op, NULL));
	TEEC_RequestCancellation(NULL);
}

TEST_F(cancel, one_of_several_on_a_session)
{
	struct call c[3];
	int i;

	for (i = 0; i < 3; i++)
		start(&c[i], self, false, 0);
	ASSERT_EQ(0, tq_wait_pending(&self->dev, 3, 5000));
	/* each operation has its own cancel id */
	EXPECT_NE(TQ_OP_CANCEL(&c[0].op), TQ_OP_CANCEL(&c[1].op));
	EXPECT_NE(TQ_OP_CANCEL(&c[1].op), TQ_OP_CANCEL(&c[2].op));
	TEEC_RequestCancellation(&c[1].op);
	pthread_join(c[1].thread, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, c[1].res);
	tt_msleep(100);
	EXPECT_EQ(2, tq_pending(&self->dev));
	EXPECT_EQ(0x1234, c[0].res);
	EXPECT_EQ(0x1234, c[2].res);
	TEEC_RequestCancellation(&c[0].op);
	TEEC_RequestCancellation(&c[2].op);
	pthread_join(c[0].thread, NULL);
	pthread_join(c[2].thread, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, c[0].res);
	EXPECT_EQ(TEEC_ERROR_CANCEL, c[2].res);
}

TEST_F(cancel, sessions_on_two_contexts)
{
	TEEC_Context ctx2;
	TEEC_Session s2;
	struct call a, b;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &ctx2));
	ASSERT_EQ(TEEC_SUCCESS, tq_open(&ctx2, &s2, TT_UUID_ECHO, TEEC_LOGIN_PUBLIC, NULL, NULL,
					NULL));
	start(&a, self, false, 0);
	start_on(&b, &ctx2, &s2, false, 0);
	ASSERT_EQ(0, tq_wait_pending(&self->dev, 2, 5000));
	TEEC_RequestCancellation(&b.op);
	pthread_join(b.thread, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, b.res);
	tt_msleep(50);
	EXPECT_EQ(0x1234, a.res);
	TEEC_RequestCancellation(&a.op);
	pthread_join(a.thread, NULL);
	EXPECT_EQ(TEEC_ERROR_CANCEL, a.res);
	TEEC_CloseSession(&s2);
	TEEC_FinalizeContext(&ctx2);
}

TEST_HARNESS_MAIN
