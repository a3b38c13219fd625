// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_warn: a test-only module that misbehaves on request, so the test
 * harness can prove that it notices kernel warnings and oopses.
 *
 * /sys/kernel/debug/teekit_warn/warn   write anything: one WARN()
 * /sys/kernel/debug/teekit_warn/oops   write anything: one BUG() in the
 *                                       writing task (the task dies)
 * /sys/kernel/debug/teekit_warn/leak   write anything: take a reference on
 *                                       this module that is never dropped
 * /sys/kernel/debug/teekit_warn/kmemleak  write anything: allocate 128 bytes
 *                                       and forget them (kmemleak must say)
 * /sys/kernel/debug/teekit_warn/spin   write anything: spin forever in the
 *                                       kernel with interrupts off (the VM
 *                                       wedges; the host must stop it)
 *
 * Never load it outside the test VM.
 */
#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static struct dentry *teekit_warn_dir;

static ssize_t warn_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	WARN(1, "teekit_warn: warning requested by user space\n");
	return count;
}

static ssize_t oops_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	pr_emerg("teekit_warn: oops requested by user space\n");
	BUG();
	return count;
}

static ssize_t leak_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	__module_get(THIS_MODULE);
	return count;
}

static ssize_t kmemleak_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	char *lost = kmalloc(128, GFP_KERNEL);

	if (!lost)
		return -ENOMEM;
	strscpy(lost, "teekit_warn: leaked on purpose", 128);
	pr_info("teekit_warn: leaking 128 bytes as requested by user space\n");
	return count;
}

static ssize_t spin_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	pr_emerg("teekit_warn: spinning forever as requested by user space\n");
	local_irq_disable();
	for (;;)
		cpu_relax();
	return count;
}

static const struct file_operations warn_fops = {
	.owner = THIS_MODULE,
	.write = warn_write,
	.llseek = noop_llseek,
};

static const struct file_operations oops_fops = {
	.owner = THIS_MODULE,
	.write = oops_write,
	.llseek = noop_llseek,
};

static const struct file_operations leak_fops = {
	.owner = THIS_MODULE,
	.write = leak_write,
	.llseek = noop_llseek,
};

static const struct file_operations kmemleak_fops = {
	.owner = THIS_MODULE,
	.write = kmemleak_write,
	.llseek = noop_llseek,
};

static const struct file_operations spin_fops = {
	.owner = THIS_MODULE,
	.write = spin_write,
	.llseek = noop_llseek,
};

static int __init teekit_warn_init(void)
{
	teekit_warn_dir = debugfs_create_dir("teekit_warn", NULL);
	debugfs_create_file("warn", 0200, teekit_warn_dir, NULL, &warn_fops);
	debugfs_create_file("oops", 0200, teekit_warn_dir, NULL, &oops_fops);
	debugfs_create_file("leak", 0200, teekit_warn_dir, NULL, &leak_fops);
	debugfs_create_file("kmemleak", 0200, teekit_warn_dir, NULL,
			    &kmemleak_fops);
	debugfs_create_file("spin", 0200, teekit_warn_dir, NULL, &spin_fops);
	return 0;
}

static void __exit teekit_warn_exit(void)
{
	debugfs_remove(teekit_warn_dir);
}

module_init(teekit_warn_init);
module_exit(teekit_warn_exit);
MODULE_DESCRIPTION("teekit test-only module: kernel warnings on request");
MODULE_LICENSE("GPL");
