// SPDX-License-Identifier: GPL-2.0-only
/* A shared TA library a TA loads with dlopen() (tests/secure-world/shlib.c). */
#include <tee_internal_api.h>

#include "test_shlib.h"

int shlib_square(int x)
{
	/* a library calls the TA runtime like a TA */
	return TEE_MemCompare(&x, &x, sizeof(x)) == 0 ? x * x : -1;
}
