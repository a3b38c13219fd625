/* SPDX-License-Identifier: GPL-2.0-only */
/* olt_lib.h - the static TA library of the OP-TEE-layout test tree */
#ifndef OLT_LIB_H
#define OLT_LIB_H

#include <stdint.h>

/* a value the CA recomputes: proves the library's code ran in the TA */
uint32_t olt_lib_mix(uint32_t x);

#endif
