// SPDX-License-Identifier: GPL-2.0-only
/*
 * shm.c - the table of shared memory the secure world asked the supplicant
 * to allocate (SHM_ALLOC/SHM_FREE RPCs), keyed by the kernel's shm id.
 *
 * Memrefs in later requests name these ids; the dispatcher resolves them
 * with supp_shm_get() and holds a reference while the handler runs, so an
 * SHM_FREE racing with a request only unlinks the entry and the memory is
 * released when the last user puts it.
 */
#include <errno.h>
#include <stdlib.h>

#include "supp.h"

struct supp_shm {
	int id;
	void *addr;
	size_t size;
	unsigned int refs;	/* table's own reference + one per user */
	bool owned;		/* released through ops->release */
	struct supp_shm *next;
};

void supp_shm_init(struct supp_shm_table *t, const struct supp_shm_ops *ops)
{
	pthread_mutex_init(&t->lock, NULL);
	t->list = NULL;
	t->ops = ops;
}

static void shm_release(struct supp_shm_table *t, struct supp_shm *s)
{
	if (s->owned && t->ops && t->ops->release)
		t->ops->release(t->ops->priv, s->id, s->addr, s->size);
	free(s);
}

void supp_shm_destroy(struct supp_shm_table *t)
{
	struct supp_shm *s, *next;

	pthread_mutex_lock(&t->lock);
	s = t->list;
	t->list = NULL;
	pthread_mutex_unlock(&t->lock);
	for (; s; s = next) {
		next = s->next;
		shm_release(t, s);
	}
}

static int shm_insert(struct supp_shm_table *t, int id, void *addr,
		      size_t size)
{
	struct supp_shm *s, *it;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->id = id;
	s->addr = addr;
	s->size = size;
	s->refs = 1;
	s->owned = true;
	pthread_mutex_lock(&t->lock);
	for (it = t->list; it; it = it->next) {
		if (it->id == id) {
			pthread_mutex_unlock(&t->lock);
			free(s);
			return -EEXIST;
		}
	}
	s->next = t->list;
	t->list = s;
	pthread_mutex_unlock(&t->lock);
	return 0;
}

int supp_shm_alloc(struct supp_shm_table *t, size_t size, int *id)
{
	void *addr;
	int rc;

	if (!t->ops || !t->ops->alloc)
		return -EOPNOTSUPP;
	rc = t->ops->alloc(t->ops->priv, size, id, &addr);
	if (rc)
		return rc;
	rc = shm_insert(t, *id, addr, size);
	if (rc)
		t->ops->release(t->ops->priv, *id, addr, size);
	return rc;
}

int supp_shm_add(struct supp_shm_table *t, int id, void *addr, size_t size)
{
	return shm_insert(t, id, addr, size);
}

int supp_shm_free(struct supp_shm_table *t, int id)
{
	struct supp_shm **pp, *s;
	bool last;

	pthread_mutex_lock(&t->lock);
	for (pp = &t->list; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id)
			break;
	s = *pp;
	if (!s) {
		pthread_mutex_unlock(&t->lock);
		return -ENOENT;
	}
	*pp = s->next;
	last = --s->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		shm_release(t, s);
	return 0;
}

struct supp_shm *supp_shm_get(struct supp_shm_table *t, int id, void **addr,
			      size_t *size)
{
	struct supp_shm *s;

	pthread_mutex_lock(&t->lock);
	for (s = t->list; s; s = s->next) {
		if (s->id == id) {
			s->refs++;
			*addr = s->addr;
			*size = s->size;
			break;
		}
	}
	pthread_mutex_unlock(&t->lock);
	return s;
}

void supp_shm_put(struct supp_shm_table *t, struct supp_shm *s)
{
	bool last;

	if (!s)
		return;
	pthread_mutex_lock(&t->lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		shm_release(t, s);
}

size_t supp_shm_count(struct supp_shm_table *t)
{
	struct supp_shm *s;
	size_t n = 0;

	pthread_mutex_lock(&t->lock);
	for (s = t->list; s; s = s->next)
		n++;
	pthread_mutex_unlock(&t->lock);
	return n;
}

/* SHM_ALLOC: v0 INOUT a = type, b = size, c (out) = id */
uint32_t supp_shm_alloc_request(struct supp_ctx *ctx, struct supp_req *req)
{
	struct tee_ioctl_param *v;
	int id, rc;

	if (req->num_params != 1 || !supp_is_value(&req->params[0]))
		return TEEC_ERROR_BAD_PARAMETERS;
	v = req->params[0].p;
	if (v->a != SUPP_SHM_TYPE_APPL) {
		supp_warn("SHM_ALLOC of type %llu is the kernel's job",
			  (unsigned long long)v->a);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	if (!v->b || v->b > SIZE_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	rc = supp_shm_alloc(&ctx->shm, v->b, &id);
	if (rc) {
		supp_warn("SHM_ALLOC of %llu bytes failed: %d",
			  (unsigned long long)v->b, -rc);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	v->c = id;
	supp_dbg("SHM_ALLOC %llu bytes -> id %d", (unsigned long long)v->b, id);
	return TEEC_SUCCESS;
}

/* SHM_FREE: v0 a = type, b = id */
uint32_t supp_shm_free_request(struct supp_ctx *ctx, struct supp_req *req)
{
	struct tee_ioctl_param *v;

	if (req->num_params != 1 || !supp_is_value(&req->params[0]))
		return TEEC_ERROR_BAD_PARAMETERS;
	v = req->params[0].p;
	if (v->a != SUPP_SHM_TYPE_APPL || v->b > INT32_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (supp_shm_free(&ctx->shm, (int)v->b)) {
		supp_warn("SHM_FREE of unknown id %llu", (unsigned long long)v->b);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	return TEEC_SUCCESS;
}
