// SPDX-License-Identifier: GPL-2.0-only
/*
 * sandbox.c - confinement of a TA instance process (docs/secure-world.md,
 * "Sandbox"): an unprivileged uid/gid, resource limits from the TA's
 * declared sizes, no new privileges, and a seccomp filter that allows only
 * what the runtime needs and kills the process on anything else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/teekit_sim.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "teeta.h"

int teeta_drop_privileges(const struct teeta_sandbox *sb)
{
	if (sb->core_dir && chdir(sb->core_dir))
		teeta_log("core dir %s: %s (cores go to the core_pattern's place)",
			  sb->core_dir, strerror(errno));
	if (setgroups(0, NULL) || setresgid(sb->gid, sb->gid, sb->gid) ||
	    setresuid(sb->uid, sb->uid, sb->uid))
		return -errno;
	/*
	 * Changing uid clears "dumpable"; set it back so the instance leaves a
	 * core file when it crashes and its own uid (and root) can ptrace it.
	 */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	/*
	 * An instance never outlives the emulator (the uid change above
	 * cleared any earlier setting); if it is already gone, stop here.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		return -errno;
	if (getppid() == 1)
		return -ESRCH;
	return 0;
}

/* "VmData:   1234 kB" of /proc/self/status, in bytes; 0 if unknown */
static unsigned long long vm_field(const char *name)
{
	unsigned long long kb = 0;
	size_t n = strlen(name);
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			sscanf(line + n + 1, "%llu", &kb);
	fclose(f);
	return kb * 1024;
}

static int limit(int res, unsigned long long v)
{
	struct rlimit rl = { .rlim_cur = v, .rlim_max = v };

	return setrlimit(res, &rl) ? -errno : 0;
}

/*
 * Limits count what the process already uses (the runtime and libc), plus
 * what the TA declared: TA_DATA_SIZE of heap, TA_STACK_SIZE of stack, and
 * an allowance for the views of client shared memory.
 */
int teeta_set_limits(const struct teeta_sandbox *sb)
{
	unsigned long long data = vm_field("VmData");
	unsigned long long size = vm_field("VmSize");
	const unsigned long long slack = 1ull << 20;
	int ret;

	ret = limit(RLIMIT_DATA, data + sb->data_size + slack);
	if (!ret)
		ret = limit(RLIMIT_STACK, sb->stack_size + slack);
	if (!ret)
		ret = limit(RLIMIT_AS, size + sb->data_size + sb->stack_size +
			    sb->shm_allowance + 4 * slack);
	if (!ret)
		ret = limit(RLIMIT_CORE, sb->core_size);
	if (!ret)
		ret = limit(RLIMIT_NPROC, 0);
	return ret;
}

static const unsigned int allowed[] = {
	__NR_read, __NR_write, __NR_close, __NR_fstat, __NR_newfstatat,
	__NR_lseek, __NR_munmap, __NR_mremap, __NR_madvise, __NR_brk,
	__NR_futex, __NR_clock_gettime, __NR_clock_getres, __NR_gettimeofday,
	__NR_clock_nanosleep, __NR_nanosleep, __NR_sched_yield,
	__NR_getrandom, __NR_getpid, __NR_gettid, __NR_rt_sigreturn,
	__NR_rt_sigprocmask, __NR_rt_sigaction, __NR_restart_syscall,
	__NR_pause, __NR_exit, __NR_exit_group,
};

#define NALLOWED (sizeof(allowed) / sizeof(*allowed))

static struct sock_filter stmt(__u16 code, __u32 k)
{
	return (struct sock_filter)BPF_STMT(code, k);
}

static struct sock_filter jump(__u16 code, __u32 k, __u8 jt, __u8 jf)
{
	return (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

#define ARG_LO(i)	offsetof(struct seccomp_data, args[i])
#define JEQ		(BPF_JMP | BPF_JEQ | BPF_K)
#define LDW		(BPF_LD | BPF_W | BPF_ABS)
#define RET		(BPF_RET | BPF_K)

/*
 * Allowed: the syscalls in allowed[]; mmap and mprotect without PROT_EXEC
 * (no new code once the TA is loaded); tgkill with SIGABRT (abort());
 * ioctl TKSIM_IOC_XFER on the channel fd. Everything else (open, socket,
 * exec, fork, ptrace, ...) kills the process with SIGSYS.
 *
 * Layout: [arch check] [nr >= x32 bit] [allowed list] [tail] ALLOW KILL;
 * every jump lands on one of the two last instructions.
 */
int teeta_seccomp(const struct teeta_sandbox *sb)
{
	struct sock_filter f[NALLOWED + 32];
	struct sock_fprog prog;
	unsigned int n = 0, i, allow, kill;

	/* the two final instructions sit at these indexes */
	allow = 5 + NALLOWED + 12;
	kill = allow + 1;
	f[n++] = stmt(LDW, offsetof(struct seccomp_data, arch));
	f[n] = jump(JEQ, AUDIT_ARCH_X86_64, 0, kill - n - 1), n++;
	f[n++] = stmt(LDW, offsetof(struct seccomp_data, nr));
	/* the x32 ABI's numbers have bit 30 set */
	f[n] = jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, kill - n - 1, 0), n++;
	f[n] = jump(JEQ, __NR_tgkill, 0, 2), n++;
	for (i = 0; i < NALLOWED; i++)
		f[n + 2 + i] = jump(JEQ, allowed[i], allow - (n + 2 + i) - 1, 0);
	/* tgkill: SIGABRT only (n, n + 1) */
	f[n++] = stmt(LDW, ARG_LO(2));
	f[n] = jump(JEQ, 6 /* SIGABRT */, allow - n - 1, kill - n - 1), n++;
	n += NALLOWED;
	/* mmap, mprotect: never PROT_EXEC */
	f[n] = jump(JEQ, __NR_mmap, 1, 0), n++;
	f[n] = jump(JEQ, __NR_mprotect, 0, 2), n++;
	f[n++] = stmt(LDW, ARG_LO(2));
	f[n] = jump(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, kill - n - 1,
		    allow - n - 1), n++;
	/* ioctl: TKSIM_IOC_XFER on the channel fd only */
	f[n] = jump(JEQ, __NR_ioctl, 0, kill - n - 1), n++;
	f[n++] = stmt(LDW, ARG_LO(0));
	f[n] = jump(JEQ, (__u32)sb->chan_fd, 0, kill - n - 1), n++;
	f[n++] = stmt(LDW, ARG_LO(1));
	f[n] = jump(JEQ, (__u32)TKSIM_IOC_XFER, allow - n - 1, kill - n - 1), n++;
	/* anything else */
	f[n] = stmt(RET, SECCOMP_RET_KILL_PROCESS), n++;
	if (n != allow)
		return -EINVAL;
	f[n++] = stmt(RET, SECCOMP_RET_ALLOW);
	f[n++] = stmt(RET, SECCOMP_RET_KILL_PROCESS);
	prog.len = n;
	prog.filter = f;
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -errno;
	return 0;
}
