/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * __tee_udpsocket_defines.h - the UDP protocol of the GP TEE Sockets API
 * v1.0: its protocol id, its warning and its ioctl commands.
 */
#ifndef __TEE_UDPSOCKET_DEFINES_H
#define __TEE_UDPSOCKET_DEFINES_H

#define TEE_ISOCKET_PROTOCOLID_UDP			0x66

#define TEE_ISOCKET_UDP_WARNING_UNKNOWN_OUT_OF_BAND	0xF1020002

/* the buffer: a NUL-terminated host name or address */
#define TEE_UDP_CHANGEADDR				0x66000001
/* the buffer: a uint16_t port, host byte order */
#define TEE_UDP_CHANGEPORT				0x66000002

#endif /* __TEE_UDPSOCKET_DEFINES_H */
