// SPDX-License-Identifier: GPL-2.0-only
/*
 * Baselines measured in the same VM run as every teekit figure: a null
 * system call, a round trip between two processes over pipes, memcpy
 * bandwidth, and writing + fsyncing a file.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int op_null_syscall(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return 0;
}

struct pipe_pair {
	int to_child[2];
	int to_parent[2];
};

static int op_pipe_rtt(void *arg)
{
	struct pipe_pair *pp = arg;
	char c = 'x';

	if (write(pp->to_child[1], &c, 1) != 1)
		return -1;
	if (read(pp->to_parent[0], &c, 1) != 1)
		return -1;
	return 0;
}

struct copy_arg {
	char *src, *dst;
	size_t len;
};

static int op_memcpy(void *arg)
{
	struct copy_arg *c = arg;

	memcpy(c->dst, c->src, c->len);
	/* keep the copy from being optimised away */
	__asm__ volatile("" : : "r"(c->dst) : "memory");
	return 0;
}

/*
 * The references of the figures paired with a baseline (see bench.h): they
 * stay usable until bench_baselines_end(), so the pipe's echo process and
 * the memcpy buffers live that long.
 */
static struct pipe_pair pp = { { -1, -1 }, { -1, -1 } };
static pid_t pipe_pid = -1;
static struct copy_arg copy;
static struct bench_ref refs[] = {
	{ "null_syscall", op_null_syscall, NULL, 1000 },
	{ "pipe_rtt", op_pipe_rtt, &pp, 100 },
	{ "memcpy_bw", op_memcpy, &copy, 4 },
};
static bool ref_ok[ARRAY_SIZE(refs)];

const struct bench_ref *bench_baseline_ref(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(refs); i++)
		if (ref_ok[i] && !strcmp(refs[i].name, name))
			return &refs[i];
	return NULL;
}

static void pipe_rtt(void)
{
	struct bench_result *r = bench_add("pipe_rtt",
		"round trip between two processes over a pipe", UNIT_NS);
	pid_t pid;
	char c;

	if (pipe(pp.to_child) || pipe(pp.to_parent)) {
		bench_skip(r, "pipe: %m");
		return;
	}
	pid = fork();
	if (pid < 0) {
		bench_skip(r, "fork: %m");
		return;
	}
	if (pid == 0) {
		/* keep only our ends, so the parent's close ends the loop */
		close(pp.to_child[1]);
		close(pp.to_parent[0]);
		while (read(pp.to_child[0], &c, 1) == 1)
			if (write(pp.to_parent[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(pp.to_child[0]);
	close(pp.to_parent[1]);
	pipe_pid = pid;
	if (bench_sample_ns(op_pipe_rtt, &pp, 100, bench_samples, &r->median, &r->p99))
		bench_skip(r, "pipe round trip failed");
	else
		r->measured = ref_ok[1] = true;
}

/* ns per op of @len bytes -> MB/s */
static void to_mbps(struct bench_result *r, size_t len)
{
	double med = r->median, p99 = r->p99;

	r->median = len / med * 1e3;
	/* the slowest samples give the low tail of the bandwidth */
	r->p99 = len / p99 * 1e3;
}

static void memcpy_bw(void)
{
	struct bench_result *r = bench_add("memcpy_bw",
		"memcpy bandwidth, 1 MiB blocks", UNIT_MBPS);
	struct copy_arg *c = &copy;

	c->len = 1 << 20;
	c->src = malloc(c->len);
	c->dst = malloc(c->len);
	if (!c->src || !c->dst) {
		bench_skip(r, "out of memory");
		return;
	}
	memset(c->src, 0x5a, c->len);
	memset(c->dst, 0, c->len);
	if (bench_sample_ns(op_memcpy, c, 4, bench_samples / 4 + 1, &r->median, &r->p99)) {
		bench_skip(r, "memcpy failed");
		return;
	}
	to_mbps(r, c->len);
	r->measured = ref_ok[2] = true;
}

struct fsync_arg {
	int fd;
	char *buf;
	size_t len;
};

static int op_write_fsync(void *arg)
{
	struct fsync_arg *f = arg;

	if (pwrite(f->fd, f->buf, f->len, 0) != (ssize_t)f->len)
		return -1;
	return fsync(f->fd);
}

static void fsync_bw(void)
{
	struct bench_result *r = bench_add("write_fsync_bw",
		"write + fsync of a 1 MiB file (the VM's root file system)", UNIT_MBPS);
	struct fsync_arg f = { .len = 1 << 20 };
	char path[] = "/var/tmp/teekit-bench.XXXXXX";

	f.buf = malloc(f.len);
	if (!f.buf) {
		bench_skip(r, "out of memory");
		return;
	}
	memset(f.buf, 0xa5, f.len);
	f.fd = mkstemp(path);
	if (f.fd < 0) {
		bench_skip(r, "mkstemp: %m");
		free(f.buf);
		return;
	}
	unlink(path);
	if (bench_sample_ns(op_write_fsync, &f, 2, bench_samples / 10 + 1,
			    &r->median, &r->p99)) {
		bench_skip(r, "write/fsync failed: %m");
	} else {
		to_mbps(r, f.len);
		r->measured = true;
		snprintf(r->note, sizeof(r->note),
			 "the VM's root is an initramfs (tmpfs): fsync reaches no disk");
	}
	close(f.fd);
	free(f.buf);
}

void bench_baselines(void)
{
	struct bench_result *r = bench_add("null_syscall",
		"null system call (getppid)", UNIT_NS);

	if (bench_sample_ns(op_null_syscall, NULL, 1000, bench_samples,
			    &r->median, &r->p99))
		bench_skip(r, "getppid failed");
	else
		r->measured = ref_ok[0] = true;
	pipe_rtt();
	memcpy_bw();
	fsync_bw();
}

void bench_baselines_end(void)
{
	memset(ref_ok, 0, sizeof(ref_ok));
	/* closing our ends stops the echo loop of the pipe's child */
	if (pp.to_child[1] >= 0)
		close(pp.to_child[1]);
	if (pp.to_parent[0] >= 0)
		close(pp.to_parent[0]);
	if (pipe_pid > 0)
		waitpid(pipe_pid, NULL, 0);
	free(copy.src);
	free(copy.dst);
}
