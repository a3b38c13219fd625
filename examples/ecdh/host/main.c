// SPDX-License-Identifier: BSD-2-Clause
/*
 * ecdh - the CA of the ecdh TA: the TA and this program agree on a secret
 * over P-256 (ECDH). Each side makes a key pair, they swap public points,
 * each derives the shared secret; both print its SHA-256, which must be
 * the same. The secret itself is never sent.
 *
 * Usage: ecdh [--bad-point]   --bad-point sends a point that is not on the
 *                             curve, which the TA must refuse
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <ecdh_ta.h>

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

static void print_hex(const char *what, const uint8_t *b, size_t n)
{
	size_t i;

	printf("%s", what);
	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

/* the TA's point as an OpenSSL public key */
static EVP_PKEY *peer_key(const uint8_t x[32], const uint8_t y[32])
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	uint8_t point[65] = { 0x04 };
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;

	memcpy(point + 1, x, 32);
	memcpy(point + 33, y, 32);
	if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					    "prime256v1", 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					     point, sizeof(point)))
		params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		errx(1, "OpenSSL refused the TA's public point");
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* our key pair's point, X and Y as 32 big-endian bytes each */
static void own_point(EVP_PKEY *key, uint8_t x[32], uint8_t y[32])
{
	BIGNUM *bx = NULL, *by = NULL;

	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &bx) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &by) ||
	    BN_bn2binpad(bx, x, 32) != 32 || BN_bn2binpad(by, y, 32) != 32)
		errx(1, "OpenSSL: cannot read our own public point");
	BN_free(bx);
	BN_free(by);
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_ECDH_UUID;
	int bad = argc > 1 && !strcmp(argv[1], "--bad-point");
	uint8_t tx[32], ty[32], cx[32], cy[32], secret[32], ours[32], theirs[32];
	size_t len = sizeof(secret);
	EVP_PKEY *key, *peer;
	EVP_PKEY_CTX *dctx;
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result res;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");

	/* 1. the TA's key pair; its public point */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = tx;
	op.params[0].tmpref.size = sizeof(tx);
	op.params[1].tmpref.buffer = ty;
	op.params[1].tmpref.size = sizeof(ty);
	check(TEEC_InvokeCommand(&sess, TA_ECDH_CMD_GENKEY, &op, &origin),
	      origin, "GENKEY");
	print_hex("ecdh: the TA's public X: ", tx, 32);

	/* 2. ours, and our side of the agreement */
	key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!key)
		errx(1, "OpenSSL: no P-256 key pair");
	own_point(key, cx, cy);
	print_hex("ecdh: the CA's public X: ", cx, 32);
	peer = peer_key(tx, ty);
	dctx = EVP_PKEY_CTX_new(key, NULL);
	if (!dctx || EVP_PKEY_derive_init(dctx) <= 0 ||
	    EVP_PKEY_derive_set_peer(dctx, peer) <= 0 ||
	    EVP_PKEY_derive(dctx, secret, &len) <= 0 ||
	    !EVP_Digest(secret, len, ours, NULL, EVP_sha256(), NULL))
		errx(1, "OpenSSL: ECDH failed");
	EVP_PKEY_CTX_free(dctx);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(key);
	if (bad) {
		cy[31] ^= 1;	/* (X, Y') is not on P-256 */
		printf("ecdh: sending the TA a point that is not on the curve\n");
	}

	/* 3. the TA's side */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].tmpref.buffer = cx;
	op.params[0].tmpref.size = sizeof(cx);
	op.params[1].tmpref.buffer = cy;
	op.params[1].tmpref.size = sizeof(cy);
	op.params[2].tmpref.buffer = theirs;
	op.params[2].tmpref.size = sizeof(theirs);
	res = TEEC_InvokeCommand(&sess, TA_ECDH_CMD_DERIVE, &op, &origin);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	if (res != TEEC_SUCCESS) {
		printf("ecdh: the TA refused to derive: %s (%s)\n",
		       teekit_teec_strerror(res),
		       teekit_teec_origin_name(origin));
		return 1;
	}
	print_hex("ecdh: SHA-256 of the secret, CA: ", ours, 32);
	print_hex("ecdh: SHA-256 of the secret, TA: ", theirs, 32);
	if (memcmp(ours, theirs, 32)) {
		printf("ecdh: the two sides do NOT agree\n");
		return 1;
	}
	printf("ecdh: both sides hold the same secret\n");
	return 0;
}
