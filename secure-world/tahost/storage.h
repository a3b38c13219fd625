/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * storage.h - private interface of trusted storage in the TA runtime
 * (docs/storage.md): keys (storage_key.c), the supplicant's REE FS and
 * RPMB services (storage_rpc.c), the encrypted manifest and the objects
 * (storage.c). A persistent object's handle is the cryptographic API's
 * object handle (crypto.h) with its pobj set: crypto_obj.c calls the
 * ss_handle_*() hooks below for those.
 */
#ifndef TEEKIT_STORAGE_H
#define TEEKIT_STORAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <tee_internal_api.h>

#include "crypto.h"
#include "teeta.h"

#define SS_KEY_LEN	32
#define SS_BLOCK	(64u * 1024)	/* data block of an object file */
#define SS_INLINE_MAX	2048		/* data kept in the manifest */
#define SS_SHM_DATA	(1024u * 1024)	/* data part of the RPC buffer */
#define SS_NSTORES	2		/* REE (and PRIVATE), RPMB */

/* storage_key.c: the device-unique key and what is derived from it */
int teeta_storage_key_init(const char *uuid);	/* before the sandbox */
bool ss_have_keys(const TEE_UUID *uuid);
void ss_store_key(unsigned int store, uint8_t key[SS_KEY_LEN]);
const uint8_t *ss_rpmb_key(void);
TEE_Result ss_hmac(const uint8_t *key, size_t klen, const void *a, size_t alen,
		   const void *b, size_t blen, uint8_t out[32]);

/* storage_conf.c: the adjustable limits (0: none for the counts) */
struct ss_limits {
	uint64_t max_object_size;	/* bytes of data per object */
	uint64_t max_objects;		/* objects per store */
	uint64_t max_store_size;	/* bytes of data per store */
	const char *file;		/* where they were read from */
};
extern struct ss_limits ss_limits;
TEE_Result ss_limits_check(const char *store, uint64_t size, uint64_t nobjs,
			   uint64_t total);

/* storage_rpc.c: the RPC buffer, REE FS and RPMB requests */
uint8_t *ss_buf(void);	/* SS_SHM_DATA + SS_BLOCK bytes of data */
uint32_t ss_rpc_epoch(void);
void ss_rpc_renew(void);	/* a new buffer after a failure: between operations */
TEE_Result ss_fs_open(const char *name, bool create, uint64_t *fd);
void ss_fs_close(uint64_t fd);
/* boff: where in the data part of the buffer */
TEE_Result ss_fs_read(uint64_t fd, uint64_t off, size_t boff, size_t len,
		      size_t *got);
TEE_Result ss_fs_write(uint64_t fd, uint64_t off, size_t boff, size_t len);
TEE_Result ss_fs_truncate(uint64_t fd, uint64_t len);
TEE_Result ss_fs_remove(const char *name);
TEE_Result ss_fs_rename(const char *from, const char *to, bool overwrite);

/* RPMB: one record block of 256 bytes per store */
#define SS_RPMB_DATA	256
TEE_Result ss_rpmb_counter(uint32_t *wc);
TEE_Result ss_rpmb_read(uint16_t addr, uint8_t data[SS_RPMB_DATA]);
TEE_Result ss_rpmb_write(uint16_t addr, uint32_t wc,
			 const uint8_t data[SS_RPMB_DATA], uint32_t *new_wc);
TEE_Result ss_rpmb_blocks(uint16_t *nblocks);

/* test hook: the instance aborts at its n-th storage RPC (0: never) */
void tee_storage_test_fault_at(uint32_t n);
void ss_rpc_point(void);

/* storage.c: hooks for the object handle code (crypto_obj.c) */
struct ss_handle;
void ss_handle_close(struct ss_handle *h);
void ss_handle_info(struct ss_handle *h, size_t *size, size_t *pos);
TEE_Result ss_handle_restrict(struct ss_handle *h, uint32_t usage);

#define SS_PANIC(code, fmt, ...)					\
	do {								\
		teeta_log("%s: " fmt " (GP says: panic)", __func__,	\
			  ##__VA_ARGS__);				\
		TEE_Panic(code);					\
	} while (0)

#endif /* TEEKIT_STORAGE_H */
