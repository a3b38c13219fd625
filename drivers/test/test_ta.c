// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_test: the trusted applications, answered in the kernel.
 * The behaviour is specified in docs/test-driver.md.
 */
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <linux/vmalloc.h>

#include "test_private.h"

static const uuid_t tktest_uuid_echo = UUID_INIT(0x7e570000, 0x0000, 0x4000,
						 0x80, 0x00, 0x00, 0x00,
						 0x00, 0x00, 0x00, 0x01);
static const uuid_t tktest_uuid_slow = UUID_INIT(0x7e570000, 0x0000, 0x4000,
						 0x80, 0x00, 0x00, 0x00,
						 0x00, 0x00, 0x00, 0x02);

enum {
	CMD_NOP, CMD_ADD, CMD_COPY, CMD_FILL, CMD_SLEEP, CMD_SUPP, CMD_RET,
	CMD_INFO, CMD_CHECK_SHM, CMD_PLUGIN,
};

static struct tktest_dev *ctx_tdev(struct tee_context *ctx)
{
	return ctx->data;
}

static u32 ptype(struct tee_param *param, u32 num, u32 n)
{
	return n < num ? param[n].attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK :
			 TEE_IOCTL_PARAM_ATTR_TYPE_NONE;
}

static bool is_type(struct tee_param *param, u32 num, u32 n, u32 t1, u32 t2)
{
	u32 t = ptype(param, num, n);

	return t == t1 || t == t2;
}

/*
 * Copy between a memref and a kernel buffer, page by page: registered
 * user memory has no kernel mapping, only pages.
 */
static void memref_rw(struct tee_param *p, size_t offs, void *buf, size_t len,
		      bool to_shm)
{
	struct tee_shm *shm = p->u.memref.shm;
	size_t pos = shm->offset + p->u.memref.shm_offs + offs;

	while (len) {
		size_t in_page = offset_in_page(pos);
		size_t chunk = min_t(size_t, len, PAGE_SIZE - in_page);
		char *va = kmap_local_page(shm->pages[pos >> PAGE_SHIFT]);

		if (to_shm)
			memcpy(va + in_page, buf, chunk);
		else
			memcpy(buf, va + in_page, chunk);
		kunmap_local(va);
		buf += chunk;
		pos += chunk;
		len -= chunk;
	}
}

/*
 * Block the call until cancelled, @ms elapsed (0: forever), a fatal
 * signal, or the device dies.  Returns 0 with *ret set, or -errno.
 */
static int tktest_block(struct tee_context *ctx, u32 session, u32 cancel_id,
			u64 ms, u32 *ret)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	struct tktest_waiter w = {
		.ctx = ctx, .session = session, .cancel_id = cancel_id,
	};
	long rc;

	mutex_lock(&tdev->lock);
	if (tdev->dying) {
		mutex_unlock(&tdev->lock);
		return -ENODEV;
	}
	list_add_tail(&w.link, &tdev->waiters);
	mutex_unlock(&tdev->lock);
	atomic_inc(&tdev->pending);

	if (ms) {
		unsigned long tmo = ms > UINT_MAX ? MAX_SCHEDULE_TIMEOUT - 1 :
				    msecs_to_jiffies(ms);

		rc = wait_event_killable_timeout(tdev->wq,
						 READ_ONCE(w.cancelled) ||
						 READ_ONCE(tdev->dying), tmo);
	} else {
		rc = wait_event_killable(tdev->wq, READ_ONCE(w.cancelled) ||
					 READ_ONCE(tdev->dying));
		if (!rc)
			rc = 1;
	}

	mutex_lock(&tdev->lock);
	list_del(&w.link);
	mutex_unlock(&tdev->lock);
	atomic_dec(&tdev->pending);

	if (w.cancelled) {
		*ret = TEEC_ERROR_CANCEL;
		return 0;
	}
	if (READ_ONCE(tdev->dying))
		return -ENODEV;
	if (rc < 0)
		return -EINTR;
	*ret = TEEC_SUCCESS;
	return 0;
}

int tktest_open_session(struct tee_context *ctx,
			struct tee_ioctl_open_session_arg *arg,
			struct tee_param *param)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	u32 num = arg->num_params;
	struct tktest_sess *sess;
	uuid_t uuid;
	int ta, rc;

	rc = tktest_fail(TKTEST_OP_OPEN_SESSION);
	if (rc)
		return rc;

	import_uuid(&uuid, arg->uuid);
	if (uuid_equal(&uuid, &tktest_uuid_echo)) {
		ta = TKTEST_TA_ECHO;
	} else if (uuid_equal(&uuid, &tktest_uuid_slow)) {
		ta = TKTEST_TA_SLOW_OPEN;
	} else {
		arg->ret = TEEC_ERROR_ITEM_NOT_FOUND;
		arg->ret_origin = TEEC_ORIGIN_TEE;
		return 0;
	}

	if (ta == TKTEST_TA_ECHO &&
	    ptype(param, num, 0) == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT &&
	    param[0].u.value.a == 0xdead) {
		arg->ret = TEEC_ERROR_ACCESS_DENIED;
		arg->ret_origin = TEEC_ORIGIN_TRUSTED_APP;
		return 0;
	}

	if (ta == TKTEST_TA_SLOW_OPEN) {
		u64 ms = 0;
		u32 ret;

		if (ptype(param, num, 0) ==
		    TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT)
			ms = param[0].u.value.a;
		rc = tktest_block(ctx, 0, arg->cancel_id, ms, &ret);
		if (rc)
			return rc;
		if (ret != TEEC_SUCCESS) {
			arg->ret = ret;
			arg->ret_origin = TEEC_ORIGIN_TEE;
			return 0;
		}
	}

	sess = kzalloc(sizeof(*sess), GFP_KERNEL);
	if (!sess)
		return -ENOMEM;
	sess->ctx = ctx;
	sess->ta = ta;
	sess->login = arg->clnt_login;
	memcpy(sess->clnt_uuid, arg->clnt_uuid, sizeof(sess->clnt_uuid));

	mutex_lock(&tdev->lock);
	do {
		sess->id = tdev->next_session++;
		if (!tdev->next_session)
			tdev->next_session = 1;
		/* -EBUSY only after the ids wrapped: take the next one */
		rc = xa_insert(&tdev->sess_xa, sess->id, sess, GFP_KERNEL);
	} while (rc == -EBUSY);
	if (rc) {
		mutex_unlock(&tdev->lock);
		kfree(sess);
		return rc;
	}
	list_add_tail(&sess->link, &tdev->sessions);
	mutex_unlock(&tdev->lock);
	atomic_inc(&tdev->num_sessions);

	arg->session = sess->id;
	arg->ret = TEEC_SUCCESS;
	arg->ret_origin = TEEC_ORIGIN_TEE;
	return 0;
}

static struct tktest_sess *sess_find(struct tktest_dev *tdev,
				     struct tee_context *ctx, u32 id)
{
	struct tktest_sess *sess;

	lockdep_assert_held(&tdev->lock);
	sess = xa_load(&tdev->sess_xa, id);
	return sess && sess->ctx == ctx ? sess : NULL;
}

/* COPY: p0 -> p1 */
static u32 cmd_copy(struct tee_param *param, u32 num)
{
	struct tee_param *src = param, *dst = param + 1;
	size_t len = src->u.memref.size;
	void *buf;

	if (!is_type(param, num, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT,
		     TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT) ||
	    !is_type(param, num, 1, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT,
		     TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (len && !src->u.memref.shm)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (dst->u.memref.size < len || (len && !dst->u.memref.shm)) {
		dst->u.memref.size = len;
		return TEEC_ERROR_SHORT_BUFFER;
	}
	if (len) {
		buf = kvmalloc(len, GFP_KERNEL);
		if (!buf)
			return TEEC_ERROR_OUT_OF_MEMORY;
		memref_rw(src, 0, buf, len, false);
		memref_rw(dst, 0, buf, len, true);
		kvfree(buf);
	}
	dst->u.memref.size = len;
	return TEEC_SUCCESS;
}

static u32 cmd_fill(struct tee_param *param, u32 num)
{
	struct tee_param *dst = param + 1;
	size_t len, done = 0;
	u8 *buf;

	if (ptype(param, num, 0) != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT ||
	    !is_type(param, num, 1, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT,
		     TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT))
		return TEEC_ERROR_BAD_PARAMETERS;
	len = dst->u.memref.size;
	if (len && !dst->u.memref.shm)
		return TEEC_ERROR_BAD_PARAMETERS;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return TEEC_ERROR_OUT_OF_MEMORY;
	memset(buf, param[0].u.value.a & 0xff, PAGE_SIZE);
	while (done < len) {
		size_t chunk = min_t(size_t, len - done, PAGE_SIZE);

		memref_rw(dst, done, buf, chunk, true);
		done += chunk;
	}
	kfree(buf);
	return TEEC_SUCCESS;
}

static u32 cmd_check_shm(struct tee_param *param, u32 num)
{
	struct tee_param *src = param;
	size_t len, done = 0, n;
	u64 sum = 0;
	u8 *buf;

	if (!is_type(param, num, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT,
		     TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT) &&
	    ptype(param, num, 0) != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT)
		return TEEC_ERROR_BAD_PARAMETERS;
	len = src->u.memref.size;
	if (len && !src->u.memref.shm)
		return TEEC_ERROR_BAD_PARAMETERS;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return TEEC_ERROR_OUT_OF_MEMORY;
	while (done < len) {
		size_t chunk = min_t(size_t, len - done, PAGE_SIZE);

		memref_rw(src, done, buf, chunk, false);
		for (n = 0; n < chunk; n++)
			sum += buf[n];
		done += chunk;
	}
	kfree(buf);
	if (ptype(param, num, 1) == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT)
		param[1].u.value.a = sum;
	return TEEC_SUCCESS;
}

static u32 cmd_supp(struct tee_context *ctx, struct tee_param *param,
		    u32 num, u32 *origin)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	struct tee_param req[3] = { };
	u32 n, nreq, ret;

	if (ptype(param, num, 0) != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT)
		return TEEC_ERROR_BAD_PARAMETERS;
	nreq = num > 4 ? 3 : num - 1;
	for (n = 0; n < nreq; n++) {
		u32 t = ptype(param, num, n + 1);

		if (t != TEE_IOCTL_PARAM_ATTR_TYPE_NONE &&
		    t != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT &&
		    t != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT &&
		    t != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT)
			return TEEC_ERROR_BAD_PARAMETERS;
		req[n].attr = t;
		req[n].u.value = param[n + 1].u.value;
	}
	if (num > 4)
		return TEEC_ERROR_BAD_PARAMETERS;

	atomic_inc(&tdev->pending);
	ret = tee_supp_thrd_req(tdev->supp, ctx, param[0].u.value.a, nreq,
				req);
	atomic_dec(&tdev->pending);

	for (n = 0; n < nreq; n++)
		if (req[n].attr == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT ||
		    req[n].attr == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT)
			param[n + 1].u.value = req[n].u.value;
	*origin = ret == TEEC_ERROR_COMMUNICATION ? TEEC_ORIGIN_COMMS :
						    TEEC_ORIGIN_TRUSTED_APP;
	return ret;
}

/*
 * A plugin call as OP-TEE's secure world makes it (supplicant function 12):
 * v0 {0, w0, w1}, v1 {w2, w3, cmd}, v2 INOUT {sub_cmd, out_len}, m3 data.
 */
static u32 cmd_plugin(struct tee_context *ctx, struct tee_param *param,
		      u32 num, u32 *origin)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	struct tee_param req[4] = { };
	u32 t, ret;

	if (ptype(param, num, 0) != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT ||
	    ptype(param, num, 1) != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT ||
	    num > 3)
		return TEEC_ERROR_BAD_PARAMETERS;
	t = ptype(param, num, 2);
	if (t != TEE_IOCTL_PARAM_ATTR_TYPE_NONE &&
	    t != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
	    t != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT &&
	    t != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT)
		return TEEC_ERROR_BAD_PARAMETERS;

	req[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	req[0].u.value.b = lower_32_bits(param[0].u.value.a);
	req[0].u.value.c = upper_32_bits(param[0].u.value.a);
	req[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	req[1].u.value.a = lower_32_bits(param[0].u.value.b);
	req[1].u.value.b = upper_32_bits(param[0].u.value.b);
	req[1].u.value.c = lower_32_bits(param[0].u.value.c);
	req[2].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
	req[2].u.value.a = lower_32_bits(param[1].u.value.a);
	req[3].attr = t;
	if (t != TEE_IOCTL_PARAM_ATTR_TYPE_NONE)
		req[3].u.memref = param[2].u.memref;

	atomic_inc(&tdev->pending);
	ret = tee_supp_thrd_req(tdev->supp, ctx, 12, 4, req);
	atomic_dec(&tdev->pending);

	param[1].u.value.b = req[2].u.value.b;
	if (t != TEE_IOCTL_PARAM_ATTR_TYPE_NONE)
		param[2].u.memref.size = req[3].u.memref.size;
	*origin = ret == TEEC_ERROR_COMMUNICATION ? TEEC_ORIGIN_COMMS :
						    TEEC_ORIGIN_TRUSTED_APP;
	return ret;
}

static u32 cmd_info(struct tktest_sess *sess, struct tee_param *param,
		    u32 num)
{
	if (ptype(param, num, 0) != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT ||
	    ptype(param, num, 1) != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT)
		return TEEC_ERROR_BAD_PARAMETERS;
	param[0].u.value.a = sess->login;
	param[0].u.value.b = sess->id;
	param[0].u.value.c = 0;
	if (param[1].u.memref.size < TEE_IOCTL_UUID_LEN ||
	    !param[1].u.memref.shm) {
		param[1].u.memref.size = TEE_IOCTL_UUID_LEN;
		return TEEC_ERROR_SHORT_BUFFER;
	}
	memref_rw(param + 1, 0, sess->clnt_uuid, TEE_IOCTL_UUID_LEN, true);
	param[1].u.memref.size = TEE_IOCTL_UUID_LEN;
	return TEEC_SUCCESS;
}

int tktest_invoke(struct tee_context *ctx, struct tee_ioctl_invoke_arg *arg,
		  struct tee_param *param)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	u32 num = arg->num_params, n;
	/* written before it is read: not zeroed on every call (decision 0720) */
	struct tktest_sess copy __uninitialized, *sess;
	u32 origin = TEEC_ORIGIN_TRUSTED_APP;
	u32 ret;
	int rc;

	rc = tktest_fail(TKTEST_OP_INVOKE);
	if (rc)
		return rc;

	/* no lock: sessions are immutable once published and freed by RCU */
	rcu_read_lock();
	sess = xa_load(&tdev->sess_xa, arg->session);
	if (sess && sess->ctx == ctx)
		copy = *sess;
	else
		sess = NULL;
	rcu_read_unlock();
	if (!sess)
		return -EINVAL;

	switch (arg->func) {
	case CMD_NOP:
		for (n = 0; n < num; n++)
			if (ptype(param, num, n) ==
			    TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT)
				memset(&param[n].u.value, 0,
				       sizeof(param[n].u.value));
		ret = TEEC_SUCCESS;
		break;
	case CMD_ADD:
		if (ptype(param, num, 0) !=
		    TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT ||
		    ptype(param, num, 1) !=
		    TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT) {
			ret = TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		param[1].u.value.a = param[0].u.value.a + param[0].u.value.b;
		ret = TEEC_SUCCESS;
		break;
	case CMD_COPY:
		ret = cmd_copy(param, num);
		break;
	case CMD_FILL:
		ret = cmd_fill(param, num);
		break;
	case CMD_SLEEP:
		if (ptype(param, num, 0) !=
		    TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT) {
			ret = TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		rc = tktest_block(ctx, arg->session, arg->cancel_id,
				  param[0].u.value.a, &ret);
		if (rc)
			return rc;
		if (ret != TEEC_SUCCESS)
			origin = TEEC_ORIGIN_TEE;
		break;
	case CMD_SUPP:
		ret = cmd_supp(ctx, param, num, &origin);
		break;
	case CMD_RET:
		if (ptype(param, num, 0) !=
		    TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT) {
			ret = TEEC_ERROR_BAD_PARAMETERS;
			break;
		}
		ret = param[0].u.value.a;
		origin = param[0].u.value.b;
		break;
	case CMD_INFO:
		ret = cmd_info(&copy, param, num);
		break;
	case CMD_CHECK_SHM:
		ret = cmd_check_shm(param, num);
		break;
	case CMD_PLUGIN:
		ret = cmd_plugin(ctx, param, num, &origin);
		break;
	default:
		ret = TEEC_ERROR_BAD_PARAMETERS;
		break;
	}

	arg->ret = ret;
	arg->ret_origin = origin;
	return 0;
}

int tktest_cancel(struct tee_context *ctx, u32 cancel_id, u32 session)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	struct tktest_waiter *w;
	int rc;

	rc = tktest_fail(TKTEST_OP_CANCEL);
	if (rc)
		return rc;

	mutex_lock(&tdev->lock);
	list_for_each_entry(w, &tdev->waiters, link)
		if (w->ctx == ctx && w->session == session &&
		    w->cancel_id == cancel_id)
			WRITE_ONCE(w->cancelled, true);
	mutex_unlock(&tdev->lock);
	wake_up_all(&tdev->wq);
	return 0;
}

int tktest_close_session(struct tee_context *ctx, u32 session)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	struct tktest_sess *sess;
	int rc;

	rc = tktest_fail(TKTEST_OP_CLOSE_SESSION);
	if (rc)
		return rc;

	mutex_lock(&tdev->lock);
	sess = sess_find(tdev, ctx, session);
	if (sess) {
		list_del(&sess->link);
		xa_erase(&tdev->sess_xa, sess->id);
	}
	mutex_unlock(&tdev->lock);
	if (!sess)
		return -EINVAL;
	kfree_rcu(sess, rcu);
	atomic_dec(&tdev->num_sessions);
	return 0;
}

/* The context goes away: forget its sessions (even if close failed). */
void tktest_release_sessions(struct tee_context *ctx)
{
	struct tktest_dev *tdev = ctx_tdev(ctx);
	struct tktest_sess *sess, *tmp;

	mutex_lock(&tdev->lock);
	list_for_each_entry_safe(sess, tmp, &tdev->sessions, link) {
		if (sess->ctx != ctx)
			continue;
		list_del(&sess->link);
		xa_erase(&tdev->sess_xa, sess->id);
		kfree_rcu(sess, rcu);
		atomic_dec(&tdev->num_sessions);
	}
	mutex_unlock(&tdev->lock);
}
