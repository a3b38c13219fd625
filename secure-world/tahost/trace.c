// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - TA log lines (trace.h). Each line is formatted here, tagged
 * with the TA UUID, the instance pid and the current session, and written
 * in one write(2) to the log fd the emulator gave the instance; the
 * emulator prints it to its log (docs/secure-world.md, "Logs"). The host
 * harness (sdk/tatest) sends the lines to a sink function instead.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "teeta.h"

static int log_fd = 2;
static char uuid_str[37] = "?";
static int log_level = TRACE_MAX;
static teeta_log_sink_fn log_sink;
static void *log_sink_arg;

void teeta_log_init(int fd, const TEE_UUID *u)
{
	log_fd = fd;
	snprintf(uuid_str, sizeof(uuid_str),
		 "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u->timeLow, u->timeMid, u->timeHiAndVersion,
		 u->clockSeqAndNode[0], u->clockSeqAndNode[1],
		 u->clockSeqAndNode[2], u->clockSeqAndNode[3],
		 u->clockSeqAndNode[4], u->clockSeqAndNode[5],
		 u->clockSeqAndNode[6], u->clockSeqAndNode[7]);
}

void teeta_log_set_sink(teeta_log_sink_fn fn, void *arg)
{
	log_sink = fn;
	log_sink_arg = arg;
}

int teeta_trace_get_level(void)
{
	return log_level;
}

void teeta_trace_set_level(int level)
{
	if (level < TRACE_MIN)
		level = TRACE_MIN;
	if (level > TRACE_MAX)
		level = TRACE_MAX;
	log_level = level;
}

static void emit(char lvl, const char *func, int line, const char *fmt,
		 va_list ap)
{
	char buf[1024];
	int n;

	n = snprintf(buf, sizeof(buf), "TA %s [%d] sess %u %c %s:%d: ",
		     uuid_str, getpid(), teeta_current_session(), lvl,
		     func ? func : "-", line);
	if (n < 0 || n >= (int)sizeof(buf) - 2)
		return;
	n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n++] = '\n';
	if (log_sink) {
		log_sink(log_sink_arg, buf, n);
		return;
	}
	/* one write: lines of different instances do not interleave */
	if (write(log_fd, buf, n) < 0)
		return;
}

void teeta_trace(int level, const char *func, int line, const char *fmt, ...)
{
	static const char tag[] = "?EIDF";
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	emit(tag[level < 0 || level > TRACE_MAX ? 0 : level], func, line, fmt,
	     ap);
	va_end(ap);
}

void teeta_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit('R', NULL, 0, fmt, ap);
	va_end(ap);
}
