// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-tos - the trusted-OS emulator (docs/secure-world.md).
 *
 * Attaches to /dev/teekit_sim as the OS channel and serves OPEN_SESSION:
 * finds a running instance of the TA that may take the session (single
 * instance TAs) or loads the TA (LOAD_TA RPC through the supplicant, or
 * --ta-dir), verifies its signature, starts a teekit-tahost process for a
 * new instance and forwards the call to it. Invokes and closes never come
 * here: the driver sends them to the instance's own channel.
 *
 * Threads: the main thread serves the OS channel; the monitor thread
 * watches the instances' status pipes (idle, panic, exit) and reaps them.
 * Both take inst_lock around the instance table.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <linux/teekit_sim.h>
#include <tee_api_defines.h>
#include <trace.h>
#include <user_ta_header.h>

#include "../ta_image.h"
#include "devenum.h"
#include "../../supplicant/sd_notify.h"
#include "refusals.h"
#include "shlib.h"
#include "symbolize.h"

#define TOS_MAJOR	1
#define TOS_MINOR	0
#define START_TIMEOUT_MS 10000
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define END_TIMEOUT_MS	5000	/* from "end" to SIGKILL (decision 1204) */
#define CLOSED_TIMEOUT_MS 1000	/* from status pipe EOF to SIGKILL */
#define DEFAULT_LOG	"/var/log/teekit-tos.log"
#define STATUS_SOCKET	"/run/teekit/tos.sock"

/* an OPEN_SESSION waiting for its instance to be ready */
struct pending {
	struct pending *next;
	struct tksim_xfer x;
};

struct instance {
	struct instance *next;
	uint32_t id;
	pid_t pid;
	uint8_t uuid[16];
	char uuid_s[37];
	uint32_t flags;
	int status_fd;			/* read end of the status pipe; -1 at EOF */
	int pidfd;			/* readable once the process exited */
	uint32_t owner;			/* uid of the client that started it */
	uint32_t uid_slot;		/* its uid: opt.uid_first + uid_slot */
	unsigned long long forwarded;	/* OPEN_SESSION calls sent to it */
	bool dead;			/* no more forwards */
	bool ready;			/* said "ready": forwards go out at once */
	struct pending *pending;	/* opens held until "ready" */
	bool killed;			/* SIGKILL sent */
	long long deadline;		/* ms (CLOCK_MONOTONIC): SIGKILL then; 0 none */
	const char *deadline_why;
	/* its TEE_Malloc heap as it reports it (decision 1704) */
	unsigned long long heap_used, heap_peak, heap_limit;
	bool crashed;			/* wrote its "crash" line */
	char line[512];			/* partial status line */
	size_t line_len;
};

static struct {
	const char *device;
	const char *trusted_key;
	const char *ta_dir;
	const char *bus_dir;	/* TAs announced on the TEE bus (decision 1901) */
	const char *cache_dir;
	const char *core_dir;
	const char *core_size;	/* MiB, RLIMIT_CORE of the instances */
	const char *ta_user;
	const char *tahost;
	const char *log_file;
	const char *status_socket;
	const char *debug_ta;	/* --debug-ta UUID (canonical), or NULL */
	int ta_log_level;
	uint32_t uid_first;	/* --ta-uids FIRST:COUNT (decision 1202) */
	uint32_t uid_count;
	unsigned int max_total;		/* instances (decision 1203) */
	unsigned int max_per_user;
	bool foreground;
	bool debug;
} opt = {
	.device = TKSIM_DEVICE,
	.trusted_key = "/etc/teekit/ta-signing-key.pub.pem",
	.cache_dir = "/run/teekit/ta",
	.core_dir = "/var/crash/teekit",
	.core_size = "64",
	.ta_user = "teekit-ta",
	.tahost = "/usr/sbin/teekit-tahost",
	.status_socket = STATUS_SOCKET,
	.ta_log_level = TRACE_INFO,
	.uid_first = 0x7f000000,
	.uid_count = 65536,
	.max_total = 128,
	.max_per_user = 32,
};

static int os_fd = -1;
static const volatile uint32_t *os_cancel;	/* the OS channel's status page */
static EVP_PKEY *trusted;
static gid_t ta_gid;
static uint8_t *uid_used;		/* [opt.uid_count], under inst_lock */
static uint32_t uid_next;		/* where the next search starts */
static long page_size;
static pthread_mutex_t inst_lock = PTHREAD_MUTEX_INITIALIZER;
static struct instance *instances;	/* under inst_lock */
static int wake_pipe[2] = { -1, -1 };

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logmsg(const char *fmt, ...)
{
	char buf[1024];
	struct timespec ts;
	va_list ap;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(buf, sizeof(buf), "teekit-tos[%d] %ld.%03ld: ", getpid(),
		     (long)ts.tv_sec, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(2, buf, n) < 0)
		return;
}

#define dbg(...) do { if (opt.debug) logmsg(__VA_ARGS__); } while (0)

/* "N" as an instance limit, 0 to 65536; -1 if it is not one */
static long parse_limit(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 65536)
		return -1;
	return v;
}

/* ------------------------------------------------------ TA loading */

static uint32_t load_from_dir(const char *uuid_s, uint8_t **img, size_t *len,
			      char *why, size_t whylen)
{
	char path[4096];
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	size_t got = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s.ta", opt.ta_dir, uuid_s);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "TA %s not found; searched %s (%s)",
			 uuid_s, opt.ta_dir, strerror(errno));
		return TEE_ERROR_ITEM_NOT_FOUND;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > (64 << 20)) {
		snprintf(why, whylen, "%.400s: not a regular file of at most 64 MiB",
			 path);
		close(fd);
		return TEE_ERROR_BAD_FORMAT;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		close(fd);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	*img = buf;
	*len = got;
	return TEE_SUCCESS;
}

/* One RPC on behalf of OS call call_id; returns its TEE result. */
static uint32_t rpc(uint64_t call_id, struct tksim_xfer *r)
{
	r->op = TKSIM_OP_RPC;
	r->flags = 0;
	r->call_id = call_id;
	r->reserved = 0;
	while (ioctl(os_fd, TKSIM_IOC_XFER, r)) {
		if (errno != EINTR) {
			logmsg("RPC %u failed: %s", r->msg.cmd, strerror(errno));
			return TEE_ERROR_COMMUNICATION;
		}
	}
	if (r->kind != TKSIM_KIND_RPC_RESULT) {
		logmsg("RPC %u: unexpected answer kind %u", r->msg.cmd, r->kind);
		return TEE_ERROR_COMMUNICATION;
	}
	return r->msg.ret;
}

static void load_ta_msg(struct tksim_xfer *r, const uint8_t uuid[16],
			uint64_t size, uint64_t cookie)
{
	memset(r, 0, sizeof(*r));
	r->msg.cmd = TKSIM_RPC_LOAD_TA;
	r->msg.num_params = 2;
	r->msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	memcpy(&r->msg.params[0].a, uuid, 8);
	memcpy(&r->msg.params[0].b, uuid + 8, 8);
	r->msg.params[1].attr = TKSIM_PARAM_MEMREF_OUTPUT;
	r->msg.params[1].b = size;
	r->msg.params[1].c = cookie;
}

/*
 * LOAD_TA through the supplicant: size query, SHM_ALLOC, LOAD_TA into it,
 * copy out (the supplicant could change the shared copy after we checked
 * it), SHM_FREE.
 */
static uint32_t load_via_supplicant(uint64_t call_id, const uint8_t uuid[16],
				    const char *uuid_s, uint8_t **img,
				    size_t *len, char *why, size_t whylen)
{
	struct tksim_xfer r;
	uint64_t size, cookie;
	uint32_t res, pages;
	void *map;

	load_ta_msg(&r, uuid, 0, TKSIM_COOKIE_NULL);
	res = rpc(call_id, &r);
	if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER) {
		if (res == TEE_ERROR_ITEM_NOT_FOUND)
			snprintf(why, whylen,
				 "TA %s not found by tee-supplicant (LOAD_TA: 0x%08x): install %s.ta in /lib/optee_armtz (or a directory of tee-supplicant's --ta-path; its log names those it searched)",
				 uuid_s, res, uuid_s);
		else if (res == TEE_ERROR_COMMUNICATION)
			snprintf(why, whylen,
				 "no tee-supplicant answered the request to load TA %s (0x%08x): start it (tee-supplicant --daemonize /dev/teepriv0, or teekit-up)",
				 uuid_s, res);
		else
			snprintf(why, whylen,
				 "TA %s: tee-supplicant failed to load it (LOAD_TA: 0x%08x); see its log",
				 uuid_s, res);
		return res;
	}
	size = r.msg.params[1].b;
	if (!size || size > (64 << 20)) {
		snprintf(why, whylen, "TA %s: LOAD_TA reports size %llu", uuid_s,
			 (unsigned long long)size);
		return TEE_ERROR_BAD_FORMAT;
	}
	memset(&r, 0, sizeof(r));
	r.msg.cmd = TKSIM_RPC_SHM_ALLOC;
	r.msg.num_params = 1;
	r.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
	r.msg.params[0].b = size;
	res = rpc(call_id, &r);
	if (res != TEE_SUCCESS) {
		snprintf(why, whylen, "TA %s: SHM_ALLOC of %llu bytes failed: 0x%08x",
			 uuid_s, (unsigned long long)size, res);
		return res;
	}
	cookie = r.msg.params[0].c;
	pages = r.msg.params[0].map_pages;
	if (!pages)
		pages = (size + page_size - 1) / page_size;
	map = mmap(NULL, (size_t)pages * page_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, os_fd, (off_t)cookie);
	if (map == MAP_FAILED) {
		snprintf(why, whylen, "TA %s: cannot map the image buffer: %s",
			 uuid_s, strerror(errno));
		res = TEE_ERROR_OUT_OF_MEMORY;
		goto free_shm;
	}
	load_ta_msg(&r, uuid, size, cookie);
	res = rpc(call_id, &r);
	if (res != TEE_SUCCESS || r.msg.params[1].b > size) {
		snprintf(why, whylen, "TA %s: LOAD_TA failed with 0x%08x", uuid_s,
			 res);
		res = res ? res : TEE_ERROR_BAD_FORMAT;
		goto unmap;
	}
	*len = r.msg.params[1].b;
	*img = malloc(*len ? *len : 1);
	if (!*img) {
		res = TEE_ERROR_OUT_OF_MEMORY;
		goto unmap;
	}
	memcpy(*img, map, *len);
unmap:
	munmap(map, (size_t)pages * page_size);
free_shm:
	memset(&r, 0, sizeof(r));
	r.msg.cmd = TKSIM_RPC_SHM_FREE;
	r.msg.num_params = 1;
	r.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	r.msg.params[0].b = cookie;
	rpc(call_id, &r);
	return res;
}

/* a library's fetch (shlib.c): the way TAs are fetched, for call_id */
struct fetch_ctx {
	uint64_t call_id;
};

static uint32_t fetch_lib(void *ctx, const uint8_t uuid[16],
			  const char *uuid_s, uint8_t **img, size_t *len,
			  char *why, size_t whylen)
{
	const struct fetch_ctx *f = ctx;

	if (opt.ta_dir)
		return load_from_dir(uuid_s, img, len, why, whylen);
	return load_via_supplicant(f->call_id, uuid, uuid_s, img, len, why,
				   whylen);
}

/* ------------------------------------------------------- instances */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wake_monitor(void);

/* under inst_lock: a free uid of the range, or -1 */
static int uid_alloc(void)
{
	uint32_t i, s;

	for (i = 0; i < opt.uid_count; i++) {
		s = (uid_next + i) % opt.uid_count;
		if (!uid_used[s]) {
			uid_used[s] = 1;
			uid_next = s + 1;
			return s;
		}
	}
	return -1;
}

/*
 * under inst_lock: the instance must be gone by @ms from now, or it is
 * killed (a TA that sleeps in TA_DestroyEntryPoint, or that closed its
 * status pipe, never blocks the emulator).
 */
static void end_by(struct instance *in, int ms, const char *why)
{
	if (in->killed || (in->deadline && in->deadline <= now_ms() + ms))
		return;
	in->deadline = now_ms() + ms;
	in->deadline_why = why;
}

/*
 * Starts an instance for the open @x and returns at once (decision 1204):
 * the instance joins the list not ready, holding @x; the monitor forwards
 * it on "ready", answers it on "error", or when the instance dies or is
 * killed at its start deadline. TEE_SUCCESS: @x is held (nothing to send
 * now); anything else: answer @x with it.
 */
static uint32_t start_instance(const uint8_t uuid[16], const char *uuid_s,
			       const char *path, bool dl, uint32_t owner,
			       uint32_t flags, const struct tksim_xfer *x,
			       char *why, size_t whylen)
{
	char libdir[4096];
	struct tksim_instance ti;
	struct instance *in;
	struct pending *pd;
	char a_chan[16], a_inst[16], a_stat[16], a_uid[16], a_gid[16], a_lvl[8];
	int chan, sp[2], slot;
	uint32_t res;
	pid_t pid;
	bool debug = opt.debug_ta && !strcmp(opt.debug_ta, uuid_s);

	in = calloc(1, sizeof(*in));
	pd = calloc(1, sizeof(*pd));
	if (!in || !pd) {
		free(in);
		free(pd);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	pd->x = *x;
	pthread_mutex_lock(&inst_lock);
	slot = uid_alloc();
	pthread_mutex_unlock(&inst_lock);
	if (slot < 0) {
		snprintf(why, whylen, "no free uid in --ta-uids %u:%u (every one has a live instance; widen the range)",
			 opt.uid_first, opt.uid_count);
		res = TEE_ERROR_BUSY;
		goto free_in;
	}
	in->uid_slot = slot;
	in->owner = owner;
	in->flags = flags;
	in->pidfd = -1;
	in->status_fd = -1;
	memset(&ti, 0, sizeof(ti));
	memcpy(ti.uuid, uuid, 16);
	if (ioctl(os_fd, TKSIM_IOC_INSTANCE_NEW, &ti)) {
		snprintf(why, whylen, "INSTANCE_NEW: %s", strerror(errno));
		res = TEE_ERROR_OUT_OF_MEMORY;
		goto free_uid;
	}
	/* the instance's channel, opened while we are still root */
	chan = open(opt.device, O_RDWR);
	if (chan < 0) {
		snprintf(why, whylen, "%s: %s", opt.device, strerror(errno));
		res = TEE_ERROR_COMMUNICATION;
		goto del;
	}
	if (pipe2(sp, O_CLOEXEC)) {
		res = TEE_ERROR_OUT_OF_MEMORY;
		goto close_chan;
	}
	snprintf(a_chan, sizeof(a_chan), "%d", chan);
	snprintf(a_inst, sizeof(a_inst), "%u", ti.instance);
	snprintf(a_stat, sizeof(a_stat), "%d", sp[1]);
	snprintf(a_uid, sizeof(a_uid), "%u", opt.uid_first + slot);
	snprintf(a_gid, sizeof(a_gid), "%u", ta_gid);
	snprintf(a_lvl, sizeof(a_lvl), "%d",
		 __atomic_load_n(&opt.ta_log_level, __ATOMIC_RELAXED));
	shlib_dir(opt.cache_dir, uuid_s, libdir, sizeof(libdir));
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		res = TEE_ERROR_OUT_OF_MEMORY;
		goto close_pipe;
	}
	if (!pid) {
		/* the channel and the status pipe's write end survive exec */
		fcntl(sp[1], F_SETFD, 0);
		execl(opt.tahost, "teekit-tahost", "--chan", a_chan,
		      "--instance", a_inst, "--status", a_stat, "--ta", path,
		      "--uuid", uuid_s, "--uid", a_uid, "--gid", a_gid,
		      "--core-dir", opt.core_dir, "--core-size", opt.core_size,
		      "--log-level", a_lvl, "--lib-dir", libdir,
		      dl ? "--dlopen" : "--no-dlopen",
		      debug ? "--wait-debugger" : NULL, (char *)NULL);
		dprintf(sp[1], "error 0x%08x cannot run %s: %s\n",
			TEE_ERROR_GENERIC, opt.tahost, strerror(errno));
		_exit(127);
	}
	close(sp[1]);
	close(chan);
	in->id = ti.instance;
	in->pid = pid;
	in->status_fd = sp[0];
	memcpy(in->uuid, uuid, 16);
	snprintf(in->uuid_s, sizeof(in->uuid_s), "%s", uuid_s);
	/* our child: its pid cannot be reused before we reap it */
	in->pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (in->pidfd < 0) {
		logmsg("TA %s: instance %u (pid %d): pidfd_open: %s (reaped by polling)",
		       uuid_s, in->id, pid, strerror(errno));
	}
	dbg("TA %s: instance %u starting, pid %d, uid %u, for uid %d", uuid_s,
	    in->id, pid, opt.uid_first + slot,
	    owner == TKSIM_UID_KERNEL ? -1 : (int)owner);
	pthread_mutex_lock(&inst_lock);
	in->pending = pd;
	in->forwarded = 1;	/* the held open */
	/* an instance waiting for a debugger has all the time it needs */
	in->deadline = debug ? 0 : now_ms() + START_TIMEOUT_MS;
	in->deadline_why = "was not ready within " STR(START_TIMEOUT_MS) " ms";
	if (debug)
		logmsg("TA %s: instance %u (pid %d) waits for a debugger before TA_CreateEntryPoint (--debug-ta): gdb -p %d -ex 'break TA_CreateEntryPoint' -ex 'set var teekit_wait_debugger = 0' -ex continue",
		       uuid_s, in->id, pid, pid);
	in->next = instances;
	instances = in;
	pthread_mutex_unlock(&inst_lock);
	wake_monitor();
	return TEE_SUCCESS;

close_pipe:
	close(sp[0]);
	close(sp[1]);
close_chan:
	close(chan);
del:
	ioctl(os_fd, TKSIM_IOC_INSTANCE_DEL, &ti);
free_uid:
	pthread_mutex_lock(&inst_lock);
	uid_used[slot] = 0;
	pthread_mutex_unlock(&inst_lock);
free_in:
	free(in);
	free(pd);
	return res;
}

/* under inst_lock */
static struct instance *find_shared(const uint8_t uuid[16])
{
	struct instance *in;

	for (in = instances; in; in = in->next)
		if (!in->dead && (in->flags & TA_FLAG_SINGLE_INSTANCE) &&
		    !memcmp(in->uuid, uuid, 16))
			return in;
	return NULL;
}

/* under inst_lock */
static void instance_del(struct instance *in, const char *why)
{
	struct tksim_instance ti = { .instance = in->id };

	if (in->dead)
		return;
	in->dead = true;
	dbg("TA %s: instance %u ends (%s)", in->uuid_s, in->id, why);
	ioctl(os_fd, TKSIM_IOC_INSTANCE_DEL, &ti);
	end_by(in, END_TIMEOUT_MS, why);
}

/* under inst_lock: instances that hold resources, all or of one user */
static unsigned int count_instances(bool all, uint32_t owner)
{
	struct instance *in;
	unsigned int n = 0;

	for (in = instances; in; in = in->next)
		if (all || in->owner == owner)
			n++;
	return n;
}

/*
 * under inst_lock: may @owner start one more instance? If not, @why
 * names the limit, its value and how to raise it (decision 1203).
 */
static bool within_limits(uint32_t owner, char *why, size_t whylen)
{
	unsigned int total = __atomic_load_n(&opt.max_total, __ATOMIC_RELAXED);
	unsigned int user = __atomic_load_n(&opt.max_per_user, __ATOMIC_RELAXED);
	unsigned int n;

	n = count_instances(true, 0);
	if (n >= total) {
		snprintf(why, whylen, "%u TA instances run, the limit of all users (max-instances %u); raise it with 'teectl limits --total N' or teekit-tos --max-instances N",
			 n, total);
		return false;
	}
	n = count_instances(false, owner);
	if (n >= user) {
		snprintf(why, whylen, "%s %d has %u TA instances, the limit per user (max-instances-per-user %u); raise it with 'teectl limits --per-user N' or teekit-tos --max-instances-per-user N",
			 owner == TKSIM_UID_KERNEL ? "the kernel (uid" : "uid",
			 owner == TKSIM_UID_KERNEL ? -1 : (int)owner, n, user);
		return false;
	}
	return true;
}

static void wake_monitor(void)
{
	if (wake_pipe[1] < 0)
		return;
	if (write(wake_pipe[1], "", 1) < 0)
		return;
}

/*
 * Run-time TA trace level: SIGRTMIN + N (N = 1..4, e.g.
 * kill -s RTMIN+4 $(pidof teekit-tos)) sets the level of new instances
 * and is forwarded to every live instance by the monitor thread.
 */
static volatile sig_atomic_t level_request;

static void on_level_signal(int sig)
{
	level_request = sig - SIGRTMIN;
	wake_monitor();
}

static void level_signals(void)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_level_signal;
	sa.sa_flags = SA_RESTART;
	for (i = TRACE_MIN; i <= TRACE_MAX; i++)
		sigaction(SIGRTMIN + i, &sa, NULL);
}

static void forward_level(void)
{
	struct instance *in;
	int lvl = level_request;

	if (!lvl)
		return;
	level_request = 0;
	opt.ta_log_level = lvl;
	logmsg("TA trace level set to %d", lvl);
	for (in = instances; in; in = in->next)
		if (!in->dead && in->pid > 0)
			kill(in->pid, SIGRTMIN + lvl);
}

/* ---------------------------------------------------- OS channel */

static void answer(struct tksim_xfer *x, uint32_t res)
{
	x->op = TKSIM_OP_RETURN;
	x->flags = 0;
	x->reserved = 0;
	x->msg.ret = res;
	x->msg.ret_origin = TEE_ORIGIN_TEE;
	x->msg.flags = 0;
}

static void forward(struct tksim_xfer *x, struct instance *in)
{
	x->op = TKSIM_OP_FORWARD;
	x->flags = 0;
	x->reserved = 0;
	x->msg.instance = in->id;
	x->msg.flags = 0;
	in->forwarded++;
}

/* nothing to send on the next XFER: the open is held (decision 1204) */
static void defer(struct tksim_xfer *x)
{
	memset(x, 0, sizeof(*x));
	x->op = TKSIM_OP_NONE;
}

/* under inst_lock: hold an open until @in is ready; 0 or -ENOMEM */
static int hold(struct instance *in, const struct tksim_xfer *x)
{
	struct pending *pd = calloc(1, sizeof(*pd)), **pp;

	if (!pd)
		return -ENOMEM;
	pd->x = *x;
	for (pp = &in->pending; *pp; pp = &(*pp)->next)
		;
	*pp = pd;
	in->forwarded++;
	return 0;
}

/* sends a held open's forward or answer from the monitor thread */
static void send_held(struct tksim_xfer *x)
{
	x->flags = TKSIM_XFER_NO_RECV;
	while (ioctl(os_fd, TKSIM_IOC_XFER, x)) {
		if (errno == EINTR)
			continue;
		logmsg("XFER (op %u, call %llu) of a held open: %s", x->op,
		       (unsigned long long)x->call_id, strerror(errno));
		break;
	}
}

/* under inst_lock: @in is ready, its held opens go to it in order */
static void flush_pending(struct instance *in)
{
	struct pending *pd;

	while ((pd = in->pending)) {
		in->pending = pd->next;
		pd->x.op = TKSIM_OP_FORWARD;
		pd->x.reserved = 0;
		pd->x.msg.instance = in->id;
		pd->x.msg.flags = 0;
		send_held(&pd->x);
		free(pd);
	}
}

/* under inst_lock: @in will never serve them; answer its held opens */
static void fail_pending(struct instance *in, uint32_t res)
{
	struct pending *pd;

	while ((pd = in->pending)) {
		in->pending = pd->next;
		answer(&pd->x, res);
		send_held(&pd->x);
		free(pd);
	}
}

/* the client cancelled (or left) while the emulator held its open */
static bool open_cancelled(const struct tksim_xfer *x)
{
	return (x->msg.flags & TKSIM_MSG_F_CANCELLED) ||
	       (os_cancel && x->slot < TKSIM_MAX_SLOTS && os_cancel[x->slot]);
}

/* cancel flags of the OS channel's calls (without it: only F_CANCELLED) */
static void map_status(void)
{
	void *st = mmap(NULL, page_size, PROT_READ, MAP_SHARED, os_fd,
			TKSIM_MMAP_STATUS);

	if (st != MAP_FAILED)
		os_cancel = ((struct tksim_status *)st)->cancel;
}

/*
 * tee_dlopen() of a TA asks for a library with a TA-to-TA open carrying
 * TEEKIT_DLOPEN_MAGIC; only the driver sets login TRUSTED_APP, and with it
 * the asking TA's UUID.
 */
static bool is_dlopen(const struct tksim_xfer *x)
{
	return x->msg.clnt_login == TKSIM_LOGIN_TRUSTED_APP &&
	       x->msg.num_params >= 1 &&
	       x->msg.params[0].attr == TKSIM_PARAM_VALUE_INPUT &&
	       x->msg.params[0].a == TEEKIT_DLOPEN_MAGIC;
}

/*
 * Fetch and verify library @lib_s exactly as a TA, publish it and what it
 * needs in the asking TA's library directory, answer TEEKIT_DLOPEN_READY
 * (or the refusal; the reason goes to the log, where the TA's lines are).
 */
static void handle_dlopen(struct tksim_xfer *x, const char *lib_s)
{
	struct fetch_ctx fctx = { .call_id = x->call_id };
	char owner_s[37], why[1024], reason[1024];
	size_t len = 0, off, elen;
	uint8_t *img = NULL;
	uint32_t res;

	ta_uuid_format(x->msg.clnt_uuid, owner_s);
	reason[0] = 0;
	res = fetch_lib(&fctx, x->msg.uuid, lib_s, &img, &len, reason,
			sizeof(reason));
	if (res == TEE_SUCCESS)
		res = ta_img_verify(trusted, x->msg.uuid, img, len, &off, &elen,
				    reason, sizeof(reason));
	if (res == TEE_SUCCESS) {
		res = shlib_publish_dlopen(trusted, opt.cache_dir, owner_s,
					   lib_s, img + off, elen,
					   ta_img_flags(img), fetch_lib, &fctx,
					   why, sizeof(why));
	} else {
		snprintf(why, sizeof(why), "shared TA library %s refused: %s",
			 lib_s, reason);
	}
	free(img);
	if (res == TEE_SUCCESS) {
		dbg("TA %s: dlopen(\"%s\"): library ready", owner_s, lib_s);
		answer(x, TEEKIT_DLOPEN_READY);
		return;
	}
	logmsg("TA %s: dlopen(\"%s\") refused (0x%08x): %s", owner_s, lib_s,
	       res, why);
	answer(x, res);
}

static void handle_open(struct tksim_xfer *x)
{
	uint8_t *uuid = x->msg.uuid, *img = NULL;
	const struct teekit_ta_head *head;
	struct instance *in;
	size_t len = 0, off, elen;
	char uuid_s[37], why[1024], path[4096];
	uint32_t res, flags = 0;
	struct fetch_ctx fctx;
	struct ta_img_dyn dyn;

	ta_uuid_format(uuid, uuid_s);
	if (is_dlopen(x)) {
		handle_dlopen(x, uuid_s);
		return;
	}
	if (devenum_is_pta(uuid)) {
		/* a session of the OS itself, for the kernel only (as OP-TEE) */
		answer(x, x->msg.clnt_login == TEE_LOGIN_REE_KERNEL ?
		       TEE_SUCCESS : TEE_ERROR_ACCESS_DENIED);
		return;
	}
	pthread_mutex_lock(&inst_lock);
	in = find_shared(uuid);
	if (in && !in->ready) {
		/* a single-instance TA still starting: wait for it there */
		res = hold(in, x) ? TEE_ERROR_OUT_OF_MEMORY : TEE_SUCCESS;
		pthread_mutex_unlock(&inst_lock);
		dbg("TA %s: session %u waits for instance %u to start", uuid_s,
		    x->msg.session, in->id);
		if (res)
			answer(x, res);
		else
			defer(x);
		return;
	}
	if (in) {
		dbg("TA %s: session %u goes to instance %u", uuid_s,
		    x->msg.session, in->id);
		forward(x, in);
		pthread_mutex_unlock(&inst_lock);
		return;
	}
	/* a new instance: the uid of the asking client pays for it */
	if (!within_limits(x->msg.func, why, sizeof(why))) {
		pthread_mutex_unlock(&inst_lock);
		logmsg("TA %s: open of session %u refused (TEE_ERROR_BUSY): %s",
		       uuid_s, x->msg.session, why);
		refusal_note(uuid_s, TEE_ERROR_BUSY, why);
		answer(x, TEE_ERROR_BUSY);
		return;
	}
	pthread_mutex_unlock(&inst_lock);

	why[0] = 0;
	if (opt.ta_dir)
		res = load_from_dir(uuid_s, &img, &len, why, sizeof(why));
	else
		res = load_via_supplicant(x->call_id, uuid, uuid_s, &img, &len,
					  why, sizeof(why));
	if (res != TEE_SUCCESS) {
		logmsg("%s", why);
		refusal_note(uuid_s, res, why);
		goto out;
	}
	res = ta_img_verify(trusted, uuid, img, len, &off, &elen, why,
			    sizeof(why));
	if (res != TEE_SUCCESS) {
		logmsg("TA %s refused (0x%08x): %s", uuid_s, res, why);
		refusal_note(uuid_s, res, why);
		goto out;
	}
	if (ta_img_flags(img) & TA_IMG_F_SHLIB) {
		snprintf(why, sizeof(why),
			 "%s is a shared TA library, not a TA: a TA loads it (libnames, or dlopen(\"%s\", ...)); no session opens on it",
			 uuid_s, uuid_s);
		res = TEE_ERROR_BAD_FORMAT;
		logmsg("TA %s refused (0x%08x): %s", uuid_s, res, why);
		refusal_note(uuid_s, res, why);
		goto out;
	}
	/* the libraries it links against, ready before it starts */
	fctx.call_id = x->call_id;
	res = shlib_resolve(trusted, opt.cache_dir, uuid_s, img + off, elen,
			    fetch_lib, &fctx, why, sizeof(why));
	if (res != TEE_SUCCESS) {
		logmsg("TA %s refused (0x%08x): %s", uuid_s, res, why);
		refusal_note(uuid_s, res, why);
		goto out;
	}
	if (ta_img_dynamic(img + off, elen, &dyn))
		dyn.imports_dlopen = 0;
	/* no instance for an open nobody waits for any more */
	if (open_cancelled(x)) {
		logmsg("TA %s: open of session %u cancelled while loading",
		       uuid_s, x->msg.session);
		res = TEE_ERROR_CANCEL;
		goto out;
	}
	if (tos_publish(opt.cache_dir, uuid_s, img + off, elen, path,
			sizeof(path))) {
		logmsg("TA %s: cannot write %s: %s", uuid_s, opt.cache_dir,
		       strerror(errno));
		res = TEE_ERROR_OUT_OF_MEMORY;
		goto out;
	}
	/* its flags now: a second open of a starting single instance waits */
	head = ta_img_ta_head(img + off, elen);
	if (head)
		memcpy(&flags, (const uint8_t *)head +
		       offsetof(struct teekit_ta_head, flags), sizeof(flags));
	res = start_instance(uuid, uuid_s, path, dyn.imports_dlopen,
			     x->msg.func, flags, x, why, sizeof(why));
	if (res != TEE_SUCCESS) {
		logmsg("TA %s: cannot start an instance (0x%08x): %s", uuid_s,
		       res, why);
		refusal_note(uuid_s, res, why);
		goto out;
	}
	/* held by the instance; the monitor forwards it once it is ready */
	defer(x);
	free(img);
	return;
out:
	free(img);
	answer(x, res);
}

static void handle_notice(struct tksim_xfer *x)
{
	struct instance *in;

	if (x->msg.cmd != TKSIM_NOTE_INSTANCE_DEAD)
		return;
	pthread_mutex_lock(&inst_lock);
	for (in = instances; in; in = in->next) {
		if (in->id == x->msg.instance) {
			in->dead = true;
			end_by(in, END_TIMEOUT_MS, "its channel is dead");
		}
	}
	pthread_mutex_unlock(&inst_lock);
	dbg("instance %u is dead", x->msg.instance);
}

/* INVOKE and CLOSE of a device-enumeration session (decision 1901) */
static void handle_os_session(struct tksim_xfer *x)
{
	const char *dir = opt.bus_dir ? opt.bus_dir :
			  opt.ta_dir ? opt.ta_dir : "/lib/optee_armtz";
	char why[256];
	uint32_t res;

	if (x->msg.cmd != TKSIM_CMD_INVOKE) {
		answer(x, TEE_SUCCESS);
		return;
	}
	res = devenum_invoke(x, os_fd, dir, trusted, why, sizeof(why));
	if (why[0])
		logmsg("%s", why);
	dbg("device enumeration (command %u) in %s: 0x%08x, %u bytes",
	    x->msg.func, dir, res, (unsigned int)x->msg.params[0].b);
	/* answer() keeps the params: the memref's size goes back */
	answer(x, res);
}

static int serve(void)
{
	struct tksim_xfer x;

	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(os_fd, TKSIM_IOC_XFER, &x)) {
			if (errno == EINTR)
				continue;
			if (errno == ENODEV) {
				logmsg("the sim driver went away; exiting");
				return 1;
			}
			/* a refused answer or forward: the driver failed it */
			logmsg("XFER (op %u, call %llu): %s", x.op,
			       (unsigned long long)x.call_id, strerror(errno));
			memset(&x, 0, sizeof(x));
			continue;
		}
		switch (x.kind) {
		case TKSIM_KIND_CALL:
			if (x.msg.cmd == TKSIM_CMD_OPEN_SESSION) {
				handle_open(&x);
			} else {
				/* sessions of the OS itself: devenum only */
				handle_os_session(&x);
			}
			break;
		case TKSIM_KIND_NOTICE:
			handle_notice(&x);
			/* fall through */
		default:
			memset(&x, 0, sizeof(x));
		}
	}
}

/* ------------------------------------------------------- monitor */

/*
 * The monitor never waits for a TA (decision 1204): it polls each
 * instance's status pipe and pidfd, reaps with WNOHANG once the pidfd
 * says the process exited, and kills an instance that is past its
 * deadline (asked to end, panicked, or closed its status pipe).
 */

/* under inst_lock: reaps @in if it exited; true if it did */
static bool reap(struct instance *in)
{
	int st;
	pid_t r = waitpid(in->pid, &st, WNOHANG);

	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	if (r < 0)
		logmsg("TA %s: instance %u (pid %d): waitpid: %s", in->uuid_s,
		       in->id, in->pid, strerror(errno));
	else if (WIFSIGNALED(st))
		logmsg("TA %s: instance %u (pid %d) killed by signal %d%s%s%s",
		       in->uuid_s, in->id, in->pid, WTERMSIG(st),
		       WTERMSIG(st) == SIGSYS ?
		       " (seccomp: the TA made a forbidden system call)" : "",
		       WCOREDUMP(st) ? ", core dumped; see " : "",
		       WCOREDUMP(st) ? opt.core_dir : "");
	else if (WEXITSTATUS(st))
		logmsg("TA %s: instance %u (pid %d) exited with status %d",
		       in->uuid_s, in->id, in->pid, WEXITSTATUS(st));
	else
		dbg("TA %s: instance %u (pid %d) ended", in->uuid_s, in->id,
		    in->pid);
	return true;
}

/* under inst_lock: kill now, with the reason in the log */
static void instance_kill(struct instance *in, const char *why)
{
	if (in->killed)
		return;
	logmsg("TA %s: instance %u (pid %d) %s: killed", in->uuid_s, in->id,
	       in->pid, why);
	if (!in->ready)
		refusal_note(in->uuid_s, TEE_ERROR_GENERIC, why);
	fail_pending(in, TEE_ERROR_GENERIC);
	in->killed = true;
	in->deadline = 0;
	kill(in->pid, SIGKILL);
	instance_del(in, why);
	in->deadline = 0;
}

/* under inst_lock: the first line of a starting instance */
static void start_line(struct instance *in, const char *line)
{
	char *end, why[128];
	uint32_t res;

	if (!strncmp(line, "ready ", 6)) {
		const char *d = strstr(line, " data=");

		in->ready = true;
		in->deadline = 0;
		if (d)
			in->heap_limit = strtoull(d + 6, NULL, 10);
		logmsg("TA %s: instance %u started, pid %d, uid %u, flags 0x%x, for uid %d",
		       in->uuid_s, in->id, in->pid, opt.uid_first + in->uid_slot,
		       in->flags, in->owner == TKSIM_UID_KERNEL ? -1 : (int)in->owner);
		flush_pending(in);
		return;
	}
	if (!strncmp(line, "panic ", 6)) {
		logmsg("TA %s: instance %u panicked while starting, code %.16s",
		       in->uuid_s, in->id, line + 6);
		snprintf(why, sizeof(why),
			 "the TA panicked while starting (TA_CreateEntryPoint or a constructor), code %.16s",
			 line + 6);
		refusal_note(in->uuid_s, TEE_ERROR_TARGET_DEAD, why);
		fail_pending(in, TEE_ERROR_TARGET_DEAD);
		instance_del(in, "panicked");
		return;
	}
	if (strncmp(line, "error ", 6)) {
		logmsg("TA %s: instance %u said '%.64s' instead of ready",
		       in->uuid_s, in->id, line);
		instance_kill(in, "broke the status protocol");
		return;
	}
	res = strtoul(line + 6, &end, 16);
	refusal_note(in->uuid_s, res ? res : TEE_ERROR_GENERIC,
		     *end ? end + 1 : end);
	logmsg("TA %s: cannot start an instance (0x%08x): instance %u (pid %d): %.400s",
	       in->uuid_s, res ? res : TEE_ERROR_GENERIC, in->id, in->pid,
	       *end ? end + 1 : end);
	fail_pending(in, res ? res : TEE_ERROR_GENERIC);
	instance_del(in, "failed to start");
}

static void crash_frame(void *arg, const char *frame)
{
	struct instance *in = arg;

	logmsg("TA %s: instance %u crash: %s", in->uuid_s, in->id, frame);
}

/*
 * under inst_lock: "crash SIG BASE PC RA..." from a dying instance: its
 * stack, symbolized against the TA's ELF (decision 1705). Once only: a
 * second line is an instance using the emulator's time, not a crash.
 */
static void crash_line(struct instance *in, const char *line)
{
	char elf[PATH_MAX], *end;
	unsigned long sig;

	sig = strtoul(line, &end, 16);
	if (in->crashed || end == line || *end != ' ') {
		instance_kill(in, "wrote a second or malformed crash line");
		return;
	}
	in->crashed = true;
	logmsg("TA %s: instance %u (pid %d) crashed with signal %lu (%s); backtrace:",
	       in->uuid_s, in->id, in->pid, sig, strsignal((int)sig));
	snprintf(elf, sizeof(elf), "%s/%s.so", opt.cache_dir, in->uuid_s);
	if (symbolize_frames(elf, end, crash_frame, in) < 0)
		logmsg("TA %s: instance %u crash: the backtrace line was malformed",
		       in->uuid_s, in->id);
}

/* under inst_lock: one line from an instance */
static void status_line(struct instance *in, const char *line)
{
	if (!strncmp(line, "crash ", 6)) {
		crash_line(in, line + 6);
	} else if (!in->ready) {
		start_line(in, line);
	} else if (!strncmp(line, "idle ", 5)) {
		/* idle, and no session forwarded since: end it */
		if (strtoull(line + 5, NULL, 10) == in->forwarded)
			instance_del(in, "no sessions");
	} else if (!strncmp(line, "heap ", 5)) {
		/* self-reported: the heap is inside the instance */
		if (sscanf(line + 5, "%llu %llu", &in->heap_used,
			   &in->heap_peak) != 2)
			instance_kill(in, "wrote a bad heap line");
	} else if (!strncmp(line, "panic ", 6)) {
		logmsg("TA %s: instance %u panicked, code %.16s", in->uuid_s,
		       in->id, line + 6);
		in->dead = true;
		end_by(in, END_TIMEOUT_MS, "did not exit after its panic");
	} else {
		logmsg("TA %s: instance %u wrote '%.64s' to its status pipe",
		       in->uuid_s, in->id, line);
		instance_kill(in, "broke the status protocol");
	}
}

/* under inst_lock: reads what the status pipe has */
static void status_read(struct instance *in)
{
	ssize_t r;

	r = read(in->status_fd, in->line + in->line_len,
		 sizeof(in->line) - 1 - in->line_len);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		/* it exited, or the TA closed the pipe and lives on */
		close(in->status_fd);
		in->status_fd = -1;
		if (in->pending) {
			logmsg("TA %s: instance %u (pid %d) ended before it was ready (its exit is logged next)",
			       in->uuid_s, in->id, in->pid);
			refusal_note(in->uuid_s, TEE_ERROR_GENERIC,
				     "the instance ended before it was ready (crashed in a constructor or in TA_CreateEntryPoint?); the emulator log (teectl log) has its exit status, a core file may be in the core directory");
		}
		fail_pending(in, TEE_ERROR_GENERIC);
		instance_del(in, "status pipe closed");
		end_by(in, CLOSED_TIMEOUT_MS, "closed its status pipe but did not exit");
		return;
	}
	in->line_len += r;
	in->line[in->line_len] = 0;
	for (;;) {
		char *nl = strchr(in->line, '\n');

		if (!nl)
			break;
		*nl = 0;
		status_line(in, in->line);
		in->line_len -= nl + 1 - in->line;
		memmove(in->line, nl + 1, in->line_len + 1);
	}
	if (in->line_len == sizeof(in->line) - 1) {
		in->line_len = 0;
		instance_kill(in, "wrote an overlong status line");
	}
}

static void instance_free(struct instance *in)
{
	fail_pending(in, TEE_ERROR_GENERIC);
	if (in->status_fd >= 0)
		close(in->status_fd);
	if (in->pidfd >= 0)
		close(in->pidfd);
	uid_used[in->uid_slot] = 0;
	free(in);
}

static void *monitor(void *arg)
{
	struct pollfd *p = NULL;
	struct instance **who = NULL;
	unsigned int cap = 0;

	(void)arg;
	for (;;) {
		struct instance *in, **pp;
		long long now, next = -1;
		unsigned int n = 1, i, want;
		char buf[256];
		int timeout;

		pthread_mutex_lock(&inst_lock);
		want = 1 + 2 * count_instances(true, 0);
		if (want > cap) {
			struct pollfd *np = realloc(p, want * sizeof(*p));
			struct instance **nw = np ? realloc(who, want * sizeof(*who)) : NULL;

			if (np)
				p = np;
			if (nw)
				who = nw;
			if (np && nw)
				cap = want;
		}
		if (!cap) {
			/* no memory for even the wake pipe's entry: retry */
			pthread_mutex_unlock(&inst_lock);
			usleep(100000);
			continue;
		}
		p[0].fd = wake_pipe[0];
		p[0].events = POLLIN;
		/* instances are freed only here, so who[] stays valid */
		for (in = instances; in && n + 2 <= cap; in = in->next) {
			if (in->status_fd >= 0) {
				p[n].fd = in->status_fd;
				p[n].events = POLLIN;
				who[n++] = in;
			}
			p[n].fd = in->pidfd;	/* -1: no pidfd, poll ignores it */
			p[n].events = POLLIN;
			who[n++] = in;
			if (in->deadline && (next < 0 || in->deadline < next))
				next = in->deadline;
			if (in->pidfd < 0 && (next < 0 || now_ms() + 200 < next))
				next = now_ms() + 200;
		}
		pthread_mutex_unlock(&inst_lock);
		now = now_ms();
		timeout = next < 0 ? -1 : next <= now ? 0 : (int)(next - now);
		if (poll(p, n, timeout) < 0 && errno != EINTR)
			continue;
		if ((p[0].revents & POLLIN) &&
		    read(wake_pipe[0], buf, sizeof(buf)) < 0)
			buf[0] = 0;
		pthread_mutex_lock(&inst_lock);
		forward_level();
		for (i = 1; i < n; i++) {
			in = who[i];
			if (!p[i].revents)
				continue;
			if (p[i].fd == in->status_fd ||
			    (p[i].fd == in->pidfd && in->status_fd >= 0))
				status_read(in);
		}
		/* exits, deadlines; the list may shrink here only */
		now = now_ms();
		pp = &instances;
		while (*pp) {
			in = *pp;
			if (in->deadline && now >= in->deadline)
				instance_kill(in, in->deadline_why);
			if ((in->status_fd < 0 || in->killed) && reap(in)) {
				*pp = in->next;
				instance_del(in, "exited");
				instance_free(in);
				continue;
			}
			pp = &in->next;
		}
		pthread_mutex_unlock(&inst_lock);
	}
	return NULL;
}

/* -------------------------------------------------- status socket */

/*
 * A unix stream socket (default /run/teekit/tos.sock, 0660 root:teeclnt)
 * with a line protocol, one request per connection
 * (docs/decisions/0901-tos-status-socket.md):
 *   version          -> "teekit-tos MAJOR.MINOR"
 *   status           -> "key value" lines, one "instance ..." line each
 *   log-level [N]    -> "ok N" (setting needs uid 0), or "error: why"
 *   limits [per-user N] [total N]
 *                    -> "ok per-user N total N running N" (setting needs
 *                       uid 0; decision 1203), or "error: why"
 *   why UUID         -> "refused 0xRESULT AGE_S reason" (the last failed
 *                       open of that TA, decision 1701) or "none"
 * The server closes the connection after the answer.
 */
static int status_fd = -1;

static void status_reply(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void status_reply(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (send(fd, buf, n, MSG_NOSIGNAL) < 0)
		return;
}

/* "limits [per-user N] [total N]": show or set the instance limits */
static void limits_request(int fd, char *arg, uid_t uid)
{
	long user = -1, total = -1, v;
	char *key, *val, *save = NULL;
	unsigned int running;

	for (key = arg ? strtok_r(arg, " ", &save) : NULL; key;
	     key = strtok_r(NULL, " ", &save)) {
		val = strtok_r(NULL, " ", &save);
		v = val ? parse_limit(val) : -1;
		if (v < 0 || (strcmp(key, "per-user") && strcmp(key, "total"))) {
			status_reply(fd, "error: limits [per-user N] [total N], N 0-65536\n");
			return;
		}
		if (!strcmp(key, "per-user"))
			user = v;
		else
			total = v;
	}
	if ((user >= 0 || total >= 0) && uid != 0) {
		status_reply(fd, "error: setting the instance limits needs root\n");
		return;
	}
	if (total > (long)opt.uid_count) {
		status_reply(fd, "error: total %ld is more than the %u uids of --ta-uids; restart teekit-tos with a wider range\n",
			     total, opt.uid_count);
		return;
	}
	pthread_mutex_lock(&inst_lock);
	if (user >= 0)
		__atomic_store_n(&opt.max_per_user, user, __ATOMIC_RELAXED);
	if (total >= 0)
		__atomic_store_n(&opt.max_total, total, __ATOMIC_RELAXED);
	if (user >= 0 || total >= 0)
		logmsg("instance limits set: %u per user, %u in total",
		       opt.max_per_user, opt.max_total);
	running = count_instances(true, 0);
	status_reply(fd, "ok per-user %u total %u running %u\n",
		     opt.max_per_user, opt.max_total, running);
	pthread_mutex_unlock(&inst_lock);
}

/* "why UUID": the last reason an open of that TA failed */
static void why_request(int fd, const char *arg)
{
	char why[400], canon[37];
	uint8_t uuid[16];
	uint32_t res;
	long age;

	if (!arg || ta_uuid_parse(arg, uuid)) {
		status_reply(fd, "error: why UUID\n");
		return;
	}
	ta_uuid_format(uuid, canon);
	if (refusal_get(canon, &res, why, sizeof(why), &age))
		status_reply(fd, "none\n");
	else
		status_reply(fd, "refused 0x%08x %ld %s\n", res, age, why);
}

static void status_serve(int fd)
{
	struct timeval tv = { .tv_sec = 1 };
	struct ucred cred = { .uid = (uid_t)-1 };
	socklen_t cl = sizeof(cred);
	struct instance *in;
	char req[128], *arg;
	ssize_t n;
	int lvl;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl);
	n = recv(fd, req, sizeof(req) - 1, 0);
	if (n <= 0)
		return;
	req[n] = 0;
	req[strcspn(req, "\r\n")] = 0;
	arg = strchr(req, ' ');
	if (arg)
		*arg++ = 0;
	lvl = __atomic_load_n(&opt.ta_log_level, __ATOMIC_RELAXED);

	if (!strcmp(req, "version")) {
		status_reply(fd, "teekit-tos %d.%d\n", TOS_MAJOR, TOS_MINOR);
	} else if (!strcmp(req, "status")) {
		status_reply(fd, "version %d.%d\npid %d\ndevice %s\nlog %s\n",
			     TOS_MAJOR, TOS_MINOR, getpid(), opt.device,
			     opt.log_file ? opt.log_file : "stderr");
		status_reply(fd, "ta_log_level %d\nta_dir %s\ntrusted_key %s\nta_user %s\n",
			     lvl, opt.ta_dir ? opt.ta_dir : "supplicant",
			     opt.trusted_key, opt.ta_user);
		pthread_mutex_lock(&inst_lock);
		status_reply(fd, "max_instances %u\nmax_instances_per_user %u\nta_uids %u:%u\n",
			     opt.max_total, opt.max_per_user, opt.uid_first,
			     opt.uid_count);
		for (in = instances; in; in = in->next)
			status_reply(fd, "instance %u %d %s 0x%x %llu %s uid=%u owner=%d heap=%llu heap_peak=%llu heap_limit=%llu\n",
				     in->id, in->pid, in->uuid_s, in->flags,
				     in->forwarded, in->dead ? "ending" : "alive",
				     opt.uid_first + in->uid_slot,
				     in->owner == TKSIM_UID_KERNEL ? -1 : (int)in->owner,
				     in->heap_used, in->heap_peak, in->heap_limit);
		pthread_mutex_unlock(&inst_lock);
	} else if (!strcmp(req, "log-level")) {
		if (!arg) {
			status_reply(fd, "ok %d\n", lvl);
		} else if (cred.uid != 0) {
			status_reply(fd, "error: setting the TA log level needs root\n");
		} else if (atoi(arg) < TRACE_ERROR || atoi(arg) > TRACE_FLOW) {
			status_reply(fd, "error: level %s is not 1-4\n", arg);
		} else {
			/* as SIGRTMIN + N: new and live instances */
			__atomic_store_n(&opt.ta_log_level, atoi(arg),
					 __ATOMIC_RELAXED);
			level_request = atoi(arg);
			wake_monitor();
			status_reply(fd, "ok %d\n", atoi(arg));
		}
	} else if (!strcmp(req, "limits")) {
		limits_request(fd, arg, cred.uid);
	} else if (!strcmp(req, "why")) {
		why_request(fd, arg);
	} else {
		status_reply(fd, "error: unknown request '%s' (version, status, log-level [N], limits [per-user N] [total N], why UUID)\n",
			     req);
	}
}

static void *status_thread(void *arg)
{
	int fd;

	(void)arg;
	for (;;) {
		fd = accept4(status_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		status_serve(fd);
		close(fd);
	}
	return NULL;
}

/* Called once attached: a second emulator never gets here. */
static int status_open(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct group *gr = getgrnam("teeclnt");
	pthread_t t;

	if (!opt.status_socket[0])
		return 0;
	if (strlen(opt.status_socket) >= sizeof(a.sun_path))
		return -1;
	strcpy(a.sun_path, opt.status_socket);
	status_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (status_fd < 0)
		return -1;
	unlink(a.sun_path);
	if (bind(status_fd, (struct sockaddr *)&a, sizeof(a)) ||
	    chmod(a.sun_path, gr ? 0660 : 0600) ||
	    (gr && chown(a.sun_path, 0, gr->gr_gid)) ||
	    listen(status_fd, 8) ||
	    pthread_create(&t, NULL, status_thread, NULL)) {
		close(status_fd);
		status_fd = -1;
		return -1;
	}
	return 0;
}

/* -------------------------------------------------------- startup */

static bool is_dev_key(const char *path)
{
	char line[256];
	bool dev = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "DEVELOPMENT KEY"))
			dev = true;
	fclose(f);
	return dev || strstr(path, "DO-NOT-USE");
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: teekit-tos [OPTIONS]\n"
		"  -f, --foreground        stay in the foreground (log to stderr)\n"
		"  -d, --debug             log every session routing and instance end;\n"
		"                          TA trace level FLOW\n"
		"      --trusted-key PEM   public key TAs must be signed with\n"
		"                          (default /etc/teekit/ta-signing-key.pub.pem)\n"
		"      --ta-dir DIR        read TAs from DIR instead of asking the\n"
		"                          supplicant (development fallback)\n"
		"      --bus-dir DIR       announce the TAs of DIR whose header asks for\n"
		"                          it to kernel drivers (TEE bus; default the\n"
		"                          --ta-dir, else /lib/optee_armtz)\n"
		"      --core-dir DIR      working directory of TA instances, where\n"
		"                          cores land with a relative core_pattern\n"
		"                          (default /var/crash/teekit)\n"
		"      --core-size MIB     core file size limit of TA instances\n"
		"                          (RLIMIT_CORE, default 64; 0: no cores)\n"
		"      --ta-user NAME      group of TA instances: the group of NAME\n"
		"                          (default teekit-ta)\n"
		"      --ta-uids FIRST:COUNT  each instance runs as its own uid of\n"
		"                          this range, which no account may use\n"
		"                          (default 2130706432:65536)\n"
		"      --max-instances N   TA instances of all users (default 128)\n"
		"      --max-instances-per-user N  TA instances started for one\n"
		"                          client uid (default 32); both can be\n"
		"                          changed at run time: teectl limits\n"
		"      --ta-log-level N    TA trace level 1-4 (default 2, INFO)\n"
		"      --cache-dir DIR     verified TA ELFs (default /run/teekit/ta)\n"
		"      --tahost PATH       the instance program\n"
		"      --debug-ta UUID     development switch: new instances of UUID\n"
		"                          wait for a debugger before TA_CreateEntryPoint\n"
		"                          (no start deadline; docs/secure-world.md)\n"
		"                          (default /usr/sbin/teekit-tahost)\n"
		"      --log FILE          append the log (daemon and TAs) to FILE\n"
		"                          (default " DEFAULT_LOG " when daemonized)\n"
		"      --status-socket P   status socket for teectl (default\n"
		"                          " STATUS_SOCKET ", \"\" for none)\n"
		"  -V, --version           print the version and exit\n"
		"      --device PATH       default /dev/teekit_sim\n");
}

/*
 * Detach before attaching: the driver ties the OS channel to the process
 * that attached it (it dies when that process exits, decision 0202), so
 * daemon(3) after the attach killed the channel. The parent waits on a
 * pipe instead and exits 0 only once the child is attached and serving,
 * 1 if the child failed (the reason is in the log).
 */
static int ready_fd = -1;

static int daemonize(void)
{
	int p[2], fd;
	ssize_t n;
	pid_t pid;
	char c = 0;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		do
			n = read(p[0], &c, 1);
		while (n < 0 && errno == EINTR);
		_exit(n == 1 && c == 'R' ? 0 : 1);
	}
	close(p[0]);
	ready_fd = p[1];
	if (setsid() < 0 || chdir("/"))
		return -1;
	/*
	 * Let go of the caller's terminal or pipe: out=$(teekit-tos) must
	 * return once the parent exits. stderr is the log file when there
	 * is one.
	 */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	dup2(fd, 0);
	dup2(fd, 1);
	if (!opt.log_file)
		dup2(fd, 2);
	if (fd > 2)
		close(fd);
	return 0;
}

/*
 * --ta-uids: each instance runs as its own uid of the range (decision
 * 1202), so the range must be nobody else's: no account in it, not 0.
 */
static int uid_range_check(void)
{
	struct passwd *pw;
	uint64_t last = (uint64_t)opt.uid_first + opt.uid_count - 1;

	if (!opt.uid_first || !opt.uid_count || last >= 0xffffffffu) {
		logmsg("--ta-uids %u:%u: the range must be non-empty, must not hold uid 0 and must end below 4294967295",
		       opt.uid_first, opt.uid_count);
		return -1;
	}
	setpwent();
	while ((pw = getpwent())) {
		if (pw->pw_uid >= opt.uid_first && pw->pw_uid <= last) {
			logmsg("--ta-uids %u:%u holds uid %u of user '%s': TA instances must not share a uid with anyone; choose an unused range",
			       opt.uid_first, opt.uid_count, pw->pw_uid,
			       pw->pw_name);
			endpwent();
			return -1;
		}
	}
	endpwent();
	return 0;
}

static int mkdirs(const char *dir, mode_t mode, uid_t uid, gid_t gid)
{
	char p[4096];
	char *s;

	snprintf(p, sizeof(p), "%s", dir);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	if (mkdir(p, mode) && errno != EEXIST)
		return -1;
	if (chown(p, uid, gid) || chmod(p, mode))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "trusted-key", required_argument, NULL, 'k' },
		{ "ta-dir", required_argument, NULL, 't' },
		{ "bus-dir", required_argument, NULL, 'B' },
		{ "core-dir", required_argument, NULL, 'c' },
		{ "core-size", required_argument, NULL, 'Z' },
		{ "ta-user", required_argument, NULL, 'u' },
		{ "ta-log-level", required_argument, NULL, 'l' },
		{ "cache-dir", required_argument, NULL, 'C' },
		{ "tahost", required_argument, NULL, 'H' },
		{ "debug-ta", required_argument, NULL, 'g' },
		{ "log", required_argument, NULL, 'L' },
		{ "device", required_argument, NULL, 'D' },
		{ "status-socket", required_argument, NULL, 'S' },
		{ "ta-uids", required_argument, NULL, 'U' },
		{ "max-instances", required_argument, NULL, 'M' },
		{ "max-instances-per-user", required_argument, NULL, 'P' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct tksim_version ver;
	struct tksim_attach at;
	struct passwd *pw;
	pthread_t mon;
	int c, fd;

	while ((c = getopt_long(argc, argv, "fdhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			opt.foreground = true;
			break;
		case 'd':
			opt.debug = true;
			opt.ta_log_level = TRACE_FLOW;
			break;
		case 'k':
			opt.trusted_key = optarg;
			break;
		case 't':
			opt.ta_dir = optarg;
			break;
		case 'B':
			opt.bus_dir = optarg;
			break;
		case 'c':
			opt.core_dir = optarg;
			break;
		case 'Z':
			opt.core_size = optarg;
			break;
		case 'u':
			opt.ta_user = optarg;
			break;
		case 'l':
			opt.ta_log_level = atoi(optarg);
			break;
		case 'C':
			opt.cache_dir = optarg;
			break;
		case 'H':
			opt.tahost = optarg;
			break;
		case 'g': {
			static char canon[37];
			uint8_t u[16];

			if (ta_uuid_parse(optarg, u)) {
				fprintf(stderr, "teekit-tos: --debug-ta %s is not a UUID\n",
					optarg);
				return 2;
			}
			ta_uuid_format(u, canon);
			opt.debug_ta = canon;
			break;
		}
		case 'L':
			opt.log_file = optarg;
			break;
		case 'D':
			opt.device = optarg;
			break;
		case 'S':
			opt.status_socket = optarg;
			break;
		case 'U': {
			unsigned long long f, n;
			char end;

			if (sscanf(optarg, "%llu:%llu%c", &f, &n, &end) != 2 ||
			    f > 0xffffffffull || n > 0xffffffffull) {
				fprintf(stderr, "teekit-tos: --ta-uids FIRST:COUNT, e.g. 2130706432:65536\n");
				return 2;
			}
			opt.uid_first = f;
			opt.uid_count = n;
			break;
		}
		case 'M':
		case 'P':
			if (parse_limit(optarg) < 0) {
				fprintf(stderr, "teekit-tos: --%s: a number 0-65536\n",
					c == 'M' ? "max-instances" : "max-instances-per-user");
				return 2;
			}
			if (c == 'M')
				opt.max_total = parse_limit(optarg);
			else
				opt.max_per_user = parse_limit(optarg);
			break;
		case 'V':
			printf("teekit-tos %d.%d (sim conduit ABI %u)\n", TOS_MAJOR,
			       TOS_MINOR, TKSIM_ABI_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!opt.foreground && !opt.log_file) {
		/* the default log; stderr stays if it cannot be opened */
		fd = open(DEFAULT_LOG, O_WRONLY | O_CREAT | O_APPEND, 0640);
		if (fd >= 0 && dup2(fd, 2) >= 0)
			opt.log_file = DEFAULT_LOG;
		if (fd >= 0)
			close(fd);
	} else if (opt.log_file) {
		fd = open(opt.log_file, O_WRONLY | O_CREAT | O_APPEND, 0640);
		if (fd < 0 || dup2(fd, 2) < 0) {
			fprintf(stderr, "teekit-tos: %s: %s\n", opt.log_file,
				strerror(errno));
			return 1;
		}
		close(fd);
	}
	page_size = sysconf(_SC_PAGESIZE);
	signal(SIGPIPE, SIG_IGN);

	trusted = ta_key_load_public(opt.trusted_key);
	if (!trusted) {
		logmsg("no usable public key in %s: give the TA signing key with --trusted-key",
		       opt.trusted_key);
		return 1;
	}
	if (is_dev_key(opt.trusted_key))
		logmsg("WARNING: the trusted TA key %s is a DEVELOPMENT KEY, DO NOT USE IN PRODUCTION: anyone can sign TAs with it",
		       opt.trusted_key);
	pw = getpwnam(opt.ta_user);
	if (!pw) {
		logmsg("no user '%s' for TA instances: create it (useradd --system %s) or pass --ta-user",
		       opt.ta_user, opt.ta_user);
		return 1;
	}
	ta_gid = pw->pw_gid;
	if (uid_range_check())
		return 1;
	uid_used = calloc(opt.uid_count, 1);
	if (!uid_used) {
		logmsg("cannot allocate the uid table");
		return 1;
	}
	if (mkdirs(opt.cache_dir, 0755, 0, 0) ||
	    mkdirs(opt.core_dir, 0770, 0, ta_gid)) {
		logmsg("cannot create %s or %s: %s", opt.cache_dir,
		       opt.core_dir, strerror(errno));
		return 1;
	}
	if (opt.ta_dir)
		logmsg("loading TAs from %s directly (--ta-dir: development fallback, no supplicant involved)",
		       opt.ta_dir);

	if (!opt.foreground && daemonize()) {
		logmsg("daemon: %s", strerror(errno));
		return 1;
	}
	os_fd = open(opt.device, O_RDWR | O_CLOEXEC);
	if (os_fd < 0) {
		logmsg("%s: %s (is teekit_sim loaded? are we root?)",
		       opt.device, strerror(errno));
		return 1;
	}
	if (ioctl(os_fd, TKSIM_IOC_VERSION, &ver)) {
		logmsg("%s: TKSIM_IOC_VERSION: %s (is it the teekit_sim driver?)",
		       opt.device, strerror(errno));
		return 1;
	}
	if (ver.abi_version != TKSIM_ABI_VERSION) {
		logmsg("%s: conduit ABI %u, this teekit-tos speaks %u (the caller's uid for the instance limits needs 4): install the teekit_sim module and teekit-tos from the same build",
		       opt.device, ver.abi_version, TKSIM_ABI_VERSION);
		return 1;
	}
	memset(&at, 0, sizeof(at));
	at.flags = TKSIM_OS_CAP_CANCEL | TKSIM_OS_CAP_DEVENUM;
	at.os_major = TOS_MAJOR;
	at.os_minor = TOS_MINOR;
	if (ioctl(os_fd, TKSIM_IOC_ATTACH_OS, &at)) {
		logmsg("cannot attach as the trusted OS: %s%s", strerror(errno),
		       errno == EBUSY ? " (another teekit-tos is running)" : "");
		return 1;
	}
	map_status();
	if (pipe2(wake_pipe, O_CLOEXEC) ||
	    pthread_create(&mon, NULL, monitor, NULL)) {
		logmsg("cannot start the monitor thread");
		return 1;
	}
	if (status_open())
		logmsg("WARNING: no status socket %s: %s", opt.status_socket,
		       strerror(errno));
	level_signals();
	logmsg("trusted OS %d.%d attached to %s; TA instances run as uids %u-%u, group %s (%u); at most %u instances, %u per user",
	       TOS_MAJOR, TOS_MINOR, opt.device, opt.uid_first,
	       opt.uid_first + opt.uid_count - 1, opt.ta_user, ta_gid,
	       opt.max_total, opt.max_per_user);
	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) != 1)
			logmsg("cannot tell the parent we are ready");
		close(ready_fd);
	}
	if (teekit_sd_notify("READY=1\nSTATUS=attached, serving"))
		logmsg("WARNING: cannot tell systemd we are ready ($NOTIFY_SOCKET)");
	unsetenv("NOTIFY_SOCKET");	/* TA instances must not speak for us */
	return serve();
}
