// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared TA libraries whose constructor crashes (LIB_CTOR_CRASH) or
 * sleeps 3 s (LIB_CTOR_SLOW, for the test that kills the TA host while it
 * loads) (tests/secure-world/shlib.c).
 */
#include <time.h>

#include "test_shlib.h"

__attribute__((constructor)) static void lib_ctor_init(void)
{
#ifdef LIB_CTOR_CRASH
	*(volatile int *)16 = 1;
#else
	struct timespec t = { .tv_sec = 3 };

	nanosleep(&t, NULL);
#endif
}

int shlib_ctor(void)
{
	return 1;
}
