// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - tee-supplicant: options, the device, privileges, start-up.
 *
 * Order of start-up (each step needs the one before):
 *   1. options; --daemonize forks, the parent waits for readiness;
 *   2. open the supplicant device (given, or the first teepriv whose
 *      implementation is OP-TEE) -- only one supplicant per device;
 *   3. open/create the storage root, dlopen the plugins;
 *   4. --user: drop to that user (the device fd and the root fd stay open);
 *   5. plugin init(), start the receiver pool, announce readiness;
 *   6. wait for SIGTERM/SIGINT; device errors end the process from the
 *      worker that sees them (exit status 1).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/teekit_version.h>

#include "sd_notify.h"
#include "supp.h"

#define DEFAULT_TA_PATH		"/lib/optee_armtz"
#define DEFAULT_FS_ROOT		"/var/lib/tee"
#define DEFAULT_PLUGIN_PATH	"/usr/lib/tee-supplicant/plugins"
#define DEFAULT_MAX_THREADS	64
#define MAX_DEVICES		32

struct options {
	const char *device;
	const char *ta_path;
	const char *fs_root;
	const char *rpmb_file;	/* emulated RPMB device (rpmb.c) */
	const char *plugin_path;
	const char *user;
	unsigned int max_threads;
	bool daemonize;
	const char *log;
};

static struct supp_ctx ctx = { .dev_fd = -1 };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tee-supplicant [OPTIONS] [DEVICE]\n"
		"Serves the secure world's requests on a TEE supplicant device\n"
		"(default: the first /dev/teeprivN of an OP-TEE implementation).\n\n"
		"  -D, --device PATH      serve PATH (any implementation; also DEVICE)\n"
		"  -l, --ta-path D[:D..]  TA directories, searched in order (%s)\n"
		"  -t, --ta-dir NAME      same as --ta-path /lib/NAME\n"
		"  -f, --fs-root DIR      REE file system root (%s)\n"
		"  -p, --plugin-path DIR  plugin directory (%s)\n"
		"  -u, --user NAME        run as NAME once the device is open\n"
		"  -T, --max-threads N    cap of the thread pool (%d)\n"
		"  -R, --rpmb-file PATH   emulated RPMB device (teekit-rpmb.img in the root)\n"
		"  -d, --daemonize        detach; return once serving\n"
		"      --log FILE         append messages to FILE (also once detached;\n"
		"                         without it a detached supplicant uses syslog\n"
		"                         unless stderr is a file)\n"
		"  -v, --verbose          more messages (twice: debug)\n"
		"  -q, --quiet            errors only\n"
		"  -V, --version          print the version and exit\n"
		"  -h, --help\n",
		DEFAULT_TA_PATH, DEFAULT_FS_ROOT, DEFAULT_PLUGIN_PATH,
		DEFAULT_MAX_THREADS);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "device", required_argument, NULL, 'D' },
		{ "ta-path", required_argument, NULL, 'l' },
		{ "ta-dir", required_argument, NULL, 't' },
		{ "fs-root", required_argument, NULL, 'f' },
		{ "plugin-path", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "max-threads", required_argument, NULL, 'T' },
		{ "rpmb-file", required_argument, NULL, 'R' },
		{ "daemonize", no_argument, NULL, 'd' },
		{ "log", required_argument, NULL, 'L' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	static char ta_dir[4096];
	char *end;
	long n;
	int c;

	while ((c = getopt_long(argc, argv, "D:l:t:f:p:u:T:R:dvqVh", longs,
				NULL)) != -1) {
		switch (c) {
		case 'D':
			o->device = optarg;
			break;
		case 'l':
			o->ta_path = optarg;
			break;
		case 't':
			snprintf(ta_dir, sizeof(ta_dir), "/lib/%s", optarg);
			o->ta_path = ta_dir;
			break;
		case 'f':
			o->fs_root = optarg;
			break;
		case 'p':
			o->plugin_path = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'R':
			o->rpmb_file = optarg;
			break;
		case 'T':
			n = strtol(optarg, &end, 0);
			if (*end || n < 1 || n > 4096) {
				fprintf(stderr, "tee-supplicant: bad --max-threads %s\n",
					optarg);
				return -1;
			}
			o->max_threads = n;
			break;
		case 'd':
			o->daemonize = true;
			break;
		case 'L':
			o->log = optarg;
			break;
		case 'v':
			supp_log_level++;
			break;
		case 'q':
			supp_log_level = SUPP_LOG_ERR;
			break;
		case 'V':
			/* one project version: teectl info reads this line */
			printf("tee-supplicant %s\n", TEEKIT_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		o->device = argv[optind++];
	if (optind < argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Open @path as the supplicant; -errno on failure (messages by the caller). */
static int open_device(const char *path, struct tee_ioctl_version_data *v)
{
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TEE_IOC_VERSION, v)) {
		err = errno;
		close(fd);
		return -err;
	}
	if (!(v->gen_caps & TEE_GEN_CAP_PRIVILEGED)) {
		close(fd);
		return -ENOTTY;
	}
	return fd;
}

static long read_impl_id(int n)
{
	char p[96], buf[32];
	long id = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/sys/class/tee/teepriv%d/implementation_id", n);
	f = fopen(p, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		id = strtol(buf, NULL, 0);
	fclose(f);
	return id;
}

/* The first OP-TEE teepriv that is free. */
static int find_device(struct tee_ioctl_version_data *v)
{
	char path[32], busy[32] = "";
	int n, fd;
	long id;

	for (n = 0; n < MAX_DEVICES; n++) {
		snprintf(path, sizeof(path), "/dev/teepriv%d", n);
		if (access(path, F_OK))
			continue;
		id = read_impl_id(n);
		if (id >= 0 && id != TEE_IMPL_ID_OPTEE)
			continue;
		fd = open_device(path, v);
		if (fd == -EBUSY) {
			if (!busy[0])
				snprintf(busy, sizeof(busy), "%s", path);
			continue;
		}
		if (fd < 0) {
			supp_warn("%s: %s", path, strerror(-fd));
			continue;
		}
		if (v->impl_id != TEE_IMPL_ID_OPTEE) {
			close(fd);
			continue;
		}
		snprintf(ctx.dev_path, sizeof(ctx.dev_path), "%s", path);
		return fd;
	}
	if (busy[0])
		supp_err("another supplicant serves %s", busy);
	else
		supp_err("no OP-TEE supplicant device /dev/teepriv*: load teekit_sim");
	return -1;
}

static int open_given_device(const char *dev, struct tee_ioctl_version_data *v)
{
	int fd;

	if (strchr(dev, '/'))
		snprintf(ctx.dev_path, sizeof(ctx.dev_path), "%s", dev);
	else
		snprintf(ctx.dev_path, sizeof(ctx.dev_path), "/dev/%s", dev);
	fd = open_device(ctx.dev_path, v);
	if (fd >= 0)
		return fd;
	if (fd == -EBUSY)
		supp_err("another supplicant serves %s", ctx.dev_path);
	else if (fd == -ENOENT)
		supp_err("no supplicant device %s", ctx.dev_path);
	else if (fd == -ENOTTY)
		supp_err("%s is not a TEE supplicant device (teeprivN)",
			 ctx.dev_path);
	else
		supp_err("%s: %s", ctx.dev_path, strerror(-fd));
	return -1;
}

/* Shared memory for the secure world: SHM_ALLOC on the teepriv fd + mmap. */
static int dev_shm_alloc(void *priv, size_t size, int *id, void **addr)
{
	struct tee_ioctl_shm_alloc_data d = { .size = size };
	int fd, err;
	void *p;

	(void)priv;
	fd = ioctl(ctx.dev_fd, TEE_IOC_SHM_ALLOC, &d);
	if (fd < 0)
		return -errno;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = errno;
	close(fd);	/* the mapping keeps the object and its id alive */
	if (p == MAP_FAILED)
		return -err;
	*id = d.id;
	*addr = p;
	return 0;
}

static void dev_shm_release(void *priv, int id, void *addr, size_t size)
{
	(void)priv;
	(void)id;
	munmap(addr, size);
}

static const struct supp_shm_ops dev_shm_ops = {
	.alloc = dev_shm_alloc,
	.release = dev_shm_release,
};

static int drop_privileges(const struct passwd *pw)
{
	if (setgroups(1, &pw->pw_gid) || setgid(pw->pw_gid) ||
	    setuid(pw->pw_uid)) {
		supp_err("cannot become user %s: %s", pw->pw_name,
			 strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		supp_err("could regain root after dropping privileges");
		return -1;
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	supp_info("running as %s (uid %u)", pw->pw_name, (unsigned int)pw->pw_uid);
	return 0;
}

static int setup_fs_root(const char *root, const struct passwd *pw)
{
	struct stat st;
	bool existed = !stat(root, &st);
	int rc;

	rc = supp_fs_open_root(&ctx.fs, root);
	if (rc) {
		supp_err("storage root %s: %s", root, strerror(-rc));
		return -1;
	}
	if (!pw || fstat(ctx.fs.root_fd, &st))
		return 0;
	if (!existed && fchown(ctx.fs.root_fd, pw->pw_uid, pw->pw_gid)) {
		supp_err("chown %s to %s: %s", root, pw->pw_name,
			 strerror(errno));
		return -1;
	}
	if (existed && st.st_uid != pw->pw_uid)
		supp_warn("storage root %s is not owned by %s: writes may fail",
			  root, pw->pw_name);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {
		.ta_path = DEFAULT_TA_PATH,
		.fs_root = DEFAULT_FS_ROOT,
		.plugin_path = DEFAULT_PLUGIN_PATH,
		.max_threads = DEFAULT_MAX_THREADS,
	};
	struct tee_ioctl_version_data v;
	struct supp_pool_count pc;
	struct supp_pool_cfg cfg;
	struct passwd *pw = NULL;
	char status[128];
	sigset_t set;
	int sig;

	if (parse_options(argc, argv, &o))
		return 2;
	if (o.log) {
		/* the log is stderr, before and after daemonizing (supp_ready) */
		int fd = open(o.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			      0640);

		if (fd < 0 || dup2(fd, 2) < 0) {
			fprintf(stderr, "tee-supplicant: cannot open the log %s: %s\n",
				o.log, strerror(errno));
			return 1;
		}
		close(fd);
	}
	if (o.user) {
		pw = getpwnam(o.user);
		if (!pw) {
			supp_err("no user %s", o.user);
			return 1;
		}
	}
	umask(077);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);	/* file size limit -> EFBIG, not death */
	if (o.daemonize && supp_daemonize()) {
		supp_err("cannot daemonize: %s", strerror(errno));
		return 1;
	}
	if (supp_set_ta_paths(&ctx, o.ta_path)) {
		supp_err("bad --ta-path %s", o.ta_path);
		return 1;
	}

	ctx.dev_fd = o.device ? open_given_device(o.device, &v) :
				find_device(&v);
	if (ctx.dev_fd < 0)
		return 1;
	supp_shm_init(&ctx.shm, &dev_shm_ops);
	supp_sock_init(&ctx.socks);
	if (setup_fs_root(o.fs_root, pw))
		return 1;
	sig = supp_rpmb_open(ctx.fs.root_fd, o.rpmb_file);
	if (sig) {
		supp_err("RPMB device %s: %s", o.rpmb_file ? o.rpmb_file :
			 "teekit-rpmb.img in the storage root", strerror(-sig));
		return 1;
	}
	supp_plugins_load(&ctx.plugins, o.plugin_path);
	if (pw && drop_privileges(pw))
		return 1;
	supp_plugins_init(&ctx.plugins);

	/* workers inherit the mask: only this thread takes the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	cfg.max_threads = o.max_threads;
	if (supp_pool_start(&ctx, &cfg))
		return 1;
	snprintf(status, sizeof(status), "serving %s (impl_id %u), %zu plugins",
		 ctx.dev_path, v.impl_id, ctx.plugins.count);
	supp_ready(status);

	for (;;) {
		if (sigwait(&set, &sig))
			continue;
		if (sig != SIGHUP)
			break;
	}
	supp_pool_stats(&pc);
	/* tests/supplicant/daemon.c reads this line */
	supp_info("stopping on signal %d: %llu requests served, %llu receiver threads started, at most %u at once",
		  sig, pc.served, pc.started, pc.peak);
	teekit_sd_notify("STOPPING=1");
	return 0;
}
