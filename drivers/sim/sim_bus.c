// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_sim: devices on the TEE bus (docs/tee-bus.md, decision 1901).
 *
 * When the emulator attaches, the TAs it announces through the
 * device-enumeration pseudo TA (OP-TEE's PTA_CMD_GET_DEVICES protocol)
 * become tee_client_devices; when it detaches or dies they are removed,
 * which unbinds their client drivers. Both happen in one work item, so
 * the conduit only has to say "the OS changed" (under its lock, where
 * nothing may sleep on the driver core).
 *
 * Locking: tksim_bus.lock protects the device list and @stopped; it is
 * held across device add/remove (probe and remove of client drivers run
 * under it) and never taken by the conduit.
 */
#define pr_fmt(fmt) "teekit_sim: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>

#include "sim_private.h"

#define DEVENUM_CMD_GET_DEVICES		0
#define DEVENUM_CMD_GET_DEVICES_SUPP	1
#define TKSIM_BUS_MAX_DEVS		64

/* 7011a688-ddde-4053-a5a9-7b3c4ddf13b8, OP-TEE's device enumeration PTA */
static const uuid_t devenum_uuid =
	UUID_INIT(0x7011a688, 0xddde, 0x4053,
		  0xa5, 0xa9, 0x7b, 0x3c, 0x4d, 0xdf, 0x13, 0xb8);

struct tksim_bus {
	struct tksim_dev *sd;
	struct work_struct work;
	struct mutex lock;	/* @devs, @ndevs, @stopped; across add/remove */
	struct tee_client_device *devs[TKSIM_BUS_MAX_DEVS];
	unsigned int ndevs;
	bool stopped;
};

static void remove_all(struct tksim_bus *b)
{
	while (b->ndevs) {
		b->ndevs--;
		tee_client_device_remove(b->devs[b->ndevs]);
		b->devs[b->ndevs] = NULL;
	}
}

/* the UUIDs for @cmd into @buf (16 octets each); how many, or < 0 */
static int get_devices(struct tee_context *ctx, u32 session, u32 cmd,
		       struct tee_shm *shm, size_t len)
{
	struct tee_ioctl_invoke_arg arg = {
		.func = cmd, .session = session, .num_params = 4,
	};
	struct tee_param param[4] = { };
	int rc;

	param[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT;
	param[0].u.memref.shm = shm;
	param[0].u.memref.size = len;
	rc = tee_client_invoke_func(ctx, &arg, param);
	if (rc)
		return rc;
	if (arg.ret == TEEC_ERROR_SHORT_BUFFER)
		return -ENOSPC;
	if (arg.ret != TEEC_SUCCESS)
		return -EIO;
	if (param[0].u.memref.size > len || param[0].u.memref.size % 16)
		return -EPROTO;
	return param[0].u.memref.size / 16;
}

/* a UUID announced twice (by both commands, or a lying emulator) */
static bool known(struct tksim_bus *b, const uuid_t *uuid)
{
	unsigned int i;

	for (i = 0; i < b->ndevs; i++)
		if (uuid_equal(&b->devs[i]->id.uuid, uuid))
			return true;
	return false;
}

static void enumerate(struct tksim_dev *sd, struct tksim_bus *b)
{
	size_t len = TKSIM_BUS_MAX_DEVS * sizeof(uuid_t);
	struct tee_ioctl_open_session_arg oa = {
		.clnt_login = TEE_IOCTL_LOGIN_REE_KERNEL,
	};
	struct tee_client_device *tcdev;
	static const u32 cmds[] = {
		DEVENUM_CMD_GET_DEVICES, DEVENUM_CMD_GET_DEVICES_SUPP,
	};
	struct tee_context *ctx;
	struct tee_shm *shm;
	unsigned int c;
	uuid_t *uuids;
	int rc, i, n;

	ctx = tee_client_open_device_context(sd->client);
	if (IS_ERR(ctx))
		return;
	shm = tee_shm_alloc_kernel_buf(ctx, len);
	if (IS_ERR(shm))
		goto out_ctx;
	export_uuid(oa.uuid, &devenum_uuid);
	rc = tee_client_open_session(ctx, &oa, NULL);
	if (rc || oa.ret != TEEC_SUCCESS) {
		pr_warn("TEE bus: the emulator refused the device-enumeration session (rc %d, 0x%08x); no device for kernel drivers. Is teekit-tos older than this driver?\n",
			rc, oa.ret);
		goto out_shm;
	}
	uuids = tee_shm_get_va(shm, 0);
	for (c = 0; c < ARRAY_SIZE(cmds) && !IS_ERR(uuids); c++) {
		n = get_devices(ctx, oa.session, cmds[c], shm, len);
		if (n < 0) {
			pr_warn("TEE bus: device enumeration (command %u) failed: %d (%s)\n",
				cmds[c], n, n == -ENOSPC ?
				"more TAs announced than the driver takes" :
				"the emulator died or answered wrongly");
			continue;
		}
		for (i = 0; i < n && b->ndevs < TKSIM_BUS_MAX_DEVS; i++) {
			if (uuid_is_null(&uuids[i]) || known(b, &uuids[i]))
				continue;
			tcdev = tee_client_device_add(tee_device_dev(sd->client),
						      &uuids[i], "teekit");
			if (!IS_ERR(tcdev))
				b->devs[b->ndevs++] = tcdev;
		}
	}
	tee_client_close_session(ctx, oa.session);
out_shm:
	tee_shm_free(shm);
out_ctx:
	tee_client_close_context(ctx);
}

static void tksim_bus_work(struct work_struct *work)
{
	struct tksim_bus *b = container_of(work, struct tksim_bus, work);
	struct tksim_dev *sd = b->sd;

	mutex_lock(&b->lock);
	/* a new emulator announces afresh; a gone one takes its devices */
	remove_all(b);
	if (!b->stopped && tksim_conduit_os_attached(sd->cd))
		enumerate(sd, b);
	mutex_unlock(&b->lock);
}

struct tksim_bus *tksim_bus_create(struct tksim_dev *sd)
{
	struct tksim_bus *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	b->sd = sd;
	INIT_WORK(&b->work, tksim_bus_work);
	mutex_init(&b->lock);
	return b;
}

/* the emulator attached or went away; any context, even atomic */
void tksim_bus_os_changed(struct tksim_bus *b)
{
	if (b && !READ_ONCE(b->stopped))
		schedule_work(&b->work);
}

/* module exit: no more devices, none left */
void tksim_bus_destroy(struct tksim_bus *b)
{
	if (!b)
		return;
	mutex_lock(&b->lock);
	WRITE_ONCE(b->stopped, true);
	mutex_unlock(&b->lock);
	cancel_work_sync(&b->work);
	mutex_lock(&b->lock);
	remove_all(b);
	mutex_unlock(&b->lock);
	kfree(b);
}
