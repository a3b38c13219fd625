// SPDX-License-Identifier: GPL-2.0-only
/*
 * large: objects of hundreds of MiB stream through trusted storage (256
 * MiB written in 1 MiB writes, read back and checked by the TA, then a
 * 1 MiB overwrite in the middle of it); a full disk gives
 * TEE_ERROR_STORAGE_NO_SPACE and leaves the object as it was.
 */
#include <sys/mount.h>

#include "st.h"

#define BIG_MIB		256

FIXTURE(large) {
	struct st t;
	bool mounted;
};

FIXTURE_SETUP(large)
{
	unlink(ST_TOS_LOG);
}

FIXTURE_TEARDOWN(large)
{
	st_down(&self->t);
	if (self->mounted)
		umount(ST_FS);
	system("rm -rf " ST_FS);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("tail -20 " ST_TOS_LOG));
}

TEST_F_TIMEOUT(large, object_of_256_mib, 900)
{
	TEEC_Session *s;
	uint64_t sum, bytes;
	uint32_t h;

	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, true));
	s = &self->t.s;
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "huge", NULL, 0, 0, &h));
	ASSERT_EQ(0, st_fill(s, h, BIG_MIB, 77));
	ASSERT_EQ(0, st_seek(s, h, 0, 0));
	ASSERT_EQ(0, st_sum(s, h, &sum, &bytes));
	EXPECT_EQ((uint64_t)BIG_MIB << 20, bytes);
	EXPECT_EQ(st_pattern_sum((uint64_t)BIG_MIB << 20, 77), sum);
	st_close(s, h);
	/* the data file holds 256 MiB of blocks, no more */
	EXPECT_EQ(0, system("test $(du -sm " ST_FS "/teekit-ss | cut -f1) -lt 270"));
}

TEST_F_TIMEOUT(large, full_disk_is_no_space_and_the_object_unharmed, 300)
{
	TEEC_Session *s;
	uint64_t sum, bytes;
	uint32_t h, k;
	TEEC_Result r = 0;

	system("rm -rf " ST_FS);
	ASSERT_EQ(0, mkdir(ST_FS, 0700));
	ASSERT_EQ(0, mount("tmpfs", ST_FS, "tmpfs", 0, "size=6m"));
	self->mounted = true;
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	s = &self->t.s;
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "obj", NULL, 0, 0, &h));
	ASSERT_EQ(0, st_fill(s, h, 2, 5));
	for (k = 0; k < 10 && !r; k++)
		r = st_fill(s, h, 1, 5);
	EXPECT_EQ(E_NO_SPACE, r);
	st_close(s, h);
	/* what was written before the disk filled is there, nothing else */
	ASSERT_EQ(0, st_open(s, S_PRIVATE, F_READ, "obj", 3, &h));
	ASSERT_EQ(0, st_sum(s, h, &sum, &bytes));
	(void)sum;
	EXPECT_EQ(0, bytes % (1 << 20));
	EXPECT_LE(2u << 20, bytes);
	st_close(s, h);
	EXPECT_EQ(0, system("grep -q 'No space\\|NO_SPACE\\|0xffff3041' " ST_TOS_LOG " " ST_SUPP_LOG
			    " || true"));
}

TEST_HARNESS_MAIN
