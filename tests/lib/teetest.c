// SPDX-License-Identifier: GPL-2.0-only
/*
 * teetest.c - helpers for the TEE core tests; see teetest.h.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "teetest.h"

/* ------------------------------------------------------------- processes */

int tt_run(const char *const argv[])
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		/* keep TAP output clean: modprobe chatter goes to stderr */
		if (devnull >= 0)
			dup2(devnull, STDOUT_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int tt_modprobe(const char *module, const char *opts)
{
	const char *argv[16] = { "modprobe", module };
	char buf[256], *save, *tok;
	int n = 2;

	if (opts) {
		snprintf(buf, sizeof(buf), "%s", opts);
		for (tok = strtok_r(buf, " ", &save); tok && n < 15;
		     tok = strtok_r(NULL, " ", &save))
			argv[n++] = tok;
	}
	argv[n] = NULL;
	return tt_run(argv);
}

int tt_rmmod(const char *module)
{
	const char *argv[] = { "rmmod", module, NULL };

	return tt_run(argv);
}

bool tt_module_loaded(const char *module)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", module);
	return access(path, F_OK) == 0;
}

/* ------------------------------------------------------- sysfs / debugfs */

long long tt_read_ll(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtoll(buf, NULL, 0);
}

int tt_write_str(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

bool tt_debugfs_ready(void)
{
	if (access(TT_DEBUGFS, F_OK) == 0)
		return true;
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	return access(TT_DEBUGFS, F_OK) == 0;
}

long long tt_dbg_read(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", TT_DEBUGFS, rel);
	return tt_read_ll(path);
}

int tt_dbg_write(const char *rel, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", TT_DEBUGFS, rel);
	return tt_write_str(path, val);
}

int tt_dbg_write_ll(const char *rel, long long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", val);
	return tt_dbg_write(rel, buf);
}

long long tt_param_read(const char *module, const char *param)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module,
		 param);
	return tt_read_ll(path);
}

int tt_param_write(const char *module, const char *param, long long val)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module,
		 param);
	snprintf(buf, sizeof(buf), "%lld", val);
	return tt_write_str(path, buf);
}

/* ------------------------------------------------------------- discovery */

static int cmp_dev(const void *a, const void *b)
{
	return ((const struct tt_dev *)a)->num - ((const struct tt_dev *)b)->num;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * Client and supplicant nodes of the test driver, paired by rank: the
 * driver registers them pairwise, so the k-th test client goes with the
 * k-th test supplicant node.
 */
int tt_find_devs(struct tt_dev *devs, int max)
{
	int nclient = 0, npriv = 0, privs[TT_MAX_DEVS * 2], i;
	struct dirent *de;
	char path[300];
	DIR *d;

	d = opendir("/sys/class/tee");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		bool priv;
		int num;

		if (!strncmp(de->d_name, "teepriv", 7)) {
			priv = true;
			num = atoi(de->d_name + 7);
		} else if (!strncmp(de->d_name, "tee", 3) &&
			   isdigit((unsigned char)de->d_name[3])) {
			priv = false;
			num = atoi(de->d_name + 3);
		} else {
			continue;
		}
		snprintf(path, sizeof(path), "/sys/class/tee/%s/implementation_id",
			 de->d_name);
		if (tt_read_ll(path) != TT_IMPL_ID)
			continue;
		if (priv) {
			if (npriv < TT_MAX_DEVS * 2)
				privs[npriv++] = num;
		} else if (nclient < max) {
			struct tt_dev *dv = &devs[nclient++];

			memset(dv, 0, sizeof(*dv));
			dv->num = num;
			dv->priv_num = -1;
		}
	}
	closedir(d);
	qsort(devs, nclient, sizeof(*devs), cmp_dev);
	qsort(privs, npriv, sizeof(int), cmp_int);
	for (i = 0; i < nclient; i++) {
		struct tt_dev *dv = &devs[i];

		dv->priv_num = i < npriv ? privs[i] : -1;
		snprintf(dv->client, sizeof(dv->client), "/dev/tee%d", dv->num);
		snprintf(dv->priv, sizeof(dv->priv), "/dev/teepriv%d",
			 dv->priv_num);
		snprintf(dv->sysname, sizeof(dv->sysname), "tee%d", dv->num);
	}
	return nclient;
}

int tt_setup(struct tt_dev *dev)
{
	struct tt_dev devs[TT_MAX_DEVS];
	int i, n;

	n = tt_find_devs(devs, TT_MAX_DEVS);
	if (n == 0) {
		tt_modprobe(TT_MODULE, NULL);
		/* the nodes appear asynchronously through devtmpfs/sysfs */
		for (i = 0; i < 200 && n == 0; i++) {
			n = tt_find_devs(devs, TT_MAX_DEVS);
			if (!n)
				tt_msleep(10);
		}
	}
	if (n == 0) {
		errno = ENODEV;
		return -1;
	}
	for (i = 0; i < 200 && access(devs[0].client, F_OK); i++)
		tt_msleep(10);
	tt_debugfs_ready();
	*dev = devs[0];
	return 0;
}

int tt_open_client(const struct tt_dev *dev)
{
	return open(dev->client, O_RDWR | O_CLOEXEC);
}

int tt_open_priv(const struct tt_dev *dev)
{
	return open(dev->priv, O_RDWR | O_CLOEXEC);
}

int tt_instance(const struct tt_dev *dev)
{
	struct tt_dev devs[TT_MAX_DEVS];
	int n = tt_find_devs(devs, TT_MAX_DEVS), i;

	for (i = 0; i < n; i++)
		if (devs[i].num == dev->num)
			return i;
	return 0;
}

/*
 * The core's counters: /sys/class/tee/<node>/stats/<name> (core/tee_stats.c).
 * "pending" is the supplicant queue's supp_pending.
 */
long long tt_counter_node(const char *sysname, const char *name)
{
	char path[300];

	if (!strcmp(name, "pending"))
		name = "supp_pending";
	snprintf(path, sizeof(path), "/sys/class/tee/%s/stats/%s", sysname, name);
	return tt_read_ll(path);
}

/* Sum over the client and the supplicant node of @dev; -1 if unreadable */
long long tt_counter(const struct tt_dev *dev, const char *name)
{
	char priv[32];
	long long a, b;

	a = tt_counter_node(dev->sysname, name);
	snprintf(priv, sizeof(priv), "teepriv%d", dev->priv_num);
	b = dev->priv_num >= 0 ? tt_counter_node(priv, name) : 0;
	if (a < 0)
		return -1;
	return a + (b > 0 ? b : 0);
}

int tt_wait_counters_zero(const struct tt_dev *dev, int ms)
{
	static const char * const names[] = {
		"contexts", "sessions", "shm_count", "shm_bytes", "pending",
	};
	uint64_t end = tt_now_ms() + ms;
	unsigned int i;

	for (;;) {
		bool zero = true;

		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (tt_counter(dev, names[i]) > 0)
				zero = false;
		if (zero)
			return 0;
		if (tt_now_ms() >= end)
			return -1;
		tt_msleep(10);
	}
}

/* ----------------------------------------------------------------- ioctl */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int tt_uuid_parse(const char *s, uint8_t out[16])
{
	int i = 0;

	while (*s && i < 16) {
		int hi, lo;

		if (*s == '-') {
			s++;
			continue;
		}
		hi = hexval(s[0]);
		lo = s[1] ? hexval(s[1]) : -1;
		if (hi < 0 || lo < 0)
			return -1;
		out[i++] = hi << 4 | lo;
		s += 2;
	}
	return (i == 16 && !*s) ? 0 : -1;
}

void tt_uuid_str(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

int tt_version(int fd, struct tee_ioctl_version_data *v)
{
	return ioctl(fd, TEE_IOC_VERSION, v);
}

int tt_buf_ioctl(int fd, unsigned long cmd, void *buf, uint64_t len)
{
	struct tee_ioctl_buf_data bd = {
		.buf_ptr = (uintptr_t)buf,
		.buf_len = len,
	};

	return ioctl(fd, cmd, &bd);
}

int tt_open_session(int fd, const char *uuid, uint32_t login,
		    const uint8_t *clnt_uuid, uint32_t cancel_id,
		    struct tee_ioctl_param *p, unsigned int n,
		    struct tt_res *res)
{
	union {
		struct tee_ioctl_open_session_arg a;
		uint8_t raw[TEE_MAX_ARG_SIZE];
	} u;
	size_t len = sizeof(u.a) + n * sizeof(struct tee_ioctl_param);
	int rc, e;

	if (len > sizeof(u)) {
		errno = E2BIG;
		return -1;
	}
	memset(&u, 0, sizeof(u));
	if (tt_uuid_parse(uuid, u.a.uuid)) {
		errno = EINVAL;
		return -1;
	}
	if (clnt_uuid)
		memcpy(u.a.clnt_uuid, clnt_uuid, 16);
	u.a.clnt_login = login;
	u.a.cancel_id = cancel_id;
	u.a.num_params = n;
	if (n)
		memcpy(u.a.params, p, n * sizeof(*p));
	rc = tt_buf_ioctl(fd, TEE_IOC_OPEN_SESSION, &u, len);
	e = errno;
	if (rc == 0) {
		if (n)
			memcpy(p, u.a.params, n * sizeof(*p));
		if (res) {
			res->session = u.a.session;
			res->ret = u.a.ret;
			res->origin = u.a.ret_origin;
		}
	}
	errno = e;
	return rc;
}

int64_t tt_open_echo(int fd)
{
	struct tt_res r;

	if (tt_open_session(fd, TT_UUID_ECHO, TEE_IOCTL_LOGIN_PUBLIC, NULL, 0,
			    NULL, 0, &r))
		return -1;
	if (r.ret != TEEC_SUCCESS) {
		errno = EPROTO;
		return -1;
	}
	return r.session;
}

int tt_invoke(int fd, uint32_t session, uint32_t func, uint32_t cancel_id,
	      struct tee_ioctl_param *p, unsigned int n, struct tt_res *res)
{
	union {
		struct tee_ioctl_invoke_arg a;
		uint8_t raw[TEE_MAX_ARG_SIZE];
	} u;
	size_t len = sizeof(u.a) + n * sizeof(struct tee_ioctl_param);
	int rc, e;

	if (len > sizeof(u)) {
		errno = E2BIG;
		return -1;
	}
	memset(&u.a, 0, sizeof(u.a));
	u.a.func = func;
	u.a.session = session;
	u.a.cancel_id = cancel_id;
	u.a.num_params = n;
	if (n)
		memcpy(u.a.params, p, n * sizeof(*p));
	rc = tt_buf_ioctl(fd, TEE_IOC_INVOKE, &u, len);
	e = errno;
	if (rc == 0) {
		if (n)
			memcpy(p, u.a.params, n * sizeof(*p));
		if (res) {
			res->session = session;
			res->ret = u.a.ret;
			res->origin = u.a.ret_origin;
		}
	}
	errno = e;
	return rc;
}

int tt_cancel(int fd, uint32_t cancel_id, uint32_t session)
{
	struct tee_ioctl_cancel_arg a = {
		.cancel_id = cancel_id,
		.session = session,
	};

	return ioctl(fd, TEE_IOC_CANCEL, &a);
}

int tt_close_session(int fd, uint32_t session)
{
	struct tee_ioctl_close_session_arg a = { .session = session };

	return ioctl(fd, TEE_IOC_CLOSE_SESSION, &a);
}

int tt_shm_alloc(int fd, uint64_t size, int *id, uint64_t *out_size)
{
	struct tee_ioctl_shm_alloc_data d = { .size = size };
	int rc;

	rc = ioctl(fd, TEE_IOC_SHM_ALLOC, &d);
	if (rc >= 0) {
		if (id)
			*id = d.id;
		if (out_size)
			*out_size = d.size;
	}
	return rc;
}

int tt_shm_register(int fd, void *addr, uint64_t len, int *id)
{
	struct tee_ioctl_shm_register_data d = {
		.addr = (uintptr_t)addr,
		.length = len,
	};
	int rc;

	rc = ioctl(fd, TEE_IOC_SHM_REGISTER, &d);
	if (rc >= 0 && id)
		*id = d.id;
	return rc;
}

int tt_supp_recv(int fd, uint32_t *func, struct tee_ioctl_param *p,
		 uint32_t *num, uint32_t cap, bool meta)
{
	union {
		struct tee_iocl_supp_recv_arg a;
		uint8_t raw[TEE_MAX_ARG_SIZE];
	} u;
	size_t len = sizeof(u.a) + cap * sizeof(struct tee_ioctl_param);
	int rc, e;

	if (len > sizeof(u) || cap == 0) {
		errno = E2BIG;
		return -1;
	}
	memset(&u, 0, len);
	u.a.num_params = cap;
	if (meta)
		u.a.params[0].attr = TEE_IOCTL_PARAM_ATTR_META;
	rc = tt_buf_ioctl(fd, TEE_IOC_SUPPL_RECV, &u, len);
	e = errno;
	if (rc == 0) {
		*func = u.a.func;
		*num = u.a.num_params;
		memcpy(p, u.a.params, cap * sizeof(*p));
	}
	errno = e;
	return rc;
}

int tt_supp_send(int fd, uint32_t ret, struct tee_ioctl_param *p, uint32_t n)
{
	union {
		struct tee_iocl_supp_send_arg a;
		uint8_t raw[TEE_MAX_ARG_SIZE];
	} u;
	size_t len = sizeof(u.a) + n * sizeof(struct tee_ioctl_param);

	if (len > sizeof(u)) {
		errno = E2BIG;
		return -1;
	}
	u.a.ret = ret;
	u.a.num_params = n;
	if (n)
		memcpy(u.a.params, p, n * sizeof(*p));
	return tt_buf_ioctl(fd, TEE_IOC_SUPPL_SEND, &u, len);
}

/* ------------------------------------------------------------ identities */

int tt_become(uid_t uid, gid_t gid, const gid_t *groups, int ngroups)
{
	if (setgroups(ngroups, groups))
		return -1;
	if (setresgid(gid, gid, gid))
		return -1;
	return setresuid(uid, uid, uid);
}

/*
 * The VM's "user" account: its groups come from /etc/group when it is
 * there (users 100, and teeclnt for the client nodes), else users alone.
 */
int tt_become_user(void)
{
	gid_t groups[32];
	int n = 32;

	if (getgrouplist("user", TT_USER_GID, groups, &n) < 0 || n < 1) {
		groups[0] = TT_USERS_GID;
		n = 1;
	}
	return tt_become(TT_USER_UID, TT_USER_GID, groups, n);
}

/*
 * Enable unprivileged user namespaces where the kernel has Debian's switch
 * for them; returns its old value (-1: no switch) for tt_userns_restore().
 */
int tt_userns_allow(void)
{
	const char *sw = "/proc/sys/kernel/unprivileged_userns_clone";
	long long old = tt_read_ll(sw);

	if (old == 0)
		tt_write_str(sw, "1");
	return (int)old;
}

void tt_userns_restore(int old)
{
	if (old == 0)
		tt_write_str("/proc/sys/kernel/unprivileged_userns_clone", "0");
}

/*
 * Enter a new user namespace (plus the namespaces of @more_flags, e.g.
 * CLONE_NEWNS) in which this process's uid and gid appear as @inner_uid
 * and @inner_gid; setgroups is denied, as it must be for an unprivileged
 * process.  Must be called single-threaded.
 */
int tt_enter_userns(uid_t inner_uid, gid_t inner_gid, int more_flags)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	/* /proc/self/{uid,gid}_map belong to root after a setuid() */
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER | more_flags))
		return -1;
	if (tt_write_str("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "%u %u 1", (unsigned int)inner_uid,
		 (unsigned int)uid);
	if (tt_write_str("/proc/self/uid_map", map))
		return -1;
	snprintf(map, sizeof(map), "%u %u 1", (unsigned int)inner_gid,
		 (unsigned int)gid);
	return tt_write_str("/proc/self/gid_map", map);
}

/* ----------------------------------------------------------------- SHA-1 */

/* FIPS 180-4 SHA-1, written for the tests so the core is not checked
 * against a copy of itself.
 */
static uint32_t rol32(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const uint8_t blk[64])
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16 |
		       (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDC;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6;
		}
		t = rol32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void tt_sha1(const void *data, size_t len, uint8_t out[20])
{
	uint32_t h[5] = {
		0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0,
	};
	const uint8_t *p = data;
	uint64_t bits = (uint64_t)len * 8;
	uint8_t blk[64];
	size_t rem;
	int i;

	for (; len >= 64; len -= 64, p += 64)
		sha1_block(h, p);
	rem = len;
	memset(blk, 0, sizeof(blk));
	memcpy(blk, p, rem);
	blk[rem] = 0x80;
	if (rem >= 56) {
		sha1_block(h, blk);
		memset(blk, 0, sizeof(blk));
	}
	for (i = 0; i < 8; i++)
		blk[63 - i] = bits >> (8 * i);
	sha1_block(h, blk);
	for (i = 0; i < 5; i++) {
		out[4 * i] = h[i] >> 24;
		out[4 * i + 1] = h[i] >> 16;
		out[4 * i + 2] = h[i] >> 8;
		out[4 * i + 3] = h[i];
	}
}

void tt_uuid_v5(const uint8_t ns[16], const char *name, uint8_t out[16])
{
	size_t nlen = strlen(name);
	uint8_t buf[16 + 256], d[20];

	if (nlen > 256)
		nlen = 256;
	memcpy(buf, ns, 16);
	memcpy(buf + 16, name, nlen);
	tt_sha1(buf, 16 + nlen, d);
	memcpy(out, d, 16);
	out[6] = (out[6] & 0x0F) | 0x50;	/* version 5 */
	out[8] = (out[8] & 0x3F) | 0x80;	/* RFC 4122 variant */
}

void tt_login_uuid(const char *fmt, unsigned int id, uint8_t out[16])
{
	static const char *ns_str = "58ac9ca0-2086-4683-a1b8-ec4bc08e01b6";
	uint8_t ns[16];
	char name[32];

	tt_uuid_parse(ns_str, ns);
	snprintf(name, sizeof(name), fmt, id);
	tt_uuid_v5(ns, name, out);
}

/* ------------------------------------------------------------------ misc */

void tt_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

uint64_t tt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tt_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* (one static buffer: call it from one thread at a time) */
bool tt_file_has(const char *path, const char *needle)
{
	static char buf[1 << 18];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	return strstr(buf, needle);
}
