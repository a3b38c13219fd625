/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * supp_plugin_ta.h - the UUID and command of the supp_plugin TA, and the
 * UUID and commands of the plugin it calls.
 * Included by the CA and the TA.
 */
#ifndef SUPP_PLUGIN_TA_H
#define SUPP_PLUGIN_TA_H

#define TA_SUPP_PLUGIN_UUID \
	{ 0xd1bfb607, 0xd2ed, 0x4759, \
	  { 0xb2, 0x83, 0xe8, 0x15, 0xa3, 0x54, 0x39, 0xee } }

#define SYSINFO_PLUGIN_UUID \
	{ 0x7c5a4f1e, 0x93b2, 0x4d8e, \
	  { 0xa1, 0xc6, 0x2f, 0x0e, 0x9b, 0x8d, 0x7a, 0x31 } }

/*
 * TA: ASK: value[0] INPUT, a = a SYSINFO_* command for the plugin;
 *     memref[1] OUTPUT: the plugin's answer, as text
 * Plugin (tee-supplicant, /usr/lib/tee-supplicant/plugins):
 *     SYSINFO_HOSTNAME the normal world's host name
 *     SYSINFO_UPTIME   seconds since it booted, as text
 *     other            TEEC_ERROR_NOT_SUPPORTED
 */
#define TA_SUPP_PLUGIN_CMD_ASK	0
#define SYSINFO_HOSTNAME	0
#define SYSINFO_UPTIME		1

#endif
