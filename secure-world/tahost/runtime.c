// SPDX-License-Identifier: GPL-2.0-only
/*
 * runtime.c - the core of libteeta: sessions and entry-point dispatch,
 * memory, panic, instance data, cancellation and time.
 *
 * The TA host is single-threaded: one request at a time runs in the TA
 * (GP's instance model), so the state here needs no locks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "teeta.h"

struct teeta_session {
	uint32_t id;		/* driver's session id; 0: free slot */
	void *ctx;		/* TA's session context */
	TEE_Identity client;	/* who opened it (gpd.client.identity) */
};

static const struct teekit_ta_head *ta_head;
static struct teeta_entry ep;
static struct teeta_host_ops host;
static struct teeta_session sessions[TEETA_MAX_SESSIONS];
static unsigned int nsessions;
static const void *instance_data;
static size_t heap_used, heap_peak;	/* TEE_Malloc bytes (decision 1704) */

/* the request being served */
static uint32_t cur_session;
static uint32_t cur_op, cur_cmd;	/* TEETA_OP_*, 0: none */
static TEE_Identity cur_client;
static bool cancel_masked = true;
static bool cancel_seen;

int teeta_init(const struct teekit_ta_head *head,
	       const struct teeta_entry *entry,
	       const struct teeta_host_ops *ops)
{
	ta_head = head;
	ep = *entry;
	host = *ops;
	/* a fresh instance (the host harness starts one after a panic) */
	memset(sessions, 0, sizeof(sessions));
	nsessions = 0;
	instance_data = NULL;
	heap_used = 0;
	heap_peak = 0;
	cur_session = 0;
	cur_op = 0;
	return 0;
}

const struct teekit_ta_head *teeta_head(void)
{
	return ta_head;
}

unsigned int teeta_session_count(void)
{
	return nsessions;
}

uint32_t teeta_current_session(void)
{
	return cur_session;
}

const char *teeta_current_cmd(char buf[12])
{
	switch (cur_op) {
	case TEETA_OP_OPEN:
		return "open";
	case TEETA_OP_CLOSE:
		return "close";
	case TEETA_OP_INVOKE:
		snprintf(buf, 12, "%u", cur_cmd);
		return buf;
	default:
		return "-";
	}
}

void teeta_current_client(TEE_Identity *id)
{
	*id = cur_client;
}

TEE_Result teeta_create(void)
{
	return ep.create();
}

void teeta_destroy(void)
{
	ep.destroy();
}

static struct teeta_session *find_session(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < TEETA_MAX_SESSIONS; i++)
		if (sessions[i].id == id && id)
			return &sessions[i];
	return NULL;
}

static struct teeta_session *find_free(void)
{
	unsigned int i;

	for (i = 0; i < TEETA_MAX_SESSIONS; i++)
		if (!sessions[i].id)
			return &sessions[i];
	return NULL;
}

/* GP: a single-instance TA without MULTI_SESSION takes one session */
static bool multi_session(void)
{
	return !ta_head || (ta_head->flags & TA_FLAG_MULTI_SESSION);
}

/* Memrefs the TA may not resize beyond: remember the sizes it was given. */
static void params_in(struct teeta_req *req, size_t sizes[TEE_NUM_PARAMS])
{
	int i;

	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		switch (TEE_PARAM_TYPE_GET(req->ptypes, i)) {
		case TEE_PARAM_TYPE_MEMREF_INPUT:
		case TEE_PARAM_TYPE_MEMREF_OUTPUT:
		case TEE_PARAM_TYPE_MEMREF_INOUT:
			sizes[i] = req->params[i].memref.size;
			break;
		default:
			sizes[i] = 0;
		}
	}
}

/* The entry points with parameters, in the TA's layout (gp11.c) */
static TEE_Result call_open(struct teeta_req *req, void **ctx)
{
	__GP11_TEE_Param p11[TEE_NUM_PARAMS];
	TEE_Result res;

	if (!teeta_is_gp11())
		return ep.open(req->ptypes, req->params, ctx);
	res = teeta_gp11_in(req->ptypes, req->params, p11);
	if (res) {
		req->origin = TEE_ORIGIN_TEE;
		return res;
	}
	res = ep.open11(req->ptypes, p11, ctx);
	teeta_gp11_out(req->ptypes, p11, req->params);
	return res;
}

static TEE_Result call_invoke(struct teeta_req *req, void *ctx)
{
	__GP11_TEE_Param p11[TEE_NUM_PARAMS];
	TEE_Result res;

	if (!teeta_is_gp11())
		return ep.invoke(ctx, req->cmd, req->ptypes, req->params);
	res = teeta_gp11_in(req->ptypes, req->params, p11);
	if (res) {
		req->origin = TEE_ORIGIN_TEE;
		return res;
	}
	res = ep.invoke11(ctx, req->cmd, req->ptypes, p11);
	teeta_gp11_out(req->ptypes, p11, req->params);
	return res;
}

void teeta_dispatch(struct teeta_req *req)
{
	struct teeta_session *s;
	size_t sizes[TEE_NUM_PARAMS];
	void *ctx = NULL;

	cur_session = req->session;
	cur_op = req->op;
	cur_cmd = req->cmd;
	cancel_masked = true;	/* GP: entry points start with cancellation masked */
	cancel_seen = false;
	req->origin = TEE_ORIGIN_TRUSTED_APP;
	params_in(req, sizes);
	memset(&cur_client, 0, sizeof(cur_client));
	s = find_session(req->session);
	if (s)
		cur_client = s->client;

	switch (req->op) {
	case TEETA_OP_OPEN:
		if (find_session(req->session)) {
			req->ret = TEE_ERROR_BAD_STATE;
			req->origin = TEE_ORIGIN_TEE;
			break;
		}
		s = find_free();
		if (!s || (nsessions && !multi_session())) {
			req->ret = TEE_ERROR_BUSY;
			req->origin = TEE_ORIGIN_TEE;
			break;
		}
		cur_client = req->client;
		req->ret = call_open(req, &ctx);
		if (req->ret == TEE_SUCCESS) {
			s->id = req->session;
			s->ctx = ctx;
			s->client = req->client;
			nsessions++;
		}
		break;
	case TEETA_OP_INVOKE:
		s = find_session(req->session);
		if (!s) {
			req->ret = TEE_ERROR_BAD_STATE;
			req->origin = TEE_ORIGIN_TEE;
			break;
		}
		req->ret = call_invoke(req, s->ctx);
		break;
	case TEETA_OP_CLOSE:
		s = find_session(req->session);
		req->origin = TEE_ORIGIN_TEE;
		if (!s) {
			req->ret = TEE_ERROR_BAD_STATE;
			break;
		}
		ep.close(s->ctx);
		s->id = 0;
		s->ctx = NULL;
		nsessions--;
		req->ret = TEE_SUCCESS;
		break;
	default:
		req->ret = TEE_ERROR_NOT_SUPPORTED;
		req->origin = TEE_ORIGIN_TEE;
	}

	/*
	 * A TA may report a larger size (with TEE_ERROR_SHORT_BUFFER) so the
	 * client can retry, but never tell it an input buffer changed.
	 */
	for (int i = 0; i < TEE_NUM_PARAMS; i++)
		if (TEE_PARAM_TYPE_GET(req->ptypes, i) ==
		    TEE_PARAM_TYPE_MEMREF_INPUT)
			req->params[i].memref.size = sizes[i];
	cur_session = 0;
	cur_op = 0;
	memset(&cur_client, 0, sizeof(cur_client));
}

void teeta_set_cancel(uint32_t session)
{
	if (session == cur_session)
		cancel_seen = true;
}

/* ------------------------------------------------------------ panic */

void TEE_Panic(TEE_Result code)
{
	teeta_log("TA panicked with code 0x%08x", code);
	if (host.panic)
		host.panic(host.ctx, code);
	_exit(70);
}

/* ----------------------------------------------------------- memory */

/*
 * The TA's heap is TA_DATA_SIZE bytes of TEE_Malloc (decision 1704): each
 * block carries a header with its size, counted in heap_used against the
 * limit. Memory libteeta or libcrypto allocate for the TA (GP objects and
 * operations) is the TEE's, not the TA's, and RLIMIT_DATA bounds it.
 */
#define TEETA_HEAP_MAGIC	0x7465656b68656170ULL	/* "teekheap" */

union teeta_block {
	struct {
		size_t size;
		uint64_t magic;
	};
	max_align_t align;
};

static size_t heap_limit(void)
{
	if (!ta_head || !ta_head->data_size || ta_head->data_size > SIZE_MAX)
		return SIZE_MAX;
	return ta_head->data_size;
}

void teeta_heap_usage(size_t *used, size_t *peak, size_t *limit)
{
	*used = heap_used;
	*peak = heap_peak;
	*limit = heap_limit();
}

static bool heap_take(size_t old, size_t size)
{
	size_t limit = heap_limit(), rest = limit - (heap_used - old);

	if (size > rest) {
		teeta_log("TEE_Malloc/TEE_Realloc of %zu bytes refused: the TA's heap limit TA_DATA_SIZE is %zu bytes, %zu in use, peak %zu (raise TA_DATA_SIZE in user_ta_header_defines.h or free blocks)",
			  size, limit, heap_used, heap_peak);
		return false;
	}
	heap_used = heap_used - old + size;
	if (heap_used > heap_peak)
		heap_peak = heap_used;
	return true;
}

static union teeta_block *heap_block(void *buffer, const char *fn)
{
	union teeta_block *b = (union teeta_block *)buffer - 1;

	if (b->magic != TEETA_HEAP_MAGIC || b->size > heap_used) {
		teeta_log("%s(%p): not a block from TEE_Malloc/TEE_Realloc, or already freed (the TA's bug)",
			  fn, buffer);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	return b;
}

/*
 * What TEE_Malloc(0) and TEE_Realloc(p, 0) return, as OP-TEE's libutee
 * does: one fixed non-NULL address that is no block and faults when
 * touched (the first page is never mapped). TEE_Free ignores it;
 * TEE_Realloc of it is a new zero-filled block. Decision 1542.
 */
#define TEETA_NULL_SIZED	((void *)1)

void *TEE_Malloc(size_t size, uint32_t hint)
{
	union teeta_block *b;

	if (hint & ~(TEE_MALLOC_NO_FILL | TEE_MALLOC_NO_SHARE) &&
	    hint < 0x80000000)
		return NULL;
	if (!size)
		return TEETA_NULL_SIZED;
	if (!heap_take(0, size))
		return NULL;
	b = size > SIZE_MAX - sizeof(*b) ? NULL : malloc(sizeof(*b) + size);
	if (!b) {
		heap_used -= size;
		teeta_log("TEE_Malloc of %zu bytes: the host is out of memory (RLIMIT_DATA, decision 1704)",
			  size);
		return NULL;
	}
	b->size = size;
	b->magic = TEETA_HEAP_MAGIC;
	if (!(hint & TEE_MALLOC_NO_FILL))
		memset(b + 1, 0, size);
	return b + 1;
}

void *TEE_Realloc(void *buffer, size_t newSize)
{
	union teeta_block *b, *nb;
	size_t old;

	if (!newSize) {
		/* OP-TEE: the block is freed, the answer is the 0-size pointer */
		TEE_Free(buffer);
		return TEETA_NULL_SIZED;
	}
	if (!buffer)
		return TEE_Malloc(newSize, TEE_MALLOC_NO_FILL);
	if (buffer == TEETA_NULL_SIZED)
		return TEE_Malloc(newSize, TEE_MALLOC_FILL_ZERO);
	b = heap_block(buffer, "TEE_Realloc");
	old = b->size;
	if (!heap_take(old, newSize))
		return NULL;
	nb = newSize > SIZE_MAX - sizeof(*b) ? NULL :
	     realloc(b, sizeof(*b) + newSize);
	if (!nb) {
		heap_used = heap_used - newSize + old;
		return NULL;
	}
	nb->size = newSize;
	return nb + 1;
}

void TEE_Free(void *buffer)
{
	union teeta_block *b;

	if (!buffer || buffer == TEETA_NULL_SIZED)
		return;
	b = heap_block(buffer, "TEE_Free");
	heap_used -= b->size;
	b->magic = 0;
	free(b);
}

void *TEE_MemMove(void *dest, const void *src, size_t size)
{
	return memmove(dest, src, size);
}

int32_t TEE_MemCompare(const void *buffer1, const void *buffer2, size_t size)
{
	int r = memcmp(buffer1, buffer2, size);

	return r < 0 ? -1 : r > 0;
}

void *TEE_MemFill(void *buffer, uint32_t x, size_t size)
{
	return memset(buffer, (int)(x & 0xff), size);
}

/*
 * Access rights: GP's rules on the kernel's list of mappings (memrights.c);
 * the table of client views (main.c) is a second opinion on what is
 * shared with the client.
 */

TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void *buffer,
				       size_t size)
{
	TEE_Result res;
	bool writable;

	/* OP-TEE's choice: 0 bytes are accessible, whatever the address and flags */
	if (!size)
		return TEE_SUCCESS;
	res = teeta_mem_access(accessFlags, buffer, size);
	if (!res && size && !(accessFlags & TEE_MEMORY_ACCESS_ANY_OWNER) &&
	    teeta_range_is_shared(buffer, size, &writable))
		return TEE_ERROR_ACCESS_DENIED;
	return res;
}

void TEE_SetInstanceData(const void *instanceData)
{
	instance_data = instanceData;
}

const void *TEE_GetInstanceData(void)
{
	return instance_data;
}

/* ----------------------------------------------------- cancellation */

bool TEE_GetCancellationFlag(void)
{
	if (cancel_masked)
		return false;
	if (!cancel_seen && host.cancel_pending)
		cancel_seen = host.cancel_pending(host.ctx);
	return cancel_seen;
}

bool teeta_cancel_masked(void)
{
	return cancel_masked;
}

bool TEE_UnmaskCancellation(void)
{
	bool was = cancel_masked;

	cancel_masked = false;
	return was;
}

bool TEE_MaskCancellation(void)
{
	bool was = cancel_masked;

	cancel_masked = true;
	return was;
}

/* ------------------------------------------------------------- time */

void TEE_GetSystemTime(TEE_Time *t)
{
	struct timespec ts;

	if (!t)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t->seconds = ts.tv_sec;
	t->millis = ts.tv_nsec / 1000000;
}

TEE_Result TEE_Wait(uint32_t timeout)
{
	struct timespec ts;

	if (!cancel_masked) {
		if (TEE_GetCancellationFlag())
			return TEE_ERROR_CANCEL;
		if (host.wait)
			return host.wait(host.ctx, timeout) ?
			       TEE_ERROR_CANCEL : TEE_SUCCESS;
	}
	if (timeout == TEE_TIMEOUT_INFINITE) {
		for (;;)
			pause();
	}
	ts.tv_sec = timeout / 1000;
	ts.tv_nsec = (timeout % 1000) * 1000000L;
	while (nanosleep(&ts, &ts))
		;
	return TEE_SUCCESS;
}
