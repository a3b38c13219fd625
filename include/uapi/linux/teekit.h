/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * teekit extensions to the TEE user-space ABI.
 *
 * Nothing here exists upstream.  Extension ioctls use the TEE magic 0xa4
 * with numbers from 0x40 up, which upstream does not use.
 */
#ifndef _UAPI_TEEKIT_LINUX_TEEKIT_H
#define _UAPI_TEEKIT_LINUX_TEEKIT_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/tee.h>

/* impl_id of the test driver (teekit_test.ko), decimal 32343 */
#define TEEKIT_IMPL_ID_TEST	0x7e57

/* First ioctl number reserved for teekit extensions */
#define TEEKIT_IOC_EXT_BASE	0x40

/**
 * struct teekit_ioctl_ctx_stats - argument of TEEKIT_IOC_CTX_STATS (32 bytes)
 * @sessions:	[out] sessions currently open on this fd's context
 * @shm_count:	[out] shared memory objects owned by the context
 * @shm_bytes:	[out] bytes of shared memory owned by the context
 * @max_sessions:	[out] current max_sessions_per_ctx limit (0 = none)
 * @max_shm_count:	[out] current max_shm_per_ctx limit (0 = none)
 * @max_shm_bytes:	[out] current max_shm_bytes_per_ctx limit (0 = none)
 *
 * teekit extension: usage of the calling context against its limits.
 * Works on both device nodes.
 */
struct teekit_ioctl_ctx_stats {
	__u32 sessions;
	__u32 shm_count;
	__u64 shm_bytes;
	__u32 max_sessions;
	__u32 max_shm_count;
	__u64 max_shm_bytes;
};

#define TEEKIT_IOC_CTX_STATS	_IOR(TEE_IOC_MAGIC, TEEKIT_IOC_EXT_BASE + 0, \
				     struct teekit_ioctl_ctx_stats)

/*
 * Service daemons (docs/services.md): a process registers a service UUID
 * on a client node /dev/teeN and serves the secure world's plugin requests
 * (supplicant function 12, OP-TEE layout) addressed to that UUID.
 */

/* Largest data buffer of one service request, in bytes */
#define TEEKIT_SERVICE_MAX_DATA	(1U << 20)

/**
 * struct teekit_ioctl_service_register - TEEKIT_IOC_SERVICE_REGISTER (24 bytes)
 * @uuid:	[in] the service UUID, 16 octets in RFC 4122 order
 * @flags:	[in] must be 0
 * @service_id:	[out] handle of the registration (>= 1), for RECV and
 *		UNREGISTER on the same fd
 *
 * Needs CAP_SYS_ADMIN (in the initial user namespace) or, for a process
 * of the initial user namespace, membership of the group whose gid (of
 * that namespace) is the module parameter service_gid.  EEXIST if the UUID is served already on this
 * device.  The registration ends at UNREGISTER or when the fd is closed.
 */
struct teekit_ioctl_service_register {
	__u8 uuid[TEE_IOCTL_UUID_LEN];
	__u32 flags;
	__u32 service_id;
};

/**
 * struct teekit_ioctl_service_unregister - TEEKIT_IOC_SERVICE_UNREGISTER
 * @service_id:	[in] from REGISTER on this fd
 * @flags:	[in] must be 0
 *
 * Pending requests fail with TEEC_ERROR_TARGET_DEAD; receivers blocked in
 * RECV on the service return ENOENT.
 */
struct teekit_ioctl_service_unregister {
	__u32 service_id;
	__u32 flags;
};

/**
 * struct teekit_ioctl_service_recv - TEEKIT_IOC_SERVICE_RECV (40 bytes)
 * @service_id:	[in] from REGISTER on this fd
 * @flags:	[in] must be 0
 * @buf:	[in] user address receiving the request's data
 * @buf_len:	[in] size of @buf (may be 0 if no data is expected)
 * @req_id:	[out] request id for SEND (>= 1)
 * @cmd:	[out] the TA's cmd
 * @sub_cmd:	[out] the TA's sub_cmd
 * @data_len:	[out] bytes of data copied to @buf; with EMSGSIZE the size
 *		@buf must have (the request stays queued)
 * @reserved:	[in] must be 0
 *
 * Blocks (interruptibly) until a request for the service arrives.
 */
struct teekit_ioctl_service_recv {
	__u32 service_id;
	__u32 flags;
	__u64 buf;
	__u32 buf_len;
	__u32 req_id;
	__u32 cmd;
	__u32 sub_cmd;
	__u32 data_len;
	__u32 reserved;
};

/**
 * struct teekit_ioctl_service_send - TEEKIT_IOC_SERVICE_SEND (24 bytes)
 * @req_id:	[in] from RECV on this fd
 * @ret:	[in] TEEC result returned to the TA
 * @buf:	[in] user address of the answer data
 * @out_len:	[in] answer length; reported to the TA as out_len, and
 *		min(out_len, request's data_len) bytes of @buf are copied
 *		back into the TA's buffer
 * @flags:	[in] must be 0
 *
 * Requests may be answered in any order, by any thread.
 */
struct teekit_ioctl_service_send {
	__u32 req_id;
	__u32 ret;
	__u64 buf;
	__u32 out_len;
	__u32 flags;
};

#define TEEKIT_IOC_SERVICE_REGISTER	_IOWR(TEE_IOC_MAGIC, \
					      TEEKIT_IOC_EXT_BASE + 1, \
					      struct teekit_ioctl_service_register)
#define TEEKIT_IOC_SERVICE_UNREGISTER	_IOW(TEE_IOC_MAGIC, \
					     TEEKIT_IOC_EXT_BASE + 2, \
					     struct teekit_ioctl_service_unregister)
#define TEEKIT_IOC_SERVICE_RECV		_IOWR(TEE_IOC_MAGIC, \
					      TEEKIT_IOC_EXT_BASE + 3, \
					      struct teekit_ioctl_service_recv)
#define TEEKIT_IOC_SERVICE_SEND		_IOW(TEE_IOC_MAGIC, \
					     TEEKIT_IOC_EXT_BASE + 4, \
					     struct teekit_ioctl_service_send)

#endif /* _UAPI_TEEKIT_LINUX_TEEKIT_H */
