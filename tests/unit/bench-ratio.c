// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit test of teekit-bench's paired ratios (bench/ratio.c, compiled
 * in here: it is pure arithmetic): per-round ratios of a figure over the
 * reference measured next to it, inverted for MB/s, chained through the
 * baseline's own ratio, and their median and spread. Inputs are chosen so
 * the answers are exact in binary floating point.
 */
#include "harness.h"
#include "../../bench/ratio.c"

/* ratios are compared in thousandths: exact inputs, no rounding slack */
#define MILLI(x)	((long)((x) * 1000 + 0.5))

static void rounds(struct bench_result *r, enum bench_unit unit,
		   const double *fig, const double *ref, unsigned int n)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	r->unit = unit;
	r->nrounds = n;
	for (i = 0; i < n; i++) {
		r->round_fig[i] = fig[i];
		r->round_ref[i] = ref[i];
	}
}

TEST(stats_median_p99)
{
	double v[] = { 5, 1, 4, 2, 3 }, w[] = { 4, 1, 3, 2 }, med, p99;

	bench_stats(v, 5, &med, &p99);
	ASSERT_EQ(MILLI(3), MILLI(med));
	ASSERT_EQ(MILLI(5), MILLI(p99));
	bench_stats(w, 4, &med, &p99);
	ASSERT_EQ(MILLI(2.5), MILLI(med));
	ASSERT_EQ(MILLI(4), MILLI(p99));
}

/*
 * The load doubles both sides of round 2 and quadruples both of round 3:
 * the paired ratio stays 2 in every round, where median over median of
 * the unpaired halves would not.
 */
TEST(paired_ratio_cancels_load)
{
	static const double fig[] = { 200, 400, 800, 200 };
	static const double ref[] = { 100, 200, 400, 100 };
	struct bench_result r;
	double v[BENCH_ROUNDS], med, lo, hi;
	unsigned int n;

	rounds(&r, UNIT_NS, fig, ref, 4);
	n = bench_round_ratios(&r, 1, v);
	ASSERT_EQ(4, n);
	ASSERT_TRUE(bench_ratio_stats(v, n, &med, &lo, &hi));
	ASSERT_EQ(MILLI(2), MILLI(med));
	ASSERT_EQ(MILLI(2), MILLI(lo));
	ASSERT_EQ(MILLI(2), MILLI(hi));
}

TEST(paired_ratio_median_and_spread)
{
	static const double fig[] = { 300, 100, 500, 150, 125 };
	static const double ref[] = { 100, 100, 100, 100, 100 };
	struct bench_result r;
	double v[BENCH_ROUNDS], med, lo, hi;
	unsigned int n;

	rounds(&r, UNIT_NS, fig, ref, 5);
	n = bench_round_ratios(&r, 1, v);
	ASSERT_EQ(5, n);
	ASSERT_TRUE(bench_ratio_stats(v, n, &med, &lo, &hi));
	ASSERT_EQ(MILLI(1.5), MILLI(med));
	ASSERT_EQ(MILLI(1), MILLI(lo));
	ASSERT_EQ(MILLI(5), MILLI(hi));
}

/* MB/s: a share of the reference's bandwidth, i.e. its time over ours */
TEST(paired_ratio_bandwidth_inverted)
{
	static const double fig[] = { 400, 800 };
	static const double ref[] = { 100, 400 };
	struct bench_result r;
	double v[BENCH_ROUNDS], med, lo, hi;
	unsigned int n;

	rounds(&r, UNIT_MBPS, fig, ref, 2);
	n = bench_round_ratios(&r, 1, v);
	ASSERT_EQ(2, n);
	ASSERT_TRUE(bench_ratio_stats(v, n, &med, &lo, &hi));
	ASSERT_EQ(MILLI(0.375), MILLI(med));
	ASSERT_EQ(MILLI(0.25), MILLI(lo));
	ASSERT_EQ(MILLI(0.5), MILLI(hi));
}

/* chained: ratio to the reference over the baseline's own ratio to it */
TEST(paired_ratio_chained)
{
	static const double fig[] = { 330, 300, 360 };
	static const double ref[] = { 100, 100, 100 };
	struct bench_result r;
	double v[BENCH_ROUNDS], med, lo, hi;
	unsigned int n;

	rounds(&r, UNIT_NS, fig, ref, 3);
	n = bench_round_ratios(&r, 3, v);
	ASSERT_EQ(3, n);
	ASSERT_TRUE(bench_ratio_stats(v, n, &med, &lo, &hi));
	ASSERT_EQ(MILLI(1.1), MILLI(med));
	ASSERT_EQ(MILLI(1), MILLI(lo));
	ASSERT_EQ(MILLI(1.2), MILLI(hi));
}

/* no usable chain or rounds: no ratio at all rather than a wrong one */
TEST(paired_ratio_errors)
{
	static const double fig[] = { 100, -5, 200, 300 };
	static const double ref[] = { 100, 100, 0, 100 };
	struct bench_result r;
	double v[BENCH_ROUNDS], med = -1, lo = -1, hi = -1;
	unsigned int n;

	rounds(&r, UNIT_NS, fig, ref, 4);
	ASSERT_EQ(0, bench_round_ratios(&r, 0, v));
	ASSERT_EQ(0, bench_round_ratios(&r, -1, v));
	ASSERT_TRUE(!bench_ratio_stats(v, 0, &med, &lo, &hi));
	ASSERT_EQ(MILLI(-1), MILLI(med));
	/* rounds with a non-positive median are left out */
	n = bench_round_ratios(&r, 1, v);
	ASSERT_EQ(2, n);
	ASSERT_TRUE(bench_ratio_stats(v, n, &med, &lo, &hi));
	ASSERT_EQ(MILLI(2), MILLI(med));
	ASSERT_EQ(MILLI(1), MILLI(lo));
	ASSERT_EQ(MILLI(3), MILLI(hi));
	rounds(&r, UNIT_NS, fig, ref, 0);
	ASSERT_EQ(0, bench_round_ratios(&r, 1, v));
}

TEST_HARNESS_MAIN
