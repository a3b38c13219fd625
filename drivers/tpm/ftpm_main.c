// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_ftpm: a TPM 2.0 chip backed by the secure world's fTPM TA.
 *
 * A client driver on the TEE bus (docs/tee-bus.md, docs/tpm.md): it binds
 * to the fTPM TA (secure-world/tas/ftpm, OP-TEE's fTPM UUID and protocol)
 * when the emulator announces it, opens one session and registers a chip
 * with the kernel's TPM core, which gives /dev/tpmN, /dev/tpmrmN, the PCR
 * files in sysfs and the TPM hwrng. Each TPM command is one call of the
 * TA: the command in the first half of one kernel shm buffer, the
 * response in the second.
 *
 * When the TA instance dies, the command in flight fails with EIO and the
 * next one opens a new session (the TA starts the TPM again from its
 * stored state). When the TA's device goes (emulator stopped or dead,
 * teekit_sim unloaded), remove() unregisters the chip; the TPM core
 * waits for the command in flight, which ends when the TA answers or the
 * emulator is gone, then the chip's users get ENODEV.
 *
 * Locking: the TPM core runs one command at a time per chip (its
 * tpm_mutex around send and recv) and keeps remove's
 * tpm_chip_unregister() from returning while one runs (ops_sem), so
 * struct tkftpm needs no lock of its own: @resp_len, @reopen and the
 * shm buffer are touched only from send/recv, and the session only from
 * send (reopen), probe and remove.
 */
#define pr_fmt(fmt) "teekit_ftpm: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/tee_drv.h>
#include <linux/teekit_version.h>	/* TEEKIT_VERSION */
#include <linux/tpm.h>
#include <linux/uuid.h>

#include "tpm_core_api.h"

/* the fTPM TA's protocol (secure-world/tas/ftpm/include/teekit_ftpm_ta.h) */
#define TA_FTPM_SUBMIT_COMMAND		0
#define TA_FTPM_MAX_COMMAND		4096
#define TA_FTPM_MAX_RESPONSE		4096
#define TKFTPM_SHM_SIZE			(TA_FTPM_MAX_COMMAND + TA_FTPM_MAX_RESPONSE)
#define TKFTPM_HEADER_SIZE		10

struct tkftpm {
	struct device *dev;
	struct tpm_chip *chip;
	struct tee_context *ctx;
	u32 session;
	uuid_t uuid;
	bool reopen;		/* the TA instance died: a new session first */
	struct tee_shm *shm;	/* command at 0, response at MAX_COMMAND */
	size_t resp_len;	/* the last response's length, 0 after recv */
};

static int tkftpm_session(struct tkftpm *f)
{
	struct tee_ioctl_open_session_arg oa = {
		.clnt_login = TEE_IOCTL_LOGIN_REE_KERNEL,
	};
	int rc;

	export_uuid(oa.uuid, &f->uuid);
	rc = tee_client_open_session(f->ctx, &oa, NULL);
	if (rc)
		return rc;
	if (oa.ret != TEEC_SUCCESS) {
		dev_dbg(f->dev, "fTPM TA session refused: 0x%08x (origin %u)\n",
			oa.ret, oa.ret_origin);
		return oa.ret == TEEC_ERROR_BUSY ? -EBUSY : -ENOENT;
	}
	f->session = oa.session;
	return 0;
}

/* the TA instance died under a command: a new instance, a new session */
static int tkftpm_reopen(struct tkftpm *f)
{
	int rc;

	tee_client_close_session(f->ctx, f->session);
	rc = tkftpm_session(f);
	if (rc) {
		dev_warn_ratelimited(f->dev, "the fTPM TA died and a new session failed: %d; is tee-supplicant running?\n",
				     rc);
		return -EIO;
	}
	f->reopen = false;
	dev_info(f->dev, "the fTPM TA died; a new instance serves (the TPM was reset: PCRs and sessions are new)\n");
	return 0;
}

static int tkftpm_send(struct tpm_chip *chip, u8 *buf, size_t len)
{
	struct tkftpm *f = dev_get_drvdata(chip->dev.parent);
	struct tee_ioctl_invoke_arg arg = {
		.func = TA_FTPM_SUBMIT_COMMAND, .num_params = 4,
	};
	struct tee_param p[4] = { };
	__be32 hdr_len;
	u8 *va;
	int rc;

	f->resp_len = 0;
	if (len > TA_FTPM_MAX_COMMAND)
		return -E2BIG;
	if (f->reopen) {
		rc = tkftpm_reopen(f);
		if (rc)
			return rc;
	}
	va = tee_shm_get_va(f->shm, 0);
	if (IS_ERR(va))
		return PTR_ERR(va);
	memcpy(va, buf, len);

	p[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT;
	p[0].u.memref.shm = f->shm;
	p[0].u.memref.size = len;
	p[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
	p[1].u.memref.shm = f->shm;
	p[1].u.memref.shm_offs = TA_FTPM_MAX_COMMAND;
	p[1].u.memref.size = TA_FTPM_MAX_RESPONSE;
	arg.session = f->session;

	rc = tee_client_invoke_func(f->ctx, &arg, p);
	if (rc) {
		dev_warn_ratelimited(f->dev, "TPM command not delivered to the fTPM TA: %d (the TEE is going away)\n",
				     rc);
		return -EIO;
	}
	if (arg.ret == TEEC_ERROR_TARGET_DEAD)
		f->reopen = true;
	if (arg.ret != TEEC_SUCCESS) {
		dev_warn_ratelimited(f->dev, "fTPM TA command failed: 0x%08x (origin %u); the TA, the emulator (teekit-tos) or the supplicant is gone or broken, see teekit-tos's log\n",
				     arg.ret, arg.ret_origin);
		return -EIO;
	}
	/* the TA is a peer: a response must fit and say its own length */
	if (p[1].u.memref.size < TKFTPM_HEADER_SIZE ||
	    p[1].u.memref.size > TA_FTPM_MAX_RESPONSE) {
		dev_warn_ratelimited(f->dev, "the fTPM TA answered %zu bytes (10 to %u): refused\n",
				     p[1].u.memref.size, TA_FTPM_MAX_RESPONSE);
		return -EIO;
	}
	/* the header's size field (tag 2 bytes, size 4, code 4) */
	memcpy(&hdr_len, va + TA_FTPM_MAX_COMMAND + 2, sizeof(hdr_len));
	if (be32_to_cpu(hdr_len) != p[1].u.memref.size) {
		dev_warn_ratelimited(f->dev, "the fTPM TA's response says %u bytes but is %zu: refused\n",
				     be32_to_cpu(hdr_len), p[1].u.memref.size);
		return -EIO;
	}
	f->resp_len = p[1].u.memref.size;
	return 0;
}

static int tkftpm_recv(struct tpm_chip *chip, u8 *buf, size_t len)
{
	struct tkftpm *f = dev_get_drvdata(chip->dev.parent);
	size_t n = f->resp_len;
	u8 *va;

	f->resp_len = 0;
	if (!n)
		return -EIO;
	if (n > len)
		return -EIO;
	va = tee_shm_get_va(f->shm, TA_FTPM_MAX_COMMAND);
	if (IS_ERR(va))
		return PTR_ERR(va);
	memcpy(buf, va, n);
	return n;
}

/* a command is done when send() returns: nothing to poll or cancel */
static void tkftpm_cancel(struct tpm_chip *chip)
{
}

static u8 tkftpm_status(struct tpm_chip *chip)
{
	return 0;
}

static bool tkftpm_req_canceled(struct tpm_chip *chip, u8 status)
{
	return false;
}

static const struct tpm_class_ops tkftpm_ops = {
	.flags = TPM_OPS_AUTO_STARTUP,
	.recv = tkftpm_recv,
	.send = tkftpm_send,
	.cancel = tkftpm_cancel,
	.status = tkftpm_status,
	.req_complete_mask = 0,
	.req_complete_val = 0,
	.req_canceled = tkftpm_req_canceled,
};

static int tkftpm_ctx_match(struct tee_ioctl_version_data *ver,
			    const void *data)
{
	return ver->impl_id == TEE_IMPL_ID_OPTEE &&
	       (ver->gen_caps & TEE_GEN_CAP_GP);
}

/* a context and a session on the first TEE where the TA opens */
static int tkftpm_open(struct tkftpm *f)
{
	struct tee_context *prev = NULL;
	int rc;

	for (;;) {
		f->ctx = tee_client_open_context(prev, tkftpm_ctx_match, NULL,
						 NULL);
		if (prev)
			tee_client_close_context(prev);
		if (IS_ERR(f->ctx))
			return PTR_ERR(f->ctx);
		rc = tkftpm_session(f);
		if (!rc)
			return 0;
		dev_dbg(f->dev, "no session on this TEE: %d\n", rc);
		prev = f->ctx;
	}
}

static int tkftpm_probe(struct device *dev)
{
	struct tee_client_device *tcdev = to_tee_client_device(dev);
	struct tkftpm *f;
	int rc;

	f = devm_kzalloc(dev, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->dev = dev;
	uuid_copy(&f->uuid, &tcdev->id.uuid);
	rc = tkftpm_open(f);
	if (rc) {
		dev_err(dev, "cannot open a session of the fTPM TA %pUb: %d; is tee-supplicant running to load it, is it in /lib/optee_armtz, and does no other client hold its one session?\n",
			&tcdev->id.uuid, rc);
		return rc;
	}
	f->shm = tee_shm_alloc_kernel_buf(f->ctx, TKFTPM_SHM_SIZE);
	if (IS_ERR(f->shm)) {
		rc = PTR_ERR(f->shm);
		goto err_close;
	}
	dev_set_drvdata(dev, f);

	f->chip = tpm_chip_alloc(dev, &tkftpm_ops);
	if (IS_ERR(f->chip)) {
		rc = PTR_ERR(f->chip);
		goto err_shm;
	}
	f->chip->flags |= TPM_CHIP_FLAG_TPM2;
	rc = tpm_chip_register(f->chip);
	if (rc) {
		dev_err(dev, "the TPM core refused the fTPM: %d (see the lines above; the TA's log says why a command failed)\n",
			rc);
		goto err_chip;
	}
	dev_info(dev, "TPM 2.0 registered as %s\n", dev_name(&f->chip->dev));
	return 0;

err_chip:
	put_device(&f->chip->dev);
err_shm:
	tee_shm_free(f->shm);
err_close:
	tee_client_close_session(f->ctx, f->session);
	tee_client_close_context(f->ctx);
	return rc;
}

static int tkftpm_remove(struct device *dev)
{
	struct tkftpm *f = dev_get_drvdata(dev);

	/* returns once no command runs: it ends when the TA answers or dies */
	tpm_chip_unregister(f->chip);
	put_device(&f->chip->dev);
	tee_shm_free(f->shm);
	tee_client_close_session(f->ctx, f->session);
	tee_client_close_context(f->ctx);
	return 0;
}

static const struct tee_client_device_id tkftpm_id_table[] = {
	/* bc50d971-d4c9-42c4-82cb-343fb7f37896: OP-TEE's fTPM TA's UUID */
	{ UUID_INIT(0xbc50d971, 0xd4c9, 0x42c4,
		    0x82, 0xcb, 0x34, 0x3f, 0xb7, 0xf3, 0x78, 0x96) },
	{ }
};
MODULE_DEVICE_TABLE(tee, tkftpm_id_table);

static struct tee_client_driver tkftpm_driver = {
	.id_table = tkftpm_id_table,
	.driver = {
		.name = "teekit_ftpm",
		.probe = tkftpm_probe,
		.remove = tkftpm_remove,
	},
};
module_tee_client_driver(tkftpm_driver);

MODULE_AUTHOR("teekit");
MODULE_DESCRIPTION("teekit: TPM 2.0 backed by the secure world's fTPM TA");
MODULE_LICENSE("GPL");
MODULE_VERSION(TEEKIT_VERSION);
