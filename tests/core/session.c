// SPDX-License-Identifier: GPL-2.0-only
/*
 * session.c - OPEN_SESSION, INVOKE, CANCEL and CLOSE_SESSION against the
 * test driver's ECHO and SLOW_OPEN TAs: value/memref parameters in, out and
 * in/out, write-back rules (reference §2.3), ret/ret_origin passthrough
 * (§2.4), param validation (§2.2), foreign and stale session ids, and
 * cancellation of an invoke and of an open from another thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "harness.h"
#include "teetest.h"

FIXTURE(s) {
	struct tt_dev d;
	int fd;
	int64_t sess;
};

FIXTURE_SETUP(s)
{
	self->fd = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
}

FIXTURE_TEARDOWN(s)
{
	if (self->fd >= 0)
		close(self->fd);
}

static int sessions_of(int fd)
{
	struct teekit_ioctl_ctx_stats st;

	if (ioctl(fd, TEEKIT_IOC_CTX_STATS, &st))
		return -1;
	return st.sessions;
}

/* one invoke with @n params, returns the ioctl result */
#define INV(func, p, n, r) tt_invoke(self->fd, self->sess, func, 0, p, n, r)

/* ---------------------------------------------------------------- open */

TEST_F(s, open_echo)
{
	struct tt_res r;

	ASSERT_EQ(0, tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, NULL, 0, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_NE((uint32_t)self->sess, r.session);
	ASSERT_EQ(2, sessions_of(self->fd));
	ASSERT_EQ(0, tt_close_session(self->fd, r.session));
	ASSERT_EQ(1, sessions_of(self->fd));
}

TEST_F(s, open_unknown_ta)
{
	struct tt_res r = { .ret = 0x1234 };

	ASSERT_EQ(0, tt_open_session(self->fd, TT_UUID_NONE, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, NULL, 0, &r));
	ASSERT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TEE, r.origin);
	ASSERT_EQ(1, sessions_of(self->fd));
}

TEST_F(s, open_nil_uuid)
{
	struct tt_res r;

	ASSERT_EQ(0, tt_open_session(self->fd, "00000000-0000-0000-0000-000000000000",
				     TEE_IOCTL_LOGIN_PUBLIC, NULL, 0, NULL, 0, &r));
	ASSERT_EQ(TEEC_ERROR_ITEM_NOT_FOUND, r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TEE, r.origin);
}

TEST_F(s, open_denied_creates_no_session)
{
	struct tee_ioctl_param p[1];
	struct tt_res r;

	tt_param(&p[0], TT_VAL_IN, 0xdead, 0, 0);
	ASSERT_EQ(0, tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, p, 1, &r));
	ASSERT_EQ(TEEC_ERROR_ACCESS_DENIED, r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, r.origin);
	ASSERT_EQ(1, sessions_of(self->fd));
	ASSERT_EQ(1, tt_counter(&self->d, "sessions"));
}

TEST_F(s, open_with_params)
{
	struct tee_ioctl_param p[4];
	struct tt_res r;
	unsigned int i;

	for (i = 0; i < 4; i++)
		tt_param(&p[i], TT_VAL_IN, i, i, i);
	ASSERT_EQ(0, tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, p, 4, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(0, tt_close_session(self->fd, r.session));
}

/* largest open that fits TEE_MAX_ARG_SIZE: (4096 - 56) / 32 = 126 params */
TEST_F(s, open_max_params)
{
	struct tee_ioctl_param p[126];
	struct tt_res r;

	memset(p, 0, sizeof(p));
	ASSERT_EQ(0, tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, p, 126, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(0, tt_close_session(self->fd, r.session));
}

TEST_F(s, open_many_sessions)
{
	uint32_t ids[64];
	int i, j;

	for (i = 0; i < 64; i++) {
		int64_t sid = tt_open_echo(self->fd);

		ASSERT_LE(0, sid);
		ids[i] = sid;
		for (j = 0; j < i; j++)
			ASSERT_NE(ids[j], ids[i]);
	}
	ASSERT_EQ(65, sessions_of(self->fd));
	for (i = 0; i < 64; i++)
		ASSERT_EQ(0, tt_close_session(self->fd, ids[i]));
	ASSERT_EQ(1, sessions_of(self->fd));
}

/* ------------------------------------------------------------- invoke */

TEST_F(s, nop_no_params)	{ struct tt_res r; ASSERT_EQ(0, INV(TT_CMD_NOP, NULL, 0, &r)); ASSERT_EQ(TEEC_SUCCESS, r.ret); }

TEST_F(s, nop_value_writeback)
{
	struct tee_ioctl_param p[3];
	struct tt_res r;

	tt_param(&p[0], TT_VAL_INOUT, 1, 2, 3);
	tt_param(&p[1], TT_VAL_OUT, 7, 8, 9);
	tt_param(&p[2], TT_VAL_IN, 4, 5, 6);
	ASSERT_EQ(0, INV(TT_CMD_NOP, p, 3, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(1, p[0].a);
	ASSERT_EQ(2, p[0].b);
	ASSERT_EQ(3, p[0].c);
	ASSERT_EQ(0, p[1].a);
	ASSERT_EQ(0, p[1].b);
	ASSERT_EQ(0, p[1].c);
	ASSERT_EQ(4, p[2].a);
	ASSERT_EQ(TT_VAL_OUT, p[1].attr);
}

TEST_F(s, add)
{
	struct tee_ioctl_param p[2];
	struct tt_res r;

	tt_param(&p[0], TT_VAL_IN, 40, 2, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	ASSERT_EQ(0, INV(TT_CMD_ADD, p, 2, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(42, p[1].a);
	tt_param(&p[0], TT_VAL_IN, ~0ull, 2, 0);
	ASSERT_EQ(0, INV(TT_CMD_ADD, p, 2, &r));
	ASSERT_EQ(1, p[1].a);	/* u64 wrap */
}

TEST_F(s, add_wrong_types)
{
	struct tee_ioctl_param p[2];
	struct tt_res r;

	tt_param(&p[0], TT_VAL_OUT, 40, 2, 0);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	ASSERT_EQ(0, INV(TT_CMD_ADD, p, 2, &r));
	ASSERT_EQ(TEEC_ERROR_BAD_PARAMETERS, r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, r.origin);
}

TEST_F(s, unknown_command)
{
	struct tt_res r;

	ASSERT_EQ(0, INV(0x1000, NULL, 0, &r));
	ASSERT_EQ(TEEC_ERROR_BAD_PARAMETERS, r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, r.origin);
	ASSERT_EQ(0, INV(0xffffffff, NULL, 0, &r));
	ASSERT_EQ(TEEC_ERROR_BAD_PARAMETERS, r.ret);
}

/* ret and origin come back exactly as the TA set them */
TEST_F(s, ret_origin_passthrough)
{
	static const uint32_t rets[] = {
		0, 1, TEEC_ERROR_GENERIC, TEEC_ERROR_TARGET_DEAD, 0x7fffffff,
		0xffffffff, TEEC_ERROR_SHORT_BUFFER,
	};
	static const uint32_t origins[] = { 0, 1, 2, 3, 4, 5, 0xffffffff };
	struct tee_ioctl_param p[1];
	struct tt_res r;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(rets); i++) {
		for (j = 0; j < ARRAY_SIZE(origins); j++) {
			tt_param(&p[0], TT_VAL_IN, rets[i], origins[j], 0);
			ASSERT_EQ(0, INV(TT_CMD_RET, p, 1, &r));
			ASSERT_EQ(rets[i], r.ret);
			ASSERT_EQ(origins[j], r.origin);
		}
	}
}

TEST_F(s, invoke_max_params)
{
	struct tee_ioctl_param p[127];
	struct tt_res r;

	memset(p, 0, sizeof(p));
	tt_param(&p[126], TT_VAL_OUT, 1, 1, 1);
	ASSERT_EQ(0, INV(TT_CMD_NOP, p, 127, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(0, p[126].a);
}

TEST_F(s, sleep_short)
{
	struct tee_ioctl_param p[1];
	uint64_t t0 = tt_now_ms();
	struct tt_res r;

	tt_param(&p[0], TT_VAL_IN, 100, 0, 0);
	ASSERT_EQ(0, INV(TT_CMD_SLEEP, p, 1, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_LE(95, tt_now_ms() - t0);
}

/* ------------------------------------------------- param validation (§2.2) */

#define P1(attr, a, b, c) ({						\
	struct tee_ioctl_param __p[1];					\
	tt_param(&__p[0], attr, a, b, c);				\
	INV(TT_CMD_NOP, __p, 1, NULL);					\
})

TEST_F(s, attr_bit_9)		{ ASSERT_ERRNO(P1(0x200 | TT_VAL_IN, 0, 0, 0), EINVAL); }
TEST_F(s, attr_bit_63)		{ ASSERT_ERRNO(P1((1ull << 63) | TT_VAL_IN, 0, 0, 0), EINVAL); }
TEST_F(s, attr_bit_32)		{ ASSERT_ERRNO(P1((1ull << 32), 0, 0, 0), EINVAL); }
TEST_F(s, attr_all_ones)	{ ASSERT_ERRNO(P1(~0ull, 0, 0, 0), EINVAL); }
TEST_F(s, type_4)		{ ASSERT_ERRNO(P1(4, 0, 0, 0), EINVAL); }
TEST_F(s, type_14)		{ ASSERT_ERRNO(P1(14, 0, 0, 0), EINVAL); }
TEST_F(s, type_0x80)		{ ASSERT_ERRNO(P1(0x80, 0, 0, 0), EINVAL); }
TEST_F(s, type_0xff)		{ ASSERT_ERRNO(P1(0xff, 0, 0, 0), EINVAL); }
TEST_F(s, type_4_meta)		{ ASSERT_ERRNO(P1(4 | TT_META, 0, 0, 0), EINVAL); }
/* UBUF and OBJREF are not implemented by teekit: EINVAL (docs/abi.md) */
TEST_F(s, type_ubuf_in)		{ char b[8]; ASSERT_ERRNO(P1(TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_INPUT, (uintptr_t)b, 8, 0), EINVAL); }
TEST_F(s, type_ubuf_out)	{ char b[8]; ASSERT_ERRNO(P1(TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_OUTPUT, (uintptr_t)b, 8, 0), EINVAL); }
TEST_F(s, type_ubuf_inout)	{ char b[8]; ASSERT_ERRNO(P1(TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_INOUT, (uintptr_t)b, 8, 0), EINVAL); }
TEST_F(s, type_objref_in)	{ ASSERT_ERRNO(P1(TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_INPUT, 1, 0, 0), EINVAL); }
TEST_F(s, type_objref_out)	{ ASSERT_ERRNO(P1(TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_OUTPUT, 0, 0, 0), EINVAL); }
TEST_F(s, type_objref_inout)	{ ASSERT_ERRNO(P1(TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_INOUT, 1, 0, 0), EINVAL); }
/* valid types with garbage in the unused fields are fine */
TEST_F(s, none_with_garbage)	{ ASSERT_EQ(0, P1(0, ~0ull, ~0ull, ~0ull)); }
TEST_F(s, value_out_garbage)	{ ASSERT_EQ(0, P1(TT_VAL_OUT, ~0ull, ~0ull, ~0ull)); }
TEST_F(s, meta_value_accepted)	{ ASSERT_EQ(0, P1(TT_META | TT_VAL_IN, 1, 2, 3)); }

/* The bad param is the LAST one: all earlier ones must be checked first */
TEST_F(s, bad_param_last_of_many)
{
	struct tee_ioctl_param p[8];

	memset(p, 0, sizeof(p));
	p[7].attr = 0x400;
	ASSERT_ERRNO(INV(TT_CMD_NOP, p, 8, NULL), EINVAL);
}

/* An error in params writes nothing back */
TEST_F(s, no_writeback_on_error)
{
	struct tee_ioctl_param p[2];

	tt_param(&p[0], TT_VAL_OUT, 5, 6, 7);
	tt_param(&p[1], 4, 0, 0, 0);
	ASSERT_ERRNO(INV(TT_CMD_NOP, p, 2, NULL), EINVAL);
	ASSERT_EQ(5, p[0].a);
}

static int shm_count_of(int fd)
{
	struct teekit_ioctl_ctx_stats st;

	if (ioctl(fd, TEEKIT_IOC_CTX_STATS, &st))
		return -1;
	return st.shm_count;
}

/*
 * A bad parameter after a good memref: the memref's reference is dropped
 * once (the object goes away when its fd closes), none is dropped twice.
 */
TEST_F(s, bad_param_after_memref_drops_its_ref)
{
	struct tee_ioctl_param p[2];
	int id, sfd;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, &id, NULL));
	tt_memref(&p[0], TT_MEM_IN, id, 0, 16);
	tt_param(&p[1], 4, 0, 0, 0);
	ASSERT_ERRNO(INV(TT_CMD_NOP, p, 2, NULL), EINVAL);
	ASSERT_EQ(1, shm_count_of(self->fd));
	close(sfd);
	ASSERT_EQ(0, shm_count_of(self->fd));
}

/*
 * The fast path's on-stack parameters are not zeroed per call: an invoke
 * with four memrefs leaves their shm pointers in that stack memory, and a
 * following invoke that fails on its first parameter must not put them
 * again (refcount underflow, use after free: the kernel log check fails).
 */
TEST_F(s, bad_first_param_after_memref_call)
{
	struct tee_ioctl_param p[4];
	int id, sfd, n, i;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, &id, NULL));
	for (i = 0; i < 50; i++) {
		for (n = 0; n < 4; n++)
			tt_memref(&p[n], TT_MEM_INOUT, id, 0, 64);
		ASSERT_EQ(0, INV(TT_CMD_NOP, p, 4, NULL));
		tt_param(&p[0], 4, 0, 0, 0);
		ASSERT_ERRNO(INV(TT_CMD_NOP, p, 4, NULL), EINVAL);
		tt_param(&p[0], TT_VAL_IN, 0, 0, 0);
		tt_memref(&p[1], TT_MEM_IN, id + 1000, 0, 64);
		ASSERT_ERRNO(INV(TT_CMD_NOP, p, 4, NULL), EINVAL);
	}
	ASSERT_EQ(1, shm_count_of(self->fd));
	close(sfd);
	ASSERT_EQ(0, shm_count_of(self->fd));
}

/* The header and parameters need no alignment (8-byte loads and stores) */
TEST_F(s, invoke_unaligned_buffer)
{
	struct {
		struct tee_ioctl_invoke_arg a;
		struct tee_ioctl_param p[2];
	} arg = { }, back;
	char raw[sizeof(arg) + 8];
	int off;

	for (off = 1; off < 8; off++) {
		memset(&arg, 0, sizeof(arg));
		arg.a.func = TT_CMD_ADD;
		arg.a.session = self->sess;
		arg.a.ret = 0xdead;
		arg.a.num_params = 2;
		tt_param(&arg.p[0], TT_VAL_IN, 40, off, 0);
		tt_param(&arg.p[1], TT_VAL_OUT, 0, 0, 0);
		memcpy(raw + off, &arg, sizeof(arg));
		ASSERT_EQ(0, tt_buf_ioctl(self->fd, TEE_IOC_INVOKE, raw + off,
					  sizeof(arg)));
		memcpy(&back, raw + off, sizeof(back));
		ASSERT_EQ(TEEC_SUCCESS, back.a.ret);
		ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, back.a.ret_origin);
		ASSERT_EQ(40 + off, back.p[1].a);
	}
}

/* A read-only invoke buffer: the call runs, its write-back gives EFAULT */
TEST_F(s, invoke_readonly_buffer_efault)
{
	struct tee_ioctl_invoke_arg *a;
	struct tee_ioctl_param *p;
	struct tt_res r;
	char *page;

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	a = (void *)page;
	p = (void *)(a + 1);
	a->func = TT_CMD_NOP;
	a->session = self->sess;
	a->num_params = 1;
	tt_param(p, TT_VAL_OUT, 1, 2, 3);
	ASSERT_SYS(mprotect(page, 4096, PROT_READ));
	ASSERT_ERRNO(tt_buf_ioctl(self->fd, TEE_IOC_INVOKE, page,
				  sizeof(*a) + sizeof(*p)), EFAULT);
	ASSERT_EQ(0, a->ret);
	ASSERT_EQ(1, p->a);
	munmap(page, 4096);
	ASSERT_EQ(0, INV(TT_CMD_NOP, NULL, 0, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
}

/* open converts params too, and REE_KERNEL's EPERM comes after them */
TEST_F(s, open_bad_param_before_login_check)
{
	struct tee_ioctl_param p[1];

	tt_param(&p[0], 4, 0, 0, 0);
	ASSERT_ERRNO(tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_REE_KERNEL,
				     NULL, 0, p, 1, NULL), EINVAL);
	ASSERT_ERRNO(tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_REE_KERNEL,
				     NULL, 0, NULL, 0, NULL), EPERM);
}

TEST_F(s, open_attr_reserved)
{
	struct tee_ioctl_param p[1];

	tt_param(&p[0], 0x1000 | TT_VAL_IN, 0, 0, 0);
	ASSERT_ERRNO(tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, p, 1, NULL), EINVAL);
}

TEST_F(s, open_memref_bad_id)
{
	struct tee_ioctl_param p[1];

	tt_memref(&p[0], TT_MEM_IN, 12345, 0, 1);
	ASSERT_ERRNO(tt_open_session(self->fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC,
				     NULL, 0, p, 1, NULL), EINVAL);
}

/* ------------------------------------------------- sessions and contexts */

TEST_F(s, invoke_unknown_session)	{ ASSERT_ERRNO(tt_invoke(self->fd, self->sess + 1000, TT_CMD_NOP, 0, NULL, 0, NULL), EINVAL); }
TEST_F(s, invoke_session_0xffffffff)	{ ASSERT_ERRNO(tt_invoke(self->fd, 0xffffffff, TT_CMD_NOP, 0, NULL, 0, NULL), EINVAL); }
TEST_F(s, close_unknown_session)	{ ASSERT_ERRNO(tt_close_session(self->fd, self->sess + 1000), EINVAL); }
TEST_F(s, close_efault)			{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_CLOSE_SESSION, NULL), EFAULT); }
TEST_F(s, cancel_efault)		{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_CANCEL, NULL), EFAULT); }

TEST_F(s, close_twice)
{
	ASSERT_EQ(0, tt_close_session(self->fd, self->sess));
	ASSERT_ERRNO(tt_close_session(self->fd, self->sess), EINVAL);
	ASSERT_ERRNO(tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, NULL, 0, NULL), EINVAL);
	ASSERT_EQ(0, sessions_of(self->fd));
}

TEST_F(s, session_of_other_context)
{
	int fd2 = ASSERT_SYS(tt_open_client(&self->d));
	int64_t s2 = tt_open_echo(fd2);

	ASSERT_LE(0, s2);
	if (s2 != self->sess)
		ASSERT_ERRNO(tt_invoke(self->fd, s2, TT_CMD_NOP, 0, NULL, 0, NULL), EINVAL);
	ASSERT_ERRNO(tt_invoke(fd2, self->sess, TT_CMD_NOP, 0, NULL, 0, NULL), EINVAL);
	ASSERT_ERRNO(tt_close_session(fd2, self->sess), EINVAL);
	ASSERT_EQ(0, tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, NULL, 0, NULL));
	ASSERT_EQ(0, tt_close_session(fd2, s2));
	close(fd2);
}

/* ---------------------------------------------------------- cancellation */

struct bg_call {
	int fd;
	uint32_t session;
	uint32_t cancel_id;
	bool open;		/* SLOW_OPEN open instead of SLEEP invoke */
	uint32_t sleep_ms;	/* 0 = forever */
	int rc;
	int err;
	struct tt_res r;
};

static void *bg_thread(void *arg)
{
	struct bg_call *c = arg;
	struct tee_ioctl_param p[1];

	if (c->open) {
		tt_param(&p[0], TT_VAL_IN, c->sleep_ms, 0, 0);
		c->rc = tt_open_session(c->fd, TT_UUID_SLOW_OPEN,
					TEE_IOCTL_LOGIN_PUBLIC, NULL,
					c->cancel_id, p, c->sleep_ms ? 1 : 0,
					&c->r);
	} else {
		tt_param(&p[0], TT_VAL_IN, c->sleep_ms, 0, 0);
		c->rc = tt_invoke(c->fd, c->session, TT_CMD_SLEEP, c->cancel_id,
				  p, 1, &c->r);
	}
	c->err = errno;
	return NULL;
}

/* wait until the driver reports @n blocked invocations on the device */
static int wait_pending(const struct tt_dev *d, long long n, int ms)
{
	char rel[64];
	uint64_t end = tt_now_ms() + ms;

	snprintf(rel, sizeof(rel), "dev%d/pending", tt_instance(d));
	while (tt_dbg_read(rel) != n) {
		if (tt_now_ms() > end)
			return -1;
		tt_msleep(5);
	}
	return 0;
}

TEST_F(s, cancel_sleeping_invoke)
{
	struct bg_call c = {
		.fd = self->fd, .session = self->sess, .cancel_id = 77,
	};
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, bg_thread, &c));
	ASSERT_EQ(0, wait_pending(&self->d, 1, 5000));
	/* a different cancel id does not wake it */
	ASSERT_EQ(0, tt_cancel(self->fd, 78, self->sess));
	tt_msleep(100);
	ASSERT_EQ(0, wait_pending(&self->d, 1, 10));
	ASSERT_EQ(0, tt_cancel(self->fd, 77, self->sess));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_CANCEL, c.r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TEE, c.r.origin);
	ASSERT_EQ(0, wait_pending(&self->d, 0, 1000));
	/* the session is still usable */
	ASSERT_EQ(0, tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, NULL, 0, NULL));
}

TEST_F(s, cancel_slow_open)
{
	struct bg_call c = { .fd = self->fd, .cancel_id = 5, .open = true };
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, bg_thread, &c));
	ASSERT_EQ(0, wait_pending(&self->d, 1, 5000));
	ASSERT_EQ(0, tt_cancel(self->fd, 5, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_ERROR_CANCEL, c.r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TEE, c.r.origin);
	ASSERT_EQ(1, sessions_of(self->fd));
}

TEST_F(s, slow_open_times_out_and_succeeds)
{
	struct bg_call c = { .fd = self->fd, .open = true, .sleep_ms = 150 };
	uint64_t t0 = tt_now_ms();

	bg_thread(&c);
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_SUCCESS, c.r.ret);
	ASSERT_LE(145, tt_now_ms() - t0);
	ASSERT_EQ(2, sessions_of(self->fd));
	/* a SLOW_OPEN session answers ECHO's commands */
	ASSERT_EQ(0, tt_invoke(self->fd, c.r.session, TT_CMD_NOP, 0, NULL, 0, NULL));
	ASSERT_EQ(0, tt_close_session(self->fd, c.r.session));
}

/* cancelling from another fd does not reach this context's calls */
TEST_F(s, cancel_from_other_context_ignored)
{
	struct bg_call c = {
		.fd = self->fd, .session = self->sess, .cancel_id = 9,
		.sleep_ms = 400,
	};
	int fd2 = ASSERT_SYS(tt_open_client(&self->d));
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, bg_thread, &c));
	ASSERT_EQ(0, wait_pending(&self->d, 1, 5000));
	tt_cancel(fd2, 9, self->sess);
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(TEEC_SUCCESS, c.r.ret);
	close(fd2);
}

/*
 * Closing the session while an invoke on it sleeps (1 s): the close either
 * succeeds or reports EBUSY; either way nothing is left behind.
 */
TEST_F(s, close_session_during_invoke)
{
	struct bg_call c = {
		.fd = self->fd, .session = self->sess, .cancel_id = 1,
		.sleep_ms = 1000,
	};
	pthread_t t;
	int rc;

	ASSERT_EQ(0, pthread_create(&t, NULL, bg_thread, &c));
	ASSERT_EQ(0, wait_pending(&self->d, 1, 5000));
	rc = tt_close_session(self->fd, self->sess);
	if (rc)
		ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, wait_pending(&self->d, 0, 2000));
	if (rc)
		ASSERT_EQ(0, tt_close_session(self->fd, self->sess));
	ASSERT_EQ(0, sessions_of(self->fd));
}

TEST_HARNESS_MAIN
