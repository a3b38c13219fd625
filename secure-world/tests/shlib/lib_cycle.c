// SPDX-License-Identifier: GPL-2.0-only
/* Two libraries that need each other (built twice, see build.mk). */
#include "test_shlib.h"

int shlib_cycle(void)
{
	return 1;
}
