// SPDX-License-Identifier: GPL-2.0-only
/*
 * crypto_obj.c - GP transient objects (GP TEE Internal Core API v1.3.1,
 * 5.3-5.5): allocation, attributes, population, key generation on
 * OpenSSL, and the conversion of key objects into EVP_PKEYs.
 *
 * Attribute buffers are copied into the object and wiped when it is
 * reset or freed. Big integers are stored big-endian, as the TA gave them
 * or as OpenSSL produced them (no leading zero bytes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "crypto.h"
#include "storage.h"

/* attribute roles in a type's table */
#define A_REQ	1	/* mandatory for populate */
#define A_OPT	2	/* optional */
#define A_CRT	3	/* RSA CRT: all or none */

struct tk_type_attr {
	uint32_t id;
	int role;
};

struct tk_type {
	uint32_t type;
	uint32_t min, max, step;	/* object sizes in bits */
	struct tk_type_attr attrs[TK_MAX_ATTRS];
};

/* GP 1.3.1 table 5-9 sizes; RSA and DH up to 4096 bits */
static const struct tk_type types[] = {
	{ TEE_TYPE_AES, 128, 256, 64, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	/* DES sizes count the parity bits (GP: 64, 128 or 192) */
	{ TEE_TYPE_DES, 64, 64, 1, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_DES3, 128, 192, 64, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_SM4, 128, 128, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_MD5, 64, 512, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA1, 80, 512, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA224, 112, 512, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA256, 192, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA384, 256, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA512, 256, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SM3, 80, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA3_224, 192, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA3_256, 256, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA3_384, 256, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HMAC_SHA3_512, 256, 1024, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_GENERIC_SECRET, 8, 4096, 8, { { TEE_ATTR_SECRET_VALUE, A_REQ } } },
	{ TEE_TYPE_HKDF_IKM, 8, 4096, 8, { { TEE_ATTR_HKDF_IKM, A_REQ } } },
	{ TEE_TYPE_CONCAT_KDF_Z, 8, 4096, 8, { { TEE_ATTR_CONCAT_KDF_Z, A_REQ } } },
	{ TEE_TYPE_PBKDF2_PASSWORD, 8, 4096, 8,
	  { { TEE_ATTR_PBKDF2_PASSWORD, A_REQ } } },
	{ TEE_TYPE_RSA_PUBLIC_KEY, 256, 4096, 1,
	  { { TEE_ATTR_RSA_MODULUS, A_REQ }, { TEE_ATTR_RSA_PUBLIC_EXPONENT, A_REQ } } },
	{ TEE_TYPE_RSA_KEYPAIR, 256, 4096, 1,
	  { { TEE_ATTR_RSA_MODULUS, A_REQ }, { TEE_ATTR_RSA_PUBLIC_EXPONENT, A_REQ },
	    { TEE_ATTR_RSA_PRIVATE_EXPONENT, A_REQ }, { TEE_ATTR_RSA_PRIME1, A_CRT },
	    { TEE_ATTR_RSA_PRIME2, A_CRT }, { TEE_ATTR_RSA_EXPONENT1, A_CRT },
	    { TEE_ATTR_RSA_EXPONENT2, A_CRT }, { TEE_ATTR_RSA_COEFFICIENT, A_CRT } } },
	{ TEE_TYPE_DSA_PUBLIC_KEY, 512, 3072, 64,
	  { { TEE_ATTR_DSA_PRIME, A_REQ }, { TEE_ATTR_DSA_SUBPRIME, A_REQ },
	    { TEE_ATTR_DSA_BASE, A_REQ }, { TEE_ATTR_DSA_PUBLIC_VALUE, A_REQ } } },
	{ TEE_TYPE_DSA_KEYPAIR, 512, 3072, 64,
	  { { TEE_ATTR_DSA_PRIME, A_REQ }, { TEE_ATTR_DSA_SUBPRIME, A_REQ },
	    { TEE_ATTR_DSA_BASE, A_REQ }, { TEE_ATTR_DSA_PUBLIC_VALUE, A_REQ },
	    { TEE_ATTR_DSA_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_DH_KEYPAIR, 256, 4096, 1,
	  { { TEE_ATTR_DH_PRIME, A_REQ }, { TEE_ATTR_DH_BASE, A_REQ },
	    { TEE_ATTR_DH_PUBLIC_VALUE, A_REQ }, { TEE_ATTR_DH_PRIVATE_VALUE, A_REQ },
	    { TEE_ATTR_DH_SUBPRIME, A_OPT }, { TEE_ATTR_DH_X_BITS, A_OPT } } },
	{ TEE_TYPE_ECDSA_PUBLIC_KEY, 192, 521, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_REQ } } },
	{ TEE_TYPE_ECDSA_KEYPAIR, 192, 521, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_REQ }, { TEE_ATTR_ECC_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_ECDH_PUBLIC_KEY, 192, 521, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_REQ } } },
	{ TEE_TYPE_ECDH_KEYPAIR, 192, 521, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_REQ }, { TEE_ATTR_ECC_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_SM2_DSA_PUBLIC_KEY, 256, 256, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_OPT } } },
	{ TEE_TYPE_SM2_DSA_KEYPAIR, 256, 256, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_OPT }, { TEE_ATTR_ECC_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_SM2_PKE_PUBLIC_KEY, 256, 256, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_OPT } } },
	{ TEE_TYPE_SM2_PKE_KEYPAIR, 256, 256, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_OPT }, { TEE_ATTR_ECC_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_SM2_KEP_PUBLIC_KEY, 256, 256, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_OPT } } },
	{ TEE_TYPE_SM2_KEP_KEYPAIR, 256, 256, 1, {
	    { TEE_ATTR_ECC_PUBLIC_VALUE_X, A_REQ }, { TEE_ATTR_ECC_PUBLIC_VALUE_Y, A_REQ },
	    { TEE_ATTR_ECC_CURVE, A_OPT }, { TEE_ATTR_ECC_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_ED25519_PUBLIC_KEY, 256, 256, 1,
	  { { TEE_ATTR_ED25519_PUBLIC_VALUE, A_REQ } } },
	{ TEE_TYPE_ED25519_KEYPAIR, 256, 256, 1,
	  { { TEE_ATTR_ED25519_PUBLIC_VALUE, A_REQ },
	    { TEE_ATTR_ED25519_PRIVATE_VALUE, A_REQ } } },
	{ TEE_TYPE_X25519_PUBLIC_KEY, 256, 256, 1,
	  { { TEE_ATTR_X25519_PUBLIC_VALUE, A_REQ } } },
	{ TEE_TYPE_X25519_KEYPAIR, 256, 256, 1,
	  { { TEE_ATTR_X25519_PUBLIC_VALUE, A_REQ },
	    { TEE_ATTR_X25519_PRIVATE_VALUE, A_REQ } } },
};

static struct __TEE_ObjectHandle *live;

/*
 * OpenSSL is set up when the host starts, before the sandbox, without its
 * configuration file: a later implicit initialisation would open
 * openssl.cnf, which seccomp forbids. Its DRBG seeds itself from
 * getrandom(2) on first use (allowed); seeding here would cost every TA
 * instance start a few milliseconds (ten times that under emulation).
 */
bool tk_ossl_init(void)
{
	static int done;

	if (done)
		return done > 0;
	done = OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) ? 1 : -1;
	return done > 0;
}

static void __attribute__((constructor)) tk_ossl_ctor(void)
{
	tk_ossl_init();
}

static const struct tk_type *find_type(uint32_t type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (types[i].type == type)
			return &types[i];
	return NULL;
}

static int type_role(const struct tk_type *t, uint32_t id)
{
	int i;

	for (i = 0; i < TK_MAX_ATTRS && t->attrs[i].id; i++)
		if (t->attrs[i].id == id)
			return t->attrs[i].role;
	return 0;
}

static bool size_ok(const struct tk_type *t, uint32_t bits)
{
	if (t->type == TEE_TYPE_ECDSA_PUBLIC_KEY || t->type == TEE_TYPE_ECDSA_KEYPAIR ||
	    t->type == TEE_TYPE_ECDH_PUBLIC_KEY || t->type == TEE_TYPE_ECDH_KEYPAIR)
		return bits == 192 || bits == 224 || bits == 256 || bits == 384 ||
		       bits == 521;
	if (t->type == TEE_TYPE_DSA_PUBLIC_KEY || t->type == TEE_TYPE_DSA_KEYPAIR)
		return (bits >= 512 && bits <= 1024 && !(bits % 64)) ||
		       bits == 2048 || bits == 3072;
	return bits >= t->min && bits <= t->max && !((bits - t->min) % t->step);
}

bool tk_type_is_keypair_of(uint32_t type, uint32_t pubtype)
{
	return (type & ~0x01000000u) == pubtype;
}

const char *tk_curve_name(uint32_t curve, unsigned int *bits)
{
	static const struct {
		uint32_t id;
		unsigned int bits;
		const char *name;
	} c[] = {
		{ TEE_ECC_CURVE_NIST_P192, 192, "prime192v1" },
		{ TEE_ECC_CURVE_NIST_P224, 224, "secp224r1" },
		{ TEE_ECC_CURVE_NIST_P256, 256, "prime256v1" },
		{ TEE_ECC_CURVE_NIST_P384, 384, "secp384r1" },
		{ TEE_ECC_CURVE_NIST_P521, 521, "secp521r1" },
		{ TEE_ECC_CURVE_SM2, 256, "SM2" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++)
		if (c[i].id == curve) {
			if (bits)
				*bits = c[i].bits;
			return c[i].name;
		}
	return NULL;
}

static bool is_sm2(uint32_t type)
{
	return (type & 0x00ffffff) == 0x45 || (type & 0x00ffffff) == 0x46 ||
	       (type & 0x00ffffff) == 0x47;
}

struct __TEE_ObjectHandle *tk_obj_check(TEE_ObjectHandle h, const char *fn)
{
	struct __TEE_ObjectHandle *o;

	for (o = live; o; o = o->next)
		if (o == h)
			return o;
	teeta_log("%s: %p is not an object handle of this instance (GP says: panic)",
		  fn, (void *)h);
	TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

const struct tk_attr *tk_obj_attr(const struct __TEE_ObjectHandle *o,
				  uint32_t id)
{
	unsigned int i;

	for (i = 0; i < o->nattrs; i++)
		if (o->attrs[i].id == id)
			return &o->attrs[i];
	return NULL;
}

/* an operation parameter as a tk_attr view (no copy) */
const struct tk_attr *tk_param_attr(const TEE_Attribute *p, uint32_t n,
				    uint32_t id, struct tk_attr *a)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (p[i].attributeID != id)
			continue;
		memset(a, 0, sizeof(*a));
		a->id = id;
		if (id & TEE_ATTR_FLAG_VALUE) {
			a->a = p[i].content.value.a;
			a->b = p[i].content.value.b;
		} else {
			a->buf = p[i].content.ref.buffer;
			a->len = p[i].content.ref.length;
		}
		return a;
	}
	return NULL;
}

static void attrs_clear(struct __TEE_ObjectHandle *o)
{
	unsigned int i;

	for (i = 0; i < o->nattrs; i++) {
		if (o->attrs[i].buf) {
			OPENSSL_cleanse(o->attrs[i].buf, o->attrs[i].len);
			free(o->attrs[i].buf);
		}
	}
	memset(o->attrs, 0, sizeof(o->attrs));
	o->nattrs = 0;
}

static TEE_Result attr_add(struct __TEE_ObjectHandle *o, uint32_t id,
			   const void *buf, size_t len, uint32_t a, uint32_t b)
{
	struct tk_attr *t;

	if (o->nattrs >= TK_MAX_ATTRS)
		return TEE_ERROR_BAD_PARAMETERS;
	t = &o->attrs[o->nattrs];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->a = a;
	t->b = b;
	if (!(id & TEE_ATTR_FLAG_VALUE)) {
		t->buf = malloc(len ? len : 1);
		if (!t->buf)
			return TEE_ERROR_OUT_OF_MEMORY;
		if (len)
			memcpy(t->buf, buf, len);
		t->len = len;
	}
	o->nattrs++;
	return TEE_SUCCESS;
}

static TEE_Result attr_add_bn(struct __TEE_ObjectHandle *o, uint32_t id,
			      const BIGNUM *bn, size_t pad)
{
	size_t len = BN_num_bytes(bn);
	unsigned char *b;
	TEE_Result res;

	if (pad > len)
		len = pad;
	b = malloc(len ? len : 1);
	if (!b)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (BN_bn2binpad(bn, b, len) < 0) {
		free(b);
		return TEE_ERROR_GENERIC;
	}
	res = attr_add(o, id, b, len, 0, 0);
	OPENSSL_cleanse(b, len);
	free(b);
	return res;
}

struct __TEE_ObjectHandle *tk_obj_dup(const struct __TEE_ObjectHandle *o)
{
	struct __TEE_ObjectHandle *d = calloc(1, sizeof(*d));
	unsigned int i;

	if (!d)
		return NULL;
	*d = *o;
	d->next = NULL;
	d->pobj = NULL;		/* a copy is never the persistent handle */
	d->nattrs = 0;
	for (i = 0; i < o->nattrs; i++) {
		if (attr_add(d, o->attrs[i].id, o->attrs[i].buf, o->attrs[i].len,
			     o->attrs[i].a, o->attrs[i].b)) {
			tk_obj_destroy(d);
			return NULL;
		}
	}
	return d;
}

void tk_obj_destroy(struct __TEE_ObjectHandle *o)
{
	if (!o)
		return;
	attrs_clear(o);
	free(o);
}

TEE_Result tk_obj_set_secret(struct __TEE_ObjectHandle *o, uint32_t id,
			     const void *buf, size_t len)
{
	TEE_Result res;

	attrs_clear(o);
	res = attr_add(o, id, buf, len, 0, 0);
	if (res)
		return res;
	o->size = len * 8;
	o->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

TEE_Result tk_obj_add_attr(struct __TEE_ObjectHandle *o, uint32_t id,
			   const void *buf, size_t len, uint32_t a, uint32_t b)
{
	return attr_add(o, id, buf, len, a, b);
}

struct __TEE_ObjectHandle *tk_obj_new(void)
{
	struct __TEE_ObjectHandle *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->usage = 0xffffffff;
	o->next = live;
	live = o;
	return o;
}

TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType,
				      uint32_t maxObjectSize,
				      TEE_ObjectHandle *object)
{
	const struct tk_type *t = find_type(objectType);
	struct __TEE_ObjectHandle *o;

	if (!object)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "object is NULL");
	*object = TEE_HANDLE_NULL;
	if (!t) {
		teeta_log("TEE_AllocateTransientObject: object type 0x%08x is not supported",
			  objectType);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	if (!size_ok(t, maxObjectSize)) {
		teeta_log("TEE_AllocateTransientObject: size %u bits is not supported for type 0x%08x",
			  maxObjectSize, objectType);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	o = tk_obj_new();
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	o->type = objectType;
	o->max_size = maxObjectSize;
	*object = o;
	return TEE_SUCCESS;
}

static void obj_unlink(struct __TEE_ObjectHandle *o)
{
	struct __TEE_ObjectHandle **pp;

	for (pp = &live; *pp; pp = &(*pp)->next)
		if (*pp == o) {
			*pp = o->next;
			break;
		}
}

void tk_obj_free(struct __TEE_ObjectHandle *o)
{
	obj_unlink(o);
	tk_obj_destroy(o);
}

void TEE_FreeTransientObject(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *o;

	if (object == TEE_HANDLE_NULL)
		return;
	o = tk_obj_check(object, __func__);
	if (o->pobj)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the handle is a persistent object: close it with TEE_CloseObject");
	tk_obj_free(o);
}

void TEE_CloseObject(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *o;

	if (object == TEE_HANDLE_NULL)
		return;
	o = tk_obj_check(object, __func__);
	if (o->pobj)
		ss_handle_close(o->pobj);
	tk_obj_free(o);
}

void TEE_ResetTransientObject(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *o;

	if (object == TEE_HANDLE_NULL)
		return;
	o = tk_obj_check(object, __func__);
	if (o->pobj)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the handle is a persistent object, not a transient one");
	attrs_clear(o);
	o->size = 0;
	o->usage = 0xffffffff;
	o->flags = 0;
}

TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object,
			      TEE_ObjectInfo *objectInfo)
{
	struct __TEE_ObjectHandle *o = tk_obj_check(object, __func__);

	if (!objectInfo)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "objectInfo is NULL");
	memset(objectInfo, 0, sizeof(*objectInfo));
	objectInfo->objectType = o->type;
	objectInfo->objectSize = o->size;
	objectInfo->maxObjectSize = o->max_size;
	objectInfo->objectUsage = o->usage;
	objectInfo->handleFlags = o->flags;
	if (o->pobj) {
		size_t size, pos;

		ss_handle_info(o->pobj, &size, &pos);
		objectInfo->dataSize = size;
		objectInfo->dataPosition = pos;
	}
	return TEE_SUCCESS;
}

void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo *objectInfo)
{
	TEE_GetObjectInfo1(object, objectInfo);
}

TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object,
				    uint32_t objectUsage)
{
	struct __TEE_ObjectHandle *o = tk_obj_check(object, __func__);
	TEE_Result res;

	if (o->pobj) {
		/* stored with the object first: on failure nothing changed */
		res = ss_handle_restrict(o->pobj, objectUsage);
		if (res)
			return res;
	}
	o->usage &= objectUsage;
	return TEE_SUCCESS;
}

void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t objectUsage)
{
	TEE_RestrictObjectUsage1(object, objectUsage);
}

static const struct tk_attr *readable_attr(TEE_ObjectHandle object,
					   uint32_t id, bool value,
					   const char *fn)
{
	struct __TEE_ObjectHandle *o = tk_obj_check(object, fn);

	if (!(o->flags & TEE_HANDLE_FLAG_INITIALIZED)) {
		teeta_log("%s: the object is not initialized (GP says: panic)", fn);
		TEE_Panic(TEE_ERROR_BAD_STATE);
	}
	if (!!(id & TEE_ATTR_FLAG_VALUE) != value) {
		teeta_log("%s: attribute 0x%08x is a %s attribute (GP says: panic)",
			  fn, id, value ? "buffer" : "value");
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	}
	if (!(id & TEE_ATTR_FLAG_PUBLIC) && !(o->usage & TEE_USAGE_EXTRACTABLE)) {
		teeta_log("%s: attribute 0x%08x is protected and the object is not TEE_USAGE_EXTRACTABLE (GP says: panic)",
			  fn, id);
		TEE_Panic(TEE_ERROR_ACCESS_DENIED);
	}
	return tk_obj_attr(o, id);
}

TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object,
					uint32_t attributeID, void *buffer,
					size_t *size)
{
	const struct tk_attr *a = readable_attr(object, attributeID, false,
						__func__);

	if (!size)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "size is NULL");
	if (!a)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!buffer || *size < a->len) {
		*size = a->len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	memcpy(buffer, a->buf, a->len);
	*size = a->len;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object,
				       uint32_t attributeID, uint32_t *a,
				       uint32_t *b)
{
	const struct tk_attr *t = readable_attr(object, attributeID, true,
						__func__);

	if (!t)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (a)
		*a = t->a;
	if (b)
		*b = t->b;
	return TEE_SUCCESS;
}

void TEE_InitRefAttribute(TEE_Attribute *attr, uint32_t attributeID,
			  const void *buffer, size_t length)
{
	if (!attr || (attributeID & TEE_ATTR_FLAG_VALUE))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "attribute 0x%08x is not a buffer attribute (or attr is NULL)",
			 attributeID);
	attr->attributeID = attributeID;
	attr->content.ref.buffer = (void *)buffer;
	attr->content.ref.length = length;
}

void TEE_InitValueAttribute(TEE_Attribute *attr, uint32_t attributeID,
			    uint32_t a, uint32_t b)
{
	if (!attr || !(attributeID & TEE_ATTR_FLAG_VALUE))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "attribute 0x%08x is not a value attribute (or attr is NULL)",
			 attributeID);
	attr->attributeID = attributeID;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

static size_t bn_bits(const uint8_t *b, size_t len)
{
	size_t bits;
	uint8_t c;

	while (len && !*b) {
		b++;
		len--;
	}
	if (!len)
		return 0;
	bits = (len - 1) * 8;
	for (c = *b; c; c >>= 1)
		bits++;
	return bits;
}

/* the object size that the populated attributes give */
static TEE_Result populated_size(struct __TEE_ObjectHandle *o, uint32_t *bits)
{
	const struct tk_attr *a;
	unsigned int cb;

	switch (o->type) {
	case TEE_TYPE_RSA_PUBLIC_KEY:
	case TEE_TYPE_RSA_KEYPAIR:
		*bits = bn_bits(tk_obj_attr(o, TEE_ATTR_RSA_MODULUS)->buf,
				tk_obj_attr(o, TEE_ATTR_RSA_MODULUS)->len);
		return TEE_SUCCESS;
	case TEE_TYPE_DSA_PUBLIC_KEY:
	case TEE_TYPE_DSA_KEYPAIR:
		a = tk_obj_attr(o, TEE_ATTR_DSA_PRIME);
		*bits = bn_bits(a->buf, a->len);
		return TEE_SUCCESS;
	case TEE_TYPE_DH_KEYPAIR:
		a = tk_obj_attr(o, TEE_ATTR_DH_PRIME);
		*bits = bn_bits(a->buf, a->len);
		return TEE_SUCCESS;
	case TEE_TYPE_ECDSA_PUBLIC_KEY:
	case TEE_TYPE_ECDSA_KEYPAIR:
	case TEE_TYPE_ECDH_PUBLIC_KEY:
	case TEE_TYPE_ECDH_KEYPAIR:
		a = tk_obj_attr(o, TEE_ATTR_ECC_CURVE);
		if (!tk_curve_name(a->a, &cb) || a->a == TEE_ECC_CURVE_SM2)
			return TEE_ERROR_NOT_SUPPORTED;
		*bits = cb;
		return TEE_SUCCESS;
	case TEE_TYPE_SM2_DSA_PUBLIC_KEY:
	case TEE_TYPE_SM2_DSA_KEYPAIR:
	case TEE_TYPE_SM2_PKE_PUBLIC_KEY:
	case TEE_TYPE_SM2_PKE_KEYPAIR:
	case TEE_TYPE_SM2_KEP_PUBLIC_KEY:
	case TEE_TYPE_SM2_KEP_KEYPAIR:
		a = tk_obj_attr(o, TEE_ATTR_ECC_CURVE);
		if (a && a->a != TEE_ECC_CURVE_SM2)
			return TEE_ERROR_BAD_PARAMETERS;
		*bits = 256;
		return TEE_SUCCESS;
	case TEE_TYPE_ED25519_PUBLIC_KEY:
	case TEE_TYPE_ED25519_KEYPAIR:
	case TEE_TYPE_X25519_PUBLIC_KEY:
	case TEE_TYPE_X25519_KEYPAIR:
		a = o->attrs[0].buf ? &o->attrs[0] : NULL;
		if (!a || a->len != 32 || (o->nattrs > 1 && o->attrs[1].len != 32))
			return TEE_ERROR_BAD_PARAMETERS;
		*bits = 256;
		return TEE_SUCCESS;
	default:	/* secrets */
		*bits = o->attrs[0].len * 8;
		return TEE_SUCCESS;
	}
}

TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object,
				       const TEE_Attribute *attrs,
				       uint32_t attrCount)
{
	struct __TEE_ObjectHandle *o = tk_obj_check(object, __func__);
	const struct tk_type *t = find_type(o->type);
	unsigned int ncrt = 0, i, j;
	TEE_Result res;
	uint32_t bits;

	if (o->flags & TEE_HANDLE_FLAG_INITIALIZED)
		TK_PANIC(TEE_ERROR_BAD_STATE, "the object is already populated");
	if (attrCount && !attrs)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "attrs is NULL");
	for (i = 0; i < attrCount; i++) {
		int role = type_role(t, attrs[i].attributeID);

		if (!role)
			TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
				 "attribute 0x%08x is not one of object type 0x%08x",
				 attrs[i].attributeID, o->type);
		for (j = 0; j < i; j++)
			if (attrs[j].attributeID == attrs[i].attributeID)
				TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
					 "attribute 0x%08x given twice",
					 attrs[i].attributeID);
		if (role == A_CRT)
			ncrt++;
	}
	for (i = 0; i < TK_MAX_ATTRS && t->attrs[i].id; i++) {
		if (t->attrs[i].role != A_REQ)
			continue;
		for (j = 0; j < attrCount; j++)
			if (attrs[j].attributeID == t->attrs[i].id)
				break;
		if (j == attrCount)
			TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
				 "mandatory attribute 0x%08x of object type 0x%08x is missing",
				 t->attrs[i].id, o->type);
	}
	if (ncrt && ncrt != 5)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "give all five RSA CRT attributes or none (got %u)", ncrt);
	for (i = 0; i < attrCount; i++) {
		const TEE_Attribute *a = &attrs[i];

		if (a->attributeID & TEE_ATTR_FLAG_VALUE)
			res = attr_add(o, a->attributeID, NULL, 0,
				       a->content.value.a, a->content.value.b);
		else
			res = attr_add(o, a->attributeID, a->content.ref.buffer,
				       a->content.ref.length, 0, 0);
		if (res)
			goto err;
	}
	res = populated_size(o, &bits);
	if (res)
		goto err;
	if (bits > o->max_size) {
		attrs_clear(o);
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the key (%u bits) is larger than the object's maximum (%u bits)",
			 bits, o->max_size);
	}
	if (!size_ok(t, bits) && o->type != TEE_TYPE_GENERIC_SECRET) {
		res = TEE_ERROR_BAD_PARAMETERS;
		goto err;
	}
	o->size = bits;
	o->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
err:
	attrs_clear(o);
	teeta_log("TEE_PopulateTransientObject: inconsistent attributes for object type 0x%08x (0x%08x)",
		  o->type, res);
	return res;
}

TEE_Result TEE_CopyObjectAttributes1(TEE_ObjectHandle destObject,
				     TEE_ObjectHandle srcObject)
{
	struct __TEE_ObjectHandle *d = tk_obj_check(destObject, __func__);
	struct __TEE_ObjectHandle *s = tk_obj_check(srcObject, __func__);
	unsigned int i;
	TEE_Result res;

	if (!(s->flags & TEE_HANDLE_FLAG_INITIALIZED))
		TK_PANIC(TEE_ERROR_BAD_STATE, "the source object is not initialized");
	if (d->flags & TEE_HANDLE_FLAG_INITIALIZED)
		TK_PANIC(TEE_ERROR_BAD_STATE, "the destination object is already populated");
	if (d->type != s->type && !tk_type_is_keypair_of(s->type, d->type) &&
	    d->type != TEE_TYPE_GENERIC_SECRET)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "cannot copy type 0x%08x into type 0x%08x", s->type, d->type);
	if (s->size > d->max_size)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "source key (%u bits) larger than the destination's maximum (%u)",
			 s->size, d->max_size);
	for (i = 0; i < s->nattrs; i++) {
		const struct tk_attr *a = &s->attrs[i];
		uint32_t id = a->id;

		if (d->type == TEE_TYPE_GENERIC_SECRET)
			id = TEE_ATTR_SECRET_VALUE;
		else if (!type_role(find_type(d->type), id))
			continue;	/* keypair to public key: public part only */
		res = attr_add(d, id, a->buf, a->len, a->a, a->b);
		if (res) {
			attrs_clear(d);
			return res;
		}
	}
	d->size = s->size;
	d->usage &= s->usage;
	d->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

void TEE_CopyObjectAttributes(TEE_ObjectHandle destObject,
			      TEE_ObjectHandle srcObject)
{
	TEE_Result res = TEE_CopyObjectAttributes1(destObject, srcObject);

	if (res)
		TK_PANIC(res, "copy failed");
}

/* ---- OpenSSL keys -------------------------------------------------------- */

static BIGNUM *attr_bn(const struct __TEE_ObjectHandle *o, uint32_t id)
{
	const struct tk_attr *a = tk_obj_attr(o, id);

	return a ? BN_bin2bn(a->buf, a->len, NULL) : NULL;
}

static int bld_bn(OSSL_PARAM_BLD *b, const char *key,
		  const struct __TEE_ObjectHandle *o, uint32_t id,
		  BIGNUM **keep)
{
	*keep = attr_bn(o, id);
	if (!*keep)
		return 1;	/* absent: optional */
	return OSSL_PARAM_BLD_push_BN(b, key, *keep);
}

static EVP_PKEY *fromdata(const char *alg, OSSL_PARAM_BLD *b, bool priv)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	OSSL_PARAM *p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY *k = NULL;

	if (c && p && EVP_PKEY_fromdata_init(c) > 0)
		EVP_PKEY_fromdata(c, &k, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
				  p);
	OSSL_PARAM_free(p);
	EVP_PKEY_CTX_free(c);
	return k;
}

static EVP_PKEY *ec_pkey(const struct __TEE_ObjectHandle *o, bool priv)
{
	const struct tk_attr *x = tk_obj_attr(o, TEE_ATTR_ECC_PUBLIC_VALUE_X);
	const struct tk_attr *y = tk_obj_attr(o, TEE_ATTR_ECC_PUBLIC_VALUE_Y);
	const struct tk_attr *c = tk_obj_attr(o, TEE_ATTR_ECC_CURVE);
	uint32_t curve = c ? c->a : TEE_ECC_CURVE_SM2;
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	unsigned char pt[1 + 2 * 66];
	const char *name;
	unsigned int bits;
	BIGNUM *d = NULL;
	EVP_PKEY *k = NULL;
	size_t n;

	name = tk_curve_name(curve, &bits);
	n = (bits + 7) / 8;
	if (!b || !name || !x || !y || x->len > n || y->len > n)
		goto out;
	memset(pt, 0, sizeof(pt));
	pt[0] = 4;
	memcpy(pt + 1 + n - x->len, x->buf, x->len);
	memcpy(pt + 1 + 2 * n - y->len, y->buf, y->len);
	if (!OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, name, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pt, 1 + 2 * n))
		goto out;
	if (priv && !bld_bn(b, OSSL_PKEY_PARAM_PRIV_KEY, o,
			    TEE_ATTR_ECC_PRIVATE_VALUE, &d))
		goto out;
	k = fromdata(curve == TEE_ECC_CURVE_SM2 ? "SM2" : "EC", b, priv);
out:
	BN_clear_free(d);
	OSSL_PARAM_BLD_free(b);
	return k;
}

/*
 * The EVP_PKEY of an asymmetric key object: the private key when the
 * object is a key pair. NULL when OpenSSL refuses the attributes.
 */
EVP_PKEY *tk_obj_pkey(const struct __TEE_ObjectHandle *o)
{
	bool priv = o->type & 0x01000000;
	OSSL_PARAM_BLD *b;
	BIGNUM *bn[8] = { 0 };
	EVP_PKEY *k = NULL;
	const struct tk_attr *a;
	int ok = 1, i;

	switch (o->type) {
	case TEE_TYPE_ED25519_PUBLIC_KEY:
	case TEE_TYPE_ED25519_KEYPAIR:
		if (priv) {
			a = tk_obj_attr(o, TEE_ATTR_ED25519_PRIVATE_VALUE);
			return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
							    a->buf, a->len);
		}
		a = tk_obj_attr(o, TEE_ATTR_ED25519_PUBLIC_VALUE);
		return EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, a->buf,
						   a->len);
	case TEE_TYPE_X25519_PUBLIC_KEY:
	case TEE_TYPE_X25519_KEYPAIR:
		if (priv) {
			a = tk_obj_attr(o, TEE_ATTR_X25519_PRIVATE_VALUE);
			return EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL,
							    a->buf, a->len);
		}
		a = tk_obj_attr(o, TEE_ATTR_X25519_PUBLIC_VALUE);
		return EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, a->buf,
						   a->len);
	case TEE_TYPE_ECDSA_PUBLIC_KEY:
	case TEE_TYPE_ECDSA_KEYPAIR:
	case TEE_TYPE_ECDH_PUBLIC_KEY:
	case TEE_TYPE_ECDH_KEYPAIR:
	case TEE_TYPE_SM2_DSA_PUBLIC_KEY:
	case TEE_TYPE_SM2_DSA_KEYPAIR:
	case TEE_TYPE_SM2_PKE_PUBLIC_KEY:
	case TEE_TYPE_SM2_PKE_KEYPAIR:
	case TEE_TYPE_SM2_KEP_PUBLIC_KEY:
	case TEE_TYPE_SM2_KEP_KEYPAIR:
		return ec_pkey(o, priv);
	default:
		break;
	}
	b = OSSL_PARAM_BLD_new();
	if (!b)
		return NULL;
	switch (o->type) {
	case TEE_TYPE_RSA_PUBLIC_KEY:
	case TEE_TYPE_RSA_KEYPAIR:
		ok = bld_bn(b, OSSL_PKEY_PARAM_RSA_N, o, TEE_ATTR_RSA_MODULUS, &bn[0]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_RSA_E, o, TEE_ATTR_RSA_PUBLIC_EXPONENT,
			    &bn[1]);
		if (ok && priv)
			ok = bld_bn(b, OSSL_PKEY_PARAM_RSA_D, o,
				    TEE_ATTR_RSA_PRIVATE_EXPONENT, &bn[2]) &&
			     bld_bn(b, OSSL_PKEY_PARAM_RSA_FACTOR1, o,
				    TEE_ATTR_RSA_PRIME1, &bn[3]) &&
			     bld_bn(b, OSSL_PKEY_PARAM_RSA_FACTOR2, o,
				    TEE_ATTR_RSA_PRIME2, &bn[4]) &&
			     bld_bn(b, OSSL_PKEY_PARAM_RSA_EXPONENT1, o,
				    TEE_ATTR_RSA_EXPONENT1, &bn[5]) &&
			     bld_bn(b, OSSL_PKEY_PARAM_RSA_EXPONENT2, o,
				    TEE_ATTR_RSA_EXPONENT2, &bn[6]) &&
			     bld_bn(b, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, o,
				    TEE_ATTR_RSA_COEFFICIENT, &bn[7]);
		if (ok)
			k = fromdata("RSA", b, priv);
		break;
	case TEE_TYPE_DSA_PUBLIC_KEY:
	case TEE_TYPE_DSA_KEYPAIR:
		ok = bld_bn(b, OSSL_PKEY_PARAM_FFC_P, o, TEE_ATTR_DSA_PRIME, &bn[0]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_FFC_Q, o, TEE_ATTR_DSA_SUBPRIME, &bn[1]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_FFC_G, o, TEE_ATTR_DSA_BASE, &bn[2]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_PUB_KEY, o, TEE_ATTR_DSA_PUBLIC_VALUE,
			    &bn[3]);
		if (ok && priv)
			ok = bld_bn(b, OSSL_PKEY_PARAM_PRIV_KEY, o,
				    TEE_ATTR_DSA_PRIVATE_VALUE, &bn[4]);
		if (ok)
			k = fromdata("DSA", b, priv);
		break;
	case TEE_TYPE_DH_KEYPAIR:
		ok = bld_bn(b, OSSL_PKEY_PARAM_FFC_P, o, TEE_ATTR_DH_PRIME, &bn[0]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_FFC_G, o, TEE_ATTR_DH_BASE, &bn[1]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_FFC_Q, o, TEE_ATTR_DH_SUBPRIME, &bn[2]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_PUB_KEY, o, TEE_ATTR_DH_PUBLIC_VALUE,
			    &bn[3]) &&
		     bld_bn(b, OSSL_PKEY_PARAM_PRIV_KEY, o, TEE_ATTR_DH_PRIVATE_VALUE,
			    &bn[4]);
		if (ok)
			k = fromdata("DH", b, true);
		break;
	default:
		break;
	}
	for (i = 0; i < 8; i++)
		BN_clear_free(bn[i]);
	OSSL_PARAM_BLD_free(b);
	return k;
}

/* ---- key generation ------------------------------------------------------ */

static TEE_Result put_bn_param(struct __TEE_ObjectHandle *o, EVP_PKEY *k,
			       const char *name, uint32_t id, size_t pad)
{
	BIGNUM *bn = NULL;
	TEE_Result res;

	if (!EVP_PKEY_get_bn_param(k, name, &bn))
		return TEE_ERROR_GENERIC;
	res = attr_add_bn(o, id, bn, pad);
	BN_clear_free(bn);
	return res;
}

static EVP_PKEY *keygen_from(EVP_PKEY_CTX *c)
{
	EVP_PKEY *k = NULL;

	if (c && EVP_PKEY_keygen(c, &k) <= 0)
		k = NULL;
	EVP_PKEY_CTX_free(c);
	return k;
}

static TEE_Result gen_rsa(struct __TEE_ObjectHandle *o, uint32_t bits,
			  const TEE_Attribute *p, uint32_t n)
{
	static const struct {
		const char *name;
		uint32_t id;
	} parts[] = {
		{ OSSL_PKEY_PARAM_RSA_N, TEE_ATTR_RSA_MODULUS },
		{ OSSL_PKEY_PARAM_RSA_E, TEE_ATTR_RSA_PUBLIC_EXPONENT },
		{ OSSL_PKEY_PARAM_RSA_D, TEE_ATTR_RSA_PRIVATE_EXPONENT },
		{ OSSL_PKEY_PARAM_RSA_FACTOR1, TEE_ATTR_RSA_PRIME1 },
		{ OSSL_PKEY_PARAM_RSA_FACTOR2, TEE_ATTR_RSA_PRIME2 },
		{ OSSL_PKEY_PARAM_RSA_EXPONENT1, TEE_ATTR_RSA_EXPONENT1 },
		{ OSSL_PKEY_PARAM_RSA_EXPONENT2, TEE_ATTR_RSA_EXPONENT2 },
		{ OSSL_PKEY_PARAM_RSA_COEFFICIENT1, TEE_ATTR_RSA_COEFFICIENT },
	};
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	struct tk_attr tmp;
	const struct tk_attr *e = tk_param_attr(p, n, TEE_ATTR_RSA_PUBLIC_EXPONENT,
						&tmp);
	TEE_Result res = TEE_SUCCESS;
	BIGNUM *ebn = NULL;
	EVP_PKEY *k;
	size_t i;

	if (!c || EVP_PKEY_keygen_init(c) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(c, bits) <= 0)
		goto fail;
	if (e) {
		ebn = BN_bin2bn(e->buf, e->len, NULL);
		if (!ebn || EVP_PKEY_CTX_set1_rsa_keygen_pubexp(c, ebn) <= 0) {
			BN_free(ebn);
			EVP_PKEY_CTX_free(c);
			return TEE_ERROR_BAD_PARAMETERS;
		}
		BN_free(ebn);
	}
	k = keygen_from(c);
	if (!k)
		return TEE_ERROR_BAD_PARAMETERS;
	for (i = 0; i < ARRAY_SIZE(parts) && !res; i++)
		res = put_bn_param(o, k, parts[i].name, parts[i].id, 0);
	EVP_PKEY_free(k);
	return res;
fail:
	EVP_PKEY_CTX_free(c);
	return TEE_ERROR_GENERIC;
}

/* DSA and DH: a key pair in the given domain parameters */
static TEE_Result gen_ffc(struct __TEE_ObjectHandle *o, bool dh,
			  const TEE_Attribute *p, uint32_t n)
{
	uint32_t ip = dh ? TEE_ATTR_DH_PRIME : TEE_ATTR_DSA_PRIME;
	uint32_t iq = dh ? TEE_ATTR_DH_SUBPRIME : TEE_ATTR_DSA_SUBPRIME;
	uint32_t ig = dh ? TEE_ATTR_DH_BASE : TEE_ATTR_DSA_BASE;
	struct tk_attr tp, tq, tg, tx;
	const struct tk_attr *ap = tk_param_attr(p, n, ip, &tp);
	const struct tk_attr *aq = tk_param_attr(p, n, iq, &tq);
	const struct tk_attr *ag = tk_param_attr(p, n, ig, &tg);
	const struct tk_attr *ax = dh ? tk_param_attr(p, n, TEE_ATTR_DH_X_BITS, &tx) :
					NULL;
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *bp = NULL, *bq = NULL, *bg = NULL;
	EVP_PKEY *dom = NULL, *k = NULL;
	TEE_Result res = TEE_ERROR_BAD_PARAMETERS;
	OSSL_PARAM *prm = NULL;
	EVP_PKEY_CTX *c;

	if (!ap || !ag || (!dh && !aq))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the domain parameters (prime, %sbase) are mandatory",
			 dh ? "" : "subprime, ");
	bp = BN_bin2bn(ap->buf, ap->len, NULL);
	bg = BN_bin2bn(ag->buf, ag->len, NULL);
	if (aq)
		bq = BN_bin2bn(aq->buf, aq->len, NULL);
	if (!b || !bp || !bg || !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_P, bp) ||
	    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_G, bg) ||
	    (bq && !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_Q, bq)) ||
	    (ax && !OSSL_PARAM_BLD_push_int(b, OSSL_PKEY_PARAM_DH_PRIV_LEN, ax->a)))
		goto out;
	c = EVP_PKEY_CTX_new_from_name(NULL, dh ? "DH" : "DSA", NULL);
	prm = OSSL_PARAM_BLD_to_param(b);
	if (c && prm && EVP_PKEY_fromdata_init(c) > 0)
		EVP_PKEY_fromdata(c, &dom, EVP_PKEY_KEY_PARAMETERS, prm);
	EVP_PKEY_CTX_free(c);
	if (!dom)
		goto out;
	c = EVP_PKEY_CTX_new_from_pkey(NULL, dom, NULL);
	if (!c || EVP_PKEY_keygen_init(c) <= 0) {
		EVP_PKEY_CTX_free(c);
		goto out;
	}
	k = keygen_from(c);
	if (!k)
		goto out;
	res = attr_add(o, ip, ap->buf, ap->len, 0, 0);
	if (!res)
		res = attr_add(o, ig, ag->buf, ag->len, 0, 0);
	if (!res && aq)
		res = attr_add(o, iq, aq->buf, aq->len, 0, 0);
	if (!res && ax)
		res = attr_add(o, TEE_ATTR_DH_X_BITS, NULL, 0, ax->a, 0);
	if (!res)
		res = put_bn_param(o, k, OSSL_PKEY_PARAM_PUB_KEY,
				   dh ? TEE_ATTR_DH_PUBLIC_VALUE : TEE_ATTR_DSA_PUBLIC_VALUE,
				   0);
	if (!res)
		res = put_bn_param(o, k, OSSL_PKEY_PARAM_PRIV_KEY,
				   dh ? TEE_ATTR_DH_PRIVATE_VALUE :
					TEE_ATTR_DSA_PRIVATE_VALUE, 0);
out:
	EVP_PKEY_free(k);
	EVP_PKEY_free(dom);
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
	BN_free(bp);
	BN_free(bq);
	BN_free(bg);
	return res;
}

static TEE_Result gen_ec(struct __TEE_ObjectHandle *o, uint32_t bits,
			 const TEE_Attribute *p, uint32_t n)
{
	struct tk_attr tc;
	const struct tk_attr *ac = tk_param_attr(p, n, TEE_ATTR_ECC_CURVE, &tc);
	uint32_t curve = ac ? ac->a : TEE_ECC_CURVE_SM2;
	unsigned int cbits;
	const char *name;
	TEE_Result res;
	EVP_PKEY *k;

	if (!ac && !is_sm2(o->type))
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "TEE_ATTR_ECC_CURVE is mandatory");
	name = tk_curve_name(curve, &cbits);
	if (!name || (curve == TEE_ECC_CURVE_SM2) != is_sm2(o->type))
		return TEE_ERROR_NOT_SUPPORTED;
	if (cbits != bits)
		return TEE_ERROR_BAD_PARAMETERS;
	k = is_sm2(o->type) ? EVP_PKEY_Q_keygen(NULL, NULL, "SM2") :
			      EVP_PKEY_Q_keygen(NULL, NULL, "EC", name);
	if (!k)
		return TEE_ERROR_GENERIC;
	res = put_bn_param(o, k, OSSL_PKEY_PARAM_EC_PUB_X,
			   TEE_ATTR_ECC_PUBLIC_VALUE_X, (bits + 7) / 8);
	if (!res)
		res = put_bn_param(o, k, OSSL_PKEY_PARAM_EC_PUB_Y,
				   TEE_ATTR_ECC_PUBLIC_VALUE_Y, (bits + 7) / 8);
	if (!res)
		res = put_bn_param(o, k, OSSL_PKEY_PARAM_PRIV_KEY,
				   TEE_ATTR_ECC_PRIVATE_VALUE, (bits + 7) / 8);
	if (!res)
		res = attr_add(o, TEE_ATTR_ECC_CURVE, NULL, 0, curve, 0);
	EVP_PKEY_free(k);
	return res;
}

static TEE_Result gen_raw(struct __TEE_ObjectHandle *o, const char *alg,
			  uint32_t pub_id, uint32_t priv_id)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, alg);
	unsigned char pub[32], priv[32];
	size_t lp = sizeof(pub), ls = sizeof(priv);
	TEE_Result res = TEE_ERROR_GENERIC;

	if (k && EVP_PKEY_get_raw_public_key(k, pub, &lp) > 0 &&
	    EVP_PKEY_get_raw_private_key(k, priv, &ls) > 0) {
		res = attr_add(o, pub_id, pub, lp, 0, 0);
		if (!res)
			res = attr_add(o, priv_id, priv, ls, 0, 0);
	}
	OPENSSL_cleanse(priv, sizeof(priv));
	EVP_PKEY_free(k);
	return res;
}

TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize,
			   const TEE_Attribute *params, uint32_t paramCount)
{
	struct __TEE_ObjectHandle *o = tk_obj_check(object, __func__);
	const struct tk_type *t = find_type(o->type);
	uint8_t key[512];
	TEE_Result res;
	size_t len;

	if (o->flags & TEE_HANDLE_FLAG_INITIALIZED)
		TK_PANIC(TEE_ERROR_BAD_STATE, "the object is already populated");
	if (paramCount && !params)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "params is NULL");
	if (keySize > o->max_size || !size_ok(t, keySize)) {
		teeta_log("TEE_GenerateKey: %u bits is not supported for object type 0x%08x (maximum %u)",
			  keySize, o->type, o->max_size);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	switch (o->type) {
	case TEE_TYPE_RSA_PUBLIC_KEY:
	case TEE_TYPE_DSA_PUBLIC_KEY:
	case TEE_TYPE_ECDSA_PUBLIC_KEY:
	case TEE_TYPE_ECDH_PUBLIC_KEY:
	case TEE_TYPE_ED25519_PUBLIC_KEY:
	case TEE_TYPE_X25519_PUBLIC_KEY:
	case TEE_TYPE_SM2_DSA_PUBLIC_KEY:
	case TEE_TYPE_SM2_PKE_PUBLIC_KEY:
	case TEE_TYPE_SM2_KEP_PUBLIC_KEY:
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "cannot generate a public key alone (type 0x%08x)", o->type);
	case TEE_TYPE_RSA_KEYPAIR:
		res = gen_rsa(o, keySize, params, paramCount);
		break;
	case TEE_TYPE_DSA_KEYPAIR:
		res = gen_ffc(o, false, params, paramCount);
		break;
	case TEE_TYPE_DH_KEYPAIR:
		res = gen_ffc(o, true, params, paramCount);
		break;
	case TEE_TYPE_ECDSA_KEYPAIR:
	case TEE_TYPE_ECDH_KEYPAIR:
	case TEE_TYPE_SM2_DSA_KEYPAIR:
	case TEE_TYPE_SM2_PKE_KEYPAIR:
	case TEE_TYPE_SM2_KEP_KEYPAIR:
		res = gen_ec(o, keySize, params, paramCount);
		break;
	case TEE_TYPE_ED25519_KEYPAIR:
		res = gen_raw(o, "ED25519", TEE_ATTR_ED25519_PUBLIC_VALUE,
			      TEE_ATTR_ED25519_PRIVATE_VALUE);
		break;
	case TEE_TYPE_X25519_KEYPAIR:
		res = gen_raw(o, "X25519", TEE_ATTR_X25519_PUBLIC_VALUE,
			      TEE_ATTR_X25519_PRIVATE_VALUE);
		break;
	default:
		len = keySize / 8;
		if (getrandom(key, len, 0) != (ssize_t)len)
			return TEE_ERROR_GENERIC;
		res = attr_add(o, t->attrs[0].id, key, len, 0, 0);
		OPENSSL_cleanse(key, sizeof(key));
		break;
	}
	if (res) {
		attrs_clear(o);
		teeta_log("TEE_GenerateKey: object type 0x%08x, %u bits failed (0x%08x)",
			  o->type, keySize, res);
		return res;
	}
	if (o->type == TEE_TYPE_DSA_KEYPAIR || o->type == TEE_TYPE_DH_KEYPAIR) {
		const struct tk_attr *pr = tk_obj_attr(o, o->type == TEE_TYPE_DH_KEYPAIR ?
						       TEE_ATTR_DH_PRIME : TEE_ATTR_DSA_PRIME);

		keySize = bn_bits(pr->buf, pr->len);
	}
	o->size = keySize;
	o->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

/* ---- random numbers ------------------------------------------------------ */

/* from the kernel's CSPRNG; getrandom(2) is in the TA host's seccomp filter */
void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen)
{
	uint8_t *p = randomBuffer;
	ssize_t n;

	if (!p && randomBufferLen)
		TK_PANIC(TEE_ERROR_BAD_PARAMETERS, "randomBuffer is NULL");
	while (randomBufferLen) {
		n = getrandom(p, randomBufferLen, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			TK_PANIC(TEE_ERROR_GENERIC, "getrandom failed: %s",
				 strerror(errno));
		}
		p += n;
		randomBufferLen -= n;
	}
}
