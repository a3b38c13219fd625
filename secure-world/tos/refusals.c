// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-tos: the last reason each TA failed to open (decision 1701).
 *
 * A small table of REFUSAL_SLOTS entries, one per UUID, the oldest entry
 * reused when full. The OS channel's thread and the monitor write it, the
 * status socket's thread reads it; refusal_lock guards it and is never
 * held across a system call.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "refusals.h"

#define REFUSAL_SLOTS	32
#define REFUSAL_WHY	400

struct refusal {
	char uuid[37];
	uint32_t res;
	char why[REFUSAL_WHY];
	struct timespec when;	/* CLOCK_MONOTONIC; tv_sec 0: free */
};

static struct refusal refusals[REFUSAL_SLOTS];	/* under refusal_lock */
static pthread_mutex_t refusal_lock = PTHREAD_MUTEX_INITIALIZER;

static int older(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

void refusal_note(const char *uuid_s, uint32_t res, const char *why)
{
	struct refusal *r, *slot = NULL;
	struct timespec now;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!now.tv_sec)
		now.tv_sec = 1;
	pthread_mutex_lock(&refusal_lock);
	for (i = 0; i < REFUSAL_SLOTS; i++) {
		r = &refusals[i];
		if (!strcmp(r->uuid, uuid_s)) {
			slot = r;
			break;
		}
		if (!slot || older(&r->when, &slot->when))
			slot = r;
	}
	snprintf(slot->uuid, sizeof(slot->uuid), "%s", uuid_s);
	slot->res = res;
	snprintf(slot->why, sizeof(slot->why), "%s", why);
	/* one line on the status socket */
	slot->why[strcspn(slot->why, "\r\n")] = 0;
	slot->when = now;
	pthread_mutex_unlock(&refusal_lock);
}

int refusal_get(const char *uuid_s, uint32_t *res, char *why, size_t len,
		long *age_s)
{
	struct timespec now;
	int i, rc = -1;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&refusal_lock);
	for (i = 0; i < REFUSAL_SLOTS; i++) {
		if (!refusals[i].when.tv_sec || strcmp(refusals[i].uuid, uuid_s))
			continue;
		*res = refusals[i].res;
		snprintf(why, len, "%s", refusals[i].why);
		*age_s = now.tv_sec - refusals[i].when.tv_sec;
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&refusal_lock);
	return rc;
}
