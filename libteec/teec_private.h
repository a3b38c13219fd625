/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teec_private.h - libteec internals shared by its source files.
 */
#ifndef TEEC_PRIVATE_H
#define TEEC_PRIVATE_H

#include "tee_client_api.h"

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

/* Kind of a TEEC_SharedMemory, kept in its internal.flags */
#define TEEC_SHM_ALLOCATED	0x1	/* SHM_ALLOC + mmap: buffer is the mapping */
#define TEEC_SHM_REGISTERED	0x2	/* SHM_REGISTER of buffer: zero-copy */
#define TEEC_SHM_SHADOW		0x4	/* buffer bounced through shadow_buffer */
#define TEEC_SHM_DMABUF		0x8	/* SHM_REGISTER_FD */

#endif /* TEEC_PRIVATE_H */
