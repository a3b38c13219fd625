// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: the in-kernel client API (<linux/tee_drv.h>).
 *
 * Kernel clients go through the same context and session code as the
 * ioctls (session tracking, limits, dead-device checks) but skip the
 * user-space checks: they may use the REE_KERNEL login and their
 * supplicant requests fail at once when no supplicant is attached.
 */
#include <linux/device.h>
#include <linux/module.h>

#include "tee_private.h"

struct tee_match_data {
	int (*match)(struct tee_ioctl_version_data *vers, const void *data);
	const void *data;
	struct tee_ioctl_version_data *vers;
};

static int tee_match_dev(struct device *dev, const void *arg)
{
	const struct tee_match_data *md = arg;
	struct tee_device *teedev = container_of(dev, struct tee_device, dev);
	struct tee_ioctl_version_data vers;
	int idx, match;

	if (!tee_dev_enter(teedev, &idx))
		return 0;
	tee_get_version(teedev, &vers);
	tee_dev_exit(teedev, idx);
	match = md->match(&vers, md->data);
	if (match && md->vers)
		*md->vers = vers;
	return match;
}

struct tee_context *
tee_client_open_context(struct tee_context *start,
			int (*match)(struct tee_ioctl_version_data *, const void *),
			const void *data, struct tee_ioctl_version_data *vers)
{
	struct tee_match_data md = { match, data, vers };
	struct device *from = start ? &start->teedev->dev : NULL;
	struct tee_context *ctx = ERR_PTR(-ENOENT);
	struct device *dev, *found = NULL;

	for (;;) {
		dev = class_find_device(tee_get_class(), found ? found : from,
					&md, tee_match_dev);
		/* drop the previous find's reference, never start's */
		if (found)
			put_device(found);
		if (!dev)
			return ERR_PTR(-ENOENT);
		ctx = teedev_open(container_of(dev, struct tee_device, dev),
				  true);
		if (!IS_ERR(ctx) || PTR_ERR(ctx) == -ENOMEM) {
			/* the context holds its own device reference */
			put_device(dev);
			return ctx;
		}
		found = dev;
	}
}
EXPORT_SYMBOL_GPL(tee_client_open_context);

void tee_client_close_context(struct tee_context *ctx)
{
	teedev_close_context(ctx);
}
EXPORT_SYMBOL_GPL(tee_client_close_context);

void tee_client_get_version(struct tee_context *ctx,
			    struct tee_ioctl_version_data *vers)
{
	int idx;

	if (!tee_dev_enter(ctx->teedev, &idx)) {
		memset(vers, 0, sizeof(*vers));
		return;
	}
	tee_get_version(ctx->teedev, vers);
	tee_dev_exit(ctx->teedev, idx);
}
EXPORT_SYMBOL_GPL(tee_client_get_version);

int tee_client_open_session(struct tee_context *ctx,
			    struct tee_ioctl_open_session_arg *arg,
			    struct tee_param *param)
{
	int rc, idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return -ENODEV;
	rc = tee_ctx_open_session(ctx, arg, param, false);
	tee_dev_exit(ctx->teedev, idx);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_client_open_session);

int tee_client_close_session(struct tee_context *ctx, u32 session)
{
	int rc, idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return -ENODEV;
	rc = tee_ctx_close_session(ctx, session);
	tee_dev_exit(ctx->teedev, idx);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_client_close_session);

int tee_client_system_session(struct tee_context *ctx, u32 session)
{
	int rc, idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return -ENODEV;
	rc = tee_ctx_system_session(ctx, session);
	tee_dev_exit(ctx->teedev, idx);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_client_system_session);

int tee_client_invoke_func(struct tee_context *ctx,
			   struct tee_ioctl_invoke_arg *arg,
			   struct tee_param *param)
{
	int rc, idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return -ENODEV;
	rc = tee_ctx_invoke(ctx, arg, param);
	tee_dev_exit(ctx->teedev, idx);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_client_invoke_func);

int tee_client_cancel_req(struct tee_context *ctx,
			  struct tee_ioctl_cancel_arg *arg)
{
	int rc, idx;

	if (!tee_dev_enter(ctx->teedev, &idx))
		return -ENODEV;
	rc = tee_ctx_cancel(ctx, arg->cancel_id, arg->session);
	tee_dev_exit(ctx->teedev, idx);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_client_cancel_req);
