/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ta_image.h - the signed TA file format (docs/ta-format.md): building,
 * signing and verifying "<uuid>.ta" images, keys and UUID strings.
 *
 * A .ta file is a 256-byte header followed by the TA's ELF shared object.
 * All header integers are little-endian. The signature covers the first
 * TA_IMG_SIGNED_LEN bytes of the header, which include the SHA-256 of the
 * ELF, so it covers the ELF too.
 */
#ifndef TEEKIT_TA_IMAGE_H
#define TEEKIT_TA_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#define TA_IMG_MAGIC		"TEEKITTA"	/* 8 bytes, no NUL */
#define TA_IMG_VERSION		1
#define TA_IMG_HDR_LEN		256
#define TA_IMG_SIGNED_LEN	120
#define TA_IMG_SIG_OFF		124
#define TA_IMG_SIG_MAX		(TA_IMG_HDR_LEN - TA_IMG_SIG_OFF)
#define TA_IMG_MACHINE		62	/* EM_X86_64 */

/* header flags (signed): the image is a shared TA library, not a TA */
#define TA_IMG_F_SHLIB		0x1
#define TA_IMG_F_KNOWN		TA_IMG_F_SHLIB

enum ta_img_alg {
	TA_IMG_ALG_ECDSA_P256_SHA256 = 1,	/* DER-encoded ECDSA signature */
	TA_IMG_ALG_ED25519 = 2,			/* 64-byte Ed25519 signature */
};

/* On-disk header; every field little-endian. */
struct ta_img_hdr {
	char magic[8];		/* TA_IMG_MAGIC */
	uint32_t version;	/* TA_IMG_VERSION */
	uint32_t hdr_len;	/* offset of the ELF in the file */
	uint32_t sig_alg;	/* enum ta_img_alg */
	uint32_t flags;		/* TA_IMG_F_*; 0: a TA */
	uint8_t uuid[16];	/* TA UUID, RFC 4122 byte order */
	uint16_t machine;	/* ELF e_machine the TA is built for */
	uint16_t elf_class;	/* 2: ELFCLASS64 */
	uint32_t reserved;	/* 0 */
	uint64_t elf_size;	/* bytes of ELF after the header */
	uint8_t elf_sha256[32];
	uint8_t key_id[32];	/* SHA-256 of the signer's public key (DER SPKI) */
	/* --- end of signed part (TA_IMG_SIGNED_LEN) --- */
	uint32_t sig_len;	/* bytes used in sig[] */
	uint8_t sig[TA_IMG_SIG_MAX];
} __attribute__((packed));

_Static_assert(sizeof(struct ta_img_hdr) == TA_IMG_HDR_LEN, "header size");

/* Keys: PEM files. A public key file may also hold a private key. */
EVP_PKEY *ta_key_load_private(const char *path);
EVP_PKEY *ta_key_load_public(const char *path);
int ta_key_generate(enum ta_img_alg alg, const char *priv_path,
		    const char *pub_path, const char *banner);
int ta_key_id(EVP_PKEY *key, uint8_t id[32]);
int ta_key_alg(EVP_PKEY *key);	/* enum ta_img_alg, or -1 */

/* UUIDs as canonical 8-4-4-4-12 strings, in RFC 4122 byte order */
int ta_uuid_parse(const char *s, uint8_t uuid[16]);
void ta_uuid_format(const uint8_t uuid[16], char out[37]);

/* Checks that elf is an x86_64 ELF shared object. Returns a TEE_Result. */
uint32_t ta_elf_check(const void *elf, size_t len, char *why, size_t whylen);

/*
 * Signs elf for uuid with key. On success returns 0 and a malloc'ed image
 * in *img (header + elf); -1 and a message in why otherwise.
 */
int ta_img_sign(EVP_PKEY *key, const uint8_t uuid[16], const void *elf,
		size_t elf_len, uint8_t **img, size_t *img_len, char *why,
		size_t whylen);

/*
 * Verifies a whole image against the trusted key and, unless expect_uuid is
 * NULL, the UUID it was loaded for. Returns TEE_SUCCESS and the ELF's place
 * in the image, or a TEE_Result (TEE_ERROR_SECURITY for anything about the
 * signature, the header or the UUID, TEE_ERROR_BAD_FORMAT for an ELF that is
 * not an x86_64 shared object) and the reason in why.
 */
uint32_t ta_img_verify(EVP_PKEY *trusted, const uint8_t *expect_uuid,
		       const void *img, size_t len, size_t *elf_off,
		       size_t *elf_len, char *why, size_t whylen);

/*
 * The TA's own header (section .teekit_ta_head, struct teekit_ta_head of
 * <user_ta_header.h>: flags, sizes, api_flags) in an ELF, or NULL if it
 * has none or it is malformed. Points into elf.
 */
struct teekit_ta_head;
const struct teekit_ta_head *ta_img_ta_head(const uint8_t *elf, size_t len);

/*
 * The UUID the TA was built with (TA_UUID of its user_ta_header_defines.h,
 * in .teekit_ta_head) in RFC 4122 byte order; -1 if it has no head.
 * The UUID that teekit-sign and 'teectl ta sign' use (decision 1702).
 */
int ta_img_ta_uuid(const uint8_t *elf, size_t len, uint8_t out[16]);

/* the signed flags of an image ta_img_verify() accepted */
uint32_t ta_img_flags(const void *img);

/*
 * What an ELF's dynamic section says (docs/ta-format.md, "Shared TA
 * libraries"): its DT_SONAME, its DT_NEEDED entries and whether it imports
 * tee_dlopen. The strings point into the ELF. Returns 0, or -1 for an ELF
 * whose dynamic section is malformed or names more than TA_IMG_NEEDED_MAX.
 */
#define TA_IMG_NEEDED_MAX	16
struct ta_img_dyn {
	const char *soname;
	const char *needed[TA_IMG_NEEDED_MAX];
	unsigned int nneeded;
	int imports_dlopen;
};
int ta_img_dynamic(const uint8_t *elf, size_t len, struct ta_img_dyn *d);

/*
 * A shared TA library: an ELF without .teekit_ta_head whose DT_SONAME is
 * its UUID (OP-TEE's -soname=<uuid>); its UUID in @uuid. 0 if it is one.
 */
int ta_img_shlib_uuid(const uint8_t *elf, size_t len, uint8_t uuid[16]);

#endif /* TEEKIT_TA_IMAGE_H */
