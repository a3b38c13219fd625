// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify.c - readiness: tell systemd (sd_notify.c) and --daemonize with a
 * pipe handshake.
 *
 * "Ready" means the device is open and a receiver thread is started: from
 * then on every request is served (requests posted meanwhile wait in the
 * kernel's queue). The daemonizing parent returns only then, with status 0,
 * or with 1 if the child died or failed before it got there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sd_notify.h"
#include "supp.h"

static int ready_fd = -1;	/* write end of the handshake pipe */

int supp_daemonize(void)
{
	char c = 0;
	ssize_t n;
	pid_t pid;
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(p[1]);
		do
			n = read(p[0], &c, 1);
		while (n < 0 && errno == EINTR);
		/* EOF: the child failed and said why on stderr */
		_exit(n == 1 && c == 'R' ? 0 : 1);
	}
	close(p[0]);
	ready_fd = p[1];
	if (setsid() < 0)
		return -errno;
	return 0;
}

void supp_ready(const char *status)
{
	struct stat st;
	char msg[256];
	bool to_file;
	int fd;

	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s\nMAINPID=%d", status,
		 (int)getpid());
	if (teekit_sd_notify(msg))
		supp_warn("sd_notify to $NOTIFY_SOCKET failed");
	supp_info("%s", status);
	if (ready_fd < 0)
		return;
	/* a log file (--log, or stderr redirected to a file) stays the log */
	to_file = !fstat(2, &st) && S_ISREG(st.st_mode);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (!to_file)
			dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (!to_file)
		supp_log_use_syslog();
	if (write(ready_fd, "R", 1) != 1)
		supp_warn("the daemonizing parent is gone");
	close(ready_fd);
	ready_fd = -1;
}
