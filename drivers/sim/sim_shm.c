// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: views of shared memory in the channels, and their mmap.
 *
 * Each shm object a channel sees gets a view id, never reused; its RW view
 * is mapped at cookie = id << 32, its RO view at cookie + 2^31 (decision
 * 0201).  Views of client memory hold no reference: the core tells us
 * (shm_free/shm_unregister hooks -> tksim_shm_gone) before it frees the
 * pages, and we then remove the view and its PTEs.  Views the channel got
 * from an RPC SHM_ALLOC (supplicant memory) hold a reference until
 * SHM_FREE or the channel's death.  Mapped pages hold page references of
 * their own (vm_insert_page), so no PTE ever points at a freed page.
 */
#include <linux/mm.h>
#include <linux/pfn_t.h>
#include <linux/slab.h>

#include "sim_private.h"

static u64 view_cookie(const struct tksim_view *v, bool ro)
{
	return ((u64)v->id << TKSIM_VIEW_SHIFT) + (ro ? TKSIM_RO_OFFSET : 0);
}

static size_t view_pages(const struct tksim_view *v)
{
	return v->shm->num_pages;
}

struct tksim_view *tksim_view_get(struct tksim_conduit *sc,
				  struct tksim_chan *chan, struct tee_shm *shm,
				  bool owned)
{
	struct tksim_view *v;
	unsigned long idx;
	u32 id;

	lockdep_assert_held(&sc->lock);
	xa_for_each(&chan->views, idx, v)
		if (v->shm == shm)
			return v;
	if (!shm->pages || !shm->num_pages)
		return ERR_PTR(-EINVAL);
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return ERR_PTR(-ENOMEM);
	/* view ids start at 1: cookie 0 is the status page */
	id = ++sc->next_view;
	if (!id || xa_insert(&chan->views, id, v, GFP_KERNEL)) {
		kfree(v);
		return ERR_PTR(-ENOMEM);
	}
	v->shm = shm;
	v->id = id;
	v->owned = owned;
	v->rw_ok = owned;
	return v;
}

/* Remove @v from @chan and its PTEs; lock held */
static void view_remove(struct tksim_chan *chan, struct tksim_view *v)
{
	xa_erase(&chan->views, v->id);
	if (chan->mapping)
		unmap_mapping_range(chan->mapping, view_cookie(v, false),
				    1ULL << TKSIM_VIEW_SHIFT, 1);
}

/* Drop every view of a dying channel; owned ones go on @puts */
void tksim_view_drop_all(struct tksim_conduit *sc, struct tksim_chan *chan,
			 struct list_head *puts)
{
	struct tksim_view *v;
	unsigned long idx;

	lockdep_assert_held(&sc->lock);
	xa_for_each(&chan->views, idx, v) {
		view_remove(chan, v);
		if (v->owned)
			list_add_tail(&v->put_link, puts);
		else
			kfree(v);
	}
}

void tksim_put_shms(struct list_head *puts)
{
	struct tksim_view *v, *tmp;

	list_for_each_entry_safe(v, tmp, puts, put_link) {
		list_del(&v->put_link);
		tee_shm_put(v->shm);
		kfree(v);
	}
}

/* A request's memref as the channel sees it */
int tksim_shm_param_out(struct tksim_conduit *sc, struct tksim_chan *chan,
			const struct tee_param *p, struct tksim_param *up)
{
	u32 type = p->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
	struct tee_shm *shm = p->u.memref.shm;
	struct tksim_view *v;

	up->attr = type;
	up->b = p->u.memref.size;
	if (!shm) {
		up->a = 0;
		up->c = TKSIM_COOKIE_NULL;
		up->map_pages = 0;
		return 0;
	}
	v = tksim_view_get(sc, chan, shm, false);
	if (IS_ERR(v))
		return PTR_ERR(v);
	if (type != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT)
		v->rw_ok = true;
	up->a = shm->offset + p->u.memref.shm_offs;
	up->c = view_cookie(v, type == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT);
	up->map_pages = view_pages(v);
	return 0;
}

static struct tksim_view *view_find(struct tksim_chan *chan, u64 cookie,
				    bool *ro)
{
	u64 low = cookie & ((1ULL << TKSIM_VIEW_SHIFT) - 1);

	if (low != 0 && low != TKSIM_RO_OFFSET)
		return NULL;
	*ro = low != 0;
	return xa_load(&chan->views, cookie >> TKSIM_VIEW_SHIFT);
}

/*
 * An RPC memref from the channel: resolve the cookie, check the range,
 * and take a reference for the RPC.  -EINVAL for anything wrong.
 */
int tksim_shm_param_in(struct tksim_chan *chan, const struct tksim_param *up,
		       struct tee_param *p)
{
	struct tksim_view *v;
	struct tee_shm *shm;
	bool ro;

	p->attr = up->attr;
	if (up->c == TKSIM_COOKIE_NULL) {
		if (up->a)
			return -EINVAL;
		p->u.memref.shm = NULL;
		p->u.memref.shm_offs = 0;
		p->u.memref.size = up->b;
		return 0;
	}
	v = view_find(chan, up->c, &ro);
	if (!v || (ro && up->attr != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT))
		return -EINVAL;
	shm = v->shm;
	if (up->a < shm->offset || up->a - shm->offset > shm->size ||
	    up->b > shm->size - (up->a - shm->offset))
		return -EINVAL;
	tksim_shm_get(shm);
	p->u.memref.shm = shm;
	p->u.memref.shm_offs = up->a - shm->offset;
	p->u.memref.size = up->b;
	return 0;
}

/* RPC SHM_FREE: take an owned view out; the reference passes to the caller */
struct tee_shm *tksim_view_take_owned(struct tksim_chan *chan, u64 cookie)
{
	struct tksim_view *v;
	struct tee_shm *shm;
	bool ro;

	v = view_find(chan, cookie, &ro);
	if (!v || ro || !v->owned)
		return NULL;
	view_remove(chan, v);
	shm = v->shm;
	kfree(v);
	return shm;
}

/* The core frees @shm: withdraw it from every channel */
void tksim_shm_gone(struct tksim_conduit *sc, struct tee_shm *shm)
{
	struct tksim_chan *chan;
	struct tksim_view *v;
	struct tksim_note *n;
	unsigned long idx;

	mutex_lock(&sc->lock);
	list_for_each_entry(chan, &sc->chans, link) {
		xa_for_each(&chan->views, idx, v) {
			if (v->shm != shm)
				continue;
			/* an owned view holds a reference: cannot be here */
			if (WARN_ON_ONCE(v->owned))
				continue;
			view_remove(chan, v);
			n = kzalloc(sizeof(*n), GFP_KERNEL);
			if (n && !chan->dead) {
				n->cmd = TKSIM_NOTE_SHM_GONE;
				n->val = view_cookie(v, false);
				list_add_tail(&n->link, &chan->notes);
				wake_up(&chan->wq);
			} else {
				kfree(n);
			}
			kfree(v);
		}
	}
	mutex_unlock(&sc->lock);
}

static const struct vm_operations_struct tksim_vm_ops = {
	/* no .fault: an access to a withdrawn page gets SIGBUS */
};

int tksim_chan_mmap(struct tksim_conduit *sc, struct tksim_chan *chan,
		    struct vm_area_struct *vma)
{
	u64 cookie = (u64)vma->vm_pgoff << PAGE_SHIFT;
	size_t n, npages = vma_pages(vma);
	struct tksim_view *v;
	int rc = 0;
	bool ro;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	vma->vm_ops = &tksim_vm_ops;
	vma->vm_flags |= VM_DONTCOPY | VM_DONTEXPAND;

	if (cookie == TKSIM_MMAP_STATUS) {
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		if (npages != 1)
			return -EINVAL;
		vma->vm_flags &= ~VM_MAYWRITE;
		return vm_insert_page(vma, vma->vm_start, chan->status_page);
	}

	mutex_lock(&sc->lock);
	v = view_find(chan, cookie, &ro);
	if (!v || chan->dead) {
		rc = -ENOENT;
		goto out_unlock;
	}
	if (npages > view_pages(v)) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if (ro) {
		if (vma->vm_flags & VM_WRITE) {
			rc = -EACCES;
			goto out_unlock;
		}
		vma->vm_flags &= ~VM_MAYWRITE;
	} else if (!v->rw_ok) {
		rc = -EACCES;
		goto out_unlock;
	}
	/*
	 * Registered client memory is anonymous, which vm_insert_page()
	 * refuses (-EINVAL): such pages get a special PTE without a page
	 * reference. That is safe because the core keeps them pinned until
	 * shm_unregister, and that hook withdraws (zaps) every view first.
	 */
	vma->vm_flags |= VM_MIXEDMAP;
	for (n = 0; n < npages && !rc; n++) {
		struct page *pg = v->shm->pages[n];
		unsigned long addr = vma->vm_start + n * PAGE_SIZE;

		if (PageAnon(pg))
			rc = vmf_insert_mixed(vma, addr, page_to_pfn_t(pg)) ==
			     VM_FAULT_NOPAGE ? 0 : -EFAULT;
		else
			rc = vm_insert_page(vma, addr, pg);
	}
out_unlock:
	mutex_unlock(&sc->lock);
	return rc;
}
