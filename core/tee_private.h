/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit core: private definitions shared by the files of teekit.ko.
 */
#ifndef TEEKIT_TEE_PRIVATE_H
#define TEEKIT_TEE_PRIVATE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/srcu.h>
#include <linux/tee_core.h>
#include <linux/types.h>
#include <linux/wait.h>

#if !defined(TEEKIT_TEE_CORE_H) || !defined(TEEKIT_TEE_DRV_H) || \
	!defined(TEEKIT_UAPI_TEE_H)
#error "built against the kernel tree's TEE headers instead of teekit's"
#endif

#define TEE_NUM_DEVICES		32
#define TEE_MAX_DEV_NAME_LEN	32
#define TEE_DESC_NAME_LEN	32
#define TEE_MAX_GROUPS		8

#define TEE_DEVICE_FLAG_REGISTERED	0x1

struct tee_supp;

/**
 * struct tee_stats - per-device counters, shown in sysfs (see tee_stats.c)
 *
 * Gauges go up and down, totals only up.  Atomic, no lock.
 */
struct tee_stats {
	atomic_t contexts;
	atomic_t sessions;
	atomic_t shm_count;
	atomic64_t shm_bytes;
	atomic_t supp_pending;
	atomic64_t total_opens;
	u64 __percpu *total_invokes;	/* per CPU: no shared cache line */
	atomic64_t total_supp_reqs;
	atomic64_t total_supp_timeouts;
	atomic64_t total_limit_hits;
};

/**
 * struct tee_device - a registered device node (teeN or teeprivN)
 *
 * Lifetime: @dev's refcount.  The driver holds one from alloc until
 * unregister; every context and shm holds one.  @dev.release frees it.
 */
struct tee_device {
	char name[TEE_MAX_DEV_NAME_LEN];
	char drv_name[TEE_DESC_NAME_LEN];
	struct tee_desc desc;	/* copy; desc.ops valid only inside srcu */
	int id;
	u32 flags;		/* TEE_DEVICE_FLAG_*, set by register */
	struct device dev;
	struct cdev cdev;
	void *drvdata;
	struct tee_shm_pool *pool;	/* NULL: core page allocator */

	/*
	 * @srcu: every call into the driver's ops runs inside
	 * tee_dev_enter()/tee_dev_exit(); unregister sets @dead and then
	 * synchronize_srcu() waits for the calls already running.
	 */
	struct srcu_struct srcu;
	bool dead;		/* READ_ONCE/WRITE_ONCE; only goes false->true */

	/*
	 * @mutex protects @idr, @ctx_list, @shm_list and, for the objects
	 * on those lists, tee_context.link/drv_released and
	 * tee_shm.link/drv_released.  Lock order: @mutex, then a
	 * tee_context.lock (only tee_debugfs.c nests them).
	 */
	struct mutex mutex;
	struct idr idr;			/* user-visible shm ids */
	struct list_head ctx_list;	/* contexts whose driver state lives */
	struct list_head shm_list;	/* shm whose driver state lives */
	wait_queue_head_t list_wq;	/* woken when the lists shrink */

	/* core groups, then the driver's (tee_device_set_dev_groups) */
	const struct attribute_group *groups[TEE_MAX_GROUPS + 1];

	struct tee_supp *supp;		/* privileged devices only */
	struct tee_stats stats;
	struct dentry *debugfs;		/* teekit/<name>/, see tee_debugfs.c */
};

/**
 * struct tee_session - a session of a context, tracked by the core
 * @link:	in tee_context.sessions, under tee_context.lock
 * @id:		id the driver returned
 */
struct tee_session {
	struct list_head link;
	u32 id;
};

/* module parameters (tee_core.c) */
extern unsigned int tee_max_sessions_per_ctx;
extern unsigned int tee_max_shm_per_ctx;
extern unsigned long tee_max_shm_bytes_per_ctx;
extern unsigned int tee_supp_timeout_ms;

struct class *tee_get_class(void);

/* tee_core.c */
bool tee_dev_enter(struct tee_device *teedev, int *idx);
void tee_dev_exit(struct tee_device *teedev, int idx);
void tee_device_get(struct tee_device *teedev);
void tee_device_put(struct tee_device *teedev);
const struct tee_driver_ops *tee_ops(struct tee_device *teedev);
void tee_get_version(struct tee_device *teedev,
		     struct tee_ioctl_version_data *vers);

/* tee_context.c */
struct tee_context *teedev_open(struct tee_device *teedev, bool is_kernel);
void teedev_close_context(struct tee_context *ctx);
int tee_ctx_open_session(struct tee_context *ctx,
			 struct tee_ioctl_open_session_arg *arg,
			 struct tee_param *params, bool from_user);
int tee_ctx_invoke(struct tee_context *ctx, struct tee_ioctl_invoke_arg *arg,
		   struct tee_param *params);
int tee_ctx_cancel(struct tee_context *ctx, u32 cancel_id, u32 session);
int tee_ctx_close_session(struct tee_context *ctx, u32 session);
int tee_ctx_system_session(struct tee_context *ctx, u32 session);
void tee_device_release_contexts(struct tee_device *teedev);

/* tee_params.c */
void tee_params_put(struct tee_param *params, size_t num);

/* tee_shm.c */
int tee_ioctl_shm_alloc(struct tee_context *ctx,
			struct tee_ioctl_shm_alloc_data __user *uarg);
int tee_ioctl_shm_register(struct tee_context *ctx,
			   struct tee_ioctl_shm_register_data __user *uarg);
void tee_shm_get(struct tee_shm *shm);
void tee_device_release_shms(struct tee_device *teedev);
int tee_shm_charge(struct tee_context *ctx, size_t bytes);
void tee_shm_uncharge(struct tee_context *ctx, size_t bytes);

/* tee_shm_pool.c */
int tee_pool_alloc(struct tee_device *teedev, struct tee_shm *shm,
		   size_t size);
void tee_pool_free(struct tee_shm *shm);

/* tee_supp.c */
int tee_supp_init(struct tee_device *teedev);
void tee_supp_destroy(struct tee_device *teedev);
int tee_supp_attach(struct tee_context *ctx);
void tee_supp_detach(struct tee_context *ctx);
void tee_supp_kill(struct tee_device *teedev);

/* tee_service.c */
bool tee_service_route(struct tee_device *supp_teedev, u32 func,
		       size_t num_params, struct tee_param *param,
		       const bool *aborted, u32 *ret);
void tee_service_wake_posters(void);
void tee_service_release_ctx(struct tee_context *ctx);
void tee_service_kill(struct tee_device *teedev);
long tee_service_ioctl(struct tee_context *ctx, unsigned int cmd,
		       void __user *uarg);

/* tee_login.c */
int tee_login_client_uuid(u32 login, u8 clnt_uuid[TEE_IOCTL_UUID_LEN],
			  bool from_user);

/* tee_stats.c */
extern const struct attribute_group *tee_dev_groups[];

/* tee_debugfs.c */
void tee_debugfs_init(void);
void tee_debugfs_exit(void);

/* tee_bus.c */
int tee_bus_init(void);
void tee_bus_exit(void);
void tee_debugfs_add_device(struct tee_device *teedev);
void tee_debugfs_remove_device(struct tee_device *teedev);

#endif /* TEEKIT_TEE_PRIVATE_H */
