/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_udpsocket.h - the UDP client socket of the GP TEE Sockets API v1.0.
 */
#ifndef __TEE_UDPSOCKET_H
#define __TEE_UDPSOCKET_H

#include <tee_isocket.h>
#include <__tee_udpsocket_defines.h>

typedef struct TEE_udpSocket_Setup_s {
	TEE_ipSocket_ipVersion ipVersion;
	char *server_addr;	/* NUL-terminated name or address */
	uint16_t server_port;
} TEE_udpSocket_Setup;

extern TEE_iSocket *const TEE_udpSocket;

#endif /* __TEE_UDPSOCKET_H */
