// SPDX-License-Identifier: GPL-2.0-only
/*
 * atomic_meta: the second half of the kill-at-every-step suite (atomic.c):
 * truncate, rename and delete interrupted at every storage request. A
 * program of its own so that each half stays well within the runner's
 * time limit per program.
 */
#define ST_ATOMIC_META
#include "atomic.c"
