// SPDX-License-Identifier: GPL-2.0-only
/*
 * tatime.c - REE time through the driver's GET_TIME RPC and TA persistent
 * time (TEE_Get/SetTAPersistentTime) kept on the REE file system the
 * supplicant serves (docs/decisions/0801-ta-persistent-time.md).
 *
 * The TA's clock is the REE clock plus an offset the TA set. The record
 * "teekit-tatime/<uuid>" under the supplicant's --fs-root holds the offset
 * and the REE time at which it was set; it is written to a temporary name
 * and renamed over the old one, so a crash leaves the old or the new
 * record. A record that does not check out, or an REE clock that went
 * back before the moment the time was set, means TIME_NEEDS_RESET.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/teekit_sim.h>

#include "teeta.h"

#define REC_MAGIC	0x54504b54u	/* "TKPT" */
#define REC_VERSION	1

struct tatime_rec {
	uint32_t magic;
	uint32_t version;
	int64_t offset_ms;	/* TA time - REE time */
	uint64_t set_ree_ms;	/* REE time when it was set */
	uint32_t reserved;
	uint32_t check;		/* FNV-1a of the bytes before it */
};

enum { ST_UNKNOWN, ST_NOT_SET, ST_SET, ST_NEEDS_RESET };

static int state = ST_UNKNOWN;
static struct tatime_rec rec;

static uint64_t ree_ms(void)
{
	TEE_Time t;

	TEE_GetREETime(&t);
	return (uint64_t)t.seconds * 1000 + t.millis;
}

void TEE_GetREETime(TEE_Time *t)
{
	struct tksim_msg m;
	struct timespec ts;

	if (!t)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_GET_TIME;
	m.num_params = 1;
	m.params[0].attr = TKSIM_PARAM_VALUE_OUTPUT;
	if (teeta_rpc(&m) == TEE_SUCCESS) {
		t->seconds = m.params[0].a;
		t->millis = m.params[0].b / 1000000;
		return;
	}
	/* outside a call (TA_CreateEntryPoint): the same clock, read here */
	clock_gettime(CLOCK_REALTIME, &ts);
	t->seconds = ts.tv_sec;
	t->millis = ts.tv_nsec / 1000000;
}

static uint32_t fnv(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

/* ------------------------------------------- REE FS through the RPC */

#define FS_OPEN		0
#define FS_CREATE	1
#define FS_CLOSE	2
#define FS_READ		3
#define FS_WRITE	4
#define FS_RENAME	7

#define SHM_NAME1	0
#define SHM_NAME2	256
#define SHM_DATA	512
#define SHM_SIZE	1024

struct fs {
	uint8_t *shm;
	uint64_t cookie;
	size_t maplen;
};

static void fs_msg(struct tksim_msg *m, uint32_t op, uint64_t b, uint64_t c)
{
	memset(m, 0, sizeof(*m));
	m->cmd = TKSIM_RPC_FS;
	m->num_params = 1;
	m->params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	m->params[0].a = op;
	m->params[0].b = b;
	m->params[0].c = c;
}

static void fs_memref(struct fs *fs, struct tksim_msg *m, unsigned int i,
		      uint32_t attr, uint64_t off, uint64_t len)
{
	m->params[i].attr = attr;
	m->params[i].a = off;
	m->params[i].b = len;
	m->params[i].c = fs->cookie;
	if (m->num_params < i + 1)
		m->num_params = i + 1;
}

static uint32_t fs_name(struct fs *fs, struct tksim_msg *m, unsigned int i,
			uint64_t off, const char *name)
{
	size_t n = strlen(name) + 1;

	memcpy(fs->shm + off, name, n);
	fs_memref(fs, m, i, TKSIM_PARAM_MEMREF_INPUT, off, n);
	return 0;
}

static uint32_t fs_open(struct fs *fs, uint32_t op, const char *name,
			uint64_t *fd)
{
	struct tksim_msg m;
	uint32_t r;

	fs_msg(&m, op, 0, 0);
	fs_name(fs, &m, 1, SHM_NAME1, name);
	m.params[2].attr = TKSIM_PARAM_VALUE_OUTPUT;
	m.num_params = 3;
	r = teeta_rpc(&m);
	if (!r)
		*fd = m.params[2].a;
	return r;
}

static void fs_close(uint64_t fd)
{
	struct tksim_msg m;

	fs_msg(&m, FS_CLOSE, fd, 0);
	teeta_rpc(&m);
}

static void rec_name(char *buf, size_t len, bool tmp)
{
	char u[40];
	TEE_UUID id = teeta_head()->uuid;

	snprintf(u, sizeof(u),
		 "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 id.timeLow, id.timeMid, id.timeHiAndVersion,
		 id.clockSeqAndNode[0], id.clockSeqAndNode[1],
		 id.clockSeqAndNode[2], id.clockSeqAndNode[3],
		 id.clockSeqAndNode[4], id.clockSeqAndNode[5],
		 id.clockSeqAndNode[6], id.clockSeqAndNode[7]);
	snprintf(buf, len, "teekit-tatime/%s%s", u, tmp ? ".tmp" : "");
}

static TEE_Result fs_begin(struct fs *fs)
{
	fs->shm = teeta_rpc_shm_alloc(SHM_SIZE, &fs->cookie, &fs->maplen);
	return fs->shm ? TEE_SUCCESS : TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

static void fs_end(struct fs *fs)
{
	teeta_rpc_shm_free(fs->shm, fs->maplen, fs->cookie);
}

/* Reads the record into rec/state; errors other than "absent" are returned. */
static TEE_Result load(void)
{
	char name[96];
	struct tksim_msg m;
	struct fs fs;
	uint64_t fd;
	TEE_Result r;

	if (state != ST_UNKNOWN)
		return TEE_SUCCESS;
	r = fs_begin(&fs);
	if (r)
		return r;
	rec_name(name, sizeof(name), false);
	r = fs_open(&fs, FS_OPEN, name, &fd);
	if (r == TEE_ERROR_ITEM_NOT_FOUND) {
		state = ST_NOT_SET;
		r = TEE_SUCCESS;
		goto out;
	}
	if (r)
		goto out;
	fs_msg(&m, FS_READ, fd, 0);
	fs_memref(&fs, &m, 1, TKSIM_PARAM_MEMREF_OUTPUT, SHM_DATA, sizeof(rec));
	r = teeta_rpc(&m);
	fs_close(fd);
	if (r)
		goto out;
	memcpy(&rec, fs.shm + SHM_DATA, sizeof(rec));
	if (m.params[1].b != sizeof(rec) || rec.magic != REC_MAGIC ||
	    rec.version != REC_VERSION ||
	    rec.check != fnv(&rec, offsetof(struct tatime_rec, check))) {
		teeta_log("TA persistent time record %s is damaged: needs reset",
			  name);
		state = ST_NEEDS_RESET;
	} else {
		state = ST_SET;
	}
out:
	fs_end(&fs);
	return r;
}

static TEE_Result store(const struct tatime_rec *nr)
{
	char name[96], tmp[96];
	struct tksim_msg m;
	struct fs fs;
	uint64_t fd;
	TEE_Result r;

	r = fs_begin(&fs);
	if (r)
		return r;
	rec_name(name, sizeof(name), false);
	rec_name(tmp, sizeof(tmp), true);
	r = fs_open(&fs, FS_CREATE, tmp, &fd);
	if (r)
		goto out;
	memcpy(fs.shm + SHM_DATA, nr, sizeof(*nr));
	fs_msg(&m, FS_WRITE, fd, 0);
	fs_memref(&fs, &m, 1, TKSIM_PARAM_MEMREF_INPUT, SHM_DATA, sizeof(*nr));
	r = teeta_rpc(&m);
	fs_close(fd);
	if (r)
		goto out;
	fs_msg(&m, FS_RENAME, 1, 0);
	fs_name(&fs, &m, 1, SHM_NAME1, tmp);
	fs_name(&fs, &m, 2, SHM_NAME2, name);
	r = teeta_rpc(&m);
out:
	fs_end(&fs);
	return r;
}

TEE_Result TEE_GetTAPersistentTime(TEE_Time *time)
{
	uint64_t now, s;
	int64_t ms;
	TEE_Result r;

	if (!time)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	memset(time, 0, sizeof(*time));
	state = ST_UNKNOWN;	/* another instance of the TA may have set it */
	r = load();
	if (r) {
		teeta_log("TA persistent time unavailable: 0x%08x", r);
		return r == TEE_ERROR_OUT_OF_MEMORY ? r :
		       TEE_ERROR_TIME_NOT_SET;
	}
	if (state == ST_NOT_SET)
		return TEE_ERROR_TIME_NOT_SET;
	if (state == ST_NEEDS_RESET)
		return TEE_ERROR_TIME_NEEDS_RESET;
	now = ree_ms();
	if (now < rec.set_ree_ms) {
		teeta_log("REE clock went back before the TA time was set: needs reset");
		state = ST_NEEDS_RESET;
		return TEE_ERROR_TIME_NEEDS_RESET;
	}
	ms = (int64_t)now + rec.offset_ms;
	if (ms < 0)
		return TEE_ERROR_TIME_NEEDS_RESET;
	s = (uint64_t)ms / 1000;
	time->seconds = (uint32_t)s;	/* GP: modulo 2^32 on overflow */
	time->millis = (uint64_t)ms % 1000;
	return s > UINT32_MAX ? TEE_ERROR_OVERFLOW : TEE_SUCCESS;
}

TEE_Result TEE_SetTAPersistentTime(const TEE_Time *time)
{
	struct tatime_rec nr;
	uint64_t now;
	TEE_Result r;

	if (!time || time->millis > 999)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	now = ree_ms();
	memset(&nr, 0, sizeof(nr));
	nr.magic = REC_MAGIC;
	nr.version = REC_VERSION;
	nr.offset_ms = (int64_t)((uint64_t)time->seconds * 1000 + time->millis) -
		       (int64_t)now;
	nr.set_ree_ms = now;
	nr.check = fnv(&nr, offsetof(struct tatime_rec, check));
	r = store(&nr);
	if (r) {
		teeta_log("cannot store the TA persistent time: 0x%08x", r);
		return r == TEE_ERROR_STORAGE_NO_SPACE ||
		       r == TEE_ERROR_OUT_OF_MEMORY ? r :
		       TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	rec = nr;
	state = ST_SET;
	return TEE_SUCCESS;
}
