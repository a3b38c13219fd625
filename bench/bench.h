/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit-bench: shared definitions of the benchmark program.
 *
 * A figure is measured as many samples, each the mean cost of one operation
 * over a batch (so the clock's own cost is spread out), and reported as the
 * median and 99th percentile of those samples, next to a baseline measured
 * in the same run and the ratio between them.
 *
 * A figure with a baseline is measured in rounds that alternate with its
 * reference (the baseline itself, or the reference the baseline was paired
 * with): each round gives one ratio, and the reported ratio is the median of
 * those, with their smallest and largest, so that a burst of load on the
 * host hits both sides of a ratio (docs/decisions/0730-paired-ratios.md).
 */
#ifndef TEEKIT_BENCH_H
#define TEEKIT_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int (*bench_op)(void *arg);

enum bench_unit {
	UNIT_NS,	/* nanoseconds per operation: lower is better */
	UNIT_MBPS,	/* MB/s (10^6 bytes): higher is better */
	UNIT_BYTES,	/* a size, reported once */
	UNIT_X,		/* a plain ratio (throughput scaling) */
};

#define BENCH_ROUNDS	20

/* A reference measured next to a figure: op(arg) @batch times a sample. */
struct bench_ref {
	const char *name;	/* the baseline figure it measures */
	bench_op op;
	void *arg;
	unsigned int batch;
};

struct bench_result {
	const char *name;	/* machine name, e.g. "raw_invoke" */
	const char *title;	/* what a person reads */
	enum bench_unit unit;
	double median;
	double p99;
	bool measured;		/* false: could not run, see note */
	char note[512];
	/* comparison with a baseline of the same run */
	const char *baseline;	/* name of the baseline figure, or NULL */
	double ratio;		/* median / baseline median (or inverse for MB/s) */
	const char *target;	/* e.g. "<= 3", NULL when the issue says "report" */
	double target_val;
	bool target_le;		/* true: ratio <= target_val is met */
	/* paired rounds: medians in ns per operation of figure and reference */
	const char *ref;	/* the reference's name, NULL if not paired */
	unsigned int nrounds;
	double round_fig[BENCH_ROUNDS];
	double round_ref[BENCH_ROUNDS];
	double ratio_lo, ratio_hi;	/* spread of the per-round ratios */
	unsigned int ratio_n;		/* how many rounds gave a ratio */
};

/* Sampling: run op(arg) batch times per sample, samples times. */
int bench_sample_ns(bench_op op, void *arg, unsigned int batch,
		    unsigned int samples, double *median, double *p99);
/*
 * bench_sample_ns() into r->median and r->p99, in BENCH_ROUNDS rounds each
 * preceded by a few samples of @ref, whose medians fill r->round_*. Plain
 * bench_sample_ns() when @ref is NULL. Returns what the first failing op
 * returned (figure or reference), 0 if none failed.
 */
int bench_sample_paired(struct bench_result *r, bench_op op, void *arg,
			unsigned int batch, unsigned int samples,
			const struct bench_ref *ref);

double bench_now_ns(void);
double bench_throughput(int nproc, double seconds,
			int (*setup)(void *arg, void **state), bench_op op,
			void *arg);
/* ratio.c: pure arithmetic */
void bench_stats(double *v, unsigned int n, double *median, double *p99);
unsigned int bench_round_ratios(const struct bench_result *r, double chain,
				double *out);
bool bench_ratio_stats(double *v, unsigned int n, double *median, double *lo,
		       double *hi);
/* @r: bench_throughput() of 2 processes over 1 (UNIT_X), or skipped */
void bench_two_clients(struct bench_result *r,
		       int (*setup)(void *arg, void **state), bench_op op,
		       void *arg);

/* How many samples each figure takes; --quick divides, --long multiplies. */
extern unsigned int bench_samples;

/* Results table (main.c). */
struct bench_result *bench_add(const char *name, const char *title,
			       enum bench_unit unit);
struct bench_result *bench_find(const char *name);
void bench_compare(struct bench_result *r, const char *baseline,
		   const char *target, double target_val, bool target_le);
void bench_skip(struct bench_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* bench_skip() with the same @why for every result up to the NULL */
void bench_skip_all(const char *why, ...) __attribute__((sentinel));

/* The groups of figures. */
void bench_baselines(void);		/* baselines.c */
/* the reference measuring baseline @name, NULL if it has none */
const struct bench_ref *bench_baseline_ref(const char *name);
void bench_baselines_end(void);		/* ends what the references need */
void bench_tee_raw(void);		/* tee_raw.c: the generic driver alone */
void bench_gp(void);			/* gp.c: libteec, sim driver, TA, supplicant */
void bench_crypto(void);		/* crypto.c: GP crypto in a TA vs libcrypto */
void bench_storage(void);		/* storage.c: trusted storage */

#endif /* TEEKIT_BENCH_H */
