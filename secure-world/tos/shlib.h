/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shlib.h - shared TA libraries in the emulator: the libraries a TA needs
 * (its DT_NEEDED "<uuid>" entries, and theirs), fetched, verified like
 * TAs and published where the TA's instance may load them
 * (docs/ta-format.md, decision 1520).
 */
#ifndef TEEKIT_TOS_SHLIB_H
#define TEEKIT_TOS_SHLIB_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

/*
 * The value a TA host puts in params[0].a (VALUE_INPUT) of the TA_OPEN RPC
 * with which tee_dlopen() asks for a library, and the result the emulator
 * answers once the library and its dependencies are published. Neither
 * reaches a client: the driver carries both only between the TA host and
 * the emulator.
 */
#define TEEKIT_DLOPEN_MAGIC	0x646c6f70u	/* "dlop" */
#define TEEKIT_DLOPEN_READY	0x80746b01u

/* a library's fetch through the supplicant or --ta-dir: a TEE_Result */
typedef uint32_t (*shlib_fetch_fn)(void *ctx, const uint8_t uuid[16],
				   const char *uuid_s, uint8_t **img,
				   size_t *len, char *why, size_t whylen);

/*
 * Every shared library the ELF @elf of TA @owner_s (or of a library loaded
 * for it) needs, transitively: each fetched, verified against @trusted
 * exactly as a TA, checked to be a library of that UUID, and written to
 * shlib_dir(@owner_s). TEE_SUCCESS, or the refusal's TEE_Result and its
 * reason in @why (a missing library ITEM_NOT_FOUND, a signature SECURITY, a
 * TA instead of a library, a SONAME that is not its UUID or a cycle
 * BAD_FORMAT).
 */
uint32_t shlib_resolve(EVP_PKEY *trusted, const char *cache_dir,
		       const char *owner_s, const uint8_t *elf, size_t len,
		       shlib_fetch_fn fetch, void *ctx, char *why,
		       size_t whylen);

/*
 * A library @lib_s asked for by tee_dlopen() in TA @owner_s, whose verified
 * image is @img: checks it is a library of that UUID, resolves what it
 * needs and publishes all. TEE_SUCCESS or the refusal, as above.
 */
uint32_t shlib_publish_dlopen(EVP_PKEY *trusted, const char *cache_dir,
			      const char *owner_s, const char *lib_s,
			      const uint8_t *elf, size_t len, uint32_t img_flags,
			      shlib_fetch_fn fetch, void *ctx, char *why,
			      size_t whylen);

/* "<cache_dir>/lib/<owner_s>": the libraries of TA @owner_s */
void shlib_dir(const char *cache_dir, const char *owner_s, char *out,
	       size_t outlen);

/*
 * Writes @elf as @dir/@name.so unless an identical file is there (an
 * instance still loading has a Landlock rule on it); 0 or -1 with errno.
 */
int tos_publish(const char *dir, const char *name, const uint8_t *elf,
		size_t len, char *path, size_t pathlen);

#endif /* TEEKIT_TOS_SHLIB_H */
