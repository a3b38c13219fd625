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

#endif /* _UAPI_TEEKIT_LINUX_TEEKIT_H */
