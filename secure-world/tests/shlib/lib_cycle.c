// SPDX-License-Identifier: GPL-2.0-only
/* Two libraries that need each other (built twice, see build.mk). */
int shlib_cycle(void);

int shlib_cycle(void)
{
	return 1;
}
