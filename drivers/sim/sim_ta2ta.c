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
 * dies are closed here, from a work item.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "sim_private.h"

static struct tk_msg_arg *nested_new(struct tk_msg_arg *outer, u32 cmd)
{
	struct tk_msg_arg *arg = kzalloc(sizeof(*arg), GFP_KERNEL);

	if (!arg)
		return NULL;
	arg->cmd = cmd;
	arg->ctx = outer ? outer->ctx : NULL;
	arg->kernel_client = outer ? outer->kernel_client : true;
	arg->cancel_id = outer ? outer->cancel_id : 0;
	arg->cancelled = outer ? READ_ONCE(outer->cancelled) : false;
	arg->depth = outer ? outer->depth + 1 : 1;
	init_waitqueue_head(&arg->wq);
	return arg;
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
	u32 cmd, i;

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
	    (cmd == TKSIM_CMD_CLOSE_SESSION && rpc->num_params)) {
		ta2ta_fail(rpc, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_TEE);
		return;
	}
	if (arg->depth >= TKSIM_TA_MAX_DEPTH) {
		ta2ta_fail(rpc, TEEC_ERROR_BUSY, TEEC_ORIGIN_TEE);
		return;
	}
	n = nested_new(arg, cmd);
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
	}
	/* memrefs: the conduit resolved them and holds the shm references */
	n->num_params = rpc->num_params;
	memcpy(n->params, rpc->params, rpc->num_params * sizeof(n->params[0]));

	if (tksim_do_call(sd, n)) {
		/* the client is being killed: the outer call ends too */
		ta2ta_fail(rpc, TEEC_ERROR_COMMUNICATION, TEEC_ORIGIN_COMMS);
		kfree(n);
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
	kfree(n);
}

/* Instance @instance died: close the sessions it opened.  Lock held. */
void tksim_ta2ta_caller_dead(struct tksim_conduit *sc, u32 instance)
{
	struct tksim_sess *sess;
	unsigned long idx;
	bool any = false;

	xa_for_each(&sc->sessions, idx, sess) {
		if (sess->caller == instance && !sess->reap) {
			sess->reap = true;
			any = true;
		}
	}
	if (any)
		schedule_work(&sc->reap_work);
}

/* The work item: one CLOSE_SESSION per reaped session, no client */
void tksim_ta2ta_reap(struct work_struct *work)
{
	struct tksim_conduit *sc = container_of(work, struct tksim_conduit,
						reap_work);
	struct tksim_dev *sd = tksim_the_dev;
	struct tksim_sess *sess;
	struct tk_msg_arg *n;
	unsigned long idx;
	u32 id, caller;

	for (;;) {
		id = 0;
		mutex_lock(&sc->lock);
		xa_for_each(&sc->sessions, idx, sess) {
			if (sess->reap) {
				sess->reap = false;
				id = idx;
				caller = sess->caller;
				break;
			}
		}
		mutex_unlock(&sc->lock);
		if (!id || !sd)
			return;
		n = nested_new(NULL, TKSIM_CMD_CLOSE_SESSION);
		if (!n)
			return;
		n->session = id;
		n->caller = caller;
		tksim_do_call(sd, n);
		kfree(n);
	}
}
