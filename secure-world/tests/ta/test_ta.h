/* SPDX-License-Identifier: GPL-2.0-only */
/* Commands of the secure-world test TA (shared with tests/secure-world). */
#ifndef TEEKIT_TEST_TA_H
#define TEEKIT_TEST_TA_H

#define TEST_TA_UUID(n)	"5ec0e000-0000-4000-8000-0000000000" #n

enum test_ta_cmd {
	TA_CMD_ADD = 0,		/* v0 IN a,b -> v1 OUT a = a + b */
	TA_CMD_COPY = 1,	/* m0 IN -> m1 OUT (SHORT_BUFFER, size) */
	TA_CMD_WRITE_INPUT = 2,	/* writes into m0 IN: must crash */
	TA_CMD_PANIC = 3,	/* TEE_Panic(v0.a) */
	TA_CMD_CRASH = 4,	/* NULL dereference */
	TA_CMD_WAIT = 5,	/* unmask, TEE_Wait(v0.a ms), returns its result */
	TA_CMD_OPEN_FILE = 6,	/* open("/etc/passwd"): seccomp kills */
	TA_CMD_SOCKET = 7,	/* socket(): seccomp kills */
	TA_CMD_COUNTER = 8,	/* v0 OUT a = ++instance counter, b = pid */
	/* v0 IN a,b = address lo/hi: v1 OUT a = byte, b = line of the read */
	TA_CMD_PEEK = 9,
	TA_CMD_SECRET = 10,	/* v0 INOUT: in a = secret byte; out a,b = its address */
	TA_CMD_MALLOC = 11,	/* v0 IN a = MiB: TEE_Malloc, OUT_OF_MEMORY if NULL */
	TA_CMD_SPIN_CANCEL = 12,/* unmask, spin until cancelled: CANCEL */
	TA_CMD_LOG = 13,	/* EMSG/IMSG/DMSG/FMSG one line each */
	TA_CMD_FILL = 14,	/* m0 INOUT filled with v1.a */
	TA_CMD_SESSIONS = 15,	/* v0 OUT a = open sessions of this instance */
	TA_CMD_TAIL = 16,	/* m0 any, v1 OUT a = non-zero bytes after m0 to its page end */
};

/* TA_OpenSessionEntryPoint with v0 IN: a = one of these, b = milliseconds */
#define TA_OPEN_SPIN	0x5105	/* masked: compute for b ms, then open */
#define TA_OPEN_WAIT	0x5106	/* unmask, TEE_Wait(b): its result */
#define TA_OPEN_POLL	0x5107	/* unmask, poll the flag b ms: CANCEL or open */

#endif
