// SPDX-License-Identifier: GPL-2.0-only
/*
 * teectl invoke - open a session with a TA and invoke one command, through
 * libteec, for scripts.
 *
 *   teectl [--json] invoke [--device PATH] [--login METHOD] UUID CMD [PARAM...]
 *
 * PARAM (at most 4, in order):
 *   none                 TEEC_NONE
 *   val:A,B              TEEC_VALUE_INPUT (numbers in C notation)
 *   val-out              TEEC_VALUE_OUTPUT
 *   val-inout:A,B        TEEC_VALUE_INOUT
 *   in:FILE              TEEC_MEMREF_TEMP_INPUT with FILE's bytes ("-": stdin)
 *   out:SIZE[:FILE]      TEEC_MEMREF_TEMP_OUTPUT of SIZE bytes, written to FILE
 *                        (hex on stdout without FILE)
 *   inout:FILE[:SIZE]    TEEC_MEMREF_TEMP_INOUT, FILE's bytes in a SIZE buffer,
 *                        the result written back to FILE
 * METHOD: public (default), user, group:GID, application,
 * user-application, group-application:GID.
 *
 * Exit status: 0 the command succeeded, 1 it returned an error (result and
 * explanation printed), 2 usage, 3 no TEE device.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tee_client_api.h"
#include "teekit_teec.h"
#include "teectl.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

struct inv_param {
	uint32_t type;
	const char *file;	/* memrefs: where to read/write */
	unsigned char *buf;
};

static int read_file(const char *path, unsigned char **buf, size_t *len, size_t min)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 4096, n = 0;
	unsigned char *b, *t;

	if (!f)
		return -1;
	b = malloc(cap);
	while (b) {
		n += fread(b + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		t = realloc(b, cap);
		if (!t)
			free(b);
		b = t;
	}
	if (f != stdin)
		fclose(f);
	if (!b)
		return -1;
	if (min > n) {
		t = realloc(b, min);
		if (!t) {
			free(b);
			return -1;
		}
		b = t;
		memset(b + n, 0, min - n);
	}
	*buf = b;
	*len = n;
	return 0;
}

static int parse_login(const char *s, uint32_t *method, uint32_t *gid)
{
	static const struct { const char *name; uint32_t m; } m[] = {
		{ "public", TEEC_LOGIN_PUBLIC }, { "user", TEEC_LOGIN_USER },
		{ "group", TEEC_LOGIN_GROUP }, { "application", TEEC_LOGIN_APPLICATION },
		{ "user-application", TEEC_LOGIN_USER_APPLICATION },
		{ "group-application", TEEC_LOGIN_GROUP_APPLICATION },
	};
	const char *colon = strchr(s, ':');
	size_t len = colon ? (size_t)(colon - s) : strlen(s), i;

	for (i = 0; i < ARRAY_SIZE(m); i++) {
		if (strlen(m[i].name) != len || strncmp(m[i].name, s, len))
			continue;
		*method = m[i].m;
		if (colon)
			*gid = strtoul(colon + 1, NULL, 0);
		return 0;
	}
	return -1;
}

static int parse_uuid(const char *s, TEEC_UUID *u)
{
	unsigned int b[8];

	if (sscanf(s, "%8x-%4hx-%4hx-%2x%2x-%2x%2x%2x%2x%2x%2x", &u->timeLow, &u->timeMid,
		   &u->timeHiAndVersion, &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6],
		   &b[7]) != 11 || strlen(s) != 36)
		return -1;
	for (int i = 0; i < 8; i++)
		u->clockSeqAndNode[i] = b[i];
	return 0;
}

static int parse_param(const char *s, TEEC_Operation *op, int i, struct inv_param *p)
{
	TEEC_Parameter *tp = &op->params[i];
	char *end;
	size_t len, size;

	if (!strcmp(s, "none")) {
		p->type = TEEC_NONE;
	} else if (!strcmp(s, "val-out")) {
		p->type = TEEC_VALUE_OUTPUT;
	} else if (!strncmp(s, "val:", 4) || !strncmp(s, "val-inout:", 10)) {
		p->type = s[3] == ':' ? TEEC_VALUE_INPUT : TEEC_VALUE_INOUT;
		s = strchr(s, ':') + 1;
		tp->value.a = strtoul(s, &end, 0);
		tp->value.b = *end == ',' ? strtoul(end + 1, &end, 0) : 0;
		if (*end)
			return -1;
	} else if (!strncmp(s, "in:", 3)) {
		p->type = TEEC_MEMREF_TEMP_INPUT;
		if (read_file(s + 3, &p->buf, &len, 0))
			return -1;
		tp->tmpref.buffer = p->buf;
		tp->tmpref.size = len;
	} else if (!strncmp(s, "out:", 4)) {
		p->type = TEEC_MEMREF_TEMP_OUTPUT;
		size = strtoul(s + 4, &end, 0);
		if (*end == ':')
			p->file = end + 1;
		else if (*end)
			return -1;
		p->buf = calloc(1, size ? size : 1);
		if (!p->buf)
			return -1;
		tp->tmpref.buffer = p->buf;
		tp->tmpref.size = size;
	} else if (!strncmp(s, "inout:", 6)) {
		char *file = strdup(s + 6), *colon = file ? strrchr(file, ':') : NULL;

		p->type = TEEC_MEMREF_TEMP_INOUT;
		size = 0;
		if (colon) {
			*colon = 0;
			size = strtoul(colon + 1, NULL, 0);
		}
		p->file = file;
		if (!file || read_file(file, &p->buf, &len, size))
			return -1;
		tp->tmpref.buffer = p->buf;
		tp->tmpref.size = size > len ? size : len;
	} else {
		return -1;
	}
	return 0;
}

static void print_hex(const unsigned char *b, size_t n)
{
	while (n--)
		printf("%02x", *b++);
}

static void report(TEEC_Operation *op, struct inv_param *p, int n, TEEC_Result res,
		   uint32_t origin)
{
	int i;

	if (json)
		printf("{\"result\": \"%s\", \"code\": %u, \"origin\": \"%s\", \"params\": [",
		       teekit_teec_strerror(res), res, teekit_teec_origin_name(origin));
	else if (res != TEEC_SUCCESS)
		printf("result: %s (0x%08x) from %s\n%s\n", teekit_teec_strerror(res), res,
		       teekit_teec_origin_name(origin), teekit_teec_explain(res, origin));
	for (i = 0; i < n; i++) {
		TEEC_Parameter *tp = &op->params[i];
		bool memref = p[i].type >= TEEC_MEMREF_TEMP_INPUT;

		if (json)
			printf("%s{\"type\": %u", i ? ", " : "", p[i].type);
		if (p[i].type == TEEC_VALUE_OUTPUT || p[i].type == TEEC_VALUE_INOUT) {
			if (json)
				printf(", \"a\": %u, \"b\": %u", tp->value.a, tp->value.b);
			else
				printf("param %d: a=%u b=%u\n", i, tp->value.a, tp->value.b);
		} else if (memref && p[i].type != TEEC_MEMREF_TEMP_INPUT) {
			size_t sz = tp->tmpref.size;

			if (json)
				printf(", \"size\": %zu", sz);
			else
				printf("param %d: size=%zu", i, sz);
			if (res == TEEC_SUCCESS && p[i].file) {
				FILE *f = fopen(p[i].file, "wb");

				if (f) {
					fwrite(p[i].buf, 1, sz, f);
					fclose(f);
				}
			} else if (res == TEEC_SUCCESS) {
				printf(json ? ", \"data\": \"" : " data=");
				print_hex(p[i].buf, sz);
				if (json)
					printf("\"");
			}
			if (!json)
				printf("\n");
		}
		if (json)
			printf("}");
	}
	if (json)
		printf("]}\n");
}

int cmd_invoke(int argc, char **argv)
{
	struct inv_param p[TEEC_CONFIG_PAYLOAD_REF_COUNT] = { 0 };
	const char *device = NULL;
	uint32_t login = TEEC_LOGIN_PUBLIC, gid = 0, origin = 0, cmd;
	TEEC_Operation op = { 0 };
	TEEC_Context ctx;
	TEEC_Session s;
	TEEC_Result res;
	TEEC_UUID uuid;
	int i = 0, n, rc = EXIT_USAGE;
	char *end;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			device = argv[++i];
		} else if (!strcmp(argv[i], "--login") && i + 1 < argc) {
			if (parse_login(argv[++i], &login, &gid))
				goto bad;
		} else {
			goto bad;
		}
	}
	if (argc - i < 2 || argc - i > 2 + TEEC_CONFIG_PAYLOAD_REF_COUNT)
		goto bad;
	if (parse_uuid(argv[i], &uuid))
		goto bad;
	cmd = strtoul(argv[i + 1], &end, 0);
	if (*end)
		goto bad;
	n = argc - i - 2;
	for (int k = 0; k < n; k++)
		if (parse_param(argv[i + 2 + k], &op, k, &p[k]))
			goto bad;
	op.paramTypes = TEEC_PARAM_TYPES(p[0].type, p[1].type, p[2].type, p[3].type);

	res = TEEC_InitializeContext(device, &ctx);
	if (res != TEEC_SUCCESS) {
		fprintf(stderr, "teectl: %s: %s\n", teekit_teec_strerror(res),
			teekit_teec_explain(res, TEEC_ORIGIN_COMMS));
		rc = res == TEEC_ERROR_ITEM_NOT_FOUND ? EXIT_NODEV : EXIT_FAIL;
		goto out;
	}
	res = TEEC_OpenSession(&ctx, &s, &uuid, login, &gid, NULL, &origin);
	if (res == TEEC_SUCCESS) {
		res = TEEC_InvokeCommand(&s, cmd, &op, &origin);
		TEEC_CloseSession(&s);
		report(&op, p, n, res, origin);
	} else {
		report(&op, p, 0, res, origin);
	}
	TEEC_FinalizeContext(&ctx);
	rc = res == TEEC_SUCCESS ? EXIT_OK : EXIT_FAIL;
	goto out;
bad:
	fprintf(stderr, "teectl: invoke: bad arguments (see 'teectl --help')\n");
out:
	for (i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; i++)
		free(p[i].buf);
	return rc;
}
