// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-tahost - the process that runs one TA instance.
 *
 * Started by teekit-tos (never by hand) with the instance's channel already
 * open on /dev/teekit_sim:
 *
 *   teekit-tahost --chan FD --instance ID --status FD --ta PATH --uuid UUID
 *                 --uid UID --gid GID [--core-dir DIR] [--log-level N]
 *                 [--shm-allowance BYTES] [--lib-dir DIR] [--dlopen]
 *
 * It attaches the channel, reads the TA's sizes from its file, drops
 * privileges, limits its resources, restricts the file system to the TA's
 * file, enters the loader stage of the seccomp sandbox, loads the TA (its
 * constructors run here, confined), enters the strict stage, runs
 * TA_CreateEntryPoint and then serves the channel: one TKSIM_IOC_XFER per request (answer + receive).
 * The status fd tells the emulator "ready", "error", "idle" and "panic"
 * (docs/secure-world.md).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/teekit_sim.h>

#include "teeta.h"

struct view {
	uint64_t cookie;
	uint8_t *addr;
	size_t len;
	bool writable;
};

static int chan = -1;
static int status_fd = -1;
static const volatile uint32_t *cancel_page;
static struct view *views;
static unsigned int nviews, views_cap;
static long page_size;
static uint64_t cur_call;
static uint32_t cur_slot;
static bool cur_precancelled;
static unsigned long long opens_seen;

static void status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void status(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (status_fd >= 0 && write(status_fd, buf, n) < 0)
		return;
}

bool teeta_range_is_shared(const void *p, size_t len, bool *writable)
{
	const uint8_t *b = p;
	unsigned int i;

	for (i = 0; i < nviews; i++) {
		if (b + len > views[i].addr &&
		    b < views[i].addr + views[i].len) {
			*writable = views[i].writable;
			return true;
		}
	}
	return false;
}

/* The mapping of a view; maps it on first use. NULL if it cannot be. */
static struct view *get_view(uint64_t cookie, uint32_t pages, bool writable)
{
	struct view *v;
	unsigned int i;
	void *addr;

	for (i = 0; i < nviews; i++)
		if (views[i].cookie == cookie)
			return &views[i];
	if (!pages)
		return NULL;
	if (nviews == views_cap) {
		unsigned int cap = views_cap ? 2 * views_cap : 64;

		v = realloc(views, cap * sizeof(*views));
		if (!v)
			return NULL;
		views = v;
		views_cap = cap;
	}
	addr = mmap(NULL, (size_t)pages * page_size,
		    PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, chan,
		    (off_t)cookie);
	if (addr == MAP_FAILED) {
		teeta_log("cannot map shared memory view %llu: %s",
			  (unsigned long long)cookie, strerror(errno));
		return NULL;
	}
	v = &views[nviews++];
	v->cookie = cookie;
	v->addr = addr;
	v->len = (size_t)pages * page_size;
	v->writable = writable;
	return v;
}

/*
 * The object of @cookie is gone: unmap its views, the read-write one and
 * the read-only one (the notice names the object by its RW cookie, while
 * input memrefs name the RO view; both may be mapped).
 */
static void drop_views(uint64_t cookie)
{
	unsigned int i = 0;

	cookie &= ~TKSIM_COOKIE_RO;
	while (i < nviews) {
		if ((views[i].cookie & ~TKSIM_COOKIE_RO) == cookie) {
			munmap(views[i].addr, views[i].len);
			views[i] = views[--nviews];
		} else {
			i++;
		}
	}
}

static bool host_cancel_pending(void *ctx)
{
	(void)ctx;
	return cur_precancelled ||
	       (cancel_page && cur_slot < TKSIM_MAX_SLOTS &&
		cancel_page[cur_slot]);
}

/* TEE_Wait: the driver's SUSPEND RPC, which a cancellation ends early. */
static bool host_wait(void *ctx, uint32_t ms)
{
	struct tksim_xfer r;

	(void)ctx;
	memset(&r, 0, sizeof(r));
	r.op = TKSIM_OP_RPC;
	r.call_id = cur_call;
	r.msg.cmd = TKSIM_RPC_SUSPEND;
	r.msg.num_params = 1;
	r.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	r.msg.params[0].a = ms;
	while (ioctl(chan, TKSIM_IOC_XFER, &r)) {
		if (errno != EINTR) {
			teeta_log("SUSPEND RPC failed: %s", strerror(errno));
			return false;
		}
	}
	return r.msg.ret == TEE_ERROR_CANCEL || host_cancel_pending(NULL);
}

/*
 * One RPC to the normal world on behalf of the call being served (the
 * driver serves GET_TIME, SUSPEND and SHM_ALLOC/FREE, the supplicant the
 * rest). Returns the RPC's TEE result; TEE_ERROR_BAD_STATE outside a call.
 */
uint32_t teeta_rpc(struct tksim_msg *m)
{
	struct tksim_xfer r;

	if (!cur_call)
		return TEE_ERROR_BAD_STATE;
	memset(&r, 0, sizeof(r));
	r.op = TKSIM_OP_RPC;
	r.call_id = cur_call;
	r.msg = *m;
	while (ioctl(chan, TKSIM_IOC_XFER, &r)) {
		if (errno != EINTR) {
			teeta_log("RPC %u failed: %s", m->cmd, strerror(errno));
			return TEE_ERROR_COMMUNICATION;
		}
	}
	if (r.kind != TKSIM_KIND_RPC_RESULT)
		return TEE_ERROR_COMMUNICATION;
	*m = r.msg;
	return r.msg.ret;
}

/* Supplicant shared memory for RPC buffers: SHM_ALLOC + mmap. */
void *teeta_rpc_shm_alloc(size_t size, uint64_t *cookie, size_t *maplen)
{
	struct tksim_msg m;
	uint32_t pages;
	void *p;

	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_SHM_ALLOC;
	m.num_params = 1;
	m.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
	m.params[0].b = size;
	if (teeta_rpc(&m))
		return NULL;
	*cookie = m.params[0].c;
	pages = m.params[0].map_pages;
	if (!pages)
		pages = (size + page_size - 1) / page_size;
	*maplen = (size_t)pages * page_size;
	p = mmap(NULL, *maplen, PROT_READ | PROT_WRITE, MAP_SHARED, chan,
		 (off_t)*cookie);
	if (p == MAP_FAILED) {
		teeta_rpc_shm_free(NULL, 0, *cookie);
		return NULL;
	}
	return p;
}

void teeta_rpc_shm_free(void *p, size_t maplen, uint64_t cookie)
{
	struct tksim_msg m;

	if (p)
		munmap(p, maplen);
	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_SHM_FREE;
	m.num_params = 1;
	m.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	m.params[0].b = cookie;
	teeta_rpc(&m);
}

static void host_panic(void *ctx, uint32_t code)
{
	(void)ctx;
	status("panic 0x%08x\n", code);
}

static void uuid_from_octets(TEE_UUID *u, const uint8_t o[16])
{
	u->timeLow = (uint32_t)o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
	u->timeMid = o[4] << 8 | o[5];
	u->timeHiAndVersion = o[6] << 8 | o[7];
	memcpy(u->clockSeqAndNode, o + 8, 8);
}

/*
 * "heap USED PEAK" on the status pipe when the TA's TEE_Malloc heap
 * changed, for teectl status (decision 1704).
 */
static void heap_report(void)
{
	static size_t last_used = SIZE_MAX, last_peak = SIZE_MAX;
	size_t used, peak, limit;

	teeta_heap_usage(&used, &peak, &limit);
	if (used == last_used && peak == last_peak)
		return;
	last_used = used;
	last_peak = peak;
	status("heap %zu %zu\n", used, peak);
}

/* Decode a call, run it in the TA, encode the answer in place. */
static void serve_call(struct tksim_xfer *x)
{
	struct tksim_msg *m = &x->msg;
	struct teeta_req req;
	unsigned int i;

	memset(&req, 0, sizeof(req));
	cur_call = x->call_id;
	cur_slot = x->slot;
	cur_precancelled = m->flags & TKSIM_MSG_F_CANCELLED;
	req.session = m->session;
	switch (m->cmd) {
	case TKSIM_CMD_OPEN_SESSION:
		req.op = TEETA_OP_OPEN;
		req.client.login = m->clnt_login;
		uuid_from_octets(&req.client.uuid, m->clnt_uuid);
		opens_seen++;
		break;
	case TKSIM_CMD_INVOKE:
		req.op = TEETA_OP_INVOKE;
		req.cmd = m->func;
		break;
	case TKSIM_CMD_CLOSE_SESSION:
		req.op = TEETA_OP_CLOSE;
		break;
	default:
		req.op = 0;
	}
	for (i = 0; i < m->num_params && i < TEE_NUM_PARAMS; i++) {
		struct tksim_param *p = &m->params[i];
		TEE_Param *tp = &req.params[i];
		struct view *v;

		req.ptypes |= (p->attr & 0xf) << (4 * i);
		switch (p->attr) {
		case TKSIM_PARAM_VALUE_INPUT:
		case TKSIM_PARAM_VALUE_OUTPUT:
		case TKSIM_PARAM_VALUE_INOUT:
			tp->value.a = p->a;
			tp->value.b = p->b;
			break;
		case TKSIM_PARAM_MEMREF_INPUT:
		case TKSIM_PARAM_MEMREF_OUTPUT:
		case TKSIM_PARAM_MEMREF_INOUT:
			tp->memref.size = p->b;
			if (p->c == TKSIM_COOKIE_NULL)
				break;
			v = get_view(p->c, p->map_pages,
				     p->attr != TKSIM_PARAM_MEMREF_INPUT);
			if (!v || p->a > v->len || p->b > v->len - p->a) {
				req.ret = TEE_ERROR_BAD_PARAMETERS;
				goto answer;
			}
			tp->memref.buffer = v->addr + p->a;
			break;
		}
	}
	teeta_dispatch(&req);
	heap_report();
	for (i = 0; i < m->num_params && i < TEE_NUM_PARAMS; i++) {
		struct tksim_param *p = &m->params[i];

		switch (p->attr) {
		case TKSIM_PARAM_VALUE_OUTPUT:
		case TKSIM_PARAM_VALUE_INOUT:
			p->a = req.params[i].value.a;
			p->b = req.params[i].value.b;
			break;
		case TKSIM_PARAM_MEMREF_OUTPUT:
		case TKSIM_PARAM_MEMREF_INOUT:
			p->b = req.params[i].memref.size;
			break;
		}
	}
answer:
	m->ret = req.ret;
	m->ret_origin = req.ret ? (req.origin ? req.origin : TEE_ORIGIN_TEE) :
				  TEE_ORIGIN_TRUSTED_APP;
	m->flags = 0;
	x->op = TKSIM_OP_RETURN;
	x->flags = 0;
	x->reserved = 0;
	cur_call = 0;
}

static bool keep_alive(void)
{
	const struct teekit_ta_head *h = teeta_head();

	return (h->flags & TA_FLAG_SINGLE_INSTANCE) &&
	       (h->flags & TA_FLAG_INSTANCE_KEEP_ALIVE);
}

static int serve(void)
{
	struct tksim_xfer x;
	bool idle_check;

	memset(&x, 0, sizeof(x));
	x.op = TKSIM_OP_NONE;
	for (;;) {
		idle_check = false;
		if (x.op == TKSIM_OP_RETURN && !teeta_session_count() &&
		    !keep_alive()) {
			/* answer first, then tell the emulator we are idle */
			x.flags = TKSIM_XFER_NO_RECV;
			idle_check = true;
		}
		if (ioctl(chan, TKSIM_IOC_XFER, &x)) {
			if (errno == EINTR)
				continue;
			if (errno == ENODEV)
				return 0;
			teeta_log("channel XFER failed: %s", strerror(errno));
			return 1;
		}
		if (idle_check) {
			status("idle %llu\n", opens_seen);
			memset(&x, 0, sizeof(x));
			continue;
		}
		switch (x.kind) {
		case TKSIM_KIND_CALL:
			serve_call(&x);
			break;
		case TKSIM_KIND_NOTICE:
			if (x.msg.cmd == TKSIM_NOTE_SHM_GONE)
				drop_views(x.msg.params[0].c);
			/* fall through */
		default:
			memset(&x, 0, sizeof(x));
		}
	}
}

/* SIGRTMIN + N (N = 1..4) sets the trace level to N (teekit-tos forwards it) */
static void on_level_signal(int sig)
{
	teeta_trace_set_level(sig - SIGRTMIN);
}

static void log_level_signals(void)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_level_signal;
	sa.sa_flags = SA_RESTART;
	for (i = TRACE_MIN; i <= TRACE_MAX; i++)
		sigaction(SIGRTMIN + i, &sa, NULL);
}

static void *must_sym(void *dl, const char *name)
{
	void *p = dlsym(dl, name);
	bool params = strstr(name, "OpenSession") ||
		      strstr(name, "InvokeCommand");

	if (!p) {
		/* the header and the entry points disagree on the layout */
		status("error 0x%08x the TA does not define %s%s\n",
		       TEE_ERROR_BAD_FORMAT, name, params ?
		       " (build every file of the TA with the same __OPTEE_CORE_API_COMPAT_1_1 setting)" :
		       "");
		exit(1);
	}
	return p;
}

/* magic, version and API flags this host understands */
static int check_head(const struct teekit_ta_head *head)
{
	if (head->magic != TEEKIT_TA_HEAD_MAGIC ||
	    head->version != TEEKIT_TA_HEAD_VERSION) {
		status("error 0x%08x teekit_ta_head: bad magic or version (rebuild the TA with this SDK)\n",
		       TEE_ERROR_BAD_FORMAT);
		return -1;
	}
	if (head->api_flags & ~TEEKIT_TA_HEAD_F_KNOWN) {
		status("error 0x%08x teekit_ta_head: unknown api_flags 0x%x (the TA was built with a newer SDK)\n",
		       TEE_ERROR_BAD_FORMAT, head->api_flags);
		return -1;
	}
	return 0;
}

/*
 * teekit-tos --debug-ta UUID: the instance waits here, sandboxed and with
 * the TA loaded, until a debugger clears the flag, e.g.
 *   gdb -p PID -ex 'break TA_CreateEntryPoint'
 *       -ex 'set var teekit_wait_debugger = 0' -ex continue
 * Only sleeps: no system call the strict sandbox forbids.
 */
volatile int teekit_wait_debugger;

static void wait_debugger(void)
{
	const struct timespec t = { .tv_nsec = 100 * 1000 * 1000 };

	while (teekit_wait_debugger)
		nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chan", required_argument, NULL, 'c' },
		{ "instance", required_argument, NULL, 'i' },
		{ "status", required_argument, NULL, 's' },
		{ "ta", required_argument, NULL, 't' },
		{ "uuid", required_argument, NULL, 'u' },
		{ "uid", required_argument, NULL, 'U' },
		{ "gid", required_argument, NULL, 'G' },
		{ "core-dir", required_argument, NULL, 'C' },
		{ "core-size", required_argument, NULL, 'z' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "shm-allowance", required_argument, NULL, 'm' },
		{ "wait-debugger", no_argument, NULL, 'w' },
		{ "lib-dir", required_argument, NULL, 'L' },
		{ "dlopen", no_argument, NULL, 'D' },
		{ "no-dlopen", no_argument, NULL, 'N' },
		{ }
	};
	struct teeta_sandbox sb = { .shm_allowance = 1ull << 30,
				    .core_size = RLIM_INFINITY };
	struct teeta_host_ops ops = {
		.cancel_pending = host_cancel_pending,
		.wait = host_wait,
		.panic = host_panic,
	};
	static struct teeta_filter loader_filter, strict_filter;
	const struct teekit_ta_head *head;
	struct teekit_ta_head probe;
	struct tksim_attach at;
	char why[1024];
	int ta_fd;
	struct teeta_entry ep;
	const char *path = NULL, *uuid_s = "?";
	unsigned int instance = 0;
	TEE_Result res;
	void *dl, *st;
	int c, err;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			chan = atoi(optarg);
			break;
		case 'i':
			instance = strtoul(optarg, NULL, 0);
			break;
		case 's':
			status_fd = atoi(optarg);
			break;
		case 't':
			path = optarg;
			break;
		case 'u':
			uuid_s = optarg;
			break;
		case 'U':
			sb.uid = strtoul(optarg, NULL, 0);
			break;
		case 'G':
			sb.gid = strtoul(optarg, NULL, 0);
			break;
		case 'C':
			sb.core_dir = optarg;
			break;
		case 'z':	/* MiB */
			sb.core_size = strtoull(optarg, NULL, 0) << 20;
			break;
		case 'l':
			teeta_trace_set_level(atoi(optarg));
			break;
		case 'm':
			sb.shm_allowance = strtoull(optarg, NULL, 0);
			break;
		case 'w':
			teekit_wait_debugger = 1;
			break;
		case 'L':
			sb.lib_dir = optarg;
			break;
		case 'D':
			sb.dlopen = true;
			break;
		case 'N':
			sb.dlopen = false;
			break;
		default:
			fprintf(stderr, "teekit-tahost is started by teekit-tos\n");
			return 2;
		}
	}
	if (chan < 0 || !path || !instance) {
		fprintf(stderr, "teekit-tahost is started by teekit-tos\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	page_size = sysconf(_SC_PAGESIZE);
	sb.chan_fd = chan;
	sb.status_fd = status_fd;

	memset(&at, 0, sizeof(at));
	at.instance = instance;
	if (ioctl(chan, TKSIM_IOC_ATTACH_INSTANCE, &at)) {
		status("error 0x%08x cannot attach instance %u: %s\n",
		       TEE_ERROR_COMMUNICATION, instance, strerror(errno));
		return 1;
	}
	st = mmap(NULL, page_size, PROT_READ, MAP_SHARED, chan,
		  TKSIM_MMAP_STATUS);
	if (st != MAP_FAILED)
		cancel_page = ((struct tksim_status *)st)->cancel;

	teeta_read_device_id();
	teeta_storage_key_init(uuid_s);	/* reads the HUK: before the drop */
	teeta_storage_conf_init();	/* the limits: before Landlock */
	/* TEE_CheckMemoryAccessRights reads /proc/self/maps: no open() later */
	if (teeta_mem_init())
		teeta_log("cannot open /proc/self/maps (%s): TEE_CheckMemoryAccessRights will deny everything",
			  strerror(errno));
	log_level_signals();

	/*
	 * Everything the TA's code could see is decided before it runs
	 * (decision 1201): its sizes come from the file, the sandbox goes on,
	 * and only then does ld.so map it and run its constructors.
	 */
	ta_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ta_fd < 0) {
		status("error 0x%08x cannot open the TA %s: %s\n",
		       TEE_ERROR_ITEM_NOT_FOUND, path, strerror(errno));
		return 1;
	}
	if (teeta_elf_probe(ta_fd, &probe, &sb.image_size, why, sizeof(why))) {
		status("error 0x%08x cannot load the TA: %s\n",
		       TEE_ERROR_BAD_FORMAT, why);
		return 1;
	}
	if (check_head(&probe))
		return 1;
	teeta_log_init(2, &probe.uuid);
	teeta_dl_init(sb.lib_dir, sb.dlopen);
	sb.image_size += teeta_dl_lib_bytes();
	sb.stack_size = probe.stack_size;
	sb.data_size = probe.data_size;
	err = teeta_seccomp_build(&sb, &loader_filter, &strict_filter);
	if (err) {
		status("error 0x%08x cannot build the seccomp filters: %s\n",
		       TEE_ERROR_SECURITY, strerror(-err));
		return 1;
	}
	if (teeta_crash_init(status_fd))
		teeta_log("no backtrace on a crash: cannot set the crash handler: %s (is libgcc_s.so.1 installed?)",
			  strerror(errno));
	err = teeta_drop_privileges(&sb);
	if (err) {
		status("error 0x%08x cannot drop privileges to %u:%u: %s\n",
		       TEE_ERROR_SECURITY, sb.uid, sb.gid, strerror(-err));
		return 1;
	}
	err = teeta_set_limits(&sb);
	if (err) {
		status("error 0x%08x cannot set the resource limits: %s\n",
		       TEE_ERROR_SECURITY, strerror(-err));
		return 1;
	}
	err = teeta_landlock(&sb, ta_fd);
	if (err) {
		status("error 0x%08x cannot restrict the file system with Landlock: %s (teekit needs a kernel with Landlock enabled: CONFIG_SECURITY_LANDLOCK and 'landlock' in lsm=)\n",
		       TEE_ERROR_SECURITY, strerror(-err));
		return 1;
	}
	err = teeta_seccomp_enter(&loader_filter);
	if (err) {
		status("error 0x%08x cannot enter the sandbox: %s\n",
		       TEE_ERROR_SECURITY, strerror(-err));
		return 1;
	}
	/*
	 * the shared TA libraries it links against, dependencies first
	 * (decision 1520), then the TA: their constructors run here, in the
	 * loader stage of the sandbox
	 */
	if (teeta_dl_preload(ta_fd, why, sizeof(why))) {
		status("error 0x%08x cannot load the TA's shared libraries: %s\n",
		       TEE_ERROR_BAD_FORMAT, why);
		return 1;
	}
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		status("error 0x%08x cannot load the TA: %s\n",
		       TEE_ERROR_BAD_FORMAT, dlerror());
		return 1;
	}
	close(ta_fd);
	teeta_crash_set_ta(dl);
	teeta_dl_set_ta(dl, path);
	head = must_sym(dl, "teekit_ta_head");
	if (check_head(head))
		return 1;
	if (memcmp(head, &probe, offsetof(struct teekit_ta_head, description))) {
		status("error 0x%08x teekit_ta_head changed while loading (a constructor wrote it?)\n",
		       TEE_ERROR_SECURITY);
		return 1;
	}
	memset(&ep, 0, sizeof(ep));
	ep.create = must_sym(dl, "TA_CreateEntryPoint");
	ep.destroy = must_sym(dl, "TA_DestroyEntryPoint");
	ep.close = must_sym(dl, "TA_CloseSessionEntryPoint");
	/* a GP 1.1 TA's entry points take the 1.1 TEE_Param (gp11.c) */
	if (head->api_flags & TEEKIT_TA_HEAD_F_GP11) {
		ep.open11 = must_sym(dl, "__GP11_TA_OpenSessionEntryPoint");
		ep.invoke11 = must_sym(dl, "__GP11_TA_InvokeCommandEntryPoint");
	} else {
		ep.open = must_sym(dl, "TA_OpenSessionEntryPoint");
		ep.invoke = must_sym(dl, "TA_InvokeCommandEntryPoint");
	}
	(void)uuid_s;
	if (teeta_mem_unsafe_exec(why, sizeof(why))) {
		status("error 0x%08x writable or anonymous executable memory after loading the TA (refused): %s\n",
		       TEE_ERROR_SECURITY, why);
		return 1;
	}
	err = teeta_seccomp_enter(&strict_filter);
	if (err) {
		status("error 0x%08x cannot enter the sandbox: %s\n",
		       TEE_ERROR_SECURITY, strerror(-err));
		return 1;
	}
	teeta_init(head, &ep, &ops);
	wait_debugger();
	res = teeta_create();
	if (res != TEE_SUCCESS) {
		status("error 0x%08x TA_CreateEntryPoint failed\n", res);
		return 1;
	}
	status("ready flags=0x%x stack=%llu data=%llu\n", head->flags,
	       (unsigned long long)head->stack_size,
	       (unsigned long long)head->data_size);
	heap_report();
	err = serve();
	if (!teeta_session_count())
		teeta_destroy();
	return err;
}
