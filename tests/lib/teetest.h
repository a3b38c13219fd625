/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teetest.h - helpers for the in-VM tests of the TEE core against the test
 * driver (docs/test-driver.md): device discovery, ioctl argument builders,
 * module load/unload, sysfs/debugfs counters, users, UUIDv5.
 *
 * Functions return -1 with errno set (ioctl style) unless said otherwise.
 */
#ifndef TEEKIT_TESTS_TEETEST_H
#define TEEKIT_TESTS_TEETEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/tee.h>
#include <linux/teekit.h>

#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif

#define TT_IMPL_ID		32343	/* TEEKIT_IMPL_ID_TEST */
#define TT_MODULE		"teekit_test"
#define TT_CORE_MODULE		"teekit"
#define TT_DEBUGFS		"/sys/kernel/debug/teekit_test"
#define TT_MAX_DEVS		8

#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* errno of every call on a device whose driver unregistered (docs/abi.md) */
#define TT_DEAD_ERRNO		ENODEV
/* per-context limits (core module parameters, docs/limits.md) */
#define TT_LIMIT_SESSIONS_ERRNO	EMFILE
#define TT_LIMIT_SHM_ERRNO	EMFILE
#define TT_LIMIT_BYTES_ERRNO	ENOSPC

/* Test driver TAs and commands (docs/test-driver.md) */
#define TT_UUID_ECHO		"7e570000-0000-4000-8000-000000000001"
#define TT_UUID_SLOW_OPEN	"7e570000-0000-4000-8000-000000000002"
#define TT_UUID_NONE		"7e570000-0000-4000-8000-0000000000ff"

enum tt_cmd {
	TT_CMD_NOP = 0,
	TT_CMD_ADD = 1,
	TT_CMD_COPY = 2,
	TT_CMD_FILL = 3,
	TT_CMD_SLEEP = 4,
	TT_CMD_SUPP = 5,
	TT_CMD_RET = 6,
	TT_CMD_INFO = 7,
	TT_CMD_CHECK_SHM = 8,
};

/* GlobalPlatform results and origins (tee_client_api.h has them too) */
#ifndef TEE_CLIENT_API_H
#define TEEC_SUCCESS			0x00000000u
#define TEEC_ERROR_GENERIC		0xFFFF0000u
#define TEEC_ERROR_ACCESS_DENIED	0xFFFF0001u
#define TEEC_ERROR_CANCEL		0xFFFF0002u
#define TEEC_ERROR_BAD_PARAMETERS	0xFFFF0006u
#define TEEC_ERROR_ITEM_NOT_FOUND	0xFFFF0008u
#define TEEC_ERROR_NOT_SUPPORTED	0xFFFF000Au
#define TEEC_ERROR_OUT_OF_MEMORY	0xFFFF000Cu
#define TEEC_ERROR_BUSY			0xFFFF000Du
#define TEEC_ERROR_COMMUNICATION	0xFFFF000Eu
#define TEEC_ERROR_SHORT_BUFFER		0xFFFF0010u
#define TEEC_ERROR_TARGET_DEAD		0xFFFF3024u
#define TEEC_ORIGIN_API			1
#define TEEC_ORIGIN_COMMS		2
#define TEEC_ORIGIN_TEE			3
#define TEEC_ORIGIN_TRUSTED_APP		4
#endif

#define TT_VAL_IN	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT
#define TT_VAL_OUT	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT
#define TT_VAL_INOUT	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT
#define TT_MEM_IN	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT
#define TT_MEM_OUT	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT
#define TT_MEM_INOUT	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT
#define TT_META		TEE_IOCTL_PARAM_ATTR_META

/* Largest parameter count that fits TEE_MAX_ARG_SIZE with the smallest header */
#define TT_MAX_PARAMS	((TEE_MAX_ARG_SIZE - 8) / sizeof(struct tee_ioctl_param))

/* The unprivileged VM user */
#define TT_USER_UID	1000
#define TT_USER_GID	1000
#define TT_USERS_GID	100

struct tt_dev {
	int num;		/* N of /dev/teeN */
	int priv_num;		/* N of /dev/teeprivN, -1 if none */
	char client[32];	/* "/dev/teeN" */
	char priv[32];		/* "/dev/teeprivN" */
	char sysname[32];	/* "teeN" */
};

/* ---- module and device discovery ---- */
int tt_run(const char *const argv[]);	/* fork+exec, returns exit status */
int tt_modprobe(const char *module, const char *opts);
int tt_rmmod(const char *module);
bool tt_module_loaded(const char *module);
int tt_find_devs(struct tt_dev *devs, int max);	/* count, 0 if none */
/* Load teekit_test if needed and return the first test device. */
int tt_setup(struct tt_dev *dev);
int tt_open_client(const struct tt_dev *dev);
int tt_open_priv(const struct tt_dev *dev);
bool tt_debugfs_ready(void);

/* ---- sysfs, debugfs and module parameters ---- */
long long tt_read_ll(const char *path);		/* -1 on error */
int tt_write_str(const char *path, const char *val);
long long tt_dbg_read(const char *rel);		/* under TT_DEBUGFS */
int tt_dbg_write(const char *rel, const char *val);
int tt_dbg_write_ll(const char *rel, long long val);
/* Instance number of @dev for debugfs dev<N>/ (best effort: its index) */
int tt_instance(const struct tt_dev *dev);
long long tt_param_read(const char *module, const char *param);
int tt_param_write(const char *module, const char *param, long long val);
/*
 * Per-device counters of the core: @name is one of "contexts", "sessions",
 * "shm_count", "shm_bytes", "pending" (supp_pending) or any other file of
 * /sys/class/tee/<node>/stats/. tt_counter() sums the client and supplicant
 * nodes of @dev. Return -1 if not readable.
 */
long long tt_counter_node(const char *sysname, const char *name);
long long tt_counter(const struct tt_dev *dev, const char *name);
/* Wait up to @ms for all counters of @dev to be zero; 0 if they are. */
int tt_wait_counters_zero(const struct tt_dev *dev, int ms);

/* ---- ioctl helpers ---- */
int tt_uuid_parse(const char *s, uint8_t out[16]);
void tt_uuid_str(const uint8_t u[16], char out[37]);
int tt_version(int fd, struct tee_ioctl_version_data *v);
int tt_buf_ioctl(int fd, unsigned long cmd, void *buf, uint64_t len);

static inline void tt_param(struct tee_ioctl_param *p, uint64_t attr,
			    uint64_t a, uint64_t b, uint64_t c)
{
	p->attr = attr;
	p->a = a;
	p->b = b;
	p->c = c;
}

static inline void tt_memref(struct tee_ioctl_param *p, uint64_t attr,
			     int shm_id, uint64_t offs, uint64_t size)
{
	tt_param(p, attr, offs, size, (uint64_t)(int64_t)shm_id);
}

/* Result of open/invoke beyond the ioctl's return value */
struct tt_res {
	uint32_t session;
	uint32_t ret;
	uint32_t origin;
};

/* OPEN_SESSION with up to TT_MAX_PARAMS params (copied back on success). */
int tt_open_session(int fd, const char *uuid, uint32_t login,
		    const uint8_t *clnt_uuid, uint32_t cancel_id,
		    struct tee_ioctl_param *p, unsigned int n,
		    struct tt_res *res);
/* Opens an ECHO session with PUBLIC login; returns the session id or -1. */
int64_t tt_open_echo(int fd);
int tt_invoke(int fd, uint32_t session, uint32_t func, uint32_t cancel_id,
	      struct tee_ioctl_param *p, unsigned int n, struct tt_res *res);
int tt_cancel(int fd, uint32_t cancel_id, uint32_t session);
int tt_close_session(int fd, uint32_t session);
/* SHM_ALLOC: returns the shm fd; *id and *size (may be NULL) filled. */
int tt_shm_alloc(int fd, uint64_t size, int *id, uint64_t *out_size);
int tt_shm_register(int fd, void *addr, uint64_t len, int *id);

/* Supplicant: RECV with @cap params (p[] is overwritten), SEND with @n. */
int tt_supp_recv(int fd, uint32_t *func, struct tee_ioctl_param *p,
		 uint32_t *num, uint32_t cap, bool meta);
int tt_supp_send(int fd, uint32_t ret, struct tee_ioctl_param *p,
		 uint32_t n);

/* ---- identities ---- */
/* In a forked child: become uid/gid 1000 with supplementary group 100. */
int tt_become_user(void);
int tt_become(uid_t uid, gid_t gid, const gid_t *groups, int ngroups);
/* Allow unprivileged user namespaces (returns the old state), restore it */
int tt_userns_allow(void);
void tt_userns_restore(int old);
/* Enter a user namespace (+ @more_flags) mapping our uid/gid to inner ones */
int tt_enter_userns(uid_t inner_uid, gid_t inner_gid, int more_flags);

/* ---- SHA-1 and UUIDv5 (RFC 4122 section 4.3), computed independently ---- */
void tt_sha1(const void *data, size_t len, uint8_t out[20]);
void tt_uuid_v5(const uint8_t ns[16], const char *name, uint8_t out[16]);
/* Client UUID the core must compute for "uid=%x" / "gid=%x" */
void tt_login_uuid(const char *fmt, unsigned int id, uint8_t out[16]);

/* ---- misc ---- */
void tt_msleep(unsigned int ms);
uint64_t tt_now_ms(void);
/* system() of the formatted command: its exit status, -1 if it did not exit */
int tt_sh(const char *fmt, ...) __printf(1, 2);
/* Whether the first 256 KiB of the file at @path contain @needle */
bool tt_file_has(const char *path, const char *needle);

#endif /* TEEKIT_TESTS_TEETEST_H */
