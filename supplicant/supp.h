/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * supp.h - tee-supplicant internals shared by its files.
 *
 * Request handlers work on a struct supp_req and a struct supp_ctx and never
 * touch the kernel, so host unit tests can drive them with crafted params.
 * Only loop.c (RECV/SEND) and the shm allocator of main.c talk to the device.
 *
 * Internal helpers return 0 or -errno; request handlers return a TEEC result.
 */
#ifndef TEEKIT_SUPP_H
#define TEEKIT_SUPP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/tee.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* ---- GlobalPlatform results used on the wire ---- */
#define TEEC_SUCCESS			0x00000000u
#define TEEC_ERROR_GENERIC		0xFFFF0000u
#define TEEC_ERROR_ACCESS_DENIED	0xFFFF0001u
#define TEEC_ERROR_ACCESS_CONFLICT	0xFFFF0003u
#define TEEC_ERROR_BAD_FORMAT		0xFFFF0005u
#define TEEC_ERROR_BAD_PARAMETERS	0xFFFF0006u
#define TEEC_ERROR_ITEM_NOT_FOUND	0xFFFF0008u
#define TEEC_ERROR_NOT_SUPPORTED	0xFFFF000Au
#define TEEC_ERROR_OUT_OF_MEMORY	0xFFFF000Cu
#define TEEC_ERROR_COMMUNICATION	0xFFFF000Eu
#define TEEC_ERROR_BUSY			0xFFFF000Du
#define TEEC_ERROR_SHORT_BUFFER		0xFFFF0010u
#define TEEC_ERROR_STORAGE_NO_SPACE	0xFFFF3041u

/* ---- RPC function codes (OP-TEE optee_rpc_cmd.h numbering) ---- */
enum supp_func {
	SUPP_FUNC_LOAD_TA = 0,
	SUPP_FUNC_RPMB = 1,
	SUPP_FUNC_FS = 2,
	SUPP_FUNC_GET_TIME = 3,
	SUPP_FUNC_NOTIFICATION = 4,
	SUPP_FUNC_SUSPEND = 5,
	SUPP_FUNC_SHM_ALLOC = 6,
	SUPP_FUNC_SHM_FREE = 7,
	SUPP_FUNC_GPROF = 9,
	SUPP_FUNC_SOCKET = 10,
	SUPP_FUNC_FTRACE = 11,
	SUPP_FUNC_PLUGIN = 12,
};

/* REE FS sub-commands (v0.a of func 2) */
enum supp_fs_op {
	SUPP_FS_OPEN = 0,
	SUPP_FS_CREATE = 1,
	SUPP_FS_CLOSE = 2,
	SUPP_FS_READ = 3,
	SUPP_FS_WRITE = 4,
	SUPP_FS_TRUNCATE = 5,
	SUPP_FS_REMOVE = 6,
	SUPP_FS_RENAME = 7,
	SUPP_FS_OPENDIR = 8,
	SUPP_FS_CLOSEDIR = 9,
	SUPP_FS_READDIR = 10,
};

/* SHM_ALLOC/FREE types (v0.a) */
#define SUPP_SHM_TYPE_APPL	0
#define SUPP_SHM_TYPE_KERNEL	1
#define SUPP_SHM_TYPE_GLOBAL	2

/* Plugin sub-command (v0.a of func 12) */
#define SUPP_PLUGIN_INVOKE	0

/* Socket sub-commands (v0.a of func 10), OP-TEE's numbering */
enum supp_socket_op {
	SUPP_SOCKET_OPEN = 0,
	SUPP_SOCKET_CLOSE = 1,
	SUPP_SOCKET_CLOSE_ALL = 2,
	SUPP_SOCKET_SEND = 3,
	SUPP_SOCKET_RECV = 4,
	SUPP_SOCKET_IOCTL = 5,
};

/* 4 real params + 1 meta param: the RECV/SEND buffer of every thread */
#define SUPP_MAX_PARAMS		4

/* ---- logging (log.c) ---- */
enum supp_log_level { SUPP_LOG_ERR, SUPP_LOG_WARN, SUPP_LOG_INFO, SUPP_LOG_DEBUG };
extern int supp_log_level;
void supp_log_use_syslog(void);
void supp_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define supp_err(...)	supp_log(SUPP_LOG_ERR, __VA_ARGS__)
#define supp_warn(...)	supp_log(SUPP_LOG_WARN, __VA_ARGS__)
#define supp_info(...)	supp_log(SUPP_LOG_INFO, __VA_ARGS__)
/* checked inline: a debug line on the request path costs nothing when off */
#define supp_dbg(...) do {						\
	if (supp_log_level >= SUPP_LOG_DEBUG)				\
		supp_log(SUPP_LOG_DEBUG, __VA_ARGS__);			\
} while (0)

/* ---- shared memory table (shm.c) ---- */
struct supp_shm;

/* How a table entry's memory is obtained and released (device or test). */
struct supp_shm_ops {
	/* allocate @size bytes; fill *id (>= 1) and *addr; 0 or -errno */
	int (*alloc)(void *priv, size_t size, int *id, void **addr);
	void (*release)(void *priv, int id, void *addr, size_t size);
	void *priv;
};

struct supp_shm_table {
	pthread_mutex_t lock;		/* protects list and every refcount */
	struct supp_shm *list;
	const struct supp_shm_ops *ops;
};

void supp_shm_init(struct supp_shm_table *t, const struct supp_shm_ops *ops);
/* Free every entry (at exit). */
void supp_shm_destroy(struct supp_shm_table *t);
int supp_shm_alloc(struct supp_shm_table *t, size_t size, int *id);
int supp_shm_free(struct supp_shm_table *t, int id);
/* Adds memory the caller owns (tests); released with ops->release. */
int supp_shm_add(struct supp_shm_table *t, int id, void *addr, size_t size);
/* Looks up @id and takes a reference: NULL if unknown. */
struct supp_shm *supp_shm_get(struct supp_shm_table *t, int id, void **addr,
			      size_t *size);
void supp_shm_put(struct supp_shm_table *t, struct supp_shm *s);
size_t supp_shm_count(struct supp_shm_table *t);

/* ---- plugins (plugins.c) ---- */
struct supp_plugin;

struct supp_plugins {
	struct supp_plugin *list;
	size_t count;
};

/* dlopen every regular file of @dir (missing dir = no plugins); 0/-errno */
int supp_plugins_load(struct supp_plugins *pl, const char *dir);
/* Run each plugin's init(); plugins whose init fails are disabled. */
void supp_plugins_init(struct supp_plugins *pl);
void supp_plugins_unload(struct supp_plugins *pl);

/* ---- the REE file system's state (fs.c) ---- */
#define SUPP_FS_MAX_HANDLES	1024

struct supp_fs {
	int root_fd;			/* O_DIRECTORY fd of the storage root */
	bool no_openat2;		/* kernel < 5.6: walk with O_NOFOLLOW */
	pthread_mutex_t lock;		/* protects fds[] and dirs[] */
	bool fds[SUPP_FS_MAX_HANDLES];	/* fd numbers handed to the TEE */
	struct supp_dir *dirs[SUPP_FS_MAX_HANDLES];	/* OPENDIR handles */
};

/* Create (0700) and open @path as the storage root; 0 or -errno. */
int supp_fs_open_root(struct supp_fs *fs, const char *path);
void supp_fs_close(struct supp_fs *fs);
/* Sets no_openat2 if the kernel lacks openat2 (tests may force it). */
void supp_fs_probe_openat2(struct supp_fs *fs);

/* ---- the TAs' sockets (socket.c) ---- */
#define SUPP_SOCK_MAX		256	/* open sockets in all */
#define SUPP_SOCK_MAX_PER_INST	16	/* open sockets of one TA instance */
#define SUPP_SOCK_MAX_NAME	256	/* host name with its NUL */
#define SUPP_SOCK_CONNECT_MS	20000	/* a connect() that takes longer: TIMEOUT */

struct supp_sock {
	bool used;		/* slot taken (maybe closing) */
	bool closing;		/* closed by the TA: fd goes with the last user */
	unsigned int refs;	/* requests using fd now */
	uint32_t inst;		/* TA instance that opened it */
	uint32_t gen;		/* handle generation of this slot */
	int fd;
	int type;		/* SOCK_STREAM or SOCK_DGRAM */
};

struct supp_socks {
	pthread_mutex_t lock;	/* protects count and every tab[] entry */
	unsigned int count;	/* open (not closing) sockets */
	struct supp_sock tab[SUPP_SOCK_MAX];
};

void supp_sock_init(struct supp_socks *s);
/* Close every socket (tests; at exit the process's end does it). */
void supp_sock_destroy(struct supp_socks *s);
/* Open sockets of instance @inst. */
unsigned int supp_sock_count(struct supp_socks *s, uint32_t inst);

/* ---- the supplicant's state ---- */
struct supp_ctx {
	int dev_fd;			/* /dev/teeprivN, -1 in unit tests */
	char dev_path[64];
	char **ta_paths;		/* NULL-terminated list of directories */
	struct supp_fs fs;
	struct supp_shm_table shm;
	struct supp_plugins plugins;
	struct supp_socks socks;
};

/* Split @list at ':' into ctx->ta_paths; 0 or -errno. */
int supp_set_ta_paths(struct supp_ctx *ctx, const char *list);
void supp_free_ta_paths(struct supp_ctx *ctx);

/* ---- one request, as handlers see it ---- */
struct supp_param {
	struct tee_ioctl_param *p;	/* points into the RECV buffer */
	void *buf;		/* memref: resolved buffer, NULL for no buffer */
	size_t size;		/* memref: usable bytes at buf (p->b on entry) */
	struct supp_shm *shm;	/* reference held while the request runs */
};

struct supp_req {
	uint32_t func;
	uint32_t num_params;		/* real params, without the meta one */
	struct supp_param params[SUPP_MAX_PARAMS];
};

static inline uint64_t supp_ptype(const struct supp_param *p)
{
	return p->p->attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
}

bool supp_is_value(const struct supp_param *p);
bool supp_is_memref(const struct supp_param *p);

/* ---- dispatch (dispatch.c) ---- */
typedef uint32_t (*supp_handler)(struct supp_ctx *ctx, struct supp_req *req);

/*
 * Resolve memrefs through the shm table, run the handler of req->func, drop
 * the references. Unknown func -> TEEC_ERROR_NOT_SUPPORTED.
 */
uint32_t supp_dispatch(struct supp_ctx *ctx, uint32_t func,
		       struct tee_ioctl_param *params, uint32_t num_params);
const char *supp_func_name(uint32_t func);

/* handlers */
uint32_t supp_load_ta(struct supp_ctx *ctx, struct supp_req *req);
uint32_t supp_fs_request(struct supp_ctx *ctx, struct supp_req *req);
uint32_t supp_shm_alloc_request(struct supp_ctx *ctx, struct supp_req *req);
uint32_t supp_shm_free_request(struct supp_ctx *ctx, struct supp_req *req);
uint32_t supp_plugin_request(struct supp_ctx *ctx, struct supp_req *req);
uint32_t supp_rpmb_request(struct supp_ctx *ctx, struct supp_req *req);
uint32_t supp_socket_request(struct supp_ctx *ctx, struct supp_req *req);

/* rpmb.c: the emulated RPMB device's file (@path NULL: in the FS root) */
int supp_rpmb_open(int root_fd, const char *path);

/* errno -> TEEC result for file-system and loader errors */
uint32_t supp_errno_to_teec(int err);

/* UUID helpers: 16 RFC 4122 octets <-> canonical string (37 bytes) */
void supp_uuid_str(const uint8_t u[16], char out[37]);

/* ---- threads (threads.c) ---- */
struct supp_pool_cfg {
	unsigned int max_threads;	/* cap of the pool, >= 1 */
};

/*
 * Start the receiver pool on ctx->dev_fd. Returns once at least one thread
 * (normally SUPP_POOL_SPARE) is about to wait in SUPPL_RECV. Fatal device
 * errors end the process (exit 1).
 */
int supp_pool_start(struct supp_ctx *ctx, const struct supp_pool_cfg *cfg);

/* Receivers kept waiting after a request is answered (decision 0501). */
#define SUPP_POOL_SPARE		2

/* The pool's counters (pool.c); the caller serialises every call. */
struct supp_pool_count {
	unsigned int idle;		/* in, or about to enter, SUPPL_RECV */
	unsigned int threads;		/* receiver threads alive */
	unsigned int max_threads;	/* cap, >= 1 */
	unsigned int peak;		/* most threads alive at once */
	unsigned long long started;	/* threads ever started */
	unsigned long long served;	/* requests picked up */
};

/* Receivers to start with: min(SUPP_POOL_SPARE, max_threads). */
unsigned int supp_pool_initial(const struct supp_pool_count *c);
/* A request was picked up; true: start a receiver (supp_pool_started). */
bool supp_pool_picked(struct supp_pool_count *c);
void supp_pool_started(struct supp_pool_count *c);
/* Undo supp_pool_started() when the thread could not be created. */
void supp_pool_start_failed(struct supp_pool_count *c);
/* An answer is about to be sent; true: then wait for the next, false: exit. */
bool supp_pool_answered(struct supp_pool_count *c);
/* A copy of the running pool's counters (threads.c). */
void supp_pool_stats(struct supp_pool_count *out);

/* What the pool learns from one round of supp_serve_one(); may be NULL. */
struct supp_serve_hooks {
	void (*picked_up)(void *arg);	/* RECV returned a request */
	void (*answering)(void *arg);	/* the answer is about to be sent */
	void *arg;
};

/* One receive -> dispatch -> send round; loop.c. 0, or -errno if fatal. */
int supp_serve_one(struct supp_ctx *ctx, const struct supp_serve_hooks *h);

/* ---- readiness (notify.c) ---- */
/* Fork; the parent exits 0 when the child calls supp_ready(), 1 otherwise. */
int supp_daemonize(void);
/* Tell systemd (NOTIFY_SOCKET) and the waiting parent that we serve. */
void supp_ready(const char *status);

#endif /* TEEKIT_SUPP_H */
