// SPDX-License-Identifier: GPL-2.0-only
/*
 * teectl ta list|install|remove|sign - installed TAs, with the secure
 * world's own format code (secure-world/ta_image.c): the verdict teectl
 * prints is the one teekit-tos would reach with the same trusted key.
 *
 *   teectl ta list [--dir DIR] [--key PEM]
 *   teectl ta install [--dir DIR] [--key PEM] FILE.ta
 *   teectl ta remove [--dir DIR] UUID
 *   teectl ta sign --key KEY.pem [--uuid UUID [--force]] --in TA.so [--out FILE.ta]
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tee_api_defines.h>
#include <user_ta_header.h>

#include "ta_image.h"
#include "teectl.h"

struct ta_opts {
	const char *dir, *key, *uuid, *in, *out;
	bool force;
	int nargs;
	char *args[4];
};

static int parse_opts(int argc, char **argv, struct ta_opts *o)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char **dst = NULL;

		if (!strcmp(argv[i], "--dir"))
			dst = &o->dir;
		else if (!strcmp(argv[i], "--key"))
			dst = &o->key;
		else if (!strcmp(argv[i], "--uuid"))
			dst = &o->uuid;
		else if (!strcmp(argv[i], "--in"))
			dst = &o->in;
		else if (!strcmp(argv[i], "--out"))
			dst = &o->out;
		if (!strcmp(argv[i], "--force")) {
			o->force = true;
			continue;
		}
		if (dst) {
			if (i + 1 >= argc)
				return -1;
			*dst = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return -1;
		} else if (o->nargs < 4) {
			o->args[o->nargs++] = argv[i];
		} else {
			return -1;
		}
	}
	return 0;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (buf && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

static void flag_names(uint32_t f, uint32_t api, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", f & TA_FLAG_SINGLE_INSTANCE ? "single-instance," : "",
		 f & TA_FLAG_MULTI_SESSION ? "multi-session," : "",
		 f & TA_FLAG_INSTANCE_KEEP_ALIVE ? "keep-alive," : "",
		 api & TEEKIT_TA_HEAD_F_GP11 ? "gp11," : "");
	if (buf[0])
		buf[strlen(buf) - 1] = 0;
	else
		snprintf(buf, len, "-");
}

static EVP_PKEY *load_trusted(const char *path)
{
	EVP_PKEY *k = ta_key_load_public(path);

	if (!k)
		fprintf(stderr, "teectl: no usable public key in %s%s (give one with --key)\n",
			path, access(path, R_OK) && errno == EACCES ? ": permission denied" : "");
	return k;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static bool is_ta_file(const char *name)
{
	size_t l = strlen(name);

	return l >= 4 && !strcmp(name + l - 3, ".ta");
}

static int ta_list(struct ta_opts *o)
{
	EVP_PKEY *key = load_trusted(o->key);
	char path[4096], **names = NULL;
	int n, i;

	if (!key)
		return EXIT_FAIL;
	n = list_dir(o->dir, is_ta_file, cmp_str, &names);
	if (n < 0) {
		int err = errno;

		fprintf(stderr, "teectl: %s: %s\n", o->dir, strerror(err));
		EVP_PKEY_free(key);
		return err == EACCES ? EXIT_PERM : EXIT_NOTFOUND;
	}
	if (json) {
		printf("{\"dir\": ");
		json_str(o->dir);
		printf(", \"key\": ");
		json_str(o->key);
		printf(", \"tas\": [");
	} else {
		printf("%-36s %-8s %9s %-16s %-34s %s\n", "UUID", "STATUS", "SIZE",
		       "SIGNER", "FLAGS", "REASON");
	}
	for (i = 0; i < n; i++) {
		const struct teekit_ta_head *h = NULL;
		const struct ta_img_hdr *hdr;
		char why[256] = "", u[37] = "?", fp[17] = "?", fl[64] = "?";
		uint8_t want[16], *img;
		size_t len = 0, off, elen;
		uint32_t res;
		int k;

		snprintf(path, sizeof(path), "%s/%s", o->dir, names[i]);
		img = slurp(path, &len);
		if (!img) {
			snprintf(why, sizeof(why), "%s", strerror(errno));
			res = TEE_ERROR_ACCESS_DENIED;
		} else {
			char base[64];

			snprintf(base, sizeof(base), "%.*s", (int)strlen(names[i]) - 3, names[i]);
			snprintf(u, sizeof(u), "%.36s", base);
			res = ta_img_verify(key, ta_uuid_parse(base, want) ? NULL : want,
					    img, len, &off, &elen, why, sizeof(why));
			if (ta_uuid_parse(base, want))
				snprintf(why + strlen(why), sizeof(why) - strlen(why),
					 "%sfile name is not <uuid>.ta", why[0] ? "; " : "");
			if (len >= sizeof(*hdr) && !memcmp(img, TA_IMG_MAGIC, 8)) {
				hdr = (const void *)img;
				ta_uuid_format(hdr->uuid, u);
				for (k = 0; k < 8; k++)
					sprintf(fp + 2 * k, "%02x", hdr->key_id[k]);
			}
			if (res == TEE_SUCCESS)
				h = ta_img_ta_head(img + off, elen);
			if (h)
				flag_names(h->flags, h->api_flags, fl, sizeof(fl));
		}
		if (json) {
			printf("%s{\"file\": ", i ? ", " : "");
			json_str(path);
			printf(", \"uuid\": ");
			json_str(u);
			printf(", \"status\": \"%s\", \"size\": %zu, \"signer\": ",
			       res == TEE_SUCCESS ? "ok" : "refused", len);
			json_str(fp);
			if (h)
				printf(", \"flags\": %u, \"gp11\": %s, \"stack_size\": %llu, \"data_size\": %llu",
				       h->flags, h->api_flags & TEEKIT_TA_HEAD_F_GP11 ? "true" : "false",
				       (unsigned long long)h->stack_size,
				       (unsigned long long)h->data_size);
			if (res != TEE_SUCCESS)
				printf(", \"result\": %u", res);
			if (why[0]) {
				printf(", \"reason\": ");
				json_str(why);
			}
			printf("}");
		} else {
			printf("%-36s %-8s %9zu %-16s %-34s %s\n", u,
			       res == TEE_SUCCESS ? "ok" : "refused", len, fp, fl, why);
		}
		free(img);
		free(names[i]);
	}
	if (json)
		printf("]}\n");
	free(names);
	EVP_PKEY_free(key);
	return EXIT_OK;
}

/* Write buf as dir/name atomically with mode; returns 0 or an errno. */
static int write_atomic(const char *dir, const char *name, const void *buf,
			size_t len, mode_t mode)
{
	char tmp[4096], dst[4096];
	int fd, err = 0;

	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (write(fd, buf, len) != (ssize_t)len || fchmod(fd, mode) || fsync(fd))
		err = errno ? errno : EIO;
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, dst))
		err = errno;
	if (err)
		unlink(tmp);
	return err;
}

static int ta_install(struct ta_opts *o)
{
	const struct ta_img_hdr *hdr;
	char why[256] = "", u[37], name[48];
	size_t len, off, elen;
	EVP_PKEY *key;
	uint8_t *img;
	uint32_t res;
	int err;

	if (o->nargs != 1) {
		fprintf(stderr, "teectl: ta install FILE.ta\n");
		return EXIT_USAGE;
	}
	img = slurp(o->args[0], &len);
	if (!img) {
		err = errno;
		fprintf(stderr, "teectl: %s: %s\n", o->args[0], strerror(err));
		return err == EACCES ? EXIT_PERM : EXIT_NOTFOUND;
	}
	key = load_trusted(o->key);
	if (!key) {
		free(img);
		return EXIT_FAIL;
	}
	res = ta_img_verify(key, NULL, img, len, &off, &elen, why, sizeof(why));
	EVP_PKEY_free(key);
	if (res != TEE_SUCCESS) {
		fprintf(stderr, "teectl: %s refused (0x%08x): %s; not installed\n",
			o->args[0], res, why);
		if (json)
			printf("{\"installed\": false, \"result\": %u}\n", res);
		free(img);
		return EXIT_REFUSED;
	}
	hdr = (const void *)img;
	ta_uuid_format(hdr->uuid, u);
	snprintf(name, sizeof(name), "%s.ta", u);
	err = write_atomic(o->dir, name, img, len, 0444);
	free(img);
	if (err) {
		fprintf(stderr, "teectl: cannot install into %s: %s%s\n", o->dir,
			strerror(err), err == EACCES || err == EPERM ? " (run as root)" : "");
		return err == EACCES || err == EPERM || err == EROFS ? EXIT_PERM : EXIT_FAIL;
	}
	if (json) {
		printf("{\"installed\": true, \"uuid\": \"%s\", \"file\": ", u);
		printf("\"%s/%s\"}\n", o->dir, name);
	} else {
		printf("installed %s/%s\n", o->dir, name);
	}
	return EXIT_OK;
}

static int ta_remove(struct ta_opts *o)
{
	char path[4096], u[37];
	uint8_t uuid[16];
	int err;

	if (o->nargs != 1) {
		fprintf(stderr, "teectl: ta remove UUID\n");
		return EXIT_USAGE;
	}
	if (ta_uuid_parse(o->args[0], uuid)) {
		fprintf(stderr, "teectl: '%s' is not a UUID (8-4-4-4-12 hex digits)\n",
			o->args[0]);
		return EXIT_USAGE;
	}
	ta_uuid_format(uuid, u);
	snprintf(path, sizeof(path), "%s/%s.ta", o->dir, u);
	if (unlink(path)) {
		err = errno;
		fprintf(stderr, "teectl: %s: %s%s\n", path, strerror(err),
			err == EACCES || err == EPERM ? " (run as root)" : "");
		return err == ENOENT ? EXIT_NOTFOUND :
		       err == EACCES || err == EPERM || err == EROFS ? EXIT_PERM : EXIT_FAIL;
	}
	if (json)
		printf("{\"removed\": \"%s\"}\n", u);
	else
		printf("removed %s (running instances keep their copy until they end)\n", path);
	return EXIT_OK;
}

static int ta_sign(struct ta_opts *o)
{
	char why[256] = "", out[64], u[37], dir[4096] = ".", *slash;
	const char *dst = o->out;
	uint8_t uuid[16], own[16], *elf, *img = NULL;
	char mine[37];
	size_t len, img_len;
	EVP_PKEY *key;
	int err;

	if (!o->key || !o->in || o->nargs) {
		fprintf(stderr, "teectl: ta sign --key KEY.pem [--uuid UUID [--force]] --in TA.so [--out FILE.ta]\n");
		return EXIT_USAGE;
	}
	if (o->uuid && ta_uuid_parse(o->uuid, uuid)) {
		fprintf(stderr, "teectl: '%s' is not a UUID\n", o->uuid);
		return EXIT_USAGE;
	}
	elf = slurp(o->in, &len);
	if (!elf) {
		fprintf(stderr, "teectl: %s: %s\n", o->in, strerror(errno));
		return EXIT_NOTFOUND;
	}
	/* the TA's own UUID, as teekit-sign does (decision 1702) */
	if (ta_img_ta_uuid(elf, len, own)) {
		if (!o->uuid) {
			fprintf(stderr, "teectl: %s has no .teekit_ta_head (not built with the TA SDK's ta_header.c?): give its UUID with --uuid\n",
				o->in);
			free(elf);
			return EXIT_REFUSED;
		}
	} else if (!o->uuid) {
		memcpy(uuid, own, 16);
	} else if (memcmp(uuid, own, 16) && !o->force) {
		ta_uuid_format(own, mine);
		ta_uuid_format(uuid, u);
		fprintf(stderr, "teectl: %s was built as TA %s (TA_UUID of its user_ta_header_defines.h) but --uuid says %s: write the UUID once, in TA_UUID, and sign without --uuid or with that one (--force signs anyway)\n",
			o->in, mine, u);
		free(elf);
		return EXIT_REFUSED;
	}
	ta_uuid_format(uuid, u);
	if (ta_elf_check(elf, len, why, sizeof(why)) != TEE_SUCCESS) {
		fprintf(stderr, "teectl: %s: %s\n", o->in, why);
		free(elf);
		return EXIT_REFUSED;
	}
	key = ta_key_load_private(o->key);
	if (!key) {
		fprintf(stderr, "teectl: no usable private key in %s\n", o->key);
		free(elf);
		return EXIT_FAIL;
	}
	err = ta_img_sign(key, uuid, elf, len, &img, &img_len, why, sizeof(why));
	EVP_PKEY_free(key);
	free(elf);
	if (err) {
		fprintf(stderr, "teectl: %s\n", why);
		return EXIT_FAIL;
	}
	if (!dst) {
		snprintf(out, sizeof(out), "%s.ta", u);
		dst = out;
	}
	snprintf(dir, sizeof(dir), "%s", dst);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = 0;
		dst = slash + 1 - dir + dst;
	} else {
		strcpy(dir, ".");
	}
	err = write_atomic(dir[0] ? dir : "/", dst, img, img_len, 0644);
	free(img);
	if (err) {
		fprintf(stderr, "teectl: %s/%s: %s\n", dir, dst, strerror(err));
		return err == EACCES ? EXIT_PERM : EXIT_FAIL;
	}
	if (json) {
		printf("{\"signed\": \"%s\", \"file\": ", u);
		json_str(o->out ? o->out : dst);
		printf("}\n");
	} else {
		printf("signed %s -> %s\n", u, o->out ? o->out : dst);
	}
	return EXIT_OK;
}

int cmd_ta(int argc, char **argv)
{
	struct ta_opts o = { .dir = TA_DIR, .key = TRUSTED_KEY };

	if (argc < 1 || parse_opts(argc - 1, argv + 1, &o)) {
		fprintf(stderr, "teectl: ta list|install|remove|sign (see 'teectl --help')\n");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "list") && !o.nargs)
		return ta_list(&o);
	if (!strcmp(argv[0], "install"))
		return ta_install(&o);
	if (!strcmp(argv[0], "remove"))
		return ta_remove(&o);
	if (!strcmp(argv[0], "sign"))
		return ta_sign(&o);
	fprintf(stderr, "teectl: ta: unknown subcommand or arguments '%s'\n", argv[0]);
	return EXIT_USAGE;
}
