// SPDX-License-Identifier: GPL-2.0-only
/*
 * threads.c - the receiver pool: there is always a thread waiting in
 * SUPPL_RECV, so a slow request (a plugin that sleeps, a big TA) never
 * holds up the others.
 *
 * The counters and the rules that move them are in pool.c; this file
 * starts the threads and runs them. pool.lock protects pool.count and
 * warned_cap: a thread takes it once when it picks up a request and once
 * just before it sends the answer. Both ends of a round count early: a
 * receiver is counted waiting from its creation, and a thread that will
 * go back to SUPPL_RECV is counted waiting before its SUPPL_SEND, because
 * the requester may post its next request as soon as the answer lands;
 * counted after, that request could find the count at 0 and start a
 * thread for nothing. A thread that leaves is uncounted before its last
 * SEND. At the cap, requests wait in the kernel's queue until a thread is
 * free.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "supp.h"

static struct {
	pthread_mutex_t lock;		/* protects count and warned_cap */
	struct supp_pool_count count;
	bool warned_cap;
	struct supp_ctx *ctx;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void *worker(void *arg);

/* pool.lock held; 0 or -errno */
static int spawn_locked(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	supp_pool_started(&pool.count);
	rc = pthread_create(&t, &attr, worker, NULL);
	pthread_attr_destroy(&attr);
	if (rc) {
		supp_pool_start_failed(&pool.count);
		supp_warn("cannot start a receiver thread: %s", strerror(rc));
		return -rc;
	}
	supp_dbg("receiver thread started (%u alive)", pool.count.threads);
	return 0;
}

static void picked_up(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pool.lock);
	if (supp_pool_picked(&pool.count)) {
		spawn_locked();
	} else if (pool.count.idle == 0 && !pool.warned_cap) {
		pool.warned_cap = true;
		supp_warn("all %u threads busy: requests wait in the kernel",
			  pool.count.max_threads);
	}
	pthread_mutex_unlock(&pool.lock);
}

/* Decided before the answer goes out; see the comment at the top. */
static void answering(void *arg)
{
	bool *again = arg;

	pthread_mutex_lock(&pool.lock);
	*again = supp_pool_answered(&pool.count);
	pthread_mutex_unlock(&pool.lock);
}

static void *worker(void *arg)
{
	bool again = true;
	const struct supp_serve_hooks hooks = {
		.picked_up = picked_up,
		.answering = answering,
		.arg = &again,
	};
	int rc;

	(void)arg;
	while (again) {
		rc = supp_serve_one(pool.ctx, &hooks);
		if (rc) {
			supp_err("stopping: the device failed (%s)",
				 strerror(-rc));
			exit(1);
		}
	}
	return NULL;
}

int supp_pool_start(struct supp_ctx *ctx, const struct supp_pool_cfg *cfg)
{
	unsigned int i, n;
	int rc = 0;

	pthread_mutex_lock(&pool.lock);
	pool.ctx = ctx;
	pool.count.max_threads = cfg->max_threads ? cfg->max_threads : 1;
	n = supp_pool_initial(&pool.count);
	for (i = 0; i < n && !rc; i++)
		rc = spawn_locked();
	/* one receiver is enough to serve; the spare is an optimisation */
	if (rc && pool.count.threads)
		rc = 0;
	pthread_mutex_unlock(&pool.lock);
	return rc;
}

void supp_pool_stats(struct supp_pool_count *out)
{
	pthread_mutex_lock(&pool.lock);
	*out = pool.count;
	pthread_mutex_unlock(&pool.lock);
}
