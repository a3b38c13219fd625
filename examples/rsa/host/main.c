// SPDX-License-Identifier: BSD-2-Clause
/*
 * rsa - the CA of the rsa TA: the TA makes an RSA key pair and gives out
 * the public key; this program encrypts with it using OpenSSL
 * (RSAES-OAEP, SHA-256) and the TA decrypts.
 *
 * Usage: rsa [--tamper] [TEXT]   exit 0 when the TA gives TEXT back;
 *        --tamper changes one byte of the ciphertext on its way to the TA,
 *        which must then refuse it
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <rsa_ta.h>

#define BITS 2048

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

/* an OpenSSL public key from the modulus and exponent the TA gave */
static EVP_PKEY *public_key(const uint8_t *n, size_t n_len, const uint8_t *e,
			    size_t e_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn = BN_bin2bn(n, n_len, NULL), *be = BN_bin2bn(e, e_len, NULL);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;

	if (bld && bn && be && ctx &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
		params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		errx(1, "OpenSSL refused the TA's public key");
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	return pkey;
}

static size_t oaep_encrypt(EVP_PKEY *pkey, const char *text, uint8_t *out,
			   size_t out_len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);

	if (!ctx || EVP_PKEY_encrypt_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) <= 0 ||
	    EVP_PKEY_encrypt(ctx, out, &out_len, (const uint8_t *)text,
			     strlen(text)) <= 0)
		errx(1, "OpenSSL could not encrypt (text too long for OAEP?)");
	EVP_PKEY_CTX_free(ctx);
	return out_len;
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_RSA_UUID;
	int tamper = argc > 1 && !strcmp(argv[1], "--tamper");
	const char *text = argc > 1 + tamper ? argv[1 + tamper] :
			   "for the TA's eyes only";
	uint8_t n[BITS / 8], e[8], ct[BITS / 8];
	char pt[BITS / 8 + 1];
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result res;
	EVP_PKEY *pkey;
	size_t ct_len;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].value.a = BITS;
	op.params[1].tmpref.buffer = n;
	op.params[1].tmpref.size = sizeof(n);
	op.params[2].tmpref.buffer = e;
	op.params[2].tmpref.size = sizeof(e);
	check(TEEC_InvokeCommand(&sess, TA_RSA_CMD_GENKEY, &op, &origin),
	      origin, "GENKEY");
	printf("rsa: the TA made an RSA-%d key pair and gave out its public key\n",
	       BITS);
	pkey = public_key(n, op.params[1].tmpref.size, e,
			  op.params[2].tmpref.size);

	ct_len = oaep_encrypt(pkey, text, ct, sizeof(ct));
	EVP_PKEY_free(pkey);
	printf("rsa: \"%s\" encrypted by OpenSSL (OAEP, SHA-256): %zu bytes\n",
	       text, ct_len);
	if (tamper) {
		ct[ct_len / 2] ^= 0x01;
		printf("rsa: one bit of the ciphertext changed on its way\n");
	}

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = ct;
	op.params[0].tmpref.size = ct_len;
	op.params[1].tmpref.buffer = pt;
	op.params[1].tmpref.size = sizeof(pt) - 1;
	res = TEEC_InvokeCommand(&sess, TA_RSA_CMD_DECRYPT, &op, &origin);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	if (res != TEEC_SUCCESS) {
		printf("rsa: the TA refused to decrypt: %s\n",
		       teekit_teec_strerror(res));
		return 1;
	}
	pt[op.params[1].tmpref.size] = 0;
	printf("rsa: decrypted by the TA: \"%s\"\n", pt);
	return strcmp(pt, text) ? 1 : 0;
}
