// SPDX-License-Identifier: GPL-2.0-only
/*
 * ta_image.c - signing and verification of TA images (docs/ta-format.md).
 */
#include <elf.h>
#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <tee_api_defines.h>
#include <user_ta_header.h>

#include "ta_image.h"

static void say(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!why || !whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

static EVP_PKEY *load_pem(const char *path, int want_private)
{
	EVP_PKEY *key = NULL;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (want_private) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	} else {
		key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
		if (!key) {
			/* a private key file also gives its public key */
			ERR_clear_error();
			rewind(f);
			key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		}
	}
	fclose(f);
	ERR_clear_error();
	return key;
}

EVP_PKEY *ta_key_load_private(const char *path)
{
	return load_pem(path, 1);
}

EVP_PKEY *ta_key_load_public(const char *path)
{
	return load_pem(path, 0);
}

int ta_key_alg(EVP_PKEY *key)
{
	switch (EVP_PKEY_get_base_id(key)) {
	case EVP_PKEY_EC:
		if (EVP_PKEY_get_bits(key) != 256)
			return -1;
		return TA_IMG_ALG_ECDSA_P256_SHA256;
	case EVP_PKEY_ED25519:
		return TA_IMG_ALG_ED25519;
	default:
		return -1;
	}
}

int ta_key_id(EVP_PKEY *key, uint8_t id[32])
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key, &der);

	if (n <= 0)
		return -1;
	SHA256(der, n, id);
	OPENSSL_free(der);
	return 0;
}

static int write_pem(const char *path, EVP_PKEY *key, int priv,
		     const char *banner)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, priv ? 0600 : 0644);
	FILE *f;
	int ok;

	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -1;
	}
	/* PEM readers skip text before the BEGIN line */
	if (banner)
		fprintf(f, "%s\n", banner);
	if (priv)
		ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	else
		ok = PEM_write_PUBKEY(f, key);
	if (fclose(f))
		ok = 0;
	return ok ? 0 : -1;
}

int ta_key_generate(enum ta_img_alg alg, const char *priv_path,
		    const char *pub_path, const char *banner)
{
	EVP_PKEY *key;
	int ret = -1;

	if (alg == TA_IMG_ALG_ED25519)
		key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	else
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!key)
		return -1;
	if (write_pem(priv_path, key, 1, banner))
		goto out;
	if (pub_path && write_pem(pub_path, key, 0, banner))
		goto out;
	ret = 0;
out:
	EVP_PKEY_free(key);
	return ret;
}

int ta_uuid_parse(const char *s, uint8_t uuid[16])
{
	static const int dash[] = { 8, 13, 18, 23 };
	int i, j = 0, d = 0;

	if (strlen(s) != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		int hi, lo;

		if (d < 4 && i == dash[d]) {
			if (s[i] != '-')
				return -1;
			d++;
			continue;
		}
		if (!s[i + 1])
			return -1;
		hi = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
		     (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f' ?
		     (s[i] | 0x20) - 'a' + 10 : -1;
		lo = s[i + 1] >= '0' && s[i + 1] <= '9' ? s[i + 1] - '0' :
		     (s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'f' ?
		     (s[i + 1] | 0x20) - 'a' + 10 : -1;
		if (hi < 0 || lo < 0)
			return -1;
		uuid[j++] = hi << 4 | lo;
		i++;
	}
	return j == 16 ? 0 : -1;
}

void ta_uuid_format(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

uint32_t ta_elf_check(const void *elf, size_t len, char *why, size_t whylen)
{
	const Elf64_Ehdr *eh = elf;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		say(why, whylen, "not an ELF file");
		return TEE_ERROR_BAD_FORMAT;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    le16toh(eh->e_machine) != EM_X86_64) {
		say(why, whylen,
		    "wrong architecture: ELF class %u, machine %u; this TEE runs x86_64 (class 2, machine 62) TAs",
		    eh->e_ident[EI_CLASS], le16toh(eh->e_machine));
		return TEE_ERROR_BAD_FORMAT;
	}
	if (le16toh(eh->e_type) != ET_DYN) {
		say(why, whylen,
		    "ELF type %u is not a shared object (build the TA with -shared -fPIC)",
		    le16toh(eh->e_type));
		return TEE_ERROR_BAD_FORMAT;
	}
	return TEE_SUCCESS;
}

/*
 * A digest context set up to sign (@sign) or verify with @key: SHA-256 for
 * ECDSA, none for Ed25519 (it signs the message itself). NULL on failure.
 */
static EVP_MD_CTX *sig_ctx(EVP_PKEY *key, bool sign)
{
	const EVP_MD *md = ta_key_alg(key) == TA_IMG_ALG_ED25519 ? NULL :
			   EVP_sha256();
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc;

	if (!ctx)
		return NULL;
	rc = sign ? EVP_DigestSignInit(ctx, NULL, md, NULL, key) :
		    EVP_DigestVerifyInit(ctx, NULL, md, NULL, key);
	if (rc != 1) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int do_sign(EVP_PKEY *key, const void *msg, size_t len, uint8_t *sig,
		   size_t *siglen)
{
	EVP_MD_CTX *ctx = sig_ctx(key, true);
	int ok = ctx && EVP_DigestSign(ctx, sig, siglen, msg, len) == 1;

	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

static int do_verify(EVP_PKEY *key, const void *msg, size_t len,
		     const uint8_t *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = sig_ctx(key, false);
	int ok = ctx && EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;

	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : -1;
}

int ta_img_sign(EVP_PKEY *key, const uint8_t uuid[16], const void *elf,
		size_t elf_len, uint8_t **img, size_t *img_len, char *why,
		size_t whylen)
{
	const Elf64_Ehdr *eh = elf;
	struct ta_img_hdr *h;
	size_t siglen = TA_IMG_SIG_MAX;
	uint8_t *buf, lib[16];
	int alg = ta_key_alg(key);

	if (alg < 0) {
		say(why, whylen, "key type unsupported: use an ECDSA P-256 or Ed25519 key");
		return -1;
	}
	if (elf_len < sizeof(*eh)) {
		say(why, whylen, "input is too short to be an ELF file");
		return -1;
	}
	buf = calloc(1, TA_IMG_HDR_LEN + elf_len);
	if (!buf) {
		say(why, whylen, "out of memory");
		return -1;
	}
	h = (struct ta_img_hdr *)buf;
	memcpy(h->magic, TA_IMG_MAGIC, sizeof(h->magic));
	h->version = htole32(TA_IMG_VERSION);
	h->hdr_len = htole32(TA_IMG_HDR_LEN);
	h->sig_alg = htole32(alg);
	memcpy(h->uuid, uuid, 16);
	/* a library is recognised by its ELF, and the flag is signed */
	if (!ta_img_shlib_uuid(elf, elf_len, lib))
		h->flags = htole32(TA_IMG_F_SHLIB);
	/* record what the ELF claims; the verifier checks both */
	h->machine = eh->e_machine;
	h->elf_class = htole16(eh->e_ident[EI_CLASS]);
	h->elf_size = htole64(elf_len);
	SHA256(elf, elf_len, h->elf_sha256);
	if (ta_key_id(key, h->key_id) ||
	    do_sign(key, h, TA_IMG_SIGNED_LEN, h->sig, &siglen)) {
		say(why, whylen, "signing failed (libcrypto)");
		free(buf);
		return -1;
	}
	h->sig_len = htole32(siglen);
	memcpy(buf + TA_IMG_HDR_LEN, elf, elf_len);
	*img = buf;
	*img_len = TA_IMG_HDR_LEN + elf_len;
	return 0;
}

static void hex8(const uint8_t *b, char out[17])
{
	int i;

	for (i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

uint32_t ta_img_verify(EVP_PKEY *trusted, const uint8_t *expect_uuid,
		       const void *img, size_t len, size_t *elf_off,
		       size_t *elf_len, char *why, size_t whylen)
{
	const struct ta_img_hdr *h = img;
	const uint8_t *elf;
	uint8_t id[32], sha[32];
	uint32_t hdr_len, sig_len, alg;
	uint64_t esize;
	char a[37], b[37];

	if (len < TA_IMG_HDR_LEN ||
	    memcmp(h->magic, TA_IMG_MAGIC, sizeof(h->magic))) {
		say(why, whylen,
		    "no teekit signature header (unsigned TA? sign it with teekit-sign)");
		return TEE_ERROR_SECURITY;
	}
	if (le32toh(h->version) != TA_IMG_VERSION) {
		say(why, whylen, "signature header version %u not supported (want %u)",
		    le32toh(h->version), TA_IMG_VERSION);
		return TEE_ERROR_SECURITY;
	}
	hdr_len = le32toh(h->hdr_len);
	sig_len = le32toh(h->sig_len);
	alg = le32toh(h->sig_alg);
	if (hdr_len != TA_IMG_HDR_LEN || sig_len > TA_IMG_SIG_MAX ||
	    (le32toh(h->flags) & ~TA_IMG_F_KNOWN) || h->reserved) {
		say(why, whylen, "malformed signature header");
		return TEE_ERROR_SECURITY;
	}
	if (alg != TA_IMG_ALG_ECDSA_P256_SHA256 && alg != TA_IMG_ALG_ED25519) {
		say(why, whylen, "unknown signature algorithm %u", alg);
		return TEE_ERROR_SECURITY;
	}
	if (ta_key_id(trusted, id) || memcmp(id, h->key_id, sizeof(id))) {
		hex8(h->key_id, a);
		hex8(id, b);
		say(why, whylen,
		    "signed by an untrusted key (key id %s..., trusted key id %s...)",
		    a, b);
		return TEE_ERROR_SECURITY;
	}
	if ((int)alg != ta_key_alg(trusted)) {
		say(why, whylen, "signature algorithm %u does not match the trusted key",
		    alg);
		return TEE_ERROR_SECURITY;
	}
	if (do_verify(trusted, h, TA_IMG_SIGNED_LEN, h->sig, sig_len)) {
		say(why, whylen, "bad signature (header tampered with or corrupt)");
		return TEE_ERROR_SECURITY;
	}
	/* from here on the header is authentic */
	esize = le64toh(h->elf_size);
	if (esize != len - hdr_len) {
		say(why, whylen,
		    "ELF size %zu differs from the signed size %llu (file truncated or extended)",
		    len - hdr_len, (unsigned long long)esize);
		return TEE_ERROR_SECURITY;
	}
	elf = (const uint8_t *)img + hdr_len;
	SHA256(elf, esize, sha);
	if (memcmp(sha, h->elf_sha256, sizeof(sha))) {
		say(why, whylen, "ELF hash does not match the signed hash (ELF tampered with)");
		return TEE_ERROR_SECURITY;
	}
	if (expect_uuid && memcmp(expect_uuid, h->uuid, 16)) {
		ta_uuid_format(h->uuid, a);
		ta_uuid_format(expect_uuid, b);
		say(why, whylen, "UUID mismatch: the image is signed for %s, loaded as %s",
		    a, b);
		return TEE_ERROR_SECURITY;
	}
	if (le16toh(h->machine) != TA_IMG_MACHINE) {
		say(why, whylen,
		    "wrong architecture: signed for ELF machine %u; this TEE runs x86_64 (62) TAs",
		    le16toh(h->machine));
		return TEE_ERROR_BAD_FORMAT;
	}
	if (ta_elf_check(elf, esize, why, whylen) != TEE_SUCCESS)
		return TEE_ERROR_BAD_FORMAT;
	*elf_off = hdr_len;
	*elf_len = esize;
	return TEE_SUCCESS;
}

const struct teekit_ta_head *ta_img_ta_head(const uint8_t *elf, size_t len)
{
	const Elf64_Ehdr *eh = (const void *)elf;
	const Elf64_Shdr *sh, *strs;
	const struct teekit_ta_head *h;
	unsigned int i;

	if (len < sizeof(*eh) || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > len || eh->e_shnum > (len - eh->e_shoff) / sizeof(*sh) ||
	    eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	sh = (const void *)(elf + eh->e_shoff);
	strs = &sh[eh->e_shstrndx];
	if (strs->sh_offset > len || strs->sh_size > len - strs->sh_offset)
		return NULL;
	for (i = 0; i < eh->e_shnum; i++) {
		const char *name = (const char *)elf + strs->sh_offset + sh[i].sh_name;

		if (sh[i].sh_name >= strs->sh_size ||
		    strnlen(name, strs->sh_size - sh[i].sh_name) == strs->sh_size - sh[i].sh_name ||
		    strcmp(name, ".teekit_ta_head"))
			continue;
		if (sh[i].sh_type == SHT_NOBITS || sh[i].sh_offset > len ||
		    len - sh[i].sh_offset < sizeof(*h) || sh[i].sh_offset % 8)
			return NULL;
		h = (const void *)(elf + sh[i].sh_offset);
		return h->magic == TEEKIT_TA_HEAD_MAGIC ? h : NULL;
	}
	return NULL;
}

/*
 * The UUID the TA was built with (TA_UUID of its user_ta_header_defines.h,
 * in .teekit_ta_head) in RFC 4122 byte order; -1 if it has no head.
 */
int ta_img_ta_uuid(const uint8_t *elf, size_t len, uint8_t out[16])
{
	const struct teekit_ta_head *h = ta_img_ta_head(elf, len);
	TEE_UUID u;

	if (!h)
		return -1;
	memcpy(&u, (const uint8_t *)h + offsetof(struct teekit_ta_head, uuid),
	       sizeof(u));
	out[0] = u.timeLow >> 24;
	out[1] = u.timeLow >> 16;
	out[2] = u.timeLow >> 8;
	out[3] = u.timeLow;
	out[4] = u.timeMid >> 8;
	out[5] = u.timeMid;
	out[6] = u.timeHiAndVersion >> 8;
	out[7] = u.timeHiAndVersion;
	memcpy(out + 8, u.clockSeqAndNode, 8);
	return 0;
}

uint32_t ta_img_flags(const void *img)
{
	const struct ta_img_hdr *h = img;

	return le32toh(h->flags);
}

/* the section @i of @eh, or NULL if it lies outside the ELF */
static const Elf64_Shdr *section(const uint8_t *elf, size_t len,
				 unsigned int i)
{
	const Elf64_Ehdr *eh = (const void *)elf;
	const Elf64_Shdr *sh;

	if (len < sizeof(*eh) || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > len || eh->e_shnum > (len - eh->e_shoff) / sizeof(*sh) ||
	    i >= eh->e_shnum)
		return NULL;
	sh = (const Elf64_Shdr *)(elf + eh->e_shoff) + i;
	if (sh->sh_type != SHT_NOBITS &&
	    (sh->sh_offset > len || sh->sh_size > len - sh->sh_offset))
		return NULL;
	return sh;
}

/* string @off of string table section @strndx, NUL-terminated inside it */
static const char *dyn_str(const uint8_t *elf, size_t len,
			   unsigned int strndx, uint64_t off)
{
	const Elf64_Shdr *st = section(elf, len, strndx);
	const char *s;

	if (!st || st->sh_type != SHT_STRTAB || off >= st->sh_size)
		return NULL;
	s = (const char *)elf + st->sh_offset + off;
	if (strnlen(s, st->sh_size - off) == st->sh_size - off)
		return NULL;
	return s;
}

int ta_img_dynamic(const uint8_t *elf, size_t len, struct ta_img_dyn *d)
{
	const Elf64_Ehdr *eh = (const void *)elf;
	const Elf64_Shdr *sh;
	unsigned int i;
	size_t j;

	memset(d, 0, sizeof(*d));
	if (!section(elf, len, 0))
		return -1;
	for (i = 0; i < eh->e_shnum; i++) {
		sh = section(elf, len, i);
		if (!sh)
			return -1;
		if (sh->sh_type == SHT_DYNAMIC) {
			const Elf64_Dyn *dy = (const void *)(elf + sh->sh_offset);

			for (j = 0; j < sh->sh_size / sizeof(*dy); j++) {
				const char *s;

				if (dy[j].d_tag == DT_NULL)
					break;
				if (dy[j].d_tag != DT_NEEDED &&
				    dy[j].d_tag != DT_SONAME)
					continue;
				s = dyn_str(elf, len, sh->sh_link, dy[j].d_un.d_val);
				if (!s)
					return -1;
				if (dy[j].d_tag == DT_SONAME) {
					d->soname = s;
					continue;
				}
				if (d->nneeded == TA_IMG_NEEDED_MAX)
					return -1;
				d->needed[d->nneeded++] = s;
			}
		} else if (sh->sh_type == SHT_DYNSYM) {
			const Elf64_Sym *sy = (const void *)(elf + sh->sh_offset);

			for (j = 1; j < sh->sh_size / sizeof(*sy); j++) {
				const char *s;

				if (sy[j].st_shndx != SHN_UNDEF)
					continue;
				s = dyn_str(elf, len, sh->sh_link, sy[j].st_name);
				if (s && !strcmp(s, "tee_dlopen"))
					d->imports_dlopen = 1;
			}
		}
	}
	return 0;
}

int ta_img_shlib_uuid(const uint8_t *elf, size_t len, uint8_t uuid[16])
{
	struct ta_img_dyn d;

	if (ta_img_ta_head(elf, len) || ta_img_dynamic(elf, len, &d) ||
	    !d.soname)
		return -1;
	return ta_uuid_parse(d.soname, uuid);
}
