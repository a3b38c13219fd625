// SPDX-License-Identifier: GPL-2.0-only
/*
 * A shared TA library that needs another (lib_b.c) and has a constructor:
 * shlib_a(x) = shlib_b(x) + 7 only if the constructor ran.
 */
#include "test_shlib.h"

static int ctor_ran;

__attribute__((constructor)) static void lib_a_init(void)
{
	ctor_ran = 7;
}

int shlib_a(int x)
{
	return shlib_b(x) + ctor_ran;
}
