// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_test: a specific driver that exists to test the generic driver,
 * in the spirit of netdevsim.  Instances are created and destroyed at run
 * time through debugfs, every driver op has a fault-injection knob, and
 * the driver's state is readable.  Contract: docs/test-driver.md.
 */
#define pr_fmt(fmt) "teekit_test: " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "test_private.h"

#define TKTEST_MAX_INIT_DEVS	4

static unsigned int ndevs = 1;
module_param(ndevs, uint, 0444);
MODULE_PARM_DESC(ndevs, "Device pairs created at load time (max 4)");

static const char * const tktest_op_names[TKTEST_OP_COUNT] = {
	[TKTEST_OP_OPEN] = "open",
	[TKTEST_OP_OPEN_SESSION] = "open_session",
	[TKTEST_OP_INVOKE] = "invoke",
	[TKTEST_OP_CANCEL] = "cancel",
	[TKTEST_OP_CLOSE_SESSION] = "close_session",
	[TKTEST_OP_SHM_REGISTER] = "shm_register",
	[TKTEST_OP_SHM_UNREGISTER] = "shm_unregister",
	[TKTEST_OP_SHM_ALLOC] = "shm_alloc",
	[TKTEST_OP_SUPP_RECV] = "supp_recv",
	[TKTEST_OP_SUPP_SEND] = "supp_send",
};

static atomic_t tktest_fail_count[TKTEST_OP_COUNT];
static u32 tktest_fail_errno = ENOMEM;

static struct dentry *tktest_root;
static LIST_HEAD(tktest_devs);		/* struct tktest_dev */
static DEFINE_MUTEX(tktest_devs_lock);	/* protects tktest_devs, tktest_next_nr */
static int tktest_next_nr;

/**
 * tktest_fail() - consume one forced failure of @op
 * @op:	the op
 *
 * Return: 0, or -fail_errno while fail_<op> is positive.
 */
int tktest_fail(enum tktest_op op)
{
	if (atomic_dec_if_positive(&tktest_fail_count[op]) < 0)
		return 0;
	return -(int)clamp_t(u32, READ_ONCE(tktest_fail_errno), 1, 4095);
}

static int tktest_open(struct tee_context *ctx)
{
	int rc = tktest_fail(TKTEST_OP_OPEN);

	if (rc)
		return rc;
	ctx->data = tee_get_drvdata(ctx->teedev);
	return 0;
}

static void tktest_release(struct tee_context *ctx)
{
	tktest_release_sessions(ctx);
}

static int tktest_supp_recv(struct tee_context *ctx, u32 *func,
			    u32 *num_params, struct tee_param *param)
{
	int rc = tktest_fail(TKTEST_OP_SUPP_RECV);

	return rc ? rc : tee_supp_recv(ctx, func, num_params, param);
}

static int tktest_supp_send(struct tee_context *ctx, u32 ret, u32 num_params,
			    struct tee_param *param)
{
	int rc = tktest_fail(TKTEST_OP_SUPP_SEND);

	return rc ? rc : tee_supp_send(ctx, ret, num_params, param);
}

static int tktest_shm_register(struct tee_context *ctx, struct tee_shm *shm,
			       struct page **pages, size_t num_pages,
			       unsigned long start)
{
	return tktest_fail(TKTEST_OP_SHM_REGISTER);
}

static int tktest_shm_unregister(struct tee_context *ctx, struct tee_shm *shm)
{
	return tktest_fail(TKTEST_OP_SHM_UNREGISTER);
}

static int tktest_shm_alloc(struct tee_context *ctx, struct tee_shm *shm)
{
	return tktest_fail(TKTEST_OP_SHM_ALLOC);
}

static const struct tee_driver_ops tktest_client_ops = {
	.open = tktest_open,
	.release = tktest_release,
	.open_session = tktest_open_session,
	.close_session = tktest_close_session,
	.invoke_func = tktest_invoke,
	.cancel_req = tktest_cancel,
	.shm_register = tktest_shm_register,
	.shm_unregister = tktest_shm_unregister,
	.shm_alloc = tktest_shm_alloc,
};

static const struct tee_driver_ops tktest_supp_ops = {
	.open = tktest_open,
	.release = tktest_release,
	.supp_recv = tktest_supp_recv,
	.supp_send = tktest_supp_send,
	.shm_register = tktest_shm_register,
	.shm_unregister = tktest_shm_unregister,
	.shm_alloc = tktest_shm_alloc,
};

#define TKTEST_GEN_CAPS \
	(TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL)

static const struct tee_desc tktest_client_desc = {
	.name = "teekit_test-clnt",
	.ops = &tktest_client_ops,
	.owner = THIS_MODULE,
	.impl = {
		.impl_id = TEEKIT_IMPL_ID_TEST,
		.gen_caps = TKTEST_GEN_CAPS,
		.version = 1,
	},
};

static const struct tee_desc tktest_supp_desc = {
	.name = "teekit_test-supp",
	.ops = &tktest_supp_ops,
	.owner = THIS_MODULE,
	.flags = TEE_DESC_PRIVILEGED,
	.impl = {
		.impl_id = TEEKIT_IMPL_ID_TEST,
		.gen_caps = TKTEST_GEN_CAPS,
		.version = 1,
	},
};

/* Tear one instance down; mirrors tktest_dev_create() step by step. */
static void tktest_dev_destroy(struct tktest_dev *tdev)
{
	debugfs_remove_recursive(tdev->dir);
	/* make blocked calls return so unregister's wait is short */
	mutex_lock(&tdev->lock);
	WRITE_ONCE(tdev->dying, true);
	mutex_unlock(&tdev->lock);
	wake_up_all(&tdev->wq);
	/*
	 * The supplicant device first: that fails the supplicant requests
	 * that client calls may be waiting on.
	 */
	tee_device_unregister(tdev->supp);
	tee_device_unregister(tdev->client);
	xa_destroy(&tdev->sess_xa);
	mutex_destroy(&tdev->lock);
	kfree(tdev);
}

static struct tktest_dev *tktest_dev_create(void)
{
	struct tktest_dev *tdev;
	char name[16];
	int rc;

	tdev = kzalloc(sizeof(*tdev), GFP_KERNEL);
	if (!tdev)
		return ERR_PTR(-ENOMEM);
	mutex_init(&tdev->lock);
	INIT_LIST_HEAD(&tdev->sessions);
	xa_init(&tdev->sess_xa);
	INIT_LIST_HEAD(&tdev->waiters);
	init_waitqueue_head(&tdev->wq);
	tdev->next_session = 1;

	tdev->client = tee_device_alloc(&tktest_client_desc, NULL, NULL, tdev);
	if (IS_ERR(tdev->client)) {
		rc = PTR_ERR(tdev->client);
		goto err_free_tdev;
	}
	tdev->supp = tee_device_alloc(&tktest_supp_desc, NULL, NULL, tdev);
	if (IS_ERR(tdev->supp)) {
		rc = PTR_ERR(tdev->supp);
		goto err_free_client;
	}
	rc = tee_device_register(tdev->client);
	if (rc)
		goto err_free_supp;
	rc = tee_device_register(tdev->supp);
	if (rc)
		goto err_free_supp;

	mutex_lock(&tktest_devs_lock);
	tdev->nr = tktest_next_nr++;
	list_add_tail(&tdev->link, &tktest_devs);
	mutex_unlock(&tktest_devs_lock);

	snprintf(name, sizeof(name), "dev%d", tdev->nr);
	tdev->dir = debugfs_create_dir(name, tktest_root);
	debugfs_create_atomic_t("sessions", 0444, tdev->dir,
				&tdev->num_sessions);
	debugfs_create_atomic_t("pending", 0444, tdev->dir, &tdev->pending);
	return tdev;

err_free_supp:
	/* unregister also frees a device that was never registered */
	tee_device_unregister(tdev->supp);
err_free_client:
	tee_device_unregister(tdev->client);
err_free_tdev:
	mutex_destroy(&tdev->lock);
	kfree(tdev);
	return ERR_PTR(rc);
}

static ssize_t add_device_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct tktest_dev *tdev = tktest_dev_create();

	return IS_ERR(tdev) ? PTR_ERR(tdev) : count;
}

static ssize_t add_device_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct tktest_dev *tdev;
	size_t len = 0;
	ssize_t rc;
	char *buf;

	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&tktest_devs_lock);
	list_for_each_entry(tdev, &tktest_devs, link)
		len += scnprintf(buf + len, PAGE_SIZE - len, "%d\n", tdev->nr);
	mutex_unlock(&tktest_devs_lock);
	rc = simple_read_from_buffer(ubuf, count, ppos, buf, len);
	kfree(buf);
	return rc;
}

static const struct file_operations add_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = add_device_read,
	.write = add_device_write,
	.llseek = default_llseek,
};

static ssize_t del_device_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct tktest_dev *tdev, *found = NULL;
	int nr, rc;

	rc = kstrtoint_from_user(ubuf, count, 0, &nr);
	if (rc)
		return rc;
	mutex_lock(&tktest_devs_lock);
	list_for_each_entry(tdev, &tktest_devs, link) {
		if (tdev->nr == nr) {
			found = tdev;
			list_del(&tdev->link);
			break;
		}
	}
	mutex_unlock(&tktest_devs_lock);
	if (!found)
		return -ENOENT;
	tktest_dev_destroy(found);
	return count;
}

static const struct file_operations del_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = del_device_write,
	.llseek = default_llseek,
};

static void tktest_destroy_all(void)
{
	struct tktest_dev *tdev;

	for (;;) {
		mutex_lock(&tktest_devs_lock);
		tdev = list_first_entry_or_null(&tktest_devs,
						struct tktest_dev, link);
		if (tdev)
			list_del(&tdev->link);
		mutex_unlock(&tktest_devs_lock);
		if (!tdev)
			break;
		tktest_dev_destroy(tdev);
	}
}

static int __init tktest_init(void)
{
	struct tktest_dev *tdev;
	char name[32];
	unsigned int n;
	int op;

	if (ndevs > TKTEST_MAX_INIT_DEVS)
		return -EINVAL;

	tktest_root = debugfs_create_dir("teekit_test", NULL);
	for (op = 0; op < TKTEST_OP_COUNT; op++) {
		snprintf(name, sizeof(name), "fail_%s", tktest_op_names[op]);
		debugfs_create_atomic_t(name, 0600, tktest_root,
					&tktest_fail_count[op]);
	}
	debugfs_create_u32("fail_errno", 0600, tktest_root,
			   &tktest_fail_errno);
	debugfs_create_file("add_device", 0600, tktest_root, NULL,
			    &add_device_fops);
	debugfs_create_file("del_device", 0200, tktest_root, NULL,
			    &del_device_fops);

	for (n = 0; n < ndevs; n++) {
		tdev = tktest_dev_create();
		if (IS_ERR(tdev)) {
			tktest_destroy_all();
			debugfs_remove_recursive(tktest_root);
			return PTR_ERR(tdev);
		}
	}
	return 0;
}

static void __exit tktest_exit(void)
{
	/* debugfs writers pin the module, so none can race with exit */
	tktest_destroy_all();
	debugfs_remove_recursive(tktest_root);
}

module_init(tktest_init);
module_exit(tktest_exit);

MODULE_AUTHOR("teekit");
MODULE_DESCRIPTION("teekit: test specific TEE driver with fault injection");
MODULE_LICENSE("GPL");
MODULE_VERSION(TEEKIT_VERSION);
