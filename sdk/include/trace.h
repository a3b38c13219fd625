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

#include <stdbool.h>
#include <stddef.h>
#include <compiler.h>
#include <tee_api_types.h>
#include <trace_levels.h>

#ifndef TRACE_LEVEL
#define TRACE_LEVEL	TRACE_INFO
#endif

void teeta_trace(int level, const char *func, int line, const char *fmt, ...)
	TEE_PRINTF_FORMAT(4, 5);
int teeta_trace_get_level(void);
void teeta_trace_set_level(int level);
/* in every TA (sdk/src/ta_optee.c), not exported */
__attribute__((visibility("hidden")))
void teeta_hexdump(const char *func, int line, int level, const void *buf,
		   int len);

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
#define SMSG(...)	MSG(__VA_ARGS__)
/* the _RAW forms: no function name or line in the tag */
#define teeta_msg_raw(lvl, ...)						\
	do {								\
		const int _l = (lvl);					\
									\
		if (_l <= TRACE_LEVEL)					\
			teeta_trace(_l, NULL, 0, __VA_ARGS__);		\
	} while (0)
#define MSG_RAW(...)	teeta_trace(TRACE_ERROR, NULL, 0, __VA_ARGS__)
#define EMSG_RAW(...)	teeta_msg_raw(TRACE_ERROR, __VA_ARGS__)
#define IMSG_RAW(...)	teeta_msg_raw(TRACE_INFO, __VA_ARGS__)
#define DMSG_RAW(...)	teeta_msg_raw(TRACE_DEBUG, __VA_ARGS__)
#define FMSG_RAW(...)	teeta_msg_raw(TRACE_FLOW, __VA_ARGS__)

/* flow tracing: entering ("> "), leaving ("< ") */
#define INMSG(...)	FMSG("> " __VA_ARGS__)
#define OUTMSG(...)	FMSG("< " __VA_ARGS__)
/* OUTRMSG(r) (OUTMSG, then return r) is absent: it hides a return */

/*
 * Hex dumps of len bytes at buf, 16 a line, at each level (the line is
 * printed when the level passes, like the *MSG macros)
 */
#define teeta_hexdump_lvl(lvl, buf, len)				\
	do {								\
		const int _l = (lvl);					\
									\
		if (_l <= TRACE_LEVEL)					\
			teeta_hexdump(__func__, __LINE__, _l, (buf),	\
				      (int)(len));			\
	} while (0)
#define EHEXDUMP(buf, len)	teeta_hexdump_lvl(TRACE_ERROR, buf, len)
#define IHEXDUMP(buf, len)	teeta_hexdump_lvl(TRACE_INFO, buf, len)
#define DHEXDUMP(buf, len)	teeta_hexdump_lvl(TRACE_DEBUG, buf, len)
#define FHEXDUMP(buf, len)	teeta_hexdump_lvl(TRACE_FLOW, buf, len)
#define dhex_dump(func, line, level, buf, len)				\
	teeta_hexdump(func, line, level, buf, len)

/* OP-TEE's names of the run-time level */
#define trace_get_level()	teeta_trace_get_level()
#define trace_set_level(l)	teeta_trace_set_level(l)

#endif /* TRACE_H */
