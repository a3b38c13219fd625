// SPDX-License-Identifier: GPL-2.0-only
/*
 * crash.c - a TA crash leaves its stack on the status pipe (decision 1705).
 *
 * On SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT the handler unwinds its own
 * stack with backtrace() (libgcc's unwinder, loaded before the sandbox),
 * and writes one line, async-signal-safe, to the status pipe:
 *
 *   crash SIG BASE PC RA1 RA2 ...
 *
 * in hex: the TA's load address, the faulting instruction, then the return
 * addresses of the frames below it. teekit-tos, not sandboxed, symbolizes
 * them against the TA's ELF (tos/symbolize.c). The handler then returns
 * with the default action restored (SA_RESETHAND): the fault happens again
 * and the process dies as before (core file, exit status in the log).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "teeta.h"

#define CRASH_FRAMES	24
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static int crash_fd = -1;
static uintptr_t ta_base;
static char altstack[64 * 1024];

static size_t put_hex(char *p, uintptr_t v)
{
	char tmp[2 * sizeof(v)];
	size_t n = 0, i;

	do {
		tmp[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	p[0] = ' ';
	for (i = 0; i < n; i++)
		p[1 + i] = tmp[n - 1 - i];
	return n + 1;
}

static uintptr_t fault_pc(void *uctx)
{
#if defined(__x86_64__)
	return (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.pc;
#else
	(void)uctx;
	return 0;
#endif
}

static void on_crash(int sig, siginfo_t *si, void *uctx)
{
	void *frames[CRASH_FRAMES];
	char line[32 + 18 * (CRASH_FRAMES + 2)];
	uintptr_t pc = fault_pc(uctx);
	size_t len;
	int n, i, first = 0;

	(void)si;
	n = backtrace(frames, CRASH_FRAMES);
	/* skip this handler and the signal trampoline: start after the PC */
	for (i = 0; i < n; i++)
		if ((uintptr_t)frames[i] == pc) {
			first = i + 1;
			break;
		}
	memcpy(line, "crash", 5);
	len = 5;
	len += put_hex(line + len, (uintptr_t)sig);
	len += put_hex(line + len, ta_base);
	len += put_hex(line + len, pc);
	for (i = first ? first : 1; i < n; i++)
		len += put_hex(line + len, (uintptr_t)frames[i]);
	line[len++] = '\n';
	if (crash_fd >= 0 && write(crash_fd, line, len) < 0)
		return;
}

int teeta_crash_init(int status_fd)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	void *probe[2];
	unsigned int i;

	/*
	 * backtrace() loads libgcc_s on first use: now, not in the sandbox
	 * (where the openat would kill the process); none, no handler
	 */
	if (backtrace(probe, 2) <= 0) {
		errno = ENOENT;
		return -1;
	}
	crash_fd = status_fd;
	if (sigaltstack(&ss, NULL))
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_crash;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return -1;
	return 0;
}

void teeta_crash_set_ta(void *dl)
{
	struct link_map *lm = NULL;

	if (!dlinfo(dl, RTLD_DI_LINKMAP, &lm) && lm)
		ta_base = lm->l_addr;
}
