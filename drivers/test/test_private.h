/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit_test: private definitions of the test specific driver.
 */
#ifndef TEEKIT_TEST_PRIVATE_H
#define TEEKIT_TEST_PRIVATE_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/tee_core.h>
#include <linux/teekit.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#if !defined(TEEKIT_TEE_CORE_H) || !defined(TEEKIT_UAPI_TEE_H)
#error "built against the kernel tree's TEE headers instead of teekit's"
#endif

enum tktest_op {
	TKTEST_OP_OPEN,
	TKTEST_OP_OPEN_SESSION,
	TKTEST_OP_INVOKE,
	TKTEST_OP_CANCEL,
	TKTEST_OP_CLOSE_SESSION,
	TKTEST_OP_SHM_REGISTER,
	TKTEST_OP_SHM_UNREGISTER,
	TKTEST_OP_SHM_ALLOC,
	TKTEST_OP_SUPP_RECV,
	TKTEST_OP_SUPP_SEND,
	TKTEST_OP_COUNT,
};

/**
 * struct tktest_dev - one instance: a client and a supplicant device
 * @nr:		instance number (debugfs dev<nr>)
 * @link:	in the global instance list (tktest_devs_lock)
 * @client:	/dev/teeN
 * @supp:	/dev/teeprivN
 * @lock:	protects @sessions, @next_session, @waiters
 * @sessions:	struct tktest_sess of all contexts
 * @next_session: next session id (ids start at 1)
 * @waiters:	struct tktest_waiter of calls blocked in the driver
 * @wq:		blocked calls wait here (cancel, timeout, @dying)
 * @dying:	set before unregistering; blocked calls return ENODEV
 * @num_sessions: debugfs dev<nr>/sessions
 * @pending:	debugfs dev<nr>/pending
 * @dir:	debugfs dev<nr>
 */
struct tktest_dev {
	int nr;
	struct list_head link;
	struct tee_device *client;
	struct tee_device *supp;
	struct mutex lock;	/* @sessions, @next_session, @waiters */
	struct list_head sessions;
	struct xarray sess_xa;	/* the same sessions by id; RCU lookup */
	u32 next_session;
	struct list_head waiters;
	wait_queue_head_t wq;
	bool dying;
	atomic_t num_sessions;
	atomic_t pending;
	struct dentry *dir;
};

/**
 * struct tktest_sess - a session of the trivial TEE
 * @link:	in tktest_dev.sessions
 * @ctx:	owning context
 * @id:		session id
 * @ta:		which TA (TKTEST_TA_*)
 * @login:	login method used at open
 * @clnt_uuid:	client UUID the core computed
 */
struct tktest_sess {
	struct list_head link;
	struct rcu_head rcu;
	struct tee_context *ctx;
	u32 id;
	int ta;
	u32 login;
	u8 clnt_uuid[TEE_IOCTL_UUID_LEN];
};

/**
 * struct tktest_waiter - a call blocked in the driver, cancellable
 * @link:	in tktest_dev.waiters
 * @ctx:	caller's context
 * @session:	session (0 for an open)
 * @cancel_id:	the call's cancel_id
 * @cancelled:	set by cancel_req
 */
struct tktest_waiter {
	struct list_head link;
	struct tee_context *ctx;
	u32 session;
	u32 cancel_id;
	bool cancelled;
};

#define TKTEST_TA_ECHO		1
#define TKTEST_TA_SLOW_OPEN	2

/* test_main.c */
int tktest_fail(enum tktest_op op);

/* test_ta.c */
int tktest_open_session(struct tee_context *ctx,
			struct tee_ioctl_open_session_arg *arg,
			struct tee_param *param);
int tktest_invoke(struct tee_context *ctx, struct tee_ioctl_invoke_arg *arg,
		  struct tee_param *param);
int tktest_cancel(struct tee_context *ctx, u32 cancel_id, u32 session);
int tktest_close_session(struct tee_context *ctx, u32 session);
void tktest_release_sessions(struct tee_context *ctx);

#endif /* TEEKIT_TEST_PRIVATE_H */
