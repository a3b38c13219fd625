// SPDX-License-Identifier: GPL-2.0-only
/*
 * threads.c - the receiver pool: there is always a thread waiting in
 * SUPPL_RECV, so a slow request (a plugin that sleeps, a big TA) never
 * holds up the others.
 *
 * Invariant: pool.idle counts threads that are in, or about to enter,
 * SUPPL_RECV. A thread that picks up a request decrements it; if that
 * makes it 0 and the pool is below its cap, it starts a new receiver
 * (counted idle from birth) before handling its request. A thread that
 * has answered a request and finds another receiver already waiting
 * exits, so after a burst the pool shrinks back to one waiting thread.
 * At the cap, requests wait in the kernel's queue until a thread is free.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "supp.h"

static struct {
	pthread_mutex_t lock;		/* protects the counters below */
	unsigned int idle;		/* see the invariant above */
	unsigned int threads;		/* workers alive */
	unsigned int max_threads;
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
	pool.idle++;
	pool.threads++;
	rc = pthread_create(&t, &attr, worker, NULL);
	pthread_attr_destroy(&attr);
	if (rc) {
		pool.idle--;
		pool.threads--;
		supp_warn("cannot start a receiver thread: %s", strerror(rc));
		return -rc;
	}
	return 0;
}

static void picked_up(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pool.lock);
	pool.idle--;
	if (pool.idle == 0) {
		if (pool.threads < pool.max_threads) {
			spawn_locked();
		} else if (!pool.warned_cap) {
			pool.warned_cap = true;
			supp_warn("all %u threads busy: requests wait in the kernel",
				  pool.max_threads);
		}
	}
	pthread_mutex_unlock(&pool.lock);
}

static void *worker(void *arg)
{
	int rc;

	(void)arg;
	for (;;) {
		rc = supp_serve_one(pool.ctx, picked_up, NULL);
		if (rc) {
			supp_err("stopping: the device failed (%s)",
				 strerror(-rc));
			exit(1);
		}
		pthread_mutex_lock(&pool.lock);
		if (pool.idle > 0) {
			pool.threads--;
			pthread_mutex_unlock(&pool.lock);
			return NULL;
		}
		pool.idle++;
		pthread_mutex_unlock(&pool.lock);
	}
}

int supp_pool_start(struct supp_ctx *ctx, const struct supp_pool_cfg *cfg)
{
	int rc;

	pthread_mutex_lock(&pool.lock);
	pool.ctx = ctx;
	pool.max_threads = cfg->max_threads ? cfg->max_threads : 1;
	rc = spawn_locked();
	pthread_mutex_unlock(&pool.lock);
	return rc;
}
