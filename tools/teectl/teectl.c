// SPDX-License-Identifier: GPL-2.0-only
/*
 * teectl - look at and drive teekit from the shell.
 *
 * Implemented so far:
 *   teectl info [--json]   every TEE device: node, implementation id and
 *                          capabilities (TEE_IOC_VERSION), sysfs counters
 *   teectl invoke ...      open a session and invoke one command (invoke.c)
 *
 * Supplicant nodes (teeprivN) are described from sysfs only: opening one
 * would take the single supplicant slot of that device for a moment.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tee.h>
#include <linux/teekit.h>

#include "teectl.h"

#define SYSFS_TEE "/sys/class/tee"

int json;

static const char *impl_name(unsigned int id)
{
	switch (id) {
	case TEE_IMPL_ID_OPTEE:
		return "OP-TEE";
	case TEE_IMPL_ID_AMDTEE:
		return "AMD-TEE";
	case TEE_IMPL_ID_TSTEE:
		return "TS-TEE";
	case TEE_IMPL_ID_QTEE:
		return "QTEE";
	case TEEKIT_IMPL_ID_TEST:
		return "teekit test driver";
	default:
		return "unknown";
	}
}

static int read_attr(const char *dev, const char *attr, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SYSFS_TEE "/%s/%s", dev, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strverscmp(*(char * const *)a, *(char * const *)b);
}

/* Numeric attributes of the device and of its stats/ folder, if any. */
static void print_counters(const char *dev, const char *sub, int *first)
{
	char dir[512], rel[300], val[128];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), SYSFS_TEE "/%s%s%s", dev, sub ? "/" : "",
		 sub ? sub : "");
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;

		if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
			continue;
		if (!strcmp(de->d_name, "uevent") || !strcmp(de->d_name, "dev") ||
		    !strcmp(de->d_name, "implementation_id"))
			continue;
		snprintf(rel, sizeof(rel), "%s%s%s", sub ? sub : "",
			 sub ? "/" : "", de->d_name);
		if (read_attr(dev, rel, val, sizeof(val)) || !val[0])
			continue;
		strtoull(val, &end, 0);
		if (*end)
			continue;
		if (json)
			printf("%s\"%s\": %s", *first ? "" : ", ", de->d_name, val);
		else
			printf("    %-24s %s\n", de->d_name, val);
		*first = 0;
	}
	closedir(d);
}

static void print_device(const char *dev, int index)
{
	struct tee_ioctl_version_data v = { 0 };
	char node[300], impl[64] = "";
	int priv = !strncmp(dev, "teepriv", 7);
	int have_version = 0, first = 1;
	const char *err = NULL;
	unsigned long id;
	int fd;

	read_attr(dev, "implementation_id", impl, sizeof(impl));
	id = strtoul(impl, NULL, 10);
	snprintf(node, sizeof(node), "/dev/%s", dev);
	if (!priv) {
		fd = open(node, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			err = strerror(errno);
		} else {
			if (ioctl(fd, TEE_IOC_VERSION, &v))
				err = strerror(errno);
			else
				have_version = 1;
			close(fd);
		}
	}

	if (json) {
		printf("%s{\"device\": \"%s\", \"node\": \"%s\", \"role\": \"%s\", ",
		       index ? ", " : "", dev, node, priv ? "supplicant" : "client");
		printf("\"implementation_id\": %lu, \"implementation\": \"%s\"",
		       id, impl_name(id));
		if (have_version)
			printf(", \"impl_caps\": %u, \"gen_caps\": %u",
			       v.impl_caps, v.gen_caps);
		if (err)
			printf(", \"error\": \"%s\"", err);
		printf(", \"counters\": {");
		print_counters(dev, NULL, &first);
		print_counters(dev, "stats", &first);
		printf("}}");
		return;
	}

	printf("%s: %s (%s node)\n", dev, node, priv ? "supplicant" : "client");
	printf("    implementation           %lu (%s)\n", id, impl_name(id));
	if (have_version) {
		printf("    impl_caps                0x%x\n", v.impl_caps);
		printf("    gen_caps                 0x%x%s%s%s%s\n", v.gen_caps,
		       v.gen_caps & TEE_GEN_CAP_GP ? " GP" : "",
		       v.gen_caps & TEE_GEN_CAP_PRIVILEGED ? " PRIVILEGED" : "",
		       v.gen_caps & TEE_GEN_CAP_REG_MEM ? " REG_MEM" : "",
		       v.gen_caps & TEE_GEN_CAP_MEMREF_NULL ? " MEMREF_NULL" : "");
	} else if (err) {
		printf("    version                  unavailable: %s%s\n", err,
		       errno == EACCES ? " (join group teeclnt or run as root)" : "");
	}
	print_counters(dev, NULL, &first);
	print_counters(dev, "stats", &first);
}

static int cmd_info(void)
{
	char **names = NULL;
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	d = opendir(SYSFS_TEE);
	if (!d) {
		fprintf(stderr,
			"teectl: no TEE subsystem (%s: %s); load it with 'modprobe teekit'\n",
			SYSFS_TEE, strerror(errno));
		return EXIT_NODEV;
	}
	while ((de = readdir(d))) {
		char **tmp;

		if (de->d_name[0] == '.')
			continue;
		tmp = realloc(names, (n + 1) * sizeof(*names));
		if (!tmp)
			break;
		names = tmp;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);

	if (json)
		printf("{\"devices\": [");
	else if (!n)
		printf("no TEE device registered: load a specific driver (e.g. 'modprobe teekit_sim')\n");
	for (i = 0; i < n; i++) {
		print_device(names[i], i);
		free(names[i]);
	}
	if (json)
		printf("]}\n");
	free(names);
	return n ? EXIT_OK : EXIT_NODEV;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: teectl [--json] COMMAND\n"
		"commands:\n"
		"  info     devices, implementations, capabilities and counters\n"
		"  invoke [--device PATH] [--login METHOD] UUID CMD [PARAM...]\n"
		"           open a session and invoke CMD; PARAM: none, val:A,B, val-out,\n"
		"           val-inout:A,B, in:FILE, out:SIZE[:FILE], inout:FILE[:SIZE];\n"
		"           METHOD: public, user, group:GID, application,\n"
		"           user-application, group-application:GID\n"
		"exit status: 0 ok, 1 failed, 2 usage, 3 no TEE device\n");
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--json") && strcmp(argv[i], "-j")) {
			fprintf(stderr, "teectl: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
		json = 1;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "info"))
		return cmd_info();
	if (!strcmp(argv[i], "invoke"))
		return cmd_invoke(argc - i - 1, argv + i + 1);
	fprintf(stderr, "teectl: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
