// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: the sim specific driver.  Registers a client and a
 * supplicant device with the generic driver (implementation id OP-TEE, so
 * OP-TEE's tee-supplicant accepts the pair) and reaches the software
 * secure world through the sim conduit (/dev/teekit_sim).
 * See docs/sim-driver.md and docs/sim-conduit.md.
 */
#define pr_fmt(fmt) "teekit_sim: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "sim_private.h"

#define TKSIM_VERSION	1

struct tksim_dev *tksim_the_dev;
static struct dentry *tksim_debugfs;

static int tksim_open(struct tee_context *ctx)
{
	ctx->data = tee_get_drvdata(ctx->teedev);
	return 0;
}

static void tksim_release(struct tee_context *ctx)
{
	/* sessions were closed by the core through close_session */
}

static void tksim_drv_shm_gone(struct tee_context *ctx, struct tee_shm *shm)
{
	struct tksim_dev *sd = ctx->data;

	if (sd && sd->cd->ops->shm_gone)
		sd->cd->ops->shm_gone(sd->cd, shm);
}

static int tksim_shm_unregister(struct tee_context *ctx, struct tee_shm *shm)
{
	tksim_drv_shm_gone(ctx, shm);
	return 0;
}

static int tksim_shm_register(struct tee_context *ctx, struct tee_shm *shm,
			      struct page **pages, size_t num_pages,
			      unsigned long start)
{
	return 0;	/* the pages are mapped into a TA when first used */
}

static const struct tee_driver_ops tksim_client_ops = {
	.open = tksim_open,
	.release = tksim_release,
	.open_session = tksim_open_session,
	.close_session = tksim_close_session,
	.invoke_func = tksim_invoke,
	.cancel_req = tksim_cancel,
	.shm_register = tksim_shm_register,
	.shm_unregister = tksim_shm_unregister,
	.shm_free = tksim_drv_shm_gone,
};

static const struct tee_driver_ops tksim_supp_ops = {
	.open = tksim_open,
	.release = tksim_release,
	.supp_recv = tee_supp_recv,
	.supp_send = tee_supp_send,
	.shm_register = tksim_shm_register,
	.shm_unregister = tksim_shm_unregister,
	.shm_free = tksim_drv_shm_gone,
};

#define TKSIM_GEN_CAPS \
	(TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL)

static const struct tee_desc tksim_client_desc = {
	.name = "teekit_sim-clnt",
	.ops = &tksim_client_ops,
	.owner = THIS_MODULE,
	.impl = {
		.impl_id = TEE_IMPL_ID_OPTEE,
		.impl_caps = TEE_OPTEE_CAP_TZ,
		.gen_caps = TKSIM_GEN_CAPS,
		.version = TKSIM_VERSION,
	},
};

static const struct tee_desc tksim_supp_desc = {
	.name = "teekit_sim-supp",
	.ops = &tksim_supp_ops,
	.owner = THIS_MODULE,
	.flags = TEE_DESC_PRIVILEGED,
	.impl = {
		.impl_id = TEE_IMPL_ID_OPTEE,
		.impl_caps = TEE_OPTEE_CAP_TZ,
		.gen_caps = TKSIM_GEN_CAPS,
		.version = TKSIM_VERSION,
	},
};

static int state_show(struct seq_file *m, void *unused)
{
	tksim_conduit_show(m, tksim_the_dev->cd);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(state);

static int __init tksim_init(void)
{
	struct tksim_dev *sd;
	int rc;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->cd = tksim_conduit_create(sd);
	if (IS_ERR(sd->cd)) {
		rc = PTR_ERR(sd->cd);
		goto err_free_sd;
	}
	sd->client = tee_device_alloc(&tksim_client_desc, NULL, NULL, sd);
	if (IS_ERR(sd->client)) {
		rc = PTR_ERR(sd->client);
		goto err_destroy_conduit;
	}
	sd->supp = tee_device_alloc(&tksim_supp_desc, NULL, NULL, sd);
	if (IS_ERR(sd->supp)) {
		rc = PTR_ERR(sd->supp);
		goto err_free_client;
	}
	rc = tee_device_register(sd->client);
	if (rc)
		goto err_free_supp;
	rc = tee_device_register(sd->supp);
	if (rc)
		goto err_free_supp;

	sd->bus = tksim_bus_create(sd);
	if (!sd->bus)
		pr_warn("no memory for the TEE bus: kernel drivers of TAs will not bind\n");
	/* an emulator that attached before the bus existed */
	tksim_bus_os_changed(sd->bus);

	tksim_the_dev = sd;
	tksim_debugfs = debugfs_create_dir("teekit_sim", NULL);
	debugfs_create_file("state", 0400, tksim_debugfs, NULL, &state_fops);
	return 0;

err_free_supp:
	/* unregister also frees a device that was never registered */
	tee_device_unregister(sd->supp);
err_free_client:
	tee_device_unregister(sd->client);
err_destroy_conduit:
	tksim_conduit_destroy(sd->cd);
err_free_sd:
	kfree(sd);
	return rc;
}

/*
 * Open fds of the tee devices and of /dev/teekit_sim pin the module, so
 * at exit no client call, channel or mapping exists.
 */
static void __exit tksim_exit(void)
{
	struct tksim_dev *sd = tksim_the_dev;
	struct tksim_bus *bus;

	debugfs_remove_recursive(tksim_debugfs);
	tksim_conduit_stop(sd->cd);
	/*
	 * Client drivers unbind while the tee devices still work. No OS
	 * channel is left to report a change, so the pointer can go.
	 */
	bus = sd->bus;
	WRITE_ONCE(sd->bus, NULL);
	tksim_bus_destroy(bus);
	tee_device_unregister(sd->supp);
	tee_device_unregister(sd->client);
	tksim_conduit_destroy(sd->cd);
	tksim_the_dev = NULL;
	kfree(sd);
}

module_init(tksim_init);
module_exit(tksim_exit);

MODULE_AUTHOR("teekit");
MODULE_DESCRIPTION("teekit: sim specific TEE driver and its monitor conduit");
MODULE_LICENSE("GPL");
MODULE_VERSION(TEEKIT_VERSION);
