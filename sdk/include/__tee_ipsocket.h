/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * __tee_ipsocket.h - the IP version of a GP TEE Sockets API v1.0 TCP or
 * UDP client socket (docs/ta-api.md, "Sockets").
 */
#ifndef __TEE_IPSOCKET_H
#define __TEE_IPSOCKET_H

typedef enum TEE_ipSocket_ipVersion_e {
	TEE_IP_VERSION_DC = 0,	/* don't care: whatever the name resolves to */
	TEE_IP_VERSION_4 = 1,
	TEE_IP_VERSION_6 = 2,
} TEE_ipSocket_ipVersion;

#endif /* __TEE_IPSOCKET_H */
