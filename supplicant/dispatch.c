// SPDX-License-Identifier: GPL-2.0-only
/*
 * dispatch.c - from a received request to its handler and back.
 *
 * The table below is the whole list of services. Everything else,
 * including the functions the kernel answers itself (GET_TIME, SUSPEND,
 * ...), gets TEEC_ERROR_NOT_SUPPORTED, as OP-TEE's supplicant does.
 *
 * Memrefs arrive as a = offset, b = size, c = shm id of memory this
 * supplicant allocated through an SHM_ALLOC request. They are resolved here,
 * once, into (buf, size); an id that is not in the table, or
 * TEE_MEMREF_NULL, leaves buf NULL (a size query for output buffers, an
 * error for the handlers that need input). A range outside the object is
 * TEEC_ERROR_BAD_PARAMETERS before any handler runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "supp.h"

struct supp_service {
	const char *name;
	supp_handler handler;
};

static const struct supp_service services[] = {
	[SUPP_FUNC_LOAD_TA] = { "LOAD_TA", supp_load_ta },
	[SUPP_FUNC_RPMB] = { "RPMB", supp_rpmb_request },
	[SUPP_FUNC_FS] = { "FS", supp_fs_request },
	[SUPP_FUNC_SHM_ALLOC] = { "SHM_ALLOC", supp_shm_alloc_request },
	[SUPP_FUNC_SHM_FREE] = { "SHM_FREE", supp_shm_free_request },
	[SUPP_FUNC_SOCKET] = { "SOCKET", supp_socket_request },
	[SUPP_FUNC_PLUGIN] = { "SUPP_PLUGIN", supp_plugin_request },
};

const char *supp_func_name(uint32_t func)
{
	if (func < ARRAY_SIZE(services) && services[func].name)
		return services[func].name;
	return "unknown";
}

bool supp_is_value(const struct supp_param *p)
{
	uint64_t t = supp_ptype(p);

	return t >= TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT &&
	       t <= TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
}

bool supp_is_memref(const struct supp_param *p)
{
	uint64_t t = supp_ptype(p);

	return t >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
	       t <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

static int resolve_memref(struct supp_ctx *ctx, struct supp_param *sp)
{
	struct tee_ioctl_param *p = sp->p;
	void *addr;
	size_t size;

	sp->buf = NULL;
	sp->size = p->b;
	if (p->c == TEE_MEMREF_NULL || p->c > INT32_MAX)
		return 0;
	sp->shm = supp_shm_get(&ctx->shm, (int)p->c, &addr, &size);
	if (!sp->shm) {
		supp_dbg("memref names shm id %llu that is not ours",
			 (unsigned long long)p->c);
		return 0;
	}
	if (p->a > size || p->b > size - p->a)
		return -EINVAL;
	sp->buf = (char *)addr + p->a;
	return 0;
}

/*
 * Test hook of the storage crash suite (tests/storage/atomic.c):
 * TEEKIT_SUPP_DIE_AT=N ends the process at its N-th FS or RPMB request,
 * before serving it; "N+" after serving it, before the answer.
 */
static void die_point(uint32_t func, bool after)
{
	static unsigned long n, at;
	static bool init, at_after;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	const char *e;
	char *end;

	if (func != SUPP_FUNC_FS && func != SUPP_FUNC_RPMB)
		return;
	pthread_mutex_lock(&lock);
	if (!init) {
		e = getenv("TEEKIT_SUPP_DIE_AT");
		at = e ? strtoul(e, &end, 10) : 0;
		at_after = e && *end == '+';
		init = true;
	}
	if (!after)
		n++;
	if (at && n == at && after == at_after) {
		supp_err("TEEKIT_SUPP_DIE_AT: dying at storage request %lu (%s)",
			 n, after ? "served" : "not served");
		_exit(137);
	}
	pthread_mutex_unlock(&lock);
}

uint32_t supp_dispatch(struct supp_ctx *ctx, uint32_t func,
		       struct tee_ioctl_param *params, uint32_t num_params)
{
	struct supp_req req;
	uint32_t ret, i;

	if (func >= ARRAY_SIZE(services) || !services[func].handler) {
		supp_dbg("func %u not served", func);
		return TEEC_ERROR_NOT_SUPPORTED;
	}
	if (num_params > SUPP_MAX_PARAMS)
		return TEEC_ERROR_BAD_PARAMETERS;
	memset(&req, 0, sizeof(req));
	req.func = func;
	req.num_params = num_params;
	ret = TEEC_SUCCESS;
	for (i = 0; i < num_params; i++) {
		req.params[i].p = &params[i];
		if (params[i].attr & TEE_IOCTL_PARAM_ATTR_META)
			ret = TEEC_ERROR_BAD_PARAMETERS;
		else if (supp_is_memref(&req.params[i]) &&
			 resolve_memref(ctx, &req.params[i]))
			ret = TEEC_ERROR_BAD_PARAMETERS;
	}
	die_point(func, false);
	if (ret == TEEC_SUCCESS)
		ret = services[func].handler(ctx, &req);
	die_point(func, true);
	for (i = 0; i < num_params; i++)
		supp_shm_put(&ctx->shm, req.params[i].shm);
	supp_dbg("%s -> 0x%08x", services[func].name, ret);
	return ret;
}

uint32_t supp_errno_to_teec(int err)
{
	switch (err) {
	case 0:
		return TEEC_SUCCESS;
	case ENOENT:
	case ENOTDIR:
		return TEEC_ERROR_ITEM_NOT_FOUND;
	case EACCES:
	case EPERM:
	case EXDEV:	/* RESOLVE_BENEATH: the name leaves the root */
	case ELOOP:	/* a symlink where none is allowed */
	case EROFS:
		return TEEC_ERROR_ACCESS_DENIED;
	case EEXIST:
	case ENOTEMPTY:
	case EBUSY:
		return TEEC_ERROR_ACCESS_CONFLICT;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return TEEC_ERROR_STORAGE_NO_SPACE;
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return TEEC_ERROR_OUT_OF_MEMORY;
	case EINVAL:
	case EBADF:
	case ENAMETOOLONG:
	case EISDIR:
		return TEEC_ERROR_BAD_PARAMETERS;
	default:
		return TEEC_ERROR_GENERIC;
	}
}

void supp_uuid_str(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}
