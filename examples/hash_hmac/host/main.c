// SPDX-License-Identifier: BSD-2-Clause
/*
 * hash_hmac - the CA of the hash_hmac TA: SHA-256 and HMAC-SHA256 computed
 * in the TEE. An argument that starts with "0x" is hex, any other is text.
 *
 * Usage: hash_hmac sha256 MESSAGE              prints the digest
 *        hash_hmac hmac KEY MESSAGE            prints the MAC
 *        hash_hmac verify KEY MESSAGE MAC      exit 0 if MAC is right
 *        hash_hmac                             FIPS 180-2's "abc"
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <hash_hmac_ta.h>

#define MAX 4096

struct buf {
	uint8_t b[MAX];
	size_t n;
};

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

/* "0x..." is hex, anything else the text itself */
static void arg(struct buf *d, const char *s)
{
	unsigned int x;

	d->n = 0;
	if (strncmp(s, "0x", 2)) {
		d->n = strlen(s) < MAX ? strlen(s) : MAX;
		memcpy(d->b, s, d->n);
		return;
	}
	for (s += 2; s[0] && s[1] && d->n < MAX; s += 2) {
		if (sscanf(s, "%2x", &x) != 1)
			errx(2, "not hex: %s", s);
		d->b[d->n++] = x;
	}
}

static void tmpref(TEEC_Operation *op, int i, struct buf *d)
{
	op->params[i].tmpref.buffer = d->b;
	op->params[i].tmpref.size = d->n;
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_HASH_HMAC_UUID;
	const char *cmd = argc > 1 ? argv[1] : "sha256";
	static struct buf key, msg, mac;
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint32_t origin = 0, c;
	TEEC_Result res;
	size_t i;

	memset(&op, 0, sizeof(op));
	mac.n = 32;
	if (!strcmp(cmd, "sha256") && argc <= 3) {
		arg(&msg, argc == 3 ? argv[2] : "abc");
		c = TA_HASH_HMAC_CMD_SHA256;
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						 TEEC_MEMREF_TEMP_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		tmpref(&op, 0, &msg);
		tmpref(&op, 1, &mac);
	} else if ((!strcmp(cmd, "hmac") && argc == 4) ||
		   (!strcmp(cmd, "verify") && argc == 5)) {
		arg(&key, argv[2]);
		arg(&msg, argv[3]);
		c = TA_HASH_HMAC_CMD_HMAC;
		if (argc == 5) {
			arg(&mac, argv[4]);
			c = TA_HASH_HMAC_CMD_HMAC_VERIFY;
		}
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						 TEEC_MEMREF_TEMP_INPUT,
						 argc == 5 ? TEEC_MEMREF_TEMP_INPUT :
						 TEEC_MEMREF_TEMP_OUTPUT,
						 TEEC_NONE);
		tmpref(&op, 0, &key);
		tmpref(&op, 1, &msg);
		tmpref(&op, 2, &mac);
	} else {
		errx(2, "usage: hash_hmac [sha256 MESSAGE | hmac KEY MESSAGE | verify KEY MESSAGE MAC]");
	}

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");
	res = TEEC_InvokeCommand(&sess, c, &op, &origin);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);

	if (c == TA_HASH_HMAC_CMD_HMAC_VERIFY) {
		printf("hash_hmac: the TA says the MAC is %s (%s)\n",
		       res == TEEC_SUCCESS ? "right" : "wrong",
		       teekit_teec_strerror(res));
		return res == TEEC_SUCCESS ? 0 : 1;
	}
	check(res, origin, cmd);
	printf("hash_hmac: %s = ", c == TA_HASH_HMAC_CMD_SHA256 ?
	       "SHA-256" : "HMAC-SHA256");
	for (i = 0; i < 32; i++)
		printf("%02x", mac.b[i]);
	printf("\n");
	return 0;
}
