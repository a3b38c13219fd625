// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: service daemons (a teekit extension, docs/services.md).
 *
 * A process registers a service UUID on a device node; plugin requests
 * (supplicant function 12, OP-TEE layout) that a driver posts with
 * tee_supp_thrd_req() and whose UUID has a registered service are routed
 * here instead of to the supplicant.  The service's threads take them with
 * SERVICE_RECV and answer them, in any order, with SERVICE_SEND.
 *
 * Pairing: a service registered on device D serves the supplicant device
 * whose drvdata equals D's (a driver passes the same drvdata to its client
 * and privileged devices).  Dead devices never match.
 *
 * Locking: one mutex, tee_service_mutex, protects the registry, every
 * service's queue and request list, both idrs and every request's state.
 * Request data is copied to and from user space outside it, under a
 * reference (kref) on the request.
 *
 * Request life cycle (under the mutex):
 *   QUEUED (on svc->queue) -> TAKEN (RECV) -> ANSWERING (SEND copying)
 *     -> DONE (answered, or failed: service gone, device dead, poster
 *        killed).  The id leaves the idr exactly when the request is DONE.
 *
 * References: the registry holds one on each live service; each receiver
 * blocked in RECV and each request hold one.  A request is referenced by
 * its poster and, while copying, by RECV/SEND.
 */
#define pr_fmt(fmt) "teekit: " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/highmem.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/uuid.h>
#include <linux/wait.h>
#include <uapi/linux/teekit.h>

#include "tee_private.h"

/* OP-TEE's supplicant function and sub-command of a plugin call */
#define TEE_SUPP_FUNC_PLUGIN	12
#define TEE_SUPP_PLUGIN_INVOKE	0

#ifndef TEEC_ERROR_EXCESS_DATA
#define TEEC_ERROR_EXCESS_DATA	0xFFFF0004
#endif

/* at most this many services at once, all devices together */
#define TEE_SERVICE_MAX		256

static int service_gid = -1;
module_param(service_gid, int, 0644);
MODULE_PARM_DESC(service_gid,
		 "group allowed to register service daemons besides CAP_SYS_ADMIN (-1: none)");

enum tee_service_req_state {
	TEE_SVC_REQ_QUEUED,
	TEE_SVC_REQ_TAKEN,
	TEE_SVC_REQ_ANSWERING,
	TEE_SVC_REQ_DONE,
};

struct tee_service {
	struct kref ref;
	struct list_head link;		/* in tee_services while registered */
	int id;				/* in tee_service_idr while registered */
	u8 uuid[TEE_IOCTL_UUID_LEN];
	struct tee_context *ctx;	/* owner; valid while registered */
	struct tee_device *teedev;	/* ctx's device; a reference held */
	bool dead;			/* unregistered (READ_ONCE outside) */
	struct list_head queue;		/* QUEUED requests, oldest first */
	struct list_head reqs;		/* requests not DONE */
	wait_queue_head_t recv_wq;	/* receivers */
};

struct tee_service_req {
	struct kref ref;
	struct list_head qlink;		/* in svc->queue while QUEUED */
	struct list_head slink;		/* in svc->reqs until DONE */
	int id;
	struct tee_service *svc;	/* a reference held */
	struct tee_device *supp_teedev;	/* the poster's queue */
	u32 cmd;
	u32 sub_cmd;
	u32 ret;
	u32 out_len;
	bool answered;
	enum tee_service_req_state state;	/* READ_ONCE outside */
	size_t data_len;
	void *data;			/* kvmalloc'ed, data_len bytes */
};

static DEFINE_MUTEX(tee_service_mutex);	/* see the header comment */
static LIST_HEAD(tee_services);
static DEFINE_IDR(tee_service_idr);
static DEFINE_IDR(tee_service_req_idr);
static unsigned int tee_service_count;
/* posters wait here; woken under the mutex */
static DECLARE_WAIT_QUEUE_HEAD(tee_service_done_wq);

static void tee_service_free(struct kref *ref)
{
	struct tee_service *svc = container_of(ref, struct tee_service, ref);

	tee_device_put(svc->teedev);
	kfree(svc);
}

static void tee_service_put(struct tee_service *svc)
{
	kref_put(&svc->ref, tee_service_free);
}

static void tee_service_req_free(struct kref *ref)
{
	struct tee_service_req *req =
		container_of(ref, struct tee_service_req, ref);

	if (req->svc)
		tee_service_put(req->svc);
	kvfree(req->data);
	kfree(req);
}

static void tee_service_req_put(struct tee_service_req *req)
{
	kref_put(&req->ref, tee_service_req_free);
}

/* Finish @req with @ret; it leaves the queue, the list and the idr. */
static void tee_service_complete(struct tee_service_req *req, u32 ret)
{
	lockdep_assert_held(&tee_service_mutex);
	if (req->state == TEE_SVC_REQ_QUEUED)
		list_del(&req->qlink);
	list_del(&req->slink);
	idr_remove(&tee_service_req_idr, req->id);
	req->ret = ret;
	WRITE_ONCE(req->state, TEE_SVC_REQ_DONE);
}

static bool tee_service_pairs(struct tee_service *svc,
			      struct tee_device *supp_teedev)
{
	return !svc->dead && !READ_ONCE(svc->teedev->dead) &&
	       svc->teedev->drvdata == supp_teedev->drvdata;
}

static struct tee_service *tee_service_find(const u8 *uuid,
					    struct tee_device *supp_teedev)
{
	struct tee_service *svc;

	lockdep_assert_held(&tee_service_mutex);
	list_for_each_entry(svc, &tee_services, link)
		if (!memcmp(svc->uuid, uuid, TEE_IOCTL_UUID_LEN) &&
		    tee_service_pairs(svc, supp_teedev))
			return svc;
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* the poster's side */

static u32 ptype(struct tee_param *p)
{
	return p->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
}

static bool is_value(struct tee_param *p)
{
	return ptype(p) >= TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT &&
	       ptype(p) <= TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
}

static bool is_memref(struct tee_param *p)
{
	return ptype(p) >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
	       ptype(p) <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

/* Copy between the memref @p (checked by the caller) and @buf. */
static void tee_service_memref_rw(struct tee_param *p, void *buf, size_t len,
				  bool to_shm)
{
	struct tee_shm *shm = p->u.memref.shm;
	size_t pos;

	if (shm->kaddr) {
		char *va = (char *)shm->kaddr + p->u.memref.shm_offs;

		if (to_shm)
			memcpy(va, buf, len);
		else
			memcpy(buf, va, len);
		return;
	}
	/* registered user memory: pages only */
	pos = shm->offset + p->u.memref.shm_offs;
	while (len) {
		size_t in_page = offset_in_page(pos);
		size_t chunk = min_t(size_t, len, PAGE_SIZE - in_page);
		char *va = kmap_local_page(shm->pages[pos >> PAGE_SHIFT]);

		if (to_shm)
			memcpy(va + in_page, buf, chunk);
		else
			memcpy(buf, va + in_page, chunk);
		kunmap_local(va);
		buf = (char *)buf + chunk;
		pos += chunk;
		len -= chunk;
	}
}

/*
 * Is @param a plugin invoke?  Fills @uuid and returns the data memref (or
 * NULL) in @data.  Returns false for anything else: the supplicant gets it.
 */
static bool tee_service_parse(size_t num_params, struct tee_param *param,
			      u8 *uuid, struct tee_param **data)
{
	u32 words[4];
	int i;

	if (num_params < 3 || num_params > 4)
		return false;
	for (i = 0; i < 3; i++)
		if (!is_value(param + i))
			return false;
	if (param[0].u.value.a != TEE_SUPP_PLUGIN_INVOKE)
		return false;
	*data = NULL;
	if (num_params == 4) {
		if (is_memref(param + 3))
			*data = param + 3;
		else if (ptype(param + 3) != TEE_IOCTL_PARAM_ATTR_TYPE_NONE)
			return false;
	}
	words[0] = param[0].u.value.b;
	words[1] = param[0].u.value.c;
	words[2] = param[1].u.value.a;
	words[3] = param[1].u.value.b;
	for (i = 0; i < 4; i++) {
		uuid[4 * i] = words[i];
		uuid[4 * i + 1] = words[i] >> 8;
		uuid[4 * i + 2] = words[i] >> 16;
		uuid[4 * i + 3] = words[i] >> 24;
	}
	return true;
}

/* Check the data memref; 0 or a TEEC error. */
static u32 tee_service_check_data(struct tee_param *data)
{
	struct tee_shm *shm;
	size_t size, end;

	if (!data)
		return 0;
	shm = data->u.memref.shm;
	size = data->u.memref.size;
	if (size > TEEKIT_SERVICE_MAX_DATA)
		return TEEC_ERROR_EXCESS_DATA;
	if (!shm)
		return size ? TEEC_ERROR_BAD_PARAMETERS : 0;
	if (check_add_overflow(data->u.memref.shm_offs, size, &end) ||
	    end > shm->size)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!shm->kaddr && !shm->pages && size)
		return TEEC_ERROR_BAD_PARAMETERS;
	return 0;
}

static struct tee_service_req *
tee_service_req_new(struct tee_device *supp_teedev, struct tee_param *param,
		    struct tee_param *data)
{
	struct tee_service_req *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return NULL;
	kref_init(&req->ref);
	req->supp_teedev = supp_teedev;
	req->cmd = param[1].u.value.c;
	req->sub_cmd = param[2].u.value.a;
	req->data_len = data && data->u.memref.shm ? data->u.memref.size : 0;
	if (req->data_len) {
		req->data = kvmalloc(req->data_len, GFP_KERNEL);
		if (!req->data) {
			kfree(req);
			return NULL;
		}
		tee_service_memref_rw(data, req->data, req->data_len, false);
	}
	return req;
}

/**
 * tee_service_route() - serve a supplicant request by a service daemon
 * @supp_teedev:	the privileged device the request was posted to
 * @func:		supplicant function
 * @num_params:		number of @param
 * @param:		the request's params (the poster's array)
 * @aborted:		the poster's abort flag (tee_supp_abort()): when it
 *			becomes true the wait ends as for a killed poster
 * @ret:		the TEEC result if the request was routed
 *
 * Return: false if the request is not for a registered service (the
 * supplicant gets it); true if it was served here, with @ret set.
 */
bool tee_service_route(struct tee_device *supp_teedev, u32 func,
		       size_t num_params, struct tee_param *param,
		       const bool *aborted, u32 *ret)
{
	u8 uuid[TEE_IOCTL_UUID_LEN];
	struct tee_service_req *req;
	struct tee_param *data;
	struct tee_service *svc;
	bool answered;
	u32 err;
	int id;

	if (func != TEE_SUPP_FUNC_PLUGIN || !param ||
	    !tee_service_parse(num_params, param, uuid, &data))
		return false;

	/* cheap check first: most plugin calls go to the supplicant */
	mutex_lock(&tee_service_mutex);
	svc = tee_service_find(uuid, supp_teedev);
	mutex_unlock(&tee_service_mutex);
	if (!svc)
		return false;

	err = tee_service_check_data(data);
	if (err) {
		*ret = err;
		return true;
	}
	req = tee_service_req_new(supp_teedev, param, data);
	if (!req) {
		*ret = TEEC_ERROR_OUT_OF_MEMORY;
		return true;
	}

	mutex_lock(&tee_service_mutex);
	svc = tee_service_find(uuid, supp_teedev);
	if (!svc) {
		/* unregistered meanwhile */
		mutex_unlock(&tee_service_mutex);
		tee_service_req_put(req);
		*ret = TEEC_ERROR_TARGET_DEAD;
		return true;
	}
	id = idr_alloc_cyclic(&tee_service_req_idr, req, 1, INT_MAX,
			      GFP_KERNEL);
	if (id < 0) {
		mutex_unlock(&tee_service_mutex);
		tee_service_req_put(req);
		*ret = TEEC_ERROR_OUT_OF_MEMORY;
		return true;
	}
	req->id = id;
	kref_get(&svc->ref);
	req->svc = svc;
	req->state = TEE_SVC_REQ_QUEUED;
	list_add_tail(&req->qlink, &svc->queue);
	list_add_tail(&req->slink, &svc->reqs);
	wake_up(&svc->recv_wq);
	mutex_unlock(&tee_service_mutex);

	/* a fatal signal or an abort ends the wait early: death is signalled */
	wait_event_killable(tee_service_done_wq,
			    READ_ONCE(req->state) == TEE_SVC_REQ_DONE ||
			    READ_ONCE(*aborted));

	mutex_lock(&tee_service_mutex);
	if (req->state != TEE_SVC_REQ_DONE)
		tee_service_complete(req, TEEC_ERROR_COMMUNICATION);
	*ret = req->ret;
	answered = req->answered;
	mutex_unlock(&tee_service_mutex);

	if (answered) {
		size_t n = min_t(size_t, req->out_len, req->data_len);

		param[2].u.value.b = req->out_len;
		if (data && (ptype(data) == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT ||
			     ptype(data) == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT)) {
			if (n)
				tee_service_memref_rw(data, req->data, n, true);
			if (req->out_len <= data->u.memref.size)
				data->u.memref.size = req->out_len;
		}
	}
	tee_service_req_put(req);
	return true;
}

/* A poster's abort flag was set (tee_supp_abort()): let it see it */
void tee_service_wake_posters(void)
{
	wake_up_all(&tee_service_done_wq);
}

/* ---------------------------------------------------------------------- */
/* death */

/* Unregister @svc: its requests fail with TARGET_DEAD, receivers leave. */
static void tee_service_unlink(struct tee_service *svc)
{
	struct tee_service_req *req, *tmp;

	lockdep_assert_held(&tee_service_mutex);
	WRITE_ONCE(svc->dead, true);
	list_del(&svc->link);
	idr_remove(&tee_service_idr, svc->id);
	tee_service_count--;
	list_for_each_entry_safe(req, tmp, &svc->reqs, slink)
		tee_service_complete(req, TEEC_ERROR_TARGET_DEAD);
	wake_up_all(&svc->recv_wq);
	wake_up_all(&tee_service_done_wq);
	/* the registry's reference */
	tee_service_put(svc);
}

/* The fd of @ctx is closed: every service it registered goes. */
void tee_service_release_ctx(struct tee_context *ctx)
{
	struct tee_service *svc, *tmp;

	mutex_lock(&tee_service_mutex);
	list_for_each_entry_safe(svc, tmp, &tee_services, link)
		if (svc->ctx == ctx)
			tee_service_unlink(svc);
	mutex_unlock(&tee_service_mutex);
}

/*
 * @teedev is being unregistered: requests posted through it fail with
 * COMMUNICATION; receivers of services registered on it return ENODEV
 * (they must leave the device's srcu section).
 */
void tee_service_kill(struct tee_device *teedev)
{
	struct tee_service_req *req, *rtmp;
	struct tee_service *svc;

	mutex_lock(&tee_service_mutex);
	list_for_each_entry(svc, &tee_services, link) {
		list_for_each_entry_safe(req, rtmp, &svc->reqs, slink)
			if (req->supp_teedev == teedev)
				tee_service_complete(req,
						     TEEC_ERROR_COMMUNICATION);
		if (svc->teedev == teedev)
			wake_up_all(&svc->recv_wq);
	}
	wake_up_all(&tee_service_done_wq);
	mutex_unlock(&tee_service_mutex);
}

/* ---------------------------------------------------------------------- */
/* the ioctls */

/*
 * CAP_SYS_ADMIN (in the initial user namespace: capable()), or membership
 * of service_gid, a gid of the initial user namespace, by a process of
 * that namespace.  A process in another user namespace never qualifies by
 * the group: mapping the gid through its namespace let a user name its
 * own gid as service_gid's, and a sandbox made with a user namespace must
 * not act for the TEE with the groups it inherited (decision 1220).
 */
static bool tee_service_allowed(void)
{
	int ngid = READ_ONCE(service_gid);
	kgid_t gid;

	if (capable(CAP_SYS_ADMIN))
		return true;
	if (ngid < 0 || current_user_ns() != &init_user_ns)
		return false;
	gid = make_kgid(&init_user_ns, ngid);
	return gid_valid(gid) && in_group_p(gid);
}

static int tee_service_register(struct tee_context *ctx,
				struct teekit_ioctl_service_register __user *uarg)
{
	struct teekit_ioctl_service_register arg;
	struct tee_service *svc;
	int rc;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags || arg.service_id)
		return -EINVAL;
	if (!tee_service_allowed())
		return -EPERM;

	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return -ENOMEM;
	kref_init(&svc->ref);
	memcpy(svc->uuid, arg.uuid, sizeof(svc->uuid));
	svc->ctx = ctx;
	svc->teedev = ctx->teedev;
	tee_device_get(svc->teedev);
	INIT_LIST_HEAD(&svc->queue);
	INIT_LIST_HEAD(&svc->reqs);
	init_waitqueue_head(&svc->recv_wq);

	mutex_lock(&tee_service_mutex);
	if (READ_ONCE(ctx->teedev->dead) || ctx->releasing) {
		rc = -ENODEV;
		goto err_unlock;
	}
	/* on a device of the same driver instance: its supp_teedev's pair */
	if (tee_service_find(svc->uuid, svc->teedev)) {
		rc = -EEXIST;
		goto err_unlock;
	}
	if (tee_service_count >= TEE_SERVICE_MAX) {
		rc = -ENOSPC;
		goto err_unlock;
	}
	rc = idr_alloc_cyclic(&tee_service_idr, svc, 1, INT_MAX, GFP_KERNEL);
	if (rc < 0)
		goto err_unlock;
	svc->id = rc;
	arg.service_id = rc;
	if (copy_to_user(uarg, &arg, sizeof(arg))) {
		idr_remove(&tee_service_idr, svc->id);
		rc = -EFAULT;
		goto err_unlock;
	}
	list_add_tail(&svc->link, &tee_services);
	tee_service_count++;
	mutex_unlock(&tee_service_mutex);
	return 0;

err_unlock:
	mutex_unlock(&tee_service_mutex);
	tee_service_put(svc);
	return rc;
}

/* A registered service of @ctx by id, or NULL; under the mutex. */
static struct tee_service *tee_service_lookup(struct tee_context *ctx, u32 id)
{
	struct tee_service *svc;

	lockdep_assert_held(&tee_service_mutex);
	if (!id || id > INT_MAX)
		return NULL;
	svc = idr_find(&tee_service_idr, id);
	if (!svc || svc->ctx != ctx || svc->dead)
		return NULL;
	return svc;
}

static int tee_service_unregister(struct tee_context *ctx,
				  struct teekit_ioctl_service_unregister __user *uarg)
{
	struct teekit_ioctl_service_unregister arg;
	struct tee_service *svc;
	int rc = 0;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags)
		return -EINVAL;
	mutex_lock(&tee_service_mutex);
	svc = tee_service_lookup(ctx, arg.service_id);
	if (svc)
		tee_service_unlink(svc);
	else
		rc = -ENOENT;
	mutex_unlock(&tee_service_mutex);
	return rc;
}

/* Take the oldest request of @svc; -EAGAIN if there is none. */
static int tee_service_take(struct tee_service *svc,
			    struct teekit_ioctl_service_recv *arg,
			    struct tee_service_req **reqp)
{
	struct tee_service_req *req;

	lockdep_assert_held(&tee_service_mutex);
	if (svc->dead)
		return -ENOENT;
	if (READ_ONCE(svc->teedev->dead))
		return -ENODEV;
	req = list_first_entry_or_null(&svc->queue, struct tee_service_req,
				       qlink);
	if (!req)
		return -EAGAIN;
	if (req->data_len > arg->buf_len) {
		arg->data_len = req->data_len;
		return -EMSGSIZE;
	}
	list_del(&req->qlink);
	WRITE_ONCE(req->state, TEE_SVC_REQ_TAKEN);
	kref_get(&req->ref);
	*reqp = req;
	return 0;
}

/* RECV could not hand @req out: it goes back to the head of the queue. */
static void tee_service_requeue(struct tee_service_req *req)
{
	mutex_lock(&tee_service_mutex);
	if (req->state == TEE_SVC_REQ_TAKEN) {
		WRITE_ONCE(req->state, TEE_SVC_REQ_QUEUED);
		list_add(&req->qlink, &req->svc->queue);
		wake_up(&req->svc->recv_wq);
	}
	mutex_unlock(&tee_service_mutex);
}

static int tee_service_recv(struct tee_context *ctx,
			    struct teekit_ioctl_service_recv __user *uarg)
{
	struct teekit_ioctl_service_recv arg;
	struct tee_service_req *req = NULL;
	struct tee_service *svc;
	int rc;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags || arg.reserved || arg.req_id || arg.cmd ||
	    arg.sub_cmd || arg.data_len)
		return -EINVAL;

	mutex_lock(&tee_service_mutex);
	svc = tee_service_lookup(ctx, arg.service_id);
	if (svc)
		kref_get(&svc->ref);
	mutex_unlock(&tee_service_mutex);
	if (!svc)
		return -ENOENT;

	for (;;) {
		mutex_lock(&tee_service_mutex);
		rc = tee_service_take(svc, &arg, &req);
		mutex_unlock(&tee_service_mutex);
		if (rc != -EAGAIN)
			break;
		if (wait_event_interruptible(svc->recv_wq,
					     !list_empty_careful(&svc->queue) ||
					     READ_ONCE(svc->dead) ||
					     READ_ONCE(svc->teedev->dead))) {
			rc = -ERESTARTSYS;
			break;
		}
	}
	if (rc == -EMSGSIZE &&
	    put_user(arg.data_len, &uarg->data_len))
		rc = -EFAULT;
	if (rc)
		goto out_put_svc;

	arg.req_id = req->id;
	arg.cmd = req->cmd;
	arg.sub_cmd = req->sub_cmd;
	arg.data_len = req->data_len;
	if ((req->data_len &&
	     copy_to_user(u64_to_user_ptr(arg.buf), req->data,
			  req->data_len)) ||
	    copy_to_user(uarg, &arg, sizeof(arg))) {
		tee_service_requeue(req);
		rc = -EFAULT;
	}
	tee_service_req_put(req);
out_put_svc:
	tee_service_put(svc);
	return rc;
}

static int tee_service_send(struct tee_context *ctx,
			    struct teekit_ioctl_service_send __user *uarg)
{
	struct teekit_ioctl_service_send arg;
	struct tee_service_req *req;
	size_t n;
	int rc = 0;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags)
		return -EINVAL;

	mutex_lock(&tee_service_mutex);
	req = arg.req_id && arg.req_id <= INT_MAX ?
	      idr_find(&tee_service_req_idr, arg.req_id) : NULL;
	if (!req || req->svc->ctx != ctx ||
	    req->state != TEE_SVC_REQ_TAKEN) {
		mutex_unlock(&tee_service_mutex);
		return -ENOENT;
	}
	WRITE_ONCE(req->state, TEE_SVC_REQ_ANSWERING);
	kref_get(&req->ref);
	mutex_unlock(&tee_service_mutex);

	/* nobody else touches req->data while we answer */
	n = min_t(size_t, arg.out_len, req->data_len);
	if (n && copy_from_user(req->data, u64_to_user_ptr(arg.buf), n))
		rc = -EFAULT;

	mutex_lock(&tee_service_mutex);
	if (req->state != TEE_SVC_REQ_ANSWERING) {
		/* failed meanwhile: service gone, device dead, poster killed */
		rc = -ENOENT;
	} else if (rc) {
		WRITE_ONCE(req->state, TEE_SVC_REQ_TAKEN);
	} else {
		req->out_len = arg.out_len;
		req->answered = true;
		tee_service_complete(req, arg.ret);
		wake_up_all(&tee_service_done_wq);
	}
	mutex_unlock(&tee_service_mutex);
	tee_service_req_put(req);
	return rc;
}

/**
 * tee_service_ioctl() - the TEEKIT_IOC_SERVICE_* ioctls
 * @ctx:	the caller's context
 * @cmd:	ioctl number
 * @uarg:	user argument
 *
 * Return: 0 or a negative errno; -ENOTTY for another number.
 */
long tee_service_ioctl(struct tee_context *ctx, unsigned int cmd,
		       void __user *uarg)
{
	switch (cmd) {
	case TEEKIT_IOC_SERVICE_REGISTER:
		return tee_service_register(ctx, uarg);
	case TEEKIT_IOC_SERVICE_UNREGISTER:
		return tee_service_unregister(ctx, uarg);
	case TEEKIT_IOC_SERVICE_RECV:
		return tee_service_recv(ctx, uarg);
	case TEEKIT_IOC_SERVICE_SEND:
		return tee_service_send(ctx, uarg);
	default:
		return -ENOTTY;
	}
}
