// SPDX-License-Identifier: GPL-2.0-only
/*
 * storage.c - GP trusted storage: persistent objects, enumerators and data
 * streams, kept encrypted and authenticated on the supplicant's REE FS and
 * anchored in an RPMB record against rollback (docs/storage.md).
 *
 * One store per storage id (PRIVATE and PRIVATE_REE are one store, RPMB
 * another), in the REE FS directory teekit-ss/<tag>/ (tag: a MAC of the
 * store key, so names say nothing about the TA):
 *
 *   manifest     every object of the store: id, type, usage, attributes,
 *                size, and either its data (small objects) or its data
 *                file and, per 64 KiB block, slot, nonce and GCM tag.
 *                AES-256-GCM, padded to 4 KiB.
 *   o<16 hex>    an object's data file: 64 KiB slots, each one block in
 *                AES-256-GCM (AAD: file id and block index).
 *
 * The RPMB record of the store holds a counter and the SHA-256 of the
 * current manifest. An update writes new blocks to free slots only,
 * writes the new manifest to m<hash>, writes the record (the commit: an
 * authenticated RPMB write that fails if anyone wrote since we read the
 * write counter) and renames m<hash> over manifest. A crash before the
 * record write leaves the old state, after it the new one (a load that
 * finds the record ahead of manifest completes the rename).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "storage.h"

#define MAN_MAGIC	0x4d534b54u	/* "TKSM" */
#define MAN_VERSION	1
#define MAN_HDR		32
#define MAN_TAG		16
#define MAN_MAX		SS_SHM_DATA
#define REC_MAGIC	0x42524b54u	/* "TKRB" */
#define SLOT_ZERO	0xffffffffu	/* a block of zeros, not stored */
#define BATCH		(SS_SHM_DATA / SS_BLOCK)
/*
 * How long an update keeps trying while other instances commit first: a
 * time, not a count, so a slow machine (a debug kernel) does not turn
 * contention into a failure; between tries a random, growing pause, so
 * the writers that keep losing stop colliding with the winners.
 */
#define MUTATE_BUDGET_MS	20000
#define MUTATE_PAUSE_MAX_MS	64
#define RPMB_PROBES	64

struct ss_block {
	uint32_t slot;
	uint8_t nonce[12];
	uint8_t tag[16];
};

struct ss_object {
	struct ss_object *next;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	uint32_t id_len;
	uint32_t type, obj_size, max_size, usage;
	uint64_t size;
	uint64_t file_id;	/* 0: data inline */
	uint8_t *data;		/* inline data (size bytes) */
	uint32_t nblocks;
	struct ss_block *blocks;
	unsigned int nattrs;
	struct tk_attr attrs[TK_MAX_ATTRS];
};

struct ss_store {
	bool loaded, rec_known;
	uint32_t dev_wc;	/* RPMB write counter when last in sync */
	uint16_t rec_addr;
	uint64_t counter;
	uint8_t mhash[32];
	uint8_t key[SS_KEY_LEN];
	char dir[64];
	struct ss_object *objs;
	/* one data file kept open */
	uint64_t fd, fd_file;
	uint32_t fd_epoch;
	bool fd_open;
};

struct ss_handle {
	struct ss_handle *next;
	unsigned int store;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	uint32_t id_len;
	uint32_t flags;
	uint64_t pos;
	struct __TEE_ObjectHandle *oh;
};

struct __TEE_ObjectEnumHandle {
	struct __TEE_ObjectEnumHandle *next;
	bool started;
	unsigned int n, i;
	struct ss_object *snap;	/* copies: id and info only */
};

static struct ss_store stores[SS_NSTORES];
static bool stores_init;
static struct ss_handle *handles;
static struct __TEE_ObjectEnumHandle *enums;

/* ------------------------------------------------------------ helpers */

static void hex(char *out, const uint8_t *b, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = 0;
}

static int gcm(bool enc, const uint8_t *key, const uint8_t *nonce,
	       const void *aad, size_t aadlen, uint8_t *buf, size_t len,
	       uint8_t tag[16])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ok, n;

	if (!c)
		return -1;
	ok = EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, key, nonce, enc) &&
	     EVP_CipherUpdate(c, NULL, &n, aad, aadlen) &&
	     (!len || EVP_CipherUpdate(c, buf, &n, buf, len));
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag);
	ok = ok && EVP_CipherFinal_ex(c, buf + len, &n);
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void obj_free(struct ss_object *o)
{
	unsigned int i;

	if (!o)
		return;
	for (i = 0; i < o->nattrs; i++) {
		OPENSSL_cleanse(o->attrs[i].buf, o->attrs[i].len);
		free(o->attrs[i].buf);
	}
	if (o->data)
		OPENSSL_cleanse(o->data, o->size);
	free(o->data);
	free(o->blocks);
	free(o);
}

static void store_forget(struct ss_store *s)
{
	struct ss_object *o;

	while (s->objs) {
		o = s->objs;
		s->objs = o->next;
		obj_free(o);
	}
	s->loaded = false;
}

static struct ss_object *find(struct ss_store *s, const void *id, uint32_t len)
{
	struct ss_object *o;

	for (o = s->objs; o; o = o->next)
		if (o->id_len == len && !memcmp(o->id, id, len))
			return o;
	return NULL;
}

static void data_name(char *out, size_t len, struct ss_store *s, uint64_t fid)
{
	snprintf(out, len, "%s/o%016llx", s->dir, (unsigned long long)fid);
}

static int store_index(uint32_t sid)
{
	switch (sid) {
	case TEE_STORAGE_PRIVATE:
	case TEE_STORAGE_PRIVATE_REE:
		return 0;
	case TEE_STORAGE_PRIVATE_RPMB:
		return 1;
	default:
		return -1;
	}
}

static TEE_Result store_get(uint32_t sid, struct ss_store **sp)
{
	uint8_t mac[32];
	char h[26];
	unsigned int i;
	int n = store_index(sid);

	if (n < 0)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!ss_have_keys(&teeta_head()->uuid)) {
		teeta_log("trusted storage unavailable: no device-unique key for this TA (see the host's log; docs/storage.md)");
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	}
	if (!stores_init) {
		for (i = 0; i < SS_NSTORES; i++) {
			ss_store_key(i, stores[i].key);
			ss_hmac(stores[i].key, SS_KEY_LEN, "dir", 3, NULL, 0,
				mac);
			hex(h, mac, 12);
			snprintf(stores[i].dir, sizeof(stores[i].dir),
				 "teekit-ss/%s", h);
		}
		stores_init = true;
	}
	*sp = &stores[n];
	return TEE_SUCCESS;
}

/* ------------------------------------------------------ the manifest */

struct wbuf {
	uint8_t *p;
	size_t len, cap;
	bool full;
};

static void w_put(struct wbuf *w, const void *b, size_t n)
{
	if (w->full || n > w->cap - w->len) {
		w->full = true;
		return;
	}
	memcpy(w->p + w->len, b, n);
	w->len += n;
}

static void w_32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	w_put(w, b, 4);
}

static void w_64(struct wbuf *w, uint64_t v)
{
	uint8_t b[8];

	put64(b, v);
	w_put(w, b, 8);
}

struct rbuf {
	const uint8_t *p;
	size_t len, off;
	bool bad;
};

static const uint8_t *r_get(struct rbuf *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

static uint32_t r_32(struct rbuf *r)
{
	const uint8_t *p = r_get(r, 4);

	return p ? get32(p) : 0;
}

static uint64_t r_64(struct rbuf *r)
{
	const uint8_t *p = r_get(r, 8);

	return p ? get64(p) : 0;
}

static void ser_object(struct wbuf *w, const struct ss_object *o)
{
	unsigned int i;

	w_32(w, o->id_len);
	w_put(w, o->id, o->id_len);
	w_32(w, o->type);
	w_32(w, o->obj_size);
	w_32(w, o->max_size);
	w_32(w, o->usage);
	w_64(w, o->size);
	w_64(w, o->file_id);
	w_32(w, o->nattrs);
	for (i = 0; i < o->nattrs; i++) {
		w_32(w, o->attrs[i].id);
		w_32(w, o->attrs[i].a);
		w_32(w, o->attrs[i].b);
		w_32(w, o->attrs[i].len);
		w_put(w, o->attrs[i].buf, o->attrs[i].len);
	}
	if (!o->file_id) {
		w_put(w, o->data, o->size);
		return;
	}
	w_32(w, o->nblocks);
	w_put(w, o->blocks, (size_t)o->nblocks * sizeof(*o->blocks));
}

static struct ss_object *parse_object(struct rbuf *r)
{
	struct ss_object *o = calloc(1, sizeof(*o));
	const uint8_t *p;
	unsigned int i;

	if (!o)
		return NULL;
	o->id_len = r_32(r);
	if (o->id_len > TEE_OBJECT_ID_MAX_LEN)
		goto bad;
	p = r_get(r, o->id_len);
	if (p)
		memcpy(o->id, p, o->id_len);
	o->type = r_32(r);
	o->obj_size = r_32(r);
	o->max_size = r_32(r);
	o->usage = r_32(r);
	o->size = r_64(r);
	o->file_id = r_64(r);
	o->nattrs = r_32(r);
	if (o->nattrs > TK_MAX_ATTRS || o->size > TEE_DATA_MAX_POSITION)
		goto bad;
	for (i = 0; i < o->nattrs && !r->bad; i++) {
		o->attrs[i].id = r_32(r);
		o->attrs[i].a = r_32(r);
		o->attrs[i].b = r_32(r);
		o->attrs[i].len = r_32(r);
		p = r_get(r, o->attrs[i].len);
		if (!p)
			goto bad;
		o->attrs[i].buf = malloc(o->attrs[i].len + 1);
		if (!o->attrs[i].buf)
			goto bad;
		memcpy(o->attrs[i].buf, p, o->attrs[i].len);
	}
	if (!o->file_id) {
		if (o->size > SS_INLINE_MAX)
			goto bad;
		p = r_get(r, o->size);
		o->data = malloc(o->size + 1);
		if (!p || !o->data)
			goto bad;
		memcpy(o->data, p, o->size);
	} else {
		o->nblocks = r_32(r);
		if ((uint64_t)o->nblocks * SS_BLOCK < o->size ||
		    o->nblocks > (o->size + SS_BLOCK - 1) / SS_BLOCK)
			goto bad;
		p = r_get(r, (size_t)o->nblocks * sizeof(*o->blocks));
		o->blocks = malloc((size_t)o->nblocks * sizeof(*o->blocks) + 1);
		if (!p || !o->blocks)
			goto bad;
		memcpy(o->blocks, p, (size_t)o->nblocks * sizeof(*o->blocks));
	}
	if (r->bad)
		goto bad;
	return o;
bad:
	r->bad = true;
	obj_free(o);
	return NULL;
}

/*
 * Serializes and encrypts the model of @s for @counter into the RPC
 * buffer; *len is the file's length, @hash its SHA-256.
 */
static TEE_Result man_build(struct ss_store *s, uint64_t counter, size_t *len,
			    uint8_t hash[32])
{
	uint8_t *b = ss_buf();
	struct ss_object *o;
	struct wbuf w;
	uint32_t n = 0;
	size_t total;
	unsigned int dl;

	if (!b)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	for (o = s->objs; o; o = o->next)
		n++;
	w.p = b + MAN_HDR;
	w.len = 0;
	w.cap = MAN_MAX - MAN_HDR - MAN_TAG;
	w.full = false;
	w_32(&w, 0);		/* body length, set below */
	w_32(&w, n);
	for (o = s->objs; o; o = o->next)
		ser_object(&w, o);
	if (w.full) {
		teeta_log("trusted storage: the store's manifest would exceed %u bytes (the limit on objects and their sizes per storage id, docs/storage.md)",
			  MAN_MAX);
		return TEE_ERROR_STORAGE_NO_SPACE;
	}
	put32(w.p, w.len);
	total = (MAN_HDR + w.len + MAN_TAG + 4095) & ~(size_t)4095;
	if (total > MAN_MAX)
		return TEE_ERROR_STORAGE_NO_SPACE;
	memset(w.p + w.len, 0, total - MAN_HDR - MAN_TAG - w.len);
	memset(b, 0, MAN_HDR);
	put32(b, MAN_MAGIC);
	put32(b + 4, MAN_VERSION);
	put64(b + 8, counter);
	if (RAND_bytes(b + 16, 12) != 1)
		return TEE_ERROR_GENERIC;
	dl = total - MAN_HDR - MAN_TAG;
	if (gcm(true, s->key, b + 16, b, MAN_HDR, b + MAN_HDR, dl,
		b + MAN_HDR + dl))
		return TEE_ERROR_GENERIC;
	if (!EVP_Digest(b, total, hash, NULL, EVP_sha256(), NULL))
		return TEE_ERROR_GENERIC;
	*len = total;
	return TEE_SUCCESS;
}

/* Reads file @name into the buffer; ITEM_NOT_FOUND if absent. */
static TEE_Result man_read(const char *name, size_t *len)
{
	uint64_t fd;
	TEE_Result r;

	r = ss_fs_open(name, false, &fd);
	if (r)
		return r;
	r = ss_fs_read(fd, 0, 0, MAN_MAX, len);
	ss_fs_close(fd);
	return r;
}

static TEE_Result man_parse(struct ss_store *s, size_t len, uint64_t counter)
{
	uint8_t *b = ss_buf();
	struct ss_object *o, **tail = &s->objs;
	struct rbuf rb;
	uint32_t n, i, bl;
	size_t dl;

	if (len < MAN_HDR + MAN_TAG + 8 || get32(b) != MAN_MAGIC ||
	    get32(b + 4) != MAN_VERSION || get64(b + 8) != counter)
		return TEE_ERROR_CORRUPT_OBJECT;
	dl = len - MAN_HDR - MAN_TAG;
	if (gcm(false, s->key, b + 16, b, MAN_HDR, b + MAN_HDR, dl,
		b + MAN_HDR + dl))
		return TEE_ERROR_CORRUPT_OBJECT;
	bl = get32(b + MAN_HDR);
	if (bl > dl || bl < 8)
		return TEE_ERROR_CORRUPT_OBJECT;
	rb.p = b + MAN_HDR;
	rb.len = bl;
	rb.off = 8;
	rb.bad = false;
	n = get32(b + MAN_HDR + 4);
	for (i = 0; i < n; i++) {
		o = parse_object(&rb);
		if (!o) {
			store_forget(s);
			return TEE_ERROR_CORRUPT_OBJECT;
		}
		*tail = o;
		tail = &o->next;
	}
	OPENSSL_cleanse(b, len);
	return TEE_SUCCESS;
}

/* ------------------------------------------------ the RPMB record */

struct rec {
	uint32_t magic;
	uint8_t owner[16];
	uint64_t counter;
	uint8_t hash[32];
};

static void rec_owner(struct ss_store *s, uint8_t owner[16])
{
	uint8_t mac[32];

	ss_hmac(s->key, SS_KEY_LEN, "rpmb-owner", 10, NULL, 0, mac);
	memcpy(owner, mac, 16);
}

static void rec_decode(const uint8_t *d, struct rec *r)
{
	r->magic = get32(d);
	memcpy(r->owner, d + 4, 16);
	r->counter = get64(d + 20);
	memcpy(r->hash, d + 28, 32);
}

static void rec_encode(uint8_t *d, const struct rec *r)
{
	memset(d, 0, SS_RPMB_DATA);
	put32(d, r->magic);
	memcpy(d + 4, r->owner, 16);
	put64(d + 20, r->counter);
	memcpy(d + 28, r->hash, 32);
}

/*
 * Finds the store's record block: its home block from a MAC of the store
 * key, then the next ones until one is ours or unused.
 * @found: false when the store has no record yet (rec_addr is the free
 * block it will use).
 */
static TEE_Result rec_find(struct ss_store *s, struct rec *out, bool *found)
{
	uint8_t d[SS_RPMB_DATA], mac[32], owner[16];
	uint16_t nb, addr;
	unsigned int i;
	TEE_Result r;
	struct rec rc;

	if (s->rec_known) {
		r = ss_rpmb_read(s->rec_addr, d);
		if (r)
			return r;
		rec_decode(d, &rc);
		rec_owner(s, owner);
		*found = rc.magic == REC_MAGIC &&
			 !memcmp(rc.owner, owner, 16);
		if (*found)
			*out = rc;
		return TEE_SUCCESS;
	}
	r = ss_rpmb_blocks(&nb);
	if (r)
		return r;
	if (nb < 2)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	ss_hmac(s->key, SS_KEY_LEN, "rpmb-slot", 9, NULL, 0, mac);
	rec_owner(s, owner);
	addr = 1 + get32(mac) % (nb - 1u);
	for (i = 0; i < RPMB_PROBES; i++) {
		r = ss_rpmb_read(addr, d);
		if (r)
			return r;
		rec_decode(d, &rc);
		if (rc.magic != REC_MAGIC || !memcmp(rc.owner, owner, 16)) {
			s->rec_addr = addr;
			s->rec_known = true;
			*found = rc.magic == REC_MAGIC;
			if (*found)
				*out = rc;
			return TEE_SUCCESS;
		}
		addr = addr + 1 >= nb ? 1 : addr + 1;
	}
	teeta_log("trusted storage: no free RPMB block near this store's home block (%u probed): the RPMB device is full",
		  RPMB_PROBES);
	return TEE_ERROR_STORAGE_NO_SPACE;
}

static void man_names(struct ss_store *s, const uint8_t *hash, char *cur,
		      char *tmp, size_t len)
{
	char h[20];

	hex(h, hash, 8);
	snprintf(cur, len, "%s/manifest", s->dir);
	snprintf(tmp, len, "%s/m%s", s->dir, h);
}

/* reads manifest file @name into the buffer: is it the one of @hash? */
static TEE_Result man_is(const char *name, const uint8_t hash[32],
			 size_t *len)
{
	uint8_t h[32];
	TEE_Result r = man_read(name, len);

	if (!r && (!EVP_Digest(ss_buf(), *len, h, NULL, EVP_sha256(), NULL) ||
		   memcmp(h, hash, 32)))
		r = TEE_ERROR_CORRUPT_OBJECT;
	return r;
}

#define SS_AGAIN	0xffff7e57u	/* internal: another writer moved on */

/*
 * Brings the model of @s in line with the RPMB record: one request (the
 * write counter) when nothing changed since we last looked.
 */
static TEE_Result fresh_once(struct ss_store *s)
{
	char cur[96], tmp[96];
	uint32_t wc;
	struct rec rc;
	TEE_Result r;
	bool found;
	size_t len;

	r = ss_rpmb_counter(&wc);
	if (r)
		return r;
	if (s->loaded && wc == s->dev_wc)
		return TEE_SUCCESS;
	memset(&rc, 0, sizeof(rc));
	r = rec_find(s, &rc, &found);
	if (r)
		return r;
	if (!found) {
		uint64_t fd;

		/* never written, or the RPMB device was wiped */
		man_names(s, rc.hash, cur, tmp, sizeof(cur));
		if ((s->loaded && s->counter) ||
		    (!s->loaded && !ss_fs_open(cur, false, &fd) &&
		     (ss_fs_close(fd), true)))
			teeta_log("trusted storage: store %s was wiped (its RPMB record is gone: factory reset or a new RPMB device); the store starts empty and its old files are ignored",
				  s->dir);
		store_forget(s);
		s->counter = 0;
		memset(s->mhash, 0, sizeof(s->mhash));
		s->dev_wc = wc;
		s->loaded = true;
		return TEE_SUCCESS;
	}
	if (s->loaded && rc.counter == s->counter &&
	    !memcmp(rc.hash, s->mhash, 32)) {
		s->dev_wc = wc;
		return TEE_SUCCESS;
	}
	store_forget(s);
	man_names(s, rc.hash, cur, tmp, sizeof(cur));
	r = man_is(cur, rc.hash, &len);
	if (r == TEE_ERROR_CORRUPT_OBJECT || r == TEE_ERROR_ITEM_NOT_FOUND) {
		/* a commit interrupted (or not yet done) after its RPMB write? */
		if (!man_is(tmp, rc.hash, &len)) {
			r = TEE_SUCCESS;
			if (ss_fs_rename(tmp, cur, true) == TEE_SUCCESS)
				man_read(cur, &len);
			else
				man_read(tmp, &len);
		} else {
			/* its writer renamed it between our two reads */
			r = man_is(cur, rc.hash, &len);
		}
	}
	if (r == TEE_ERROR_CORRUPT_OBJECT || r == TEE_ERROR_ITEM_NOT_FOUND) {
		uint32_t wc2;

		/* not tampering if another writer committed meanwhile */
		if (!ss_rpmb_counter(&wc2) && wc2 != wc)
			return SS_AGAIN;
		teeta_log("trusted storage: the manifest of store %s is %s; the RPMB record says version %llu: tampered with, deleted or an older copy (not a wipe)",
			  s->dir, r == TEE_ERROR_ITEM_NOT_FOUND ? "missing" :
			  "not the one recorded", (unsigned long long)rc.counter);
		return TEE_ERROR_CORRUPT_OBJECT;
	}
	if (r)
		return r;
	r = man_parse(s, len, rc.counter);
	if (r) {
		teeta_log("trusted storage: the manifest of store %s fails authentication: tampered with",
			  s->dir);
		return r;
	}
	s->counter = rc.counter;
	memcpy(s->mhash, rc.hash, 32);
	s->dev_wc = wc;
	s->loaded = true;
	return TEE_SUCCESS;
}

static uint64_t mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* a random pause of up to 2^@tries ms (at most MUTATE_PAUSE_MAX_MS) */
static void mutate_pause(unsigned int tries)
{
	uint32_t max = tries < 6 ? 1u << tries : MUTATE_PAUSE_MAX_MS, ms;
	struct timespec t;

	TEE_GenerateRandom(&ms, sizeof(ms));
	ms = ms % max + 1;
	t.tv_sec = 0;
	t.tv_nsec = (long)ms * 1000000;
	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

static TEE_Result fresh(struct ss_store *s)
{
	uint64_t end = mono_ms() + MUTATE_BUDGET_MS;
	unsigned int tries;
	TEE_Result r;

	ss_rpc_renew();		/* no pointer into the buffer is held here */
	for (tries = 0;; tries++) {
		r = fresh_once(s);
		if (r != SS_AGAIN)
			return r;
		if (mono_ms() >= end)
			break;
		mutate_pause(tries);
	}
	teeta_log("trusted storage: store %s changed under every read for %u s (%u reads): giving up with TEE_ERROR_STORAGE_NOT_AVAILABLE",
		  s->dir, MUTATE_BUDGET_MS / 1000, tries + 1);
	return TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

/*
 * Writes the model as the next version: m<hash>, then the RPMB record
 * (TEE_ERROR_BUSY if another writer came first), then the rename.
 */
static TEE_Result commit(struct ss_store *s)
{
	char cur[96], tmp[96];
	uint8_t d[SS_RPMB_DATA], hash[32];
	struct rec rc;
	uint32_t wc;
	size_t len;
	uint64_t fd;
	TEE_Result r;

	r = man_build(s, s->counter + 1, &len, hash);
	if (r)
		return r;
	man_names(s, hash, cur, tmp, sizeof(cur));
	r = ss_fs_open(tmp, true, &fd);
	if (r)
		return r;
	r = ss_fs_write(fd, 0, 0, len);
	ss_fs_close(fd);
	if (r)
		goto drop;
	rc.magic = REC_MAGIC;
	rec_owner(s, rc.owner);
	rc.counter = s->counter + 1;
	memcpy(rc.hash, hash, 32);
	rec_encode(d, &rc);
	r = ss_rpmb_write(s->rec_addr, s->dev_wc, d, &wc);
	if (r)
		goto drop;
	s->counter++;
	memcpy(s->mhash, hash, 32);
	s->dev_wc = wc;
	/* committed: a crash before this rename is finished by fresh() */
	ss_fs_rename(tmp, cur, true);
	return TEE_SUCCESS;
drop:
	ss_fs_remove(tmp);
	return r;
}

/* ---------------------------------------------------- object data */

static TEE_Result data_fd(struct ss_store *s, uint64_t fid, bool create,
			  uint64_t *fd)
{
	char name[96];
	TEE_Result r;

	if (s->fd_open && s->fd_file == fid && s->fd_epoch == ss_rpc_epoch() &&
	    !create) {
		*fd = s->fd;
		return TEE_SUCCESS;
	}
	if (s->fd_open && s->fd_epoch == ss_rpc_epoch())
		ss_fs_close(s->fd);
	s->fd_open = false;
	data_name(name, sizeof(name), s, fid);
	r = ss_fs_open(name, create, &s->fd);
	if (r == TEE_ERROR_ITEM_NOT_FOUND) {
		teeta_log("trusted storage: data file %s is missing: deleted behind the TEE's back",
			  name);
		return TEE_ERROR_CORRUPT_OBJECT;
	}
	if (r)
		return r;
	s->fd_open = true;
	s->fd_file = fid;
	s->fd_epoch = ss_rpc_epoch();
	*fd = s->fd;
	return TEE_SUCCESS;
}

static void data_forget(struct ss_store *s, uint64_t fid)
{
	char name[96];

	if (s->fd_open && s->fd_file == fid) {
		if (s->fd_epoch == ss_rpc_epoch())
			ss_fs_close(s->fd);
		s->fd_open = false;
	}
	data_name(name, sizeof(name), s, fid);
	ss_fs_remove(name);
}

static void block_aad(uint8_t aad[12], uint64_t fid, uint32_t idx)
{
	put64(aad, fid);
	put32(aad + 8, idx);
}

/*
 * Reads blocks [first, first + n) of @o into the buffer's data part at
 * @boff and decrypts them there. Consecutive slots go in one request.
 */
static TEE_Result blocks_read(struct ss_store *s, struct ss_object *o,
			      uint32_t first, uint32_t n, size_t boff)
{
	uint8_t *dst = ss_buf(), aad[12];
	uint32_t i = 0, run, k;
	size_t got;
	uint64_t fd;
	TEE_Result r;

	if (!dst)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	dst += boff;

	while (i < n) {
		struct ss_block *b = &o->blocks[first + i];

		if (b->slot == SLOT_ZERO) {
			memset(dst + (size_t)i * SS_BLOCK, 0, SS_BLOCK);
			i++;
			continue;
		}
		for (run = 1; i + run < n &&
		     o->blocks[first + i + run].slot == b->slot + run; run++)
			;
		r = data_fd(s, o->file_id, false, &fd);
		if (r)
			return r;
		r = ss_fs_read(fd, (uint64_t)b->slot * SS_BLOCK,
			       boff + (size_t)i * SS_BLOCK,
			       (size_t)run * SS_BLOCK, &got);
		if (r)
			return r;
		if (got != (size_t)run * SS_BLOCK) {
			teeta_log("trusted storage: data file o%016llx is shorter than its blocks: truncated behind the TEE's back",
				  (unsigned long long)o->file_id);
			return TEE_ERROR_CORRUPT_OBJECT;
		}
		for (k = 0; k < run; k++) {
			block_aad(aad, o->file_id, first + i + k);
			if (gcm(false, s->key, o->blocks[first + i + k].nonce,
				aad, sizeof(aad),
				dst + (size_t)(i + k) * SS_BLOCK, SS_BLOCK,
				o->blocks[first + i + k].tag)) {
				teeta_log("trusted storage: block %u of data file o%016llx fails authentication: tampered with, swapped or an older copy",
					  first + i + k,
					  (unsigned long long)o->file_id);
				return TEE_ERROR_CORRUPT_OBJECT;
			}
		}
		i += run;
	}
	return TEE_SUCCESS;
}

/* Reads @len bytes at @pos (inside the object), BATCH blocks at a time. */
static TEE_Result obj_read(struct ss_store *s, struct ss_object *o,
			   uint64_t pos, uint8_t *out, size_t len)
{
	uint32_t bi, cnt;
	size_t off, n;
	TEE_Result r;

	if (!o->file_id) {
		memcpy(out, o->data + pos, len);
		return TEE_SUCCESS;
	}
	while (len) {
		bi = pos / SS_BLOCK;
		off = pos % SS_BLOCK;
		cnt = (off + len + SS_BLOCK - 1) / SS_BLOCK;
		if (cnt > BATCH)
			cnt = BATCH;
		n = (size_t)cnt * SS_BLOCK - off;
		if (n > len)
			n = len;
		r = blocks_read(s, o, bi, cnt, 0);
		if (r) {
			if (ss_buf())
				OPENSSL_cleanse(ss_buf(), SS_SHM_DATA);
			return r;
		}
		memcpy(out, ss_buf() + off, n);
		OPENSSL_cleanse(ss_buf(), (size_t)cnt * SS_BLOCK);
		out += n;
		pos += n;
		len -= n;
	}
	return TEE_SUCCESS;
}

/*
 * Copy-on-write into data file @fid of the object @o's content with
 * [pos, pos + len) replaced by @src (NULL: zeros), @new_size long. Every
 * block written goes to a slot that @o's map does not use (@o may be
 * inline: its data then come from the manifest and all go to @fid). The
 * new map is returned in nbp and nblocksp, to be committed; @o is unchanged.
 */
static TEE_Result obj_write(struct ss_store *s, struct ss_object *o,
			    uint64_t fid, uint64_t pos, const uint8_t *src,
			    size_t len, uint64_t new_size,
			    struct ss_block **nbp, uint32_t *nblocksp)
{
	uint32_t nblocks = (new_size + SS_BLOCK - 1) / SS_BLOCK;
	uint32_t lo = UINT32_MAX, hi = 0, bi, nmap = 0, next_slot = 0;
	uint32_t staged = 0, stage_slot = 0, i;
	uint8_t *map = NULL, *buf = ss_buf(), aad[12];
	struct ss_block *nb;
	uint64_t fd;
	TEE_Result r = TEE_SUCCESS;

	if (!buf)
		return TEE_ERROR_STORAGE_NOT_AVAILABLE;
	nb = calloc(nblocks ? nblocks : 1, sizeof(*nb));
	if (!nb)
		return TEE_ERROR_OUT_OF_MEMORY;
	for (i = 0; i < nblocks; i++) {
		if (o->file_id && i < o->nblocks)
			nb[i] = o->blocks[i];
		else
			nb[i].slot = SLOT_ZERO;
	}
	if (o->file_id) {
		for (i = 0; i < o->nblocks; i++)
			if (o->blocks[i].slot != SLOT_ZERO &&
			    o->blocks[i].slot + 1 > nmap)
				nmap = o->blocks[i].slot + 1;
		map = calloc(nmap + 1, 1);
		if (!map) {
			free(nb);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		for (i = 0; i < o->nblocks; i++)
			if (o->blocks[i].slot != SLOT_ZERO)
				map[o->blocks[i].slot] = 1;
	}
	/* the blocks to write */
	if (!o->file_id && o->size) {
		lo = 0;
		hi = (o->size - 1) / SS_BLOCK;
	}
	if (len) {
		if (pos / SS_BLOCK < lo)
			lo = pos / SS_BLOCK;
		if ((pos + len - 1) / SS_BLOCK > hi)
			hi = (pos + len - 1) / SS_BLOCK;
	}
	if (new_size < o->size && new_size % SS_BLOCK) {
		if (new_size / SS_BLOCK < lo)
			lo = new_size / SS_BLOCK;
		if (new_size / SS_BLOCK > hi)
			hi = new_size / SS_BLOCK;
	}
	if (nblocks && hi >= nblocks)
		hi = nblocks - 1;
	if (lo == UINT32_MAX || !nblocks)
		goto done;
	r = data_fd(s, fid, false, &fd);
	for (bi = lo; bi <= hi && !r; bi++) {
		uint8_t *blk = buf + (size_t)staged * SS_BLOCK;
		uint64_t bstart = (uint64_t)bi * SS_BLOCK, a, e;
		uint32_t slot;

		a = pos > bstart ? pos : bstart;
		e = pos + len < bstart + SS_BLOCK ? pos + len :
			bstart + SS_BLOCK;
		/* the block's old content, unless all of it is replaced */
		if (o->file_id && bi < o->nblocks &&
		    o->blocks[bi].slot != SLOT_ZERO &&
		    !(len && a == bstart && e == bstart + SS_BLOCK)) {
			r = blocks_read(s, o, bi, 1, SS_SHM_DATA);
			if (r)
				break;
			memcpy(blk, buf + SS_SHM_DATA, SS_BLOCK);
			OPENSSL_cleanse(buf + SS_SHM_DATA, SS_BLOCK);
		} else if (!o->file_id && bstart < o->size) {
			memset(blk, 0, SS_BLOCK);
			memcpy(blk, o->data + bstart,
			       o->size - bstart < SS_BLOCK ? o->size - bstart :
			       SS_BLOCK);
		} else {
			memset(blk, 0, SS_BLOCK);
		}
		if (len && a < e) {
			if (src)
				memcpy(blk + (a - bstart), src + (a - pos),
				       e - a);
			else
				memset(blk + (a - bstart), 0, e - a);
		}
		/* nothing past the end: a later extension reads zeros */
		if (new_size < bstart + SS_BLOCK)
			memset(blk + (new_size - bstart), 0,
			       bstart + SS_BLOCK - new_size);
		slot = next_slot;
		while (slot < nmap && map[slot])
			slot++;
		next_slot = slot + 1;
		if (staged && slot != stage_slot + staged) {
			r = ss_fs_write(fd, (uint64_t)stage_slot * SS_BLOCK, 0,
					(size_t)staged * SS_BLOCK);
			if (r)
				break;
			memmove(buf, blk, SS_BLOCK);
			blk = buf;
			staged = 0;
		}
		if (!staged)
			stage_slot = slot;
		nb[bi].slot = slot;
		block_aad(aad, fid, bi);
		if (RAND_bytes(nb[bi].nonce, 12) != 1 ||
		    gcm(true, s->key, nb[bi].nonce, aad, sizeof(aad), blk,
			SS_BLOCK, nb[bi].tag)) {
			r = TEE_ERROR_GENERIC;
			break;
		}
		staged++;
		if (staged == BATCH || bi == hi) {
			r = ss_fs_write(fd, (uint64_t)stage_slot * SS_BLOCK, 0,
					(size_t)staged * SS_BLOCK);
			staged = 0;
		}
	}
done:
	free(map);
	if (r) {
		free(nb);
		return r;
	}
	*nbp = nb;
	*nblocksp = nblocks;
	return TEE_SUCCESS;
}

/* --------------------------------------------------------- handles */

static struct ss_handle *handle_of(TEE_ObjectHandle h, const char *fn)
{
	struct __TEE_ObjectHandle *o = tk_obj_check(h, fn);

	if (!o->pobj)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "%s: the handle is not a persistent object", fn);
	return o->pobj;
}

static bool conflict(unsigned int store, const void *id, uint32_t len,
		     uint32_t flags, const struct ss_handle *self)
{
	const struct ss_handle *h;

	for (h = handles; h; h = h->next) {
		if (h == self || h->store != store || h->id_len != len ||
		    memcmp(h->id, id, len))
			continue;
		if ((flags | h->flags) & TEE_DATA_FLAG_ACCESS_WRITE_META)
			return true;
		if ((flags & TEE_DATA_FLAG_ACCESS_READ) &&
		    !(h->flags & TEE_DATA_FLAG_SHARE_READ))
			return true;
		if ((flags & TEE_DATA_FLAG_ACCESS_WRITE) &&
		    !(h->flags & TEE_DATA_FLAG_SHARE_WRITE))
			return true;
		if ((h->flags & TEE_DATA_FLAG_ACCESS_READ) &&
		    !(flags & TEE_DATA_FLAG_SHARE_READ))
			return true;
		if ((h->flags & TEE_DATA_FLAG_ACCESS_WRITE) &&
		    !(flags & TEE_DATA_FLAG_SHARE_WRITE))
			return true;
	}
	return false;
}

static bool open_elsewhere(unsigned int store, const void *id, uint32_t len,
			   const struct ss_handle *self)
{
	const struct ss_handle *h;

	for (h = handles; h; h = h->next)
		if (h != self && h->store == store && h->id_len == len &&
		    !memcmp(h->id, id, len))
			return true;
	return false;
}

/* the handle gets a copy of the stored attributes: a key for operations */
static TEE_Result fill_handle(struct __TEE_ObjectHandle *oh,
			      const struct ss_object *o)
{
	unsigned int i;
	TEE_Result r;

	oh->type = o->type;
	oh->size = o->obj_size;
	oh->max_size = o->max_size;
	oh->usage = o->usage;
	for (i = 0; i < o->nattrs; i++) {
		r = tk_obj_add_attr(oh, o->attrs[i].id, o->attrs[i].buf,
				    o->attrs[i].len, o->attrs[i].a,
				    o->attrs[i].b);
		if (r)
			return r;
	}
	return TEE_SUCCESS;
}

static TEE_Result new_handle(unsigned int store, const void *id, uint32_t len,
			     uint32_t flags, const struct ss_object *o,
			     TEE_ObjectHandle *out)
{
	struct __TEE_ObjectHandle *oh = tk_obj_new();
	struct ss_handle *h = calloc(1, sizeof(*h));

	if (!oh || !h || fill_handle(oh, o)) {
		free(h);
		if (oh)
			tk_obj_free(oh);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	h->store = store;
	memcpy(h->id, id, len);
	h->id_len = len;
	h->flags = flags;
	h->oh = oh;
	oh->pobj = h;
	oh->flags = TEE_HANDLE_FLAG_PERSISTENT | TEE_HANDLE_FLAG_INITIALIZED |
		    flags;
	h->next = handles;
	handles = h;
	*out = oh;
	return TEE_SUCCESS;
}

void ss_handle_close(struct ss_handle *h)
{
	struct ss_handle **pp;

	for (pp = &handles; *pp; pp = &(*pp)->next) {
		if (*pp == h) {
			*pp = h->next;
			break;
		}
	}
	free(h);
}

static TEE_Result check_id(const void *id, size_t len, const char *fn)
{
	if (len > TEE_OBJECT_ID_MAX_LEN)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "%s: objectIDLen %zu is over TEE_OBJECT_ID_MAX_LEN (64)",
			 fn, len);
	if (!id && len)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "%s: objectID is NULL", fn);
	return TEE_SUCCESS;
}

/* the object of a handle in the current model (fresh() first) */
static TEE_Result handle_obj(struct ss_handle *h, struct ss_store **sp,
			     struct ss_object **op)
{
	struct ss_store *s = &stores[h->store];
	TEE_Result r;

	r = fresh(s);
	if (r)
		return r;
	*op = find(s, h->id, h->id_len);
	if (!*op) {
		teeta_log("trusted storage: an open object is no longer in the store: deleted by another instance, or the store was wiped");
		return TEE_ERROR_CORRUPT_OBJECT;
	}
	*sp = s;
	return TEE_SUCCESS;
}

/* ------------------------------------------------ persistent objects */

#define OPEN_FLAGS	(TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE | \
			 TEE_DATA_FLAG_ACCESS_WRITE_META | \
			 TEE_DATA_FLAG_SHARE_READ | TEE_DATA_FLAG_SHARE_WRITE)
#define CREATE_FLAGS	(OPEN_FLAGS | TEE_DATA_FLAG_OVERWRITE)

TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void *objectID,
				    size_t objectIDLen, uint32_t flags,
				    TEE_ObjectHandle *object)
{
	struct ss_store *s;
	struct ss_object *o;
	TEE_Result r;

	if (!object)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "object is NULL");
	*object = TEE_HANDLE_NULL;
	check_id(objectID, objectIDLen, __func__);
	if (flags & ~OPEN_FLAGS) {
		teeta_log("%s: unknown flags 0x%x", __func__,
			  flags & ~OPEN_FLAGS);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	r = store_get(storageID, &s);
	if (r)
		return r;
	r = fresh(s);
	if (r)
		return r;
	o = find(s, objectID, objectIDLen);
	if (!o)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (conflict(s - stores, objectID, objectIDLen, flags, NULL))
		return TEE_ERROR_ACCESS_CONFLICT;
	return new_handle(s - stores, objectID, objectIDLen, flags, o, object);
}

/* runs @op on a fresh model and commits it, again if someone came first */
typedef TEE_Result (*mutate_fn)(struct ss_store *s, void *arg);

static TEE_Result mutate(struct ss_store *s, mutate_fn op, void *arg)
{
	uint64_t end = mono_ms() + MUTATE_BUDGET_MS;
	unsigned int tries;
	TEE_Result r;

	for (tries = 0;; tries++) {
		r = fresh(s);
		if (r)
			return r;
		r = op(s, arg);
		if (!r)
			r = commit(s);
		if (r)
			store_forget(s);	/* reload: the model may be half-done */
		if (r != TEE_ERROR_BUSY)
			return r;
		if (mono_ms() >= end)
			break;
		mutate_pause(tries);
	}
	teeta_log("trusted storage: other instances committed first for %u s (%u tries): giving up with TEE_ERROR_STORAGE_NOT_AVAILABLE",
		  MUTATE_BUDGET_MS / 1000, tries + 1);
	return TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

struct create_arg {
	const void *id;
	uint32_t id_len;
	uint32_t flags;
	struct __TEE_ObjectHandle *attrs;
	const uint8_t *data;
	size_t len;
	uint64_t old_file;	/* out: data file to remove after the commit */
	struct ss_object *made;
};

/* the store's limits (storage_conf.c) once object @o holds @size bytes */
static TEE_Result limits_after(struct ss_store *s, const struct ss_object *o,
			       uint64_t size, bool one_more)
{
	const struct ss_object *p;
	uint64_t n = one_more, total = size;

	for (p = s->objs; p; p = p->next) {
		n++;
		if (p != o)
			total += p->size;
	}
	return ss_limits_check(s->dir, size, n, total);
}

static TEE_Result do_create(struct ss_store *s, void *a)
{
	struct create_arg *c = a;
	struct ss_object *o, *old, **pp;
	struct ss_block *nb;
	uint32_t n;
	unsigned int i;
	TEE_Result r;

	c->old_file = 0;
	old = find(s, c->id, c->id_len);
	if (old && !(c->flags & TEE_DATA_FLAG_OVERWRITE))
		return TEE_ERROR_ACCESS_CONFLICT;
	if (old && open_elsewhere(s - stores, c->id, c->id_len, NULL))
		return TEE_ERROR_ACCESS_CONFLICT;
	r = limits_after(s, old, c->len, !old);
	if (r)
		return r;
	o = calloc(1, sizeof(*o));
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	memcpy(o->id, c->id, c->id_len);
	o->id_len = c->id_len;
	o->type = TEE_TYPE_DATA;
	o->usage = 0xffffffff;
	if (c->attrs) {
		o->type = c->attrs->type;
		o->obj_size = c->attrs->size;
		o->max_size = c->attrs->max_size;
		o->usage = c->attrs->usage;
		for (i = 0; i < c->attrs->nattrs; i++) {
			struct tk_attr *at = &o->attrs[o->nattrs];

			*at = c->attrs->attrs[i];
			at->buf = NULL;
			if (c->attrs->attrs[i].len) {
				at->buf = malloc(at->len);
				if (!at->buf) {
					obj_free(o);
					return TEE_ERROR_OUT_OF_MEMORY;
				}
				memcpy(at->buf, c->attrs->attrs[i].buf,
				       at->len);
			}
			o->nattrs++;
		}
	}
	if (c->len <= SS_INLINE_MAX) {
		o->size = c->len;
		o->data = malloc(c->len + 1);
		if (!o->data) {
			obj_free(o);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		if (c->len)
			memcpy(o->data, c->data, c->len);
	} else {
		uint64_t fd;

		if (RAND_bytes((uint8_t *)&o->file_id, 8) != 1 || !o->file_id) {
			obj_free(o);
			return TEE_ERROR_GENERIC;
		}
		r = data_fd(s, o->file_id, true, &fd);
		if (!r)
			r = obj_write(s, o, o->file_id, 0, c->data, c->len,
				      c->len, &nb, &n);
		if (r) {
			data_forget(s, o->file_id);
			obj_free(o);
			return r;
		}
		o->blocks = nb;
		o->nblocks = n;
		o->size = c->len;
	}
	if (old) {
		for (pp = &s->objs; *pp != old; pp = &(*pp)->next)
			;
		*pp = old->next;
		c->old_file = old->file_id;
		obj_free(old);
	}
	o->next = s->objs;
	s->objs = o;
	c->made = o;
	return TEE_SUCCESS;
}

TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void *objectID,
				      size_t objectIDLen, uint32_t flags,
				      TEE_ObjectHandle attributes,
				      const void *initialData,
				      size_t initialDataLen,
				      TEE_ObjectHandle *object)
{
	struct create_arg c;
	struct ss_store *s;
	TEE_Result r;

	if (object)
		*object = TEE_HANDLE_NULL;
	check_id(objectID, objectIDLen, __func__);
	if (!initialData && initialDataLen)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "initialData is NULL");
	memset(&c, 0, sizeof(c));
	if (attributes) {
		c.attrs = tk_obj_check(attributes, __func__);
		if (!(c.attrs->flags & TEE_HANDLE_FLAG_INITIALIZED) &&
		    !c.attrs->pobj)
			SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
				 "attributes is an uninitialized object");
	}
	if (flags & ~CREATE_FLAGS) {
		teeta_log("%s: unknown flags 0x%x", __func__,
			  flags & ~CREATE_FLAGS);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (initialDataLen > TEE_DATA_MAX_POSITION)
		return TEE_ERROR_OVERFLOW;
	r = store_get(storageID, &s);
	if (r)
		return r;
	c.id = objectID;
	c.id_len = objectIDLen;
	c.flags = flags;
	c.data = initialData;
	c.len = initialDataLen;
	r = mutate(s, do_create, &c);
	if (r)
		return r;
	if (c.old_file)
		data_forget(s, c.old_file);
	if (!object)
		return TEE_SUCCESS;
	r = new_handle(s - stores, objectID, objectIDLen,
		       flags & ~TEE_DATA_FLAG_OVERWRITE, c.made, object);
	return r;
}

struct del_arg {
	struct ss_handle *h;
	uint64_t old_file;
	const void *new_id;
	uint32_t new_len;
};

static TEE_Result do_delete(struct ss_store *s, void *a)
{
	struct del_arg *d = a;
	struct ss_object *o, **pp;

	for (pp = &s->objs; (o = *pp); pp = &o->next)
		if (o->id_len == d->h->id_len &&
		    !memcmp(o->id, d->h->id, o->id_len))
			break;
	if (!o)
		return TEE_SUCCESS;	/* already gone */
	*pp = o->next;
	d->old_file = o->file_id;
	obj_free(o);
	return TEE_SUCCESS;
}

TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object)
{
	struct ss_handle *h;
	struct del_arg d;
	struct ss_store *s;
	TEE_Result r;

	if (!object)
		return TEE_SUCCESS;
	h = handle_of(object, __func__);
	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
		SS_PANIC(TEE_ERROR_ACCESS_DENIED,
			 "the object was not opened with TEE_DATA_FLAG_ACCESS_WRITE_META");
	s = &stores[h->store];
	memset(&d, 0, sizeof(d));
	d.h = h;
	r = mutate(s, do_delete, &d);
	if (!r && d.old_file)
		data_forget(s, d.old_file);
	TEE_CloseObject(object);
	return r;
}

void TEE_CloseAndDeletePersistentObject(TEE_ObjectHandle object)
{
	TEE_CloseAndDeletePersistentObject1(object);
}

static TEE_Result do_rename(struct ss_store *s, void *a)
{
	struct del_arg *d = a;
	struct ss_object *o;

	if (find(s, d->new_id, d->new_len))
		return TEE_ERROR_ACCESS_CONFLICT;
	o = find(s, d->h->id, d->h->id_len);
	if (!o)
		return TEE_ERROR_CORRUPT_OBJECT;
	memcpy(o->id, d->new_id, d->new_len);
	o->id_len = d->new_len;
	return TEE_SUCCESS;
}

TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object,
				      const void *newObjectID,
				      size_t newObjectIDLen)
{
	struct ss_handle *h = handle_of(object, __func__);
	struct del_arg d;
	TEE_Result r;

	check_id(newObjectID, newObjectIDLen, __func__);
	if (!newObjectID)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "newObjectID is NULL");
	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
		SS_PANIC(TEE_ERROR_ACCESS_DENIED,
			 "the object was not opened with TEE_DATA_FLAG_ACCESS_WRITE_META");
	memset(&d, 0, sizeof(d));
	d.h = h;
	d.new_id = newObjectID;
	d.new_len = newObjectIDLen;
	r = mutate(&stores[h->store], do_rename, &d);
	if (!r) {
		memcpy(h->id, newObjectID, newObjectIDLen);
		h->id_len = newObjectIDLen;
	}
	return r;
}

/* -------------------------------------------------------- data streams */

TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer,
			      size_t size, size_t *count)
{
	struct ss_handle *h = handle_of(object, __func__);
	struct ss_store *s;
	struct ss_object *o;
	TEE_Result r;
	size_t n;

	if (!count || (!buffer && size))
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL buffer or count");
	if (!(h->flags & TEE_DATA_FLAG_ACCESS_READ))
		SS_PANIC(TEE_ERROR_ACCESS_DENIED,
			 "the object was not opened with TEE_DATA_FLAG_ACCESS_READ");
	*count = 0;
	r = handle_obj(h, &s, &o);
	if (r)
		return r;
	if (h->pos >= o->size)
		return TEE_SUCCESS;
	n = o->size - h->pos < size ? o->size - h->pos : size;
	r = obj_read(s, o, h->pos, buffer, n);
	if (r == TEE_ERROR_CORRUPT_OBJECT && s->loaded) {
		/* another instance may have rewritten it: look again once */
		s->dev_wc--;
		r = handle_obj(h, &s, &o);
		if (!r && h->pos < o->size) {
			n = o->size - h->pos < size ? o->size - h->pos : size;
			r = obj_read(s, o, h->pos, buffer, n);
		}
	}
	if (r) {
		memset(buffer, 0, n);
		return r;
	}
	h->pos += n;
	*count = n;
	return TEE_SUCCESS;
}

struct write_arg {
	struct ss_handle *h;
	const uint8_t *data;
	size_t len;
	uint64_t pos;
	uint64_t new_size;
	bool truncate;
};

static TEE_Result do_write(struct ss_store *s, void *a)
{
	struct write_arg *w = a;
	struct ss_object *o = find(s, w->h->id, w->h->id_len);
	uint64_t new_size, fid, fd;
	struct ss_block *nb;
	uint8_t *nd;
	uint32_t n;
	TEE_Result r;

	if (!o)
		return TEE_ERROR_CORRUPT_OBJECT;
	if (w->truncate)
		new_size = w->new_size;
	else
		new_size = w->pos + w->len > o->size ? w->pos + w->len :
			   o->size;
	r = limits_after(s, o, new_size, false);
	if (r)
		return r;
	if (!o->file_id && new_size <= SS_INLINE_MAX) {
		nd = calloc(1, new_size + 1);
		if (!nd)
			return TEE_ERROR_OUT_OF_MEMORY;
		memcpy(nd, o->data, o->size < new_size ? o->size : new_size);
		if (!w->truncate && w->len)
			memcpy(nd + w->pos, w->data, w->len);
		free(o->data);
		o->data = nd;
		o->size = new_size;
		return TEE_SUCCESS;
	}
	fid = o->file_id;
	if (!fid) {
		/* grows out of the manifest into a data file of its own */
		if (RAND_bytes((uint8_t *)&fid, 8) != 1 || !fid)
			return TEE_ERROR_GENERIC;
		r = data_fd(s, fid, true, &fd);
		if (r)
			return r;
	}
	if (w->truncate)
		r = obj_write(s, o, fid, new_size, NULL, 0, new_size, &nb, &n);
	else
		r = obj_write(s, o, fid, w->pos, w->data, w->len, new_size,
			      &nb, &n);
	if (r) {
		if (!o->file_id)
			data_forget(s, fid);
		return r;
	}
	free(o->data);
	o->data = NULL;
	free(o->blocks);
	o->file_id = fid;
	o->blocks = nb;
	o->nblocks = n;
	o->size = new_size;
	return TEE_SUCCESS;
}

TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer,
			       size_t size)
{
	struct ss_handle *h = handle_of(object, __func__);
	struct write_arg w;
	TEE_Result r;

	if (!buffer && size)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "buffer is NULL");
	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE))
		SS_PANIC(TEE_ERROR_ACCESS_DENIED,
			 "the object was not opened with TEE_DATA_FLAG_ACCESS_WRITE");
	if (h->pos + size > TEE_DATA_MAX_POSITION)
		return TEE_ERROR_OVERFLOW;
	if (!size)
		return TEE_SUCCESS;
	memset(&w, 0, sizeof(w));
	w.h = h;
	w.data = buffer;
	w.len = size;
	w.pos = h->pos;
	r = mutate(&stores[h->store], do_write, &w);
	if (!r)
		h->pos += size;
	return r;
}

TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size)
{
	struct ss_handle *h = handle_of(object, __func__);
	struct write_arg w;

	if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE))
		SS_PANIC(TEE_ERROR_ACCESS_DENIED,
			 "the object was not opened with TEE_DATA_FLAG_ACCESS_WRITE");
	if (size > TEE_DATA_MAX_POSITION)
		return TEE_ERROR_OVERFLOW;
	memset(&w, 0, sizeof(w));
	w.h = h;
	w.truncate = true;
	w.new_size = size;
	return mutate(&stores[h->store], do_write, &w);
}

TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset,
			      TEE_Whence whence)
{
	struct ss_handle *h = handle_of(object, __func__);
	struct ss_store *s;
	struct ss_object *o;
	intmax_t base;
	TEE_Result r;

	switch (whence) {
	case TEE_DATA_SEEK_SET:
		base = 0;
		break;
	case TEE_DATA_SEEK_CUR:
		base = h->pos;
		break;
	case TEE_DATA_SEEK_END:
		r = handle_obj(h, &s, &o);
		if (r)
			return r;
		base = o->size;
		break;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if ((offset > 0 && base > INTMAX_MAX - offset) ||
	    base + offset > (intmax_t)TEE_DATA_MAX_POSITION)
		return TEE_ERROR_OVERFLOW;
	h->pos = base + offset < 0 ? 0 : base + offset;
	return TEE_SUCCESS;
}

/* ------------------------------------------------- hooks for handles */

void ss_handle_info(struct ss_handle *h, size_t *size, size_t *pos)
{
	struct ss_object *o = NULL;

	if (stores[h->store].loaded)
		o = find(&stores[h->store], h->id, h->id_len);
	*size = o ? o->size : 0;
	*pos = h->pos;
}

struct usage_arg {
	struct ss_handle *h;
	uint32_t usage;
};

static TEE_Result do_usage(struct ss_store *s, void *a)
{
	struct usage_arg *u = a;
	struct ss_object *o = find(s, u->h->id, u->h->id_len);

	if (!o)
		return TEE_ERROR_CORRUPT_OBJECT;
	o->usage &= u->usage;
	return TEE_SUCCESS;
}

/* a persistent object keeps the restriction: it is stored with it */
TEE_Result ss_handle_restrict(struct ss_handle *h, uint32_t usage)
{
	struct usage_arg u = { h, usage };

	return mutate(&stores[h->store], do_usage, &u);
}

/* ------------------------------------------------------- enumerators */

static struct __TEE_ObjectEnumHandle *enum_check(TEE_ObjectEnumHandle e,
						 const char *fn)
{
	struct __TEE_ObjectEnumHandle *p;

	for (p = enums; p; p = p->next)
		if (p == e)
			return p;
	SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
		 "%s: %p is not an enumerator of this instance", fn, (void *)e);
}

TEE_Result TEE_AllocatePersistentObjectEnumerator(TEE_ObjectEnumHandle *e)
{
	struct __TEE_ObjectEnumHandle *p;

	if (!e)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "objectEnumerator is NULL");
	p = calloc(1, sizeof(*p));
	if (!p) {
		*e = NULL;
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	p->next = enums;
	enums = p;
	*e = p;
	return TEE_SUCCESS;
}

void TEE_ResetPersistentObjectEnumerator(TEE_ObjectEnumHandle e)
{
	struct __TEE_ObjectEnumHandle *p = enum_check(e, __func__);

	free(p->snap);
	p->snap = NULL;
	p->n = 0;
	p->i = 0;
	p->started = false;
}

void TEE_FreePersistentObjectEnumerator(TEE_ObjectEnumHandle e)
{
	struct __TEE_ObjectEnumHandle **pp;

	if (!e)
		return;
	TEE_ResetPersistentObjectEnumerator(e);
	for (pp = &enums; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	free(e);
}

TEE_Result TEE_StartPersistentObjectEnumerator(TEE_ObjectEnumHandle e,
					       uint32_t storageID)
{
	struct __TEE_ObjectEnumHandle *p = enum_check(e, __func__);
	struct ss_object *o;
	struct ss_store *s;
	unsigned int n = 0;
	TEE_Result r;

	TEE_ResetPersistentObjectEnumerator(e);
	r = store_get(storageID, &s);
	if (!r)
		r = fresh(s);
	if (r)
		return r;
	for (o = s->objs; o; o = o->next)
		n++;
	if (!n)
		return TEE_ERROR_ITEM_NOT_FOUND;
	p->snap = calloc(n, sizeof(*p->snap));
	if (!p->snap)
		return TEE_ERROR_OUT_OF_MEMORY;
	for (o = s->objs; o; o = o->next) {
		struct ss_object *c = &p->snap[p->n++];

		memcpy(c->id, o->id, o->id_len);
		c->id_len = o->id_len;
		c->type = o->type;
		c->obj_size = o->obj_size;
		c->max_size = o->max_size;
		c->usage = o->usage;
		c->size = o->size;
	}
	p->started = true;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetNextPersistentObject(TEE_ObjectEnumHandle e,
				       TEE_ObjectInfo *objectInfo,
				       void *objectID, size_t *objectIDLen)
{
	struct __TEE_ObjectEnumHandle *p = enum_check(e, __func__);
	struct ss_object *c;

	if (!objectID || !objectIDLen)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "objectID or objectIDLen is NULL");
	if (!p->started || p->i >= p->n)
		return TEE_ERROR_ITEM_NOT_FOUND;
	c = &p->snap[p->i++];
	memcpy(objectID, c->id, c->id_len);
	*objectIDLen = c->id_len;
	if (objectInfo) {
		memset(objectInfo, 0, sizeof(*objectInfo));
		objectInfo->objectType = c->type;
		objectInfo->objectSize = c->obj_size;
		objectInfo->maxObjectSize = c->max_size;
		objectInfo->objectUsage = c->usage;
		objectInfo->dataSize = c->size;
		objectInfo->handleFlags = TEE_HANDLE_FLAG_PERSISTENT |
					  TEE_HANDLE_FLAG_INITIALIZED;
	}
	return TEE_SUCCESS;
}

/* ------------------------------------------------------------- GP 1.1 */

TEE_Result __GP11_TEE_OpenPersistentObject(uint32_t storageID,
					   const void *objectID,
					   uint32_t objectIDLen,
					   uint32_t flags,
					   TEE_ObjectHandle *object)
{
	return TEE_OpenPersistentObject(storageID, objectID, objectIDLen,
					flags, object);
}

TEE_Result __GP11_TEE_CreatePersistentObject(uint32_t storageID,
					     const void *objectID,
					     uint32_t objectIDLen,
					     uint32_t flags,
					     TEE_ObjectHandle attributes,
					     const void *initialData,
					     uint32_t initialDataLen,
					     TEE_ObjectHandle *object)
{
	return TEE_CreatePersistentObject(storageID, objectID, objectIDLen,
					  flags, attributes, initialData,
					  initialDataLen, object);
}

TEE_Result __GP11_TEE_RenamePersistentObject(TEE_ObjectHandle object,
					     const void *newObjectID,
					     uint32_t newObjectIDLen)
{
	return TEE_RenamePersistentObject(object, newObjectID, newObjectIDLen);
}

TEE_Result __GP11_TEE_GetNextPersistentObject(TEE_ObjectEnumHandle e,
					      __GP11_TEE_ObjectInfo *info,
					      void *objectID,
					      uint32_t *objectIDLen)
{
	TEE_ObjectInfo i;
	size_t len = 0;
	TEE_Result r;

	if (!objectIDLen)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "objectIDLen is NULL");
	r = TEE_GetNextPersistentObject(e, &i, objectID, &len);
	if (r)
		return r;
	*objectIDLen = len;
	if (info) {
		info->objectType = i.objectType;
		info->keySize = i.objectSize;
		info->maxKeySize = i.maxObjectSize;
		info->objectUsage = i.objectUsage;
		info->dataSize = i.dataSize;
		info->dataPosition = i.dataPosition;
		info->handleFlags = i.handleFlags;
	}
	return TEE_SUCCESS;
}

TEE_Result __GP11_TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer,
				     uint32_t size, uint32_t *count)
{
	size_t c = 0;
	TEE_Result r;

	if (!count)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "count is NULL");
	r = TEE_ReadObjectData(object, buffer, size, &c);
	*count = c;
	return r;
}

TEE_Result __GP11_TEE_WriteObjectData(TEE_ObjectHandle object,
				      const void *buffer, uint32_t size)
{
	return TEE_WriteObjectData(object, buffer, size);
}

TEE_Result __GP11_TEE_TruncateObjectData(TEE_ObjectHandle object,
					 uint32_t size)
{
	return TEE_TruncateObjectData(object, size);
}

TEE_Result __GP11_TEE_SeekObjectData(TEE_ObjectHandle object, int32_t offset,
				     TEE_Whence whence)
{
	return TEE_SeekObjectData(object, offset, whence);
}
