/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trace.h - TA logging (teekit TA SDK).
 *
 * EMSG (error), IMSG (info), DMSG (debug) and FMSG (flow) print one line
 * each to the normal world's log, tagged with the TA's UUID and the current
 * session. A line is printed when its level is at most the TA's trace
 * level: TRACE_LEVEL at build time (default TRACE_INFO) caps it, and the
 * emulator's --ta-log-level lowers it at run time.
 */
#ifndef TRACE_H
#define TRACE_H

#include <tee_api_types.h>

#define TRACE_MIN	1
#define TRACE_ERROR	1
#define TRACE_INFO	2
#define TRACE_DEBUG	3
#define TRACE_FLOW	4
#define TRACE_MAX	TRACE_FLOW

#ifndef TRACE_LEVEL
#define TRACE_LEVEL	TRACE_INFO
#endif

void teeta_trace(int level, const char *func, int line, const char *fmt, ...)
	TEE_PRINTF_FORMAT(4, 5);
int teeta_trace_get_level(void);
void teeta_trace_set_level(int level);

#define teeta_msg(lvl, ...)						\
	do {								\
		const int _l = (lvl);					\
									\
		if (_l <= TRACE_LEVEL)					\
			teeta_trace(_l, __func__, __LINE__, __VA_ARGS__); \
	} while (0)

#define EMSG(...)	teeta_msg(TRACE_ERROR, __VA_ARGS__)
#define IMSG(...)	teeta_msg(TRACE_INFO, __VA_ARGS__)
#define DMSG(...)	teeta_msg(TRACE_DEBUG, __VA_ARGS__)
#define FMSG(...)	teeta_msg(TRACE_FLOW, __VA_ARGS__)
#define MSG(...)	teeta_trace(TRACE_ERROR, __func__, __LINE__, __VA_ARGS__)
#define EMSG_RAW(...)	EMSG(__VA_ARGS__)
#define IMSG_RAW(...)	IMSG(__VA_ARGS__)
#define DMSG_RAW(...)	DMSG(__VA_ARGS__)
#define FMSG_RAW(...)	FMSG(__VA_ARGS__)

#endif /* TRACE_H */
