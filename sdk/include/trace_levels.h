/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trace_levels.h - the trace levels of trace.h, with OP-TEE's numbers
 * (CFG_TEE_TA_LOG_LEVEL takes the same values).
 */
#ifndef TEEKIT_TA_TRACE_LEVELS_H
#define TEEKIT_TA_TRACE_LEVELS_H

#define TRACE_NONE	0
#define TRACE_MIN	1
#define TRACE_ERROR	1
#define TRACE_INFO	2
#define TRACE_DEBUG	3
#define TRACE_FLOW	4
#define TRACE_MAX	TRACE_FLOW

#endif /* TEEKIT_TA_TRACE_LEVELS_H */
