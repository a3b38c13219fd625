// SPDX-License-Identifier: GPL-2.0-only
/*
 * arith.c - the TEE Arithmetical API (GP TEE Internal Core API v1.3.1,
 * chapter 8) on OpenSSL BIGNUMs.
 *
 * A TEE_BigInt of len words (TEE_BigIntSizeInU32(bits)) is our own
 * layout: word 0 holds a magic value and the sign (bit 0), word 1 the
 * length len, words 2..len-1 the magnitude, least significant word first.
 * Every call converts its operands to BIGNUMs, computes with OpenSSL and
 * stores the result; a result that does not fit its destination panics
 * (or returns TEE_ERROR_OVERFLOW where GP says so). TEE_BigIntFMM uses the
 * same layout and holds the plain residue; a TEE_BigIntFMMContext holds a
 * copy of the modulus.
 */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>

#include "teeta.h"

#define BI_MAGIC	0x7e3b1640u
#define BI_HDR		2

#define BI_PANIC(code, fmt, ...)					\
	do {								\
		teeta_log("%s: " fmt " (GP says: panic)", __func__,	\
			  ##__VA_ARGS__);				\
		TEE_Panic(code);					\
	} while (0)

static BN_CTX *bn_ctx(void)
{
	static BN_CTX *c;

	if (!c)
		c = BN_CTX_new();
	if (!c)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	return c;
}

static void check(const TEE_BigInt *b, const char *fn)
{
	if (!b || (b[0] & ~1u) != BI_MAGIC || b[1] < BI_HDR + 1) {
		teeta_log("%s: a TEE_BigInt argument was not set up with TEE_BigIntInit (GP says: panic)",
			  fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
}

/* the value of b as a new BIGNUM */
static BIGNUM *get(const TEE_BigInt *b, const char *fn)
{
	BIGNUM *v;

	check(b, fn);
	v = BN_lebin2bn((const unsigned char *)(b + BI_HDR), (b[1] - BI_HDR) * 4, NULL);
	if (!v)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	BN_set_negative(v, b[0] & 1);
	return v;
}

/* v into b; false when it does not fit */
static bool put_try(TEE_BigInt *b, const BIGNUM *v, const char *fn)
{
	size_t cap;

	check(b, fn);
	cap = (b[1] - BI_HDR) * 4;
	if ((size_t)BN_num_bytes(v) > cap)
		return false;
	BN_bn2lebinpad(v, (unsigned char *)(b + BI_HDR), cap);
	b[0] = BI_MAGIC | (BN_is_negative(v) && !BN_is_zero(v));
	return true;
}

static void put(TEE_BigInt *b, const BIGNUM *v, const char *fn)
{
	if (!put_try(b, v, fn)) {
		teeta_log("%s: the result (%d bits) does not fit the destination (%u bits) (GP says: panic)",
			  fn, BN_num_bits(v), (b[1] - BI_HDR) * 32);
		TEE_Panic(TEE_ERROR_OVERFLOW);
	}
}

static void free3(BIGNUM *a, BIGNUM *b, BIGNUM *c)
{
	BN_clear_free(a);
	BN_clear_free(b);
	BN_clear_free(c);
}

static BIGNUM *new_bn(void)
{
	BIGNUM *v = BN_new();

	if (!v)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	return v;
}

/* a modulus must be positive (GP: n > 0; most functions want n >= 2) */
static BIGNUM *get_mod(const TEE_BigInt *n, const char *fn)
{
	BIGNUM *m = get(n, fn);

	if (BN_is_negative(m) || BN_is_zero(m) || BN_is_one(m)) {
		BN_free(m);
		teeta_log("%s: the modulus must be at least 2 (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	return m;
}

size_t TEE_BigIntFMMContextSizeInU32(size_t modulusSizeInBits)
{
	return TEE_BigIntSizeInU32(modulusSizeInBits);
}

size_t TEE_BigIntFMMSizeInU32(size_t modulusSizeInBits)
{
	return TEE_BigIntSizeInU32(modulusSizeInBits);
}

void TEE_BigIntInit(TEE_BigInt *bigInt, size_t len)
{
	if (!bigInt || len < BI_HDR + 1 || len > 0xffffffu)
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "len %zu is not a TEE_BigIntSizeInU32() value", len);
	memset(bigInt, 0, len * sizeof(*bigInt));
	bigInt[0] = BI_MAGIC;
	bigInt[1] = len;
}

void TEE_BigIntInitFMM(TEE_BigIntFMM *bigIntFMM, size_t len)
{
	TEE_BigIntInit(bigIntFMM, len);
}

TEE_Result TEE_BigIntInitFMMContext1(TEE_BigIntFMMContext *context, size_t len,
				     const TEE_BigInt *modulus)
{
	BIGNUM *m = get_mod(modulus, __func__);

	TEE_BigIntInit(context, len);
	put(context, m, __func__);
	BN_free(m);
	return TEE_SUCCESS;
}

void TEE_BigIntInitFMMContext(TEE_BigIntFMMContext *context, size_t len,
			      const TEE_BigInt *modulus)
{
	TEE_BigIntInitFMMContext1(context, len, modulus);
}

TEE_Result TEE_BigIntConvertFromOctetString(TEE_BigInt *dest,
					    const uint8_t *buffer,
					    size_t bufferLen, int32_t sign)
{
	BIGNUM *v;
	bool ok;

	if (!buffer && bufferLen)
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "buffer is NULL");
	v = BN_bin2bn(buffer, bufferLen, NULL);
	if (!v)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	BN_set_negative(v, sign < 0);
	ok = put_try(dest, v, __func__);
	BN_clear_free(v);
	return ok ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

TEE_Result TEE_BigIntConvertToOctetString(uint8_t *buffer, size_t *bufferLen,
					  const TEE_BigInt *bigInt)
{
	BIGNUM *v = get(bigInt, __func__);
	size_t n = BN_num_bytes(v);

	if (!bufferLen)
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "bufferLen is NULL");
	if (*bufferLen < n || (n && !buffer)) {
		*bufferLen = n;
		BN_clear_free(v);
		return TEE_ERROR_SHORT_BUFFER;
	}
	BN_bn2bin(v, buffer);
	*bufferLen = n;
	BN_clear_free(v);
	return TEE_SUCCESS;
}

void TEE_BigIntConvertFromS32(TEE_BigInt *dest, int32_t shortVal)
{
	BIGNUM *v = new_bn();

	BN_set_word(v, shortVal < 0 ? -(uint64_t)shortVal : (uint64_t)shortVal);
	BN_set_negative(v, shortVal < 0);
	put(dest, v, __func__);
	BN_free(v);
}

TEE_Result TEE_BigIntConvertToS32(int32_t *dest, const TEE_BigInt *src)
{
	BIGNUM *v = get(src, __func__);
	TEE_Result res = TEE_ERROR_OVERFLOW;
	BN_ULONG w;

	if (!dest)
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "dest is NULL");
	if (BN_num_bits(v) <= 32) {
		w = BN_get_word(v);
		if (!BN_is_negative(v) && w <= INT32_MAX) {
			*dest = w;
			res = TEE_SUCCESS;
		} else if (BN_is_negative(v) && w <= (BN_ULONG)INT32_MAX + 1) {
			*dest = (int32_t)(-(int64_t)w);
			res = TEE_SUCCESS;
		}
	}
	BN_free(v);
	return res;
}

int32_t TEE_BigIntCmp(const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	BIGNUM *a = get(op1, __func__), *b = get(op2, __func__);
	int r = BN_cmp(a, b);

	free3(a, b, NULL);
	return r;
}

int32_t TEE_BigIntCmpS32(const TEE_BigInt *op, int32_t shortVal)
{
	BIGNUM *a = get(op, __func__), *b = new_bn();
	int r;

	BN_set_word(b, shortVal < 0 ? -(uint64_t)shortVal : (uint64_t)shortVal);
	BN_set_negative(b, shortVal < 0);
	r = BN_cmp(a, b);
	free3(a, b, NULL);
	return r;
}

/* the magnitude shifted, the sign kept */
void TEE_BigIntShiftRight(TEE_BigInt *dest, const TEE_BigInt *op, size_t bits)
{
	BIGNUM *a = get(op, __func__);
	int neg = BN_is_negative(a);

	BN_set_negative(a, 0);
	if (bits > INT32_MAX)
		BN_zero(a);
	else
		BN_rshift(a, a, bits);
	BN_set_negative(a, neg);
	put(dest, a, __func__);
	BN_free(a);
}

bool TEE_BigIntGetBit(const TEE_BigInt *src, uint32_t bitIndex)
{
	BIGNUM *a = get(src, __func__);
	bool r = bitIndex <= INT32_MAX && BN_is_bit_set(a, bitIndex);

	BN_free(a);
	return r;
}

uint32_t TEE_BigIntGetBitCount(const TEE_BigInt *src)
{
	BIGNUM *a = get(src, __func__);
	uint32_t r = BN_num_bits(a);

	BN_free(a);
	return r;
}

TEE_Result TEE_BigIntSetBit(TEE_BigInt *op, uint32_t bitIndex, bool value)
{
	BIGNUM *a = get(op, __func__);
	bool ok;

	check(op, __func__);
	if (bitIndex >= (op[1] - BI_HDR) * 32) {
		BN_free(a);
		return TEE_ERROR_OVERFLOW;
	}
	if (value)
		BN_set_bit(a, bitIndex);
	else
		BN_clear_bit(a, bitIndex);
	ok = put_try(op, a, __func__);
	BN_free(a);
	return ok ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

TEE_Result TEE_BigIntAssign(TEE_BigInt *dest, const TEE_BigInt *src)
{
	BIGNUM *a = get(src, __func__);
	bool ok = put_try(dest, a, __func__);

	BN_clear_free(a);
	return ok ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

TEE_Result TEE_BigIntAbs(TEE_BigInt *dest, const TEE_BigInt *src)
{
	BIGNUM *a = get(src, __func__);
	bool ok;

	BN_set_negative(a, 0);
	ok = put_try(dest, a, __func__);
	BN_clear_free(a);
	return ok ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

/* dest = f(op1, op2) for the plain operations */
enum bi_op { OP_ADD, OP_SUB, OP_MUL };

static void binop(TEE_BigInt *dest, const TEE_BigInt *op1,
		  const TEE_BigInt *op2, enum bi_op o, const char *fn)
{
	BIGNUM *a = get(op1, fn), *b = get(op2, fn), *r = new_bn();
	int ok;

	switch (o) {
	case OP_ADD:
		ok = BN_add(r, a, b);
		break;
	case OP_SUB:
		ok = BN_sub(r, a, b);
		break;
	default:
		ok = BN_mul(r, a, b, bn_ctx());
		break;
	}
	if (!ok)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
	put(dest, r, fn);
	free3(a, b, r);
}

void TEE_BigIntAdd(TEE_BigInt *dest, const TEE_BigInt *op1,
		   const TEE_BigInt *op2)
{
	binop(dest, op1, op2, OP_ADD, __func__);
}

void TEE_BigIntSub(TEE_BigInt *dest, const TEE_BigInt *op1,
		   const TEE_BigInt *op2)
{
	binop(dest, op1, op2, OP_SUB, __func__);
}

void TEE_BigIntMul(TEE_BigInt *dest, const TEE_BigInt *op1,
		   const TEE_BigInt *op2)
{
	binop(dest, op1, op2, OP_MUL, __func__);
}

void TEE_BigIntSquare(TEE_BigInt *dest, const TEE_BigInt *op)
{
	binop(dest, op, op, OP_MUL, __func__);
}

void TEE_BigIntNeg(TEE_BigInt *dest, const TEE_BigInt *op)
{
	BIGNUM *a = get(op, __func__);

	BN_set_negative(a, !BN_is_negative(a));
	put(dest, a, __func__);
	BN_free(a);
}

/* GP: q rounded toward zero, r = op1 - q * op2 (the sign of op1) */
void TEE_BigIntDiv(TEE_BigInt *dest_q, TEE_BigInt *dest_r,
		   const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	BIGNUM *a = get(op1, __func__), *b = get(op2, __func__);
	BIGNUM *q = new_bn(), *r = new_bn();

	if (BN_is_zero(b))
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "division by zero");
	if (!BN_div(q, r, a, b, bn_ctx()))
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
	if (dest_q)
		put(dest_q, q, __func__);
	if (dest_r)
		put(dest_r, r, __func__);
	free3(a, b, NULL);
	free3(q, r, NULL);
}

enum bi_mod { M_MOD, M_ADD, M_SUB, M_MUL, M_SQR, M_INV };

static void modop(TEE_BigInt *dest, const TEE_BigInt *op1,
		  const TEE_BigInt *op2, const TEE_BigInt *n, enum bi_mod o,
		  const char *fn)
{
	BIGNUM *m = get_mod(n, fn), *a = get(op1, fn);
	BIGNUM *b = op2 ? get(op2, fn) : NULL, *r = new_bn();
	BN_CTX *c = bn_ctx();
	int ok;

	switch (o) {
	case M_MOD:
		ok = BN_nnmod(r, a, m, c);
		break;
	case M_ADD:
		ok = BN_mod_add(r, a, b, m, c);
		break;
	case M_SUB:
		ok = BN_mod_sub(r, a, b, m, c);
		break;
	case M_MUL:
		ok = BN_mod_mul(r, a, b, m, c);
		break;
	case M_SQR:
		ok = BN_mod_sqr(r, a, m, c);
		break;
	default:
		ok = BN_mod_inverse(r, a, m, c) != NULL;
		if (!ok) {
			teeta_log("%s: the operand has no inverse modulo n (GP says: panic)", fn);
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
		}
		break;
	}
	if (!ok)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
	put(dest, r, fn);
	free3(m, a, b);
	BN_clear_free(r);
}

void TEE_BigIntMod(TEE_BigInt *dest, const TEE_BigInt *op,
		   const TEE_BigInt *n)
{
	BIGNUM *m = get(n, __func__);
	bool bad = BN_is_negative(m) || BN_is_zero(m);

	BN_free(m);
	if (bad)
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "the modulus must be positive");
	if (TEE_BigIntCmpS32(n, 1) == 0) {
		TEE_BigIntConvertFromS32(dest, 0);
		return;
	}
	modop(dest, op, NULL, n, M_MOD, __func__);
}

void TEE_BigIntAddMod(TEE_BigInt *dest, const TEE_BigInt *op1,
		      const TEE_BigInt *op2, const TEE_BigInt *n)
{
	modop(dest, op1, op2, n, M_ADD, __func__);
}

void TEE_BigIntSubMod(TEE_BigInt *dest, const TEE_BigInt *op1,
		      const TEE_BigInt *op2, const TEE_BigInt *n)
{
	modop(dest, op1, op2, n, M_SUB, __func__);
}

void TEE_BigIntMulMod(TEE_BigInt *dest, const TEE_BigInt *op1,
		      const TEE_BigInt *op2, const TEE_BigInt *n)
{
	modop(dest, op1, op2, n, M_MUL, __func__);
}

void TEE_BigIntSquareMod(TEE_BigInt *dest, const TEE_BigInt *op,
			 const TEE_BigInt *n)
{
	modop(dest, op, NULL, n, M_SQR, __func__);
}

void TEE_BigIntInvMod(TEE_BigInt *dest, const TEE_BigInt *op,
		      const TEE_BigInt *n)
{
	modop(dest, op, NULL, n, M_INV, __func__);
}

TEE_Result TEE_BigIntExpMod(TEE_BigInt *dest, const TEE_BigInt *op1,
			    const TEE_BigInt *op2, const TEE_BigInt *n,
			    const TEE_BigIntFMMContext *context)
{
	BIGNUM *m = get_mod(n, __func__), *a = get(op1, __func__);
	BIGNUM *e = get(op2, __func__), *r = new_bn();

	(void)context;	/* optional in GP; the modulus is n */
	if (BN_is_negative(e))
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "negative exponent");
	if (!BN_is_odd(m)) {
		free3(m, a, e);
		BN_free(r);
		return TEE_ERROR_NOT_SUPPORTED;	/* GP: n must be odd */
	}
	if (!BN_nnmod(a, a, m, bn_ctx()) || !BN_mod_exp(r, a, e, m, bn_ctx()))
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
	put(dest, r, __func__);
	free3(m, a, e);
	BN_clear_free(r);
	return TEE_SUCCESS;
}

bool TEE_BigIntRelativePrime(const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	BIGNUM *a = get(op1, __func__), *b = get(op2, __func__), *g = new_bn();
	bool r;

	if (!BN_gcd(g, a, b, bn_ctx()))
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
	r = BN_is_one(g);
	free3(a, b, g);
	return r;
}

/*
 * gcd = u * op1 + v * op2, by the extended Euclidean algorithm on
 * OpenSSL's arithmetic; the gcd is non-negative.
 */
void TEE_BigIntComputeExtendedGcd(TEE_BigInt *gcd, TEE_BigInt *u,
				  TEE_BigInt *v, const TEE_BigInt *op1,
				  const TEE_BigInt *op2)
{
	BIGNUM *r0 = get(op1, __func__), *r1 = get(op2, __func__);
	BIGNUM *s0 = new_bn(), *s1 = new_bn(), *t0 = new_bn(), *t1 = new_bn();
	BIGNUM *q = new_bn(), *tmp = new_bn(), *rem = new_bn();
	BN_CTX *c = bn_ctx();
	BIGNUM *x;

	BN_one(s0);
	BN_zero(s1);
	BN_zero(t0);
	BN_one(t1);
	while (!BN_is_zero(r1)) {
		if (!BN_div(q, rem, r0, r1, c))
			BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
		/* (r0, r1) = (r1, rem); (s0, s1) = (s1, s0 - q s1); same for t */
		x = r0;
		r0 = r1;
		r1 = rem;
		rem = x;
		BN_mul(tmp, q, s1, c);
		BN_sub(tmp, s0, tmp);
		x = s0;
		s0 = s1;
		s1 = tmp;
		tmp = x;
		BN_mul(tmp, q, t1, c);
		BN_sub(tmp, t0, tmp);
		x = t0;
		t0 = t1;
		t1 = tmp;
		tmp = x;
	}
	if (BN_is_negative(r0)) {
		BN_set_negative(r0, 0);
		BN_set_negative(s0, !BN_is_negative(s0));
		BN_set_negative(t0, !BN_is_negative(t0));
	}
	if (gcd)
		put(gcd, r0, __func__);
	if (u)
		put(u, s0, __func__);
	if (v)
		put(v, t0, __func__);
	free3(r0, r1, s0);
	free3(s1, t0, t1);
	free3(q, tmp, rem);
}

/* 0: composite; -1: probably prime (GP's values) */
int32_t TEE_BigIntIsProbablePrime(const TEE_BigInt *op,
				  uint32_t confidenceLevel)
{
	BIGNUM *a = get(op, __func__);
	int r;

	(void)confidenceLevel;	/* OpenSSL picks rounds for error < 2^-128 */
	if (BN_is_negative(a) || BN_is_zero(a) || BN_is_one(a)) {
		BN_free(a);
		return 0;
	}
	r = BN_check_prime(a, bn_ctx(), NULL);
	BN_free(a);
	if (r < 0)
		BI_PANIC(TEE_ERROR_OUT_OF_MEMORY, "OpenSSL failed");
	return r ? -1 : 0;
}

void TEE_BigIntConvertToFMM(TEE_BigIntFMM *dest, const TEE_BigInt *src,
			    const TEE_BigInt *n,
			    const TEE_BigIntFMMContext *context)
{
	(void)context;
	modop(dest, src, NULL, n, M_MOD, __func__);
}

void TEE_BigIntConvertFromFMM(TEE_BigInt *dest, const TEE_BigIntFMM *src,
			      const TEE_BigInt *n,
			      const TEE_BigIntFMMContext *context)
{
	(void)context;
	modop(dest, src, NULL, n, M_MOD, __func__);
}

void TEE_BigIntComputeFMM(TEE_BigIntFMM *dest, const TEE_BigIntFMM *op1,
			  const TEE_BigIntFMM *op2, const TEE_BigInt *n,
			  const TEE_BigIntFMMContext *context)
{
	(void)context;
	modop(dest, op1, op2, n, M_MUL, __func__);
}

/* GP 1.1 variants */
TEE_Result __GP11_TEE_BigIntConvertFromOctetString(TEE_BigInt *dest,
						   const uint8_t *buffer,
						   uint32_t bufferLen,
						   int32_t sign)
{
	return TEE_BigIntConvertFromOctetString(dest, buffer, bufferLen, sign);
}

TEE_Result __GP11_TEE_BigIntConvertToOctetString(uint8_t *buffer,
						 uint32_t *bufferLen,
						 const TEE_BigInt *bigInt)
{
	size_t l;
	TEE_Result res;

	if (!bufferLen)
		BI_PANIC(TEE_ERROR_BAD_PARAMETERS, "bufferLen is NULL");
	l = *bufferLen;
	res = TEE_BigIntConvertToOctetString(buffer, &l, bigInt);
	*bufferLen = l;
	return res;
}

void __GP11_TEE_BigIntInit(TEE_BigInt *bigInt, uint32_t len)
{
	TEE_BigIntInit(bigInt, len);
}

void __GP11_TEE_BigIntInitFMMContext(TEE_BigIntFMMContext *context,
				     uint32_t len, const TEE_BigInt *modulus)
{
	TEE_BigIntInitFMMContext1(context, len, modulus);
}

void __GP11_TEE_BigIntInitFMM(TEE_BigIntFMM *bigIntFMM, uint32_t len)
{
	TEE_BigIntInit(bigIntFMM, len);
}

uint32_t __GP11_TEE_BigIntFMMContextSizeInU32(uint32_t modulusSizeInBits)
{
	return TEE_BigIntSizeInU32(modulusSizeInBits);
}

uint32_t __GP11_TEE_BigIntFMMSizeInU32(uint32_t modulusSizeInBits)
{
	return TEE_BigIntSizeInU32(modulusSizeInBits);
}
