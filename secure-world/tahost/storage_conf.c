// SPDX-License-Identifier: GPL-2.0-only
/*
 * storage_conf.c - the adjustable limits of trusted storage
 * (docs/storage.md, "Limits"; decision 1404): read once per TA instance,
 * before the sandbox, from /etc/teekit/storage.conf (TEEKIT_STORAGE_CONF
 * in the environment of teekit-tos names another file). A missing file
 * means the defaults; a bad line is logged with the file, the line and the
 * fix, and ignored. An instance keeps the limits it started with.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "storage.h"

#define CONF_DEFAULT	"/etc/teekit/storage.conf"

struct ss_limits ss_limits = {
	.max_object_size = TEE_DATA_MAX_POSITION,
	.max_objects = 0,		/* 0: as many as the manifest holds */
	.max_store_size = 0,		/* 0: as much as the manifest maps */
	.file = CONF_DEFAULT,
};

static const struct {
	const char *name;
	uint64_t *val;
	uint64_t max;
} keys[] = {
	{ "max_object_size", &ss_limits.max_object_size, TEE_DATA_MAX_POSITION },
	{ "max_objects", &ss_limits.max_objects, UINT32_MAX },
	{ "max_store_size", &ss_limits.max_store_size, UINT64_MAX },
};

/* "123", "64K", "10M", "2G" */
static int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'K': case 'k':
		v <<= 10;
		end++;
		break;
	case 'M': case 'm':
		v <<= 20;
		end++;
		break;
	case 'G': case 'g':
		v <<= 30;
		end++;
		break;
	}
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static void conf_line(const char *path, unsigned int n, char *line)
{
	char *k = line, *v, *e;
	unsigned int i;
	uint64_t x;

	while (*k == ' ' || *k == '\t')
		k++;
	if (!*k || *k == '#' || *k == '\n')
		return;
	v = strchr(k, '=');
	if (!v) {
		teeta_log("trusted storage: %s:%u: not \"name = value\": ignored",
			  path, n);
		return;
	}
	for (e = v; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	*e = 0;
	for (v++; *v == ' ' || *v == '\t'; v++)
		;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (strcmp(k, keys[i].name))
			continue;
		if (parse_size(v, &x) || x > keys[i].max) {
			teeta_log("trusted storage: %s:%u: %s needs a size in bytes (K, M, G suffixes) of at most %" PRIu64 ": ignored",
				  path, n, k, keys[i].max);
			return;
		}
		*keys[i].val = x;
		return;
	}
	teeta_log("trusted storage: %s:%u: unknown limit \"%s\" (known: max_object_size, max_objects, max_store_size): ignored",
		  path, n, k);
}

void teeta_storage_conf_init(void)
{
	const char *path = getenv("TEEKIT_STORAGE_CONF");
	char line[256];
	unsigned int n = 0;
	FILE *f;

	if (!path || !*path)
		path = CONF_DEFAULT;
	ss_limits.file = path;
	f = fopen(path, "re");
	if (!f) {
		if (errno != ENOENT)
			teeta_log("trusted storage: cannot read %s (%s): default limits",
				  path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		conf_line(path, ++n, line);
	fclose(f);
}

/* may @store hold @nobjs objects of @total bytes, one of them @size? */
TEE_Result ss_limits_check(const char *store, uint64_t size, uint64_t nobjs,
			   uint64_t total)
{
	if (size > ss_limits.max_object_size) {
		teeta_log("trusted storage: an object of %" PRIu64 " bytes is over max_object_size (%" PRIu64 ", set in %s): TEE_ERROR_STORAGE_NO_SPACE",
			  size, ss_limits.max_object_size, ss_limits.file);
		return TEE_ERROR_STORAGE_NO_SPACE;
	}
	if (ss_limits.max_objects && nobjs > ss_limits.max_objects) {
		teeta_log("trusted storage: store %s would hold %" PRIu64 " objects, over max_objects (%" PRIu64 ", set in %s): TEE_ERROR_STORAGE_NO_SPACE",
			  store, nobjs, ss_limits.max_objects, ss_limits.file);
		return TEE_ERROR_STORAGE_NO_SPACE;
	}
	if (ss_limits.max_store_size && total > ss_limits.max_store_size) {
		teeta_log("trusted storage: store %s would hold %" PRIu64 " bytes of data, over max_store_size (%" PRIu64 ", set in %s): TEE_ERROR_STORAGE_NO_SPACE",
			  store, total, ss_limits.max_store_size, ss_limits.file);
		return TEE_ERROR_STORAGE_NO_SPACE;
	}
	return TEE_SUCCESS;
}
