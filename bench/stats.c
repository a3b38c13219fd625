// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sampling and order statistics for teekit-bench.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts @v in place; nearest-rank percentiles. */
void bench_stats(double *v, unsigned int n, double *median, double *p99)
{
	unsigned int i99;

	qsort(v, n, sizeof(*v), cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	i99 = (n * 99 + 99) / 100;
	if (i99 > n)
		i99 = n;
	*p99 = v[i99 ? i99 - 1 : 0];
}

/*
 * One sample = mean time of one op over @batch calls. A failing op stops the
 * measurement: the figure is then not reported rather than reported wrong.
 */
int bench_sample_ns(bench_op op, void *arg, unsigned int batch,
		    unsigned int samples, double *median, double *p99)
{
	double *v = calloc(samples, sizeof(*v));
	unsigned int s, b;
	int ret = 0;

	if (!v)
		return -1;
	/* warm up: caches, page tables, lazy allocations */
	for (b = 0; b < batch && !ret; b++)
		ret = op(arg);
	for (s = 0; s < samples && !ret; s++) {
		double t0 = bench_now_ns();

		for (b = 0; b < batch && !ret; b++)
			ret = op(arg);
		v[s] = (bench_now_ns() - t0) / batch;
	}
	if (!ret)
		bench_stats(v, samples, median, p99);
	free(v);
	return ret;
}

/*
 * Operations per second of @nproc processes, process i pinned to vCPU i % 2:
 * each calls setup(arg, &state) once (its own context and session), then
 * op(state) for @seconds. Returns the sum of their rates, -1 if any failed.
 */
double bench_throughput(int nproc, double seconds,
			int (*setup)(void *arg, void **state), bench_op op,
			void *arg)
{
	double total = 0;
	int pipes[2], i;

	if (pipe(pipes))
		return -1;
	for (i = 0; i < nproc; i++) {
		if (fork() == 0) {
			double rate = -1, t0, end;
			void *state = NULL;
			long count = 0;
			cpu_set_t set;

			close(pipes[0]);
			CPU_ZERO(&set);
			CPU_SET(i % 2, &set);
			sched_setaffinity(0, sizeof(set), &set);
			if (!setup(arg, &state)) {
				t0 = bench_now_ns();
				end = t0 + seconds * 1e9;
				while (bench_now_ns() < end && !op(state))
					count++;
				rate = count / ((bench_now_ns() - t0) / 1e9);
			}
			if (write(pipes[1], &rate, sizeof(rate)) != sizeof(rate))
				_exit(1);
			_exit(0);
		}
	}
	close(pipes[1]);
	for (i = 0; i < nproc; i++) {
		double rate;

		if (read(pipes[0], &rate, sizeof(rate)) != sizeof(rate) || rate < 0)
			total = -1;
		else if (total >= 0)
			total += rate;
	}
	close(pipes[0]);
	while (wait(NULL) > 0)
		;
	return total;
}

void bench_two_clients(struct bench_result *r,
		       int (*setup)(void *arg, void **state), bench_op op,
		       void *arg)
{
	double one = bench_throughput(1, 1.0, setup, op, arg);
	double both = bench_throughput(2, 1.0, setup, op, arg);

	if (one <= 0 || both <= 0) {
		bench_skip(r, "throughput run failed");
		return;
	}
	r->median = r->p99 = r->ratio = both / one;
	r->measured = true;
	snprintf(r->note, sizeof(r->note),
		 "%.0f invokes/s with one client, %.0f with two", one, both);
}
