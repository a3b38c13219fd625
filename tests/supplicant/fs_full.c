// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs_full.c - the REE FS handlers on a really full file system: a 64 KiB
 * tmpfs mounted for the test. WRITE and CREATE must answer
 * TEEC_ERROR_STORAGE_NO_SPACE, and what was written before stays readable.
 * Runs the handler library directly (no device needed).
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>

#include "harness.h"
#include "supp.h"

FIXTURE(full) {
	char mnt[64];
	bool mounted;
	struct supp_ctx ctx;
};

FIXTURE_SETUP(full)
{
	strcpy(self->mnt, "/tmp/supp-full.XXXXXX");
	ASSERT_TRUE(mkdtemp(self->mnt) != NULL);
	if (mount("tmpfs", self->mnt, "tmpfs", 0, "size=64k,nr_inodes=64,mode=0700"))
		SKIP("cannot mount a tmpfs: %s", strerror(errno));
	self->mounted = true;
	supp_log_level = SUPP_LOG_ERR;
	self->ctx.dev_fd = -1;
	ASSERT_EQ(0, supp_fs_open_root(&self->ctx.fs, self->mnt));
}

FIXTURE_TEARDOWN(full)
{
	supp_fs_close(&self->ctx.fs);
	if (self->mounted)
		umount(self->mnt);
	rmdir(self->mnt);
}

static uint32_t fs_call(struct supp_ctx *ctx, uint64_t op, uint64_t b,
			uint64_t c, int id, uint64_t size,
			struct tee_ioctl_param *out)
{
	struct tee_ioctl_param p[3] = {
		{ TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, op, b, c },
		{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, size, id },
		{ TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0 },
	};
	uint32_t r = supp_dispatch(ctx, SUPP_FUNC_FS, p, op <= 1 ? 3 : 2);

	if (out)
		memcpy(out, p, sizeof(p));
	return r;
}

static char buf[16384];

TEST_F(full, write_and_create_say_no_space)
{
	struct tee_ioctl_param p[3];
	uint64_t fd, off = 0;
	uint32_t r = 0;
	char name[16];
	int i;

	ASSERT_EQ(0, supp_shm_add(&self->ctx.shm, 1, buf, sizeof(buf)));
	strcpy(buf, "data");
	ASSERT_EQ(TEEC_SUCCESS, fs_call(&self->ctx, SUPP_FS_CREATE, 0, 0, 1,
					5, p));
	fd = p[2].a;
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 16; i++, off += sizeof(buf)) {
		r = fs_call(&self->ctx, SUPP_FS_WRITE, fd, off, 1, sizeof(buf),
			    NULL);
		if (r != TEEC_SUCCESS)
			break;
	}
	EXPECT_EQ(TEEC_ERROR_STORAGE_NO_SPACE, r);
	EXPECT_LT(0, i);
	/* earlier data is intact */
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(TEEC_SUCCESS, fs_call(&self->ctx, SUPP_FS_READ, fd, 0, 1,
					16, p));
	EXPECT_EQ(16, p[1].b);
	EXPECT_EQ('x', buf[15]);
	EXPECT_EQ(TEEC_SUCCESS, fs_call(&self->ctx, SUPP_FS_CLOSE, fd, 0, 1,
					0, NULL));
	/* fill the inodes too: creating files ends in NO_SPACE as well */
	for (i = 0, r = 0; i < 1000 && r == TEEC_SUCCESS; i++) {
		snprintf(buf, sizeof(buf), "f%d", i);
		snprintf(name, sizeof(name), "%s", buf);
		r = fs_call(&self->ctx, SUPP_FS_CREATE, 0, 0, 1, 16, p);
		if (r == TEEC_SUCCESS) {
			fs_call(&self->ctx, SUPP_FS_WRITE, p[2].a, 0, 1, 16, NULL);
			fs_call(&self->ctx, SUPP_FS_CLOSE, p[2].a, 0, 1, 0, NULL);
			snprintf(buf, sizeof(buf), "%s", name);
		}
	}
	EXPECT_EQ(TEEC_ERROR_STORAGE_NO_SPACE, r);
}

TEST_HARNESS_MAIN
