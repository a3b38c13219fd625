// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz.c - randomized ioctl fuzzer for the TEE core on the test driver.
 *
 *   fuzz [-n CALLS] [-s SEED] [-T THREADS] [harness options]
 *   env: TEEKIT_FUZZ_CALLS, TEEKIT_FUZZ_SEED, TEEKIT_FUZZ_THREADS
 *
 * Several threads issue valid-ish and garbage ioctls on client nodes, the
 * supplicant node and shm fds: shm alloc/register/close/mmap/munmap,
 * open/invoke/cancel/close on the test TAs, random parameter types,
 * attributes, ids, lengths and unknown commands, while a supplicant thread
 * answers requests (sometimes after a garbage answer). The seed is printed
 * first; a run is reproducible per thread. At the end every fd is closed
 * and every counter of the device (contexts, sessions, shm objects and
 * bytes, supplicant pending) must be back to zero; the harness fails the
 * run on any kernel log report. Calls that would block forever (SLEEP 0,
 * SLOW_OPEN without a time, SUPPL_RECV from a fuzz thread) are avoided.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "harness.h"
#include "teetest.h"

static unsigned long long opt_calls = 100000;
static unsigned long long opt_seed;
static bool opt_seed_set;
static int opt_threads = 4;

#define MAX_FDS		3
#define MAX_SESS	32
#define MAX_SHM		16

struct shm_ent {
	int fd;		/* -1 when closed (but maybe still mapped) */
	int id;
	uint64_t size;
	void *map;
	size_t map_len;
	bool used;
};

struct fz {
	uint64_t rng;
	struct tt_dev *d;
	int common_fd;		/* shared by all threads, never closed */
	int pfd;		/* the supplicant node, shared */
	int fds[MAX_FDS];
	struct {
		int fd;
		uint32_t id;
	} sess[MAX_SESS];
	int nsess;
	struct shm_ent shm[MAX_SHM];
	uint8_t *buf;		/* 16 pages of own memory for SHM_REGISTER */
	unsigned long ops[16];
	unsigned long errors, successes;
};

static atomic_ullong calls_done;
static atomic_int stop_supp;

static uint64_t rnd(struct fz *f)
{
	/* xorshift64* */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545F4914F6CDD1Dull;
}

static uint64_t below(struct fz *f, uint64_t n)
{
	return n ? rnd(f) % n : 0;
}

static bool chance(struct fz *f, int pct)
{
	return (int)below(f, 100) < pct;
}

static uint64_t interesting(struct fz *f)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 8, 31, 32, 33, 255, 256, 4095, 4096, 4097, 65536,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
		0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, ~0ull - 1,
	};

	if (chance(f, 30))
		return rnd(f);
	return v[below(f, ARRAY_SIZE(v))];
}

static int any_client_fd(struct fz *f)
{
	int i = below(f, MAX_FDS + 1);

	if (i == MAX_FDS || f->fds[i] < 0)
		return f->common_fd;
	return f->fds[i];
}

static int any_fd(struct fz *f)
{
	switch (below(f, 6)) {
	case 0:
		return f->pfd;
	case 1: {
		struct shm_ent *s = &f->shm[below(f, MAX_SHM)];

		return s->used && s->fd >= 0 ? s->fd : f->common_fd;
	}
	case 2:
		return chance(f, 50) ? 0 : -1;
	default:
		return any_client_fd(f);
	}
}

static int any_shm_id(struct fz *f)
{
	struct shm_ent *s = &f->shm[below(f, MAX_SHM)];

	if (chance(f, 10))
		return interesting(f);
	return s->used ? s->id : (int)below(f, 64);
}

static void random_param(struct fz *f, struct tee_ioctl_param *p)
{
	static const uint64_t types[] = {
		TT_VAL_IN, TT_VAL_OUT, TT_VAL_INOUT, TT_MEM_IN, TT_MEM_OUT,
		TT_MEM_INOUT, 0,
	};
	struct shm_ent *s = &f->shm[below(f, MAX_SHM)];

	p->attr = types[below(f, ARRAY_SIZE(types))];
	if (chance(f, 3))
		p->attr |= TT_META;
	if (chance(f, 3))
		p->attr = interesting(f);
	if ((p->attr & 0xff) >= TT_MEM_IN && (p->attr & 0xff) <= TT_MEM_INOUT &&
	    !chance(f, 10)) {
		if (s->used && chance(f, 85)) {
			p->c = s->id;
			p->a = below(f, s->size + 2);
			p->b = below(f, s->size - (p->a < s->size ? p->a : s->size) + 2);
		} else {
			p->c = chance(f, 30) ? TEE_MEMREF_NULL : (uint64_t)any_shm_id(f);
			p->a = below(f, 8192);
			p->b = below(f, 8192);
		}
		return;
	}
	p->a = interesting(f);
	p->b = interesting(f);
	p->c = interesting(f);
}

/* Never block forever: SLEEP needs a small non-zero time. */
static void defuse(struct fz *f, uint32_t *func, struct tee_ioctl_param *p,
		   unsigned int n)
{
	if (*func == TT_CMD_SLEEP) {
		if (n == 0 || (p[0].attr & 0xff) != TT_VAL_IN || chance(f, 50)) {
			if (n == 0) {
				*func = TT_CMD_NOP;
				return;
			}
			p[0].attr = TT_VAL_IN;
		}
		p[0].a = 1 + below(f, 3);
	}
}

static void add_session(struct fz *f, int fd, uint32_t id)
{
	if (f->nsess < MAX_SESS) {
		f->sess[f->nsess].fd = fd;
		f->sess[f->nsess].id = id;
		f->nsess++;
	} else {
		tt_close_session(fd, id);
	}
}

static void op_open_session(struct fz *f)
{
	struct tee_ioctl_param p[4];
	unsigned int n = below(f, 5), i;
	uint8_t clnt[16];
	const char *uuid = TT_UUID_ECHO;
	uint32_t login = 0;
	struct tt_res r;
	int fd = any_client_fd(f);

	for (i = 0; i < n; i++)
		random_param(f, &p[i]);
	if (chance(f, 15)) {
		uuid = TT_UUID_SLOW_OPEN;
		if (n == 0)
			n = 1;
		tt_param(&p[0], TT_VAL_IN, 1 + below(f, 4), 0, 0);
	} else if (chance(f, 10)) {
		uuid = TT_UUID_NONE;
	}
	if (chance(f, 20))
		login = chance(f, 50) ? below(f, 8) : (uint32_t)interesting(f);
	memset(clnt, 0, sizeof(clnt));
	if (login == TEE_IOCTL_LOGIN_GROUP && chance(f, 50))
		memset(clnt, 0xff, 4);
	if (tt_open_session(fd, uuid, login, clnt, below(f, 4), p, n, &r) == 0) {
		f->successes++;
		if (r.ret == 0)
			add_session(f, fd, r.session);
	} else {
		f->errors++;
	}
}

static void op_invoke(struct fz *f)
{
	static const uint32_t cmds[] = {
		TT_CMD_NOP, TT_CMD_ADD, TT_CMD_COPY, TT_CMD_FILL, TT_CMD_SLEEP,
		TT_CMD_SUPP, TT_CMD_RET, TT_CMD_INFO, TT_CMD_CHECK_SHM, 99,
	};
	struct tee_ioctl_param p[6];
	unsigned int n = below(f, 7), i;
	uint32_t func = cmds[below(f, ARRAY_SIZE(cmds))];
	uint32_t sess;
	int fd;

	if (f->nsess && chance(f, 90)) {
		i = below(f, f->nsess);
		fd = chance(f, 90) ? f->sess[i].fd : any_client_fd(f);
		sess = f->sess[i].id;
	} else {
		fd = any_client_fd(f);
		sess = chance(f, 50) ? below(f, 16) : (uint32_t)interesting(f);
	}
	for (i = 0; i < n; i++)
		random_param(f, &p[i]);
	if (func == TT_CMD_SUPP && n > 0 && chance(f, 70)) {
		tt_param(&p[0], TT_VAL_IN, below(f, 16), 0, 0);
		for (i = 1; i < n && i < 4; i++)
			if ((p[i].attr & 0xff) > TT_VAL_INOUT)
				p[i].attr = TT_VAL_INOUT;
	}
	defuse(f, &func, p, n);
	if (tt_invoke(fd, sess, func, below(f, 4), p, n, NULL) == 0)
		f->successes++;
	else
		f->errors++;
}

static void op_close_session(struct fz *f)
{
	if (f->nsess && chance(f, 85)) {
		unsigned int i = below(f, f->nsess);

		if (tt_close_session(f->sess[i].fd, f->sess[i].id) == 0)
			f->successes++;
		f->sess[i] = f->sess[--f->nsess];
	} else {
		tt_close_session(any_client_fd(f), interesting(f));
	}
}

static struct shm_ent *free_shm(struct fz *f)
{
	unsigned int i;

	for (i = 0; i < MAX_SHM; i++)
		if (!f->shm[i].used)
			return &f->shm[i];
	return NULL;
}

static void op_shm_alloc(struct fz *f)
{
	struct tee_ioctl_shm_alloc_data d = {
		.size = chance(f, 90) ? 1 + below(f, 3 * 4096) : interesting(f),
		.flags = chance(f, 5) ? interesting(f) : 0,
	};
	struct shm_ent *s = free_shm(f);
	int fd = chance(f, 15) ? f->pfd : any_client_fd(f);
	int sfd;

	if (!s)
		return;
	sfd = ioctl(fd, TEE_IOC_SHM_ALLOC, &d);
	if (sfd < 0) {
		f->errors++;
		return;
	}
	f->successes++;
	*s = (struct shm_ent){ .fd = sfd, .id = d.id, .size = d.size, .used = true };
}

static void op_shm_register(struct fz *f)
{
	struct tee_ioctl_shm_register_data d;
	struct shm_ent *s = free_shm(f);
	uint64_t off = below(f, 8 * 4096);
	int sfd;

	if (!s)
		return;
	d.addr = (uintptr_t)f->buf + off;
	d.length = 1 + below(f, 16 * 4096 - off);
	d.flags = chance(f, 5) ? interesting(f) : 0;
	d.id = 0;
	if (chance(f, 10))
		d.addr = interesting(f);
	if (chance(f, 10))
		d.length = interesting(f);
	sfd = ioctl(chance(f, 15) ? f->pfd : any_client_fd(f),
		    TEE_IOC_SHM_REGISTER, &d);
	if (sfd < 0) {
		f->errors++;
		return;
	}
	f->successes++;
	*s = (struct shm_ent){ .fd = sfd, .id = d.id, .size = d.length, .used = true };
}

static void shm_drop(struct shm_ent *s)
{
	if (s->map)
		munmap(s->map, s->map_len);
	if (s->fd >= 0)
		close(s->fd);
	memset(s, 0, sizeof(*s));
}

static void op_shm_close_or_map(struct fz *f)
{
	struct shm_ent *s = &f->shm[below(f, MAX_SHM)];

	if (!s->used)
		return;
	switch (below(f, 4)) {
	case 0:			/* close the fd, keep any mapping */
		if (s->fd >= 0) {
			close(s->fd);
			s->fd = -1;
		}
		if (!s->map)
			memset(s, 0, sizeof(*s));
		break;
	case 1:			/* map */
		if (s->fd >= 0 && !s->map) {
			size_t len = chance(f, 80) ? (s->size + 4095) & ~4095ull
						   : 4096 * (1 + below(f, 4));
			void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
				       MAP_SHARED, s->fd, chance(f, 90) ? 0 : 4096);

			if (m != MAP_FAILED) {
				s->map = m;
				s->map_len = len;
				memset(m, (int)below(f, 256), len < 64 ? len : 64);
			}
		}
		break;
	case 2:			/* unmap */
		if (s->map) {
			munmap(s->map, s->map_len);
			s->map = NULL;
			if (s->fd < 0)
				memset(s, 0, sizeof(*s));
		}
		break;
	default:
		shm_drop(s);
		break;
	}
}

static void op_fd(struct fz *f)
{
	int i = below(f, MAX_FDS), j;

	if (f->fds[i] < 0) {
		f->fds[i] = tt_open_client(f->d);
		return;
	}
	/* forget this fd's sessions: the close ends them */
	for (j = 0; j < f->nsess; )
		if (f->sess[j].fd == f->fds[i])
			f->sess[j] = f->sess[--f->nsess];
		else
			j++;
	close(f->fds[i]);
	f->fds[i] = -1;
}

static void op_garbage(struct fz *f)
{
	static const unsigned long cmds[] = {
		TEE_IOC_VERSION, TEE_IOC_SHM_ALLOC, TEE_IOC_OPEN_SESSION,
		TEE_IOC_INVOKE, TEE_IOC_CANCEL, TEE_IOC_CLOSE_SESSION,
		TEE_IOC_SUPPL_SEND, TEE_IOC_SHM_REGISTER_FD, TEE_IOC_SHM_REGISTER,
		TEE_IOC_OBJECT_INVOKE, TEEKIT_IOC_CTX_STATS,
		_IOR(TEE_IOC_MAGIC, 11, struct tee_ioctl_buf_data),
		_IOWR(TEE_IOC_MAGIC, 0x41, __u64),
	};
	union {
		uint8_t raw[TEE_MAX_ARG_SIZE + 64];
		struct tee_ioctl_invoke_arg inv;
		struct tee_ioctl_open_session_arg open;
	} u;
	struct tee_ioctl_buf_data bd;
	unsigned long cmd = cmds[below(f, ARRAY_SIZE(cmds))];
	unsigned int i, n = below(f, 8);
	int fd = any_fd(f);

	for (i = 0; i < sizeof(u.raw); i += 8) {
		uint64_t v = chance(f, 50) ? 0 : rnd(f);

		memcpy(u.raw + i, &v, 8);
	}
	if (cmd == TEE_IOC_INVOKE || cmd == TEE_IOC_OPEN_SESSION ||
	    cmd == TEE_IOC_SUPPL_SEND || cmd == TEE_IOC_OBJECT_INVOKE) {
		unsigned int hdr = cmd == TEE_IOC_OPEN_SESSION ? 56 :
				   cmd == TEE_IOC_SUPPL_SEND ? 8 : 24;

		bd.buf_ptr = (uintptr_t)&u;
		bd.buf_len = hdr + 32 * n;
		if (chance(f, 30))
			bd.buf_len += below(f, 40) - 20;
		if (chance(f, 5))
			bd.buf_len = interesting(f);
		if (chance(f, 5))
			bd.buf_ptr = interesting(f);
		if (cmd == TEE_IOC_INVOKE) {
			u.inv.num_params = chance(f, 80) ? n : (uint32_t)interesting(f);
			if (u.inv.func == TT_CMD_SLEEP || chance(f, 50))
				u.inv.func = below(f, 4) == 0 ? TT_CMD_NOP : 99;
		} else if (cmd == TEE_IOC_OPEN_SESSION) {
			u.open.num_params = chance(f, 80) ? n : (uint32_t)interesting(f);
		} else {
			uint32_t nn = chance(f, 80) ? n : (uint32_t)interesting(f);

			memcpy(u.raw + (cmd == TEE_IOC_SUPPL_SEND ? 4 : 16), &nn, 4);
		}
		if (ioctl(fd, cmd, chance(f, 3) ? (void *)(uintptr_t)interesting(f) : &bd) == 0)
			f->successes++;
		else
			f->errors++;
		return;
	}
	i = ioctl(fd, cmd, chance(f, 5) ? (void *)(uintptr_t)interesting(f) : (void *)&u);
	if ((int)i >= 0 && (cmd == TEE_IOC_SHM_ALLOC || cmd == TEE_IOC_SHM_REGISTER))
		close(i);	/* not tracked: dropped at once */
}

static void op_misc(struct fz *f)
{
	struct tee_ioctl_version_data v;
	struct teekit_ioctl_ctx_stats st;

	switch (below(f, 4)) {
	case 0:
		ioctl(any_fd(f), TEE_IOC_VERSION, &v);
		break;
	case 1:
		ioctl(any_fd(f), TEEKIT_IOC_CTX_STATS, &st);
		break;
	case 2: {
		uint32_t s = f->nsess ? f->sess[below(f, f->nsess)].id : 0;

		tt_cancel(any_client_fd(f), below(f, 4), chance(f, 80) ? s : interesting(f));
		break;
	}
	default:
		/* a bad SUPPL_RECV never blocks: its buffer is malformed */
		tt_buf_ioctl(f->pfd, TEE_IOC_SUPPL_RECV, NULL, below(f, 8));
		break;
	}
}

static void *fuzz_thread(void *arg)
{
	struct fz *f = arg;
	unsigned int i;

	while (atomic_fetch_add(&calls_done, 1) < opt_calls) {
		unsigned int op = below(f, 12);

		f->ops[op]++;
		switch (op) {
		case 0:
			op_fd(f);
			break;
		case 1:
			op_shm_alloc(f);
			break;
		case 2:
			op_shm_register(f);
			break;
		case 3:
			op_shm_close_or_map(f);
			break;
		case 4:
		case 5:
			op_open_session(f);
			break;
		case 6:
		case 7:
		case 8:
			op_invoke(f);
			break;
		case 9:
			op_close_session(f);
			break;
		case 10:
			op_garbage(f);
			break;
		default:
			op_misc(f);
			break;
		}
	}
	for (i = 0; i < MAX_SHM; i++)
		if (f->shm[i].used)
			shm_drop(&f->shm[i]);
	for (i = 0; i < MAX_FDS; i++)
		if (f->fds[i] >= 0)
			close(f->fds[i]);
	return NULL;
}

struct supp_state {
	int pfd;
	uint64_t rng;
	unsigned long served, bad;
};

static void *supp_thread(void *arg)
{
	struct supp_state *s = arg;
	struct tee_ioctl_param p[8];
	uint32_t func, num;

	while (!atomic_load(&stop_supp)) {
		if (tt_supp_recv(s->pfd, &func, p, &num, 8, true))
			continue;	/* EINTR from the stop signal, or fuzz */
		if (num > 8)
			num = 8;
		s->rng = s->rng * 6364136223846793005ull + 1442695040888963407ull;
		if ((s->rng >> 60) == 0) {
			/* garbage first; the real answer follows */
			struct tee_ioctl_param g[2];

			tt_param(&g[0], TT_META | TT_VAL_INOUT, s->rng >> 16, 0, 0);
			tt_param(&g[1], s->rng & 0xffff, 0, 0, 0);
			if (tt_supp_send(s->pfd, 0, g, 1 + (s->rng >> 40) % 2) == 0)
				s->bad++;
		}
		if (num > 1)
			p[1].a += 1;
		if (tt_supp_send(s->pfd, (s->rng >> 20) & 1 ? 0 : TEEC_ERROR_GENERIC, p, num) == 0)
			s->served++;
	}
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

TEST_TIMEOUT(fuzz, 1800)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct supp_state ss = { 0 };
	struct fz *fz;
	pthread_t *t, st;
	struct tt_dev d;
	int common, pfd, i, j;
	unsigned long long seed = opt_seed;
	unsigned long ops[16] = { 0 }, errs = 0, oks = 0;
	uint64_t t0 = tt_now_ms();

	if (!opt_seed_set)
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	TH_LOG("seed: %llu (rerun with -s %llu), calls: %llu, threads: %d",
	       seed, seed, opt_calls, opt_threads);
	ASSERT_SYS(tt_setup(&d));
	ASSERT_EQ(0, tt_wait_counters_zero(&d, 2000));
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	common = ASSERT_SYS(tt_open_client(&d));
	pfd = ASSERT_SYS(tt_open_priv(&d));
	ss.pfd = pfd;
	ss.rng = seed ^ 0x5eed;
	ASSERT_EQ(0, pthread_create(&st, NULL, supp_thread, &ss));

	fz = calloc(opt_threads, sizeof(*fz));
	t = calloc(opt_threads, sizeof(*t));
	ASSERT_NE(NULL, fz);
	for (i = 0; i < opt_threads; i++) {
		fz[i].rng = (seed + 1) * 0x9E3779B97F4A7C15ull + i + 1;
		fz[i].d = &d;
		fz[i].common_fd = common;
		fz[i].pfd = pfd;
		for (j = 0; j < MAX_FDS; j++)
			fz[i].fds[j] = -1;
		fz[i].buf = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, fz[i].buf);
		ASSERT_EQ(0, pthread_create(&t[i], NULL, fuzz_thread, &fz[i]));
	}
	for (i = 0; i < opt_threads; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		for (j = 0; j < 16; j++)
			ops[j] += fz[i].ops[j];
		errs += fz[i].errors;
		oks += fz[i].successes;
	}
	atomic_store(&stop_supp, 1);
	for (i = 0; i < 500; i++) {
		pthread_kill(st, SIGUSR1);
		if (pthread_tryjoin_np(st, NULL) == 0)
			break;
		tt_msleep(10);
	}
	ASSERT_GT(500, i);
	TH_LOG("%llu calls in %llu ms: %lu ok, %lu errors; supplicant served %lu (%lu garbage answers accepted)",
	       opt_calls, (unsigned long long)(tt_now_ms() - t0), oks, errs,
	       ss.served, ss.bad);
	TH_LOG("ops: fd %lu alloc %lu reg %lu shm %lu open %lu invoke %lu close %lu garbage %lu misc %lu",
	       ops[0], ops[1], ops[2], ops[3], ops[4] + ops[5],
	       ops[6] + ops[7] + ops[8], ops[9], ops[10], ops[11]);
	close(common);
	close(pfd);
	if (tt_wait_counters_zero(&d, 5000)) {
		static const char * const names[] = {
			"contexts", "sessions", "shm_count", "shm_bytes", "pending",
		};

		for (i = 0; i < (int)ARRAY_SIZE(names); i++)
			TH_LOG("%s = %lld", names[i], tt_counter(&d, names[i]));
		FAIL("counters not back to zero: leaked objects");
	}
	/* the device still works */
	common = ASSERT_SYS(tt_open_client(&d));
	ASSERT_LE(0, tt_open_echo(common));
	close(common);
	for (i = 0; i < opt_threads; i++)
		munmap(fz[i].buf, 16 * 4096);
	free(fz);
	free(t);
}

/* -n/-s/-T are ours; everything else goes to the harness */
int main(int argc, char **argv)
{
	char **rest = calloc(argc + 1, sizeof(char *));
	const char *e;
	int i, n = 0;

	e = getenv("TEEKIT_FUZZ_CALLS");
	if (e)
		opt_calls = strtoull(e, NULL, 0);
	e = getenv("TEEKIT_FUZZ_SEED");
	if (e) {
		opt_seed = strtoull(e, NULL, 0);
		opt_seed_set = true;
	}
	e = getenv("TEEKIT_FUZZ_THREADS");
	if (e)
		opt_threads = atoi(e);
	rest[n++] = argv[0];
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			opt_calls = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			opt_seed = strtoull(argv[++i], NULL, 0);
			opt_seed_set = true;
		} else if (!strcmp(argv[i], "-T") && i + 1 < argc) {
			opt_threads = atoi(argv[++i]);
		} else {
			rest[n++] = argv[i];
		}
	}
	if (opt_threads < 1 || opt_threads > 64)
		opt_threads = 4;
	return th_main(n, rest);
}
