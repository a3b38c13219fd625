/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sk_ta.h - commands of the GP Sockets test TA (tests/sockets/ta), shared
 * with the test program. Sockets live in the TA in slots.
 */
#ifndef SK_TA_H
#define SK_TA_H

#define SK_TA_UUID	"5c000000-0000-4000-8000-000000000001"

/* v0 {protocol id, ip version}; v1 {port}; m2 host (size 0: NULL) -> v3 {slot, protocolError} */
#define SK_CMD_OPEN	1
/* v0 {slot} */
#define SK_CMD_CLOSE	2
/* v0 INOUT {slot, timeout} -> a = bytes sent; m1 data */
#define SK_CMD_SEND	3
/* v0 {slot, timeout}; m1 OUT (size = bytes wanted, then received) */
#define SK_CMD_RECV	4
/* v0 {slot, command}; m1 INOUT buffer -> v2 {length} */
#define SK_CMD_IOCTL	5
/* v0 INOUT {slot} -> a = error() */
#define SK_CMD_ERROR	6
/* hostile: v0 INOUT {slot} -> a = the word the handle points to */
#define SK_CMD_PEEK	7
/* hostile: v0 {slot, word}: overwrite the word the handle points to */
#define SK_CMD_POKE	8
/* v0 {kind}: 0 close a made-up handle, 1 a TCP handle through TEE_udpSocket (both panic) */
#define SK_CMD_BAD_HANDLE 9
/* v0 INOUT {protocol id, port} -> {sockets opened, result of the one refused}; m1 host */
#define SK_CMD_FLOOD	10
/* v0 INOUT {slot, length} -> a = bytes sent: length bytes i & 0xff, blocking */
#define SK_CMD_SEND_PATTERN 11

#define SK_SLOTS	64

#endif
