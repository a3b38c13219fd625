// SPDX-License-Identifier: GPL-2.0-only
/*
 * log.c - tee-supplicant's messages: stderr until it daemonizes, syslog
 * after. Lines are written whole, so threads do not interleave mid-line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "supp.h"

int supp_log_level = SUPP_LOG_INFO;
static bool use_syslog;

void supp_log_use_syslog(void)
{
	openlog("tee-supplicant", LOG_PID, LOG_DAEMON);
	use_syslog = true;
}

void supp_log(int level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[1024];
	va_list ap;

	if (level > supp_log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (use_syslog)
		syslog(prio[level], "%s", line);
	else
		fprintf(stderr, "tee-supplicant: %s\n", line);
}
