/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit: interface between the generic TEE driver (teekit.ko) and the
 * specific drivers that plug into it.  See docs/driver-api.md.
 */
#ifndef __TEEKIT_TEE_CORE_H
#define __TEEKIT_TEE_CORE_H

#define TEEKIT_TEE_CORE_H 1

#include <linux/tee_drv.h>
#include <linux/teekit_version.h>	/* TEEKIT_VERSION, for MODULE_VERSION */

struct tee_device;
struct tee_shm_pool;

/* tee_desc.flags */
#define TEE_DESC_PRIVILEGED	0x1	/* supplicant device (teeprivN) */

/**
 * struct tee_driver_ops - operations of a specific driver
 *
 * Each op mirrors one ioctl.  The core has validated and converted every
 * argument before calling an op: parameters have legal types, memrefs
 * reference shm objects of @ctx (a reference is held for the call) and lie
 * inside them, session ids belong to @ctx.  An op left NULL makes the
 * matching ioctl fail with EINVAL (SHM_REGISTER: ENOTSUPP).
 *
 * @get_version:  optional; fill @vers.  Without it the core reports
 *		  tee_desc.impl.  The core ORs TEE_GEN_CAP_PRIVILEGED itself.
 * @open:	  required; a context is created (set ctx->data here)
 * @close_context: optional; the owner closed the context (fd close); the
 *		  core has already closed its sessions through @close_session
 * @release:	  required; free everything of @ctx.  Called once, either
 *		  when the last reference goes or at unregister time.
 * @open_session: on return 0, arg->ret says whether a session was opened;
 *		  if arg->ret == TEEC_SUCCESS, arg->session is its id and the
 *		  core starts tracking it.  arg->clnt_uuid already holds the
 *		  client identity the core computed from arg->clnt_login.
 * @close_session: close a session the core took off the context's list
 * @system_session: optional; reserve a TEE thread for the session
 * @invoke_func:  invoke a command; result in arg->ret/ret_origin
 * @cancel_req:	  cancel the call tagged @cancel_id (session 0: an open)
 * @supp_recv:	  SUPPL_RECV; normally tee_supp_recv()
 * @supp_send:	  SUPPL_SEND; normally tee_supp_send()
 * @shm_register: registered memory: @pages (pinned) start at user or
 *		  kernel address @start
 * @shm_unregister: undo @shm_register
 * @shm_alloc:	  optional hook after the core allocated pool memory for
 *		  @shm (SHM_ALLOC, tee_shm_alloc_kernel_buf); failure frees it
 * @shm_free:	  optional hook undoing @shm_alloc
 *
 * Calls may run concurrently, also on one context.  No op is called after
 * tee_device_unregister() returned.
 */
struct tee_driver_ops {
	void (*get_version)(struct tee_device *teedev,
			    struct tee_ioctl_version_data *vers);
	int (*open)(struct tee_context *ctx);
	void (*close_context)(struct tee_context *ctx);
	void (*release)(struct tee_context *ctx);
	int (*open_session)(struct tee_context *ctx,
			    struct tee_ioctl_open_session_arg *arg,
			    struct tee_param *param);
	int (*close_session)(struct tee_context *ctx, u32 session);
	int (*system_session)(struct tee_context *ctx, u32 session);
	int (*invoke_func)(struct tee_context *ctx,
			   struct tee_ioctl_invoke_arg *arg,
			   struct tee_param *param);
	int (*cancel_req)(struct tee_context *ctx, u32 cancel_id, u32 session);
	int (*supp_recv)(struct tee_context *ctx, u32 *func, u32 *num_params,
			 struct tee_param *param);
	int (*supp_send)(struct tee_context *ctx, u32 ret, u32 num_params,
			 struct tee_param *param);
	int (*shm_register)(struct tee_context *ctx, struct tee_shm *shm,
			    struct page **pages, size_t num_pages,
			    unsigned long start);
	int (*shm_unregister)(struct tee_context *ctx, struct tee_shm *shm);
	int (*shm_alloc)(struct tee_context *ctx, struct tee_shm *shm);
	void (*shm_free)(struct tee_context *ctx, struct tee_shm *shm);
};

/**
 * struct tee_impl_desc - what the driver implements (seed 002)
 * @impl_id:	TEE_IMPL_ID_* (or TEEKIT_IMPL_ID_TEST)
 * @impl_caps:	implementation specific capability bits
 * @gen_caps:	TEE_GEN_CAP_* (without PRIVILEGED, the core adds it)
 * @version:	driver/protocol version, shown in sysfs
 */
struct tee_impl_desc {
	u32 impl_id;
	u32 impl_caps;
	u32 gen_caps;
	u32 version;
};

/**
 * struct tee_desc - describes a specific driver's device
 * @name:	driver name, shown in sysfs
 * @ops:	the operations
 * @owner:	module of the driver
 * @flags:	TEE_DESC_*
 * @impl:	implementation id, version and capabilities
 */
struct tee_desc {
	const char *name;
	const struct tee_driver_ops *ops;
	struct module *owner;
	u32 flags;
	struct tee_impl_desc impl;
};

/**
 * struct tee_shm_pool_ops - a pool of shared memory owned by a driver
 * @alloc:	fill shm->kaddr, paddr, pages/num_pages for @size bytes
 *		(already page aligned) with alignment @align
 * @free:	give the memory of @shm back
 * @destroy_pool: free the pool
 *
 * The driver module is pinned while memory of its pool is alive (it may
 * be mapped by a process long after unregister).
 */
struct tee_shm_pool_ops {
	int (*alloc)(struct tee_shm_pool *pool, struct tee_shm *shm,
		     size_t size, size_t align);
	void (*free)(struct tee_shm_pool *pool, struct tee_shm *shm);
	void (*destroy_pool)(struct tee_shm_pool *pool);
};

/**
 * struct tee_shm_pool - shared memory pool
 * @ops:	operations
 * @owner:	module implementing @ops
 * @private_data: for the pool's owner
 */
struct tee_shm_pool {
	const struct tee_shm_pool_ops *ops;
	struct module *owner;
	void *private_data;
};

/*
 * Device life cycle: alloc -> register -> unregister.  Pass pool NULL to
 * use the core's page allocator (recommended: drivers can then be unloaded
 * while processes still map their memory).  tee_device_alloc() returns
 * ERR_PTR(-EINVAL) for an incomplete desc, ERR_PTR(-ENOMEM) when the 16
 * ids of that kind are taken.
 */
struct tee_device *tee_device_alloc(const struct tee_desc *desc,
				    struct device *dev,
				    struct tee_shm_pool *pool,
				    void *driver_data);
int tee_device_register(struct tee_device *teedev);
/*
 * Unregister (or free an unregistered device).  Marks the device dead:
 * new calls fail with ENODEV, supplicant requests fail with
 * TEEC_ERROR_COMMUNICATION.  Waits only for driver ops already running,
 * so the driver must make its own blocking ops return (see
 * docs/driver-api.md).  Releases every context's driver state, then drops
 * the driver's reference; the core frees the rest when the last user goes.
 */
void tee_device_unregister(struct tee_device *teedev);
void *tee_get_drvdata(struct tee_device *teedev);
struct device *tee_device_dev(struct tee_device *teedev);
int tee_device_id(struct tee_device *teedev);
bool tee_device_is_dead(struct tee_device *teedev);
int tee_device_set_dev_groups(struct tee_device *teedev,
			      const struct attribute_group **groups);

void teedev_ctx_get(struct tee_context *ctx);
void teedev_ctx_put(struct tee_context *ctx);

struct tee_shm_pool *tee_shm_pool_alloc_pages(void);
void tee_shm_pool_free(struct tee_shm_pool *pool);

/* Driver-private shm (id -1) from the core allocator, e.g. message buffers */
struct tee_shm *tee_shm_alloc_priv_buf(struct tee_context *ctx, size_t size);

/*
 * Supplicant queue.  Every privileged device (TEE_DESC_PRIVILEGED) owns one
 * queue; the first opener of the device is its supplicant (a second open
 * gets EBUSY until it closes).
 *
 * tee_supp_thrd_req() posts a request and waits for the answer:
 *   @supp_teedev: the privileged device whose supplicant should answer
 *   @ctx:	   the context on whose behalf the request is made (its
 *		   supp_nowait decides whether a missing supplicant fails at
 *		   once); may be NULL
 *   @func:	   request code shown to the supplicant
 *   @num_params, @param: the request's parameters; memrefs must reference
 *		   shm objects of the supplicant's context (the supplicant
 *		   sees their ids).  Output values and memref sizes are
 *		   updated in place.
 * Returns the supplicant's u32 result, or TEEC_ERROR_COMMUNICATION if no
 * supplicant answered (none within supp_timeout_ms, it died holding the
 * request, the caller got a fatal signal, the device was unregistered) and
 * TEEC_ERROR_BAD_PARAMETERS for a malformed request.
 *
 * tee_supp_call() is the same for a request made outside a client call
 * (e.g. in a thread of the secure world itself, on behalf of a client
 * that sleeps meanwhile): the poster says in @w where to post and whether
 * a missing supplicant fails at once, and any thread may end the wait
 * with tee_supp_abort(@w) (the client went away): the request is then
 * withdrawn and the result is TEEC_ERROR_COMMUNICATION.  @w must stay
 * valid until tee_supp_call() returned and every tee_supp_abort() of it
 * ended; tee_supp_abort() takes no lock and may be called under the
 * driver's own locks, also before tee_supp_call() starts (which then fails
 * at once).
 *
 * tee_supp_recv()/tee_supp_send() implement SUPPL_RECV/SUPPL_SEND over the
 * queue; a driver sets them as (or calls them from) its supp_recv/supp_send
 * ops.
 */
u32 tee_supp_thrd_req(struct tee_device *supp_teedev, struct tee_context *ctx,
		      u32 func, size_t num_params, struct tee_param *param);

/**
 * struct tee_supp_waiter - a supplicant request made outside a client call
 * @supp_teedev: the privileged device whose supplicant should answer
 * @nowait:	fail at once when no supplicant is attached (kernel clients)
 * @aborted:	set by tee_supp_abort(); read by the poster
 * @only:	if set, only this supplicant context may answer: the request
 *		fails (TEEC_ERROR_COMMUNICATION) if another one is attached
 *		when it is posted, or if this one goes away before taking it.
 *		For requests that name its objects by id (SHM_FREE); the
 *		caller holds a reference to it meanwhile.
 */
struct tee_supp_waiter {
	struct tee_device *supp_teedev;
	bool nowait;
	bool aborted;
	struct tee_context *only;
};

static inline void tee_supp_waiter_init(struct tee_supp_waiter *w,
					struct tee_device *supp_teedev,
					bool nowait)
{
	w->supp_teedev = supp_teedev;
	w->nowait = nowait;
	w->aborted = false;
	w->only = NULL;
}

u32 tee_supp_call(struct tee_supp_waiter *w, u32 func, size_t num_params,
		  struct tee_param *param);
void tee_supp_abort(struct tee_supp_waiter *w);
int tee_supp_recv(struct tee_context *ctx, u32 *func, u32 *num_params,
		  struct tee_param *param);
int tee_supp_send(struct tee_context *ctx, u32 ret, u32 num_params,
		  struct tee_param *param);
/* The current supplicant context of @supp_teedev with a reference, or NULL */
struct tee_context *tee_supp_get_ctx(struct tee_device *supp_teedev);

#endif /* __TEEKIT_TEE_CORE_H */
