// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit_rng: a hardware RNG backed by the secure world.
 *
 * A client driver on the TEE bus (docs/tee-bus.md): it binds to the RNG
 * TA (secure-world/tas/rng) when the emulator announces it, opens one
 * session as a kernel client and registers with the hwrng framework, so
 * /dev/hwrng and the kernel's entropy pool get the TA's bytes. When the
 * TA's device goes (emulator stopped or dead, teekit_sim unloaded) the
 * driver unbinds; a read pending then fails with EIO, never hangs.
 *
 * test_seed=N (0-255; a test switch, root only) makes the TA answer this
 * driver's session with the known sequence N, N+1, ... (mod 256) and
 * gives the hwrng quality 0, so nothing but readers of /dev/hwrng
 * consumes it and a test can check every byte came from the TA.
 *
 * Locking: tkrng.lock serializes reads (one shm buffer per device); the
 * hwrng core keeps unregister from returning while a read runs.
 */
#define pr_fmt(fmt) "teekit_rng: " fmt

#include <linux/hw_random.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/tee_drv.h>
#include <linux/teekit_version.h>	/* TEEKIT_VERSION */
#include <linux/uuid.h>

/* the RNG TA's protocol (secure-world/tas/rng/include/teekit_rng_ta.h) */
#define TA_RNG_CMD_GET_ENTROPY		0
#define TA_RNG_CMD_GET_RNG_INFO		1
#define TA_RNG_CMD_TEST_SEQUENCE	0x7e57
#define TA_RNG_MAX_BYTES		4096

static int test_seed = -1;
module_param(test_seed, int, 0444);
MODULE_PARM_DESC(test_seed,
		 "tests only: 0-255 makes the TA give the known sequence seed, seed+1, ... (default -1: random bytes)");

struct tkrng {
	struct hwrng hwrng;
	struct device *dev;
	struct tee_context *ctx;
	u32 session;
	uuid_t uuid;
	bool reopen;		/* the TA instance died: a new session first */
	struct tee_shm *shm;
	struct mutex lock;	/* @shm, @session, @reopen and their calls */
};

static int tkrng_invoke(struct tkrng *r, u32 cmd, struct tee_param *p)
{
	struct tee_ioctl_invoke_arg arg = {
		.func = cmd, .session = r->session, .num_params = 4,
	};
	int rc;

	rc = tee_client_invoke_func(r->ctx, &arg, p);
	if (rc)
		return rc;
	if (arg.ret == TEEC_ERROR_TARGET_DEAD)
		r->reopen = true;
	if (arg.ret != TEEC_SUCCESS) {
		dev_warn_ratelimited(r->dev, "RNG TA command %u failed: 0x%08x (origin %u); the TA, the emulator (teekit-tos) or the supplicant is gone or broken, see teekit-tos's log\n",
				     cmd, arg.ret, arg.ret_origin);
		return -EIO;
	}
	return 0;
}

static int tkrng_session(struct tkrng *r)
{
	struct tee_ioctl_open_session_arg oa = {
		.clnt_login = TEE_IOCTL_LOGIN_REE_KERNEL,
	};
	struct tee_param p[4] = { };
	int rc;

	export_uuid(oa.uuid, &r->uuid);
	rc = tee_client_open_session(r->ctx, &oa, NULL);
	if (rc)
		return rc;
	if (oa.ret != TEEC_SUCCESS)
		return -ENOENT;
	r->session = oa.session;
	if (test_seed < 0)
		return 0;
	p[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	p[0].u.value.a = test_seed & 0xff;
	rc = tkrng_invoke(r, TA_RNG_CMD_TEST_SEQUENCE, p);
	if (rc) {
		tee_client_close_session(r->ctx, r->session);
		return rc;
	}
	return 0;
}

/* under r->lock: the TA instance died under a read, start a new one */
static int tkrng_reopen(struct tkrng *r)
{
	int rc;

	tee_client_close_session(r->ctx, r->session);
	rc = tkrng_session(r);
	if (rc) {
		dev_warn_ratelimited(r->dev, "the RNG TA died and a new session failed: %d\n",
				     rc);
		return -EIO;
	}
	r->reopen = false;
	dev_info(r->dev, "the RNG TA died; reading from a new session\n");
	return 0;
}

static int tkrng_read(struct hwrng *rng, void *data, size_t max, bool wait)
{
	struct tkrng *r = container_of(rng, struct tkrng, hwrng);
	struct tee_param p[4] = { };
	size_t n = min_t(size_t, max, TA_RNG_MAX_BYTES);
	void *va;
	int rc;

	mutex_lock(&r->lock);
	if (r->reopen) {
		rc = tkrng_reopen(r);
		if (rc)
			goto out;
	}
	p[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
	p[0].u.memref.shm = r->shm;
	p[0].u.memref.size = n;
	rc = tkrng_invoke(r, TA_RNG_CMD_GET_ENTROPY, p);
	if (!rc) {
		va = tee_shm_get_va(r->shm, 0);
		if (IS_ERR(va) || p[0].u.memref.size > n) {
			rc = -EIO;
		} else {
			n = p[0].u.memref.size;
			memcpy(data, va, n);
			rc = n;
		}
	}
out:
	mutex_unlock(&r->lock);
	return rc;
}

static int tkrng_ctx_match(struct tee_ioctl_version_data *ver, const void *data)
{
	return ver->impl_id == TEE_IMPL_ID_OPTEE &&
	       (ver->gen_caps & TEE_GEN_CAP_GP);
}

/*
 * A context and a session on a TEE where the TA opens (the first that
 * has it), as upstream's client drivers find their TEE; with test_seed,
 * the session gives the known sequence.
 */
static int tkrng_open(struct tkrng *r)
{
	struct tee_context *prev = NULL;
	int rc;

	for (;;) {
		r->ctx = tee_client_open_context(prev, tkrng_ctx_match, NULL,
						 NULL);
		if (prev)
			tee_client_close_context(prev);
		if (IS_ERR(r->ctx))
			return PTR_ERR(r->ctx);
		rc = tkrng_session(r);
		if (!rc)
			return 0;
		dev_dbg(r->dev, "no session on this TEE: %d\n", rc);
		prev = r->ctx;
	}
}

static int tkrng_probe(struct device *dev)
{
	struct tee_client_device *tcdev = to_tee_client_device(dev);
	struct tee_param p[4] = { };
	struct tkrng *r;
	int rc;

	r = devm_kzalloc(dev, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->dev = dev;
	mutex_init(&r->lock);
	uuid_copy(&r->uuid, &tcdev->id.uuid);
	rc = tkrng_open(r);
	if (rc) {
		dev_err(dev, "cannot open a session of the RNG TA %pUb: %d; is tee-supplicant running to load it, and is it in /lib/optee_armtz?\n",
			&tcdev->id.uuid, rc);
		return rc;
	}
	r->shm = tee_shm_alloc_kernel_buf(r->ctx, TA_RNG_MAX_BYTES);
	if (IS_ERR(r->shm)) {
		rc = PTR_ERR(r->shm);
		goto err_close;
	}
	if (test_seed >= 0) {
		dev_warn(dev, "test mode (test_seed=%d): not random, never use it outside tests\n",
			 test_seed);
		r->hwrng.quality = 0;
	} else {
		p[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
		rc = tkrng_invoke(r, TA_RNG_CMD_GET_RNG_INFO, p);
		if (rc)
			goto err_shm;
		r->hwrng.quality = min_t(u64, p[0].u.value.b, 1024);
	}
	r->hwrng.name = dev_name(dev);
	r->hwrng.read = tkrng_read;
	rc = hwrng_register(&r->hwrng);
	if (rc) {
		dev_err(dev, "hwrng_register failed: %d\n", rc);
		goto err_shm;
	}
	dev_set_drvdata(dev, r);
	dev_info(dev, "hwrng %s registered (quality %u)\n", r->hwrng.name,
		 r->hwrng.quality);
	return 0;

err_shm:
	tee_shm_free(r->shm);
err_close:
	tee_client_close_session(r->ctx, r->session);
	tee_client_close_context(r->ctx);
	return rc;
}

static int tkrng_remove(struct device *dev)
{
	struct tkrng *r = dev_get_drvdata(dev);

	/* returns once no read runs: a pending one ends when the TA answers or dies */
	hwrng_unregister(&r->hwrng);
	tee_shm_free(r->shm);
	tee_client_close_session(r->ctx, r->session);
	tee_client_close_context(r->ctx);
	return 0;
}

static const struct tee_client_device_id tkrng_id_table[] = {
	/* 85909e77-534d-4adf-847b-710feb9062eb: secure-world/tas/rng */
	{ UUID_INIT(0x85909e77, 0x534d, 0x4adf,
		    0x84, 0x7b, 0x71, 0x0f, 0xeb, 0x90, 0x62, 0xeb) },
	{ }
};
MODULE_DEVICE_TABLE(tee, tkrng_id_table);

static struct tee_client_driver tkrng_driver = {
	.id_table = tkrng_id_table,
	.driver = {
		.name = "teekit_rng",
		.probe = tkrng_probe,
		.remove = tkrng_remove,
	},
};
module_tee_client_driver(tkrng_driver);

MODULE_AUTHOR("teekit");
MODULE_DESCRIPTION("teekit: hardware RNG backed by the secure world's RNG TA");
MODULE_LICENSE("GPL");
MODULE_VERSION(TEEKIT_VERSION);
