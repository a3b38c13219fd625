// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: TA-to-TA sessions (docs/decisions/0805-ta-to-ta.md).
 *
 * An instance asks with an RPC (TKSIM_RPC_TA_OPEN/INVOKE/CLOSE).  The
 * client thread serving the RPC runs the nested call like a client call of
 * its own (tksim_do_call(): the callee is found, loaded and forwarded by the
 * emulator as usual, and its RPCs are served in the same thread), with
 * login TEE_LOGIN_TRUSTED_APP and the caller's TA UUID as client identity.
 * The calling instance is untrusted: the conduit checked its memrefs
 * (views of its own channel) and a session can only be used by the
 * instance that opened it (route_call()).  Sessions of an instance that
 * dies are closed with driver-owned CLOSE_SESSION messages.
 *
 * Cancellation: the conduit links a nested call to its parent (the outer
 * call) while it runs, and a cancel of the parent reaches it when the
 * calling TA had cancellation unmasked (TKSIM_RPC_F_CANCEL_UNMASKED).  The
 * caller's cancellationRequestTimeout is a delayed work item that sends a
 * cancel aimed at exactly this nested call; it is cancelled (synchronously)
 * before the message is freed.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "sim_private.h"

/**
 * struct ta2ta_call - a nested call and what cancels it on time
 * @arg:	the message (first: nested_free() frees through it)
 * @cancel:	the targeted TK_MSG_CMD_CANCEL its timeout sends
 * @timeout:	the caller's cancellationRequestTimeout
 * @sd:		the driver
 */
struct ta2ta_call {
	struct tk_msg_arg arg;
	struct tk_msg_arg cancel;
	struct delayed_work timeout;
	struct tksim_dev *sd;
};

/*
 * A nested message on behalf of @outer (NULL: the driver's own close).
 * @propagate: the calling TA's cancellation is unmasked, so a cancel of
 * @outer reaches it (also one that came before: it starts cancelled).
 */
static struct tk_msg_arg *nested_new(struct tk_msg_arg *outer, u32 cmd,
				     bool propagate)
{
	struct ta2ta_call *c = kzalloc(sizeof(*c), GFP_KERNEL);
	struct tk_msg_arg *arg;

	if (!c)
		return NULL;
	arg = &c->arg;
	arg->cmd = cmd;
	arg->ctx = outer ? outer->ctx : NULL;
	arg->kernel_client = outer ? outer->kernel_client : true;
	arg->cancel_id = outer ? outer->cancel_id : 0;
	arg->parent = outer;
	arg->cancel_from_parent = outer && propagate;
	arg->cancelled = arg->cancel_from_parent && READ_ONCE(outer->cancelled);
	arg->depth = outer ? outer->depth + 1 : 1;
	init_waitqueue_head(&arg->wq);
	return arg;
}

static void nested_free(struct tk_msg_arg *arg)
{
	kfree(container_of(arg, struct ta2ta_call, arg));
}

/* The timeout elapsed: cancel the nested call (and what it propagates to) */
static void ta2ta_timeout(struct work_struct *work)
{
	struct ta2ta_call *c = container_of(to_delayed_work(work),
					    struct ta2ta_call, timeout);
	struct tk_smc_args in = {
		.a0 = TK_SMC_CALL_WITH_ARG,
		.a1 = (unsigned long)&c->cancel,
	};
	struct tk_smc_args out;

	c->cancel.cmd = TK_MSG_CMD_CANCEL;
	c->cancel.target = &c->arg;
	init_waitqueue_head(&c->cancel.wq);
	c->sd->cd->ops->yield_call(c->sd->cd, &in, &out);
}

/* Arms the caller's timeout (TEE_TIMEOUT_INFINITE: none); true if armed */
static bool ta2ta_arm(struct tksim_dev *sd, struct tk_msg_arg *arg,
		      const struct tk_rpc_arg *rpc)
{
	struct ta2ta_call *c = container_of(arg, struct ta2ta_call, arg);

	if (!(rpc->flags & TKSIM_RPC_F_TIMEOUT) || rpc->timeout_ms == U32_MAX)
		return false;
	c->sd = sd;
	INIT_DELAYED_WORK(&c->timeout, ta2ta_timeout);
	schedule_delayed_work(&c->timeout, msecs_to_jiffies(rpc->timeout_ms));
	return true;
}

static void ta2ta_fail(struct tk_rpc_arg *rpc, u32 ret, u32 origin)
{
	rpc->ret = ret;
	rpc->ret_origin = origin;
}

/* Serve a TA_* RPC of @arg's channel in the client's thread */
void tksim_ta2ta_rpc(struct tksim_dev *sd, struct tk_msg_arg *arg)
{
	struct tk_rpc_arg *rpc = &arg->rpc;
	struct tk_msg_arg *n;
	bool armed;
	u32 cmd, i;
	int rc;

	switch (rpc->cmd) {
	case TKSIM_RPC_TA_OPEN:
		cmd = TKSIM_CMD_OPEN_SESSION;
		break;
	case TKSIM_RPC_TA_INVOKE:
		cmd = TKSIM_CMD_INVOKE;
		break;
	default:
		cmd = TKSIM_CMD_CLOSE_SESSION;
		break;
	}
	if (!rpc->caller || rpc->num_params > TKSIM_MAX_PARAMS ||
	    (cmd != TKSIM_CMD_OPEN_SESSION && !rpc->session) ||
	    (cmd == TKSIM_CMD_CLOSE_SESSION &&
	     (rpc->num_params || rpc->flags))) {
		ta2ta_fail(rpc, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	if (arg->depth >= TKSIM_TA_MAX_DEPTH) {
		ta2ta_fail(rpc, TEEC_ERROR_BUSY, TEEC_ORIGIN_TEE);
		return;
	}
	n = nested_new(arg, cmd, rpc->flags & TKSIM_RPC_F_CANCEL_UNMASKED);
	if (!n) {
		ta2ta_fail(rpc, TEEC_ERROR_OUT_OF_MEMORY, TEEC_ORIGIN_TEE);
		return;
	}
	n->caller = rpc->caller;
	n->func = rpc->func;
	n->session = rpc->session;
	if (cmd == TKSIM_CMD_OPEN_SESSION) {
		n->session = 0;
		memcpy(n->uuid, rpc->uuid, sizeof(n->uuid));
		memcpy(n->clnt_uuid, rpc->caller_uuid, sizeof(n->clnt_uuid));
		n->clnt_login = TKSIM_LOGIN_TRUSTED_APP;
		n->func = tksim_caller_uid(n);
	}
	/* memrefs: the conduit resolved them and holds the shm references */
	n->num_params = rpc->num_params;
	memcpy(n->params, rpc->params, rpc->num_params * sizeof(n->params[0]));

	armed = ta2ta_arm(sd, n, rpc);
	rc = tksim_do_call(sd, n);
	if (armed)
		cancel_delayed_work_sync(&container_of(n, struct ta2ta_call,
						       arg)->timeout);
	if (rc) {
		/* the client is being killed: the outer call ends too */
		ta2ta_fail(rpc, TEEC_ERROR_COMMUNICATION, TEEC_ORIGIN_COMMS);
		nested_free(n);
		return;
	}
	rpc->ret = n->ret;
	rpc->ret_origin = n->ret_origin;
	for (i = 0; i < n->num_params; i++) {
		struct tee_param *p = rpc->params + i;

		switch (p->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			p->u.value = n->params[i].u.value;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			p->u.memref.size = n->params[i].u.memref.size;
			break;
		}
	}
	if (cmd == TKSIM_CMD_OPEN_SESSION && n->ret == TEEC_SUCCESS)
		rpc->session = n->session;
	nested_free(n);
}

/*
 * Instance @instance died: close the sessions it opened, each with a
 * CLOSE_SESSION of the driver's own that no thread waits for, so a callee
 * that never answers holds up nothing but its own session.  One whose
 * open is still under way is marked, and closed once it opens
 * (sess_finish()); one whose callee died is just forgotten.  Lock held.
 */
void tksim_ta2ta_caller_dead(struct tksim_conduit *sc, u32 instance)
{
	struct tksim_sess *sess;
	unsigned long idx;

	xa_for_each(&sc->sessions, idx, sess) {
		if (sess->caller != instance)
			continue;
		sess->caller_dead = true;
		if ((!sess->chan && !sess->dead) || sess->reap)
			continue;
		if (sess->chan && !sess->chan->dead &&
		    !tksim_close_orphan(sc, sess->chan, idx)) {
			sess->reap = true;	/* the close is on its way */
			continue;
		}
		tksim_sess_drop(sc, idx, sess);
	}
}
