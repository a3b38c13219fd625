// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: client calls (open, invoke, close, cancel) become messages
 * (struct tk_msg_arg) sent as yielding calls through the conduit.  A call
 * that comes back with an RPC is served (sim_rpc.c) and resumed: the RPC
 * loop of an SMC-based driver.
 */
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim_private.h"

static struct tk_msg_arg *arg_new(struct tee_context *ctx, u32 cmd)
{
	struct tk_msg_arg *arg = kzalloc(sizeof(*arg), GFP_KERNEL);

	if (!arg)
		return NULL;
	arg->cmd = cmd;
	arg->ctx = ctx;
	arg->kernel_client = ctx && ctx->supp_nowait;	/* kernel clients */
	init_waitqueue_head(&arg->wq);
	return arg;
}

/* The uid an OPEN_SESSION message carries (struct tksim_msg.func) */
u32 tksim_caller_uid(const struct tk_msg_arg *arg)
{
	if (arg->kernel_client)
		return TKSIM_UID_KERNEL;
	return from_kuid_munged(&init_user_ns, current_euid());
}

/* Run @arg to its end.  0, or -EINTR if the caller was killed */
int tksim_do_call(struct tksim_dev *sd, struct tk_msg_arg *arg)
{
	struct tk_smc_args in = {
		.a0 = TK_SMC_CALL_WITH_ARG,
		.a1 = (unsigned long)arg,
	};
	struct tk_smc_args out;

	for (;;) {
		sd->cd->ops->yield_call(sd->cd, &in, &out);
		if (out.a0 != TK_SMC_RET_RPC)
			break;
		tksim_serve_rpc(sd, arg);
		in.a0 = TK_SMC_RETURN_FROM_RPC;
	}
	if (out.a0 == TK_SMC_RET_ABORTED)
		return -EINTR;
	if (out.a0 != TK_SMC_RET_OK) {
		arg->ret = TEEC_ERROR_COMMUNICATION;
		arg->ret_origin = TEEC_ORIGIN_COMMS;
	}
	return 0;
}

/* Copy the client's params in; false if there are too many */
static bool params_in(struct tk_msg_arg *arg, u32 num, struct tee_param *p)
{
	if (num > TKSIM_MAX_PARAMS)
		return false;
	arg->num_params = num;
	memcpy(arg->params, p, num * sizeof(*p));
	return true;
}

static void params_out(struct tk_msg_arg *arg, struct tee_param *p)
{
	u32 n;

	for (n = 0; n < arg->num_params; n++) {
		switch (p[n].attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
			p[n].u.value = arg->params[n].u.value;
			break;
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
		case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
			p[n].u.memref.size = arg->params[n].u.memref.size;
			break;
		}
	}
}

int tksim_open_session(struct tee_context *ctx,
		       struct tee_ioctl_open_session_arg *oarg,
		       struct tee_param *param)
{
	struct tksim_dev *sd = ctx->data;
	struct tk_msg_arg *arg;
	int rc;

	arg = arg_new(ctx, TKSIM_CMD_OPEN_SESSION);
	if (!arg)
		return -ENOMEM;
	if (!params_in(arg, oarg->num_params, param)) {
		oarg->ret = TEEC_ERROR_BAD_PARAMETERS;
		oarg->ret_origin = TEEC_ORIGIN_COMMS;
		rc = 0;
		goto out_free;
	}
	memcpy(arg->uuid, oarg->uuid, sizeof(arg->uuid));
	memcpy(arg->clnt_uuid, oarg->clnt_uuid, sizeof(arg->clnt_uuid));
	arg->clnt_login = oarg->clnt_login;
	arg->cancel_id = oarg->cancel_id;
	arg->func = tksim_caller_uid(arg);

	rc = tksim_do_call(sd, arg);
	if (rc)
		goto out_free;
	params_out(arg, param);
	oarg->ret = arg->ret;
	oarg->ret_origin = arg->ret_origin;
	if (arg->ret == TEEC_SUCCESS)
		oarg->session = arg->session;
out_free:
	kfree(arg);
	return rc;
}

int tksim_invoke(struct tee_context *ctx, struct tee_ioctl_invoke_arg *iarg,
		 struct tee_param *param)
{
	struct tksim_dev *sd = ctx->data;
	struct tk_msg_arg *arg;
	int rc;

	arg = arg_new(ctx, TKSIM_CMD_INVOKE);
	if (!arg)
		return -ENOMEM;
	if (!params_in(arg, iarg->num_params, param)) {
		iarg->ret = TEEC_ERROR_BAD_PARAMETERS;
		iarg->ret_origin = TEEC_ORIGIN_COMMS;
		rc = 0;
		goto out_free;
	}
	arg->func = iarg->func;
	arg->session = iarg->session;
	arg->cancel_id = iarg->cancel_id;

	rc = tksim_do_call(sd, arg);
	if (rc)
		goto out_free;
	params_out(arg, param);
	iarg->ret = arg->ret;
	iarg->ret_origin = arg->ret_origin;
out_free:
	kfree(arg);
	return rc;
}

int tksim_close_session(struct tee_context *ctx, u32 session)
{
	struct tksim_dev *sd = ctx->data;
	struct tk_msg_arg *arg;
	int rc;

	arg = arg_new(ctx, TKSIM_CMD_CLOSE_SESSION);
	if (!arg)
		return -ENOMEM;
	arg->session = session;
	rc = tksim_do_call(sd, arg);
	kfree(arg);
	return rc;
}

int tksim_cancel(struct tee_context *ctx, u32 cancel_id, u32 session)
{
	struct tksim_dev *sd = ctx->data;
	struct tk_msg_arg *arg;
	int rc;

	arg = arg_new(ctx, TK_MSG_CMD_CANCEL);
	if (!arg)
		return -ENOMEM;
	arg->session = session;
	arg->cancel_id = cancel_id;
	rc = tksim_do_call(sd, arg);
	kfree(arg);
	return rc;
}
