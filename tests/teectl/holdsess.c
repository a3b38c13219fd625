// SPDX-License-Identifier: GPL-2.0-only
/*
 * holdsess - a client for tests/teectl/teectl.sh to find in 'teectl status':
 * "holdsess DEVICE UUID N" opens DEVICE, N sessions on the TA UUID (login
 * public) and one 4 KiB shared memory object, prints "ready SESSION..."
 * and holds them until stdin ends.  Without arguments (the suite runner
 * runs every program) it reports one skipped TAP test.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/tee.h>

#include "teetest.h"

int main(int argc, char **argv)
{
	int fd, i, n;
	char c;

	if (argc != 4) {
		printf("TAP version 13\n1..1\nok 1 - helper of teectl.sh # SKIP needs DEVICE UUID N\n");
		return 0;
	}
	n = atoi(argv[3]);
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("ready");
	for (i = 0; i < n; i++) {
		struct tt_res r = { 0 };

		if (tt_open_session(fd, argv[2], TEE_IOCTL_LOGIN_PUBLIC, NULL, 0,
				    NULL, 0, &r) || r.ret) {
			fprintf(stderr, "holdsess: open session %d failed (ret 0x%x)\n",
				i, r.ret);
			return 1;
		}
		printf(" %u", r.session);
	}
	if (tt_shm_alloc(fd, 4096, NULL, NULL) < 0) {
		perror("holdsess: shm alloc");
		return 1;
	}
	printf("\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
