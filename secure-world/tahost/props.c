// SPDX-License-Identifier: GPL-2.0-only
/*
 * props.c - GP property sets (TEE implementation, current client, current
 * TA) and the property enumerator API, with the GP type conversions.
 *
 * Every property has a native type; any property reads as a string, and a
 * string property reads as the other types when its text parses as one
 * (GP TEE Internal Core API, "Property Access Functions"). Enumerator
 * handles are heap objects the runtime remembers; an unknown handle
 * panics the TA, as GP requires for invalid handles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "teeta.h"

enum prop_type {
	P_BOOL = USER_TA_PROP_TYPE_BOOL,
	P_U32 = USER_TA_PROP_TYPE_U32,
	P_UUID = USER_TA_PROP_TYPE_UUID,
	P_IDENTITY = USER_TA_PROP_TYPE_IDENTITY,
	P_STRING = USER_TA_PROP_TYPE_STRING,
	P_BINARY = USER_TA_PROP_TYPE_BINARY_BLOCK,
	P_U64 = USER_TA_PROP_TYPE_U64,
};

struct prop {
	const char *name;
	enum prop_type type;
	bool b;
	uint32_t u32;
	uint64_t u64;
	TEE_UUID uuid;
	TEE_Identity id;
	const char *str;	/* STRING, or BINARY as base64 text */
};

#define TEETA_IMPL_VERSION	"teekit 1.0"
#define TEETA_IMPL_BINVERSION	0x00010000

static TEE_UUID device_id;

void teeta_set_device_id(const TEE_UUID *id)
{
	device_id = *id;
}

/* ------------------------------------------------------- the sets */

static const struct prop tee_props[] = {
	{ "gpd.tee.apiversion", P_STRING, .str = "1.3.1" },
	{ "gpd.tee.internalCore.version", P_U32,
	  .u32 = TEE_INT_CORE_API_SPEC_VERSION },
	{ "gpd.tee.description", P_STRING,
	  .str = "teekit software TEE (Linux host processes)" },
	{ "gpd.tee.deviceID", P_UUID, .b = false },	/* device_id */
	{ "gpd.tee.systemTime.protectionLevel", P_U32, .u32 = 100 },
	{ "gpd.tee.TAPersistentTime.protectionLevel", P_U32, .u32 = 100 },
	{ "gpd.tee.arith.maxBigIntSize", P_U32, .u32 = 4096 },
	/* issue 13: NIST P curves, Curve25519 (IETF) and SM2 (OSCCA) */
	{ "gpd.tee.cryptography.ecc", P_BOOL, .b = true },
	{ "gpd.tee.cryptography.nist", P_BOOL, .b = true },
	{ "gpd.tee.cryptography.bsi-r", P_BOOL, .b = false },
	{ "gpd.tee.cryptography.bsi-t", P_BOOL, .b = false },
	{ "gpd.tee.cryptography.ietf", P_BOOL, .b = true },
	{ "gpd.tee.cryptography.octa", P_BOOL, .b = true },
	{ "gpd.tee.trustedStorage.antiRollback.protectionLevel", P_U32,
	  .u32 = 0 },
	{ "gpd.tee.trustedStorage.rollbackDetection.protectionLevel", P_U32,
	  .u32 = 0 },
	{ "gpd.tee.trustedos.implementation.version", P_STRING,
	  .str = TEETA_IMPL_VERSION },
	{ "gpd.tee.trustedos.implementation.binaryversion", P_U32,
	  .u32 = TEETA_IMPL_BINVERSION },
	{ "gpd.tee.trustedos.manufacturer", P_STRING, .str = "teekit" },
	{ "gpd.tee.firmware.implementation.version", P_STRING,
	  .str = TEETA_IMPL_VERSION },
	{ "gpd.tee.firmware.implementation.binaryversion", P_U32,
	  .u32 = TEETA_IMPL_BINVERSION },
	{ "gpd.tee.firmware.manufacturer", P_STRING, .str = "teekit" },
	{ "gpd.tee.event.maxSources", P_U32, .u32 = 0 },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define N_TEE_PROPS	ARRAY_SIZE(tee_props)
#define N_CLIENT_PROPS	2
#define N_TA_BUILTIN	10

enum set_id { SET_TEE, SET_CLIENT, SET_TA };

static unsigned int set_count(enum set_id set)
{
	const struct teekit_ta_head *h = teeta_head();

	switch (set) {
	case SET_TEE:
		return N_TEE_PROPS;
	case SET_CLIENT:
		return N_CLIENT_PROPS;
	default:
		return N_TA_BUILTIN + (h ? h->num_props : 0);
	}
}

static void from_user_prop(const struct user_ta_property *up, struct prop *p)
{
	memset(p, 0, sizeof(*p));
	p->name = up->name;
	p->type = (enum prop_type)up->type;
	switch (up->type) {
	case USER_TA_PROP_TYPE_BOOL:
		p->b = *(const bool *)up->value;
		break;
	case USER_TA_PROP_TYPE_U32:
		p->u32 = *(const uint32_t *)up->value;
		break;
	case USER_TA_PROP_TYPE_U64:
		p->u64 = *(const uint64_t *)up->value;
		break;
	case USER_TA_PROP_TYPE_UUID:
		p->uuid = *(const TEE_UUID *)up->value;
		break;
	case USER_TA_PROP_TYPE_IDENTITY:
		p->id = *(const TEE_Identity *)up->value;
		break;
	case USER_TA_PROP_TYPE_STRING:
	case USER_TA_PROP_TYPE_BINARY_BLOCK:
		p->str = up->value;
		break;
	default:
		/* an unknown type reads as an empty string */
		p->type = P_STRING;
		p->str = "";
	}
}

/*
 * Property i of a set, built on the fly (client and TA values depend on
 * the session and the header). False past the end.
 */
static bool set_get(enum set_id set, unsigned int i, struct prop *p)
{
	const struct teekit_ta_head *h = teeta_head();
	uint32_t fl = h ? h->flags : 0;

	memset(p, 0, sizeof(*p));
	switch (set) {
	case SET_TEE:
		if (i >= N_TEE_PROPS)
			return false;
		*p = tee_props[i];
		if (p->type == P_UUID)
			p->uuid = device_id;
		return true;
	case SET_CLIENT:
		if (i == 0) {
			p->name = "gpd.client.identity";
			p->type = P_IDENTITY;
			teeta_current_client(&p->id);
		} else if (i == 1) {
			p->name = "gpd.client.endian";
			p->type = P_U32;
		} else {
			return false;
		}
		return true;
	case SET_TA:
		break;
	}
	if (!h)
		return false;
	switch (i) {
	case 0:
		p->name = "gpd.ta.appID";
		p->type = P_UUID;
		p->uuid = h->uuid;
		return true;
	case 1:
		p->name = "gpd.ta.singleInstance";
		p->type = P_BOOL;
		p->b = fl & TA_FLAG_SINGLE_INSTANCE;
		return true;
	case 2:
		p->name = "gpd.ta.multiSession";
		p->type = P_BOOL;
		p->b = fl & TA_FLAG_MULTI_SESSION;
		return true;
	case 3:
		p->name = "gpd.ta.instanceKeepAlive";
		p->type = P_BOOL;
		p->b = fl & TA_FLAG_INSTANCE_KEEP_ALIVE;
		return true;
	case 4:
		p->name = "gpd.ta.dataSize";
		p->type = P_U32;
		p->u32 = h->data_size > UINT32_MAX ? UINT32_MAX : h->data_size;
		return true;
	case 5:
		p->name = "gpd.ta.stackSize";
		p->type = P_U32;
		p->u32 = h->stack_size > UINT32_MAX ? UINT32_MAX :
			 h->stack_size;
		return true;
	case 6:
		p->name = "gpd.ta.version";
		p->type = P_STRING;
		p->str = h->ta_version ? h->ta_version : "0.0";
		return true;
	case 7:
		p->name = "gpd.ta.description";
		p->type = P_STRING;
		p->str = h->description ? h->description : "";
		return true;
	case 8:
		p->name = "gpd.ta.endian";
		p->type = P_U32;
		return true;
	case 9:
		p->name = "gpd.ta.doesNotCloseHandleOnCorruptObject";
		p->type = P_BOOL;
		p->b = fl & TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT;
		return true;
	}
	i -= N_TA_BUILTIN;
	if (!h->props || i >= h->num_props)
		return false;
	from_user_prop(&h->props[i], p);
	return true;
}

/* A name lookup; a TA's own property overrides a built-in one. */
static bool set_find(enum set_id set, const char *name, struct prop *p)
{
	unsigned int i, n = set_count(set);
	bool found = false;
	struct prop q;

	if (!name)
		return false;
	for (i = 0; i < n; i++) {
		if (!set_get(set, i, &q) || !q.name || strcmp(q.name, name))
			continue;
		*p = q;
		found = true;
	}
	return found;
}

/* ------------------------------------------------------ enumerators */

#define ENUM_MAGIC	0x504e554d	/* "MUNP" */

struct prop_enum {
	uint32_t magic;
	bool started;
	enum set_id set;
	unsigned int pos;
	struct prop_enum *next;
};

static struct prop_enum *enums;

static bool is_pseudo(TEE_PropSetHandle h, enum set_id *set)
{
	if (h == TEE_PROPSET_TEE_IMPLEMENTATION)
		*set = SET_TEE;
	else if (h == TEE_PROPSET_CURRENT_CLIENT)
		*set = SET_CLIENT;
	else if (h == TEE_PROPSET_CURRENT_TA)
		*set = SET_TA;
	else
		return false;
	return true;
}

static struct prop_enum *enum_of(TEE_PropSetHandle h)
{
	struct prop_enum *e;

	for (e = enums; e; e = e->next)
		if ((TEE_PropSetHandle)e == h && e->magic == ENUM_MAGIC)
			return e;
	teeta_log("invalid property enumerator handle %p", (void *)h);
	TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

TEE_Result TEE_AllocatePropertyEnumerator(TEE_PropSetHandle *enumerator)
{
	struct prop_enum *e;

	if (!enumerator)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	e = calloc(1, sizeof(*e));
	if (!e) {
		*enumerator = TEE_HANDLE_NULL;
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	e->magic = ENUM_MAGIC;
	e->next = enums;
	enums = e;
	*enumerator = (TEE_PropSetHandle)e;
	return TEE_SUCCESS;
}

void TEE_FreePropertyEnumerator(TEE_PropSetHandle enumerator)
{
	struct prop_enum **pp, *e;

	if (enumerator == TEE_HANDLE_NULL)
		return;
	e = enum_of(enumerator);
	for (pp = &enums; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	e->magic = 0;
	free(e);
}

void TEE_StartPropertyEnumerator(TEE_PropSetHandle enumerator,
				 TEE_PropSetHandle propSet)
{
	struct prop_enum *e = enum_of(enumerator);
	enum set_id set;

	if (!is_pseudo(propSet, &set))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	e->set = set;
	e->pos = 0;
	e->started = true;
}

void TEE_ResetPropertyEnumerator(TEE_PropSetHandle enumerator)
{
	struct prop_enum *e = enum_of(enumerator);

	e->started = false;
	e->pos = 0;
}

static bool enum_current(struct prop_enum *e, struct prop *p)
{
	return e->started && set_get(e->set, e->pos, p);
}

TEE_Result TEE_GetNextProperty(TEE_PropSetHandle enumerator)
{
	struct prop_enum *e = enum_of(enumerator);
	struct prop p;

	if (!enum_current(e, &p))
		return TEE_ERROR_ITEM_NOT_FOUND;
	e->pos++;
	if (!set_get(e->set, e->pos, &p))
		return TEE_ERROR_ITEM_NOT_FOUND;
	return TEE_SUCCESS;
}

static TEE_Result put_string(const char *s, size_t len, void *buf,
			     size_t *buflen)
{
	if (!buflen || (*buflen && !buf))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (*buflen < len + 1) {
		*buflen = len + 1;
		return TEE_ERROR_SHORT_BUFFER;
	}
	memcpy(buf, s, len);
	((char *)buf)[len] = 0;
	*buflen = len + 1;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetPropertyName(TEE_PropSetHandle enumerator, void *nameBuffer,
			       size_t *nameBufferLen)
{
	struct prop_enum *e = enum_of(enumerator);
	struct prop p;

	if (!enum_current(e, &p))
		return TEE_ERROR_ITEM_NOT_FOUND;
	return put_string(p.name, strlen(p.name), nameBuffer, nameBufferLen);
}

/* ------------------------------------------------------ conversions */

/* The property a getter names: by (set, name) or an enumerator's current. */
static TEE_Result lookup(TEE_PropSetHandle h, const char *name, struct prop *p)
{
	enum set_id set;

	if (is_pseudo(h, &set)) {
		if (!name)
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
		return set_find(set, name, p) ? TEE_SUCCESS :
		       TEE_ERROR_ITEM_NOT_FOUND;
	}
	return enum_current(enum_of(h), p) ? TEE_SUCCESS :
	       TEE_ERROR_ITEM_NOT_FOUND;
}

/*
 * A typed getter's start: GP panics the TA on a NULL output pointer, before
 * the property is looked up; then the lookup as above.
 */
static TEE_Result lookup_out(TEE_PropSetHandle h, const char *name,
			     const void *out, struct prop *p)
{
	if (!out)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return lookup(h, name, p);
}

static int uuid_fmt(char *buf, size_t len, const TEE_UUID *u)
{
	return snprintf(buf, len,
			"%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			u->timeLow, u->timeMid, u->timeHiAndVersion,
			u->clockSeqAndNode[0], u->clockSeqAndNode[1],
			u->clockSeqAndNode[2], u->clockSeqAndNode[3],
			u->clockSeqAndNode[4], u->clockSeqAndNode[5],
			u->clockSeqAndNode[6], u->clockSeqAndNode[7]);
}

static bool uuid_parse(const char *s, TEE_UUID *u)
{
	unsigned int b[16], i;
	int n = 0;

	if (strlen(s) != 36 ||
	    sscanf(s, "%2x%2x%2x%2x-%2x%2x-%2x%2x-%2x%2x-%2x%2x%2x%2x%2x%2x%n",
		   &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6], &b[7],
		   &b[8], &b[9], &b[10], &b[11], &b[12], &b[13], &b[14],
		   &b[15], &n) != 16 || n != 36)
		return false;
	u->timeLow = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	u->timeMid = b[4] << 8 | b[5];
	u->timeHiAndVersion = b[6] << 8 | b[7];
	for (i = 0; i < 8; i++)
		u->clockSeqAndNode[i] = b[8 + i];
	return true;
}

/*
 * GP integer text: decimal, 0x hex or 0b binary, optionally followed by
 * K, M or G (times 2^10, 2^20, 2^30); anything else, or overflow, is not
 * an integer.
 */
static bool int_parse(const char *s, uint64_t max, uint64_t *v)
{
	unsigned int base = 10, shift = 0, d;
	uint64_t x = 0;
	bool any = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	}
	for (; *s; s++) {
		char c = *s;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		if (d >= base || x > (max - d) / base)
			return false;
		x = x * base + d;
		any = true;
	}
	if (!any)
		return false;
	if (*s == 'K' || *s == 'k')
		shift = 10;
	else if (*s == 'M' || *s == 'm')
		shift = 20;
	else if (*s == 'G' || *s == 'g')
		shift = 30;
	if (shift) {
		s++;
		if (x > (max >> shift))
			return false;
		x <<= shift;
	}
	if (*s)
		return false;
	*v = x;
	return true;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

/*
 * Decodes base64 text; returns the byte count. Leniently, as OP-TEE's
 * libutee does (decision 1543): every character outside the base64
 * alphabet ('=' included, wherever it is) is skipped, so no text is
 * refused; 4 characters make 3 bytes, a last group of 2 or 3 one or two.
 */
static long b64_decode(const char *s, uint8_t *out, size_t outlen)
{
	uint32_t acc = 0;
	unsigned int bits = 0;
	size_t n = 0;
	int v;

	for (; *s; s++) {
		v = b64_val(*s);
		if (v < 0)
			continue;
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (out && n < outlen)
				out[n] = acc >> bits;
			n++;
		}
	}
	return n;
}

/* The text of any property: the GP string conversion. */
static char *prop_text(const struct prop *p, char *buf, size_t len)
{
	int n;

	switch (p->type) {
	case P_BOOL:
		snprintf(buf, len, "%s", p->b ? "true" : "false");
		break;
	case P_U32:
		snprintf(buf, len, "%u", p->u32);
		break;
	case P_U64:
		snprintf(buf, len, "%llu", (unsigned long long)p->u64);
		break;
	case P_UUID:
		uuid_fmt(buf, len, &p->uuid);
		break;
	case P_IDENTITY:
		n = snprintf(buf, len, "%08x:", p->id.login);
		uuid_fmt(buf + n, len - n, &p->id.uuid);
		break;
	default:
		return (char *)(p->str ? p->str : "");
	}
	return buf;
}

TEE_Result TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator,
				   const char *name, char *valueBuffer,
				   size_t *valueBufferLen)
{
	char tmp[128];
	const char *s;
	struct prop p;
	TEE_Result r;

	r = lookup_out(propsetOrEnumerator, name, valueBufferLen, &p);
	if (r)
		return r;
	s = prop_text(&p, tmp, sizeof(tmp));
	return put_string(s, strlen(s), valueBuffer, valueBufferLen);
}

TEE_Result TEE_GetPropertyAsBool(TEE_PropSetHandle propsetOrEnumerator,
				 const char *name, bool *value)
{
	struct prop p;
	TEE_Result r;

	r = lookup_out(propsetOrEnumerator, name, value, &p);
	if (r)
		return r;
	if (p.type == P_BOOL) {
		*value = p.b;
		return TEE_SUCCESS;
	}
	if (p.type == P_STRING && p.str) {
		if (!strcasecmp(p.str, "true")) {
			*value = true;
			return TEE_SUCCESS;
		}
		if (!strcasecmp(p.str, "false")) {
			*value = false;
			return TEE_SUCCESS;
		}
	}
	return TEE_ERROR_BAD_FORMAT;
}

static TEE_Result get_int(TEE_PropSetHandle h, const char *name,
			  uint64_t max, uint64_t *v)
{
	struct prop p;
	TEE_Result r;

	r = lookup(h, name, &p);
	if (r)
		return r;
	switch (p.type) {
	case P_U32:
		*v = p.u32;
		return TEE_SUCCESS;
	case P_U64:
		if (p.u64 > max)
			return TEE_ERROR_BAD_FORMAT;
		*v = p.u64;
		return TEE_SUCCESS;
	case P_STRING:
		return p.str && int_parse(p.str, max, v) ? TEE_SUCCESS :
		       TEE_ERROR_BAD_FORMAT;
	default:
		return TEE_ERROR_BAD_FORMAT;
	}
}

TEE_Result TEE_GetPropertyAsU32(TEE_PropSetHandle propsetOrEnumerator,
				const char *name, uint32_t *value)
{
	uint64_t v;
	TEE_Result r;

	if (!value)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	r = get_int(propsetOrEnumerator, name, UINT32_MAX, &v);
	if (!r)
		*value = v;
	return r;
}

TEE_Result TEE_GetPropertyAsU64(TEE_PropSetHandle propsetOrEnumerator,
				const char *name, uint64_t *value)
{
	if (!value)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return get_int(propsetOrEnumerator, name, UINT64_MAX, value);
}

TEE_Result TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator,
					const char *name, void *valueBuffer,
					size_t *valueBufferLen)
{
	struct prop p;
	TEE_Result r;
	long n;

	if (!valueBufferLen || (*valueBufferLen && !valueBuffer))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	r = lookup(propsetOrEnumerator, name, &p);
	if (r)
		return r;
	/*
	 * Only a binary-block property is one (as in OP-TEE): with lenient
	 * decoding any string would pass for base64.
	 */
	if (p.type != P_BINARY || !p.str)
		return TEE_ERROR_BAD_FORMAT;
	n = b64_decode(p.str, NULL, 0);
	if ((size_t)n > *valueBufferLen) {
		*valueBufferLen = n;
		return TEE_ERROR_SHORT_BUFFER;
	}
	b64_decode(p.str, valueBuffer, *valueBufferLen);
	*valueBufferLen = n;
	return TEE_SUCCESS;
}

TEE_Result TEE_GetPropertyAsUUID(TEE_PropSetHandle propsetOrEnumerator,
				 const char *name, TEE_UUID *value)
{
	struct prop p;
	TEE_Result r;

	r = lookup_out(propsetOrEnumerator, name, value, &p);
	if (r)
		return r;
	if (p.type == P_UUID) {
		*value = p.uuid;
		return TEE_SUCCESS;
	}
	if (p.type == P_STRING && p.str && uuid_parse(p.str, value))
		return TEE_SUCCESS;
	return TEE_ERROR_BAD_FORMAT;
}

TEE_Result TEE_GetPropertyAsIdentity(TEE_PropSetHandle propsetOrEnumerator,
				     const char *name, TEE_Identity *value)
{
	struct prop p;
	TEE_Result r;
	const char *colon;
	char num[24];
	uint64_t login;

	r = lookup_out(propsetOrEnumerator, name, value, &p);
	if (r)
		return r;
	if (p.type == P_IDENTITY) {
		*value = p.id;
		return TEE_SUCCESS;
	}
	/* text form "login:uuid", login as a GP integer (our output is hex) */
	if (p.type != P_STRING || !p.str)
		return TEE_ERROR_BAD_FORMAT;
	colon = strchr(p.str, ':');
	if (!colon || colon == p.str || (size_t)(colon - p.str) >= sizeof(num))
		return TEE_ERROR_BAD_FORMAT;
	memcpy(num, p.str, colon - p.str);
	num[colon - p.str] = 0;
	if (!int_parse(num, UINT32_MAX, &login) ||
	    !uuid_parse(colon + 1, &value->uuid))
		return TEE_ERROR_BAD_FORMAT;
	value->login = login;
	return TEE_SUCCESS;
}

/* ------------------------------------------- GP 1.1 (32-bit lengths) */

/* (the result first: argument evaluation order is unspecified) */
static TEE_Result len32(TEE_Result r, const size_t *len, uint32_t *len32)
{
	*len32 = *len > UINT32_MAX ? UINT32_MAX : *len;
	return r;
}

TEE_Result __GP11_TEE_GetPropertyAsString(TEE_PropSetHandle h,
					  const char *name, char *buf,
					  uint32_t *len)
{
	size_t l;

	if (!len)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	l = *len;
	return len32(TEE_GetPropertyAsString(h, name, buf, &l), &l, len);
}

TEE_Result __GP11_TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle h,
					       const char *name, void *buf,
					       uint32_t *len)
{
	size_t l;

	if (!len)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	l = *len;
	return len32(TEE_GetPropertyAsBinaryBlock(h, name, buf, &l), &l, len);
}

TEE_Result __GP11_TEE_GetPropertyName(TEE_PropSetHandle h, void *buf,
				      uint32_t *len)
{
	size_t l;

	if (!len)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	l = *len;
	return len32(TEE_GetPropertyName(h, buf, &l), &l, len);
}
