// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of the test suites' own oracles: the SHA-1 and UUIDv5 code
 * in tests/lib that the login tests use to check the client UUIDs the kernel
 * computes. Known answers come from FIPS 180 (SHA-1) and from computing the
 * RFC 4122 name-based UUIDs by hand.
 */
#include <string.h>

#include "harness.h"
#include "teetest.h"

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

TEST(sha1_empty)
{
	uint8_t d[20];
	char h[41];

	tt_sha1("", 0, d);
	hex(d, 20, h);
	ASSERT_STREQ("da39a3ee5e6b4b0d3255bfef95601890afd80709", h);
}

TEST(sha1_abc)
{
	uint8_t d[20];
	char h[41];

	tt_sha1("abc", 3, d);
	hex(d, 20, h);
	ASSERT_STREQ("a9993e364706816aba3e25717850c26c9cd0d89d", h);
}

TEST(sha1_two_blocks)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[20];
	char h[41];

	tt_sha1(m, strlen(m), d);
	hex(d, 20, h);
	ASSERT_STREQ("84983e441c3bd26ebaae4aa1f95129e5e54670f1", h);
}

TEST(sha1_million_a)
{
	static char m[1000000];
	uint8_t d[20];
	char h[41];

	memset(m, 'a', sizeof(m));
	tt_sha1(m, sizeof(m), d);
	hex(d, 20, h);
	ASSERT_STREQ("34aa973cd4c4daa4f61eeb2bdbad27316534016f", h);
}

/* RFC 4122 appendix B corrected example: DNS namespace, "www.example.com". */
TEST(uuid_v5_dns_example)
{
	uint8_t ns[16], u[16];
	char s[37];

	ASSERT_EQ(0, tt_uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8", ns));
	tt_uuid_v5(ns, "www.example.com", u);
	tt_uuid_str(u, s);
	ASSERT_STREQ("2ed6657d-e927-568b-95e1-2665a8aea6a2", s);
}

TEST(uuid_v5_sets_version_and_variant)
{
	uint8_t ns[16] = { 0 }, u[16];

	tt_uuid_v5(ns, "uid=0", u);
	ASSERT_EQ(0x50, u[6] & 0xf0);
	ASSERT_EQ(0x80, u[8] & 0xc0);
}

TEST(uuid_parse_rejects_garbage)
{
	uint8_t u[16];

	ASSERT_NE(0, tt_uuid_parse("not-a-uuid", u));
	ASSERT_NE(0, tt_uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c", u));
}

TEST_HARNESS_MAIN
