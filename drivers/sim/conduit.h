/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit: the monitor conduit interface (seed 002).
 *
 * A specific driver reaches its secure world with calls shaped like the
 * Arm SMC Calling Convention: a function id in a0, arguments in a1..a7,
 * results in the same registers.  Fast calls return at once; yielding
 * calls carry a message (struct tk_msg_arg) and may come back with an RPC
 * request, which the driver serves before resuming the call with
 * TK_SMC_RETURN_FROM_RPC.  The sim conduit (sim_conduit.c) carries the
 * calls to the user-space emulator; an arm64 conduit would issue the SMC
 * instruction and pass the message's physical address instead of its
 * kernel address.
 */
#ifndef TEEKIT_SIM_CONDUIT_H
#define TEEKIT_SIM_CONDUIT_H

#include <linux/tee_core.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/teekit_sim.h>

/* Function ids: SMC32, owner 50 (Trusted OS); bit 31 set = fast call */
#define TK_SMC_FAST_GET_REVISION	0xb2000001
#define TK_SMC_FAST_EXCHANGE_CAPS	0xb2000002
#define TK_SMC_RETURN_FROM_RPC		0x32000003	/* a1: message */
#define TK_SMC_CALL_WITH_ARG		0x32000004	/* a1: message */

/* Return codes in a0 */
#define TK_SMC_RET_OK			0x0
#define TK_SMC_RET_ENOTAVAIL		0x1	/* no secure world attached */
#define TK_SMC_RET_EBADCMD		0x2	/* unknown function id */
#define TK_SMC_RET_ABORTED		0x3	/* caller got a fatal signal */
#define TK_SMC_RET_RPC			0xffff0000 /* serve arg->rpc, resume */

/* Message commands (struct tk_msg_arg.cmd) beyond TKSIM_CMD_* */
#define TK_MSG_CMD_CANCEL		3

/**
 * struct tk_rpc_arg - an RPC request of the secure world, and its result
 * @cmd:	TKSIM_RPC_*
 * @ret:	result (TEEC_*), set by the driver
 * @num_params:	parameters used
 * @params:	values, and memrefs resolved to shm objects by the conduit
 *		(a reference is held while the RPC is served)
 * @shm:	SHM_ALLOC: the object the driver allocated (the reference
 *		passes to the conduit); SHM_FREE: the object to free (the
 *		reference passes to the driver)
 * @ret_origin:	TA_*: origin of @ret, set by the driver
 * @func, @session, @uuid: TA_*: as in struct tksim_msg (@session is
 *		set by the driver on a successful TA_OPEN)
 * @caller:	TA_*: instance id of the channel asking (0: the OS)
 * @caller_uuid: TA_*: that instance's TA UUID
 * @flags:	TA_OPEN/TA_INVOKE: TKSIM_RPC_F_*
 * @timeout_ms:	TA_OPEN/TA_INVOKE with TKSIM_RPC_F_TIMEOUT: cancel the
 *		nested call after this long
 */
struct tk_rpc_arg {
	u32 cmd;
	u32 ret;
	u32 num_params;
	struct tee_param params[TKSIM_MAX_PARAMS];
	struct tee_shm *shm;
	u32 ret_origin;
	u32 func;
	u32 session;
	u8 uuid[TEE_IOCTL_UUID_LEN];
	u32 caller;
	u8 caller_uuid[TEE_IOCTL_UUID_LEN];
	u32 flags;
	u32 timeout_ms;
};

/**
 * struct tk_msg_arg - the message of a yielding call (OP-TEE's msg arg
 * in spirit): written by the driver, answered in place by the secure world
 * @cmd:	TKSIM_CMD_* or TK_MSG_CMD_CANCEL
 * @func:	INVOKE: the command; OPEN_SESSION: the caller's uid (ABI 4)
 * @session, @cancel_id, @clnt_login, @uuid, @clnt_uuid: as in
 *		struct tksim_msg
 * @ret:	[out] TEEC result
 * @ret_origin:	[out] TEEC_ORIGIN_*
 * @num_params:	parameters used
 * @params:	the client's parameters; outputs are written in place
 * @ctx:	the calling context (for supplicant requests and cancel)
 * @kernel_client: @ctx is a kernel client
 * @cancelled:	set by a cancel of this call (under the conduit's lock)
 * @wq:		woken on cancel (an RPC sleep waits here)
 * @rpc:	filled when the call returns TK_SMC_RET_RPC
 * @conduit_priv: the conduit's state of the call
 * @caller:	instance id of the TA on whose behalf the driver makes a
 *		TA-to-TA call; 0 for a client's call
 * @depth:	TA-to-TA nesting level (0 for a client's call)
 * @parent:	TA-to-TA: the call on whose behalf this one runs (it stays
 *		alive until this one ended)
 * @cancel_from_parent: a cancel of @parent reaches this call (the calling
 *		TA had its cancellation unmasked)
 * @nested:	the TA-to-TA call running on behalf of this one, set and
 *		cleared by the conduit under its lock
 * @target:	TK_MSG_CMD_CANCEL: cancel exactly this message (a nested
 *		call whose timeout elapsed) instead of matching @ctx,
 *		@cancel_id and @session; it must stay alive meanwhile
 */
struct tk_msg_arg {
	u32 cmd;
	u32 func;
	u32 session;
	u32 cancel_id;
	u32 clnt_login;
	u8 uuid[TEE_IOCTL_UUID_LEN];
	u8 clnt_uuid[TEE_IOCTL_UUID_LEN];
	u32 ret;
	u32 ret_origin;
	u32 num_params;
	struct tee_param params[TKSIM_MAX_PARAMS];
	struct tee_context *ctx;
	bool kernel_client;
	bool cancelled;
	wait_queue_head_t wq;
	struct tk_rpc_arg rpc;
	void *conduit_priv;
	u32 caller;
	u32 depth;
	struct tk_msg_arg *parent;
	bool cancel_from_parent;
	struct tk_msg_arg *nested;
	struct tk_msg_arg *target;
};

/**
 * struct tk_smc_args - the registers of one call
 * @a0:	function id in, return code out
 * @a1:	first argument / result ...
 * @a2:	...
 * @a3:	...
 * @a4:	...
 * @a5:	...
 * @a6:	...
 * @a7:	...
 */
struct tk_smc_args {
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
};

struct tk_conduit;

/**
 * struct tk_conduit_ops - how calls reach the secure world
 * @fast_call:	 run a fast call; never sleeps
 * @yield_call:	 run a yielding call (CALL_WITH_ARG or RETURN_FROM_RPC,
 *		 a1 = message); sleeps until the secure world answers, asks
 *		 for an RPC (a0 = TK_SMC_RET_RPC), or the caller is killed
 *		 (a0 = TK_SMC_RET_ABORTED).  A secure world that dies
 *		 answers the message with an error itself.
 * @shm_gone:	 optional; the shm object is being freed: withdraw every
 *		 mapping of it
 */
struct tk_conduit_ops {
	void (*fast_call)(struct tk_conduit *cd, const struct tk_smc_args *in,
			  struct tk_smc_args *out);
	void (*yield_call)(struct tk_conduit *cd, const struct tk_smc_args *in,
			   struct tk_smc_args *out);
	void (*shm_gone)(struct tk_conduit *cd, struct tee_shm *shm);
};

/**
 * struct tk_conduit - a conduit instance
 * @ops:	its operations
 * @priv:	the conduit's state
 */
struct tk_conduit {
	const struct tk_conduit_ops *ops;
	void *priv;
};

#endif /* TEEKIT_SIM_CONDUIT_H */
