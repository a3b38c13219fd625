// SPDX-License-Identifier: GPL-2.0-only
/*
 * storage_rpc.c - trusted storage's requests to the normal world: the
 * supplicant's REE FS service (RPC 2) and RPMB service (RPC 1), with
 * OP-TEE's layouts (shared reference supplicant-protocol.md, 2.5 and 2.7),
 * through one buffer of supplicant memory that the instance keeps.
 *
 * Buffer: names at 0 and 512, the RPMB request at 1024 and its response
 * at 2048, then SS_SHM_DATA bytes of data at 4096. The instance keeps it
 * between calls; a supplicant that refuses it (it restarted and does not
 * know it) makes the next request start with a fresh one.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <linux/teekit_sim.h>

#include "storage.h"

#define FS_OPEN		0
#define FS_CREATE	1
#define FS_CLOSE	2
#define FS_READ		3
#define FS_WRITE	4
#define FS_TRUNCATE	5
#define FS_REMOVE	6
#define FS_RENAME	7

#define OFF_NAME1	0
#define OFF_NAME2	512
#define OFF_RPMB_REQ	1024
#define OFF_RPMB_RSP	2048
#define OFF_DATA	4096
#define SHM_SIZE	(OFF_DATA + SS_SHM_DATA + SS_BLOCK)

/* RPMB (JEDEC eMMC data frame, big-endian fields) */
#define RPMB_FRAME	512
#define RF_MAC		196
#define RF_DATA		228
#define RF_NONCE	484
#define RF_WC		500
#define RF_ADDR		504
#define RF_COUNT	506
#define RF_RESULT	508
#define RF_TYPE		510
#define RPMB_MSG_KEY_PROG	0x0001
#define RPMB_MSG_GET_WC		0x0002
#define RPMB_MSG_WRITE		0x0003
#define RPMB_MSG_READ		0x0004
#define RPMB_RES_OK		0x0000
#define RPMB_RES_AUTH		0x0002
#define RPMB_RES_COUNTER	0x0003
#define RPMB_RES_NO_KEY		0x0007
#define RPMB_CMD_DATA_REQ	0
#define RPMB_CMD_GET_DEV_INFO	1

static uint8_t *shm;
static uint64_t shm_cookie;
static size_t shm_maplen;
static uint32_t rpc_count, fault_at;

void tee_storage_test_fault_at(uint32_t n)
{
	fault_at = n ? rpc_count + n : 0;
}

/* every storage request passes here once: the test hook's crash point */
void ss_rpc_point(void)
{
	if (++rpc_count == fault_at) {
		teeta_log("storage test hook: instance ends at storage request %u",
			  rpc_count);
		abort();
	}
}

/*
 * After a transport failure the buffer is stale: the operation under way
 * fails its further requests, but the mapping stays until ss_rpc_renew()
 * at the start of the next operation, so no pointer into it dangles.
 */
static bool stale;

static TEE_Result buf_get(void)
{
	if (stale)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	if (shm)
		return TEE_SUCCESS;
	shm = teeta_rpc_shm_alloc(SHM_SIZE, &shm_cookie, &shm_maplen);
	if (!shm) {
		teeta_log("trusted storage: no supplicant memory for %u bytes (is tee-supplicant running? max_ta_shm_kib of teekit_sim)",
			  SHM_SIZE);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEE_SUCCESS;
}

uint8_t *ss_buf(void)
{
	if (shm)
		return shm + OFF_DATA;
	return buf_get() ? NULL : shm + OFF_DATA;
}

static uint32_t epoch;

/* changes whenever the buffer is dropped: descriptors from before are stale */
uint32_t ss_rpc_epoch(void)
{
	return epoch;
}

static void buf_drop(void)
{
	epoch++;
	stale = true;
}

void ss_rpc_renew(void)
{
	if (!stale)
		return;
	if (shm)
		teeta_rpc_shm_free(shm, shm_maplen, shm_cookie);
	shm = NULL;
	stale = false;
}

static void msg_init(struct tksim_msg *m, uint32_t cmd)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
}

static void msg_val(struct tksim_msg *m, unsigned int i, uint32_t attr,
		    uint64_t a, uint64_t b, uint64_t c)
{
	m->params[i].attr = attr;
	m->params[i].a = a;
	m->params[i].b = b;
	m->params[i].c = c;
	if (m->num_params < i + 1)
		m->num_params = i + 1;
}

static void msg_mem(struct tksim_msg *m, unsigned int i, uint32_t attr,
		    uint64_t off, uint64_t len)
{
	msg_val(m, i, attr, off, len, shm_cookie);
}

/* One request; a transport failure drops the buffer and reads as "not available". */
static TEE_Result call(struct tksim_msg *m)
{
	TEE_Result r;

	ss_rpc_point();
	r = teeta_rpc(m);
	if (r == TEE_ERROR_COMMUNICATION || r == TEE_ERROR_BAD_PARAMETERS ||
	    r == TEE_ERROR_BAD_STATE) {
		teeta_log("trusted storage: supplicant request %u failed (0x%08x): is tee-supplicant running?",
			  m->cmd, r);
		buf_drop();
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return r;
}

static TEE_Result put_name(unsigned int off, const char *name, size_t *len)
{
	size_t n = strlen(name) + 1;

	if (n > 512)
		return TEE_ERROR_BAD_PARAMETERS;
	memcpy(shm + off, name, n);
	*len = n;
	return TEE_SUCCESS;
}

TEE_Result ss_fs_open(const char *name, bool create, uint64_t *fd)
{
	struct tksim_msg m;
	TEE_Result r;
	size_t n;

	r = buf_get();
	if (!r)
		r = put_name(OFF_NAME1, name, &n);
	if (r)
		return r;
	msg_init(&m, TKSIM_RPC_FS);
	msg_val(&m, 0, TKSIM_PARAM_VALUE_INPUT, create ? FS_CREATE : FS_OPEN,
		0, 0);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_INPUT, OFF_NAME1, n);
	msg_val(&m, 2, TKSIM_PARAM_VALUE_OUTPUT, 0, 0, 0);
	r = call(&m);
	if (!r)
		*fd = m.params[2].a;
	return r;
}

void ss_fs_close(uint64_t fd)
{
	struct tksim_msg m;

	if (buf_get())
		return;
	msg_init(&m, TKSIM_RPC_FS);
	msg_val(&m, 0, TKSIM_PARAM_VALUE_INPUT, FS_CLOSE, fd, 0);
	call(&m);
}

/* FS_READ or FS_WRITE of @len bytes at @boff of the RPC buffer's data */
static TEE_Result fs_data(struct tksim_msg *m, uint32_t op, uint32_t type,
			  uint64_t fd, uint64_t off, size_t boff, size_t len)
{
	TEE_Result r;

	r = buf_get();
	if (r)
		return r;
	if (boff > SS_SHM_DATA + SS_BLOCK || len > SS_SHM_DATA + SS_BLOCK - boff)
		return TEE_ERROR_BAD_PARAMETERS;
	msg_init(m, TKSIM_RPC_FS);
	msg_val(m, 0, TKSIM_PARAM_VALUE_INPUT, op, fd, off);
	msg_mem(m, 1, type, OFF_DATA + boff, len);
	return call(m);
}

TEE_Result ss_fs_read(uint64_t fd, uint64_t off, size_t boff, size_t len,
		      size_t *got)
{
	struct tksim_msg m;
	TEE_Result r;

	r = fs_data(&m, FS_READ, TKSIM_PARAM_MEMREF_OUTPUT, fd, off, boff, len);
	if (!r)
		*got = m.params[1].b > len ? len : m.params[1].b;
	return r;
}

TEE_Result ss_fs_write(uint64_t fd, uint64_t off, size_t boff, size_t len)
{
	struct tksim_msg m;

	return fs_data(&m, FS_WRITE, TKSIM_PARAM_MEMREF_INPUT, fd, off, boff,
		       len);
}

TEE_Result ss_fs_truncate(uint64_t fd, uint64_t len)
{
	struct tksim_msg m;
	TEE_Result r;

	r = buf_get();
	if (r)
		return r;
	msg_init(&m, TKSIM_RPC_FS);
	msg_val(&m, 0, TKSIM_PARAM_VALUE_INPUT, FS_TRUNCATE, fd, len);
	return call(&m);
}

TEE_Result ss_fs_remove(const char *name)
{
	struct tksim_msg m;
	TEE_Result r;
	size_t n;

	r = buf_get();
	if (!r)
		r = put_name(OFF_NAME1, name, &n);
	if (r)
		return r;
	msg_init(&m, TKSIM_RPC_FS);
	msg_val(&m, 0, TKSIM_PARAM_VALUE_INPUT, FS_REMOVE, 0, 0);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_INPUT, OFF_NAME1, n);
	return call(&m);
}

TEE_Result ss_fs_rename(const char *from, const char *to, bool overwrite)
{
	struct tksim_msg m;
	TEE_Result r;
	size_t n1, n2;

	r = buf_get();
	if (!r)
		r = put_name(OFF_NAME1, from, &n1);
	if (!r)
		r = put_name(OFF_NAME2, to, &n2);
	if (r)
		return r;
	msg_init(&m, TKSIM_RPC_FS);
	msg_val(&m, 0, TKSIM_PARAM_VALUE_INPUT, FS_RENAME, overwrite, 0);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_INPUT, OFF_NAME1, n1);
	msg_mem(&m, 2, TKSIM_PARAM_MEMREF_INPUT, OFF_NAME2, n2);
	return call(&m);
}

/* ------------------------------------------------------------------ RPMB */

static void be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void frame_mac(const uint8_t *f, uint8_t mac[32])
{
	ss_hmac(ss_rpmb_key(), SS_KEY_LEN, f + RF_DATA, RPMB_FRAME - RF_DATA,
		NULL, 0, mac);
}

/* One data request: one request frame, one response frame. */
static TEE_Result rpmb_xfer(uint8_t **req, uint8_t **rsp)
{
	TEE_Result r;

	r = buf_get();
	if (r)
		return r;
	memset(shm + OFF_RPMB_REQ, 0, 6 + RPMB_FRAME);
	memset(shm + OFF_RPMB_RSP, 0, RPMB_FRAME);
	be16(shm + OFF_RPMB_REQ, 0);	/* little-endian u16 0: DATA_REQ */
	shm[OFF_RPMB_REQ + 4] = 1;	/* block_count (LE u16) */
	*req = shm + OFF_RPMB_REQ + 6;
	*rsp = shm + OFF_RPMB_RSP;
	return TEE_SUCCESS;
}

static TEE_Result rpmb_send(uint16_t type)
{
	struct tksim_msg m;
	TEE_Result r;

	msg_init(&m, TKSIM_RPC_RPMB);
	msg_mem(&m, 0, TKSIM_PARAM_MEMREF_INPUT, OFF_RPMB_REQ,
		6 + RPMB_FRAME);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_OUTPUT, OFF_RPMB_RSP, RPMB_FRAME);
	r = call(&m);
	if (r) {
		teeta_log("trusted storage: RPMB request 0x%04x failed: 0x%08x (does tee-supplicant serve RPMB?)",
			  type, r);
		return r == TEE_ERROR_STORAGE_NOT_AVAILABLE ? r :
		       TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	return TEE_SUCCESS;
}

/* checks the response's type, nonce and MAC; returns its result field */
static TEE_Result rpmb_check(const uint8_t *rsp, uint16_t type,
			     const uint8_t *nonce, uint16_t *res)
{
	uint8_t mac[32];

	if (get16(rsp + RF_TYPE) != (type << 8)) {
		teeta_log("trusted storage: RPMB answered type 0x%04x to 0x%04x",
			  get16(rsp + RF_TYPE), type);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	*res = get16(rsp + RF_RESULT) & 0x7f;
	if (*res == RPMB_RES_NO_KEY)
		return TEE_SUCCESS;
	frame_mac(rsp, mac);
	if (CRYPTO_memcmp(mac, rsp + RF_MAC, 32) ||
	    (nonce && CRYPTO_memcmp(nonce, rsp + RF_NONCE, 16))) {
		teeta_log("trusted storage: RPMB response not authentic (another device key programmed the RPMB, or it was tampered with)");
		return TEE_ERROR_CORRUPT_OBJECT;
	}
	return TEE_SUCCESS;
}

static TEE_Result rpmb_program_key(void)
{
	uint8_t *req, *rsp;
	TEE_Result r;
	uint16_t res;

	r = rpmb_xfer(&req, &rsp);
	if (r)
		return r;
	memcpy(req + RF_MAC, ss_rpmb_key(), 32);
	be16(req + RF_TYPE, RPMB_MSG_KEY_PROG);
	r = rpmb_send(RPMB_MSG_KEY_PROG);
	if (r)
		return r;
	res = get16(rsp + RF_RESULT) & 0x7f;
	if (get16(rsp + RF_TYPE) != 0x0100 || res != RPMB_RES_OK) {
		teeta_log("trusted storage: RPMB key programming failed (result %u)",
			  res);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	teeta_log("trusted storage: programmed the RPMB authentication key");
	return TEE_SUCCESS;
}

TEE_Result ss_rpmb_counter(uint32_t *wc)
{
	uint8_t nonce[16], *req, *rsp;
	unsigned int tries;
	TEE_Result r;
	uint16_t res;

	for (tries = 0; tries < 2; tries++) {
		r = rpmb_xfer(&req, &rsp);
		if (r)
			return r;
		if (RAND_bytes(nonce, sizeof(nonce)) != 1)
			return TEE_ERROR_GENERIC;
		memcpy(req + RF_NONCE, nonce, 16);
		be16(req + RF_TYPE, RPMB_MSG_GET_WC);
		r = rpmb_send(RPMB_MSG_GET_WC);
		if (!r)
			r = rpmb_check(rsp, RPMB_MSG_GET_WC, nonce, &res);
		if (r)
			return r;
		if (res == RPMB_RES_OK) {
			*wc = get32(rsp + RF_WC);
			return TEE_SUCCESS;
		}
		if (res != RPMB_RES_NO_KEY || tries)
			break;
		r = rpmb_program_key();
		if (r)
			return r;
	}
	teeta_log("trusted storage: RPMB write counter unreadable (result %u)",
		  res);
	return TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

TEE_Result ss_rpmb_read(uint16_t addr, uint8_t data[SS_RPMB_DATA])
{
	uint8_t nonce[16], *req, *rsp;
	TEE_Result r;
	uint16_t res;

	r = rpmb_xfer(&req, &rsp);
	if (r)
		return r;
	if (RAND_bytes(nonce, sizeof(nonce)) != 1)
		return TEE_ERROR_GENERIC;
	memcpy(req + RF_NONCE, nonce, 16);
	be16(req + RF_ADDR, addr);
	be16(req + RF_COUNT, 1);
	be16(req + RF_TYPE, RPMB_MSG_READ);
	r = rpmb_send(RPMB_MSG_READ);
	if (!r)
		r = rpmb_check(rsp, RPMB_MSG_READ, nonce, &res);
	if (r)
		return r;
	if (res != RPMB_RES_OK) {
		teeta_log("trusted storage: RPMB read of block %u failed (result %u)",
			  addr, res);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	memcpy(data, rsp + RF_DATA, SS_RPMB_DATA);
	return TEE_SUCCESS;
}

/* TEE_ERROR_BUSY: the write counter moved (someone else wrote) */
TEE_Result ss_rpmb_write(uint16_t addr, uint32_t wc,
			 const uint8_t data[SS_RPMB_DATA], uint32_t *new_wc)
{
	uint8_t *req, *rsp;
	TEE_Result r;
	uint16_t res;

	r = rpmb_xfer(&req, &rsp);
	if (r)
		return r;
	memcpy(req + RF_DATA, data, SS_RPMB_DATA);
	be32(req + RF_WC, wc);
	be16(req + RF_ADDR, addr);
	be16(req + RF_COUNT, 1);
	be16(req + RF_TYPE, RPMB_MSG_WRITE);
	frame_mac(req, req + RF_MAC);
	r = rpmb_send(RPMB_MSG_WRITE);
	if (!r)
		r = rpmb_check(rsp, RPMB_MSG_WRITE, NULL, &res);
	if (r)
		return r;
	if (res == RPMB_RES_COUNTER)
		return TEE_ERROR_BUSY;
	if (res != RPMB_RES_OK || get32(rsp + RF_WC) != wc + 1 ||
	    get16(rsp + RF_ADDR) != addr) {
		teeta_log("trusted storage: RPMB write of block %u failed (result %u)",
			  addr, res);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	*new_wc = wc + 1;
	return TEE_SUCCESS;
}

TEE_Result ss_rpmb_blocks(uint16_t *nblocks)
{
	struct tksim_msg m;
	TEE_Result r;
	uint8_t *p;

	r = buf_get();
	if (r)
		return r;
	memset(shm + OFF_RPMB_REQ, 0, 6);
	shm[OFF_RPMB_REQ] = RPMB_CMD_GET_DEV_INFO;
	memset(shm + OFF_RPMB_RSP, 0, 20);
	msg_init(&m, TKSIM_RPC_RPMB);
	msg_mem(&m, 0, TKSIM_PARAM_MEMREF_INPUT, OFF_RPMB_REQ, 6);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_OUTPUT, OFF_RPMB_RSP, 19);
	r = call(&m);
	p = shm ? shm + OFF_RPMB_RSP : NULL;
	if (r || !p || p[18] != 0 || !p[16]) {
		teeta_log("trusted storage: no RPMB device (0x%08x): tee-supplicant must serve RPMB (teekit's emulates one)",
			  r);
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	/* rpmb_size_mult: units of 128 KiB, 256-byte blocks */
	*nblocks = p[16] >= 128 ? 0xffff : p[16] * 512;
	return TEE_SUCCESS;
}
