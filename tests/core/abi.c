// SPDX-License-Identifier: GPL-2.0-only
/*
 * abi.c - the UAPI itself: struct sizes and offsets, ioctl numbers
 * (reference §1.2, §1.3), TEE_IOC_VERSION on both nodes, unknown ioctl
 * numbers, client ioctls on the supplicant node and the reverse, and the
 * errno order of the buffer ioctls' common checks (§2.1).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "harness.h"
#include "teetest.h"

#define CHECK_LAYOUT(type, size)	ASSERT_EQ(size, sizeof(struct type))
#define CHECK_OFF(type, field, off)	ASSERT_EQ(off, offsetof(struct type, field))

TEST(struct_sizes)
{
	CHECK_LAYOUT(tee_ioctl_version_data, 12);
	CHECK_LAYOUT(tee_ioctl_shm_alloc_data, 16);
	CHECK_LAYOUT(tee_ioctl_shm_register_data, 24);
	CHECK_LAYOUT(tee_ioctl_shm_register_fd_data, 24);
	CHECK_LAYOUT(tee_ioctl_buf_data, 16);
	CHECK_LAYOUT(tee_ioctl_param, 32);
	CHECK_LAYOUT(tee_ioctl_open_session_arg, 56);
	CHECK_LAYOUT(tee_ioctl_invoke_arg, 24);
	CHECK_LAYOUT(tee_ioctl_cancel_arg, 8);
	CHECK_LAYOUT(tee_ioctl_close_session_arg, 4);
	CHECK_LAYOUT(tee_iocl_supp_recv_arg, 8);
	CHECK_LAYOUT(tee_iocl_supp_send_arg, 8);
	CHECK_LAYOUT(tee_ioctl_object_invoke_arg, 24);
	CHECK_LAYOUT(teekit_ioctl_ctx_stats, 32);
}

TEST(struct_alignment)
{
	ASSERT_EQ(4, __alignof__(struct tee_ioctl_version_data));
	ASSERT_EQ(8, __alignof__(struct tee_ioctl_shm_alloc_data));
	ASSERT_EQ(8, __alignof__(struct tee_ioctl_shm_register_data));
	ASSERT_EQ(8, __alignof__(struct tee_ioctl_param));
	ASSERT_EQ(8, __alignof__(struct tee_ioctl_open_session_arg));
	ASSERT_EQ(8, __alignof__(struct tee_ioctl_invoke_arg));
}

TEST(offsets_version_shm)
{
	CHECK_OFF(tee_ioctl_version_data, impl_id, 0);
	CHECK_OFF(tee_ioctl_version_data, impl_caps, 4);
	CHECK_OFF(tee_ioctl_version_data, gen_caps, 8);
	CHECK_OFF(tee_ioctl_shm_alloc_data, size, 0);
	CHECK_OFF(tee_ioctl_shm_alloc_data, flags, 8);
	CHECK_OFF(tee_ioctl_shm_alloc_data, id, 12);
	CHECK_OFF(tee_ioctl_shm_register_data, addr, 0);
	CHECK_OFF(tee_ioctl_shm_register_data, length, 8);
	CHECK_OFF(tee_ioctl_shm_register_data, flags, 16);
	CHECK_OFF(tee_ioctl_shm_register_data, id, 20);
	CHECK_OFF(tee_ioctl_shm_register_fd_data, fd, 0);
	CHECK_OFF(tee_ioctl_shm_register_fd_data, size, 8);
	CHECK_OFF(tee_ioctl_shm_register_fd_data, flags, 16);
	CHECK_OFF(tee_ioctl_shm_register_fd_data, id, 20);
	CHECK_OFF(tee_ioctl_buf_data, buf_ptr, 0);
	CHECK_OFF(tee_ioctl_buf_data, buf_len, 8);
}

TEST(offsets_params_and_headers)
{
	CHECK_OFF(tee_ioctl_param, attr, 0);
	CHECK_OFF(tee_ioctl_param, a, 8);
	CHECK_OFF(tee_ioctl_param, b, 16);
	CHECK_OFF(tee_ioctl_param, c, 24);
	CHECK_OFF(tee_ioctl_open_session_arg, uuid, 0);
	CHECK_OFF(tee_ioctl_open_session_arg, clnt_uuid, 16);
	CHECK_OFF(tee_ioctl_open_session_arg, clnt_login, 32);
	CHECK_OFF(tee_ioctl_open_session_arg, cancel_id, 36);
	CHECK_OFF(tee_ioctl_open_session_arg, session, 40);
	CHECK_OFF(tee_ioctl_open_session_arg, ret, 44);
	CHECK_OFF(tee_ioctl_open_session_arg, ret_origin, 48);
	CHECK_OFF(tee_ioctl_open_session_arg, num_params, 52);
	CHECK_OFF(tee_ioctl_open_session_arg, params, 56);
	CHECK_OFF(tee_ioctl_invoke_arg, func, 0);
	CHECK_OFF(tee_ioctl_invoke_arg, session, 4);
	CHECK_OFF(tee_ioctl_invoke_arg, cancel_id, 8);
	CHECK_OFF(tee_ioctl_invoke_arg, ret, 12);
	CHECK_OFF(tee_ioctl_invoke_arg, ret_origin, 16);
	CHECK_OFF(tee_ioctl_invoke_arg, num_params, 20);
	CHECK_OFF(tee_ioctl_invoke_arg, params, 24);
	CHECK_OFF(tee_ioctl_cancel_arg, cancel_id, 0);
	CHECK_OFF(tee_ioctl_cancel_arg, session, 4);
	CHECK_OFF(tee_ioctl_close_session_arg, session, 0);
	CHECK_OFF(tee_iocl_supp_recv_arg, func, 0);
	CHECK_OFF(tee_iocl_supp_recv_arg, num_params, 4);
	CHECK_OFF(tee_iocl_supp_recv_arg, params, 8);
	CHECK_OFF(tee_iocl_supp_send_arg, ret, 0);
	CHECK_OFF(tee_iocl_supp_send_arg, num_params, 4);
	CHECK_OFF(tee_iocl_supp_send_arg, params, 8);
	CHECK_OFF(tee_ioctl_object_invoke_arg, id, 0);
	CHECK_OFF(tee_ioctl_object_invoke_arg, op, 8);
	CHECK_OFF(tee_ioctl_object_invoke_arg, ret, 12);
	CHECK_OFF(tee_ioctl_object_invoke_arg, num_params, 16);
	CHECK_OFF(tee_ioctl_object_invoke_arg, params, 24);
}

TEST(ioctl_numbers)
{
	ASSERT_EQ(0x800ca400u, TEE_IOC_VERSION);
	ASSERT_EQ(0xc010a401u, TEE_IOC_SHM_ALLOC);
	ASSERT_EQ(0x8010a402u, TEE_IOC_OPEN_SESSION);
	ASSERT_EQ(0x8010a403u, TEE_IOC_INVOKE);
	ASSERT_EQ(0x8008a404u, TEE_IOC_CANCEL);
	ASSERT_EQ(0x8004a405u, TEE_IOC_CLOSE_SESSION);
	ASSERT_EQ(0x8010a406u, TEE_IOC_SUPPL_RECV);
	ASSERT_EQ(0x8010a407u, TEE_IOC_SUPPL_SEND);
	ASSERT_EQ(0xc018a408u, TEE_IOC_SHM_REGISTER_FD);
	ASSERT_EQ(0xc018a409u, TEE_IOC_SHM_REGISTER);
	ASSERT_EQ(0x8010a40au, TEE_IOC_OBJECT_INVOKE);
}

TEST(constants)
{
	ASSERT_EQ(0xa4, TEE_IOC_MAGIC);
	ASSERT_EQ(0, TEE_IOC_BASE);
	ASSERT_EQ(4096, TEE_MAX_ARG_SIZE);
	ASSERT_EQ(16, TEE_IOCTL_UUID_LEN);
	ASSERT_EQ(1, TEE_GEN_CAP_GP);
	ASSERT_EQ(2, TEE_GEN_CAP_PRIVILEGED);
	ASSERT_EQ(4, TEE_GEN_CAP_REG_MEM);
	ASSERT_EQ(8, TEE_GEN_CAP_MEMREF_NULL);
	ASSERT_EQ(16, TEE_GEN_CAP_OBJREF);
	ASSERT_EQ(0xffffffffffffffffull, TEE_MEMREF_NULL);
	ASSERT_EQ(0, TEE_IOCTL_PARAM_ATTR_TYPE_NONE);
	ASSERT_EQ(1, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT);
	ASSERT_EQ(2, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT);
	ASSERT_EQ(3, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT);
	ASSERT_EQ(5, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT);
	ASSERT_EQ(6, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT);
	ASSERT_EQ(7, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT);
	ASSERT_EQ(8, TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_INPUT);
	ASSERT_EQ(10, TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_INOUT);
	ASSERT_EQ(11, TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_INPUT);
	ASSERT_EQ(13, TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_INOUT);
	ASSERT_EQ(0xff, TEE_IOCTL_PARAM_ATTR_TYPE_MASK);
	ASSERT_EQ(0x100, TEE_IOCTL_PARAM_ATTR_META);
	ASSERT_EQ(0x1ff, TEE_IOCTL_PARAM_ATTR_MASK);
	ASSERT_EQ(0, TEE_IOCTL_LOGIN_PUBLIC);
	ASSERT_EQ(1, TEE_IOCTL_LOGIN_USER);
	ASSERT_EQ(2, TEE_IOCTL_LOGIN_GROUP);
	ASSERT_EQ(4, TEE_IOCTL_LOGIN_APPLICATION);
	ASSERT_EQ(5, TEE_IOCTL_LOGIN_USER_APPLICATION);
	ASSERT_EQ(6, TEE_IOCTL_LOGIN_GROUP_APPLICATION);
	ASSERT_EQ(0x80000000u, TEE_IOCTL_LOGIN_REE_KERNEL_MIN);
	ASSERT_EQ(0xBFFFFFFFu, TEE_IOCTL_LOGIN_REE_KERNEL_MAX);
	ASSERT_EQ(0x80000000u, TEE_IOCTL_LOGIN_REE_KERNEL);
	ASSERT_EQ(32343, TEEKIT_IMPL_ID_TEST);
}

/* ------------------------------------------------------ on the device */

FIXTURE(dev) {
	struct tt_dev d;
	int fd;		/* /dev/teeN */
	int pfd;	/* /dev/teeprivN, the supplicant node */
	struct tee_ioctl_buf_data bd;
	union {
		uint8_t raw[TEE_MAX_ARG_SIZE + 64];
		struct tee_ioctl_open_session_arg open;
		struct tee_ioctl_invoke_arg inv;
		struct tee_iocl_supp_recv_arg recv;
		struct tee_iocl_supp_send_arg send;
	} buf;
};

FIXTURE_SETUP(dev)
{
	self->fd = -1;
	self->pfd = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	memset(&self->buf, 0, sizeof(self->buf));
	self->bd.buf_ptr = (uintptr_t)&self->buf;
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->pfd >= 0)
		close(self->pfd);
}

TEST_F(dev, version_client)
{
	struct tee_ioctl_version_data v;

	memset(&v, 0xa5, sizeof(v));
	ASSERT_EQ(0, ioctl(self->fd, TEE_IOC_VERSION, &v));
	ASSERT_EQ(TEEKIT_IMPL_ID_TEST, v.impl_id);
	ASSERT_EQ(0, v.impl_caps);
	ASSERT_EQ(TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL,
		  v.gen_caps);
}

TEST_F(dev, version_priv)
{
	struct tee_ioctl_version_data v;

	memset(&v, 0xa5, sizeof(v));
	ASSERT_EQ(0, ioctl(self->pfd, TEE_IOC_VERSION, &v));
	ASSERT_EQ(TEEKIT_IMPL_ID_TEST, v.impl_id);
	ASSERT_EQ(0, v.impl_caps);
	ASSERT_EQ(TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL |
		  TEE_GEN_CAP_PRIVILEGED, v.gen_caps);
}

TEST_F(dev, version_efault)
{
	ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_VERSION, NULL), EFAULT);
	ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_VERSION, (void *)8), EFAULT);
}

TEST_F(dev, sysfs_implementation_id)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/tee/tee%d/implementation_id",
		 self->d.num);
	ASSERT_EQ(32343, tt_read_ll(path));
	snprintf(path, sizeof(path), "/sys/class/tee/teepriv%d/implementation_id",
		 self->d.priv_num);
	ASSERT_EQ(32343, tt_read_ll(path));
}

/* The core dispatches on the full 32-bit command: anything else is EINVAL. */
TEST_F(dev, unknown_ioctls)
{
	char arg[64] = { 0 };
	unsigned int nr;

	ASSERT_ERRNO(ioctl(self->fd, _IOR(TEE_IOC_MAGIC, 0, __u64), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, _IOW(TEE_IOC_MAGIC, 0, struct tee_ioctl_version_data), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, _IO(TEE_IOC_MAGIC, 0), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, _IOR(TEE_IOC_MAGIC, 1, struct tee_ioctl_shm_alloc_data), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, _IOWR(TEE_IOC_MAGIC, 3, struct tee_ioctl_buf_data), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, _IOR(0xa5, 0, struct tee_ioctl_version_data), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, 0, arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, 0xffffffff, arg), EINVAL);
	for (nr = 11; nr < 0x40; nr++)
		ASSERT_ERRNO(ioctl(self->fd, _IOR(TEE_IOC_MAGIC, nr, struct tee_ioctl_buf_data), arg), EINVAL);
	for (nr = 0x41; nr < 0x100; nr++) {
		ASSERT_ERRNO(ioctl(self->fd, _IOR(TEE_IOC_MAGIC, nr, struct tee_ioctl_buf_data), arg), EINVAL);
		ASSERT_ERRNO(ioctl(self->pfd, _IOR(TEE_IOC_MAGIC, nr, struct tee_ioctl_buf_data), arg), EINVAL);
	}
	/* a known number with the wrong size field is a different command */
	ASSERT_ERRNO(ioctl(self->fd, _IOR(TEE_IOC_MAGIC, 4, __u32), arg), EINVAL);
	ASSERT_ERRNO(ioctl(self->fd, _IOR(TEE_IOC_MAGIC, 5, __u64), arg), EINVAL);
}

TEST_F(dev, ctx_stats_both_nodes)
{
	struct teekit_ioctl_ctx_stats st;

	memset(&st, 0xa5, sizeof(st));
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(0, st.sessions);
	ASSERT_EQ(0, st.shm_count);
	ASSERT_EQ(0, st.shm_bytes);
	memset(&st, 0xa5, sizeof(st));
	ASSERT_EQ(0, ioctl(self->pfd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(0, st.sessions);
	ASSERT_ERRNO(ioctl(self->fd, TEEKIT_IOC_CTX_STATS, NULL), EFAULT);
}

TEST_F(dev, device_fd_has_no_mmap_read_write)
{
	char c;

	ASSERT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->fd, 0));
	ASSERT_EQ(-1, read(self->fd, &c, 1));
	ASSERT_EQ(-1, write(self->fd, &c, 1));
}

/*
 * Wrong device: client ioctls on the supplicant node and supplicant ioctls
 * on the client node. The missing driver op is the FIRST check (§2.1 step
 * 1), so EINVAL wins even over an unreadable argument.
 */
TEST_F(dev, open_session_on_priv)	{ ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_OPEN_SESSION, &self->bd), EINVAL); }
TEST_F(dev, open_session_on_priv_null)	{ ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_OPEN_SESSION, NULL), EINVAL); }
TEST_F(dev, invoke_on_priv)		{ ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_INVOKE, &self->bd), EINVAL); }
TEST_F(dev, invoke_on_priv_null)	{ ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_INVOKE, NULL), EINVAL); }
TEST_F(dev, cancel_on_priv)		{ struct tee_ioctl_cancel_arg a = {0}; ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_CANCEL, &a), EINVAL); }
TEST_F(dev, close_session_on_priv)	{ struct tee_ioctl_close_session_arg a = {0}; ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_CLOSE_SESSION, &a), EINVAL); }
TEST_F(dev, supp_recv_on_client)	{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SUPPL_RECV, &self->bd), EINVAL); }
TEST_F(dev, supp_recv_on_client_null)	{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SUPPL_RECV, NULL), EINVAL); }
TEST_F(dev, supp_send_on_client)	{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SUPPL_SEND, &self->bd), EINVAL); }
TEST_F(dev, supp_send_on_client_null)	{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SUPPL_SEND, NULL), EINVAL); }
TEST_F(dev, object_invoke_client)	{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_OBJECT_INVOKE, &self->bd), EINVAL); }
TEST_F(dev, object_invoke_priv)		{ ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_OBJECT_INVOKE, &self->bd), EINVAL); }
TEST_F(dev, shm_register_fd_client)	{ struct tee_ioctl_shm_register_fd_data d = { .fd = -1 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_REGISTER_FD, &d), EINVAL); }
TEST_F(dev, shm_register_fd_priv)	{ struct tee_ioctl_shm_register_fd_data d = { .fd = 0 }; ASSERT_ERRNO(ioctl(self->pfd, TEE_IOC_SHM_REGISTER_FD, &d), EINVAL); }

/*
 * §2.1 errno order, for each buffer ioctl: unreadable tee_ioctl_buf_data ->
 * EFAULT; bad buf_len (checked before buf_ptr is touched) -> EINVAL;
 * unreadable header -> EFAULT; header + 32 * num_params != buf_len ->
 * EINVAL (SUPPL_SEND: > buf_len).
 */
struct bufioc {
	const char *name;
	unsigned long cmd;
	bool priv;
	unsigned int hdr;
	unsigned int nparams_off;
	bool send;
};

static const struct bufioc bufiocs[] = {
	{ "open", TEE_IOC_OPEN_SESSION, false, 56, 52, false },
	{ "invoke", TEE_IOC_INVOKE, false, 24, 20, false },
	{ "recv", TEE_IOC_SUPPL_RECV, true, 8, 4, false },
	{ "send", TEE_IOC_SUPPL_SEND, true, 8, 4, true },
};

static int bufioc(int fd, unsigned long cmd, uint64_t ptr, uint64_t len)
{
	struct tee_ioctl_buf_data bd = { .buf_ptr = ptr, .buf_len = len };

	return ioctl(fd, cmd, &bd);
}

#define EACH_BUFIOC(b)							\
	for (const struct bufioc *b = bufiocs;				\
	     b < bufiocs + ARRAY_SIZE(bufiocs); b++)

#define BFD(b) ((b)->priv ? self->pfd : self->fd)

static void set_nparams(void *buf, const struct bufioc *b, uint32_t n)
{
	memcpy((uint8_t *)buf + b->nparams_off, &n, 4);
}

TEST_F(dev, buf_data_efault)
{
	EACH_BUFIOC(b) {
		TH_LOG("%s", b->name);
		ASSERT_ERRNO(ioctl(BFD(b), b->cmd, NULL), EFAULT);
		ASSERT_ERRNO(ioctl(BFD(b), b->cmd, (void *)1), EFAULT);
	}
}

TEST_F(dev, buf_len_too_long)
{
	EACH_BUFIOC(b) {
		TH_LOG("%s", b->name);
		/* length is checked before the pointer is dereferenced */
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, 0, TEE_MAX_ARG_SIZE + 1), EINVAL);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, TEE_MAX_ARG_SIZE + 1), EINVAL);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, TEE_MAX_ARG_SIZE + 32), EINVAL);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, 1ull << 32), EINVAL);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, ~0ull), EINVAL);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, (~0ull / 32) * 32 + b->hdr), EINVAL);
	}
}

TEST_F(dev, buf_len_shorter_than_header)
{
	EACH_BUFIOC(b) {
		unsigned int len;

		TH_LOG("%s", b->name);
		for (len = 0; len < b->hdr; len++) {
			ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, len), EINVAL);
			ASSERT_ERRNO(bufioc(BFD(b), b->cmd, 0, len), EINVAL);
		}
	}
}

TEST_F(dev, header_efault)
{
	EACH_BUFIOC(b) {
		TH_LOG("%s", b->name);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, 0, b->hdr), EFAULT);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, 4096, b->hdr + 32), EFAULT);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, ~0ull - 8, b->hdr), EFAULT);
	}
}

/* num_params says more than buf_len holds: EINVAL for all four */
TEST_F(dev, short_buffer_vs_num_params)
{
	EACH_BUFIOC(b) {
		TH_LOG("%s", b->name);
		memset(&self->buf, 0, sizeof(self->buf));
		set_nparams(&self->buf, b, 1);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, b->hdr), EINVAL);
		set_nparams(&self->buf, b, 4);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, b->hdr + 3 * 32), EINVAL);
		set_nparams(&self->buf, b, 0xffffffff);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, b->hdr + 32), EINVAL);
		set_nparams(&self->buf, b, 0x08000000);	/* 32 * n wraps u32 */
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, b->hdr), EINVAL);
	}
}

/* buf_len longer than num_params says: EINVAL except SUPPL_SEND (<= rule) */
TEST_F(dev, long_buffer_vs_num_params)
{
	EACH_BUFIOC(b) {
		if (b->send)
			continue;
		TH_LOG("%s", b->name);
		memset(&self->buf, 0, sizeof(self->buf));
		set_nparams(&self->buf, b, 0);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, b->hdr + 32), EINVAL);
		set_nparams(&self->buf, b, 1);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr, b->hdr + 64), EINVAL);
	}
}

/* buf_len = header + 32 * n + tail, tail in 1..31 */
TEST_F(dev, dirty_tail)
{
	EACH_BUFIOC(b) {
		unsigned int n, tail;

		if (b->send)
			continue;
		TH_LOG("%s", b->name);
		for (n = 0; n <= 4; n++) {
			for (tail = 1; tail < 32; tail++) {
				memset(&self->buf, 0, sizeof(self->buf));
				set_nparams(&self->buf, b, n);
				ASSERT_ERRNO(bufioc(BFD(b), b->cmd, self->bd.buf_ptr,
						    b->hdr + 32 * n + tail), EINVAL);
			}
		}
	}
}

/*
 * SUPPL_SEND only needs header + 32 * n <= buf_len, so a dirty tail passes
 * the size check and fails later on protocol grounds (no request pending).
 * The error must not be the size check's: the META param is well formed
 * and names a nonexistent request.
 */
TEST_F(dev, send_dirty_tail_passes_size_check)
{
	struct tee_iocl_supp_send_arg *s = &self->buf.send;

	s->num_params = 1;
	s->params[0].attr = TT_META | TT_VAL_INOUT;
	s->params[0].a = 0x7fffffff;
	ASSERT_ERRNO(bufioc(self->pfd, TEE_IOC_SUPPL_SEND, self->bd.buf_ptr, 8 + 32), ENOENT);
	ASSERT_ERRNO(bufioc(self->pfd, TEE_IOC_SUPPL_SEND, self->bd.buf_ptr, 8 + 32 + 7), ENOENT);
	ASSERT_ERRNO(bufioc(self->pfd, TEE_IOC_SUPPL_SEND, self->bd.buf_ptr, 8 + 64), ENOENT);
}

/* Params that run into an unmapped page: EFAULT (header itself readable). */
TEST_F(dev, params_cross_into_unmapped_page)
{
	uint8_t *m;

	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + 4096, 4096, PROT_NONE));
	EACH_BUFIOC(b) {
		uint8_t *h = m + 4096 - b->hdr - 16;	/* half a param mapped */

		if (b->send)
			continue;
		TH_LOG("%s", b->name);
		memset(h, 0, b->hdr + 16);
		set_nparams(h, b, 1);
		if (b->cmd == TEE_IOC_OPEN_SESSION)
			tt_uuid_parse(TT_UUID_ECHO, h);
		ASSERT_ERRNO(bufioc(BFD(b), b->cmd, (uintptr_t)h, b->hdr + 32), EFAULT);
	}
	munmap(m, 8192);
}

TEST_HARNESS_MAIN
