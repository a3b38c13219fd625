// SPDX-License-Identifier: GPL-2.0-only
/*
 * driver.c - tests of the TA host harness (libteekit-tatest) through the
 * test TA (ta/hostta.c), built by tests/host/tatest.sh against an install
 * of the SDK in a DESTDIR. The TA's path is in $TATEST_TA. Each test runs
 * in its own child (tests/lib/harness.h), so each loads the TA afresh.
 */
#include <pthread.h>
#include <time.h>
#include <teekit_tatest.h>

#include "harness.h"
#include "ta/hostta.h"

#define PT(a, b, c, d)	TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, \
					TEE_PARAM_TYPE_##b, \
					TEE_PARAM_TYPE_##c, \
					TEE_PARAM_TYPE_##d)

/* log lines the harness gave the callback */
static char logbuf[16384];

static void on_log(void *arg, const char *line)
{
	(void)arg;
	if (strlen(logbuf) + strlen(line) + 2 < sizeof(logbuf)) {
		strcat(logbuf, line);
		strcat(logbuf, "\n");
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

FIXTURE(ta) {
	struct tatest *t;
	uint32_t sess;
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t origin;
};

FIXTURE_SETUP(ta)
{
	const char *path = getenv("TATEST_TA");

	ASSERT_TRUE(path != NULL);
	self->t = tatest_load(path);
	if (!self->t)
		TH_LOG("%s", tatest_error());
	ASSERT_TRUE(self->t != NULL);
	logbuf[0] = 0;
	tatest_set_log(self->t, on_log, NULL);
	memset(self->p, 0, sizeof(self->p));
	ASSERT_EQ(tatest_open(self->t, NULL, 0, NULL, &self->sess,
			      &self->origin), TEE_SUCCESS);
	ASSERT_NE(self->sess, 0);
}

FIXTURE_TEARDOWN(ta)
{
	tatest_unload(self->t);
}

static uint32_t count(struct tatest *t, uint32_t sess, uint32_t *destroys,
		      uint32_t *sessions)
{
	TEE_Param p[TEE_NUM_PARAMS] = { 0 };

	if (tatest_invoke(t, sess, HOSTTA_COUNT, PT(VALUE_OUTPUT, VALUE_OUTPUT,
						    NONE, NONE), p, NULL))
		return 0;
	if (destroys)
		*destroys = p[0].value.b;
	if (sessions)
		*sessions = p[1].value.a;
	return p[0].value.a;
}

TEST_F(ta, add)
{
	self->p[0].value.a = 40;
	self->p[0].value.b = 2;
	self->p[1].value.a = 7;
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, &self->origin), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.a, 42);
	EXPECT_EQ(self->origin, TEE_ORIGIN_TRUSTED_APP);
}

TEST_F(ta, input_values_not_written_back)
{
	/* the TA writes p[1]; declared as input it must not come back */
	self->p[0].value.a = 1;
	self->p[1].value.a = 7;
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD,
				PT(VALUE_INPUT, VALUE_INPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.a, 7);
}

TEST_F(ta, ta_error_with_origin)
{
	self->p[0].value.a = TEE_ERROR_ITEM_NOT_FOUND;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_FAIL,
				PT(VALUE_INPUT, NONE, NONE, NONE), self->p,
				&self->origin), TEE_ERROR_ITEM_NOT_FOUND);
	EXPECT_EQ(self->origin, TEE_ORIGIN_TRUSTED_APP);
	EXPECT_EQ(tatest_invoke(self->t, self->sess, 999, 0, NULL,
				&self->origin), TEE_ERROR_NOT_SUPPORTED);
}

TEST_F(ta, bad_types_refused_before_the_ta)
{
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD, 4, self->p,
				&self->origin), TEE_ERROR_BAD_PARAMETERS);
	EXPECT_EQ(self->origin, TEE_ORIGIN_API);
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD, 0x10000,
				self->p, &self->origin),
		  TEE_ERROR_BAD_PARAMETERS);
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD,
				PT(VALUE_INPUT, NONE, NONE, NONE), NULL,
				&self->origin), TEE_ERROR_BAD_PARAMETERS);
	EXPECT_TRUE(strstr(logbuf, "not a GP type") != NULL);
}

TEST_F(ta, unknown_session)
{
	EXPECT_EQ(tatest_invoke(self->t, self->sess + 100, HOSTTA_ADD, 0,
				NULL, &self->origin),
		  TEE_ERROR_BAD_PARAMETERS);
	EXPECT_EQ(self->origin, TEE_ORIGIN_API);
	EXPECT_EQ(tatest_close(self->t, self->sess + 100),
		  TEE_ERROR_BAD_PARAMETERS);
	EXPECT_TRUE(strstr(logbuf, "no session") != NULL);
}

TEST_F(ta, memref_in_out)
{
	char in[] = "abcdef", out[16] = "";

	self->p[0].memref.buffer = in;
	self->p[0].memref.size = 6;
	self->p[1].memref.buffer = out;
	self->p[1].memref.size = sizeof(out);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_REVERSE,
				PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].memref.size, 6);
	EXPECT_EQ(memcmp(out, "fedcba", 6), 0);
	EXPECT_EQ(self->p[0].memref.size, 6);
}

TEST_F(ta, short_buffer_then_retry)
{
	char in[] = "0123456789", out[4] = "xyz";

	self->p[0].memref.buffer = in;
	self->p[0].memref.size = 10;
	self->p[1].memref.buffer = out;
	self->p[1].memref.size = sizeof(out);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_REVERSE,
				PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_ERROR_SHORT_BUFFER);
	EXPECT_EQ(self->p[1].memref.size, 10);
	EXPECT_STREQ(out, "xyz");
	/* a size query: no buffer */
	self->p[1].memref.buffer = NULL;
	self->p[1].memref.size = 0;
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_REVERSE,
				PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_ERROR_SHORT_BUFFER);
	EXPECT_EQ(self->p[1].memref.size, 10);
}

TEST_F(ta, input_memref_written_is_target_dead)
{
	char in[] = "x";

	self->p[0].memref.buffer = in;
	self->p[0].memref.size = 1;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_WRITE_INPUT,
				PT(MEMREF_INPUT, NONE, NONE, NONE), self->p,
				&self->origin), TEE_ERROR_TARGET_DEAD);
	EXPECT_EQ(in[0], 'x');
	EXPECT_TRUE(strstr(logbuf, "wrote to input memref 0") != NULL);
	EXPECT_FALSE(tatest_instance_alive(self->t));
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD, 0, NULL,
				NULL), TEE_ERROR_TARGET_DEAD);
}

/* TA_DATA_SIZE (256 KiB here) is the TA's TEE_Malloc heap, exactly */
TEST_F(ta, heap_limit_is_ta_data_size)
{
	static const uint32_t sizes[] = { 1024, 4096, 65536 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		self->p[0].value.a = sizes[i];
		ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_HEAP,
					PT(VALUE_INOUT, NONE, NONE, NONE),
					self->p, &self->origin), TEE_SUCCESS);
		EXPECT_EQ(self->p[0].value.a, 256 * 1024 / sizes[i]);
		EXPECT_EQ(self->p[0].value.b, 1);
	}
	/* the refusal names the limit and the peak */
	EXPECT_TRUE(strstr(logbuf, "TA_DATA_SIZE is 262144 bytes, 262144 in use, peak 262144") != NULL);
	EXPECT_TRUE(strstr(logbuf, "TEE_Malloc/TEE_Realloc of 262145 bytes refused") != NULL);
}

TEST_F(ta, free_of_foreign_memory_panics)
{
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_BAD_FREE, 0,
				self->p, &self->origin), TEE_ERROR_TARGET_DEAD);
	EXPECT_TRUE(tatest_panicked(self->t, NULL));
	EXPECT_TRUE(strstr(logbuf, "TEE_Free(") != NULL);
	EXPECT_TRUE(strstr(logbuf, "not a block from TEE_Malloc") != NULL);
}

TEST_F(ta, panic_caught_with_code)
{
	uint32_t code = 0, s2;

	self->p[0].value.a = 0x7a2;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_PANIC,
				PT(VALUE_INPUT, NONE, NONE, NONE), self->p,
				&self->origin), TEE_ERROR_TARGET_DEAD);
	EXPECT_EQ(self->origin, TEE_ORIGIN_TEE);
	EXPECT_TRUE(tatest_panicked(self->t, &code));
	EXPECT_EQ(code, 0x7a2);
	EXPECT_TRUE(strstr(logbuf, "panicked with code 0x000007a2") != NULL);
	/* the instance is gone with its sessions */
	EXPECT_FALSE(tatest_instance_alive(self->t));
	EXPECT_EQ(tatest_sessions(self->t), 0);
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ADD, 0, NULL,
				&self->origin), TEE_ERROR_TARGET_DEAD);
	EXPECT_EQ(self->origin, TEE_ORIGIN_TEE);
	EXPECT_FALSE(tatest_panicked(self->t, NULL));
	EXPECT_EQ(tatest_close(self->t, self->sess), TEE_SUCCESS);
	/* a new open starts a new instance */
	ASSERT_EQ(tatest_open(self->t, NULL, 0, NULL, &s2, NULL), TEE_SUCCESS);
	EXPECT_EQ(count(self->t, s2, NULL, NULL), 2);
	self->sess = s2;
}

TEST_F(ta, identity_of_the_client)
{
	const TEE_Identity who = {
		.login = TEE_LOGIN_USER,
		.uuid = { 0x11223344, 0x5566, 0x5788,
			  { 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01 } },
	};
	TEE_UUID got;
	uint32_t s2;

	self->p[1].memref.buffer = &got;
	self->p[1].memref.size = sizeof(got);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_IDENT,
				PT(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[0].value.a, TEE_LOGIN_PUBLIC);
	EXPECT_EQ(got.timeLow, 0);

	ASSERT_EQ(tatest_open(self->t, &who, 0, NULL, &s2, NULL), TEE_SUCCESS);
	self->p[1].memref.size = sizeof(got);
	ASSERT_EQ(tatest_invoke(self->t, s2, HOSTTA_IDENT,
				PT(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[0].value.a, TEE_LOGIN_USER);
	EXPECT_EQ(memcmp(&got, &who.uuid, sizeof(got)), 0);
}

TEST_F(ta, properties_from_the_header)
{
	char greet[64] = "", appid[64] = "";

	self->p[0].memref.buffer = greet;
	self->p[0].memref.size = sizeof(greet);
	self->p[1].memref.buffer = appid;
	self->p[1].memref.size = sizeof(appid);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_PROPS,
				PT(MEMREF_OUTPUT, MEMREF_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_STREQ(greet, "hello from the header");
	EXPECT_STREQ(appid, HOSTTA_UUID);
}

TEST_F(ta, wait_runs_its_time)
{
	double t0 = now();

	self->p[0].value.a = 200;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_WAIT,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_GE((int)((now() - t0) * 1000), 190);
	EXPECT_EQ(self->p[1].value.a, 0);
}

TEST_F(ta, cancel_before_the_call)
{
	double t0 = now();

	tatest_cancel(self->t);
	self->p[0].value.a = 20000;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_WAIT,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_ERROR_CANCEL);
	EXPECT_LT(now() - t0, 5);
	EXPECT_EQ(self->p[1].value.a, 1);
	/* the request ended with that call */
	self->p[0].value.a = 10;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_WAIT,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
}

static void *canceller(void *arg)
{
	struct timespec ts = { 0, 200 * 1000000L };

	nanosleep(&ts, NULL);
	tatest_cancel(arg);
	return NULL;
}

TEST_F(ta, cancel_from_another_thread)
{
	pthread_t th;
	double t0 = now(), dt;

	ASSERT_EQ(pthread_create(&th, NULL, canceller, self->t), 0);
	self->p[0].value.a = 30000;
	EXPECT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_WAIT,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_ERROR_CANCEL);
	dt = now() - t0;
	pthread_join(th, NULL);
	EXPECT_GE((int)(dt * 1000), 150);
	EXPECT_LT(dt, 10);
}

TEST_F(ta, instance_lifecycle)
{
	uint32_t s2, destroys = 0, sessions = 0;

	ASSERT_EQ(tatest_open(self->t, NULL, 0, NULL, &s2, NULL), TEE_SUCCESS);
	EXPECT_EQ(count(self->t, s2, &destroys, &sessions), 1);
	EXPECT_EQ(sessions, 2);
	EXPECT_EQ(tatest_sessions(self->t), 2);
	EXPECT_EQ(tatest_close(self->t, s2), TEE_SUCCESS);
	EXPECT_TRUE(tatest_instance_alive(self->t));
	EXPECT_EQ(tatest_close(self->t, self->sess), TEE_SUCCESS);
	/* not keep-alive: the last close ended the instance */
	EXPECT_FALSE(tatest_instance_alive(self->t));
	ASSERT_EQ(tatest_open(self->t, NULL, 0, NULL, &self->sess, NULL),
		  TEE_SUCCESS);
	EXPECT_EQ(count(self->t, self->sess, &destroys, NULL), 2);
	EXPECT_EQ(destroys, 1);
}

TEST_F(ta, open_refused_by_the_ta)
{
	uint32_t s2 = 99;

	self->p[0].value.a = HOSTTA_REFUSE;
	EXPECT_EQ(tatest_open(self->t, NULL, PT(VALUE_INPUT, NONE, NONE, NONE),
			      self->p, &s2, &self->origin),
		  TEE_ERROR_ACCESS_DENIED);
	EXPECT_EQ(self->origin, TEE_ORIGIN_TRUSTED_APP);
	EXPECT_EQ(s2, 0);
	EXPECT_EQ(tatest_sessions(self->t), 1);
}

TEST_F(ta, create_failure_reaches_the_open)
{
	uint32_t s2 = 99;

	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_FAIL_CREATE, 0,
				NULL, NULL), TEE_SUCCESS);
	ASSERT_EQ(tatest_close(self->t, self->sess), TEE_SUCCESS);
	EXPECT_EQ(tatest_open(self->t, NULL, 0, NULL, &s2, &self->origin),
		  TEE_ERROR_OUT_OF_MEMORY);
	EXPECT_EQ(self->origin, TEE_ORIGIN_TEE);
	EXPECT_TRUE(strstr(logbuf, "TA_CreateEntryPoint failed") != NULL);
	EXPECT_FALSE(tatest_instance_alive(self->t));
	ASSERT_EQ(tatest_open(self->t, NULL, 0, NULL, &self->sess, NULL),
		  TEE_SUCCESS);
}

TEST_F(ta, persistent_time_in_memory)
{
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_PTIME,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.a, TEE_ERROR_TIME_NOT_SET);
	self->p[0].value.a = 1000000;
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_PTIME,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.a, TEE_SUCCESS);
	EXPECT_GE(self->p[1].value.b, 1000000);
	EXPECT_LT(self->p[1].value.b, 1000010);
	tatest_reset_storage();
	self->p[0].value.a = 0;
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_PTIME,
				PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE),
				self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.a, TEE_ERROR_TIME_NOT_SET);
}

TEST_F(ta, ree_time_is_the_host_clock)
{
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_REE_TIME,
				PT(VALUE_OUTPUT, NONE, NONE, NONE), self->p,
				NULL), TEE_SUCCESS);
	EXPECT_LE(self->p[0].value.a, (uint32_t)time(NULL));
	EXPECT_GE(self->p[0].value.a + 5, (uint32_t)time(NULL));
}

TEST_F(ta, ta_to_ta_not_supported)
{
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_T2T,
				PT(VALUE_OUTPUT, NONE, NONE, NONE), self->p,
				NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[0].value.a, TEE_ERROR_NOT_SUPPORTED);
	EXPECT_EQ(self->p[0].value.b, TEE_ORIGIN_TEE);
	EXPECT_TRUE(strstr(logbuf, "TA-to-TA") != NULL);
}

TEST_F(ta, log_callback_and_level)
{
	self->p[0].value.a = 4711;
	tatest_set_log_level(self->t, 2);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_LOG,
				PT(VALUE_INPUT, NONE, NONE, NONE), self->p,
				NULL), TEE_SUCCESS);
	/* the function name (a GP 1.1 build's is __GP11_TA_Invoke...) */
	EXPECT_TRUE(strstr(logbuf, "I TA_InvokeCommandEntryPoint") ||
		    strstr(logbuf, "I __GP11_TA_InvokeCommandEntryPoint"));
	EXPECT_TRUE(strstr(logbuf, "info marker 4711") != NULL);
	EXPECT_TRUE(strstr(logbuf, "debug marker") == NULL);
	EXPECT_TRUE(strstr(logbuf, "TA " HOSTTA_UUID) != NULL);
	tatest_set_log_level(self->t, 3);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_LOG,
				PT(VALUE_INPUT, NONE, NONE, NONE), self->p,
				NULL), TEE_SUCCESS);
	EXPECT_TRUE(strstr(logbuf, "debug marker 4711") != NULL);
}

TEST_F(ta, memory_access_rights)
{
	char buf[8] = "shared";

	self->p[0].memref.buffer = buf;
	self->p[0].memref.size = sizeof(buf);
	ASSERT_EQ(tatest_invoke(self->t, self->sess, HOSTTA_ACCESS,
				PT(MEMREF_INOUT, VALUE_OUTPUT, VALUE_OUTPUT,
				   NONE), self->p, NULL), TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.a, TEE_SUCCESS);
	EXPECT_EQ(self->p[1].value.b, TEE_ERROR_ACCESS_DENIED);
	EXPECT_EQ(self->p[2].value.a, TEE_SUCCESS);
}

/*
 * OP-TEE's libutee choices the runtime follows (docs/optee-compat.md,
 * decisions 1542 and 1543): each check names the step that differed.
 */
static void optee_choice(struct th_meta *_metadata, struct th_fixture_data_ta *self,
			 uint32_t which, const char *what)
{
	TEE_Result r;

	memset(self->p, 0, sizeof(self->p));
	self->p[0].value.a = which;
	r = tatest_invoke(self->t, self->sess, HOSTTA_OPTEE,
			  PT(VALUE_INOUT, NONE, NONE, NONE), self->p, &self->origin);
	if (r != TEE_SUCCESS)
		TH_LOG("%s: not as OP-TEE (result 0x%08x, step %u)", what, r,
		       self->p[0].value.b);
	EXPECT_EQ(r, TEE_SUCCESS);
	EXPECT_FALSE(tatest_panicked(self->t, NULL));
}

TEST_F(ta, optee_malloc_zero)
{
	optee_choice(_metadata, self, HOSTTA_OPTEE_MALLOC0, "TEE_Malloc(0)");
}

TEST_F(ta, optee_realloc_zero)
{
	optee_choice(_metadata, self, HOSTTA_OPTEE_REALLOC0, "TEE_Realloc(p, 0)");
	optee_choice(_metadata, self, HOSTTA_OPTEE_REALLOC_NULL_SIZED,
		     "TEE_Realloc(TEE_Malloc(0), n)");
}

TEST_F(ta, optee_access_rights_zero_size)
{
	optee_choice(_metadata, self, HOSTTA_OPTEE_ACCESS0,
		     "TEE_CheckMemoryAccessRights(..., 0)");
}

TEST_F(ta, optee_supp_plugin_zero_length)
{
	optee_choice(_metadata, self, HOSTTA_OPTEE_PLUGIN_LEN0,
		     "tee_invoke_supp_plugin(buf, 0)");
}

TEST_F(ta, optee_binary_property_lenient)
{
	optee_choice(_metadata, self, HOSTTA_OPTEE_BINARY_PROP,
		     "binary-block property with characters outside base64");
}

TEST(load_errors)
{
	struct tatest *t;

	EXPECT_TRUE(tatest_load("/nonexistent/ta.so") == NULL);
	EXPECT_TRUE(strstr(tatest_error(), "cannot load the TA") != NULL);
	EXPECT_TRUE(tatest_load(NULL) == NULL);
	/* a shared object that is not a TA */
	EXPECT_TRUE(tatest_load("libm.so.6") == NULL);
	EXPECT_TRUE(strstr(tatest_error(), "teekit_ta_head") != NULL);
	/* one TA per process */
	t = tatest_load(getenv("TATEST_TA"));
	ASSERT_TRUE(t != NULL);
	EXPECT_TRUE(tatest_load(getenv("TATEST_TA")) == NULL);
	EXPECT_TRUE(strstr(tatest_error(), "already loaded") != NULL);
	tatest_unload(t);
	t = tatest_load(getenv("TATEST_TA"));
	EXPECT_TRUE(t != NULL);
	tatest_unload(t);
}

TEST_HARNESS_MAIN
