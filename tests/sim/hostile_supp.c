// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostile_supp.c - a supplicant that lies (issue 12).  The sim driver with
 * a fake emulator in this process (fake_tos.h) whose TA sends RPCs, and a
 * supplicant on /dev/teeprivN played by the test itself: answers with
 * unknown, foreign and huge request ids, answers to nothing, answers twice,
 * wrong parameter counts, types and attributes, memrefs it must not see,
 * SHM_ALLOC answers with bogus, foreign, freed, registered, too small and
 * reused shm ids, a supplicant that dies holding a request or after
 * handing out memory, and many supplicant threads racing many clients
 * with a random mix of all that.  Each time the kernel must stay clean,
 * the TA's RPC must end with the answer or a defined error, and nothing
 * may be left: no pending request, no call in the conduit, no supplicant
 * shm once its fd is closed.
 *
 * TEEKIT_HOSTILE_ITERS=N runs the race N rounds per client thread
 * (default 150; docs/testing.md).
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"
#include "fake_tos.h"
#include "sim_env.h"

#define HS_TA_THREADS	4
#define HS_FUNC		0x7e57		/* a supplicant function of ours */
#define HS_GARBAGE	0x0badbad0u	/* a ret no TEE would send */

/* ---- the TA: commands of this file's instance loop ---- */

enum hs_cmd {
	/*
	 * RPC HS_FUNC (or v0.a if not 0) with v0.b (1..4) VALUE_INOUT params,
	 * param i = {100 + i, 200 + i, 300 + i}.
	 * Out: v0 a = the RPC's ret, b/c = its param 0's a/b after it.
	 */
	HT_RPC = 1,
	/*
	 * SHM_ALLOC of v0.a bytes; if it works, map the view read-write,
	 * write "hostile" at 0 and 0x5a at the last byte, and (v0.b == 0)
	 * SHM_FREE it.  Out: v0 a = the alloc's ret, b = 1 when the mapping
	 * worked (-errno if not), c = the free's ret.
	 */
	HT_ALLOC = 2,
	/*
	 * RPC v0.a with v0 VALUE_INOUT and the client's memref p1 as m1.
	 * Out: v0 a = ret, b = m1's size after it.
	 */
	HT_MEMREF = 3,
};

static uint32_t hs_rpc(int fd, uint64_t call_id, uint32_t cmd,
		       struct tksim_xfer *r, uint32_t n)
{
	r->call_id = call_id;
	if (fk_rpc(fd, r, cmd, n))
		return TEEC_ERROR_COMMUNICATION;
	return r->msg.ret;
}

static void ht_rpc(int fd, struct tksim_xfer *x)
{
	struct tksim_param *v0 = &x->msg.params[0];
	uint32_t n = v0->b, i;
	struct tksim_xfer r;

	memset(&r, 0, sizeof(r));
	if (n < 1 || n > 4)
		n = 1;
	for (i = 0; i < n; i++) {
		r.msg.params[i].attr = TKSIM_PARAM_VALUE_INOUT;
		r.msg.params[i].a = 100 + i;
		r.msg.params[i].b = 200 + i;
		r.msg.params[i].c = 300 + i;
	}
	v0->a = hs_rpc(fd, x->call_id, v0->a ? v0->a : HS_FUNC, &r, n);
	v0->b = r.msg.params[0].a;
	v0->c = r.msg.params[0].b;
}

static void ht_alloc(int fd, struct tksim_xfer *x)
{
	struct tksim_param *v0 = &x->msg.params[0];
	uint64_t size = v0->a, cookie;
	bool keep = v0->b;
	struct tksim_xfer r;
	size_t len;
	char *m;

	memset(&r, 0, sizeof(r));
	r.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
	r.msg.params[0].b = size;
	v0->a = hs_rpc(fd, x->call_id, TKSIM_RPC_SHM_ALLOC, &r, 1);
	v0->b = 0;
	v0->c = 0;
	if (v0->a)
		return;
	cookie = r.msg.params[0].c;
	len = (size_t)r.msg.params[0].map_pages * sysconf(_SC_PAGESIZE);
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, cookie);
	if (m == MAP_FAILED) {
		v0->b = -errno;
	} else {
		memcpy(m, "hostile", 8);
		m[size - 1] = 0x5a;
		v0->b = 1;
		munmap(m, len);
	}
	if (keep)
		return;
	memset(&r, 0, sizeof(r));
	r.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	r.msg.params[0].b = cookie;
	v0->c = hs_rpc(fd, x->call_id, TKSIM_RPC_SHM_FREE, &r, 1);
}

static void ht_memref(int fd, struct tksim_xfer *x)
{
	struct tksim_param *v0 = &x->msg.params[0];
	struct tksim_xfer r;

	memset(&r, 0, sizeof(r));
	r.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
	r.msg.params[1] = x->msg.params[1];
	r.msg.params[1].map_pages = 0;
	v0->a = hs_rpc(fd, x->call_id, v0->a, &r, 2);
	v0->b = r.msg.params[1].b;
}

static void *hs_serve(void *arg)
{
	int fd = *(int *)arg;
	struct tksim_xfer x;

	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(fd, TKSIM_IOC_XFER, &x))
			return NULL;
		if (x.kind != TKSIM_KIND_CALL) {
			x.op = TKSIM_OP_NONE;
			continue;
		}
		x.op = TKSIM_OP_RETURN;
		x.msg.ret = 0;
		x.msg.ret_origin = 4;
		if (x.msg.cmd != TKSIM_CMD_INVOKE)
			continue;
		switch (x.msg.func) {
		case HT_RPC:
			ht_rpc(fd, &x);
			break;
		case HT_ALLOC:
			ht_alloc(fd, &x);
			break;
		case HT_MEMREF:
			ht_memref(fd, &x);
			break;
		default:
			x.msg.ret = TEEC_ERROR_BAD_PARAMETERS;
		}
		/* the answer is the call's, whatever the RPCs left in x */
		x.op = TKSIM_OP_RETURN;
		x.flags = 0;
	}
}

static void race_sig_noop(int sig)
{
	(void)sig;	/* only to interrupt SUPPL_RECV */
}

/* ---- a client invoke in a thread ---- */

struct inv {
	int fd;
	uint32_t s, func;
	struct tee_ioctl_param p[2];
	unsigned int n;
	int rc;
	struct tt_res res;
	atomic_int done;
	pthread_t t;
};

static void *inv_thread(void *arg)
{
	struct inv *c = arg;

	c->rc = tt_invoke(c->fd, c->s, c->func, 0, c->p, c->n, &c->res);
	atomic_store(&c->done, 1);
	return NULL;
}

static void inv_start(struct inv *c, int fd, uint32_t s, uint32_t func,
		      uint64_t a, uint64_t b)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->s = s;
	c->func = func;
	c->n = 1;
	tt_param(&c->p[0], TT_VAL_INOUT, a, b, 0);
	pthread_create(&c->t, NULL, inv_thread, c);
}

/* Join @c; false if it did not end within @ms */
static bool inv_join(struct inv *c, unsigned int ms)
{
	uint64_t t0 = tt_now_ms();

	while (!atomic_load(&c->done)) {
		if (tt_now_ms() - t0 > ms)
			return false;
		tt_msleep(2);
	}
	pthread_join(c->t, NULL);
	return true;
}

/* ---- the fixture: emulator threads here, the test is the supplicant ---- */

FIXTURE(hs) {
	char clnt[32], priv[32], privsys[32];
	struct fk_os os;
	int osfd, ifd, fd, sfd;
	pthread_t ost, it[HS_TA_THREADS];
	int nthreads;
	int64_t s;
	long long old_timeout;
	long long shm_base;	/* the supplicant node's shm_count before */
};

/* Nothing pending in the queue nor in the conduit within 2 s */
static bool hs_calls_clear(const char *privsys)
{
	uint64_t t0 = tt_now_ms();
	char line[256];
	FILE *f;
	int n;

	for (;;) {
		n = 0;
		f = fopen("/sys/kernel/debug/teekit_sim/state", "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "call ", 5))
				n++;
		if (f)
			fclose(f);
		if (!n && tt_counter_node(privsys, "supp_pending") == 0)
			return true;
		if (tt_now_ms() - t0 > 2000)
			return false;
		tt_msleep(10);
	}
}

/*
 * The supplicant's shm all gone within 2 s (its fd must be closed): the
 * node's count back at @base, its value before the test (so one test's
 * leak fails that test only).
 */
static bool hs_shm_clear(const char *privsys, long long base)
{
	uint64_t t0 = tt_now_ms();

	while (tt_counter_node(privsys, "shm_count") != base) {
		if (tt_now_ms() - t0 > 2000) {
			TH_LOG("%s shm_count %lld", privsys,
			       tt_counter_node(privsys, "shm_count"));
			return false;
		}
		tt_msleep(10);
	}
	return true;
}

FIXTURE_SETUP(hs)
{
	struct tt_res res;
	int i;

	self->osfd = self->ifd = self->fd = self->sfd = -1;
	self->nthreads = 0;
	self->old_timeout = -1;
	ASSERT_SYS(sim_setup(self->clnt, self->priv));
	snprintf(self->privsys, sizeof(self->privsys), "%s",
		 self->priv + strlen("/dev/"));
	self->old_timeout = tt_param_read(TT_CORE_MODULE, "supp_timeout_ms");
	self->shm_base = tt_counter_node(self->privsys, "shm_count");
	self->osfd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_os(self->osfd));
	ASSERT_SYS(fk_new_instance(self->osfd, &self->os.inst));
	self->ifd = ASSERT_SYS(fk_open());
	ASSERT_SYS(fk_attach_instance(self->ifd, self->os.inst));
	self->os.fd = self->osfd;
	tt_uuid_parse(FK_UUID_NONE, self->os.none_uuid);
	pthread_create(&self->ost, NULL, fk_os_loop, &self->os);
	for (i = 0; i < HS_TA_THREADS; i++)
		pthread_create(&self->it[i], NULL, hs_serve, &self->ifd);
	self->nthreads = HS_TA_THREADS;
	self->fd = ASSERT_SYS(open(self->clnt, O_RDWR));
	self->s = open_ta(self->fd, FK_UUID_TA, &res);
	ASSERT_LE(0, self->s);
	self->sfd = ASSERT_SYS(open(self->priv, O_RDWR));
}

FIXTURE_TEARDOWN(hs)
{
	int i;

	if (self->sfd >= 0)
		close(self->sfd);
	if (self->fd >= 0)
		close(self->fd);
	if (self->ifd >= 0)
		close(self->ifd);
	if (self->osfd >= 0)
		close(self->osfd);
	if (self->nthreads) {
		pthread_join(self->ost, NULL);
		for (i = 0; i < self->nthreads; i++)
			pthread_join(self->it[i], NULL);
	}
	if (self->old_timeout >= 0)
		tt_param_write(TT_CORE_MODULE, "supp_timeout_ms",
			       self->old_timeout);
}

/* RECV one request (META): its id, func and params after the META one */
struct sreq {
	uint32_t func, num;	/* num: request params, META not counted */
	uint64_t id;
	struct tee_ioctl_param p[6];	/* p[0] META, p[1..] the request */
};

static int srecv(int sfd, struct sreq *q)
{
	uint32_t num;

	memset(q, 0, sizeof(*q));
	if (tt_supp_recv(sfd, &q->func, q->p, &num, 6, true))
		return -1;
	q->num = num - 1;
	q->id = q->p[0].a;
	return 0;
}

/* SEND @q's params back with @ret, META id @id, @n params after META */
static int ssend_id(int sfd, struct sreq *q, uint64_t id, uint32_t ret,
		    uint32_t n)
{
	struct tee_ioctl_param p[6];

	memcpy(p, q->p, sizeof(p));
	p[0].attr = TT_META | TT_VAL_INOUT;
	p[0].a = id;
	return tt_supp_send(sfd, ret, p, n + 1);
}

static int ssend(int sfd, struct sreq *q, uint32_t ret)
{
	return ssend_id(sfd, q, q->id, ret, q->num);
}

/* Wait for a request while the client thread is on its way */
#define SRECV(q) ASSERT_SYS(srecv(self->sfd, q))

/*
 * Answers for ids that were never handed out, ids of the right request
 * with high bits set, and for nothing at all: ENOENT each, and the real
 * request is answered normally afterwards; answering twice: ENOENT.
 */
TEST_F(hs, wrong_and_foreign_request_ids)
{
	const uint64_t bogus[] = { 0, 1ull << 31, 0xffffffffull,
				   1ull << 32, ~0ull, 1ull << 63 };
	struct sreq q;
	struct inv c;
	unsigned int i;

	struct sreq q2;
	struct inv c2;

	ASSERT_ERRNO(ssend_id(self->sfd, &q, 1, 0, 0), ENOENT);
	inv_start(&c, self->fd, self->s, HT_RPC, 0, 1);
	SRECV(&q);
	ASSERT_EQ(HS_FUNC, q.func);
	ASSERT_EQ(1u, q.num);
	/* a second request, queued (not taken): its id is not answerable */
	inv_start(&c2, self->fd, self->s, HT_RPC, 0, 1);
	while (tt_counter_node(self->privsys, "supp_pending") < 2)
		tt_msleep(2);
	for (i = 0; i < ARRAY_SIZE(bogus); i++)
		EXPECT_ERRNO(ssend_id(self->sfd, &q, bogus[i], 0, 1), ENOENT);
	EXPECT_ERRNO(ssend_id(self->sfd, &q, q.id + 1, 0, 1), ENOENT);
	EXPECT_ERRNO(ssend_id(self->sfd, &q, q.id | 1ull << 32, 0, 1), ENOENT);
	EXPECT_ERRNO(ssend_id(self->sfd, &q, q.id - 1, 0, 1), ENOENT);
	tt_msleep(50);
	ASSERT_EQ(0, atomic_load(&c.done));
	q.p[1].a = 4242;
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	ASSERT_ERRNO(ssend(self->sfd, &q, 0), ENOENT);
	ASSERT_TRUE(inv_join(&c, 5000));
	ASSERT_EQ(0, c.rc);
	ASSERT_EQ(0u, c.res.ret);
	ASSERT_EQ(0u, c.p[0].a);
	ASSERT_EQ(4242u, c.p[0].b);
	SRECV(&q2);
	ASSERT_NE(q.id, q2.id);
	ASSERT_SYS(ssend(self->sfd, &q2, 0));
	ASSERT_TRUE(inv_join(&c2, 5000));
	ASSERT_EQ(0u, c2.p[0].a);
	ASSERT_EQ(100u, c2.p[0].b);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
}

/*
 * Wrong parameter counts, a missing or malformed META parameter and
 * reserved attribute bits: EINVAL, the request stays taken; then the
 * right answer goes through.
 */
TEST_F(hs, wrong_param_counts_and_attrs)
{
	struct tee_ioctl_param p[6];
	struct sreq q;
	struct inv c;

	inv_start(&c, self->fd, self->s, HT_RPC, 0, 3);
	SRECV(&q);
	ASSERT_EQ(3u, q.num);
	EXPECT_ERRNO(ssend_id(self->sfd, &q, q.id, 0, 2), EINVAL);
	EXPECT_ERRNO(ssend_id(self->sfd, &q, q.id, 0, 4), EINVAL);
	EXPECT_ERRNO(ssend_id(self->sfd, &q, q.id, 0, 0), EINVAL);
	EXPECT_ERRNO(tt_supp_send(self->sfd, 0, p, 0), EINVAL);
	memcpy(p, q.p, sizeof(p));
	p[0].attr = TT_VAL_INOUT;		/* META bit missing */
	EXPECT_ERRNO(tt_supp_send(self->sfd, 0, p, 4), EINVAL);
	p[0].attr = TT_META | TT_VAL_IN;	/* META of another type */
	EXPECT_ERRNO(tt_supp_send(self->sfd, 0, p, 4), EINVAL);
	p[0].attr = TT_META | TT_VAL_INOUT;
	p[2].attr = TT_VAL_INOUT | 0x8000;	/* reserved bit */
	EXPECT_ERRNO(tt_supp_send(self->sfd, 0, p, 4), EINVAL);
	tt_msleep(50);
	ASSERT_EQ(0, atomic_load(&c.done));
	q.p[1].a = 7;
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	ASSERT_TRUE(inv_join(&c, 5000));
	ASSERT_EQ(0u, c.res.ret);
	ASSERT_EQ(0u, c.p[0].a);
	ASSERT_EQ(7u, c.p[0].b);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
}

/*
 * Answer types that differ from the request's: the request's types decide
 * what is copied, so a VALUE_INOUT answered as a MEMREF gives the TA the
 * memref's numbers, never a kernel pointer; a RECV buffer too small for
 * the request gets EINVAL and leaves it queued.
 */
TEST_F(hs, wrong_types_and_small_receive_buffer)
{
	struct tee_ioctl_param p[6];
	uint32_t func, num;
	struct sreq q;
	struct inv c;

	inv_start(&c, self->fd, self->s, HT_RPC, 0, 4);
	tt_msleep(100);
	EXPECT_ERRNO(tt_supp_recv(self->sfd, &func, p, &num, 3, true), EINVAL);
	EXPECT_ERRNO(tt_supp_recv(self->sfd, &func, p, &num, 4, true), EINVAL);
	SRECV(&q);
	ASSERT_EQ(4u, q.num);
	q.p[1].attr = TT_MEM_OUT;
	q.p[1].a = 0x1000;
	q.p[1].b = 1ull << 40;
	q.p[1].c = 1;
	q.p[2].attr = TT_MEM_INOUT;
	q.p[2].c = TEE_MEMREF_NULL;
	q.p[3].attr = 0;
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	ASSERT_TRUE(inv_join(&c, 5000));
	ASSERT_EQ(0u, c.res.ret);
	ASSERT_EQ(0u, c.p[0].a);
	ASSERT_EQ(0u, c.p[0].b);		/* a of a memref: offset 0 */
	ASSERT_EQ(1ull << 40, c.p[0].c);	/* b: the size */
	ASSERT_TRUE(hs_calls_clear(self->privsys));
}

/*
 * A TA passes its client's memory in an RPC: the supplicant sees a memref
 * without buffer (TEE_MEMREF_NULL, offset 0), never the client's shm id.
 * A huge size in the answer reaches the TA as a number only; the client's
 * memory is untouched.
 */
TEST_F(hs, client_memref_hidden_from_supplicant)
{
	struct sreq q;
	pthread_t t;
	struct inv c;
	int shmfd, id;
	char *m;

	shmfd = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, &id, NULL));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, shmfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	memset(m, 0x11, 4096);
	memset(&c, 0, sizeof(c));
	c.fd = self->fd;
	c.s = self->s;
	c.func = HT_MEMREF;
	c.n = 2;
	tt_param(&c.p[0], TT_VAL_INOUT, HS_FUNC, 0, 0);
	tt_memref(&c.p[1], TT_MEM_INOUT, id, 16, 256);
	pthread_create(&t, NULL, inv_thread, &c);
	c.t = t;
	SRECV(&q);
	ASSERT_EQ(2u, q.num);
	ASSERT_EQ(TT_MEM_INOUT, q.p[2].attr);
	ASSERT_EQ(TEE_MEMREF_NULL, q.p[2].c);
	ASSERT_EQ(0u, q.p[2].a);
	ASSERT_EQ(256u, q.p[2].b);
	q.p[2].b = 1ull << 40;
	q.p[2].c = id;		/* names the client's shm: ignored */
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	ASSERT_TRUE(inv_join(&c, 5000));
	ASSERT_EQ(0u, c.res.ret);
	ASSERT_EQ(0u, c.p[0].a);
	ASSERT_EQ(1ull << 40, c.p[0].b);
	ASSERT_EQ(256u, c.p[1].b);
	ASSERT_EQ(0x11, m[16]);
	ASSERT_EQ(0x11, m[4095]);
	munmap(m, 4096);
	close(shmfd);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
}

/* One SHM_ALLOC of @size answered with shm id @id and @ret: the TA's v0 */
static int alloc_answered(struct th_fixture_data_hs *self, uint64_t size,
			  uint64_t id, uint32_t ret, bool keep,
			  struct inv *c)
{
	struct sreq q;

	inv_start(c, self->fd, self->s, HT_ALLOC, size, keep);
	if (srecv(self->sfd, &q))
		return -1;
	if (q.func != TKSIM_RPC_SHM_ALLOC || q.num != 1 ||
	    q.p[1].b != size) {
		TH_LOG("unexpected request func %u num %u size %llu", q.func,
		       q.num, (unsigned long long)q.p[1].b);
		return -1;
	}
	q.p[1].c = id;
	if (ssend(self->sfd, &q, ret))
		return -1;
	return inv_join(c, 5000) ? 0 : -1;
}

/*
 * SHM_ALLOC answers with ids that are no shm of the supplicant: 0, -1,
 * out of range, unknown, the client's own shm, a freed one: the TA's
 * allocation fails with OUT_OF_MEMORY and it gets no view.
 */
TEST_F(hs, shm_alloc_bogus_and_foreign_ids)
{
	int cfd, cid, ffd, fid;
	struct inv c;
	unsigned int i;
	uint64_t ids[8];
	int n = 0;

	cfd = ASSERT_SYS(tt_shm_alloc(self->fd, 8192, &cid, NULL));
	ffd = ASSERT_SYS(tt_shm_alloc(self->sfd, 8192, &fid, NULL));
	close(ffd);		/* freed: no mapping keeps it */
	ids[n++] = 0;
	ids[n++] = ~0ull;
	ids[n++] = 1ull << 31;
	ids[n++] = (1ull << 32) + (uint64_t)cid;
	ids[n++] = 999999;
	ids[n++] = cid;
	ids[n++] = fid;
	for (i = 0; i < (unsigned int)n; i++) {
		ASSERT_EQ(0, alloc_answered(self, 8192, ids[i], 0, false, &c));
		TH_LOG("id %llu: ret 0x%x", (unsigned long long)ids[i],
		       (unsigned int)c.p[0].a);
		EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, c.p[0].a);
	}
	/* and a failure the supplicant reports is the TA's result */
	ASSERT_EQ(0, alloc_answered(self, 8192, cid, HS_GARBAGE, false, &c));
	EXPECT_EQ(HS_GARBAGE, c.p[0].a);
	close(cfd);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

/*
 * A shm smaller than asked: OUT_OF_MEMORY.  One of the right size works:
 * the TA writes it, the supplicant reads what the TA wrote, and the
 * SHM_FREE that follows names it.
 */
TEST_F(hs, shm_alloc_too_small_then_right)
{
	int sfd1, id1, sfd2, id2;
	struct sreq q;
	struct inv c;
	char *m;

	sfd1 = ASSERT_SYS(tt_shm_alloc(self->sfd, 4096, &id1, NULL));
	ASSERT_EQ(0, alloc_answered(self, 65536, id1, 0, false, &c));
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, c.p[0].a);

	sfd2 = ASSERT_SYS(tt_shm_alloc(self->sfd, 65536, &id2, NULL));
	m = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, sfd2, 0);
	ASSERT_NE(MAP_FAILED, m);
	inv_start(&c, self->fd, self->s, HT_ALLOC, 65536, 0);
	SRECV(&q);
	q.p[1].c = id2;
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	SRECV(&q);			/* the SHM_FREE */
	ASSERT_EQ(TKSIM_RPC_SHM_FREE, q.func);
	ASSERT_EQ((uint64_t)id2, q.p[1].b);
	ASSERT_EQ(0, memcmp(m, "hostile", 8));
	ASSERT_EQ(0x5a, m[65535]);
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	ASSERT_TRUE(inv_join(&c, 5000));
	EXPECT_EQ(0u, c.p[0].a);
	EXPECT_EQ(1u, c.p[0].b);
	EXPECT_EQ(0u, c.p[0].c);
	munmap(m, 65536);
	close(sfd1);
	close(sfd2);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

/*
 * The same supplicant shm handed out twice to allocations of one
 * instance: the second answer names memory the instance holds already, so
 * that allocation fails with OUT_OF_MEMORY (whichever is served second);
 * once the instance is gone and the supplicant's fd closed, nothing may
 * be left.  (Before the sim driver refused it, the second reference was
 * never put and the shm and the supplicant's context leaked.)
 */
TEST_F(hs, shm_alloc_same_id_twice)
{
	struct inv c1, c2, *ok, *no;
	struct sreq q, q2;
	int sfd1, id1;

	sfd1 = ASSERT_SYS(tt_shm_alloc(self->sfd, 8192, &id1, NULL));
	inv_start(&c1, self->fd, self->s, HT_ALLOC, 8192, 1);
	SRECV(&q);
	inv_start(&c2, self->fd, self->s, HT_ALLOC, 8192, 1);
	SRECV(&q2);
	ASSERT_EQ(TKSIM_RPC_SHM_ALLOC, q.func);
	ASSERT_EQ(TKSIM_RPC_SHM_ALLOC, q2.func);
	q.p[1].c = id1;
	q2.p[1].c = id1;
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	ASSERT_SYS(ssend(self->sfd, &q2, 0));
	ASSERT_TRUE(inv_join(&c1, 5000));
	ASSERT_TRUE(inv_join(&c2, 5000));
	TH_LOG("ret 0x%x/0x%x map %lld/%lld", (unsigned int)c1.p[0].a,
	       (unsigned int)c2.p[0].a, (long long)c1.p[0].b,
	       (long long)c2.p[0].b);
	ok = c1.p[0].a == 0 ? &c1 : &c2;	/* the one served first */
	no = ok == &c1 ? &c2 : &c1;
	EXPECT_EQ(0u, ok->p[0].a);
	EXPECT_EQ(1u, ok->p[0].b);
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, no->p[0].a);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	/* the instance dies with its kept view: its SHM_FREE comes to us */
	close(self->ifd);
	self->ifd = -1;
	SRECV(&q);
	EXPECT_EQ(TKSIM_RPC_SHM_FREE, q.func);
	EXPECT_EQ((uint64_t)id1, q.p[1].b);
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	close(sfd1);
	close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

/*
 * An instance dies holding supplicant memory while its supplicant is
 * attached but does not receive: the driver's SHM_FREE for it waits in
 * the queue.  When that supplicant goes away, the request must go with
 * it (its poster is the driver, which never waits for a supplicant) and
 * must never reach the next supplicant, which never had that shm id.
 */
TEST_F(hs, free_of_a_dead_instance_not_given_to_the_next_supplicant)
{
	struct sigaction sa = { .sa_handler = race_sig_noop };
	struct tee_ioctl_param p[6];
	uint32_t func, num;
	struct sreq q;
	struct inv c;
	int sfd1, id1, rc;

	sfd1 = ASSERT_SYS(tt_shm_alloc(self->sfd, 8192, &id1, NULL));
	ASSERT_EQ(0, alloc_answered(self, 8192, id1, 0, true, &c));
	ASSERT_EQ(0u, c.p[0].a);
	close(self->ifd);		/* dies with the view */
	self->ifd = -1;
	while (tt_counter_node(self->privsys, "supp_pending") < 1)
		tt_msleep(5);
	close(sfd1);
	close(self->sfd);		/* goes away without receiving */
	self->sfd = ASSERT_SYS(open(self->priv, O_RDWR));
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: RECV gets EINTR */
	alarm(1);
	rc = tt_supp_recv(self->sfd, &func, p, &num, 6, true);
	alarm(0);
	if (!rc) {
		memcpy(q.p, p, sizeof(p));
		TH_LOG("the new supplicant got func %u for shm id %llu", func,
		       (unsigned long long)p[1].b);
		q.num = num - 1;
		q.id = p[0].a;
		ssend(self->sfd, &q, 0);
	}
	ASSERT_EQ(-1, rc);
	ASSERT_EQ(EINTR, errno);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

/*
 * A registered (SHM_REGISTER) buffer of the supplicant handed out: the TA
 * may map it (it is the supplicant's memory) and writes reach the
 * supplicant's pages; the SHM_FREE names it; nothing is left.
 */
TEST_F(hs, shm_alloc_registered_buffer)
{
	struct sreq q, q2;
	struct inv c;
	int rfd, rid;
	void *buf;

	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	memset(buf, 0, 8192);
	rfd = ASSERT_SYS(tt_shm_register(self->sfd, buf, 8192, &rid));
	inv_start(&c, self->fd, self->s, HT_ALLOC, 8192, 0);
	SRECV(&q);
	ASSERT_EQ(TKSIM_RPC_SHM_ALLOC, q.func);
	q.p[1].c = rid;
	ASSERT_SYS(ssend(self->sfd, &q, 0));
	SRECV(&q2);
	ASSERT_EQ(TKSIM_RPC_SHM_FREE, q2.func);
	EXPECT_EQ((uint64_t)rid, q2.p[1].b);
	ASSERT_SYS(ssend(self->sfd, &q2, 0));
	ASSERT_TRUE(inv_join(&c, 5000));
	TH_LOG("ret 0x%x map %lld free 0x%x", (unsigned int)c.p[0].a,
	       (long long)c.p[0].b, (unsigned int)c.p[0].c);
	EXPECT_EQ(0u, c.p[0].a);
	if (c.p[0].b == 1)
		EXPECT_EQ(0, memcmp(buf, "hostile", 8));
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	close(rfd);
	munmap(buf, 8192);
	close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

/*
 * The supplicant process dies holding an SHM_ALLOC: the TA's RPC fails
 * with COMMUNICATION at once.  A supplicant that dies after handing out
 * memory leaves the TA's view valid; the SHM_FREE then finds no
 * supplicant and fails after supp_timeout_ms; the memory is freed.
 */
TEST_F(hs, supplicant_dies_holding_or_after_alloc)
{
	int pfd[2], st;
	struct inv c;
	pid_t pid;
	char b;

	close(self->sfd);
	self->sfd = -1;
	ASSERT_SYS(tt_param_write(TT_CORE_MODULE, "supp_timeout_ms", 300));
	/* 1: dies holding the request */
	ASSERT_SYS(pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct sreq q;
		int fd = open(self->priv, O_RDWR);

		if (fd < 0 || srecv(fd, &q) || write(pfd[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	inv_start(&c, self->fd, self->s, HT_ALLOC, 8192, 0);
	ASSERT_EQ(1, read(pfd[0], &b, 1));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ASSERT_TRUE(inv_join(&c, 2000));
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION, c.p[0].a);

	/*
	 * 2: hands out memory, then dies holding the SHM_FREE: the TA's
	 * view worked, its free fails, the memory is freed all the same
	 */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct sreq q;
		int fd = open(self->priv, O_RDWR), id;

		if (fd < 0 || srecv(fd, &q) ||
		    tt_shm_alloc(fd, 8192, &id, NULL) < 0)
			_exit(1);
		q.p[1].c = id;
		if (ssend(fd, &q, 0) || srecv(fd, &q) ||
		    q.func != TKSIM_RPC_SHM_FREE)
			_exit(2);
		_exit(0);	/* dies holding the SHM_FREE */
	}
	inv_start(&c, self->fd, self->s, HT_ALLOC, 8192, 0);
	waitpid(pid, &st, 0);
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	ASSERT_TRUE(inv_join(&c, 5000));
	EXPECT_EQ(0u, c.p[0].a);
	EXPECT_EQ(1u, c.p[0].b);	/* the view was there to write */
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION, c.p[0].c);

	/*
	 * 3: answers and dies at once: the driver finds no supplicant to
	 * resolve the id with, so the TA gets OUT_OF_MEMORY
	 */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct sreq q;
		int fd = open(self->priv, O_RDWR), id;

		if (fd < 0 || srecv(fd, &q) ||
		    tt_shm_alloc(fd, 8192, &id, NULL) < 0)
			_exit(1);
		q.p[1].c = id;
		_exit(ssend(fd, &q, 0) ? 2 : 0);
	}
	inv_start(&c, self->fd, self->s, HT_ALLOC, 8192, 0);
	waitpid(pid, &st, 0);
	ASSERT_TRUE(inv_join(&c, 5000));
	TH_LOG("answered then died: ret 0x%x map %lld free 0x%x",
	       (unsigned int)c.p[0].a, (long long)c.p[0].b,
	       (unsigned int)c.p[0].c);
	EXPECT_TRUE(c.p[0].a == TEEC_ERROR_OUT_OF_MEMORY ||
		    (c.p[0].a == 0 && c.p[0].b == 1 &&
		     c.p[0].c == TEEC_ERROR_COMMUNICATION));
	close(pfd[0]);
	close(pfd[1]);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

/* ---- the race ---- */

struct race {
	struct th_fixture_data_hs *self;
	atomic_int sfd;		/* the supplicant's fd */
	bool churn;		/* supplicant processes killed and restarted */
	atomic_int stop, ended, restarts;
	atomic_long answered, lied, twice_enoent, bad_enoent, einval,
		held_failed;
	atomic_long ok, garbage, comm, other, rc_fail;
	unsigned int iters;
	unsigned int seed;
};

static void race_sig(int sig)
{
	(void)sig;	/* only to interrupt SUPPL_RECV */
}

/* A supplicant thread: takes requests and answers them one of 6 ways */
static void *race_supp(void *arg)
{
	struct race *r = arg;
	unsigned int seed = __atomic_add_fetch(&r->seed, 7919, __ATOMIC_RELAXED);
	struct sreq q;

	int fd;

	while (!atomic_load(&r->stop)) {
		fd = atomic_load(&r->sfd);
		if (srecv(fd, &q)) {
			/* EINTR; EINVAL racing capacity; EBADF/EBUSY: churn */
			if (errno != EINTR)
				tt_msleep(1);
			continue;
		}
		switch (rand_r(&seed) % 6) {
		case 0:		/* an id near ours: maybe another's, taken */
			if (ssend_id(fd, &q, q.id + 4 - rand_r(&seed) % 8, 0,
				     q.num))
				atomic_fetch_add(&r->bad_enoent, 1);
			else
				atomic_fetch_add(&r->lied, 1);
			break;
		case 1:		/* a wrong count first */
			if (ssend_id(fd, &q, q.id, 0, q.num + 1))
				atomic_fetch_add(&r->einval, 1);
			break;
		case 2:		/* garbage */
			ssend(fd, &q, HS_GARBAGE);
			atomic_fetch_add(&r->answered, 1);
			continue;
		}
		q.p[1].a++;
		if (!ssend(fd, &q, 0))
			atomic_fetch_add(&r->answered, 1);
		else
			atomic_fetch_add(&r->held_failed, 1);
		if (rand_r(&seed) % 4 == 0 && ssend(fd, &q, 0))
			atomic_fetch_add(&r->twice_enoent, 1);
	}
	atomic_fetch_add(&r->ended, 1);
	return NULL;
}

/*
 * The churning supplicant: a process with 4 race_supp() threads, killed
 * every 40 ms and started again (the new one waits for the old one's
 * node with EBUSY).  @r lives in shared memory.
 */
static void *race_churn(void *arg)
{
	struct race *r = arg;
	pthread_t st[4];
	pid_t pid;
	int i, fd;

	while (!atomic_load(&r->stop)) {
		pid = fork();
		if (pid < 0)
			break;
		if (!pid) {
			while ((fd = open(r->self->priv, O_RDWR)) < 0)
				tt_msleep(1);
			atomic_store(&r->sfd, fd);
			for (i = 0; i < 4; i++)
				pthread_create(&st[i], NULL, race_supp, r);
			pause();
			_exit(0);
		}
		tt_msleep(40);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		atomic_fetch_add(&r->restarts, 1);
	}
	return NULL;
}

static void *race_client(void *arg)
{
	struct race *r = arg;
	struct tee_ioctl_param p[1];
	struct tt_res res;
	unsigned int i;

	for (i = 0; i < r->iters; i++) {
		tt_param(&p[0], TT_VAL_INOUT, 0, 1 + i % 4, 0);
		if (tt_invoke(r->self->fd, r->self->s, HT_RPC, 0, p, 1,
			      &res)) {
			atomic_fetch_add(&r->rc_fail, 1);
			continue;
		}
		if (p[0].a == 0)
			atomic_fetch_add(&r->ok, 1);
		else if (p[0].a == HS_GARBAGE)
			atomic_fetch_add(&r->garbage, 1);
		else if (p[0].a == TEEC_ERROR_COMMUNICATION)
			atomic_fetch_add(&r->comm, 1);
		else
			atomic_fetch_add(&r->other, 1);
	}
	return NULL;
}

/*
 * 4 supplicant threads racing RECV and SEND on one fd (answering other
 * requests' ids, wrong counts, garbage results, answers twice) against
 * 4 client threads whose TA's 4 threads each send an RPC per invoke;
 * with @churn the supplicant is a process killed every 40 ms and started
 * again (requests it held then fail with COMMUNICATION).  Every invoke must
 * end with an answer or a defined error, and nothing may be left.
 */
static void race_run(struct th_fixture_data_hs *self, bool churn,
		     struct th_meta *_metadata)
{
	struct sigaction sa = { .sa_handler = race_sig };
	const char *env = getenv("TEEKIT_HOSTILE_ITERS");
	pthread_t st[4], ct[4], cht;
	struct race *r;
	int i;

	/* shared with the churning supplicant processes */
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r);
	memset(r, 0, sizeof(*r));
	r->self = self;
	r->churn = churn;
	atomic_store(&r->sfd, self->sfd);
	r->iters = env ? (unsigned int)atoi(env) : 150;
	r->seed = (unsigned int)tt_now_ms();
	TH_LOG("seed %u, %u rounds per client", r->seed, r->iters);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: RECV gets EINTR */
	if (churn) {
		close(self->sfd);
		self->sfd = -1;
		pthread_create(&cht, NULL, race_churn, r);
	} else {
		for (i = 0; i < 4; i++)
			pthread_create(&st[i], NULL, race_supp, r);
	}
	for (i = 0; i < 4; i++)
		pthread_create(&ct[i], NULL, race_client, r);
	for (i = 0; i < 4; i++)
		pthread_join(ct[i], NULL);
	atomic_store(&r->stop, 1);
	if (churn) {
		pthread_join(cht, NULL);
	} else {
		while (atomic_load(&r->ended) < 4) {
			for (i = 0; i < 4; i++)
				pthread_kill(st[i], SIGUSR1);
			tt_msleep(5);
		}
		for (i = 0; i < 4; i++)
			pthread_join(st[i], NULL);
	}
	TH_LOG("invokes: ok %ld garbage %ld comm %ld other %ld failed %ld",
	       atomic_load(&r->ok), atomic_load(&r->garbage),
	       atomic_load(&r->comm), atomic_load(&r->other),
	       atomic_load(&r->rc_fail));
	TH_LOG("supplicant: answered %ld lied %ld enoent %ld/%ld einval %ld lost %ld restarts %d",
	       atomic_load(&r->answered), atomic_load(&r->lied),
	       atomic_load(&r->bad_enoent), atomic_load(&r->twice_enoent),
	       atomic_load(&r->einval), atomic_load(&r->held_failed),
	       atomic_load(&r->restarts));
	EXPECT_EQ(0, atomic_load(&r->rc_fail));
	EXPECT_EQ((long)r->iters * 4,
		  atomic_load(&r->ok) + atomic_load(&r->garbage) +
		  atomic_load(&r->comm) + atomic_load(&r->other));
	EXPECT_LT(0, atomic_load(&r->ok));
	munmap(r, sizeof(*r));
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	if (self->sfd >= 0)
		close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

TEST_F_TIMEOUT(hs, racing_supplicant_threads, 120)
{
	race_run(self, false, _metadata);
}

TEST_F_TIMEOUT(hs, racing_supplicant_restarts, 120)
{
	race_run(self, true, _metadata);
}

/*
 * Limits: the supplicant holds every request it gets (as many as the TA
 * has threads) and then dies: all of them fail with COMMUNICATION at
 * once.  A supplicant at its own shm limit cannot answer SHM_ALLOC: the
 * TA gets that supplicant's error.
 */
TEST_F(hs, held_requests_then_death_and_shm_limit)
{
	struct inv c[HS_TA_THREADS];
	long long old_max;
	struct sreq q;
	int i, fd1, id1;

	for (i = 0; i < HS_TA_THREADS; i++)
		inv_start(&c[i], self->fd, self->s, HT_RPC, 0, 4);
	for (i = 0; i < HS_TA_THREADS; i++)
		SRECV(&q);
	ASSERT_EQ((long long)HS_TA_THREADS,
		  tt_counter_node(self->privsys, "supp_pending"));
	close(self->sfd);
	self->sfd = -1;
	for (i = 0; i < HS_TA_THREADS; i++) {
		ASSERT_TRUE(inv_join(&c[i], 2000));
		EXPECT_EQ(0u, c[i].res.ret);
		EXPECT_EQ(TEEC_ERROR_COMMUNICATION, c[i].p[0].a);
	}
	ASSERT_TRUE(hs_calls_clear(self->privsys));

	self->sfd = ASSERT_SYS(open(self->priv, O_RDWR));
	old_max = tt_param_read(TT_CORE_MODULE, "max_shm_per_ctx");
	ASSERT_SYS(tt_param_write(TT_CORE_MODULE, "max_shm_per_ctx", 1));
	fd1 = tt_shm_alloc(self->sfd, 4096, &id1, NULL);
	inv_start(&c[0], self->fd, self->s, HT_ALLOC, 4096, 0);
	SRECV(&q);
	i = tt_shm_alloc(self->sfd, 4096, &id1, NULL);
	q.p[1].c = 0;
	if (i < 0)
		ssend(self->sfd, &q, TEEC_ERROR_OUT_OF_MEMORY);
	else
		ssend(self->sfd, &q, HS_GARBAGE);
	tt_param_write(TT_CORE_MODULE, "max_shm_per_ctx", old_max);
	ASSERT_TRUE(inv_join(&c[0], 5000));
	ASSERT_LE(0, fd1);
	ASSERT_GT(0, i);
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, c[0].p[0].a);
	close(fd1);
	ASSERT_TRUE(hs_calls_clear(self->privsys));
	close(self->sfd);
	self->sfd = -1;
	ASSERT_TRUE(hs_shm_clear(self->privsys, self->shm_base));
}

TEST_HARNESS_MAIN
