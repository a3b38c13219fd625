// SPDX-License-Identifier: GPL-2.0-only
/*
 * teectl - look at and drive teekit from the shell.
 *
 *   teectl info            every TEE device: node, implementation id and
 *                          capabilities (TEE_IOC_VERSION), sysfs counters;
 *                          versions of every layer (driver modules, secure
 *                          world, supplicant, library)
 *   teectl status ...      loaded TAs, clients, shared memory, pending
 *   teectl log ...         TA logs, TA log level (status.c)
 *   teectl limits ...      TA instance limits (status.c)
 *   teectl ta ...          list, install, remove, sign TAs (ta.c)
 *   teectl invoke ...      open a session and invoke one command (invoke.c)
 *
 * Every command takes --json. Exit codes: teectl.h.
 *
 * Supplicant nodes (teeprivN) are described from sysfs only: opening one
 * would take the single supplicant slot of that device for a moment.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/tee.h>
#include <linux/teekit.h>

#include "tee_client_api.h"
#include "teectl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int json;

void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

const char *errno_hint(int err)
{
	if (err == EACCES || err == EPERM)
		return " (join group teeclnt or run as root)";
	return "";
}

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
void print_counters(const char *dev, const char *sub, int *first,
		    const char *indent)
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
		unsigned long long num;
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
		num = strtoull(val, &end, 0);
		if (*end)
			continue;
		if (json)
			printf("%s\"%s\": %llu", *first ? "" : ", ", de->d_name, num);
		else
			printf("%s%-24s %s\n", indent, de->d_name, val);
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
		print_counters(dev, NULL, &first, "");
		print_counters(dev, "stats", &first, "");
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
	print_counters(dev, NULL, &first, "    ");
	print_counters(dev, "stats", &first, "    ");
}

int list_dir(const char *dir, bool (*want)(const char *name),
	     int (*cmp)(const void *a, const void *b), char ***out)
{
	char **names = NULL, **tmp;
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || (want && !want(de->d_name)))
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
	if (n)
		qsort(names, n, sizeof(*names), cmp);
	*out = names;
	return n;
}

int list_devices(char ***out)
{
	return list_dir(SYSFS_TEE, NULL, cmp_name, out);
}

void free_devices(char **names, int n)
{
	while (n-- > 0)
		free(names[n]);
	free(names);
}

static int read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (!f)
		return -1;
	if (!fgets(buf, len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The kernel modules: loaded, version/srcversion, users. */
static void info_modules(void)
{
	static const char * const mods[] = { "teekit", "teekit_sim", "teekit_test" };
	char path[128], ver[64], src[64], ref[32];
	unsigned int i;
	int first = 1;

	if (json)
		printf(", \"driver\": [");
	else
		printf("driver:\n");
	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		int loaded;

		snprintf(path, sizeof(path), "/sys/module/%s", mods[i]);
		loaded = !access(path, F_OK);
		snprintf(path, sizeof(path), "/sys/module/%s/version", mods[i]);
		read_small(path, ver, sizeof(ver));
		snprintf(path, sizeof(path), "/sys/module/%s/srcversion", mods[i]);
		read_small(path, src, sizeof(src));
		snprintf(path, sizeof(path), "/sys/module/%s/refcnt", mods[i]);
		read_small(path, ref, sizeof(ref));
		if (json) {
			printf("%s{\"module\": \"%s\", \"loaded\": %s", first ? "" : ", ",
			       mods[i], loaded ? "true" : "false");
			if (ver[0]) {
				printf(", \"version\": ");
				json_str(ver);
			}
			if (src[0]) {
				printf(", \"srcversion\": ");
				json_str(src);
			}
			if (ref[0])
				printf(", \"refcnt\": %ld", strtol(ref, NULL, 10));
			printf("}");
		} else {
			printf("    %-24s %s", mods[i], loaded ? "loaded" : "not loaded");
			if (ver[0])
				printf(", version %s", ver);
			if (src[0])
				printf(", srcversion %s", src);
			if (ref[0])
				printf(", %s users", ref);
			printf("\n");
		}
		first = 0;
	}
	if (json)
		printf("]");
}

/* teekit-tos through its status socket */
static void info_secure_world(void)
{
	char buf[256], os[128] = "";
	int n = tos_request("version", buf, sizeof(buf));
	FILE *f = fopen(SIM_STATE, "r");

	if (f) {
		if (fgets(os, sizeof(os), f))
			os[strcspn(os, "\n")] = 0;
		fclose(f);
	}
	if (n > 0)
		buf[strcspn(buf, "\n")] = 0;
	if (json) {
		printf(", \"secure_world\": {\"running\": %s, \"socket\": \"%s\"",
		       n > 0 ? "true" : "false", TOS_SOCKET);
		if (n > 0) {
			printf(", \"version\": ");
			json_str(buf);
		} else {
			printf(", \"error\": ");
			json_str(strerror(-n));
		}
		if (os[0]) {
			printf(", \"sim_os\": ");
			json_str(os);
		}
		printf("}");
		return;
	}
	printf("secure world:\n");
	if (n > 0)
		printf("    %-24s %s\n", "teekit-tos", buf);
	else
		printf("    %-24s not reachable (%s: %s%s)%s\n", "teekit-tos",
		       TOS_SOCKET, strerror(-n), errno_hint(-n),
		       -n == ENOENT || -n == ECONNREFUSED ?
		       "; start it with 'teekit-up'" : "");
	if (os[0])
		printf("    %-24s %s\n", "sim driver", os);
}

/*
 * The installed tee-supplicant's version: runs "PATH --version" for the
 * first of a few fixed paths (never /proc/PID/exe: a process of any user
 * may call itself tee-supplicant, and root would run its binary).
 * Returns 0 with "VERSION" in @ver and the binary in @bin, or -1.
 */
static int supplicant_version(char *ver, size_t vlen, char *bin, size_t blen)
{
	static const char * const paths[] = {
		"/usr/sbin/tee-supplicant", "/usr/local/sbin/tee-supplicant",
		"/sbin/tee-supplicant",
	};
	const char *env = getenv("TEECTL_SUPPLICANT");
	char out[128], v[64];
	unsigned int i;

	for (i = 0; i <= ARRAY_SIZE(paths); i++) {
		const char *p = i ? paths[i - 1] : env;
		int pfd[2], st, dn;
		ssize_t n = 0, r;
		pid_t pid;

		if (!p || access(p, X_OK))
			continue;
		if (pipe2(pfd, O_CLOEXEC))
			return -1;
		pid = fork();
		if (pid < 0) {
			close(pfd[0]);
			close(pfd[1]);
			return -1;
		}
		if (!pid) {
			dn = open("/dev/null", O_RDWR | O_CLOEXEC);
			dup2(pfd[1], 1);
			if (dn >= 0)
				dup2(dn, 2);
			execl(p, p, "--version", (char *)NULL);
			_exit(127);
		}
		close(pfd[1]);
		while (n < (ssize_t)sizeof(out) - 1 &&
		       (r = read(pfd[0], out + n, sizeof(out) - 1 - n)) > 0)
			n += r;
		close(pfd[0]);
		out[n > 0 ? n : 0] = 0;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			continue;
		/* "tee-supplicant VERSION" */
		if (sscanf(out, "tee-supplicant %63s", v) != 1)
			continue;
		snprintf(ver, vlen, "%s", v);
		snprintf(bin, blen, "%s", p);
		return 0;
	}
	return -1;
}

/* tee-supplicant processes, from /proc */
static void info_supplicant(void)
{
	char path[300], comm[64], cmd[512], ver[64], bin[256];
	struct dirent *de;
	int first = 1;
	DIR *d = opendir("/proc");

	printf(json ? ", \"supplicant\": [" : "supplicant:\n");
	while (d && (de = readdir(d))) {
		size_t n, k;
		FILE *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if (read_small(path, comm, sizeof(comm)) || strcmp(comm, "tee-supplicant"))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		f = fopen(path, "r");
		n = f ? fread(cmd, 1, sizeof(cmd) - 1, f) : 0;
		if (f)
			fclose(f);
		cmd[n] = 0;
		for (k = 0; n && k < n - 1; k++)
			if (!cmd[k])
				cmd[k] = ' ';
		if (json) {
			printf("%s{\"pid\": %s, \"cmdline\": ", first ? "" : ", ",
			       de->d_name);
			json_str(cmd);
			printf("}");
		} else {
			printf("    %-24s pid %s: %s\n", "tee-supplicant", de->d_name, cmd);
		}
		first = 0;
	}
	if (d)
		closedir(d);
	if (json)
		printf("]");
	else if (first)
		printf("    %-24s not running (start it with 'teekit-up')\n",
		       "tee-supplicant");
	if (supplicant_version(ver, sizeof(ver), bin, sizeof(bin))) {
		if (json)
			printf(", \"supplicant_version\": null");
		else
			printf("    %-24s unknown (no tee-supplicant binary found)\n", "version");
	} else if (json) {
		printf(", \"supplicant_version\": {\"version\": ");
		json_str(ver);
		printf(", \"binary\": ");
		json_str(bin);
		printf("}");
	} else {
		printf("    %-24s %s (%s)\n", "version", ver, bin);
	}
}

/* libteec: the file the dynamic linker chose, its version from the name */
static void info_library(void)
{
	char real[512] = "", *ver;
	Dl_info dl;

	if (dladdr((void *)TEEC_InitializeContext, &dl) && dl.dli_fname &&
	    !realpath(dl.dli_fname, real))
		snprintf(real, sizeof(real), "%s", dl.dli_fname);
	ver = strstr(real, ".so.");
	ver = ver ? ver + 4 : "unknown";
	if (json) {
		printf(", \"library\": {\"name\": \"libteec\", \"path\": ");
		json_str(real);
		printf(", \"version\": ");
		json_str(ver);
		printf("}");
	} else {
		printf("library:\n    %-24s %s (%s)\n", "libteec", ver, real);
	}
}

static int cmd_info(int argc, char **argv)
{
	char **names = NULL;
	int n, i;

	(void)argv;
	if (argc) {
		fprintf(stderr, "teectl: info takes no arguments\n");
		return EXIT_USAGE;
	}
	n = list_devices(&names);
	if (json)
		printf("{\"devices\": [");
	else if (n < 0)
		fprintf(stderr,
			"teectl: no TEE subsystem (%s missing); load it with 'modprobe teekit_sim' or 'teekit-up'\n",
			SYSFS_TEE);
	else if (!n)
		printf("no TEE device registered: load a specific driver (e.g. 'modprobe teekit_sim')\n");
	for (i = 0; i < n; i++)
		print_device(names[i], i);
	free_devices(names, n);
	if (json)
		printf("]");
	info_modules();
	info_secure_world();
	info_supplicant();
	info_library();
	if (json)
		printf("}\n");
	return n > 0 ? EXIT_OK : EXIT_NODEV;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: teectl [--json] COMMAND [ARGS]\n"
		"commands:\n"
		"  info                 devices, capabilities, counters; versions of the\n"
		"                       driver, secure world, supplicant and library\n"
		"  status               loaded TAs, sessions, clients, shared memory,\n"
		"                       pending requests (some parts need root)\n"
		"  ta list [--dir DIR] [--key PEM]\n"
		"  ta install [--dir DIR] [--key PEM] FILE.ta\n"
		"  ta remove [--dir DIR] UUID\n"
		"  ta sign --key KEY.pem [--uuid UUID [--force]] --in TA.so [--out FILE.ta]\n"
		"  log [-f] [-n LINES | --history] [--ta UUID] [--file FILE]\n"
		"                       (-f follows from now; -n or --history show the past first)\n"
		"  log level [N]        show or set (root) the TA log level, 1-4\n"
		"  limits [--per-user N] [--total N]\n"
		"                       show or set (root) the TA instance limits\n"
		"  storage [info|limits|wipe]\n"
		"                       trusted storage: what is on disk, its limits,\n"
		"                       the factory reset (root)\n"
		"  invoke [--device PATH] [--login METHOD] UUID CMD [PARAM...]\n"
		"                       open a session and invoke CMD; PARAM: none, val:A,B,\n"
		"                       val-out, val-inout:A,B, in:FILE, out:SIZE[:FILE],\n"
		"                       inout:FILE[:SIZE]; METHOD: public, user, group:GID,\n"
		"                       application, user-application, group-application:GID\n"
		"--json (-j) may come anywhere; the output is then one JSON document.\n"
		"exit status: 0 ok, 1 failed (TA or TEE error), 2 usage, 3 no TEE device,\n"
		"             4 permission denied, 5 not found, 6 TA refused\n"
		"see teectl(8)\n");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "info", cmd_info }, { "status", cmd_status }, { "ta", cmd_ta },
		{ "log", cmd_log }, { "invoke", cmd_invoke },
		{ "limits", cmd_limits }, { "storage", cmd_storage },
	};
	int i, n = 1;
	unsigned int c;

	/* --json anywhere: drop it from argv */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			json = 1;
		else
			argv[n++] = argv[i];
	}
	argc = n;
	argv[argc] = NULL;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		fprintf(stderr, "teectl: unknown option '%s'\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (c = 0; c < ARRAY_SIZE(cmds); c++)
		if (!strcmp(argv[i], cmds[c].name))
			return cmds[c].fn(argc - i - 1, argv + i + 1);
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "teectl: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
