// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpmb.c - an emulated RPMB device served through OP-TEE's RPMB request
 * (func 1; shared reference supplicant-protocol.md 2.7): JEDEC data frames
 * of 512 bytes, authentication key programming, the write counter, HMAC-
 * SHA256 authenticated reads and writes (docs/supplicant.md, "RPMB").
 *
 * Unlike a RAM-only emulation, the device lives in a file (--rpmb-file,
 * default <fs-root>/teekit-rpmb.img) so the write counter and the blocks
 * survive restarts: trusted storage's rollback protection rests on it. A
 * write goes to a journal first (with its SHA-256), then in place; a
 * journal newer than the device is replayed when the file is opened, so a
 * crash never leaves half a write.
 *
 * File: [0, 512) header, [512, 1024) journal, then the 256-byte blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "supp.h"

#define RPMB_SIZE_MULT	2		/* x 128 KiB */
#define RPMB_NBLOCKS	(RPMB_SIZE_MULT * 512)
#define HDR_MAGIC	"TKRPMB01"
#define JNL_MAGIC	"TKRPMBJ1"
#define OFF_JNL		512
#define OFF_BLOCKS	1024

#define FRAME		512
#define F_MAC		196
#define F_DATA		228
#define F_NONCE		484
#define F_WC		500
#define F_ADDR		504
#define F_COUNT		506
#define F_RESULT	508
#define F_TYPE		510

#define MSG_KEY_PROG	0x0001
#define MSG_GET_WC	0x0002
#define MSG_WRITE	0x0003
#define MSG_READ	0x0004

#define RES_OK		0
#define RES_GENERAL	1
#define RES_AUTH	2
#define RES_COUNTER	3
#define RES_ADDRESS	4
#define RES_WRITE	5
#define RES_NO_KEY	7

#define CMD_DATA_REQ	0
#define CMD_DEV_INFO	1

struct hdr {
	char magic[8];
	uint8_t key_set;
	uint8_t key[32];
	uint32_t wc;
};

struct jnl {
	char magic[8];
	uint32_t wc;		/* the counter after the write */
	uint16_t addr, count;
	uint8_t data[4 * 256];
	uint8_t sum[32];	/* SHA-256 of the fields before it */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int dev_fd = -1;
static struct hdr h;

static uint16_t g16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t g32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void p16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void p32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int pw_all(const void *b, size_t n, off_t off)
{
	return pwrite(dev_fd, b, n, off) == (ssize_t)n ? 0 : -errno;
}

static void jnl_sum(const struct jnl *j, uint8_t out[32])
{
	EVP_Digest(j, offsetof(struct jnl, sum), out, NULL, EVP_sha256(),
		   NULL);
}

/* Opens (creating) the device file under @root_fd, replaying its journal. */
int supp_rpmb_open(int root_fd, const char *path)
{
	struct jnl j;
	uint8_t sum[32];
	int fd;

	fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) :
		    openat(root_fd, "teekit-rpmb.img",
			   O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	dev_fd = fd;
	if (pread(fd, &h, sizeof(h), 0) != sizeof(h) ||
	    memcmp(h.magic, HDR_MAGIC, 8)) {
		memset(&h, 0, sizeof(h));
		memcpy(h.magic, HDR_MAGIC, 8);
		if (pw_all(&h, sizeof(h), 0) || fsync(fd))
			return -errno;
		return 0;
	}
	if (pread(fd, &j, sizeof(j), OFF_JNL) == sizeof(j) &&
	    !memcmp(j.magic, JNL_MAGIC, 8) && j.wc == h.wc + 1 &&
	    j.count >= 1 && j.count <= 4 &&
	    j.addr + j.count <= RPMB_NBLOCKS) {
		jnl_sum(&j, sum);
		if (!memcmp(sum, j.sum, 32)) {
			supp_info("RPMB: finishing the write interrupted at counter %u",
				  h.wc);
			h.wc = j.wc;
			if (pw_all(j.data, j.count * 256,
				   OFF_BLOCKS + (off_t)j.addr * 256) ||
			    pw_all(&h, sizeof(h), 0) || fsync(fd))
				return -errno;
		}
	}
	return 0;
}

static void mac_frames(const uint8_t *frames, unsigned int n,
		       uint8_t out[32])
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *c = m ? EVP_MAC_CTX_new(m) : NULL;
	OSSL_PARAM p[2];
	unsigned int i;
	size_t len;

	memset(out, 0, 32);
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						"SHA256", 0);
	p[1] = OSSL_PARAM_construct_end();
	if (c && EVP_MAC_init(c, h.key, 32, p)) {
		for (i = 0; i < n; i++)
			EVP_MAC_update(c, frames + i * FRAME + F_DATA,
				       FRAME - F_DATA);
		EVP_MAC_final(c, out, &len, 32);
	}
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(m);
}

static void respond(uint8_t *rsp, uint16_t type, uint16_t res)
{
	p16(rsp + F_TYPE, type);
	p16(rsp + F_RESULT, res | (h.wc == 0xffffffff ? 0x80 : 0));
}

static uint16_t do_write(const uint8_t *req, unsigned int n, uint8_t *rsp)
{
	uint16_t addr = g16(req + F_ADDR);
	uint8_t mac[32];
	struct jnl j;
	unsigned int i;

	p16(rsp + F_ADDR, addr);
	if (!h.key_set)
		return RES_NO_KEY;
	mac_frames(req, n, mac);
	if (CRYPTO_memcmp(mac, req + (n - 1) * FRAME + F_MAC, 32))
		return RES_AUTH;
	if (g32(req + F_WC) != h.wc || h.wc == 0xffffffff)
		return RES_COUNTER;
	if (n > 4 || addr + n > RPMB_NBLOCKS)
		return RES_ADDRESS;
	memset(&j, 0, sizeof(j));
	memcpy(j.magic, JNL_MAGIC, 8);
	j.wc = h.wc + 1;
	j.addr = addr;
	j.count = n;
	for (i = 0; i < n; i++)
		memcpy(j.data + i * 256, req + i * FRAME + F_DATA, 256);
	jnl_sum(&j, j.sum);
	if (pw_all(&j, sizeof(j), OFF_JNL) || fdatasync(dev_fd))
		return RES_WRITE;
	if (pw_all(j.data, n * 256, OFF_BLOCKS + (off_t)addr * 256))
		return RES_WRITE;
	h.wc++;
	if (pw_all(&h, sizeof(h), 0) || fdatasync(dev_fd)) {
		h.wc--;
		return RES_WRITE;
	}
	return RES_OK;
}

static uint32_t data_req(const uint8_t *req, size_t req_len, uint8_t *rsp,
			 size_t rsp_len)
{
	unsigned int n = req_len / FRAME, m = rsp_len / FRAME, i;
	uint16_t type, res, addr;

	if (!n || !m)
		return TEEC_ERROR_BAD_PARAMETERS;
	type = g16(req + F_TYPE);
	memset(rsp, 0, m * FRAME);
	switch (type) {
	case MSG_KEY_PROG:
		if (h.key_set) {
			respond(rsp, 0x0100, RES_GENERAL);
			break;
		}
		memcpy(h.key, req + F_MAC, 32);
		h.key_set = 1;
		if (pw_all(&h, sizeof(h), 0) || fsync(dev_fd)) {
			h.key_set = 0;
			respond(rsp, 0x0100, RES_WRITE);
			break;
		}
		respond(rsp, 0x0100, RES_OK);
		break;
	case MSG_GET_WC:
		memcpy(rsp + F_NONCE, req + F_NONCE, 16);
		if (!h.key_set) {
			respond(rsp, 0x0200, RES_NO_KEY);
			break;
		}
		p32(rsp + F_WC, h.wc);
		respond(rsp, 0x0200, RES_OK);
		mac_frames(rsp, 1, rsp + F_MAC);
		break;
	case MSG_WRITE:
		res = do_write(req, n, rsp);
		p32(rsp + F_WC, h.wc);
		respond(rsp, 0x0300, res);
		if (h.key_set)
			mac_frames(rsp, 1, rsp + F_MAC);
		break;
	case MSG_READ:
		addr = g16(req + F_ADDR);
		res = RES_OK;
		if (!h.key_set)
			res = RES_NO_KEY;
		else if (addr + m > RPMB_NBLOCKS)
			res = RES_ADDRESS;
		for (i = 0; i < m; i++) {
			uint8_t *f = rsp + i * FRAME;

			if (!res && pread(dev_fd, f + F_DATA, 256,
					  OFF_BLOCKS + (off_t)(addr + i) * 256) < 0)
				res = RES_GENERAL;
			memcpy(f + F_NONCE, req + F_NONCE, 16);
			p16(f + F_ADDR, addr);
			p16(f + F_COUNT, m);
			respond(f, 0x0400, res);
		}
		if (h.key_set)
			mac_frames(rsp, m, rsp + (m - 1) * FRAME + F_MAC);
		break;
	default:
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	return TEEC_SUCCESS;
}

uint32_t supp_rpmb_request(struct supp_ctx *ctx, struct supp_req *req)
{
	struct supp_param *in = &req->params[0], *out = &req->params[1];
	uint8_t *r = in->buf, *o = out->buf;
	uint32_t ret;
	uint16_t cmd;

	(void)ctx;
	if (req->num_params != 2 || !supp_is_memref(in) ||
	    !supp_is_memref(out) || !r || !o || in->size < 6)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (dev_fd < 0)
		return TEEC_ERROR_NOT_SUPPORTED;
	cmd = r[0] | r[1] << 8;		/* struct rpmb_req: host order */
	pthread_mutex_lock(&lock);
	if (cmd == CMD_DEV_INFO) {
		if (out->size < 19) {
			ret = TEEC_ERROR_BAD_PARAMETERS;
		} else {
			memset(o, 0, 19);
			memcpy(o, "teekit-emul-rpmb", 16);
			o[16] = RPMB_SIZE_MULT;
			o[17] = 1;
			o[18] = 0;
			out->p->b = 19;
			ret = TEEC_SUCCESS;
		}
	} else if (cmd == CMD_DATA_REQ) {
		ret = data_req(r + 6, in->size - 6, o, out->size);
	} else {
		ret = TEEC_ERROR_BAD_PARAMETERS;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}
