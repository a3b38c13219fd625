// SPDX-License-Identifier: GPL-2.0-only
/*
 * Figures of the generic driver alone, measured on the test driver's ECHO TA,
 * which answers inside the kernel: the cost of TEE_IOC_INVOKE itself, its
 * cost with many sessions and shared-memory objects open, scaling over two
 * CPUs, and kernel memory per session and per shared-memory object.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/tee.h>
#include <linux/teekit.h>

#include "bench.h"

#define ECHO_UUID { 0x7e, 0x57, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1 }
#define CMD_NOP 0

#define MANY_SESSIONS	1000
#define MANY_SHM	10000
#define SESSIONS_PER_FD	250	/* under max_sessions_per_ctx (256) */
#define SHM_PER_FD	2500	/* under max_shm_per_ctx (4096) */

static int find_test_node(void)
{
	struct dirent *de;
	char path[300], buf[32];
	int n = -1;
	DIR *d = opendir("/sys/class/tee");

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		FILE *f;

		if (strncmp(de->d_name, "tee", 3) || !strncmp(de->d_name, "teepriv", 7))
			continue;
		snprintf(path, sizeof(path), "/sys/class/tee/%s/implementation_id",
			 de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && strtoul(buf, NULL, 0) == TEEKIT_IMPL_ID_TEST)
			n = atoi(de->d_name + 3);
		fclose(f);
	}
	closedir(d);
	return n;
}

static int open_node(int n)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/tee%d", n);
	return open(path, O_RDWR | O_CLOEXEC);
}

/* Opens an ECHO session with PUBLIC login; returns its id or -1. */
static long open_echo(int fd)
{
	struct {
		struct tee_ioctl_open_session_arg a;
		struct tee_ioctl_param p[4];
	} o = { .a = { .uuid = ECHO_UUID, .num_params = 4 } };
	struct tee_ioctl_buf_data bd = {
		.buf_ptr = (uintptr_t)&o, .buf_len = sizeof(o),
	};

	if (ioctl(fd, TEE_IOC_OPEN_SESSION, &bd) || o.a.ret)
		return -1;
	return o.a.session;
}

struct invoke_arg {
	int fd;
	struct {
		struct tee_ioctl_invoke_arg a;
		struct tee_ioctl_param p[4];	/* as libteec sends: 4 params */
	} buf;
	struct tee_ioctl_buf_data bd;
};

static void invoke_init(struct invoke_arg *ia, int fd, unsigned int session)
{
	memset(ia, 0, sizeof(*ia));
	ia->fd = fd;
	ia->buf.a.session = session;
	ia->buf.a.func = CMD_NOP;
	ia->buf.a.num_params = 4;
	ia->bd.buf_ptr = (uintptr_t)&ia->buf;
	ia->bd.buf_len = sizeof(ia->buf);
}

static int op_invoke(void *arg)
{
	struct invoke_arg *ia = arg;

	if (ioctl(ia->fd, TEE_IOC_INVOKE, &ia->bd) || ia->buf.a.ret)
		return -1;
	return 0;
}

/*
 * Bytes in live slab objects: the sum of active objects times object size
 * over every cache of /proc/slabinfo, after dropping caches. Exact to the
 * object, unlike the page-granular "Slab:" of /proc/meminfo.
 */
static long long slab_bytes(void)
{
	char line[512], name[64];
	long long total = 0;
	unsigned long active, num, size;
	FILE *f;

	sync();
	f = fopen("/proc/sys/vm/drop_caches", "w");
	if (f) {
		fputs("3\n", f);
		fclose(f);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %lu %lu %lu", name, &active, &num, &size) == 4)
			total += (long long)active * size;
	}
	fclose(f);
	return total;
}

/* Opens MANY_SESSIONS sessions over several contexts. */
static int open_many_sessions(int node, int *fds, int nfds)
{
	int i, s;

	for (i = 0; i < nfds; i++) {
		fds[i] = open_node(node);
		if (fds[i] < 0)
			return -1;
		for (s = 0; s < SESSIONS_PER_FD; s++)
			if (open_echo(fds[i]) < 0)
				return -1;
	}
	return 0;
}

/* Allocates MANY_SHM 4 KiB objects over several contexts, keeping the fds. */
static int alloc_many_shm(int node, int *ctx_fds, int nctx, int *shm_fds)
{
	int i, k = 0;

	for (i = 0; i < nctx; i++) {
		int s;

		ctx_fds[i] = open_node(node);
		if (ctx_fds[i] < 0)
			return -1;
		for (s = 0; s < SHM_PER_FD; s++) {
			struct tee_ioctl_shm_alloc_data d = { .size = 4096 };
			int fd = ioctl(ctx_fds[i], TEE_IOC_SHM_ALLOC, &d);

			if (fd < 0)
				return -1;
			shm_fds[k++] = fd;
		}
	}
	return 0;
}

static void close_all(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* One throughput process: its own context and ECHO session on @arg's node. */
static int raw_proc_setup(void *arg, void **state)
{
	static struct invoke_arg ia;	/* one per forked process */
	int node = *(int *)arg;
	int fd = open_node(node);
	long s = fd < 0 ? -1 : open_echo(fd);

	if (s < 0)
		return -1;
	invoke_init(&ia, fd, s);
	*state = &ia;
	return 0;
}

void bench_tee_raw(void)
{
	const struct bench_ref *sys = bench_baseline_ref("null_syscall");
	struct bench_result *raw, *raw250, *many, *two, *ks, *km;
	int node = find_test_node();
	int sess_fds[MANY_SESSIONS / SESSIONS_PER_FD];
	int shm_ctx[MANY_SHM / SHM_PER_FD];
	int *shm_fds = NULL;
	struct invoke_arg ia;
	struct rlimit rl = { MANY_SHM + 256, MANY_SHM + 256 };
	long long before, after;
	long s;
	int fd = -1;

	raw = bench_add("raw_invoke",
		"TEE_IOC_INVOKE on the test driver (answered in the kernel): the generic driver's own cost",
		UNIT_NS);
	raw250 = bench_add("raw_invoke_ctx250",
		"the same on the last-opened session of a context holding 250 sessions",
		UNIT_NS);
	many = bench_add("raw_invoke_1000_sessions_10000_shm",
		"the same with 1,000 sessions and 10,000 shared-memory objects open", UNIT_NS);
	two = bench_add("raw_two_clients",
		"2 clients on 2 vCPUs, different sessions: throughput over one client's", UNIT_X);
	ks = bench_add("kmem_per_session", "kernel memory per session (slab delta)",
		       UNIT_BYTES);
	km = bench_add("kmem_per_shm",
		"kernel memory per 4 KiB shared-memory object (slab delta; pages not included)",
		UNIT_BYTES);
	bench_compare(raw, "null_syscall", "<= 3", 3, true);
	bench_compare(raw250, "null_syscall", "<= 3", 3, true);
	bench_compare(many, "raw_invoke", "<= 1.1", 1.1, true);
	bench_compare(two, NULL, ">= 1.6", 1.6, false);

	memset(sess_fds, -1, sizeof(sess_fds));
	memset(shm_ctx, -1, sizeof(shm_ctx));
	if (node < 0) {
		bench_skip_all("test driver not loaded (modprobe teekit_test)",
			       raw, raw250, many, two, ks, km, NULL);
		return;
	}

	fd = open_node(node);
	s = fd < 0 ? -1 : open_echo(fd);
	if (s < 0) {
		bench_skip(raw, "cannot open an ECHO session: %m");
		goto out;
	}
	invoke_init(&ia, fd, s);
	if (bench_sample_paired(raw, op_invoke, &ia, 200, bench_samples, sys))
		bench_skip(raw, "invoke failed: %m");
	else
		raw->measured = true;

	/* a context of 250 sessions: the lookup must not walk them */
	{
		struct invoke_arg ia250;
		int fd250 = open_node(node);
		long s250 = -1;
		int k;

		for (k = 0; fd250 >= 0 && k < SESSIONS_PER_FD; k++)
			s250 = open_echo(fd250);
		invoke_init(&ia250, fd250, s250);
		if (s250 < 0)
			bench_skip(raw250, "opening %d sessions failed: %m",
				   SESSIONS_PER_FD);
		else if (bench_sample_paired(raw250, op_invoke, &ia250, 200,
					     bench_samples, sys))
			bench_skip(raw250, "invoke failed: %m");
		else
			raw250->measured = true;
		if (fd250 >= 0)
			close(fd250);
	}

	/* invokes per second, each process on its own CPU and session */
	bench_two_clients(two, raw_proc_setup, op_invoke, &node);

	before = slab_bytes();
	if (open_many_sessions(node, sess_fds, MANY_SESSIONS / SESSIONS_PER_FD)) {
		bench_skip(ks, "opening %d sessions failed: %m", MANY_SESSIONS);
		bench_skip(many, "opening %d sessions failed: %m", MANY_SESSIONS);
		goto out;
	}
	after = slab_bytes();
	ks->median = ks->p99 = (double)(after - before) / MANY_SESSIONS;
	ks->measured = before >= 0 && after >= 0;
	snprintf(ks->note, sizeof(ks->note), "%d sessions in 4 contexts: +%lld bytes of slab objects",
		 MANY_SESSIONS, after - before);

	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		bench_skip(km, "setrlimit: %m");
		bench_skip(many, "setrlimit: %m");
		goto out;
	}
	shm_fds = malloc(MANY_SHM * sizeof(*shm_fds));
	if (!shm_fds)
		goto out;
	memset(shm_fds, -1, MANY_SHM * sizeof(*shm_fds));
	before = slab_bytes();
	if (alloc_many_shm(node, shm_ctx, MANY_SHM / SHM_PER_FD, shm_fds)) {
		bench_skip(km, "allocating %d shm objects failed: %m", MANY_SHM);
		bench_skip(many, "allocating %d shm objects failed: %m", MANY_SHM);
		goto out;
	}
	after = slab_bytes();
	km->median = km->p99 = (double)(after - before) / MANY_SHM;
	km->measured = before >= 0 && after >= 0;
	snprintf(km->note, sizeof(km->note),
		 "%d objects with their fds: +%lld bytes of slab objects",
		 MANY_SHM, after - before);

	/* paired with null_syscall too, its ratio chained through raw_invoke's */
	if (bench_sample_paired(many, op_invoke, &ia, 200, bench_samples, sys))
		bench_skip(many, "invoke failed: %m");
	else
		many->measured = true;
out:
	if (shm_fds)
		close_all(shm_fds, MANY_SHM);
	free(shm_fds);
	close_all(shm_ctx, MANY_SHM / SHM_PER_FD);
	close_all(sess_fds, MANY_SESSIONS / SESSIONS_PER_FD);
	if (fd >= 0)
		close(fd);
}
