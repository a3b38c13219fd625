// SPDX-License-Identifier: GPL-2.0-only
/*
 * Figures of the whole stack: libteec -> generic driver -> sim driver ->
 * the TA process of teekit-tos (bench/ta/bench_ta.c) and back, and the TA
 * -> tee-supplicant -> TA round trip (bench/plugin/bench_plugin.c).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include "bench.h"
#include "ta/bench_ta.h"

#define DEV		"teekit-sim"
#define MIB		(1024 * 1024)
/* a TA instance serves at most 256 sessions (TEETA_MAX_SESSIONS) */
#define MANY_SESSIONS	248
#define MANY_SHM	10000
#define NCTX		4
#define PLUGIN_CALLS	20

static const TEEC_UUID bench_uuid = BENCH_TA_UUID;
static const TEEC_UUID bench_mi_uuid = BENCH_MI_TA_UUID;

/* @res and @origin: of the last call, so that a failing figure says why */
struct gp_op {
	TEEC_Session *sess;
	uint32_t cmd;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin;
	unsigned long calls;
};

static int op_invoke(void *arg)
{
	struct gp_op *g = arg;

	g->calls++;
	g->res = TEEC_InvokeCommand(g->sess, g->cmd, &g->op, &g->origin);
	return g->res ? -1 : 0;
}

static TEEC_Result open_sess(TEEC_Context *ctx, TEEC_Session *s)
{
	uint32_t origin;

	return TEEC_OpenSession(ctx, s, &bench_uuid, TEEC_LOGIN_PUBLIC, NULL,
				NULL, &origin);
}

struct open_close_arg {
	TEEC_Context *ctx;
};

static int op_open_close(void *arg)
{
	struct open_close_arg *a = arg;
	TEEC_Session s;

	if (open_sess(a->ctx, &s))
		return -1;
	TEEC_CloseSession(&s);
	return 0;
}

static void nop_op(struct gp_op *g, TEEC_Session *s)
{
	memset(g, 0, sizeof(*g));
	g->sess = s;
	g->cmd = BENCH_CMD_NOP;
	g->op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE,
					    TEEC_NONE);
}

static void measure(struct bench_result *r, bench_op op, void *arg,
		    unsigned int batch, unsigned int samples,
		    const struct bench_ref *ref)
{
	if (bench_sample_paired(r, op, arg, batch, samples, ref))
		bench_skip(r, "the call failed");
	else
		r->measured = true;
}

/* measure() of an invoke: a failure names its result, origin and call */
static void measure_invoke(struct bench_result *r, struct gp_op *g,
			   unsigned int batch, unsigned int samples,
			   const struct bench_ref *ref)
{
	g->calls = 0;
	if (bench_sample_paired(r, op_invoke, g, batch, samples, ref))
		bench_skip(r, "the call failed: %s from %s at call %lu (%s)",
			   teekit_teec_strerror(g->res),
			   teekit_teec_origin_name(g->origin), g->calls,
			   teekit_teec_explain(g->res, g->origin));
	else
		r->measured = true;
}

/* 16 MiB memref, the TA touches one byte: @shm allocated or registered. */
static void memref_16m(struct bench_result *r, TEEC_Session *s,
		       TEEC_SharedMemory *shm, const struct bench_ref *ref)
{
	struct gp_op g;

	nop_op(&g, s);
	g.cmd = BENCH_CMD_TOUCH;
	g.op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE,
					   TEEC_NONE, TEEC_NONE);
	g.op.params[0].memref.parent = shm;
	measure_invoke(r, &g, 20, bench_samples, ref);
}

/* One throughput process: its own context, session and NOP operation. */
struct gp_proc {
	TEEC_Context ctx;
	TEEC_Session sess;
	struct gp_op g;
};

static int gp_proc_setup(void *arg, void **state)
{
	static struct gp_proc p;	/* one per forked process */

	uint32_t origin;

	(void)arg;
	/* its own instance: a single instance serves one call at a time */
	if (TEEC_InitializeContext(DEV, &p.ctx) ||
	    TEEC_OpenSession(&p.ctx, &p.sess, &bench_mi_uuid,
			     TEEC_LOGIN_PUBLIC, NULL, NULL, &origin))
		return -1;
	nop_op(&p.g, &p.sess);
	*state = &p.g;
	return 0;
}

void bench_gp(void)
{
	struct bench_result *null, *alloc16, *reg16, *tmp1, *oc, *first, *supp,
		*two, *many;
	static TEEC_Context ctxs[NCTX], shm_ctxs[NCTX];
	static TEEC_Session many_sess[MANY_SESSIONS];
	static TEEC_SharedMemory many_shm[MANY_SHM];
	struct rlimit rl = { MANY_SHM + 256, MANY_SHM + 256 };
	TEEC_SharedMemory shm = { 0 }, reg = { 0 };
	struct open_close_arg oca;
	TEEC_Context ctx;
	TEEC_Session s, s2;
	const struct bench_ref *pref = bench_baseline_ref("pipe_rtt"), *nref;
	struct bench_ref null_ref = { "null_invoke", op_invoke, NULL, 20 };
	struct gp_op g, gnull;
	double t0;
	double *v;
	void *buf = NULL;
	int nsess = 0, nshm = 0, nctx = 0, nshmctx = 0, i, n;

	null = bench_add("null_invoke", "null invoke CA -> TA -> CA through libteec",
			 UNIT_NS);
	alloc16 = bench_add("memref_16m_alloc",
		"invoke with a 16 MiB memref on allocated shared memory, TA touches one byte",
		UNIT_NS);
	reg16 = bench_add("memref_16m_reg",
		"invoke with a 16 MiB memref on registered shared memory, TA touches one byte",
		UNIT_NS);
	tmp1 = bench_add("tmpref_1m", "invoke with a 1 MiB temporary memref (copied)",
			 UNIT_MBPS);
	oc = bench_add("open_close", "open + close session to a running TA instance",
		       UNIT_NS);
	first = bench_add("first_open",
		"first open of a TA (load via the supplicant, verify, start)", UNIT_NS);
	supp = bench_add("supp_rtt", "TA -> supplicant -> TA round trip (no-op plugin)",
			 UNIT_NS);
	two = bench_add("gp_two_clients",
		"2 clients on 2 vCPUs through libteec, different sessions (each its own instance of a multi-instance TA): throughput over one client's",
		UNIT_X);
	many = bench_add("null_invoke_248_sessions_10000_shm",
		"null invoke through libteec with 248 more sessions (an instance serves at most 256) and 10,000 shared-memory objects open",
		UNIT_NS);
	bench_compare(null, "pipe_rtt", "<= 1.5", 1.5, true);
	bench_compare(alloc16, "null_invoke", "<= 3", 3, true);
	bench_compare(reg16, "null_invoke", "<= 3", 3, true);
	bench_compare(tmp1, "memcpy_bw", ">= 0.5", 0.5, false);
	bench_compare(oc, "null_invoke", "<= 20", 20, true);
	bench_compare(supp, "pipe_rtt", "<= 2", 2, true);
	bench_compare(two, NULL, ">= 1.6", 1.6, false);
	bench_compare(many, "null_invoke", "<= 1.1", 1.1, true);

	if (TEEC_InitializeContext(DEV, &ctx) || open_sess(&ctx, &s)) {
		bench_skip_all("no teekit-sim device or the bench TA does not open (stack not up?)",
			       null, alloc16, reg16, tmp1, oc, first, supp, two,
			       many, NULL);
		return;
	}

	nop_op(&g, &s);
	measure_invoke(null, &g, 20, bench_samples, pref);
	/* the null invoke as the reference of the figures compared with it */
	nop_op(&gnull, &s);
	null_ref.arg = &gnull;
	nref = null->measured ? &null_ref : NULL;

	shm.size = 16 * MIB;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	if (TEEC_AllocateSharedMemory(&ctx, &shm)) {
		bench_skip(alloc16, "TEEC_AllocateSharedMemory failed");
	} else {
		memref_16m(alloc16, &s, &shm, nref);
		TEEC_ReleaseSharedMemory(&shm);
	}
	if (posix_memalign(&buf, 4096, 16 * MIB)) {
		bench_skip(reg16, "out of memory");
	} else {
		memset(buf, 0, 16 * MIB);
		reg.buffer = buf;
		reg.size = 16 * MIB;
		reg.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
		if (TEEC_RegisterSharedMemory(&ctx, &reg)) {
			bench_skip(reg16, "TEEC_RegisterSharedMemory failed");
		} else {
			memref_16m(reg16, &s, &reg, nref);
			TEEC_ReleaseSharedMemory(&reg);
		}
		/* 1 MiB temporary memref: the library's copy is the cost */
		memset(buf, 0x5a, MIB);
		nop_op(&g, &s);
		g.cmd = BENCH_CMD_TOUCH;
		g.op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						   TEEC_NONE, TEEC_NONE, TEEC_NONE);
		g.op.params[0].tmpref.buffer = buf;
		g.op.params[0].tmpref.size = MIB;
		measure_invoke(tmp1, &g, 5, bench_samples / 2 + 1,
			       bench_baseline_ref("memcpy_bw"));
		if (tmp1->measured) {
			double med = tmp1->median, p99 = tmp1->p99;

			/* MB/s: the slowest samples are the p99 */
			tmp1->median = MIB / med * 1e3;
			tmp1->p99 = MIB / p99 * 1e3;
		}
		free(buf);
	}

	/* open + close while @s keeps the instance running */
	oca.ctx = &ctx;
	measure(oc, op_open_close, &oca, 5, bench_samples / 2 + 1, nref);

	/* supplicant round trip: PLUGIN_CALLS plugin calls per invoke */
	nop_op(&g, &s);
	g.cmd = BENCH_CMD_PLUGIN;
	g.op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE,
					   TEEC_NONE, TEEC_NONE);
	g.op.params[0].value.a = PLUGIN_CALLS;
	if (op_invoke(&g)) {
		bench_skip(supp, "the plugin call failed (plugin not loaded by tee-supplicant?)");
	} else {
		measure_invoke(supp, &g, 2, bench_samples / 2 + 1, pref);
		if (supp->measured && null->measured) {
			supp->median = (supp->median - null->median) / PLUGIN_CALLS;
			supp->p99 = (supp->p99 - null->median) / PLUGIN_CALLS;
			for (i = 0; i < (int)supp->nrounds; i++)
				supp->round_fig[i] = (supp->round_fig[i] -
						      null->median) / PLUGIN_CALLS;
			snprintf(supp->note, sizeof(supp->note),
				 "%d plugin calls per invoke, minus a null invoke",
				 PLUGIN_CALLS);
		}
	}

	/* invokes per second, each process on its own CPU and session */
	bench_two_clients(two, gp_proc_setup, op_invoke, NULL);

	/* first open: no session left, so the instance ends and reloads */
	TEEC_CloseSession(&s);
	n = bench_samples / 20 + 3;
	v = calloc(n, sizeof(*v));
	for (i = 0; v && i < n; i++) {
		t0 = bench_now_ns();
		if (open_sess(&ctx, &s2))
			break;
		v[i] = bench_now_ns() - t0;
		TEEC_CloseSession(&s2);
		usleep(20000);	/* let the instance's process exit */
	}
	if (v && i == n) {
		bench_stats(v, n, &first->median, &first->p99);
		first->measured = true;
		snprintf(first->note, sizeof(first->note), "%d samples", n);
	} else {
		bench_skip(first, "open failed");
	}
	free(v);

	/* 1,000 sessions and 10,000 shm objects, then the null invoke again */
	if (open_sess(&ctx, &s)) {
		bench_skip(many, "open failed");
		goto out;
	}
	for (i = 0; i < NCTX; i++) {
		if (TEEC_InitializeContext(DEV, &ctxs[i]))
			goto many_fail;
		nctx++;
		for (n = 0; n < MANY_SESSIONS / NCTX; n++)
			if (open_sess(&ctxs[i], &many_sess[nsess++])) {
				nsess--;
				goto many_fail;
			}
	}
	if (setrlimit(RLIMIT_NOFILE, &rl))
		goto many_fail;
	for (i = 0; i < NCTX; i++) {
		if (TEEC_InitializeContext(DEV, &shm_ctxs[i]))
			goto many_fail;
		nshmctx++;
		for (n = 0; n < MANY_SHM / NCTX; n++) {
			many_shm[nshm].size = 4096;
			many_shm[nshm].flags = TEEC_MEM_INPUT;
			if (TEEC_AllocateSharedMemory(&shm_ctxs[i], &many_shm[nshm++])) {
				nshm--;
				goto many_fail;
			}
		}
	}
	/* paired with pipe_rtt, its ratio chained through null_invoke's */
	nop_op(&g, &s);
	measure_invoke(many, &g, 20, bench_samples, pref);
	goto many_done;
many_fail:
	bench_skip(many, "set-up failed after %d sessions, %d shm objects", nsess, nshm);
many_done:
	for (i = 0; i < nshm; i++)
		TEEC_ReleaseSharedMemory(&many_shm[i]);
	for (i = 0; i < nsess; i++)
		TEEC_CloseSession(&many_sess[i]);
	for (i = 0; i < nctx; i++)
		TEEC_FinalizeContext(&ctxs[i]);
	for (i = 0; i < nshmctx; i++)
		TEEC_FinalizeContext(&shm_ctxs[i]);
	TEEC_CloseSession(&s);
out:
	TEEC_FinalizeContext(&ctx);
}
