/* SPDX-License-Identifier: GPL-2.0 */
/*
 * teekit's only kernel-version switch.
 *
 * Every line of core/ and drivers/ that depends on the kernel version it
 * is built against goes through a helper here, so carrying the modules to
 * a newer kernel means editing this file and nothing else
 * (docs/kernels.md, decision 1601). Each helper names the release that
 * changed the interface; the branches are kept for every kernel listed in
 * docs/kernels.md and for nothing older.
 *
 * No state, no locking of its own: each helper has the locking rules of
 * the kernel function it wraps, stated beside it.
 */
#ifndef _LINUX_TEEKIT_COMPAT_H
#define _LINUX_TEEKIT_COMPAT_H

#include <linux/version.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>

/*
 * class_create() lost its owner argument in 6.4; the class belongs to
 * the module that calls this.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define teekit_class_create(name) class_create(name)
#else
#define teekit_class_create(name) class_create(THIS_MODULE, name)
#endif

/*
 * A counted reference to @mm's executable file, or NULL when it has none
 * or it is being freed. Caller holds rcu_read_lock(). get_file_rcu()
 * takes the __rcu slot itself since 6.7 (and retries when the slot
 * changes under it); before, it took the file and could only fail.
 */
static inline struct file *teekit_get_exe_file_rcu(struct mm_struct *mm)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	return get_file_rcu(&mm->exe_file);
#else
	struct file *exe = rcu_dereference(mm->exe_file);

	if (exe && !get_file_rcu(exe))
		return NULL;
	return exe;
#endif
}

/*
 * vma->vm_flags is read-only since 6.3: changes go through vm_flags_set()
 * and vm_flags_clear(), which also mark the VMA written for per-VMA
 * locking. Caller holds the mmap lock for writing (an ->mmap handler
 * does).
 */
static inline void teekit_vm_flags_set(struct vm_area_struct *vma,
				       vm_flags_t flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

static inline void teekit_vm_flags_clear(struct vm_area_struct *vma,
					 vm_flags_t flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

/*
 * struct bus_type callbacks: uevent takes a const device since 6.3,
 * match a const device_driver since 6.11. Used in the callbacks'
 * prototypes only.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define TEEKIT_UEVENT_DEV_CONST const
#else
#define TEEKIT_UEVENT_DEV_CONST
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define TEEKIT_BUS_MATCH_DRV_CONST const
#else
#define TEEKIT_BUS_MATCH_DRV_CONST
#endif

#endif /* _LINUX_TEEKIT_COMPAT_H */
