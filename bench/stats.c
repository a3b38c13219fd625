// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sampling and order statistics for teekit-bench.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* @n samples into @v, each the mean time of one op over @batch calls */
static int sample_into(bench_op op, void *arg, unsigned int batch,
		       unsigned int n, double *v)
{
	unsigned int s, b;
	int ret = 0;

	for (s = 0; s < n && !ret; s++) {
		double t0 = bench_now_ns();

		for (b = 0; b < batch && !ret; b++)
			ret = op(arg);
		v[s] = (bench_now_ns() - t0) / batch;
	}
	return ret;
}

/* warm up: caches, page tables, lazy allocations */
static int warm_up(bench_op op, void *arg, unsigned int batch)
{
	unsigned int b;
	int ret = 0;

	for (b = 0; b < batch && !ret; b++)
		ret = op(arg);
	return ret;
}

/*
 * One sample = mean time of one op over @batch calls. A failing op stops the
 * measurement: the figure is then not reported rather than reported wrong.
 */
int bench_sample_ns(bench_op op, void *arg, unsigned int batch,
		    unsigned int samples, double *median, double *p99)
{
	double *v = calloc(samples, sizeof(*v));
	int ret;

	if (!v)
		return -1;
	ret = warm_up(op, arg, batch);
	if (!ret)
		ret = sample_into(op, arg, batch, samples, v);
	if (!ret)
		bench_stats(v, samples, median, p99);
	free(v);
	return ret;
}

/*
 * Rounds of (a few reference samples, then samples/BENCH_ROUNDS figure
 * samples): the reference takes a quarter of the figure's sample count, at
 * least 3 a round, so a slow baseline (pipe_rtt) does not double the run.
 */
int bench_sample_paired(struct bench_result *r, bench_op op, void *arg,
			unsigned int batch, unsigned int samples,
			const struct bench_ref *ref)
{
	unsigned int per, nref, i, done = 0;
	double *v, *w, p99;
	int ret;

	if (!ref)
		return bench_sample_ns(op, arg, batch, samples, &r->median, &r->p99);
	per = samples / BENCH_ROUNDS ? samples / BENCH_ROUNDS : 1;
	nref = per / 4 > 3 ? per / 4 : 3;
	v = calloc(samples, sizeof(*v));
	w = calloc(samples + nref, sizeof(*w));
	ret = v && w ? 0 : -1;
	if (!ret)
		ret = warm_up(ref->op, ref->arg, ref->batch);
	if (!ret)
		ret = warm_up(op, arg, batch);
	r->nrounds = 0;
	for (i = 0; i < BENCH_ROUNDS && !ret && done < samples; i++) {
		unsigned int n = i + 1 == BENCH_ROUNDS ? samples - done : per;

		ret = sample_into(ref->op, ref->arg, ref->batch, nref, w);
		if (ret)
			break;
		bench_stats(w, nref, &r->round_ref[i], &p99);
		ret = sample_into(op, arg, batch, n, v + done);
		if (ret)
			break;
		/* a copy: bench_stats() sorts, v must keep its order per round */
		memcpy(w, v + done, n * sizeof(*w));
		bench_stats(w, n, &r->round_fig[i], &p99);
		done += n;
		r->nrounds++;
	}
	if (!ret) {
		r->ref = ref->name;
		bench_stats(v, done, &r->median, &r->p99);
	}
	free(v);
	free(w);
	return ret;
}

/*
 * Operations per second of @nproc (at most 2) processes, process i pinned to vCPU i % 2:
 * each calls setup(arg, &state) once (its own context and session), then
 * op(state) for @seconds. Returns the sum of their rates, -1 if any failed.
 */
double bench_throughput(int nproc, double seconds,
			int (*setup)(void *arg, void **state), bench_op op,
			void *arg)
{
	double total = 0;
	int pipes[2], i;
	pid_t pid[2] = { -1, -1 };

	if (nproc > 2 || pipe(pipes))
		return -1;
	for (i = 0; i < nproc; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
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
	/* only ours: the pipe_rtt reference's echo process lives on */
	for (i = 0; i < nproc; i++)
		if (pid[i] > 0)
			waitpid(pid[i], NULL, 0);
	return total;
}

/*
 * Rounds of (one client, then two) so that load on the host hits both sides
 * of each round's ratio; the figure is the median of those ratios.
 */
#define TWO_ROUNDS	5

void bench_two_clients(struct bench_result *r,
		       int (*setup)(void *arg, void **state), bench_op op,
		       void *arg)
{
	double ones[TWO_ROUNDS], boths[TWO_ROUNDS], v[TWO_ROUNDS], p99;
	double one, both;
	unsigned int i;

	for (i = 0; i < TWO_ROUNDS; i++) {
		ones[i] = bench_throughput(1, 1.0 / TWO_ROUNDS, setup, op, arg);
		boths[i] = bench_throughput(2, 1.0 / TWO_ROUNDS, setup, op, arg);
		if (ones[i] <= 0 || boths[i] <= 0) {
			bench_skip(r, "throughput run failed");
			return;
		}
		v[i] = boths[i] / ones[i];
	}
	bench_ratio_stats(v, TWO_ROUNDS, &r->median, &r->ratio_lo, &r->ratio_hi);
	r->ratio_n = TWO_ROUNDS;
	r->p99 = r->ratio = r->median;
	r->measured = true;
	bench_stats(ones, TWO_ROUNDS, &one, &p99);
	bench_stats(boths, TWO_ROUNDS, &both, &p99);
	snprintf(r->note, sizeof(r->note),
		 "medians of %d rounds: %.0f invokes/s with one client, %.0f with two",
		 TWO_ROUNDS, one, both);
}
