// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: views of shared memory in the channels, their grants and
 * their mappings.  Ownership rules: docs/sim-conduit.md#ownership.
 *
 * Each shm object a channel sees gets a view id, never reused; its RW view
 * is mapped at cookie = id << 32, its RO view at cookie + 2^31 (decision
 * 0201).  A view only names the object: its pages are reachable only
 * while a call the channel holds grants them (decision 1201).  ->mmap
 * installs nothing; the page-fault handler inserts a page under the
 * conduit's lock, and only if a grant of a call rendered to the channel
 * covers it (writable only for an OUTPUT/INOUT grant) or the view is the
 * channel's own SHM_ALLOC memory.  So every page-table entry lives in a
 * VMA that is already linked to the file's mapping, and is zapped under
 * the same lock when its grant ends (the call left the channel) and when
 * the object goes (the core's shm_free/shm_unregister hooks ->
 * tksim_shm_gone(), before the pages are unpinned or freed).
 *
 * Views of client memory hold no reference: the calls granting them hold
 * the client's (or, once abandoned, their own).  Views the channel got
 * from an RPC SHM_ALLOC (supplicant memory) hold a reference until
 * SHM_FREE or the channel's death, when the memory goes back to the
 * supplicant with an SHM_FREE of the driver's own (tksim_supp_free_work).
 */
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pfn_t.h>
#include <linux/slab.h>
#include <linux/teekit_compat.h>

#include "sim_private.h"

unsigned int tksim_max_ta_shm_kib = 64 * 1024;
module_param_named(max_ta_shm_kib, tksim_max_ta_shm_kib, uint, 0644);
MODULE_PARM_DESC(max_ta_shm_kib,
		 "supplicant memory one TA instance may hold (SHM_ALLOC), KiB");

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
			/* an SHM_ALLOC answer must be new memory */
			return owned ? ERR_PTR(-EEXIST) : v;
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

/* Zap pages [@first, @first + @n) of view @id in both its cookies */
static void view_zap(struct tksim_chan *chan, u32 id, u64 first, u64 n)
{
	pgoff_t base = ((u64)id << TKSIM_VIEW_SHIFT) >> PAGE_SHIFT;

	if (!chan->mapping)
		return;
	unmap_mapping_pages(chan->mapping, base + first, n, true);
	unmap_mapping_pages(chan->mapping,
			    base + (TKSIM_RO_OFFSET >> PAGE_SHIFT) + first, n,
			    true);
}

/* Remove @v from @chan and its PTEs; lock held */
static void view_remove(struct tksim_chan *chan, struct tksim_view *v)
{
	xa_erase(&chan->views, v->id);
	view_zap(chan, v->id, 0, TKSIM_RO_OFFSET >> PAGE_SHIFT);
}

/*
 * Drop every view of a dying channel.  Owned ones (supplicant memory) go
 * back to the supplicant from a work item; at module exit, when no
 * supplicant is left to tell, on @puts.
 */
void tksim_view_drop_all(struct tksim_conduit *sc, struct tksim_chan *chan,
			 struct list_head *puts)
{
	struct tksim_view *v;
	unsigned long idx;
	bool frees = false;

	lockdep_assert_held(&sc->lock);
	xa_for_each(&chan->views, idx, v) {
		view_remove(chan, v);
		if (!v->owned) {
			kfree(v);
		} else if (sc->dying) {
			list_add_tail(&v->put_link, puts);
		} else {
			list_add_tail(&v->put_link, &sc->supp_frees);
			frees = true;
		}
	}
	chan->owned_bytes = 0;
	if (frees)
		schedule_work(&sc->free_work);
}

/*
 * The work item: an SHM_FREE to the supplicant for each object a dead
 * channel held, as the TA would have sent, then a socket CLOSE_ALL for
 * each dead instance that used sockets.  Only to the supplicant that
 * allocated it (a new one never gets an id of the old one's, not even
 * from the queue: tee_supp_waiter.only).  A
 * supplicant that never answers holds up only this work, which module
 * exit aborts.
 */
/*
 * A socket RPC CLOSE_ALL for a dead instance (decision 1531), to whatever
 * supplicant serves now: one that restarted holds no socket of it and
 * answers at once.  Called with the lock held; drops it while waiting.
 */
static void supp_sock_close(struct tksim_conduit *sc,
			    struct tksim_sock_close *c)
{
	struct tee_supp_waiter w;
	struct tee_param p;

	list_del(&c->link);
	if (sc->dying) {
		kfree(c);
		return;
	}
	tee_supp_waiter_init(&w, sc->sd->supp, true);
	sc->free_w = &w;
	mutex_unlock(&sc->lock);
	memset(&p, 0, sizeof(p));
	p.attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	p.u.value.a = TKSIM_SOCKET_CLOSE_ALL;
	p.u.value.b = c->instance;
	kfree(c);
	tee_supp_call(&w, TKSIM_RPC_SOCKET, 1, &p);
	mutex_lock(&sc->lock);
	sc->free_w = NULL;
}

void tksim_supp_free_work(struct work_struct *work)
{
	struct tksim_conduit *sc = container_of(work, struct tksim_conduit,
						free_work);
	struct tee_device *supp = sc->sd->supp;
	struct tksim_sock_close *c;
	struct tee_context *supp_ctx;
	struct tee_supp_waiter w;
	struct tksim_view *v;
	struct tee_param p;
	bool same;

	for (;;) {
		mutex_lock(&sc->lock);
		v = list_first_entry_or_null(&sc->supp_frees,
					     struct tksim_view, put_link);
		if (v)
			list_del(&v->put_link);
		if (v && !sc->dying) {
			tee_supp_waiter_init(&w, supp, true);
			sc->free_w = &w;
		}
		if (!v) {
			c = list_first_entry_or_null(&sc->sock_closes,
						     struct tksim_sock_close,
						     link);
			if (c)
				supp_sock_close(sc, c);
			mutex_unlock(&sc->lock);
			if (!c)
				return;
			continue;
		}
		mutex_unlock(&sc->lock);
		supp_ctx = sc->dying ? NULL : tee_supp_get_ctx(supp);
		same = supp_ctx && supp_ctx == v->shm->ctx;
		w.only = supp_ctx;	/* the id means nothing to another */
		memset(&p, 0, sizeof(p));
		p.attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
		p.u.value.b = v->shm->id;
		/* as for the TA's own SHM_FREE: our reference goes first */
		tee_shm_put(v->shm);
		kfree(v);
		if (same)
			tee_supp_call(&w, TKSIM_RPC_SHM_FREE, 1, &p);
		if (supp_ctx)
			teedev_ctx_put(supp_ctx);
		mutex_lock(&sc->lock);
		sc->free_w = NULL;
		mutex_unlock(&sc->lock);
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

/*
 * A request's memref as the channel sees it, and the pages it grants
 * (@g->first > @g->last: none).
 */
int tksim_shm_param_out(struct tksim_conduit *sc, struct tksim_chan *chan,
			const struct tee_param *p, struct tksim_param *up,
			struct tksim_grant *g)
{
	u32 type = p->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
	struct tee_shm *shm = p->u.memref.shm;
	struct tksim_view *v;
	u64 start, end;

	up->attr = type;
	up->b = p->u.memref.size;
	g->first = 1;
	g->last = 0;
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
	/* the core checked that the range lies inside the object */
	start = up->a;
	end = min_t(u64, start + up->b,
		    (u64)view_pages(v) << PAGE_SHIFT);
	g->view = v->id;
	g->rw = type != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT;
	if (end > start) {
		g->first = start >> PAGE_SHIFT;
		g->last = (end - 1) >> PAGE_SHIFT;
	}
	return 0;
}

/* The call leaves @chan: its grants end and their pages go */
void tksim_grants_release(struct tksim_chan *chan, struct tksim_call *call)
{
	u32 n;

	for (n = 0; n < call->num_grants; n++) {
		struct tksim_grant *g = call->grants + n;

		if (g->first <= g->last)
			view_zap(chan, g->view, g->first,
				 g->last - g->first + 1);
	}
	call->num_grants = 0;
}

static bool grant_covers(const struct tksim_grant *g, u32 view, u64 first,
			 u64 last, bool rw)
{
	return g->view == view && g->first <= first && last <= g->last &&
	       (g->rw || !rw);
}

/* Does a call held by @chan grant pages [@first, @last] of @v? */
static bool chan_granted(struct tksim_chan *chan, struct tksim_view *v,
			 u64 first, u64 last, bool rw)
{
	struct tksim_call *call;
	u32 n;

	if (v->owned)
		return true;
	list_for_each_entry(call, &chan->taken, link)
		for (n = 0; n < call->num_grants; n++)
			if (grant_covers(call->grants + n, v->id, first, last,
					 rw))
				return true;
	return false;
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
 * An RPC memref of @call from the channel: resolve the cookie, check the
 * range and the access (the channel's own memory, or pages @call was
 * given, writable only if given so), and take a reference for the RPC.
 * -EINVAL for a bad cookie or range, -EACCES for memory not given.
 */
int tksim_shm_param_in(struct tksim_chan *chan, struct tksim_call *call,
		       const struct tksim_param *up, struct tee_param *p)
{
	bool ro, rw = up->attr != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT;
	struct tksim_view *v;
	struct tee_shm *shm;
	u64 first, last;
	u32 n;

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
	if (!v || (ro && rw))
		return -EINVAL;
	shm = v->shm;
	if (up->a < shm->offset || up->a - shm->offset > shm->size ||
	    up->b > shm->size - (up->a - shm->offset))
		return -EINVAL;
	if (!v->owned) {
		/* the RW cookie is writable access, whatever the type says */
		first = up->a >> PAGE_SHIFT;
		last = up->b ? (up->a + up->b - 1) >> PAGE_SHIFT : first;
		for (n = 0; n < call->num_grants; n++)
			if (grant_covers(call->grants + n, v->id, first, last,
					 !ro))
				break;
		if (n == call->num_grants)
			return -EACCES;
	}
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
	chan->owned_bytes -= min_t(size_t, chan->owned_bytes, shm->size);
	kfree(v);
	return shm;
}

/*
 * An instance asks the supplicant for @size bytes: within
 * max_ta_shm_kib?  The bytes count from now (a concurrent request sees
 * them); the caller gives them back with tksim_shm_alloc_reserve(chan,
 * -size) when the request fails.  The OS channel (the emulator, which
 * loads TAs) is not limited.
 */
int tksim_shm_alloc_reserve(struct tksim_chan *chan, u64 size)
{
	u64 max = (u64)READ_ONCE(tksim_max_ta_shm_kib) * 1024;

	if (!chan->instance)
		return 0;
	if ((s64)size < 0) {
		chan->owned_bytes -= min_t(size_t, chan->owned_bytes, -size);
		return 0;
	}
	if (size > max || chan->owned_bytes > max - size) {
		pr_info_ratelimited("teekit_sim: TA instance %u (%pUb) asked for %llu bytes of supplicant memory with %zu held: over the limit of %u KiB (module parameter max_ta_shm_kib)\n",
				    chan->instance, chan->uuid, size,
				    chan->owned_bytes,
				    READ_ONCE(tksim_max_ta_shm_kib));
		return -ENOSPC;
	}
	chan->owned_bytes += size;
	return 0;
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

/*
 * Insert page @n of @v at @addr.  Registered client memory is anonymous,
 * which vm_insert_page() refuses: it gets a special PTE without a page
 * reference, which is safe because the PTE lives in a linked VMA and is
 * zapped under the conduit's lock before the core unpins the page.
 */
static vm_fault_t view_insert(struct vm_area_struct *vma, unsigned long addr,
			      struct tksim_view *v, u64 n)
{
	struct page *pg = v->shm->pages[n];
	int rc;

	if (PageAnon(pg))
		return vmf_insert_mixed(vma, addr, page_to_pfn_t(pg));
	rc = vm_insert_page(vma, addr, pg);
	if (rc == -EBUSY || !rc)
		return VM_FAULT_NOPAGE;
	return rc == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
}

/*
 * Pages a fault inserts at most: the faulting one and its neighbours in
 * an aligned window of this many, where a grant covers them.  Large
 * enough that a TA reading a whole buffer faults once per 64 KiB, small
 * enough that one touched byte of a huge memref costs little to map and
 * to zap (decision 1250).
 */
#define TKSIM_FAULT_AROUND	16

/*
 * A page of a view is touched.  The cookie is taken from the file offset
 * of the page (the VMA may have been split), so it is never trusted from
 * the VMA.  The page, and its neighbours that the same grants cover
 * within the VMA, are inserted if the channel may reach them; else
 * SIGBUS.
 */
static vm_fault_t tksim_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct tksim_conduit *sc = vma->vm_private_data;
	struct tksim_chan *chan = vma->vm_file->private_data;
	u64 off = (u64)vmf->pgoff << PAGE_SHIFT;
	u64 low = off & ((1ULL << TKSIM_VIEW_SHIFT) - 1);
	bool ro = low >= TKSIM_RO_OFFSET;
	u64 idx = (low & (TKSIM_RO_OFFSET - 1)) >> PAGE_SHIFT;
	u64 first = idx, last = idx, n;
	struct tksim_call *call;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	struct tksim_view *v;
	u32 g;

	mutex_lock(&sc->lock);
	v = xa_load(&chan->views, off >> TKSIM_VIEW_SHIFT);
	if (!v || chan->dead || idx >= view_pages(v) ||
	    !chan_granted(chan, v, idx, idx, !ro))
		goto out_unlock;
	/* map the run the channel may reach around @idx, in one go */
	if (v->owned) {
		first = 0;
		last = view_pages(v) - 1;
	} else {
		list_for_each_entry(call, &chan->taken, link)
			for (g = 0; g < call->num_grants; g++) {
				struct tksim_grant *gr = call->grants + g;

				if (!grant_covers(gr, v->id, idx, idx, !ro))
					continue;
				first = min_t(u64, first, gr->first);
				last = max_t(u64, last, gr->last);
			}
	}
	/* at most the aligned window of TKSIM_FAULT_AROUND pages */
	first = max_t(u64, first, round_down(idx, TKSIM_FAULT_AROUND));
	last = min_t(u64, last, round_down(idx, TKSIM_FAULT_AROUND) +
			  TKSIM_FAULT_AROUND - 1);
	ret = view_insert(vma, vmf->address, v, idx);
	for (n = first; n <= last && ret == VM_FAULT_NOPAGE; n++) {
		unsigned long addr = vmf->address +
				     ((long)(n - idx) << PAGE_SHIFT);

		if (n == idx || addr < vma->vm_start || addr >= vma->vm_end)
			continue;
		view_insert(vma, addr, v, n);	/* best effort */
	}
out_unlock:
	mutex_unlock(&sc->lock);
	return ret;
}

static const struct vm_operations_struct tksim_vm_ops = {
	.fault = tksim_vm_fault,
};

int tksim_chan_mmap(struct tksim_conduit *sc, struct tksim_chan *chan,
		    struct vm_area_struct *vma)
{
	u64 cookie = (u64)vma->vm_pgoff << PAGE_SHIFT;
	size_t npages = vma_pages(vma);
	struct tksim_view *v;
	int rc = 0;
	bool ro;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	teekit_vm_flags_set(vma, VM_DONTCOPY | VM_DONTEXPAND);
	vma->vm_ops = &tksim_vm_ops;
	vma->vm_private_data = sc;

	if (cookie == TKSIM_MMAP_STATUS) {
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		if (npages != 1)
			return -EINVAL;
		teekit_vm_flags_clear(vma, VM_MAYWRITE);
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
		teekit_vm_flags_clear(vma, VM_MAYWRITE);
	} else if (!v->rw_ok) {
		rc = -EACCES;
		goto out_unlock;
	}
	/*
	 * Nothing is inserted here: this VMA is not linked to the file's
	 * mapping yet, so a zap could not find it (tksim_vm_fault()).
	 */
	teekit_vm_flags_set(vma, VM_MIXEDMAP);
out_unlock:
	mutex_unlock(&sc->lock);
	return rc;
}
