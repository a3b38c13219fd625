// SPDX-License-Identifier: GPL-2.0-only
/* olt_lib.c - built into libolt.a by the dev kit (LIBNAME = libolt) */
#include <olt_lib.h>
#include <util.h>

uint32_t olt_lib_mix(uint32_t x)
{
	return ROUNDUP(x, 16) ^ BIT(31);
}
