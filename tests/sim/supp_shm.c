// SPDX-License-Identifier: GPL-2.0-only
/*
 * supp_shm.c - supplicant memory that TA instances ask for (RPC SHM_ALLOC)
 * belongs to the instance that asked: it goes back to the supplicant when
 * the instance dies, and one instance can hold only max_ta_shm_kib of it.
 * The supplicant here is a test thread that really allocates (and frees)
 * shared memory on /dev/teepriv*, and can lie about what it allocated.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"
#include "fake_tos.h"
#include "sim_env.h"

#define RPC_ALLOC	6
#define RPC_FREE	7
#define MAX_KIB_PARAM	"/sys/module/teekit_sim/parameters/max_ta_shm_kib"
#define CMD_ALLOC	1	/* v0 INOUT: a = count, b = size; out a, b */

/* ---- a supplicant that allocates for real ---- */

struct asupp {
	int fd;
	pthread_t t;
	bool reuse;		/* answer every SHM_ALLOC with the first id */
	int shm_fd[64];		/* by index: the shm fds it holds */
	int shm_id[64];
	atomic_int allocs, frees, live, ended;
};

static void asupp_sig(int sig)
{
	(void)sig;
}

static void asupp_free(struct asupp *sp, int id)
{
	int i;

	for (i = 0; i < 64; i++) {
		if (sp->shm_fd[i] >= 0 && sp->shm_id[i] == id) {
			close(sp->shm_fd[i]);
			sp->shm_fd[i] = -1;
			atomic_fetch_sub(&sp->live, 1);
			return;
		}
	}
}

static void *asupp_loop(void *arg)
{
	struct asupp *sp = arg;
	struct tee_ioctl_param p[5];
	uint32_t func, num, ret;
	int i, fd, id;

	for (;;) {
		if (tt_supp_recv(sp->fd, &func, p, &num, 5, true))
			break;
		ret = TEEC_ERROR_NOT_SUPPORTED;
		if (func == RPC_ALLOC && num == 2) {
			ret = TEEC_ERROR_OUT_OF_MEMORY;
			if (sp->reuse && atomic_load(&sp->allocs)) {
				p[1].c = sp->shm_id[0];
				ret = 0;
			} else {
				fd = tt_shm_alloc(sp->fd, p[1].b, &id, NULL);
				for (i = 0; fd >= 0 && i < 64; i++)
					if (sp->shm_fd[i] < 0)
						break;
				if (fd >= 0 && i < 64) {
					sp->shm_fd[i] = fd;
					sp->shm_id[i] = id;
					atomic_fetch_add(&sp->live, 1);
					p[1].c = id;
					ret = 0;
				}
			}
			atomic_fetch_add(&sp->allocs, 1);
		} else if (func == RPC_FREE && num == 2) {
			asupp_free(sp, (int)p[1].b);
			atomic_fetch_add(&sp->frees, 1);
			ret = 0;
		}
		if (tt_supp_send(sp->fd, ret, p, num))
			break;
	}
	atomic_store(&sp->ended, 1);
	return NULL;
}

static int asupp_start(struct asupp *sp, const char *priv, bool reuse)
{
	struct sigaction sa = { .sa_handler = asupp_sig };
	int i;

	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: RECV gets EINTR */
	memset(sp, 0, sizeof(*sp));
	for (i = 0; i < 64; i++)
		sp->shm_fd[i] = -1;
	sp->reuse = reuse;
	sp->fd = open(priv, O_RDWR);
	if (sp->fd < 0)
		return -1;
	return pthread_create(&sp->t, NULL, asupp_loop, sp) ? -1 : 0;
}

/* The supplicant stops serving; its fd stays open */
static void asupp_halt(struct asupp *sp)
{
	while (!atomic_load(&sp->ended)) {
		pthread_kill(sp->t, SIGUSR1);
		tt_msleep(5);
	}
	pthread_join(sp->t, NULL);
}

static void asupp_stop(struct asupp *sp)
{
	int i;

	if (!atomic_load(&sp->ended))
		asupp_halt(sp);
	for (i = 0; i < 64; i++)
		if (sp->shm_fd[i] >= 0)
			close(sp->shm_fd[i]);
	close(sp->fd);
}

static bool wait_for(atomic_int *v, int want, unsigned int ms)
{
	uint64_t t0 = tt_now_ms();

	while (atomic_load(v) != want) {
		if (tt_now_ms() - t0 > ms)
			return false;
		tt_msleep(5);
	}
	return true;
}

/* ---- an instance that allocates and never frees ---- */

static void inst_serve(int fd)
{
	struct tksim_xfer x, r;
	uint32_t n, got, last;

	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(fd, TKSIM_IOC_XFER, &x))
			return;
		if (x.kind != TKSIM_KIND_CALL) {
			x.op = TKSIM_OP_NONE;
			continue;
		}
		got = 0;
		last = 0;
		if (x.msg.cmd == TKSIM_CMD_INVOKE && x.msg.func == CMD_ALLOC) {
			for (n = 0; n < x.msg.params[0].a; n++) {
				memset(&r, 0, sizeof(r));
				r.call_id = x.call_id;
				r.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
				r.msg.params[0].b = x.msg.params[0].b;
				if (fk_rpc(fd, &r, TKSIM_RPC_SHM_ALLOC, 1))
					return;
				last = r.msg.ret;
				if (last)
					break;
				got++;
			}
			x.msg.params[0].a = got;
			x.msg.params[0].b = last;
		}
		x.op = TKSIM_OP_RETURN;
		x.msg.ret = 0;
		x.msg.ret_origin = 4;
	}
}

struct rig {
	char clnt[32], priv[32];
	struct fk_os os;
	pthread_t ost;
	int osfd, fd;
	int64_t s;
	pid_t pid;
};

static int rig_start(struct rig *g)
{
	struct tt_res res;
	int ifd;

	if (sim_setup(g->clnt, g->priv))
		return -1;
	g->osfd = fk_open();
	if (g->osfd < 0 || fk_attach_os(g->osfd) ||
	    fk_new_instance(g->osfd, &g->os.inst))
		return -1;
	ifd = fk_open();
	g->pid = fork();
	if (!g->pid) {
		close(g->osfd);
		if (fk_attach_instance(ifd, g->os.inst))
			_exit(1);
		inst_serve(ifd);
		_exit(0);
	}
	close(ifd);
	g->os.fd = g->osfd;
	memset(g->os.none_uuid, 0xff, 16);
	pthread_create(&g->ost, NULL, fk_os_loop, &g->os);
	g->fd = open(g->clnt, O_RDWR);
	g->s = g->fd < 0 ? -1 : open_ta(g->fd, FK_UUID_TA, &res);
	return g->s < 0 ? -1 : 0;
}

static void rig_kill_instance(struct rig *g)
{
	int st;

	if (g->pid > 0) {
		kill(g->pid, SIGKILL);
		waitpid(g->pid, &st, 0);
		g->pid = 0;
	}
}

static void rig_stop(struct rig *g)
{
	rig_kill_instance(g);
	close(g->fd);
	close(g->osfd);
	pthread_join(g->ost, NULL);
}

/* Ask the instance for @count allocations of @size; *got, *last back */
static int alloc(struct rig *g, uint32_t count, uint32_t size,
		 uint32_t *got, uint32_t *last)
{
	struct tee_ioctl_param p[1];
	struct tt_res res;

	tt_param(&p[0], TT_VAL_INOUT, count, size, 0);
	if (tt_invoke(g->fd, g->s, CMD_ALLOC, 0, p, 1, &res) || res.ret)
		return -1;
	*got = p[0].a;
	*last = p[0].b;
	return 0;
}

static long long priv_stat(struct rig *g, const char *name)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/class/tee/%s/stats/%s",
		 g->priv + 5, name);
	return tt_read_ll(path);
}

TEST(dead_instance_memory_goes_back_to_the_supplicant)
{
	struct asupp sp;
	struct rig g;
	uint32_t got, last;

	ASSERT_SYS(rig_start(&g));
	ASSERT_SYS(asupp_start(&sp, g.priv, false));
	ASSERT_SYS(alloc(&g, 3, 65536, &got, &last));
	ASSERT_EQ(3u, got);
	ASSERT_EQ(3, atomic_load(&sp.live));
	rig_kill_instance(&g);
	/* the driver sends one SHM_FREE per object, the supplicant's ids */
	EXPECT_TRUE(wait_for(&sp.live, 0, 2000));
	EXPECT_EQ(3, atomic_load(&sp.frees));
	asupp_stop(&sp);
	rig_stop(&g);
}

TEST(an_instance_holds_at_most_max_ta_shm_kib)
{
	long long old = tt_read_ll(MAX_KIB_PARAM);
	struct asupp sp;
	struct rig g;
	uint32_t got, last;

	ASSERT_LT(0, old);
	ASSERT_EQ(0, tt_sh("echo 4096 > " MAX_KIB_PARAM));
	ASSERT_SYS(rig_start(&g));
	ASSERT_SYS(asupp_start(&sp, g.priv, false));
	EXPECT_SYS(alloc(&g, 6, 1 << 20, &got, &last));
	tt_sh("echo %lld > " MAX_KIB_PARAM, old);
	EXPECT_EQ(4u, got);
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, last);
	/* the fifth never reached the supplicant */
	EXPECT_EQ(4, atomic_load(&sp.allocs));
	rig_kill_instance(&g);
	EXPECT_TRUE(wait_for(&sp.live, 0, 2000));
	asupp_stop(&sp);
	rig_stop(&g);
}

TEST(a_limit_raised_at_run_time_applies_at_once)
{
	long long old = tt_read_ll(MAX_KIB_PARAM);
	struct asupp sp;
	struct rig g;
	uint32_t got, last;

	ASSERT_EQ(0, tt_sh("echo 1024 > " MAX_KIB_PARAM));
	ASSERT_SYS(rig_start(&g));
	ASSERT_SYS(asupp_start(&sp, g.priv, false));
	EXPECT_SYS(alloc(&g, 2, 1 << 20, &got, &last));
	EXPECT_EQ(1u, got);
	tt_sh("echo 3072 > " MAX_KIB_PARAM);
	EXPECT_SYS(alloc(&g, 3, 1 << 20, &got, &last));
	tt_sh("echo %lld > " MAX_KIB_PARAM, old);
	EXPECT_EQ(2u, got);
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, last);
	rig_kill_instance(&g);
	EXPECT_TRUE(wait_for(&sp.live, 0, 2000));
	asupp_stop(&sp);
	rig_stop(&g);
}

TEST(a_supplicant_answering_with_memory_in_use_is_refused)
{
	struct asupp sp;
	struct rig g;
	uint32_t got, last;
	long long shm0;

	ASSERT_SYS(rig_start(&g));
	shm0 = priv_stat(&g, "shm_count");
	ASSERT_SYS(asupp_start(&sp, g.priv, true));
	ASSERT_SYS(alloc(&g, 2, 8192, &got, &last));
	EXPECT_EQ(1u, got);
	EXPECT_EQ(TEEC_ERROR_OUT_OF_MEMORY, last);
	rig_kill_instance(&g);
	EXPECT_TRUE(wait_for(&sp.live, 0, 2000));
	asupp_stop(&sp);
	/* no reference was kept: the object is gone with the supplicant's */
	EXPECT_EQ(shm0, priv_stat(&g, "shm_count"));
	rig_stop(&g);
}

/*
 * The SHM_FREE the driver sends for a dead instance names an id of the
 * supplicant that allocated it: if that supplicant goes away before
 * taking the request, a new one must never get it (it would free its own
 * object of that id).
 */
TEST(a_dead_supplicants_ids_never_reach_the_next_one)
{
	struct asupp sp, sp2;
	struct rig g;
	uint32_t got, last;

	ASSERT_SYS(rig_start(&g));
	ASSERT_SYS(asupp_start(&sp, g.priv, false));
	ASSERT_SYS(alloc(&g, 2, 65536, &got, &last));
	ASSERT_EQ(2u, got);
	asupp_halt(&sp);		/* alive, not serving */
	rig_kill_instance(&g);		/* the driver queues 2 SHM_FREE */
	tt_msleep(300);
	asupp_stop(&sp);		/* dies with them queued */
	ASSERT_SYS(asupp_start(&sp2, g.priv, false));
	tt_msleep(1000);
	EXPECT_EQ(0, atomic_load(&sp2.frees));
	asupp_stop(&sp2);
	rig_stop(&g);
}

TEST_HARNESS_MAIN
