// SPDX-License-Identifier: GPL-2.0-only
/*
 * crypto: the GP cryptographic API of the TA runtime (issue 13), through
 * the crypto test TA (tests/ta-runtime/cta), which is a remote for the
 * API: published vectors (FIPS 180-4/197/202, SP 800-38A/B/C/D, RFCs
 * 1321, 2202, 3610, 3962, 4231, 5869, 5903, 6070, 7518, 7748, 8032, GB/T
 * 32905/32907, IEEE 1619), interop with OpenSSL on the client side (the TA
 * signs or encrypts, the client verifies or decrypts, and back), GP's
 * state and usage rules (panics as TARGET_DEAD) and short buffers.
 *
 * One source, two programs: in the VM (tests/check ta-runtime/crypto)
 * through libteec, the emulator and the sandboxed TA host; on the host
 * (CRYPTO_HOST, tests/host/crypto.sh) through libteekit-tatest. Each
 * test runs against the GP 1.3 build of the TA and its GP 1.1 build.
 */
#include <stdint.h>
#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "harness.h"
#include "../../sdk/include/tee_api_defines.h"
#include "../../sdk/include/tee_api_defines_extensions.h"
#include "cta/crypto_ta.h"

#ifdef CRYPTO_HOST
#include <teekit_tatest.h>
#else
#include <sys/stat.h>
#include <tee_client_api.h>
#include "tee_stack.h"
#define TOS		"/usr/sbin/teekit-tos"
#define TOS_LOG		"/tmp/teekit-tos-crypto.log"
#define TA_DIR		"/lib/optee_armtz"
#endif

/* ---- transport: one session to the crypto TA ----------------------------- */

struct cp {
	uint32_t t;		/* TEE_PARAM_TYPE_* (same values as TEEC's) */
	uint32_t a, b;
	void *buf;
	size_t size;
};

#define P_NONE		{ 0 }
#define P_VIN(x, y)	{ .t = 1, .a = (x), .b = (y) }
#define P_VOUT		{ .t = 2 }
#define P_VIO(x, y)	{ .t = 3, .a = (x), .b = (y) }
#define P_MIN(p, n)	{ .t = 5, .buf = (void *)(p), .size = (n) }
#define P_MOUT(p, n)	{ .t = 6, .buf = (p), .size = (n) }
#define P_MIO(p, n)	{ .t = 7, .buf = (p), .size = (n) }

static const char *ta_uuid;
static uint32_t last_panic;

#ifdef CRYPTO_HOST
static struct tatest *T;
static uint32_t sess;

static int ct_open(void)
{
	char path[512];
	uint32_t o;

	if (!T) {
		snprintf(path, sizeof(path), "%s/%s.so", getenv("CRYPTO_TA_DIR") ?: ".",
			 ta_uuid);
		T = tatest_load(path);
		if (!T) {
			fprintf(stderr, "# %s\n", tatest_error());
			return -1;
		}
	}
	return tatest_open(T, NULL, 0, NULL, &sess, &o) ? -1 : 0;
}

static void ct_close(void)
{
	if (T)
		tatest_unload(T);
	T = NULL;
}

static uint32_t call(uint32_t cmd, struct cp p[4])
{
	TEE_Param tp[4];
	uint32_t pt = 0, o, r;
	int i;

	memset(tp, 0, sizeof(tp));
	for (i = 0; i < 4; i++) {
		pt |= p[i].t << (4 * i);
		if (p[i].t >= 5) {
			tp[i].memref.buffer = p[i].buf;
			tp[i].memref.size = p[i].size;
		} else {
			tp[i].value.a = p[i].a;
			tp[i].value.b = p[i].b;
		}
	}
	r = tatest_invoke(T, sess, cmd, pt, tp, &o);
	if (r == TEE_ERROR_TARGET_DEAD && tatest_panicked(T, &last_panic)) {
		ct_open();	/* a new instance for what follows */
		return r;
	}
	for (i = 0; i < 4; i++) {
		if (p[i].t >= 5) {
			p[i].size = tp[i].memref.size;
		} else {
			p[i].a = tp[i].value.a;
			p[i].b = tp[i].value.b;
		}
	}
	return r;
}
#else
static pid_t tos;
static TEEC_Context ctx;
static TEEC_Session S;

static int ct_open(void)
{
	TEEC_UUID u;
	uint32_t o;

	tt_teec_uuid(ta_uuid, &u);
	return TEEC_OpenSession(&ctx, &S, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &o) ?
		-1 : 0;
}

static int ct_start(void)
{
	if (access("/dev/teekit_sim", F_OK) && system("modprobe teekit_sim"))
		return -1;
	unlink(TOS_LOG);
	tos = fork();
	if (!tos) {
		execl(TOS, TOS, "--foreground", "--ta-dir", TA_DIR, "--log", TOS_LOG,
		      (char *)NULL);
		_exit(127);
	}
	if (tt_wait_emulator() || TEEC_InitializeContext(NULL, &ctx))
		return -1;
	return ct_open();
}

static void ct_close(void)
{
	TEEC_CloseSession(&S);
	TEEC_FinalizeContext(&ctx);
	tt_stop_daemon(tos);
}

static uint32_t call(uint32_t cmd, struct cp p[4])
{
	TEEC_Operation op;
	uint32_t o, r;
	int i;

	memset(&op, 0, sizeof(op));
	for (i = 0; i < 4; i++) {
		op.paramTypes |= p[i].t << (4 * i);
		if (p[i].t >= 5) {
			op.params[i].tmpref.buffer = p[i].buf;
			op.params[i].tmpref.size = p[i].size;
		} else {
			op.params[i].value.a = p[i].a;
			op.params[i].value.b = p[i].b;
		}
	}
	r = TEEC_InvokeCommand(&S, cmd, &op, &o);
	if (r == TEEC_ERROR_TARGET_DEAD) {
		last_panic = 0;	/* the code is in the emulator's log */
		TEEC_CloseSession(&S);
		ct_open();
		return r;
	}
	for (i = 0; i < 4; i++) {
		if (p[i].t >= 5) {
			p[i].size = op.params[i].tmpref.size;
		} else {
			p[i].a = op.params[i].value.a;
			p[i].b = op.params[i].value.b;
		}
	}
	return r;
}
#endif

/* ---- helpers ---------------------------------------------------------------- */

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	unsigned int v;

	while (h[0] && h[1]) {
		if (h[0] == ' ') {
			h++;
			continue;
		}
		sscanf(h, "%2x", &v);
		out[n++] = v;
		h += 2;
	}
	return n;
}

static const char *hex(const uint8_t *b, size_t n)
{
	static char bufs[4][4200];
	static int k;
	char *s = bufs[k++ % 4];
	size_t i;

	for (i = 0; i < n && i < 2048; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	s[2 * i] = 0;
	return s;
}

/* a list of attributes in the TA's record format */
struct ab {
	uint8_t b[8192];
	size_t n;
};

static void ab_add(struct ab *l, uint32_t id, uint32_t a, uint32_t b,
		   const void *p, uint32_t len)
{
	uint32_t h[4] = { id, a, b, len };

	memcpy(l->b + l->n, h, sizeof(h));
	l->n += sizeof(h);
	if (len)
		memcpy(l->b + l->n, p, len);
	l->n += (len + 3) & ~3u;
}

static void ab_hex(struct ab *l, uint32_t id, const char *h)
{
	uint8_t t[1024];

	ab_add(l, id, 0, 0, t, unhex(h, t));
}

static void ab_val(struct ab *l, uint32_t id, uint32_t a)
{
	ab_add(l, id, a, 0, NULL, 0);
}

static uint32_t obj_alloc(uint32_t type, uint32_t max, uint32_t *h)
{
	struct cp p[4] = { P_VIN(type, max), P_VOUT, P_NONE, P_NONE };
	uint32_t r = call(CT_OBJ_ALLOC, p);

	*h = p[1].a;
	return r;
}

static uint32_t obj_populate(uint32_t h, struct ab *l)
{
	struct cp p[4] = { P_VIN(h, 0), P_MIN(l->b, l->n), P_NONE, P_NONE };

	return call(CT_OBJ_POPULATE, p);
}

static uint32_t obj_genkey(uint32_t h, uint32_t bits, struct ab *l)
{
	struct cp p[4] = { P_VIN(h, bits), P_MIN(l ? l->b : NULL, l ? l->n : 0),
			   P_NONE, P_NONE };

	return call(CT_OBJ_GENKEY, p);
}

static uint32_t obj_getbuf(uint32_t h, uint32_t id, uint8_t *out, size_t *len)
{
	struct cp p[4] = { P_VIN(h, id), P_MOUT(out, *len), P_NONE, P_NONE };
	uint32_t r = call(CT_OBJ_GET_BUF, p);

	*len = p[1].size;
	return r;
}

static void obj_free(uint32_t h)
{
	struct cp p[4] = { P_VIN(h, 0), P_NONE, P_NONE, P_NONE };

	call(CT_OBJ_FREE, p);
}

/* a secret key object of type with key hex; 0 on failure */
static uint32_t key_secret(uint32_t type, const char *keyhex)
{
	struct ab l = { .n = 0 };
	uint32_t h, attr = TEE_ATTR_SECRET_VALUE;
	uint8_t k[512];
	size_t n = unhex(keyhex, k);

	if (type == TEE_TYPE_HKDF_IKM)
		attr = TEE_ATTR_HKDF_IKM;
	else if (type == TEE_TYPE_CONCAT_KDF_Z)
		attr = TEE_ATTR_CONCAT_KDF_Z;
	else if (type == TEE_TYPE_PBKDF2_PASSWORD)
		attr = TEE_ATTR_PBKDF2_PASSWORD;
	if (obj_alloc(type, n * 8, &h))
		return 0;
	ab_add(&l, attr, 0, 0, k, n);
	if (obj_populate(h, &l))
		return 0;
	return h;
}

static uint32_t op_alloc(uint32_t alg, uint32_t mode, uint32_t max, uint32_t *h)
{
	struct cp p[4] = { P_VIN(alg, mode), P_VIO(max, 0), P_NONE, P_NONE };
	uint32_t r = call(CT_OP_ALLOC, p);

	*h = p[1].a;
	return r;
}

static uint32_t op_setkey(uint32_t op, uint32_t key)
{
	struct cp p[4] = { P_VIN(op, key), P_VIN(0, 0), P_NONE, P_NONE };

	return call(CT_OP_SETKEY, p);
}

static uint32_t op_setkey2(uint32_t op, uint32_t k1, uint32_t k2)
{
	struct cp p[4] = { P_VIN(op, k1), P_VIN(k2, 1), P_NONE, P_NONE };

	return call(CT_OP_SETKEY, p);
}

static void op_free(uint32_t h)
{
	struct cp p[4] = { P_VIN(h, 0), P_NONE, P_NONE, P_NONE };

	call(CT_OP_FREE, p);
}

/* cmd with v0 = op, m1 IN, m2 OUT; *olen in/out */
static uint32_t op_io(uint32_t cmd, uint32_t op, const void *in, size_t ilen,
		      void *out, size_t *olen)
{
	struct cp p[4] = { P_VIN(op, 0), P_MIN(in, ilen), P_MOUT(out, *olen), P_NONE };
	uint32_t r = call(cmd, p);

	*olen = p[2].size;
	return r;
}

static uint32_t op_in(uint32_t cmd, uint32_t op, const void *in, size_t ilen)
{
	struct cp p[4] = { P_VIN(op, 0), P_MIN(in, ilen), P_NONE, P_NONE };

	if (!in)
		p[1].t = 0;
	return call(cmd, p);
}

/* ---- operations with a hex result ("ERR xxxxxxxx" on failure) -------------- */

static const char *err(uint32_t r)
{
	static char b[4][32];
	static int k;
	char *s = b[k++ % 4];

	snprintf(s, 32, "ERR %08x", r);
	return s;
}

/* the digest of msg, fed in two updates and a final */
static const char *digest(uint32_t alg, const void *msg, size_t len, size_t outlen)
{
	uint8_t out[256];
	size_t ol = outlen;
	uint32_t op, r;

	r = op_alloc(alg, TEE_MODE_DIGEST, 0, &op);
	if (r)
		return err(r);
	op_in(CT_DIGEST_UPDATE, op, msg, len / 3);
	op_in(CT_DIGEST_UPDATE, op, (const uint8_t *)msg + len / 3, len / 3);
	r = op_io(CT_DIGEST_FINAL, op, (const uint8_t *)msg + 2 * (len / 3),
		  len - 2 * (len / 3), out, &ol);
	op_free(op);
	return r ? err(r) : hex(out, ol);
}

/* cipher in hex: key, iv (or NULL), input; input fed in two parts */
static const char *cipher2(uint32_t alg, uint32_t mode, uint32_t ktype,
			   const char *key, const char *key2, const char *iv,
			   const char *in, size_t split)
{
	uint8_t i[1024], o[1100], v[64];
	size_t n = unhex(in, i), ol, tot = 0, vl = iv ? unhex(iv, v) : 0;
	uint32_t op, k, k2 = 0, r;
	struct cp p[4] = { P_NONE, P_NONE, P_NONE, P_NONE };

	k = key_secret(ktype, key);
	if (key2)
		k2 = key_secret(ktype, key2);
	r = op_alloc(alg, mode, strlen(key) * 4, &op);
	if (r)
		return err(r);
	r = key2 ? op_setkey2(op, k, k2) : op_setkey(op, k);
	if (r)
		return err(r);
	p[0] = (struct cp)P_VIN(op, 0);
	if (iv)
		p[1] = (struct cp)P_MIN(v, vl);
	r = call(CT_CIPHER_INIT, p);
	if (r)
		return err(r);
	if (split > n)
		split = n;
	ol = sizeof(o);
	r = op_io(CT_CIPHER_UPDATE, op, i, split, o, &ol);
	if (r)
		return err(r);
	tot = ol;
	ol = sizeof(o) - tot;
	r = op_io(CT_CIPHER_FINAL, op, i + split, n - split, o + tot, &ol);
	if (r)
		return err(r);
	tot += ol;
	op_free(op);
	obj_free(k);
	if (k2)
		obj_free(k2);
	return hex(o, tot);
}

static const char *cipher(uint32_t alg, uint32_t mode, uint32_t ktype,
			  const char *key, const char *iv, const char *in)
{
	return cipher2(alg, mode, ktype, key, NULL, iv, in, 5);
}

static const char *mac(uint32_t alg, uint32_t ktype, const char *key,
		       const void *msg, size_t len, const char *iv)
{
	uint8_t out[128], v[16];
	size_t ol = sizeof(out), vl = iv ? unhex(iv, v) : 0;
	uint32_t op, k, r;

	k = key_secret(ktype, key);
	r = op_alloc(alg, TEE_MODE_MAC, strlen(key) * 4, &op);
	if (!r)
		r = op_setkey(op, k);
	if (r)
		return err(r);
	op_in(CT_MAC_INIT, op, iv ? v : NULL, vl);
	op_in(CT_MAC_UPDATE, op, msg, len / 2);
	r = op_io(CT_MAC_FINAL, op, (const uint8_t *)msg + len / 2, len - len / 2,
		  out, &ol);
	op_free(op);
	obj_free(k);
	return r ? err(r) : hex(out, ol);
}

/* AE: returns "ciphertext tag"; for decrypt, in is "ciphertext" and tag given */
static const char *ae(uint32_t alg, uint32_t mode, const char *key,
		      const char *nonce, const char *aad, const char *in,
		      uint32_t tagbits, const char *tagin, uint32_t *res)
{
	uint8_t kb[32], nb[64], ab[256], ib[512], ob[600], tb[16];
	size_t an = unhex(aad, ab), in_n = unhex(in, ib), nn = unhex(nonce, nb);
	size_t ol, tot, tl = sizeof(tb);
	uint32_t op, k, r;
	static char s[4][2400];
	static int q;
	char *out = s[q++ % 4];

	(void)kb;
	k = key_secret(TEE_TYPE_AES, key);
	r = op_alloc(alg, mode, strlen(key) * 4, &op);
	if (!r)
		r = op_setkey(op, k);
	if (!r) {
		struct cp p[4] = { P_VIN(op, tagbits), P_MIN(nb, nn), P_VIN(an, in_n),
				   P_NONE };

		r = call(CT_AE_INIT, p);
	}
	if (r) {
		*res = r;
		return err(r);
	}
	op_in(CT_AE_AAD, op, ab, an / 2);
	op_in(CT_AE_AAD, op, ab + an / 2, an - an / 2);
	ol = sizeof(ob);
	r = op_io(CT_AE_UPDATE, op, ib, in_n / 2, ob, &ol);
	tot = ol;
	ol = sizeof(ob) - tot;
	if (mode == TEE_MODE_ENCRYPT) {
		struct cp p[4] = { P_VIN(op, 0), P_MIN(ib + in_n / 2, in_n - in_n / 2),
				   P_MOUT(ob + tot, ol), P_MOUT(tb, tl) };

		r = call(CT_AE_ENC_FINAL, p);
		tot += p[2].size;
		tl = p[3].size;
	} else {
		struct cp p[4] = { P_VIN(op, 0), P_MIN(ib + in_n / 2, in_n - in_n / 2),
				   P_MOUT(ob + tot, ol), P_MIN(tb, unhex(tagin, tb)) };

		r = call(CT_AE_DEC_FINAL, p);
		tot += p[2].size;
		tl = 0;
	}
	op_free(op);
	obj_free(k);
	*res = r;
	if (r)
		return err(r);
	snprintf(out, 2400, "%s%s%s", hex(ob, tot), tl ? " " : "", tl ? hex(tb, tl) : "");
	return out;
}

/* ---- fixture --------------------------------------------------------------- */

FIXTURE(crypto) {
	int unused;
};

FIXTURE_VARIANT(crypto) {
	const char *uuid;
};

FIXTURE_VARIANT_ADD(crypto, gp13) { .uuid = CT_TA_UUID(10) };
FIXTURE_VARIANT_ADD(crypto, gp11) { .uuid = CT_TA_UUID(11) };

FIXTURE_SETUP(crypto)
{
	ta_uuid = variant->uuid;
#ifdef CRYPTO_HOST
	ASSERT_EQ(0, ct_open());
#else
	ASSERT_EQ(0, ct_start());
#endif
}

FIXTURE_TEARDOWN(crypto)
{
	ct_close();
#ifndef CRYPTO_HOST
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
#endif
}

/* a call that must panic (TARGET_DEAD; on the host also the code) */
#ifdef CRYPTO_HOST
#define EXPECT_PANIC(code, expr)					\
	do {								\
		EXPECT_EQ((uint32_t)TEE_ERROR_TARGET_DEAD, (uint32_t)(expr)); \
		EXPECT_EQ((uint32_t)(code), last_panic);		\
	} while (0)
#else
#define EXPECT_PANIC(code, expr)					\
	EXPECT_EQ((uint32_t)TEE_ERROR_TARGET_DEAD, (uint32_t)(expr))
#endif

/* ---- random ------------------------------------------------------------------- */

TEST_F(crypto, random)
{
	uint8_t a[64], b[64], z[64] = { 0 };
	struct cp p[4] = { P_MOUT(a, sizeof(a)), P_NONE, P_NONE, P_NONE };

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	ASSERT_EQ(TEE_SUCCESS, call(CT_RANDOM, p));
	p[0].buf = b;
	ASSERT_EQ(TEE_SUCCESS, call(CT_RANDOM, p));
	EXPECT_NE(0, memcmp(a, z, sizeof(a)));
	EXPECT_NE(0, memcmp(a, b, sizeof(a)));
	p[0].size = 0;
	EXPECT_EQ(TEE_SUCCESS, call(CT_RANDOM, p));
}

/* ---- digests ----------------------------------------------------------------- */

TEST_F(crypto, digests)
{
	static const struct {
		uint32_t alg;
		const char *md;	/* of "abc" */
	} v[] = {
		/* RFC 1321 A.5 */
		{ TEE_ALG_MD5, "900150983cd24fb0d6963f7d28e17f72" },
		/* FIPS 180-4 examples (NIST CSRC "SHA*.pdf", one-block message) */
		{ TEE_ALG_SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ TEE_ALG_SHA224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7" },
		{ TEE_ALG_SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ TEE_ALG_SHA384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
		{ TEE_ALG_SHA512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
		/* FIPS 202 examples (NIST CSRC "SHA3-*_Msg24.pdf") */
		{ TEE_ALG_SHA3_224, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf" },
		{ TEE_ALG_SHA3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" },
		{ TEE_ALG_SHA3_384, "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25" },
		{ TEE_ALG_SHA3_512, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0" },
		/* GB/T 32905-2016 appendix A, example 1 */
		{ TEE_ALG_SM3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		EXPECT_STREQ(v[i].md, digest(v[i].alg, "abc", 3, 64));
	/* FIPS 202: SHAKE128("", 256 bits), SHAKE256("", 512 bits) */
	EXPECT_STREQ("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26",
		     digest(TEE_ALG_SHAKE128, "", 0, 32));
	EXPECT_STREQ("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be",
		     digest(TEE_ALG_SHAKE256, "", 0, 64));
	/* MD5SHA1 is the two concatenated */
	EXPECT_STREQ("900150983cd24fb0d6963f7d28e17f72a9993e364706816aba3e25717850c26c9cd0d89d",
		     digest(TEE_ALG_MD5SHA1, "abc", 3, 64));
}

TEST_F(crypto, digest_rules)
{
	uint8_t out[64], info[64];
	size_t ol = 16;
	uint32_t op, op2;
	struct cp p[4] = { P_NONE, P_MOUT(info, sizeof(info)), P_NONE, P_NONE };

	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_SHA256, TEE_MODE_DIGEST, 0, &op));
	/* short buffer: TEE_ERROR_SHORT_BUFFER and the size needed */
	EXPECT_EQ(TEE_ERROR_SHORT_BUFFER, op_io(CT_DIGEST_FINAL, op, "abc", 3, out, &ol));
	EXPECT_EQ(32u, ol);
	/* the operation is unchanged: the same final then succeeds */
	ol = sizeof(out);
	EXPECT_EQ(TEE_SUCCESS, op_io(CT_DIGEST_FINAL, op, "abc", 3, out, &ol));
	EXPECT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		     hex(out, ol));
	/* operation info */
	p[0] = (struct cp)P_VIN(op, 0);
	ASSERT_EQ(TEE_SUCCESS, call(CT_OP_INFO, p));
	{
		uint32_t u[8];

		memcpy(u, info, sizeof(u));
		EXPECT_EQ((uint32_t)TEE_ALG_SHA256, u[0]);
		EXPECT_EQ((uint32_t)TEE_OPERATION_DIGEST, u[1]);
		EXPECT_EQ((uint32_t)TEE_MODE_DIGEST, u[2]);
		EXPECT_EQ(32u, u[3]);
	}
	/* copy in the middle of a computation */
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_SHA256, TEE_MODE_DIGEST, 0, &op2));
	op_in(CT_DIGEST_UPDATE, op, "a", 1);
	{
		struct cp c[4] = { P_VIN(op2, op), P_NONE, P_NONE, P_NONE };

		EXPECT_EQ(TEE_SUCCESS, call(CT_OP_COPY, c));
	}
	ol = sizeof(out);
	EXPECT_EQ(TEE_SUCCESS, op_io(CT_DIGEST_FINAL, op2, "bc", 2, out, &ol));
	EXPECT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		     hex(out, ol));
	/* SHAKE256 extracted in parts is the one long output (FIPS 202) */
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_SHAKE256, TEE_MODE_DIGEST, 0, &op));
	{
		uint8_t x[64];
		struct cp e[4] = { P_VIN(op, 0), P_MOUT(x, 10), P_NONE, P_NONE };

		EXPECT_EQ(TEE_SUCCESS, call(CT_DIGEST_EXTRACT, e));
		e[1] = (struct cp)P_MOUT(x + 10, 54);
		EXPECT_EQ(TEE_SUCCESS, call(CT_DIGEST_EXTRACT, e));
		EXPECT_STREQ("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be",
			     hex(x, 64));
		/* GP: no update while extracting */
		EXPECT_PANIC(TEE_ERROR_BAD_STATE, op_in(CT_DIGEST_UPDATE, op, "a", 1));
	}
	/* a digest algorithm in another mode is not supported */
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, op_alloc(TEE_ALG_SHA256, TEE_MODE_ENCRYPT, 0, &op));
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, op_alloc(0x50000077, TEE_MODE_DIGEST, 0, &op));
}

/* ---- MACs --------------------------------------------------------------------- */

TEST_F(crypto, hmac)
{
	static const char *m = "what do ya want for nothing?";
	const size_t n = strlen(m);

	/*
	 * RFC 2202 test case 2 (key "Jefe": shorter than GP's HMAC key
	 * sizes, so a generic secret, which HMAC operations accept)
	 */
	EXPECT_STREQ("750c783e6ab0b503eaa86e310a5db738",
		     mac(TEE_ALG_HMAC_MD5, TEE_TYPE_GENERIC_SECRET, "4a656665", m, n, NULL));
	EXPECT_STREQ("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
		     mac(TEE_ALG_HMAC_SHA1, TEE_TYPE_GENERIC_SECRET, "4a656665", m, n, NULL));
	/* RFC 4231 test case 2 */
	EXPECT_STREQ("a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
		     mac(TEE_ALG_HMAC_SHA224, TEE_TYPE_GENERIC_SECRET, "4a656665", m, n, NULL));
	EXPECT_STREQ("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		     mac(TEE_ALG_HMAC_SHA256, TEE_TYPE_GENERIC_SECRET, "4a656665", m, n, NULL));
	EXPECT_STREQ("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
		     mac(TEE_ALG_HMAC_SHA384, TEE_TYPE_GENERIC_SECRET, "4a656665", m, n, NULL));
	EXPECT_STREQ("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
		     mac(TEE_ALG_HMAC_SHA512, TEE_TYPE_GENERIC_SECRET, "4a656665", m, n, NULL));
	/* RFC 4231 test case 1 (key: 20 bytes 0x0b) */
	EXPECT_STREQ("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
		     mac(TEE_ALG_HMAC_SHA256, TEE_TYPE_GENERIC_SECRET,
			 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", 8, NULL));
	/* RFC 2202 test case 1, with an HMAC-SHA1 key object */
	EXPECT_STREQ("b617318655057264e28bc0b6fb378c8ef146be00",
		     mac(TEE_ALG_HMAC_SHA1, TEE_TYPE_HMAC_SHA1,
			 "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", 8, NULL));
}

TEST_F(crypto, cmac_cbc_mac)
{
	uint8_t m[16];

	unhex("6bc1bee22e409f96e93d7e117393172a", m);
	/* SP 800-38B D.1, AES-128, examples 1 and 2 */
	EXPECT_STREQ("bb1d6929e95937287fa37d129b756746",
		     mac(TEE_ALG_AES_CMAC, TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c",
			 "", 0, NULL));
	EXPECT_STREQ("070a16b46b4d4144f79bdd9dd04a287c",
		     mac(TEE_ALG_AES_CMAC, TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c",
			 m, 16, NULL));
	/* CBC-MAC of one block = its CBC encryption (SP 800-38A F.2.1 block 1) */
	EXPECT_STREQ("7649abac8119b246cee98e9b12e9197d",
		     mac(TEE_ALG_AES_CBC_MAC_NOPAD, TEE_TYPE_AES,
			 "2b7e151628aed2a6abf7158809cf4f3c", m, 16,
			 "000102030405060708090a0b0c0d0e0f"));
	/* NOPAD over a partial block is refused */
	EXPECT_STREQ(err(TEE_ERROR_BAD_PARAMETERS),
		     mac(TEE_ALG_AES_CBC_MAC_NOPAD, TEE_TYPE_AES,
			 "2b7e151628aed2a6abf7158809cf4f3c", m, 15, NULL));
	/* DES CBC-MAC of one block: the FIPS 46 worked example's ciphertext */
	unhex("0123456789abcdef", m);
	EXPECT_STREQ("85e813540f0ab405",
		     mac(TEE_ALG_DES_CBC_MAC_NOPAD, TEE_TYPE_DES, "133457799bbcdff1", m, 8,
			 NULL));
}

TEST_F(crypto, mac_rules)
{
	uint8_t tag[16], m[16];
	uint32_t op, k, k2;
	struct cp p[4] = { P_NONE, P_NONE, P_NONE, P_NONE };

	unhex("070a16b46b4d4144f79bdd9dd04a287c", tag);
	unhex("6bc1bee22e409f96e93d7e117393172a", m);
	k = key_secret(TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c");
	ASSERT_NE(0u, k);
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CMAC, TEE_MODE_MAC, 128, &op));
	ASSERT_EQ(TEE_SUCCESS, op_setkey(op, k));
	op_in(CT_MAC_INIT, op, NULL, 0);
	p[0] = (struct cp)P_VIN(op, 0);
	p[1] = (struct cp)P_MIN(m, 16);
	p[2] = (struct cp)P_MIN(tag, 16);
	EXPECT_EQ(TEE_SUCCESS, call(CT_MAC_COMPARE, p));
	op_in(CT_MAC_INIT, op, NULL, 0);
	tag[3] ^= 1;
	EXPECT_EQ(TEE_ERROR_MAC_INVALID, call(CT_MAC_COMPARE, p));
	/* after a final the operation needs MACInit again: GP panics */
	EXPECT_PANIC(TEE_ERROR_BAD_STATE, op_in(CT_MAC_UPDATE, op, m, 16));
	/* a key without TEE_USAGE_MAC */
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CMAC, TEE_MODE_MAC, 128, &op));
	k = key_secret(TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c");
	{
		struct cp r[4] = { P_VIN(k, ~(uint32_t)TEE_USAGE_MAC), P_NONE, P_NONE,
				   P_NONE };

		EXPECT_EQ(TEE_SUCCESS, call(CT_OBJ_RESTRICT, r));
	}
	EXPECT_PANIC(TEE_ERROR_ACCESS_DENIED, op_setkey(op, k));
	/* a key of the wrong type */
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CMAC, TEE_MODE_MAC, 128, &op));
	k2 = key_secret(TEE_TYPE_HMAC_SHA256, "00112233445566778899aabbccddeeff0011223344556677");
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, op_setkey(op, k2));
	/* MACInit without a key */
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, 256, &op));
	EXPECT_PANIC(TEE_ERROR_BAD_STATE, op_in(CT_MAC_INIT, op, NULL, 0));
}

/* ---- symmetric ciphers ---------------------------------------------------------- */

TEST_F(crypto, aes)
{
	const char *k128 = "2b7e151628aed2a6abf7158809cf4f3c";
	const char *pt = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";

	/* FIPS 197 C.1-C.3 */
	EXPECT_STREQ("69c4e0d86a7b0430d8cdb78070b4c55a",
		     cipher(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			    "000102030405060708090a0b0c0d0e0f", NULL,
			    "00112233445566778899aabbccddeeff"));
	EXPECT_STREQ("dda97ca4864cdfe06eaf70a0ec0d7191",
		     cipher(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			    "000102030405060708090a0b0c0d0e0f1011121314151617", NULL,
			    "00112233445566778899aabbccddeeff"));
	EXPECT_STREQ("8ea2b7ca516745bfeafc49904b496089",
		     cipher(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
			    NULL, "00112233445566778899aabbccddeeff"));
	EXPECT_STREQ("00112233445566778899aabbccddeeff",
		     cipher(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_DECRYPT, TEE_TYPE_AES,
			    "000102030405060708090a0b0c0d0e0f", NULL,
			    "69c4e0d86a7b0430d8cdb78070b4c55a"));
	/* SP 800-38A F.1.1, F.2.1/F.2.2, F.5.1/F.5.2 (first two blocks) */
	EXPECT_STREQ("3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf",
		     cipher(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES, k128,
			    NULL, pt));
	EXPECT_STREQ("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2",
		     cipher(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES, k128,
			    "000102030405060708090a0b0c0d0e0f", pt));
	EXPECT_STREQ(pt, cipher(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_DECRYPT, TEE_TYPE_AES, k128,
				"000102030405060708090a0b0c0d0e0f",
				"7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"));
	EXPECT_STREQ("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff",
		     cipher(TEE_ALG_AES_CTR, TEE_MODE_ENCRYPT, TEE_TYPE_AES, k128,
			    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", pt));
	EXPECT_STREQ("874d6191b620e3261bef6864990db6ce9806f6",
		     cipher(TEE_ALG_AES_CTR, TEE_MODE_ENCRYPT, TEE_TYPE_AES, k128,
			    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
			    "6bc1bee22e409f96e93d7e117393172aae2d8a"));
	/* RFC 3962 appendix B (AES-128 CTS, CBC-CS3, zero IV): 17, 31, 32, 47 bytes */
	EXPECT_STREQ("c6353568f2bf8cb4d8a580362da7ff7f97",
		     cipher(TEE_ALG_AES_CTS, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			    "636869636b656e207465726979616b69", "00000000000000000000000000000000",
			    "4920776f756c64206c696b652074686520"));
	EXPECT_STREQ("fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5",
		     cipher(TEE_ALG_AES_CTS, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			    "636869636b656e207465726979616b69", "00000000000000000000000000000000",
			    "4920776f756c64206c696b65207468652047656e6572616c20476175277320"));
	EXPECT_STREQ("39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584",
		     cipher(TEE_ALG_AES_CTS, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			    "636869636b656e207465726979616b69", "00000000000000000000000000000000",
			    "4920776f756c64206c696b65207468652047656e6572616c2047617527732043"));
	EXPECT_STREQ("4920776f756c64206c696b652074686520",
		     cipher(TEE_ALG_AES_CTS, TEE_MODE_DECRYPT, TEE_TYPE_AES,
			    "636869636b656e207465726979616b69", "00000000000000000000000000000000",
			    "c6353568f2bf8cb4d8a580362da7ff7f97"));
	/* IEEE 1619-2007 annex B, XTS-AES-128 vector 2 (data unit 0x3333333333) */
	EXPECT_STREQ("c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0",
		     cipher2(TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, TEE_TYPE_AES,
			     "11111111111111111111111111111111", "22222222222222222222222222222222",
			     "33333333330000000000000000000000",
			     "4444444444444444444444444444444444444444444444444444444444444444", 7));
}

TEST_F(crypto, des_sm4)
{
	/* FIPS 46-3 worked example (key 133457799bbcdff1) */
	EXPECT_STREQ("85e813540f0ab405",
		     cipher(TEE_ALG_DES_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_DES,
			    "133457799bbcdff1", NULL, "0123456789abcdef"));
	EXPECT_STREQ("0123456789abcdef",
		     cipher(TEE_ALG_DES_CBC_NOPAD, TEE_MODE_DECRYPT, TEE_TYPE_DES,
			    "133457799bbcdff1", "0000000000000000", "85e813540f0ab405"));
	/* 3DES with K1 = K2 (= K3) is single DES (SP 800-67 keying option 3) */
	EXPECT_STREQ("85e813540f0ab405",
		     cipher(TEE_ALG_DES3_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_DES3,
			    "133457799bbcdff1133457799bbcdff1", NULL, "0123456789abcdef"));
	EXPECT_STREQ("85e813540f0ab405",
		     cipher(TEE_ALG_DES3_CBC_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_DES3,
			    "133457799bbcdff1133457799bbcdff1133457799bbcdff1",
			    "0000000000000000", "0123456789abcdef"));
	/* GB/T 32907-2016 appendix A, example 1 */
	EXPECT_STREQ("681edf34d206965e86b3e94f536e4246",
		     cipher(TEE_ALG_SM4_ECB_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_SM4,
			    "0123456789abcdeffedcba9876543210", NULL,
			    "0123456789abcdeffedcba9876543210"));
	EXPECT_STREQ("0123456789abcdeffedcba9876543210",
		     cipher(TEE_ALG_SM4_ECB_NOPAD, TEE_MODE_DECRYPT, TEE_TYPE_SM4,
			    "0123456789abcdeffedcba9876543210", NULL,
			    "681edf34d206965e86b3e94f536e4246"));
}

TEST_F(crypto, cipher_rules)
{
	uint8_t o[64], i[32] = { 0 };
	size_t ol;
	uint32_t op, k;

	k = key_secret(TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c");
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 256, &op));
	ASSERT_EQ(TEE_SUCCESS, op_setkey(op, k));
	/* CipherUpdate before CipherInit: GP panics */
	ol = sizeof(o);
	EXPECT_PANIC(TEE_ERROR_BAD_STATE, op_io(CT_CIPHER_UPDATE, op, i, 16, o, &ol));
	/* the panic ended the instance: start again */
	k = key_secret(TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c");
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 256, &op));
	ASSERT_EQ(TEE_SUCCESS, op_setkey(op, k));
	op_in(CT_CIPHER_INIT, op, i, 16);
	/* short buffer: the size needed, nothing consumed */
	ol = 8;
	EXPECT_EQ(TEE_ERROR_SHORT_BUFFER, op_io(CT_CIPHER_UPDATE, op, i, 20, o, &ol));
	EXPECT_EQ(16u, ol);
	ol = sizeof(o);
	EXPECT_EQ(TEE_SUCCESS, op_io(CT_CIPHER_UPDATE, op, i, 20, o, &ol));
	EXPECT_EQ(16u, ol);
	/* NOPAD: 4 bytes left over at final */
	ol = sizeof(o);
	EXPECT_EQ(TEE_ERROR_BAD_PARAMETERS, op_io(CT_CIPHER_FINAL, op, NULL, 0, o, &ol));
	/* a wrong IV length: GP panics */
	op_in(CT_CIPHER_INIT, op, i, 16);
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, op_in(CT_CIPHER_INIT, op, i, 8));
	/* a 192-bit key into an operation allocated for 128 bits: GP panics */
	k = key_secret(TEE_TYPE_AES, "000102030405060708090a0b0c0d0e0f1011121314151617");
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, 128, &op));
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, op_setkey(op, k));
	/* unsupported sizes and modes */
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED,
		  op_alloc(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, 100, &op));
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, op_alloc(TEE_ALG_AES_ECB_NOPAD, TEE_MODE_SIGN, 128, &op));
}

/* ---- authenticated encryption ------------------------------------------------------ */

TEST_F(crypto, gcm_ccm)
{
	uint32_t r;

	/* GCM spec (McGrew-Viega, as in SP 800-38D's validation), test cases 2 and 4 */
	EXPECT_STREQ("0388dace60b6a392f328c2b971b2fe78 ab6e47d42cec13bdf53a67b21257bddf",
		     ae(TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, "00000000000000000000000000000000",
			"000000000000000000000000", "", "00000000000000000000000000000000",
			128, NULL, &r));
	EXPECT_STREQ("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091 5bc94fbc3221a5db94fae95ae7121a47",
		     ae(TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, "feffe9928665731c6d6a8f9467308308",
			"cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
			"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
			128, NULL, &r));
	EXPECT_STREQ("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
		     ae(TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, "feffe9928665731c6d6a8f9467308308",
			"cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
			"42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
			128, "5bc94fbc3221a5db94fae95ae7121a47", &r));
	/* a wrong tag: TEE_ERROR_MAC_INVALID */
	ae(TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, "feffe9928665731c6d6a8f9467308308",
	   "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	   "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
	   128, "5bc94fbc3221a5db94fae95ae7121a48", &r);
	EXPECT_EQ(TEE_ERROR_MAC_INVALID, r);
	/* SP 800-38C appendix C, example 1 */
	EXPECT_STREQ("7162015b 4dac255d",
		     ae(TEE_ALG_AES_CCM, TEE_MODE_ENCRYPT, "404142434445464748494a4b4c4d4e4f",
			"10111213141516", "0001020304050607", "20212223", 32, NULL, &r));
	/* RFC 3610 packet vector #1 */
	EXPECT_STREQ("588c979a61c663d2f066d0c2c0f989806d5f6b61dac384 17e8d12cfdf926e0",
		     ae(TEE_ALG_AES_CCM, TEE_MODE_ENCRYPT, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
			"00000003020100a0a1a2a3a4a5", "0001020304050607",
			"08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", 64, NULL, &r));
	EXPECT_STREQ("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
		     ae(TEE_ALG_AES_CCM, TEE_MODE_DECRYPT, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
			"00000003020100a0a1a2a3a4a5", "0001020304050607",
			"588c979a61c663d2f066d0c2c0f989806d5f6b61dac384", 64,
			"17e8d12cfdf926e0", &r));
	ae(TEE_ALG_AES_CCM, TEE_MODE_DECRYPT, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
	   "00000003020100a0a1a2a3a4a5", "0001020304050607",
	   "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384", 64, "17e8d12cfdf926e1", &r);
	EXPECT_EQ(TEE_ERROR_MAC_INVALID, r);
	/* an unsupported tag length */
	ae(TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, "00000000000000000000000000000000",
	   "000000000000000000000000", "", "00", 64, NULL, &r);
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, r);
}

/* ---- asymmetric: client-side OpenSSL helpers ----------------------------------- */

/* a BIGNUM parameter of k as a big-endian attribute */
static void ab_bn(struct ab *l, uint32_t id, EVP_PKEY *k, const char *name,
		  size_t pad)
{
	BIGNUM *bn = NULL;
	uint8_t b[1024];
	size_t n;

	EVP_PKEY_get_bn_param(k, name, &bn);
	n = BN_num_bytes(bn);
	if (pad > n)
		n = pad;
	BN_bn2binpad(bn, b, n);
	ab_add(l, id, 0, 0, b, n);
	BN_free(bn);
}

/* a TA object holding client key k (RSA, EC): key pair or public part */
static uint32_t ta_key(EVP_PKEY *k, uint32_t type, uint32_t bits, uint32_t curve)
{
	struct ab l = { .n = 0 };
	bool pair = type & 0x01000000;
	uint32_t h;

	if (obj_alloc(type, bits, &h))
		return 0;
	if (EVP_PKEY_is_a(k, "RSA")) {
		ab_bn(&l, TEE_ATTR_RSA_MODULUS, k, OSSL_PKEY_PARAM_RSA_N, 0);
		ab_bn(&l, TEE_ATTR_RSA_PUBLIC_EXPONENT, k, OSSL_PKEY_PARAM_RSA_E, 0);
		if (pair) {
			ab_bn(&l, TEE_ATTR_RSA_PRIVATE_EXPONENT, k, OSSL_PKEY_PARAM_RSA_D, 0);
			ab_bn(&l, TEE_ATTR_RSA_PRIME1, k, OSSL_PKEY_PARAM_RSA_FACTOR1, 0);
			ab_bn(&l, TEE_ATTR_RSA_PRIME2, k, OSSL_PKEY_PARAM_RSA_FACTOR2, 0);
			ab_bn(&l, TEE_ATTR_RSA_EXPONENT1, k, OSSL_PKEY_PARAM_RSA_EXPONENT1, 0);
			ab_bn(&l, TEE_ATTR_RSA_EXPONENT2, k, OSSL_PKEY_PARAM_RSA_EXPONENT2, 0);
			ab_bn(&l, TEE_ATTR_RSA_COEFFICIENT, k,
			      OSSL_PKEY_PARAM_RSA_COEFFICIENT1, 0);
		}
	} else if (EVP_PKEY_is_a(k, "DSA")) {
		ab_bn(&l, TEE_ATTR_DSA_PRIME, k, OSSL_PKEY_PARAM_FFC_P, 0);
		ab_bn(&l, TEE_ATTR_DSA_SUBPRIME, k, OSSL_PKEY_PARAM_FFC_Q, 0);
		ab_bn(&l, TEE_ATTR_DSA_BASE, k, OSSL_PKEY_PARAM_FFC_G, 0);
		ab_bn(&l, TEE_ATTR_DSA_PUBLIC_VALUE, k, OSSL_PKEY_PARAM_PUB_KEY, 0);
		if (pair)
			ab_bn(&l, TEE_ATTR_DSA_PRIVATE_VALUE, k, OSSL_PKEY_PARAM_PRIV_KEY, 0);
	} else {
		ab_bn(&l, TEE_ATTR_ECC_PUBLIC_VALUE_X, k, OSSL_PKEY_PARAM_EC_PUB_X, 0);
		ab_bn(&l, TEE_ATTR_ECC_PUBLIC_VALUE_Y, k, OSSL_PKEY_PARAM_EC_PUB_Y, 0);
		if (pair)
			ab_bn(&l, TEE_ATTR_ECC_PRIVATE_VALUE, k, OSSL_PKEY_PARAM_PRIV_KEY, 0);
		if (curve)
			ab_val(&l, TEE_ATTR_ECC_CURVE, curve);
	}
	return obj_populate(h, &l) ? 0 : h;
}

/* an operation on a key object, or 0 */
static uint32_t ta_op(uint32_t alg, uint32_t mode, uint32_t bits, uint32_t key)
{
	uint32_t op;

	if (op_alloc(alg, mode, bits, &op) || op_setkey(op, key))
		return 0;
	return op;
}

static uint32_t asym(uint32_t cmd, uint32_t op, struct ab *l, const void *in,
		     size_t ilen, void *out, size_t *olen)
{
	struct cp p[4] = { P_VIN(op, 0), P_MIN(l ? l->b : NULL, l ? l->n : 0),
			   P_MIN(in, ilen), P_MOUT(out, olen ? *olen : 0) };
	uint32_t r;

	if (cmd == CT_VERIFY)
		p[3] = (struct cp)P_MIN(out, *olen);
	r = call(cmd, p);
	if (olen && cmd != CT_VERIFY)
		*olen = p[3].size;
	return r;
}

static void sha(const char *md, const void *m, size_t n, uint8_t *out)
{
	unsigned int l;

	EVP_Digest(m, n, out, &l, EVP_get_digestbyname(md), NULL);
}

/* OpenSSL verification of sig (DER for EC/DSA when der) over digest d */
static int ossl_verify(EVP_PKEY *k, const char *md, int pad, const uint8_t *d,
		       size_t dl, const uint8_t *sig, size_t sl)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);
	int r;

	EVP_PKEY_verify_init(c);
	if (pad)
		EVP_PKEY_CTX_set_rsa_padding(c, pad);
	if (md)
		EVP_PKEY_CTX_set_signature_md(c, EVP_get_digestbyname(md));
	r = EVP_PKEY_verify(c, sig, sl, d, dl);
	EVP_PKEY_CTX_free(c);
	return r;
}

/* r || s (n bytes each) to DER */
static size_t rs_der(const uint8_t *rs, size_t n, uint8_t *der)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	uint8_t *p = der;
	size_t l;

	ECDSA_SIG_set0(s, BN_bin2bn(rs, n, NULL), BN_bin2bn(rs + n, n, NULL));
	l = i2d_ECDSA_SIG(s, &p);
	ECDSA_SIG_free(s);
	return l;
}

static size_t der_rs(const uint8_t *der, size_t dl, size_t n, uint8_t *rs)
{
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &der, dl);

	BN_bn2binpad(ECDSA_SIG_get0_r(s), rs, n);
	BN_bn2binpad(ECDSA_SIG_get0_s(s), rs + n, n);
	ECDSA_SIG_free(s);
	return 2 * n;
}

/* ---- RSA ------------------------------------------------------------------------ */

TEST_F_TIMEOUT(crypto, rsa, 120)
{
	static const struct {
		uint32_t alg;
		const char *md;
		int pad;
	} sigs[] = {
		{ TEE_ALG_RSASSA_PKCS1_V1_5_MD5, "MD5", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA1, "SHA1", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA224, "SHA224", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, "SHA256", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA384, "SHA384", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA512, "SHA512", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_256, "SHA3-256", RSA_PKCS1_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1, "SHA1", RSA_PKCS1_PSS_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, "SHA256", RSA_PKCS1_PSS_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512, "SHA512", RSA_PKCS1_PSS_PADDING },
		{ TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_384, "SHA3-384", RSA_PKCS1_PSS_PADDING },
	};
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	uint8_t d[64], sig[512], sig2[512], ct[512], pt[512];
	size_t sl, sl2, cl, pl, i;
	uint32_t pair, pub, op;
	EVP_PKEY_CTX *c;

	ASSERT_TRUE(k != NULL);
	pair = ta_key(k, TEE_TYPE_RSA_KEYPAIR, 2048, 0);
	pub = ta_key(k, TEE_TYPE_RSA_PUBLIC_KEY, 2048, 0);
	ASSERT_NE(0u, pair);
	ASSERT_NE(0u, pub);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		sha(sigs[i].md, "teekit", 6, d);
		sl = sizeof(sig);
		op = ta_op(sigs[i].alg, TEE_MODE_SIGN, 2048, pair);
		ASSERT_NE(0u, op);
		EXPECT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, d,
					    EVP_MD_get_size(EVP_get_digestbyname(sigs[i].md)),
					    sig, &sl));
		EXPECT_EQ(256u, sl);
		/* the TA signed: OpenSSL verifies */
		EXPECT_EQ(1, ossl_verify(k, sigs[i].md, sigs[i].pad, d,
					 EVP_MD_get_size(EVP_get_digestbyname(sigs[i].md)),
					 sig, sl));
		op_free(op);
		/* OpenSSL signs: the TA verifies, and refuses a flipped bit */
		c = EVP_PKEY_CTX_new(k, NULL);
		EVP_PKEY_sign_init(c);
		EVP_PKEY_CTX_set_rsa_padding(c, sigs[i].pad);
		EVP_PKEY_CTX_set_signature_md(c, EVP_get_digestbyname(sigs[i].md));
		/* GP's PSS salt is as long as the digest unless the TA says */
		if (sigs[i].pad == RSA_PKCS1_PSS_PADDING)
			EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_DIGEST);
		sl2 = sizeof(sig2);
		ASSERT_EQ(1, EVP_PKEY_sign(c, sig2, &sl2, d,
					   EVP_MD_get_size(EVP_get_digestbyname(sigs[i].md))));
		EVP_PKEY_CTX_free(c);
		if (sigs[i].pad == RSA_PKCS1_PADDING)	/* deterministic: the same bytes */
			EXPECT_EQ(0, memcmp(sig, sig2, sl));
		op = ta_op(sigs[i].alg, TEE_MODE_VERIFY, 2048, pub);
		EXPECT_EQ(TEE_SUCCESS, asym(CT_VERIFY, op, NULL, d,
					    EVP_MD_get_size(EVP_get_digestbyname(sigs[i].md)),
					    sig2, &sl2));
		sig2[17] ^= 4;
		EXPECT_EQ(TEE_ERROR_SIGNATURE_INVALID,
			  asym(CT_VERIFY, op, NULL, d,
			       EVP_MD_get_size(EVP_get_digestbyname(sigs[i].md)), sig2, &sl2));
		op_free(op);
	}
	/* short signature buffer: the size needed */
	op = ta_op(TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, TEE_MODE_SIGN, 2048, pair);
	sl = 10;
	EXPECT_EQ(TEE_ERROR_SHORT_BUFFER, asym(CT_SIGN, op, NULL, d, 32, sig, &sl));
	EXPECT_EQ(256u, sl);
	op_free(op);

	/* OAEP (SHA-256) by the TA, decrypted by OpenSSL */
	op = ta_op(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, TEE_MODE_ENCRYPT, 2048, pub);
	cl = sizeof(ct);
	EXPECT_EQ(TEE_SUCCESS, asym(CT_ASYM_ENC, op, NULL, "secret", 6, ct, &cl));
	op_free(op);
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_decrypt_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING);
	EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256());
	EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256());
	pl = sizeof(pt);
	EXPECT_EQ(1, EVP_PKEY_decrypt(c, pt, &pl, ct, cl));
	EVP_PKEY_CTX_free(c);
	EXPECT_EQ(6u, pl);
	EXPECT_EQ(0, memcmp(pt, "secret", 6));
	/* OAEP (SHA-1) with a label by OpenSSL, decrypted by the TA */
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_encrypt_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING);
	EVP_PKEY_CTX_set0_rsa_oaep_label(c, OPENSSL_strdup("lbl"), 3);
	cl = sizeof(ct);
	ASSERT_EQ(1, EVP_PKEY_encrypt(c, ct, &cl, (const uint8_t *)"hello", 5));
	EVP_PKEY_CTX_free(c);
	{
		struct ab l = { .n = 0 };

		ab_add(&l, TEE_ATTR_RSA_OAEP_LABEL, 0, 0, "lbl", 3);
		op = ta_op(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, TEE_MODE_DECRYPT, 2048, pair);
		pl = sizeof(pt);
		EXPECT_EQ(TEE_SUCCESS, asym(CT_ASYM_DEC, op, &l, ct, cl, pt, &pl));
		EXPECT_EQ(5u, pl);
		EXPECT_EQ(0, memcmp(pt, "hello", 5));
		ct[5] ^= 1;
		pl = sizeof(pt);
		EXPECT_EQ(TEE_ERROR_CIPHERTEXT_INVALID,
			  asym(CT_ASYM_DEC, op, &l, ct, cl, pt, &pl));
		op_free(op);
	}
	/* PKCS#1 v1.5 encryption: TA to TA */
	op = ta_op(TEE_ALG_RSAES_PKCS1_V1_5, TEE_MODE_ENCRYPT, 2048, pub);
	cl = sizeof(ct);
	EXPECT_EQ(TEE_SUCCESS, asym(CT_ASYM_ENC, op, NULL, "v15", 3, ct, &cl));
	op_free(op);
	op = ta_op(TEE_ALG_RSAES_PKCS1_V1_5, TEE_MODE_DECRYPT, 2048, pair);
	pl = sizeof(pt);
	EXPECT_EQ(TEE_SUCCESS, asym(CT_ASYM_DEC, op, NULL, ct, cl, pt, &pl));
	EXPECT_EQ(3u, pl);
	op_free(op);
	/* NOPAD: the TA's m^e mod n equals OpenSSL's raw RSA of the padded number */
	op = ta_op(TEE_ALG_RSA_NOPAD, TEE_MODE_ENCRYPT, 2048, pub);
	cl = sizeof(ct);
	EXPECT_EQ(TEE_SUCCESS, asym(CT_ASYM_ENC, op, NULL, "\x01\x02\x03", 3, ct, &cl));
	EXPECT_EQ(256u, cl);
	op_free(op);
	memset(pt, 0, 256);
	memcpy(pt + 253, "\x01\x02\x03", 3);
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_encrypt_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING);
	sl2 = sizeof(sig2);
	ASSERT_EQ(1, EVP_PKEY_encrypt(c, sig2, &sl2, pt, 256));
	EVP_PKEY_CTX_free(c);
	EXPECT_EQ(0, memcmp(ct, sig2, 256));
	/* a public key cannot sign */
	EXPECT_EQ(0u, ta_op(TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, TEE_MODE_SIGN, 2048, pub));
	/* a key pair of n, e and d only (no CRT values) signs the same bytes */
	{
		struct ab l = { .n = 0 };
		uint32_t h;

		ab_bn(&l, TEE_ATTR_RSA_MODULUS, k, OSSL_PKEY_PARAM_RSA_N, 0);
		ab_bn(&l, TEE_ATTR_RSA_PUBLIC_EXPONENT, k, OSSL_PKEY_PARAM_RSA_E, 0);
		ab_bn(&l, TEE_ATTR_RSA_PRIVATE_EXPONENT, k, OSSL_PKEY_PARAM_RSA_D, 0);
		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_RSA_KEYPAIR, 2048, &h));
		ASSERT_EQ(TEE_SUCCESS, obj_populate(h, &l));
		sha("SHA256", "teekit", 6, d);
		op = ta_op(TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, TEE_MODE_SIGN, 2048, h);
		sl = sizeof(sig);
		EXPECT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, d, 32, sig, &sl));
		EXPECT_EQ(1, ossl_verify(k, "SHA256", RSA_PKCS1_PADDING, d, 32, sig, sl));
		/* a pre-encoded DigestInfo with TEE_ALG_RSASSA_PKCS1_V1_5 (OP-TEE) */
		op = ta_op(TEE_ALG_RSASSA_PKCS1_V1_5, TEE_MODE_SIGN, 2048, h);
		{
			uint8_t di[19 + 32], sig3[256];
			size_t sl3 = sizeof(sig3);

			/* RFC 8017 9.2 note 1: the SHA-256 DigestInfo prefix */
			unhex("3031300d060960864801650304020105000420", di);
			memcpy(di + 19, d, 32);
			EXPECT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, di, sizeof(di), sig3, &sl3));
			EXPECT_EQ(0, memcmp(sig, sig3, 256));
		}
	}
	EVP_PKEY_free(k);
}

TEST_F_TIMEOUT(crypto, rsa_generate, 300)
{
	uint8_t n[512], e[8], d[32], sig[512];
	size_t nl = sizeof(n), el = sizeof(e), sl = sizeof(sig);
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *k = NULL;
	OSSL_PARAM *prm;
	uint32_t h, op;
	struct ab l = { .n = 0 };
	static const uint32_t sizes[] = { 512, 2048,
#ifdef CRYPTO_HOST
		4096,
#endif
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_RSA_KEYPAIR, sizes[i], &h));
		EXPECT_EQ(TEE_SUCCESS, obj_genkey(h, sizes[i], NULL));
		nl = sizeof(n);
		EXPECT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_RSA_MODULUS, n, &nl));
		EXPECT_EQ(sizes[i] / 8, nl);
		obj_free(h);
	}
	/* a 2048-bit key with e = 3, used by the TA, checked by OpenSSL */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_RSA_KEYPAIR, 2048, &h));
	ab_hex(&l, TEE_ATTR_RSA_PUBLIC_EXPONENT, "03");
	ASSERT_EQ(TEE_SUCCESS, obj_genkey(h, 2048, &l));
	nl = sizeof(n);
	ASSERT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_RSA_MODULUS, n, &nl));
	ASSERT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_RSA_PUBLIC_EXPONENT, e, &el));
	EXPECT_STREQ("03", hex(e, el));
	op = ta_op(TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, TEE_MODE_SIGN, 2048, h);
	sha("SHA256", "x", 1, d);
	ASSERT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, d, 32, sig, &sl));
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, BN_bin2bn(n, nl, NULL));
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, BN_bin2bn(e, el, NULL));
	prm = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(c);
	ASSERT_EQ(1, EVP_PKEY_fromdata(c, &k, EVP_PKEY_PUBLIC_KEY, prm));
	EXPECT_EQ(1, ossl_verify(k, "SHA256", RSA_PKCS1_PADDING, d, 32, sig, sl));
	/* GP's extractability: the private exponent only while EXTRACTABLE */
	nl = sizeof(n);
	EXPECT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_RSA_PRIVATE_EXPONENT, n, &nl));
	{
		struct cp p[4] = { P_VIN(h, ~(uint32_t)TEE_USAGE_EXTRACTABLE), P_NONE, P_NONE,
				   P_NONE };

		EXPECT_EQ(TEE_SUCCESS, call(CT_OBJ_RESTRICT, p));
	}
	nl = sizeof(n);
	EXPECT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_RSA_MODULUS, n, &nl));
	nl = sizeof(n);
	EXPECT_PANIC(TEE_ERROR_ACCESS_DENIED,
		     obj_getbuf(h, TEE_ATTR_RSA_PRIVATE_EXPONENT, n, &nl));
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(c);
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
}

/* ---- elliptic curves ------------------------------------------------------------ */

TEST_F_TIMEOUT(crypto, ecdsa, 120)
{
	static const struct {
		uint32_t curve, bits, alg;
		const char *name, *md;
	} v[] = {
		{ TEE_ECC_CURVE_NIST_P192, 192, TEE_ALG_ECDSA_SHA1, "P-192", "SHA1" },
		{ TEE_ECC_CURVE_NIST_P224, 224, TEE_ALG_ECDSA_SHA224, "P-224", "SHA224" },
		{ TEE_ECC_CURVE_NIST_P256, 256, TEE_ALG_ECDSA_SHA256, "P-256", "SHA256" },
		{ TEE_ECC_CURVE_NIST_P384, 384, TEE_ALG_ECDSA_SHA384, "P-384", "SHA384" },
		{ TEE_ECC_CURVE_NIST_P521, 521, TEE_ALG_ECDSA_SHA512, "P-521", "SHA512" },
		/* OP-TEE's older value of ECDSA P-256 */
		{ TEE_ECC_CURVE_NIST_P256, 256, __OPTEE_ALG_ECDSA_P256, "P-256", "SHA256" },
	};
	uint8_t d[64], sig[200], der[200], x[80], y[80];
	size_t i, sl, dl, n, xl, yl;
	uint32_t h, op, pub;
	EVP_PKEY *k;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		struct ab l = { .n = 0 };

		n = (v[i].bits + 7) / 8;
		sha(v[i].md, "ecdsa", 5, d);
		dl = EVP_MD_get_size(EVP_get_digestbyname(v[i].md));
		/* the TA generates a key and signs; OpenSSL verifies */
		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_ECDSA_KEYPAIR, v[i].bits, &h));
		ab_val(&l, TEE_ATTR_ECC_CURVE, v[i].curve);
		ASSERT_EQ(TEE_SUCCESS, obj_genkey(h, v[i].bits, &l));
		xl = sizeof(x);
		yl = sizeof(y);
		ASSERT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_ECC_PUBLIC_VALUE_X, x, &xl));
		ASSERT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_ECC_PUBLIC_VALUE_Y, y, &yl));
		op = ta_op(v[i].alg, TEE_MODE_SIGN, v[i].bits, h);
		ASSERT_NE(0u, op);
		sl = sizeof(sig);
		ASSERT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, d, dl, sig, &sl));
		EXPECT_EQ(2 * n, sl);
		{
			uint8_t pt[1 + 2 * 66];
			OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
			EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
			OSSL_PARAM *prm;

			k = NULL;
			pt[0] = 4;
			memset(pt + 1, 0, 2 * n);
			memcpy(pt + 1 + n - xl, x, xl);
			memcpy(pt + 1 + 2 * n - yl, y, yl);
			OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME,
							v[i].name, 0);
			OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pt,
							 1 + 2 * n);
			prm = OSSL_PARAM_BLD_to_param(b);
			EVP_PKEY_fromdata_init(c);
			EXPECT_EQ(1, EVP_PKEY_fromdata(c, &k, EVP_PKEY_PUBLIC_KEY, prm));
			OSSL_PARAM_free(prm);
			OSSL_PARAM_BLD_free(b);
			EVP_PKEY_CTX_free(c);
		}
		dl = rs_der(sig, n, der);
		EXPECT_EQ(1, ossl_verify(k, NULL, 0, d,
					 EVP_MD_get_size(EVP_get_digestbyname(v[i].md)), der, dl));
		EVP_PKEY_free(k);
		op_free(op);
		obj_free(h);
		/* OpenSSL generates and signs; the TA verifies with the public key */
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", v[i].name);
		ASSERT_TRUE(k != NULL);
		pub = ta_key(k, TEE_TYPE_ECDSA_PUBLIC_KEY, v[i].bits, v[i].curve);
		ASSERT_NE(0u, pub);
		{
			EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);

			dl = sizeof(der);
			EVP_PKEY_sign_init(c);
			ASSERT_EQ(1, EVP_PKEY_sign(c, der, &dl, d,
						   EVP_MD_get_size(EVP_get_digestbyname(v[i].md))));
			EVP_PKEY_CTX_free(c);
		}
		sl = der_rs(der, dl, n, sig);
		op = ta_op(v[i].alg, TEE_MODE_VERIFY, v[i].bits, pub);
		ASSERT_NE(0u, op);
		dl = EVP_MD_get_size(EVP_get_digestbyname(v[i].md));
		EXPECT_EQ(TEE_SUCCESS, asym(CT_VERIFY, op, NULL, d, dl, sig, &sl));
		sig[3] ^= 0x10;
		EXPECT_EQ(TEE_ERROR_SIGNATURE_INVALID, asym(CT_VERIFY, op, NULL, d, dl, sig, &sl));
		op_free(op);
		obj_free(pub);
		EVP_PKEY_free(k);
	}
	EXPECT_EQ(TEE_SUCCESS, ({ struct cp p[4] = { P_VIN(TEE_ALG_ECDSA_SHA256,
		TEE_ECC_CURVE_NIST_P521), P_NONE, P_NONE, P_NONE }; call(CT_SUPPORTED, p); }));
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, ({ struct cp p[4] = { P_VIN(TEE_ALG_ECDSA_SHA256,
		TEE_ECC_CURVE_25519), P_NONE, P_NONE, P_NONE }; call(CT_SUPPORTED, p); }));
}

/* the derived secret in a new generic-secret object of max bits */
static const char *derive(uint32_t op, struct ab *l, uint32_t bits)
{
	uint8_t out[512];
	size_t ol = sizeof(out);
	uint32_t d, r;
	struct cp p[4] = { P_NONE, P_MIN(l->b, l->n), P_NONE, P_NONE };

	r = obj_alloc(TEE_TYPE_GENERIC_SECRET, bits, &d);
	if (r)
		return err(r);
	p[0] = (struct cp)P_VIN(op, d);
	r = call(CT_DERIVE, p);
	if (r)
		return err(r);
	r = obj_getbuf(d, TEE_ATTR_SECRET_VALUE, out, &ol);
	obj_free(d);
	return r ? err(r) : hex(out, ol);
}

TEST_F(crypto, ecdh_x25519)
{
	struct ab l = { .n = 0 }, peer = { .n = 0 };
	uint32_t h, op;

	/* RFC 5903 section 8.1 (ECDH, 256-bit random ECP group) */
	ab_hex(&l, TEE_ATTR_ECC_PRIVATE_VALUE,
	       "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433");
	ab_hex(&l, TEE_ATTR_ECC_PUBLIC_VALUE_X,
	       "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180");
	ab_hex(&l, TEE_ATTR_ECC_PUBLIC_VALUE_Y,
	       "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3");
	ab_val(&l, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256);
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_ECDH_KEYPAIR, 256, &h));
	ASSERT_EQ(TEE_SUCCESS, obj_populate(h, &l));
	ab_hex(&peer, TEE_ATTR_ECC_PUBLIC_VALUE_X,
	       "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63");
	ab_hex(&peer, TEE_ATTR_ECC_PUBLIC_VALUE_Y,
	       "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab");
	op = ta_op(TEE_ALG_ECDH_DERIVE_SHARED_SECRET, TEE_MODE_DERIVE, 256, h);
	ASSERT_NE(0u, op);
	EXPECT_STREQ("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de",
		     derive(op, &peer, 256));
	/* RFC 7748 section 6.1 (X25519) */
	l.n = 0;
	peer.n = 0;
	ab_hex(&l, TEE_ATTR_X25519_PRIVATE_VALUE,
	       "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	ab_hex(&l, TEE_ATTR_X25519_PUBLIC_VALUE,
	       "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_X25519_KEYPAIR, 256, &h));
	ASSERT_EQ(TEE_SUCCESS, obj_populate(h, &l));
	ab_hex(&peer, TEE_ATTR_X25519_PUBLIC_VALUE,
	       "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	op = ta_op(TEE_ALG_X25519, TEE_MODE_DERIVE, 256, h);
	ASSERT_NE(0u, op);
	EXPECT_STREQ("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
		     derive(op, &peer, 256));
	/* generated X25519 key pairs agree */
	{
		uint32_t a, b, oa, ob;
		uint8_t pa[32], pb[32];
		size_t la = 32, lb = 32;
		char sa[80];

		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_X25519_KEYPAIR, 256, &a));
		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_X25519_KEYPAIR, 256, &b));
		ASSERT_EQ(TEE_SUCCESS, obj_genkey(a, 256, NULL));
		ASSERT_EQ(TEE_SUCCESS, obj_genkey(b, 256, NULL));
		obj_getbuf(a, TEE_ATTR_X25519_PUBLIC_VALUE, pa, &la);
		obj_getbuf(b, TEE_ATTR_X25519_PUBLIC_VALUE, pb, &lb);
		oa = ta_op(TEE_ALG_X25519, TEE_MODE_DERIVE, 256, a);
		ob = ta_op(TEE_ALG_X25519, TEE_MODE_DERIVE, 256, b);
		peer.n = 0;
		ab_add(&peer, TEE_ATTR_X25519_PUBLIC_VALUE, 0, 0, pb, lb);
		snprintf(sa, sizeof(sa), "%s", derive(oa, &peer, 256));
		peer.n = 0;
		ab_add(&peer, TEE_ATTR_X25519_PUBLIC_VALUE, 0, 0, pa, la);
		EXPECT_STREQ(sa, derive(ob, &peer, 256));
	}
}

TEST_F(crypto, ed25519)
{
	struct ab l = { .n = 0 }, ctx = { .n = 0 };
	uint8_t sig[64];
	size_t sl = sizeof(sig);
	uint32_t h, pub, op;

	/* RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 */
	ab_hex(&l, TEE_ATTR_ED25519_PUBLIC_VALUE,
	       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
	ab_hex(&l, TEE_ATTR_ED25519_PRIVATE_VALUE,
	       "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_ED25519_KEYPAIR, 256, &h));
	ASSERT_EQ(TEE_SUCCESS, obj_populate(h, &l));
	op = ta_op(TEE_ALG_ED25519, TEE_MODE_SIGN, 256, h);
	ASSERT_NE(0u, op);
	ASSERT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, "", 0, sig, &sl));
	EXPECT_STREQ("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
		     hex(sig, sl));
	/* Ed25519ctx is not available (OpenSSL 3.0): NOT_SUPPORTED, said so */
	ab_add(&ctx, TEE_ATTR_EDDSA_CTX, 0, 0, "foo", 3);
	sl = sizeof(sig);
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, asym(CT_SIGN, op, &ctx, "", 0, sig, &sl));
	l.n = 0;
	ab_hex(&l, TEE_ATTR_ED25519_PUBLIC_VALUE,
	       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_ED25519_PUBLIC_KEY, 256, &pub));
	ASSERT_EQ(TEE_SUCCESS, obj_populate(pub, &l));
	op = ta_op(TEE_ALG_ED25519, TEE_MODE_VERIFY, 256, pub);
	unhex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00", sig);
	sl = 64;
	EXPECT_EQ(TEE_SUCCESS, asym(CT_VERIFY, op, NULL, "\x72", 1, sig, &sl));
	EXPECT_EQ(TEE_ERROR_SIGNATURE_INVALID, asym(CT_VERIFY, op, NULL, "\x73", 1, sig, &sl));
}

TEST_F_TIMEOUT(crypto, dh_dsa, 300)
{
	/* RFC 2409 section 6.2, the second Oakley group (1024 bits), g = 2 */
	static const char *p1024 =
		"ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff";
	struct ab l = { .n = 0 }, peer = { .n = 0 };
	uint8_t pa[200], pb[200];
	size_t la = sizeof(pa), lb = sizeof(pb);
	uint32_t a, b, oa, ob;
	char sa[300];

	ab_hex(&l, TEE_ATTR_DH_PRIME, p1024);
	ab_hex(&l, TEE_ATTR_DH_BASE, "02");
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_DH_KEYPAIR, 1024, &a));
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_DH_KEYPAIR, 1024, &b));
	ASSERT_EQ(TEE_SUCCESS, obj_genkey(a, 1024, &l));
	ASSERT_EQ(TEE_SUCCESS, obj_genkey(b, 1024, &l));
	ASSERT_EQ(TEE_SUCCESS, obj_getbuf(a, TEE_ATTR_DH_PUBLIC_VALUE, pa, &la));
	ASSERT_EQ(TEE_SUCCESS, obj_getbuf(b, TEE_ATTR_DH_PUBLIC_VALUE, pb, &lb));
	oa = ta_op(TEE_ALG_DH_DERIVE_SHARED_SECRET, TEE_MODE_DERIVE, 1024, a);
	ob = ta_op(TEE_ALG_DH_DERIVE_SHARED_SECRET, TEE_MODE_DERIVE, 1024, b);
	ASSERT_NE(0u, oa);
	ab_add(&peer, TEE_ATTR_DH_PUBLIC_VALUE, 0, 0, pb, lb);
	snprintf(sa, sizeof(sa), "%s", derive(oa, &peer, 1024));
	EXPECT_EQ(256u, strlen(sa));
	peer.n = 0;
	ab_add(&peer, TEE_ATTR_DH_PUBLIC_VALUE, 0, 0, pa, la);
	EXPECT_STREQ(sa, derive(ob, &peer, 1024));

#ifdef CRYPTO_HOST
	/* DSA: OpenSSL's domain and key; the TA signs, OpenSSL verifies, and back */
	{
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
		EVP_PKEY *dom = NULL, *k = NULL;
		uint8_t d[32], sig[64], der[80];
		size_t sl = sizeof(sig), dl;
		uint32_t pair, pub, op;

		EVP_PKEY_paramgen_init(c);
		EVP_PKEY_CTX_set_dsa_paramgen_bits(c, 2048);
		EVP_PKEY_CTX_set_dsa_paramgen_q_bits(c, 256);
		ASSERT_EQ(1, EVP_PKEY_paramgen(c, &dom));
		EVP_PKEY_CTX_free(c);
		c = EVP_PKEY_CTX_new(dom, NULL);
		EVP_PKEY_keygen_init(c);
		ASSERT_EQ(1, EVP_PKEY_keygen(c, &k));
		EVP_PKEY_CTX_free(c);
		pair = ta_key(k, TEE_TYPE_DSA_KEYPAIR, 2048, 0);
		pub = ta_key(k, TEE_TYPE_DSA_PUBLIC_KEY, 2048, 0);
		ASSERT_NE(0u, pair);
		sha("SHA256", "dsa", 3, d);
		op = ta_op(TEE_ALG_DSA_SHA256, TEE_MODE_SIGN, 2048, pair);
		ASSERT_NE(0u, op);
		ASSERT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, d, 32, sig, &sl));
		EXPECT_EQ(64u, sl);
		dl = rs_der(sig, 32, der);
		EXPECT_EQ(1, ossl_verify(k, NULL, 0, d, 32, der, dl));
		c = EVP_PKEY_CTX_new(k, NULL);
		EVP_PKEY_sign_init(c);
		dl = sizeof(der);
		ASSERT_EQ(1, EVP_PKEY_sign(c, der, &dl, d, 32));
		EVP_PKEY_CTX_free(c);
		sl = der_rs(der, dl, 32, sig);
		op = ta_op(TEE_ALG_DSA_SHA256, TEE_MODE_VERIFY, 2048, pub);
		EXPECT_EQ(TEE_SUCCESS, asym(CT_VERIFY, op, NULL, d, 32, sig, &sl));
		d[0] ^= 1;
		EXPECT_EQ(TEE_ERROR_SIGNATURE_INVALID, asym(CT_VERIFY, op, NULL, d, 32, sig, &sl));
		/* GenerateKey from the domain parameters */
		{
			struct ab g = { .n = 0 };
			uint32_t h;

			ab_bn(&g, TEE_ATTR_DSA_PRIME, k, OSSL_PKEY_PARAM_FFC_P, 0);
			ab_bn(&g, TEE_ATTR_DSA_SUBPRIME, k, OSSL_PKEY_PARAM_FFC_Q, 0);
			ab_bn(&g, TEE_ATTR_DSA_BASE, k, OSSL_PKEY_PARAM_FFC_G, 0);
			ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_DSA_KEYPAIR, 2048, &h));
			EXPECT_EQ(TEE_SUCCESS, obj_genkey(h, 2048, &g));
		}
		EVP_PKEY_free(k);
		EVP_PKEY_free(dom);
	}
#endif
}

TEST_F(crypto, sm2)
{
	uint8_t x[32], y[32], d[32], sig[64], der[80], ct[200], pt[64];
	size_t xl = 32, yl = 32, sl = sizeof(sig), dl, cl = sizeof(ct), pl = sizeof(pt);
	uint32_t h, op;
	EVP_PKEY *k = NULL;

	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_SM2_DSA_KEYPAIR, 256, &h));
	ASSERT_EQ(TEE_SUCCESS, obj_genkey(h, 256, NULL));
	ASSERT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_ECC_PUBLIC_VALUE_X, x, &xl));
	ASSERT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_ECC_PUBLIC_VALUE_Y, y, &yl));
	sha("SM3", "sm2", 3, d);
	op = ta_op(TEE_ALG_SM2_DSA_SM3, TEE_MODE_SIGN, 256, h);
	ASSERT_NE(0u, op);
	ASSERT_EQ(TEE_SUCCESS, asym(CT_SIGN, op, NULL, d, 32, sig, &sl));
	EXPECT_EQ(64u, sl);
	/* OpenSSL verifies the TA's signature of the digest */
	{
		uint8_t p[65];
		OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
		OSSL_PARAM *prm;

		p[0] = 4;
		memcpy(p + 1, x, 32);
		memcpy(p + 33, y, 32);
		OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
		OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, p, 65);
		prm = OSSL_PARAM_BLD_to_param(b);
		EVP_PKEY_fromdata_init(c);
		EXPECT_EQ(1, EVP_PKEY_fromdata(c, &k, EVP_PKEY_PUBLIC_KEY, prm));
		OSSL_PARAM_free(prm);
		OSSL_PARAM_BLD_free(b);
		EVP_PKEY_CTX_free(c);
	}
	dl = rs_der(sig, 32, der);
	EXPECT_EQ(1, ossl_verify(k, NULL, 0, d, 32, der, dl));
	EVP_PKEY_free(k);
	op = ta_op(TEE_ALG_SM2_DSA_SM3, TEE_MODE_VERIFY, 256, h);
	EXPECT_EQ(TEE_SUCCESS, asym(CT_VERIFY, op, NULL, d, 32, sig, &sl));
	sig[40] ^= 1;
	EXPECT_EQ(TEE_ERROR_SIGNATURE_INVALID, asym(CT_VERIFY, op, NULL, d, 32, sig, &sl));
	/* SM2 encryption: C1 || C3 || C2, decrypted back; a changed byte is refused */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_SM2_PKE_KEYPAIR, 256, &h));
	ASSERT_EQ(TEE_SUCCESS, obj_genkey(h, 256, NULL));
	op = ta_op(TEE_ALG_SM2_PKE, TEE_MODE_ENCRYPT, 256, h);
	ASSERT_NE(0u, op);
	ASSERT_EQ(TEE_SUCCESS, asym(CT_ASYM_ENC, op, NULL, "encryption standard", 19, ct, &cl));
	EXPECT_EQ(19u + 97, cl);
	EXPECT_EQ(4, ct[0]);
	op = ta_op(TEE_ALG_SM2_PKE, TEE_MODE_DECRYPT, 256, h);
	EXPECT_EQ(TEE_SUCCESS, asym(CT_ASYM_DEC, op, NULL, ct, cl, pt, &pl));
	EXPECT_EQ(19u, pl);
	EXPECT_EQ(0, memcmp(pt, "encryption standard", 19));
	ct[100] ^= 1;
	pl = sizeof(pt);
	EXPECT_EQ(TEE_ERROR_CIPHERTEXT_INVALID, asym(CT_ASYM_DEC, op, NULL, ct, cl, pt, &pl));
}

/* ---- key derivation functions ------------------------------------------------------ */

TEST_F(crypto, kdf)
{
	struct ab l = { .n = 0 };
	uint32_t k, op;

	/* RFC 5869 A.1 (HKDF-SHA256) */
	k = key_secret(TEE_TYPE_HKDF_IKM, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
	ASSERT_NE(0u, k);
	op = ta_op(TEE_ALG_HKDF_SHA256_DERIVE_KEY, TEE_MODE_DERIVE, 176, k);
	ASSERT_NE(0u, op);
	ab_hex(&l, TEE_ATTR_HKDF_SALT, "000102030405060708090a0b0c");
	ab_hex(&l, TEE_ATTR_HKDF_INFO, "f0f1f2f3f4f5f6f7f8f9");
	ab_val(&l, TEE_ATTR_HKDF_OKM_LENGTH, 42);
	EXPECT_STREQ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", derive(op, &l, 42 * 8));
	/* RFC 6070 (PBKDF2-HMAC-SHA1), c = 1 and c = 2 */
	k = key_secret(TEE_TYPE_PBKDF2_PASSWORD, "70617373776f7264");
	op = ta_op(TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, TEE_MODE_DERIVE, 64, k);
	ASSERT_NE(0u, op);
	l.n = 0;
	ab_add(&l, TEE_ATTR_PBKDF2_SALT, 0, 0, "salt", 4);
	ab_val(&l, TEE_ATTR_PBKDF2_ITERATION_COUNT, 1);
	ab_val(&l, TEE_ATTR_PBKDF2_DKM_LENGTH, 20);
	EXPECT_STREQ("0c60c80f961f0e71f3a9b524af6012062fe037a6", derive(op, &l, 160));
	l.n = 0;
	ab_add(&l, TEE_ATTR_PBKDF2_SALT, 0, 0, "salt", 4);
	ab_val(&l, TEE_ATTR_PBKDF2_ITERATION_COUNT, 2);
	ab_val(&l, TEE_ATTR_PBKDF2_DKM_LENGTH, 20);
	EXPECT_STREQ("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957", derive(op, &l, 160));
	/*
	 * RFC 7518 appendix C (ECDH-ES key agreement, "A128GCM"): the Concat
	 * KDF of NIST SP 800-56A 5.8.1 with SHA-256
	 */
	k = key_secret(TEE_TYPE_CONCAT_KDF_Z,
		       "9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4");
	op = ta_op(TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY, TEE_MODE_DERIVE, 256, k);
	ASSERT_NE(0u, op);
	l.n = 0;
	ab_hex(&l, TEE_ATTR_CONCAT_KDF_OTHER_INFO,
	       "000000074131323847434d00000005416c69636500000003426f6200000080");
	ab_val(&l, TEE_ATTR_CONCAT_KDF_DKM_LENGTH, 16);
	EXPECT_STREQ("56aa8deaf8236d205c2228cd71a7101a", derive(op, &l, 128));
}

/* ---- objects ------------------------------------------------------------------------ */

TEST_F(crypto, objects)
{
	uint8_t buf[64], info[64];
	size_t bl;
	uint32_t h, h2, u[7];
	struct ab l = { .n = 0 };
	struct cp p[4] = { P_NONE, P_MOUT(info, sizeof(info)), P_NONE, P_NONE };

	/* a fresh object: no attributes, all usages, not initialized */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_AES, 256, &h));
	p[0] = (struct cp)P_VIN(h, 0);
	ASSERT_EQ(TEE_SUCCESS, call(CT_OBJ_INFO, p));
	memcpy(u, info, sizeof(u));
	EXPECT_EQ((uint32_t)TEE_TYPE_AES, u[0]);
	EXPECT_EQ(0u, u[1]);
	EXPECT_EQ(256u, u[2]);
	EXPECT_EQ(0xffffffffu, u[3]);
	EXPECT_EQ(0u, u[6]);
	/* GenerateKey: 192 bits, initialized */
	EXPECT_EQ(TEE_SUCCESS, obj_genkey(h, 192, NULL));
	ASSERT_EQ(TEE_SUCCESS, call(CT_OBJ_INFO, p));
	memcpy(u, info, sizeof(u));
	EXPECT_EQ(192u, u[1]);
	EXPECT_EQ((uint32_t)TEE_HANDLE_FLAG_INITIALIZED, u[6]);
	bl = sizeof(buf);
	EXPECT_EQ(TEE_SUCCESS, obj_getbuf(h, TEE_ATTR_SECRET_VALUE, buf, &bl));
	EXPECT_EQ(24u, bl);
	/* short buffer: the size */
	bl = 4;
	EXPECT_EQ(TEE_ERROR_SHORT_BUFFER, obj_getbuf(h, TEE_ATTR_SECRET_VALUE, buf, &bl));
	EXPECT_EQ(24u, bl);
	/* an attribute the object does not have */
	bl = sizeof(buf);
	EXPECT_EQ(TEE_ERROR_ITEM_NOT_FOUND, obj_getbuf(h, TEE_ATTR_RSA_MODULUS, buf, &bl));
	/* copy into a generic secret, reset */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_AES, 256, &h2));
	{
		struct cp c[4] = { P_VIN(h2, h), P_NONE, P_NONE, P_NONE };

		EXPECT_EQ(TEE_SUCCESS, call(CT_OBJ_COPY, c));
		c[0] = (struct cp)P_VIN(h2, 0);
		EXPECT_EQ(TEE_SUCCESS, call(CT_OBJ_RESET, c));
	}
	bl = sizeof(buf);
	EXPECT_PANIC(TEE_ERROR_BAD_STATE, obj_getbuf(h2, TEE_ATTR_SECRET_VALUE, buf, &bl));
	/* unsupported sizes and types */
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, obj_alloc(TEE_TYPE_AES, 100, &h));
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, obj_alloc(0xa0000099, 128, &h));
	EXPECT_EQ(TEE_ERROR_NOT_SUPPORTED, obj_alloc(TEE_TYPE_RSA_KEYPAIR, 8192, &h));
	/* populate without a mandatory attribute: GP panics */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_RSA_PUBLIC_KEY, 1024, &h));
	ab_hex(&l, TEE_ATTR_RSA_MODULUS, "c5");
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, obj_populate(h, &l));
	/* an attribute of another type: GP panics */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_AES, 128, &h));
	l.n = 0;
	ab_hex(&l, TEE_ATTR_SECRET_VALUE, "00112233445566778899aabbccddeeff");
	ab_hex(&l, TEE_ATTR_RSA_MODULUS, "c5");
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, obj_populate(h, &l));
	/* an AES key of 20 bytes is inconsistent: BAD_PARAMETERS */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_AES, 256, &h));
	l.n = 0;
	ab_hex(&l, TEE_ATTR_SECRET_VALUE, "00112233445566778899aabbccddeeff00112233");
	EXPECT_EQ(TEE_ERROR_BAD_PARAMETERS, obj_populate(h, &l));
	/* a key larger than the object's maximum: GP panics */
	ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_AES, 128, &h));
	l.n = 0;
	ab_hex(&l, TEE_ATTR_SECRET_VALUE,
	       "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, obj_populate(h, &l));
	/* TEE_InitRefAttribute with a value attribute's id: GP panics */
	{
		struct cp c[4] = { P_NONE, P_NONE, P_NONE, P_NONE };

		EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, call(CT_BAD_INIT_ATTR, c));
	}
	/* a key pair copied into a public-key object keeps only the public part */
	{
		uint32_t kp, pk;
		struct ab c = { .n = 0 };
		struct cp cc[4] = { P_NONE, P_NONE, P_NONE, P_NONE };

		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_ECDSA_KEYPAIR, 256, &kp));
		ab_val(&c, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256);
		ASSERT_EQ(TEE_SUCCESS, obj_genkey(kp, 256, &c));
		ASSERT_EQ(TEE_SUCCESS, obj_alloc(TEE_TYPE_ECDSA_PUBLIC_KEY, 256, &pk));
		cc[0] = (struct cp)P_VIN(pk, kp);
		EXPECT_EQ(TEE_SUCCESS, call(CT_OBJ_COPY, cc));
		bl = sizeof(buf);
		EXPECT_EQ(TEE_SUCCESS, obj_getbuf(pk, TEE_ATTR_ECC_PUBLIC_VALUE_X, buf, &bl));
		bl = sizeof(buf);
		EXPECT_EQ(TEE_ERROR_ITEM_NOT_FOUND,
			  obj_getbuf(pk, TEE_ATTR_ECC_PRIVATE_VALUE, buf, &bl));
		cc[0] = (struct cp)P_VIN(pk, TEE_ATTR_ECC_CURVE);
		cc[1] = (struct cp)P_VOUT;
		EXPECT_EQ(TEE_SUCCESS, call(CT_OBJ_GET_VAL, cc));
		EXPECT_EQ((uint32_t)TEE_ECC_CURVE_NIST_P256, cc[1].a);
	}
}

TEST_F(crypto, operation_info_multiple)
{
	uint8_t b[128];
	uint32_t op, k1, k2, u[12];
	struct cp p[4] = { P_NONE, P_MOUT(b, 8), P_NONE, P_NONE };

	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, 256, &op));
	p[0] = (struct cp)P_VIN(op, 0);
	EXPECT_EQ(TEE_ERROR_SHORT_BUFFER, call(CT_OP_INFO_MULTI, p));
	EXPECT_EQ(8u * 4 + 2 * 8, p[1].size);
	k1 = key_secret(TEE_TYPE_AES, "11111111111111111111111111111111");
	k2 = key_secret(TEE_TYPE_AES, "22222222222222222222222222222222");
	EXPECT_EQ(TEE_SUCCESS, op_setkey2(op, k1, k2));
	p[1] = (struct cp)P_MOUT(b, sizeof(b));
	ASSERT_EQ(TEE_SUCCESS, call(CT_OP_INFO_MULTI, p));
	memcpy(u, b, sizeof(u));
	EXPECT_EQ((uint32_t)TEE_ALG_AES_XTS, u[0]);
	EXPECT_EQ((uint32_t)TEE_OPERATION_CIPHER, u[1]);
	EXPECT_EQ((uint32_t)(TEE_HANDLE_FLAG_EXPECT_TWO_KEYS | TEE_HANDLE_FLAG_KEY_SET), u[5]);
	EXPECT_EQ((uint32_t)TEE_OPERATION_STATE_INITIAL, u[6]);
	EXPECT_EQ(2u, u[7]);
	EXPECT_EQ(128u, u[8]);
	EXPECT_EQ((uint32_t)TEE_USAGE_ENCRYPT, u[9]);
	EXPECT_EQ(128u, u[10]);
	/* one key for a two-key algorithm: GP panics */
	EXPECT_PANIC(TEE_ERROR_BAD_PARAMETERS, op_setkey(op, k1));
}

/* ---- interop matrix: the TA against OpenSSL in the test ---------------------- */

static void fill(uint8_t *b, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + 7 * i + (i >> 3));
}

/* OpenSSL's encryption of in (pad: PKCS#7) as hex */
static const char *ossl_cipher(const char *name, const uint8_t *key,
			       const uint8_t *iv, const uint8_t *in, size_t n,
			       bool pad)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	OSSL_PARAM cs3[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	uint8_t out[600];
	int l1 = 0, l2 = 0;

	/* GP's CTS is CBC-CS3 (RFC 3962); OpenSSL's default is CS1 */
	if (strstr(name, "CTS"))
		cs3[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, "CS3", 0);
	EVP_EncryptInit_ex2(x, c, key, iv, cs3);
	EVP_CIPHER_CTX_set_padding(x, pad);
	EVP_EncryptUpdate(x, out, &l1, in, n);
	EVP_EncryptFinal_ex(x, out + l1, &l2);
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return hex(out, l1 + l2);
}

TEST_F(crypto, interop_digest_hmac)
{
	static const struct {
		uint32_t alg, hmac;
		const char *md;
	} v[] = {
		{ TEE_ALG_MD5, TEE_ALG_HMAC_MD5, "MD5" },
		{ TEE_ALG_SHA1, TEE_ALG_HMAC_SHA1, "SHA1" },
		{ TEE_ALG_SHA224, TEE_ALG_HMAC_SHA224, "SHA224" },
		{ TEE_ALG_SHA256, TEE_ALG_HMAC_SHA256, "SHA256" },
		{ TEE_ALG_SHA384, TEE_ALG_HMAC_SHA384, "SHA384" },
		{ TEE_ALG_SHA512, TEE_ALG_HMAC_SHA512, "SHA512" },
		{ TEE_ALG_SM3, TEE_ALG_HMAC_SM3, "SM3" },
		{ TEE_ALG_SHA3_224, TEE_ALG_HMAC_SHA3_224, "SHA3-224" },
		{ TEE_ALG_SHA3_256, TEE_ALG_HMAC_SHA3_256, "SHA3-256" },
		{ TEE_ALG_SHA3_384, TEE_ALG_HMAC_SHA3_384, "SHA3-384" },
		{ TEE_ALG_SHA3_512, TEE_ALG_HMAC_SHA3_512, "SHA3-512" },
	};
	uint8_t m[1000], key[32], md[64];
	unsigned int ml;
	char keyhex[80];
	size_t i;

	fill(m, sizeof(m), 1);
	fill(key, sizeof(key), 2);
	snprintf(keyhex, sizeof(keyhex), "%s", hex(key, sizeof(key)));
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		EVP_Digest(m, sizeof(m), md, &ml, EVP_get_digestbyname(v[i].md), NULL);
		EXPECT_STREQ(hex(md, ml), digest(v[i].alg, m, sizeof(m), 64));
		HMAC(EVP_get_digestbyname(v[i].md), key, sizeof(key), m, sizeof(m), md, &ml);
		EXPECT_STREQ(hex(md, ml), mac(v[i].hmac, TEE_TYPE_GENERIC_SECRET, keyhex, m,
					      sizeof(m), NULL));
	}
}

TEST_F(crypto, interop_ciphers)
{
	static const struct {
		uint32_t alg, type;
		const char *name;
		size_t klen, ivlen;
		bool pad;
	} v[] = {
		{ TEE_ALG_AES_ECB_NOPAD, TEE_TYPE_AES, "AES-192-ECB", 24, 0, false },
		{ TEE_ALG_AES_CBC_NOPAD, TEE_TYPE_AES, "AES-256-CBC", 32, 16, false },
		{ TEE_ALG_AES_CTR, TEE_TYPE_AES, "AES-192-CTR", 24, 16, false },
		{ TEE_ALG_AES_CTS, TEE_TYPE_AES, "AES-256-CBC-CTS", 32, 16, false },
		{ TEE_ALG_DES3_ECB_NOPAD, TEE_TYPE_DES3, "DES-EDE3-ECB", 24, 0, false },
		{ TEE_ALG_DES3_CBC_NOPAD, TEE_TYPE_DES3, "DES-EDE3-CBC", 24, 8, false },
		{ TEE_ALG_DES3_CBC_NOPAD, TEE_TYPE_DES3, "DES-EDE-CBC", 16, 8, false },
		{ TEE_ALG_SM4_CBC_NOPAD, TEE_TYPE_SM4, "SM4-CBC", 16, 16, false },
		{ TEE_ALG_SM4_CTR, TEE_TYPE_SM4, "SM4-CTR", 16, 16, false },
		{ TEE_ALG_SM4_ECB_PKCS5, TEE_TYPE_SM4, "SM4-ECB", 16, 0, true },
		{ TEE_ALG_SM4_CBC_PKCS5, TEE_TYPE_SM4, "SM4-CBC", 16, 16, true },
	};
	uint8_t key[32], iv[16], pt[96];
	char kh[80], ivh[40], pth[200], ct[300];
	size_t i, n;

	fill(key, sizeof(key), 3);
	fill(iv, sizeof(iv), 4);
	fill(pt, sizeof(pt), 5);
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		/* whole blocks, or a partial last block where the mode allows */
		n = (v[i].pad || v[i].alg == TEE_ALG_AES_CTR ||
		     v[i].alg == TEE_ALG_SM4_CTR || v[i].alg == TEE_ALG_AES_CTS) ? 91 : 96;
		snprintf(kh, sizeof(kh), "%s", hex(key, v[i].klen));
		snprintf(ivh, sizeof(ivh), "%s", hex(iv, v[i].ivlen));
		snprintf(pth, sizeof(pth), "%s", hex(pt, n));
		snprintf(ct, sizeof(ct), "%s", ossl_cipher(v[i].name, key, v[i].ivlen ? iv : NULL,
							    pt, n, v[i].pad));
		EXPECT_STREQ(ct, cipher(v[i].alg, TEE_MODE_ENCRYPT, v[i].type, kh,
					v[i].ivlen ? ivh : NULL, pth));
		EXPECT_STREQ(pth, cipher(v[i].alg, TEE_MODE_DECRYPT, v[i].type, kh,
					 v[i].ivlen ? ivh : NULL, ct));
	}
}

TEST_F(crypto, interop_macs)
{
	uint8_t key[32], m[70], out[16];
	char kh[80];
	size_t ol = sizeof(out);
	EVP_MAC *f = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *c;
	OSSL_PARAM prm[2];

	fill(key, sizeof(key), 6);
	fill(m, sizeof(m), 7);
	/* AES-256 CMAC and 3-key 3DES CMAC against OpenSSL's CMAC */
	snprintf(kh, sizeof(kh), "%s", hex(key, 32));
	c = EVP_MAC_CTX_new(f);
	prm[0] = OSSL_PARAM_construct_utf8_string("cipher", "AES-256-CBC", 0);
	prm[1] = OSSL_PARAM_construct_end();
	EVP_MAC_init(c, key, 32, prm);
	EVP_MAC_update(c, m, sizeof(m));
	EVP_MAC_final(c, out, &ol, sizeof(out));
	EXPECT_STREQ(hex(out, ol), mac(TEE_ALG_AES_CMAC, TEE_TYPE_AES, kh, m, sizeof(m), NULL));
	EVP_MAC_CTX_free(c);
	snprintf(kh, sizeof(kh), "%s", hex(key, 24));
	c = EVP_MAC_CTX_new(f);
	prm[0] = OSSL_PARAM_construct_utf8_string("cipher", "DES-EDE3-CBC", 0);
	EVP_MAC_init(c, key, 24, prm);
	EVP_MAC_update(c, m, sizeof(m));
	ol = sizeof(out);
	EVP_MAC_final(c, out, &ol, sizeof(out));
	EXPECT_STREQ(hex(out, ol), mac(TEE_ALG_DES3_CMAC, TEE_TYPE_DES3, kh, m, sizeof(m), NULL));
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(f);
	/* CBC-MAC with PKCS#5 padding: the last block of the padded CBC encryption */
	snprintf(kh, sizeof(kh), "%s", hex(key, 16));
	{
		const char *ct = ossl_cipher("AES-128-CBC", key, NULL, m, sizeof(m), true);
		size_t l = strlen(ct);

		EXPECT_STREQ(ct + l - 32, mac(TEE_ALG_AES_CBC_MAC_PKCS5, TEE_TYPE_AES, kh, m,
					       sizeof(m), NULL));
		ct = ossl_cipher("DES-EDE3-CBC", key, NULL, m, sizeof(m), true);
		l = strlen(ct);
		snprintf(kh, sizeof(kh), "%s", hex(key, 24));
		EXPECT_STREQ(ct + l - 16, mac(TEE_ALG_DES3_CBC_MAC_PKCS5, TEE_TYPE_DES3, kh, m,
					       sizeof(m), NULL));
	}
}

/* an operation copied in the middle of a CBC encryption goes on alike */
TEST_F(crypto, copy_operation_cipher)
{
	uint8_t iv[16] = { 0 }, in[48], o1[64], o2[64];
	size_t l1 = sizeof(o1), l2 = sizeof(o2), t1, t2;
	uint32_t op, op2, k;

	fill(in, sizeof(in), 9);
	k = key_secret(TEE_TYPE_AES, "2b7e151628aed2a6abf7158809cf4f3c");
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 128, &op));
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 128, &op2));
	ASSERT_EQ(TEE_SUCCESS, op_setkey(op, k));
	op_in(CT_CIPHER_INIT, op, iv, 16);
	ASSERT_EQ(TEE_SUCCESS, op_io(CT_CIPHER_UPDATE, op, in, 20, o1, &l1));
	{
		struct cp c[4] = { P_VIN(op2, op), P_NONE, P_NONE, P_NONE };

		ASSERT_EQ(TEE_SUCCESS, call(CT_OP_COPY, c));
	}
	memcpy(o2, o1, l1);
	t1 = t2 = l1;
	l1 = sizeof(o1) - t1;
	l2 = sizeof(o2) - t2;
	EXPECT_EQ(TEE_SUCCESS, op_io(CT_CIPHER_FINAL, op, in + 20, 28, o1 + t1, &l1));
	EXPECT_EQ(TEE_SUCCESS, op_io(CT_CIPHER_FINAL, op2, in + 20, 28, o2 + t2, &l2));
	EXPECT_EQ(48u, t1 + l1);
	EXPECT_EQ(0, memcmp(o1, o2, 48));
}

/* SM2 key exchange: both roles in the TA agree, confirmations check out */
static uint32_t sm2_pair(uint8_t xy[64])
{
	uint32_t h;
	size_t l = 32;

	if (obj_alloc(TEE_TYPE_SM2_KEP_KEYPAIR, 256, &h) || obj_genkey(h, 256, NULL))
		return 0;
	obj_getbuf(h, TEE_ATTR_ECC_PUBLIC_VALUE_X, xy, &l);
	l = 32;
	obj_getbuf(h, TEE_ATTR_ECC_PUBLIC_VALUE_Y, xy + 32, &l);
	return h;
}

/* the exchange as role (0 A, 1 B) against the peer's points; conf in/out */
static const char *sm2_derive(uint32_t op, int role, const uint8_t *peer,
			      const uint8_t *peer_e, const uint8_t *cin,
			      uint8_t *cout)
{
	struct ab l = { .n = 0 };
	uint8_t out[64];
	size_t ol = sizeof(out), off;
	uint32_t d, r;

	ab_add(&l, TEE_ATTR_ECC_PUBLIC_VALUE_X, 0, 0, peer, 32);
	ab_add(&l, TEE_ATTR_ECC_PUBLIC_VALUE_Y, 0, 0, peer + 32, 32);
	ab_add(&l, TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, 0, 0, peer_e, 32);
	ab_add(&l, TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, 0, 0, peer_e + 32, 32);
	ab_add(&l, TEE_ATTR_SM2_ID_INITIATOR, 0, 0, "ALICE123@YAHOO.COM", 18);
	ab_add(&l, TEE_ATTR_SM2_ID_RESPONDER, 0, 0, "BILL456@YAHOO.COM", 17);
	ab_val(&l, TEE_ATTR_SM2_KEP_USER, role);
	if (cin)
		ab_add(&l, TEE_ATTR_SM2_KEP_CONFIRMATION_IN, 0, 0, cin, 32);
	off = l.n + 16;
	ab_add(&l, TEE_ATTR_SM2_KEP_CONFIRMATION_OUT, 0, 0, out, 32);
	r = obj_alloc(TEE_TYPE_GENERIC_SECRET, 128, &d);
	if (!r) {
		struct cp p[4] = { P_VIN(op, d), P_MIO(l.b, l.n), P_NONE, P_NONE };

		r = call(CT_DERIVE, p);
	}
	if (r)
		return err(r);
	memcpy(cout, l.b + off, 32);
	r = obj_getbuf(d, TEE_ATTR_SECRET_VALUE, out, &ol);
	return r ? err(r) : hex(out, ol);
}

TEST_F(crypto, sm2_kep)
{
	uint8_t pa[64], ra[64], pb[64], rb[64], sa[32], sb[32], x[32];
	uint32_t a, ae, b, be, opa, opb;
	char kb[80];

	a = sm2_pair(pa);
	ae = sm2_pair(ra);
	b = sm2_pair(pb);
	be = sm2_pair(rb);
	ASSERT_NE(0u, be);
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 256, &opa));
	ASSERT_EQ(TEE_SUCCESS, op_alloc(TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 256, &opb));
	ASSERT_EQ(TEE_SUCCESS, op_setkey2(opa, a, ae));
	ASSERT_EQ(TEE_SUCCESS, op_setkey2(opb, b, be));
	/* B answers A's ephemeral point with its own and S_B */
	snprintf(kb, sizeof(kb), "%s", sm2_derive(opb, 1, pa, ra, NULL, sb));
	EXPECT_EQ(32u, strlen(kb));
	/* A checks S_B, gets the same key and S_A */
	EXPECT_STREQ(kb, sm2_derive(opa, 0, pb, rb, sb, sa));
	/* B checks S_A */
	EXPECT_STREQ(kb, sm2_derive(opb, 1, pa, ra, sa, x));
	/* a wrong confirmation: GP's void TEE_DeriveKey panics */
	sa[0] ^= 1;
	EXPECT_STREQ(err(TEE_ERROR_TARGET_DEAD), sm2_derive(opb, 1, pa, ra, sa, x));
#ifdef CRYPTO_HOST
	EXPECT_EQ((uint32_t)TEE_ERROR_SIGNATURE_INVALID, last_panic);
#endif
}

/* the arithmetical API in the TA (all of it: tests/unit/arith) */
TEST_F(crypto, bigint)
{
	struct cp p[4] = { P_VIN(4, 13), P_VIO(497, 0), P_NONE, P_NONE };

	/* Schneier, Applied Cryptography 11.3: 4^13 mod 497 = 445 */
	EXPECT_EQ(TEE_SUCCESS, call(CT_BIGINT_EXPMOD, p));
	EXPECT_EQ(445u, p[1].a);
}

TEST_HARNESS_MAIN
