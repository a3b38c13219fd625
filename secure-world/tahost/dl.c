// SPDX-License-Identifier: GPL-2.0-only
/*
 * dl.c - shared TA libraries in the TA host, and dlopen()/dlsym()/
 * dlclose()/dl_iterate_phdr() for TAs as OP-TEE offers them (decision
 * 1520; docs/ta-format.md, "Shared TA libraries").
 *
 * The emulator publishes every library a TA may load, verified, in the
 * TA's library directory (tos/shlib.c); Landlock lets this process read
 * that directory and nothing else but the TA's own file. Libraries the TA
 * links against (DT_NEEDED "<uuid>") are loaded here before the TA,
 * dependencies first, so that ld.so finds each by its DT_SONAME among the
 * loaded objects and never searches the file system. tee_dlopen() asks the
 * emulator for a library (a TA_OPEN RPC with TEEKIT_DLOPEN_MAGIC, which the
 * emulator answers TEEKIT_DLOPEN_READY once the library and what it needs
 * are published) and loads it the same way; the strict seccomp stage lets
 * it map files executable only for a TA that imports tee_dlopen.
 *
 * The TA host is single-threaded: no locks.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/teekit_sim.h>

#include "teeta.h"
#include "../ta_image.h"
#include "../tos/shlib.h"

#define DL_MAX		32	/* libraries in one instance */
#define DL_DEPTH_MAX	8
#define DL_FLAGS_OPTEE	(RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE)
/* address space for libraries tee_dlopen() may load at run time */
#define DL_RUNTIME_ALLOWANCE	(16ull << 20)

struct dl_lib {
	char uuid[37];
	void *h;
};

static struct dl_lib libs[DL_MAX];
static unsigned int nlibs;
static char lib_dir[4096];
static bool dl_allowed;
static void *ta_handle;
static const char *ta_path;

void teeta_dl_init(const char *dir, bool dlopen_allowed)
{
	snprintf(lib_dir, sizeof(lib_dir), "%s", dir ? dir : "");
	dl_allowed = dlopen_allowed;
}

/* bytes of the published libraries: the address space they may take */
uint64_t teeta_dl_lib_bytes(void)
{
	uint64_t sum = dl_allowed ? DL_RUNTIME_ALLOWANCE : 0;
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (!lib_dir[0])
		return sum;
	d = opendir(lib_dir);
	if (!d)
		return sum;
	while ((e = readdir(d))) {
		/* its mapped span is at most its size plus page rounding */
		if (e->d_name[0] != '.' &&
		    !fstatat(dirfd(d), e->d_name, &st, 0) && S_ISREG(st.st_mode))
			sum += st.st_size + (64 << 10);
	}
	closedir(d);
	return sum;
}

/* the whole of @fd */
static uint8_t *read_fd(int fd, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	ssize_t n;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > (64 << 20))
		return NULL;
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		return NULL;
	while (got < (size_t)st.st_size) {
		n = pread(fd, buf + got, st.st_size - got, got);
		if (n <= 0) {
			free(buf);
			return NULL;
		}
		got += n;
	}
	*len = got;
	return buf;
}

static struct dl_lib *find_lib(const char *uuid_s)
{
	unsigned int i;

	for (i = 0; i < nlibs; i++)
		if (!strcmp(libs[i].uuid, uuid_s))
			return &libs[i];
	return NULL;
}

static void *load_lib(const char *uuid_s, int mode, unsigned int depth,
		      char *why, size_t whylen);

/* the libraries @elf names as DT_NEEDED "<uuid>", each loaded */
static int load_needs(const char *who, const uint8_t *elf, size_t len,
		      int mode, unsigned int depth, char *why, size_t whylen)
{
	struct ta_img_dyn d;
	uint8_t u[16];
	unsigned int i;

	if (ta_img_dynamic(elf, len, &d)) {
		snprintf(why, whylen, "%s: malformed dynamic section", who);
		return -1;
	}
	for (i = 0; i < d.nneeded; i++) {
		if (ta_uuid_parse(d.needed[i], u))
			continue;	/* libc: the host's own */
		if (!load_lib(d.needed[i], mode, depth + 1, why, whylen))
			return -1;
	}
	return 0;
}

static void *load_lib(const char *uuid_s, int mode, unsigned int depth,
		      char *why, size_t whylen)
{
	struct dl_lib *l = find_lib(uuid_s);
	char path[4200];
	size_t len = 0;
	uint8_t *elf;
	void *h;
	int fd;

	if (l)
		return l->h;
	if (depth > DL_DEPTH_MAX || nlibs == DL_MAX) {
		snprintf(why, whylen,
			 "shared TA library %s: more than %d libraries or %d levels",
			 uuid_s, DL_MAX, DL_DEPTH_MAX);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s.so", lib_dir, uuid_s);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen,
			 "shared TA library %s was not published by the emulator (%s: %s)",
			 uuid_s, path, strerror(errno));
		return NULL;
	}
	elf = read_fd(fd, &len);
	close(fd);
	if (!elf) {
		snprintf(why, whylen, "cannot read shared TA library %s", path);
		return NULL;
	}
	if (load_needs(uuid_s, elf, len, mode, depth, why, whylen)) {
		free(elf);
		return NULL;
	}
	free(elf);
	/* its constructors run here, confined like the TA's */
	h = dlopen(path, mode);
	if (!h) {
		snprintf(why, whylen, "cannot load shared TA library %s: %s",
			 uuid_s, dlerror());
		return NULL;
	}
	l = &libs[nlibs++];
	snprintf(l->uuid, sizeof(l->uuid), "%s", uuid_s);
	l->h = h;
	return h;
}

int teeta_dl_preload(int ta_fd, char *why, size_t whylen)
{
	size_t len = 0;
	uint8_t *elf = read_fd(ta_fd, &len);
	int ret;

	if (!elf) {
		snprintf(why, whylen, "cannot read the TA's ELF");
		return -1;
	}
	ret = load_needs("the TA", elf, len, RTLD_NOW | RTLD_LOCAL, 0, why,
			 whylen);
	free(elf);
	return ret;
}

void teeta_dl_set_ta(void *dl, const char *path)
{
	ta_handle = dl;
	ta_path = path;
}

/* ------------------------------------------------ the TA's dlfcn.h */

static bool valid_handle(void *h)
{
	unsigned int i;

	if (h && h == ta_handle)
		return true;
	for (i = 0; i < nlibs; i++)
		if (libs[i].h == h)
			return true;
	return false;
}

/* Ask the emulator to fetch, verify and publish @uuid_s; a TEE_Result */
static uint32_t request(const char *uuid_s, const uint8_t uuid[16])
{
	struct tksim_msg m;
	uint32_t res;

	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_TA_OPEN;
	memcpy(m.uuid, uuid, 16);
	m.num_params = 1;
	m.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	m.params[0].a = TEEKIT_DLOPEN_MAGIC;
	res = teeta_rpc(&m);
	if (res == TEEKIT_DLOPEN_READY)
		return TEE_SUCCESS;
	switch (res) {
	case TEE_SUCCESS:	/* an emulator that opened a session on it */
		res = TEE_ERROR_COMMUNICATION;
		/* fall through */
	default:
		teeta_log("dlopen(\"%s\"): the emulator refused the library (0x%08x: %s); its log names the reason",
			  uuid_s, res,
			  res == TEE_ERROR_ITEM_NOT_FOUND ? "not found by tee-supplicant" :
			  res == TEE_ERROR_SECURITY ? "signature refused: unsigned, untrusted key, tampered or signed for another UUID" :
			  res == TEE_ERROR_BAD_FORMAT ? "not a shared TA library: a TA, a bad SONAME, a dependency cycle or a malformed ELF" :
			  res == TEE_ERROR_BAD_STATE ? "dlopen() outside a TA entry point with a client call (TA_CreateEntryPoint?)" :
			  "see the emulator's log");
		return res;
	}
}

void *tee_dlopen(const char *filename, int flags)
{
	char why[1024], canon[37];
	uint8_t uuid[16];
	void *h;

	if (flags != DL_FLAGS_OPTEE) {
		teeta_log("dlopen(\"%s\", 0x%x): flags must be RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE, as on OP-TEE",
			  filename ? filename : "(null)", flags);
		return NULL;
	}
	if (!filename)
		return ta_handle;
	if (ta_uuid_parse(filename, uuid)) {
		teeta_log("dlopen(\"%s\"): not a UUID (a TA opens a shared TA library by its UUID, \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\")",
			  filename);
		return NULL;
	}
	ta_uuid_format(uuid, canon);
	h = find_lib(canon) ? find_lib(canon)->h : NULL;
	if (h)
		return h;
	if (!dl_allowed) {
		teeta_log("dlopen(\"%s\"): this instance was started without run-time loading (the TA does not import tee_dlopen: build it with the SDK's <dlfcn.h>)",
			  canon);
		return NULL;
	}
	if (request(canon, uuid) != TEE_SUCCESS)
		return NULL;
	why[0] = 0;
	h = load_lib(canon, DL_FLAGS_OPTEE, 0, why, sizeof(why));
	if (!h) {
		teeta_log("dlopen(\"%s\"): %s", canon, why);
		return NULL;
	}
	/* nothing the loader mapped may be writable and executable */
	if (teeta_mem_unsafe_exec(why, sizeof(why))) {
		teeta_log("dlopen(\"%s\"): writable or anonymous executable memory after loading it: %s",
			  canon, why);
		TEE_Panic(TEE_ERROR_SECURITY);
	}
	return h;
}

void *tee_dlsym(void *handle, const char *symbol)
{
	const char *name = "the TA";
	unsigned int i;
	void *p;

	if (!valid_handle(handle) || !symbol) {
		teeta_log("dlsym(%p, \"%s\"): not a handle from dlopen()",
			  handle, symbol ? symbol : "(null)");
		return NULL;
	}
	for (i = 0; i < nlibs; i++)
		if (libs[i].h == handle)
			name = libs[i].uuid;
	dlerror();
	p = dlsym(handle, symbol);
	if (!p)
		teeta_log("dlsym(\"%s\"): no symbol \"%s\" in %s or what it needs",
			  symbol, symbol, name);
	return p;
}

/* RTLD_NODELETE: a library stays loaded, as on OP-TEE */
int tee_dlclose(void *handle)
{
	if (!valid_handle(handle)) {
		teeta_log("dlclose(%p): not a handle from dlopen()", handle);
		return -1;
	}
	return 0;
}

struct iter {
	int (*cb)(struct dl_phdr_info *info, size_t size, void *data);
	void *data;
};

/* the TA and its libraries only: the host's own objects are not the TA's */
static int iter_one(struct dl_phdr_info *info, size_t size, void *arg)
{
	const struct iter *it = arg;
	size_t n = strlen(lib_dir);
	const char *name = info->dlpi_name;

	if (!name || !((ta_path && !strcmp(name, ta_path)) ||
		       (n && !strncmp(name, lib_dir, n) && name[n] == '/')))
		return 0;
	return it->cb(info, size, it->data);
}

int tee_dl_iterate_phdr(int (*cb)(struct dl_phdr_info *info, size_t size,
				 void *data),
			void *data)
{
	struct iter it = { .cb = cb, .data = data };

	if (!cb)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return dl_iterate_phdr(iter_one, &it);
}
