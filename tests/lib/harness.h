/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.h - a small test harness for teekit's in-VM test programs.
 *
 * Vocabulary (kselftest-like, our own implementation):
 *
 *   TEST(name) { ... }                       plain test
 *   TEST_TIMEOUT(name, secs) { ... }         plain test with its own timeout
 *   FIXTURE(f) { fields };                   per-test state, "self"
 *   FIXTURE_SETUP(f) { ... }                 runs before each TEST_F(f, ...)
 *   FIXTURE_TEARDOWN(f) { ... }              runs after it, even after a
 *                                            failed ASSERT or a SKIP
 *   FIXTURE_VARIANT(f) { fields };           optional: each TEST_F runs once
 *   FIXTURE_VARIANT_ADD(f, v) { .x = 1 };    per variant, as "f.v.test"
 *   TEST_F(f, name) { ... }
 *   TEST_F_TIMEOUT(f, name, secs) { ... }
 *   TEST_HARNESS_MAIN                        defines main()
 *
 * Checks: ASSERT_* stop the test (teardown still runs), EXPECT_* record the
 * failure and go on.  ASSERT_ERRNO(expr, E) requires expr to return -1 with
 * errno == E; ASSERT_SYS(expr) requires a non-negative return.
 * SKIP(fmt, ...) ends the test as skipped.  TH_LOG(fmt, ...) prints a TAP
 * diagnostic line.
 *
 * Each test runs in a forked child that leads its own process group; on
 * timeout the harness kills the whole group.  Around each test the kernel
 * log (/dev/kmsg) is scanned and any warning, BUG, Oops, lockdep, KASAN,
 * UBUSAN, kmemleak, refcount, hung-task or list-corruption report fails the
 * test.  Output is TAP version 13.  Exit status: 0 if no test failed.
 */
#ifndef TEEKIT_TESTS_HARNESS_H
#define TEEKIT_TESTS_HARNESS_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct th_meta;

#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* setup, body and teardown of a fixture test: (meta, self, variant) */
typedef void (*th_fixture_fn)(struct th_meta *m, void *self,
			      const void *variant);

struct th_variant {
	const char *name;
	const void *data;
	struct th_variant *next;
};

struct th_fixture {
	const char *name;
	struct th_variant *variants;
	struct th_variant **variants_tail;
};

struct th_test {
	const char *name;
	struct th_fixture *fixture;		/* NULL for TEST() */
	void (*fn)(struct th_meta *m, const void *variant);
	unsigned int timeout;			/* seconds */
	struct th_test *next;
};

void th_register_test(struct th_test *t);
void th_register_variant(struct th_fixture *f, struct th_variant *v);
int th_main(int argc, char **argv);

/* Called by the checking macros; implemented in harness.c. */
void th_fail(struct th_meta *m);
void __noreturn th_abort(struct th_meta *m);
void __noreturn __printf(2, 3) th_skip(struct th_meta *m, const char *fmt, ...);
void __printf(1, 2) th_log(const char *fmt, ...);
bool th_in_teardown(struct th_meta *m);
/* TEEKIT_TIMEOUT_MULT (1 if unset): scales timeouts and no-hang bounds */
unsigned int th_timeout_mult(void);
struct th_meta *th_current(void);
/* Runs setup/body/teardown with the abort point established. */
void th_run_fixture(struct th_meta *m, void *self, const void *variant,
		    th_fixture_fn setup, th_fixture_fn body,
		    th_fixture_fn teardown);
void th_run_plain(struct th_meta *m, void (*body)(struct th_meta *));

#define TH_DEFAULT_TIMEOUT	30

#define TH_LOG(fmt, ...) th_log(fmt, ##__VA_ARGS__)

/* ---------------------------------------------------------------- tests */

#define TEST(tn) TEST_TIMEOUT(tn, TH_DEFAULT_TIMEOUT)

#define TEST_TIMEOUT(tn, secs)					\
	static void th_body_##tn(struct th_meta *_metadata);		\
	static void th_wrap_##tn(struct th_meta *m, const void *v)	\
	{								\
		(void)v;						\
		th_run_plain(m, th_body_##tn);			\
	}								\
	static struct th_test th_test_##tn = {			\
		.name = #tn,						\
		.fn = th_wrap_##tn,					\
		.timeout = (secs),					\
	};								\
	static void __attribute__((constructor)) th_reg_##tn(void)	\
	{								\
		th_register_test(&th_test_##tn);			\
	}								\
	static void th_body_##tn(struct th_meta *_metadata __maybe_unused)

/* ------------------------------------------------------------- fixtures */

#define FIXTURE_DATA(f) struct th_fixture_data_##f

#define FIXTURE(f)							\
	static struct th_fixture th_fixture_##f = {			\
		.name = #f,						\
		.variants_tail = &th_fixture_##f.variants,		\
	};								\
	FIXTURE_VARIANT(f);						\
	FIXTURE_DATA(f)

/* Declared (empty) by FIXTURE(); a later FIXTURE_VARIANT(f) { ... } defines it. */
#define FIXTURE_VARIANT(f) struct th_fixture_variant_##f

#define FIXTURE_VARIANT_ADD(f, v)					\
	static const struct th_fixture_variant_##f th_vdata_##f##_##v;	\
	static struct th_variant th_variant_##f##_##v = {		\
		.name = #v,						\
		.data = &th_vdata_##f##_##v,				\
	};								\
	static void __attribute__((constructor)) th_vreg_##f##_##v(void) \
	{								\
		th_register_variant(&th_fixture_##f,			\
				    &th_variant_##f##_##v);		\
	}								\
	static const struct th_fixture_variant_##f th_vdata_##f##_##v =

#define FIXTURE_SETUP(f)						\
	static void th_setup_##f(struct th_meta *_metadata,		\
				 struct th_fixture_data_##f *self,			\
				 const struct th_fixture_variant_##f *variant);	\
	static void th_setup_gen_##f(struct th_meta *m, void *s,	\
				     const void *v)			\
	{								\
		th_setup_##f(m, s, v);					\
	}								\
	static void th_setup_##f(struct th_meta *_metadata __maybe_unused, \
				 struct th_fixture_data_##f *self __maybe_unused, \
				 const struct th_fixture_variant_##f *variant __maybe_unused)

#define FIXTURE_TEARDOWN(f)						\
	static void th_teardown_##f(struct th_meta *_metadata,		\
				    struct th_fixture_data_##f *self,		\
				    const struct th_fixture_variant_##f *variant);	\
	static void th_teardown_gen_##f(struct th_meta *m, void *s,	\
					const void *v)			\
	{								\
		th_teardown_##f(m, s, v);				\
	}								\
	static void th_teardown_##f(struct th_meta *_metadata __maybe_unused, \
				    struct th_fixture_data_##f *self __maybe_unused, \
				    const struct th_fixture_variant_##f *variant __maybe_unused)

#define TEST_F(f, tn) TEST_F_TIMEOUT(f, tn, TH_DEFAULT_TIMEOUT)

#define TEST_F_TIMEOUT(f, tn, secs)					\
	static void th_body_##f##_##tn(struct th_meta *_metadata,	\
					 struct th_fixture_data_##f *self,		\
					 const struct th_fixture_variant_##f *variant); \
	static void th_bgen_##f##_##tn(struct th_meta *m, void *s,	\
					 const void *v)			\
	{								\
		th_body_##f##_##tn(m, s, v);				\
	}								\
	static void th_wrap_##f##_##tn(struct th_meta *m, const void *v) \
	{								\
		FIXTURE_DATA(f) self;					\
									\
		memset(&self, 0, sizeof(self));				\
		th_run_fixture(m, &self, v, th_setup_gen_##f,		\
			       th_bgen_##f##_##tn,			\
			       th_teardown_gen_##f);			\
	}								\
	static struct th_test th_test_##f##_##tn = {			\
		.name = #tn,						\
		.fixture = &th_fixture_##f,				\
		.fn = th_wrap_##f##_##tn,				\
		.timeout = (secs),					\
	};								\
	static void __attribute__((constructor)) th_reg_##f##_##tn(void) \
	{								\
		th_register_test(&th_test_##f##_##tn);		\
	}								\
	static void th_body_##f##_##tn(struct th_meta *_metadata __maybe_unused, \
					 struct th_fixture_data_##f *self __maybe_unused, \
					 const struct th_fixture_variant_##f *variant __maybe_unused)

#define TEST_HARNESS_MAIN						\
	int main(int argc, char **argv)					\
	{								\
		return th_main(argc, argv);				\
	}

/* --------------------------------------------------------------- checks */

/*
 * Values are compared as 64-bit integers: EQ/NE on the bit pattern (so -1
 * equals (__u64)-1 and pointers compare), the ordering checks as signed.
 */
#define TH_CMP(is_assert, exp, op, seen, ordered, es, ss) do {			\
	unsigned long long __e = (unsigned long long)(exp);		\
	unsigned long long __s = (unsigned long long)(seen);		\
	bool __ok = (ordered) ? ((long long)__e op (long long)__s)	\
			      : (__e op __s);				\
	if (!__ok) {							\
		th_log("%s:%d: %s %s %s", __FILE__, __LINE__,		\
		       es, #op, ss);					\
		th_log("  %s = %lld (0x%llx), %s = %lld (0x%llx)",	\
		       es, (long long)__e, __e,				\
		       ss, (long long)__s, __s);			\
		th_fail(_metadata);					\
		if (is_assert)						\
			th_abort(_metadata);				\
	}								\
} while (0)

#define ASSERT_EQ(e, s)	TH_CMP(1, e, ==, s, 0, #e, #s)
#define ASSERT_NE(e, s)	TH_CMP(1, e, !=, s, 0, #e, #s)
#define ASSERT_LT(e, s)	TH_CMP(1, e, <, s, 1, #e, #s)
#define ASSERT_LE(e, s)	TH_CMP(1, e, <=, s, 1, #e, #s)
#define ASSERT_GT(e, s)	TH_CMP(1, e, >, s, 1, #e, #s)
#define ASSERT_GE(e, s)	TH_CMP(1, e, >=, s, 1, #e, #s)
#define EXPECT_EQ(e, s)	TH_CMP(0, e, ==, s, 0, #e, #s)
#define EXPECT_NE(e, s)	TH_CMP(0, e, !=, s, 0, #e, #s)
#define EXPECT_LT(e, s)	TH_CMP(0, e, <, s, 1, #e, #s)
#define EXPECT_LE(e, s)	TH_CMP(0, e, <=, s, 1, #e, #s)
#define EXPECT_GT(e, s)	TH_CMP(0, e, >, s, 1, #e, #s)
#define EXPECT_GE(e, s)	TH_CMP(0, e, >=, s, 1, #e, #s)

#define TH_BOOL(is_assert, cond, want, cs) do {				\
	if ((bool)(cond) != (bool)(want)) {					\
		th_log("%s:%d: expected %s to be %s", __FILE__,		\
		       __LINE__, cs, (want) ? "true" : "false");	\
		th_fail(_metadata);					\
		if (is_assert)						\
			th_abort(_metadata);				\
	}								\
} while (0)

/* String equality; both sides are printed when they differ. */
#define TH_STREQ(is_assert, exp, seen, es, ss) do {			\
	const char *__e = (exp), *__s = (seen);				\
	if (!__e || !__s || strcmp(__e, __s)) {				\
		th_log("%s:%d: %s == %s: \"%s\" != \"%s\"",		\
		       __FILE__, __LINE__, es, ss,			\
		       __e ? __e : "(null)", __s ? __s : "(null)");	\
		th_fail(_metadata);					\
		if (is_assert)						\
			th_abort(_metadata);				\
	}								\
} while (0)

#define ASSERT_STREQ(e, s)	TH_STREQ(1, e, s, #e, #s)
#define EXPECT_STREQ(e, s)	TH_STREQ(0, e, s, #e, #s)

#define ASSERT_TRUE(c)	TH_BOOL(1, c, 1, #c)
#define ASSERT_FALSE(c)	TH_BOOL(1, c, 0, #c)
#define EXPECT_TRUE(c)	TH_BOOL(0, c, 1, #c)
#define EXPECT_FALSE(c)	TH_BOOL(0, c, 0, #c)

/* expr must fail with -1 and errno == err. */
#define TH_ERRNO(is_assert, expr, err, xs) do {				\
	long __r;							\
	int __e;							\
	errno = 0;							\
	__r = (long)(expr);						\
	__e = errno;							\
	if (__r != -1 || __e != (err)) {				\
		th_log("%s:%d: %s", __FILE__, __LINE__, xs);		\
		th_log("  expected -1 errno %d (%s), got %ld errno %d (%s)", \
		       (err), strerror(err), __r, __e, strerror(__e));	\
		th_fail(_metadata);					\
		if (is_assert)						\
			th_abort(_metadata);				\
	}								\
} while (0)

#define ASSERT_ERRNO(expr, err)	TH_ERRNO(1, expr, err, #expr)
#define EXPECT_ERRNO(expr, err)	TH_ERRNO(0, expr, err, #expr)

/* expr must succeed (return >= 0). */
#define TH_SYS(is_assert, expr, xs) ({					\
	long __r;							\
	errno = 0;							\
	__r = (long)(expr);						\
	if (__r < 0) {							\
		int __e = errno;					\
		th_log("%s:%d: %s failed: %ld errno %d (%s)", __FILE__,	\
		       __LINE__, xs, __r, __e, strerror(__e));	\
		th_fail(_metadata);					\
		if (is_assert)						\
			th_abort(_metadata);				\
	}								\
	__r;								\
})

#define ASSERT_SYS(expr)	TH_SYS(1, expr, #expr)
#define EXPECT_SYS(expr)	TH_SYS(0, expr, #expr)

#define SKIP(fmt, ...) th_skip(_metadata, fmt, ##__VA_ARGS__)

/* Unconditional failure with a message. */
#define FAIL(fmt, ...) do {						\
	th_log("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__);	\
	th_fail(_metadata);						\
	th_abort(_metadata);						\
} while (0)

#endif /* TEEKIT_TESTS_HARNESS_H */
