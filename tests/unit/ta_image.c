// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of the TA file format (secure-world/ta_image.c): sign and
 * verify with ECDSA and Ed25519 keys, and each refusal with its GP error.
 */
#include <elf.h>
#include <endian.h>
#include <stdlib.h>
#include <tee_api_defines.h>

#include "harness.h"
#include "ta_image.h"

static const char *U1 = "5ec0e000-0000-4000-8000-000000000001";
static const char *U2 = "5ec0e000-0000-4000-8000-000000000002";

/* a minimal x86_64 ET_DYN ELF header plus some bytes */
static void fake_elf(uint8_t *b, size_t len, uint16_t machine)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 7);
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_DYN;
	eh->e_machine = machine;
}

static EVP_PKEY *key(int alg)
{
	char path[] = "/tmp/ta_image_key.XXXXXX";
	EVP_PKEY *k;
	int fd = mkstemp(path);

	if (fd < 0)
		return NULL;
	close(fd);
	if (ta_key_generate(alg, path, NULL, NULL))
		return NULL;
	k = ta_key_load_private(path);
	unlink(path);
	return k;
}

static uint32_t verify(EVP_PKEY *k, const char *uuid, uint8_t *img, size_t len,
		       char *why)
{
	uint8_t u[16];
	size_t off, elen;

	ta_uuid_parse(uuid, u);
	return ta_img_verify(k, u, img, len, &off, &elen, why, 256);
}

FIXTURE(img) {
	EVP_PKEY *k, *other;
	uint8_t elf[4096];
	uint8_t *img;
	size_t len;
	char why[256];
};

FIXTURE_VARIANT(img) {
	int alg;
};

FIXTURE_VARIANT_ADD(img, ecdsa) { .alg = TA_IMG_ALG_ECDSA_P256_SHA256 };
FIXTURE_VARIANT_ADD(img, ed25519) { .alg = TA_IMG_ALG_ED25519 };

FIXTURE_SETUP(img)
{
	uint8_t u[16];

	self->k = key(variant->alg);
	self->other = key(variant->alg);
	ASSERT_TRUE(self->k && self->other);
	fake_elf(self->elf, sizeof(self->elf), EM_X86_64);
	ASSERT_EQ(0, ta_uuid_parse(U1, u));
	ASSERT_EQ(0, ta_img_sign(self->k, u, self->elf, sizeof(self->elf),
				 &self->img, &self->len, self->why,
				 sizeof(self->why)));
}

FIXTURE_TEARDOWN(img)
{
	free(self->img);
	EVP_PKEY_free(self->k);
	EVP_PKEY_free(self->other);
}

TEST_F(img, good)
{
	size_t off, elen;
	uint8_t u[16];

	ta_uuid_parse(U1, u);
	ASSERT_EQ(TEE_SUCCESS, ta_img_verify(self->k, u, self->img, self->len,
					     &off, &elen, self->why, 256));
	EXPECT_EQ(TA_IMG_HDR_LEN, off);
	EXPECT_EQ(sizeof(self->elf), elen);
	/* no UUID expectation: any UUID */
	EXPECT_EQ(TEE_SUCCESS, ta_img_verify(self->k, NULL, self->img,
					     self->len, &off, &elen, self->why,
					     256));
}

/* the kind (TA or shared library, decision 1520) is signed */
TEST_F(img, shlib_flag_signed)
{
	struct ta_img_hdr *h = (struct ta_img_hdr *)self->img;

	/* an ELF without .teekit_ta_head and SONAME is no library */
	EXPECT_EQ(0u, ta_img_flags(self->img));
	h->flags = htole32(TA_IMG_F_SHLIB);
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->img, self->len,
					     self->why));
	EXPECT_NE(NULL, strstr(self->why, "bad signature"));
}

TEST_F(img, unknown_flag)
{
	struct ta_img_hdr *h = (struct ta_img_hdr *)self->img;

	h->flags = htole32(2);
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->img, self->len,
					     self->why));
	EXPECT_NE(NULL, strstr(self->why, "malformed"));
}

/* an ELF without sections has no dynamic section to read */
TEST_F(img, dynamic_of_no_sections)
{
	struct ta_img_dyn d;
	uint8_t u[16];

	EXPECT_EQ(-1, ta_img_dynamic(self->elf, sizeof(self->elf), &d));
	EXPECT_EQ(-1, ta_img_shlib_uuid(self->elf, sizeof(self->elf), u));
}

TEST_F(img, unsigned_elf)
{
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->elf,
					     sizeof(self->elf), self->why));
	EXPECT_NE(NULL, strstr(self->why, "unsigned"));
}

TEST_F(img, short_file)
{
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->img, 100,
					     self->why));
}

TEST_F(img, tampered_elf)
{
	self->img[TA_IMG_HDR_LEN + 1000] ^= 1;
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->img, self->len,
					     self->why));
	EXPECT_NE(NULL, strstr(self->why, "tampered"));
}

TEST_F(img, tampered_header)
{
	self->img[30] ^= 1;	/* inside the UUID */
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->img, self->len,
					     self->why));
	EXPECT_NE(NULL, strstr(self->why, "bad signature"));
}

TEST_F(img, truncated)
{
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U1, self->img,
					     self->len - 1, self->why));
	EXPECT_NE(NULL, strstr(self->why, "truncated"));
}

TEST_F(img, wrong_uuid)
{
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->k, U2, self->img, self->len,
					     self->why));
	EXPECT_NE(NULL, strstr(self->why, "UUID mismatch"));
}

TEST_F(img, untrusted_key)
{
	EXPECT_EQ(TEE_ERROR_SECURITY, verify(self->other, U1, self->img,
					     self->len, self->why));
	EXPECT_NE(NULL, strstr(self->why, "untrusted key"));
}

TEST_F(img, wrong_architecture)
{
	uint8_t u[16], *img;
	size_t len;

	fake_elf(self->elf, sizeof(self->elf), EM_AARCH64);
	ta_uuid_parse(U1, u);
	ASSERT_EQ(0, ta_img_sign(self->k, u, self->elf, sizeof(self->elf),
				 &img, &len, self->why, 256));
	EXPECT_EQ(TEE_ERROR_BAD_FORMAT, verify(self->k, U1, img, len, self->why));
	EXPECT_NE(NULL, strstr(self->why, "wrong architecture"));
	free(img);
}

TEST(uuid_round_trip)
{
	uint8_t u[16];
	char s[37];

	ASSERT_EQ(0, ta_uuid_parse("5EC0E000-0000-4000-8000-0000000000AB", u));
	EXPECT_EQ(0x5e, u[0]);
	EXPECT_EQ(0xab, u[15]);
	ta_uuid_format(u, s);
	ASSERT_STREQ("5ec0e000-0000-4000-8000-0000000000ab", s);
	EXPECT_EQ(-1, ta_uuid_parse("5ec0e000-0000-4000-8000-0000000000a", u));
	EXPECT_EQ(-1, ta_uuid_parse("5ec0e000x0000-4000-8000-0000000000ab", u));
	EXPECT_EQ(-1, ta_uuid_parse("5ec0e000-0000-4000-8000-0000000000ag", u));
}

TEST(elf_check)
{
	uint8_t elf[256];
	char why[256];

	fake_elf(elf, sizeof(elf), EM_X86_64);
	EXPECT_EQ(TEE_SUCCESS, ta_elf_check(elf, sizeof(elf), why, sizeof(why)));
	((Elf64_Ehdr *)elf)->e_type = ET_EXEC;
	EXPECT_EQ(TEE_ERROR_BAD_FORMAT, ta_elf_check(elf, sizeof(elf), why, sizeof(why)));
	EXPECT_EQ(TEE_ERROR_BAD_FORMAT, ta_elf_check(elf, 10, why, sizeof(why)));
}

TEST_HARNESS_MAIN
