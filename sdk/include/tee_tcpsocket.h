/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_tcpsocket.h - the TCP client socket of the GP TEE Sockets API v1.0.
 */
#ifndef __TEE_TCPSOCKET_H
#define __TEE_TCPSOCKET_H

#include <tee_isocket.h>
#include <__tee_tcpsocket_defines.h>
#include <__tee_tcpsocket_defines_extensions.h>

typedef struct TEE_tcpSocket_Setup_s {
	TEE_ipSocket_ipVersion ipVersion;
	char *server_addr;	/* NUL-terminated name or address */
	uint16_t server_port;
} TEE_tcpSocket_Setup;

extern TEE_iSocket *const TEE_tcpSocket;

#endif /* __TEE_TCPSOCKET_H */
