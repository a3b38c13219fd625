/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * service_daemon_ta.h - the UUID and command of the service_daemon TA, and
 * the UUID and command of the service it calls.
 * Included by the CA and the TA.
 */
#ifndef SERVICE_DAEMON_TA_H
#define SERVICE_DAEMON_TA_H

#define TA_SERVICE_DAEMON_UUID \
	{ 0xde566040, 0xaf35, 0x46f2, \
	  { 0x85, 0xda, 0x01, 0xc5, 0x26, 0x52, 0x3a, 0x30 } }

#define AUDITD_SERVICE_UUID \
	{ 0xc3e1d0a9, 0x5b7f, 0x4e26, \
	  { 0x8d, 0x14, 0x6a, 0x9f, 0x0b, 0x2c, 0x3e, 0x57 } }

/*
 * TA: RECORD: memref[0] INPUT an event (text, up to 200 bytes);
 *     value[1] OUTPUT, a = its sequence number in the audit log
 * Service (teekit-ex-auditd): AUDIT_CMD_APPEND: the data is one line to
 *     append; the answer is its sequence number (4 bytes, little-endian)
 */
#define TA_SERVICE_DAEMON_CMD_RECORD	0
#define AUDIT_CMD_APPEND		0

#endif
