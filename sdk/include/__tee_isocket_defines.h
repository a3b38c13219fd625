/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * __tee_isocket_defines.h - the numbers of the GP TEE Sockets API v1.0
 * shared by every iSocket protocol: the interface version and the
 * socket-layer results (docs/ta-api.md, "Sockets").
 */
#ifndef __TEE_ISOCKET_DEFINES_H
#define __TEE_ISOCKET_DEFINES_H

#define TEE_ISOCKET_VERSION			0x01000000

#define TEE_ISOCKET_ERROR_PROTOCOL		0xF1007001
#define TEE_ISOCKET_ERROR_REMOTE_CLOSED		0xF1007002
#define TEE_ISOCKET_ERROR_TIMEOUT		0xF1007003
#define TEE_ISOCKET_ERROR_OUT_OF_RESOURCES	0xF1007004
#define TEE_ISOCKET_ERROR_LARGE_BUFFER		0xF1007005
#define TEE_ISOCKET_WARNING_PROTOCOL		0xF1007006
#define TEE_ISOCKET_ERROR_HOSTNAME		0xF1007007

#endif /* __TEE_ISOCKET_DEFINES_H */
