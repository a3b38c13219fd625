// SPDX-License-Identifier: GPL-2.0-only
/*
 * GP cryptography inside a TA against the same libcrypto calls in this
 * plain process: AES-128-GCM and SHA-256 over 1 MiB, RSA-2048 signing and
 * a 64-byte SHA-256 digest.  The TA runs a loop of the operation per
 * invoke (BENCH_CMD_CRYPTO), so the call's own cost is spread over many
 * operations; each TA figure is paired with its plain reference doing the
 * same number of operations (decision 0730), round by round.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include "bench.h"
#include "ta/bench_ta.h"

#define DEV	"teekit-sim"

static const TEEC_UUID bench_uuid = BENCH_TA_UUID;

/* The plain side: one context per kind, made once */
struct plain {
	enum bench_crypto kind;
	unsigned int count;	/* operations per bench_op call */
	unsigned char *in, *out;
	EVP_CIPHER_CTX *cipher;
	EVP_MD_CTX *md;
	EVP_PKEY *pkey;
	EVP_PKEY_CTX *sign;
};

static int plain_once(struct plain *p)
{
	static const unsigned char key[16] = "teekit-bench-key";
	static const unsigned char iv[12] = "bench-iv-12b";
	unsigned char tag[16];
	unsigned int mdlen;
	size_t siglen = 512;
	int len;

	switch (p->kind) {
	case BENCH_AES128_GCM_1M:
		if (EVP_EncryptInit_ex(p->cipher, EVP_aes_128_gcm(), NULL, key,
				       iv) != 1 ||
		    EVP_EncryptUpdate(p->cipher, p->out, &len, p->in,
				      BENCH_CRYPTO_BUF) != 1 ||
		    EVP_EncryptFinal_ex(p->cipher, p->out + len, &len) != 1 ||
		    EVP_CIPHER_CTX_ctrl(p->cipher, EVP_CTRL_GCM_GET_TAG,
					sizeof(tag), tag) != 1)
			return -1;
		return 0;
	case BENCH_SHA256_1M:
	case BENCH_SHA256_64:
		if (EVP_DigestInit_ex(p->md, EVP_sha256(), NULL) != 1 ||
		    EVP_DigestUpdate(p->md, p->in, p->kind == BENCH_SHA256_64 ?
				     64 : BENCH_CRYPTO_BUF) != 1 ||
		    EVP_DigestFinal_ex(p->md, p->out, &mdlen) != 1)
			return -1;
		return 0;
	default:
		return EVP_PKEY_sign(p->sign, p->out, &siglen, p->in, 32) == 1 ?
		       0 : -1;
	}
}

static int op_plain(void *arg)
{
	struct plain *p = arg;
	unsigned int n;

	for (n = 0; n < p->count; n++)
		if (plain_once(p))
			return -1;
	return 0;
}

static int plain_setup(struct plain *p)
{
	p->in = OPENSSL_malloc(BENCH_CRYPTO_BUF);
	p->out = OPENSSL_malloc(BENCH_CRYPTO_BUF);
	if (!p->in || !p->out)
		return -1;
	memset(p->in, 0x5a, BENCH_CRYPTO_BUF);
	switch (p->kind) {
	case BENCH_AES128_GCM_1M:
		p->cipher = EVP_CIPHER_CTX_new();
		return p->cipher ? 0 : -1;
	case BENCH_SHA256_1M:
	case BENCH_SHA256_64:
		p->md = EVP_MD_CTX_new();
		return p->md ? 0 : -1;
	default:
		p->pkey = EVP_RSA_gen(2048);
		p->sign = p->pkey ? EVP_PKEY_CTX_new(p->pkey, NULL) : NULL;
		if (!p->sign || EVP_PKEY_sign_init(p->sign) != 1 ||
		    EVP_PKEY_CTX_set_rsa_padding(p->sign,
						 RSA_PKCS1_PADDING) != 1 ||
		    EVP_PKEY_CTX_set_signature_md(p->sign, EVP_sha256()) != 1)
			return -1;
		return 0;
	}
}

static void plain_free(struct plain *p)
{
	EVP_CIPHER_CTX_free(p->cipher);
	EVP_MD_CTX_free(p->md);
	EVP_PKEY_CTX_free(p->sign);
	EVP_PKEY_free(p->pkey);
	OPENSSL_free(p->in);
	OPENSSL_free(p->out);
}

/* The TA side: BENCH_CMD_CRYPTO of @count operations */
struct in_ta {
	TEEC_Session *sess;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin;
};

static int op_in_ta(void *arg)
{
	struct in_ta *t = arg;

	t->res = TEEC_InvokeCommand(t->sess, BENCH_CMD_CRYPTO, &t->op,
				    &t->origin);
	return t->res ? -1 : 0;
}

/* One figure: its plain baseline @base and the TA figure @fig */
struct crypto_fig {
	enum bench_crypto kind;
	unsigned int count;	/* operations per call, both sides */
	unsigned int samples;	/* calls measured per side */
	const char *base_name, *base_title, *fig_name, *fig_title;
	enum bench_unit unit;
	const char *target;
	double target_val;
	bool target_le;
	struct bench_result *base, *fig;
};

static struct crypto_fig figs[] = {
	{ BENCH_AES128_GCM_1M, 2, 40,
	  "evp_aes128gcm_1m", "AES-128-GCM encryption of 1 MiB, plain libcrypto (EVP)",
	  "ta_aes128gcm_1m", "AES-128-GCM encryption of 1 MiB in a TA (TEE_AEEncryptFinal)",
	  UNIT_MBPS, ">= 0.8", 0.8, false, NULL, NULL },
	{ BENCH_SHA256_1M, 2, 40,
	  "evp_sha256_1m", "SHA-256 of 1 MiB, plain libcrypto (EVP)",
	  "ta_sha256_1m", "SHA-256 of 1 MiB in a TA (TEE_DigestDoFinal)",
	  UNIT_MBPS, ">= 0.8", 0.8, false, NULL, NULL },
	{ BENCH_RSA2048_SIGN, 2, 40,
	  "evp_rsa2048_sign", "RSA-2048 PKCS#1 v1.5 SHA-256 signature, plain libcrypto (EVP)",
	  "ta_rsa2048_sign", "RSA-2048 PKCS#1 v1.5 SHA-256 signature in a TA (TEE_AsymmetricSignDigest; at least 0.9x the speed = at most 1.11x the time)",
	  UNIT_NS, "<= 1.11", 1.11, true, NULL, NULL },
	{ BENCH_SHA256_64, 2000, 40,
	  "evp_sha256_64", "SHA-256 of 64 bytes, plain libcrypto (EVP)",
	  "ta_sha256_64", "SHA-256 of 64 bytes through the GP API in a TA (TEE_DigestDoFinal)",
	  UNIT_NS, "<= 2", 2, true, NULL, NULL },
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x)	(sizeof(x) / sizeof((x)[0]))
#endif
#define NFIGS	ARRAY_SIZE(figs)

/* ns per call of @count operations into per-operation figures */
static void per_op(struct bench_result *r, unsigned int count)
{
	double med = r->median / count, p99 = r->p99 / count;

	if (r->unit == UNIT_MBPS) {
		r->median = BENCH_CRYPTO_BUF / med * 1e3;
		/* the slowest samples give the low tail of the bandwidth */
		r->p99 = BENCH_CRYPTO_BUF / p99 * 1e3;
	} else {
		r->median = med;
		r->p99 = p99;
	}
}

static void one_fig(struct crypto_fig *f, TEEC_Session *s)
{
	struct plain p = { .kind = f->kind, .count = f->count };
	struct bench_ref ref = { f->base_name, op_plain, &p, 1 };
	struct in_ta t = { .sess = s };

	if (plain_setup(&p)) {
		bench_skip(f->base, "libcrypto setup failed");
		bench_skip(f->fig, "no plain baseline");
		goto out;
	}
	if (bench_sample_ns(op_plain, &p, 1, f->samples, &f->base->median,
			    &f->base->p99)) {
		bench_skip(f->base, "the libcrypto call failed");
		bench_skip(f->fig, "no plain baseline");
		goto out;
	}
	per_op(f->base, f->count);
	f->base->measured = true;
	if (!s) {
		bench_skip(f->fig, "no teekit-sim device or the bench TA does not open (stack not up?)");
		goto out;
	}
	t.op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE,
					   TEEC_NONE, TEEC_NONE);
	t.op.params[0].value.a = f->kind;
	t.op.params[0].value.b = f->count;
	if (bench_sample_paired(f->fig, op_in_ta, &t, 1, f->samples, &ref)) {
		bench_skip(f->fig, "the call failed: %s from %s (%s)",
			   teekit_teec_strerror(t.res),
			   teekit_teec_origin_name(t.origin),
			   teekit_teec_explain(t.res, t.origin));
		goto out;
	}
	per_op(f->fig, f->count);
	f->fig->measured = true;
out:
	plain_free(&p);
}

void bench_crypto(void)
{
	TEEC_Context ctx;
	TEEC_Session s;
	uint32_t origin;
	bool up;
	size_t i;

	for (i = 0; i < NFIGS; i++) {
		figs[i].base = bench_add(figs[i].base_name, figs[i].base_title,
					 figs[i].unit);
		figs[i].fig = bench_add(figs[i].fig_name, figs[i].fig_title,
					figs[i].unit);
		bench_compare(figs[i].fig, figs[i].base_name, figs[i].target,
			      figs[i].target_val, figs[i].target_le);
	}
	up = !TEEC_InitializeContext(DEV, &ctx);
	if (up && TEEC_OpenSession(&ctx, &s, &bench_uuid, TEEC_LOGIN_PUBLIC,
				   NULL, NULL, &origin)) {
		TEEC_FinalizeContext(&ctx);
		up = false;
	}
	for (i = 0; i < NFIGS; i++)
		one_fig(&figs[i], up ? &s : NULL);
	if (up) {
		TEEC_CloseSession(&s);
		TEEC_FinalizeContext(&ctx);
	}
}
