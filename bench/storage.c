// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trusted storage (issue 14, docs/storage.md), through the storage test TA
 * (tests/storage/ta, installed with the tests): Create + write + close of a
 * 1 MiB object against a raw write + fsync of 1 MiB on the supplicant's
 * file system, reading it back against a raw read of 1 MiB, and the
 * supplicant round trips an open of a small object costs.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "bench.h"

#define MIB		(1024 * 1024)
#define RAW_FILE	"/var/lib/tee/bench-raw"
#define SAMPLES		40

/* tests/storage/ta: ST_TA_UUID(01), ST_CMD_CREATE, ST_CMD_GET, open, close */
static const TEEC_UUID st_uuid = { 0x57000000, 0x0000, 0x4000,
	{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } };
#define ST_CMD_CREATE	1
#define ST_CMD_OPEN	2
#define ST_CMD_CLOSE	3
#define ST_CMD_GET	20

static uint8_t *buf;
static int raw_fd = -1;

static int op_raw_write(void *arg)
{
	(void)arg;
	if (pwrite(raw_fd, buf, MIB, 0) != MIB || fsync(raw_fd))
		return -1;
	return 0;
}

static int op_raw_read(void *arg)
{
	(void)arg;
	return pread(raw_fd, buf, MIB, 0) == MIB ? 0 : -1;
}

struct st_call {
	TEEC_Session *s;
	uint32_t cmd;
	TEEC_Result res;
};

static int op_create(void *arg)
{
	struct st_call *c = arg;
	TEEC_Operation op;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_VALUE_INPUT);
	op.params[0].value.a = 1;		/* TEE_STORAGE_PRIVATE */
	op.params[0].value.b = 0x403;		/* RW | OVERWRITE */
	op.params[1].tmpref.buffer = "bench-1m";
	op.params[1].tmpref.size = 8;
	op.params[2].tmpref.buffer = buf;
	op.params[2].tmpref.size = MIB;
	c->res = TEEC_InvokeCommand(c->s, ST_CMD_CREATE, &op, &o);
	return c->res ? -1 : 0;
}

static int op_get(void *arg)
{
	struct st_call *c = arg;
	TEEC_Operation op;
	uint32_t o;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE);
	op.params[0].value.a = 1;
	op.params[1].tmpref.buffer = "bench-1m";
	op.params[1].tmpref.size = 8;
	op.params[2].tmpref.buffer = buf;
	op.params[2].tmpref.size = MIB;
	c->res = TEEC_InvokeCommand(c->s, ST_CMD_GET, &op, &o);
	return c->res || op.params[2].tmpref.size != MIB ? -1 : 0;
}

/* total_supp_reqs of the sim device (implementation id 1) */
static long long supp_reqs(void)
{
	char p[320], v[64];
	long long n = -1;
	struct dirent *d;
	DIR *dir = opendir("/sys/class/tee");
	FILE *f;

	while (dir && (d = readdir(dir))) {
		if (strncmp(d->d_name, "tee", 3) || !strncmp(d->d_name, "teepriv", 7))
			continue;
		snprintf(p, sizeof(p), "/sys/class/tee/%s/implementation_id", d->d_name);
		f = fopen(p, "r");
		if (!f || !fgets(v, sizeof(v), f) || atoi(v) != 1) {
			if (f)
				fclose(f);
			continue;
		}
		fclose(f);
		snprintf(p, sizeof(p), "/sys/class/tee/%s/stats/total_supp_reqs", d->d_name);
		f = fopen(p, "r");
		if (f && fgets(v, sizeof(v), f))
			n = atoll(v);
		if (f)
			fclose(f);
	}
	if (dir)
		closedir(dir);
	return n;
}

static void small_open_rtt(struct bench_result *r, TEEC_Session *s)
{
	TEEC_Operation op;
	long long a, b;
	uint32_t o, slot;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_VALUE_INPUT);
	op.params[0].value.a = 1;
	op.params[0].value.b = 0x403;
	op.params[1].tmpref.buffer = "small";
	op.params[1].tmpref.size = 5;
	op.params[2].tmpref.buffer = "0123456789abcdef";
	op.params[2].tmpref.size = 16;
	if (TEEC_InvokeCommand(s, ST_CMD_CREATE, &op, &o)) {
		bench_skip(r, "cannot create the small object");
		return;
	}
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = 1;
	op.params[0].value.b = 1;		/* ACCESS_READ */
	op.params[1].tmpref.buffer = "small";
	op.params[1].tmpref.size = 5;
	a = supp_reqs();
	if (a < 0 || TEEC_InvokeCommand(s, ST_CMD_OPEN, &op, &o)) {
		bench_skip(r, "no total_supp_reqs counter, or the open failed");
		return;
	}
	b = supp_reqs();
	slot = op.params[0].value.a;
	r->median = r->p99 = b - a;
	r->measured = true;
	r->target = "<= 3";
	r->target_val = 3;
	r->target_le = true;
	snprintf(r->note, sizeof(r->note),
		 "requests the sim device sent to tee-supplicant during TEE_OpenPersistentObject");
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = slot;
	TEEC_InvokeCommand(s, ST_CMD_CLOSE, &op, &o);
}

void bench_storage(void)
{
	struct bench_result *rw, *rr, *cw, *rd, *rtt;
	struct bench_ref wref = { "raw_write_1m", op_raw_write, NULL, 1 };
	struct bench_ref rref = { "raw_read_1m", op_raw_read, NULL, 1 };
	struct st_call c;
	TEEC_Context ctx;
	TEEC_Session s;
	uint32_t o;

	rw = bench_add("raw_write_1m",
		       "raw write + fsync of 1 MiB on the supplicant's file system (baseline)",
		       UNIT_NS);
	rr = bench_add("raw_read_1m", "raw read of 1 MiB, page cache (baseline)",
		       UNIT_NS);
	cw = bench_add("storage_create_1m",
		       "TEE_CreatePersistentObject with 1 MiB of data, closed (Create + write + close)",
		       UNIT_NS);
	rd = bench_add("storage_read_1m",
		       "open + read 1 MiB + close of a persistent object",
		       UNIT_NS);
	rtt = bench_add("storage_open_rtt",
			"supplicant round trips of opening a small persistent object",
			UNIT_X);
	bench_compare(cw, "raw_write_1m", "<= 4", 4, true);
	bench_compare(rd, "raw_read_1m", "<= 2", 2, true);
	buf = malloc(MIB);
	raw_fd = open(RAW_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (!buf || raw_fd < 0) {
		bench_skip_all("no buffer or no " RAW_FILE, rw, rr, cw, rd, rtt,
			       NULL);
		return;
	}
	memset(buf, 0x5a, MIB);
	if (!bench_sample_ns(op_raw_write, NULL, 1, SAMPLES, &rw->median,
			     &rw->p99))
		rw->measured = true;
	if (!bench_sample_ns(op_raw_read, NULL, 1, SAMPLES, &rr->median,
			     &rr->p99))
		rr->measured = true;
	if (TEEC_InitializeContext(NULL, &ctx) ||
	    TEEC_OpenSession(&ctx, &s, &st_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL,
			     &o)) {
		bench_skip_all("the storage test TA does not open (installed with the tests?)",
			       cw, rd, rtt, NULL);
		goto out;
	}
	c.s = &s;
	if (bench_sample_paired(cw, op_create, &c, 1, SAMPLES, &wref))
		bench_skip(cw, "the call failed: 0x%08x", c.res);
	else
		cw->measured = true;
	if (bench_sample_paired(rd, op_get, &c, 1, SAMPLES, &rref))
		bench_skip(rd, "the call failed: 0x%08x", c.res);
	else
		rd->measured = true;
	small_open_rtt(rtt, &s);
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&ctx);
out:
	close(raw_fd);
	unlink(RAW_FILE);
	free(buf);
}
