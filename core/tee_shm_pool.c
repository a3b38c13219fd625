// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: memory behind SHM_ALLOC.
 *
 * By default the core allocates individual zeroed pages and maps them into
 * the kernel with vmap(): no size limit from physical contiguity, the pages
 * are reachable for drivers (tee_shm_get_pages) and the memory belongs to
 * the core, so it can outlive the driver that registered the device.  A
 * driver may pass its own pool (e.g. a carveout); that pins the driver's
 * module for as long as memory of the pool is alive.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "tee_private.h"

static void tee_pages_free(struct page **pages, size_t n)
{
	while (n--)
		__free_page(pages[n]);
}

/* Fill @shm with @size bytes (a multiple of PAGE_SIZE) of zeroed pages. */
static int tee_core_pages_alloc(struct tee_shm *shm, size_t size)
{
	size_t n, num = size >> PAGE_SHIFT;
	struct page **pages;

	pages = kvcalloc(num, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (n = 0; n < num; n++) {
		pages[n] = alloc_page(GFP_KERNEL | __GFP_ZERO |
				      __GFP_NOWARN);
		if (!pages[n])
			goto err_free_pages;
	}
	shm->kaddr = vmap(pages, num, VM_MAP, PAGE_KERNEL);
	if (!shm->kaddr)
		goto err_free_pages;
	shm->pages = pages;
	shm->num_pages = num;
	shm->paddr = num == 1 ? page_to_phys(pages[0]) : 0;
	shm->flags |= TEE_SHM_DYNAMIC;
	return 0;

err_free_pages:
	tee_pages_free(pages, n);
	kvfree(pages);
	return -ENOMEM;
}

static void tee_core_pages_free(struct tee_shm *shm)
{
	vunmap(shm->kaddr);
	tee_pages_free(shm->pages, shm->num_pages);
	kvfree(shm->pages);
	shm->pages = NULL;
	shm->kaddr = NULL;
}

/**
 * tee_pool_alloc() - back @shm with memory from the device's pool
 * @teedev:	the device
 * @shm:	the object being built
 * @size:	bytes, a multiple of PAGE_SIZE, not 0
 *
 * Return: 0 or -ENOMEM (or the pool's error).
 */
int tee_pool_alloc(struct tee_device *teedev, struct tee_shm *shm,
		   size_t size)
{
	struct tee_shm_pool *pool = teedev->pool;
	int rc;

	if (!pool)
		return tee_core_pages_alloc(shm, size);

	if (!try_module_get(pool->owner))
		return -ENODEV;
	rc = pool->ops->alloc(pool, shm, size, PAGE_SIZE);
	if (rc) {
		module_put(pool->owner);
		return rc;
	}
	shm->pool = pool;
	return 0;
}

void tee_pool_free(struct tee_shm *shm)
{
	struct tee_shm_pool *pool = shm->pool;

	if (!pool) {
		tee_core_pages_free(shm);
		return;
	}
	pool->ops->free(pool, shm);
	shm->pool = NULL;
	module_put(pool->owner);
}

static int tee_pages_pool_alloc(struct tee_shm_pool *pool,
				struct tee_shm *shm, size_t size, size_t align)
{
	return tee_core_pages_alloc(shm, PAGE_ALIGN(size));
}

static void tee_pages_pool_free(struct tee_shm_pool *pool,
				struct tee_shm *shm)
{
	tee_core_pages_free(shm);
}

static void tee_pages_pool_destroy(struct tee_shm_pool *pool)
{
	kfree(pool);
}

static const struct tee_shm_pool_ops tee_pages_pool_ops = {
	.alloc = tee_pages_pool_alloc,
	.free = tee_pages_pool_free,
	.destroy_pool = tee_pages_pool_destroy,
};

/**
 * tee_shm_pool_alloc_pages() - a pool object backed by the core allocator
 *
 * Equivalent to passing a NULL pool to tee_device_alloc(); provided for
 * drivers written against the upstream pattern.
 *
 * Return: the pool or ERR_PTR(-ENOMEM).
 */
struct tee_shm_pool *tee_shm_pool_alloc_pages(void)
{
	struct tee_shm_pool *pool;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return ERR_PTR(-ENOMEM);
	pool->ops = &tee_pages_pool_ops;
	pool->owner = THIS_MODULE;
	return pool;
}
EXPORT_SYMBOL_GPL(tee_shm_pool_alloc_pages);

void tee_shm_pool_free(struct tee_shm_pool *pool)
{
	if (pool && pool->ops->destroy_pool)
		pool->ops->destroy_pool(pool);
}
EXPORT_SYMBOL_GPL(tee_shm_pool_free);
