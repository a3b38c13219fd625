/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * secure_storage_ta.h - the UUID and commands of the secure_storage TA.
 * Included by the CA and the TA.
 */
#ifndef SECURE_STORAGE_TA_H
#define SECURE_STORAGE_TA_H

#define TA_SECURE_STORAGE_UUID \
	{ 0x14470f61, 0x4f1b, 0x40cf, \
	  { 0x98, 0xc3, 0x12, 0x08, 0x8c, 0x11, 0x30, 0x49 } }

/*
 * Every command names the object in memref[0] (INPUT, 1 to 64 bytes).
 * WRITE:  memref[1] INPUT, the object's new data (created or replaced)
 * READ:   memref[1] OUTPUT, the data (SHORT_BUFFER gives the size needed)
 * DELETE: the object is removed
 */
#define TA_SECURE_STORAGE_CMD_WRITE	0
#define TA_SECURE_STORAGE_CMD_READ	1
#define TA_SECURE_STORAGE_CMD_DELETE	2

#endif
