// SPDX-License-Identifier: GPL-2.0-only
/*
 * nw.c - the normal world as the host harness plays it: the runtime's RPCs
 * (teeta_rpc(), teeta.h) answered in the test process.
 *
 *   GET_TIME        the host's CLOCK_REALTIME (TEE_GetREETime)
 *   SHM_ALLOC/FREE  heap blocks named by a cookie
 *   FS              an in-memory REE file system, enough for the TA
 *                   persistent time (tatime.c): it lasts as long as the
 *                   process, across instances; tatest_reset_storage()
 *                   empties it
 *   TA_OPEN/INVOKE  TA-to-TA: TEE_ERROR_NOT_SUPPORTED, origin TEE
 *   SUPP_PLUGIN     supplicant plugins: TEE_ERROR_NOT_SUPPORTED
 *   anything else   TEE_ERROR_NOT_SUPPORTED
 *
 * As in teekit-tahost, RPCs outside an entry-point call (in
 * TA_CreateEntryPoint, TA_DestroyEntryPoint) get TEE_ERROR_BAD_STATE.
 * Single-threaded: the TA runs in the calling thread.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/teekit_sim.h>

#include "teeta.h"
#include "tatest_priv.h"
#include "teekit_tatest.h"

static bool serving;
/* a program's own REE FS and RPMB (tatest_nw_set_store), NULL: in memory */
static uint32_t (*store_rpc)(struct tksim_msg *m);

void tatest_nw_set_store(uint32_t (*fn)(struct tksim_msg *m))
{
	store_rpc = fn;
}

void tatest_nw_begin_call(bool serve_rpcs)
{
	serving = serve_rpcs;
}

void tatest_nw_end_call(void)
{
	serving = false;
}

/* ------------------------------------------------------ shared memory */

struct shm {
	uint64_t cookie;
	void *p;
	size_t size;
	struct shm *next;
};

static struct shm *shms;
static uint64_t next_cookie = 1;

void *teeta_rpc_shm_alloc(size_t size, uint64_t *cookie, size_t *maplen)
{
	struct shm *s;

	if (!serving)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->p = calloc(1, size ? size : 1);
	if (!s->p) {
		free(s);
		return NULL;
	}
	s->size = size;
	s->cookie = next_cookie++;
	s->next = shms;
	shms = s;
	*cookie = s->cookie;
	*maplen = size;
	return s->p;
}

void teeta_rpc_shm_free(void *p, size_t maplen, uint64_t cookie)
{
	struct shm **pp, *s;

	(void)p;
	(void)maplen;
	for (pp = &shms; *pp; pp = &(*pp)->next) {
		if ((*pp)->cookie == cookie) {
			s = *pp;
			*pp = s->next;
			free(s->p);
			free(s);
			return;
		}
	}
}

/* the bytes a memref parameter of an RPC names, or NULL */
static uint8_t *rpc_buf(const struct tksim_param *p)
{
	struct shm *s;

	if (p->attr < TKSIM_PARAM_MEMREF_INPUT ||
	    p->attr > TKSIM_PARAM_MEMREF_INOUT)
		return NULL;
	for (s = shms; s; s = s->next)
		if (s->cookie == p->c)
			return p->a <= s->size && p->b <= s->size - p->a ?
			       (uint8_t *)s->p + p->a : NULL;
	return NULL;
}

uint8_t *tatest_nw_buf(const struct tksim_param *p)
{
	return rpc_buf(p);
}

/* ------------------------------------------------- in-memory REE FS */

#define FS_OPEN		0
#define FS_CREATE	1
#define FS_CLOSE	2
#define FS_READ		3
#define FS_WRITE	4
#define FS_TRUNCATE	5
#define FS_REMOVE	6
#define FS_RENAME	7

#define FS_MAX_FDS	16
#define FS_MAX_SIZE	(1u << 20)

struct file {
	char *name;
	uint8_t *data;
	size_t len;
	struct file *next;
};

static struct file *files;
static struct file *fds[FS_MAX_FDS];

static struct file *file_find(const char *name)
{
	struct file *f;

	for (f = files; f; f = f->next)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static void file_del(struct file *f)
{
	struct file **pp;
	unsigned int i;

	for (i = 0; i < FS_MAX_FDS; i++)
		if (fds[i] == f)
			fds[i] = NULL;
	for (pp = &files; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	free(f->name);
	free(f->data);
	free(f);
}

void tatest_reset_storage(void)
{
	while (files)
		file_del(files);
}

/* a NUL-terminated name in memref i, or NULL */
static const char *fs_name(struct tksim_msg *m, unsigned int i)
{
	const char *s;

	if (m->num_params <= i)
		return NULL;
	s = (const char *)rpc_buf(&m->params[i]);
	if (!s || !m->params[i].b || s[m->params[i].b - 1])
		return NULL;
	return s;
}

static struct file *fs_fd(uint64_t fd)
{
	return fd < FS_MAX_FDS ? fds[fd] : NULL;
}

static uint32_t fs_open(struct tksim_msg *m, bool create)
{
	const char *name = fs_name(m, 1);
	struct file *f;
	unsigned int fd;

	if (!name || m->num_params < 3)
		return TEE_ERROR_BAD_PARAMETERS;
	for (fd = 0; fd < FS_MAX_FDS && fds[fd]; fd++)
		;
	if (fd == FS_MAX_FDS)
		return TEE_ERROR_OUT_OF_MEMORY;
	f = file_find(name);
	if (!f && !create)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!f) {
		f = calloc(1, sizeof(*f));
		if (!f)
			return TEE_ERROR_OUT_OF_MEMORY;
		f->name = strdup(name);
		if (!f->name) {
			free(f);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		f->next = files;
		files = f;
	} else if (create) {
		f->len = 0;	/* O_TRUNC, as the supplicant */
	}
	fds[fd] = f;
	m->params[2].a = fd;
	return TEE_SUCCESS;
}

static uint32_t fs_rw(struct tksim_msg *m, bool write)
{
	struct file *f = fs_fd(m->params[0].b);
	uint64_t off = m->params[0].c, len;
	uint8_t *buf, *d;

	if (!f || m->num_params < 2)
		return TEE_ERROR_BAD_PARAMETERS;
	buf = rpc_buf(&m->params[1]);
	len = m->params[1].b;
	if (!buf && len)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!write) {
		len = off >= f->len ? 0 : len < f->len - off ? len :
		      f->len - off;
		if (len)
			memcpy(buf, f->data + off, len);
		m->params[1].b = len;
		return TEE_SUCCESS;
	}
	if (off > FS_MAX_SIZE || len > FS_MAX_SIZE - off)
		return TEE_ERROR_STORAGE_NO_SPACE;
	if (off + len > f->len) {
		d = realloc(f->data, off + len);
		if (!d)
			return TEE_ERROR_OUT_OF_MEMORY;
		memset(d + f->len, 0, off + len - f->len);
		f->data = d;
		f->len = off + len;
	}
	if (len)
		memcpy(f->data + off, buf, len);
	return TEE_SUCCESS;
}

static uint32_t fs_rename(struct tksim_msg *m)
{
	const char *from = fs_name(m, 1), *to = fs_name(m, 2);
	struct file *f, *old;
	char *n;

	if (!from || !to)
		return TEE_ERROR_BAD_PARAMETERS;
	f = file_find(from);
	if (!f)
		return TEE_ERROR_ITEM_NOT_FOUND;
	old = file_find(to);
	if (old == f)
		return TEE_SUCCESS;
	if (old && !m->params[0].b)
		return TEE_ERROR_ACCESS_CONFLICT;
	n = strdup(to);
	if (!n)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (old)
		file_del(old);
	free(f->name);
	f->name = n;
	return TEE_SUCCESS;
}

static uint32_t fs_rpc(struct tksim_msg *m)
{
	const char *name;
	struct file *f;

	if (!m->num_params)
		return TEE_ERROR_BAD_PARAMETERS;
	switch (m->params[0].a) {
	case FS_OPEN:
		return fs_open(m, false);
	case FS_CREATE:
		return fs_open(m, true);
	case FS_CLOSE:
		if (!fs_fd(m->params[0].b))
			return TEE_ERROR_BAD_PARAMETERS;
		fds[m->params[0].b] = NULL;
		return TEE_SUCCESS;
	case FS_READ:
		return fs_rw(m, false);
	case FS_WRITE:
		return fs_rw(m, true);
	case FS_TRUNCATE:
		f = fs_fd(m->params[0].b);
		if (!f)
			return TEE_ERROR_BAD_PARAMETERS;
		if (m->params[0].c < f->len)
			f->len = m->params[0].c;
		return TEE_SUCCESS;
	case FS_REMOVE:
		name = fs_name(m, 1);
		if (!name)
			return TEE_ERROR_BAD_PARAMETERS;
		f = file_find(name);
		if (!f)
			return TEE_ERROR_ITEM_NOT_FOUND;
		file_del(f);
		return TEE_SUCCESS;
	case FS_RENAME:
		return fs_rename(m);
	default:
		teeta_log("REE FS operation %llu is not in the host harness's in-memory file system",
			  (unsigned long long)m->params[0].a);
		return TEE_ERROR_NOT_SUPPORTED;
	}
}

/* ------------------------------------------------------------ RPCs */

uint32_t teeta_rpc(struct tksim_msg *m)
{
	struct timespec ts;

	if (!serving)
		return TEE_ERROR_BAD_STATE;
	m->ret_origin = TEE_ORIGIN_TEE;
	switch (m->cmd) {
	case TKSIM_RPC_GET_TIME:
		clock_gettime(CLOCK_REALTIME, &ts);
		m->params[0].a = ts.tv_sec;
		m->params[0].b = ts.tv_nsec;
		m->ret = TEE_SUCCESS;
		break;
	case TKSIM_RPC_FS:
		m->ret = store_rpc ? store_rpc(m) : fs_rpc(m);
		break;
	case TKSIM_RPC_RPMB:
		if (store_rpc) {
			m->ret = store_rpc(m);
			break;
		}
		teeta_log("the RPMB device is not available in the host harness");
		m->ret = TEE_ERROR_NOT_SUPPORTED;
		break;
	case TKSIM_RPC_TA_OPEN:
	case TKSIM_RPC_TA_INVOKE:
	case TKSIM_RPC_TA_CLOSE:
		teeta_log("TA-to-TA sessions are not available in the host harness: test the callee on its own, or in the VM");
		m->ret = TEE_ERROR_NOT_SUPPORTED;
		break;
	case TKSIM_RPC_SUPP_PLUGIN:
		teeta_log("supplicant plugins are not available in the host harness");
		m->ret = TEE_ERROR_NOT_SUPPORTED;
		break;
	default:
		teeta_log("RPC %u is not available in the host harness", m->cmd);
		m->ret = TEE_ERROR_NOT_SUPPORTED;
	}
	return m->ret;
}
