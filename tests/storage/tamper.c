// SPDX-License-Identifier: GPL-2.0-only
/*
 * tamper: what the normal world does to trusted storage's files on the
 * REE FS is detected and reported as TEE_ERROR_CORRUPT_OBJECT, never
 * returned as data: a flipped bit in the manifest or in a data block, a
 * truncated file, two data files swapped, an older copy of the store put
 * back (rollback, caught by the RPMB record), a deleted file. A wipe of
 * the RPMB device is reported as a wipe, and the store starts empty; so
 * does the factory reset "teectl storage wipe", which refuses to run while
 * tee-supplicant holds the RPMB device.
 */
#include <stdarg.h>

#include "st.h"

FIXTURE(tamper) {
	struct st t;
	char dir[256];
};

static int sh(const char *fmt, ...) __printf(1, 2);

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* the store's directory (one TA, one store) */
static int store_dir(char *out, size_t len)
{
	FILE *f = popen("ls -d " ST_FS "/teekit-ss/*", "r");
	int r = -1;

	if (f && fgets(out, len, f)) {
		out[strcspn(out, "\n")] = 0;
		r = 0;
	}
	if (f)
		pclose(f);
	return r;
}

/*
 * The data file of a 1 MiB object: the largest file of the store that is not
 * @not (NULL for none). Chosen by size, not by mtime: two files written
 * within one clock tick of the guest have the same mtime, and "ls -t" then
 * picks by name (a CI failure). "small" lives in a file far below 1 MiB.
 */
static int big_data(const char *dir, const char *not, char *out, size_t len)
{
	char cmd[512];
	FILE *f;
	int r = -1;

	snprintf(cmd, sizeof(cmd), "ls -S %s/o* | head -2", dir);
	f = popen(cmd, "r");
	while (f && fgets(out, len, f)) {
		out[strcspn(out, "\n")] = 0;
		if (!not || strcmp(out, not)) {
			r = 0;
			break;
		}
	}
	if (f)
		pclose(f);
	return r;
}

FIXTURE_SETUP(tamper)
{
	TEEC_Session *s;
	uint32_t h;

	unlink(ST_TOS_LOG);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, true));
	s = &self->t.s;
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "small", "tiny data", 9, 0,
			       NULL));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "big", NULL, 0, 0, &h));
	ASSERT_EQ(0, st_fill(s, h, 1, 5));
	st_close(s, h);
	ASSERT_EQ(0, store_dir(self->dir, sizeof(self->dir)));
}

FIXTURE_TEARDOWN(tamper)
{
	st_down(&self->t);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("tail -30 " ST_TOS_LOG));
}

/* a new instance: nothing cached, everything read again */
static void reopen(struct th_meta *_metadata, struct st *t)
{
	TEEC_CloseSession(&t->s);
	t->open = false;
	usleep(100000);
	ASSERT_EQ(0, st_session(t, &t->s, ST_MAIN));
	t->open = true;
}

static TEEC_Result read_all(TEEC_Session *s, const char *id, uint8_t *buf,
			    size_t *len)
{
	return st_get(s, S_PRIVATE, id, buf, len);
}

/* the buffer holds what the client put there or zeros: no object data */
static bool no_data(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0xaa && b[i])
			return false;
	return true;
}

TEST_F(tamper, bit_flip_in_the_manifest)
{
	uint32_t h;

	ASSERT_EQ(0, sh("printf '\\001' | dd of=%s/manifest bs=1 seek=100 conv=notrunc status=none",
			self->dir));
	reopen(_metadata, &self->t);
	EXPECT_EQ(E_CORRUPT, st_open(&self->t.s, S_PRIVATE, F_READ, "small", 5,
				     &h));
	EXPECT_EQ(0, system("grep -q 'tampered with' " ST_TOS_LOG));
}

TEST_F(tamper, bit_flip_in_a_data_block)
{
	static uint8_t buf[1 << 20];
	char f[256];
	size_t len = sizeof(buf);

	ASSERT_EQ(0, big_data(self->dir, NULL, f, sizeof(f)));
	ASSERT_EQ(0, sh("printf '\\377' | dd of=%s bs=1 seek=70000 conv=notrunc status=none",
			f));
	memset(buf, 0xaa, sizeof(buf));
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "big", buf, &len));
	EXPECT_TRUE(no_data(buf, sizeof(buf)));	/* nothing returned as data */
	/* the other object is unharmed */
	len = sizeof(buf);
	EXPECT_EQ(0, read_all(&self->t.s, "small", buf, &len));
	EXPECT_EQ(9, len);
}

TEST_F(tamper, truncated_files)
{
	static uint8_t buf[1 << 20];
	char f[256];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, big_data(self->dir, NULL, f, sizeof(f)));
	ASSERT_EQ(0, sh("truncate -s 100000 %s", f));
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "big", buf, &len));
	ASSERT_EQ(0, sh("truncate -s 4000 %s/manifest", self->dir));
	reopen(_metadata, &self->t);
	EXPECT_EQ(E_CORRUPT, st_open(&self->t.s, S_PRIVATE, F_READ, "small", 5,
				     &h));
}

TEST_F(tamper, swapped_data_files)
{
	static uint8_t buf[1 << 20];
	char a[256], b[256];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, big_data(self->dir, NULL, a, sizeof(a)));
	ASSERT_EQ(0, st_create(&self->t.s, S_PRIVATE, F_RW, "big2", NULL, 0, 0,
			       &h));
	ASSERT_EQ(0, st_fill(&self->t.s, h, 1, 6));
	st_close(&self->t.s, h);
	ASSERT_EQ(0, big_data(self->dir, a, b, sizeof(b)));
	ASSERT_NE(0, strcmp(a, b));
	ASSERT_EQ(0, sh("mv %s %s.x && mv %s %s && mv %s.x %s", a, a, b, a, a,
			b));
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "big", buf, &len));
	len = sizeof(buf);
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "big2", buf, &len));
}

TEST_F(tamper, older_copy_put_back)
{
	static uint8_t buf[1 << 20];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, sh("cp -a %s /tmp/st-old", self->dir));
	ASSERT_EQ(0, st_create(&self->t.s, S_PRIVATE, F_RW | F_OVERWRITE,
			       "small", "newer data", 10, 0, NULL));
	ASSERT_EQ(0, st_open(&self->t.s, S_PRIVATE, F_WRITE, "big", 3, &h));
	ASSERT_EQ(0, st_write(&self->t.s, h, "X", 1));
	st_close(&self->t.s, h);
	/* the old manifest and data back: rolled back, caught by RPMB */
	ASSERT_EQ(0, sh("rm -rf %s && cp -a /tmp/st-old %s && rm -rf /tmp/st-old",
			self->dir, self->dir));
	reopen(_metadata, &self->t);
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "small", buf, &len));
	EXPECT_EQ(0, system("grep -q 'an older copy' " ST_TOS_LOG));
}

TEST_F(tamper, older_data_file_put_back)
{
	static uint8_t buf[1 << 20];
	char f[256];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, big_data(self->dir, NULL, f, sizeof(f)));
	ASSERT_EQ(0, sh("cp %s /tmp/st-old-data", f));
	ASSERT_EQ(0, st_open(&self->t.s, S_PRIVATE, F_WRITE, "big", 3, &h));
	ASSERT_EQ(0, st_write(&self->t.s, h, "newer", 5));
	st_close(&self->t.s, h);
	ASSERT_EQ(0, sh("cp /tmp/st-old-data %s && rm /tmp/st-old-data", f));
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "big", buf, &len));
}

TEST_F(tamper, deleted_files)
{
	static uint8_t buf[1 << 20];
	char f[256];
	size_t len = sizeof(buf);
	uint32_t h;

	ASSERT_EQ(0, big_data(self->dir, NULL, f, sizeof(f)));
	ASSERT_EQ(0, sh("rm %s", f));
	/* (an instance that has the file open still reads the real data) */
	reopen(_metadata, &self->t);
	EXPECT_EQ(E_CORRUPT, read_all(&self->t.s, "big", buf, &len));
	EXPECT_EQ(0, system("grep -q 'deleted behind' " ST_TOS_LOG));
	ASSERT_EQ(0, sh("rm %s/manifest", self->dir));
	reopen(_metadata, &self->t);
	EXPECT_EQ(E_CORRUPT, st_open(&self->t.s, S_PRIVATE, F_READ, "small", 5,
				     &h));
	EXPECT_EQ(0, system("grep -q 'manifest of store .* is missing' " ST_TOS_LOG));
}

TEST_F(tamper, rpmb_wipe_is_reported_as_a_wipe)
{
	uint32_t h;

	st_down(&self->t);
	ASSERT_EQ(0, system("rm " ST_FS "/teekit-rpmb.img"));
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(&self->t.s, S_PRIVATE, F_READ, "small", 5, &h));
	EXPECT_EQ(0, system("grep -q 'was wiped' " ST_TOS_LOG));
	EXPECT_NE(0, system("grep -q 'tampered' " ST_TOS_LOG));
	/* and it works again from there */
	ASSERT_EQ(0, st_create(&self->t.s, S_PRIVATE, F_RW, "small", "again",
			       5, 0, NULL));
}

TEST_F(tamper, teectl_wipe_is_a_factory_reset)
{
	char big[3000];
	uint32_t h = 0;

	memset(big, 7, sizeof(big));
	ASSERT_EQ(0, st_create(&self->t.s, S_RPMB, F_RW, "other", big,
			       sizeof(big), 0, NULL));
	/* not while tee-supplicant runs: it holds the RPMB device open */
	EXPECT_EQ(1, WEXITSTATUS(system("teectl storage wipe --fs-root " ST_FS
					" 2>/dev/null")));
	EXPECT_EQ(0, st_open(&self->t.s, S_PRIVATE, F_READ, "small", 5, &h));
	st_close(&self->t.s, h);
	/* not for a user */
	st_down(&self->t);
	EXPECT_EQ(4, WEXITSTATUS(system("su user -c 'teectl storage wipe --fs-root " ST_FS
					"' user 2>/dev/null")));
	ASSERT_EQ(0, system("test -f " ST_FS "/teekit-rpmb.img"));
	ASSERT_EQ(0, system("teectl storage wipe --fs-root " ST_FS
			    " > /tmp/st-wipe.out"));
	EXPECT_EQ(0, system("grep -q 'factory reset): 2 stores, .* RPMB device reset' /tmp/st-wipe.out"));
	EXPECT_NE(0, system("ls " ST_FS "/teekit-ss/* " ST_FS
			    "/teekit-rpmb.img 2>/dev/null"));
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	/* gone from both stores, not corrupt: a wipe is not tampering */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(&self->t.s, S_PRIVATE, F_READ, "small", 5, &h));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  st_open(&self->t.s, S_RPMB, F_READ, "other", 5, &h));
	EXPECT_NE(0, system("grep -q 'tampered' " ST_TOS_LOG));
	ASSERT_EQ(0, st_create(&self->t.s, S_PRIVATE, F_RW, "small", "again",
			       5, 0, NULL));
}

TEST_HARNESS_MAIN
