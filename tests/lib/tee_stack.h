/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tee_stack.h - for in-VM tests that drive the secure world through
 * libteec: wait until a trusted-OS emulator serves, stop a daemon, a UUID
 * string as a TEEC_UUID. Header-only, since only the suites that link
 * libteec may use it.
 */
#ifndef TEEKIT_TESTS_TEE_STACK_H
#define TEEKIT_TESTS_TEE_STACK_H

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "teetest.h"

/*
 * Waits (up to 4 s) until the emulator serves: an open of the nil UUID no
 * longer fails with TEEC_ERROR_COMMUNICATION (no emulator attached).
 * Returns 0 once it serves, -1 when it never did.
 */
static inline int tt_wait_emulator(void)
{
	int i;

	for (i = 0; i < 200; i++) {
		TEEC_UUID u = { 0 };
		TEEC_Context c;
		TEEC_Session s;
		TEEC_Result r;
		uint32_t o;

		if (TEEC_InitializeContext(NULL, &c) == TEEC_SUCCESS) {
			r = TEEC_OpenSession(&c, &s, &u, TEEC_LOGIN_PUBLIC, NULL,
					     NULL, &o);
			if (r == TEEC_SUCCESS)
				TEEC_CloseSession(&s);
			TEEC_FinalizeContext(&c);
			if (r != TEEC_ERROR_COMMUNICATION)
				return 0;
		}
		usleep(20000);
	}
	return -1;
}

/* SIGTERM, then reap; for daemons a test started itself. */
static inline void tt_stop_daemon(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* @s ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") as a TEEC_UUID; nil if not one */
static inline void tt_teec_uuid(const char *s, TEEC_UUID *u)
{
	uint8_t b[16];
	int i;

	if (tt_uuid_parse(s, b))
		memset(b, 0, sizeof(b));
	u->timeLow = (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	u->timeMid = b[4] << 8 | b[5];
	u->timeHiAndVersion = b[6] << 8 | b[7];
	for (i = 0; i < 8; i++)
		u->clockSeqAndNode[i] = b[8 + i];
}

#endif /* TEEKIT_TESTS_TEE_STACK_H */
