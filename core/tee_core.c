// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: module setup, device registration and the ioctl front end.
 *
 * Every ioctl validates its input in one fixed order before the driver is
 * reached: copy in; sizes; reserved bits and flags; overflow; ownership of
 * every id; only then the driver.  See docs/abi.md.
 */
#define pr_fmt(fmt) "teekit: " fmt

#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/teekit.h>
#include <linux/teekit_compat.h>

#include "tee_private.h"

unsigned int tee_max_sessions_per_ctx = 256;
module_param_named(max_sessions_per_ctx, tee_max_sessions_per_ctx, uint, 0644);
MODULE_PARM_DESC(max_sessions_per_ctx,
		 "Sessions one context may hold (0 = no limit); more give EMFILE");

unsigned int tee_max_shm_per_ctx = 4096;
module_param_named(max_shm_per_ctx, tee_max_shm_per_ctx, uint, 0644);
MODULE_PARM_DESC(max_shm_per_ctx,
		 "Shared memory objects one context may own (0 = no limit); more give EMFILE");

unsigned long tee_max_shm_bytes_per_ctx = 256UL << 20;
module_param_named(max_shm_bytes_per_ctx, tee_max_shm_bytes_per_ctx, ulong,
		   0644);
MODULE_PARM_DESC(max_shm_bytes_per_ctx,
		 "Bytes of shared memory one context may own (0 = no limit); more give ENOSPC");

unsigned int tee_supp_timeout_ms = 5000;
module_param_named(supp_timeout_ms, tee_supp_timeout_ms, uint, 0644);
MODULE_PARM_DESC(supp_timeout_ms,
		 "How long a supplicant request waits while no supplicant is attached (ms)");

static bool tee_replace_kernel_tee;
module_param_named(replace_kernel_tee, tee_replace_kernel_tee, bool, 0444);
MODULE_PARM_DESC(replace_kernel_tee,
		 "Load on a kernel built with its own TEE subsystem (CONFIG_TEE=m) while its tee.ko is not loaded (docs/kernels.md)");

static struct class *tee_class;
static dev_t tee_devt;

/* Device ids in use: 0-15 client devices, 16-31 privileged. */
static DECLARE_BITMAP(dev_mask, TEE_NUM_DEVICES);
static DEFINE_SPINLOCK(dev_mask_lock);	/* protects dev_mask */

/**
 * tee_dev_enter() - start a call that may reach the driver
 * @teedev:	the device
 * @idx:	receives the SRCU cookie for tee_dev_exit()
 *
 * Return: false if the device is dead (the caller then fails with ENODEV).
 */
bool tee_dev_enter(struct tee_device *teedev, int *idx)
{
	*idx = srcu_read_lock(&teedev->srcu);
	if (READ_ONCE(teedev->dead)) {
		srcu_read_unlock(&teedev->srcu, *idx);
		return false;
	}
	/*
	 * Sparse cannot follow a lock held on one return value only: hide
	 * it here and in tee_dev_exit(); callers pair the two by hand.
	 */
	__release(&teedev->srcu);
	return true;
}

void tee_dev_exit(struct tee_device *teedev, int idx)
{
	__acquire(&teedev->srcu);
	srcu_read_unlock(&teedev->srcu, idx);
}

const struct tee_driver_ops *tee_ops(struct tee_device *teedev)
{
	return teedev->desc.ops;
}

void tee_device_get(struct tee_device *teedev)
{
	get_device(&teedev->dev);
}

void tee_device_put(struct tee_device *teedev)
{
	put_device(&teedev->dev);
}

void tee_get_version(struct tee_device *teedev,
		     struct tee_ioctl_version_data *vers)
{
	const struct tee_driver_ops *ops = tee_ops(teedev);

	memset(vers, 0, sizeof(*vers));
	if (ops->get_version) {
		ops->get_version(teedev, vers);
	} else {
		vers->impl_id = teedev->desc.impl.impl_id;
		vers->impl_caps = teedev->desc.impl.impl_caps;
		vers->gen_caps = teedev->desc.impl.gen_caps;
	}
	if (teedev->desc.flags & TEE_DESC_PRIVILEGED)
		vers->gen_caps |= TEE_GEN_CAP_PRIVILEGED;
}

/* ---------------------------------------------------------------------- */
/* parameters */

/*
 * Converts the parameters @kparams already copied from user space, or, when
 * @kparams is NULL, copies each from @uparams first: either way the checks
 * and their order (hence the errno of a bad call) are the same.  @params
 * need not be initialized: on return every entry is valid for
 * tee_params_put(), error or not.
 */
static int params_convert(struct tee_context *ctx, struct tee_param *params,
			  size_t num, struct tee_ioctl_param __user *uparams,
			  const struct tee_ioctl_param *kparams)
{
	struct tee_ioctl_param ip;
	struct tee_shm *shm;
	size_t n, end;
	int rc;

	for (n = 0; n < num; n++) {
		/* entry @n holds nothing to put until it is filled in */
		params[n] = (struct tee_param){ };
		if (kparams) {
			ip = kparams[n];
		} else if (copy_from_user(&ip, uparams + n, sizeof(ip))) {
			rc = -EFAULT;
			goto err;
		}
		if (ip.attr & ~TEE_IOCTL_PARAM_ATTR_MASK) {
			rc = -EINVAL;
			goto err;
		}

		params[n].attr = ip.attr;
		switch (ip.attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_NONE:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			params[n].u.value.a = ip.a;
			params[n].u.value.b = ip.b;
			params[n].u.value.c = ip.c;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			if (ip.a > SIZE_MAX || ip.b > SIZE_MAX) {
				rc = -EINVAL;
				goto err;
			}
			if (ip.c == TEE_MEMREF_NULL) {
				if (!ctx->cap_memref_null) {
					rc = -EINVAL;
					goto err;
				}
				params[n].u.memref.shm = NULL;
				params[n].u.memref.shm_offs = ip.a;
				params[n].u.memref.size = ip.b;
				break;
			}
			if (ip.c > INT_MAX) {
				rc = -EINVAL;
				goto err;
			}
			shm = tee_shm_get_from_id(ctx, (int)ip.c);
			if (IS_ERR(shm)) {
				rc = PTR_ERR(shm);
				goto err;
			}
			/* from here on tee_params_put() drops the reference */
			params[n].u.memref.shm = shm;
			params[n].u.memref.shm_offs = ip.a;
			params[n].u.memref.size = ip.b;
			if (check_add_overflow((size_t)ip.a, (size_t)ip.b,
					       &end) || end > shm->size) {
				rc = -EINVAL;
				goto err;
			}
			break;
		default:
			/* 4, UBUF and OBJREF types: not supported by teekit */
			rc = -EINVAL;
			goto err;
		}
	}
	return 0;

err:
	/*
	 * The entries after @n were never filled in (the invoke fast path
	 * does not zero its array first): make them hold nothing to put.
	 */
	while (++n < num)
		params[n].attr = TEE_IOCTL_PARAM_ATTR_TYPE_NONE;
	return rc;
}

static int params_from_user(struct tee_context *ctx, struct tee_param *params,
			    size_t num, struct tee_ioctl_param __user *uparams)
{
	return params_convert(ctx, params, num, uparams, NULL);
}

static int params_to_user(struct tee_ioctl_param __user *uparams,
			  size_t num, struct tee_param *params)
{
	size_t n;

	for (n = 0; n < num; n++) {
		struct tee_ioctl_param __user *up = uparams + n;
		struct tee_param *p = params + n;

		/* the full attr: META params are never written back */
		switch (p->attr) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			if (put_user(p->u.value.a, &up->a) ||
			    put_user(p->u.value.b, &up->b) ||
			    put_user(p->u.value.c, &up->c))
				return -EFAULT;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			if (put_user((u64)p->u.memref.size, &up->b))
				return -EFAULT;
			break;
		default:
			break;
		}
	}
	return 0;
}

/*
 * Layers 1-2 of every buffer ioctl: copy the tee_ioctl_buf_data, check
 * buf_len against the limits.  Returns the user pointer of the buffer.
 */
static int buf_data_get(void __user *uarg, size_t hdr_size,
			struct tee_ioctl_buf_data *buf)
{
	if (copy_from_user(buf, uarg, sizeof(*buf)))
		return -EFAULT;
	if (buf->buf_len > TEE_MAX_ARG_SIZE || buf->buf_len < hdr_size)
		return -EINVAL;
	return 0;
}

static struct tee_param *params_alloc(u32 num)
{
	return kcalloc(num ? num : 1, sizeof(struct tee_param), GFP_KERNEL);
}

/* exact: header + num * 32 == buf_len, without overflow */
static bool params_fit(size_t hdr, u32 num, u64 buf_len, bool exact)
{
	size_t need = size_add(hdr, size_mul(num,
					     sizeof(struct tee_ioctl_param)));

	return exact ? need == buf_len : need <= buf_len;
}

static int tee_ioctl_version(struct tee_context *ctx,
			     struct tee_ioctl_version_data __user *uvers)
{
	struct tee_ioctl_version_data vers;

	tee_get_version(ctx->teedev, &vers);
	if (copy_to_user(uvers, &vers, sizeof(vers)))
		return -EFAULT;
	return 0;
}

static int tee_ioctl_open_session(struct tee_context *ctx,
				  struct tee_ioctl_buf_data __user *ubuf)
{
	struct tee_ioctl_open_session_arg __user *uarg;
	struct tee_ioctl_open_session_arg arg;
	struct tee_ioctl_buf_data buf;
	struct tee_param *params;
	int rc;

	if (!tee_ops(ctx->teedev)->open_session)
		return -EINVAL;
	rc = buf_data_get(ubuf, sizeof(arg), &buf);
	if (rc)
		return rc;
	uarg = u64_to_user_ptr(buf.buf_ptr);
	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (!params_fit(sizeof(arg), arg.num_params, buf.buf_len, true))
		return -EINVAL;

	params = params_alloc(arg.num_params);
	if (!params)
		return -ENOMEM;
	rc = params_from_user(ctx, params, arg.num_params, uarg->params);
	if (rc)
		goto out_put_params;
	if (arg.clnt_login >= TEE_IOCTL_LOGIN_REE_KERNEL_MIN &&
	    arg.clnt_login <= TEE_IOCTL_LOGIN_REE_KERNEL_MAX) {
		rc = -EPERM;
		goto out_put_params;
	}

	rc = tee_ctx_open_session(ctx, &arg, params, true);
	if (rc)
		goto out_put_params;

	if (put_user(arg.session, &uarg->session) ||
	    put_user(arg.ret, &uarg->ret) ||
	    put_user(arg.ret_origin, &uarg->ret_origin) ||
	    params_to_user(uarg->params, arg.num_params, params)) {
		/* the caller cannot learn the session: do not leak it */
		if (arg.ret == TEEC_SUCCESS)
			tee_ctx_close_session(ctx, arg.session);
		rc = -EFAULT;
	}

out_put_params:
	tee_params_put(params, arg.num_params);
	kfree(params);
	return rc;
}

/* Invokes with up to this many parameters take the fast path: no kmalloc. */
#define TEE_INVOKE_FAST_PARAMS	4

/*
 * struct invoke_kbuf - the fast path's copy of an invoke buffer
 * @s:		header and up to TEE_INVOKE_FAST_PARAMS parameters
 * @w:		the same as 8-byte words, as invoke_copy_in() reads them
 */
union invoke_kbuf {
	struct {
		struct tee_ioctl_invoke_arg arg;
		struct tee_ioctl_param params[TEE_INVOKE_FAST_PARAMS];
	} s;
	u64 w[(sizeof(struct tee_ioctl_invoke_arg) +
	       TEE_INVOKE_FAST_PARAMS * sizeof(struct tee_ioctl_param)) /
	      sizeof(u64)];
};

/*
 * Fast copy of a whole invoke buffer of @len bytes (header and parameters)
 * into @kbuf: one user-access section of 8-byte loads, no string copy and
 * no hardened-usercopy walk.  Return: false if the buffer does not fit or
 * any load faults; the caller then takes the piecewise path, which fails
 * with the documented errno in the documented order.
 */
static bool invoke_copy_in(union invoke_kbuf *kbuf, const void __user *uarg,
			   u64 len)
{
	const u64 __user *src = uarg;
	size_t n;

	if (len > sizeof(*kbuf) || len % sizeof(u64))
		return false;
	if (!user_read_access_begin(uarg, len))
		return false;
	for (n = 0; n < len / sizeof(u64); n++)
		unsafe_get_user(kbuf->w[n], src + n, fault);
	user_read_access_end();
	return true;

fault:
	user_read_access_end();
	return false;
}

/*
 * Writes back what an invoke changes: ret and ret_origin (adjacent in the
 * header), then the output fields of each parameter, in that order, in one
 * user-access section.  The whole buffer passed access_ok() or was read
 * piece by piece before the call, so the range check cannot fail where a
 * put_user() per field would have succeeded.  Return: 0 or -EFAULT.
 */
static int invoke_copy_out(struct tee_ioctl_invoke_arg __user *uarg,
			   u64 len, const struct tee_ioctl_invoke_arg *arg,
			   const struct tee_param *params)
{
	struct tee_ioctl_param __user *up;
	const struct tee_param *p;
	u32 n;

	if (!user_write_access_begin(uarg, len))
		return -EFAULT;
	unsafe_put_user(arg->ret, &uarg->ret, fault);
	unsafe_put_user(arg->ret_origin, &uarg->ret_origin, fault);
	for (n = 0; n < arg->num_params; n++) {
		up = uarg->params + n;
		p = params + n;
		/* the full attr: META params are never written back */
		switch (p->attr) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			unsafe_put_user(p->u.value.a, &up->a, fault);
			unsafe_put_user(p->u.value.b, &up->b, fault);
			unsafe_put_user(p->u.value.c, &up->c, fault);
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			unsafe_put_user((u64)p->u.memref.size, &up->b, fault);
			break;
		default:
			break;
		}
	}
	user_write_access_end();
	return 0;

fault:
	user_write_access_end();
	return -EFAULT;
}

/* buf_data_get() for TEE_IOC_INVOKE: one user-access section, same errnos */
static int invoke_buf_data_get(struct tee_ioctl_buf_data __user *ubuf,
			       struct tee_ioctl_buf_data *buf)
{
	if (!user_read_access_begin(ubuf, sizeof(*ubuf)))
		return -EFAULT;
	unsafe_get_user(buf->buf_ptr, &ubuf->buf_ptr, fault);
	unsafe_get_user(buf->buf_len, &ubuf->buf_len, fault);
	user_read_access_end();
	if (buf->buf_len > TEE_MAX_ARG_SIZE ||
	    buf->buf_len < sizeof(struct tee_ioctl_invoke_arg))
		return -EINVAL;
	return 0;

fault:
	user_read_access_end();
	return -EFAULT;
}

static int tee_ioctl_invoke(struct tee_context *ctx,
			    struct tee_ioctl_buf_data __user *ubuf)
{
	struct tee_ioctl_invoke_arg __user *uarg;
	struct tee_ioctl_invoke_arg arg;
	struct tee_ioctl_buf_data buf;
	/*
	 * Not zeroed on entry (CONFIG_INIT_STACK_ALL_ZERO would spend two
	 * string stores per call on them): only the bytes copied in are
	 * read, and params_convert() fills every parameter it is given.
	 */
	struct tee_param stack_params[TEE_INVOKE_FAST_PARAMS] __uninitialized;
	union invoke_kbuf kbuf __uninitialized;
	const struct tee_ioctl_param *kparams = NULL;
	struct tee_param *params;
	int rc;

	if (!tee_ops(ctx->teedev)->invoke_func)
		return -EINVAL;
	rc = invoke_buf_data_get(ubuf, &buf);
	if (rc)
		return rc;
	uarg = u64_to_user_ptr(buf.buf_ptr);
	/*
	 * Fast path: header and parameters in one copy. A fault falls back
	 * to the piecewise copies below, so a bad call fails exactly as
	 * before (same checks in the same order, same errno).
	 */
	if (invoke_copy_in(&kbuf, uarg, buf.buf_len)) {
		arg = kbuf.s.arg;
		kparams = kbuf.s.params;
	} else if (copy_from_user(&arg, uarg, sizeof(arg))) {
		return -EFAULT;
	}
	if (!params_fit(sizeof(arg), arg.num_params, buf.buf_len, true))
		return -EINVAL;

	if (arg.num_params <= TEE_INVOKE_FAST_PARAMS) {
		params = stack_params;
	} else {
		params = params_alloc(arg.num_params);
		if (!params)
			return -ENOMEM;
	}
	rc = params_convert(ctx, params, arg.num_params, uarg->params,
			    kparams);
	if (rc)
		goto out_put_params;

	rc = tee_ctx_invoke(ctx, &arg, params);
	if (rc)
		goto out_put_params;

	rc = invoke_copy_out(uarg, buf.buf_len, &arg, params);

out_put_params:
	tee_params_put(params, arg.num_params);
	if (params != stack_params)
		kfree(params);
	return rc;
}

static int tee_ioctl_cancel(struct tee_context *ctx,
			    struct tee_ioctl_cancel_arg __user *uarg)
{
	struct tee_ioctl_cancel_arg arg;

	if (!tee_ops(ctx->teedev)->cancel_req)
		return -EINVAL;
	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	return tee_ctx_cancel(ctx, arg.cancel_id, arg.session);
}

static int tee_ioctl_close_session(struct tee_context *ctx,
				   struct tee_ioctl_close_session_arg __user *uarg)
{
	struct tee_ioctl_close_session_arg arg;

	if (!tee_ops(ctx->teedev)->close_session)
		return -EINVAL;
	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	return tee_ctx_close_session(ctx, arg.session);
}

static int supp_params_to_user(struct tee_ioctl_param __user *uparams,
			       size_t num, struct tee_param *params)
{
	size_t n;

	for (n = 0; n < num; n++) {
		struct tee_param *p = params + n;
		struct tee_ioctl_param ip = { .attr = p->attr };

		switch (p->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			ip.a = p->u.value.a;
			ip.b = p->u.value.b;
			ip.c = p->u.value.c;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			ip.b = p->u.memref.size;
			if (p->u.memref.shm) {
				ip.a = p->u.memref.shm_offs;
				ip.c = p->u.memref.shm->id;
			} else {
				ip.c = TEE_MEMREF_NULL;
			}
			break;
		default:
			break;
		}
		if (copy_to_user(uparams + n, &ip, sizeof(ip)))
			return -EFAULT;
	}
	return 0;
}

static int tee_ioctl_supp_recv(struct tee_context *ctx,
			       struct tee_ioctl_buf_data __user *ubuf)
{
	struct tee_iocl_supp_recv_arg __user *uarg;
	struct tee_ioctl_buf_data buf;
	struct tee_param *params;
	u32 num_params, func = 0;
	int rc;

	if (!tee_ops(ctx->teedev)->supp_recv)
		return -EINVAL;
	rc = buf_data_get(ubuf, sizeof(struct tee_iocl_supp_recv_arg), &buf);
	if (rc)
		return rc;
	uarg = u64_to_user_ptr(buf.buf_ptr);
	if (get_user(num_params, &uarg->num_params))
		return -EFAULT;
	if (!params_fit(sizeof(*uarg), num_params, buf.buf_len, true))
		return -EINVAL;

	params = params_alloc(num_params);
	if (!params)
		return -ENOMEM;
	rc = params_from_user(ctx, params, num_params, uarg->params);
	/* the receive buffer's memrefs carry nothing: drop them at once */
	tee_params_put(params, num_params);
	if (rc)
		goto out_free;

	rc = tee_ops(ctx->teedev)->supp_recv(ctx, &func, &num_params, params);
	if (rc)
		goto out_free;

	if (put_user(func, &uarg->func) ||
	    put_user(num_params, &uarg->num_params) ||
	    supp_params_to_user(uarg->params, num_params, params))
		rc = -EFAULT;
	/* supp_recv returned a reference on each memref shm */
	tee_params_put(params, num_params);
out_free:
	kfree(params);
	return rc;
}

static int supp_params_from_user(struct tee_param *params, size_t num,
				 struct tee_ioctl_param __user *uparams)
{
	struct tee_ioctl_param ip;
	size_t n;

	for (n = 0; n < num; n++) {
		if (copy_from_user(&ip, uparams + n, sizeof(ip)))
			return -EFAULT;
		if (ip.attr & ~TEE_IOCTL_PARAM_ATTR_MASK)
			return -EINVAL;
		params[n].attr = ip.attr;
		switch (ip.attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			params[n].u.value.a = ip.a;
			params[n].u.value.b = ip.b;
			params[n].u.value.c = ip.c;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			/* only the size counts; shm/offset are ignored */
			params[n].u.memref.shm = NULL;
			params[n].u.memref.shm_offs = 0;
			params[n].u.memref.size = ip.b;
			break;
		default:
			memset(&params[n].u, 0, sizeof(params[n].u));
			break;
		}
	}
	return 0;
}

static int tee_ioctl_supp_send(struct tee_context *ctx,
			       struct tee_ioctl_buf_data __user *ubuf)
{
	struct tee_iocl_supp_send_arg __user *uarg;
	struct tee_ioctl_buf_data buf;
	struct tee_param *params;
	u32 num_params, ret;
	int rc;

	if (!tee_ops(ctx->teedev)->supp_send)
		return -EINVAL;
	rc = buf_data_get(ubuf, sizeof(struct tee_iocl_supp_send_arg), &buf);
	if (rc)
		return rc;
	uarg = u64_to_user_ptr(buf.buf_ptr);
	if (get_user(ret, &uarg->ret) ||
	    get_user(num_params, &uarg->num_params))
		return -EFAULT;
	if (!params_fit(sizeof(*uarg), num_params, buf.buf_len, false))
		return -EINVAL;

	params = params_alloc(num_params);
	if (!params)
		return -ENOMEM;
	rc = supp_params_from_user(params, num_params, uarg->params);
	if (!rc)
		rc = tee_ops(ctx->teedev)->supp_send(ctx, ret, num_params,
						     params);
	kfree(params);
	return rc;
}

static int tee_ioctl_ctx_stats(struct tee_context *ctx,
			       struct teekit_ioctl_ctx_stats __user *uarg)
{
	struct teekit_ioctl_ctx_stats st = { };

	mutex_lock(&ctx->lock);
	st.sessions = ctx->num_sessions;
	st.shm_count = ctx->shm_count;
	st.shm_bytes = ctx->shm_bytes;
	mutex_unlock(&ctx->lock);
	st.max_sessions = READ_ONCE(tee_max_sessions_per_ctx);
	st.max_shm_count = READ_ONCE(tee_max_shm_per_ctx);
	st.max_shm_bytes = READ_ONCE(tee_max_shm_bytes_per_ctx);
	if (copy_to_user(uarg, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static int tee_ioctl_shm_register_fd(struct tee_context *ctx,
				     struct tee_ioctl_shm_register_fd_data __user *uarg)
{
	struct tee_ioctl_shm_register_fd_data data;

	if (copy_from_user(&data, uarg, sizeof(data)))
		return -EFAULT;
	/* dma-buf import is not implemented: every fd is refused */
	return -EINVAL;
}

static long tee_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct tee_context *ctx = filp->private_data;
	void __user *uarg = (void __user *)arg;
	long rc;
	int idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return -ENODEV;

	switch (cmd) {
	case TEE_IOC_VERSION:
		rc = tee_ioctl_version(ctx, uarg);
		break;
	case TEE_IOC_SHM_ALLOC:
		rc = tee_ioctl_shm_alloc(ctx, uarg);
		break;
	case TEE_IOC_SHM_REGISTER:
		rc = tee_ioctl_shm_register(ctx, uarg);
		break;
	case TEE_IOC_SHM_REGISTER_FD:
		rc = tee_ioctl_shm_register_fd(ctx, uarg);
		break;
	case TEE_IOC_OPEN_SESSION:
		rc = tee_ioctl_open_session(ctx, uarg);
		break;
	case TEE_IOC_INVOKE:
		rc = tee_ioctl_invoke(ctx, uarg);
		break;
	case TEE_IOC_CANCEL:
		rc = tee_ioctl_cancel(ctx, uarg);
		break;
	case TEE_IOC_CLOSE_SESSION:
		rc = tee_ioctl_close_session(ctx, uarg);
		break;
	case TEE_IOC_SUPPL_RECV:
		rc = tee_ioctl_supp_recv(ctx, uarg);
		break;
	case TEE_IOC_SUPPL_SEND:
		rc = tee_ioctl_supp_send(ctx, uarg);
		break;
	case TEEKIT_IOC_CTX_STATS:
		rc = tee_ioctl_ctx_stats(ctx, uarg);
		break;
	case TEEKIT_IOC_SERVICE_REGISTER:
	case TEEKIT_IOC_SERVICE_UNREGISTER:
	case TEEKIT_IOC_SERVICE_RECV:
	case TEEKIT_IOC_SERVICE_SEND:
		rc = tee_service_ioctl(ctx, cmd, uarg);
		break;
	default:
		/* includes TEE_IOC_OBJECT_INVOKE: no teekit driver has objects */
		rc = -EINVAL;
		break;
	}

	tee_dev_exit(ctx->teedev, idx);
	return rc;
}

static int tee_open(struct inode *inode, struct file *filp)
{
	struct tee_device *teedev;
	struct tee_context *ctx;

	teedev = container_of(inode->i_cdev, struct tee_device, cdev);
	ctx = teedev_open(teedev, false);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	filp->private_data = ctx;
	return 0;
}

static int tee_release(struct inode *inode, struct file *filp)
{
	teedev_close_context(filp->private_data);
	return 0;
}

static const struct file_operations tee_fops = {
	.owner = THIS_MODULE,
	.open = tee_open,
	.release = tee_release,
	.unlocked_ioctl = tee_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* ---------------------------------------------------------------------- */
/* devices */

static void tee_device_release(struct device *dev)
{
	struct tee_device *teedev = container_of(dev, struct tee_device, dev);

	spin_lock(&dev_mask_lock);
	clear_bit(teedev->id, dev_mask);
	spin_unlock(&dev_mask_lock);
	tee_supp_destroy(teedev);
	idr_destroy(&teedev->idr);
	mutex_destroy(&teedev->mutex);
	cleanup_srcu_struct(&teedev->srcu);
	free_percpu(teedev->stats.total_invokes);
	kfree(teedev);
}

/**
 * tee_device_alloc() - allocate a device for a specific driver
 * @desc:	descriptor; copied, but desc->ops must stay valid until
 *		tee_device_unregister() returns
 * @dev:	parent device, may be NULL
 * @pool:	shm pool, NULL for the core's page allocator
 * @driver_data: returned by tee_get_drvdata()
 *
 * Return: the device or an ERR_PTR.
 */
struct tee_device *tee_device_alloc(const struct tee_desc *desc,
				    struct device *dev,
				    struct tee_shm_pool *pool,
				    void *driver_data)
{
	struct tee_device *teedev;
	int offs, id, rc, n;

	if (!desc || !desc->name || !desc->ops || !desc->ops->open ||
	    !desc->ops->release)
		return ERR_PTR(-EINVAL);

	teedev = kzalloc(sizeof(*teedev), GFP_KERNEL);
	if (!teedev)
		return ERR_PTR(-ENOMEM);
	teedev->stats.total_invokes = alloc_percpu(u64);
	if (!teedev->stats.total_invokes) {
		rc = -ENOMEM;
		goto err_free_teedev;
	}

	offs = (desc->flags & TEE_DESC_PRIVILEGED) ? TEE_NUM_DEVICES / 2 : 0;
	spin_lock(&dev_mask_lock);
	id = find_next_zero_bit(dev_mask, offs + TEE_NUM_DEVICES / 2, offs);
	if (id < offs + TEE_NUM_DEVICES / 2)
		set_bit(id, dev_mask);
	spin_unlock(&dev_mask_lock);
	if (id >= offs + TEE_NUM_DEVICES / 2) {
		rc = -ENOMEM;
		goto err_free_teedev;
	}
	teedev->id = id;

	rc = init_srcu_struct(&teedev->srcu);
	if (rc)
		goto err_clear_id;

	teedev->desc = *desc;
	strscpy(teedev->drv_name, desc->name, sizeof(teedev->drv_name));
	teedev->desc.name = teedev->drv_name;
	teedev->pool = pool;
	teedev->drvdata = driver_data;
	snprintf(teedev->name, sizeof(teedev->name), "tee%s%d",
		 offs ? "priv" : "", id - offs);
	mutex_init(&teedev->mutex);
	idr_init(&teedev->idr);
	INIT_LIST_HEAD(&teedev->ctx_list);
	INIT_LIST_HEAD(&teedev->shm_list);
	init_waitqueue_head(&teedev->list_wq);

	if (offs) {
		rc = tee_supp_init(teedev);
		if (rc)
			goto err_destroy;
	}

	teedev->dev.class = tee_class;
	teedev->dev.release = tee_device_release;
	teedev->dev.parent = dev;
	teedev->dev.devt = MKDEV(MAJOR(tee_devt), id);
	for (n = 0; tee_dev_groups[n]; n++)
		teedev->groups[n] = tee_dev_groups[n];
	teedev->dev.groups = teedev->groups;
	rc = dev_set_name(&teedev->dev, "%s", teedev->name);
	if (rc)
		goto err_destroy_supp;

	cdev_init(&teedev->cdev, &tee_fops);
	/*
	 * The cdev belongs to the core, not to desc->owner: open fds must not
	 * pin the driver module (it may go away; the device then is dead).
	 */
	teedev->cdev.owner = THIS_MODULE;
	/* from here on put_device() frees everything via tee_device_release */
	device_initialize(&teedev->dev);
	dev_set_drvdata(&teedev->dev, driver_data);
	return teedev;

err_destroy_supp:
	tee_supp_destroy(teedev);
err_destroy:
	idr_destroy(&teedev->idr);
	mutex_destroy(&teedev->mutex);
	cleanup_srcu_struct(&teedev->srcu);
err_clear_id:
	spin_lock(&dev_mask_lock);
	clear_bit(id, dev_mask);
	spin_unlock(&dev_mask_lock);
err_free_teedev:
	free_percpu(teedev->stats.total_invokes);
	kfree(teedev);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL_GPL(tee_device_alloc);

/**
 * tee_device_set_dev_groups() - add driver sysfs groups to the device
 * @teedev:	allocated, not yet registered
 * @groups:	NULL-terminated; must stay valid until unregister
 *
 * The driver's groups come in addition to the core's attributes.
 *
 * Return: 0, -EINVAL after registration, -E2BIG for too many groups.
 */
int tee_device_set_dev_groups(struct tee_device *teedev,
			      const struct attribute_group **groups)
{
	int n, m;

	if (teedev->flags & TEE_DEVICE_FLAG_REGISTERED)
		return -EINVAL;
	for (n = 0; teedev->groups[n]; n++)
		;
	for (m = 0; groups[m]; m++, n++) {
		if (n >= TEE_MAX_GROUPS)
			return -E2BIG;
		teedev->groups[n] = groups[m];
	}
	return 0;
}
EXPORT_SYMBOL_GPL(tee_device_set_dev_groups);

/**
 * tee_device_register() - make the device node appear
 * @teedev:	from tee_device_alloc()
 *
 * Return: 0, -EINVAL if already registered, or the cdev/device error.
 */
int tee_device_register(struct tee_device *teedev)
{
	int rc;

	if (teedev->flags & TEE_DEVICE_FLAG_REGISTERED) {
		dev_err(&teedev->dev, "attempt to register twice\n");
		return -EINVAL;
	}
	rc = cdev_device_add(&teedev->cdev, &teedev->dev);
	if (rc) {
		dev_err(&teedev->dev, "registration failed: %d\n", rc);
		return rc;
	}
	teedev->flags |= TEE_DEVICE_FLAG_REGISTERED;
	tee_debugfs_add_device(teedev);
	return 0;
}
EXPORT_SYMBOL_GPL(tee_device_register);

void tee_device_unregister(struct tee_device *teedev)
{
	if (!teedev)
		return;

	WRITE_ONCE(teedev->dead, true);
	if (teedev->flags & TEE_DEVICE_FLAG_REGISTERED)
		cdev_device_del(&teedev->cdev, &teedev->dev);
	/* waits for readers of clients, which use teedev */
	tee_debugfs_remove_device(teedev);
	/* fail queued and taken supplicant requests, wake receivers */
	if (teedev->supp)
		tee_supp_kill(teedev);
	/* the same for service daemons' requests and receivers */
	tee_service_kill(teedev);
	/* wait for driver calls that started before @dead was seen */
	synchronize_srcu(&teedev->srcu);
	/* drop the driver's state of everything that still lives */
	tee_device_release_shms(teedev);
	tee_device_release_contexts(teedev);
	put_device(&teedev->dev);
}
EXPORT_SYMBOL_GPL(tee_device_unregister);

void *tee_get_drvdata(struct tee_device *teedev)
{
	return teedev->drvdata;
}
EXPORT_SYMBOL_GPL(tee_get_drvdata);

struct device *tee_device_dev(struct tee_device *teedev)
{
	return &teedev->dev;
}
EXPORT_SYMBOL_GPL(tee_device_dev);

int tee_device_id(struct tee_device *teedev)
{
	return teedev->id;
}
EXPORT_SYMBOL_GPL(tee_device_id);

bool tee_device_is_dead(struct tee_device *teedev)
{
	return READ_ONCE(teedev->dead);
}
EXPORT_SYMBOL_GPL(tee_device_is_dead);

struct class *tee_get_class(void)
{
	return tee_class;
}

static int __init tee_init(void)
{
	int rc;

	/*
	 * A kernel with CONFIG_TEE has upstream's generic driver, tee.ko,
	 * exporting the same symbols and creating the same class. When it is
	 * loaded (or built in) the module loader refuses teekit.ko itself
	 * ("exports duplicate symbol"), before this runs; when it is only
	 * present, refuse here unless told it will stay unloaded.
	 */
	if (IS_ENABLED(CONFIG_TEE) && !tee_replace_kernel_tee) {
		pr_err("not loaded: this kernel has its own TEE subsystem (CONFIG_TEE=%s, tee.ko) with the same symbols and device class; use it, or keep tee.ko unloaded (blacklist it) and load teekit with replace_kernel_tee=1 (docs/kernels.md)\n",
		       IS_BUILTIN(CONFIG_TEE) ? "y" : "m");
		return -EEXIST;
	}
	if (IS_ENABLED(CONFIG_TEE))
		pr_info("replacing the kernel's own TEE subsystem (replace_kernel_tee=1): tee.ko must stay unloaded\n");

	tee_class = teekit_class_create("tee");
	if (IS_ERR(tee_class)) {
		pr_err("cannot create the tee class\n");
		return PTR_ERR(tee_class);
	}

	rc = alloc_chrdev_region(&tee_devt, 0, TEE_NUM_DEVICES, "tee");
	if (rc) {
		pr_err("cannot allocate a chrdev region: %d\n", rc);
		goto err_destroy_class;
	}
	rc = tee_bus_init();
	if (rc) {
		pr_err("cannot register the tee bus: %d\n", rc);
		goto err_unregister_chrdev;
	}
	tee_debugfs_init();
	return 0;

err_unregister_chrdev:
	unregister_chrdev_region(tee_devt, TEE_NUM_DEVICES);
err_destroy_class:
	class_destroy(tee_class);
	return rc;
}

static void __exit tee_exit(void)
{
	tee_debugfs_exit();
	tee_bus_exit();
	unregister_chrdev_region(tee_devt, TEE_NUM_DEVICES);
	class_destroy(tee_class);
}

module_init(tee_init);
module_exit(tee_exit);

MODULE_AUTHOR("teekit");
MODULE_DESCRIPTION("teekit: generic TEE driver");
MODULE_LICENSE("GPL");
MODULE_VERSION(TEEKIT_VERSION);
