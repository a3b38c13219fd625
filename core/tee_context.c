// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: contexts and the sessions the core tracks for them.
 *
 * The core keeps the list of sessions of every context, so a session id
 * that the calling context does not own is rejected with EINVAL before any
 * driver sees it, per-context limits can be enforced, and closing the fd
 * closes what is left through the driver.
 */
#define pr_fmt(fmt) "teekit: " fmt

#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "tee_private.h"
#include "tee_trace.h"

static bool tee_ctx_is_supp_dev(struct tee_context *ctx)
{
	return ctx->teedev->supp;
}

/**
 * teedev_open() - create a context on a device
 * @teedev:	the device
 * @is_kernel:	opened by an in-kernel client
 *
 * Return: the context (one reference, for the caller) or an ERR_PTR:
 * -ENODEV dead device, -EBUSY supplicant already attached, -ENOMEM, or the
 * error of the driver's open op.
 */
struct tee_context *teedev_open(struct tee_device *teedev, bool is_kernel)
{
	struct tee_context *ctx;
	int rc, idx;

	if (!tee_dev_enter(teedev, &idx))
		return ERR_PTR(-ENODEV);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		rc = -ENOMEM;
		goto err_exit;
	}
	kref_init(&ctx->refcount);
	ctx->teedev = teedev;
	ctx->is_kernel = is_kernel;
	ctx->supp_nowait = is_kernel;
	ctx->cap_memref_null =
		!!(teedev->desc.impl.gen_caps & TEE_GEN_CAP_MEMREF_NULL);
	mutex_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->sessions);
	xa_init(&ctx->sess_xa);
	INIT_LIST_HEAD(&ctx->link);
	/*
	 * Who opened it, for teekit/<dev>/clients: a struct pid, not a
	 * number, so the reader sees the pid in its own namespace and can
	 * tell whether the opener still lives (a number may be reused).
	 */
	if (!is_kernel) {
		ctx->pid = get_task_pid(current, PIDTYPE_TGID);
		get_task_comm(ctx->comm, current);
	}

	if (tee_ctx_is_supp_dev(ctx)) {
		rc = tee_supp_attach(ctx);
		if (rc)
			goto err_free_ctx;
	}

	rc = tee_ops(teedev)->open(ctx);
	if (rc)
		goto err_detach_supp;

	tee_device_get(teedev);
	mutex_lock(&teedev->mutex);
	list_add_tail(&ctx->link, &teedev->ctx_list);
	mutex_unlock(&teedev->mutex);
	atomic_inc(&teedev->stats.contexts);
	tee_dev_exit(teedev, idx);
	return ctx;

err_detach_supp:
	if (tee_ctx_is_supp_dev(ctx))
		tee_supp_detach(ctx);
err_free_ctx:
	put_pid(ctx->pid);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
err_exit:
	tee_dev_exit(teedev, idx);
	return ERR_PTR(rc);
}

void teedev_ctx_get(struct tee_context *ctx)
{
	kref_get(&ctx->refcount);
}
EXPORT_SYMBOL_GPL(teedev_ctx_get);

/* Driver release of @ctx once; @ctx must be on teedev->ctx_list. */
static void tee_ctx_drv_release(struct tee_context *ctx)
{
	struct tee_device *teedev = ctx->teedev;

	tee_ops(teedev)->release(ctx);
	mutex_lock(&teedev->mutex);
	list_del_init(&ctx->link);
	mutex_unlock(&teedev->mutex);
	wake_up_all(&teedev->list_wq);
}

static void tee_ctx_free_sessions(struct tee_context *ctx)
{
	struct tee_session *sess, *tmp;

	list_for_each_entry_safe(sess, tmp, &ctx->sessions, link) {
		list_del(&sess->link);
		xa_erase(&ctx->sess_xa, sess->id);
		kfree(sess);
		atomic_dec(&ctx->teedev->stats.sessions);
	}
}

static void tee_ctx_release(struct kref *ref)
{
	struct tee_context *ctx = container_of(ref, struct tee_context,
					       refcount);
	struct tee_device *teedev = ctx->teedev;
	bool claim;

	/*
	 * Either we or tee_device_release_contexts() call the driver's
	 * release; the loser of the claim finds drv_released set.  While we
	 * hold the claim @ctx stays on ctx_list, so unregister waits for us.
	 */
	mutex_lock(&teedev->mutex);
	claim = !ctx->drv_released;
	ctx->drv_released = true;
	mutex_unlock(&teedev->mutex);
	if (claim)
		tee_ctx_drv_release(ctx);

	tee_ctx_free_sessions(ctx);
	xa_destroy(&ctx->sess_xa);
	atomic_dec(&teedev->stats.contexts);
	put_pid(ctx->pid);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
	tee_device_put(teedev);
}

void teedev_ctx_put(struct tee_context *ctx)
{
	kref_put(&ctx->refcount, tee_ctx_release);
}
EXPORT_SYMBOL_GPL(teedev_ctx_put);

/* Take every session off @ctx and close it through the driver. */
static void tee_ctx_close_all_sessions(struct tee_context *ctx)
{
	const struct tee_driver_ops *ops = tee_ops(ctx->teedev);
	struct tee_session *sess;

	for (;;) {
		mutex_lock(&ctx->lock);
		sess = list_first_entry_or_null(&ctx->sessions,
						struct tee_session, link);
		if (sess) {
			list_del(&sess->link);
			xa_erase(&ctx->sess_xa, sess->id);
			ctx->num_sessions--;
		}
		mutex_unlock(&ctx->lock);
		if (!sess)
			break;
		if (ops->close_session)
			ops->close_session(ctx, sess->id);
		trace_tee_close_session(ctx->teedev->id, sess->id, 0, 0);
		atomic_dec(&ctx->teedev->stats.sessions);
		kfree(sess);
	}
}

/**
 * teedev_close_context() - the owner (fd or kernel client) lets go
 * @ctx:	the context; the owner's reference is dropped
 *
 * Remaining sessions are closed through the driver now; the driver's
 * release op runs when the last shm of the context is gone too.
 */
void teedev_close_context(struct tee_context *ctx)
{
	struct tee_device *teedev = ctx->teedev;
	int idx;

	ctx->releasing = true;
	if (tee_ctx_is_supp_dev(ctx))
		tee_supp_detach(ctx);
	tee_service_release_ctx(ctx);
	if (tee_dev_enter(teedev, &idx)) {
		tee_ctx_close_all_sessions(ctx);
		if (tee_ops(teedev)->close_context)
			tee_ops(teedev)->close_context(ctx);
		tee_dev_exit(teedev, idx);
	}
	teedev_ctx_put(ctx);
}

/**
 * tee_device_release_contexts() - unregister: drop the driver's context state
 * @teedev:	a dead device with no driver call running
 *
 * Closes each context's sessions and calls the driver's release op, then
 * waits until contexts being released by their last put are done.
 */
void tee_device_release_contexts(struct tee_device *teedev)
{
	const struct tee_driver_ops *ops = tee_ops(teedev);
	struct tee_context *ctx;
	struct tee_session *sess;

	for (;;) {
		bool found = false;

		mutex_lock(&teedev->mutex);
		list_for_each_entry(ctx, &teedev->ctx_list, link) {
			if (!ctx->drv_released &&
			    kref_get_unless_zero(&ctx->refcount)) {
				ctx->drv_released = true;
				found = true;
				break;
			}
		}
		mutex_unlock(&teedev->mutex);
		if (!found)
			break;

		mutex_lock(&ctx->lock);
		list_for_each_entry(sess, &ctx->sessions, link)
			if (ops->close_session)
				ops->close_session(ctx, sess->id);
		mutex_unlock(&ctx->lock);
		tee_ctx_drv_release(ctx);
		teedev_ctx_put(ctx);
	}
	/* lockless peek; removers wake list_wq after list_del */
	wait_event(teedev->list_wq, list_empty_careful(&teedev->ctx_list));
}

/* ---------------------------------------------------------------------- */
/* sessions */

static struct tee_session *tee_sess_find(struct tee_context *ctx, u32 id)
{
	lockdep_assert_held(&ctx->lock);
	return xa_load(&ctx->sess_xa, id);
}

/*
 * The hot path of every invoke: an RCU lookup in @sess_xa, no mutex, O(1)
 * whatever the number of sessions. Only the answer is used, never the
 * session, so a concurrent close needs no more protection than before
 * (the id was owned at some point during the call).
 */
static bool tee_sess_owned(struct tee_context *ctx, u32 id)
{
	return xa_load(&ctx->sess_xa, id);
}

/* Reserve a session slot before the driver opens one (limit check). */
static int tee_sess_reserve(struct tee_context *ctx)
{
	unsigned int max = READ_ONCE(tee_max_sessions_per_ctx);
	int rc = 0;

	mutex_lock(&ctx->lock);
	if (max && ctx->num_sessions >= max)
		rc = -EMFILE;
	else
		ctx->num_sessions++;
	mutex_unlock(&ctx->lock);
	if (rc) {
		atomic64_inc(&ctx->teedev->stats.total_limit_hits);
		pr_info_ratelimited("%s: context reached %u sessions; raise module parameter max_sessions_per_ctx\n",
				    ctx->teedev->name, max);
	}
	return rc;
}

static void tee_sess_unreserve(struct tee_context *ctx)
{
	mutex_lock(&ctx->lock);
	ctx->num_sessions--;
	mutex_unlock(&ctx->lock);
}

/**
 * tee_ctx_open_session() - open a session, track it in the context
 * @ctx:	the caller's context
 * @arg:	the header; clnt_uuid is replaced by the computed identity
 * @params:	converted parameters
 * @from_user:	computes the client identity from the calling process
 *
 * Return: 0 (result in arg->ret) or a negative errno.
 */
int tee_ctx_open_session(struct tee_context *ctx,
			 struct tee_ioctl_open_session_arg *arg,
			 struct tee_param *params, bool from_user)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_session *sess;
	u64 t0;
	int rc;

	if (!tee_ops(teedev)->open_session)
		return -EINVAL;
	rc = tee_login_client_uuid(arg->clnt_login, arg->clnt_uuid, from_user);
	if (rc)
		return rc;

	sess = kzalloc(sizeof(*sess), GFP_KERNEL);
	if (!sess)
		return -ENOMEM;
	rc = tee_sess_reserve(ctx);
	if (rc)
		goto err_free_sess;

	t0 = ktime_get_ns();
	rc = tee_ops(teedev)->open_session(ctx, arg, params);
	trace_tee_open_session(teedev->id, arg->session, rc, arg->ret,
			       ktime_get_ns() - t0);
	if (rc || arg->ret != TEEC_SUCCESS)
		goto err_unreserve;

	sess->id = arg->session;
	mutex_lock(&ctx->lock);
	rc = xa_insert(&ctx->sess_xa, sess->id, sess, GFP_KERNEL);
	if (rc == -ENOMEM) {
		mutex_unlock(&ctx->lock);
		tee_ops(teedev)->close_session(ctx, sess->id);
		goto err_unreserve;
	}
	if (rc) {
		/* driver bug: an id that is already open */
		mutex_unlock(&ctx->lock);
		dev_err(&teedev->dev, "driver returned a duplicate session id %u\n",
			sess->id);
		rc = -EIO;
		goto err_unreserve;
	}
	list_add_tail(&sess->link, &ctx->sessions);
	mutex_unlock(&ctx->lock);
	atomic_inc(&teedev->stats.sessions);
	atomic64_inc(&teedev->stats.total_opens);
	return 0;

err_unreserve:
	tee_sess_unreserve(ctx);
err_free_sess:
	kfree(sess);
	return rc;
}

int tee_ctx_invoke(struct tee_context *ctx, struct tee_ioctl_invoke_arg *arg,
		   struct tee_param *params)
{
	struct tee_device *teedev = ctx->teedev;
	u64 t0;
	int rc;

	if (!tee_ops(teedev)->invoke_func)
		return -EINVAL;
	if (!tee_sess_owned(ctx, arg->session))
		return -EINVAL;

	/* the clock is read only while the tracepoint is on */
	if (trace_tee_invoke_enabled()) {
		t0 = ktime_get_ns();
		rc = tee_ops(teedev)->invoke_func(ctx, arg, params);
		trace_tee_invoke(teedev->id, arg->session, arg->func, rc,
				 arg->ret, ktime_get_ns() - t0);
	} else {
		rc = tee_ops(teedev)->invoke_func(ctx, arg, params);
	}
	this_cpu_inc(*teedev->stats.total_invokes);
	return rc;
}

int tee_ctx_cancel(struct tee_context *ctx, u32 cancel_id, u32 session)
{
	struct tee_device *teedev = ctx->teedev;
	u64 t0;
	int rc;

	if (!tee_ops(teedev)->cancel_req)
		return -EINVAL;
	/* session 0 names an OPEN_SESSION in progress */
	if (session && !tee_sess_owned(ctx, session))
		return -EINVAL;

	t0 = ktime_get_ns();
	rc = tee_ops(teedev)->cancel_req(ctx, cancel_id, session);
	trace_tee_cancel(teedev->id, session, cancel_id, rc,
			 ktime_get_ns() - t0);
	return rc;
}

int tee_ctx_close_session(struct tee_context *ctx, u32 session)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_session *sess;
	u64 t0;
	int rc;

	if (!tee_ops(teedev)->close_session)
		return -EINVAL;

	mutex_lock(&ctx->lock);
	sess = tee_sess_find(ctx, session);
	if (sess) {
		list_del(&sess->link);
		xa_erase(&ctx->sess_xa, session);
		ctx->num_sessions--;
	}
	mutex_unlock(&ctx->lock);
	if (!sess)
		return -EINVAL;
	kfree(sess);
	atomic_dec(&teedev->stats.sessions);

	t0 = ktime_get_ns();
	rc = tee_ops(teedev)->close_session(ctx, session);
	trace_tee_close_session(teedev->id, session, rc, ktime_get_ns() - t0);
	return rc;
}

int tee_ctx_system_session(struct tee_context *ctx, u32 session)
{
	if (!tee_ops(ctx->teedev)->system_session)
		return -EINVAL;
	if (!tee_sess_owned(ctx, session))
		return -EINVAL;
	return tee_ops(ctx->teedev)->system_session(ctx, session);
}
