// SPDX-License-Identifier: GPL-2.0-only
/*
 * api: the GP persistent-object and data-stream API end to end through the
 * test TA (ta/st_ta.c), the sim driver and tee-supplicant's REE FS and
 * emulated RPMB: create/open/read/write/truncate/seek/rename/delete, the
 * enumerator, object info, attributes kept with the object, usage
 * restriction, the access and share rules across sessions, the panics GP
 * asks for, storage ids, the GP 1.1 variants, isolation between TAs,
 * nothing in clear on the REE FS, persistence across a restart of the
 * stack, several instances of one TA, a stored key loaded into an operation.
 */
#include <pthread.h>

#include <openssl/evp.h>

#include "st.h"

FIXTURE(api) {
	struct st t;
};

FIXTURE_SETUP(api)
{
	unlink(ST_TOS_LOG);
	unlink(ST_CONF);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, true));
}

FIXTURE_TEARDOWN(api)
{
	st_down(&self->t);
	unlink(ST_CONF);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("tail -30 " ST_TOS_LOG));
}

TEST_F(api, create_read_info_close)
{
	TEEC_Session *s = &self->t.s;
	struct st_info i;
	char buf[64];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "obj", "hello", 5, 0, &h));
	ASSERT_EQ(0, st_info(s, h, &i));
	EXPECT_EQ(0xA00000BF, i.type);		/* TEE_TYPE_DATA */
	EXPECT_EQ(5, i.data_size);
	EXPECT_EQ(0, i.pos);
	EXPECT_EQ(0x30003, i.flags);	/* PERSISTENT | INITIALIZED | RW */
	ASSERT_EQ(0, st_read(s, h, buf, &len));
	ASSERT_EQ(5, len);
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(0, st_info(s, h, &i));
	EXPECT_EQ(5, i.pos);
	len = sizeof(buf);
	ASSERT_EQ(0, st_read(s, h, buf, &len));	/* at the end: 0 bytes */
	EXPECT_EQ(0, len);
	ASSERT_EQ(0, st_close(s, h));
	len = sizeof(buf);
	ASSERT_EQ(0, st_get(s, S_PRIVATE, "obj", buf, &len));
	EXPECT_EQ(5, len);
	/* NULL handle out: created and closed */
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "noh", "x", 1, 0, NULL));
	len = sizeof(buf);
	ASSERT_EQ(0, st_get(s, S_PRIVATE, "noh", buf, &len));
	EXPECT_EQ(1, len);
}

TEST_F(api, open_errors)
{
	TEEC_Session *s = &self->t.s;
	uint32_t h;

	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(s, S_PRIVATE, F_READ, "none", 4, &h));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "a", "1", 1, 0, NULL));
	/* unknown storage id */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, st_open(s, 7, F_READ, "a", 1, &h));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_create(s, 0x80000200, F_RW, "b", "1", 1, 0, NULL));
	/* unknown flag bits */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  st_open(s, S_PRIVATE, F_READ | 0x100000, "a", 1, &h));
	/* the same name in another storage id is another object */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(s, S_RPMB, F_READ, "a", 1, &h));
	/* PRIVATE and PRIVATE_REE are one store (OP-TEE's default) */
	ASSERT_EQ(0, st_open(s, S_REE, F_READ, "a", 1, &h));
	st_close(s, h);
}

TEST_F(api, create_existing_overwrite_and_conflict)
{
	TEEC_Session *s = &self->t.s;
	char buf[16];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "c", "old", 3, 0, NULL));
	EXPECT_EQ(E_CONFLICT, st_create(s, S_PRIVATE, F_RW, "c", "new!", 4, 0,
					NULL));
	ASSERT_EQ(0, st_get(s, S_PRIVATE, "c", buf, &len));
	EXPECT_EQ(3, len);
	/* OVERWRITE replaces it, but not while a handle is open */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ | F_SHR, "c", 1, &h));
	EXPECT_EQ(E_CONFLICT, st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "c",
					"new!", 4, 0, NULL));
	st_close(s, h);
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "c", "new!",
			       4, 0, NULL));
	len = sizeof(buf);
	ASSERT_EQ(0, st_get(s, S_PRIVATE, "c", buf, &len));
	EXPECT_EQ(4, len);
	EXPECT_EQ(0, memcmp(buf, "new!", 4));
}

TEST_F(api, access_and_share_rules_across_sessions)
{
	TEEC_Session *s = &self->t.s, s2;
	uint32_t a, b;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "sh", "x", 1, 0, NULL));
	ASSERT_EQ(0, st_session(&self->t, &s2, ST_MAIN));
	/* read without share, then any read: conflict */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ, "sh", 2, &a));
	EXPECT_EQ(E_CONFLICT, st_open(&s2, S_PRIVATE, F_READ | F_SHR, "sh", 2,
				      &b));
	st_close(s, a);
	/* both share read: fine; a writer needs share-write from both */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ | F_SHR, "sh", 2, &a));
	ASSERT_EQ(0, st_open(&s2, S_PRIVATE, F_READ | F_SHR, "sh", 2, &b));
	st_close(&s2, b);
	EXPECT_EQ(E_CONFLICT, st_open(&s2, S_PRIVATE, F_WRITE | F_SHR | F_SHW,
				      "sh", 2, &b));
	st_close(s, a);
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_RW | F_SHR | F_SHW, "sh", 2, &a));
	ASSERT_EQ(0, st_open(&s2, S_PRIVATE, F_RW | F_SHR | F_SHW, "sh", 2,
			     &b));
	ASSERT_EQ(0, st_write(s, a, "y", 1));
	st_close(&s2, b);
	/* WRITE_META is exclusive */
	EXPECT_EQ(E_CONFLICT, st_open(&s2, S_PRIVATE, F_META | F_SHR | F_SHW,
				      "sh", 2, &b));
	st_close(s, a);
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_META, "sh", 2, &a));
	EXPECT_EQ(E_CONFLICT, st_open(&s2, S_PRIVATE, F_READ | F_SHR, "sh", 2,
				      &b));
	st_close(s, a);
	TEEC_CloseSession(&s2);
}

TEST_F(api, write_seek_truncate)
{
	TEEC_Session *s = &self->t.s;
	struct st_info i;
	uint8_t buf[256], z[100] = { 0 };
	size_t len;
	uint32_t h;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "w", "0123456789", 10, 0,
			       &h));
	ASSERT_EQ(0, st_seek(s, h, 4, 0));
	ASSERT_EQ(0, st_write(s, h, "ab", 2));
	/* past the end: the gap reads as zeros */
	ASSERT_EQ(0, st_seek(s, h, 20, 0));
	ASSERT_EQ(0, st_write(s, h, "Z", 1));
	ASSERT_EQ(0, st_info(s, h, &i));
	EXPECT_EQ(21, i.data_size);
	EXPECT_EQ(21, i.pos);
	ASSERT_EQ(0, st_seek(s, h, 0, 0));
	len = sizeof(buf);
	ASSERT_EQ(0, st_read(s, h, buf, &len));
	ASSERT_EQ(21, len);
	EXPECT_EQ(0, memcmp(buf, "0123ab6789", 10));
	EXPECT_EQ(0, memcmp(buf + 10, z, 10));
	EXPECT_EQ('Z', buf[20]);
	/* SEEK_END, SEEK_CUR, a negative result is 0 */
	ASSERT_EQ(0, st_seek(s, h, -1, 2));
	len = 1;
	ASSERT_EQ(0, st_read(s, h, buf, &len));
	EXPECT_EQ('Z', buf[0]);
	ASSERT_EQ(0, st_seek(s, h, -100, 1));
	ASSERT_EQ(0, st_info(s, h, &i));
	EXPECT_EQ(0, i.pos);
	/* beyond TEE_DATA_MAX_POSITION */
	EXPECT_EQ(E_OVERFLOW, st_seek(s, h, 0x100000000ll, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, st_seek(s, h, 0, 9));
	/* truncate shorter, then longer: the tail reads as zeros */
	ASSERT_EQ(0, st_v(s, ST_CMD_TRUNC, h, 3));
	ASSERT_EQ(0, st_v(s, ST_CMD_TRUNC, h, 8));
	ASSERT_EQ(0, st_seek(s, h, 0, 0));
	len = sizeof(buf);
	ASSERT_EQ(0, st_read(s, h, buf, &len));
	ASSERT_EQ(8, len);
	EXPECT_EQ(0, memcmp(buf, "012\0\0\0\0\0", 8));
	st_close(s, h);
}

/* objects larger than the manifest keeps: blocks in their own file */
TEST_F(api, block_objects_partial_writes_and_truncation)
{
	TEEC_Session *s = &self->t.s;
	size_t n = 300 * 1024, len, k;
	uint8_t *a = malloc(n), *b = malloc(n);
	uint32_t h;

	ASSERT_TRUE(a && b);
	for (k = 0; k < n; k++)
		a[k] = k * 13 + (k >> 12);
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "big", a, 1000, 0, &h));
	/* grows from the manifest into blocks */
	ASSERT_EQ(0, st_seek(s, h, 1000, 0));
	ASSERT_EQ(0, st_write(s, h, a + 1000, n - 1000));
	/* overwrite across a block boundary */
	memset(a + 65000, 0xee, 2000);
	ASSERT_EQ(0, st_seek(s, h, 65000, 0));
	ASSERT_EQ(0, st_write(s, h, a + 65000, 2000));
	ASSERT_EQ(0, st_seek(s, h, 0, 0));
	len = n;
	ASSERT_EQ(0, st_read(s, h, b, &len));
	ASSERT_EQ(n, len);
	EXPECT_EQ(0, memcmp(a, b, n));
	/* cut inside a block, extend: zeros, not the old bytes */
	ASSERT_EQ(0, st_v(s, ST_CMD_TRUNC, h, 70000));
	ASSERT_EQ(0, st_v(s, ST_CMD_TRUNC, h, 140000));
	memset(a + 70000, 0, 70000);
	ASSERT_EQ(0, st_seek(s, h, 0, 0));
	len = n;
	ASSERT_EQ(0, st_read(s, h, b, &len));
	ASSERT_EQ(140000, len);
	EXPECT_EQ(0, memcmp(a, b, 140000));
	st_close(s, h);
	free(a);
	free(b);
}

TEST_F(api, rename_and_delete)
{
	TEEC_Session *s = &self->t.s;
	char buf[16], id64[65];
	size_t len;
	uint32_t h, h2;

	memset(id64, 'i', 64);
	id64[64] = 0;
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "r1", "one", 3, 0, NULL));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "r2", "two", 3, 0, NULL));
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ | F_META, "r1", 2, &h));
	EXPECT_EQ(E_CONFLICT, st_rename(s, h, "r2", 2));
	ASSERT_EQ(0, st_rename(s, h, id64, 64));
	len = sizeof(buf);
	ASSERT_EQ(0, st_read(s, h, buf, &len));
	EXPECT_EQ(3, len);
	st_close(s, h);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(s, S_PRIVATE, F_READ, "r1", 2, &h));
	len = sizeof(buf);
	ASSERT_EQ(0, st_get(s, S_PRIVATE, id64, buf, &len));
	EXPECT_EQ(0, memcmp(buf, "one", 3));
	/* CloseAndDeletePersistentObject1 and the GP 1.0 form */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_META, id64, 64, &h));
	ASSERT_EQ(0, st_v(s, ST_CMD_DELETE, h, 0));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(s, S_PRIVATE, F_READ, id64, 64, &h));
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_META, "r2", 2, &h2));
	ASSERT_EQ(0, st_v(s, ST_CMD_DELETE0, h2, 0));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(s, S_PRIVATE, F_READ, "r2", 2, &h));
	/* a big one: its data file goes too */
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW | F_META, "r3", NULL, 0, 0,
			       &h));
	ASSERT_EQ(0, st_fill(s, h, 1, 3));
	ASSERT_EQ(0, st_v(s, ST_CMD_DELETE, h, 0));
	EXPECT_EQ(0, system("test $(find " ST_FS "/teekit-ss -name 'o*' | wc -l) = 0"));
}

TEST_F(api, enumerator)
{
	TEEC_Session *s = &self->t.s;
	char ids[4096];
	uint32_t n;

	ASSERT_EQ(0, st_enum(s, S_PRIVATE, ids, sizeof(ids), &n));
	EXPECT_EQ(0, n);
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "e1", "1", 1, 0, NULL));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "e2", "2", 1, 0, NULL));
	ASSERT_EQ(0, st_create(s, S_RPMB, F_RW, "e3", "3", 1, 0, NULL));
	ASSERT_EQ(0, st_enum(s, S_PRIVATE, ids, sizeof(ids), &n));
	EXPECT_EQ(2, n);
	EXPECT_TRUE(strstr(ids, "e1\n") && strstr(ids, "e2\n"));
	ASSERT_EQ(0, st_enum(s, S_RPMB, ids, sizeof(ids), &n));
	EXPECT_EQ(1, n);
	EXPECT_STREQ("e3\n", ids);
	/* an unknown storage id enumerates nothing (ITEM_NOT_FOUND in the TA) */
	ASSERT_EQ(0, st_enum(s, 5, ids, sizeof(ids), &n));
	EXPECT_EQ(0, n);
}

TEST_F(api, attributes_kept_and_usage_restricted)
{
	TEEC_Session *s = &self->t.s;
	uint8_t key[32], out[64];
	struct st_info i;
	size_t len = sizeof(out);
	uint32_t h;

	memset(key, 0x5a, sizeof(key));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "key", key, sizeof(key),
			       ST_ATTR_AES, NULL));
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ | F_META, "key", 3, &h));
	ASSERT_EQ(0, st_info(s, h, &i));
	EXPECT_EQ(0xA0000010, i.type);		/* TEE_TYPE_AES */
	EXPECT_EQ(256, i.obj_size);
	EXPECT_EQ(0, i.data_size);
	ASSERT_EQ(0, st_mem(s, ST_CMD_GETATTR, h, 0xC0000000, true, out,
			    &len));
	ASSERT_EQ(32, len);
	EXPECT_EQ(0, memcmp(out, key, 32));
	/* the restriction is stored with the object */
	ASSERT_EQ(0, st_v(s, ST_CMD_RESTRICT, h, 0x6));
	st_close(s, h);
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ, "key", 3, &h));
	ASSERT_EQ(0, st_info(s, h, &i));
	EXPECT_EQ(0x6, i.usage);
	st_close(s, h);
}

/* a stored key serves an operation: the TA encrypts with it, we check */
TEST_F(api, stored_key_loads_into_an_operation)
{
	TEEC_Session *s = &self->t.s;
	uint8_t key[32], in[16], out[16], want[16];
	TEEC_Operation op;
	EVP_CIPHER_CTX *c;
	int l = 0;
	uint32_t h;

	for (l = 0; l < 32; l++)
		key[l] = 0x30 + l * 3;
	memset(in, 0xa5, sizeof(in));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "aeskey", key, sizeof(key),
			       ST_ATTR_AES, NULL));
	/* the store is read again from the REE FS: nothing is cached */
	st_down(&self->t);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	s = &self->t.s;
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ, "aeskey", 6, &h));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].value.a = h;
	op.params[1].tmpref.buffer = in;
	op.params[1].tmpref.size = sizeof(in);
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = sizeof(out);
	ASSERT_EQ(0, st_inv(s, ST_CMD_ENCRYPT, &op));
	ASSERT_EQ(16, op.params[2].tmpref.size);
	c = EVP_CIPHER_CTX_new();
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ(1, EVP_EncryptInit_ex(c, EVP_aes_256_ecb(), NULL, key, NULL));
	EVP_CIPHER_CTX_set_padding(c, 0);
	ASSERT_EQ(1, EVP_EncryptUpdate(c, want, &l, in, sizeof(in)));
	EVP_CIPHER_CTX_free(c);
	EXPECT_EQ(0, memcmp(out, want, sizeof(want)));
	/* the handle was closed by the TA: no handle is left open */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	ASSERT_EQ(0, st_inv(s, ST_CMD_COUNT, &op));
	EXPECT_EQ(0, op.params[0].value.a);
}

/* the limits of storage.conf, read by each new instance, named in errors */
TEST_F(api, limits_from_the_conf_file)
{
	TEEC_Session *s;
	uint8_t big[5000], got[5000];
	size_t len = sizeof(got);
	uint32_t h;
	FILE *f;

	memset(big, 0x42, sizeof(big));
	f = fopen(ST_CONF, "w");
	ASSERT_TRUE(f != NULL);
	fprintf(f, "# test limits\nmax_object_size = 4K\nmax_objects=3\n"
		"max_store_size = 10000\nno_such_limit = 1\nmax_objects = -1\n");
	fclose(f);
	/* the instance that runs now keeps its limits: a new one reads them */
	st_down(&self->t);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	s = &self->t.s;
	EXPECT_EQ(E_NO_SPACE, st_create(s, S_PRIVATE, F_RW, "a", big, 4097, 0,
					NULL));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "a", big, 4096, 0, NULL));
	/* a write or a truncation past the limit fails, the object unharmed */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_RW, "a", 1, &h));
	ASSERT_EQ(0, st_seek(s, h, 4000, 0));
	EXPECT_EQ(E_NO_SPACE, st_write(s, h, big, 100));
	EXPECT_EQ(E_NO_SPACE, st_v(s, ST_CMD_TRUNC, h, 4097));
	ASSERT_EQ(0, st_v(s, ST_CMD_TRUNC, h, 4096));
	st_close(s, h);
	ASSERT_EQ(0, st_get(s, S_PRIVATE, "a", got, &len));
	ASSERT_EQ(4096, len);
	EXPECT_EQ(0, memcmp(got, big, 4096));
	/* max_store_size: 4096 + 4096 + 4096 > 10000 */
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "b", big, 4096, 0, NULL));
	EXPECT_EQ(E_NO_SPACE, st_create(s, S_PRIVATE, F_RW, "c", big, 4096, 0,
					NULL));
	/* max_objects: a third one fits, a fourth does not */
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "c", "x", 1, 0, NULL));
	EXPECT_EQ(E_NO_SPACE, st_create(s, S_PRIVATE, F_RW, "d", "x", 1, 0,
					NULL));
	/* replacing one is not one more */
	EXPECT_EQ(0, st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "c", "y", 1, 0,
			       NULL));
	/* the errors and the bad lines name the limit and the file */
	EXPECT_EQ(0, system("grep -q 'over max_object_size (4096, set in " ST_CONF ")' " ST_TOS_LOG));
	EXPECT_EQ(0, system("grep -q 'over max_objects (3, set in' " ST_TOS_LOG));
	EXPECT_EQ(0, system("grep -q 'over max_store_size (10000, set in' " ST_TOS_LOG));
	EXPECT_EQ(0, system("grep -q ':5: unknown limit \"no_such_limit\"' " ST_TOS_LOG));
	EXPECT_EQ(0, system("grep -q ':6: max_objects needs a size' " ST_TOS_LOG));
	/* without the file, the defaults: a new instance creates "d" */
	unlink(ST_CONF);
	st_down(&self->t);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	EXPECT_EQ(0, st_create(&self->t.s, S_PRIVATE, F_RW, "d", big,
			       sizeof(big), 0, NULL));
}

static TEEC_Result misuse(struct st *t, uint32_t c, uint32_t slot)
{
	return st_v(&t->s, ST_CMD_MISUSE, c, slot);
}

TEST_F(api, misuse_panics_the_ta)
{
	TEEC_Session *s = &self->t.s;
	static const uint32_t cases[][2] = {
		{ ST_MISUSE_READ_WO, F_WRITE },
		{ ST_MISUSE_WRITE_RO, F_READ },
		{ ST_MISUSE_TRUNC_RO, F_READ },
		{ ST_MISUSE_RENAME_NO_META, F_RW },
		{ ST_MISUSE_DELETE_NO_META, F_RW },
		{ ST_MISUSE_BAD_HANDLE, 0 },
		{ ST_MISUSE_LONG_ID, 0 },
	};
	unsigned int k;
	uint32_t h = 0;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "m", "x", 1, 0, NULL));
	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		if (cases[k][1])
			ASSERT_EQ(0, st_open(s, S_PRIVATE, cases[k][1], "m", 1,
					     &h));
		EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
			  misuse(&self->t, cases[k][0], h));
		TEEC_CloseSession(s);
		ASSERT_EQ(0, st_session(&self->t, s, ST_MAIN));
	}
	EXPECT_EQ(0, system("grep -q 'GP says: panic' " ST_TOS_LOG));
	/* the object survived every panic */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ, "m", 1, &h));
}

TEST_F(api, gp11_variants)
{
	TEEC_Session s;
	char ids[256], buf[16];
	size_t len = sizeof(buf);
	struct st_info i;
	uint32_t n, h;

	ASSERT_EQ(0, st_session(&self->t, &s, ST_GP11));
	ASSERT_EQ(0, st_create(&s, S_PRIVATE, F_RW, "g", "gp11", 4, 0, &h));
	ASSERT_EQ(0, st_seek(&s, h, 1, 0));
	ASSERT_EQ(0, st_read(&s, h, buf, &len));
	EXPECT_EQ(3, len);
	ASSERT_EQ(0, st_info(&s, h, &i));
	EXPECT_EQ(4, i.data_size);
	EXPECT_EQ(4, i.pos);
	ASSERT_EQ(0, st_v(&s, ST_CMD_TRUNC, h, 2));
	st_close(&s, h);
	ASSERT_EQ(0, st_enum(&s, S_PRIVATE, ids, sizeof(ids), &n));
	EXPECT_EQ(1, n);
	EXPECT_STREQ("g\n", ids);
	TEEC_CloseSession(&s);
}

TEST_F(api, tas_see_only_their_own_objects_and_nothing_is_clear)
{
	TEEC_Session *s = &self->t.s, o;
	char ids[256];
	uint32_t n, h;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "secret-name-xyzzy",
			       "secret-content-plugh", 20, 0, NULL));
	ASSERT_EQ(0, st_session(&self->t, &o, ST_OTHER));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(&o, S_PRIVATE, F_READ, "secret-name-xyzzy", 17, &h));
	ASSERT_EQ(0, st_enum(&o, S_PRIVATE, ids, sizeof(ids), &n));
	EXPECT_EQ(0, n);
	TEEC_CloseSession(&o);
	EXPECT_NE(0, system("grep -rq xyzzy " ST_FS));
	EXPECT_NE(0, system("grep -rq plugh " ST_FS));
	/* no name says which TA it is */
	EXPECT_NE(0, system("find " ST_FS " | grep -q 57000000"));
	/* sizes: multiples of 4 KiB */
	EXPECT_EQ(0, system("test -z \"$(find " ST_FS "/teekit-ss -type f -size -4096c)\""));
}

TEST_F(api, objects_survive_a_restart_of_the_stack)
{
	TEEC_Session *s = &self->t.s;
	uint64_t sum, bytes;
	char buf[16];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "keep", "kept", 4, 0,
			       NULL));
	ASSERT_EQ(0, st_create(s, S_RPMB, F_RW, "big", NULL, 0, 0, &h));
	ASSERT_EQ(0, st_fill(s, h, 2, 9));
	st_close(s, h);
	st_down(&self->t);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	s = &self->t.s;
	ASSERT_EQ(0, st_get(s, S_PRIVATE, "keep", buf, &len));
	EXPECT_EQ(0, memcmp(buf, "kept", 4));
	ASSERT_EQ(0, st_open(s, S_RPMB, F_READ, "big", 3, &h));
	ASSERT_EQ(0, st_sum(s, h, &sum, &bytes));
	EXPECT_EQ(2u << 20, bytes);
	EXPECT_EQ(st_pattern_sum(2u << 20, 9), sum);
}

struct inst_arg {
	struct st *t;
	int n;
	TEEC_Result r;
};

static void *instance_writer(void *p)
{
	struct inst_arg *a = p;
	TEEC_Session s;
	char id[16];
	int k;

	a->r = st_session(a->t, &s, ST_MULTI);
	for (k = 0; k < 10 && !a->r; k++) {
		snprintf(id, sizeof(id), "i%d-%d", a->n, k);
		a->r = st_create(&s, S_PRIVATE, F_RW, id, id, strlen(id), 0,
				 NULL);
	}
	if (!a->r || a->r != TEEC_ERROR_BAD_PARAMETERS)
		TEEC_CloseSession(&s);
	return NULL;
}

/* several instances of one TA commit to one store: no update is lost */
TEST_F(api, concurrent_instances_lose_no_update)
{
	struct inst_arg a[3];
	pthread_t th[3];
	TEEC_Session s;
	char ids[4096];
	uint32_t n, h;
	int k;

	for (k = 0; k < 3; k++) {
		a[k].t = &self->t;
		a[k].n = k;
		pthread_create(&th[k], NULL, instance_writer, &a[k]);
	}
	for (k = 0; k < 3; k++) {
		pthread_join(th[k], NULL);
		EXPECT_EQ(0, a[k].r);
	}
	ASSERT_EQ(0, st_session(&self->t, &s, ST_MULTI));
	ASSERT_EQ(0, st_enum(&s, S_PRIVATE, ids, sizeof(ids), &n));
	EXPECT_EQ(30, n);
	/* one instance writes, another reads the new data */
	ASSERT_EQ(0, st_create(&s, S_PRIVATE, F_RW | F_SHR | F_SHW, "x",
			       "aaaa", 4, 0, &h));
	{
		TEEC_Session s2;
		char buf[8];
		size_t len = sizeof(buf);

		ASSERT_EQ(0, st_session(&self->t, &s2, ST_MULTI));
		ASSERT_EQ(0, st_get(&s2, S_PRIVATE, "x", buf, &len));
		ASSERT_EQ(0, st_write(&s, h, "bbbb", 4));
		len = sizeof(buf);
		ASSERT_EQ(0, st_get(&s2, S_PRIVATE, "x", buf, &len));
		EXPECT_EQ(0, memcmp(buf, "bbbb", 4));
		TEEC_CloseSession(&s2);
	}
	TEEC_CloseSession(&s);
}

TEST_HARNESS_MAIN
