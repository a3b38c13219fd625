// SPDX-License-Identifier: GPL-2.0-only
/* A shared TA library with no dependencies (tests/secure-world/shlib.c). */
#include "test_shlib.h"

int shlib_b(int x)
{
	return 2 * x;
}
