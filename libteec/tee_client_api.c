// SPDX-License-Identifier: BSD-2-Clause
/*
 * tee_client_api.c - the GlobalPlatform TEE Client API over the Linux TEE
 * ioctl ABI (docs/abi.md), as documented in docs/libteec.md.
 *
 * Structure: the GP functions (TEEC_*) at the end are thin; they check
 * their arguments, then call internal helpers (teec_*) that return -errno
 * or a TEEC_Result, and leave through one exit path that sets the return
 * origin. Every errno goes through teec_errno_result().
 *
 * Threads: a TEEC_Context holds nothing but an fd and two flags, so any
 * number of threads may use one context, one session or one shared memory
 * block at once; the driver serialises nothing either. The shared state
 * is the list of pending operations for cancellation (teec_pending) and
 * the idle objects of temporary memrefs (teec_scratch.c); neither lock is
 * ever held across a system call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include <linux/tee.h>

#include "tee_client_api.h"
#include "tee_client_api_extensions.h"
#include "teec_private.h"

#define TEEC_NPARAMS		TEEC_CONFIG_PAYLOAD_REF_COUNT
#define TEEC_MAX_DEVS		16	/* client nodes are /dev/tee0..15 */
#define TEEC_IMPL_ID_TEST	0x7e57	/* TEEKIT_IMPL_ID_TEST */

/* ------------------------------------------------------------ devices */

/*
 * The names TEEC_InitializeContext knows besides NULL and a path. Any other
 * name is ITEM_NOT_FOUND, as in OP-TEE's libteec (docs/libteec.md).
 */
static bool teec_name_known(const char *name)
{
	return !name || name[0] == '/' || !strcmp(name, "optee-tz") ||
	       !strcmp(name, "teekit-sim") || !strcmp(name, "teekit-test");
}

/* Does a device with version @v serve the TEE called @name (see docs)? */
static bool teec_dev_match(const struct tee_ioctl_version_data *v, const char *name)
{
	if (!(v->gen_caps & TEE_GEN_CAP_GP))
		return false;
	if (!name || name[0] == '/')
		return true;
	if (!strcmp(name, "optee-tz") || !strcmp(name, "teekit-sim"))
		return v->impl_id == TEE_IMPL_ID_OPTEE;
	if (!strcmp(name, "teekit-test"))
		return v->impl_id == TEEC_IMPL_ID_TEST;
	return false;
}

/* Open @path and check it serves @name: fd, or -errno (ENODEV: no match). */
static int teec_dev_open(const char *path, const char *name,
			 struct tee_ioctl_version_data *v)
{
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TEE_IOC_VERSION, v)) {
		err = errno == EINVAL ? ENOTTY : errno;
		goto err_close;
	}
	if (!teec_dev_match(v, name)) {
		err = ENODEV;
		goto err_close;
	}
	return fd;

err_close:
	close(fd);
	return -err;
}

/*
 * The device for @name: a path names itself; otherwise TEEC_DEVICE if set,
 * else the first /dev/teeN that matches. Among failures, a permission
 * problem is reported over "not found" so that the cause is named.
 */
static int teec_dev_find(const char *name, struct tee_ioctl_version_data *v)
{
	const char *env = getenv("TEEC_DEVICE");
	char path[32];
	int i, fd, err = -ENOENT;

	if (name && name[0] == '/')
		return teec_dev_open(name, name, v);
	if (env && env[0])
		return teec_dev_open(env, name, v);
	for (i = 0; i < TEEC_MAX_DEVS; i++) {
		snprintf(path, sizeof(path), "/dev/tee%d", i);
		fd = teec_dev_open(path, name, v);
		if (fd >= 0)
			return fd;
		if (fd == -EACCES || fd == -EPERM || (fd != -ENOENT && err == -ENOENT))
			err = fd;
	}
	return err;
}

/* ------------------------------------------------------- shared memory */

/* SHM_ALLOC @size (>= 1) bytes and map them; the shm fd is not kept. */
int teec_shm_alloc(int fd, size_t size, int *id, void **map, size_t *maplen)
{
	struct tee_ioctl_shm_alloc_data data = { .size = size };
	int shm_fd, err;
	void *p;

	shm_fd = ioctl(fd, TEE_IOC_SHM_ALLOC, &data);
	if (shm_fd < 0)
		return -errno;
	p = mmap(NULL, data.size, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	err = errno;
	/* the mapping keeps the object and its id alive (docs/abi.md) */
	close(shm_fd);
	if (p == MAP_FAILED)
		return -err;
	*id = data.id;
	*map = p;
	*maplen = data.size;
	return 0;
}

/* The context's shm limits (docs/limits.md) or memory ran out */
static bool teec_resource_err(int err)
{
	return err == ENOMEM || err == EMFILE || err == ENOSPC;
}

/* Idle scratch objects count against the limits: free them, try again */
int teec_shm_alloc_retry(int fd, size_t size, int *id, void **map, size_t *maplen)
{
	int err = teec_shm_alloc(fd, size, id, map, maplen);

	if (err && teec_resource_err(-err) && teec_scratch_forget_ctx(fd))
		err = teec_shm_alloc(fd, size, id, map, maplen);
	return err;
}

static void teec_shm_reset(TEEC_SharedMemory *shm)
{
	TEEC_SHM(shm)->id = -1;
	TEEC_SHM(shm)->alloced_size = 0;
	TEEC_SHM(shm)->shadow_buffer = NULL;
	TEEC_SHM(shm)->registered_fd = -1;
	TEEC_SHM_KIND(shm) = 0;
}

static TEEC_Result teec_shm_check(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	if (!ctx || !shm || TEEC_CTX(ctx)->fd < 0)
		return TEEC_ERROR_BAD_PARAMETERS;
	/* no direction at all is refused, as in OP-TEE's libteec */
	if (!shm->flags || (shm->flags & ~(uint32_t)(TEEC_MEM_INPUT | TEEC_MEM_OUTPUT)))
		return TEEC_ERROR_BAD_PARAMETERS;
	return TEEC_SUCCESS;
}

/*
 * Allocating or registering @size bytes failed with -@err: a size the
 * driver refuses (EINVAL, E2BIG, EOVERFLOW) is memory the TEE cannot give,
 * OUT_OF_MEMORY as in OP-TEE's libteec; other errors keep their meaning.
 */
static TEEC_Result teec_shm_result(int err)
{
	if (err == EINVAL || err == E2BIG || err == EOVERFLOW)
		return TEEC_ERROR_OUT_OF_MEMORY;
	return teec_errno_result(err);
}

static TEEC_Result teec_shm_make_shadow(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	size_t len;
	void *map;
	int err, id;

	err = teec_shm_alloc_retry(TEEC_CTX(ctx)->fd, shm->size ? shm->size : 1, &id, &map, &len);
	if (err)
		return teec_shm_result(-err);
	TEEC_SHM(shm)->id = id;
	TEEC_SHM(shm)->shadow_buffer = map;
	TEEC_SHM(shm)->alloced_size = len;
	TEEC_SHM_KIND(shm) = TEEC_SHM_SHADOW;
	return TEEC_SUCCESS;
}

/* Errors of SHM_REGISTER after which a shadow buffer still works. */
static bool teec_reg_fallback(int err)
{
	return err == EFAULT || err == EINVAL || err == ENOTSUPP ||
	       err == EOPNOTSUPP || err == EPERM || err == EACCES;
}

/* ---------------------------------------------------------- operations */

/*
 * One call: where its temporary memrefs may come from (scratch objects of
 * @session of the context @fd, reused only if @cache) and the objects taken.
 */
struct teec_call {
	int fd;
	uint32_t session;
	bool cache;
	struct teec_scratch *scr[TEEC_NPARAMS];
};

/*
 * The ioctl failed: the secure world may still be running the abandoned
 * call on the objects, so none of them may serve another call.
 */
static void teec_call_abandoned(struct teec_call *call)
{
	int i;

	for (i = 0; i < TEEC_NPARAMS; i++)
		if (call->scr[i])
			call->scr[i]->cache = false;
}

static void teec_call_free(struct teec_call *call)
{
	int i;

	for (i = 0; i < TEEC_NPARAMS; i++)
		teec_scratch_put(call->scr[i]);
}

/* ioctl memref attr of a GP memref type, 0 if @type is not one */
static uint64_t teec_memref_attr(uint32_t type, uint32_t parent_flags)
{
	switch (type) {
	case TEEC_MEMREF_TEMP_INPUT:
	case TEEC_MEMREF_PARTIAL_INPUT:
		return TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT;
	case TEEC_MEMREF_TEMP_OUTPUT:
	case TEEC_MEMREF_PARTIAL_OUTPUT:
		return TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT;
	case TEEC_MEMREF_TEMP_INOUT:
	case TEEC_MEMREF_PARTIAL_INOUT:
		return TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
	case TEEC_MEMREF_WHOLE:
		switch (parent_flags & (TEEC_MEM_INPUT | TEEC_MEM_OUTPUT)) {
		case TEEC_MEM_INPUT:
			return TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT;
		case TEEC_MEM_OUTPUT:
			return TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT;
		case TEEC_MEM_INPUT | TEEC_MEM_OUTPUT:
			return TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
		}
	}
	return 0;
}

static bool teec_attr_in(uint64_t attr)
{
	return attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT ||
	       attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

static bool teec_attr_out(uint64_t attr)
{
	return attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT ||
	       attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

static TEEC_Result teec_prep_tmpref(TEEC_Context *ctx, TEEC_TempMemoryReference *t,
				    uint64_t attr, struct tee_ioctl_param *p,
				    struct teec_call *call, int i)
{
	struct teec_scratch *s;
	int err;

	p->attr = attr;
	p->b = t->size;
	if (!t->buffer && TEEC_CTX(ctx)->memref_null) {
		/*
		 * A null memref, with the caller's size: GP's size query (the
		 * TA may answer SHORT_BUFFER with the size it needs). OP-TEE's
		 * libteec refuses a non-zero size here; teekit keeps the query
		 * (docs/libteec.md "OP-TEE's choices", decision 1541).
		 */
		p->c = TEE_MEMREF_NULL;
		return TEEC_SUCCESS;
	}
	if (!t->buffer && t->size && teec_attr_in(attr))
		return TEEC_ERROR_BAD_PARAMETERS;
	err = teec_scratch_get(call->fd, call->cache, call->session,
			       t->size ? t->size : 1, &s);
	if (err)
		return teec_shm_result(-err);
	call->scr[i] = s;
	teec_scratch_prepare(s, teec_attr_in(attr) ? t->buffer : NULL, t->size,
			     teec_attr_out(attr));
	p->c = (uint64_t)s->id;
	return TEEC_SUCCESS;
}

static TEEC_Result teec_prep_memref(TEEC_RegisteredMemoryReference *m, uint32_t type,
				    struct tee_ioctl_param *p)
{
	TEEC_SharedMemory *shm = m->parent;
	uint32_t need = 0;
	size_t offs, size;

	if (!shm || TEEC_SHM(shm)->id < 0 || !TEEC_SHM_KIND(shm))
		return TEEC_ERROR_BAD_PARAMETERS;
	p->attr = teec_memref_attr(type, shm->flags);
	if (!p->attr)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (type == TEEC_MEMREF_WHOLE) {
		offs = 0;
		size = shm->size;
	} else {
		offs = m->offset;
		size = m->size;
		if (teec_attr_in(p->attr))
			need |= TEEC_MEM_INPUT;
		if (teec_attr_out(p->attr))
			need |= TEEC_MEM_OUTPUT;
		if ((shm->flags & need) != need)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (offs > shm->size || size > shm->size - offs)
			return TEEC_ERROR_BAD_PARAMETERS;
	}
	if ((TEEC_SHM_KIND(shm) & TEEC_SHM_SHADOW) && teec_attr_in(p->attr) && size)
		memcpy((char *)TEEC_SHM(shm)->shadow_buffer + offs, (char *)shm->buffer + offs, size);
	p->a = offs;
	p->b = size;
	p->c = (uint64_t)TEEC_SHM(shm)->id;
	return TEEC_SUCCESS;
}

/* Turn @op into the 4 ioctl parameters @p; temporary memory goes into @call. */
static TEEC_Result teec_prep(TEEC_Context *ctx, TEEC_Operation *op,
			     struct tee_ioctl_param *p, struct teec_call *call)
{
	TEEC_Result res;
	uint32_t type;
	int i;

	memset(p, 0, TEEC_NPARAMS * sizeof(*p));
	if (!op)
		return TEEC_SUCCESS;
	for (i = 0; i < TEEC_NPARAMS; i++) {
		type = TEEC_PARAM_TYPE_GET(op->paramTypes, i);
		switch (type) {
		case TEEC_NONE:
			continue;
		case TEEC_VALUE_INPUT:
		case TEEC_VALUE_INOUT:
			p[i].a = op->params[i].value.a;
			p[i].b = op->params[i].value.b;
			/* fall through */
		case TEEC_VALUE_OUTPUT:
			p[i].attr = type;	/* GP and ioctl value types are equal */
			continue;
		case TEEC_MEMREF_TEMP_INPUT:
		case TEEC_MEMREF_TEMP_OUTPUT:
		case TEEC_MEMREF_TEMP_INOUT:
			res = teec_prep_tmpref(ctx, &op->params[i].tmpref,
					       teec_memref_attr(type, 0), &p[i], call, i);
			break;
		case TEEC_MEMREF_WHOLE:
		case TEEC_MEMREF_PARTIAL_INPUT:
		case TEEC_MEMREF_PARTIAL_OUTPUT:
		case TEEC_MEMREF_PARTIAL_INOUT:
			res = teec_prep_memref(&op->params[i].memref, type, &p[i]);
			break;
		default:
			res = TEEC_ERROR_BAD_PARAMETERS;
		}
		if (res != TEEC_SUCCESS)
			return res;
	}
	return TEEC_SUCCESS;
}

/*
 * Give the results of a call that reached the TEE (ioctl returned 0) back to
 * @op. Values always; memref sizes on SUCCESS and SHORT_BUFFER (the size the
 * TA needs); data of temporary and shadowed memrefs only on SUCCESS, and
 * never more than the caller's buffer holds.
 */
static void teec_post(TEEC_Operation *op, const struct tee_ioctl_param *p,
		      struct teec_call *call, TEEC_Result res)
{
	bool sizes = res == TEEC_SUCCESS || res == TEEC_ERROR_SHORT_BUFFER;
	TEEC_TempMemoryReference *t;
	TEEC_RegisteredMemoryReference *m;
	uint32_t type;
	size_t n;
	int i;

	if (!op)
		return;
	for (i = 0; i < TEEC_NPARAMS; i++) {
		type = TEEC_PARAM_TYPE_GET(op->paramTypes, i);
		if (type == TEEC_VALUE_OUTPUT || type == TEEC_VALUE_INOUT) {
			op->params[i].value.a = (uint32_t)p[i].a;
			op->params[i].value.b = (uint32_t)p[i].b;
			continue;
		}
		if (!sizes || !teec_attr_out(p[i].attr))
			continue;
		if (type >= TEEC_MEMREF_TEMP_INPUT && type <= TEEC_MEMREF_TEMP_INOUT) {
			t = &op->params[i].tmpref;
			if (res == TEEC_SUCCESS && t->buffer && call->scr[i] && p[i].b <= t->size)
				memcpy(t->buffer, call->scr[i]->map, p[i].b);
			t->size = p[i].b;
			continue;
		}
		m = &op->params[i].memref;
		if (res == TEEC_SUCCESS && (TEEC_SHM_KIND(m->parent) & TEEC_SHM_SHADOW)) {
			n = type == TEEC_MEMREF_WHOLE ? m->parent->size : m->size;
			if (p[i].b < n)
				n = p[i].b;
			if (n)
				memcpy((char *)m->parent->buffer + p[i].a,
				       (char *)TEEC_SHM(m->parent)->shadow_buffer + p[i].a, n);
		}
		m->size = p[i].b;
	}
}

/* ------------------------------------------------------- cancellation */

/*
 * Operations in flight, for TEEC_RequestCancellation. An operation is on
 * the list from just before its ioctl until just after; teec_pending_lock
 * protects the list, teec_next_cancel_id, and the started and cancel id
 * (TEEC_OP_CANCEL) fields of every operation passed to the API, and is
 * never held across a system call.
 */
struct teec_pending {
	TEEC_Operation *op;
	int fd;
	uint32_t session;	/* 0 while the session is being opened */
	uint32_t cancel_id;
	struct teec_pending *next;
};

/* TEEC_OP_CANCEL() of a not yet started operation whose cancellation was asked */
#define TEEC_CANCEL_EARLY	((uintptr_t)0xCA9CE1EDu)

static pthread_mutex_t teec_pending_lock = PTHREAD_MUTEX_INITIALIZER;
static struct teec_pending *teec_pending_list;
static uint32_t teec_next_cancel_id;

/* Put @op on the list as @pend; TEEC_ERROR_CANCEL if cancelled before it started. */
static TEEC_Result teec_op_begin(TEEC_Operation *op, struct teec_pending *pend,
				 int fd, uint32_t session)
{
	pend->op = op;
	pend->cancel_id = 0;
	if (!op)
		return TEEC_SUCCESS;
	pthread_mutex_lock(&teec_pending_lock);
	if (!op->started && TEEC_OP_CANCEL(op) == TEEC_CANCEL_EARLY) {
		op->started = 1;
		TEEC_OP_CANCEL(op) = 0;
		pthread_mutex_unlock(&teec_pending_lock);
		return TEEC_ERROR_CANCEL;
	}
	do {
		pend->cancel_id = ++teec_next_cancel_id;
	} while (!pend->cancel_id || pend->cancel_id == TEEC_CANCEL_EARLY);
	pend->fd = fd;
	pend->session = session;
	pend->next = teec_pending_list;
	teec_pending_list = pend;
	op->started = 1;
	TEEC_OP_CANCEL(op) = pend->cancel_id;
	pthread_mutex_unlock(&teec_pending_lock);
	return TEEC_SUCCESS;
}

static void teec_op_end(struct teec_pending *pend)
{
	struct teec_pending **pp;

	if (!pend->op)
		return;
	pthread_mutex_lock(&teec_pending_lock);
	for (pp = &teec_pending_list; *pp; pp = &(*pp)->next) {
		if (*pp == pend) {
			*pp = pend->next;
			break;
		}
	}
	TEEC_OP_CANCEL(pend->op) = 0;
	pthread_mutex_unlock(&teec_pending_lock);
}

/* --------------------------------------------------------- GP functions */

/*
 * What opening a session and invoking a command share: @op into the ioctl
 * parameters @params (temporary memory into @call), the operation on the
 * cancellation list with its id in *@cancel_id, then the ioctl @req on
 * @bd. TEEC_SUCCESS when the ioctl reached the TEE (the TEE's answer is in
 * the ioctl argument); otherwise the error, and *@origin COMMS if the ioctl
 * itself failed (the call's objects are then abandoned).
 */
static TEEC_Result teec_call_run(TEEC_Context *ctx, TEEC_Operation *op,
				 struct teec_call *call,
				 struct tee_ioctl_param *params,
				 __u32 *cancel_id, unsigned long req,
				 struct tee_ioctl_buf_data *bd, uint32_t *origin)
{
	struct teec_pending pend;
	TEEC_Result res;
	int rc;

	res = teec_prep(ctx, op, params, call);
	if (res != TEEC_SUCCESS)
		return res;
	res = teec_op_begin(op, &pend, TEEC_CTX(ctx)->fd, call->session);
	if (res != TEEC_SUCCESS)
		return res;
	*cancel_id = pend.cancel_id;
	rc = ioctl(TEEC_CTX(ctx)->fd, req, bd);
	teec_op_end(&pend);
	if (rc) {
		res = teec_errno_result(errno);
		/* (a no-op for OpenSession: its objects are never cached) */
		teec_call_abandoned(call);
		*origin = TEEC_ORIGIN_COMMS;
		return res;
	}
	return TEEC_SUCCESS;
}

TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *ctx)
{
	struct tee_ioctl_version_data v;
	int fd;

	teec_detail_clear();
	if (!ctx)
		return TEEC_ERROR_BAD_PARAMETERS;
	TEEC_CTX(ctx)->fd = -1;
	if (!teec_name_known(name)) {
		teec_detail_set(TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_API,
				"no TEE is called \"%.64s\": TEEC_InitializeContext takes NULL (the default TEE, or $TEEC_DEVICE), \"optee-tz\", \"teekit-sim\", \"teekit-test\" or a device path such as /dev/tee0 (the calling application's error)",
				name);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	fd = teec_dev_find(name, &v);
	if (fd < 0) {
		teec_diagnose(-1, NULL, teec_errno_result(-fd), TEEC_ORIGIN_COMMS);
		return teec_errno_result(-fd);
	}
	TEEC_CTX(ctx)->fd = fd;
	TEEC_CTX(ctx)->reg_mem = v.gen_caps & TEE_GEN_CAP_REG_MEM;
	TEEC_CTX(ctx)->memref_null = v.gen_caps & TEE_GEN_CAP_MEMREF_NULL;
	return TEEC_SUCCESS;
}

void TEEC_FinalizeContext(TEEC_Context *ctx)
{
	if (!ctx || TEEC_CTX(ctx)->fd < 0)
		return;
	teec_scratch_forget_ctx(TEEC_CTX(ctx)->fd);
	close(TEEC_CTX(ctx)->fd);
	TEEC_CTX(ctx)->fd = -1;
}

/* TA UUID in RFC 4122 byte order, as the driver wants it */
static void teec_uuid_octets(const TEEC_UUID *u, uint8_t *out)
{
	out[0] = u->timeLow >> 24;
	out[1] = u->timeLow >> 16;
	out[2] = u->timeLow >> 8;
	out[3] = u->timeLow;
	out[4] = u->timeMid >> 8;
	out[5] = u->timeMid;
	out[6] = u->timeHiAndVersion >> 8;
	out[7] = u->timeHiAndVersion;
	memcpy(out + 8, u->clockSeqAndNode, 8);
}

/*
 * Login data for the driver: GROUP and GROUP_APPLICATION pass the gid that
 * @data points to in clnt_uuid[0..3] (native order); the kernel computes
 * the identity of every method (docs/abi.md). Other methods ignore @data.
 */
static TEEC_Result teec_login(uint32_t method, const void *data, uint8_t *clnt_uuid)
{
	uint32_t gid;

	switch (method) {
	case TEEC_LOGIN_PUBLIC:
	case TEEC_LOGIN_USER:
	case TEEC_LOGIN_APPLICATION:
	case TEEC_LOGIN_USER_APPLICATION:
		return TEEC_SUCCESS;
	case TEEC_LOGIN_GROUP:
	case TEEC_LOGIN_GROUP_APPLICATION:
		if (!data)
			return TEEC_ERROR_BAD_PARAMETERS;
		memcpy(&gid, data, sizeof(gid));
		memcpy(clnt_uuid, &gid, sizeof(gid));
		return TEEC_SUCCESS;
	default:
		return TEEC_ERROR_BAD_PARAMETERS;
	}
}

#define TEEC_OPEN_LEN	(sizeof(struct tee_ioctl_open_session_arg) + \
			 TEEC_NPARAMS * sizeof(struct tee_ioctl_param))
#define TEEC_INVOKE_LEN	(sizeof(struct tee_ioctl_invoke_arg) + \
			 TEEC_NPARAMS * sizeof(struct tee_ioctl_param))

TEEC_Result TEEC_OpenSession(TEEC_Context *ctx, TEEC_Session *session,
			     const TEEC_UUID *destination, uint32_t connectionMethod,
			     const void *connectionData, TEEC_Operation *operation,
			     uint32_t *returnOrigin)
{
	uint64_t buf[TEEC_OPEN_LEN / sizeof(uint64_t)] = { 0 };
	struct tee_ioctl_open_session_arg *arg = (void *)buf;
	struct tee_ioctl_buf_data bd = {
		.buf_ptr = (uintptr_t)buf,
		.buf_len = sizeof(buf),
	};
	struct teec_call call = { 0 };
	uint32_t origin = TEEC_ORIGIN_API;
	TEEC_Result res;

	teec_detail_clear();
	if (!ctx || !session || !destination || TEEC_CTX(ctx)->fd < 0) {
		res = TEEC_ERROR_BAD_PARAMETERS;
		goto out;
	}
	/* no session yet to tie scratch objects to: fresh ones, freed after */
	call.fd = TEEC_CTX(ctx)->fd;
	teec_uuid_octets(destination, arg->uuid);
	arg->clnt_login = connectionMethod;
	arg->num_params = TEEC_NPARAMS;
	res = teec_login(connectionMethod, connectionData, arg->clnt_uuid);
	if (res != TEEC_SUCCESS)
		goto out;
	res = teec_call_run(ctx, operation, &call, arg->params, &arg->cancel_id,
			    TEE_IOC_OPEN_SESSION, &bd, &origin);
	if (res != TEEC_SUCCESS)
		goto out_free;
	res = arg->ret;
	origin = arg->ret_origin;
	if (res == TEEC_SUCCESS) {
		TEEC_SESS(session)->ctx = ctx;
		TEEC_SESS(session)->session_id = arg->session;
		origin = TEEC_ORIGIN_TRUSTED_APP;
	}
	teec_post(operation, arg->params, &call, res);
out_free:
	teec_call_free(&call);
	if (res != TEEC_SUCCESS)
		teec_diagnose(TEEC_CTX(ctx)->fd, destination, res, origin);
out:
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

void TEEC_CloseSession(TEEC_Session *session)
{
	struct tee_ioctl_close_session_arg arg;
	struct teec_session_imp *s;
	int fd;

	if (!session || !TEEC_SESS(session)->ctx)
		return;
	s = TEEC_SESS(session);
	fd = TEEC_CTX(s->ctx)->fd;
	arg.session = s->session_id;
	ioctl(fd, TEE_IOC_CLOSE_SESSION, &arg);
	/* its id may be reused by a session to another TA */
	teec_scratch_forget_session(fd, s->session_id);
	s->ctx = NULL;
}

TEEC_Result TEEC_InvokeCommand(TEEC_Session *session, uint32_t commandID,
			       TEEC_Operation *operation, uint32_t *returnOrigin)
{
	uint64_t buf[TEEC_INVOKE_LEN / sizeof(uint64_t)] = { 0 };
	struct tee_ioctl_invoke_arg *arg = (void *)buf;
	struct tee_ioctl_buf_data bd = {
		.buf_ptr = (uintptr_t)buf,
		.buf_len = sizeof(buf),
	};
	struct teec_call call = { 0 };
	uint32_t origin = TEEC_ORIGIN_API;
	TEEC_Context *ctx;
	TEEC_Result res;

	teec_detail_clear();
	ctx = session ? TEEC_SESS(session)->ctx : NULL;
	if (!ctx || TEEC_CTX(ctx)->fd < 0) {
		res = TEEC_ERROR_BAD_PARAMETERS;
		goto out;
	}
	call.fd = TEEC_CTX(ctx)->fd;
	call.session = TEEC_SESS(session)->session_id;
	call.cache = true;
	arg->func = commandID;
	arg->session = TEEC_SESS(session)->session_id;
	arg->num_params = TEEC_NPARAMS;
	res = teec_call_run(ctx, operation, &call, arg->params, &arg->cancel_id,
			    TEE_IOC_INVOKE, &bd, &origin);
	if (res != TEEC_SUCCESS)
		goto out_free;
	res = arg->ret;
	origin = res == TEEC_SUCCESS ? TEEC_ORIGIN_TRUSTED_APP : arg->ret_origin;
	teec_post(operation, arg->params, &call, res);
out_free:
	teec_call_free(&call);
	if (res != TEEC_SUCCESS && origin == TEEC_ORIGIN_COMMS)
		teec_diagnose(TEEC_CTX(ctx)->fd, NULL, res, origin);
out:
	if (returnOrigin)
		*returnOrigin = origin;
	return res;
}

void TEEC_RequestCancellation(TEEC_Operation *operation)
{
	struct tee_ioctl_cancel_arg arg;
	struct teec_pending *p;
	int fd = -1;

	if (!operation)
		return;
	pthread_mutex_lock(&teec_pending_lock);
	for (p = teec_pending_list; p; p = p->next) {
		if (p->op == operation) {
			fd = p->fd;
			arg.cancel_id = p->cancel_id;
			arg.session = p->session;
			break;
		}
	}
	/* not started yet: it will be cancelled when it starts */
	if (!p && !operation->started)
		TEEC_OP_CANCEL(operation) = TEEC_CANCEL_EARLY;
	pthread_mutex_unlock(&teec_pending_lock);
	if (fd >= 0)
		ioctl(fd, TEE_IOC_CANCEL, &arg);
}

TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	TEEC_Result res;
	size_t len;
	void *map;
	int err, id;

	res = teec_shm_check(ctx, shm);
	if (res != TEEC_SUCCESS)
		return res;
	teec_shm_reset(shm);
	err = teec_shm_alloc_retry(TEEC_CTX(ctx)->fd, shm->size ? shm->size : 1, &id, &map, &len);
	if (err)
		return teec_shm_result(-err);
	shm->buffer = map;
	TEEC_SHM(shm)->id = id;
	TEEC_SHM(shm)->alloced_size = len;
	TEEC_SHM_KIND(shm) = TEEC_SHM_ALLOCATED;
	return TEEC_SUCCESS;
}

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	struct tee_ioctl_shm_register_data data = { 0 };
	TEEC_Result res;
	int fd;

	res = teec_shm_check(ctx, shm);
	if (res != TEEC_SUCCESS)
		return res;
	/* OP-TEE's choice: no buffer is an error even for 0 bytes */
	if (!shm->buffer)
		return TEEC_ERROR_BAD_PARAMETERS;
	teec_shm_reset(shm);
	/* the driver cannot register 0 bytes: a 1-byte shadow stands in */
	if (!TEEC_CTX(ctx)->reg_mem || !shm->size)
		return teec_shm_make_shadow(ctx, shm);
	data.addr = (uintptr_t)shm->buffer;
	data.length = shm->size;
	fd = ioctl(TEEC_CTX(ctx)->fd, TEE_IOC_SHM_REGISTER, &data);
	if (fd < 0 && teec_resource_err(errno) && teec_scratch_forget_ctx(TEEC_CTX(ctx)->fd))
		fd = ioctl(TEEC_CTX(ctx)->fd, TEE_IOC_SHM_REGISTER, &data);
	if (fd < 0) {
		if (teec_reg_fallback(errno))
			return teec_shm_make_shadow(ctx, shm);
		return teec_shm_result(errno);
	}
	TEEC_SHM(shm)->id = data.id;
	TEEC_SHM(shm)->registered_fd = fd;
	TEEC_SHM(shm)->alloced_size = data.length;
	TEEC_SHM_KIND(shm) = TEEC_SHM_REGISTERED;
	return TEEC_SUCCESS;
}

TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context *ctx,
						    TEEC_SharedMemory *shm, int fd)
{
	struct tee_ioctl_shm_register_fd_data data = { .fd = fd };
	int rfd;

	if (!ctx || !shm || TEEC_CTX(ctx)->fd < 0 || fd < 0)
		return TEEC_ERROR_BAD_PARAMETERS;
	rfd = ioctl(TEEC_CTX(ctx)->fd, TEE_IOC_SHM_REGISTER_FD, &data);
	if (rfd < 0) {
		/* upstream reports every import failure as EINVAL */
		if (errno == EINVAL || errno == ENOTTY || errno == ENOTSUPP ||
		    errno == EOPNOTSUPP)
			return TEEC_ERROR_NOT_SUPPORTED;
		return teec_errno_result(errno);
	}
	teec_shm_reset(shm);
	shm->buffer = NULL;
	shm->size = data.size;
	shm->flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	TEEC_SHM(shm)->id = data.id;
	TEEC_SHM(shm)->registered_fd = rfd;
	TEEC_SHM(shm)->alloced_size = data.size;
	TEEC_SHM_KIND(shm) = TEEC_SHM_DMABUF;
	return TEEC_SUCCESS;
}

void TEEC_ReleaseSharedMemory(TEEC_SharedMemory *shm)
{
	if (!shm || TEEC_SHM(shm)->id < 0 || !TEEC_SHM_KIND(shm))
		return;
	if (TEEC_SHM_KIND(shm) & TEEC_SHM_ALLOCATED) {
		munmap(shm->buffer, TEEC_SHM(shm)->alloced_size);
		shm->buffer = NULL;
	}
	if (TEEC_SHM_KIND(shm) & TEEC_SHM_SHADOW)
		munmap(TEEC_SHM(shm)->shadow_buffer, TEEC_SHM(shm)->alloced_size);
	if (TEEC_SHM(shm)->registered_fd >= 0)
		close(TEEC_SHM(shm)->registered_fd);
	teec_shm_reset(shm);
}
