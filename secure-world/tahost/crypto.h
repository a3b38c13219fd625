/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crypto.h - private interface of the TA runtime's cryptography
 * (crypto_obj.c: transient objects and key generation; crypto_op.c:
 * operations, digests, ciphers, MACs, AE; crypto_asym.c: asymmetric
 * operations and key derivation). Everything runs on OpenSSL's libcrypto.
 * A persistent object (storage.c) is one of these handles with pobj set.
 */
#ifndef TEEKIT_CRYPTO_H
#define TEEKIT_CRYPTO_H

#include <stdbool.h>
#include <openssl/evp.h>
#include <tee_internal_api.h>
#include <tee_api_defines_extensions.h>

#include "teeta.h"

struct ss_handle;

/* a TA misused the API: log the cause, then panic as GP says */
#define TK_PANIC(code, fmt, ...)					\
	do {								\
		teeta_log("%s: " fmt " (GP says: panic)", __func__,	\
			  ##__VA_ARGS__);				\
		TEE_Panic(code);					\
	} while (0)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define TK_MAX_ATTRS	10

struct tk_attr {
	uint32_t id;
	uint32_t a, b;		/* value attributes */
	uint8_t *buf;		/* buffer attributes (owned) */
	size_t len;
};

struct __TEE_ObjectHandle {
	struct __TEE_ObjectHandle *next;	/* list of live handles */
	uint32_t type;
	uint32_t size;		/* objectSize in bits; 0 until populated */
	uint32_t max_size;
	uint32_t usage;
	uint32_t flags;		/* TEE_HANDLE_FLAG_* */
	unsigned int nattrs;
	struct tk_attr attrs[TK_MAX_ATTRS];
	/*
	 * persistent objects only: the storage side of the handle
	 * (storage.c); the attributes above are then a copy of the stored
	 * ones, so an operation takes a stored key like any other
	 */
	struct ss_handle *pobj;
};

/* crypto_obj.c */
struct __TEE_ObjectHandle *tk_obj_new(void);	/* a live, empty handle */
void tk_obj_free(struct __TEE_ObjectHandle *o);	/* unlink and destroy */
TEE_Result tk_obj_add_attr(struct __TEE_ObjectHandle *o, uint32_t id,
			   const void *buf, size_t len, uint32_t a, uint32_t b);
struct __TEE_ObjectHandle *tk_obj_check(TEE_ObjectHandle h, const char *fn);
const struct tk_attr *tk_obj_attr(const struct __TEE_ObjectHandle *o,
				  uint32_t id);
const struct tk_attr *tk_param_attr(const TEE_Attribute *p, uint32_t n,
				    uint32_t id, struct tk_attr *tmp);
struct __TEE_ObjectHandle *tk_obj_dup(const struct __TEE_ObjectHandle *o);
void tk_obj_destroy(struct __TEE_ObjectHandle *o);
TEE_Result tk_obj_set_secret(struct __TEE_ObjectHandle *o, uint32_t id,
			     const void *buf, size_t len);
bool tk_type_is_keypair_of(uint32_t type, uint32_t pubtype);
const char *tk_curve_name(uint32_t curve, unsigned int *bits);
EVP_PKEY *tk_obj_pkey(const struct __TEE_ObjectHandle *o);
bool tk_ossl_init(void);


struct __TEE_OperationHandle {
	struct __TEE_OperationHandle *next;	/* list of live handles */
	uint32_t alg;
	uint32_t cls;		/* TEE_OPERATION_* */
	uint32_t mode;
	uint32_t max_key_size;
	uint32_t digest_len;
	uint32_t req_usage;
	uint32_t flags;		/* handleState */
	uint32_t state;		/* TEE_OPERATION_STATE_* */
	struct __TEE_ObjectHandle *key1, *key2;	/* copies */

	EVP_MD_CTX *md;		/* digests */
	EVP_CIPHER_CTX *c;	/* ciphers, CBC-MAC, AE */
	EVP_MAC_CTX *mac;	/* HMAC, CMAC */
	EVP_PKEY *pkey;		/* asymmetric */

	size_t bs;		/* cipher block size (1: stream) */
	size_t pending;		/* bytes OpenSSL holds back */
	bool pad;		/* PKCS#5 padding */
	bool buffered;		/* CTS, XTS, CCM: all data kept until final */
	uint8_t *buf;		/* those data */
	size_t buf_len, buf_cap;
	uint8_t *aad;		/* CCM's AAD */
	size_t aad_len, aad_cap;
	uint8_t iv[16];		/* CBC-MAC chaining value, CCM nonce */
	size_t iv_len;
	uint32_t tag_len;	/* AE tag, bytes */
	size_t ae_aad, ae_payload;	/* CCM's declared lengths */
	bool ae_payload_seen;
	uint8_t *xof;		/* DigestExtract: bytes produced so far */
	size_t xof_len, xof_pos;
	EVP_MD_CTX *xof_base;	/* SHAKE state before squeezing */
};

/* crypto_op.c */
struct __TEE_OperationHandle *tk_op_check(TEE_OperationHandle h,
					  const char *fn);
TEE_Result tk_buf_append(uint8_t **b, size_t *len, size_t *cap,
			 const void *p, size_t n);

/* crypto_asym.c */
void tk_asym_key_set(struct __TEE_OperationHandle *op);
bool tk_asym_alg_ok(uint32_t alg, uint32_t mode, uint32_t *key_type,
		    uint32_t *cls);
bool tk_asym_size_ok(uint32_t alg, uint32_t bits);
bool tk_asym_key_ok(uint32_t alg, uint32_t mode, uint32_t type);
const EVP_MD *tk_alg_md(uint32_t alg);

#endif /* TEEKIT_CRYPTO_H */
