/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * __tee_tcpsocket_defines_extensions.h - the TCP ioctl commands OP-TEE
 * adds to the GP TEE Sockets API (same numbers): the buffer is a
 * uint32_t, the new size in bytes of the socket's receive or send buffer.
 */
#ifndef __TEE_TCPSOCKET_DEFINES_EXTENSIONS_H
#define __TEE_TCPSOCKET_DEFINES_EXTENSIONS_H

#define TEE_TCP_SET_RECVBUF	0x65F00000
#define TEE_TCP_SET_SENDBUF	0x65F00001

#endif /* __TEE_TCPSOCKET_DEFINES_EXTENSIONS_H */
