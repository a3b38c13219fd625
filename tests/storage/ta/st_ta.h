/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * st_ta.h - commands of the trusted-storage test TA (tests/storage/ta),
 * shared with the test programs. Handles live in the TA in slots.
 */
#ifndef ST_TA_H
#define ST_TA_H

#define ST_TA_UUID(n)	"57000000-0000-4000-8000-0000000000" #n

/* v0 {storage, flags} -> v0.a slot; m1 id; m2 data or NONE; v3 {attrs, want handle} */
#define ST_CMD_CREATE	1
/* v0 {storage, flags} -> v0.a slot; m1 id */
#define ST_CMD_OPEN	2
/* v0 {slot} */
#define ST_CMD_CLOSE	3
/* v0 {slot}; m1 OUT buffer (size = count) */
#define ST_CMD_READ	4
/* v0 {slot}; m1 IN data */
#define ST_CMD_WRITE	5
/* v0 {slot, size} */
#define ST_CMD_TRUNC	6
/* v0 {slot, whence}; v1 {offset low, offset high} */
#define ST_CMD_SEEK	7
/* v0 {slot}; m1 new id */
#define ST_CMD_RENAME	8
/* v0 {slot}: CloseAndDeletePersistentObject1 */
#define ST_CMD_DELETE	9
/* v0 {slot} -> v1 {type, objectSize}, v2 {dataSize, dataPosition}, v3 {handleFlags, usage} */
#define ST_CMD_INFO	10
/* v0 {storage} -> v0.a count; m1 OUT: per object its length byte then its id */
#define ST_CMD_ENUM	11
/* v0 {slot, usage} */
#define ST_CMD_RESTRICT	12
/* v0 {slot, attribute id}; m1 OUT */
#define ST_CMD_GETATTR	13
/* v0 {case}: API misuse that GP says panics */
#define ST_CMD_MISUSE	14
/* v0 {n}: the instance aborts at its n-th storage request from now */
#define ST_CMD_FAULT	15
/* v0 {slot, MiB}; v1 {seed}: writes MiB of pattern in 1 MiB writes */
#define ST_CMD_FILL	16
/* v0 {slot} -> v1 {fnv low, fnv high}, v2 {bytes low, bytes high}: reads to the end */
#define ST_CMD_SUM	17
/* v0 {slot}: TEE_CloseAndDeletePersistentObject (GP 1.0, no result) */
#define ST_CMD_DELETE0	18
/* -> v0 {open handles} */
#define ST_CMD_COUNT	19
/* v0 {storage}; m1 id; m2 OUT data: open, read, close in one call */
#define ST_CMD_GET	20
/*
 * v0 {slot}; m1 IN 16 bytes; m2 OUT 16 bytes: AES-ECB encryption with the
 * handle as the operation's key (a stored key loaded into an operation);
 * the handle is closed before the operation runs, as the operation keeps
 * its own copy of the key
 */
#define ST_CMD_ENCRYPT	21

#define ST_ATTR_NONE	0
#define ST_ATTR_AES	1	/* data = the key of an AES object */

#define ST_MISUSE_BAD_HANDLE	1
#define ST_MISUSE_READ_WO	2	/* read a handle opened write-only */
#define ST_MISUSE_WRITE_RO	3
#define ST_MISUSE_LONG_ID	4	/* id of 65 bytes */
#define ST_MISUSE_RENAME_NO_META 5
#define ST_MISUSE_DELETE_NO_META 6
#define ST_MISUSE_TRUNC_RO	7

/* the runtime's test hook (secure-world/tahost/storage_rpc.c) */
void tee_storage_test_fault_at(uint32_t n);

#endif
