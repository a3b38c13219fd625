// SPDX-License-Identifier: GPL-2.0-only
/*
 * sandbox.c - confinement of a TA instance process (docs/secure-world.md,
 * "Sandbox"; decision 1201). Everything here is in place before the first
 * instruction of the TA runs, its ELF constructors included:
 *
 *   teeta_drop_privileges()  the instance's own uid, no groups but the TA
 *                            group, no new privileges, death with the parent
 *   teeta_set_limits()       rlimits from the TA's declared sizes
 *   teeta_landlock()         the file system shrinks to the TA's own file
 *   teeta_seccomp_build()    two filters, built while libseccomp may still
 *                            do what it likes:
 *     loader stage           the strict list + what ld.so needs to map the
 *                            TA (openat read-only, PROT_EXEC, fstat)
 *     strict stage           what the runtime needs to serve calls
 *   teeta_seccomp_enter()    installs one of them (raw seccomp(2))
 *
 * Filters stack: once the strict one is on, the loader one no longer
 * widens anything. A violation kills the whole process (SIGSYS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/landlock.h>
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
	if (!sb->uid)
		return -EPERM;		/* never run a TA as root */
	if (setgroups(0, NULL) || setresgid(sb->gid, sb->gid, sb->gid) ||
	    setresuid(sb->uid, sb->uid, sb->uid))
		return -errno;
	/*
	 * Changing uid clears "dumpable"; set it back so the instance leaves a
	 * core file when it crashes. Its uid is its own (decision 1202): no
	 * other instance has it, so only root can ptrace it.
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

/* the highest open fd + 1 */
static int fd_count(void)
{
	int fd, top = 0;

	for (fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			top = fd + 1;
	return top;
}

/*
 * Limits count what the process already uses (the runtime and libc), plus
 * what the TA declared: TA_DATA_SIZE of heap, TA_STACK_SIZE of stack, the
 * TA's own image (image_size, not mapped yet), and an allowance for the
 * views of client shared memory. Called before the TA is loaded.
 *
 * TA_DATA_SIZE itself is enforced by TEE_Malloc (runtime.c, decision
 * 1704); RLIMIT_DATA is the outer bound of the whole process: three times
 * TA_DATA_SIZE (a heap of small blocks costs up to three times its bytes
 * in headers) plus 4 MiB for libc, libcrypto and the GP objects, which are
 * the TEE's memory, not the TA's heap.
 */
int teeta_set_limits(const struct teeta_sandbox *sb)
{
	unsigned long long data = vm_field("VmData");
	unsigned long long size = vm_field("VmSize");
	const unsigned long long slack = 1ull << 20;
	unsigned long long heap = sb->data_size > (1ull << 60) ?
				  (1ull << 62) : 3 * sb->data_size;
	int ret;

	ret = limit(RLIMIT_DATA, data + sb->image_size + heap + 4 * slack);
	if (!ret)
		ret = limit(RLIMIT_STACK, sb->stack_size + slack);
	if (!ret)
		ret = limit(RLIMIT_AS, size + sb->image_size + heap +
			    sb->stack_size + sb->shm_allowance + 8 * slack);
	if (!ret)
		ret = limit(RLIMIT_CORE, sb->core_size);
	/* no processes, no threads (the uid has this one task) */
	if (!ret)
		ret = limit(RLIMIT_NPROC, 0);
	/* the fds it has, plus the TA file and its loader's */
	if (!ret)
		ret = limit(RLIMIT_NOFILE, fd_count() + 4);
	if (!ret)
		ret = limit(RLIMIT_MEMLOCK, 0);
	if (!ret)
		ret = limit(RLIMIT_MSGQUEUE, 0);
	if (!ret)
		ret = limit(RLIMIT_NICE, 0);
	if (!ret)
		ret = limit(RLIMIT_RTPRIO, 0);
	return ret;
}

/* one Landlock rule: @rights on @path (a file, or a directory and below) */
static int ll_rule(int rs, const char *path, int fd, __u64 rights)
{
	struct landlock_path_beneath_attr pb;
	int ret = 0;

	if (path)
		fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return path ? 0 : -EBADF;	/* a missing dir: nothing to allow */
	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = rights;
	pb.parent_fd = fd;
	if (syscall(__NR_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0))
		ret = -errno;
	if (path)
		close(fd);
	return ret;
}

/*
 * The file system, from here on: read the TA's own file (ld.so opens it
 * by path), and let the kernel write a core file in the core directory
 * (the kernel creates it with the dumping process's rights), or in the
 * directory of an absolute core_pattern. Nothing else. Landlock ignores
 * mmap, so the loader can map the TA executable; the seccomp filters keep
 * the TA itself from creating or writing files anywhere.
 */
int teeta_landlock(const struct teeta_sandbox *sb, int ta_fd)
{
	/* the kernel opens a core file O_RDWR: read, write, create */
	const __u64 core = LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_WRITE_FILE |
			   LANDLOCK_ACCESS_FS_READ_FILE;
	struct landlock_ruleset_attr rs;
	char pat[256] = "", *slash;
	__u64 rights;
	int abi, fd, ret;
	FILE *f;

	abi = syscall(__NR_landlock_create_ruleset, NULL, 0,
		      LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1)
		return -(errno ? errno : EOPNOTSUPP);
	rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;	/* ABI 1 */
	if (abi >= 2)
		rights |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		rights |= 1ull << 14;			/* TRUNCATE */
	if (abi >= 5)
		rights |= 1ull << 15;			/* IOCTL_DEV */
	memset(&rs, 0, sizeof(rs));
	rs.handled_access_fs = rights;
	fd = syscall(__NR_landlock_create_ruleset, &rs, sizeof(rs), 0);
	if (fd < 0)
		return -errno;
	ret = ll_rule(fd, NULL, ta_fd, LANDLOCK_ACCESS_FS_READ_FILE);
	/* the shared TA libraries the emulator verified for this TA (dl.c) */
	if (!ret && sb->lib_dir)
		ret = ll_rule(fd, sb->lib_dir, -1, LANDLOCK_ACCESS_FS_READ_FILE);
	if (!ret && sb->core_size && sb->core_dir)
		ret = ll_rule(fd, sb->core_dir, -1, core);
	f = sb->core_size ? fopen("/proc/sys/kernel/core_pattern", "r") : NULL;
	if (f) {
		if (!fgets(pat, sizeof(pat), f))
			pat[0] = 0;
		fclose(f);
	}
	slash = strrchr(pat, '/');
	if (!ret && pat[0] == '/' && slash) {
		*slash = 0;
		ret = ll_rule(fd, pat[0] ? pat : "/", -1, core);
	}
	if (!ret && syscall(__NR_landlock_restrict_self, fd, 0))
		ret = -errno;
	close(fd);
	return ret;
}

/* ------------------------------------------------------------ seccomp */

/* always allowed, whatever the arguments */
static const int allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close), SCMP_SYS(fstat),
	SCMP_SYS(lseek), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise), SCMP_SYS(brk), SCMP_SYS(futex),
	SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
	SCMP_SYS(gettimeofday), SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	SCMP_SYS(sched_yield), SCMP_SYS(getrandom), SCMP_SYS(getpid),
	SCMP_SYS(gettid), SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigaction), SCMP_SYS(restart_syscall), SCMP_SYS(pause),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
};

/* what ld.so does while it maps the TA, on top of the strict list */
static const int loader_only[] = {
	SCMP_SYS(newfstatat), SCMP_SYS(pread64),
};

static struct scmp_arg_cmp arg(unsigned int i, enum scmp_compare op,
			       scmp_datum_t a, scmp_datum_t b)
{
	struct scmp_arg_cmp c = { .arg = i, .op = op, .datum_a = a, .datum_b = b };

	return c;
}

/*
 * A TA that imports tee_dlopen (decision 1520): ld.so may open files
 * read-only (Landlock: the TA's file and its verified libraries) and map
 * them executable, never writable and executable at once, never anonymous
 * memory and never the channel's shared memory views. mprotect() still
 * cannot add PROT_EXEC: no page the TA wrote becomes code.
 */
static int dlopen_rules(scmp_filter_ctx ctx, const struct teeta_sandbox *sb)
{
	int ret;

	ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
			       arg(2, SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC |
				   O_PATH | __O_TMPFILE, O_RDONLY));
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(newfstatat), 0);
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(pread64), 0);
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 3,
				       arg(2, SCMP_CMP_MASKED_EQ, PROT_EXEC | PROT_WRITE,
					   PROT_EXEC),
				       arg(3, SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, 0),
				       arg(4, SCMP_CMP_NE, (scmp_datum_t)sb->chan_fd, 0));
	return ret;
}

static int build_one(const struct teeta_sandbox *sb, bool loader,
		     struct teeta_filter *out)
{
	scmp_filter_ctx ctx;
	unsigned int i;
	int ret = 0, p[2];
	ssize_t n;

	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return -ENOMEM;
	/* we set no_new_privs ourselves; x32 and i386 calls are killed */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	for (i = 0; !ret && i < sizeof(allowed) / sizeof(*allowed); i++)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
	/* abort(): SIGABRT to itself only, never to another process */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 2,
				       arg(0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0),
				       arg(2, SCMP_CMP_EQ, SIGABRT, 0));
	/* the channel: TKSIM_IOC_XFER only (attach and the rest are done) */
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 2,
				       arg(0, SCMP_CMP_EQ, (scmp_datum_t)sb->chan_fd, 0),
				       arg(1, SCMP_CMP_EQ, TKSIM_IOC_XFER, 0));
	if (loader) {
		for (i = 0; !ret && i < sizeof(loader_only) / sizeof(*loader_only); i++)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, loader_only[i], 0);
		/* ld.so maps the TA's code; Landlock limits the files */
		if (!ret)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 0);
		if (!ret)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 0);
		if (!ret)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
					       arg(2, SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC |
						       O_PATH | __O_TMPFILE, O_RDONLY));
		/* the strict stage's installation, without flags */
		if (!ret)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 2,
					       arg(0, SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER, 0),
					       arg(1, SCMP_CMP_EQ, 0, 0));
	} else {
		/* no new code once the TA is loaded */
		if (!ret)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
					       arg(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		if (!ret)
			ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
					       arg(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		if (!ret && sb->dlopen)
			ret = dlopen_rules(ctx, sb);
	}
	/* the BPF program, through a pipe (libseccomp 2.5 exports to an fd) */
	if (!ret && pipe(p))
		ret = -errno;
	if (!ret) {
		ret = seccomp_export_bpf(ctx, p[1]);
		close(p[1]);
		n = ret ? -1 : read(p[0], out->insns, sizeof(out->insns));
		close(p[0]);
		if (!ret && (n <= 0 || n % sizeof(struct sock_filter) ||
			     n == sizeof(out->insns)))
			ret = -E2BIG;
		if (!ret)
			out->len = n / sizeof(struct sock_filter);
	}
	seccomp_release(ctx);
	return ret;
}

int teeta_seccomp_build(const struct teeta_sandbox *sb,
			struct teeta_filter *loader, struct teeta_filter *strict)
{
	int ret = build_one(sb, true, loader);

	return ret ? ret : build_one(sb, false, strict);
}

/* raw seccomp(2): the loader stage allows nothing else to install one */
int teeta_seccomp_enter(const struct teeta_filter *f)
{
	struct sock_fprog prog = {
		.len = f->len,
		.filter = (struct sock_filter *)f->insns,
	};

	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -errno;
	return 0;
}
