// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-bench: the benchmark suite, run inside the test VM by 'make bench'.
 *
 *   teekit-bench [--quick | --long]
 *
 * Prints one JSON document on stdout: every figure with its median and 99th
 * percentile, the baseline it is compared with (measured in the same run),
 * the ratio (the median of per-round ratios, with their range, when the
 * figure was measured in rounds alternating with a reference; see bench.h)
 * and the target of issue 8. It never fails on speed: exit status
 * 0 unless it could not run at all.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_RESULTS 64

unsigned int bench_samples = 2000;

static struct bench_result results[MAX_RESULTS];
static unsigned int nresults;

struct bench_result *bench_add(const char *name, const char *title,
			       enum bench_unit unit)
{
	struct bench_result *r;

	if (nresults == MAX_RESULTS) {
		fprintf(stderr, "teekit-bench: too many figures\n");
		exit(1);
	}
	r = &results[nresults++];
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->title = title;
	r->unit = unit;
	return r;
}

struct bench_result *bench_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nresults; i++)
		if (!strcmp(results[i].name, name))
			return &results[i];
	return NULL;
}

void bench_compare(struct bench_result *r, const char *baseline,
		   const char *target, double target_val, bool target_le)
{
	r->baseline = baseline;
	r->target = target;
	r->target_val = target_val;
	r->target_le = target_le;
}

void bench_skip(struct bench_result *r, const char *fmt, ...)
{
	va_list ap;

	r->measured = false;
	va_start(ap, fmt);
	vsnprintf(r->note, sizeof(r->note), fmt, ap);
	va_end(ap);
}

void bench_skip_all(const char *why, ...)
{
	struct bench_result *r;
	va_list ap;

	va_start(ap, why);
	while ((r = va_arg(ap, struct bench_result *)))
		bench_skip(r, "%s", why);
	va_end(ap);
}

static const char *unit_name(enum bench_unit u)
{
	switch (u) {
	case UNIT_NS:
		return "ns";
	case UNIT_MBPS:
		return "MB/s";
	case UNIT_BYTES:
		return "bytes";
	default:
		return "x";
	}
}

/* Ratio to the baseline: "times the baseline's cost" for both kinds. */
static void finish(struct bench_result *r)
{
	double v[BENCH_ROUNDS], chain = 1;
	struct bench_result *b;
	unsigned int n;

	if (!r->measured || !r->baseline)
		return;
	b = bench_find(r->baseline);
	if (!b || !b->measured || b->median <= 0) {
		r->ratio = 0;
		return;
	}
	/*
	 * Times the baseline's cost for latencies, share of the baseline's
	 * bandwidth for MB/s figures: either way median over median, when the
	 * figure was not paired with a reference.
	 */
	r->ratio = r->median / b->median;
	if (!r->ref || !r->nrounds)
		return;
	/*
	 * Paired: the median of the per-round ratios. When the reference is
	 * not the baseline itself, the baseline was paired with the same
	 * reference and its ratio to it divides each round's.
	 */
	if (strcmp(r->ref, r->baseline))
		chain = b->ref && b->ratio_n && !strcmp(b->ref, r->ref) &&
			!strcmp(b->ref, b->baseline) ? b->ratio : 0;
	n = bench_round_ratios(r, chain, v);
	if (bench_ratio_stats(v, n, &r->ratio, &r->ratio_lo, &r->ratio_hi))
		r->ratio_n = n;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s >= 0x20)
			putchar(*s);
	}
	putchar('"');
}

static bool target_met(const struct bench_result *r)
{
	double v;

	if (!r->target || !r->measured || (r->baseline && r->ratio <= 0))
		return false;
	v = r->baseline ? r->ratio : r->median;
	return r->target_le ? v <= r->target_val : v >= r->target_val;
}

static void fmt_value(const struct bench_result *r, double v, char *buf, size_t len)
{
	switch (r->unit) {
	case UNIT_NS:
		if (v >= 1e6)
			snprintf(buf, len, "%.2f ms", v / 1e6);
		else if (v >= 1e3)
			snprintf(buf, len, "%.2f us", v / 1e3);
		else
			snprintf(buf, len, "%.0f ns", v);
		break;
	case UNIT_MBPS:
		snprintf(buf, len, "%.0f MB/s", v);
		break;
	case UNIT_BYTES:
		snprintf(buf, len, "%.0f B", v);
		break;
	default:
		snprintf(buf, len, "%.2f x", v);
	}
}

/* The table of docs/benchmarks.md, after a line "@@MARKDOWN". */
static void print_markdown(void)
{
	unsigned int i;

	printf("@@MARKDOWN\n");
	printf("| figure | median | p99 | baseline | ratio | target | met |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (i = 0; i < nresults; i++) {
		const struct bench_result *r = &results[i];
		char med[64], p99[32];

		if (!r->measured) {
			printf("| %s | — | — | %s | — | %s | not measured: %s |\n",
			       r->title, r->baseline ? r->baseline : "",
			       r->target ? r->target : "report", r->note);
			continue;
		}
		fmt_value(r, r->median, med, sizeof(med));
		/* a throughput ratio: the range of its own rounds */
		if (!r->baseline && r->ratio_n)
			snprintf(med + strlen(med), sizeof(med) - strlen(med),
				 " (%.2f–%.2f)", r->ratio_lo, r->ratio_hi);
		fmt_value(r, r->p99, p99, sizeof(p99));
		printf("| %s%s%s%s | %s | %s | %s | ", r->title, r->note[0] ? " (" : "",
		       r->note[0] ? r->note : "", r->note[0] ? ")" : "", med, p99,
		       r->baseline ? r->baseline : "");
		if (r->baseline && r->ratio > 0)
			printf("%.2f", r->ratio);
		if (r->baseline && r->ratio > 0 && r->ratio_n)
			printf(" (%.2f–%.2f, %u rounds)", r->ratio_lo, r->ratio_hi,
			       r->ratio_n);
		printf(" | %s | %s |\n", r->target ? r->target : "report",
		       !r->target ? "" : target_met(r) ? "yes" : "**no**");
	}
}

int main(int argc, char **argv)
{
	bool only_crypto = false;
	unsigned int i;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			bench_samples = 200;
		} else if (!strcmp(argv[i], "--long")) {
			bench_samples = 20000;
		} else if (!strcmp(argv[i], "--crypto")) {
			only_crypto = true;
		} else {
			fprintf(stderr, "usage: teekit-bench [--quick | --long] [--crypto]\n"
				"  --crypto: only the crypto figures and their own baselines\n");
			return 2;
		}
	}

	if (!only_crypto) {
		bench_baselines();
		bench_tee_raw();
		bench_gp();
		bench_storage();
	}
	bench_crypto();
	bench_baselines_end();

	printf("{\"samples\": %u, \"figures\": [\n", bench_samples);
	for (i = 0; i < nresults; i++) {
		struct bench_result *r = &results[i];
		bool met;

		finish(r);
		met = target_met(r);
		printf("  {\"name\": ");
		json_str(r->name);
		printf(", \"title\": ");
		json_str(r->title);
		printf(", \"unit\": \"%s\", \"measured\": %s", unit_name(r->unit),
		       r->measured ? "true" : "false");
		if (r->measured)
			printf(", \"median\": %.3f, \"p99\": %.3f", r->median, r->p99);
		printf(", \"baseline\": ");
		if (r->baseline)
			json_str(r->baseline);
		else
			printf("null");
		if (r->measured && r->baseline && r->ratio > 0)
			printf(", \"ratio\": %.3f", r->ratio);
		if (r->measured && r->baseline && r->ratio_n) {
			printf(", \"paired_with\": ");
			json_str(r->ref);
		}
		/* paired figures and the throughput ratios, measured in rounds */
		if (r->measured && r->ratio_n)
			printf(", \"rounds\": %u, \"ratio_min\": %.3f, \"ratio_max\": %.3f",
			       r->ratio_n, r->ratio_lo, r->ratio_hi);
		printf(", \"target\": ");
		if (r->target)
			json_str(r->target);
		else
			printf("null");
		if (r->target && r->measured)
			printf(", \"met\": %s", met ? "true" : "false");
		printf(", \"note\": ");
		json_str(r->note);
		printf("}%s\n", i + 1 < nresults ? "," : "");
	}
	printf("]}\n");
	print_markdown();
	return 0;
}
