// SPDX-License-Identifier: GPL-2.0-only
/*
 * shlib.c - shared TA libraries in the emulator (decision 1520).
 *
 * A TA names a library it links against by a DT_NEEDED entry "<uuid>",
 * the library's DT_SONAME (OP-TEE's convention). Before an instance
 * starts, every library its TA needs, and those they need, is fetched
 * like a TA (LOAD_TA through the supplicant, or --ta-dir), verified with
 * the same code and key as a TA, and written to the TA's library
 * directory, the only place besides its own file that the instance's
 * sandbox lets it read. The TA host loads them from there, dependencies
 * first, before the TA; tee_dlopen() asks for more at run time through
 * the same code (shlib_publish_dlopen()).
 *
 * Called from the emulator's serving thread only: no locks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <tee_api_defines.h>

#include "../ta_image.h"
#include "shlib.h"

#define SHLIB_DEPTH_MAX	8	/* a needs b needs c ... */
#define SHLIB_MAX	32	/* libraries of one TA, all levels */

struct resolve {
	EVP_PKEY *trusted;
	char dir[4000];
	shlib_fetch_fn fetch;
	void *ctx;
	const char *owner_s;
	char chain[SHLIB_DEPTH_MAX][37];	/* being resolved, outermost first */
	unsigned int depth;
	char done[SHLIB_MAX][37];		/* published by this resolution */
	unsigned int ndone;
};

void shlib_dir(const char *cache_dir, const char *owner_s, char *out,
	       size_t outlen)
{
	snprintf(out, outlen, "%s/lib/%s", cache_dir, owner_s);
}

/* Does @path hold exactly @elf? (root's regular file, same bytes) */
static bool same_file(const char *path, const uint8_t *elf, size_t len)
{
	uint8_t buf[65536];
	struct stat st;
	size_t off = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	bool same;

	if (fd < 0)
		return false;
	same = !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_uid == 0 &&
	       (size_t)st.st_size == len;
	while (same && off < len) {
		n = read(fd, buf, len - off < sizeof(buf) ? len - off : sizeof(buf));
		if (n <= 0 || memcmp(buf, elf + off, n))
			same = false;
		else
			off += n;
	}
	close(fd);
	return same;
}

int tos_publish(const char *dir, const char *name, const uint8_t *elf,
		size_t len, char *path, size_t pathlen)
{
	char tmp[4200];
	int fd;

	if (snprintf(path, pathlen, "%s/%s.so", dir, name) >= (int)pathlen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (same_file(path, elf, len))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s/.%s.%d.tmp", dir, name, getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, elf, len) != (ssize_t)len || fchmod(fd, 0644)) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}

/* "<cache>/lib" and "<cache>/lib/<owner>", root's, readable by all */
static int make_dir(struct resolve *r, const char *cache_dir)
{
	char top[4096];

	snprintf(top, sizeof(top), "%s/lib", cache_dir);
	if (mkdir(top, 0755) && errno != EEXIST)
		return -1;
	if (mkdir(r->dir, 0755) && errno != EEXIST)
		return -1;
	return 0;
}

/* "owner -> a -> b": the chain of needs, for messages */
static void chain_str(const struct resolve *r, const char *last, char *out,
		      size_t len)
{
	size_t n;
	unsigned int i;

	n = snprintf(out, len, "%s", r->owner_s);
	for (i = 0; i < r->depth && n < len; i++)
		n += snprintf(out + n, len - n, " -> %s", r->chain[i]);
	if (n < len)
		snprintf(out + n, len - n, " -> %s", last);
}

static uint32_t need_all(struct resolve *r, const uint8_t *elf, size_t len,
			 const char *who, char *why, size_t whylen);

/*
 * Library @lib_s, verified image @img: check it is a library of that UUID,
 * resolve its own needs, publish it. Frees nothing.
 */
static uint32_t take_lib(struct resolve *r, const char *lib_s,
			 const uint8_t *uuid, const uint8_t *elf, size_t len,
			 uint32_t img_flags, const char *who, char *why,
			 size_t whylen)
{
	char path[4200], chain[512];
	struct ta_img_dyn d;
	uint8_t so[16];
	uint32_t res;

	if (!(img_flags & TA_IMG_F_SHLIB)) {
		snprintf(why, whylen,
			 "%s needs shared TA library %s, but %s.ta is a TA, not a library (signed without a DT_SONAME of its UUID; build it with SHLIBNAME/SHLIBUUID)",
			 who, lib_s, lib_s);
		return TEE_ERROR_BAD_FORMAT;
	}
	if (ta_img_shlib_uuid(elf, len, so) || memcmp(so, uuid, 16) ||
	    ta_img_dynamic(elf, len, &d) || strcmp(d.soname, lib_s)) {
		snprintf(why, whylen,
			 "shared TA library %s (needed by %s): its DT_SONAME is not \"%s\" (link it with -soname=%s, as SHLIBUUID does)",
			 lib_s, who, lib_s, lib_s);
		return TEE_ERROR_BAD_FORMAT;
	}
	if (r->depth == SHLIB_DEPTH_MAX) {
		chain_str(r, lib_s, chain, sizeof(chain));
		snprintf(why, whylen,
			 "shared TA libraries nested more than %d deep: %s",
			 SHLIB_DEPTH_MAX, chain);
		return TEE_ERROR_BAD_FORMAT;
	}
	snprintf(r->chain[r->depth++], 37, "%s", lib_s);
	res = need_all(r, elf, len, lib_s, why, whylen);
	r->depth--;
	if (res != TEE_SUCCESS)
		return res;
	if (tos_publish(r->dir, lib_s, elf, len, path, sizeof(path))) {
		snprintf(why, whylen, "cannot write shared TA library %s to %s: %s",
			 lib_s, r->dir, strerror(errno));
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	if (r->ndone < SHLIB_MAX)
		snprintf(r->done[r->ndone++], 37, "%s", lib_s);
	return TEE_SUCCESS;
}

static bool seen(const struct resolve *r, const char *lib_s)
{
	unsigned int i;

	for (i = 0; i < r->ndone; i++)
		if (!strcmp(r->done[i], lib_s))
			return true;
	return false;
}

/* one DT_NEEDED "<uuid>" of @who */
static uint32_t need_one(struct resolve *r, const char *lib_s,
			 const uint8_t uuid[16], const char *who, char *why,
			 size_t whylen)
{
	char chain[512], reason[512];
	size_t off, elen, len = 0;
	uint8_t *img = NULL;
	unsigned int i;
	uint32_t res;

	for (i = 0; i < r->depth; i++)
		if (!strcmp(r->chain[i], lib_s))
			break;
	if (i < r->depth || !strcmp(lib_s, r->owner_s)) {
		chain_str(r, lib_s, chain, sizeof(chain));
		snprintf(why, whylen, "shared TA library dependency cycle: %s",
			 chain);
		return TEE_ERROR_BAD_FORMAT;
	}
	if (seen(r, lib_s))
		return TEE_SUCCESS;
	if (r->ndone == SHLIB_MAX) {
		snprintf(why, whylen, "TA %s needs more than %d shared TA libraries",
			 r->owner_s, SHLIB_MAX);
		return TEE_ERROR_BAD_FORMAT;
	}
	reason[0] = 0;
	res = r->fetch(r->ctx, uuid, lib_s, &img, &len, reason, sizeof(reason));
	if (res != TEE_SUCCESS) {
		snprintf(why, whylen, "shared TA library %s needed by %s: %s",
			 lib_s, who, reason);
		goto out;
	}
	res = ta_img_verify(r->trusted, uuid, img, len, &off, &elen, reason,
			    sizeof(reason));
	if (res != TEE_SUCCESS) {
		snprintf(why, whylen,
			 "shared TA library %s needed by %s refused: %s", lib_s,
			 who, reason);
		goto out;
	}
	res = take_lib(r, lib_s, uuid, img + off, elen, ta_img_flags(img), who,
		       why, whylen);
out:
	free(img);
	return res;
}

static uint32_t need_all(struct resolve *r, const uint8_t *elf, size_t len,
			 const char *who, char *why, size_t whylen)
{
	struct ta_img_dyn d;
	uint8_t uuid[16];
	char canon[37];
	unsigned int i;
	uint32_t res;

	if (ta_img_dynamic(elf, len, &d)) {
		snprintf(why, whylen,
			 "%s: malformed dynamic section, or more than %d DT_NEEDED entries",
			 who, TA_IMG_NEEDED_MAX);
		return TEE_ERROR_BAD_FORMAT;
	}
	for (i = 0; i < d.nneeded; i++) {
		/* other names (libc's) are the TA host's own libraries */
		if (ta_uuid_parse(d.needed[i], uuid))
			continue;
		ta_uuid_format(uuid, canon);
		if (strcmp(canon, d.needed[i])) {
			snprintf(why, whylen,
				 "%s needs \"%s\": a library's UUID is written in lower case",
				 who, d.needed[i]);
			return TEE_ERROR_BAD_FORMAT;
		}
		res = need_one(r, canon, uuid, who, why, whylen);
		if (res != TEE_SUCCESS)
			return res;
	}
	return TEE_SUCCESS;
}

static int start(struct resolve *r, EVP_PKEY *trusted, const char *cache_dir,
		 const char *owner_s, shlib_fetch_fn fetch, void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->trusted = trusted;
	r->fetch = fetch;
	r->ctx = ctx;
	r->owner_s = owner_s;
	shlib_dir(cache_dir, owner_s, r->dir, sizeof(r->dir));
	return make_dir(r, cache_dir);
}

uint32_t shlib_resolve(EVP_PKEY *trusted, const char *cache_dir,
		       const char *owner_s, const uint8_t *elf, size_t len,
		       shlib_fetch_fn fetch, void *ctx, char *why,
		       size_t whylen)
{
	struct resolve *r = malloc(sizeof(*r));
	char who[48];
	uint32_t res;

	if (!r)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (start(r, trusted, cache_dir, owner_s, fetch, ctx)) {
		snprintf(why, whylen, "cannot create %s: %s", r->dir,
			 strerror(errno));
		free(r);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	snprintf(who, sizeof(who), "TA %s", owner_s);
	res = need_all(r, elf, len, who, why, whylen);
	free(r);
	return res;
}

uint32_t shlib_publish_dlopen(EVP_PKEY *trusted, const char *cache_dir,
			      const char *owner_s, const char *lib_s,
			      const uint8_t *elf, size_t len, uint32_t img_flags,
			      shlib_fetch_fn fetch, void *ctx, char *why,
			      size_t whylen)
{
	struct resolve *r = malloc(sizeof(*r));
	uint8_t uuid[16];
	char who[64];
	uint32_t res;

	if (!r)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (start(r, trusted, cache_dir, owner_s, fetch, ctx)) {
		snprintf(why, whylen, "cannot create %s: %s", r->dir,
			 strerror(errno));
		free(r);
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	ta_uuid_parse(lib_s, uuid);
	snprintf(who, sizeof(who), "dlopen() in TA %s", owner_s);
	res = take_lib(r, lib_s, uuid, elf, len, img_flags, who, why, whylen);
	free(r);
	return res;
}
