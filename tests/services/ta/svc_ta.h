/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svc_ta.h - the test TA that calls normal-world services and supplicant
 * plugins with tee_invoke_supp_plugin() (tests/services/ta_calls.c).
 */
#ifndef SVC_TA_H
#define SVC_TA_H

#define SVC_TA_UUID_STR "5e7c0000-0000-4000-8000-000000000001"
#define SVC_TA_UUID \
	{ 0x5e7c0000, 0x0000, 0x4000, \
	  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } }

/*
 * SVC_CMD_CALL: p0 MEMREF_INPUT, the 16 octets of the target UUID;
 * p1 VALUE_INOUT, in a = cmd, b = sub_cmd, out a = answer length;
 * p2 MEMREF_INOUT data, or NONE. Returns what the call returned.
 */
#define SVC_CMD_CALL 0

#endif
