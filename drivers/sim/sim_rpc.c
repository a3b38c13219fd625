// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: serving the secure world's RPC requests (OP-TEE's codes).
 * Time and sleep are answered here; shared memory and everything else go
 * to the supplicant through the core's queue, so OP-TEE's tee-supplicant
 * and teekit's serve them alike.
 *
 * Where (decisions/0710): SUSPEND and the TA-to-TA calls are served in
 * the thread of the client whose call asked (tksim_serve_rpc()); every
 * other RPC is served by the conduit in the asking secure-world thread
 * itself (tksim_serve_rpc_here()), with a supplicant request that the
 * conduit aborts if the client goes away, so the client sleeps through it.
 */
#include <linux/jiffies.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include "sim_private.h"

#define RPC_SHM_TYPE_APPL	0

static bool p_is(struct tk_rpc_arg *rpc, u32 n, u32 t1, u32 t2)
{
	u32 t;

	if (n >= rpc->num_params)
		return false;
	t = rpc->params[n].attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
	return t == t1 || t == t2;
}

static void rpc_get_time(struct tk_rpc_arg *rpc)
{
	struct timespec64 ts;

	if (rpc->num_params != 1 ||
	    !p_is(rpc, 0, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT,
		  TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT)) {
		rpc->ret = TEEC_ERROR_BAD_PARAMETERS;
		return;
	}
	ktime_get_real_ts64(&ts);
	rpc->params[0].u.value.a = ts.tv_sec;
	rpc->params[0].u.value.b = ts.tv_nsec;
	rpc->ret = TEEC_SUCCESS;
}

/* TEE_Wait: sleep, ended early by a cancel or a fatal signal */
static void rpc_suspend(struct tk_msg_arg *arg, struct tk_rpc_arg *rpc)
{
	unsigned long tmo;
	u64 ms;

	if (rpc->num_params != 1 ||
	    !p_is(rpc, 0, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT,
		  TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT)) {
		rpc->ret = TEEC_ERROR_BAD_PARAMETERS;
		return;
	}
	ms = rpc->params[0].u.value.a;
	tmo = ms >= UINT_MAX ? MAX_SCHEDULE_TIMEOUT : msecs_to_jiffies(ms);
	wait_event_killable_timeout(arg->wq, READ_ONCE(arg->cancelled), tmo);
	if (READ_ONCE(arg->cancelled))
		rpc->ret = TEEC_ERROR_CANCEL;
	else if (fatal_signal_pending(current))
		rpc->ret = TEEC_ERROR_COMMUNICATION;
	else
		rpc->ret = TEEC_SUCCESS;
}

static void rpc_shm_alloc(struct tksim_dev *sd, struct tk_rpc_arg *rpc,
			  struct tee_supp_waiter *w)
{
	struct tee_param p = { .attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT };
	struct tee_context *supp_ctx;
	struct tee_shm *shm;

	if (rpc->num_params != 1 ||
	    !p_is(rpc, 0, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, U32_MAX)) {
		rpc->ret = TEEC_ERROR_BAD_PARAMETERS;
		return;
	}
	if (rpc->params[0].u.value.a != RPC_SHM_TYPE_APPL) {
		rpc->ret = TEEC_ERROR_NOT_SUPPORTED;
		return;
	}
	if (!rpc->params[0].u.value.b ||
	    rpc->params[0].u.value.b > INT_MAX) {
		rpc->ret = TEEC_ERROR_BAD_PARAMETERS;
		return;
	}
	p.u.value.a = RPC_SHM_TYPE_APPL;
	p.u.value.b = rpc->params[0].u.value.b;
	rpc->ret = tee_supp_call(w, TKSIM_RPC_SHM_ALLOC, 1, &p);
	if (rpc->ret != TEEC_SUCCESS)
		return;

	supp_ctx = tee_supp_get_ctx(sd->supp);
	shm = supp_ctx && p.u.value.c <= INT_MAX ?
	      tee_shm_get_from_id(supp_ctx, p.u.value.c) : NULL;
	if (supp_ctx)
		teedev_ctx_put(supp_ctx);
	if (IS_ERR_OR_NULL(shm) || shm->size < rpc->params[0].u.value.b) {
		if (!IS_ERR_OR_NULL(shm))
			tee_shm_put(shm);
		rpc->ret = TEEC_ERROR_OUT_OF_MEMORY;
		return;
	}
	rpc->shm = shm;		/* the conduit turns it into a cookie */
	rpc->params[0].u.value.c = 0;
	rpc->ret = TEEC_SUCCESS;
}

static void rpc_shm_free(struct tk_rpc_arg *rpc, struct tee_supp_waiter *w)
{
	struct tee_param p = { .attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT };
	struct tee_shm *shm = rpc->shm;
	struct tee_context *owner = shm->ctx;

	rpc->shm = NULL;
	p.u.value.a = RPC_SHM_TYPE_APPL;
	p.u.value.b = shm->id;
	/*
	 * As OP-TEE: our reference goes first, then the supplicant frees.
	 * The id is the allocating supplicant's: no other may get it.
	 */
	teedev_ctx_get(owner);
	tee_shm_put(shm);
	w->only = owner;
	rpc->ret = tee_supp_call(w, TKSIM_RPC_SHM_FREE, 1, &p);
	w->only = NULL;
	teedev_ctx_put(owner);
}

/* True if @cmd is served in the asking channel's thread */
bool tksim_rpc_in_channel(u32 cmd)
{
	switch (cmd) {
	case TKSIM_RPC_SUSPEND:		/* a cancel of the call ends it */
	case TKSIM_RPC_TA_OPEN:		/* nested client calls */
	case TKSIM_RPC_TA_INVOKE:
	case TKSIM_RPC_TA_CLOSE:
		return false;
	}
	return true;
}

/*
 * Serve @rpc in the calling thread (a secure-world thread, or a client's
 * for a command tksim_rpc_in_channel() accepts); supplicant requests go
 * through @w.  May sleep.
 */
void tksim_serve_rpc_here(struct tksim_dev *sd, struct tk_rpc_arg *rpc,
			  struct tee_supp_waiter *w)
{
	switch (rpc->cmd) {
	case TKSIM_RPC_GET_TIME:
		rpc_get_time(rpc);
		break;
	case TKSIM_RPC_SHM_ALLOC:
		rpc_shm_alloc(sd, rpc, w);
		break;
	case TKSIM_RPC_SHM_FREE:
		/* the conduit resolved the cookie to rpc->shm */
		rpc_shm_free(rpc, w);
		break;
	case TKSIM_RPC_NOTIFICATION:
		rpc->ret = TEEC_ERROR_NOT_SUPPORTED;
		break;
	default:
		rpc->ret = tee_supp_call(w, rpc->cmd, rpc->num_params,
					 rpc->params);
		break;
	}
}

/* Serve @arg's RPC in the client's thread */
void tksim_serve_rpc(struct tksim_dev *sd, struct tk_msg_arg *arg)
{
	struct tk_rpc_arg *rpc = &arg->rpc;
	struct tee_supp_waiter w;

	switch (rpc->cmd) {
	case TKSIM_RPC_SUSPEND:
		rpc_suspend(arg, rpc);
		break;
	case TKSIM_RPC_TA_OPEN:
	case TKSIM_RPC_TA_INVOKE:
	case TKSIM_RPC_TA_CLOSE:
		tksim_ta2ta_rpc(sd, arg);
		break;
	default:
		/* a fatal signal of this thread ends the supplicant's wait */
		tee_supp_waiter_init(&w, sd->supp,
				     arg->ctx && arg->ctx->supp_nowait);
		tksim_serve_rpc_here(sd, rpc, &w);
		break;
	}
}
