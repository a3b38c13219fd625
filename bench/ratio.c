// SPDX-License-Identifier: GPL-2.0-only
/*
 * Order statistics and paired ratios of teekit-bench: pure arithmetic, no
 * system calls, so that tests/unit/bench-ratio.c can check it on the host.
 */
#include <stdlib.h>

#include "bench.h"

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
 * One ratio per round of @r: the figure's round median over its reference's
 * (inverted for MB/s: a share of the reference's bandwidth, both moving the
 * same bytes per operation), divided by @chain when the reference is not the
 * baseline itself (@chain: the baseline's own median ratio to the same
 * reference). Rounds with a non-positive median give no ratio. Returns how
 * many ratios it wrote to @out.
 */
unsigned int bench_round_ratios(const struct bench_result *r, double chain,
				double *out)
{
	unsigned int i, n = 0;

	if (chain <= 0)
		return 0;
	for (i = 0; i < r->nrounds; i++) {
		double f = r->round_fig[i], b = r->round_ref[i];

		if (f <= 0 || b <= 0)
			continue;
		out[n++] = (r->unit == UNIT_MBPS ? b / f : f / b) / chain;
	}
	return n;
}

/* Median, smallest and largest of @n ratios (sorts @v); false if none. */
bool bench_ratio_stats(double *v, unsigned int n, double *median, double *lo,
		       double *hi)
{
	double p99;

	if (!n)
		return false;
	bench_stats(v, n, median, &p99);
	*lo = v[0];
	*hi = v[n - 1];
	return true;
}
