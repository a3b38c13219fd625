// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of the TEE Arithmetical API (secure-world/tahost/arith.c,
 * GP TEE Internal Core API v1.3.1 chapter 8): conversions, the four
 * operations with GP's rounding, modular arithmetic, gcd, primality, FMM
 * and the panics GP asks for. Known values: the textbook RSA key
 * (p = 61, q = 53, e = 17, d = 2753), 4^13 mod 497 = 445 (Schneier,
 * Applied Cryptography, 11.3), gcd(240, 46) = 2 = -9 * 240 + 47 * 46, the
 * Mersenne prime 2^127 - 1, the Fermat number 2^128 + 1 (composite) and
 * the Carmichael number 561.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include "harness.h"
#include "tahost/teeta.h"

/* the runtime's panic and log, as the TA host provides them */
static jmp_buf panic_jmp;
static uint32_t panic_code;

void TEE_Panic(TEE_Result code)
{
	panic_code = code;
	longjmp(panic_jmp, 1);
}

void teeta_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* stmt must panic (TEE_Panic longjmps back here) */
#define EXPECT_PANIC(stmt)						\
	do {								\
		panic_code = 0;						\
		if (!setjmp(panic_jmp))					\
			stmt;						\
		EXPECT_NE(0u, panic_code);				\
	} while (0)

/* a big integer of the given size in bits (freed with the process) */
static TEE_BigInt *bi_new(size_t bits)
{
	size_t n = TEE_BigIntSizeInU32(bits);
	TEE_BigInt *b = malloc(n * sizeof(*b));

	TEE_BigIntInit(b, n);
	return b;
}

static void set(TEE_BigInt *b, int64_t v)
{
	uint8_t o[8];
	uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int i;

	for (i = 0; i < 8; i++)
		o[i] = m >> (56 - 8 * i);
	TEE_BigIntConvertFromOctetString(b, o, 8, v < 0 ? -1 : 1);
}

static int64_t val(const TEE_BigInt *b)
{
	int32_t v = 0;

	if (TEE_BigIntConvertToS32(&v, b))
		return INT64_MIN;
	return v;
}

static const char *hexof(const TEE_BigInt *b)
{
	static char s[300];
	uint8_t o[128];
	size_t n = sizeof(o), i;

	TEE_BigIntConvertToOctetString(o, &n, b);
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", o[i]);
	s[2 * n] = 0;
	return s;
}

TEST(conversions)
{
	uint8_t o[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	size_t n = 2;
	int32_t s;
	TEE_BigInt *a = bi_new(64);
	TEE_BigInt *b = bi_new(128);

	EXPECT_EQ(TEE_SUCCESS, TEE_BigIntConvertFromOctetString(b, o, 9, 1));
	EXPECT_STREQ("010203040506070809", hexof(b));
	/* 9 bytes do not fit 64 bits */
	EXPECT_EQ(TEE_ERROR_OVERFLOW, TEE_BigIntConvertFromOctetString(a, o, 9, 1));
	EXPECT_EQ(TEE_ERROR_SHORT_BUFFER, TEE_BigIntConvertToOctetString(o, &n, b));
	EXPECT_EQ(9u, n);
	TEE_BigIntConvertFromS32(a, -5);
	EXPECT_EQ(-5, val(a));
	EXPECT_EQ(-1, TEE_BigIntCmpS32(a, 0));
	TEE_BigIntConvertFromS32(a, INT32_MIN);
	EXPECT_EQ(INT32_MIN, val(a));
	set(a, 1ll << 31);
	EXPECT_EQ(TEE_ERROR_OVERFLOW, TEE_BigIntConvertToS32(&s, a));
	EXPECT_EQ(TEE_ERROR_OVERFLOW, TEE_BigIntAssign(a, b));
	set(a, -42);
	EXPECT_EQ(TEE_SUCCESS, TEE_BigIntAbs(b, a));
	EXPECT_EQ(42, val(b));
	EXPECT_EQ(1, TEE_BigIntCmp(b, a) > 0);
}

TEST(basic_arithmetic)
{
	TEE_BigInt *a = bi_new(128);
	TEE_BigInt *b = bi_new(128);
	TEE_BigInt *q = bi_new(128);
	TEE_BigInt *r = bi_new(128);

	set(a, 0x7fffffffffffffffll);
	set(b, 1);
	TEE_BigIntAdd(q, a, b);
	EXPECT_STREQ("8000000000000000", hexof(q));
	TEE_BigIntMul(r, q, q);
	EXPECT_STREQ("40000000000000000000000000000000", hexof(r));
	TEE_BigIntSquare(r, q);
	EXPECT_STREQ("40000000000000000000000000000000", hexof(r));
	TEE_BigIntSub(r, b, q);
	EXPECT_EQ(-1, TEE_BigIntCmpS32(r, 0));
	TEE_BigIntNeg(r, r);
	EXPECT_STREQ("7fffffffffffffff", hexof(r));
	/* GP: the quotient rounds toward zero, the remainder has op1's sign */
	set(a, -7);
	set(b, 2);
	TEE_BigIntDiv(q, r, a, b);
	EXPECT_EQ(-3, val(q));
	EXPECT_EQ(-1, val(r));
	set(a, 7);
	set(b, -2);
	TEE_BigIntDiv(q, r, a, b);
	EXPECT_EQ(-3, val(q));
	EXPECT_EQ(1, val(r));
	set(b, 0);
	EXPECT_PANIC(TEE_BigIntDiv(q, r, a, b));
	/* a result larger than the destination panics */
	{
		TEE_BigInt *small = bi_new(32);

		set(a, 1ll << 40);
		EXPECT_PANIC(TEE_BigIntMul(small, a, a));
		EXPECT_EQ((uint32_t)TEE_ERROR_OVERFLOW, panic_code);
	}
	/* shifts and bits */
	set(a, 0x1234);
	TEE_BigIntShiftRight(b, a, 4);
	EXPECT_EQ(0x123, val(b));
	EXPECT_EQ(13u, TEE_BigIntGetBitCount(a));
	EXPECT_TRUE(TEE_BigIntGetBit(a, 2));
	EXPECT_FALSE(TEE_BigIntGetBit(a, 3));
	EXPECT_EQ(TEE_SUCCESS, TEE_BigIntSetBit(a, 0, true));
	EXPECT_EQ(0x1235, val(a));
	EXPECT_EQ(TEE_ERROR_OVERFLOW, TEE_BigIntSetBit(a, 128, true));
	/* an array that TEE_BigIntInit never saw */
	{
		TEE_BigInt junk[6] = { 0 };

		EXPECT_PANIC(TEE_BigIntAdd(q, junk, a));
	}
}

TEST(modular_arithmetic)
{
	TEE_BigInt *a = bi_new(64);
	TEE_BigInt *b = bi_new(64);
	TEE_BigInt *n = bi_new(64);
	TEE_BigInt *r = bi_new(64);
	TEE_BigInt *e = bi_new(64);

	set(a, -7);
	set(n, 5);
	TEE_BigIntMod(r, a, n);
	EXPECT_EQ(3, val(r));
	set(n, 7);
	set(a, 2);
	set(b, 5);
	TEE_BigIntSubMod(r, a, b, n);
	EXPECT_EQ(4, val(r));
	TEE_BigIntAddMod(r, b, b, n);
	EXPECT_EQ(3, val(r));
	TEE_BigIntMulMod(r, b, b, n);
	EXPECT_EQ(4, val(r));
	TEE_BigIntSquareMod(r, b, n);
	EXPECT_EQ(4, val(r));
	set(a, 3);
	set(n, 11);
	TEE_BigIntInvMod(r, a, n);
	EXPECT_EQ(4, val(r));
	set(a, 2);
	set(n, 4);
	EXPECT_PANIC(TEE_BigIntInvMod(r, a, n));
	/* Schneier: 4^13 mod 497 = 445 */
	set(a, 4);
	set(e, 13);
	set(n, 497);
	EXPECT_EQ(TEE_SUCCESS, TEE_BigIntExpMod(r, a, e, n, NULL));
	EXPECT_EQ(445, val(r));
	/* textbook RSA: n = 61 * 53, e = 17, d = 2753 */
	set(n, 3233);
	set(a, 65);
	set(e, 17);
	TEE_BigIntExpMod(r, a, e, n, NULL);
	EXPECT_EQ(2790, val(r));
	set(e, 2753);
	TEE_BigIntExpMod(b, r, e, n, NULL);
	EXPECT_EQ(65, val(b));
	set(n, 3232);
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, TEE_BigIntExpMod(r, a, e, n, NULL));
	set(n, 0);
	EXPECT_PANIC(TEE_BigIntMod(r, a, n));
}

TEST(gcd_and_primes)
{
	static const uint8_t m127[16] = { 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t f7[17] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	TEE_BigInt *a = bi_new(160);
	TEE_BigInt *b = bi_new(160);
	TEE_BigInt *g = bi_new(160);
	TEE_BigInt *u = bi_new(160);
	TEE_BigInt *v = bi_new(160);

	set(a, 240);
	set(b, 46);
	TEE_BigIntComputeExtendedGcd(g, u, v, a, b);
	EXPECT_EQ(2, val(g));
	EXPECT_EQ(-9, val(u));
	EXPECT_EQ(47, val(v));
	set(a, 35);
	set(b, 64);
	EXPECT_TRUE(TEE_BigIntRelativePrime(a, b));
	set(b, 49);
	EXPECT_FALSE(TEE_BigIntRelativePrime(a, b));
	TEE_BigIntConvertFromOctetString(a, m127, sizeof(m127), 1);
	EXPECT_EQ(-1, TEE_BigIntIsProbablePrime(a, 80));
	EXPECT_EQ(127u, TEE_BigIntGetBitCount(a));
	TEE_BigIntConvertFromOctetString(a, f7, sizeof(f7), 1);
	EXPECT_EQ(0, TEE_BigIntIsProbablePrime(a, 80));
	set(a, 561);
	EXPECT_EQ(0, TEE_BigIntIsProbablePrime(a, 80));
	set(a, 1);
	EXPECT_EQ(0, TEE_BigIntIsProbablePrime(a, 80));
}

TEST(fmm)
{
	size_t cs = TEE_BigIntFMMContextSizeInU32(64), fs = TEE_BigIntFMMSizeInU32(64);
	TEE_BigIntFMMContext ctx[cs];
	TEE_BigIntFMM x[fs], y[fs], z[fs];
	TEE_BigInt *n = bi_new(64);
	TEE_BigInt *a = bi_new(64);
	TEE_BigInt *b = bi_new(64);
	TEE_BigInt *r = bi_new(64);

	set(n, 3233);
	set(a, 65);
	set(b, 1000);
	EXPECT_EQ(TEE_SUCCESS, TEE_BigIntInitFMMContext1(ctx, cs, n));
	TEE_BigIntInitFMM(x, fs);
	TEE_BigIntInitFMM(y, fs);
	TEE_BigIntInitFMM(z, fs);
	TEE_BigIntConvertToFMM(x, a, n, ctx);
	TEE_BigIntConvertToFMM(y, b, n, ctx);
	TEE_BigIntComputeFMM(z, x, y, n, ctx);
	TEE_BigIntConvertFromFMM(r, z, n, ctx);
	EXPECT_EQ(65 * 1000 % 3233, val(r));
}

TEST_HARNESS_MAIN
