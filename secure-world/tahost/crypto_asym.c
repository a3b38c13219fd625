// SPDX-License-Identifier: GPL-2.0-only
/*
 * crypto_asym.c - GP asymmetric operations and key derivation (GP TEE
 * Internal Core API v1.3.1, 6.6-6.7, and OP-TEE's HKDF, Concat KDF and
 * PBKDF2 extensions) on OpenSSL: RSA, DSA, ECDSA, ECDH, Ed25519, X25519,
 * DH, SM2 signatures and encryption.
 *
 * GP's signature formats: RSA as OpenSSL makes them; DSA, ECDSA and SM2
 * as r || s, each as long as the subprime (DSA) or the curve's field
 * (EC); SM2 ciphertexts as C1 || C3 || C2 (C1 uncompressed, 04 || x || y).
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "crypto.h"

enum asym_kind { K_NONE, K_RSA_PKCS1, K_RSA_PSS, K_RSA_RAW_PKCS1, K_RSAES_V15,
		 K_RSAES_OAEP, K_RSA_NOPAD, K_DSA, K_ECDSA, K_ECDH, K_ED25519,
		 K_X25519, K_DH, K_SM2_DSA, K_SM2_PKE, K_SM2_KEP, K_HKDF,
		 K_CONCAT, K_PBKDF2 };

static enum asym_kind kind(uint32_t alg)
{
	uint32_t h = (alg >> 12) & 0xf;

	switch (alg) {
	case TEE_ALG_RSASSA_PKCS1_V1_5: return K_RSA_RAW_PKCS1;
	case TEE_ALG_RSAES_PKCS1_V1_5: return K_RSAES_V15;
	case TEE_ALG_RSA_NOPAD: return K_RSA_NOPAD;
	case TEE_ALG_ED25519: return K_ED25519;
	case TEE_ALG_X25519: return K_X25519;
	case TEE_ALG_DH_DERIVE_SHARED_SECRET: return K_DH;
	case TEE_ALG_ECDH_DERIVE_SHARED_SECRET: return K_ECDH;
	case TEE_ALG_SM2_DSA_SM3: return K_SM2_DSA;
	case TEE_ALG_SM2_PKE: return K_SM2_PKE;
	case TEE_ALG_SM2_KEP: return K_SM2_KEP;
	case TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY: return K_PBKDF2;
	default:
		break;
	}
	if ((alg & 0xffff0fff) == 0x70000830 && h && h != 7 && h != 0xc && h != 0xd &&
	    h != 0xe)
		return K_RSA_PKCS1;
	if ((alg & 0xff0f0fff) == 0x70010930 && h >= 2 && h <= 0xb && h != 7 &&
	    ((alg >> 20) & 0xf) == h)
		return K_RSA_PSS;
	if ((alg & 0xff0fffff) == 0x60010230 && ((alg >> 20) & 0xf) >= 2 &&
	    ((alg >> 20) & 0xf) <= 0xb && ((alg >> 20) & 0xf) != 7)
		return K_RSAES_OAEP;
	if ((alg & 0xffff0fff) == 0x70000131 && ((h >= 2 && h <= 4) || (h >= 8 && h <= 0xb)))
		return K_DSA;
	if ((alg & 0xffff0fff) == 0x70000042 && h >= 1 && h <= 9)
		return K_ECDSA;
	if ((alg & 0xffff0fff) == 0x70000041 && h >= 1 && h <= 5)
		return K_ECDSA;	/* OP-TEE's old values */
	if ((alg & 0xffff0fff) == 0x80000042 && h >= 1 && h <= 5)
		return K_ECDH;	/* OP-TEE's old values */
	if ((alg & 0xffff0fff) == 0x800000C0 && h >= 1 && h <= 6)
		return K_HKDF;
	if ((alg & 0xffff0fff) == 0x800000C1 && h >= 2 && h <= 6)
		return K_CONCAT;
	return K_NONE;
}

bool tk_asym_alg_ok(uint32_t alg, uint32_t mode, uint32_t *key_type,
		    uint32_t *cls)
{
	enum asym_kind k = kind(alg);
	bool any = mode == TEE_MODE_ILLEGAL_VALUE;
	bool sig = mode == TEE_MODE_SIGN || mode == TEE_MODE_VERIFY;
	bool enc = mode == TEE_MODE_ENCRYPT || mode == TEE_MODE_DECRYPT;
	bool der = mode == TEE_MODE_DERIVE;
	bool ok;

	switch (k) {
	case K_NONE:
		return false;
	case K_RSA_PKCS1: case K_RSA_PSS: case K_RSA_RAW_PKCS1: case K_DSA:
	case K_ECDSA: case K_ED25519: case K_SM2_DSA:
		*cls = TEE_OPERATION_ASYMMETRIC_SIGNATURE;
		ok = sig;
		break;
	case K_RSAES_V15: case K_RSAES_OAEP: case K_RSA_NOPAD: case K_SM2_PKE:
		*cls = TEE_OPERATION_ASYMMETRIC_CIPHER;
		ok = enc;
		break;
	default:
		*cls = TEE_OPERATION_KEY_DERIVATION;
		ok = der;
		break;
	}
	*key_type = ok || any ? 0 : ~0u;
	return true;
}

bool tk_asym_size_ok(uint32_t alg, uint32_t bits)
{
	switch (kind(alg)) {
	case K_RSA_PKCS1: case K_RSA_PSS: case K_RSA_RAW_PKCS1: case K_RSAES_V15:
	case K_RSAES_OAEP: case K_RSA_NOPAD:
		return bits >= 256 && bits <= 4096;
	case K_DSA:
		return bits >= 512 && bits <= 3072;
	case K_ECDSA: case K_ECDH:
		return bits >= 192 && bits <= 521;
	case K_ED25519: case K_X25519: case K_SM2_DSA: case K_SM2_PKE: case K_SM2_KEP:
		return bits == 256;
	case K_DH:
		return bits >= 256 && bits <= 4096;
	default:
		return bits >= 8 && bits <= 4096;
	}
}

bool tk_asym_key_ok(uint32_t alg, uint32_t mode, uint32_t type)
{
	bool priv = mode == TEE_MODE_SIGN || mode == TEE_MODE_DECRYPT ||
		    mode == TEE_MODE_DERIVE;
	uint32_t pub;

	static const uint32_t pubs[] = {
		[K_RSA_PKCS1] = TEE_TYPE_RSA_PUBLIC_KEY,
		[K_RSA_PSS] = TEE_TYPE_RSA_PUBLIC_KEY,
		[K_RSA_RAW_PKCS1] = TEE_TYPE_RSA_PUBLIC_KEY,
		[K_RSAES_V15] = TEE_TYPE_RSA_PUBLIC_KEY,
		[K_RSAES_OAEP] = TEE_TYPE_RSA_PUBLIC_KEY,
		[K_RSA_NOPAD] = TEE_TYPE_RSA_PUBLIC_KEY,
		[K_DSA] = TEE_TYPE_DSA_PUBLIC_KEY,
		[K_ECDSA] = TEE_TYPE_ECDSA_PUBLIC_KEY,
		[K_ECDH] = TEE_TYPE_ECDH_PUBLIC_KEY,
		[K_ED25519] = TEE_TYPE_ED25519_PUBLIC_KEY,
		[K_X25519] = TEE_TYPE_X25519_PUBLIC_KEY,
		[K_SM2_DSA] = TEE_TYPE_SM2_DSA_PUBLIC_KEY,
		[K_SM2_PKE] = TEE_TYPE_SM2_PKE_PUBLIC_KEY,
		[K_SM2_KEP] = TEE_TYPE_SM2_KEP_PUBLIC_KEY,
	};
	enum asym_kind k = kind(alg);

	switch (k) {
	case K_DH:
		return type == TEE_TYPE_DH_KEYPAIR;
	case K_HKDF:
		return type == TEE_TYPE_HKDF_IKM;
	case K_CONCAT:
		return type == TEE_TYPE_CONCAT_KDF_Z;
	case K_PBKDF2:
		return type == TEE_TYPE_PBKDF2_PASSWORD;
	case K_NONE:
		return false;
	default:
		break;
	}
	pub = pubs[k];
	if (type == (pub | 0x01000000))
		return true;
	return !priv && type == pub;
}

void tk_asym_key_set(struct __TEE_OperationHandle *op)
{
	enum asym_kind k = kind(op->alg);

	if (k == K_HKDF || k == K_CONCAT || k == K_PBKDF2 || k == K_SM2_KEP)
		return;
	op->pkey = tk_obj_pkey(op->key1);
	if (!op->pkey)
		teeta_log("TEE_SetOperationKey: OpenSSL refuses the key's attributes (type 0x%08x, %u bits); the operation will panic",
			  op->key1->type, op->key1->size);
}

static struct __TEE_OperationHandle *asym_op(TEE_OperationHandle h, uint32_t cls,
					     const char *fn)
{
	struct __TEE_OperationHandle *op = tk_op_check(h, fn);

	if (op->cls != cls) {
		teeta_log("%s: the operation (algorithm 0x%08x) is not for this function (GP says: panic)",
			  fn, op->alg);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (!(op->flags & TEE_HANDLE_FLAG_KEY_SET)) {
		teeta_log("%s: no key is set: TEE_SetOperationKey first (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_STATE);
	}
	if (!op->pkey && cls != TEE_OPERATION_KEY_DERIVATION) {
		teeta_log("%s: the key could not be loaded (see the TEE_SetOperationKey line)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	return op;
}

static size_t field_bytes(const struct __TEE_OperationHandle *op)
{
	const struct tk_attr *q;

	if (kind(op->alg) == K_DSA) {
		q = tk_obj_attr(op->key1, TEE_ATTR_DSA_SUBPRIME);
		return q ? (size_t)BN_num_bytes(BN_bin2bn(q->buf, q->len, NULL)) : 0;
	}
	return (op->key1->size + 7) / 8;
}

/* PKEY context for sign/verify/encrypt/decrypt, with GP's padding */
static EVP_PKEY_CTX *pctx(struct __TEE_OperationHandle *op,
			  const TEE_Attribute *params, uint32_t n,
			  TEE_Result *res)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, op->pkey, NULL);
	enum asym_kind k = kind(op->alg);
	const EVP_MD *md = tk_alg_md(op->alg);
	struct tk_attr ta;
	const struct tk_attr *a;
	int ok;
	unsigned char *lab;

	*res = TEE_ERROR_GENERIC;
	if (!c)
		return NULL;
	switch (op->mode) {
	case TEE_MODE_SIGN:
		ok = EVP_PKEY_sign_init(c); break;
	case TEE_MODE_VERIFY:
		ok = EVP_PKEY_verify_init(c); break;
	case TEE_MODE_ENCRYPT:
		ok = EVP_PKEY_encrypt_init(c); break;
	default:
		ok = EVP_PKEY_decrypt_init(c); break;
	}
	if (ok <= 0)
		goto err;
	switch (k) {
	case K_RSA_PKCS1:
		ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_signature_md(c, md) > 0;
		break;
	case K_RSA_RAW_PKCS1:
	case K_RSAES_V15:
		ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0;
		break;
	case K_RSA_NOPAD:
		ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) > 0;
		break;
	case K_RSA_PSS:
		a = tk_param_attr(params, n, TEE_ATTR_RSA_PSS_SALT_LENGTH, &ta);
		ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_signature_md(c, md) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(c, md) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(c, a ? (int)a->a :
						      EVP_MD_get_size(md)) > 0;
		break;
	case K_RSAES_OAEP:
		md = tk_alg_md(((op->alg >> 20) & 0xf) << 12);
		ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_oaep_md(c, md) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(c, md) > 0;
		a = tk_param_attr(params, n, TEE_ATTR_RSA_OAEP_LABEL, &ta);
		if (ok && a && a->len) {
			lab = OPENSSL_memdup(a->buf, a->len);
			ok = lab && EVP_PKEY_CTX_set0_rsa_oaep_label(c, lab, a->len) > 0;
		}
		break;
	default:
		ok = 1;
		break;
	}
	if (ok)
		return c;
	*res = TEE_ERROR_BAD_PARAMETERS;
err:
	EVP_PKEY_CTX_free(c);
	return NULL;
}

static void out_check(void *p, size_t *len, const char *fn)
{
	if (!len) {
		teeta_log("%s: the output length pointer is NULL (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	(void)p;
}

/* ---- SM2 ciphertext: OpenSSL's DER <-> GP's C1 || C3 || C2 ---------------- */

static size_t der_len(const uint8_t *p, size_t n, size_t *hdr)
{
	size_t l, i, k;

	if (n < 2)
		return (size_t)-1;
	if (!(p[1] & 0x80)) {
		*hdr = 2;
		return p[1];
	}
	k = p[1] & 0x7f;
	if (k > 3 || n < 2 + k)
		return (size_t)-1;
	for (l = 0, i = 0; i < k; i++)
		l = (l << 8) | p[2 + i];
	*hdr = 2 + k;
	return l;
}

/* the next element of tag t: its content and length */
static const uint8_t *der_next(const uint8_t **p, size_t *n, uint8_t t,
			       size_t *len)
{
	const uint8_t *c;
	size_t h, l;

	if (*n < 2 || (*p)[0] != t)
		return NULL;
	l = der_len(*p, *n, &h);
	if (l == (size_t)-1 || h + l > *n)
		return NULL;
	c = *p + h;
	*p += h + l;
	*n -= h + l;
	*len = l;
	return c;
}

static size_t der_put_hdr(uint8_t *o, uint8_t t, size_t l)
{
	o[0] = t;
	if (l < 0x80) {
		o[1] = l;
		return 2;
	}
	if (l < 0x100) {
		o[1] = 0x81;
		o[2] = l;
		return 3;
	}
	o[1] = 0x83;
	o[2] = l >> 16;
	o[3] = l >> 8;
	o[4] = l;
	return 5;
}

static size_t der_put_int(uint8_t *o, const uint8_t *v, size_t l)
{
	size_t h;

	while (l > 1 && !*v) {
		v++;
		l--;
	}
	if (*v & 0x80) {
		h = der_put_hdr(o, 0x02, l + 1);
		o[h] = 0;
		memcpy(o + h + 1, v, l);
		return h + 1 + l;
	}
	h = der_put_hdr(o, 0x02, l);
	memcpy(o + h, v, l);
	return h + l;
}

static bool sm2_der_to_gp(const uint8_t *d, size_t n, uint8_t *o, size_t *olen)
{
	const uint8_t *s, *x, *y, *h, *c;
	size_t sl, xl, yl, hl, cl;

	s = der_next(&d, &n, 0x30, &sl);
	if (!s)
		return false;
	x = der_next(&s, &sl, 0x02, &xl);
	y = x ? der_next(&s, &sl, 0x02, &yl) : NULL;
	h = y ? der_next(&s, &sl, 0x04, &hl) : NULL;
	c = h ? der_next(&s, &sl, 0x04, &cl) : NULL;
	if (!c || hl != 32)
		return false;
	while (xl > 32 && !*x) {
		x++;
		xl--;
	}
	while (yl > 32 && !*y) {
		y++;
		yl--;
	}
	if (xl > 32 || yl > 32)
		return false;
	memset(o, 0, 65);
	o[0] = 4;
	memcpy(o + 1 + 32 - xl, x, xl);
	memcpy(o + 65 - yl, y, yl);
	memcpy(o + 65, h, 32);
	memcpy(o + 97, c, cl);
	*olen = 97 + cl;
	return true;
}

static uint8_t *sm2_gp_to_der(const uint8_t *g, size_t n, size_t *olen)
{
	uint8_t *o, *body;
	size_t bl = 0, h;

	if (n < 97 || g[0] != 4)
		return NULL;
	body = malloc(n + 32);
	o = malloc(n + 40);
	if (!body || !o) {
		free(body);
		free(o);
		return NULL;
	}
	bl += der_put_int(body + bl, g + 1, 32);
	bl += der_put_int(body + bl, g + 33, 32);
	bl += der_put_hdr(body + bl, 0x04, 32);
	memcpy(body + bl, g + 65, 32);
	bl += 32;
	bl += der_put_hdr(body + bl, 0x04, n - 97);
	memcpy(body + bl, g + 97, n - 97);
	bl += n - 97;
	h = der_put_hdr(o, 0x30, bl);
	memcpy(o + h, body, bl);
	free(body);
	*olen = h + bl;
	return o;
}

/* ---- encryption ---------------------------------------------------------- */

static TEE_Result asym_crypt(TEE_OperationHandle operation, bool enc,
			     const TEE_Attribute *params, uint32_t paramCount,
			     const void *srcData, size_t srcLen, void *destData,
			     size_t *destLen, const char *fn)
{
	struct __TEE_OperationHandle *op = asym_op(operation,
						   TEE_OPERATION_ASYMMETRIC_CIPHER, fn);
	enum asym_kind k = kind(op->alg);
	size_t mod = (op->key1->size + 7) / 8, outl, need;
	uint8_t *in = (uint8_t *)srcData, *tmp = NULL, *der = NULL;
	TEE_Result res;
	EVP_PKEY_CTX *c;
	int ok;

	if (op->mode != (enc ? TEE_MODE_ENCRYPT : TEE_MODE_DECRYPT)) {
		teeta_log("%s: the operation's mode is %u (GP says: panic)", fn, op->mode);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	out_check(destData, destLen, fn);
	if ((!srcData && srcLen) || (paramCount && !params)) {
		teeta_log("%s: NULL srcData or params (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (k == K_SM2_PKE) {
		need = enc ? srcLen + 97 : (srcLen >= 97 ? srcLen - 97 : 0);
		if (!enc && srcLen < 97)
			return TEE_ERROR_CIPHERTEXT_INVALID;
	} else {
		need = mod;
	}
	if (enc && (*destLen < need || !destData)) {
		*destLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	c = pctx(op, params, paramCount, &res);
	if (!c)
		return res;
	if (k == K_RSA_NOPAD && srcLen < mod) {
		/* GP: a short input is a number, left-padded with zeros */
		in = calloc(1, mod);
		if (!in) {
			EVP_PKEY_CTX_free(c);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		memcpy(in + mod - srcLen, srcData, srcLen);
		srcLen = mod;
	}
	if (k == K_SM2_PKE && !enc) {
		der = sm2_gp_to_der(srcData, srcLen, &srcLen);
		if (!der) {
			EVP_PKEY_CTX_free(c);
			return TEE_ERROR_CIPHERTEXT_INVALID;
		}
		in = der;
	}
	outl = 0;
	ok = enc ? EVP_PKEY_encrypt(c, NULL, &outl, in, srcLen) :
		   EVP_PKEY_decrypt(c, NULL, &outl, in, srcLen);
	tmp = ok > 0 ? malloc(outl + 1) : NULL;
	if (tmp)
		ok = enc ? EVP_PKEY_encrypt(c, tmp, &outl, in, srcLen) :
			   EVP_PKEY_decrypt(c, tmp, &outl, in, srcLen);
	if (!tmp || ok <= 0) {
		res = enc ? TEE_ERROR_BAD_PARAMETERS : TEE_ERROR_CIPHERTEXT_INVALID;
		teeta_log("%s: OpenSSL refused the %s (algorithm 0x%08x, %zu bytes)", fn,
			  enc ? "plaintext" : "ciphertext", op->alg, srcLen);
		goto out;
	}
	if (k == K_SM2_PKE && enc) {
		uint8_t *g = malloc(outl + 97);

		if (!g || !sm2_der_to_gp(tmp, outl, g, &outl)) {
			free(g);
			res = TEE_ERROR_GENERIC;
			goto out;
		}
		OPENSSL_cleanse(tmp, outl);
		free(tmp);
		tmp = g;
	}
	if (*destLen < outl || !destData) {
		*destLen = outl;
		res = TEE_ERROR_SHORT_BUFFER;
		goto out;
	}
	memcpy(destData, tmp, outl);
	*destLen = outl;
	res = TEE_SUCCESS;
out:
	if (tmp) {
		OPENSSL_cleanse(tmp, outl);
		free(tmp);
	}
	if (in != srcData && in != der)
		free(in);
	free(der);
	EVP_PKEY_CTX_free(c);
	return res;
}

TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle operation,
				 const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData,
				 size_t srcLen, void *destData,
				 size_t *destLen)
{
	return asym_crypt(operation, true, params, paramCount, srcData, srcLen,
			  destData, destLen, __func__);
}

TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle operation,
				 const TEE_Attribute *params,
				 uint32_t paramCount, const void *srcData,
				 size_t srcLen, void *destData,
				 size_t *destLen)
{
	return asym_crypt(operation, false, params, paramCount, srcData, srcLen,
			  destData, destLen, __func__);
}

/* ---- signatures ---------------------------------------------------------- */

static size_t sig_len(struct __TEE_OperationHandle *op)
{
	switch (kind(op->alg)) {
	case K_DSA:
	case K_ECDSA:
	case K_SM2_DSA:
		return 2 * field_bytes(op);
	case K_ED25519:
		return 64;
	default:
		return (op->key1->size + 7) / 8;
	}
}

static bool is_rs(enum asym_kind k)
{
	return k == K_DSA || k == K_ECDSA || k == K_SM2_DSA;
}

/* r || s to DER (ECDSA_SIG serves DSA's format too: SEQUENCE of 2 INTEGERs) */
static uint8_t *rs_to_der(const uint8_t *s, size_t n, size_t *dl)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(s, n / 2, NULL), *t = BN_bin2bn(s + n / 2, n / 2, NULL);
	uint8_t *der = NULL;
	int l;

	if (!sig || !r || !t || !ECDSA_SIG_set0(sig, r, t)) {
		BN_free(r);
		BN_free(t);
		ECDSA_SIG_free(sig);
		return NULL;
	}
	l = i2d_ECDSA_SIG(sig, &der);
	ECDSA_SIG_free(sig);
	if (l <= 0)
		return NULL;
	*dl = l;
	return der;
}

static bool der_to_rs(const uint8_t *der, size_t dl, uint8_t *out, size_t half)
{
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &der, dl);
	bool ok;

	if (!sig)
		return false;
	ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, half) > 0 &&
	     BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + half, half) > 0;
	ECDSA_SIG_free(sig);
	return ok;
}

static void check_digest_len(struct __TEE_OperationHandle *op, size_t len,
			     const char *fn)
{
	enum asym_kind k = kind(op->alg);
	const EVP_MD *md = tk_alg_md(op->alg);

	if ((k == K_RSA_PKCS1 || k == K_RSA_PSS) && md &&
	    (size_t)EVP_MD_get_size(md) != len) {
		teeta_log("%s: digestLen %zu is not the %d bytes of the algorithm's digest (GP says: panic)",
			  fn, len, EVP_MD_get_size(md));
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (k == K_SM2_DSA && len != 32) {
		teeta_log("%s: SM2 signs a 32-byte SM3 digest (got %zu; GP says: panic)", fn, len);
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
}

static TEE_Result eddsa_params(const TEE_Attribute *params, uint32_t n,
			       const char *fn)
{
	struct tk_attr t;
	const struct tk_attr *ph = tk_param_attr(params, n, TEE_ATTR_EDDSA_PREHASH, &t);
	const struct tk_attr *ctx;

	ctx = tk_param_attr(params, n, TEE_ATTR_EDDSA_CTX, &t);
	if ((ph && ph->a) || (ctx && ctx->len)) {
		teeta_log("%s: Ed25519ctx and Ed25519ph are not supported (OpenSSL 3.0 lacks them); plain Ed25519 is",
			  fn);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	return TEE_SUCCESS;
}

TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle operation,
				    const TEE_Attribute *params,
				    uint32_t paramCount, const void *digest,
				    size_t digestLen, void *signature,
				    size_t *signatureLen)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_ASYMMETRIC_SIGNATURE, __func__);
	enum asym_kind k = kind(op->alg);
	size_t need = sig_len(op), sl;
	EVP_MD_CTX *mc;
	TEE_Result res;
	EVP_PKEY_CTX *c;
	uint8_t *tmp;

	if (op->mode != TEE_MODE_SIGN)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "the operation verifies");
	out_check(signature, signatureLen, __func__);
	if ((!digest && digestLen) || (paramCount && !params))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL digest or params");
	check_digest_len(op, digestLen, __func__);
	if (*signatureLen < need || !signature) {
		*signatureLen = need;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (k == K_ED25519) {
		res = eddsa_params(params, paramCount, __func__);
		if (res)
			return res;
		mc = EVP_MD_CTX_new();
		sl = need;
		if (!mc || EVP_DigestSignInit(mc, NULL, NULL, NULL, op->pkey) <= 0 ||
		    EVP_DigestSign(mc, signature, &sl, digest, digestLen) <= 0)
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL Ed25519 signing failed");
		EVP_MD_CTX_free(mc);
		*signatureLen = sl;
		return TEE_SUCCESS;
	}
	c = pctx(op, params, paramCount, &res);
	if (!c)
		return res;
	sl = 0;
	tmp = NULL;
	if (EVP_PKEY_sign(c, NULL, &sl, digest, digestLen) > 0)
		tmp = malloc(sl);
	if (!tmp) {
		EVP_PKEY_CTX_free(c);
		teeta_log("TEE_AsymmetricSignDigest: OpenSSL cannot sign %zu bytes with algorithm 0x%08x",
			  digestLen, op->alg);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (EVP_PKEY_sign(c, tmp, &sl, digest, digestLen) <= 0) {
		free(tmp);
		EVP_PKEY_CTX_free(c);
		teeta_log("TEE_AsymmetricSignDigest: OpenSSL refused (algorithm 0x%08x, %zu bytes; RSA: digest too long for the key?)",
			  op->alg, digestLen);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	EVP_PKEY_CTX_free(c);
	if (is_rs(k)) {
		if (!der_to_rs(tmp, sl, signature, need / 2))
			TK_PANIC(TEE_ERROR_GENERIC, "bad signature from OpenSSL");
		sl = need;
	} else {
		memcpy(signature, tmp, sl);
	}
	free(tmp);
	*signatureLen = sl;
	return TEE_SUCCESS;
}

TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation,
				      const TEE_Attribute *params,
				      uint32_t paramCount, const void *digest,
				      size_t digestLen, const void *signature,
				      size_t signatureLen)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_ASYMMETRIC_SIGNATURE, __func__);
	enum asym_kind k = kind(op->alg);
	const uint8_t *sig = signature;
	uint8_t *der = NULL;
	size_t sl = signatureLen;
	TEE_Result res;
	EVP_MD_CTX *mc;
	EVP_PKEY_CTX *c;
	int ok;

	if (op->mode != TEE_MODE_VERIFY)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "the operation signs");
	if ((!digest && digestLen) || (!signature && signatureLen) ||
	    (paramCount && !params))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "NULL digest, signature or params");
	check_digest_len(op, digestLen, __func__);
	if (k == K_ED25519) {
		res = eddsa_params(params, paramCount, __func__);
		if (res)
			return res;
		mc = EVP_MD_CTX_new();
		if (!mc || EVP_DigestVerifyInit(mc, NULL, NULL, NULL, op->pkey) <= 0)
			TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL Ed25519 init failed");
		ok = EVP_DigestVerify(mc, signature, signatureLen, digest, digestLen);
		EVP_MD_CTX_free(mc);
		return ok == 1 ? TEE_SUCCESS : TEE_ERROR_SIGNATURE_INVALID;
	}
	if (is_rs(k)) {
		if (signatureLen != sig_len(op))
			return TEE_ERROR_SIGNATURE_INVALID;
		der = rs_to_der(signature, signatureLen, &sl);
		if (!der)
			return TEE_ERROR_SIGNATURE_INVALID;
		sig = der;
	}
	c = pctx(op, params, paramCount, &res);
	if (!c) {
		OPENSSL_free(der);
		return res;
	}
	ok = EVP_PKEY_verify(c, sig, sl, digest, digestLen);
	EVP_PKEY_CTX_free(c);
	OPENSSL_free(der);
	return ok == 1 ? TEE_SUCCESS : TEE_ERROR_SIGNATURE_INVALID;
}

/* ---- key derivation ------------------------------------------------------ */

static EVP_PKEY *peer_key(struct __TEE_OperationHandle *op,
			  const TEE_Attribute *p, uint32_t n)
{
	struct __TEE_ObjectHandle peer;
	struct tk_attr tx, ty;
	const struct tk_attr *x, *y, *c;
	unsigned int i;
	EVP_PKEY *k;

	memset(&peer, 0, sizeof(peer));
	switch (kind(op->alg)) {
	case K_X25519:
		x = tk_param_attr(p, n, TEE_ATTR_X25519_PUBLIC_VALUE, &tx);
		return x ? EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, x->buf,
						       x->len) : NULL;
	case K_ECDH:
		x = tk_param_attr(p, n, TEE_ATTR_ECC_PUBLIC_VALUE_X, &tx);
		y = tk_param_attr(p, n, TEE_ATTR_ECC_PUBLIC_VALUE_Y, &ty);
		c = tk_obj_attr(op->key1, TEE_ATTR_ECC_CURVE);
		if (!x || !y || !c)
			return NULL;
		peer.type = TEE_TYPE_ECDH_PUBLIC_KEY;
		peer.attrs[0] = *x;
		peer.attrs[1] = *y;
		peer.attrs[2] = *c;
		peer.nattrs = 3;
		return tk_obj_pkey(&peer);
	case K_DH:
		x = tk_param_attr(p, n, TEE_ATTR_DH_PUBLIC_VALUE, &tx);
		if (!x)
			return NULL;
		/* the peer: our domain parameters and its public value */
		peer.type = TEE_TYPE_DSA_PUBLIC_KEY;	/* p, q, g, y */
		for (i = 0; i < op->key1->nattrs; i++) {
			const struct tk_attr *a = &op->key1->attrs[i];
			uint32_t id = a->id == TEE_ATTR_DH_PRIME ? TEE_ATTR_DSA_PRIME :
				      a->id == TEE_ATTR_DH_BASE ? TEE_ATTR_DSA_BASE :
				      a->id == TEE_ATTR_DH_SUBPRIME ? TEE_ATTR_DSA_SUBPRIME : 0;

			if (id) {
				peer.attrs[peer.nattrs] = *a;
				peer.attrs[peer.nattrs++].id = id;
			}
		}
		peer.attrs[peer.nattrs] = *x;
		peer.attrs[peer.nattrs++].id = TEE_ATTR_DSA_PUBLIC_VALUE;
		{
			OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
			BIGNUM *bn[4] = { 0 };
			OSSL_PARAM *prm = NULL;
			EVP_PKEY_CTX *ctx;
			static const char *const names[] = { OSSL_PKEY_PARAM_FFC_P,
				OSSL_PKEY_PARAM_FFC_Q, OSSL_PKEY_PARAM_FFC_G,
				OSSL_PKEY_PARAM_PUB_KEY };
			static const uint32_t ids[] = { TEE_ATTR_DSA_PRIME,
				TEE_ATTR_DSA_SUBPRIME, TEE_ATTR_DSA_BASE,
				TEE_ATTR_DSA_PUBLIC_VALUE };

			k = NULL;
			for (i = 0; b && i < 4; i++) {
				const struct tk_attr *a = tk_obj_attr(&peer, ids[i]);

				if (!a)
					continue;
				bn[i] = BN_bin2bn(a->buf, a->len, NULL);
				OSSL_PARAM_BLD_push_BN(b, names[i], bn[i]);
			}
			prm = b ? OSSL_PARAM_BLD_to_param(b) : NULL;
			ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
			if (ctx && prm && EVP_PKEY_fromdata_init(ctx) > 0)
				EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, prm);
			EVP_PKEY_CTX_free(ctx);
			OSSL_PARAM_free(prm);
			OSSL_PARAM_BLD_free(b);
			for (i = 0; i < 4; i++)
				BN_free(bn[i]);
			return k;
		}
	default:
		return NULL;
	}
}

static TEE_Result kdf(struct __TEE_OperationHandle *op, const TEE_Attribute *p,
		      uint32_t n, uint8_t **out, size_t *outl)
{
	enum asym_kind k = kind(op->alg);
	struct tk_attr t1, t2, t3;
	const struct tk_attr *salt, *info, *len, *iter;
	const struct tk_attr *key = &op->key1->attrs[0];
	const char *md = OBJ_nid2sn(EVP_MD_get_type(tk_alg_md(op->alg)));
	OSSL_PARAM prm[6];
	int i = 0, iters;
	EVP_KDF_CTX *c;
	EVP_KDF *f;

	if (k == K_HKDF) {
		salt = tk_param_attr(p, n, TEE_ATTR_HKDF_SALT, &t1);
		info = tk_param_attr(p, n, TEE_ATTR_HKDF_INFO, &t2);
		len = tk_param_attr(p, n, TEE_ATTR_HKDF_OKM_LENGTH, &t3);
	} else if (k == K_CONCAT) {
		salt = NULL;
		info = tk_param_attr(p, n, TEE_ATTR_CONCAT_KDF_OTHER_INFO, &t2);
		len = tk_param_attr(p, n, TEE_ATTR_CONCAT_KDF_DKM_LENGTH, &t3);
	} else {
		salt = tk_param_attr(p, n, TEE_ATTR_PBKDF2_SALT, &t1);
		info = NULL;
		len = tk_param_attr(p, n, TEE_ATTR_PBKDF2_DKM_LENGTH, &t3);
		iter = tk_param_attr(p, n, TEE_ATTR_PBKDF2_ITERATION_COUNT, &t2);
		if (!iter || !iter->a)
			TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
				 "TEE_ATTR_PBKDF2_ITERATION_COUNT (at least 1) is mandatory");
		iters = iter->a;
		prm[i++] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER,
						       &(uint64_t){ iters });
		prm[i++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &(int){ 1 });
	}
	if (!len || !len->a || len->a > 4096)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the output length attribute (1-4096 bytes) is mandatory");
	prm[i++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md, 0);
	prm[i++] = OSSL_PARAM_construct_octet_string(k == K_PBKDF2 ? OSSL_KDF_PARAM_PASSWORD :
						     k == K_CONCAT ? OSSL_KDF_PARAM_SECRET :
						     OSSL_KDF_PARAM_KEY, key->buf, key->len);
	if (salt && salt->len)
		prm[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
							     salt->buf, salt->len);
	else if (k == K_PBKDF2)
		prm[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, "", 0);
	if (info && info->len)
		prm[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
							     info->buf, info->len);
	prm[i] = OSSL_PARAM_construct_end();
	f = EVP_KDF_fetch(NULL, k == K_HKDF ? "HKDF" : k == K_CONCAT ? "SSKDF" : "PBKDF2",
			  NULL);
	c = f ? EVP_KDF_CTX_new(f) : NULL;
	EVP_KDF_free(f);
	*outl = len->a;
	*out = malloc(*outl);
	if (!c || !*out || EVP_KDF_derive(c, *out, *outl, prm) <= 0) {
		EVP_KDF_CTX_free(c);
		free(*out);
		*out = NULL;
		return TEE_ERROR_GENERIC;
	}
	EVP_KDF_CTX_free(c);
	return TEE_SUCCESS;
}

/* ---- SM2 key exchange (GB/T 32918.3-2016, 6.1) ---------------------------- */

struct sm2_ctx {
	EC_GROUP *g;
	BN_CTX *bc;
	BIGNUM *a, *b, *p, *xg, *yg;
	const BIGNUM *n;
};

static void sm3(const void *p1, size_t n1, const void *p2, size_t n2,
		const void *p3, size_t n3, uint8_t out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int l;

	if (!c || !EVP_DigestInit_ex(c, EVP_get_digestbyname("SM3"), NULL) ||
	    (n1 && !EVP_DigestUpdate(c, p1, n1)) || (n2 && !EVP_DigestUpdate(c, p2, n2)) ||
	    (n3 && !EVP_DigestUpdate(c, p3, n3)) || !EVP_DigestFinal_ex(c, out, &l))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL SM3 failed");
	EVP_MD_CTX_free(c);
}

static void bn32(const BIGNUM *v, uint8_t *o)
{
	BN_bn2binpad(v, o, 32);
}

/* Z = SM3(ENTL || ID || a || b || xG || yG || xP || yP) */
static void sm2_z(struct sm2_ctx *s, const struct tk_attr *id, const uint8_t *xy,
		  uint8_t z[32])
{
	uint8_t buf[2 + 6 * 32];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int l;

	if (id->len >= 8192)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "an SM2 ID is at most 8191 bytes");
	buf[0] = (id->len * 8) >> 8;
	buf[1] = id->len * 8;
	bn32(s->a, buf + 2);
	bn32(s->b, buf + 34);
	bn32(s->xg, buf + 66);
	bn32(s->yg, buf + 98);
	memcpy(buf + 130, xy, 64);
	if (!c || !EVP_DigestInit_ex(c, EVP_get_digestbyname("SM3"), NULL) ||
	    !EVP_DigestUpdate(c, buf, 2) || (id->len && !EVP_DigestUpdate(c, id->buf, id->len)) ||
	    !EVP_DigestUpdate(c, buf + 2, sizeof(buf) - 2) || !EVP_DigestFinal_ex(c, z, &l))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL SM3 failed");
	EVP_MD_CTX_free(c);
}

/* x' = 2^w + (x mod 2^w), w = 127 for the 256-bit SM2 order */
static BIGNUM *sm2_xbar(const uint8_t *x)
{
	BIGNUM *v = BN_bin2bn(x, 32, NULL);

	if (!v || !BN_mask_bits(v, 127) || !BN_set_bit(v, 127))
		TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	return v;
}

/* the point (x || y, 64 bytes) of a key object or of two parameters */
static bool sm2_xy(const struct tk_attr *x, const struct tk_attr *y, uint8_t xy[64])
{
	if (!x || !y || x->len > 32 || y->len > 32)
		return false;
	memset(xy, 0, 64);
	memcpy(xy + 32 - x->len, x->buf, x->len);
	memcpy(xy + 64 - y->len, y->buf, y->len);
	return true;
}

static EC_POINT *sm2_point(struct sm2_ctx *s, const uint8_t xy[64])
{
	EC_POINT *pt = EC_POINT_new(s->g);
	BIGNUM *x = BN_bin2bn(xy, 32, NULL), *y = BN_bin2bn(xy + 32, 32, NULL);

	if (!pt || !x || !y || !EC_POINT_set_affine_coordinates(s->g, pt, x, y, s->bc)) {
		EC_POINT_free(pt);
		pt = NULL;	/* not on the curve */
	}
	BN_free(x);
	BN_free(y);
	return pt;
}

/*
 * The shared key of klen bytes; confirmation values (S_A, S_B) are
 * checked and produced as GB/T 32918.3 says for the role in
 * TEE_ATTR_SM2_KEP_USER (0: initiator A, 1: responder B).
 */
static TEE_Result sm2_kep(struct __TEE_OperationHandle *op, const TEE_Attribute *p,
			  uint32_t n, size_t klen, uint8_t **out)
{
	struct tk_attr t[9];
	const struct tk_attr *px = tk_param_attr(p, n, TEE_ATTR_ECC_PUBLIC_VALUE_X, &t[0]);
	const struct tk_attr *py = tk_param_attr(p, n, TEE_ATTR_ECC_PUBLIC_VALUE_Y, &t[1]);
	const struct tk_attr *ex = tk_param_attr(p, n, TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X,
						 &t[2]);
	const struct tk_attr *ey = tk_param_attr(p, n, TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y,
						 &t[3]);
	const struct tk_attr *ida = tk_param_attr(p, n, TEE_ATTR_SM2_ID_INITIATOR, &t[4]);
	const struct tk_attr *idb = tk_param_attr(p, n, TEE_ATTR_SM2_ID_RESPONDER, &t[5]);
	const struct tk_attr *role = tk_param_attr(p, n, TEE_ATTR_SM2_KEP_USER, &t[6]);
	const struct tk_attr *cin = tk_param_attr(p, n, TEE_ATTR_SM2_KEP_CONFIRMATION_IN, &t[7]);
	const struct tk_attr *cout = tk_param_attr(p, n, TEE_ATTR_SM2_KEP_CONFIRMATION_OUT,
						   &t[8]);
	uint8_t own[64], own_e[64], peer[64], peer_e[64], uxy[64], za[32], zb[32];
	uint8_t inner[32 + 32 * 2 + 32 * 4], h[32], sconf[32], ct[4], *k;
	struct sm2_ctx s = { 0 };
	BIGNUM *d, *r, *xb, *tt, *ux, *uy;
	EC_POINT *q, *pe, *u;
	bool resp;
	size_t i;

	if (!sm2_xy(px, py, peer) || !sm2_xy(ex, ey, peer_e) || !ida || !idb || !role)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "SM2 KEP needs the peer's public and ephemeral points, both IDs and TEE_ATTR_SM2_KEP_USER");
	resp = role->a != 0;
	if (!sm2_xy(tk_obj_attr(op->key1, TEE_ATTR_ECC_PUBLIC_VALUE_X),
		    tk_obj_attr(op->key1, TEE_ATTR_ECC_PUBLIC_VALUE_Y), own) ||
	    !sm2_xy(tk_obj_attr(op->key2, TEE_ATTR_ECC_PUBLIC_VALUE_X),
		    tk_obj_attr(op->key2, TEE_ATTR_ECC_PUBLIC_VALUE_Y), own_e))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "bad SM2 key objects");
	s.g = EC_GROUP_new_by_curve_name(NID_sm2);
	s.bc = BN_CTX_new();
	s.a = BN_new();
	s.b = BN_new();
	s.p = BN_new();
	s.xg = BN_new();
	s.yg = BN_new();
	if (!s.g || !s.bc || !s.yg || !EC_GROUP_get_curve(s.g, s.p, s.a, s.b, s.bc) ||
	    !EC_POINT_get_affine_coordinates(s.g, EC_GROUP_get0_generator(s.g), s.xg, s.yg,
					     s.bc))
		TK_PANIC(TEE_ERROR_GENERIC, "OpenSSL has no SM2 curve");
	s.n = EC_GROUP_get0_order(s.g);
	/* Z_A of the initiator, Z_B of the responder */
	sm2_z(&s, ida, resp ? peer : own, za);
	sm2_z(&s, idb, resp ? own : peer, zb);
	/* t = (d + x'(R own) * r) mod n; U = t * (P peer + x'(R peer) * R peer) */
	d = BN_bin2bn(tk_obj_attr(op->key1, TEE_ATTR_ECC_PRIVATE_VALUE)->buf,
		      tk_obj_attr(op->key1, TEE_ATTR_ECC_PRIVATE_VALUE)->len, NULL);
	r = BN_bin2bn(tk_obj_attr(op->key2, TEE_ATTR_ECC_PRIVATE_VALUE)->buf,
		      tk_obj_attr(op->key2, TEE_ATTR_ECC_PRIVATE_VALUE)->len, NULL);
	xb = sm2_xbar(own_e);
	tt = BN_new();
	if (!d || !r || !tt || !BN_mod_mul(tt, xb, r, s.n, s.bc) ||
	    !BN_mod_add(tt, tt, d, s.n, s.bc))
		TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	BN_free(xb);
	xb = sm2_xbar(peer_e);
	q = sm2_point(&s, peer);
	pe = sm2_point(&s, peer_e);
	u = EC_POINT_new(s.g);
	ux = BN_new();
	uy = BN_new();
	if (!q || !pe)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "a peer point is not on the SM2 curve");
	if (!u || !uy || !EC_POINT_mul(s.g, pe, NULL, pe, xb, s.bc) ||
	    !EC_POINT_add(s.g, q, q, pe, s.bc) || !EC_POINT_mul(s.g, u, NULL, q, tt, s.bc) ||
	    EC_POINT_is_at_infinity(s.g, u) ||
	    !EC_POINT_get_affine_coordinates(s.g, u, ux, uy, s.bc))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "SM2 key exchange failed (U at infinity)");
	bn32(ux, uxy);
	bn32(uy, uxy + 32);
	/* K = KDF(xU || yU || Z_A || Z_B, klen) */
	k = malloc(klen + 32);
	if (!k)
		TK_PANIC(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
	memcpy(inner, uxy, 64);
	memcpy(inner + 64, za, 32);
	memcpy(inner + 96, zb, 32);
	for (i = 0; i < klen; i += 32) {
		uint32_t c = i / 32 + 1;

		ct[0] = c >> 24;
		ct[1] = c >> 16;
		ct[2] = c >> 8;
		ct[3] = c;
		sm3(inner, 128, ct, 4, NULL, 0, k + i);
	}
	/* inner = SM3(xU || Z_A || Z_B || x1 || y1 || x2 || y2), R_A then R_B */
	memcpy(inner, uxy, 32);
	memcpy(inner + 32, za, 32);
	memcpy(inner + 64, zb, 32);
	memcpy(inner + 96, resp ? peer_e : own_e, 64);
	memcpy(inner + 160, resp ? own_e : peer_e, 64);
	sm3(inner, 224, NULL, 0, NULL, 0, h);
	if (cin) {	/* A checks S_B (0x02), B checks S_A (0x03) */
		sm3(resp ? "\x03" : "\x02", 1, uxy + 32, 32, h, 32, sconf);
		if (cin->len != 32 || CRYPTO_memcmp(sconf, cin->buf, 32)) {
			OPENSSL_cleanse(k, klen + 32);
			free(k);
			TK_PANIC(TEE_ERROR_SIGNATURE_INVALID,
				 "the peer's SM2 key confirmation does not match");
		}
	}
	if (cout) {	/* A sends S_A (0x03), B sends S_B (0x02) */
		if (cout->len < 32)
			TK_PANIC(TEE_ERROR_SHORT_BUFFER,
				 "TEE_ATTR_SM2_KEP_CONFIRMATION_OUT needs 32 bytes");
		sm3(resp ? "\x02" : "\x03", 1, uxy + 32, 32, h, 32, cout->buf);
	}
	*out = k;
	OPENSSL_cleanse(uxy, sizeof(uxy));
	BN_clear_free(d);
	BN_clear_free(r);
	BN_clear_free(tt);
	BN_free(xb);
	BN_free(ux);
	BN_free(uy);
	EC_POINT_free(q);
	EC_POINT_free(pe);
	EC_POINT_free(u);
	BN_free(s.a);
	BN_free(s.b);
	BN_free(s.p);
	BN_free(s.xg);
	BN_free(s.yg);
	BN_CTX_free(s.bc);
	EC_GROUP_free(s.g);
	return TEE_SUCCESS;
}

void TEE_DeriveKey(TEE_OperationHandle operation, const TEE_Attribute *params,
		   uint32_t paramCount, TEE_ObjectHandle derivedKey)
{
	struct __TEE_OperationHandle *op =
		asym_op(operation, TEE_OPERATION_KEY_DERIVATION, __func__);
	struct __TEE_ObjectHandle *d = tk_obj_check(derivedKey, __func__);
	enum asym_kind k = kind(op->alg);
	uint8_t *out = NULL;
	EVP_PKEY_CTX *c;
	EVP_PKEY *peer;
	size_t outl = 0;
	TEE_Result res;

	if (paramCount && !params)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "params is NULL");
	if (d->type != TEE_TYPE_GENERIC_SECRET || (d->flags & TEE_HANDLE_FLAG_INITIALIZED))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "derivedKey must be an empty TEE_TYPE_GENERIC_SECRET object");
	if (k == K_SM2_KEP) {
		outl = d->max_size / 8;
		sm2_kep(op, params, paramCount, outl, &out);
	} else if (k == K_HKDF || k == K_CONCAT || k == K_PBKDF2) {
		res = kdf(op, params, paramCount, &out, &outl);
		if (res)
			TK_PANIC(res, "OpenSSL key derivation failed");
	} else {
		peer = peer_key(op, params, paramCount);
		if (!peer)
			TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
				 "the peer's public value is missing or invalid");
		c = EVP_PKEY_CTX_new_from_pkey(NULL, op->pkey, NULL);
		if (c && EVP_PKEY_derive_init(c) > 0 &&
		    (k != K_DH || EVP_PKEY_CTX_set_dh_pad(c, 1) > 0) &&
		    EVP_PKEY_derive_set_peer(c, peer) > 0 &&
		    EVP_PKEY_derive(c, NULL, &outl) > 0)
			out = malloc(outl);
		if (!out || EVP_PKEY_derive(c, out, &outl) <= 0)
			TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
				 "OpenSSL refused the derivation (peer key not on the curve or group?)");
		EVP_PKEY_CTX_free(c);
		EVP_PKEY_free(peer);
	}
	if (outl * 8 > d->max_size)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the derived secret (%zu bits) exceeds derivedKey's maximum (%u bits)",
			 outl * 8, d->max_size);
	res = tk_obj_set_secret(d, TEE_ATTR_SECRET_VALUE, out, outl);
	OPENSSL_cleanse(out, outl);
	free(out);
	if (res)
		TK_PANIC(res, "out of memory");
}
