// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_tos.c - a hostile trusted-OS emulator against the sim driver.
 *
 * Processes, all forked by the test:
 *   emulator   the OS channel: forwards opens to live, dead and unknown
 *              instances, answers them itself (also twice, also with the
 *              wrong shape), creates and deletes instances at random, and
 *              respawns the instance processes that die;
 *   instances  each in its own process with three threads: answers with
 *              random results, shapes and sizes, answers twice or never,
 *              exits mid-call; RPCs of every kind with bogus cookies,
 *              ranges, sessions and flags; SHM_FREE of cookies it does
 *              not own; mmap of random cookies, lengths, offsets and
 *              protections, mprotect upgrades, mremap;
 *   clients    real client processes (two threads each) opening, invoking
 *              with values and memrefs of allocated and registered memory,
 *              cancelling and closing, checking that an input-only buffer
 *              never changes;
 *   supplicant serves SHM_ALLOC/FREE, answers the rest at random.
 * Meanwhile the test kills instance processes, clients, the supplicant
 * and the emulator and starts them again.  At the end the emulator dies
 * and every client must end within 20 s; every error a client saw must be
 * a defined one; a read-only view must never have been writable; the
 * conduit must hold no call nor channel; the runner checks the kernel log
 * and that the modules unload.
 *
 * TEEKIT_FUZZ_SECONDS (default 20) sets the duration, TEEKIT_FUZZ_SEED the
 * seed (printed; the run is not deterministic, the choices are).  For runs
 * over a few minutes also set TEEKIT_TIMEOUT_MULT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"
#include "fake_tos.h"
#include "sim_env.h"

#define PG		4096
#define NINST		3
#define NCLIENTS	3
#define NUUIDS		3
#define MAX_KNOWN	64
#define NSLOTS		6

static const char *const fuzz_uuids[NUUIDS] = {
	"f0220000-0000-4000-8000-000000000001",
	"f0220000-0000-4000-8000-000000000002",
	"f0220000-0000-4000-8000-000000000003",
};

/* ---- state shared by every process of the run ---- */

struct shared {
	atomic_int stop;
	atomic_int inst_pid[NINST];
	atomic_llong opens, invokes, closes, cancels, shm_ops, ta_errors;
	atomic_llong calls, rpcs, maps, faults, answers, xfer_errors;
	atomic_int unexpected;
	atomic_int input_changed;
	atomic_int ro_writable;
	char what[256];
};

static struct shared *sh;
static char clnt_path[32], priv_path[32];

static void __printf(1, 2) unexpected(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&sh->unexpected, 1))
		return;
	va_start(ap, fmt);
	vsnprintf(sh->what, sizeof(sh->what), fmt, ap);
	va_end(ap);
}

/* ---- per-thread PRNG ---- */

static uint64_t base_seed;
static __thread uint64_t rs;

static void rnd_init(uint64_t salt)
{
	rs = base_seed ^ (salt * 0x9e3779b97f4a7c15ull) ^
	     ((uint64_t)getpid() << 20) ^ (uint64_t)pthread_self();
	if (!rs)
		rs = 1;
}

static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static unsigned int pct(void)
{
	return rnd() % 100;
}

/* ---- faults ---- */

static __thread sigjmp_buf probe_jb;
static __thread volatile sig_atomic_t probing;

static void probe_handler(int sig)
{
	if (probing)
		siglongjmp(probe_jb, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void probe_init(void)
{
	struct sigaction sa = { .sa_handler = probe_handler,
				.sa_flags = SA_NODEFER };

	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

/* Touch @p; 0 if it worked, else the signal */
static int touch(volatile uint8_t *p, bool write)
{
	int sig = sigsetjmp(probe_jb, 1);
	uint8_t v;

	if (sig) {
		probing = 0;
		atomic_fetch_add(&sh->faults, 1);
		return sig;
	}
	probing = 1;
	v = *p;
	if (write)
		*p = v ^ 0x5a;
	probing = 0;
	return 0;
}

/* ---- XFER errors a hostile sender may get ---- */

static void xfer_errno_ok(int err, const char *where)
{
	atomic_fetch_add(&sh->xfer_errors, 1);
	switch (err) {
	case EINVAL: case ENOENT: case EPROTO: case EAGAIN: case EBUSY:
	case EINTR: case ENODEV: case ENOTCONN: case ENOMEM:
		return;
	}
	unexpected("%s: XFER errno %d (%s)", where, err, strerror(err));
}

/* ---- an instance process ---- */

struct known {
	uint64_t cookie;	/* as received (RO bit as given) */
	uint32_t pages;
	bool owned;
};

struct mapping {
	void *addr;
	size_t len;
	uint64_t cookie;
};

static struct {
	int fd;
	pthread_mutex_t lock;
	struct known known[MAX_KNOWN];
	int nknown;
	struct mapping maps[MAX_KNOWN];
	uint32_t sessions[16];
} in;

static void known_add(uint64_t cookie, uint32_t pages, bool owned)
{
	int i;

	if (!cookie)
		return;
	pthread_mutex_lock(&in.lock);
	for (i = 0; i < in.nknown; i++)
		if (in.known[i].cookie == cookie)
			goto out;
	i = in.nknown < MAX_KNOWN ? in.nknown++ : (int)(rnd() % MAX_KNOWN);
	in.known[i].cookie = cookie;
	in.known[i].pages = pages;
	in.known[i].owned = owned;
out:
	pthread_mutex_unlock(&in.lock);
}

static struct known known_pick(void)
{
	struct known k = { 0 };

	pthread_mutex_lock(&in.lock);
	if (in.nknown)
		k = in.known[rnd() % in.nknown];
	pthread_mutex_unlock(&in.lock);
	return k;
}

/* A cookie to name: known, its other view, or made up */
static uint64_t cookie_pick(uint32_t *pages)
{
	struct known k = known_pick();
	unsigned int r = pct();

	*pages = k.pages ? k.pages : 1 + rnd() % 4;
	if (r < 60 && k.cookie)
		return k.cookie;
	if (r < 80 && k.cookie)
		return k.cookie ^ TKSIM_COOKIE_RO;
	if (r < 85)
		return 0;
	if (r < 95)
		return (rnd() % 4096) << 32 | (rnd() & 1 ? TKSIM_COOKIE_RO : 0);
	return rnd();
}

static void maps_forget(uint64_t rw_cookie)
{
	int i;

	pthread_mutex_lock(&in.lock);
	for (i = 0; i < MAX_KNOWN; i++) {
		if (in.maps[i].addr &&
		    (in.maps[i].cookie & ~TKSIM_COOKIE_RO) == rw_cookie) {
			munmap(in.maps[i].addr, in.maps[i].len);
			in.maps[i].addr = NULL;
		}
	}
	for (i = 0; i < in.nknown; i++) {
		if ((in.known[i].cookie & ~TKSIM_COOKIE_RO) == rw_cookie) {
			in.known[i] = in.known[--in.nknown];
			i--;
		}
	}
	pthread_mutex_unlock(&in.lock);
}

/* mmap a cookie at random; keep the mapping, or touch and drop it */
static void fuzz_mmap(void)
{
	uint32_t pages;
	uint64_t cookie = cookie_pick(&pages);
	int prot = pct() < 50 ? PROT_READ : PROT_READ | PROT_WRITE;
	size_t len = (size_t)(pct() < 80 ? pages : 1 + rnd() % (pages + 2)) *
		     PG;
	uint64_t off = pct() < 90 ? 0 : (rnd() % 3) * PG;
	uint8_t *m, *m2;
	size_t i;
	int slot;

	if (pct() < 3)
		len = rnd() % (1 << 24);
	m = mmap(NULL, len, prot, pct() < 95 ? MAP_SHARED : MAP_PRIVATE,
		 in.fd, cookie + off);
	atomic_fetch_add(&sh->maps, 1);
	if (m == MAP_FAILED)
		return;
	if ((cookie & TKSIM_COOKIE_RO) && (prot & PROT_WRITE) && cookie)
		atomic_fetch_add(&sh->ro_writable, 1);
	for (i = 0; i < len && i < 8 * PG; i += PG)
		touch(m + i, prot & PROT_WRITE);
	if (pct() < 30 && !mprotect(m, len, PROT_READ | PROT_WRITE) &&
	    (cookie & TKSIM_COOKIE_RO))
		atomic_fetch_add(&sh->ro_writable, 1);
	if (pct() < 20) {
		m2 = mremap(m, len, len + PG, MREMAP_MAYMOVE);
		if (m2 != MAP_FAILED) {
			m = m2;
			len += PG;
			touch(m + len - PG, false);
		}
	}
	if (pct() < 10) {
		/* move it onto a place of its own */
		void *to = mmap(NULL, len, PROT_NONE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (to != MAP_FAILED) {
			m2 = mremap(m, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
				    to);
			if (m2 != MAP_FAILED)
				m = m2;
			else
				munmap(to, len);
		}
	}
	pthread_mutex_lock(&in.lock);
	slot = rnd() % MAX_KNOWN;
	if (in.maps[slot].addr)
		munmap(in.maps[slot].addr, in.maps[slot].len);
	in.maps[slot].addr = m;
	in.maps[slot].len = len;
	in.maps[slot].cookie = cookie;
	pthread_mutex_unlock(&in.lock);
}

static const uint32_t rpc_cmds[] = {
	TKSIM_RPC_GET_TIME, TKSIM_RPC_SUSPEND, TKSIM_RPC_SHM_ALLOC,
	TKSIM_RPC_SHM_FREE, TKSIM_RPC_LOAD_TA, TKSIM_RPC_FS,
	TKSIM_RPC_NOTIFICATION, TKSIM_RPC_TA_OPEN, TKSIM_RPC_TA_INVOKE,
	TKSIM_RPC_TA_CLOSE, TKSIM_RPC_SUPP_PLUGIN, 0x7e57, 0xdead,
};

static void random_param(struct tksim_param *p)
{
	static const uint32_t types[] = { 0, 1, 2, 3, 5, 6, 7 };
	uint32_t pages;

	memset(p, 0, sizeof(*p));
	p->attr = types[rnd() % ARRAY_SIZE(types)];
	if (p->attr >= TKSIM_PARAM_MEMREF_INPUT) {
		p->c = cookie_pick(&pages);
		p->a = pct() < 80 ? rnd() % (pages * PG) : rnd();
		p->b = pct() < 80 ? rnd() % (pages * PG) : rnd();
	} else {
		p->a = rnd() % 8;
		p->b = pct() < 50 ? rnd() % 8 : rnd();
		p->c = rnd();
	}
}

/* One RPC for @call_id, shaped at random */
static void fuzz_rpc(uint64_t call_id)
{
	struct tksim_xfer r;
	uint32_t n, cmd;

	memset(&r, 0, sizeof(r));
	r.call_id = call_id;
	cmd = rpc_cmds[rnd() % ARRAY_SIZE(rpc_cmds)];
	r.msg.cmd = cmd;
	n = rnd() % 3;
	switch (cmd) {
	case TKSIM_RPC_SUSPEND:
		n = 1;
		r.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
		r.msg.params[0].a = rnd() % 5;
		break;
	case TKSIM_RPC_SHM_ALLOC:
		n = 1;
		r.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
		r.msg.params[0].a = pct() < 95 ? 0 : 1;
		r.msg.params[0].b = pct() < 90 ? 1 + rnd() % (64 * 1024) :
				    rnd();
		break;
	case TKSIM_RPC_SHM_FREE:
		n = 1;
		r.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
		r.msg.params[0].b = cookie_pick(&n);
		n = 1;
		break;
	case TKSIM_RPC_GET_TIME:
		n = 1;
		r.msg.params[0].attr = TKSIM_PARAM_VALUE_OUTPUT;
		break;
	default:
		for (uint32_t i = 0; i < n; i++)
			random_param(&r.msg.params[i]);
		break;
	}
	if (pct() < 10)
		random_param(&r.msg.params[rnd() % TKSIM_MAX_PARAMS]);
	r.msg.num_params = pct() < 97 ? n : rnd() % 6;
	if (cmd == TKSIM_RPC_TA_OPEN || cmd == TKSIM_RPC_TA_INVOKE) {
		r.msg.flags = rnd() % 4;
		r.msg.cancel_id = pct() < 50 ? 1 + rnd() % 50 : 0xffffffff;
	}
	if (pct() < 3)
		r.msg.flags = rnd();
	if (cmd == TKSIM_RPC_TA_OPEN)
		tt_uuid_parse(fuzz_uuids[rnd() % NUUIDS], r.msg.uuid);
	if (cmd == TKSIM_RPC_TA_INVOKE || cmd == TKSIM_RPC_TA_CLOSE)
		r.msg.session = pct() < 70 ? in.sessions[rnd() % 16] :
				(uint32_t)rnd() % 64;
	r.op = TKSIM_OP_RPC;
	atomic_fetch_add(&sh->rpcs, 1);
	if (ioctl(in.fd, TKSIM_IOC_XFER, &r)) {
		if (errno == ENODEV)
			_exit(0);
		xfer_errno_ok(errno, "instance RPC");
		return;
	}
	if (r.kind != TKSIM_KIND_RPC_RESULT || r.call_id != call_id)
		unexpected("RPC 0x%x: kind %u call %llu, not its result", cmd,
			   r.kind, (unsigned long long)r.call_id);
	if (r.msg.ret)
		return;
	if (cmd == TKSIM_RPC_SHM_ALLOC)
		known_add(r.msg.params[0].c, r.msg.params[0].map_pages, true);
	if (cmd == TKSIM_RPC_TA_OPEN)
		in.sessions[rnd() % 16] = r.msg.session;
}

/* A garbage XFER that must fail or do nothing harmful */
static void fuzz_garbage(uint64_t call_id)
{
	struct tksim_xfer g;
	uint8_t *b = (uint8_t *)&g;
	size_t i;

	memset(&g, 0, sizeof(g));
	switch (rnd() % 5) {
	case 0:
		for (i = 0; i < sizeof(g); i++)
			b[i] = rnd();
		break;
	case 1:
		g.op = TKSIM_OP_FORWARD;
		g.call_id = call_id;
		g.msg.instance = rnd() % 8;
		break;
	case 2:
		g.op = TKSIM_OP_RETURN;
		g.call_id = call_id + rnd() % 5 - 2;
		break;
	case 3:
		g.op = rnd() % 6;
		g.reserved = pct() < 50;
		g.msg.num_params = rnd() % 8;
		break;
	default:
		g.op = TKSIM_OP_RETURN;
		g.call_id = rnd() % 100000;
		break;
	}
	g.flags = TKSIM_XFER_NO_RECV | (pct() < 30 ? TKSIM_XFER_NONBLOCK : 0);
	if (pct() < 10)
		g.flags = rnd();
	if (g.op == TKSIM_OP_RPC || (g.flags & ~3u))
		g.flags = TKSIM_XFER_NO_RECV;	/* never block on garbage */
	if (ioctl(in.fd, TKSIM_IOC_XFER, &g)) {
		if (errno == ENODEV)
			_exit(0);
		xfer_errno_ok(errno, "instance garbage");
	}
}

/* Shape the answer to a call in @x (op RETURN), at random */
static void make_answer(struct tksim_xfer *x)
{
	uint32_t i;

	x->op = TKSIM_OP_RETURN;
	x->flags = 0;
	x->msg.flags = 0;
	x->msg.ret = pct() < 70 ? 0 : (pct() < 50 ? 0xFFFF0000u + rnd() % 20 :
					(uint32_t)rnd());
	x->msg.ret_origin = pct() < 90 ? 4 : 1 + rnd() % 4;
	for (i = 0; i < x->msg.num_params; i++) {
		struct tksim_param *p = x->msg.params + i;

		if (p->attr >= TKSIM_PARAM_MEMREF_INPUT)
			p->b = pct() < 80 ? rnd() % (p->b + 1) : rnd();
		else
			p->a = rnd();
	}
	if (pct() < 3) {
		/* the wrong shape or origin: the call fails (EPROTO) */
		if (pct() < 50)
			x->msg.num_params = (x->msg.num_params + 1) % 5;
		else
			x->msg.ret_origin = 7;
	}
}

static void *instance_thread(void *arg)
{
	struct tksim_xfer x;
	uint64_t call;
	int k;

	rnd_init((uintptr_t)arg);
	probe_init();
	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(in.fd, TKSIM_IOC_XFER, &x)) {
			if (errno == ENODEV)
				_exit(0);
			xfer_errno_ok(errno, "instance XFER");
			memset(&x, 0, sizeof(x));
			continue;
		}
		if (x.kind == TKSIM_KIND_NOTICE) {
			if (x.msg.cmd == TKSIM_NOTE_SHM_GONE)
				maps_forget(x.msg.params[0].c);
			memset(&x, 0, sizeof(x));
			continue;
		}
		if (x.kind != TKSIM_KIND_CALL) {
			memset(&x, 0, sizeof(x));
			continue;
		}
		atomic_fetch_add(&sh->calls, 1);
		call = x.call_id;
		for (k = 0; k < (int)x.msg.num_params; k++)
			if (x.msg.params[k].attr >= TKSIM_PARAM_MEMREF_INPUT)
				known_add(x.msg.params[k].c,
					  x.msg.params[k].map_pages, false);
		for (k = rnd() % 4; k > 0; k--) {
			unsigned int r = pct();

			if (r < 40)
				fuzz_mmap();
			else if (r < 85)
				fuzz_rpc(call);
			else
				fuzz_garbage(call);
		}
		k = pct();
		if (k < 2)
			_exit(0);		/* dies mid-call */
		if (k < 4) {
			memset(&x, 0, sizeof(x));	/* never answers */
			continue;
		}
		make_answer(&x);
		atomic_fetch_add(&sh->answers, 1);
		if (k < 8) {
			/* answered twice: the second gets ENOENT */
			struct tksim_xfer y = x;

			y.flags = TKSIM_XFER_NO_RECV;
			if (!ioctl(in.fd, TKSIM_IOC_XFER, &y) &&
			    !ioctl(in.fd, TKSIM_IOC_XFER, &x))
				unexpected("a call answered twice");
			memset(&x, 0, sizeof(x));
		}
	}
	return NULL;
}

/* The third thread: maps and unmaps while the others serve */
static void *instance_mapper(void *arg)
{
	rnd_init((uintptr_t)arg);
	probe_init();
	for (;;) {
		fuzz_mmap();
		if (pct() < 30)
			maps_forget(known_pick().cookie & ~TKSIM_COOKIE_RO);
		usleep(500 + rnd() % 2000);
	}
	return NULL;
}

static void __attribute__((noreturn)) instance_main(int fd, int k)
{
	pthread_t t;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	in.fd = fd;
	pthread_mutex_init(&in.lock, NULL);
	probe_init();
	pthread_create(&t, NULL, instance_thread, (void *)(uintptr_t)(k * 3 + 1));
	pthread_create(&t, NULL, instance_mapper, (void *)(uintptr_t)(k * 3 + 2));
	instance_thread((void *)(uintptr_t)(k * 3 + 3));
	_exit(0);
}

/* ---- the emulator process ---- */

static struct {
	int osfd;
	pthread_mutex_t lock;
	uint32_t ids[NINST];
	uint8_t uuids[NUUIDS][16];
} em;

/* Start instance process @k (lock held) */
static void spawn_instance(int k)
{
	struct tksim_instance ti = { 0 };
	pid_t pid;
	int fd;

	if (ioctl(em.osfd, TKSIM_IOC_INSTANCE_NEW, &ti)) {
		if (errno == ENODEV)
			_exit(0);
		return;
	}
	fd = fk_open();
	if (fd < 0)
		return;
	pid = fork();
	if (!pid) {
		close(em.osfd);
		if (fk_attach_instance(fd, ti.instance))
			_exit(1);
		instance_main(fd, k);
	}
	close(fd);
	em.ids[k] = ti.instance;
	atomic_store(&sh->inst_pid[k], pid);
}

static void instance_died(uint32_t id)
{
	int k;

	pthread_mutex_lock(&em.lock);
	for (k = 0; k < NINST; k++)
		if (em.ids[k] == id)
			spawn_instance(k);
	pthread_mutex_unlock(&em.lock);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void *os_thread(void *arg)
{
	struct tksim_xfer x;
	unsigned int r;

	rnd_init((uintptr_t)arg);
	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(em.osfd, TKSIM_IOC_XFER, &x)) {
			if (errno == ENODEV)
				_exit(0);
			xfer_errno_ok(errno, "OS XFER");
			memset(&x, 0, sizeof(x));
			continue;
		}
		if (x.kind == TKSIM_KIND_NOTICE) {
			if (x.msg.cmd == TKSIM_NOTE_INSTANCE_DEAD)
				instance_died(x.msg.instance);
			memset(&x, 0, sizeof(x));
			continue;
		}
		if (x.kind != TKSIM_KIND_CALL) {
			memset(&x, 0, sizeof(x));
			continue;
		}
		x.flags = 0;
		x.msg.flags = 0;
		r = pct();
		if (x.msg.cmd != TKSIM_CMD_OPEN_SESSION || r >= 85) {
			/* answer it here: a pseudo TA, or an error */
			make_answer(&x);
		} else if (r < 70) {
			x.op = TKSIM_OP_FORWARD;
			x.msg.instance = em.ids[rnd() % NINST];
		} else if (r < 78) {
			x.op = TKSIM_OP_FORWARD;
			x.msg.instance = pct() < 50 ? (uint32_t)rnd() :
					 em.ids[0] + 1 + rnd() % 4;
		} else {
			/* forward, then forward or answer again */
			struct tksim_xfer y = x;

			y.op = TKSIM_OP_FORWARD;
			y.flags = TKSIM_XFER_NO_RECV;
			y.msg.instance = em.ids[rnd() % NINST];
			if (ioctl(em.osfd, TKSIM_IOC_XFER, &y))
				xfer_errno_ok(errno, "OS forward");
			make_answer(&x);
		}
	}
	return NULL;
}

/* Instance ops at random: DEL of live and made-up ids, NEW left unused */
static void *os_chaos(void *arg)
{
	struct tksim_instance ti;
	int leaked = 0;

	rnd_init((uintptr_t)arg);
	for (;;) {
		usleep(2000 + rnd() % 20000);
		memset(&ti, 0, sizeof(ti));
		switch (rnd() % 6) {
		case 0:
			ti.instance = em.ids[rnd() % NINST];
			ioctl(em.osfd, TKSIM_IOC_INSTANCE_DEL, &ti);
			break;
		case 1:
			ti.instance = rnd() % 64;
			ioctl(em.osfd, TKSIM_IOC_INSTANCE_DEL, &ti);
			break;
		case 2:
			if (leaked++ < 16)
				ioctl(em.osfd, TKSIM_IOC_INSTANCE_NEW, &ti);
			break;
		case 3:
			if (!ioctl(em.osfd, TKSIM_IOC_INSTANCE_NEW, &ti)) {
				ioctl(em.osfd, TKSIM_IOC_INSTANCE_DEL, &ti);
				ioctl(em.osfd, TKSIM_IOC_INSTANCE_DEL, &ti);
			}
			break;
		case 4:
			ti.flags = rnd();
			ti.reserved = rnd();
			ioctl(em.osfd, TKSIM_IOC_INSTANCE_NEW, &ti);
			/* any number but XFER's, which would receive */
			ioctl(em.osfd, _IOWR(TKSIM_IOC_MAGIC,
					     TKSIM_IOC_BASE + 6 + rnd() % 64,
					     struct tksim_xfer), &ti);
			break;
		default:
			mmap(NULL, PG, PROT_READ, MAP_SHARED, em.osfd,
			     (rnd() % 64) << 32);
			break;
		}
	}
	return NULL;
}

static void __attribute__((noreturn)) emulator_main(void)
{
	pthread_t t;
	int k, i;

	setpgid(0, 0);		/* killpg() ends it with its instances */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	rnd_init(1000);
	pthread_mutex_init(&em.lock, NULL);
	for (i = 0; i < NUUIDS; i++)
		tt_uuid_parse(fuzz_uuids[i], em.uuids[i]);
	em.osfd = fk_open();
	if (em.osfd < 0)
		_exit(1);
	/* the previous emulator's channel may be dying still */
	for (i = 0; fk_attach_os(em.osfd); i++) {
		if (errno != EBUSY || i > 200)
			_exit(1);
		tt_msleep(10);
	}
	pthread_mutex_lock(&em.lock);
	for (k = 0; k < NINST; k++)
		spawn_instance(k);
	pthread_mutex_unlock(&em.lock);
	pthread_create(&t, NULL, os_thread, (void *)1001);
	pthread_create(&t, NULL, os_chaos, (void *)1002);
	os_thread((void *)1003);
	_exit(0);
}

/* ---- the supplicant process ---- */

static void __attribute__((noreturn)) supplicant_main(void)
{
	struct tee_ioctl_param p[5];
	static int shmfds[1024];
	uint32_t func, num, ret;
	int fd, id, sfd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	rnd_init(2000);
	/* the killed supplicant's file may still be going away */
	for (id = 0; (fd = open(priv_path, O_RDWR)) < 0; id++) {
		if (errno != EBUSY || id > 500)
			_exit(1);
		tt_msleep(10);
	}
	for (;;) {
		if (tt_supp_recv(fd, &func, p, &num, 5, true))
			_exit(1);
		ret = 0;
		if (func == TKSIM_RPC_SHM_ALLOC) {
			sfd = tt_shm_alloc(fd, p[1].b, &id, NULL);
			if (sfd < 0 || id >= 1024 || pct() < 3) {
				ret = TEEC_ERROR_OUT_OF_MEMORY;
				if (sfd >= 0)
					close(sfd);
			} else {
				shmfds[id] = sfd;
				p[1].c = pct() < 97 ? (uint64_t)id : rnd();
			}
		} else if (func == TKSIM_RPC_SHM_FREE) {
			id = p[1].b;
			if (id > 0 && id < 1024 && shmfds[id] > 0) {
				close(shmfds[id]);
				shmfds[id] = 0;
			}
		} else {
			ret = pct() < 60 ? 0 : TEEC_ERROR_ITEM_NOT_FOUND;
			if (pct() < 5)
				usleep(rnd() % 20000);
		}
		if (tt_supp_send(fd, ret, p, num) && errno != EINVAL &&
		    errno != ENOENT)
			_exit(1);
	}
}

/* ---- client processes ---- */

struct slot {
	int fd, id;
	uint8_t *map;
	size_t size;
	bool input_only, registered;
	uint8_t seed;
};

static void slot_fill(struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i += 64)
		s->map[i] = (uint8_t)(s->seed + i / 64);
}

static bool slot_intact(const struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i += 64)
		if (s->map[i] != (uint8_t)(s->seed + i / 64))
			return false;
	return true;
}

static void slot_free(struct slot *s)
{
	if (s->fd < 0)
		return;
	if (s->registered)
		close(s->fd);
	if (s->map)
		munmap(s->map, s->size);
	if (!s->registered)
		close(s->fd);
	s->fd = -1;
	s->map = NULL;
}

static void slot_new(int tfd, struct slot *s, int idx)
{
	s->size = (1 + rnd() % 4) * PG;
	s->input_only = idx < 2;
	s->registered = pct() < 40;
	s->seed = rnd();
	s->fd = -1;
	if (s->registered) {
		s->map = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (s->map == MAP_FAILED) {
			s->map = NULL;
			return;
		}
		slot_fill(s);
		s->fd = tt_shm_register(tfd, s->map, s->size, &s->id);
		if (s->fd < 0) {
			munmap(s->map, s->size);
			s->map = NULL;
		}
		return;
	}
	s->fd = tt_shm_alloc(tfd, s->size, &s->id, NULL);
	if (s->fd < 0)
		return;
	s->map = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      s->fd, 0);
	if (s->map == MAP_FAILED) {
		close(s->fd);
		s->fd = -1;
		s->map = NULL;
		return;
	}
	slot_fill(s);
}

static struct {
	int fd;
	atomic_uint sessions[8];
} cl;

static void client_errno(int err, const char *op)
{
	switch (err) {
	case EINVAL: case ENOMEM: case EMFILE: case ENOSPC: case EINTR:
		return;
	}
	unexpected("client %s: errno %d (%s)", op, err, strerror(err));
}

static void client_check_res(const struct tt_res *res, const char *op)
{
	if (res->ret)
		atomic_fetch_add(&sh->ta_errors, 1);
	if (res->ret && (res->origin < 1 || res->origin > 4))
		unexpected("client %s: ret 0x%x with origin %u", op, res->ret,
			   res->origin);
}

static void client_invoke(struct slot *slots)
{
	struct tee_ioctl_param p[TKSIM_MAX_PARAMS];
	static const uint32_t vtypes[] = { TT_VAL_IN, TT_VAL_OUT, TT_VAL_INOUT };
	static const uint32_t mtypes[] = { TT_MEM_IN, TT_MEM_OUT, TT_MEM_INOUT };
	unsigned int n = rnd() % 5, i;
	struct tt_res res;
	uint32_t sess;

	for (i = 0; i < n; i++) {
		struct slot *s = &slots[rnd() % NSLOTS];
		uint64_t off, len;

		if (pct() < 40 || s->fd < 0) {
			tt_param(&p[i], vtypes[rnd() % 3], rnd(), rnd(), rnd());
			continue;
		}
		off = rnd() % s->size;
		len = rnd() % (s->size - off + 1);
		if (pct() < 3)
			len = s->size + 1;	/* out of bounds: EINVAL */
		tt_memref(&p[i], s->input_only ? TT_MEM_IN : mtypes[rnd() % 3],
			  s->id, off, len);
	}
	sess = pct() < 90 ? atomic_load(&cl.sessions[rnd() % 8]) : rnd() % 64;
	atomic_fetch_add(&sh->invokes, 1);
	if (tt_invoke(cl.fd, sess, rnd() % 8, rnd() % 4, p, n, &res))
		client_errno(errno, "invoke");
	else
		client_check_res(&res, "invoke");
	for (i = 0; i < NSLOTS; i++)
		if (slots[i].fd >= 0 && slots[i].input_only &&
		    !slot_intact(&slots[i]) &&
		    !atomic_fetch_add(&sh->input_changed, 1))
			unexpected("an input-only buffer (%s) was changed",
				   slots[i].registered ? "registered" :
				   "allocated");
}

static void *client_thread(void *arg)
{
	struct slot slots[NSLOTS];
	struct tt_res res;
	int i;

	rnd_init((uintptr_t)arg);
	for (i = 0; i < NSLOTS; i++)
		slot_new(cl.fd, &slots[i], i);
	while (!atomic_load(&sh->stop)) {
		unsigned int r = pct();

		if (r < 15) {
			atomic_fetch_add(&sh->opens, 1);
			if (tt_open_session(cl.fd, pct() < 95 ?
					    fuzz_uuids[rnd() % NUUIDS] :
					    FK_UUID_NONE,
					    TEE_IOCTL_LOGIN_PUBLIC, NULL,
					    rnd() % 4, NULL, 0, &res))
				client_errno(errno, "open");
			else if (!res.ret)
				atomic_store(&cl.sessions[rnd() % 8],
					     res.session);
			else
				client_check_res(&res, "open");
		} else if (r < 75) {
			client_invoke(slots);
		} else if (r < 82) {
			atomic_fetch_add(&sh->cancels, 1);
			if (tt_cancel(cl.fd, rnd() % 4,
				      pct() < 50 ? 0 :
				      atomic_load(&cl.sessions[rnd() % 8])))
				client_errno(errno, "cancel");
		} else if (r < 90) {
			atomic_fetch_add(&sh->closes, 1);
			i = rnd() % 8;
			if (tt_close_session(cl.fd,
					     atomic_exchange(&cl.sessions[i], 0)) &&
			    errno != EINVAL)
				client_errno(errno, "close");
		} else {
			atomic_fetch_add(&sh->shm_ops, 1);
			i = rnd() % NSLOTS;
			slot_free(&slots[i]);
			slot_new(cl.fd, &slots[i], i);
		}
	}
	for (i = 0; i < NSLOTS; i++) {
		if (slots[i].fd >= 0 && slots[i].input_only &&
		    !slot_intact(&slots[i]))
			atomic_fetch_add(&sh->input_changed, 1);
		slot_free(&slots[i]);
	}
	return NULL;
}

static void __attribute__((noreturn)) client_main(int idx)
{
	pthread_t t;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	rnd_init(3000 + idx);
	cl.fd = open(clnt_path, O_RDWR);
	if (cl.fd < 0)
		_exit(1);
	pthread_create(&t, NULL, client_thread, (void *)(uintptr_t)(4000 + idx));
	client_thread((void *)(uintptr_t)(5000 + idx));
	pthread_join(t, NULL);
	close(cl.fd);
	_exit(0);
}

/* ---- the run ---- */

static pid_t start(void (*fn)(void))
{
	pid_t pid = fork();

	if (!pid)
		fn();
	return pid;
}

/*
 * The emulator leads a process group of its own (with its instances).
 * Set it from both sides, so that a killpg() right after the fork finds
 * the group.
 */
static pid_t start_emulator(void)
{
	pid_t pid = start(emulator_main);

	if (pid > 0)
		setpgid(pid, pid);
	return pid;
}

static void kill_emulator(pid_t emu)
{
	int st;

	killpg(emu, SIGKILL);
	kill(emu, SIGKILL);
	waitpid(emu, &st, 0);
}

static int client_idx;

static void start_client_fn(void)
{
	client_main(client_idx);
}

static unsigned int fuzz_seconds(void)
{
	const char *s = getenv("TEEKIT_FUZZ_SECONDS");
	unsigned int n = s ? strtoul(s, NULL, 0) : 0;

	return n ? n : 20;
}

/* The debugfs state when the run began: what was left before is not ours */
static char state_before[16384];

static void state_snapshot(void)
{
	FILE *f = fopen("/sys/kernel/debug/teekit_sim/state", "r");
	size_t n = 0;

	if (f) {
		n = fread(state_before, 1, sizeof(state_before) - 1, f);
		fclose(f);
	}
	state_before[n] = 0;
}

/*
 * Lines of debugfs state starting with @prefix that were not there when
 * the run began; -1 if unreadable
 */
static int state_lines(const char *prefix)
{
	FILE *f = fopen("/sys/kernel/debug/teekit_sim/state", "r");
	char line[256];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, prefix, strlen(prefix)) &&
		    !strstr(state_before, line))
			n++;
	fclose(f);
	return n;
}

static void dump_state(void)
{
	FILE *f = fopen("/sys/kernel/debug/teekit_sim/state", "r");
	char line[256];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		TH_LOG("state: %s", strtok(line, "\n"));
	fclose(f);
}

/*
 * Watchdog: if the run is not over @arg seconds after it started, show
 * where every task sleeps (a hang is the kernel's or the fuzzer's) and end
 * the test
 */
static void *watchdog(void *arg)
{
	sleep((uintptr_t)arg);
	th_log("watchdog: run not over after %u s; tasks:",
	       (unsigned int)(uintptr_t)arg);
	tt_sh("for t in /proc/[0-9]*/task/*; do "
	      "[ \"$(cat $t/comm 2>/dev/null)\" = fuzz_tos ] || continue; "
	      "echo \"== $t ppid $(awk '/^PPid/{print $2}' $t/status) "
	      "$(awk '/^State/{print $2}' $t/status) $(cat $t/wchan)\"; "
	      "cat $t/stack | head -8; done >&2");
	_exit(3);
}

TEST_TIMEOUT(hostile_emulator_and_clients, 150)
{
	pthread_t wd;
	unsigned int secs = fuzz_seconds();
	pid_t emu, supp, clients[NCLIENTS];
	const char *seed = getenv("TEEKIT_FUZZ_SEED");
	int i, st, hung = 0, kills = 0, restarts = 0;
	uint64_t t0;

	ASSERT_SYS(sim_setup(clnt_path, priv_path));
	tt_debugfs_ready();
	state_snapshot();
	base_seed = seed ? strtoull(seed, NULL, 0) : tt_now_ms() ^ getpid();
	TH_LOG("seed %llu, %u s (TEEKIT_FUZZ_SEED, TEEKIT_FUZZ_SECONDS)",
	       (unsigned long long)base_seed, secs);
	rnd_init(1);
	pthread_create(&wd, NULL, watchdog, (void *)(uintptr_t)(secs + 110));
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(sh != MAP_FAILED);
	memset(sh, 0, sizeof(*sh));

	supp = start(supplicant_main);
	emu = start_emulator();
	for (i = 0; i < NCLIENTS; i++) {
		client_idx = i;
		clients[i] = start(start_client_fn);
	}
	t0 = tt_now_ms();
	while (tt_now_ms() - t0 < secs * 1000u) {
		unsigned int r = pct();
		pid_t pid;

		tt_msleep(10 + rnd() % 150);
		while (waitpid(-1, &st, WNOHANG) > 0)
			;
		if (r < 30) {
			/* an instance process: in the emulator's group */
			pid = atomic_load(&sh->inst_pid[rnd() % NINST]);
			if (pid > 0 && getpgid(pid) == emu &&
			    !kill(pid, SIGKILL))
				kills++;
		} else if (r < 42) {
			i = rnd() % NCLIENTS;
			kill(clients[i], SIGKILL);
			waitpid(clients[i], &st, 0);
			client_idx = i;
			clients[i] = start(start_client_fn);
			kills++;
		} else if (r < 46) {
			kill_emulator(emu);
			emu = start_emulator();
			restarts++;
		} else if (r < 49) {
			kill(supp, SIGKILL);
			waitpid(supp, &st, 0);
			supp = start(supplicant_main);
			restarts++;
		}
	}

	/* the end: the emulator dies, every client ends */
	atomic_store(&sh->stop, 1);
	kill_emulator(emu);
	t0 = tt_now_ms();
	for (i = 0; i < NCLIENTS; i++) {
		while (waitpid(clients[i], &st, WNOHANG) == 0) {
			if (tt_now_ms() - t0 > 20000) {
				TH_LOG("client %d (pid %d) did not end within 20 s of the emulator's death",
				       i, clients[i]);
				hung++;
				kill(clients[i], SIGKILL);
				waitpid(clients[i], &st, 0);
				break;
			}
			tt_msleep(20);
		}
	}
	kill(supp, SIGKILL);
	waitpid(supp, &st, 0);
	while (waitpid(-1, &st, WNOHANG) > 0)
		;

	TH_LOG("opens %lld invokes %lld closes %lld cancels %lld shm %lld; TA errors %lld",
	       (long long)sh->opens, (long long)sh->invokes,
	       (long long)sh->closes, (long long)sh->cancels,
	       (long long)sh->shm_ops, (long long)sh->ta_errors);
	TH_LOG("calls %lld answers %lld RPCs %lld mmaps %lld faults %lld XFER errors %lld; %d kills, %d restarts",
	       (long long)sh->calls, (long long)sh->answers,
	       (long long)sh->rpcs, (long long)sh->maps,
	       (long long)sh->faults, (long long)sh->xfer_errors, kills,
	       restarts);
	if (sh->unexpected)
		TH_LOG("%d unexpected results, the first: %s", sh->unexpected,
		       sh->what);
	EXPECT_EQ(0, hung);
	EXPECT_EQ(0, sh->unexpected);
	EXPECT_EQ(0, sh->input_changed);
	EXPECT_EQ(0, sh->ro_writable);
	for (i = 0; i < 300; i++) {
		if (!state_lines("call ") && !state_lines("channel ") &&
		    !state_lines("session "))
			break;
		tt_msleep(10);
	}
	if (state_lines("call ") || state_lines("channel ") ||
	    state_lines("session "))
		dump_state();
	EXPECT_EQ(0, state_lines("call "));
	EXPECT_EQ(0, state_lines("channel "));
	EXPECT_EQ(0, state_lines("session "));
	munmap(sh, sizeof(*sh));
}

TEST_HARNESS_MAIN
