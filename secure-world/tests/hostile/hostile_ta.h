/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hostile test TA (tests/secure-world/hostile.c): every command is an
 * attack on something outside the instance. Built once per constructor
 * attack (HOSTILE_CTOR, secure-world/build.mk): that attack runs in an ELF
 * constructor, at load time, and its result is kept for HOSTILE_CMD_CTOR.
 */
#ifndef TEEKIT_HOSTILE_TA_H
#define TEEKIT_HOSTILE_TA_H

#define HOSTILE_UUID(n)	"5ec0e000-0000-4000-8000-0000000000" #n

/* v0 IN a = argument (a pid, ...); v1 OUT a = result (errno if refused) */
enum hostile_cmd {
	HOSTILE_CMD_CTOR = 0,		/* v1 OUT a = the constructor's errno, b = ran */
	HOSTILE_CMD_OPEN = 1,		/* open("/etc/passwd") */
	HOSTILE_CMD_PROC_MEM = 2,	/* open("/proc/<a>/mem") and read */
	HOSTILE_CMD_SOCKET = 3,		/* socket(AF_UNIX) */
	HOSTILE_CMD_FORK = 4,		/* fork(); the child sleeps 60 s */
	HOSTILE_CMD_EXEC = 5,		/* execve("/bin/sh") */
	HOSTILE_CMD_PTRACE = 6,		/* ptrace(PTRACE_ATTACH, a) */
	HOSTILE_CMD_VM_READ = 7,	/* process_vm_readv(a, ...) */
	HOSTILE_CMD_KILL = 8,		/* kill(a, SIGKILL) */
	HOSTILE_CMD_TGKILL = 9,		/* tgkill(a, a, SIGABRT) */
	HOSTILE_CMD_THREAD = 10,	/* clone a thread */
	HOSTILE_CMD_DUP = 11,		/* dup(2) until it fails */
	HOSTILE_CMD_MMAP_EXEC = 12,	/* mmap PROT_EXEC */
	HOSTILE_CMD_CLOSE_STATUS = 13,	/* close(a & 0xff), sleep(a >> 8) */
	HOSTILE_CMD_STATUS_LIE = 14,	/* write a bad line to fd a */
	HOSTILE_CMD_MALLOC = 15,	/* malloc 1 MiB blocks until NULL: v1 a = MiB */
	HOSTILE_CMD_SETUID = 16,	/* setuid(0) */
	HOSTILE_CMD_PID = 17,		/* v1 OUT a = pid */
};

/* constructor attacks (HOSTILE_CTOR) */
#define HOSTILE_CTOR_NONE	0
#define HOSTILE_CTOR_OPEN	1	/* open("/etc/passwd") read-only */
#define HOSTILE_CTOR_SOCKET	2
#define HOSTILE_CTOR_FORK	3
#define HOSTILE_CTOR_KILL	4	/* kill(getppid(), SIGKILL): the emulator */
#define HOSTILE_CTOR_PROC	5	/* open("/proc/1/environ") */
#define HOSTILE_CTOR_WX		6	/* leave a writable+executable mapping */
#define HOSTILE_CTOR_WRITE	7	/* open("/tmp/...", O_CREAT | O_WRONLY) */
#define HOSTILE_CTOR_SLEEP	8	/* sleep 60 s: never ready */

#endif
