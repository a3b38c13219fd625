// SPDX-License-Identifier: GPL-2.0-only
/*
 * load_ta.c - LOAD_TA (func 0): hand the secure world the bytes of a TA.
 *
 * v0 VALUE_INPUT: the 16 UUID octets (RFC 4122 order) over a then b.
 * m1 MEMREF_OUTPUT: the image. No buffer -> size query: b = file size,
 * TEEC_SUCCESS. A buffer that is too small -> b = file size,
 * TEEC_ERROR_SHORT_BUFFER. Not in any directory -> ITEM_NOT_FOUND.
 *
 * Directories are searched in the order given (--ta-path a:b:c); in each,
 * "<uuid>.ta" first and then the legacy name without the last dash. The
 * file is returned as is: verifying it is the secure world's job.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "supp.h"

int supp_set_ta_paths(struct supp_ctx *ctx, const char *list)
{
	size_t n = 1, i = 0;
	char *copy, *tok, *save;
	const char *c;

	for (c = list; *c; c++)
		n += *c == ':';
	supp_free_ta_paths(ctx);
	ctx->ta_paths = calloc(n + 1, sizeof(char *));
	copy = strdup(list);
	if (!ctx->ta_paths || !copy) {
		free(copy);
		return -ENOMEM;
	}
	for (tok = strtok_r(copy, ":", &save); tok;
	     tok = strtok_r(NULL, ":", &save)) {
		ctx->ta_paths[i] = strdup(tok);
		if (!ctx->ta_paths[i]) {
			free(copy);
			return -ENOMEM;
		}
		i++;
	}
	free(copy);
	return i ? 0 : -EINVAL;
}

void supp_free_ta_paths(struct supp_ctx *ctx)
{
	char **p;

	if (!ctx->ta_paths)
		return;
	for (p = ctx->ta_paths; *p; p++)
		free(*p);
	free(ctx->ta_paths);
	ctx->ta_paths = NULL;
}

/* Open the first "<dir>/<name>" that exists; fd or -errno of the last try. */
static int open_ta(struct supp_ctx *ctx, const char *const names[2],
		   char *found, size_t found_len)
{
	char path[4096];
	int err = -ENOENT;
	char **dir;
	int i, fd;

	for (dir = ctx->ta_paths; dir && *dir; dir++) {
		for (i = 0; i < 2; i++) {
			snprintf(path, sizeof(path), "%s/%s", *dir, names[i]);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd >= 0) {
				snprintf(found, found_len, "%s", path);
				return fd;
			}
			if (errno != ENOENT)
				err = -errno;
		}
	}
	return err == -ENOENT ? -ENOENT : err;
}

static void log_not_found(struct supp_ctx *ctx, const char *name, int err)
{
	char dirs[2048] = "";
	size_t len = 0;
	char **dir;

	for (dir = ctx->ta_paths; dir && *dir && len < sizeof(dirs); dir++)
		len += snprintf(dirs + len, sizeof(dirs) - len, "%s%s",
				len ? ":" : "", *dir);
	supp_warn("TA %s not loaded (%s); searched %s", name, strerror(-err),
		  dirs[0] ? dirs : "(no directories)");
}

uint32_t supp_load_ta(struct supp_ctx *ctx, struct supp_req *req)
{
	struct supp_param *out = &req->params[1];
	char uuid[37], legacy[37], found[4096];
	const char *names[2];
	char name0[48], name1[48];
	uint8_t octets[16];
	struct stat st;
	size_t done;
	ssize_t n;
	int fd;

	if (req->num_params != 2 || !supp_is_value(&req->params[0]) ||
	    supp_ptype(out) != TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT)
		return TEEC_ERROR_BAD_PARAMETERS;
	memcpy(octets, &req->params[0].p->a, 8);
	memcpy(octets + 8, &req->params[0].p->b, 8);
	supp_uuid_str(octets, uuid);
	/* legacy name: no dash between clock-seq and node */
	memcpy(legacy, uuid, 23);
	strcpy(legacy + 23, uuid + 24);
	snprintf(name0, sizeof(name0), "%s.ta", uuid);
	snprintf(name1, sizeof(name1), "%s.ta", legacy);
	names[0] = name0;
	names[1] = name1;

	fd = open_ta(ctx, names, found, sizeof(found));
	if (fd < 0) {
		log_not_found(ctx, name0, fd);
		return fd == -ENOENT ? TEEC_ERROR_ITEM_NOT_FOUND :
				       supp_errno_to_teec(-fd);
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		supp_warn("TA %s is not a regular file", found);
		close(fd);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	if (!out->buf || out->size < (uint64_t)st.st_size) {
		uint32_t ret = out->buf ? TEEC_ERROR_SHORT_BUFFER : TEEC_SUCCESS;

		out->p->b = st.st_size;
		close(fd);
		return ret;
	}
	for (done = 0; done < (size_t)st.st_size; done += n) {
		n = pread(fd, (char *)out->buf + done, st.st_size - done, done);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			supp_warn("reading TA %s: %s", found,
				  n ? strerror(errno) : "file shrank");
			close(fd);
			return TEEC_ERROR_GENERIC;
		}
	}
	close(fd);
	out->p->b = done;
	supp_info("loaded TA %s (%zu bytes)", found, done);
	return TEEC_SUCCESS;
}
