// SPDX-License-Identifier: BSD-2-Clause
/*
 * aes - the CA of the aes TA: encrypts and decrypts through a key that only
 * the TA holds (AES-256-GCM; the key is made on first use and kept in the
 * TA's private storage).
 *
 * Usage: aes encrypt TEXT   prints nonce || ciphertext || tag in hex
 *        aes decrypt HEX    prints the text; a changed byte is refused
 *        aes export         asks the TA for the key: the TA is stopped
 *        aes                all of it, with a changed byte, then export
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <aes_ta.h>

#define MAX 4096

static TEEC_Session sess;

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

static TEEC_Result call(uint32_t cmd, const void *in, size_t in_len,
			void *out, size_t *out_len, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)in;
	op.params[0].tmpref.size = in_len;
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = *out_len;
	res = TEEC_InvokeCommand(&sess, cmd, &op, origin);
	*out_len = op.params[1].tmpref.size;
	return res;
}

static void genkey(void)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	check(TEEC_InvokeCommand(&sess, TA_AES_CMD_GENKEY, &op, &origin),
	      origin, "GENKEY");
	printf("aes: %s\n", op.params[0].value.a ?
	       "the TA made a new AES-256 key and stored it" :
	       "the TA has its AES-256 key from an earlier run");
}

static void print_hex(const char *what, const uint8_t *b, size_t n)
{
	size_t i;

	printf("%s", what);
	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

static size_t from_hex(const char *s, uint8_t *b, size_t max)
{
	size_t n = 0;
	unsigned int x;

	while (s[0] && s[1] && n < max && sscanf(s, "%2x", &x) == 1) {
		b[n++] = x;
		s += 2;
	}
	return n;
}

static TEEC_Result decrypt(const uint8_t *ct, size_t n, uint32_t *origin)
{
	char pt[MAX + 1];
	size_t len = MAX;
	TEEC_Result res;

	res = call(TA_AES_CMD_DECRYPT, ct, n, pt, &len, origin);
	if (res == TEEC_SUCCESS) {
		pt[len] = 0;
		printf("aes: decrypted by the TA: \"%s\"\n", pt);
	}
	return res;
}

static void export(void)
{
	TEEC_Operation op;
	TEEC_Result res;
	uint8_t key[64];
	uint32_t origin = 0;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = key;
	op.params[0].tmpref.size = sizeof(key);
	res = TEEC_InvokeCommand(&sess, TA_AES_CMD_EXPORT, &op, &origin);
	printf("aes: asking the TA for the key's bytes: %s (%s)\n",
	       teekit_teec_strerror(res), teekit_teec_origin_name(origin));
	if (res != TEEC_ERROR_TARGET_DEAD)
		errx(1, "expected TEEC_ERROR_TARGET_DEAD: the key must not leave the TA");
	printf("aes: TEE_GetObjectBufferAttribute refused it: the TA was stopped, the key stayed inside\n");
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_AES_UUID;
	const char *cmd = argc > 1 ? argv[1] : "demo";
	const char *text = "attack at dawn";
	uint8_t buf[MAX + AES_NONCE_LEN + AES_TAG_LEN];
	TEEC_Context ctx;
	uint32_t origin = 0;
	TEEC_Result res;
	size_t n;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");

	if (!strcmp(cmd, "encrypt") && argc == 3) {
		genkey();
		n = sizeof(buf);
		check(call(TA_AES_CMD_ENCRYPT, argv[2], strlen(argv[2]), buf,
			   &n, &origin), origin, "ENCRYPT");
		print_hex("", buf, n);
	} else if (!strcmp(cmd, "decrypt") && argc == 3) {
		n = from_hex(argv[2], buf, sizeof(buf));
		check(decrypt(buf, n, &origin), origin, "DECRYPT");
	} else if (!strcmp(cmd, "export") && argc == 2) {
		export();
	} else if (argc == 1) {
		genkey();
		n = sizeof(buf);
		check(call(TA_AES_CMD_ENCRYPT, text, strlen(text), buf, &n,
			   &origin), origin, "ENCRYPT");
		printf("aes: \"%s\" encrypted by the TA\n", text);
		print_hex("aes: nonce || ciphertext || tag: ", buf, n);
		check(decrypt(buf, n, &origin), origin, "DECRYPT");
		buf[AES_NONCE_LEN] ^= 1;
		res = decrypt(buf, n, &origin);
		printf("aes: the same with one bit changed: %s\n",
		       teekit_teec_strerror(res));
		if (res != TEE_ERROR_MAC_INVALID)
			errx(1, "expected TEE_ERROR_MAC_INVALID");
		export();
	} else {
		errx(2, "usage: aes [encrypt TEXT | decrypt HEX | export]");
	}
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
