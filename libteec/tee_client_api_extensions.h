/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_client_api_extensions.h - OP-TEE's extensions to the GP Client API,
 * as teekit's libteec provides them.
 */
#ifndef TEE_CLIENT_API_EXTENSIONS_H
#define TEE_CLIENT_API_EXTENSIONS_H

#include "tee_client_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * TEEC_RegisterSharedMemoryFileDescriptor(context, sharedMem, fd): register
 * a dma-buf (fd) as shared memory. Needs TEE_IOC_SHM_REGISTER_FD
 * in the driver; teekit's driver does not import dma-bufs, so on teekit
 * this returns TEEC_ERROR_NOT_SUPPORTED (docs/libteec.md).
 */
TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context *, TEEC_SharedMemory *, int);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_EXTENSIONS_H */
