/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teec_private.h - libteec internals shared by its source files.
 */
#ifndef TEEC_PRIVATE_H
#define TEEC_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tee_client_api.h"

/*
 * The implementation-defined members of the GP structures: at top level in
 * generation 1 (libteec.so.1), in a member "imp" in generation 2
 * (libteec.so.2; tee_client_api.h, decision 1540). The library is built
 * once per generation from the same sources; these are the only places
 * that differ.
 */
#if TEEKIT_TEEC_ABI == 1
#define TEEC_CTX(c)		(c)
#define TEEC_SESS(s)		(s)
#define TEEC_SHM(m)		(m)
#define TEEC_SHM_KIND(m)	((m)->internal.flags)
#define TEEC_OP_CANCEL(o)	((o)->imp_cancel_id)
#else
#define TEEC_CTX(c)		(&(c)->imp)
#define TEEC_SESS(s)		(&(s)->imp)
#define TEEC_SHM(m)		(&(m)->imp)
#define TEEC_SHM_KIND(m)	((m)->imp.flags)
#define TEEC_OP_CANCEL(o)	((o)->imp.cancel_id)
#endif

/* Kernel-internal errnos that can reach user space through ioctl(2) */
#ifndef ERESTARTSYS
#define ERESTARTSYS	512
#endif
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif

/*
 * The one errno -> TEEC_Result mapping of the library (docs/libteec.md).
 * @err is a positive errno. Results of this mapping always go out with
 * origin TEEC_ORIGIN_COMMS.
 */
TEEC_Result teec_errno_result(int err);

/*
 * The cause found for this thread's last failed call (teec_result.c):
 * teekit_teec_explain(res, origin) returns it until the next call clears it.
 */
void teec_detail_clear(void);
void teec_detail_set(TEEC_Result res, uint32_t origin, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * teec_diag.c: after a failed call on the device @fd (to the TA @uuid, or
 * NULL), look at the stack for the component at fault and record it with
 * teec_detail_set(). Only ever called on the error path.
 */
void teec_diagnose(int fd, const TEEC_UUID *uuid, TEEC_Result res,
		   uint32_t origin);

/* Kind of a TEEC_SharedMemory, kept in TEEC_SHM_KIND() */
#define TEEC_SHM_ALLOCATED	0x1	/* SHM_ALLOC + mmap: buffer is the mapping */
#define TEEC_SHM_REGISTERED	0x2	/* SHM_REGISTER of buffer: zero-copy */
#define TEEC_SHM_SHADOW		0x4	/* buffer bounced through shadow_buffer */
#define TEEC_SHM_DMABUF		0x8	/* SHM_REGISTER_FD */

/* tee_client_api.c: SHM_ALLOC @size (>= 1) bytes and map them (no fd kept) */
int teec_shm_alloc(int fd, size_t size, int *id, void **map, size_t *maplen);
/* the same, retried once after freeing the context's idle scratch objects */
int teec_shm_alloc_retry(int fd, size_t size, int *id, void **map, size_t *maplen);

/**
 * struct teec_scratch - a shm object carrying a temporary memref (teec_scratch.c)
 * @next:	in an idle list while cached
 * @fd:		the context's fd
 * @session:	the session it is shown to (meaningful only if @cache)
 * @id:		driver shm id
 * @map, @len:	its mapping
 * @dirty:	bytes from the start that may be non-zero
 * @gen:	teec_scratch_gen when taken
 * @writable:	it was an output: the TA may write all of it at any time
 * @cache:	goes back to the cache after the call (else freed)
 */
struct teec_scratch {
	struct teec_scratch *next;
	int fd;
	uint32_t session;
	int id;
	void *map;
	size_t len;
	size_t dirty;
	unsigned long gen;
	bool writable;
	bool cache;
};

/*
 * An object of at least @size (>= 1) bytes for one call on @session of the
 * context @fd: a cached one when @cache and one fits, else a new one.
 * 0 or -errno.
 */
int teec_scratch_get(int fd, bool cache, uint32_t session, size_t size,
		     struct teec_scratch **out);
/* Make @s hold what a fresh object would: @size bytes of @src (if any), then zeros */
void teec_scratch_prepare(struct teec_scratch *s, const void *src, size_t size,
			  bool output);
/* The call is over: back into the cache, or freed */
void teec_scratch_put(struct teec_scratch *s);
void teec_scratch_forget_session(int fd, uint32_t session);
/* Free the context's idle objects; true if there were any */
bool teec_scratch_forget_ctx(int fd);

#endif /* TEEC_PRIVATE_H */
