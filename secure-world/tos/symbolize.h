/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * symbolize.h - a crashed TA's stack as function and file:line, from the
 * addresses its instance wrote (decision 1705).
 */
#ifndef TEEKIT_TOS_SYMBOLIZE_H
#define TEEKIT_TOS_SYMBOLIZE_H

#include <stddef.h>

/*
 * @frames: "BASE PC RA1 RA2 ..." in hex (the rest of a "crash SIG" line).
 * Calls @out once per frame with "#N 0xADDR FUNC at FILE:LINE" (or what
 * of it the TA's ELF @elf says). Returns the frames given, -1 when the
 * line is malformed.
 */
int symbolize_frames(const char *elf, const char *frames,
		     void (*out)(void *arg, const char *frame), void *arg);

#endif /* TEEKIT_TOS_SYMBOLIZE_H */
