// SPDX-License-Identifier: GPL-2.0-only
/*
 * devenum.c - the device-enumeration pseudo TA (decision 1901).
 *
 * A session of it is answered by the emulator's own OS channel; each
 * GET_DEVICES scans the bus directory afresh, so a TA installed or
 * removed is seen by the next enumeration (the sim driver enumerates
 * when the emulator attaches). Only a TA whose signature the emulator
 * trusts is announced, with the flags of its signed header.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tee_api_defines.h>
#include <user_ta_header.h>

#include "../ta_image.h"
#include "devenum.h"

#define DEVENUM_MAX_TAS		256
#define DEVENUM_MAX_TA_SIZE	(64 << 20)

bool devenum_is_pta(const uint8_t uuid[16])
{
	uint8_t pta[16];

	return !ta_uuid_parse(DEVENUM_UUID_STR, pta) && !memcmp(uuid, pta, 16);
}

static uint8_t *read_file(int dirfd, const char *name, size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size ||
	    st.st_size > DEVENUM_MAX_TA_SIZE)
		goto out;
	buf = malloc(st.st_size);
	if (!buf)
		goto out;
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n <= 0) {
			free(buf);
			buf = NULL;
			goto out;
		}
		got += n;
	}
	*len = got;
out:
	close(fd);
	return buf;
}

/* the TA's signed header flags, or -1 if it is not one the OS would run */
static int64_t ta_flags(int dirfd, const char *name, const uint8_t uuid[16],
			EVP_PKEY *trusted)
{
	const struct teekit_ta_head *head;
	size_t len = 0, off, elen;
	uint32_t flags = 0;
	char why[256];
	uint8_t *img;
	int64_t r = -1;

	img = read_file(dirfd, name, &len);
	if (!img)
		return -1;
	if (ta_img_verify(trusted, uuid, img, len, &off, &elen, why,
			  sizeof(why)) == TEE_SUCCESS) {
		head = ta_img_ta_head(img + off, elen);
		if (head) {
			memcpy(&flags, (const uint8_t *)head +
			       offsetof(struct teekit_ta_head, flags),
			       sizeof(flags));
			r = flags;
		}
	}
	free(img);
	return r;
}

/* UUIDs of the TAs in @dir with @flag; returns how many (<= max) */
static size_t scan(const char *dir, EVP_PKEY *trusted, uint32_t flag,
		   uint8_t (*out)[16], size_t max)
{
	struct dirent *de;
	size_t n = 0, l;
	char uuid_s[37];
	int64_t flags;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		l = strlen(de->d_name);
		if (l != 36 + 3 || strcmp(de->d_name + 36, ".ta"))
			continue;
		memcpy(uuid_s, de->d_name, 36);
		uuid_s[36] = 0;
		if (ta_uuid_parse(uuid_s, out[n]))
			continue;
		flags = ta_flags(dirfd(d), de->d_name, out[n], trusted);
		if (flags >= 0 && (flags & flag))
			n++;
	}
	closedir(d);
	return n;
}

uint32_t devenum_invoke(struct tksim_xfer *x, int os_fd, const char *dir,
			EVP_PKEY *trusted, char *why, size_t whylen)
{
	struct tksim_param *p = &x->msg.params[0];
	uint8_t (*uuids)[16];
	size_t n, need, i;
	uint32_t flag;
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *map;

	why[0] = 0;
	switch (x->msg.func) {
	case DEVENUM_CMD_GET_DEVICES:
		flag = TA_FLAG_DEVICE_ENUM;
		break;
	case DEVENUM_CMD_GET_DEVICES_SUPP:
		flag = TA_FLAG_DEVICE_ENUM_SUPP;
		break;
	default:
		snprintf(why, whylen, "device enumeration: unknown command %u",
			 x->msg.func);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	if (x->msg.num_params < 1 || p->attr != TKSIM_PARAM_MEMREF_OUTPUT) {
		snprintf(why, whylen, "device enumeration: parameter 0 must be an output memref");
		return TEE_ERROR_BAD_PARAMETERS;
	}
	for (i = 1; i < x->msg.num_params && i < TKSIM_MAX_PARAMS; i++) {
		if (x->msg.params[i].attr != TKSIM_PARAM_NONE) {
			snprintf(why, whylen, "device enumeration: parameters 1-3 must be none");
			return TEE_ERROR_BAD_PARAMETERS;
		}
	}
	uuids = calloc(DEVENUM_MAX_TAS, 16);
	if (!uuids)
		return TEE_ERROR_OUT_OF_MEMORY;
	n = scan(dir, trusted, flag, uuids, DEVENUM_MAX_TAS);
	need = n * 16;
	if (p->b < need || p->c == TKSIM_COOKIE_NULL) {
		p->b = need;
		free(uuids);
		return need ? TEE_ERROR_SHORT_BUFFER : TEE_SUCCESS;
	}
	if (need) {
		map = mmap(NULL, (size_t)p->map_pages * pg, PROT_READ | PROT_WRITE,
			   MAP_SHARED, os_fd, (off_t)p->c);
		if (map == MAP_FAILED) {
			snprintf(why, whylen, "device enumeration: cannot map the client's buffer: %s",
				 strerror(errno));
			free(uuids);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
		memcpy(map + p->a, uuids, need);
		munmap(map, (size_t)p->map_pages * pg);
	}
	p->b = need;
	free(uuids);
	return TEE_SUCCESS;
}
