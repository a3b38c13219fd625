/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tee_stack.h - for in-VM tests that drive the secure world through
 * libteec: wait until a trusted-OS emulator serves, stop a daemon.
 * Header-only, since only the suites that link libteec may use it.
 */
#ifndef TEEKIT_TESTS_TEE_STACK_H
#define TEEKIT_TESTS_TEE_STACK_H

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tee_client_api.h>

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

#endif /* TEEKIT_TESTS_TEE_STACK_H */
