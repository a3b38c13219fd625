/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teeta.h - private interface of the TA runtime (libteeta) inside the TA
 * host process: sessions, parameter marshalling, the channel it serves and
 * the sandbox. TA code sees only the SDK headers.
 */
#ifndef TEEKIT_TEETA_H
#define TEEKIT_TEETA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <tee_internal_api.h>
#include <user_ta_header.h>

#define TEETA_MAX_SESSIONS	256

enum teeta_op {
	TEETA_OP_OPEN = 1,
	TEETA_OP_INVOKE = 2,
	TEETA_OP_CLOSE = 3,
};

/*
 * One request as the runtime sees it once the channel layer decoded it:
 * memrefs already point into the mapped shared memory. On return ret,
 * origin, the output values and the memref sizes are set.
 */
struct teeta_req {
	enum teeta_op op;
	uint32_t session;	/* driver's session id */
	uint32_t cmd;		/* INVOKE */
	TEE_Identity client;	/* OPEN */
	uint32_t ptypes;	/* TEE_PARAM_TYPES() */
	TEE_Param params[TEE_NUM_PARAMS];
	uint32_t ret;
	uint32_t origin;
};

/* Hooks the host main loop provides to the runtime. */
struct teeta_host_ops {
	/* is a cancellation pending for the current request? */
	bool (*cancel_pending)(void *ctx);
	/* sleeps up to ms or until cancelled; returns true when cancelled */
	bool (*wait)(void *ctx, uint32_t ms);
	/* reports a panic before the process ends */
	void (*panic)(void *ctx, uint32_t code);
	void *ctx;
};

/* The TA's entry points, looked up in the loaded TA. */
struct teeta_entry {
	uint32_t (*create)(void);
	void (*destroy)(void);
	uint32_t (*open)(uint32_t ptypes, TEE_Param *params, void **sess_ctx);
	void (*close)(void *sess_ctx);
	uint32_t (*invoke)(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			   TEE_Param *params);
	/* a GP 1.1 TA (TEEKIT_TA_HEAD_F_GP11) has these instead */
	uint32_t (*open11)(uint32_t ptypes, __GP11_TEE_Param *params,
			   void **sess_ctx);
	uint32_t (*invoke11)(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			     __GP11_TEE_Param *params);
};

/* runtime.c */
int teeta_init(const struct teekit_ta_head *head,
	       const struct teeta_entry *entry,
	       const struct teeta_host_ops *ops);
TEE_Result teeta_create(void);
void teeta_destroy(void);
void teeta_dispatch(struct teeta_req *req);
unsigned int teeta_session_count(void);
const struct teekit_ta_head *teeta_head(void);
uint32_t teeta_current_session(void);
/*
 * What the request being served is, for log lines: "open", "close", the
 * command number of an invoke, or "-" outside any request.
 */
const char *teeta_current_cmd(char buf[12]);
void teeta_current_client(TEE_Identity *id);
void teeta_set_cancel(uint32_t session);

bool teeta_cancel_masked(void);
/* the TA's TEE_Malloc heap: bytes in use, the most ever, TA_DATA_SIZE */
void teeta_heap_usage(size_t *used, size_t *peak, size_t *limit);

/* gp11.c: the GP 1.1 parameter layout */
bool teeta_is_gp11(void);
TEE_Result teeta_gp11_in(uint32_t pt, const TEE_Param *p,
			 __GP11_TEE_Param *p11);
void teeta_gp11_out(uint32_t pt, const __GP11_TEE_Param *p11, TEE_Param *p);

/*
 * RPCs to the normal world during a call (linux/teekit_sim.h), and the
 * shared-memory table below: main.c in teekit-tahost, sdk/tatest/nw.c in
 * the host harness (docs/decisions/0810-host-harness-in-process.md).
 */
struct tksim_msg;
uint32_t teeta_rpc(struct tksim_msg *m);
void *teeta_rpc_shm_alloc(size_t size, uint64_t *cookie, size_t *maplen);
void teeta_rpc_shm_free(void *p, size_t maplen, uint64_t cookie);

/* tasession.c: a UUID in RFC 4122 byte order */
void teeta_uuid_octets(const TEE_UUID *u, uint8_t o[16]);

/* props.c */
void teeta_set_device_id(const TEE_UUID *id);

/* devid.c: gpd.tee.deviceID from /etc/machine-id (call before seccomp) */
void teeta_read_device_id(void);

/* storage_key.c: this TA's storage keys from the device-unique key */
int teeta_storage_key_init(const char *uuid);
void teeta_storage_conf_init(void);

/* is [p, p + len) in a mapped client shm view, and is it writable? */
bool teeta_range_is_shared(const void *p, size_t len, bool *writable);

/* memrights.c: the rights on a range of the process's own memory */
struct teeta_mem_walk {
	uintptr_t next;		/* first byte not seen yet */
	uintptr_t end;		/* end of the range */
	bool hole;		/* some byte is not mapped */
	bool no_read;		/* some byte is not readable */
	bool no_write;		/* some byte is not writable */
	bool shared;		/* some byte is in a shared mapping */
	bool bad;		/* a line could not be parsed */
};

int teeta_mem_init(void);	/* before the sandbox */
int teeta_mem_unsafe_exec(char *first, size_t len);
TEE_Result teeta_mem_access(uint32_t flags, const void *p, size_t len);
int teeta_mem_rights(const void *p, size_t len, struct teeta_mem_walk *w);
void teeta_mem_walk_init(struct teeta_mem_walk *w, uintptr_t start,
			 uintptr_t end);
bool teeta_mem_walk_line(struct teeta_mem_walk *w, const char *line);
void teeta_mem_walk_finish(struct teeta_mem_walk *w);

/* sandbox.c */
struct teeta_sandbox {
	uid_t uid;
	gid_t gid;
	int chan_fd;
	int status_fd;
	int log_fd;
	uint64_t stack_size;
	uint64_t data_size;
	uint64_t shm_allowance;
	uint64_t image_size;	/* span of the TA's loadable segments */
	const char *core_dir;
	uint64_t core_size;	/* RLIMIT_CORE in bytes (0: no core files) */
	const char *lib_dir;	/* the TA's shared libraries (dl.c), readable */
	bool dlopen;		/* the strict stage may map them (tee_dlopen) */
};

/* a seccomp BPF program (struct sock_filter is 8 bytes) */
struct teeta_filter {
	unsigned short len;
	uint64_t insns[512];
};

int teeta_drop_privileges(const struct teeta_sandbox *sb);
int teeta_set_limits(const struct teeta_sandbox *sb);
int teeta_landlock(const struct teeta_sandbox *sb, int ta_fd);
int teeta_seccomp_build(const struct teeta_sandbox *sb,
			struct teeta_filter *loader, struct teeta_filter *strict);
int teeta_seccomp_enter(const struct teeta_filter *f);

/* elfprobe.c: the TA's head and image size, read before it is loaded */
int teeta_elf_probe(int fd, struct teekit_ta_head *head, uint64_t *image_size,
		    char *why, size_t whylen);

/*
 * crash.c: on a crash signal, "crash SIG BASE PC RA..." on @status_fd;
 * init before the sandbox, set_ta once the TA is loaded
 */
int teeta_crash_init(int status_fd);
void teeta_crash_set_ta(void *dl);

/*
 * dl.c: shared TA libraries (decision 1520). init before the sandbox;
 * preload in the loader stage, before the TA (its DT_NEEDED libraries,
 * dependencies first); set_ta once the TA is loaded.
 */
void teeta_dl_init(const char *lib_dir, bool dlopen_allowed);
uint64_t teeta_dl_lib_bytes(void);
int teeta_dl_preload(int ta_fd, char *why, size_t whylen);
void teeta_dl_set_ta(void *dl, const char *path);
/* what the SDK's <dlfcn.h> and <link.h> call (dlopen() etc. in the TA) */
struct dl_phdr_info;
void *tee_dlopen(const char *filename, int flags);
void *tee_dlsym(void *handle, const char *symbol);
int tee_dlclose(void *handle);
int tee_dl_iterate_phdr(int (*cb)(struct dl_phdr_info *info, size_t size,
				 void *data),
			void *data);

/* trace.c */
void teeta_log_init(int fd, const TEE_UUID *uuid);
void teeta_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* a sink gets each line (ending in '\n', len bytes) instead of the log fd */
typedef void (*teeta_log_sink_fn)(void *arg, const char *line, size_t len);
void teeta_log_set_sink(teeta_log_sink_fn fn, void *arg);

#endif /* TEEKIT_TEETA_H */
