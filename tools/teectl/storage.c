// SPDX-License-Identifier: GPL-2.0-only
/*
 * storage.c - teectl storage: where trusted storage lives and what it
 * holds on the REE file system (stores, files, bytes: names and contents
 * are encrypted), its limits (/etc/teekit/storage.conf, read by each new
 * TA instance) and the factory reset (docs/storage.md, decision 1406).
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "teectl.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define NLIMITS		ARRAY_SIZE(limit_names)

#define FS_ROOT		"/var/lib/tee"
#define SS_DIR		"teekit-ss"
#define RPMB_IMG	"teekit-rpmb.img"
#define STORAGE_CONF	"/etc/teekit/storage.conf"

static const char *const limit_names[] = {
	"max_object_size", "max_objects", "max_store_size",
};

struct opts {
	const char *root, *rpmb, *conf;
	const char *set[3];
};

static long long nfiles, nbytes;
static int nstores;

static int count_one(const char *path, const struct stat *st, int flag,
		     struct FTW *f)
{
	(void)path;
	if (flag == FTW_D && f->level == 1)
		nstores++;
	else if (flag == FTW_F) {
		nfiles++;
		nbytes += st->st_size;
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *f)
{
	(void)f;
	if (flag == FTW_F) {
		nfiles++;
		nbytes += st->st_size;
	}
	if (flag == FTW_DP && f->level == 1)
		nstores++;
	return remove(path) ? -1 : 0;
}

/* the pid of a running tee-supplicant, 0 if none */
static int supplicant_pid(void)
{
	char p[300], comm[64];
	struct dirent *d;
	DIR *dir = opendir("/proc");
	int pid = 0;
	FILE *f;

	while (dir && !pid && (d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(p, sizeof(p), "/proc/%s/comm", d->d_name);
		f = fopen(p, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) &&
		    !strcmp(comm, "tee-supplicant\n"))
			pid = atoi(d->d_name);
		fclose(f);
	}
	if (dir)
		closedir(dir);
	return pid;
}

/* "--max-object-size" -> index of "max_object_size", or -1 */
static int limit_opt(const char *opt)
{
	char name[32];
	unsigned int k;
	size_t i;

	if (strncmp(opt, "--", 2) || strlen(opt + 2) >= sizeof(name))
		return -1;
	for (i = 0; opt[2 + i]; i++)
		name[i] = opt[2 + i] == '-' ? '_' : opt[2 + i];
	name[i] = 0;
	for (k = 0; k < NLIMITS; k++)
		if (!strcmp(name, limit_names[k]))
			return k;
	return -1;
}

static int parse(int argc, char **argv, struct opts *o, const char *cmd)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->root = FS_ROOT;
	o->conf = getenv("TEEKIT_STORAGE_CONF");
	if (!o->conf || !*o->conf)
		o->conf = STORAGE_CONF;
	for (i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--fs-root"))
			o->root = argv[i + 1];
		else if (!strcmp(argv[i], "--rpmb-file"))
			o->rpmb = argv[i + 1];
		else if (!strcmp(argv[i], "--conf"))
			o->conf = argv[i + 1];
		else if (!strcmp(cmd, "limits") && limit_opt(argv[i]) >= 0)
			o->set[limit_opt(argv[i])] = argv[i + 1];
		else
			break;
	}
	if (i == argc)
		return 0;
	fprintf(stderr, "teectl: storage %s: unknown or incomplete option '%s' (see teectl storage --help)\n",
		cmd, argv[i]);
	return -1;
}

/* a size as storage.conf takes it: digits, then K, M or G */
static int size_ok(const char *v)
{
	char *end;

	errno = 0;
	if (*v == '-' || (strtoull(v, &end, 0), errno) || end == v)
		return 0;
	if (*end && strchr("KkMmGg", *end))
		end++;
	return !*end;
}

/* the values storage.conf sets (NULL: the default) into @val */
static void conf_read(const char *path, char val[][32])
{
	char line[256], *k, *v, *e;
	unsigned int i;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f)) {
		for (k = line; *k == ' ' || *k == '\t'; k++)
			;
		v = strchr(k, '=');
		if (*k == '#' || !v)
			continue;
		for (e = v; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = 0;
		for (v++; *v == ' ' || *v == '\t'; v++)
			;
		v[strcspn(v, " \t\n")] = 0;
		for (i = 0; i < NLIMITS; i++)
			if (!strcmp(k, limit_names[i]) && size_ok(v))
				snprintf(val[i], 32, "%s", v);
	}
	if (f)
		fclose(f);
}

static int cmd_limits_storage(struct opts *o)
{
	static const char *const defaults[] = {
		"4294967295", "0 (no limit)", "0 (no limit)",
	};
	char val[3][32] = { "", "", "" }, tmp[4200];
	bool set = false;
	unsigned int i;
	FILE *f;

	conf_read(o->conf, val);
	for (i = 0; i < NLIMITS; i++) {
		if (!o->set[i])
			continue;
		if (!size_ok(o->set[i])) {
			fprintf(stderr, "teectl: storage limits: %s needs a size in bytes (K, M, G suffixes), not '%s'\n",
				limit_names[i], o->set[i]);
			return EXIT_USAGE;
		}
		snprintf(val[i], 32, "%s", o->set[i]);
		set = true;
	}
	if (set) {
		if (geteuid()) {
			fprintf(stderr, "teectl: storage limits: writing %s needs root\n",
				o->conf);
			return EXIT_PERM;
		}
		snprintf(tmp, sizeof(tmp), "%s.teectl", o->conf);
		f = fopen(tmp, "w");
		if (!f) {
			fprintf(stderr, "teectl: storage limits: cannot write %s: %s\n",
				tmp, strerror(errno));
			return EXIT_FAIL;
		}
		fprintf(f, "# trusted storage limits (docs/storage.md), written by teectl;\n"
			"# each new TA instance reads them\n");
		for (i = 0; i < NLIMITS; i++)
			if (val[i][0])
				fprintf(f, "%s = %s\n", limit_names[i], val[i]);
		if (fflush(f) || fsync(fileno(f)) || fclose(f) ||
		    rename(tmp, o->conf)) {
			fprintf(stderr, "teectl: storage limits: cannot write %s: %s\n",
				o->conf, strerror(errno));
			unlink(tmp);
			return EXIT_FAIL;
		}
	}
	if (json) {
		printf("{\"conf\": ");
		json_str(o->conf);
		for (i = 0; i < NLIMITS; i++) {
			printf(", \"%s\": ", limit_names[i]);
			json_str(val[i][0] ? val[i] : defaults[i]);
		}
		printf("}\n");
		return EXIT_OK;
	}
	printf("trusted storage limits (%s; new TA instances):\n", o->conf);
	for (i = 0; i < NLIMITS; i++)
		printf("  %-16s %s%s\n", limit_names[i],
		       val[i][0] ? val[i] : defaults[i],
		       val[i][0] ? "" : " (default)");
	return EXIT_OK;
}

static void rpmb_path(const struct opts *o, char *p, size_t len)
{
	if (o->rpmb)
		snprintf(p, len, "%s", o->rpmb);
	else
		snprintf(p, len, "%s/" RPMB_IMG, o->root);
}

static int cmd_info_storage(struct opts *o)
{
	char ss[4096], rp[4096];
	struct stat st;
	bool rpmb;

	snprintf(ss, sizeof(ss), "%s/" SS_DIR, o->root);
	rpmb_path(o, rp, sizeof(rp));
	nstores = 0;
	nfiles = nbytes = 0;
	if (nftw(ss, count_one, 16, FTW_PHYS) && errno != ENOENT) {
		fprintf(stderr, "teectl: storage: cannot read %s: %s%s\n", ss,
			strerror(errno), errno_hint(errno));
		return errno == EACCES ? EXIT_PERM : EXIT_FAIL;
	}
	rpmb = !stat(rp, &st);
	if (json) {
		printf("{\"fs_root\": ");
		json_str(o->root);
		printf(", \"stores\": %d, \"files\": %lld, \"bytes\": %lld, \"rpmb\": ",
		       nstores, nfiles, nbytes);
		json_str(rp);
		printf(", \"rpmb_present\": %s}\n", rpmb ? "true" : "false");
		return EXIT_OK;
	}
	printf("trusted storage in %s: %d stores (one per TA and storage id), %lld files, %lld bytes\n",
	       ss, nstores, nfiles, nbytes);
	printf("RPMB device %s: %s\n", rp, rpmb ? "present" : "absent (made on first use)");
	printf("object names and contents are encrypted: teectl storage list UUID shows a TA's objects (as root)\n");
	return EXIT_OK;
}

static int cmd_wipe(struct opts *o)
{
	char ss[4096], rp[4096];
	bool rpmb;
	int pid;

	if (geteuid()) {
		fprintf(stderr, "teectl: storage wipe: a factory reset needs root\n");
		return EXIT_PERM;
	}
	pid = supplicant_pid();
	if (pid) {
		fprintf(stderr, "teectl: storage wipe: tee-supplicant (pid %d) holds the RPMB device open: stop it first (teekit-down), wipe, then start it again\n",
			pid);
		return EXIT_FAIL;
	}
	snprintf(ss, sizeof(ss), "%s/" SS_DIR, o->root);
	rpmb_path(o, rp, sizeof(rp));
	nstores = 0;
	nfiles = nbytes = 0;
	if (nftw(ss, remove_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT) {
		fprintf(stderr, "teectl: storage wipe: cannot remove %s: %s\n",
			ss, strerror(errno));
		return EXIT_FAIL;
	}
	rpmb = !unlink(rp);
	if (!rpmb && errno != ENOENT) {
		fprintf(stderr, "teectl: storage wipe: cannot remove the RPMB device %s: %s\n",
			rp, strerror(errno));
		return EXIT_FAIL;
	}
	if (json) {
		printf("{\"wiped\": true, \"fs_root\": ");
		json_str(o->root);
		printf(", \"stores\": %d, \"files\": %lld, \"rpmb\": %s}\n",
		       nstores, nfiles, rpmb ? "true" : "false");
		return EXIT_OK;
	}
	printf("wiped trusted storage in %s (factory reset): %d stores, %lld files, RPMB device %s; TAs start with empty storage\n",
	       o->root, nstores, nfiles, rpmb ? "reset" : "absent");
	return EXIT_OK;
}

int cmd_storage(int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "info";
	struct opts o;

	if (!strcmp(sub, "--help") || !strcmp(sub, "help")) {
		printf("usage: teectl storage [info] [--fs-root DIR] [--rpmb-file PATH]\n"
		       "       teectl storage limits [--conf FILE] [--max-object-size N]\n"
		       "                      [--max-objects N] [--max-store-size N]\n"
		       "       teectl storage wipe [--fs-root DIR] [--rpmb-file PATH]\n"
		       "       teectl storage list UUID [--json] [--fs-root DIR] [--rpmb-file PATH]\n"
		       "       teectl storage dump UUID OBJECT_ID [--hex] [--out FILE] [--fs-root DIR]\n"
		       "                      [--rpmb-file PATH] [--trusted-key PEM]\n");
		return EXIT_OK;
	}
	if (argc && argv[0][0] == '-')
		sub = "info";
	else if (argc)
		argc--, argv++;
	if (!strcmp(sub, "list") || !strcmp(sub, "dump"))
		return cmd_storage_inspect(sub, argc, argv);
	if (strcmp(sub, "info") && strcmp(sub, "limits") && strcmp(sub, "wipe")) {
		fprintf(stderr, "teectl: storage: unknown subcommand '%s' (info, limits, wipe, list, dump)\n",
			sub);
		return EXIT_USAGE;
	}
	if (parse(argc, argv, &o, sub))
		return EXIT_USAGE;
	if (!strcmp(sub, "limits"))
		return cmd_limits_storage(&o);
	if (!strcmp(sub, "wipe"))
		return cmd_wipe(&o);
	return cmd_info_storage(&o);
}
