// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of tee-supplicant's request handlers (supplicant/), driven
 * through supp_dispatch() with crafted params: no kernel, no device. Shared
 * memory comes from a fake allocator (malloc) behind the same shm table the
 * daemon uses, so memrefs are resolved exactly as in production.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "harness.h"
#include "supp.h"

#define T_VIN	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT
#define T_VOUT	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT
#define T_VIO	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT
#define T_MIN	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT
#define T_MOUT	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT
#define T_MIO	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT

static int next_id = 100;

static int fake_alloc(void *priv, size_t size, int *id, void **addr)
{
	(void)priv;
	*addr = calloc(1, size);
	if (!*addr)
		return -ENOMEM;
	*id = next_id++;
	return 0;
}

static void fake_release(void *priv, int id, void *addr, size_t size)
{
	(void)priv;
	(void)id;
	(void)size;
	free(addr);
}

static const struct supp_shm_ops fake_ops = {
	.alloc = fake_alloc,
	.release = fake_release,
};

FIXTURE(supp) {
	struct supp_ctx ctx;
	char tmp[64];		/* everything lives below it */
	char root[128];		/* storage root */
	char outside[128];	/* a file the TEE must never reach */
};

FIXTURE_VARIANT(supp) {
	bool walk;		/* force the O_NOFOLLOW walk (no openat2) */
};

FIXTURE_VARIANT_ADD(supp, openat2) { .walk = false };
FIXTURE_VARIANT_ADD(supp, walk) { .walk = true };

static void run(const char *cmd)
{
	if (system(cmd))
		th_log("command failed: %s", cmd);
}

FIXTURE_SETUP(supp)
{
	char cmd[512];

	supp_log_level = SUPP_LOG_ERR;
	strcpy(self->tmp, "/tmp/supp-unit.XXXXXX");
	ASSERT_TRUE(mkdtemp(self->tmp) != NULL);
	snprintf(self->root, sizeof(self->root), "%s/root", self->tmp);
	snprintf(self->outside, sizeof(self->outside), "%s/secret", self->tmp);
	snprintf(cmd, sizeof(cmd), "echo secret > %s; mkdir -p %s/ta1 %s/ta2",
		 self->outside, self->tmp, self->tmp);
	run(cmd);
	self->ctx.dev_fd = -1;
	supp_shm_init(&self->ctx.shm, &fake_ops);
	supp_sock_init(&self->ctx.socks);
	ASSERT_EQ(0, supp_fs_open_root(&self->ctx.fs, self->root));
	if (variant->walk)
		self->ctx.fs.no_openat2 = true;
	snprintf(cmd, sizeof(cmd), "%s/ta1:%s/ta2", self->tmp, self->tmp);
	ASSERT_EQ(0, supp_set_ta_paths(&self->ctx, cmd));
	ASSERT_EQ(0, supp_plugins_load(&self->ctx.plugins, TEST_PLUGIN_DIR));
	supp_plugins_init(&self->ctx.plugins);
}

FIXTURE_TEARDOWN(supp)
{
	char cmd[128];

	supp_fs_close(&self->ctx.fs);
	supp_shm_destroy(&self->ctx.shm);
	supp_free_ta_paths(&self->ctx);
	supp_plugins_unload(&self->ctx.plugins);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->tmp);
	run(cmd);
}

/* ---- helpers ---- */

static void val(struct tee_ioctl_param *p, uint64_t attr, uint64_t a,
		uint64_t b, uint64_t c)
{
	p->attr = attr;
	p->a = a;
	p->b = b;
	p->c = c;
}

/* A shared buffer of @size bytes with @data (may be NULL); returns its id. */
static int shm_new(struct supp_ctx *ctx, size_t size, const void *data,
		   size_t len, void **addr)
{
	struct supp_shm *s;
	size_t sz;
	int id;

	if (supp_shm_alloc(&ctx->shm, size, &id))
		return -1;
	s = supp_shm_get(&ctx->shm, id, addr, &sz);
	supp_shm_put(&ctx->shm, s);
	if (data)
		memcpy(*addr, data, len);
	return id;
}

static void mem(struct tee_ioctl_param *p, uint64_t attr, int id,
		uint64_t offs, uint64_t size)
{
	val(p, attr, offs, size, id < 0 ? TEE_MEMREF_NULL : (uint64_t)id);
}

static uint32_t name_op(struct supp_ctx *ctx, uint32_t op, const char *name,
			uint64_t *out)
{
	struct tee_ioctl_param p[3];
	void *addr;
	uint32_t r;
	int id;

	id = shm_new(ctx, strlen(name) + 1, name, strlen(name) + 1, &addr);
	val(&p[0], T_VIN, op, 0, 0);
	mem(&p[1], T_MIN, id, 0, strlen(name) + 1);
	val(&p[2], T_VOUT, 0, 0, 0);
	r = supp_dispatch(ctx, SUPP_FUNC_FS, p, op == SUPP_FS_REMOVE ? 2 : 3);
	if (out)
		*out = p[2].a;
	supp_shm_free(&ctx->shm, id);
	return r;
}

static uint32_t fd_op(struct supp_ctx *ctx, uint32_t op, uint64_t fd,
		      uint64_t c)
{
	struct tee_ioctl_param p[1];

	val(&p[0], T_VIN, op, fd, c);
	return supp_dispatch(ctx, SUPP_FUNC_FS, p, 1);
}

/* READ or WRITE of @len bytes at @offs through a fresh buffer */
static uint32_t rw_op(struct supp_ctx *ctx, uint32_t op, uint64_t fd,
		      uint64_t offs, void *data, size_t len, uint64_t *got)
{
	struct tee_ioctl_param p[2];
	void *addr;
	uint32_t r;
	int id;

	id = shm_new(ctx, len ? len : 1, op == SUPP_FS_WRITE ? data : NULL,
		     len, &addr);
	val(&p[0], T_VIN, op, fd, offs);
	mem(&p[1], op == SUPP_FS_WRITE ? T_MIN : T_MOUT, id, 0, len);
	r = supp_dispatch(ctx, SUPP_FUNC_FS, p, 2);
	if (op == SUPP_FS_READ && r == TEEC_SUCCESS)
		memcpy(data, addr, p[1].b);
	if (got)
		*got = p[1].b;
	supp_shm_free(&ctx->shm, id);
	return r;
}

static uint32_t rename_op(struct supp_ctx *ctx, const char *from,
			  const char *to, bool overwrite)
{
	struct tee_ioctl_param p[3];
	void *a1, *a2;
	int id1, id2;
	uint32_t r;

	id1 = shm_new(ctx, 256, from, strlen(from) + 1, &a1);
	id2 = shm_new(ctx, 256, to, strlen(to) + 1, &a2);
	val(&p[0], T_VIN, SUPP_FS_RENAME, overwrite, 0);
	mem(&p[1], T_MIN, id1, 0, 256);
	mem(&p[2], T_MIN, id2, 0, 256);
	r = supp_dispatch(ctx, SUPP_FUNC_FS, p, 3);
	supp_shm_free(&ctx->shm, id1);
	supp_shm_free(&ctx->shm, id2);
	return r;
}

static bool exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

static void parse_uuid(const char *s, uint8_t o[16])
{
	unsigned int i, x;

	for (i = 0; i < 16; i++) {
		if (*s == '-')
			s++;
		o[i] = sscanf(s, "%2x", &x) == 1 ? x : 0;
		s += 2;
	}
}

/* ---- dispatch ---- */

TEST_F(supp, unknown_func_not_supported)
{
	static const uint32_t funcs[] = { 3, 4, 5, 8, 9, 11, 13, 20,
					  99, 0xffffffff };
	struct tee_ioctl_param p[1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(funcs); i++) {
		val(&p[0], T_VIN, 0, 0, 0);
		EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
			  supp_dispatch(&self->ctx, funcs[i], p, 1));
	}
	/* RPMB (1) is served (supplicant/rpmb.c): a value is no frame */
	val(&p[0], T_VIN, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, 1, p, 1));
	/* SOCKET (10) is served (tests/unit/supp_socket.c): OPEN lacks params */
	val(&p[0], T_VIN, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, 10, p, 1));
}

TEST_F(supp, fs_unknown_subcommand)
{
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED, fd_op(&self->ctx, 11, 0, 0));
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED, fd_op(&self->ctx, 1000, 0, 0));
}

TEST_F(supp, memref_outside_its_shm)
{
	struct tee_ioctl_param p[2];
	void *addr;
	int id;

	id = shm_new(&self->ctx, 16, NULL, 0, &addr);
	val(&p[0], T_VIN, SUPP_FS_READ, 0, 0);
	mem(&p[1], T_MOUT, id, 8, 9);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_FS, p, 2));
	mem(&p[1], T_MOUT, id, UINT64_MAX, 2);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_FS, p, 2));
}

/* ---- shared memory ---- */

TEST_F(supp, shm_alloc_free)
{
	struct tee_ioctl_param p[1];
	uint64_t id;

	val(&p[0], T_VIO, SUPP_SHM_TYPE_APPL, 8192, 0);
	ASSERT_EQ(TEEC_SUCCESS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SHM_ALLOC, p, 1));
	id = p[0].c;
	EXPECT_GE(id, 1);
	EXPECT_EQ(1, supp_shm_count(&self->ctx.shm));
	val(&p[0], T_VIN, SUPP_SHM_TYPE_APPL, id, 0);
	EXPECT_EQ(TEEC_SUCCESS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SHM_FREE, p, 1));
	EXPECT_EQ(0, supp_shm_count(&self->ctx.shm));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SHM_FREE, p, 1));
	val(&p[0], T_VIO, SUPP_SHM_TYPE_KERNEL, 4096, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SHM_ALLOC, p, 1));
	val(&p[0], T_VIO, SUPP_SHM_TYPE_APPL, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SHM_ALLOC, p, 1));
}

/* ---- LOAD_TA ---- */

#define TA_UUID "12345678-9abc-4def-8123-456789abcdef"

static void put_file(const char *path, const char *data)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(data, f);
		fclose(f);
	}
}

static uint32_t load_ta(struct supp_ctx *ctx, const char *uuid, int id,
			uint64_t size, uint64_t *got)
{
	struct tee_ioctl_param p[2];
	uint8_t o[16];
	uint32_t r;

	parse_uuid(uuid, o);
	val(&p[0], T_VIN, 0, 0, 0);
	memcpy(&p[0].a, o, 8);
	memcpy(&p[0].b, o + 8, 8);
	mem(&p[1], T_MOUT, id, 0, size);
	r = supp_dispatch(ctx, SUPP_FUNC_LOAD_TA, p, 2);
	*got = p[1].b;
	return r;
}

TEST_F(supp, load_ta_search_order_and_size_query)
{
	char path[256];
	uint64_t got;
	void *addr;
	int id;

	snprintf(path, sizeof(path), "%s/ta2/" TA_UUID ".ta", self->tmp);
	put_file(path, "second directory");
	/* size query: no buffer -> SUCCESS and the size */
	EXPECT_EQ(TEEC_SUCCESS, load_ta(&self->ctx, TA_UUID, -1, 0, &got));
	EXPECT_EQ(16, got);
	/* the first directory wins */
	snprintf(path, sizeof(path), "%s/ta1/" TA_UUID ".ta", self->tmp);
	put_file(path, "first");
	EXPECT_EQ(TEEC_SUCCESS, load_ta(&self->ctx, TA_UUID, -1, 0, &got));
	EXPECT_EQ(5, got);
	/* too small a buffer -> SHORT_BUFFER and the size */
	id = shm_new(&self->ctx, 64, NULL, 0, &addr);
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER,
		  load_ta(&self->ctx, TA_UUID, id, 4, &got));
	EXPECT_EQ(5, got);
	EXPECT_EQ(TEEC_SUCCESS, load_ta(&self->ctx, TA_UUID, id, 64, &got));
	EXPECT_EQ(5, got);
	EXPECT_EQ(0, memcmp(addr, "first", 5));
}

TEST_F(supp, load_ta_legacy_name_and_not_found)
{
	char path[256];
	uint64_t got;

	snprintf(path, sizeof(path), "%s/ta2/12345678-9abc-4def-8123456789abcdef.ta",
		 self->tmp);
	put_file(path, "legacy");
	EXPECT_EQ(TEEC_SUCCESS, load_ta(&self->ctx, TA_UUID, -1, 0, &got));
	EXPECT_EQ(6, got);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  load_ta(&self->ctx, "00000000-0000-0000-0000-000000000000",
			  -1, 0, &got));
}

/* ---- REE FS ---- */

TEST_F(supp, fs_round_trip)
{
	char buf[64] = "";
	uint64_t fd, got;

	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  name_op(&self->ctx, SUPP_FS_OPEN, "dirf.db", &fd));
	ASSERT_EQ(TEEC_SUCCESS,
		  name_op(&self->ctx, SUPP_FS_CREATE, "dirf.db", &fd));
	EXPECT_EQ(TEEC_SUCCESS, rw_op(&self->ctx, SUPP_FS_WRITE, fd, 0,
				      "hello, secure world", 19, NULL));
	EXPECT_EQ(TEEC_SUCCESS,
		  rw_op(&self->ctx, SUPP_FS_READ, fd, 7, buf, 64, &got));
	EXPECT_EQ(12, got);
	EXPECT_EQ(0, memcmp(buf, "secure world", 12));
	EXPECT_EQ(TEEC_SUCCESS, fd_op(&self->ctx, SUPP_FS_TRUNCATE, fd, 5));
	EXPECT_EQ(TEEC_SUCCESS,
		  rw_op(&self->ctx, SUPP_FS_READ, fd, 0, buf, 64, &got));
	EXPECT_EQ(5, got);
	EXPECT_EQ(TEEC_SUCCESS, fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0));
	/* a closed handle is not a handle any more */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0));
	ASSERT_EQ(TEEC_SUCCESS,
		  name_op(&self->ctx, SUPP_FS_OPEN, "dirf.db", &fd));
	EXPECT_EQ(TEEC_SUCCESS,
		  rw_op(&self->ctx, SUPP_FS_READ, fd, 0, buf, 64, &got));
	EXPECT_EQ(5, got);
	EXPECT_EQ(TEEC_SUCCESS, fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0));
	EXPECT_EQ(TEEC_SUCCESS,
		  name_op(&self->ctx, SUPP_FS_REMOVE, "dirf.db", NULL));
	EXPECT_FALSE(exists(self->root, "dirf.db"));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  name_op(&self->ctx, SUPP_FS_REMOVE, "dirf.db", NULL));
}

TEST_F(supp, fs_foreign_handles_refused)
{
	uint64_t got;
	char buf[8];

	/* stdin/stdout/stderr and any fd not handed out are not handles */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, fd_op(&self->ctx, SUPP_FS_CLOSE, 0, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, fd_op(&self->ctx, SUPP_FS_CLOSE, 2, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  fd_op(&self->ctx, SUPP_FS_CLOSE, self->ctx.fs.root_fd, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  rw_op(&self->ctx, SUPP_FS_READ, self->ctx.fs.root_fd, 0,
			buf, 8, &got));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  fd_op(&self->ctx, SUPP_FS_TRUNCATE, 1ull << 40, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  fd_op(&self->ctx, SUPP_FS_CLOSEDIR, 5, 0));
}

TEST_F(supp, fs_create_makes_parents_remove_drops_them)
{
	uint64_t fd;

	ASSERT_EQ(TEEC_SUCCESS,
		  name_op(&self->ctx, SUPP_FS_CREATE, "ta/obj/file", &fd));
	EXPECT_EQ(TEEC_SUCCESS, fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0));
	EXPECT_TRUE(exists(self->root, "ta/obj/file"));
	/* three missing levels are more than the protocol creates */
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  name_op(&self->ctx, SUPP_FS_CREATE, "x/y/z/file", &fd));
	EXPECT_EQ(TEEC_SUCCESS,
		  name_op(&self->ctx, SUPP_FS_REMOVE, "ta/obj/file", NULL));
	EXPECT_FALSE(exists(self->root, "ta/obj"));
	EXPECT_FALSE(exists(self->root, "ta"));
	EXPECT_TRUE(exists(self->tmp, "root"));
}

TEST_F(supp, fs_rename)
{
	uint64_t fd;

	ASSERT_EQ(TEEC_SUCCESS, name_op(&self->ctx, SUPP_FS_CREATE, "a", &fd));
	fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0);
	ASSERT_EQ(TEEC_SUCCESS, name_op(&self->ctx, SUPP_FS_CREATE, "b", &fd));
	fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0);
	EXPECT_EQ(TEEC_ERROR_ACCESS_CONFLICT,
		  rename_op(&self->ctx, "a", "b", false));
	EXPECT_EQ(TEEC_SUCCESS, rename_op(&self->ctx, "a", "b", true));
	EXPECT_FALSE(exists(self->root, "a"));
	EXPECT_EQ(TEEC_SUCCESS, rename_op(&self->ctx, "b", "c", false));
	EXPECT_TRUE(exists(self->root, "c"));
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  rename_op(&self->ctx, "nope", "d", false));
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  rename_op(&self->ctx, "c", "../stolen", true));
	EXPECT_FALSE(exists(self->tmp, "stolen"));
}

TEST_F(supp, fs_dirs)
{
	struct tee_ioctl_param p[2];
	uint64_t fd, h;
	void *addr;
	int id, n = 0;

	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  name_op(&self->ctx, SUPP_FS_OPENDIR, "", &h));
	ASSERT_EQ(TEEC_SUCCESS, name_op(&self->ctx, SUPP_FS_CREATE, "d/one", &fd));
	fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0);
	ASSERT_EQ(TEEC_SUCCESS, name_op(&self->ctx, SUPP_FS_CREATE, "d/.hidden", &fd));
	fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0);
	ASSERT_EQ(TEEC_SUCCESS, name_op(&self->ctx, SUPP_FS_OPENDIR, "d", &h));
	id = shm_new(&self->ctx, 64, NULL, 0, &addr);
	/* too small: SHORT_BUFFER with the size, and the entry stays */
	val(&p[0], T_VIN, SUPP_FS_READDIR, h, 0);
	mem(&p[1], T_MOUT, id, 0, 2);
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER,
		  supp_dispatch(&self->ctx, SUPP_FUNC_FS, p, 2));
	EXPECT_EQ(4, p[1].b);
	for (;;) {
		mem(&p[1], T_MOUT, id, 0, 64);
		if (supp_dispatch(&self->ctx, SUPP_FUNC_FS, p, 2) != TEEC_SUCCESS)
			break;
		EXPECT_EQ(0, strcmp(addr, "one"));
		n++;
	}
	EXPECT_EQ(1, n);
	EXPECT_EQ(TEEC_SUCCESS, fd_op(&self->ctx, SUPP_FS_CLOSEDIR, h, 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  fd_op(&self->ctx, SUPP_FS_CLOSEDIR, h, 0));
}

/* Every way out of the storage root is refused and touches nothing. */
TEST_F(supp, fs_escapes_refused)
{
	static const char *const bad[] = {
		"../secret", "/etc/passwd", "a/../../secret", "..", ".",
		"out/secret", "out/x/y", "lnk", "d/lnk2",
	};
	char cmd[1024], buf[16] = "";
	uint64_t fd;
	size_t i;
	FILE *f;

	/* out -> the directory above the root; lnk -> the secret file */
	snprintf(cmd, sizeof(cmd),
		 "ln -s %s %s/out; ln -s %s %s/lnk; mkdir %s/d; ln -s ../../secret %s/d/lnk2",
		 self->tmp, self->root, self->outside, self->root, self->root,
		 self->root);
	run(cmd);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		uint32_t r = name_op(&self->ctx, SUPP_FS_OPEN, bad[i], &fd);

		if (r != TEEC_ERROR_ACCESS_DENIED && r != TEEC_ERROR_BAD_PARAMETERS)
			TH_LOG("OPEN %s -> 0x%x", bad[i], r);
		EXPECT_TRUE(r == TEEC_ERROR_ACCESS_DENIED ||
			    r == TEEC_ERROR_BAD_PARAMETERS);
		r = name_op(&self->ctx, SUPP_FS_CREATE, bad[i], &fd);
		if (r != TEEC_ERROR_ACCESS_DENIED && r != TEEC_ERROR_BAD_PARAMETERS)
			TH_LOG("CREATE %s -> 0x%x", bad[i], r);
		EXPECT_TRUE(r == TEEC_ERROR_ACCESS_DENIED ||
			    r == TEEC_ERROR_BAD_PARAMETERS);
	}
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  name_op(&self->ctx, SUPP_FS_REMOVE, "../secret", NULL));
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  name_op(&self->ctx, SUPP_FS_REMOVE, "out/secret", NULL));
	EXPECT_EQ(TEEC_ERROR_ACCESS_DENIED,
		  name_op(&self->ctx, SUPP_FS_OPENDIR, "out", &fd));
	f = fopen(self->outside, "r");
	ASSERT_TRUE(f != NULL);
	EXPECT_TRUE(fgets(buf, sizeof(buf), f) != NULL);
	fclose(f);
	EXPECT_EQ(0, strcmp(buf, "secret\n"));
	EXPECT_FALSE(exists(self->tmp, "x"));
}

TEST_F(supp, fs_names_must_be_terminated)
{
	struct tee_ioctl_param p[3];
	void *addr;
	int id;

	id = shm_new(&self->ctx, 4, "abcd", 4, &addr);
	val(&p[0], T_VIN, SUPP_FS_CREATE, 0, 0);
	mem(&p[1], T_MIN, id, 0, 4);
	val(&p[2], T_VOUT, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_FS, p, 3));
	mem(&p[1], T_MIN, -1, 0, 4);	/* no buffer */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_FS, p, 3));
	EXPECT_FALSE(exists(self->root, "abcd"));
}

/* A full disk (here: the file size limit) is STORAGE_NO_SPACE. */
TEST_F(supp, fs_full_is_no_space)
{
	struct rlimit rl = { 4096, 4096 };
	static char big[8192];
	uint64_t fd;

	signal(SIGXFSZ, SIG_IGN);
	ASSERT_EQ(TEEC_SUCCESS, name_op(&self->ctx, SUPP_FS_CREATE, "big", &fd));
	ASSERT_SYS(setrlimit(RLIMIT_FSIZE, &rl));
	EXPECT_EQ(TEEC_ERROR_STORAGE_NO_SPACE,
		  rw_op(&self->ctx, SUPP_FS_WRITE, fd, 0, big, sizeof(big), NULL));
	EXPECT_EQ(TEEC_ERROR_STORAGE_NO_SPACE,
		  rw_op(&self->ctx, SUPP_FS_WRITE, fd, 1 << 20, big, 16, NULL));
	EXPECT_EQ(TEEC_SUCCESS, fd_op(&self->ctx, SUPP_FS_CLOSE, fd, 0));
}

/* ---- plugins ---- */

static void plugin_words(const char *uuid, uint32_t w[4])
{
	uint8_t o[16];
	unsigned int i;

	parse_uuid(uuid, o);
	for (i = 0; i < 4; i++)
		w[i] = o[4 * i] | o[4 * i + 1] << 8 | o[4 * i + 2] << 16 |
		       (uint32_t)o[4 * i + 3] << 24;
}

static uint32_t plugin(struct supp_ctx *ctx, const char *uuid, uint32_t cmd,
		       uint32_t sub, int id, uint64_t size, uint64_t *out_len)
{
	struct tee_ioctl_param p[4];
	uint32_t w[4], r;

	plugin_words(uuid, w);
	val(&p[0], T_VIN, SUPP_PLUGIN_INVOKE, w[0], w[1]);
	val(&p[1], T_VIN, w[2], w[3], cmd);
	val(&p[2], T_VIO, sub, 0, 0);
	mem(&p[3], T_MIO, id, 0, size);
	r = supp_dispatch(ctx, SUPP_FUNC_PLUGIN, p, id == -2 ? 3 : 4);
	*out_len = p[2].b;
	return r;
}

TEST_F(supp, plugin_dispatch)
{
	uint64_t out;
	void *addr;
	int id;

	/* values only (three params, as the test driver posts them) */
	EXPECT_EQ(TEEC_SUCCESS,
		  plugin(&self->ctx, TEST_PLUGIN_UUID, 0, 41, -2, 0, &out));
	EXPECT_EQ(42, out);
	EXPECT_EQ(TEEC_SUCCESS,
		  plugin(&self->ctx, TEST_PLUGIN_UUID, 4, 0, -2, 0, &out));
	EXPECT_EQ(1, out);	/* init() ran once */
	EXPECT_EQ(0xFFFF1234u,
		  plugin(&self->ctx, TEST_PLUGIN_UUID, 2, 0xFFFF1234u, -1, 0, &out));
	id = shm_new(&self->ctx, 32, NULL, 0, &addr);
	EXPECT_EQ(TEEC_SUCCESS,
		  plugin(&self->ctx, TEST_PLUGIN_UUID, 3, 0xab, id, 32, &out));
	EXPECT_EQ(32, out);
	EXPECT_EQ(0xab, ((unsigned char *)addr)[31]);
	EXPECT_EQ(TEEC_ERROR_ITEM_NOT_FOUND,
		  plugin(&self->ctx, "f07bfc66-958c-4a15-99c0-260e4e7375dd", 0, 0,
			 -1, 0, &out));
}

TEST_F(supp, plugin_bad_requests)
{
	struct tee_ioctl_param p[3];
	uint32_t w[4];

	plugin_words(TEST_PLUGIN_UUID, w);
	val(&p[0], T_VIN, 1, w[0], w[1]);	/* not "invoke" */
	val(&p[1], T_VIN, w[2], w[3], 0);
	val(&p[2], T_VIO, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  supp_dispatch(&self->ctx, SUPP_FUNC_PLUGIN, p, 3));
	val(&p[0], T_VIN, 0, w[0], w[1]);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_PLUGIN, p, 2));
	p[2].attr = T_MIN;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_PLUGIN, p, 3));
}

/* ---- the receiver pool's rules (pool.c), one step at a time ---- */

/* A pool as supp_pool_start() leaves it: the initial receivers started. */
static void pool_new(struct supp_pool_count *c, unsigned int max)
{
	unsigned int i, n;

	memset(c, 0, sizeof(*c));
	c->max_threads = max;
	n = supp_pool_initial(c);
	for (i = 0; i < n; i++)
		supp_pool_started(c);
}

/* A waiting receiver takes a request (starting one if the rules say so). */
static void pool_pick(struct supp_pool_count *c)
{
	if (supp_pool_picked(c))
		supp_pool_started(c);
}

TEST(pool_starts_with_the_spare)
{
	struct supp_pool_count c;

	pool_new(&c, 64);
	EXPECT_EQ(SUPP_POOL_SPARE, c.threads);
	EXPECT_EQ(SUPP_POOL_SPARE, c.idle);
	pool_new(&c, 1);	/* --max-threads 1: the cap wins */
	EXPECT_EQ(1, c.threads);
	EXPECT_EQ(1, c.idle);
}

/* The figure of issue 8: one caller, request after request. */
TEST(pool_steady_stream_starts_no_thread)
{
	struct supp_pool_count c;
	int i;

	pool_new(&c, 64);
	for (i = 0; i < 1000; i++) {
		pool_pick(&c);
		ASSERT_LE(1, c.idle);	/* someone still waits */
		ASSERT_TRUE(supp_pool_answered(&c));
	}
	EXPECT_EQ(SUPP_POOL_SPARE, c.started);
	EXPECT_EQ(1000, c.served);
	EXPECT_EQ(SUPP_POOL_SPARE, c.threads);
}

/*
 * 6 callers, each posting its next request as soon as it has its answer:
 * threads start while the load ramps up, none once it is steady.
 */
TEST(pool_steady_concurrency_settles)
{
	struct supp_pool_count c;
	unsigned long long ramped;
	int i;

	pool_new(&c, 64);
	for (i = 0; i < 6; i++)
		pool_pick(&c);
	ramped = c.started;
	EXPECT_EQ(7, c.threads);
	for (i = 0; i < 1000; i++) {
		ASSERT_TRUE(supp_pool_answered(&c));
		ASSERT_LE(1, c.idle);
		pool_pick(&c);
	}
	EXPECT_EQ(ramped, c.started);
	EXPECT_EQ(7, c.peak);
}

/* After a burst the pool shrinks back to the spare, all of it waiting. */
TEST(pool_shrinks_after_a_burst)
{
	struct supp_pool_count c;
	int i, exited = 0;

	pool_new(&c, 64);
	for (i = 0; i < 20; i++)
		pool_pick(&c);
	EXPECT_EQ(21, c.threads);
	EXPECT_EQ(1, c.idle);
	for (i = 0; i < 20; i++)
		exited += !supp_pool_answered(&c);
	EXPECT_EQ(19, exited);
	EXPECT_EQ(SUPP_POOL_SPARE, c.threads);
	EXPECT_EQ(SUPP_POOL_SPARE, c.idle);
}

/* The cap bounds the threads; at the cap nobody may wait (kernel queue). */
TEST(pool_respects_the_cap)
{
	struct supp_pool_count c;
	int i;

	pool_new(&c, 4);
	for (i = 0; i < 3; i++)
		pool_pick(&c);
	EXPECT_EQ(4, c.threads);
	EXPECT_EQ(1, c.idle);
	EXPECT_FALSE(supp_pool_picked(&c));	/* the last one: no more */
	EXPECT_EQ(4, c.threads);
	EXPECT_EQ(0, c.idle);
	EXPECT_EQ(4, c.peak);
	EXPECT_TRUE(supp_pool_answered(&c));	/* and it waits again */
	/* --max-threads 1: the one thread always goes back */
	pool_new(&c, 1);
	for (i = 0; i < 10; i++) {
		EXPECT_FALSE(supp_pool_picked(&c));
		EXPECT_TRUE(supp_pool_answered(&c));
	}
	EXPECT_EQ(1, c.started);
}

/* A failed pthread_create leaves the counters as they were. */
TEST(pool_start_failure_undone)
{
	struct supp_pool_count c;

	pool_new(&c, 64);
	supp_pool_picked(&c);
	EXPECT_TRUE(supp_pool_picked(&c));
	supp_pool_started(&c);
	supp_pool_start_failed(&c);
	EXPECT_EQ(0, c.idle);
	EXPECT_EQ(2, c.threads);
	EXPECT_EQ(2, c.started);
}

TEST_HARNESS_MAIN
