/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit: in-kernel client API of the TEE subsystem.
 *
 * Kernel code (hwrng, trusted keys, ...) talks to trusted applications with
 * these calls.  Names and signatures follow upstream's <linux/tee_drv.h> so
 * upstream in-kernel clients can be rebuilt against teekit.
 */
#ifndef __TEEKIT_TEE_DRV_H
#define __TEEKIT_TEE_DRV_H

#define TEEKIT_TEE_DRV_H 1

#include <linux/device.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/xarray.h>
#include <linux/tee.h>

struct pid;
struct tee_device;

/* GlobalPlatform results and origins that drivers and the core produce */
#define TEEC_SUCCESS			0x00000000
#define TEEC_ERROR_GENERIC		0xFFFF0000
#define TEEC_ERROR_ACCESS_DENIED	0xFFFF0001
#define TEEC_ERROR_CANCEL		0xFFFF0002
#define TEEC_ERROR_BAD_PARAMETERS	0xFFFF0006
#define TEEC_ERROR_ITEM_NOT_FOUND	0xFFFF0008
#define TEEC_ERROR_NOT_SUPPORTED	0xFFFF000A
#define TEEC_ERROR_OUT_OF_MEMORY	0xFFFF000C
#define TEEC_ERROR_BUSY			0xFFFF000D
#define TEEC_ERROR_COMMUNICATION	0xFFFF000E
#define TEEC_ERROR_SECURITY		0xFFFF000F
#define TEEC_ERROR_SHORT_BUFFER		0xFFFF0010
#define TEEC_ERROR_TARGET_DEAD		0xFFFF3024

#define TEEC_ORIGIN_API			1
#define TEEC_ORIGIN_COMMS		2
#define TEEC_ORIGIN_TEE			3
#define TEEC_ORIGIN_TRUSTED_APP		4

/**
 * struct tee_context - one user of a TEE device (an open fd or a kernel
 * client)
 * @teedev:	the device; a reference is held for the context's life
 * @data:	driver private data, set by the driver's open op
 * @refcount:	the fd (or kernel client) and every shm object of the
 *		context hold a reference
 * @releasing:	set once the owner closed it
 * @supp_nowait: supplicant requests fail at once when no supplicant is
 *		attached (kernel clients)
 * @cap_memref_null: TEE_MEMREF_NULL memrefs are accepted
 *
 * The fields after this point are private to the core.
 */
struct tee_context {
	struct tee_device *teedev;
	void *data;
	struct kref refcount;
	bool releasing;
	bool supp_nowait;
	bool cap_memref_null;

	/* private to teekit's core */
	bool is_kernel;
	bool drv_released;	/* driver release() done; teedev->mutex */
	struct list_head link;	/* in teedev->ctx_list; teedev->mutex */
	struct mutex lock;	/* protects sessions, num_sessions, shm_* */
	struct list_head sessions;	/* struct tee_session, see tee_private.h */
	struct xarray sess_xa;	/* the same sessions by id, for O(1) lookup */
	unsigned int num_sessions;	/* open + being opened */
	unsigned int shm_count;
	size_t shm_bytes;
	struct pid *pid;	/* opener's thread group, NULL: kernel client */
	char comm[TASK_COMM_LEN];	/* opener's command name at open */
};

/**
 * struct tee_param_memref - memory reference
 * @shm_offs:	offset of the buffer inside @shm
 * @size:	size of the buffer
 * @shm:	the shared memory object, NULL for TEE_MEMREF_NULL
 */
struct tee_param_memref {
	size_t shm_offs;
	size_t size;
	struct tee_shm *shm;
};

/**
 * struct tee_param_value - value parameter
 * @a:	first value
 * @b:	second value
 * @c:	third value
 */
struct tee_param_value {
	u64 a;
	u64 b;
	u64 c;
};

/**
 * struct tee_param - a parameter as the core hands it to drivers
 * @attr:	TEE_IOCTL_PARAM_ATTR_* (type and META bit)
 * @u:		the memref or the value, according to @attr
 */
struct tee_param {
	u64 attr;
	union {
		struct tee_param_memref memref;
		struct tee_param_value value;
	} u;
};

/* shm flags (struct tee_shm.flags) */
#define TEE_SHM_DYNAMIC		BIT(0)	/* pages not from a carveout */
#define TEE_SHM_USER_MAPPED	BIT(1)	/* registered user memory */
#define TEE_SHM_POOL		BIT(2)	/* allocated by the core / a pool */
#define TEE_SHM_PRIV		BIT(3)	/* driver private, no id */
#define TEE_SHM_KERNEL		BIT(5)	/* registered kernel memory */

/**
 * struct tee_shm - shared memory object
 * @ctx:	owning context (reference held)
 * @paddr:	physical address when physically contiguous, else 0
 * @kaddr:	kernel address of the memory, NULL for registered user memory
 * @size:	size in bytes of the buffer
 * @offset:	offset of the buffer in its first page
 * @pages:	the pages backing the buffer
 * @num_pages:	number of entries in @pages
 * @refcount:	references; the last put frees the object
 * @flags:	TEE_SHM_*
 * @id:		user-visible id (>= 1) or -1
 * @sec_world_id: for the driver's use
 * @priv:	for the driver's use (set by its shm hooks)
 *
 * Fields after @priv are private to the core.
 */
struct tee_shm {
	struct tee_context *ctx;
	phys_addr_t paddr;
	void *kaddr;
	size_t size;
	unsigned int offset;
	struct page **pages;
	size_t num_pages;
	struct kref refcount;
	u32 flags;
	int id;
	u64 sec_world_id;
	void *priv;

	/* private to teekit's core */
	struct tee_device *teedev;
	bool drv_released;	/* driver hook undone; teedev->mutex */
	bool counted;		/* charged to ctx limits/counters */
	struct list_head link;	/* in teedev->shm_list; teedev->mutex */
	struct tee_shm_pool *pool;
};

/**
 * struct tee_ioctl_version_data is reused by kernel clients.
 *
 * tee_client_open_context() - open a context on the first matching device
 * @start:	NULL, or a context whose device is skipped together with all
 *		devices before it
 * @match:	called with each device's version data; non-zero selects it
 * @data:	passed to @match
 * @vers:	if not NULL, receives the chosen device's version data
 *
 * Return: the context, or ERR_PTR(-ENOENT) if no device matched.
 */
struct tee_context *
tee_client_open_context(struct tee_context *start,
			int (*match)(struct tee_ioctl_version_data *, const void *),
			const void *data, struct tee_ioctl_version_data *vers);
void tee_client_close_context(struct tee_context *ctx);
void tee_client_get_version(struct tee_context *ctx,
			    struct tee_ioctl_version_data *vers);
int tee_client_open_session(struct tee_context *ctx,
			    struct tee_ioctl_open_session_arg *arg,
			    struct tee_param *param);
int tee_client_close_session(struct tee_context *ctx, u32 session);
int tee_client_system_session(struct tee_context *ctx, u32 session);
int tee_client_invoke_func(struct tee_context *ctx,
			   struct tee_ioctl_invoke_arg *arg,
			   struct tee_param *param);
int tee_client_cancel_req(struct tee_context *ctx,
			  struct tee_ioctl_cancel_arg *arg);

struct tee_shm *tee_shm_alloc_kernel_buf(struct tee_context *ctx, size_t size);
struct tee_shm *tee_shm_register_kernel_buf(struct tee_context *ctx,
					    void *addr, size_t length);
void tee_shm_free(struct tee_shm *shm);
void tee_shm_put(struct tee_shm *shm);
struct tee_shm *tee_shm_get_from_id(struct tee_context *ctx, int id);
void *tee_shm_get_va(struct tee_shm *shm, size_t offs);
int tee_shm_get_pa(struct tee_shm *shm, size_t offs, phys_addr_t *pa);

static inline size_t tee_shm_get_size(struct tee_shm *shm)
{
	return shm->size;
}

static inline struct page **tee_shm_get_pages(struct tee_shm *shm,
					      size_t *num_pages)
{
	*num_pages = shm->num_pages;
	return shm->pages;
}

static inline size_t tee_shm_get_page_offset(struct tee_shm *shm)
{
	return shm->offset;
}

static inline int tee_shm_get_id(struct tee_shm *shm)
{
	return shm->id;
}

static inline bool tee_param_is_memref(struct tee_param *param)
{
	switch (param->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK) {
	case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT:
	case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
	case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
		return true;
	default:
		return false;
	}
}

int tee_session_calc_client_uuid(uuid_t *uuid, u32 connection_method,
				 const u8 connection_data[TEE_IOCTL_UUID_LEN]);

/* ---- the TEE bus (docs/tee-bus.md), upstream's names ---- */

/**
 * struct tee_client_device - a trusted application kernel drivers bind to
 * @id:		its UUID (struct tee_client_device_id of mod_devicetable.h)
 * @dev:	on tee_bus_type; its parent is the TEE's device
 */
struct tee_client_device {
	struct tee_client_device_id id;
	struct device dev;
};

#define to_tee_client_device(d) container_of(d, struct tee_client_device, dev)

/**
 * struct tee_client_driver - a kernel driver of trusted applications
 * @id_table:	the UUIDs it binds to, ending with a nil UUID
 * @driver:	probe/remove take the struct device of a tee_client_device
 */
struct tee_client_driver {
	const struct tee_client_device_id *id_table;
	struct device_driver driver;
};

#define to_tee_client_driver(d) \
	container_of(d, struct tee_client_driver, driver)

extern struct bus_type tee_bus_type;

int __tee_client_driver_register(struct tee_client_driver *tee_driver,
				 struct module *owner);
#define tee_client_driver_register(drv) \
	__tee_client_driver_register(drv, THIS_MODULE)
void tee_client_driver_unregister(struct tee_client_driver *tee_driver);

#define module_tee_client_driver(__tee_client_driver) \
	module_driver(__tee_client_driver, tee_client_driver_register, \
		      tee_client_driver_unregister)

/*
 * For specific drivers (teekit's own): add a device named
 * "<prefix>-ta-<uuid>" under @parent, binding any driver whose table
 * holds @uuid; remove it (unbinding the driver first). Both sleep.
 */
struct tee_client_device *tee_client_device_add(struct device *parent,
						const uuid_t *uuid,
						const char *prefix);
void tee_client_device_remove(struct tee_client_device *tcdev);
/* a kernel context on this very device (not the first matching one) */
struct tee_context *tee_client_open_device_context(struct tee_device *teedev);

#endif /* __TEEKIT_TEE_DRV_H */
