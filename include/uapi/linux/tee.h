/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * teekit: user-space ABI of the Linux TEE subsystem.
 *
 * Binary compatible with upstream Linux <linux/tee.h>: every ioctl number,
 * structure layout and constant below matches upstream, so OP-TEE's libteec
 * and tee-supplicant run unchanged.  The text is teekit's own.
 *
 * All structures use fixed-width types only and carry pointers as __u64, so
 * 32-bit and 64-bit processes see the same layout (compat_ptr_ioctl).
 * Field comments say who writes the field:
 *   [in]     user space -> kernel
 *   [out]    kernel -> user space
 *   [in/out] both
 *
 * teekit additions that upstream does not have live in <linux/teekit.h>.
 */
#ifndef _UAPI_TEEKIT_LINUX_TEE_H
#define _UAPI_TEEKIT_LINUX_TEE_H

/* Unique to teekit's copy: lets a build prove it did not pick another tee.h. */
#define TEEKIT_UAPI_TEE_H 1

#include <linux/ioctl.h>
#include <linux/types.h>

#define TEE_IOC_MAGIC		0xa4
#define TEE_IOC_BASE		0

/* Largest buf_len accepted by the buffer ioctls (upstream 6.18 value). */
#define TEE_MAX_ARG_SIZE	4096

/* Generic capabilities, reported in tee_ioctl_version_data.gen_caps */
#define TEE_GEN_CAP_GP		(1 << 0) /* GlobalPlatform compliant TEE */
#define TEE_GEN_CAP_PRIVILEGED	(1 << 1) /* supplicant device (teepriv) */
#define TEE_GEN_CAP_REG_MEM	(1 << 2) /* TEE_IOC_SHM_REGISTER works */
#define TEE_GEN_CAP_MEMREF_NULL	(1 << 3) /* TEE_MEMREF_NULL accepted */
#define TEE_GEN_CAP_OBJREF	(1 << 4) /* object references (QTEE) */

/* Implementation ids, reported in tee_ioctl_version_data.impl_id */
#define TEE_IMPL_ID_OPTEE	1
#define TEE_IMPL_ID_AMDTEE	2
#define TEE_IMPL_ID_TSTEE	3
#define TEE_IMPL_ID_QTEE	4

/* OP-TEE specific capability bits, in impl_caps */
#define TEE_OPTEE_CAP_TZ	(1 << 0)

/* Memref shm id meaning "no buffer" (needs TEE_GEN_CAP_MEMREF_NULL) */
#define TEE_MEMREF_NULL		((__u64)-1)
/* Object id meaning "no object" */
#define TEE_OBJREF_NULL		((__u64)-1)

/**
 * struct tee_ioctl_version_data - answer of TEE_IOC_VERSION (12 bytes)
 * @impl_id:	[out] TEE_IMPL_ID_* of the driver behind the device
 * @impl_caps:	[out] implementation specific capabilities
 * @gen_caps:	[out] TEE_GEN_CAP_* bits
 */
struct tee_ioctl_version_data {
	__u32 impl_id;
	__u32 impl_caps;
	__u32 gen_caps;
};

/* Ask for the implementation id and capabilities of the device. */
#define TEE_IOC_VERSION		_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 0, \
				     struct tee_ioctl_version_data)

/**
 * struct tee_ioctl_shm_alloc_data - argument of TEE_IOC_SHM_ALLOC (16 bytes)
 * @size:	[in/out] requested size; the size actually allocated on return
 * @flags:	[in/out] must be 0; left unchanged
 * @id:		[out] shared memory id (>= 1), used in memref parameters
 *
 * Returns a new file descriptor for the object; mmap() it to reach the
 * memory.  The mapping keeps the object alive after the fd is closed.
 */
struct tee_ioctl_shm_alloc_data {
	__u64 size;
	__u32 flags;
	__s32 id;
};

#define TEE_IOC_SHM_ALLOC	_IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 1, \
				      struct tee_ioctl_shm_alloc_data)

/**
 * struct tee_ioctl_shm_register_fd_data - argument of TEE_IOC_SHM_REGISTER_FD
 * @fd:		[in] dma-buf file descriptor
 * @size:	[out] size of the registered buffer
 * @flags:	[in/out] must be 0 on input
 * @id:		[out] shared memory id
 *
 * 24 bytes.  teekit does not import dma-bufs: the ioctl exists for the
 * number only and fails with EINVAL (see docs/abi.md).
 */
struct tee_ioctl_shm_register_fd_data {
	__s64 fd;
	__u64 size;
	__u32 flags;
	__s32 id;
} __attribute__((__aligned__(8)));

#define TEE_IOC_SHM_REGISTER_FD	_IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 8, \
				      struct tee_ioctl_shm_register_fd_data)

/**
 * struct tee_ioctl_buf_data - argument of the variable-size ioctls (16 bytes)
 * @buf_ptr:	[in] user address of the argument buffer
 * @buf_len:	[in] length of that buffer, at most TEE_MAX_ARG_SIZE
 */
struct tee_ioctl_buf_data {
	__u64 buf_ptr;
	__u64 buf_len;
};

/* Parameter types, in the low byte of tee_ioctl_param.attr */
#define TEE_IOCTL_PARAM_ATTR_TYPE_NONE			0
#define TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT		1
#define TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT		2
#define TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT		3
#define TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT		5
#define TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT		6
#define TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT		7
#define TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_INPUT		8
#define TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_OUTPUT		9
#define TEE_IOCTL_PARAM_ATTR_TYPE_UBUF_INOUT		10
#define TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_INPUT		11
#define TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_OUTPUT		12
#define TEE_IOCTL_PARAM_ATTR_TYPE_OBJREF_INOUT		13

#define TEE_IOCTL_PARAM_ATTR_TYPE_MASK		0xff
/* Meta parameter: carries protocol data (supplicant request id), not data */
#define TEE_IOCTL_PARAM_ATTR_META		0x100
/* Every attr bit outside this mask must be zero */
#define TEE_IOCTL_PARAM_ATTR_MASK \
	(TEE_IOCTL_PARAM_ATTR_TYPE_MASK | TEE_IOCTL_PARAM_ATTR_META)

/* Login methods (GlobalPlatform TEEC_LOGIN_* values) */
#define TEE_IOCTL_LOGIN_PUBLIC			0
#define TEE_IOCTL_LOGIN_USER			1
#define TEE_IOCTL_LOGIN_GROUP			2
#define TEE_IOCTL_LOGIN_APPLICATION		4
#define TEE_IOCTL_LOGIN_USER_APPLICATION	5
#define TEE_IOCTL_LOGIN_GROUP_APPLICATION	6
/* Reserved for kernel clients; user space gets EPERM */
#define TEE_IOCTL_LOGIN_REE_KERNEL_MIN		0x80000000
#define TEE_IOCTL_LOGIN_REE_KERNEL_MAX		0xBFFFFFFF
#define TEE_IOCTL_LOGIN_REE_KERNEL		0x80000000

/**
 * struct tee_ioctl_param - one parameter (32 bytes)
 * @attr:	[in/out] TEE_IOCTL_PARAM_ATTR_TYPE_* | optional META bit
 * @a:		[in/out] value a / memref offset / ubuf address / object id
 * @b:		[in/out] value b / memref size / ubuf size / object flags
 * @c:		[in/out] value c / memref shm id (or TEE_MEMREF_NULL)
 *
 * Which fields the kernel reads and writes depends on the type and the
 * ioctl; docs/abi.md lists the rules.
 */
struct tee_ioctl_param {
	__u64 attr;
	__u64 a;
	__u64 b;
	__u64 c;
};

#define TEE_IOCTL_UUID_LEN		16

/**
 * struct tee_ioctl_open_session_arg - header of TEE_IOC_OPEN_SESSION (56 bytes)
 * @uuid:	[in] UUID of the trusted application, RFC 4122 byte order
 * @clnt_uuid:	[in] login data; for GROUP logins the first 4 bytes hold
 *		the gid in native byte order, otherwise ignored
 * @clnt_login:	[in] TEE_IOCTL_LOGIN_*
 * @cancel_id:	[in] tag that TEE_IOC_CANCEL can name
 * @session:	[out] session id
 * @ret:	[out] GlobalPlatform result (TEEC_*)
 * @ret_origin:	[out] where @ret comes from (TEEC_ORIGIN_*)
 * @num_params:	[in] number of struct tee_ioctl_param that follow
 * @params:	[in/out] the parameters
 */
struct tee_ioctl_open_session_arg {
	__u8 uuid[TEE_IOCTL_UUID_LEN];
	__u8 clnt_uuid[TEE_IOCTL_UUID_LEN];
	__u32 clnt_login;
	__u32 cancel_id;
	__u32 session;
	__u32 ret;
	__u32 ret_origin;
	__u32 num_params;
	struct tee_ioctl_param params[];
};

/* Open a session; the argument is a tee_ioctl_buf_data */
#define TEE_IOC_OPEN_SESSION	_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 2, \
				     struct tee_ioctl_buf_data)

/**
 * struct tee_ioctl_invoke_arg - header of TEE_IOC_INVOKE (24 bytes)
 * @func:	[in] command id of the trusted application
 * @session:	[in] session id returned by TEE_IOC_OPEN_SESSION
 * @cancel_id:	[in] tag that TEE_IOC_CANCEL can name
 * @ret:	[out] GlobalPlatform result
 * @ret_origin:	[out] origin of @ret
 * @num_params:	[in] number of parameters that follow
 * @params:	[in/out] the parameters
 */
struct tee_ioctl_invoke_arg {
	__u32 func;
	__u32 session;
	__u32 cancel_id;
	__u32 ret;
	__u32 ret_origin;
	__u32 num_params;
	struct tee_ioctl_param params[];
};

#define TEE_IOC_INVOKE		_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 3, \
				     struct tee_ioctl_buf_data)

/**
 * struct tee_ioctl_cancel_arg - argument of TEE_IOC_CANCEL (8 bytes)
 * @cancel_id:	[in] cancel_id of the call to cancel
 * @session:	[in] session of the call, or 0 for an open in progress
 */
struct tee_ioctl_cancel_arg {
	__u32 cancel_id;
	__u32 session;
};

#define TEE_IOC_CANCEL		_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 4, \
				     struct tee_ioctl_cancel_arg)

/**
 * struct tee_ioctl_close_session_arg - argument of TEE_IOC_CLOSE_SESSION
 * @session:	[in] session id to close (4 bytes)
 */
struct tee_ioctl_close_session_arg {
	__u32 session;
};

#define TEE_IOC_CLOSE_SESSION	_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 5, \
				     struct tee_ioctl_close_session_arg)

/**
 * struct tee_iocl_supp_recv_arg - header of TEE_IOC_SUPPL_RECV (8 bytes)
 * @func:	[out] request code for the supplicant
 * @num_params:	[in/out] capacity of @params on input, count used on output
 * @params:	[in/out] on input NONE (param 0 may carry the META bit to
 *		announce request ids); on output the request's parameters,
 *		preceded by a META VALUE_INOUT with a = request id if announced
 *
 * The "iocl" spelling is upstream's and is kept for compatibility.
 */
struct tee_iocl_supp_recv_arg {
	__u32 func;
	__u32 num_params;
	struct tee_ioctl_param params[];
};

#define TEE_IOC_SUPPL_RECV	_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 6, \
				     struct tee_ioctl_buf_data)

/**
 * struct tee_iocl_supp_send_arg - header of TEE_IOC_SUPPL_SEND (8 bytes)
 * @ret:	[in] GlobalPlatform result of the request
 * @num_params:	[in] number of parameters that follow
 * @params:	[in] the answered parameters; param 0 echoes the META id
 */
struct tee_iocl_supp_send_arg {
	__u32 ret;
	__u32 num_params;
	struct tee_ioctl_param params[];
};

#define TEE_IOC_SUPPL_SEND	_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 7, \
				     struct tee_ioctl_buf_data)

/**
 * struct tee_ioctl_shm_register_data - argument of TEE_IOC_SHM_REGISTER
 * @addr:	[in] start of the user buffer
 * @length:	[in/out] length of the buffer; registered length on output
 * @flags:	[in/out] must be 0; left unchanged
 * @id:		[out] shared memory id
 *
 * 24 bytes.  The pages are pinned writable; the returned fd cannot be
 * mmapped.
 */
struct tee_ioctl_shm_register_data {
	__u64 addr;
	__u64 length;
	__u32 flags;
	__s32 id;
};

#define TEE_IOC_SHM_REGISTER	_IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 9, \
				      struct tee_ioctl_shm_register_data)

/**
 * struct tee_ioctl_object_invoke_arg - header of TEE_IOC_OBJECT_INVOKE
 * @id:		[in] object id
 * @op:		[in] operation
 * @ret:	[out] result
 * @num_params:	[in] number of parameters that follow
 * @pad:	explicit padding, keeps the 24-byte header on i386 too
 * @params:	[in/out] the parameters
 *
 * Only drivers with object support implement it (none in teekit): EINVAL.
 */
struct tee_ioctl_object_invoke_arg {
	__u64 id;
	__u32 op;
	__u32 ret;
	__u32 num_params;
	__u32 pad;
	struct tee_ioctl_param params[];
};

#define TEE_IOC_OBJECT_INVOKE	_IOR(TEE_IOC_MAGIC, TEE_IOC_BASE + 10, \
				     struct tee_ioctl_buf_data)

#endif /* _UAPI_TEEKIT_LINUX_TEE_H */
