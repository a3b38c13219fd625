// SPDX-License-Identifier: BSD-2-Clause
/*
 * sign_verify - the CA of the sign_verify TA: the TA signs, OpenSSL checks
 * the signature with the public key the TA gave out.
 *
 * Usage: sign_verify ALG [MESSAGE [CHECKED]]
 *          ALG rsa (RSASSA-PSS, SHA-256) or ecdsa (P-256, SHA-256); the TA
 *          signs MESSAGE, OpenSSL verifies the signature on CHECKED
 *          (default: MESSAGE); exit 0 when it verifies, 1 when not
 *        sign_verify    both algorithms, a message and a changed one
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <sign_verify_ta.h>

static TEEC_Session sess;

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

/* the TA's public key for OpenSSL: RSA (n, e) or P-256 (X, Y) */
static EVP_PKEY *public_key(bool ec, const uint8_t *a, size_t a_len,
			    const uint8_t *b, size_t b_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, ec ? "EC" : "RSA",
						       NULL);
	BIGNUM *n = BN_bin2bn(a, a_len, NULL), *e = BN_bin2bn(b, b_len, NULL);
	uint8_t point[65] = { 0x04 };	/* uncompressed: 04 || X || Y */
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	int ok;

	if (ec) {
		memcpy(point + 1, a, 32);
		memcpy(point + 33, b, 32);
		ok = a_len == 32 && b_len == 32 &&
		     OSSL_PARAM_BLD_push_utf8_string(bld,
			OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
		     OSSL_PARAM_BLD_push_octet_string(bld,
			OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point));
	} else {
		ok = OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
	}
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		errx(1, "OpenSSL refused the TA's public key");
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(n);
	BN_free(e);
	return pkey;
}

/* GP gives ECDSA signatures as r || s; OpenSSL wants DER */
static size_t ecdsa_der(const uint8_t *rs, size_t len, uint8_t *der)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	uint8_t *p = der;
	int n;

	ECDSA_SIG_set0(sig, BN_bin2bn(rs, len / 2, NULL),
		       BN_bin2bn(rs + len / 2, len / 2, NULL));
	n = i2d_ECDSA_SIG(sig, &p);
	ECDSA_SIG_free(sig);
	return n > 0 ? n : 0;
}

static int verify(bool ec, EVP_PKEY *pkey, const char *msg,
		  const uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	uint8_t der[80];
	int ok;

	if (ec) {
		sig_len = ecdsa_der(sig, sig_len, der);
		sig = der;
	}
	ok = EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, pkey) > 0;
	if (ok && !ec)
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx,
						  RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0;
	ok = ok && EVP_DigestVerify(md, sig, sig_len, (const uint8_t *)msg,
				    strlen(msg)) == 1;
	EVP_MD_CTX_free(md);
	return ok;
}

/* the TA signs msg; OpenSSL checks it on checked; 0 if it verifies */
static int run(bool ec, const char *msg, const char *checked)
{
	uint8_t a[256], b[256], sig[256];
	const char *name = ec ? "ECDSA P-256" : "RSASSA-PSS RSA-2048";
	TEEC_Operation op;
	uint32_t origin = 0;
	EVP_PKEY *pkey;
	int ok;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].value.a = ec ? SV_ALG_ECDSA_P256 : SV_ALG_RSA_PSS;
	op.params[1].tmpref.buffer = a;
	op.params[1].tmpref.size = sizeof(a);
	op.params[2].tmpref.buffer = b;
	op.params[2].tmpref.size = sizeof(b);
	check(TEEC_InvokeCommand(&sess, TA_SIGN_VERIFY_CMD_GENKEY, &op,
				 &origin), origin, "GENKEY");
	pkey = public_key(ec, a, op.params[1].tmpref.size, b,
			  op.params[2].tmpref.size);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)msg;
	op.params[0].tmpref.size = strlen(msg);
	op.params[1].tmpref.buffer = sig;
	op.params[1].tmpref.size = sizeof(sig);
	check(TEEC_InvokeCommand(&sess, TA_SIGN_VERIFY_CMD_SIGN, &op, &origin),
	      origin, "SIGN");
	printf("sign_verify: %s: the TA signed \"%s\" (%zu-byte signature)\n",
	       name, msg, op.params[1].tmpref.size);
	ok = verify(ec, pkey, checked, sig, op.params[1].tmpref.size);
	printf("sign_verify: %s: OpenSSL says the signature on \"%s\" %s\n",
	       name, checked, ok ? "verifies" : "does NOT verify");
	EVP_PKEY_free(pkey);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_SIGN_VERIFY_UUID;
	const char *m = "pay 10 EUR to Bob", *changed = "pay 99 EUR to Bob";
	TEEC_Context ctx;
	uint32_t origin = 0;
	bool ec;
	int rc;

	if (argc > 1 && strcmp(argv[1], "rsa") && strcmp(argv[1], "ecdsa"))
		errx(2, "usage: sign_verify [rsa|ecdsa [MESSAGE [CHECKED]]]");
	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");
	if (argc > 1) {
		ec = !strcmp(argv[1], "ecdsa");
		m = argc > 2 ? argv[2] : m;
		rc = run(ec, m, argc > 3 ? argv[3] : m);
	} else {
		/* each must verify, and fail once the message is changed */
		rc = run(false, m, m) || !run(false, m, changed) ||
		     run(true, m, m) || !run(true, m, changed);
	}
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return rc;
}
