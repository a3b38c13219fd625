// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: the supplicant request queue.
 *
 * Every privileged device has one queue.  A driver posts a request with
 * tee_supp_thrd_req() or tee_supp_call() and sleeps; a supplicant thread takes it in
 * SUPPL_RECV and answers it in SUPPL_SEND, matched by the request id that
 * travels in a META parameter.  See docs/supplicant-queue.md.
 *
 * Request life cycle (all transitions under tee_supp.mutex):
 *   QUEUED (on the queue and in the idr)
 *     -> TAKEN (in the idr only, handed to a receiver)
 *     -> DONE  (in neither: answered, or failed with COMMUNICATION)
 * The id is allocated at post time and removed from the idr exactly when
 * the request leaves TAKEN/QUEUED, so SEND can never reach a request its
 * poster stopped waiting for: the poster removes it under the mutex before
 * freeing it, and SEND copies the answer under the same mutex.
 */
#define pr_fmt(fmt) "teekit: " fmt

#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "tee_private.h"
#include "tee_trace.h"

enum tee_supp_req_state {
	TEE_SUPP_REQ_QUEUED,
	TEE_SUPP_REQ_TAKEN,
	TEE_SUPP_REQ_DONE,
};

struct tee_supp_req {
	struct list_head link;	/* in tee_supp.queue while QUEUED */
	int id;
	u32 func;
	u32 ret;
	size_t num_params;
	struct tee_param *param;	/* the poster's array */
	enum tee_supp_req_state state;	/* READ_ONCE outside the mutex */
	struct tee_context *only;	/* tee_supp_waiter.only */
};

/**
 * struct tee_supp - the queue of one privileged device
 * @mutex:	protects every field below and the requests' state
 * @ctx:	the attached supplicant context or NULL (READ_ONCE outside)
 * @queue:	QUEUED requests, oldest first
 * @idr:	QUEUED and TAKEN requests by id
 * @legacy_id:	the TAKEN request of a supplicant without META support
 * @recv_wq:	receivers wait here for a request (or death)
 * @done_wq:	posters wait here for their answer, supplicant changes
 */
struct tee_supp {
	struct mutex mutex;	/* see above: the whole queue */
	struct tee_context *ctx;
	struct list_head queue;
	struct idr idr;
	int legacy_id;
	wait_queue_head_t recv_wq;
	wait_queue_head_t done_wq;
};

int tee_supp_init(struct tee_device *teedev)
{
	struct tee_supp *supp;

	supp = kzalloc(sizeof(*supp), GFP_KERNEL);
	if (!supp)
		return -ENOMEM;
	mutex_init(&supp->mutex);
	INIT_LIST_HEAD(&supp->queue);
	idr_init(&supp->idr);
	init_waitqueue_head(&supp->recv_wq);
	init_waitqueue_head(&supp->done_wq);
	teedev->supp = supp;
	return 0;
}

void tee_supp_destroy(struct tee_device *teedev)
{
	struct tee_supp *supp = teedev->supp;

	if (!supp)
		return;
	idr_destroy(&supp->idr);
	mutex_destroy(&supp->mutex);
	kfree(supp);
	teedev->supp = NULL;
}

/* Finish @req with @ret; it leaves the queue and the idr. */
static void tee_supp_complete(struct tee_supp *supp, struct tee_supp_req *req,
			      u32 ret)
{
	lockdep_assert_held(&supp->mutex);
	if (req->state == TEE_SUPP_REQ_QUEUED)
		list_del(&req->link);
	idr_remove(&supp->idr, req->id);
	if (supp->legacy_id == req->id)
		supp->legacy_id = 0;
	req->ret = ret;
	WRITE_ONCE(req->state, TEE_SUPP_REQ_DONE);
}

int tee_supp_attach(struct tee_context *ctx)
{
	struct tee_supp *supp = ctx->teedev->supp;
	int rc = 0;

	mutex_lock(&supp->mutex);
	if (supp->ctx)
		rc = -EBUSY;
	else
		WRITE_ONCE(supp->ctx, ctx);
	mutex_unlock(&supp->mutex);
	if (!rc)
		wake_up_all(&supp->done_wq);
	return rc;
}

/*
 * The supplicant's fd is closed: requests it had taken, and queued ones
 * meant for it alone, fail with COMMUNICATION; other queued ones wait for
 * the next supplicant (or time out).
 */
void tee_supp_detach(struct tee_context *ctx)
{
	struct tee_supp *supp = ctx->teedev->supp;
	struct tee_supp_req *req;
	int id;

	mutex_lock(&supp->mutex);
	if (supp->ctx != ctx) {
		mutex_unlock(&supp->mutex);
		return;
	}
	WRITE_ONCE(supp->ctx, NULL);
	idr_for_each_entry(&supp->idr, req, id)
		if (req->state == TEE_SUPP_REQ_TAKEN || req->only == ctx)
			tee_supp_complete(supp, req, TEEC_ERROR_COMMUNICATION);
	mutex_unlock(&supp->mutex);
	wake_up_all(&supp->done_wq);
	wake_up_all(&supp->recv_wq);
}

/* The device is dead: fail everything, wake everybody. */
void tee_supp_kill(struct tee_device *teedev)
{
	struct tee_supp *supp = teedev->supp;
	struct tee_supp_req *req;
	int id;

	mutex_lock(&supp->mutex);
	idr_for_each_entry(&supp->idr, req, id)
		tee_supp_complete(supp, req, TEEC_ERROR_COMMUNICATION);
	mutex_unlock(&supp->mutex);
	wake_up_all(&supp->done_wq);
	wake_up_all(&supp->recv_wq);
}

struct tee_context *tee_supp_get_ctx(struct tee_device *supp_teedev)
{
	struct tee_supp *supp = supp_teedev->supp;
	struct tee_context *ctx;

	if (!supp)
		return NULL;
	mutex_lock(&supp->mutex);
	ctx = supp->ctx;
	if (ctx)
		teedev_ctx_get(ctx);
	mutex_unlock(&supp->mutex);
	return ctx;
}
EXPORT_SYMBOL_GPL(tee_supp_get_ctx);

static bool tee_supp_req_done(struct tee_supp_req *req)
{
	return READ_ONCE(req->state) == TEE_SUPP_REQ_DONE;
}

/*
 * Wait for @req.  Without a supplicant the wait is bounded by
 * supp_timeout_ms (restarted whenever a supplicant goes away); with one it
 * is not.  A fatal signal or tee_supp_abort() of @w always ends it.
 * Returns false if the poster gives up.
 */
static bool tee_supp_wait(struct tee_device *teedev, struct tee_supp *supp,
			  struct tee_supp_req *req,
			  const struct tee_supp_waiter *w, bool *timed_out)
{
	long tmo = msecs_to_jiffies(READ_ONCE(tee_supp_timeout_ms));
	long rc;

	for (;;) {
		if (READ_ONCE(req->state) == TEE_SUPP_REQ_DONE)
			return true;
		if (READ_ONCE(teedev->dead) || READ_ONCE(w->aborted))
			return false;
		if (READ_ONCE(supp->ctx)) {
			rc = wait_event_killable(supp->done_wq,
						 tee_supp_req_done(req) ||
						 !READ_ONCE(supp->ctx) ||
						 READ_ONCE(teedev->dead) ||
						 READ_ONCE(w->aborted));
			if (rc)
				return false;
			continue;
		}
		rc = wait_event_killable_timeout(supp->done_wq,
						 tee_supp_req_done(req) ||
						 READ_ONCE(supp->ctx) ||
						 READ_ONCE(teedev->dead) ||
						 READ_ONCE(w->aborted),
						 tmo);
		if (rc < 0)
			return false;
		if (!rc) {
			*timed_out = true;
			return READ_ONCE(req->state) == TEE_SUPP_REQ_DONE;
		}
	}
}

u32 tee_supp_thrd_req(struct tee_device *supp_teedev, struct tee_context *ctx,
		      u32 func, size_t num_params, struct tee_param *param)
{
	struct tee_supp_waiter w;

	tee_supp_waiter_init(&w, supp_teedev, ctx && ctx->supp_nowait);
	return tee_supp_call(&w, func, num_params, param);
}
EXPORT_SYMBOL_GPL(tee_supp_thrd_req);

/*
 * End @w's wait.  Only a flag and a wake-up: no lock, so a driver may call
 * it under its own locks.  The poster withdraws its request itself.
 */
void tee_supp_abort(struct tee_supp_waiter *w)
{
	struct tee_supp *supp = w->supp_teedev->supp;

	WRITE_ONCE(w->aborted, true);
	/* wake_up_all() orders the store before the waiters' re-check */
	if (supp)
		wake_up_all(&supp->done_wq);
	tee_service_wake_posters();
}
EXPORT_SYMBOL_GPL(tee_supp_abort);

u32 tee_supp_call(struct tee_supp_waiter *w, u32 func, size_t num_params,
		  struct tee_param *param)
{
	struct tee_device *supp_teedev = w->supp_teedev;
	struct tee_supp *supp = supp_teedev->supp;
	bool timed_out = false;
	struct tee_supp_req *req;
	u64 t0 = ktime_get_ns();
	u32 ret;
	int id;

	if (!supp || (num_params && !param) ||
	    num_params > TEE_MAX_ARG_SIZE / sizeof(struct tee_ioctl_param))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (READ_ONCE(w->aborted))
		return TEEC_ERROR_COMMUNICATION;

	/* plugin calls for a registered service daemon (tee_service.c) */
	if (tee_service_route(supp_teedev, func, num_params, param,
			      &w->aborted, &ret))
		return ret;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return TEEC_ERROR_OUT_OF_MEMORY;
	req->func = func;
	req->num_params = num_params;
	req->param = param;

	req->only = w->only;

	mutex_lock(&supp->mutex);
	if (READ_ONCE(supp_teedev->dead) || (!supp->ctx && w->nowait) ||
	    (w->only && supp->ctx != w->only)) {
		mutex_unlock(&supp->mutex);
		kfree(req);
		return TEEC_ERROR_COMMUNICATION;
	}
	id = idr_alloc_cyclic(&supp->idr, req, 1, INT_MAX, GFP_KERNEL);
	if (id < 0) {
		mutex_unlock(&supp->mutex);
		kfree(req);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	req->id = id;
	req->state = TEE_SUPP_REQ_QUEUED;
	list_add_tail(&req->link, &supp->queue);
	mutex_unlock(&supp->mutex);
	atomic_inc(&supp_teedev->stats.supp_pending);
	atomic64_inc(&supp_teedev->stats.total_supp_reqs);
	wake_up_all(&supp->recv_wq);

	tee_supp_wait(supp_teedev, supp, req, w, &timed_out);

	mutex_lock(&supp->mutex);
	if (req->state != TEE_SUPP_REQ_DONE)
		tee_supp_complete(supp, req, TEEC_ERROR_COMMUNICATION);
	ret = req->ret;
	mutex_unlock(&supp->mutex);

	if (timed_out && ret == TEEC_ERROR_COMMUNICATION) {
		atomic64_inc(&supp_teedev->stats.total_supp_timeouts);
		pr_info_ratelimited("%s: no supplicant answered request %u within %u ms (module parameter supp_timeout_ms)\n",
				    supp_teedev->name, func,
				    READ_ONCE(tee_supp_timeout_ms));
	}
	atomic_dec(&supp_teedev->stats.supp_pending);
	trace_tee_supp_req(supp_teedev->id, func, id, ret,
			   ktime_get_ns() - t0);
	kfree(req);
	return ret;
}
EXPORT_SYMBOL_GPL(tee_supp_call);

/* Copy @req into the receiver's params, after @num_meta meta params. */
static void tee_supp_hand_out(struct tee_supp *supp, struct tee_supp_req *req,
			      struct tee_param *param, u32 num_meta)
{
	size_t n;

	if (num_meta) {
		param[0].attr = TEE_IOCTL_PARAM_ATTR_META |
				TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
		param[0].u.value.a = req->id;
		param[0].u.value.b = 0;
		param[0].u.value.c = 0;
	}
	for (n = 0; n < req->num_params; n++) {
		struct tee_param *p = param + num_meta + n;

		*p = req->param[n];
		if (!tee_param_is_memref(p) || !p->u.memref.shm)
			continue;
		/* only the supplicant's own buffers have ids it knows */
		if (p->u.memref.shm->ctx != supp->ctx) {
			p->u.memref.shm = NULL;
			p->u.memref.shm_offs = 0;
			continue;
		}
		/* the SUPPL_RECV ioctl puts it after the copy to user */
		tee_shm_get(p->u.memref.shm);
	}
}

int tee_supp_recv(struct tee_context *ctx, u32 *func, u32 *num_params,
		  struct tee_param *param)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_supp *supp = teedev->supp;
	struct tee_supp_req *req;
	u32 n, num_meta;

	if (!supp || !*num_params)
		return -EINVAL;
	for (n = 0; n < *num_params; n++)
		if (param[n].attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK)
			return -EINVAL;
	num_meta = param[0].attr == TEE_IOCTL_PARAM_ATTR_META ? 1 : 0;

	for (;;) {
		mutex_lock(&supp->mutex);
		if (supp->ctx != ctx) {
			mutex_unlock(&supp->mutex);
			return -EINVAL;
		}
		if (!num_meta && supp->legacy_id) {
			/* a synchronous supplicant has one request at a time */
			mutex_unlock(&supp->mutex);
			return -EINVAL;
		}
		req = list_first_entry_or_null(&supp->queue,
					       struct tee_supp_req, link);
		if (req) {
			if (req->num_params > *num_params - num_meta) {
				mutex_unlock(&supp->mutex);
				return -EINVAL;
			}
			list_del(&req->link);
			WRITE_ONCE(req->state, TEE_SUPP_REQ_TAKEN);
			if (!num_meta)
				supp->legacy_id = req->id;
			tee_supp_hand_out(supp, req, param, num_meta);
			*func = req->func;
			*num_params = req->num_params + num_meta;
			mutex_unlock(&supp->mutex);
			return 0;
		}
		mutex_unlock(&supp->mutex);

		if (wait_event_interruptible(supp->recv_wq,
					     !list_empty_careful(&supp->queue) ||
					     READ_ONCE(teedev->dead)))
			return -ERESTARTSYS;
		if (READ_ONCE(teedev->dead))
			return -ENODEV;
	}
}
EXPORT_SYMBOL_GPL(tee_supp_recv);

int tee_supp_send(struct tee_context *ctx, u32 ret, u32 num_params,
		  struct tee_param *param)
{
	struct tee_supp *supp = ctx->teedev->supp;
	struct tee_supp_req *req;
	u32 n, num_meta;
	u64 id;
	int rc = 0;

	if (!supp || !num_params)
		return -EINVAL;

	mutex_lock(&supp->mutex);
	if (supp->ctx != ctx) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if (supp->legacy_id) {
		id = supp->legacy_id;
		num_meta = 0;
	} else if (param[0].attr == (TEE_IOCTL_PARAM_ATTR_META |
				     TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT)) {
		id = param[0].u.value.a;
		num_meta = 1;
	} else {
		rc = -EINVAL;
		goto out_unlock;
	}

	req = id && id <= INT_MAX ? idr_find(&supp->idr, id) : NULL;
	if (!req || req->state != TEE_SUPP_REQ_TAKEN) {
		rc = -ENOENT;
		goto out_unlock;
	}
	if (num_params - num_meta != req->num_params) {
		rc = -EINVAL;
		goto out_unlock;
	}

	for (n = 0; n < req->num_params; n++) {
		struct tee_param *orig = req->param + n;
		struct tee_param *ans = param + num_meta + n;

		switch (orig->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			orig->u.value = ans->u.value;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			orig->u.memref.size = ans->u.memref.size;
			break;
		default:
			break;
		}
	}
	tee_supp_complete(supp, req, ret);

out_unlock:
	mutex_unlock(&supp->mutex);
	if (!rc)
		wake_up_all(&supp->done_wq);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_supp_send);
