// SPDX-License-Identifier: BSD-2-Clause
/*
 * teec_scratch.c - the shared-memory objects that carry temporary memrefs,
 * kept between calls (decision 0702).
 *
 * A temporary memref needs a driver shm object for the duration of one
 * call. Allocating, mapping, faulting in and freeing one per call costs far
 * more than the copy itself, and the TA host maps every new object again,
 * so objects are kept in a cache and reused:
 *
 * - per session: an object is only ever shown to the TA instance of the
 *   session it was first used with, because that instance keeps its view
 *   of the object as long as the object lives (decision 0201);
 * - a taken object belongs to one call; concurrent calls on one session
 *   take different objects;
 * - before the call it holds exactly what a fresh object would: the input
 *   bytes, zeros everywhere else (the part that may be non-zero is
 *   tracked in @dirty; once an object was an output, the TA may write any
 *   of it at any time, so all of it counts as dirty);
 * - bounded: objects up to TEEC_SCRATCH_MAX_OBJ bytes, at most
 *   TEEC_SCRATCH_PER_CTX idle objects and TEEC_SCRATCH_CTX_BYTES idle bytes
 *   per context (least recently used go first);
 * - freed by TEEC_CloseSession (the session's objects), by
 *   TEEC_FinalizeContext (the context's), when an allocation of the context
 *   meets a resource limit (then retried), and in a forked child.
 *
 * Locking: teec_scratch_lock protects the idle lists (teec_idle),
 * teec_scratch_gen and every idle object; it is never held across a
 * system call. A taken object is owned by its call and not on any list.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/tee.h>

#include "teec_private.h"

#define TEEC_SCRATCH_MAX_OBJ	(4u << 20)
#define TEEC_SCRATCH_PER_CTX	8
#define TEEC_SCRATCH_CTX_BYTES	(16u << 20)
#define TEEC_SCRATCH_BUCKETS	64	/* idle lists, by context fd */

static pthread_mutex_t teec_scratch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t teec_scratch_once = PTHREAD_ONCE_INIT;
/* idle objects of the contexts whose fd % TEEC_SCRATCH_BUCKETS is the index; most recent first */
static struct teec_scratch *teec_idle[TEEC_SCRATCH_BUCKETS];
/* bumped when objects are forgotten: a call that began before must not cache its object */
static unsigned long teec_scratch_gen;

static struct teec_scratch **teec_bucket(int fd)
{
	return &teec_idle[(unsigned int)fd % TEEC_SCRATCH_BUCKETS];
}

static void teec_scratch_free(struct teec_scratch *s)
{
	munmap(s->map, s->len);
	free(s);
}

static void teec_scratch_free_list(struct teec_scratch *s)
{
	struct teec_scratch *next;

	for (; s; s = next) {
		next = s->next;
		teec_scratch_free(s);
	}
}

/* Unlink the idle objects @match accepts (of context @fd, or all if < 0); lock held */
static struct teec_scratch *teec_scratch_unlink(bool (*match)(const struct teec_scratch *,
							   int, uint32_t),
						int fd, uint32_t session)
{
	struct teec_scratch *gone = NULL, **pp, *s;
	int b, first = 0, last = TEEC_SCRATCH_BUCKETS - 1;

	if (fd >= 0)
		first = last = (unsigned int)fd % TEEC_SCRATCH_BUCKETS;
	for (b = first; b <= last; b++) {
		pp = &teec_idle[b];
		while ((s = *pp)) {
			if (match(s, fd, session)) {
				*pp = s->next;
				s->next = gone;
				gone = s;
			} else {
				pp = &s->next;
			}
		}
	}
	return gone;
}

static bool teec_match_all(const struct teec_scratch *s, int fd, uint32_t session)
{
	(void)s;
	(void)fd;
	(void)session;
	return true;
}

static bool teec_match_ctx(const struct teec_scratch *s, int fd, uint32_t session)
{
	(void)session;
	return s->fd == fd;
}

static bool teec_match_session(const struct teec_scratch *s, int fd, uint32_t session)
{
	return s->fd == fd && s->session == session;
}

static void teec_scratch_fork_prepare(void)
{
	pthread_mutex_lock(&teec_scratch_lock);
}

static void teec_scratch_fork_parent(void)
{
	pthread_mutex_unlock(&teec_scratch_lock);
}

/*
 * The child shares the parent's context (same open file) and, unless the
 * driver marked them not to be inherited, the parent's mappings of the
 * objects: using them from both processes would mix two calls' data, so
 * the child forgets every object (munmap affects only the child).
 */
static void teec_scratch_fork_child(void)
{
	struct teec_scratch *gone;

	gone = teec_scratch_unlink(teec_match_all, -1, 0);
	teec_scratch_gen++;
	pthread_mutex_unlock(&teec_scratch_lock);
	teec_scratch_free_list(gone);
}

static void teec_scratch_init(void)
{
	pthread_atfork(teec_scratch_fork_prepare, teec_scratch_fork_parent,
		       teec_scratch_fork_child);
}

/* The idle object of (@fd, @session) that fits @size best, unlinked; lock held */
static struct teec_scratch *teec_scratch_take(int fd, uint32_t session, size_t size)
{
	struct teec_scratch **pp, **best = NULL, *s;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t rounded = (size + page - 1) & ~(page - 1);

	for (pp = teec_bucket(fd); (s = *pp); pp = &s->next) {
		/* at most twice the size needed: the rest would be zeroed and wasted */
		if (s->fd != fd || s->session != session || s->len < size ||
		    s->len > 2 * rounded)
			continue;
		if (!best || s->len < (*best)->len)
			best = pp;
	}
	if (!best)
		return NULL;
	s = *best;
	*best = s->next;
	s->next = NULL;
	return s;
}

int teec_scratch_get(int fd, bool cache, uint32_t session, size_t size,
		     struct teec_scratch **out)
{
	struct teec_scratch *s = NULL;
	unsigned long gen;
	int err;

	pthread_once(&teec_scratch_once, teec_scratch_init);
	pthread_mutex_lock(&teec_scratch_lock);
	gen = teec_scratch_gen;
	if (cache)
		s = teec_scratch_take(fd, session, size);
	pthread_mutex_unlock(&teec_scratch_lock);
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		err = teec_shm_alloc_retry(fd, size, &s->id, &s->map, &s->len);
		if (err) {
			free(s);
			return err;
		}
		s->fd = fd;
		s->session = session;
	}
	s->cache = cache && s->len <= TEEC_SCRATCH_MAX_OBJ;
	s->gen = gen;
	*out = s;
	return 0;
}

void teec_scratch_prepare(struct teec_scratch *s, const void *src, size_t size,
			  bool output)
{
	size_t from = 0;

	if (src && size) {
		memcpy(s->map, src, size);
		from = size;
	}
	/* what the object held beyond the input: zeros, as in a fresh one */
	if (s->dirty > from)
		memset((char *)s->map + from, 0, s->dirty - from);
	s->dirty = from;
	if (output)
		s->writable = true;
}

void teec_scratch_put(struct teec_scratch *s)
{
	struct teec_scratch **pp, *gone = NULL, *v;
	unsigned int n = 0;
	size_t bytes = 0;

	if (!s)
		return;
	if (s->writable)
		s->dirty = s->len;
	pthread_mutex_lock(&teec_scratch_lock);
	if (!s->cache || s->gen != teec_scratch_gen) {
		pthread_mutex_unlock(&teec_scratch_lock);
		teec_scratch_free(s);
		return;
	}
	pp = teec_bucket(s->fd);
	s->next = *pp;
	*pp = s;
	/* keep the most recent objects of the context within the bounds */
	while ((v = *pp)) {
		if (v->fd == s->fd) {
			if (n + 1 > TEEC_SCRATCH_PER_CTX ||
			    bytes + v->len > TEEC_SCRATCH_CTX_BYTES) {
				*pp = v->next;
				v->next = gone;
				gone = v;
				continue;
			}
			n++;
			bytes += v->len;
		}
		pp = &v->next;
	}
	pthread_mutex_unlock(&teec_scratch_lock);
	teec_scratch_free_list(gone);
}

/* Free the idle objects @match accepts; true if there were any */
static bool teec_scratch_forget(bool (*match)(const struct teec_scratch *, int, uint32_t),
				int fd, uint32_t session)
{
	struct teec_scratch *gone;
	bool any;

	pthread_mutex_lock(&teec_scratch_lock);
	gone = teec_scratch_unlink(match, fd, session);
	teec_scratch_gen++;
	pthread_mutex_unlock(&teec_scratch_lock);
	any = gone;
	teec_scratch_free_list(gone);
	return any;
}

void teec_scratch_forget_session(int fd, uint32_t session)
{
	teec_scratch_forget(teec_match_session, fd, session);
}

bool teec_scratch_forget_ctx(int fd)
{
	return teec_scratch_forget(teec_match_ctx, fd, 0);
}
