/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * refusals.h - why the emulator last failed to open a session of a TA,
 * kept per UUID so that a client can ask (status socket "why UUID") and
 * libteec can name the cause in its explanation (decision 1701).
 */
#ifndef TEEKIT_TOS_REFUSALS_H
#define TEEKIT_TOS_REFUSALS_H

#include <stddef.h>
#include <stdint.h>

/* Record that opening @uuid_s failed with @res because of @why. */
void refusal_note(const char *uuid_s, uint32_t res, const char *why);

/*
 * The last failure recorded for @uuid_s: its result, its reason (cut to
 * @len) and how many seconds ago it was recorded. -1 when none.
 */
int refusal_get(const char *uuid_s, uint32_t *res, char *why, size_t len,
		long *age_s);

#endif /* TEEKIT_TOS_REFUSALS_H */
