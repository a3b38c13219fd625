// SPDX-License-Identifier: GPL-2.0-only
/*
 * loop.c - one round of the supplicant: SUPPL_RECV -> dispatch -> SUPPL_SEND.
 *
 * Every RECV announces request ids with a META param 0 and room for four
 * real params (168 bytes in all). The answer reuses the same buffer: the
 * meta param is echoed unchanged at index 0, so the kernel finds the
 * request by its id, and the params keep their types, which drive the
 * kernel's parsing of the answer.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "supp.h"

struct supp_msg {
	union {
		struct tee_iocl_supp_recv_arg recv;
		struct tee_iocl_supp_send_arg send;
	};
	struct tee_ioctl_param params[SUPP_MAX_PARAMS + 1];
};

static int supp_ioctl(int fd, unsigned long cmd, struct supp_msg *m,
		      size_t len)
{
	struct tee_ioctl_buf_data data = {
		.buf_ptr = (uintptr_t)m,
		.buf_len = len,
	};

	return ioctl(fd, cmd, &data) ? -errno : 0;
}

static size_t msg_len(uint32_t n)
{
	return sizeof(struct tee_iocl_supp_recv_arg) +
	       n * sizeof(struct tee_ioctl_param);
}

int supp_serve_one(struct supp_ctx *ctx, const struct supp_serve_hooks *h)
{
	struct supp_msg m;
	uint32_t func, n, ret;
	int rc;

	do {
		memset(&m, 0, sizeof(m));
		m.recv.num_params = SUPP_MAX_PARAMS + 1;
		m.params[0].attr = TEE_IOCTL_PARAM_ATTR_META;
		rc = supp_ioctl(ctx->dev_fd, TEE_IOC_SUPPL_RECV, &m,
				msg_len(SUPP_MAX_PARAMS + 1));
	} while (rc == -EINTR);
	if (rc) {
		supp_err("SUPPL_RECV on %s: %s", ctx->dev_path, strerror(-rc));
		return rc;
	}
	if (h && h->picked_up)
		h->picked_up(h->arg);

	func = m.recv.func;
	n = m.recv.num_params;
	if (n < 1 || n > SUPP_MAX_PARAMS + 1 ||
	    m.params[0].attr != (TEE_IOCTL_PARAM_ATTR_META |
				 TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT)) {
		/* the kernel broke the META contract: nothing to answer by id */
		supp_err("request without a META id (func %u, %u params)",
			 func, n);
		return -EPROTO;
	}
	ret = supp_dispatch(ctx, func, &m.params[1], n - 1);

	m.send.ret = ret;
	m.send.num_params = n;
	/* before SEND: the requester may post its next one at once */
	if (h && h->answering)
		h->answering(h->arg);
	rc = supp_ioctl(ctx->dev_fd, TEE_IOC_SUPPL_SEND, &m, msg_len(n));
	if (rc == -ENODEV) {
		supp_err("SUPPL_SEND on %s: %s", ctx->dev_path, strerror(-rc));
		return rc;
	}
	if (rc)	/* e.g. ENOENT: the requester is gone; keep serving */
		supp_dbg("SUPPL_SEND of request %llu (%s): %s",
			 (unsigned long long)m.params[0].a,
			 supp_func_name(func), strerror(-rc));
	return 0;
}
