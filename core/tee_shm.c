// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: shared memory objects.
 *
 * References (kref in struct tee_shm), each get paired with a put:
 *  - the creator (ioctl or kernel caller) until it returns / frees it;
 *  - each shm fd (anon inode "tee_shm"), dropped at file release; an
 *    mmap() holds the file, hence the object, until munmap;
 *  - each memref parameter of a call in flight (tee_params_put());
 *  - drivers that keep an object (tee_shm_get_from_id()/tee_shm_put()).
 * An shm holds a reference on its context and on the device.
 */
#define pr_fmt(fmt) "teekit: " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/teekit_compat.h>

#include "tee_private.h"

/**
 * tee_shm_charge() - account @bytes and one object to @ctx
 * @ctx:	the owner
 * @bytes:	size of the new object
 *
 * Return: 0, -EMFILE over max_shm_per_ctx, -ENOSPC over
 * max_shm_bytes_per_ctx.
 */
int tee_shm_charge(struct tee_context *ctx, size_t bytes)
{
	unsigned long max_bytes = READ_ONCE(tee_max_shm_bytes_per_ctx);
	unsigned int max_count = READ_ONCE(tee_max_shm_per_ctx);
	const char *param = NULL;
	int rc = 0;

	mutex_lock(&ctx->lock);
	if (max_count && ctx->shm_count >= max_count) {
		rc = -EMFILE;
		param = "max_shm_per_ctx";
	} else if (max_bytes && (bytes > max_bytes ||
				 ctx->shm_bytes > max_bytes - bytes)) {
		rc = -ENOSPC;
		param = "max_shm_bytes_per_ctx";
	} else {
		ctx->shm_count++;
		ctx->shm_bytes += bytes;
	}
	mutex_unlock(&ctx->lock);

	if (rc) {
		atomic64_inc(&ctx->teedev->stats.total_limit_hits);
		pr_info_ratelimited("%s: shared memory limit reached; raise module parameter %s\n",
				    ctx->teedev->name, param);
		return rc;
	}
	atomic_inc(&ctx->teedev->stats.shm_count);
	atomic64_add(bytes, &ctx->teedev->stats.shm_bytes);
	return 0;
}

void tee_shm_uncharge(struct tee_context *ctx, size_t bytes)
{
	mutex_lock(&ctx->lock);
	ctx->shm_count--;
	ctx->shm_bytes -= bytes;
	mutex_unlock(&ctx->lock);
	atomic_dec(&ctx->teedev->stats.shm_count);
	atomic64_sub(bytes, &ctx->teedev->stats.shm_bytes);
}

/* Undo the driver side of @shm: registration or allocation hook. */
static void tee_shm_drv_release(struct tee_shm *shm)
{
	const struct tee_driver_ops *ops = tee_ops(shm->teedev);
	struct tee_device *teedev = shm->teedev;

	if (shm->flags & (TEE_SHM_USER_MAPPED | TEE_SHM_KERNEL)) {
		if (ops->shm_unregister)
			ops->shm_unregister(shm->ctx, shm);
	} else if (ops->shm_free) {
		ops->shm_free(shm->ctx, shm);
	}
	mutex_lock(&teedev->mutex);
	list_del_init(&shm->link);
	mutex_unlock(&teedev->mutex);
	wake_up_all(&teedev->list_wq);
}

static void tee_shm_release_pages(struct tee_shm *shm)
{
	size_t n;

	if (shm->flags & TEE_SHM_USER_MAPPED) {
		unpin_user_pages(shm->pages, shm->num_pages);
		kvfree(shm->pages);
	} else if (shm->flags & TEE_SHM_KERNEL) {
		for (n = 0; n < shm->num_pages; n++)
			put_page(shm->pages[n]);
		kvfree(shm->pages);
	} else if (shm->flags & TEE_SHM_POOL) {
		tee_pool_free(shm);
	}
}

static void tee_shm_release(struct kref *ref)
{
	struct tee_shm *shm = container_of(ref, struct tee_shm, refcount);
	struct tee_device *teedev = shm->teedev;
	struct tee_context *ctx = shm->ctx;
	bool claim;

	mutex_lock(&teedev->mutex);
	if (shm->id > 0)
		idr_remove(&teedev->idr, shm->id);
	/* see tee_ctx_release() for the claim protocol with unregister */
	claim = !list_empty(&shm->link) && !shm->drv_released;
	shm->drv_released = true;
	mutex_unlock(&teedev->mutex);
	if (claim)
		tee_shm_drv_release(shm);

	tee_shm_release_pages(shm);
	if (shm->counted)
		tee_shm_uncharge(ctx, shm->size);
	kfree(shm);
	teedev_ctx_put(ctx);
	tee_device_put(teedev);
}

void tee_shm_get(struct tee_shm *shm)
{
	kref_get(&shm->refcount);
}

/**
 * tee_shm_put() - drop a reference
 * @shm:	the object; the last put frees it
 */
void tee_shm_put(struct tee_shm *shm)
{
	kref_put(&shm->refcount, tee_shm_release);
}
EXPORT_SYMBOL_GPL(tee_shm_put);

/* The creator's reference of a kernel buffer */
void tee_shm_free(struct tee_shm *shm)
{
	tee_shm_put(shm);
}
EXPORT_SYMBOL_GPL(tee_shm_free);

/**
 * tee_shm_get_from_id() - find a user-visible shm of @ctx
 * @ctx:	the context the id must belong to
 * @id:		the id
 *
 * Return: the object with a reference, or ERR_PTR(-EINVAL) when the id is
 * unknown, still being built, being freed, or owned by another context.
 */
struct tee_shm *tee_shm_get_from_id(struct tee_context *ctx, int id)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_shm *shm;

	if (id <= 0)
		return ERR_PTR(-EINVAL);
	mutex_lock(&teedev->mutex);
	shm = idr_find(&teedev->idr, id);
	if (!shm || shm->ctx != ctx || !kref_get_unless_zero(&shm->refcount))
		shm = ERR_PTR(-EINVAL);
	mutex_unlock(&teedev->mutex);
	return shm;
}
EXPORT_SYMBOL_GPL(tee_shm_get_from_id);

void *tee_shm_get_va(struct tee_shm *shm, size_t offs)
{
	if (!shm->kaddr)
		return ERR_PTR(-EINVAL);
	if (offs >= shm->size)
		return ERR_PTR(-EINVAL);
	return (char *)shm->kaddr + offs;
}
EXPORT_SYMBOL_GPL(tee_shm_get_va);

int tee_shm_get_pa(struct tee_shm *shm, size_t offs, phys_addr_t *pa)
{
	size_t pos = shm->offset + offs;

	if (offs >= shm->size || !shm->pages)
		return -EINVAL;
	if (pa)
		*pa = page_to_phys(shm->pages[pos >> PAGE_SHIFT]) +
		      offset_in_page(pos);
	return 0;
}
EXPORT_SYMBOL_GPL(tee_shm_get_pa);

/* ---------------------------------------------------------------------- */

static struct tee_shm *tee_shm_new(struct tee_context *ctx, u32 flags)
{
	struct tee_shm *shm;

	shm = kzalloc(sizeof(*shm), GFP_KERNEL);
	if (!shm)
		return NULL;
	kref_init(&shm->refcount);
	shm->ctx = ctx;
	shm->teedev = ctx->teedev;
	shm->flags = flags;
	shm->id = -1;
	INIT_LIST_HEAD(&shm->link);
	teedev_ctx_get(ctx);
	tee_device_get(ctx->teedev);
	return shm;
}

/* Reserve an id (NULL placeholder: lookups fail until published). */
static int tee_shm_reserve_id(struct tee_shm *shm)
{
	struct tee_device *teedev = shm->teedev;
	int id;

	mutex_lock(&teedev->mutex);
	id = idr_alloc(&teedev->idr, NULL, 1, 0, GFP_KERNEL);
	mutex_unlock(&teedev->mutex);
	if (id < 0)
		return id == -ENOSPC ? -ENOMEM : id;
	shm->id = id;
	return 0;
}

/* Make @shm findable by id and by unregister. */
static void tee_shm_publish(struct tee_shm *shm)
{
	struct tee_device *teedev = shm->teedev;

	mutex_lock(&teedev->mutex);
	if (shm->id > 0)
		idr_replace(&teedev->idr, shm, shm->id);
	list_add_tail(&shm->link, &teedev->shm_list);
	mutex_unlock(&teedev->mutex);
}

/*
 * Build a pool-backed object of @size bytes (rounded to pages).  Called
 * inside tee_dev_enter().
 */
static struct tee_shm *tee_shm_alloc_common(struct tee_context *ctx,
					    size_t size, bool with_id,
					    u32 extra_flags)
{
	const struct tee_driver_ops *ops = tee_ops(ctx->teedev);
	struct tee_shm *shm;
	int rc;

	if (!size || size > SIZE_MAX - PAGE_SIZE)
		return ERR_PTR(-EINVAL);
	size = PAGE_ALIGN(size);

	shm = tee_shm_new(ctx, TEE_SHM_POOL | extra_flags);
	if (!shm)
		return ERR_PTR(-ENOMEM);

	rc = tee_shm_charge(ctx, size);
	if (rc)
		goto err_put;
	shm->counted = true;
	shm->size = size;

	if (with_id) {
		rc = tee_shm_reserve_id(shm);
		if (rc)
			goto err_put;
	}

	rc = tee_pool_alloc(ctx->teedev, shm, size);
	if (rc) {
		shm->flags &= ~TEE_SHM_POOL;
		goto err_put;
	}

	if (ops->shm_alloc) {
		rc = ops->shm_alloc(ctx, shm);
		if (rc)
			goto err_put;
	}
	tee_shm_publish(shm);
	return shm;

err_put:
	/* not on shm_list: the release path makes no driver call */
	tee_shm_put(shm);
	return ERR_PTR(rc);
}

static int tee_shm_fop_release(struct inode *inode, struct file *filp)
{
	tee_shm_put(filp->private_data);
	return 0;
}

static int tee_shm_fop_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct tee_shm *shm = filp->private_data;
	unsigned long npages = vma_pages(vma);

	/* registered memory is the caller's own: no mapping through us */
	if (!(shm->flags & TEE_SHM_POOL) || !shm->pages)
		return -EINVAL;
	if (vma->vm_pgoff >= shm->num_pages ||
	    npages > shm->num_pages - vma->vm_pgoff)
		return -EINVAL;
	teekit_vm_flags_set(vma, VM_DONTEXPAND);
	return vm_map_pages(vma, shm->pages, shm->num_pages);
}

static const struct file_operations tee_shm_fops = {
	.owner = THIS_MODULE,
	.release = tee_shm_fop_release,
	.mmap = tee_shm_fop_mmap,
};

/* New fd for @shm; the fd owns a reference. */
static int tee_shm_get_fd(struct tee_shm *shm)
{
	int fd;

	tee_shm_get(shm);
	fd = anon_inode_getfd("tee_shm", &tee_shm_fops, shm, O_RDWR);
	if (fd < 0)
		tee_shm_put(shm);
	return fd;
}

int tee_ioctl_shm_alloc(struct tee_context *ctx,
			struct tee_ioctl_shm_alloc_data __user *uarg)
{
	struct tee_ioctl_shm_alloc_data data;
	struct tee_shm *shm;
	int rc;

	if (copy_from_user(&data, uarg, sizeof(data)))
		return -EFAULT;
	if (data.flags)
		return -EINVAL;
	if (data.size > SIZE_MAX)
		return -EINVAL;

	shm = tee_shm_alloc_common(ctx, data.size, true, 0);
	if (IS_ERR(shm))
		return PTR_ERR(shm);

	data.id = shm->id;
	data.size = shm->size;
	if (copy_to_user(uarg, &data, sizeof(data)))
		rc = -EFAULT;
	else
		rc = tee_shm_get_fd(shm);
	tee_shm_put(shm);
	return rc;
}

int tee_ioctl_shm_register(struct tee_context *ctx,
			   struct tee_ioctl_shm_register_data __user *uarg)
{
	const struct tee_driver_ops *ops = tee_ops(ctx->teedev);
	struct tee_ioctl_shm_register_data data;
	unsigned long start, end;
	struct tee_shm *shm;
	size_t num_pages;
	long pinned;
	int rc;

	if (copy_from_user(&data, uarg, sizeof(data)))
		return -EFAULT;
	if (data.flags)
		return -EINVAL;
	if (!data.length || data.length > SIZE_MAX - PAGE_SIZE ||
	    data.addr > ULONG_MAX ||
	    check_add_overflow((unsigned long)data.addr,
			       (unsigned long)data.length, &end))
		return -EINVAL;
	if (!access_ok(u64_to_user_ptr(data.addr), data.length))
		return -EFAULT;
	if (!ops->shm_register || !ops->shm_unregister)
		return -ENOTSUPP;

	start = round_down(data.addr, PAGE_SIZE);
	num_pages = (PAGE_ALIGN(end) - start) >> PAGE_SHIFT;
	if (num_pages > INT_MAX)
		return -EINVAL;

	shm = tee_shm_new(ctx, TEE_SHM_USER_MAPPED);
	if (!shm)
		return -ENOMEM;
	rc = tee_shm_charge(ctx, data.length);
	if (rc)
		goto err_put;
	shm->counted = true;
	shm->size = data.length;
	shm->offset = offset_in_page(data.addr);

	rc = tee_shm_reserve_id(shm);
	if (rc)
		goto err_put;

	shm->pages = kvcalloc(num_pages, sizeof(*shm->pages), GFP_KERNEL);
	if (!shm->pages) {
		rc = -ENOMEM;
		goto err_put;
	}
	pinned = pin_user_pages_fast(start, num_pages,
				     FOLL_WRITE | FOLL_LONGTERM, shm->pages);
	if (pinned < 0) {
		rc = pinned;
		goto err_free_pages;
	}
	if (pinned != num_pages) {
		unpin_user_pages(shm->pages, pinned);
		rc = -EFAULT;
		goto err_free_pages;
	}
	shm->num_pages = num_pages;

	rc = ops->shm_register(ctx, shm, shm->pages, num_pages, start);
	if (rc)
		goto err_put;	/* frees the pinned pages */
	tee_shm_publish(shm);

	data.id = shm->id;
	data.length = shm->size;
	if (copy_to_user(uarg, &data, sizeof(data)))
		rc = -EFAULT;
	else
		rc = tee_shm_get_fd(shm);
	tee_shm_put(shm);
	return rc;

err_free_pages:
	kvfree(shm->pages);
	shm->pages = NULL;
	shm->flags &= ~TEE_SHM_USER_MAPPED;
err_put:
	tee_shm_put(shm);
	return rc;
}

/**
 * tee_shm_alloc_kernel_buf() - shared memory for an in-kernel client
 * @ctx:	the client's context
 * @size:	bytes (rounded up to pages)
 *
 * Return: the object (id -1) or an ERR_PTR; free with tee_shm_free().
 */
struct tee_shm *tee_shm_alloc_kernel_buf(struct tee_context *ctx, size_t size)
{
	struct tee_shm *shm;
	int idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return ERR_PTR(-ENODEV);
	shm = tee_shm_alloc_common(ctx, size, false, 0);
	tee_dev_exit(ctx->teedev, idx);
	return shm;
}
EXPORT_SYMBOL_GPL(tee_shm_alloc_kernel_buf);

/**
 * tee_shm_alloc_priv_buf() - driver-private shared memory (id -1)
 * @ctx:	context charged for it
 * @size:	bytes (rounded up to pages)
 *
 * Return: the object or an ERR_PTR; free with tee_shm_free().
 */
struct tee_shm *tee_shm_alloc_priv_buf(struct tee_context *ctx, size_t size)
{
	return tee_shm_alloc_common(ctx, size, false, TEE_SHM_PRIV);
}
EXPORT_SYMBOL_GPL(tee_shm_alloc_priv_buf);

/**
 * tee_shm_register_kernel_buf() - share kernel memory
 * @ctx:	the client's context
 * @addr:	start (linear map or vmalloc)
 * @length:	bytes
 *
 * Return: the object (id -1) or an ERR_PTR; free with tee_shm_free().
 */
struct tee_shm *tee_shm_register_kernel_buf(struct tee_context *ctx,
					    void *addr, size_t length)
{
	const struct tee_driver_ops *ops = tee_ops(ctx->teedev);
	unsigned long start = (unsigned long)addr & PAGE_MASK;
	unsigned long end;
	struct tee_shm *shm;
	size_t n, num_pages;
	int rc, idx;

	if (!length || check_add_overflow((unsigned long)addr, length, &end))
		return ERR_PTR(-EINVAL);
	if (!tee_dev_enter(ctx->teedev, &idx))
		return ERR_PTR(-ENODEV);
	if (!ops->shm_register || !ops->shm_unregister) {
		rc = -ENOTSUPP;
		goto err_exit;
	}
	num_pages = (PAGE_ALIGN(end) - start) >> PAGE_SHIFT;

	shm = tee_shm_new(ctx, 0);
	if (!shm) {
		rc = -ENOMEM;
		goto err_exit;
	}
	rc = tee_shm_charge(ctx, length);
	if (rc)
		goto err_put;
	shm->counted = true;
	shm->size = length;
	shm->offset = offset_in_page(addr);
	shm->kaddr = addr;
	shm->pages = kvcalloc(num_pages, sizeof(*shm->pages), GFP_KERNEL);
	if (!shm->pages) {
		rc = -ENOMEM;
		goto err_put;
	}
	for (n = 0; n < num_pages; n++) {
		void *p = (void *)(start + n * PAGE_SIZE);

		shm->pages[n] = is_vmalloc_addr(p) ? vmalloc_to_page(p) :
						     virt_to_page(p);
		get_page(shm->pages[n]);
	}
	shm->num_pages = num_pages;
	shm->flags |= TEE_SHM_KERNEL;

	rc = ops->shm_register(ctx, shm, shm->pages, num_pages, start);
	if (rc)
		goto err_put;
	tee_shm_publish(shm);
	tee_dev_exit(ctx->teedev, idx);
	return shm;

err_put:
	tee_shm_put(shm);
err_exit:
	tee_dev_exit(ctx->teedev, idx);
	return ERR_PTR(rc);
}
EXPORT_SYMBOL_GPL(tee_shm_register_kernel_buf);

/**
 * tee_device_release_shms() - unregister: undo the driver side of all shm
 * @teedev:	a dead device with no driver call running
 *
 * The memory itself stays until the last reference (e.g. a mapping) goes.
 */
void tee_device_release_shms(struct tee_device *teedev)
{
	struct tee_shm *shm;

	for (;;) {
		bool found = false;

		mutex_lock(&teedev->mutex);
		list_for_each_entry(shm, &teedev->shm_list, link) {
			if (!shm->drv_released &&
			    kref_get_unless_zero(&shm->refcount)) {
				shm->drv_released = true;
				found = true;
				break;
			}
		}
		mutex_unlock(&teedev->mutex);
		if (!found)
			break;
		tee_shm_drv_release(shm);
		tee_shm_put(shm);
	}
	/* lockless peek; removers wake list_wq after list_del */
	wait_event(teedev->list_wq, list_empty_careful(&teedev->shm_list));
}
