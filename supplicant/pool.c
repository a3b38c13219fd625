// SPDX-License-Identifier: GPL-2.0-only
/*
 * pool.c - the receiver pool's bookkeeping, kept apart from the threads
 * (threads.c) so the host unit tests can drive it step by step: when a
 * new receiver is started and when a thread that answers exits.
 *
 * The rules (decision 0501, revised):
 *   - a thread that picks up a request and leaves nobody waiting starts a
 *     receiver first, unless the pool is at its cap;
 *   - a thread about to send its answer goes back to SUPPL_RECV after it
 *     while fewer than SUPP_POOL_SPARE threads wait there, and exits
 *     after it otherwise.
 * With a spare of 2 a steady stream of requests from c callers settles at
 * c + 1 threads and starts none; after a burst the pool shrinks back to
 * SUPP_POOL_SPARE waiting receivers. The caller serialises every call.
 */
#include "supp.h"

unsigned int supp_pool_initial(const struct supp_pool_count *c)
{
	return c->max_threads < SUPP_POOL_SPARE ? c->max_threads :
						   SUPP_POOL_SPARE;
}

bool supp_pool_picked(struct supp_pool_count *c)
{
	c->idle--;
	c->served++;
	return c->idle == 0 && c->threads < c->max_threads;
}

void supp_pool_started(struct supp_pool_count *c)
{
	c->idle++;
	c->threads++;
	c->started++;
	if (c->threads > c->peak)
		c->peak = c->threads;
}

void supp_pool_start_failed(struct supp_pool_count *c)
{
	c->idle--;
	c->threads--;
	c->started--;
}

bool supp_pool_answered(struct supp_pool_count *c)
{
	if (c->idle >= SUPP_POOL_SPARE) {
		c->threads--;
		return false;
	}
	c->idle++;
	return true;
}
