// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: the sim conduit.  Yielding calls become requests queued on
 * channels of /dev/teekit_sim; the emulator's threads take them with
 * TKSIM_IOC_XFER and answer on the same channel.  Protocol:
 * docs/sim-conduit.md.  Everything the emulator sends is untrusted input.
 */
#define pr_fmt(fmt) "teekit_sim: " fmt

#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sim_private.h"

static struct tksim_conduit *tksim_sc;	/* the one conduit (misc device) */

static struct tksim_conduit *to_sc(struct tk_conduit *cd)
{
	return container_of(cd, struct tksim_conduit, cd);
}

/* ---- channels ---- */

static struct tksim_chan *chan_new(struct tksim_conduit *sc, u32 instance)
{
	struct tksim_chan *chan;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return NULL;
	chan->slots = bitmap_zalloc(TKSIM_MAX_SLOTS, GFP_KERNEL);
	chan->status_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!chan->slots || !chan->status_page) {
		if (chan->status_page)
			__free_page(chan->status_page);
		bitmap_free(chan->slots);
		kfree(chan);
		return NULL;
	}
	chan->status = page_address(chan->status_page);
	kref_init(&chan->ref);
	chan->instance = instance;
	INIT_LIST_HEAD(&chan->queue);
	INIT_LIST_HEAD(&chan->taken);
	INIT_LIST_HEAD(&chan->notes);
	init_waitqueue_head(&chan->wq);
	xa_init(&chan->views);
	list_add_tail(&chan->link, &sc->chans);
	return chan;
}

static void chan_free(struct kref *ref)
{
	struct tksim_chan *chan = container_of(ref, struct tksim_chan, ref);
	struct tksim_note *n, *tmp;

	list_for_each_entry_safe(n, tmp, &chan->notes, link)
		kfree(n);
	kfree(chan->sock_close);
	xa_destroy(&chan->views);
	/* mappings of the status page hold their own page reference */
	__free_page(chan->status_page);
	bitmap_free(chan->slots);
	kfree(chan);
}

/* get: chan_get(); put: chan_put().  The last put may free the channel */
static void chan_get(struct tksim_chan *chan)
{
	kref_get(&chan->ref);
}

static void chan_put(struct tksim_chan *chan)
{
	kref_put(&chan->ref, chan_free);
}

static void note_add(struct tksim_chan *chan, u32 cmd, u64 val)
{
	struct tksim_note *n;

	if (chan->dead)
		return;
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return;		/* notices are advisory */
	n->cmd = cmd;
	n->val = val;
	list_add_tail(&n->link, &chan->notes);
	wake_up(&chan->wq);
}

/* ---- calls ---- */

static void call_set_ret(struct tksim_call *call, u32 ret, u32 origin)
{
	if (call->arg) {
		call->arg->ret = ret;
		call->arg->ret_origin = origin;
	}
}

/* Free a call; without the lock (puts shm references) */
static void call_free(struct tksim_call *call)
{
	int n;

	for (n = 0; n < ARRAY_SIZE(call->held); n++)
		if (call->held[n])
			tee_shm_put(call->held[n]);
	for (n = 0; n < ARRAY_SIZE(call->rpc_hold); n++)
		if (call->rpc_hold[n])
			tee_shm_put(call->rpc_hold[n]);
	kfree(call->own);
	kfree(call);
}

/* No client waits for the call (abandoned, or the driver's own) */
static bool call_orphan(const struct tksim_call *call)
{
	return !call->arg || call->own;
}

/*
 * get: call_start (the client's), refcount_inc in answer_rpc (a thread
 * waiting for an RPC result); put: call_put() without the lock,
 * call_put_locked() with it (the free is deferred to @deferred).
 * An abandoned call's client reference belongs to its channel and is put
 * by call_done().
 */
static void call_put(struct tksim_call *call)
{
	if (refcount_dec_and_test(&call->users))
		call_free(call);
}

static void call_put_locked(struct tksim_call *call,
			    struct list_head *deferred)
{
	if (refcount_dec_and_test(&call->users))
		list_add_tail(&call->link, deferred);
}

/*
 * The call leaves its channel (answered, failed or forwarded away).
 * Lock held.
 */
static void call_unlink(struct tksim_conduit *sc, struct tksim_call *call)
{
	struct tksim_chan *chan = call->chan;

	list_del_init(&call->link);
	tksim_grants_release(chan, call);
	if (call->slot >= 0) {
		chan->status->cancel[call->slot] = 0;
		clear_bit(call->slot, chan->slots);
		call->slot = -1;
	}
	call->chan = NULL;
	chan_put(chan);	/* the call's reference; chan->ref is >1 here */
}

/*
 * Finish a call.  Lock held.  An abandoned call has no one waiting: it
 * is freed here (its held shm references go on @abandoned to be put
 * without the lock).
 */
static void call_done(struct tksim_conduit *sc, struct tksim_call *call,
		      struct list_head *abandoned)
{
	if (call->chan)
		call_unlink(sc, call);
	xa_erase(&sc->calls, call->id);
	call->state = TKSIM_CALL_DONE;
	wake_up_all(&call->wq);
	if (call_orphan(call))
		call_put_locked(call, abandoned);
}

static void free_abandoned(struct list_head *abandoned)
{
	struct tksim_call *call, *tmp;

	list_for_each_entry_safe(call, tmp, abandoned, link)
		call_free(call);
}

/*
 * Queue a CLOSE_SESSION of @session to @chan that no client waits for:
 * the session was opened after its client died.  Lock held.
 */
int tksim_close_orphan(struct tksim_conduit *sc, struct tksim_chan *chan,
		       u32 session)
{
	struct tksim_call *call = kzalloc(sizeof(*call), GFP_KERNEL);
	struct tk_msg_arg *arg = kzalloc(sizeof(*arg), GFP_KERNEL);

	if (!call || !arg)
		goto nomem;
	arg->cmd = TKSIM_CMD_CLOSE_SESSION;
	arg->session = session;
	init_waitqueue_head(&arg->wq);
	refcount_set(&call->users, 1);	/* the channel's, see call_done() */
	init_waitqueue_head(&call->wq);
	INIT_LIST_HEAD(&call->link);
	call->arg = arg;
	call->own = arg;
	call->slot = -1;
	call->cmd = TKSIM_CMD_CLOSE_SESSION;
	call->session = session;
	if (xa_alloc_cyclic(&sc->calls, &call->id, call, XA_LIMIT(1, U32_MAX),
			    &sc->next_call, GFP_KERNEL) < 0)
		goto nomem;
	chan_get(chan);
	call->chan = chan;
	call->state = TKSIM_CALL_QUEUED;
	list_add_tail(&call->link, &chan->queue);
	wake_up(&chan->wq);
	return 0;
nomem:
	kfree(arg);
	kfree(call);
	return -ENOMEM;
}

/* Session of a finished call.  Lock held. */
static void sess_finish(struct tksim_conduit *sc, struct tksim_call *call,
			struct tksim_chan *chan)
{
	struct tksim_sess *sess = xa_load(&sc->sessions, call->session);

	if (!sess)
		return;
	if (call->cmd == TKSIM_CMD_OPEN_SESSION) {
		if (call->arg && call->arg->ret == TEEC_SUCCESS && chan &&
		    !chan->dead) {
			chan_get(chan);
			sess->chan = chan;
			/*
			 * Opened for a client, or a calling TA, that is gone:
			 * the TA must close it again (a single-session instance
			 * would stay busy).  The session lives until that close
			 * is answered.
			 */
			if ((!call->own && !sess->caller_dead) ||
			    !tksim_close_orphan(sc, chan, call->session))
				return;
		}
		/* not opened, or opened and no way to close it */
	} else if (call->cmd != TKSIM_CMD_CLOSE_SESSION) {
		return;
	}
	tksim_sess_drop(sc, call->session, sess);
}

/* Forget session @id.  Lock held. */
void tksim_sess_drop(struct tksim_conduit *sc, u32 id, struct tksim_sess *sess)
{
	xa_erase(&sc->sessions, id);
	if (sess->chan)
		chan_put(sess->chan);
	kfree(sess);
}

/* Is instance @id alive?  Lock held. */
static bool inst_alive(struct tksim_conduit *sc, u32 id)
{
	struct tksim_chan *chan = xa_load(&sc->insts, id);

	return chan && !chan->dead;
}

/*
 * Kill a channel: fail its calls, kill its sessions, drop its views.
 * Lock held; @puts and @abandoned collect what must be freed without it.
 */
static void chan_kill(struct tksim_conduit *sc, struct tksim_chan *chan,
		      struct list_head *puts, struct list_head *abandoned)
{
	u32 ret = TEEC_ERROR_TARGET_DEAD, origin = TEEC_ORIGIN_TEE;
	struct tksim_call *call, *tmp;
	struct tksim_sess *sess;
	struct tksim_chan *c2;
	unsigned long idx;

	if (chan->dead)
		return;
	chan->dead = true;
	if (!chan->instance) {
		ret = TEEC_ERROR_COMMUNICATION;
		origin = TEEC_ORIGIN_COMMS;
	}
	list_for_each_entry_safe(call, tmp, &chan->queue, link) {
		call_set_ret(call, ret, origin);
		sess_finish(sc, call, NULL);
		call_done(sc, call, abandoned);
	}
	list_for_each_entry_safe(call, tmp, &chan->taken, link) {
		/* a thread of the channel waits for the supplicant: end it */
		if (call->supp_w)
			tee_supp_abort(call->supp_w);
		if (call->state == TKSIM_CALL_RPC) {
			/*
			 * The client is serving an RPC and finishes the call
			 * itself; end a sleep (SUSPEND) it may be in.
			 */
			if (call->arg) {
				call->arg->cancelled = true;
				wake_up_all(&call->arg->wq);
			}
			continue;
		}
		call_set_ret(call, ret, origin);
		sess_finish(sc, call, NULL);
		call_done(sc, call, abandoned);
	}
	xa_for_each(&sc->sessions, idx, sess) {
		if (sess->chan == chan) {
			sess->chan = NULL;
			sess->dead = true;
			chan_put(chan);
		}
	}
	tksim_view_drop_all(sc, chan, puts);
	if (chan->sock_close && !sc->dying) {
		/* its sockets go too: CLOSE_ALL from the work item */
		list_add_tail(&chan->sock_close->link, &sc->sock_closes);
		chan->sock_close = NULL;
		schedule_work(&sc->free_work);
	}
	list_del_init(&chan->link);	/* shm_gone needs no dead channel */
	wake_up_all(&chan->wq);

	if (chan->instance) {
		tksim_ta2ta_caller_dead(sc, chan->instance);
		xa_erase(&sc->insts, chan->instance);
		if (sc->os)
			note_add(sc->os, TKSIM_NOTE_INSTANCE_DEAD,
				 chan->instance);
		chan_put(chan);	/* the instance table's reference */
	} else {
		sc->os = NULL;
		/* its TEE bus devices go (the work waits for this lock) */
		tksim_bus_os_changed(READ_ONCE(sc->sd->bus));
		/* the secure world is gone: so are its instances */
		xa_for_each(&sc->insts, idx, c2)
			chan_kill(sc, c2, puts, abandoned);
		chan_put(chan);	/* the OS slot's reference */
	}
}

static void chan_kill_unlocked(struct tksim_conduit *sc,
			       struct tksim_chan *chan)
{
	LIST_HEAD(puts);
	LIST_HEAD(abandoned);

	mutex_lock(&sc->lock);
	chan_kill(sc, chan, &puts, &abandoned);
	mutex_unlock(&sc->lock);
	tksim_put_shms(&puts);
	free_abandoned(&abandoned);
}

/* ---- the client side: yielding calls ---- */

static bool call_match_cancel(struct tksim_call *call, struct tk_msg_arg *c)
{
	if (call->ctx != c->ctx || call->cancel_id != c->cancel_id ||
	    call->nested || call_orphan(call))
		return false;
	if (!c->session)
		return call->cmd == TKSIM_CMD_OPEN_SESSION;
	return call->cmd != TKSIM_CMD_OPEN_SESSION &&
	       call->session == c->session;
}

/*
 * Cancel @arg: its flag, its RPC sleep, its TA's status-page flag; then
 * the TA-to-TA call it waits for, if its TA let cancels through, and so on
 * down the chain (at most TKSIM_TA_MAX_DEPTH).  Lock held.
 */
static void cancel_arg(struct tksim_conduit *sc, struct tk_msg_arg *arg)
{
	struct tksim_call *call;
	unsigned long idx;

	while (arg) {
		arg->cancelled = true;
		wake_up_all(&arg->wq);
		xa_for_each(&sc->calls, idx, call) {
			if (call->arg == arg && call->slot >= 0)
				WRITE_ONCE(call->chan->status->cancel[call->slot],
					   1);
		}
		arg = arg->nested && arg->nested->cancel_from_parent ?
		      arg->nested : NULL;
	}
}

static void do_cancel(struct tksim_conduit *sc, struct tk_msg_arg *c)
{
	struct tksim_call *call;
	unsigned long idx;

	mutex_lock(&sc->lock);
	if (c->target) {
		/* a TA-to-TA timeout: the driver keeps the target alive */
		cancel_arg(sc, c->target);
	} else {
		xa_for_each(&sc->calls, idx, call) {
			if (call_match_cancel(call, c))
				cancel_arg(sc, call->arg);
		}
	}
	mutex_unlock(&sc->lock);
	c->ret = TEEC_SUCCESS;
	c->ret_origin = TEEC_ORIGIN_TEE;
}

/* A TA-to-TA call starts or ends: (un)link it from its parent.  Lock held */
static void nested_link(struct tk_msg_arg *arg, bool start)
{
	struct tk_msg_arg *parent = arg->parent;

	if (!parent)
		return;
	if (!start) {
		if (parent->nested == arg)
			parent->nested = NULL;
		return;
	}
	parent->nested = arg;
	/* a cancel that came before the link */
	if (arg->cancel_from_parent && parent->cancelled)
		arg->cancelled = true;
}

/* Route a new call.  Lock held.  Returns the channel or NULL (arg set) */
static struct tksim_chan *route_call(struct tksim_conduit *sc,
				     struct tk_msg_arg *arg, u32 *sess_id)
{
	struct tksim_sess *sess;
	int rc;

	/* a TA-to-TA call of an instance that died meanwhile */
	if (arg->caller && !inst_alive(sc, arg->caller))
		goto caller_dead;
	if (arg->cmd == TKSIM_CMD_OPEN_SESSION) {
		if (!sc->os || sc->os->dead)
			goto comms;
		sess = kzalloc(sizeof(*sess), GFP_KERNEL);
		if (!sess)
			goto comms;
		rc = xa_alloc_cyclic(&sc->sessions, sess_id, sess,
				     XA_LIMIT(1, U32_MAX), &sc->next_sess,
				     GFP_KERNEL);
		if (rc < 0) {
			kfree(sess);
			goto comms;
		}
		arg->session = *sess_id;
		sess->caller = arg->caller;
		return sc->os;
	}
	*sess_id = arg->session;
	sess = xa_load(&sc->sessions, arg->session);
	/* TA-to-TA sessions are their opening instance's only */
	if (sess ? sess->caller != arg->caller : arg->caller != 0) {
		arg->ret = TEEC_ERROR_BAD_PARAMETERS;
		arg->ret_origin = TEEC_ORIGIN_TEE;
		return NULL;
	}
	if (sess && sess->chan && !sess->chan->dead)
		return sess->chan;
	if (arg->cmd == TKSIM_CMD_CLOSE_SESSION) {
		if (sess && !sess->chan) {
			xa_erase(&sc->sessions, arg->session);
			kfree(sess);
		}
		arg->ret = TEEC_SUCCESS;
		arg->ret_origin = TEEC_ORIGIN_TEE;
		return NULL;
	}
	arg->ret = TEEC_ERROR_TARGET_DEAD;
	arg->ret_origin = TEEC_ORIGIN_TEE;
	return NULL;
comms:
	arg->ret = TEEC_ERROR_COMMUNICATION;
	arg->ret_origin = TEEC_ORIGIN_COMMS;
	return NULL;
caller_dead:
	/* its sessions are being closed by the driver (sim_ta2ta.c) */
	arg->ret = arg->cmd == TKSIM_CMD_CLOSE_SESSION ? TEEC_SUCCESS :
		   TEEC_ERROR_TARGET_DEAD;
	arg->ret_origin = TEEC_ORIGIN_TEE;
	return NULL;
}

static struct tksim_call *call_start(struct tksim_conduit *sc,
				     struct tk_msg_arg *arg)
{
	struct tksim_call *call;
	struct tksim_chan *chan;
	u32 n;

	call = kzalloc(sizeof(*call), GFP_KERNEL);
	if (!call)
		goto nomem;
	refcount_set(&call->users, 1);
	init_waitqueue_head(&call->wq);
	INIT_LIST_HEAD(&call->link);
	call->arg = arg;
	call->slot = -1;
	call->cmd = arg->cmd;
	call->cancel_id = arg->cancel_id;
	call->ctx = arg->ctx;
	call->nested = arg->depth > 0;
	call->num_params = arg->num_params;
	for (n = 0; n < arg->num_params; n++)
		call->attrs[n] = arg->params[n].attr &
				 TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
	call->supp_nowait = arg->ctx && arg->ctx->supp_nowait;

	mutex_lock(&sc->lock);
	chan = route_call(sc, arg, &call->session);
	if (!chan)
		goto out_unlock;
	if (xa_alloc_cyclic(&sc->calls, &call->id, call,
			    XA_LIMIT(1, U32_MAX), &sc->next_call,
			    GFP_KERNEL) < 0) {
		call->chan = NULL;
		sess_finish(sc, call, NULL);
		arg->ret = TEEC_ERROR_OUT_OF_MEMORY;
		arg->ret_origin = TEEC_ORIGIN_COMMS;
		goto out_unlock;
	}
	chan_get(chan);
	call->chan = chan;
	call->state = TKSIM_CALL_QUEUED;
	nested_link(arg, true);
	list_add_tail(&call->link, &chan->queue);
	wake_up(&chan->wq);
	mutex_unlock(&sc->lock);
	arg->conduit_priv = call;
	return call;

out_unlock:
	mutex_unlock(&sc->lock);
	kfree(call);
	return NULL;
nomem:
	arg->ret = TEEC_ERROR_OUT_OF_MEMORY;
	arg->ret_origin = TEEC_ORIGIN_COMMS;
	return NULL;
}

/*
 * The client was killed: leave the call to its channel.  Lock held.
 *
 * An open goes on without its client, cancelled, with a copy of its
 * message the call owns: it may still be forwarded to an instance and
 * succeed there, and the session is then closed again (sess_finish()).
 * One that waits in an instance's queue must still reach the instance:
 * the emulator counted it as forwarded there, and an instance ends only
 * once it has seen every open forwarded to it.  Any other call still
 * queued is simply dropped: nobody has seen it.
 */
static void call_abandon(struct tksim_conduit *sc, struct tksim_call *call,
			 struct list_head *abandoned)
{
	struct tk_msg_arg *arg = call->arg;
	struct tk_msg_arg *own = NULL;
	u32 n;

	if (call->cmd == TKSIM_CMD_OPEN_SESSION &&
	    (call->state != TKSIM_CALL_QUEUED || call->chan->instance))
		own = kmemdup(arg, sizeof(*arg), GFP_KERNEL);
	if (call->state == TKSIM_CALL_QUEUED && !own) {
		call_set_ret(call, TEEC_ERROR_CANCEL, TEEC_ORIGIN_COMMS);
		sess_finish(sc, call, NULL);
		call_done(sc, call, abandoned);
		call_put_locked(call, abandoned);	/* the client's */
		return;
	}
	/* a channel thread serving an RPC for the call stops waiting */
	if (call->supp_w)
		tee_supp_abort(call->supp_w);
	/* keep the memory the TA may be using until it answers */
	for (n = 0; n < arg->num_params; n++) {
		struct tee_shm *shm = arg->params[n].u.memref.shm;

		if (tee_param_is_memref(&arg->params[n]) && shm) {
			tksim_shm_get(shm);
			call->held[n] = shm;
		}
	}
	if (arg->rpc.shm) {
		call->held[TKSIM_MAX_PARAMS] = arg->rpc.shm;
		arg->rpc.shm = NULL;
	}
	if (call->slot >= 0)
		WRITE_ONCE(call->chan->status->cancel[call->slot], 1);
	call->arg = NULL;
	/* without memory for the copy, a forward of the open fails */
	if (!own)
		return;
	call->own = own;
	init_waitqueue_head(&call->own->wq);
	call->own->cancelled = true;
	call->own->ctx = NULL;
	call->own->conduit_priv = NULL;
	memset(&call->own->rpc, 0, sizeof(call->own->rpc));
	call->arg = call->own;
}

static void sim_yield_call(struct tk_conduit *cd, const struct tk_smc_args *in,
			   struct tk_smc_args *out)
{
	struct tksim_conduit *sc = to_sc(cd);
	struct tk_msg_arg *arg = (struct tk_msg_arg *)in->a1;
	struct tee_shm *rpc_hold[TKSIM_MAX_PARAMS] = { };
	LIST_HEAD(abandoned);
	struct tksim_call *call;
	int n;

	memset(out, 0, sizeof(*out));
	if (in->a0 == TK_SMC_CALL_WITH_ARG) {
		if (arg->cmd == TK_MSG_CMD_CANCEL) {
			do_cancel(sc, arg);
			return;
		}
		call = call_start(sc, arg);
		if (!call)
			return;		/* answered at once */
	} else if (in->a0 == TK_SMC_RETURN_FROM_RPC) {
		call = arg->conduit_priv;
		mutex_lock(&sc->lock);
		/* the client is done with the RPC's memrefs */
		memcpy(rpc_hold, call->rpc_hold, sizeof(rpc_hold));
		memset(call->rpc_hold, 0, sizeof(call->rpc_hold));
		if (!call->chan || call->chan->dead) {
			/* its channel died while the RPC was served */
			call_set_ret(call, call->chan && !call->chan->instance ?
				     TEEC_ERROR_COMMUNICATION :
				     TEEC_ERROR_TARGET_DEAD,
				     call->chan && !call->chan->instance ?
				     TEEC_ORIGIN_COMMS : TEEC_ORIGIN_TEE);
			sess_finish(sc, call, NULL);
			call_done(sc, call, &abandoned);
		} else {
			call->state = TKSIM_CALL_RPC_DONE;
			wake_up_all(&call->wq);
		}
		mutex_unlock(&sc->lock);
		for (n = 0; n < ARRAY_SIZE(rpc_hold); n++)
			if (rpc_hold[n])
				tee_shm_put(rpc_hold[n]);
	} else {
		out->a0 = TK_SMC_RET_EBADCMD;
		return;
	}

	/* a fatal signal ends the wait: the call is then abandoned */
	wait_event_killable(call->wq,
			    READ_ONCE(call->state) == TKSIM_CALL_DONE ||
			    READ_ONCE(call->state) == TKSIM_CALL_RPC);
	mutex_lock(&sc->lock);
	if (call->state == TKSIM_CALL_RPC) {
		mutex_unlock(&sc->lock);
		out->a0 = TK_SMC_RET_RPC;
		return;
	}
	if (call->state != TKSIM_CALL_DONE) {
		/* a fatal signal */
		nested_link(arg, false);
		call_abandon(sc, call, &abandoned);
		mutex_unlock(&sc->lock);
		free_abandoned(&abandoned);
		arg->conduit_priv = NULL;
		out->a0 = TK_SMC_RET_ABORTED;
		return;
	}
	nested_link(arg, false);
	mutex_unlock(&sc->lock);
	free_abandoned(&abandoned);
	call_put(call);
	arg->conduit_priv = NULL;
	if (arg->rpc.shm) {
		/* allocated for an RPC whose channel died */
		tee_shm_put(arg->rpc.shm);
		arg->rpc.shm = NULL;
	}
	out->a0 = TK_SMC_RET_OK;
}

static void sim_fast_call(struct tk_conduit *cd, const struct tk_smc_args *in,
			  struct tk_smc_args *out)
{
	struct tksim_conduit *sc = to_sc(cd);

	memset(out, 0, sizeof(*out));
	mutex_lock(&sc->lock);
	if (!sc->os) {
		out->a0 = TK_SMC_RET_ENOTAVAIL;
	} else if (in->a0 == TK_SMC_FAST_GET_REVISION) {
		out->a0 = sc->os_major;
		out->a1 = sc->os_minor;
	} else if (in->a0 == TK_SMC_FAST_EXCHANGE_CAPS) {
		out->a0 = TK_SMC_RET_OK;
		out->a1 = sc->os_flags;
	} else {
		out->a0 = TK_SMC_RET_EBADCMD;
	}
	mutex_unlock(&sc->lock);
}

static void sim_shm_gone(struct tk_conduit *cd, struct tee_shm *shm)
{
	tksim_shm_gone(to_sc(cd), shm);
}

static const struct tk_conduit_ops tksim_conduit_ops = {
	.fast_call = sim_fast_call,
	.yield_call = sim_yield_call,
	.shm_gone = sim_shm_gone,
};

/* ---- the device: attach ---- */

/* the capabilities an OS may declare at ATTACH_OS */
#define TKSIM_OS_CAPS	(TKSIM_OS_CAP_CANCEL | TKSIM_OS_CAP_DEVENUM)

static int ioc_attach(struct tksim_conduit *sc, struct file *file,
		      void __user *uarg, bool os)
{
	struct tksim_attach a;
	struct tksim_chan *chan;
	int rc = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (memchr_inv(a.reserved, 0, sizeof(a.reserved)))
		return -EINVAL;
	if (os ? a.instance || (a.flags & ~TKSIM_OS_CAPS) :
		 !a.instance || a.flags || a.os_major || a.os_minor)
		return -EINVAL;

	mutex_lock(&sc->lock);
	if (file->private_data) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if (sc->dying) {
		rc = -ENODEV;
		goto out_unlock;
	}
	if (os) {
		if (sc->os) {
			rc = -EBUSY;
			goto out_unlock;
		}
		chan = chan_new(sc, 0);
		if (!chan) {
			rc = -ENOMEM;
			goto out_unlock;
		}
		sc->os = chan;		/* the OS slot keeps chan's first ref */
		sc->os_major = a.os_major;
		sc->os_minor = a.os_minor;
		sc->os_flags = a.flags;
	} else {
		chan = xa_load(&sc->insts, a.instance);
		if (!chan || chan->dead) {
			rc = -ENOENT;
			goto out_unlock;
		}
		if (chan->attached) {
			rc = -EBUSY;
			goto out_unlock;
		}
	}
	chan_get(chan);			/* the file's reference */
	chan->attached = true;
	chan->owner = current->files;
	chan->mapping = file->f_mapping;
	file->private_data = chan;
	if (os && (a.flags & TKSIM_OS_CAP_DEVENUM))	/* its bus devices */
		tksim_bus_os_changed(READ_ONCE(sc->sd->bus));
out_unlock:
	mutex_unlock(&sc->lock);
	return rc;
}

/* the emulator is attached and alive */
bool tksim_conduit_os_attached(struct tk_conduit *cd)
{
	struct tksim_conduit *sc = container_of(cd, struct tksim_conduit, cd);
	bool up;

	mutex_lock(&sc->lock);
	up = sc->os && !sc->os->dead && (sc->os_flags & TKSIM_OS_CAP_DEVENUM);
	mutex_unlock(&sc->lock);
	return up;
}

static int ioc_instance(struct tksim_conduit *sc, struct tksim_chan *chan,
			void __user *uarg, bool create)
{
	struct tksim_instance in;
	struct tksim_chan *ic;
	u32 id;
	int rc;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	if (in.flags || in.reserved)
		return -EINVAL;
	if (!chan || chan->instance)
		return -EPERM;	/* OS channel only */

	if (!create) {
		/* the instance may die meanwhile: hold it while we kill it */
		mutex_lock(&sc->lock);
		ic = in.instance ? xa_load(&sc->insts, in.instance) : NULL;
		if (ic)
			chan_get(ic);
		mutex_unlock(&sc->lock);
		if (!ic)
			return -ENOENT;
		chan_kill_unlocked(sc, ic);
		chan_put(ic);
		return 0;
	}

	mutex_lock(&sc->lock);
	if (chan->dead) {
		rc = -ENODEV;
		goto out_unlock;
	}
	ic = chan_new(sc, 0);
	if (!ic) {
		rc = -ENOMEM;
		goto out_unlock;
	}
	rc = xa_alloc_cyclic(&sc->insts, &id, ic, XA_LIMIT(1, INT_MAX),
			     &sc->next_inst, GFP_KERNEL);
	if (rc < 0) {
		list_del(&ic->link);
		chan_put(ic);
		goto out_unlock;
	}
	ic->instance = id;
	memcpy(ic->uuid, in.uuid, sizeof(ic->uuid));
	rc = 0;
out_unlock:
	mutex_unlock(&sc->lock);
	if (rc)
		return rc;
	in.instance = id;
	if (copy_to_user(uarg, &in, sizeof(in))) {
		chan_kill_unlocked(sc, ic);
		return -EFAULT;
	}
	return 0;
}

/* ---- the device: XFER ---- */

static bool origin_ok(u32 origin)
{
	return origin >= TEEC_ORIGIN_API && origin <= TEEC_ORIGIN_TRUSTED_APP;
}

static bool type_ok(u32 attr)
{
	switch (attr) {
	case TKSIM_PARAM_NONE:
	case TKSIM_PARAM_VALUE_INPUT:
	case TKSIM_PARAM_VALUE_OUTPUT:
	case TKSIM_PARAM_VALUE_INOUT:
	case TKSIM_PARAM_MEMREF_INPUT:
	case TKSIM_PARAM_MEMREF_OUTPUT:
	case TKSIM_PARAM_MEMREF_INOUT:
		return true;
	}
	return false;
}

/* Take the answer to @call.  Lock held.  -EPROTO: the call failed */
static int answer_return(struct tksim_conduit *sc, struct tksim_chan *chan,
			 struct tksim_call *call, const struct tksim_msg *m,
			 struct list_head *abandoned)
{
	struct tk_msg_arg *arg = call->arg;
	int rc = 0;
	u32 n;

	if (m->num_params != call->num_params || !origin_ok(m->ret_origin))
		rc = -EPROTO;
	for (n = 0; !rc && n < m->num_params; n++)
		if (m->params[n].attr != call->attrs[n])
			rc = -EPROTO;
	if (rc) {
		call_set_ret(call, TEEC_ERROR_COMMUNICATION, TEEC_ORIGIN_COMMS);
	} else if (arg) {
		arg->ret = m->ret;
		arg->ret_origin = m->ret_origin;
		for (n = 0; n < m->num_params; n++) {
			struct tee_param *p = arg->params + n;
			const struct tksim_param *up = m->params + n;

			switch (call->attrs[n]) {
			case TKSIM_PARAM_VALUE_OUTPUT:
			case TKSIM_PARAM_VALUE_INOUT:
				p->u.value.a = up->a;
				p->u.value.b = up->b;
				p->u.value.c = up->c;
				break;
			case TKSIM_PARAM_MEMREF_OUTPUT:
			case TKSIM_PARAM_MEMREF_INOUT:
				p->u.memref.size = up->b;
				break;
			}
		}
	}
	sess_finish(sc, call, rc ? NULL : chan);
	call_done(sc, call, abandoned);
	return rc;
}

static int answer_forward(struct tksim_conduit *sc, struct tksim_chan *chan,
			  struct tksim_call *call, const struct tksim_msg *m,
			  struct list_head *abandoned)
{
	struct tksim_chan *to = xa_load(&sc->insts, m->instance);

	if (!to || to->dead || !call->arg) {
		call_set_ret(call, TEEC_ERROR_TARGET_DEAD, TEEC_ORIGIN_TEE);
		sess_finish(sc, call, NULL);
		call_done(sc, call, abandoned);
		return to ? 0 : -EPROTO;
	}
	call_unlink(sc, call);
	chan_get(to);
	call->chan = to;
	call->state = TKSIM_CALL_QUEUED;
	list_add_tail(&call->link, &to->queue);
	wake_up(&to->wq);
	return 0;
}

/*
 * Turn the RPC message @m that @call's thread in @chan sends into @rpc
 * (zeroed by the caller).  The memrefs' references go to @hold.  Lock
 * held.  Returns the TEEC error for @m->ret, or TEEC_SUCCESS.
 */
static u32 rpc_from_msg(struct tksim_chan *chan, struct tksim_call *call,
			const struct tksim_msg *m, struct tk_rpc_arg *rpc,
			struct tee_shm **hold)
{
	int rc;
	u32 n;

	rpc->cmd = m->cmd;
	rpc->num_params = m->num_params;
	if (m->cmd >= TKSIM_RPC_TA_OPEN && m->cmd <= TKSIM_RPC_TA_CLOSE) {
		rpc->func = m->func;
		rpc->session = m->session;
		memcpy(rpc->uuid, m->uuid, sizeof(rpc->uuid));
		rpc->caller = chan->instance;
		memcpy(rpc->caller_uuid, chan->uuid, sizeof(rpc->caller_uuid));
		rpc->flags = m->flags;
		rpc->timeout_ms = m->cancel_id;
	}
	for (n = 0; n < m->num_params; n++) {
		const struct tksim_param *up = m->params + n;
		struct tee_param *p = rpc->params + n;

		if (up->attr >= TKSIM_PARAM_MEMREF_INPUT) {
			rc = tksim_shm_param_in(chan, call, up, p);
			if (rc == -EACCES) {
				pr_info_ratelimited("instance %u (%pUb) named memory in RPC %u that its call %u was not given (or not as writable): refused\n",
						    chan->instance, chan->uuid,
						    m->cmd, call->id);
				return TEEC_ERROR_ACCESS_DENIED;
			}
			if (rc)
				return TEEC_ERROR_BAD_PARAMETERS;
			hold[n] = p->u.memref.shm;
		} else {
			p->attr = up->attr;
			p->u.value.a = up->a;
			p->u.value.b = up->b;
			p->u.value.c = up->c;
		}
	}
	if (m->cmd == TKSIM_RPC_SOCKET) {
		/*
		 * The instance id is ours, not the TA's word: the supplicant
		 * keeps sockets per instance id (decision 1531), and closes
		 * them when we tell it the instance died.
		 */
		if (!m->num_params ||
		    m->params[0].attr != TKSIM_PARAM_VALUE_INPUT ||
		    !chan->instance)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (!chan->sock_close) {
			chan->sock_close = kzalloc(sizeof(*chan->sock_close),
						   GFP_KERNEL);
			if (!chan->sock_close)
				return TEEC_ERROR_OUT_OF_MEMORY;
			chan->sock_close->instance = chan->instance;
		}
		rpc->params[0].u.value.b = chan->instance;
	}
	if (m->cmd == TKSIM_RPC_SHM_FREE) {
		if (m->num_params != 1 ||
		    m->params[0].attr != TKSIM_PARAM_VALUE_INPUT ||
		    m->params[0].a != 0)
			return TEEC_ERROR_BAD_PARAMETERS;
		rpc->shm = tksim_view_take_owned(chan, m->params[0].b);
		if (!rpc->shm)
			return TEEC_ERROR_BAD_PARAMETERS;
	}
	if (m->cmd == TKSIM_RPC_SHM_ALLOC && m->num_params == 1 &&
	    tksim_shm_alloc_reserve(chan, m->params[0].b))
		return TEEC_ERROR_OUT_OF_MEMORY;
	return TEEC_SUCCESS;
}

/*
 * Write the served @rpc back into @m.  An object SHM_ALLOC gave becomes a
 * view owned by @chan; one that cannot goes to @hold.  Lock held.
 */
static void rpc_to_msg(struct tksim_conduit *sc, struct tksim_chan *chan,
		       struct tksim_msg *m, struct tk_rpc_arg *rpc,
		       struct tee_shm **hold)
{
	struct tee_shm *shm;
	u32 n;

	m->ret = rpc->ret;
	if (m->cmd >= TKSIM_RPC_TA_OPEN && m->cmd <= TKSIM_RPC_TA_CLOSE) {
		m->ret_origin = rpc->ret_origin;
		m->session = rpc->session;
	}
	for (n = 0; n < m->num_params; n++) {
		struct tksim_param *up = m->params + n;
		struct tee_param *p = rpc->params + n;

		if (up->attr >= TKSIM_PARAM_MEMREF_INPUT) {
			up->b = p->u.memref.size;
		} else if (up->attr == TKSIM_PARAM_VALUE_OUTPUT ||
			   up->attr == TKSIM_PARAM_VALUE_INOUT) {
			up->a = p->u.value.a;
			up->b = p->u.value.b;
			up->c = p->u.value.c;
		}
	}
	shm = rpc->shm;
	rpc->shm = NULL;
	if (m->cmd == TKSIM_RPC_SHM_ALLOC && shm) {
		struct tksim_view *v = chan->dead ? ERR_PTR(-ENODEV) :
				       tksim_view_get(sc, chan, shm, true);

		if (IS_ERR(v)) {
			/* -EEXIST: the supplicant answered with memory in use */
			m->ret = TEEC_ERROR_OUT_OF_MEMORY;
			hold[TKSIM_MAX_PARAMS] = shm;	/* put by the caller */
		} else {
			if (chan->instance)
				chan->owned_bytes += shm->size;
			m->params[0].c = (u64)v->id << TKSIM_VIEW_SHIFT;
			m->params[0].map_pages = shm->num_pages;
		}
	} else if (shm) {
		hold[TKSIM_MAX_PARAMS] = shm;
	}
}

/*
 * OP_RPC served in this thread (tksim_rpc_in_channel()): the client
 * sleeps through it.  The call is TKSIM_CALL_RPC_HERE meanwhile; the
 * client's death aborts the supplicant request (call_abandon()), the
 * channel's death fails the call at once (chan_kill()).  Called and
 * returns with the lock held (drops it while serving).
 */
static int answer_rpc_here(struct tksim_conduit *sc, struct tksim_chan *chan,
			   struct tksim_call *call, struct tksim_msg *m,
			   struct tee_shm **hold, struct list_head *abandoned)
{
	bool alloc = m->cmd == TKSIM_RPC_SHM_ALLOC;
	struct tee_supp_waiter w;
	struct tk_rpc_arg rpc;
	u64 asked;

	memset(&rpc, 0, sizeof(rpc));
	m->ret = rpc_from_msg(chan, call, m, &rpc, hold);
	if (m->ret != TEEC_SUCCESS)
		return 0;
	asked = alloc ? rpc.params[0].u.value.b : 0;
	tee_supp_waiter_init(&w, sc->sd->supp, call->supp_nowait);
	call->state = TKSIM_CALL_RPC_HERE;
	call->supp_w = &w;
	refcount_inc(&call->users);	/* ours while we serve */
	mutex_unlock(&sc->lock);
	tksim_serve_rpc_here(sc->sd, &rpc, &w);
	mutex_lock(&sc->lock);
	call->supp_w = NULL;
	/* rpc_to_msg() counts the object itself, if it keeps it */
	if (alloc)
		tksim_shm_alloc_reserve(chan, -asked);
	call_put_locked(call, abandoned);	/* the channel or we hold it */
	if (call->state != TKSIM_CALL_RPC_HERE) {
		/* the channel died meanwhile and failed the call */
		hold[TKSIM_MAX_PARAMS] = rpc.shm;
		return -ENODEV;
	}
	call->state = TKSIM_CALL_TAKEN;
	if (call_orphan(call)) {
		/* the client went away: the request was aborted */
		hold[TKSIM_MAX_PARAMS] = rpc.shm;
		m->ret = TEEC_ERROR_COMMUNICATION;
		return 0;
	}
	rpc_to_msg(sc, chan, m, &rpc, hold);
	return 0;
}

/*
 * OP_RPC: serve it here, or hand it to the client's thread and wait for
 * the result.  Called and returns with the lock held (drops it while
 * waiting).  Fills @m with the result.  The memrefs' references are kept
 * in @hold (not in the message, which goes away with an abandoned client)
 * and put by the caller without the lock.
 */
static int answer_rpc(struct tksim_conduit *sc, struct tksim_chan *chan,
		      struct tksim_call *call, struct tksim_msg *m,
		      struct tee_shm **hold, struct list_head *abandoned)
{
	struct tk_rpc_arg *rpc;
	int rc;

	if (call_orphan(call)) {
		m->ret = TEEC_ERROR_COMMUNICATION;	/* client is gone */
		return 0;
	}
	if (tksim_rpc_in_channel(m->cmd))
		return answer_rpc_here(sc, chan, call, m, hold, abandoned);
	rpc = &call->arg->rpc;
	memset(rpc, 0, sizeof(*rpc));
	/*
	 * The client's thread uses the memrefs (a nested call's views): the
	 * references go with the call, not with this thread, which may be
	 * killed before the client is done (put at RETURN_FROM_RPC).
	 */
	m->ret = rpc_from_msg(chan, call, m, rpc, call->rpc_hold);
	if (m->ret != TEEC_SUCCESS) {
		/* not handed over: the caller puts them */
		memcpy(hold, call->rpc_hold, sizeof(call->rpc_hold));
		memset(call->rpc_hold, 0, sizeof(call->rpc_hold));
		return 0;
	}

	call->state = TKSIM_CALL_RPC;
	refcount_inc(&call->users);	/* ours while we sleep */
	wake_up_all(&call->wq);
	mutex_unlock(&sc->lock);
	rc = wait_event_killable(call->wq,
				 READ_ONCE(call->state) != TKSIM_CALL_RPC);
	mutex_lock(&sc->lock);
	if (call->state != TKSIM_CALL_RPC_DONE) {
		/* killed, or the call ended meanwhile: no result to give */
		call_put_locked(call, abandoned);
		return rc ? rc : -ENODEV;
	}
	call_put_locked(call, abandoned);	/* still held by the channel */
	call->state = TKSIM_CALL_TAKEN;
	if (call_orphan(call)) {
		m->ret = TEEC_ERROR_COMMUNICATION;	/* abandoned meanwhile */
		return 0;
	}
	rpc_to_msg(sc, chan, m, &call->arg->rpc, hold);
	return 0;
}

/* Render @call for @chan into @x.  Lock held. */
static int render_call(struct tksim_conduit *sc, struct tksim_chan *chan,
		       struct tksim_call *call, struct tksim_xfer *x)
{
	struct tk_msg_arg *arg = call->arg;
	struct tksim_msg *m = &x->msg;
	u32 n;
	int rc;

	memset(x, 0, sizeof(*x));
	x->kind = TKSIM_KIND_CALL;
	x->call_id = call->id;
	m->cmd = arg->cmd;
	m->func = arg->func;
	m->session = call->session;
	m->cancel_id = arg->cancel_id;
	m->num_params = arg->num_params;
	m->clnt_login = arg->clnt_login;
	m->instance = chan->instance;
	memcpy(m->uuid, arg->uuid, sizeof(m->uuid));
	memcpy(m->clnt_uuid, arg->clnt_uuid, sizeof(m->clnt_uuid));
	if (arg->cancelled)
		m->flags |= TKSIM_MSG_F_CANCELLED;
	if (arg->kernel_client)
		m->flags |= TKSIM_MSG_F_KERNEL;
	for (n = 0; n < arg->num_params; n++) {
		struct tee_param *p = arg->params + n;
		struct tksim_param *up = m->params + n;

		if (tee_param_is_memref(p)) {
			rc = tksim_shm_param_out(sc, chan, p, up,
						 call->grants + call->num_grants);
			if (rc)
				return rc;
			call->num_grants++;
		} else {
			up->attr = call->attrs[n];
			up->a = p->u.value.a;
			up->b = p->u.value.b;
			up->c = p->u.value.c;
		}
	}
	return 0;
}

/*
 * Receive one message for @chan into @x.  Returns 0, or -errno.
 * Lock held; dropped while waiting.
 */
static int chan_recv(struct tksim_conduit *sc, struct tksim_chan *chan,
		     struct tksim_xfer *x, bool nonblock,
		     struct list_head *abandoned)
{
	struct tksim_call *call;
	struct tksim_note *n;
	int slot, rc;

	for (;;) {
		if (chan->dead)
			return -ENODEV;
		n = list_first_entry_or_null(&chan->notes, struct tksim_note,
					     link);
		if (n) {
			list_del(&n->link);
			memset(x, 0, sizeof(*x));
			x->kind = TKSIM_KIND_NOTICE;
			x->msg.cmd = n->cmd;
			x->msg.instance = chan->instance;
			if (n->cmd == TKSIM_NOTE_INSTANCE_DEAD)
				x->msg.instance = n->val;
			else
				x->msg.params[0].c = n->val;
			kfree(n);
			return 0;
		}
		call = list_first_entry_or_null(&chan->queue,
						struct tksim_call, link);
		if (call)
			break;
		if (nonblock)
			return -EAGAIN;
		mutex_unlock(&sc->lock);
		rc = wait_event_interruptible(chan->wq,
					      READ_ONCE(chan->dead) ||
					      !list_empty(&chan->queue) ||
					      !list_empty(&chan->notes));
		mutex_lock(&sc->lock);
		if (rc)
			return -ERESTARTSYS;
	}

	slot = find_first_zero_bit(chan->slots, TKSIM_MAX_SLOTS);
	if (slot >= TKSIM_MAX_SLOTS)
		return -EBUSY;
	rc = render_call(sc, chan, call, x);
	if (rc) {
		/* cannot show it to the secure world: fail it */
		call_set_ret(call, TEEC_ERROR_OUT_OF_MEMORY, TEEC_ORIGIN_COMMS);
		sess_finish(sc, call, NULL);
		call_done(sc, call, abandoned);
		return -EAGAIN == rc ? rc : -ENOMEM;
	}
	set_bit(slot, chan->slots);
	chan->status->cancel[slot] = call->arg->cancelled;
	call->slot = slot;
	x->slot = slot;
	call->state = TKSIM_CALL_TAKEN;
	list_move_tail(&call->link, &chan->taken);
	return 0;
}

/* A receiver could not copy the call out: give it back.  Lock held. */
static void chan_unrecv(struct tksim_chan *chan, u32 id,
			struct tksim_conduit *sc)
{
	struct tksim_call *call = xa_load(&sc->calls, id);

	if (!call || call->chan != chan || call->state != TKSIM_CALL_TAKEN)
		return;
	tksim_grants_release(chan, call);
	chan->status->cancel[call->slot] = 0;
	clear_bit(call->slot, chan->slots);
	call->slot = -1;
	call->state = TKSIM_CALL_QUEUED;
	list_move(&call->link, &chan->queue);
}

/* struct tksim_msg.flags the sender may set: TA_OPEN/TA_INVOKE RPCs only */
static u32 msg_flags_ok(const struct tksim_xfer *x)
{
	if (x->op == TKSIM_OP_RPC && (x->msg.cmd == TKSIM_RPC_TA_OPEN ||
				      x->msg.cmd == TKSIM_RPC_TA_INVOKE))
		return TKSIM_RPC_F_TA_MASK;
	return 0;
}

static int ioc_xfer(struct tksim_conduit *sc, struct tksim_chan *chan,
		    struct tksim_xfer __user *ux)
{
	struct tee_shm *hold[TKSIM_MAX_PARAMS + 1] = { };
	LIST_HEAD(abandoned);
	struct tksim_xfer *x;
	struct tksim_call *call;
	bool sent = false;
	int rc = 0, n;

	if (!chan)
		return -ENOTCONN;
	x = kmalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return -ENOMEM;
	if (copy_from_user(x, ux, sizeof(*x))) {
		rc = -EFAULT;
		goto out_free;
	}
	if (x->reserved || x->op > TKSIM_OP_RPC ||
	    (x->flags & ~(TKSIM_XFER_NO_RECV | TKSIM_XFER_NONBLOCK)) ||
	    (x->op == TKSIM_OP_RPC && (x->flags & TKSIM_XFER_NO_RECV)) ||
	    (x->op == TKSIM_OP_FORWARD && chan->instance) ||
	    (x->op && (x->msg.num_params > TKSIM_MAX_PARAMS ||
		       (x->msg.flags & ~msg_flags_ok(x))))) {
		rc = -EINVAL;
		goto out_free;
	}
	if (x->op) {
		for (n = 0; n < x->msg.num_params; n++)
			if (!type_ok(x->msg.params[n].attr)) {
				rc = -EINVAL;
				goto out_free;
			}
	}

	mutex_lock(&sc->lock);
	if (chan->dead) {
		rc = -ENODEV;
		goto out_unlock;
	}
	if (x->op) {
		call = x->call_id <= U32_MAX ?
		       xa_load(&sc->calls, x->call_id) : NULL;
		if (!call || call->chan != chan ||
		    call->state != TKSIM_CALL_TAKEN) {
			rc = -ENOENT;
			goto out_unlock;
		}
		if (x->op == TKSIM_OP_FORWARD &&
		    call->cmd != TKSIM_CMD_OPEN_SESSION) {
			rc = -EINVAL;
			goto out_unlock;
		}
		switch (x->op) {
		case TKSIM_OP_RETURN:
			rc = answer_return(sc, chan, call, &x->msg,
					   &abandoned);
			break;
		case TKSIM_OP_FORWARD:
			rc = answer_forward(sc, chan, call, &x->msg,
					    &abandoned);
			break;
		case TKSIM_OP_RPC:
			rc = answer_rpc(sc, chan, call, &x->msg, hold,
					&abandoned);
			mutex_unlock(&sc->lock);
			if (!rc) {
				x->kind = TKSIM_KIND_RPC_RESULT;
				x->op = TKSIM_OP_NONE;
				if (copy_to_user(ux, x, sizeof(*x)))
					rc = -EFAULT;
			}
			goto out_free;
		}
		if (rc)
			goto out_unlock;
		sent = true;
	}
	if (x->flags & TKSIM_XFER_NO_RECV) {
		mutex_unlock(&sc->lock);
		x->kind = TKSIM_KIND_NONE;
		x->op = TKSIM_OP_NONE;
		if (copy_to_user(ux, x, sizeof(*x)))
			rc = -EFAULT;
		goto out_free;
	}
	mutex_unlock(&sc->lock);
	if (sent && put_user(TKSIM_OP_NONE, &ux->op)) {
		rc = -EFAULT;
		goto out_free;
	}
	mutex_lock(&sc->lock);
	rc = chan_recv(sc, chan, x, x->flags & TKSIM_XFER_NONBLOCK,
		       &abandoned);
	mutex_unlock(&sc->lock);
	if (!rc && copy_to_user(ux, x, sizeof(*x))) {
		rc = -EFAULT;
		if (x->kind == TKSIM_KIND_CALL) {
			mutex_lock(&sc->lock);
			chan_unrecv(chan, x->call_id, sc);
			mutex_unlock(&sc->lock);
		}
	}
	goto out_free;

out_unlock:
	mutex_unlock(&sc->lock);
out_free:
	for (n = 0; n < ARRAY_SIZE(hold); n++)
		if (hold[n])
			tee_shm_put(hold[n]);
	free_abandoned(&abandoned);
	kfree(x);
	return rc;
}

/* ---- the device: file operations ---- */

static int tksim_fop_open(struct inode *inode, struct file *file)
{
	file->private_data = NULL;	/* misc sets it to the miscdevice */
	return 0;
}

static struct tksim_chan *file_chan(struct file *file)
{
	/* set once under the lock by attach; stable afterwards */
	return READ_ONCE(file->private_data);
}

static long tksim_fop_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	struct tksim_conduit *sc = tksim_sc;
	void __user *uarg = (void __user *)arg;
	struct tksim_chan *chan = file_chan(file);

	switch (cmd) {
	case TKSIM_IOC_VERSION: {
		struct tksim_version v = {
			.abi_version = TKSIM_ABI_VERSION,
			.max_params = TKSIM_MAX_PARAMS,
			.max_slots = TKSIM_MAX_SLOTS,
			.page_size = PAGE_SIZE,
		};

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case TKSIM_IOC_ATTACH_OS:
		return ioc_attach(sc, file, uarg, true);
	case TKSIM_IOC_ATTACH_INSTANCE:
		return ioc_attach(sc, file, uarg, false);
	case TKSIM_IOC_INSTANCE_NEW:
		return ioc_instance(sc, chan, uarg, true);
	case TKSIM_IOC_INSTANCE_DEL:
		return ioc_instance(sc, chan, uarg, false);
	case TKSIM_IOC_XFER:
		return ioc_xfer(sc, chan, uarg);
	default:
		return -ENOTTY;
	}
}

static int tksim_fop_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct tksim_chan *chan = file_chan(file);

	if (!chan)
		return -ENOTCONN;
	return tksim_chan_mmap(tksim_sc, chan, vma);
}

/*
 * The attaching process closed its descriptor or exited: the channel
 * dies even if a child inherited a copy of the descriptor.
 */
static int tksim_fop_flush(struct file *file, fl_owner_t id)
{
	struct tksim_chan *chan = file_chan(file);

	if (chan && id == chan->owner)
		chan_kill_unlocked(tksim_sc, chan);
	return 0;
}

static int tksim_fop_release(struct inode *inode, struct file *file)
{
	struct tksim_chan *chan = file_chan(file);
	struct tksim_conduit *sc = tksim_sc;

	if (!chan)
		return 0;
	chan_kill_unlocked(sc, chan);
	mutex_lock(&sc->lock);
	chan->mapping = NULL;
	list_del_init(&chan->link);
	mutex_unlock(&sc->lock);
	chan_put(chan);		/* the file's reference */
	return 0;
}

static const struct file_operations tksim_fops = {
	.owner = THIS_MODULE,
	.open = tksim_fop_open,
	.release = tksim_fop_release,
	.flush = tksim_fop_flush,
	.unlocked_ioctl = tksim_fop_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = tksim_fop_mmap,
	.llseek = noop_llseek,
};

static struct miscdevice tksim_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "teekit_sim",
	.fops = &tksim_fops,
	.mode = 0600,
};

/* ---- debugfs ---- */

/*
 * The length of @head. list_count_nodes() came to 6.1 only in a stable
 * update: Debian 12 kernels before 6.1.0-5x lack it and DKMS failed there.
 */
static size_t tksim_list_len(struct list_head *head)
{
	struct list_head *pos;
	size_t n = 0;

	list_for_each(pos, head)
		n++;
	return n;
}

void tksim_conduit_show(struct seq_file *m, struct tk_conduit *cd)
{
	struct tksim_conduit *sc = to_sc(cd);
	struct tksim_chan *chan;
	struct tksim_sess *sess;
	struct tksim_call *call;
	struct tksim_view *v;
	unsigned long idx, j;
	size_t q, t;

	mutex_lock(&sc->lock);
	seq_printf(m, "os: %s rev %u.%u caps 0x%x\n",
		   sc->os ? "attached" : "none", sc->os_major, sc->os_minor,
		   sc->os_flags);
	list_for_each_entry(chan, &sc->chans, link) {
		q = tksim_list_len(&chan->queue);
		t = tksim_list_len(&chan->taken);
		seq_printf(m, "channel %u %s%s%s queued %zu taken %zu uuid %pUb\n",
			   chan->instance, chan->instance ? "instance" : "os",
			   chan->attached ? " attached" : "",
			   chan->dead ? " dead" : "", q, t, chan->uuid);
		xa_for_each(&chan->views, j, v)
			seq_printf(m, "  view 0x%llx pages %zu%s%s\n",
				   (u64)v->id << TKSIM_VIEW_SHIFT,
				   v->shm->num_pages, v->rw_ok ? " rw" : "",
				   v->owned ? " owned" : "");
	}
	xa_for_each(&sc->sessions, idx, sess)
		seq_printf(m, "session %lu channel %d%s\n", idx,
			   sess->chan ? (int)sess->chan->instance : -1,
			   sess->dead ? " dead" : "");
	xa_for_each(&sc->calls, idx, call)
		seq_printf(m, "call %lu cmd %u session %u state %d slot %d%s\n",
			   idx, call->cmd, call->session, call->state,
			   call->slot, call_orphan(call) ? " abandoned" : "");
	mutex_unlock(&sc->lock);
}

struct tk_conduit *tksim_conduit_create(struct tksim_dev *sd)
{
	struct tksim_conduit *sc;
	int rc;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (!sc)
		return ERR_PTR(-ENOMEM);
	mutex_init(&sc->lock);
	INIT_LIST_HEAD(&sc->chans);
	INIT_LIST_HEAD(&sc->supp_frees);
	INIT_LIST_HEAD(&sc->sock_closes);
	INIT_WORK(&sc->free_work, tksim_supp_free_work);
	xa_init_flags(&sc->insts, XA_FLAGS_ALLOC1);
	xa_init_flags(&sc->calls, XA_FLAGS_ALLOC1);
	xa_init_flags(&sc->sessions, XA_FLAGS_ALLOC1);
	sc->cd.ops = &tksim_conduit_ops;
	sc->cd.priv = sc;
	sc->sd = sd;
	tksim_sc = sc;
	rc = misc_register(&tksim_misc);
	if (rc) {
		tksim_sc = NULL;
		mutex_destroy(&sc->lock);
		kfree(sc);
		return ERR_PTR(rc);
	}
	return &sc->cd;
}

/*
 * Module exit, before the devices go: no more supplicant requests of the
 * conduit's own (a dead channel's memory is then just put).
 */
void tksim_conduit_stop(struct tk_conduit *cd)
{
	struct tksim_conduit *sc = to_sc(cd);
	struct tksim_sock_close *c, *ctmp;
	struct tksim_view *v, *tmp;
	LIST_HEAD(puts);

	mutex_lock(&sc->lock);
	sc->dying = true;
	if (sc->free_w)
		tee_supp_abort(sc->free_w);
	mutex_unlock(&sc->lock);
	flush_work(&sc->free_work);
	mutex_lock(&sc->lock);
	list_for_each_entry_safe(v, tmp, &sc->supp_frees, put_link)
		list_move_tail(&v->put_link, &puts);
	list_for_each_entry_safe(c, ctmp, &sc->sock_closes, link) {
		list_del(&c->link);
		kfree(c);
	}
	mutex_unlock(&sc->lock);
	tksim_put_shms(&puts);
}

/*
 * Module exit: no file of the device is open (the misc device pins the
 * module), so no channel is attached and no call is pending.
 */
void tksim_conduit_destroy(struct tk_conduit *cd)
{
	struct tksim_conduit *sc = to_sc(cd);
	struct tksim_chan *chan;
	unsigned long idx;

	misc_deregister(&tksim_misc);
	tksim_conduit_stop(cd);
	/* instances created but never attached, if any */
	xa_for_each(&sc->insts, idx, chan)
		chan_kill_unlocked(sc, chan);
	mutex_lock(&sc->lock);
	while ((chan = list_first_entry_or_null(&sc->chans, struct tksim_chan,
						link))) {
		list_del_init(&chan->link);
		chan_put(chan);
	}
	mutex_unlock(&sc->lock);
	xa_destroy(&sc->insts);
	xa_destroy(&sc->calls);
	xa_destroy(&sc->sessions);
	tksim_sc = NULL;
	mutex_destroy(&sc->lock);
	kfree(sc);
}
