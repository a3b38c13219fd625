// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: sysfs attributes of /sys/class/tee/<dev>/.
 *
 *   implementation_id	decimal impl_id, as upstream
 *   driver		name of the specific driver (tee_desc.name)
 *   version		the driver's tee_impl_desc.version, decimal
 *   gen_caps		TEE_GEN_CAP_* as reported by VERSION, hex
 *   dead		1 once the driver unregistered the device
 *   stats/		counters, see docs/limits.md
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "tee_private.h"

#define to_teedev(d) container_of(d, struct tee_device, dev)

static ssize_t implementation_id_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	struct tee_device *teedev = to_teedev(dev);
	struct tee_ioctl_version_data vers;
	int idx;

	if (!tee_dev_enter(teedev, &idx))
		return sysfs_emit(buf, "%u\n", teedev->desc.impl.impl_id);
	tee_get_version(teedev, &vers);
	tee_dev_exit(teedev, idx);
	return sysfs_emit(buf, "%u\n", vers.impl_id);
}
static DEVICE_ATTR_RO(implementation_id);

static ssize_t gen_caps_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct tee_device *teedev = to_teedev(dev);
	struct tee_ioctl_version_data vers;
	int idx;

	if (!tee_dev_enter(teedev, &idx))
		return -ENODEV;
	tee_get_version(teedev, &vers);
	tee_dev_exit(teedev, idx);
	return sysfs_emit(buf, "0x%x\n", vers.gen_caps);
}
static DEVICE_ATTR_RO(gen_caps);

static ssize_t driver_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", to_teedev(dev)->drv_name);
}
static DEVICE_ATTR_RO(driver);

static ssize_t version_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", to_teedev(dev)->desc.impl.version);
}
static DEVICE_ATTR_RO(version);

static ssize_t dead_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_teedev(dev)->dead));
}
static DEVICE_ATTR_RO(dead);

static struct attribute *tee_dev_attrs[] = {
	&dev_attr_implementation_id.attr,
	&dev_attr_gen_caps.attr,
	&dev_attr_driver.attr,
	&dev_attr_version.attr,
	&dev_attr_dead.attr,
	NULL
};

static const struct attribute_group tee_dev_group = {
	.attrs = tee_dev_attrs,
};

#define TEE_STAT_ATTR(name, kind)					\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%lld\n",				\
			  (long long)kind##_read(&to_teedev(dev)->stats.name)); \
}									\
static DEVICE_ATTR_RO(name)

TEE_STAT_ATTR(contexts, atomic);
TEE_STAT_ATTR(sessions, atomic);
TEE_STAT_ATTR(shm_count, atomic);
TEE_STAT_ATTR(shm_bytes, atomic64);
TEE_STAT_ATTR(supp_pending, atomic);
TEE_STAT_ATTR(total_opens, atomic64);

/* the hot path counts per CPU (this_cpu_inc); the sum is read here */
static ssize_t total_invokes_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	u64 __percpu *cnt = to_teedev(dev)->stats.total_invokes;
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(cnt, cpu);
	return sysfs_emit(buf, "%lld\n", (long long)sum);
}
static DEVICE_ATTR_RO(total_invokes);

TEE_STAT_ATTR(total_supp_reqs, atomic64);
TEE_STAT_ATTR(total_supp_timeouts, atomic64);
TEE_STAT_ATTR(total_limit_hits, atomic64);

static struct attribute *tee_stats_attrs[] = {
	&dev_attr_contexts.attr,
	&dev_attr_sessions.attr,
	&dev_attr_shm_count.attr,
	&dev_attr_shm_bytes.attr,
	&dev_attr_supp_pending.attr,
	&dev_attr_total_opens.attr,
	&dev_attr_total_invokes.attr,
	&dev_attr_total_supp_reqs.attr,
	&dev_attr_total_supp_timeouts.attr,
	&dev_attr_total_limit_hits.attr,
	NULL
};

static const struct attribute_group tee_stats_group = {
	.name = "stats",
	.attrs = tee_stats_attrs,
};

const struct attribute_group *tee_dev_groups[] = {
	&tee_dev_group,
	&tee_stats_group,
	NULL
};
