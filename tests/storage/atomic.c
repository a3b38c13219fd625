// SPDX-License-Identifier: GPL-2.0-only
/*
 * atomic: every update of trusted storage is atomic. Each operation
 * (create, create over an existing object, write, truncate, rename,
 * delete) is interrupted at every one of its storage requests in turn,
 * until it completes:
 *   ta           the TA instance dies at its k-th request (as when the TA
 *                or the emulator is killed), by the runtime's test hook;
 *   supp_before  tee-supplicant dies on receiving its k-th FS/RPMB
 *                request (TEEKIT_SUPP_DIE_AT=k);
 *   supp_after   tee-supplicant dies after serving it, before answering.
 * After each interruption a new instance must read the object exactly as
 * before or exactly as after the operation, the other object as before,
 * and the store must take the next update.
 *
 * By default every request k of an operation is interrupted once, the
 * three ways taking turns (variant v takes the k with (k + op) % 3 == v),
 * so each operation is cut at each of its requests and by each kind of
 * death in about a third of the time. TEEKIT_STORAGE_ATOMIC=full cuts
 * every request all three ways (docs/testing.md, make check-storage-full).
 * This program covers create, overwrite and write; atomic_meta.c builds it
 * again for truncate, rename and delete.
 */
#include "st.h"

#define OBJ_LEN		(100 * 1024)
#define PATCH_AT	60000
#define PATCH_LEN	10000
#define TRUNC_TO	30000

enum mode { M_TA, M_SUPP_BEFORE, M_SUPP_AFTER };

FIXTURE(atomic) {
	struct st t;
	uint8_t a[OBJ_LEN], b[OBJ_LEN], patched[OBJ_LEN], got[OBJ_LEN + 1];
};

FIXTURE_VARIANT(atomic) {
	enum mode mode;
};

FIXTURE_VARIANT_ADD(atomic, ta) { .mode = M_TA };
FIXTURE_VARIANT_ADD(atomic, supp_before) { .mode = M_SUPP_BEFORE };
FIXTURE_VARIANT_ADD(atomic, supp_after) { .mode = M_SUPP_AFTER };

static void base(struct th_meta *_metadata, struct th_fixture_data_atomic *self)
{
	TEEC_Session *s = &self->t.s;
	uint32_t h;

	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "obj",
			       self->a, OBJ_LEN, 0, NULL));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "keep",
			       "unchanged", 9, 0, NULL));
	if (!st_open(s, S_PRIVATE, F_META, "new", 3, &h))
		ASSERT_EQ(0, st_v(s, ST_CMD_DELETE, h, 0));
	if (!st_open(s, S_PRIVATE, F_META, "renamed", 7, &h))
		ASSERT_EQ(0, st_v(s, ST_CMD_DELETE, h, 0));
}

FIXTURE_SETUP(atomic)
{
	size_t i;

	for (i = 0; i < OBJ_LEN; i++) {
		self->a[i] = i * 31 + (i >> 10);
		self->b[i] = i * 17 + 3;
	}
	memcpy(self->patched, self->a, OBJ_LEN);
	memcpy(self->patched + PATCH_AT, self->b, PATCH_LEN);
	unlink(ST_TOS_LOG);
	unlink(ST_SUPP_LOG);
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, true));
	base(_metadata, self);
}

FIXTURE_TEARDOWN(atomic)
{
	st_down(&self->t);
	if (_metadata && th_in_teardown(_metadata)) {
		EXPECT_LE(0, system("tail -20 " ST_TOS_LOG));
		EXPECT_LE(0, system("tail -5 " ST_SUPP_LOG));
	}
}

enum op { OP_CREATE, OP_OVERWRITE, OP_WRITE, OP_TRUNCATE, OP_RENAME,
	  OP_DELETE };

/* the operation, from a new session's first request to its last */
static TEEC_Result run_op(struct th_fixture_data_atomic *self, enum op op)
{
	TEEC_Session *s = &self->t.s;
	TEEC_Result r;
	uint32_t h = 64;

	switch (op) {
	case OP_CREATE:
		return st_create(s, S_PRIVATE, F_RW, "new", self->b, OBJ_LEN,
				 0, NULL);
	case OP_OVERWRITE:
		return st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "obj",
				 self->b, OBJ_LEN, 0, NULL);
	case OP_WRITE:
		r = st_open(s, S_PRIVATE, F_WRITE, "obj", 3, &h);
		if (!r)
			r = st_seek(s, h, PATCH_AT, 0);
		if (!r)
			r = st_write(s, h, self->b, PATCH_LEN);
		break;
	case OP_TRUNCATE:
		r = st_open(s, S_PRIVATE, F_WRITE, "obj", 3, &h);
		if (!r)
			r = st_v(s, ST_CMD_TRUNC, h, TRUNC_TO);
		break;
	case OP_RENAME:
		r = st_open(s, S_PRIVATE, F_META, "obj", 3, &h);
		if (!r)
			r = st_rename(s, h, "renamed", 7);
		break;
	case OP_DELETE:
		r = st_open(s, S_PRIVATE, F_META, "obj", 3, &h);
		if (!r)
			return st_v(s, ST_CMD_DELETE, h, 0);
		break;
	}
	/* closed even after a failure: the instance may live on */
	if (h < 64)
		st_close(s, h);
	return r;
}

/* 0: absent, 1: reads as @want, -1: anything else (logged) */
static int reads_as(struct th_fixture_data_atomic *self, const char *id,
		    const void *want, size_t wlen)
{
	size_t len = sizeof(self->got);
	TEEC_Result r;

	r = st_get(&self->t.s, S_PRIVATE, id, self->got, &len);
	if (r == TEEC_ERROR_ITEM_NOT_FOUND)
		return 0;
	if (r) {
		TH_LOG("%s: 0x%08x", id, r);
		return -1;
	}
	if (len == wlen && !memcmp(self->got, want, wlen))
		return 1;
	return -1;
}

static void check(struct th_meta *_metadata, struct th_fixture_data_atomic *self,
		  enum op op, unsigned int k, bool done, int *op_, int *np)
{
	int o = reads_as(self, "obj", self->a, OBJ_LEN), n = -1;
	bool ok = reads_as(self, "keep", "unchanged", 9) == 1;

	switch (op) {
	case OP_CREATE:
		n = reads_as(self, "new", self->b, OBJ_LEN);
		ok = ok && o == 1 && (done ? n == 1 : n >= 0);
		break;
	case OP_OVERWRITE:
		n = reads_as(self, "obj", self->b, OBJ_LEN);
		ok = ok && (done ? n == 1 : o == 1 || n == 1);
		break;
	case OP_WRITE:
		n = reads_as(self, "obj", self->patched, OBJ_LEN);
		ok = ok && (done ? n == 1 : o == 1 || n == 1);
		break;
	case OP_TRUNCATE:
		n = reads_as(self, "obj", self->a, TRUNC_TO);
		ok = ok && (done ? n == 1 : o == 1 || n == 1);
		break;
	case OP_RENAME:
		n = reads_as(self, "renamed", self->a, OBJ_LEN);
		ok = ok && (done ? o == 0 && n == 1 :
			    (o == 1 && n == 0) || (o == 0 && n == 1));
		break;
	case OP_DELETE:
		ok = ok && (done ? o == 0 : o == 0 || o == 1);
		break;
	}
	if (!ok)
		TH_LOG("after an interruption at storage request %u%s: old %d, new %d",
		       k, done ? " (completed)" : "", o, n);
	*op_ = o;
	*np = n;
	ASSERT_TRUE(ok);
}

static void new_session(struct th_meta *_metadata, struct st *t)
{
	if (t->open)
		TEEC_CloseSession(&t->s);
	t->open = false;
	ASSERT_EQ(0, st_session(t, &t->s, ST_MAIN));
	t->open = true;
}

static bool full_run(void)
{
	const char *e = getenv("TEEKIT_STORAGE_ATOMIC");

	return e && !strcmp(e, "full");
}

/* undoes what an interrupted or completed operation left */
static void restore(struct th_meta *_metadata,
		    struct th_fixture_data_atomic *self, enum op op, int o,
		    int n)
{
	TEEC_Session *s = &self->t.s;
	uint32_t h;

	if (o != 1)
		ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW | F_OVERWRITE, "obj",
				       self->a, OBJ_LEN, 0, NULL));
	if ((op == OP_CREATE || op == OP_RENAME) && n != 0) {
		ASSERT_EQ(0, st_open(s, S_PRIVATE, F_META,
				     op == OP_CREATE ? "new" : "renamed",
				     op == OP_CREATE ? 3 : 7, &h));
		ASSERT_EQ(0, st_v(s, ST_CMD_DELETE, h, 0));
	}
}

static void every_step(struct th_meta *_metadata,
		       struct th_fixture_data_atomic *self,
		       const struct th_fixture_variant_atomic *variant,
		       enum op op)
{
	bool full = full_run(), done = false;
	unsigned int k, cuts = 0;
	uint64_t t0 = tt_now_ms();
	char die[16];
	TEEC_Result r;
	int o, n;

	for (k = 1; k < 200 && !done; k++) {
		if (!full && (k + op) % 3 != variant->mode)
			continue;
		if (variant->mode == M_TA) {
			/* the instance of the last check: its model is warm */
			ASSERT_EQ(0, st_v(&self->t.s, ST_CMD_FAULT, k, 0));
		} else {
			/* a new supplicant that dies at its k-th request */
			if (self->t.open)
				TEEC_CloseSession(&self->t.s);
			self->t.open = false;
			tt_stop_daemon(self->t.supp);
			snprintf(die, sizeof(die), "%u%s", k,
				 variant->mode == M_SUPP_AFTER ? "+" : "");
			self->t.supp = st_supp_start(die);
			new_session(_metadata, &self->t);
		}
		r = run_op(self, op);
		done = r == TEEC_SUCCESS;
		if (!done)
			cuts++;
		if (variant->mode == M_TA) {
			/* a completed operation: the hook must not fire later */
			if (done)
				ASSERT_EQ(0, st_v(&self->t.s, ST_CMD_FAULT, 0, 0));
		} else {
			/*
			 * a supplicant that lives: the instance's memory goes
			 * back to it, not to the next one
			 */
			if (done && self->t.open)
				TEEC_CloseSession(&self->t.s);
			if (done)
				self->t.open = false;
			tt_stop_daemon(self->t.supp);
			self->t.supp = st_supp_start(NULL);
		}
		/* a new instance reads what is on disk, nothing cached */
		new_session(_metadata, &self->t);
		check(_metadata, self, op, k, done, &o, &n);
		restore(_metadata, self, op, o, n);
	}
	TH_LOG("interrupted at %u of the storage requests (%s), completed at request %u, %llu ms",
	       cuts, full ? "all" : "a third, the others by the other variants",
	       k - 1, (unsigned long long)(tt_now_ms() - t0));
	EXPECT_TRUE(done);
	/* every operation makes at least 4 requests: counter, file, RPMB, rename */
	EXPECT_LE(4, k - 1);
	EXPECT_LT(0, cuts);
}

/* two programs, each within the runner's time limit: atomic, atomic_meta */
#ifndef ST_ATOMIC_META
TEST_F_TIMEOUT(atomic, create, 900)
{
	every_step(_metadata, self, variant, OP_CREATE);
}

TEST_F_TIMEOUT(atomic, create_overwrite, 900)
{
	every_step(_metadata, self, variant, OP_OVERWRITE);
}

TEST_F_TIMEOUT(atomic, write, 900)
{
	every_step(_metadata, self, variant, OP_WRITE);
}

#else
TEST_F_TIMEOUT(atomic, truncate, 900)
{
	every_step(_metadata, self, variant, OP_TRUNCATE);
}

TEST_F_TIMEOUT(atomic, rename, 900)
{
	every_step(_metadata, self, variant, OP_RENAME);
}

TEST_F_TIMEOUT(atomic, delete, 900)
{
	every_step(_metadata, self, variant, OP_DELETE);
}

#endif

TEST_HARNESS_MAIN
