/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_isocket.h - the generic interface of the GP TEE Sockets API v1.0:
 * one TEE_iSocket table of functions per protocol (TEE_tcpSocket,
 * TEE_udpSocket), each connection an opaque TEE_iSocketHandle. teekit
 * serves it through tee-supplicant's socket RPC (docs/ta-api.md).
 */
#ifndef __TEE_ISOCKET_H
#define __TEE_ISOCKET_H

#include <stdint.h>
#include <tee_api_types.h>
#include <__tee_ipsocket.h>
#include <__tee_isocket_defines.h>

typedef void *TEE_iSocketHandle;

/*
 * The functions return a TEE_Result (error() a protocol error); spelled
 * uint32_t, the same type, which the kernel style checker can parse.
 */
struct TEE_iSocket_s {
	uint32_t TEE_iSocketVersion;	/* TEE_ISOCKET_VERSION */
	uint8_t protocolID;		/* TEE_ISOCKET_PROTOCOLID_* */
	uint32_t (*open)(TEE_iSocketHandle *ctx, void *setup,
			 uint32_t *protocolError);
	uint32_t (*close)(TEE_iSocketHandle ctx);
	uint32_t (*send)(TEE_iSocketHandle ctx, const void *buf,
			 uint32_t *length, uint32_t timeout);
	uint32_t (*recv)(TEE_iSocketHandle ctx, void *buf, uint32_t *length,
			 uint32_t timeout);
	uint32_t (*error)(TEE_iSocketHandle ctx);
	uint32_t (*ioctl)(TEE_iSocketHandle ctx, uint32_t commandCode,
			  void *buf, uint32_t *length);
};

typedef const struct TEE_iSocket_s TEE_iSocket;

#endif /* __TEE_ISOCKET_H */
