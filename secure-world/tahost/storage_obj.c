// SPDX-License-Identifier: GPL-2.0-only
/*
 * storage_obj.c - object handles for trusted storage until the
 * cryptographic API (crypto_obj.c, issue 13) is merged: the generic object
 * functions and the transient objects persistent objects are made from
 * (data and secret-value attributes). At the merge this file goes; the
 * crypto handle gains the field "pobj", and TEE_CloseObject,
 * TEE_GetObjectInfo1 and TEE_RestrictObjectUsage1 call the ss_handle_*()
 * hooks for persistent handles (docs/storage.md, "Objects").
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "storage.h"

static struct __TEE_ObjectHandle *objs;

struct __TEE_ObjectHandle *ss_obj_new(void)
{
	struct __TEE_ObjectHandle *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->next = objs;
	objs = o;
	return o;
}

struct __TEE_ObjectHandle *ss_obj_check(TEE_ObjectHandle h, const char *fn)
{
	struct __TEE_ObjectHandle *o;

	for (o = objs; o; o = o->next)
		if (o == h)
			return o;
	SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
		 "%s: %p is not an object handle of this instance", fn,
		 (void *)h);
}

static void clear_attrs(struct __TEE_ObjectHandle *o)
{
	unsigned int i;

	for (i = 0; i < o->nattrs; i++) {
		OPENSSL_cleanse(o->attrs[i].buf, o->attrs[i].len);
		free(o->attrs[i].buf);
	}
	o->nattrs = 0;
}

void ss_obj_free(struct __TEE_ObjectHandle *o)
{
	struct __TEE_ObjectHandle **pp;

	for (pp = &objs; *pp; pp = &(*pp)->next) {
		if (*pp == o) {
			*pp = o->next;
			break;
		}
	}
	clear_attrs(o);
	free(o);
}

TEE_Result ss_obj_set_attr(struct __TEE_ObjectHandle *o, uint32_t id,
			   uint32_t a, uint32_t b, const void *buf, size_t len)
{
	struct ss_attr *at;

	if (o->nattrs == SS_MAX_ATTRS)
		return TEE_ERROR_OUT_OF_MEMORY;
	at = &o->attrs[o->nattrs];
	memset(at, 0, sizeof(*at));
	at->id = id;
	at->a = a;
	at->b = b;
	if (len) {
		at->buf = malloc(len);
		if (!at->buf)
			return TEE_ERROR_OUT_OF_MEMORY;
		memcpy(at->buf, buf, len);
		at->len = len;
	}
	o->nattrs++;
	return TEE_SUCCESS;
}

TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType,
				      uint32_t maxObjectSize,
				      TEE_ObjectHandle *object)
{
	struct __TEE_ObjectHandle *o;

	if (!object)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS, "object is NULL");
	*object = TEE_HANDLE_NULL;
	switch (objectType) {
	case TEE_TYPE_DATA:
	case TEE_TYPE_AES:
	case TEE_TYPE_HMAC_SHA256:
	case TEE_TYPE_GENERIC_SECRET:
		break;
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
	o = ss_obj_new();
	if (!o)
		return TEE_ERROR_OUT_OF_MEMORY;
	o->type = objectType;
	o->max_size = maxObjectSize;
	o->usage = 0xffffffff;
	*object = o;
	return TEE_SUCCESS;
}

void TEE_FreeTransientObject(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *o;

	if (!object)
		return;
	o = ss_obj_check(object, __func__);
	if (o->pobj)
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the handle is a persistent object");
	ss_obj_free(o);
}

TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object,
				       const TEE_Attribute *attrs,
				       uint32_t attrCount)
{
	struct __TEE_ObjectHandle *o = ss_obj_check(object, __func__);
	uint32_t i;
	TEE_Result r;

	if (o->pobj || (o->flags & TEE_HANDLE_FLAG_INITIALIZED))
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the object is persistent or already populated");
	for (i = 0; i < attrCount; i++) {
		const TEE_Attribute *a = &attrs[i];

		if (a->attributeID & TEE_ATTR_FLAG_VALUE)
			r = ss_obj_set_attr(o, a->attributeID, a->content.value.a,
					    a->content.value.b, NULL, 0);
		else
			r = ss_obj_set_attr(o, a->attributeID, 0, 0,
					    a->content.ref.buffer,
					    a->content.ref.length);
		if (r)
			return r;
		if (a->attributeID == TEE_ATTR_SECRET_VALUE)
			o->size = a->content.ref.length * 8;
	}
	o->flags |= TEE_HANDLE_FLAG_INITIALIZED;
	return TEE_SUCCESS;
}

void TEE_InitRefAttribute(TEE_Attribute *attr, uint32_t attributeID,
			  const void *buffer, size_t length)
{
	attr->attributeID = attributeID;
	attr->content.ref.buffer = (void *)buffer;
	attr->content.ref.length = length;
}

void TEE_InitValueAttribute(TEE_Attribute *attr, uint32_t attributeID,
			    uint32_t a, uint32_t b)
{
	attr->attributeID = attributeID;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

static const struct ss_attr *attr_of(struct __TEE_ObjectHandle *o, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < o->nattrs; i++)
		if (o->attrs[i].id == id)
			return &o->attrs[i];
	return NULL;
}

TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object,
					uint32_t attributeID, void *buffer,
					size_t *size)
{
	struct __TEE_ObjectHandle *o = ss_obj_check(object, __func__);
	const struct ss_attr *a = attr_of(o, attributeID);

	if (!a || (attributeID & TEE_ATTR_FLAG_VALUE))
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!(attributeID & TEE_ATTR_FLAG_PUBLIC) &&
	    !(o->usage & TEE_USAGE_EXTRACTABLE))
		SS_PANIC(TEE_ERROR_BAD_PARAMETERS,
			 "the attribute is secret and the object not extractable");
	if (*size < a->len) {
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
	struct __TEE_ObjectHandle *o = ss_obj_check(object, __func__);
	const struct ss_attr *at = attr_of(o, attributeID);

	if (!at || !(attributeID & TEE_ATTR_FLAG_VALUE))
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (a)
		*a = at->a;
	if (b)
		*b = at->b;
	return TEE_SUCCESS;
}

void TEE_CloseObject(TEE_ObjectHandle object)
{
	struct __TEE_ObjectHandle *o;

	if (!object)
		return;
	o = ss_obj_check(object, __func__);
	if (o->pobj)
		ss_handle_close(o->pobj);
	ss_obj_free(o);
}

TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object,
			      TEE_ObjectInfo *objectInfo)
{
	struct __TEE_ObjectHandle *o = ss_obj_check(object, __func__);
	size_t size = 0, pos = 0;

	if (o->pobj)
		ss_handle_info(o->pobj, &size, &pos);
	memset(objectInfo, 0, sizeof(*objectInfo));
	objectInfo->objectType = o->type;
	objectInfo->objectSize = o->size;
	objectInfo->maxObjectSize = o->max_size;
	objectInfo->objectUsage = o->usage;
	objectInfo->dataSize = size;
	objectInfo->dataPosition = pos;
	objectInfo->handleFlags = o->flags;
	return TEE_SUCCESS;
}

void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo *objectInfo)
{
	TEE_GetObjectInfo1(object, objectInfo);
}

TEE_Result __GP11_TEE_GetObjectInfo1(TEE_ObjectHandle object,
				     __GP11_TEE_ObjectInfo *info)
{
	TEE_ObjectInfo i;
	TEE_Result r = TEE_GetObjectInfo1(object, &i);

	info->objectType = i.objectType;
	info->keySize = i.objectSize;
	info->maxKeySize = i.maxObjectSize;
	info->objectUsage = i.objectUsage;
	info->dataSize = i.dataSize;
	info->dataPosition = i.dataPosition;
	info->handleFlags = i.handleFlags;
	return r;
}

void __GP11_TEE_GetObjectInfo(TEE_ObjectHandle object,
			      __GP11_TEE_ObjectInfo *info)
{
	__GP11_TEE_GetObjectInfo1(object, info);
}

TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object,
				    uint32_t objectUsage)
{
	struct __TEE_ObjectHandle *o = ss_obj_check(object, __func__);
	TEE_Result r = TEE_SUCCESS;

	if (o->pobj)
		r = ss_handle_restrict(o->pobj, objectUsage);
	if (!r)
		o->usage &= objectUsage;
	return r;
}

void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t objectUsage)
{
	TEE_RestrictObjectUsage1(object, objectUsage);
}
