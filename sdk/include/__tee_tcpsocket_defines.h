/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * __tee_tcpsocket_defines.h - the TCP protocol of the GP TEE Sockets API
 * v1.0: its protocol id and its warning. The ioctl commands are OP-TEE's
 * extensions (__tee_tcpsocket_defines_extensions.h).
 */
#ifndef __TEE_TCPSOCKET_DEFINES_H
#define __TEE_TCPSOCKET_DEFINES_H

#define TEE_ISOCKET_PROTOCOLID_TCP			0x65

#define TEE_ISOCKET_TCP_WARNING_UNKNOWN_OUT_OF_BAND	0xF1010002

#endif /* __TEE_TCPSOCKET_DEFINES_H */
