// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostile_ta.c - a TA that attacks what is outside its instance
 * (tests/secure-world/hostile.c says what must stop each attack). Built
 * without ta.mk's symbol list on purpose: it calls libc's system calls
 * directly, as a TA that slipped past the SDK would.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <tee_internal_api.h>

#include "hostile_ta.h"

static int ctor_errno = -1;
static int ctor_ran;

static int thread_fn(void *arg)
{
	(void)arg;
	pause();
	return 0;
}

/* -1 with errno, or what the call returned */
static long attack(int what, long arg)
{
	char buf[64];
	long r = 0;

	switch (what) {
	case HOSTILE_CMD_OPEN:
	case HOSTILE_CTOR_OPEN + 100:
		r = open("/etc/passwd", O_RDONLY);
		if (r >= 0 && read(r, buf, sizeof(buf)) <= 0)
			r = -1;
		break;
	case HOSTILE_CTOR_PROC + 100:
		r = open("/proc/1/environ", O_RDONLY);
		break;
	case HOSTILE_CTOR_WRITE + 100:
		r = open("/tmp/hostile-ta-was-here", O_CREAT | O_WRONLY, 0666);
		break;
	case HOSTILE_CTOR_SLEEP + 100:
		r = sleep(60);
		break;
	case HOSTILE_CMD_PROC_MEM:
		snprintf(buf, sizeof(buf), "/proc/%ld/mem", arg);
		r = open(buf, O_RDONLY);
		break;
	case HOSTILE_CMD_SOCKET:
	case HOSTILE_CTOR_SOCKET + 100:
		r = socket(AF_UNIX, SOCK_STREAM, 0);
		break;
	case HOSTILE_CMD_FORK:
	case HOSTILE_CTOR_FORK + 100:
		r = fork();
		if (!r) {
			sleep(60);
			_exit(0);
		}
		break;
	case HOSTILE_CMD_EXEC: {
		char *argv[] = { "sh", "-c", "sleep 60", NULL };

		r = execve("/bin/sh", argv, NULL);
		break;
	}
	case HOSTILE_CMD_PTRACE:
		r = ptrace(PTRACE_ATTACH, (pid_t)arg, NULL, NULL);
		break;
	case HOSTILE_CMD_VM_READ: {
		struct iovec l = { buf, sizeof(buf) }, rm = { (void *)0x400000, 16 };

		r = process_vm_readv((pid_t)arg, &l, 1, &rm, 1, 0);
		break;
	}
	case HOSTILE_CMD_KILL:
		r = kill((pid_t)arg, SIGKILL);
		break;
	case HOSTILE_CTOR_KILL + 100:
		r = kill(getppid(), SIGKILL);
		break;
	case HOSTILE_CMD_TGKILL:
		r = syscall(SYS_tgkill, (pid_t)arg, (pid_t)arg, SIGABRT);
		break;
	case HOSTILE_CMD_THREAD: {
		static char stack[16384];

		r = clone(thread_fn, stack + sizeof(stack),
			  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			  CLONE_THREAD | CLONE_SYSVSEM, NULL);
		break;
	}
	case HOSTILE_CMD_DUP:
		while ((r = dup(2)) >= 0)
			;
		break;
	case HOSTILE_CMD_MMAP_EXEC:
	case HOSTILE_CTOR_WX + 100: {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		r = p == MAP_FAILED ? -1 : 0;
		break;
	}
	case HOSTILE_CMD_SETUID:
		r = setuid(0);
		break;
	}
	return r;
}

#if HOSTILE_CTOR
__attribute__((constructor)) static void hostile_ctor(void)
{
	ctor_ran = 1;
	ctor_errno = attack(HOSTILE_CTOR + 100, 0) < 0 ? errno : 0;
}
#endif

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param p[4], void **sess)
{
	(void)pt;
	(void)p;
	(void)sess;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	(void)sess;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	uint32_t arg = p[0].value.a;
	long r;
	int mib = 0;

	(void)sess;
	if (pt != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
				  TEE_PARAM_TYPE_VALUE_OUTPUT,
				  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd) {
	case HOSTILE_CMD_CTOR:
		p[1].value.a = ctor_errno;
		p[1].value.b = ctor_ran;
		return TEE_SUCCESS;
	case HOSTILE_CMD_PID:
		p[1].value.a = getpid();
		return TEE_SUCCESS;
	case HOSTILE_CMD_CLOSE_STATUS:
		close(arg & 0xff);
		sleep(arg >> 8);
		return TEE_SUCCESS;
	case HOSTILE_CMD_STATUS_LIE:
		if (write(arg, "ready flags=0x4\nidle 0\n", 23) < 0)
			return TEE_ERROR_GENERIC;
		sleep(2);
		return TEE_SUCCESS;
	case HOSTILE_CMD_MALLOC:
		while (malloc(1 << 20))
			mib++;
		p[1].value.a = mib;
		return TEE_SUCCESS;
	}
	r = attack(cmd, arg);
	p[1].value.a = r < 0 ? errno : 0;
	p[1].value.b = r < 0 ? 0 : 1;
	/* an attack that "worked" answers ACCESS_CONFLICT: the test fails */
	return r < 0 ? TEE_ERROR_ACCESS_DENIED : TEE_ERROR_ACCESS_CONFLICT;
}
