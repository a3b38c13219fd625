// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - TA log lines (trace.h). Each line is formatted here, tagged
 * with the TA UUID, the instance pid and the current session, and written
 * in one write(2) to the log fd the emulator gave the instance; the
 * emulator prints it to its log (docs/secure-world.md, "Logs"). The host
 * harness (sdk/tatest) sends the lines to a sink function instead.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
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

/*
 * @secs since the epoch as a UTC calendar date and time. Not gmtime_r():
 * glibc reads the time zone files the first time, and the sandbox kills
 * an instance that opens a file.
 */
static void utc_time(int64_t secs, struct tm *tm)
{
	int64_t days = secs / 86400, rem = secs % 86400, era, y;
	unsigned int doe, yoe, doy, mp;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->tm_hour = rem / 3600;
	tm->tm_min = rem / 60 % 60;
	tm->tm_sec = rem % 60;
	/* the proleptic Gregorian calendar in 400-year eras from 0000-03-01 */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	tm->tm_mday = doy - (153 * mp + 2) / 5 + 1;
	tm->tm_mon = mp < 10 ? mp + 2 : mp - 10;
	tm->tm_year = y + (tm->tm_mon <= 1) - 1900;
}

/*
 * One line: UTC time, TA UUID, instance pid, session, command ("open",
 * "close", the invoke's number, "-"), level, function:line, text:
 *   2026-12-03T15:40:01.123Z TA 5ec0...0001 [412] sess 7 cmd 3 E f:151: text
 * (teectl log --json splits it into fields; docs/secure-world.md, "Logs").
 */
static void emit(char lvl, const char *func, int line, const char *fmt,
		 va_list ap)
{
	char buf[1024], cmd[12];
	struct timespec ts;
	struct tm tm;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	utc_time(ts.tv_sec, &tm);
	n = snprintf(buf, sizeof(buf),
		     "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ TA %s [%d] sess %u cmd %s %c %s:%d: ",
		     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		     tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, uuid_str,
		     getpid(), teeta_current_session(), teeta_current_cmd(cmd),
		     lvl, func ? func : "-", line);
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
