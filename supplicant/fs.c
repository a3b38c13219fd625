// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs.c - the REE file system (func 2): secure storage's files in the normal
 * world, under one storage root (--fs-root, default /var/lib/tee).
 *
 * Confinement: every name the secure world sends is relative to the root.
 * Absolute names are refused; the directory part is resolved with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), so ".." or a symlink
 * that leaves the root fails (EXDEV/ELOOP -> TEEC_ERROR_ACCESS_DENIED); the
 * last component is opened relative to that directory with O_NOFOLLOW, so
 * it is never a symlink. Without openat2 (kernels < 5.6) the directory
 * part is walked one component at a time with O_NOFOLLOW and ".." refused.
 *
 * Durability: files are opened O_SYNC (each WRITE and TRUNCATE is on disk
 * when it is answered); the directory is fsync'd after CREATE, REMOVE and
 * RENAME, and after creating a missing parent directory.
 *
 * Handles: OPEN/CREATE answer the file descriptor itself (as OP-TEE does),
 * but only descriptors this file handed out are accepted back, so the
 * secure world cannot read or close the device or any other descriptor.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "supp.h"

#define FS_NAME_MAX	4096
#define FS_FILE_MODE	0600
#define FS_DIR_MODE	0700

struct supp_dir {
	DIR *d;
};

int supp_fs_open_root(struct supp_fs *fs, const char *path)
{
	char buf[FS_NAME_MAX];
	char *s;

	memset(fs, 0, sizeof(*fs));
	pthread_mutex_init(&fs->lock, NULL);
	fs->root_fd = -1;
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	/* mkdir -p, the last component with mode 0700 */
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(buf, FS_DIR_MODE) && errno != EEXIST)
		return -errno;
	fs->root_fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs->root_fd < 0)
		return -errno;
	supp_fs_probe_openat2(fs);
	return 0;
}

/* Use openat2() if the kernel has it (a probe on the root itself). */
void supp_fs_probe_openat2(struct supp_fs *fs)
{
	struct open_how how = {
		.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH,
	};
	long fd;

	fd = syscall(SYS_openat2, fs->root_fd, ".", &how, sizeof(how));
	fs->no_openat2 = fd < 0;
	if (fd >= 0)
		close(fd);
	else
		supp_warn("no openat2(): confining names with O_NOFOLLOW walks");
}

void supp_fs_close(struct supp_fs *fs)
{
	int i;

	for (i = 0; i < SUPP_FS_MAX_HANDLES; i++) {
		if (fs->fds[i])
			close(i);
		fs->fds[i] = false;
		if (fs->dirs[i]) {
			closedir(fs->dirs[i]->d);
			free(fs->dirs[i]);
			fs->dirs[i] = NULL;
		}
	}
	if (fs->root_fd >= 0)
		close(fs->root_fd);
	fs->root_fd = -1;
}

/* Walk @dir below the root one component at a time, no symlinks, no "..". */
static int walk_dir(struct supp_fs *fs, const char *dir)
{
	char buf[FS_NAME_MAX], *comp, *save;
	int fd, next;

	snprintf(buf, sizeof(buf), "%s", dir);
	fd = dup(fs->root_fd);
	if (fd < 0)
		return -errno;
	for (comp = strtok_r(buf, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			close(fd);
			return -EXDEV;
		}
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			      O_CLOEXEC);
		if (next < 0) {
			struct stat st;
			int err = errno;

			/* O_DIRECTORY reports a symlink as ENOTDIR */
			if (!fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) &&
			    S_ISLNK(st.st_mode))
				err = ELOOP;
			close(fd);
			return -err;
		}
		close(fd);
		fd = next;
	}
	return fd;
}

/* Whether @path has a ".." component (never sent by a well-behaved TEE). */
static bool has_dotdot(const char *path)
{
	const char *c = path;

	while ((c = strstr(c, ".."))) {
		if ((c == path || c[-1] == '/') && (c[2] == '\0' || c[2] == '/'))
			return true;
		c += 2;
	}
	return false;
}

/* O_DIRECTORY fd of @dir (relative) beneath the root, or -errno. */
static int resolve_dir(struct supp_fs *fs, const char *dir)
{
	struct open_how how = {
		.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (dir[0] == '/' || has_dotdot(dir))
		return -EXDEV;
	if (fs->no_openat2)
		return walk_dir(fs, dir);
	fd = syscall(SYS_openat2, fs->root_fd, dir, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

/*
 * Name of memref @sp: NUL-terminated within its size, relative, and with a
 * last component that is a real name. Split into @dir ("." if none) and
 * the returned base name (inside @dir's storage).
 */
static int get_name(struct supp_param *sp, char dir[FS_NAME_MAX],
		    const char **base)
{
	const char *name = sp->buf;
	char *slash;
	size_t len;

	if (!supp_is_memref(sp) || !name)
		return -EINVAL;
	len = strnlen(name, sp->size);
	if (len == sp->size || len == 0 || len >= FS_NAME_MAX - 2)
		return -EINVAL;
	if (name[0] == '/')
		return -EXDEV;
	memcpy(dir, name, len + 1);
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		*base = slash + 1;
	} else {
		memmove(dir + 2, dir, len + 1);
		dir[0] = '.';
		dir[1] = '\0';
		*base = dir + 2;
	}
	if (!strcmp(*base, "..") || !strcmp(*base, "."))
		return -EXDEV;
	return 0;
}

static void sync_dir(int dfd)
{
	if (fsync(dfd))
		supp_warn("fsync of a storage directory: %s", strerror(errno));
}

/*
 * Directory fd for @dir; with @create, make up to two missing levels (the
 * secure world's layout is at most "<ta>/<obj>" deep).
 */
static int parent_dir(struct supp_fs *fs, const char *dir, bool create,
		      int levels)
{
	char up[FS_NAME_MAX], *slash;
	const char *base;
	int fd, pfd;

	fd = resolve_dir(fs, dir);
	if (fd != -ENOENT || !create || levels == 0 || !strcmp(dir, "."))
		return fd;
	snprintf(up, sizeof(up), "%s", dir);
	slash = strrchr(up, '/');
	if (slash) {
		*slash = '\0';
		base = slash + 1;
		pfd = parent_dir(fs, up, create, levels - 1);
	} else {
		base = dir;
		pfd = dup(fs->root_fd);
		if (pfd < 0)
			pfd = -errno;
	}
	if (pfd < 0)
		return pfd;
	if (!strcmp(base, "..") || !strcmp(base, ".") || !*base) {
		close(pfd);
		return -EXDEV;
	}
	if (mkdirat(pfd, base, FS_DIR_MODE) && errno != EEXIST) {
		fd = -errno;
		close(pfd);
		return fd;
	}
	sync_dir(pfd);
	fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	close(pfd);
	return fd;
}

/* Register @fd as a handle; closes it and fails if it cannot be one. */
static int add_fd(struct supp_fs *fs, int fd)
{
	if (fd >= SUPP_FS_MAX_HANDLES) {
		close(fd);
		return -EMFILE;
	}
	pthread_mutex_lock(&fs->lock);
	fs->fds[fd] = true;
	pthread_mutex_unlock(&fs->lock);
	return 0;
}

static bool valid_fd(struct supp_fs *fs, uint64_t h)
{
	bool ok;

	if (h >= SUPP_FS_MAX_HANDLES)
		return false;
	pthread_mutex_lock(&fs->lock);
	ok = fs->fds[h];
	pthread_mutex_unlock(&fs->lock);
	return ok;
}

static uint32_t fs_open(struct supp_fs *fs, struct supp_req *req, bool create)
{
	char dir[FS_NAME_MAX];
	const char *base;
	struct stat st;
	int dfd, fd, rc;

	if (req->num_params < 3 || !supp_is_value(&req->params[2]))
		return TEEC_ERROR_BAD_PARAMETERS;
	rc = get_name(&req->params[1], dir, &base);
	if (rc)
		goto err;
	dfd = parent_dir(fs, dir, create, 2);
	if (dfd < 0) {
		rc = dfd;
		goto err;
	}
	if (create) {
		fd = openat(dfd, base, O_RDWR | O_CREAT | O_TRUNC | O_SYNC |
			    O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, FS_FILE_MODE);
	} else {
		fd = openat(dfd, base, O_RDWR | O_SYNC | O_NOFOLLOW |
			    O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 && (errno == EACCES || errno == EROFS ||
			       errno == EISDIR))
			fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW |
				    O_NONBLOCK | O_CLOEXEC);
	}
	rc = fd < 0 ? -errno : 0;
	if (!rc && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		close(fd);
		rc = -EISDIR;
	}
	if (!rc && create)
		sync_dir(dfd);
	close(dfd);
	if (rc)
		goto err;
	rc = add_fd(fs, fd);
	if (rc)
		goto err;
	req->params[2].p->a = fd;
	supp_dbg("FS %s %s/%s -> fd %d", create ? "CREATE" : "OPEN", dir,
		 base, fd);
	return TEEC_SUCCESS;
err:
	if (rc == -EXDEV || rc == -ELOOP)
		supp_warn("FS: refused a name that leaves the storage root");
	return supp_errno_to_teec(-rc);
}

static uint32_t fs_close(struct supp_fs *fs, struct supp_req *req)
{
	uint64_t h = req->params[0].p->b;
	bool ok;

	pthread_mutex_lock(&fs->lock);
	ok = h < SUPP_FS_MAX_HANDLES && fs->fds[h];
	if (ok)
		fs->fds[h] = false;
	pthread_mutex_unlock(&fs->lock);
	if (!ok)
		return TEEC_ERROR_BAD_PARAMETERS;
	close((int)h);
	return TEEC_SUCCESS;
}

/*
 * READ and WRITE: params[0] value (b = handle, c = offset), params[1] the
 * memref. A read stops at end of file and reports the bytes read in the
 * memref's size; a write is whole or fails.
 */
static uint32_t fs_rw(struct supp_fs *fs, struct supp_req *req, bool write)
{
	struct tee_ioctl_param *v = req->params[0].p;
	struct supp_param *m = &req->params[1];
	char *buf = m->buf;
	size_t done = 0;
	ssize_t n;

	if (req->num_params < 2 || !supp_is_memref(m) || !valid_fd(fs, v->b))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!buf && m->size)
		return TEEC_ERROR_BAD_PARAMETERS;
	while (done < m->size) {
		if (write)
			n = pwrite((int)v->b, buf + done, m->size - done,
				   v->c + done);
		else
			n = pread((int)v->b, buf + done, m->size - done,
				  v->c + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (write && (errno == ENOSPC || errno == EDQUOT ||
				      errno == EFBIG))
				supp_warn("FS: storage full: %s",
					  strerror(errno));
			return supp_errno_to_teec(errno);
		}
		if (n == 0 && write)	/* no progress: nowhere to put it */
			return TEEC_ERROR_STORAGE_NO_SPACE;
		if (n == 0)
			break;
		done += n;
	}
	if (!write)
		m->p->b = done;
	return TEEC_SUCCESS;
}

static uint32_t fs_truncate(struct supp_fs *fs, struct supp_req *req)
{
	struct tee_ioctl_param *v = req->params[0].p;

	if (!valid_fd(fs, v->b) || v->c > INT64_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (ftruncate((int)v->b, (off_t)v->c) || fsync((int)v->b))
		return supp_errno_to_teec(errno);
	return TEEC_SUCCESS;
}

/* After REMOVE: drop @dir and its parent if they are now empty. */
static void remove_empty_parents(struct supp_fs *fs, char *dir)
{
	char *slash;
	int level, pfd;

	for (level = 0; level < 2 && strcmp(dir, "."); level++) {
		slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			pfd = resolve_dir(fs, dir);
		} else {
			pfd = dup(fs->root_fd);
		}
		if (pfd < 0)
			return;
		if (unlinkat(pfd, slash ? slash + 1 : dir, AT_REMOVEDIR)) {
			close(pfd);
			return;
		}
		sync_dir(pfd);
		close(pfd);
		if (!slash)
			return;
	}
}

static uint32_t fs_remove(struct supp_fs *fs, struct supp_req *req)
{
	char dir[FS_NAME_MAX];
	const char *base;
	int dfd, rc;

	if (req->num_params < 2)
		return TEEC_ERROR_BAD_PARAMETERS;
	rc = get_name(&req->params[1], dir, &base);
	if (rc)
		return supp_errno_to_teec(-rc);
	dfd = resolve_dir(fs, dir);
	if (dfd < 0)
		return supp_errno_to_teec(-dfd);
	rc = unlinkat(dfd, base, 0) ? -errno : 0;
	if (!rc)
		sync_dir(dfd);
	close(dfd);
	if (rc)
		return supp_errno_to_teec(-rc);
	remove_empty_parents(fs, dir);
	return TEEC_SUCCESS;
}

static uint32_t fs_rename(struct supp_fs *fs, struct supp_req *req)
{
	char odir[FS_NAME_MAX], ndir[FS_NAME_MAX];
	const char *obase, *nbase;
	int ofd, nfd, rc;
	unsigned int flags;

	if (req->num_params < 3)
		return TEEC_ERROR_BAD_PARAMETERS;
	flags = req->params[0].p->b ? 0 : RENAME_NOREPLACE;
	rc = get_name(&req->params[1], odir, &obase);
	if (!rc)
		rc = get_name(&req->params[2], ndir, &nbase);
	if (rc)
		return supp_errno_to_teec(-rc);
	ofd = resolve_dir(fs, odir);
	if (ofd < 0)
		return supp_errno_to_teec(-ofd);
	nfd = resolve_dir(fs, ndir);
	if (nfd < 0) {
		close(ofd);
		return supp_errno_to_teec(-nfd);
	}
	rc = renameat2(ofd, obase, nfd, nbase, flags) ? -errno : 0;
	if (!rc) {
		sync_dir(nfd);
		sync_dir(ofd);
	}
	close(ofd);
	close(nfd);
	return supp_errno_to_teec(-rc);
}

static bool hidden(const char *name)
{
	return name[0] == '.';
}

static uint32_t fs_opendir(struct supp_fs *fs, struct supp_req *req)
{
	struct supp_param *m = &req->params[1];
	struct supp_dir *sd;
	struct dirent *de;
	char name[FS_NAME_MAX];
	bool empty = true;
	size_t len;
	int fd, h;
	DIR *d;

	if (req->num_params < 3 || !supp_is_memref(m) || !m->buf ||
	    !supp_is_value(&req->params[2]))
		return TEEC_ERROR_BAD_PARAMETERS;
	len = strnlen(m->buf, m->size);
	if (len == m->size || len >= sizeof(name))
		return TEEC_ERROR_BAD_PARAMETERS;
	memcpy(name, m->buf, len + 1);
	fd = resolve_dir(fs, len ? name : ".");
	if (fd < 0)
		return supp_errno_to_teec(-fd);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	while ((de = readdir(d)))
		if (!hidden(de->d_name))
			empty = false;
	if (empty) {
		closedir(d);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	rewinddir(d);
	sd = malloc(sizeof(*sd));
	if (!sd) {
		closedir(d);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	sd->d = d;
	pthread_mutex_lock(&fs->lock);
	for (h = 0; h < SUPP_FS_MAX_HANDLES && fs->dirs[h]; h++)
		;
	if (h < SUPP_FS_MAX_HANDLES)
		fs->dirs[h] = sd;
	pthread_mutex_unlock(&fs->lock);
	if (h == SUPP_FS_MAX_HANDLES) {
		closedir(d);
		free(sd);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	req->params[2].p->a = h;
	return TEEC_SUCCESS;
}

static uint32_t fs_closedir(struct supp_fs *fs, struct supp_req *req)
{
	uint64_t h = req->params[0].p->b;
	struct supp_dir *sd = NULL;

	pthread_mutex_lock(&fs->lock);
	if (h < SUPP_FS_MAX_HANDLES) {
		sd = fs->dirs[h];
		fs->dirs[h] = NULL;
	}
	pthread_mutex_unlock(&fs->lock);
	if (!sd)
		return TEEC_ERROR_BAD_PARAMETERS;
	closedir(sd->d);
	free(sd);
	return TEEC_SUCCESS;
}

/* Next visible name, NUL included; too small -> SHORT_BUFFER, not consumed. */
static uint32_t fs_readdir(struct supp_fs *fs, struct supp_req *req)
{
	struct supp_param *m = &req->params[1];
	uint64_t h = req->params[0].p->b;
	uint32_t ret = TEEC_SUCCESS;
	struct dirent *de;
	size_t need;
	long pos;

	if (req->num_params < 2 || !supp_is_memref(m) ||
	    h >= SUPP_FS_MAX_HANDLES)
		return TEEC_ERROR_BAD_PARAMETERS;
	pthread_mutex_lock(&fs->lock);
	if (!fs->dirs[h]) {
		ret = TEEC_ERROR_BAD_PARAMETERS;
		goto out;
	}
	do {
		pos = telldir(fs->dirs[h]->d);
		de = readdir(fs->dirs[h]->d);
	} while (de && hidden(de->d_name));
	if (!de) {
		ret = TEEC_ERROR_ITEM_NOT_FOUND;
		goto out;
	}
	need = strlen(de->d_name) + 1;
	if (!m->buf || m->size < need) {
		seekdir(fs->dirs[h]->d, pos);
		ret = TEEC_ERROR_SHORT_BUFFER;
	} else {
		memcpy(m->buf, de->d_name, need);
	}
	m->p->b = need;
out:
	pthread_mutex_unlock(&fs->lock);
	return ret;
}

uint32_t supp_fs_request(struct supp_ctx *ctx, struct supp_req *req)
{
	struct supp_fs *fs = &ctx->fs;

	if (req->num_params < 1 || !supp_is_value(&req->params[0]))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (fs->root_fd < 0)
		return TEEC_ERROR_ITEM_NOT_FOUND;
	switch (req->params[0].p->a) {
	case SUPP_FS_OPEN:
		return fs_open(fs, req, false);
	case SUPP_FS_CREATE:
		return fs_open(fs, req, true);
	case SUPP_FS_CLOSE:
		return fs_close(fs, req);
	case SUPP_FS_READ:
		return fs_rw(fs, req, false);
	case SUPP_FS_WRITE:
		return fs_rw(fs, req, true);
	case SUPP_FS_TRUNCATE:
		return fs_truncate(fs, req);
	case SUPP_FS_REMOVE:
		return fs_remove(fs, req);
	case SUPP_FS_RENAME:
		return fs_rename(fs, req);
	case SUPP_FS_OPENDIR:
		return fs_opendir(fs, req);
	case SUPP_FS_CLOSEDIR:
		return fs_closedir(fs, req);
	case SUPP_FS_READDIR:
		return fs_readdir(fs, req);
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}
