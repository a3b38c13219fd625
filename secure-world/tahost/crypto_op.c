// SPDX-License-Identifier: GPL-2.0-only
/*
 * crypto_op.c - GP cryptographic operations (GP TEE Internal Core API
 * v1.3.1, 6.2-6.5): the operation life cycle and its state rules,
 * digests, symmetric ciphers, MACs and authenticated encryption, on
 * OpenSSL. Asymmetric operations and key derivation: crypto_asym.c.
 *
 * GP's states: an operation is INITIAL after allocation, reset or a final
 * call; Init (cipher, MAC, AE) or the first digest update makes it ACTIVE;
 * DigestExtract makes it EXTRACTING. A call in the wrong state, class or
 * mode is a TA bug, and GP says it panics: the log line names the rule.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "crypto.h"

static struct __TEE_OperationHandle *live_ops;

struct __TEE_OperationHandle *tk_op_check(TEE_OperationHandle h, const char *fn)
{
	struct __TEE_OperationHandle *op;

	for (op = live_ops; op; op = op->next)
		if (op == h)
			return op;
	teeta_log("%s: %p is not an operation handle of this instance (GP says: panic)",
		  fn, (void *)h);
	TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

TEE_Result tk_buf_append(uint8_t **b, size_t *len, size_t *cap,
			 const void *p, size_t n)
{
	uint8_t *nb;
	size_t nc;

	if (!n)
		return TEE_SUCCESS;
	if (*len + n > *cap) {
		nc = (*len + n) * 2;
		nb = malloc(nc);
		if (!nb)
			return TEE_ERROR_OUT_OF_MEMORY;
		if (*b) {
			memcpy(nb, *b, *len);
			OPENSSL_cleanse(*b, *cap);
			free(*b);
		}
		*b = nb;
		*cap = nc;
	}
	memcpy(*b + *len, p, n);
	*len += n;
	return TEE_SUCCESS;
}

/* OpenSSL's name of the digest a GP algorithm id names in its low bits */
static const char *hash_name(uint32_t id)
{
	switch (id) {
	case 0x1: return "MD5";
	case 0x2: return "SHA1";
	case 0x3: return "SHA224";
	case 0x4: return "SHA256";
	case 0x5: return "SHA384";
	case 0x6: return "SHA512";
	case 0x7: return "SM3";
	case 0x8: return "SHA3-224";
	case 0x9: return "SHA3-256";
	case 0xA: return "SHA3-384";
	case 0xB: return "SHA3-512";
	case 0xF: return "MD5-SHA1";
	default: return NULL;
	}
}

static const char *digest_name(uint32_t alg)
{
	if (alg == TEE_ALG_SHAKE128)
		return "SHAKE128";
	if (alg == TEE_ALG_SHAKE256)
		return "SHAKE256";
	if ((alg & 0xfffffff0) != 0x50000000)
		return NULL;
	return hash_name(alg & 0xf);
}

static const char *hmac_name(uint32_t alg)
{
	if ((alg & 0xfffffff0) != 0x30000000 || (alg & 0xf) == 0xf)
		return NULL;
	return hash_name(alg & 0xf);
}

/* the digest of a signature or KDF algorithm (bits 12-15), or NULL */
const EVP_MD *tk_alg_md(uint32_t alg)
{
	const char *n = hash_name((alg >> 12) & 0xf);

	return n ? EVP_get_digestbyname(n) : NULL;
}

enum sym_mode { M_ECB, M_CBC, M_CTR, M_CTS, M_XTS, M_CBC_MAC, M_CMAC, M_HMAC,
		M_GCM, M_CCM };

struct sym_alg {
	uint32_t alg;
	uint32_t key_type;
	enum sym_mode m;
	bool pad;
};

static const struct sym_alg sym_algs[] = {
	{ TEE_ALG_AES_ECB_NOPAD, TEE_TYPE_AES, M_ECB, false },
	{ TEE_ALG_AES_CBC_NOPAD, TEE_TYPE_AES, M_CBC, false },
	{ TEE_ALG_AES_CTR, TEE_TYPE_AES, M_CTR, false },
	{ TEE_ALG_AES_CTS, TEE_TYPE_AES, M_CTS, false },
	{ TEE_ALG_AES_XTS, TEE_TYPE_AES, M_XTS, false },
	{ TEE_ALG_DES_ECB_NOPAD, TEE_TYPE_DES, M_ECB, false },
	{ TEE_ALG_DES_CBC_NOPAD, TEE_TYPE_DES, M_CBC, false },
	{ TEE_ALG_DES3_ECB_NOPAD, TEE_TYPE_DES3, M_ECB, false },
	{ TEE_ALG_DES3_CBC_NOPAD, TEE_TYPE_DES3, M_CBC, false },
	{ TEE_ALG_SM4_ECB_NOPAD, TEE_TYPE_SM4, M_ECB, false },
	{ TEE_ALG_SM4_CBC_NOPAD, TEE_TYPE_SM4, M_CBC, false },
	{ TEE_ALG_SM4_CTR, TEE_TYPE_SM4, M_CTR, false },
	{ TEE_ALG_SM4_ECB_PKCS5, TEE_TYPE_SM4, M_ECB, true },
	{ TEE_ALG_SM4_CBC_PKCS5, TEE_TYPE_SM4, M_CBC, true },
	{ TEE_ALG_AES_CBC_MAC_NOPAD, TEE_TYPE_AES, M_CBC_MAC, false },
	{ TEE_ALG_AES_CBC_MAC_PKCS5, TEE_TYPE_AES, M_CBC_MAC, true },
	{ TEE_ALG_AES_CMAC, TEE_TYPE_AES, M_CMAC, false },
	{ TEE_ALG_DES_CBC_MAC_NOPAD, TEE_TYPE_DES, M_CBC_MAC, false },
	{ TEE_ALG_DES_CBC_MAC_PKCS5, TEE_TYPE_DES, M_CBC_MAC, true },
	{ TEE_ALG_DES3_CBC_MAC_NOPAD, TEE_TYPE_DES3, M_CBC_MAC, false },
	{ TEE_ALG_DES3_CBC_MAC_PKCS5, TEE_TYPE_DES3, M_CBC_MAC, true },
	{ TEE_ALG_DES3_CMAC, TEE_TYPE_DES3, M_CMAC, false },
	{ TEE_ALG_AES_GCM, TEE_TYPE_AES, M_GCM, false },
	{ TEE_ALG_AES_CCM, TEE_TYPE_AES, M_CCM, false },
};

static const struct sym_alg *find_sym(uint32_t alg)
{
	static struct sym_alg hmac;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sym_algs); i++)
		if (sym_algs[i].alg == alg)
			return &sym_algs[i];
	if (hmac_name(alg)) {
		hmac.alg = alg;
		hmac.key_type = 0xA0000000 | (alg & 0xf);
		hmac.m = M_HMAC;
		hmac.pad = false;
		return &hmac;
	}
	return NULL;
}

static uint32_t key_class_usage(uint32_t cls, uint32_t mode)
{
	switch (mode) {
	case TEE_MODE_ENCRYPT: return TEE_USAGE_ENCRYPT;
	case TEE_MODE_DECRYPT: return TEE_USAGE_DECRYPT;
	case TEE_MODE_SIGN: return TEE_USAGE_SIGN;
	case TEE_MODE_VERIFY: return TEE_USAGE_VERIFY;
	case TEE_MODE_MAC: return TEE_USAGE_MAC;
	case TEE_MODE_DERIVE: return TEE_USAGE_DERIVE;
	default: return cls == TEE_OPERATION_DIGEST ? 0 : 0;
	}
}

/* sizes of the key type of a symmetric algorithm (as in crypto_obj.c) */
static bool sym_key_size_ok(uint32_t type, uint32_t bits)
{
	switch (type) {
	case TEE_TYPE_AES: return bits == 128 || bits == 192 || bits == 256;
	case TEE_TYPE_DES: return bits == 64;
	case TEE_TYPE_DES3: return bits == 128 || bits == 192;
	case TEE_TYPE_SM4: return bits == 128;
	default: return bits >= 8 && bits <= 1024 && !(bits % 8);
	}
}

static TEE_Result digest_start(struct __TEE_OperationHandle *op)
{
	const EVP_MD *md = EVP_get_digestbyname(digest_name(op->alg));

	if (!md || !EVP_DigestInit_ex(op->md, md, NULL))
		return TEE_ERROR_NOT_SUPPORTED;
	return TEE_SUCCESS;
}

TEE_Result TEE_AllocateOperation(TEE_OperationHandle *operation,
				 uint32_t algorithm, uint32_t mode,
				 uint32_t maxKeySize)
{
	struct __TEE_OperationHandle *op;
	const struct sym_alg *s = NULL;
	uint32_t cls, key_type;
	const EVP_MD *md;

	if (!operation)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "operation is NULL");
	*operation = TEE_HANDLE_NULL;
	s = find_sym(algorithm);
	if (digest_name(algorithm)) {
		cls = TEE_OPERATION_DIGEST;
		if (mode != TEE_MODE_DIGEST)
			goto bad_mode;
	} else if (s) {
		cls = s->m >= M_GCM ? TEE_OPERATION_AE :
		      s->m >= M_CBC_MAC ? TEE_OPERATION_MAC : TEE_OPERATION_CIPHER;
		if (cls == TEE_OPERATION_MAC ? mode != TEE_MODE_MAC :
		    mode != TEE_MODE_ENCRYPT && mode != TEE_MODE_DECRYPT)
			goto bad_mode;
		if (!sym_key_size_ok(s->key_type, maxKeySize) &&
		    !(s->m == M_HMAC && maxKeySize <= 4096 && !(maxKeySize % 8))) {
			teeta_log("TEE_AllocateOperation: key size %u is not supported for algorithm 0x%08x",
				  maxKeySize, algorithm);
			return TEE_ERROR_NOT_SUPPORTED;
		}
	} else if (tk_asym_alg_ok(algorithm, mode, &key_type, &cls)) {
		if (key_type == ~0u)
			goto bad_mode;
		if (!tk_asym_size_ok(algorithm, maxKeySize)) {
			teeta_log("TEE_AllocateOperation: key size %u is not supported for algorithm 0x%08x",
				  maxKeySize, algorithm);
			return TEE_ERROR_NOT_SUPPORTED;
		}
	} else {
		teeta_log("TEE_AllocateOperation: algorithm 0x%08x is not supported (docs/ta-api.md lists them)",
			  algorithm);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	op = calloc(1, sizeof(*op));
	if (!op)
		return TEE_ERROR_OUT_OF_MEMORY;
	op->alg = algorithm;
	op->cls = cls;
	op->mode = mode;
	op->max_key_size = maxKeySize;
	op->req_usage = key_class_usage(cls, mode);
	if (s) {
		op->pad = s->pad;
		op->buffered = s->m == M_CTS || s->m == M_XTS || s->m == M_CCM;
		if (s->m == M_XTS)
			op->flags |= TEE_HANDLE_FLAG_EXPECT_TWO_KEYS;
		if (s->m == M_HMAC) {
			md = EVP_get_digestbyname(hmac_name(algorithm));
			op->digest_len = md ? EVP_MD_get_size(md) : 0;
		} else if (cls == TEE_OPERATION_MAC) {
			op->digest_len = s->key_type == TEE_TYPE_AES ? 16 : 8;
		}
	}
	if (algorithm == TEE_ALG_SM2_KEP)
		op->flags |= TEE_HANDLE_FLAG_EXPECT_TWO_KEYS;
	if (cls == TEE_OPERATION_DIGEST) {
		op->md = EVP_MD_CTX_new();
		if (!op->md || digest_start(op)) {
			EVP_MD_CTX_free(op->md);
			free(op);
			return TEE_ERROR_NOT_SUPPORTED;
		}
		op->digest_len = algorithm == TEE_ALG_SHAKE128 ? 16 :
				 algorithm == TEE_ALG_SHAKE256 ? 32 :
				 EVP_MD_CTX_get_size(op->md);
		op->flags |= TEE_HANDLE_FLAG_KEY_SET | TEE_HANDLE_FLAG_INITIALIZED;
	}
	op->next = live_ops;
	live_ops = op;
	*operation = op;
	return TEE_SUCCESS;
bad_mode:
	teeta_log("TEE_AllocateOperation: mode %u is not valid for algorithm 0x%08x",
		  mode, algorithm);
	return TEE_ERROR_NOT_SUPPORTED;
}

/* drops the running computation; keeps the key */
static void op_clear_state(struct __TEE_OperationHandle *op)
{
	EVP_CIPHER_CTX_free(op->c);
	op->c = NULL;
	EVP_MAC_CTX_free(op->mac);
	op->mac = NULL;
	if (op->buf) {
		OPENSSL_cleanse(op->buf, op->buf_cap);
		free(op->buf);
	}
	op->buf = NULL;
	op->buf_len = op->buf_cap = 0;
	free(op->aad);
	op->aad = NULL;
	op->aad_len = op->aad_cap = 0;
	if (op->xof) {
		OPENSSL_cleanse(op->xof, op->xof_len);
		free(op->xof);
	}
	op->xof = NULL;
	op->xof_len = op->xof_pos = 0;
	EVP_MD_CTX_free(op->xof_base);
	op->xof_base = NULL;
	op->pending = 0;
	op->ae_payload_seen = false;
	op->state = TEE_OPERATION_STATE_INITIAL;
	if (op->cls != TEE_OPERATION_DIGEST)
		op->flags &= ~TEE_HANDLE_FLAG_INITIALIZED;
	else if (op->md)
		digest_start(op);
}

void TEE_FreeOperation(TEE_OperationHandle operation)
{
	struct __TEE_OperationHandle *op, **pp;

	if (operation == TEE_HANDLE_NULL)
		return;
	op = tk_op_check(operation, __func__);
	for (pp = &live_ops; *pp; pp = &(*pp)->next)
		if (*pp == op) {
			*pp = op->next;
			break;
		}
	op_clear_state(op);
	EVP_MD_CTX_free(op->md);
	EVP_PKEY_free(op->pkey);
	tk_obj_destroy(op->key1);
	tk_obj_destroy(op->key2);
	free(op);
}

void TEE_ResetOperation(TEE_OperationHandle operation)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);

	if (op->cls != TEE_OPERATION_DIGEST && !(op->flags & TEE_HANDLE_FLAG_KEY_SET))
		TK_PANIC(TEE_ERROR_BAD_STATE, "the operation has no key");
	op_clear_state(op);
}

static uint32_t n_keys(const struct __TEE_OperationHandle *op)
{
	if (op->cls == TEE_OPERATION_DIGEST)
		return 0;
	return (op->flags & TEE_HANDLE_FLAG_EXPECT_TWO_KEYS) ? 2 : 1;
}

void TEE_GetOperationInfo(TEE_OperationHandle operation,
			  TEE_OperationInfo *operationInfo)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);

	if (!operationInfo)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "operationInfo is NULL");
	memset(operationInfo, 0, sizeof(*operationInfo));
	operationInfo->algorithm = op->alg;
	operationInfo->operationClass = op->cls;
	operationInfo->mode = op->mode;
	operationInfo->digestLength = op->digest_len;
	operationInfo->maxKeySize = op->max_key_size;
	operationInfo->keySize = op->key1 && n_keys(op) == 1 ? op->key1->size : 0;
	operationInfo->requiredKeyUsage = op->req_usage;
	operationInfo->handleState = op->flags;
}

TEE_Result TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
					TEE_OperationInfoMultiple *info,
					size_t *operationSize)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	uint32_t n = n_keys(op);
	size_t need = sizeof(*info) + n * sizeof(TEE_OperationInfoKey);

	if (!operationSize || (!info && *operationSize))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL info or operationSize");
	if (*operationSize < need) {
		*operationSize = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	memset(info, 0, need);
	info->algorithm = op->alg;
	info->operationClass = op->cls;
	info->mode = op->mode;
	info->digestLength = op->digest_len;
	info->maxKeySize = op->max_key_size;
	info->handleState = op->flags;
	info->operationState = op->state;
	info->numberOfKeys = n;
	if (n >= 1 && op->key1) {
		info->keyInformation[0].keySize = op->key1->size;
		info->keyInformation[0].requiredKeyUsage = op->req_usage;
	} else if (n >= 1) {
		info->keyInformation[0].requiredKeyUsage = op->req_usage;
	}
	if (n == 2) {
		info->keyInformation[1].keySize = op->key2 ? op->key2->size : 0;
		info->keyInformation[1].requiredKeyUsage = op->req_usage;
	}
	*operationSize = need;
	return TEE_SUCCESS;
}

/* may this key object serve this operation? (GP's panic conditions) */
static void key_check(struct __TEE_OperationHandle *op,
		      struct __TEE_ObjectHandle *k, const char *fn)
{
	const struct sym_alg *s = find_sym(op->alg);
	bool ok;

	if (!(k->flags & TEE_HANDLE_FLAG_INITIALIZED)) {
		teeta_log("%s: the key object is not initialized (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (s)
		ok = k->type == s->key_type ||
		     (s->m == M_HMAC && k->type == TEE_TYPE_GENERIC_SECRET);
	else
		ok = tk_asym_key_ok(op->alg, op->mode, k->type);
	if (!ok) {
		teeta_log("%s: a key of type 0x%08x cannot serve algorithm 0x%08x in mode %u (GP says: panic)",
			  fn, k->type, op->alg, op->mode);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (k->size > op->max_key_size) {
		teeta_log("%s: the key has %u bits, more than the operation's maximum %u (GP says: panic)",
			  fn, k->size, op->max_key_size);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if ((k->usage & op->req_usage) != op->req_usage) {
		teeta_log("%s: the key's usage 0x%08x lacks 0x%08x (TEE_RestrictObjectUsage1 took it away; GP says: panic)",
			  fn, k->usage, op->req_usage);
		TEE_Panic(TEE_ERROR_ACCESS_DENIED);
	}
}

static void key_drop(struct __TEE_OperationHandle *op)
{
	op_clear_state(op);
	tk_obj_destroy(op->key1);
	tk_obj_destroy(op->key2);
	op->key1 = op->key2 = NULL;
	EVP_PKEY_free(op->pkey);
	op->pkey = NULL;
	op->flags &= ~TEE_HANDLE_FLAG_KEY_SET;
}

TEE_Result TEE_SetOperationKey(TEE_OperationHandle operation,
			       TEE_ObjectHandle key)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	struct __TEE_ObjectHandle *k;

	if (op->cls == TEE_OPERATION_DIGEST)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "a digest operation takes no key");
	if (n_keys(op) == 2)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "algorithm 0x%08x takes two keys: use TEE_SetOperationKey2", op->alg);
	if (op->state != TEE_OPERATION_STATE_INITIAL)
		TK_PANIC(TEE_ERROR_BAD_STATE, "the operation is active: reset it first");
	if (key == TEE_HANDLE_NULL) {
		key_drop(op);
		return TEE_SUCCESS;
	}
	k = tk_obj_check(key, __func__);
	key_check(op, k, __func__);
	key_drop(op);
	op->key1 = tk_obj_dup(k);
	if (!op->key1)
		return TEE_ERROR_OUT_OF_MEMORY;
	op->flags |= TEE_HANDLE_FLAG_KEY_SET;
	if (!find_sym(op->alg))
		tk_asym_key_set(op);
	return TEE_SUCCESS;
}

TEE_Result TEE_SetOperationKey2(TEE_OperationHandle operation,
				TEE_ObjectHandle key1, TEE_ObjectHandle key2)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	struct __TEE_ObjectHandle *k1, *k2;

	if (n_keys(op) != 2)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "algorithm 0x%08x takes one key: use TEE_SetOperationKey", op->alg);
	if (op->state != TEE_OPERATION_STATE_INITIAL)
		TK_PANIC(TEE_ERROR_BAD_STATE, "the operation is active: reset it first");
	if (key1 == TEE_HANDLE_NULL && key2 == TEE_HANDLE_NULL) {
		key_drop(op);
		return TEE_SUCCESS;
	}
	if (key1 == TEE_HANDLE_NULL || key2 == TEE_HANDLE_NULL)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "only one of the two keys is given");
	k1 = tk_obj_check(key1, __func__);
	k2 = tk_obj_check(key2, __func__);
	key_check(op, k1, __func__);
	key_check(op, k2, __func__);
	if (op->alg == TEE_ALG_AES_XTS && k1->size != k2->size)
		return TEE_ERROR_BAD_PARAMETERS;
	key_drop(op);
	op->key1 = tk_obj_dup(k1);
	op->key2 = tk_obj_dup(k2);
	if (!op->key1 || !op->key2) {
		key_drop(op);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	op->flags |= TEE_HANDLE_FLAG_KEY_SET;
	if (!find_sym(op->alg))
		tk_asym_key_set(op);
	return TEE_SUCCESS;
}

void TEE_CopyOperation(TEE_OperationHandle dstOperation,
		       TEE_OperationHandle srcOperation)
{
	struct __TEE_OperationHandle *d = tk_op_check(dstOperation, __func__);
	struct __TEE_OperationHandle *s = tk_op_check(srcOperation, __func__);
	bool fail = false;

	if (d->alg != s->alg || d->mode != s->mode)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the operations differ in algorithm or mode");
	if (s->key1 && s->key1->size > d->max_key_size)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the destination's maximum key size is too small");
	key_drop(d);
	d->flags = s->flags;
	d->state = s->state;
	d->digest_len = s->digest_len;
	d->pending = s->pending;
	d->bs = s->bs;
	d->iv_len = s->iv_len;
	memcpy(d->iv, s->iv, sizeof(d->iv));
	d->tag_len = s->tag_len;
	d->ae_aad = s->ae_aad;
	d->ae_payload = s->ae_payload;
	d->ae_payload_seen = s->ae_payload_seen;
	d->xof_pos = s->xof_pos;
	if (s->key1)
		fail |= !(d->key1 = tk_obj_dup(s->key1));
	if (s->key2)
		fail |= !(d->key2 = tk_obj_dup(s->key2));
	if (s->pkey) {
		EVP_PKEY_up_ref(s->pkey);
		d->pkey = s->pkey;
	}
	if (s->md)
		fail |= !EVP_MD_CTX_copy_ex(d->md, s->md);
	if (s->c) {
		d->c = EVP_CIPHER_CTX_new();
		fail |= !d->c || !EVP_CIPHER_CTX_copy(d->c, s->c);
	}
	if (s->mac)
		fail |= !(d->mac = EVP_MAC_CTX_dup(s->mac));
	if (s->xof_base) {
		d->xof_base = EVP_MD_CTX_new();
		fail |= !d->xof_base || !EVP_MD_CTX_copy_ex(d->xof_base, s->xof_base);
	}
	fail |= tk_buf_append(&d->buf, &d->buf_len, &d->buf_cap, s->buf, s->buf_len) != 0;
	fail |= tk_buf_append(&d->aad, &d->aad_len, &d->aad_cap, s->aad, s->aad_len) != 0;
	if (s->xof_len) {
		d->xof = malloc(s->xof_len);
		fail |= !d->xof;
		if (d->xof) {
			memcpy(d->xof, s->xof, s->xof_len);
			d->xof_len = s->xof_len;
		}
	}
	if (fail)
		TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory copying the operation");
}

TEE_Result TEE_IsAlgorithmSupported(uint32_t algId, uint32_t element)
{
	uint32_t key_type, cls;

	if (digest_name(algId) || find_sym(algId))
		return element == TEE_CRYPTO_ELEMENT_NONE ? TEE_SUCCESS :
							    TEE_ERROR_NOT_SUPPORTED;
	if (!tk_asym_alg_ok(algId, TEE_MODE_ILLEGAL_VALUE, &key_type, &cls))
		return TEE_ERROR_NOT_SUPPORTED;
	switch (algId & 0xff) {
	case 0x41:
	case 0x42:	/* ECDSA, ECDH: a NIST curve */
		return element >= TEE_ECC_CURVE_NIST_P192 &&
		       element <= TEE_ECC_CURVE_NIST_P521 ? TEE_SUCCESS :
							    TEE_ERROR_NOT_SUPPORTED;
	case 0x43:
	case 0x44:
		return element == TEE_ECC_CURVE_25519 ||
		       element == TEE_CRYPTO_ELEMENT_NONE ? TEE_SUCCESS :
							    TEE_ERROR_NOT_SUPPORTED;
	case 0x45:
	case 0x46:
		return element == TEE_ECC_CURVE_SM2 ||
		       element == TEE_CRYPTO_ELEMENT_NONE ? TEE_SUCCESS :
							    TEE_ERROR_NOT_SUPPORTED;
	default:
		return element == TEE_CRYPTO_ELEMENT_NONE ? TEE_SUCCESS :
							    TEE_ERROR_NOT_SUPPORTED;
	}
}

/* ---- digests ------------------------------------------------------------- */

static struct __TEE_OperationHandle *digest_op(TEE_OperationHandle h,
					       const char *fn)
{
	struct __TEE_OperationHandle *op = tk_op_check(h, fn);

	if (op->cls != TEE_OPERATION_DIGEST) {
		teeta_log("%s: the operation is not a digest (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	return op;
}

void TEE_DigestUpdate(TEE_OperationHandle operation, const void *chunk,
		      size_t chunkSize)
{
	struct __TEE_OperationHandle *op = digest_op(operation, __func__);

	if (op->state == TEE_OPERATION_STATE_EXTRACTING)
		TK_PANIC(TEE_ERROR_BAD_STATE,
			 "digest is being extracted: TEE_ResetOperation first");
	if (!chunk && chunkSize)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "chunk is NULL");
	op->state = TEE_OPERATION_STATE_ACTIVE;
	if (chunkSize && !EVP_DigestUpdate(op->md, chunk, chunkSize))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL digest update failed");
}

static bool is_xof(uint32_t alg)
{
	return alg == TEE_ALG_SHAKE128 || alg == TEE_ALG_SHAKE256;
}

TEE_Result TEE_DigestDoFinal(TEE_OperationHandle operation, const void *chunk,
			     size_t chunkLen, void *hash, size_t *hashLen)
{
	struct __TEE_OperationHandle *op = digest_op(operation, __func__);
	size_t need = op->digest_len;
	unsigned int n;
	int ok;

	if (op->state == TEE_OPERATION_STATE_EXTRACTING)
		TK_PANIC(TEE_ERROR_BAD_STATE,
			 "digest is being extracted: TEE_ResetOperation first");
	if (!hashLen || (!chunk && chunkLen))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL hashLen or chunk");
	if (is_xof(op->alg) && *hashLen)
		need = *hashLen;	/* SHAKE: as many bytes as asked */
	if (*hashLen < need || !hash) {
		*hashLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (chunkLen && !EVP_DigestUpdate(op->md, chunk, chunkLen))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL digest update failed");
	if (is_xof(op->alg)) {
		ok = EVP_DigestFinalXOF(op->md, hash, need);
	} else {
		ok = EVP_DigestFinal_ex(op->md, hash, &n);
		need = n;
	}
	if (!ok)
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL digest final failed");
	*hashLen = need;
	op_clear_state(op);
	return TEE_SUCCESS;
}

/*
 * GP 1.3.1 TEE_DigestExtract: squeeze the digest out in parts. OpenSSL 3.0
 * squeezes a SHAKE only once, so the absorbed state is kept and each call
 * recomputes up to the new end (the parts are what one long squeeze
 * gives). A fixed-size digest is computed once and handed out in parts.
 */
TEE_Result TEE_DigestExtract(TEE_OperationHandle operation, void *hash,
			     size_t *hashLen)
{
	struct __TEE_OperationHandle *op = digest_op(operation, __func__);
	EVP_MD_CTX *c;
	unsigned int n;
	size_t want;
	uint8_t *nb;

	if (!hashLen || (!hash && *hashLen))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL hash or hashLen");
	if (op->state != TEE_OPERATION_STATE_EXTRACTING) {
		if (is_xof(op->alg)) {
			op->xof_base = EVP_MD_CTX_new();
			if (!op->xof_base || !EVP_MD_CTX_copy_ex(op->xof_base, op->md))
				TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
		} else {
			op->xof = malloc(EVP_MAX_MD_SIZE);
			if (!op->xof || !EVP_DigestFinal_ex(op->md, op->xof, &n))
				TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL digest final failed");
			op->xof_len = n;
		}
		op->xof_pos = 0;
		op->state = TEE_OPERATION_STATE_EXTRACTING;
	}
	want = *hashLen;
	if (is_xof(op->alg)) {
		if (op->xof_pos + want > op->xof_len) {
			nb = realloc(op->xof, op->xof_pos + want);
			c = EVP_MD_CTX_new();
			if (!nb || !c || !EVP_MD_CTX_copy_ex(c, op->xof_base) ||
			    !EVP_DigestFinalXOF(c, nb, op->xof_pos + want))
				TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "SHAKE squeeze failed");
			EVP_MD_CTX_free(c);
			op->xof = nb;
			op->xof_len = op->xof_pos + want;
		}
	} else if (want > op->xof_len - op->xof_pos) {
		want = op->xof_len - op->xof_pos;
	}
	if (want)
		memcpy(hash, op->xof + op->xof_pos, want);
	op->xof_pos += want;
	*hashLen = want;
	return TEE_SUCCESS;
}

/* ---- symmetric ciphers ----------------------------------------------------- */

static const struct sym_alg *cipher_op(struct __TEE_OperationHandle *op,
				       uint32_t cls, const char *fn)
{
	const struct sym_alg *s = find_sym(op->alg);

	if (op->cls != cls || !s) {
		teeta_log("%s: operation of class %u, algorithm 0x%08x, is not for this function (GP says: panic)",
			  fn, op->cls, op->alg);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	return s;
}

/* key bytes, with DES widened to the 3-key 3DES it equals (K, K, K) */
static size_t key_bytes(const struct __TEE_ObjectHandle *k, uint8_t out[64])
{
	const struct tk_attr *a = &k->attrs[0];

	if (k->type == TEE_TYPE_DES) {
		memcpy(out, a->buf, 8);
		memcpy(out + 8, a->buf, 8);
		memcpy(out + 16, a->buf, 8);
		return 24;
	}
	if (k->type == TEE_TYPE_DES3 && a->len == 16) {
		memcpy(out, a->buf, 16);
		memcpy(out + 16, a->buf, 8);	/* K1, K2, K1 */
		return 24;
	}
	if (a->len > 64)
		return 0;
	memcpy(out, a->buf, a->len);
	return a->len;
}

static const char *cipher_name(const struct sym_alg *s, size_t keylen)
{
	static char name[32];
	const char *m = "ECB";

	switch (s->m) {
	case M_CBC:
	case M_CBC_MAC:
	case M_CMAC:
		m = "CBC";
		break;
	case M_CTR:
		m = "CTR";
		break;
	case M_CTS:
		m = "CBC-CTS";
		break;
	case M_XTS:
		m = "XTS";
		keylen /= 2;
		break;
	case M_GCM:
		m = "GCM";
		break;
	case M_CCM:
		m = "CCM";
		break;
	default:
		break;
	}
	if (s->key_type == TEE_TYPE_DES || s->key_type == TEE_TYPE_DES3)
		snprintf(name, sizeof(name), "DES-EDE3%s%s",
			 s->m == M_ECB ? "" : "-", s->m == M_ECB ? "" : m);
	else if (s->key_type == TEE_TYPE_SM4)
		snprintf(name, sizeof(name), "SM4-%s", m);
	else
		snprintf(name, sizeof(name), "AES-%zu-%s", keylen * 8, m);
	return name;
}

static void cipher_setup(struct __TEE_OperationHandle *op,
			 const struct sym_alg *s, const void *iv, size_t iv_len,
			 bool enc, const char *fn)
{
	uint8_t key[128];
	size_t klen = key_bytes(op->key1, key);
	EVP_CIPHER *ci;
	OSSL_PARAM prm[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	size_t need_iv;

	if (s->m == M_XTS) {
		memcpy(key + klen, op->key2->attrs[0].buf, op->key2->attrs[0].len);
		klen += op->key2->attrs[0].len;
	}
	ci = EVP_CIPHER_fetch(NULL, cipher_name(s, klen), NULL);
	if (!ci) {
		teeta_log("%s: OpenSSL has no cipher %s", fn, cipher_name(s, klen));
		TEE_Panic(TEE_ERROR_NOT_SUPPORTED);
	}
	need_iv = s->m == M_ECB ? 0 : EVP_CIPHER_get_iv_length(ci);
	if (s->m == M_CBC_MAC && !iv)
		need_iv = 0;	/* a zero IV */
	if (need_iv && iv_len != need_iv) {
		teeta_log("%s: the IV must have %zu bytes for algorithm 0x%08x, not %zu (GP says: panic)",
			  fn, need_iv, op->alg, iv_len);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	op_clear_state(op);
	op->c = EVP_CIPHER_CTX_new();
	if (s->m == M_CTS)
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							  "CS3", 0);
	if (!op->c || !EVP_CipherInit_ex2(op->c, ci, key, need_iv ? iv : NULL, enc,
					  s->m == M_CTS ? prm : NULL))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL cipher init failed");
	OPENSSL_cleanse(key, sizeof(key));
	EVP_CIPHER_CTX_set_padding(op->c, s->pad && s->m != M_CBC_MAC);
	op->bs = EVP_CIPHER_get_block_size(ci);
	EVP_CIPHER_free(ci);
	op->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	op->state = TEE_OPERATION_STATE_ACTIVE;
}

static void need_key(struct __TEE_OperationHandle *op, const char *fn)
{
	if (!(op->flags & TEE_HANDLE_FLAG_KEY_SET)) {
		teeta_log("%s: no key is set: TEE_SetOperationKey first (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_STATE);
	}
}

static void need_active(struct __TEE_OperationHandle *op, const char *fn)
{
	if (op->state != TEE_OPERATION_STATE_ACTIVE) {
		teeta_log("%s: the operation is not initialized: call its Init function first (GP says: panic)",
			  fn);
		TEE_Panic(TEE_ERROR_BAD_STATE);
	}
}

void TEE_CipherInit(TEE_OperationHandle operation, const void *IV, size_t IVLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_CIPHER, __func__);

	need_key(op, __func__);
	if (!IV && IVLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "IV is NULL");
	cipher_setup(op, s, IV, IVLen, op->mode == TEE_MODE_ENCRYPT, __func__);
}

/* output bytes of an update of n bytes, and the bytes then held back */
static size_t update_out(struct __TEE_OperationHandle *op, size_t n,
			 size_t *held)
{
	size_t total = op->pending + n;

	if (op->buffered) {
		*held = 0;
		return 0;
	}
	if (op->bs <= 1) {
		*held = 0;
		return n;
	}
	*held = total % op->bs;
	if (op->pad && op->mode == TEE_MODE_DECRYPT && total && !*held)
		*held = op->bs;
	return total - *held;
}

static void check_out(const void *dst, const size_t *dlen, const char *fn)
{
	if (!dlen) {
		teeta_log("%s: destLen is NULL (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	(void)dst;
}

TEE_Result TEE_CipherUpdate(TEE_OperationHandle operation, const void *srcData,
			    size_t srcLen, void *destData, size_t *destLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	size_t out, held;
	int n;

	cipher_op(op, TEE_OPERATION_CIPHER, __func__);
	need_active(op, __func__);
	check_out(destData, destLen, __func__);
	if (!srcData && srcLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "srcData is NULL");
	out = update_out(op, srcLen, &held);
	if (*destLen < out || (out && !destData)) {
		*destLen = out;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (op->buffered) {
		if (tk_buf_append(&op->buf, &op->buf_len, &op->buf_cap, srcData, srcLen))
			return TEE_ERROR_OUT_OF_MEMORY;
		*destLen = 0;
		return TEE_SUCCESS;
	}
	n = 0;
	if (srcLen && !EVP_CipherUpdate(op->c, destData, &n, srcData, srcLen))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL cipher update failed");
	op->pending = held;
	*destLen = n;
	return TEE_SUCCESS;
}

TEE_Result TEE_CipherDoFinal(TEE_OperationHandle operation,
			     const void *srcData, size_t srcLen,
			     void *destData, size_t *destLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_CIPHER, __func__);
	size_t total, need;
	uint8_t *tmp = NULL;
	int n = 0, m = 0;
	EVP_CIPHER_CTX *c;

	need_active(op, __func__);
	check_out(destData, destLen, __func__);
	if (!srcData && srcLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "srcData is NULL");
	total = (op->buffered ? op->buf_len : op->pending) + srcLen;
	if (!op->pad && op->bs > 1 && !op->buffered && total % op->bs) {
		teeta_log("TEE_CipherDoFinal: %zu bytes are not a whole number of %zu-byte blocks (NOPAD)",
			  total, op->bs);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (op->buffered && total < 16) {
		teeta_log("TEE_CipherDoFinal: algorithm 0x%08x needs at least one block", op->alg);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (op->pad && op->mode == TEE_MODE_ENCRYPT)
		need = total - total % op->bs + op->bs;
	else if (op->pad)
		need = 0;	/* known once decrypted */
	else
		need = total;
	if (op->pad && op->mode == TEE_MODE_DECRYPT) {
		/* decrypt on a copy to learn the size without losing state */
		if (total % op->bs || !total)
			return TEE_ERROR_BAD_PARAMETERS;
		tmp = malloc(total + op->bs);
		c = EVP_CIPHER_CTX_new();
		if (!tmp || !c || !EVP_CIPHER_CTX_copy(c, op->c))
			TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
		if ((srcLen && !EVP_CipherUpdate(c, tmp, &n, srcData, srcLen)) ||
		    !EVP_CipherFinal_ex(c, tmp + n, &m)) {
			EVP_CIPHER_CTX_free(c);
			free(tmp);
			return TEE_ERROR_BAD_PARAMETERS;	/* bad padding */
		}
		EVP_CIPHER_CTX_free(c);
		need = n + m;
		if (*destLen < need || (need && !destData)) {
			OPENSSL_cleanse(tmp, total + op->bs);
			free(tmp);
			*destLen = need;
			return TEE_ERROR_SHORT_BUFFER;
		}
		memcpy(destData, tmp, need);
		OPENSSL_cleanse(tmp, total + op->bs);
		free(tmp);
		*destLen = need;
		op_clear_state(op);
		return TEE_SUCCESS;
	}
	if (*destLen < need || (need && !destData)) {
		*destLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (op->buffered) {
		if (tk_buf_append(&op->buf, &op->buf_len, &op->buf_cap, srcData, srcLen))
			return TEE_ERROR_OUT_OF_MEMORY;
		if (!EVP_CipherUpdate(op->c, destData, &n, op->buf, op->buf_len))
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL %s failed",
				 s->m == M_XTS ? "XTS" : "CTS");
	} else if (srcLen && !EVP_CipherUpdate(op->c, destData, &n, srcData, srcLen)) {
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL cipher update failed");
	}
	if (!EVP_CipherFinal_ex(op->c, (uint8_t *)destData + n, &m))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL cipher final failed");
	*destLen = n + m;
	op_clear_state(op);
	return TEE_SUCCESS;
}

/* ---- MACs ---------------------------------------------------------------- */

void TEE_MACInit(TEE_OperationHandle operation, const void *IV, size_t IVLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_MAC, __func__);
	OSSL_PARAM prm[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	uint8_t key[128];
	size_t klen;
	EVP_MAC *mac;

	need_key(op, __func__);
	if (!IV && IVLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "IV is NULL");
	if (s->m == M_CBC_MAC) {
		cipher_setup(op, s, IVLen ? IV : NULL, IVLen, true, __func__);
		return;
	}
	op_clear_state(op);
	mac = EVP_MAC_fetch(NULL, s->m == M_HMAC ? "HMAC" : "CMAC", NULL);
	op->mac = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);
	klen = key_bytes(op->key1, key);
	if (s->m == M_HMAC)
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
							  (char *)hmac_name(op->alg), 0);
	else
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
							  (char *)cipher_name(s, klen), 0);
	if (!op->mac || !EVP_MAC_init(op->mac, key, klen, prm))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL MAC init failed");
	OPENSSL_cleanse(key, sizeof(key));
	op->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	op->state = TEE_OPERATION_STATE_ACTIVE;
}

/* CBC-MAC: encrypt, keep only the last block */
static void cbc_mac_update(struct __TEE_OperationHandle *op, const void *p,
			   size_t n)
{
	uint8_t tmp[256];
	size_t done = 0, k;
	int out;

	while (done < n) {
		k = n - done > sizeof(tmp) - 16 ? sizeof(tmp) - 16 : n - done;
		if (!EVP_CipherUpdate(op->c, tmp, &out, (const uint8_t *)p + done, k))
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL CBC-MAC update failed");
		if (out >= (int)op->bs)
			memcpy(op->iv, tmp + out - op->bs, op->bs);
		done += k;
	}
	op->pending = (op->pending + n) % op->bs;
}

void TEE_MACUpdate(TEE_OperationHandle operation, const void *chunk,
		   size_t chunkSize)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_MAC, __func__);

	need_active(op, __func__);
	if (!chunk && chunkSize)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "chunk is NULL");
	if (!chunkSize)
		return;
	if (s->m == M_CBC_MAC)
		cbc_mac_update(op, chunk, chunkSize);
	else if (!EVP_MAC_update(op->mac, chunk, chunkSize))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL MAC update failed");
}

static TEE_Result mac_final(struct __TEE_OperationHandle *op,
			    const struct sym_alg *s, const void *msg,
			    size_t len, uint8_t *out)
{
	uint8_t padb[16];
	size_t olen, padn;

	if (s->m != M_CBC_MAC) {
		if ((len && !EVP_MAC_update(op->mac, msg, len)) ||
		    !EVP_MAC_final(op->mac, out, &olen, EVP_MAX_MD_SIZE))
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL MAC final failed");
		return TEE_SUCCESS;
	}
	if (len)
		cbc_mac_update(op, msg, len);
	if (s->pad) {
		padn = op->bs - op->pending;
		memset(padb, (int)padn, padn);
		cbc_mac_update(op, padb, padn);
	}
	if (op->pending) {
		teeta_log("TEE_MACComputeFinal: CBC-MAC NOPAD input is not a whole number of blocks");
		return TEE_ERROR_BAD_PARAMETERS;
	}
	memcpy(out, op->iv, op->bs);
	return TEE_SUCCESS;
}

TEE_Result TEE_MACComputeFinal(TEE_OperationHandle operation,
			       const void *message, size_t messageLen,
			       void *mac, size_t *macLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_MAC, __func__);
	uint8_t out[EVP_MAX_MD_SIZE];
	TEE_Result res;

	need_active(op, __func__);
	if (!macLen || (!message && messageLen))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL macLen or message");
	if (*macLen < op->digest_len || !mac) {
		*macLen = op->digest_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	res = mac_final(op, s, message, messageLen, out);
	if (!res) {
		memcpy(mac, out, op->digest_len);
		*macLen = op->digest_len;
	}
	op_clear_state(op);
	return res;
}

TEE_Result TEE_MACCompareFinal(TEE_OperationHandle operation,
			       const void *message, size_t messageLen,
			       const void *mac, size_t macLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_MAC, __func__);
	uint8_t out[EVP_MAX_MD_SIZE];
	TEE_Result res;

	need_active(op, __func__);
	if ((!message && messageLen) || (!mac && macLen))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL message or mac");
	res = mac_final(op, s, message, messageLen, out);
	op_clear_state(op);
	if (res)
		return res;
	if (macLen != op->digest_len || CRYPTO_memcmp(out, mac, macLen))
		return TEE_ERROR_MAC_INVALID;
	return TEE_SUCCESS;
}

/* ---- authenticated encryption ---------------------------------------------- */

TEE_Result TEE_AEInit(TEE_OperationHandle operation, const void *nonce,
		      size_t nonceLen, uint32_t tagLen, size_t AADLen,
		      size_t payloadLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	const struct sym_alg *s = cipher_op(op, TEE_OPERATION_AE, __func__);
	uint8_t key[64];
	size_t klen;
	EVP_CIPHER *ci;
	bool enc = op->mode == TEE_MODE_ENCRYPT;

	need_key(op, __func__);
	if (!nonce && nonceLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "nonce is NULL");
	if (s->m == M_GCM ? !(tagLen == 128 || tagLen == 120 || tagLen == 112 ||
			      tagLen == 104 || tagLen == 96) :
	    (tagLen < 32 || tagLen > 128 || tagLen % 16)) {
		teeta_log("TEE_AEInit: a %u-bit tag is not supported for algorithm 0x%08x",
			  tagLen, op->alg);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	if (s->m == M_GCM ? !nonceLen : (nonceLen < 7 || nonceLen > 13))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "a %zu-byte nonce is not valid for %s",
			 nonceLen, s->m == M_GCM ? "GCM" : "CCM (7-13 bytes)");
	op_clear_state(op);
	klen = key_bytes(op->key1, key);
	ci = EVP_CIPHER_fetch(NULL, cipher_name(s, klen), NULL);
	op->c = EVP_CIPHER_CTX_new();
	op->tag_len = tagLen / 8;
	op->ae_aad = AADLen;
	op->ae_payload = payloadLen;
	op->bs = 1;
	if (s->m == M_CCM) {
		/* CCM needs every length first: data are kept until final */
		memcpy(op->iv, nonce, nonceLen);
		op->iv_len = nonceLen;
		op->buffered = true;
		if (!ci || !op->c || !EVP_CipherInit_ex(op->c, ci, NULL, NULL, NULL, enc) ||
		    !EVP_CIPHER_CTX_ctrl(op->c, EVP_CTRL_AEAD_SET_IVLEN, nonceLen, NULL) ||
		    !EVP_CIPHER_CTX_ctrl(op->c, EVP_CTRL_AEAD_SET_TAG, op->tag_len, NULL))
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL CCM init failed");
		memcpy(op->iv + 0, nonce, nonceLen);
		/* the key is kept in key1; set at final */
	} else {
		if (!ci || !op->c || !EVP_CipherInit_ex(op->c, ci, NULL, NULL, NULL, enc) ||
		    !EVP_CIPHER_CTX_ctrl(op->c, EVP_CTRL_AEAD_SET_IVLEN, nonceLen, NULL) ||
		    !EVP_CipherInit_ex(op->c, NULL, NULL, key, nonce, enc))
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL GCM init failed");
	}
	OPENSSL_cleanse(key, sizeof(key));
	EVP_CIPHER_free(ci);
	op->digest_len = tagLen / 8;
	op->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	op->state = TEE_OPERATION_STATE_ACTIVE;
	return TEE_SUCCESS;
}

void TEE_AEUpdateAAD(TEE_OperationHandle operation, const void *AADdata,
		     size_t AADdataLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	int n;

	cipher_op(op, TEE_OPERATION_AE, __func__);
	need_active(op, __func__);
	if (op->ae_payload_seen)
		TK_PANIC(TEE_ERROR_BAD_STATE, "AAD after payload data");
	if (!AADdata && AADdataLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "AADdata is NULL");
	if (op->alg == TEE_ALG_AES_CCM) {
		if (tk_buf_append(&op->aad, &op->aad_len, &op->aad_cap, AADdata,
				  AADdataLen))
			TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
		return;
	}
	if (AADdataLen && !EVP_CipherUpdate(op->c, NULL, &n, AADdata, AADdataLen))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL GCM AAD failed");
}

TEE_Result TEE_AEUpdate(TEE_OperationHandle operation, const void *srcData,
			size_t srcLen, void *destData, size_t *destLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	int n = 0;

	cipher_op(op, TEE_OPERATION_AE, __func__);
	need_active(op, __func__);
	check_out(destData, destLen, __func__);
	if (!srcData && srcLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "srcData is NULL");
	op->ae_payload_seen = true;
	if (op->alg == TEE_ALG_AES_CCM) {
		if (tk_buf_append(&op->buf, &op->buf_len, &op->buf_cap, srcData, srcLen))
			return TEE_ERROR_OUT_OF_MEMORY;
		*destLen = 0;
		return TEE_SUCCESS;
	}
	if (*destLen < srcLen || (srcLen && !destData)) {
		*destLen = srcLen;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (srcLen && !EVP_CipherUpdate(op->c, destData, &n, srcData, srcLen))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL GCM update failed");
	*destLen = n;
	return TEE_SUCCESS;
}

/* CCM in one go at final; returns false when the tag does not verify */
static bool ccm_run(struct __TEE_OperationHandle *op, const uint8_t *tag,
		    uint8_t *out)
{
	bool enc = op->mode == TEE_MODE_ENCRYPT;
	uint8_t key[64];
	int n;

	key_bytes(op->key1, key);

	if (op->buf_len != op->ae_payload || op->aad_len != op->ae_aad)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "CCM got %zu AAD and %zu payload bytes, TEE_AEInit said %zu and %zu",
			 op->aad_len, op->buf_len, op->ae_aad, op->ae_payload);
	if (!enc && !EVP_CIPHER_CTX_ctrl(op->c, EVP_CTRL_AEAD_SET_TAG, op->tag_len,
					 (void *)tag))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL CCM tag failed");
	if (!EVP_CipherInit_ex(op->c, NULL, NULL, key, op->iv, enc) ||
	    !EVP_CipherUpdate(op->c, NULL, &n, NULL, op->buf_len) ||
	    (op->aad_len && !EVP_CipherUpdate(op->c, NULL, &n, op->aad, op->aad_len)))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL CCM failed");
	OPENSSL_cleanse(key, sizeof(key));
	if (!EVP_CipherUpdate(op->c, out, &n, op->buf ? op->buf : (uint8_t *)"",
			      op->buf_len))
		return false;
	return true;
}

static size_t ae_final_len(struct __TEE_OperationHandle *op, size_t srcLen)
{
	return op->alg == TEE_ALG_AES_CCM ? op->buf_len + srcLen : srcLen;
}

TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle operation,
			      const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag,
			      size_t *tagLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	size_t need;
	int n = 0, m = 0;

	cipher_op(op, TEE_OPERATION_AE, __func__);
	need_active(op, __func__);
	if (op->mode != TEE_MODE_ENCRYPT)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "the operation decrypts");
	if (!destLen || !tagLen || (!srcData && srcLen))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL destLen, tagLen or srcData");
	need = ae_final_len(op, srcLen);
	if (*destLen < need || *tagLen < op->tag_len || (need && !destData) || !tag) {
		*destLen = need;
		*tagLen = op->tag_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (op->alg == TEE_ALG_AES_CCM) {
		if (tk_buf_append(&op->buf, &op->buf_len, &op->buf_cap, srcData, srcLen))
			return TEE_ERROR_OUT_OF_MEMORY;
		ccm_run(op, NULL, destData);
		n = op->buf_len;
	} else if (srcLen && !EVP_CipherUpdate(op->c, destData, &n, srcData, srcLen)) {
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL GCM update failed");
	}
	if (!EVP_CipherFinal_ex(op->c, (uint8_t *)destData + n, &m) ||
	    !EVP_CIPHER_CTX_ctrl(op->c, EVP_CTRL_AEAD_GET_TAG, op->tag_len, tag))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL AE final failed");
	*destLen = n + m;
	*tagLen = op->tag_len;
	op_clear_state(op);
	return TEE_SUCCESS;
}

TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle operation,
			      const void *srcData, size_t srcLen,
			      void *destData, size_t *destLen, void *tag,
			      size_t tagLen)
{
	struct __TEE_OperationHandle *op = tk_op_check(operation, __func__);
	TEE_Result res = TEE_SUCCESS;
	uint8_t *tmp;
	size_t need;
	int n = 0, m = 0;

	cipher_op(op, TEE_OPERATION_AE, __func__);
	need_active(op, __func__);
	if (op->mode != TEE_MODE_DECRYPT)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "the operation encrypts");
	if (!destLen || (!srcData && srcLen) || (!tag && tagLen))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL destLen, tag or srcData");
	need = ae_final_len(op, srcLen);
	if (*destLen < need || (need && !destData)) {
		*destLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (tagLen != op->tag_len) {
		op_clear_state(op);
		return TEE_ERROR_MAC_INVALID;
	}
	tmp = malloc(need + 16);
	if (!tmp)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (op->alg == TEE_ALG_AES_CCM) {
		if (tk_buf_append(&op->buf, &op->buf_len, &op->buf_cap, srcData, srcLen)) {
			free(tmp);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		if (!ccm_run(op, tag, tmp))
			res = TEE_ERROR_MAC_INVALID;
		n = op->buf_len;
	} else {
		if (srcLen && !EVP_CipherUpdate(op->c, tmp, &n, srcData, srcLen))
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL GCM update failed");
		if (!EVP_CIPHER_CTX_ctrl(op->c, EVP_CTRL_AEAD_SET_TAG, tagLen, tag) ||
		    EVP_CipherFinal_ex(op->c, tmp + n, &m) <= 0)
			res = TEE_ERROR_MAC_INVALID;
	}
	if (!res) {
		memcpy(destData, tmp, n + m);
		*destLen = n + m;
	} else {
		*destLen = 0;
	}
	OPENSSL_cleanse(tmp, need + 16);
	free(tmp);
	op_clear_state(op);
	return res;
}
