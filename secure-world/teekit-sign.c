// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-sign - sign, verify and inspect TA images; make signing keys.
 *
 *   teekit-sign --key KEY.pem [--uuid UUID] --in ta.so --out UUID.ta [--force]
 *   teekit-sign --verify --key PUB.pem [--uuid UUID] --in UUID.ta
 *   teekit-sign --info --in UUID.ta
 *   teekit-sign --genkey --out KEY.pem [--pub PUB.pem] [--alg ecdsa|ed25519]
 *               [--dev]
 *
 * See docs/ta-format.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tee_api_defines.h>
#include <user_ta_header.h>

#include "ta_image.h"

#define DEV_BANNER "# DEVELOPMENT KEY, DO NOT USE IN PRODUCTION (teekit TA signing)"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: teekit-sign --key KEY.pem [--uuid UUID] --in TA.so --out UUID.ta [--force]\n"
		"       teekit-sign --verify --key PUB.pem [--uuid UUID] --in UUID.ta\n"
		"       teekit-sign --info --in UUID.ta\n"
		"       teekit-sign --genkey --out KEY.pem [--pub PUB.pem] [--alg ecdsa|ed25519] [--dev]\n");
}

/*
 * The UUID to sign for: the TA's own (decision 1702). --uuid, when given,
 * must equal it unless --force. 0, or 1 with the reason printed.
 */
static int sign_uuid(const char *in, const uint8_t *elf, size_t len,
		     const char *uuid_s, uint8_t uuid[16], int force)
{
	char mine[37], given[37];
	const char *what = "TA";
	uint8_t h[16];

	/* a shared TA library is its DT_SONAME, <uuid> (docs/ta-format.md) */
	if (!ta_img_shlib_uuid(elf, len, h))
		what = "shared TA library";
	else if (ta_img_ta_uuid(elf, len, h)) {
		if (uuid_s)
			return 0;
		fprintf(stderr, "teekit-sign: %s has no .teekit_ta_head (not built with the TA SDK's ta_header.c?) and is no shared TA library (DT_SONAME <uuid>): give its UUID with --uuid\n",
			in);
		return 1;
	}
	if (!uuid_s) {
		memcpy(uuid, h, 16);
		return 0;
	}
	if (!memcmp(uuid, h, 16) || force)
		return 0;
	ta_uuid_format(h, mine);
	ta_uuid_format(uuid, given);
	fprintf(stderr, "teekit-sign: %s was built as %s %s (%s) but --uuid says %s: write the UUID once, in %s, and sign without --uuid or with that one (--force signs anyway)\n",
		in, what, mine, *what == 'T' ?
		"TA_UUID of its user_ta_header_defines.h" : "its DT_SONAME",
		given, *what == 'T' ? "TA_UUID" : "SHLIBUUID");
	return 1;
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	void *buf;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		errno = EINVAL;
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (buf && fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	fclose(f);
	*len = st.st_size;
	return buf;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	if (fwrite(buf, 1, len, f) != len || fclose(f)) {
		unlink(tmp);
		return -1;
	}
	return rename(tmp, path);
}

static int info(const char *in)
{
	const struct teekit_ta_head *th;
	const struct ta_img_hdr *h;
	size_t len;
	uint8_t *img = read_file(in, &len);
	char u[37];
	int i;

	if (!img) {
		fprintf(stderr, "teekit-sign: %s: %s\n", in, strerror(errno));
		return 1;
	}
	h = (const void *)img;
	if (len < TA_IMG_HDR_LEN || memcmp(h->magic, TA_IMG_MAGIC, 8)) {
		fprintf(stderr, "teekit-sign: %s: not a signed teekit TA\n", in);
		free(img);
		return 1;
	}
	ta_uuid_format(h->uuid, u);
	printf("uuid:      %s\nversion:   %u\nalgorithm: %s\nmachine:   %u\nelf size:  %llu\nsha256:    ",
	       u, h->version, h->sig_alg == TA_IMG_ALG_ED25519 ? "ed25519" :
	       h->sig_alg == TA_IMG_ALG_ECDSA_P256_SHA256 ? "ecdsa-p256-sha256" : "?",
	       h->machine, (unsigned long long)h->elf_size);
	for (i = 0; i < 32; i++)
		printf("%02x", h->elf_sha256[i]);
	printf("\nkey id:    ");
	for (i = 0; i < 32; i++)
		printf("%02x", h->key_id[i]);
	printf("\n");
	/* the TA's own header, if the ELF is all there */
	th = len - TA_IMG_HDR_LEN >= h->elf_size ?
	     ta_img_ta_head(img + TA_IMG_HDR_LEN, h->elf_size) : NULL;
	if (h->flags & TA_IMG_F_SHLIB)
		printf("kind:      shared TA library\n");
	else if (th)
		printf("ta flags:  0x%x\nparams:    %s\n", th->flags,
		       th->api_flags & TEEKIT_TA_HEAD_F_GP11 ?
		       "GP 1.1 (32-bit memref sizes)" : "GP 1.3");
	else
		printf("ta flags:  ? (no teekit_ta_head in the ELF)\n");
	free(img);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "uuid", required_argument, NULL, 'u' },
		{ "in", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "pub", required_argument, NULL, 'p' },
		{ "alg", required_argument, NULL, 'a' },
		{ "verify", no_argument, NULL, 'V' },
		{ "info", no_argument, NULL, 'I' },
		{ "genkey", no_argument, NULL, 'G' },
		{ "dev", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *key_path = NULL, *uuid_s = NULL, *in = NULL, *out = NULL;
	const char *pub = NULL;
	int mode = 's', alg = TA_IMG_ALG_ECDSA_P256_SHA256, dev = 0, force = 0;
	uint8_t uuid[16], *buf, *img;
	size_t len, img_len, off, elen;
	char why[256];
	EVP_PKEY *key;
	uint32_t res;
	int c;

	while ((c = getopt_long(argc, argv, "k:u:i:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			key_path = optarg;
			break;
		case 'u':
			uuid_s = optarg;
			break;
		case 'i':
			in = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			pub = optarg;
			break;
		case 'a':
			if (!strcmp(optarg, "ed25519")) {
				alg = TA_IMG_ALG_ED25519;
			} else if (strcmp(optarg, "ecdsa")) {
				fprintf(stderr, "teekit-sign: --alg is ecdsa or ed25519\n");
				return 2;
			}
			break;
		case 'V':
		case 'I':
		case 'G':
			mode = c;
			break;
		case 'D':
			dev = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (uuid_s && ta_uuid_parse(uuid_s, uuid)) {
		fprintf(stderr, "teekit-sign: bad UUID '%s' (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n",
			uuid_s);
		return 2;
	}
	if (mode == 'G') {
		if (!out) {
			usage(stderr);
			return 2;
		}
		if (ta_key_generate(alg, out, pub, dev ? DEV_BANNER : NULL)) {
			fprintf(stderr, "teekit-sign: cannot write key %s\n", out);
			return 1;
		}
		return 0;
	}
	if (mode == 'I') {
		if (!in) {
			usage(stderr);
			return 2;
		}
		return info(in);
	}
	if (!key_path || !in || (mode == 's' && !out)) {
		usage(stderr);
		return 2;
	}
	key = mode == 'V' ? ta_key_load_public(key_path) :
			    ta_key_load_private(key_path);
	if (!key) {
		fprintf(stderr, "teekit-sign: %s: no usable %s key in PEM format\n",
			key_path, mode == 'V' ? "public" : "private");
		return 1;
	}
	buf = read_file(in, &len);
	if (!buf) {
		fprintf(stderr, "teekit-sign: %s: %s\n", in, strerror(errno));
		return 1;
	}
	if (mode == 'V') {
		res = ta_img_verify(key, uuid_s ? uuid : NULL, buf, len, &off,
				    &elen, why, sizeof(why));
		if (res != TEE_SUCCESS) {
			printf("%s: REFUSED (0x%08x): %s\n", in, res, why);
			return 1;
		}
		printf("%s: OK\n", in);
		return 0;
	}
	if (sign_uuid(in, buf, len, uuid_s, uuid, force))
		return 1;
	if (!force && ta_elf_check(buf, len, why, sizeof(why)) != TEE_SUCCESS) {
		fprintf(stderr, "teekit-sign: %s: %s (--force signs it anyway)\n",
			in, why);
		return 1;
	}
	if (ta_img_sign(key, uuid, buf, len, &img, &img_len, why, sizeof(why))) {
		fprintf(stderr, "teekit-sign: %s\n", why);
		return 1;
	}
	if (write_file(out, img, img_len)) {
		fprintf(stderr, "teekit-sign: %s: %s\n", out, strerror(errno));
		return 1;
	}
	free(img);
	free(buf);
	EVP_PKEY_free(key);
	return 0;
}
