// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: the TEE bus (docs/tee-bus.md).
 *
 * A specific driver adds one struct tee_client_device per trusted
 * application the secure world announces; client drivers
 * (struct tee_client_driver) bind to them by UUID through the driver
 * core, in any load order. Names and semantics are upstream's, so a
 * client driver written for upstream's tee.ko builds against teekit.
 *
 * Locking: none of its own. The driver core serializes probe and remove
 * per device (device_lock) and bus_register/driver_register keep their
 * lists; a tee_client_device is owned by the specific driver that added
 * it, which removes it before its tee_device goes.
 */
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uuid.h>

#include <linux/teekit_compat.h>

#include "tee_private.h"

static int tee_bus_match(struct device *dev,
			 TEEKIT_BUS_MATCH_DRV_CONST struct device_driver *drv)
{
	const struct tee_client_device *tcdev = to_tee_client_device(dev);
	const struct tee_client_driver *tcdrv =
		container_of(drv, struct tee_client_driver, driver);
	const struct tee_client_device_id *id;

	if (!tcdrv->id_table)
		return 0;
	/* the table ends with a nil UUID */
	for (id = tcdrv->id_table; !uuid_is_null(&id->uuid); id++)
		if (uuid_equal(&tcdev->id.uuid, &id->uuid))
			return 1;
	return 0;
}

static int tee_bus_uevent(TEEKIT_UEVENT_DEV_CONST struct device *dev,
			  struct kobj_uevent_env *env)
{
	const struct tee_client_device *tcdev =
		container_of(dev, struct tee_client_device, dev);

	/* modprobe finds the driver through MODULE_DEVICE_TABLE(tee, ...) */
	return add_uevent_var(env, "MODALIAS=tee:%pUb", &tcdev->id.uuid);
}

struct bus_type tee_bus_type = {
	.name = "tee",
	.match = tee_bus_match,
	.uevent = tee_bus_uevent,
};
EXPORT_SYMBOL_GPL(tee_bus_type);

int __tee_client_driver_register(struct tee_client_driver *tee_driver,
				 struct module *owner)
{
	tee_driver->driver.owner = owner;
	tee_driver->driver.bus = &tee_bus_type;
	return driver_register(&tee_driver->driver);
}
EXPORT_SYMBOL_GPL(__tee_client_driver_register);

void tee_client_driver_unregister(struct tee_client_driver *tee_driver)
{
	driver_unregister(&tee_driver->driver);
}
EXPORT_SYMBOL_GPL(tee_client_driver_unregister);

static void tee_client_device_release(struct device *dev)
{
	kfree(to_tee_client_device(dev));
}

struct tee_client_device *tee_client_device_add(struct device *parent,
						const uuid_t *uuid,
						const char *prefix)
{
	struct tee_client_device *tcdev;
	int rc;

	tcdev = kzalloc(sizeof(*tcdev), GFP_KERNEL);
	if (!tcdev)
		return ERR_PTR(-ENOMEM);
	uuid_copy(&tcdev->id.uuid, uuid);
	tcdev->dev.bus = &tee_bus_type;
	tcdev->dev.parent = parent;
	tcdev->dev.release = tee_client_device_release;
	device_initialize(&tcdev->dev);
	rc = dev_set_name(&tcdev->dev, "%s-ta-%pUb", prefix, uuid);
	if (rc)
		goto err_put;
	/* probes every registered driver whose table holds the UUID */
	rc = device_add(&tcdev->dev);
	if (rc) {
		pr_err("cannot add TEE bus device %s: %d\n",
		       dev_name(&tcdev->dev), rc);
		goto err_put;
	}
	return tcdev;

err_put:
	put_device(&tcdev->dev);	/* frees tcdev through release */
	return ERR_PTR(rc);
}
EXPORT_SYMBOL_GPL(tee_client_device_add);

void tee_client_device_remove(struct tee_client_device *tcdev)
{
	/* unbinds the client driver (its remove runs) and drops our ref */
	device_unregister(&tcdev->dev);
}
EXPORT_SYMBOL_GPL(tee_client_device_remove);

struct tee_context *tee_client_open_device_context(struct tee_device *teedev)
{
	return teedev_open(teedev, true);
}
EXPORT_SYMBOL_GPL(tee_client_open_device_context);

int tee_bus_init(void)
{
	return bus_register(&tee_bus_type);
}

void tee_bus_exit(void)
{
	bus_unregister(&tee_bus_type);
}
