// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: client identity (login methods).
 *
 * The core computes the client UUID that goes to the TEE with the login
 * method, so a process can never claim another identity.  PUBLIC, USER and
 * GROUP follow upstream bit for bit: a name-based UUIDv5 (RFC 4122 4.3,
 * SHA-1) in the namespace 58ac9ca0-2086-4683-a1b8-ec4bc08e01b6 over the
 * name "uid=%x" / "gid=%x".
 *
 * The APPLICATION methods are teekit's (upstream rejects them); the same
 * UUIDv5 over these names (see docs/decisions/0003-application-login.md):
 *   APPLICATION        "app=<path>"
 *   USER_APPLICATION   "uid=%x:app=<path>"
 *   GROUP_APPLICATION  "gid=%x:app=<path>"
 * where <path> is the absolute path of the calling process's executable
 * in the initial mount namespace and the ids are as for USER / GROUP.
 *
 * Identities are the initial namespaces' (decision 1221): uids and gids
 * are kuid/kgid values (ids of the initial user namespace, as upstream),
 * and an APPLICATION identity is given only when the kernel can vouch
 * for the path: the caller is in the initial user namespace (elsewhere it
 * may rename its own executable with prctl(PR_SET_MM_MAP), and mount or
 * chroot at will), the executable was not deleted or replaced, and its
 * path, looked up from the initial root, leads to the very same file.
 * Otherwise the open fails with EACCES.
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mm_types.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <crypto/sha1.h>
#include <asm/byteorder.h>

#include "tee_private.h"

static const uuid_t tee_client_uuid_ns = UUID_INIT(0x58ac9ca0, 0x2086, 0x4683,
						   0xa1, 0xb8, 0xec, 0x4b,
						   0xc0, 0x8e, 0x01, 0xb6);

/* SHA-1 of @len bytes at @data into @out, with the lib's block function. */
static void tee_sha1(const u8 *data, size_t len, u8 out[SHA1_DIGEST_SIZE])
{
	u32 digest[SHA1_DIGEST_WORDS], ws[SHA1_WORKSPACE_WORDS];
	u8 block[SHA1_BLOCK_SIZE];
	size_t done = 0, rest;
	__be64 bits = cpu_to_be64((u64)len << 3);
	int n;

	sha1_init(digest);
	while (len - done >= SHA1_BLOCK_SIZE) {
		sha1_transform(digest, (const char *)data + done, ws);
		done += SHA1_BLOCK_SIZE;
	}
	rest = len - done;
	memset(block, 0, sizeof(block));
	memcpy(block, data + done, rest);
	block[rest] = 0x80;
	if (rest >= SHA1_BLOCK_SIZE - sizeof(bits)) {
		sha1_transform(digest, (const char *)block, ws);
		memset(block, 0, sizeof(block));
	}
	memcpy(block + SHA1_BLOCK_SIZE - sizeof(bits), &bits, sizeof(bits));
	sha1_transform(digest, (const char *)block, ws);

	for (n = 0; n < SHA1_DIGEST_WORDS; n++) {
		__be32 w = cpu_to_be32(digest[n]);

		memcpy(out + 4 * n, &w, sizeof(w));
	}
	memzero_explicit(ws, sizeof(ws));
}

static int tee_uuid_v5(uuid_t *uuid, const char *name)
{
	u8 hash[SHA1_DIGEST_SIZE];
	size_t len = strlen(name);
	u8 *buf;

	buf = kmalloc(UUID_SIZE + len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, &tee_client_uuid_ns, UUID_SIZE);
	memcpy(buf + UUID_SIZE, name, len);
	tee_sha1(buf, UUID_SIZE + len, hash);
	kfree(buf);

	memcpy(uuid->b, hash, UUID_SIZE);
	uuid->b[6] = (hash[6] & 0x0f) | 0x50;
	uuid->b[8] = (hash[8] & 0x3f) | 0x80;
	return 0;
}

/*
 * The root of the initial process (pid 1 of the initial pid namespace):
 * "/" as the system sees it, whatever the caller's chroot or mount
 * namespace.
 */
static int tee_init_root(struct path *root)
{
	struct task_struct *init;
	int rc = -EACCES;

	rcu_read_lock();
	init = pid_task(find_pid_ns(1, &init_pid_ns), PIDTYPE_PID);
	if (init) {
		task_lock(init);
		if (init->fs) {
			get_fs_root(init->fs, root);
			rc = 0;
		}
		task_unlock(init);
	}
	rcu_read_unlock();
	return rc;
}

/*
 * Absolute path of the caller's executable into @buf (PATH_MAX bytes), as
 * the initial mount namespace names it.  -EACCES when there is no such
 * name the kernel can vouch for: the caller is outside the initial user
 * namespace, the file was deleted or replaced, or the name its own mount
 * namespace (or chroot) gives it leads elsewhere from the initial root —
 * a bind mount or chroot of somebody's over the path, a file of another
 * mount namespace run through /proc/PID/exe.  -EINVAL: no executable.
 */
static const char *tee_exe_path(char *buf)
{
	struct mm_struct *mm = current->mm;
	struct file *exe, *found;
	const char *path;
	struct path root;

	if (!mm)
		return ERR_PTR(-EINVAL);
	if (current_user_ns() != &init_user_ns)
		return ERR_PTR(-EACCES);
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	if (!exe)
		return ERR_PTR(-EINVAL);

	path = ERR_PTR(-EACCES);
	if (d_unlinked(exe->f_path.dentry) || tee_init_root(&root))
		goto out_fput;
	path = d_path(&exe->f_path, buf, PATH_MAX);
	if (IS_ERR(path))
		goto out_root;
	/* the name must lead from the initial root to this very file */
	found = file_open_root(&root, path, O_PATH | O_NOFOLLOW, 0);
	if (IS_ERR(found)) {
		path = ERR_PTR(-EACCES);
		goto out_root;
	}
	if (found->f_path.dentry != exe->f_path.dentry)
		path = ERR_PTR(-EACCES);
	fput(found);
out_root:
	path_put(&root);
out_fput:
	fput(exe);
	return path;
}

/* The caller's gid from the GROUP login data, checked for membership. */
static int tee_login_gid(const u8 *connection_data, kgid_t *kgid)
{
	gid_t ngid;

	memcpy(&ngid, connection_data, sizeof(ngid));
	*kgid = make_kgid(current_user_ns(), ngid);
	if (!gid_valid(*kgid) || !in_egroup_p(*kgid))
		return -EPERM;
	return 0;
}

/**
 * tee_session_calc_client_uuid() - client UUID of the calling process
 * @uuid:		result
 * @connection_method:	TEE_IOCTL_LOGIN_*
 * @connection_data:	GROUP logins: the gid in the first 4 bytes
 *
 * Return: 0, -EPERM (GROUP: not a member / invalid gid), -EACCES
 * (APPLICATION: no path the kernel can vouch for, see tee_exe_path()),
 * -EINVAL (unknown method, or an APPLICATION method without an
 * executable), -ENOMEM, -ENAMETOOLONG.
 */
int tee_session_calc_client_uuid(uuid_t *uuid, u32 connection_method,
				 const u8 connection_data[TEE_IOCTL_UUID_LEN])
{
	const char *path = NULL;
	char *pathbuf = NULL;
	char *name = NULL;
	kgid_t kgid;
	int rc;

	if (connection_method == TEE_IOCTL_LOGIN_PUBLIC ||
	    (connection_method >= TEE_IOCTL_LOGIN_REE_KERNEL_MIN &&
	     connection_method <= TEE_IOCTL_LOGIN_REE_KERNEL_MAX)) {
		uuid_copy(uuid, &uuid_null);
		return 0;
	}

	switch (connection_method) {
	case TEE_IOCTL_LOGIN_USER:
	case TEE_IOCTL_LOGIN_GROUP:
		break;
	case TEE_IOCTL_LOGIN_APPLICATION:
	case TEE_IOCTL_LOGIN_USER_APPLICATION:
	case TEE_IOCTL_LOGIN_GROUP_APPLICATION:
		pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
		if (!pathbuf)
			return -ENOMEM;
		path = tee_exe_path(pathbuf);
		if (IS_ERR(path)) {
			rc = PTR_ERR(path);
			goto out_free;
		}
		break;
	default:
		return -EINVAL;
	}

	switch (connection_method) {
	case TEE_IOCTL_LOGIN_USER:
		name = kasprintf(GFP_KERNEL, "uid=%x",
				 __kuid_val(current_euid()));
		break;
	case TEE_IOCTL_LOGIN_GROUP:
		rc = tee_login_gid(connection_data, &kgid);
		if (rc)
			goto out_free;
		name = kasprintf(GFP_KERNEL, "gid=%x", __kgid_val(kgid));
		break;
	case TEE_IOCTL_LOGIN_APPLICATION:
		name = kasprintf(GFP_KERNEL, "app=%s", path);
		break;
	case TEE_IOCTL_LOGIN_USER_APPLICATION:
		name = kasprintf(GFP_KERNEL, "uid=%x:app=%s",
				 __kuid_val(current_euid()), path);
		break;
	case TEE_IOCTL_LOGIN_GROUP_APPLICATION:
		rc = tee_login_gid(connection_data, &kgid);
		if (rc)
			goto out_free;
		name = kasprintf(GFP_KERNEL, "gid=%x:app=%s",
				 __kgid_val(kgid), path);
		break;
	}
	if (!name) {
		rc = -ENOMEM;
		goto out_free;
	}
	rc = tee_uuid_v5(uuid, name);

out_free:
	kfree(name);
	kfree(pathbuf);
	return rc;
}
EXPORT_SYMBOL_GPL(tee_session_calc_client_uuid);

/**
 * tee_login_client_uuid() - replace the login data by the client UUID
 * @login:	the login method of the open
 * @clnt_uuid:	in: login data; out: client UUID
 * @from_user:	the open comes from user space
 *
 * Return: 0 or the error of tee_session_calc_client_uuid().
 */
int tee_login_client_uuid(u32 login, u8 clnt_uuid[TEE_IOCTL_UUID_LEN],
			  bool from_user)
{
	uuid_t uuid;
	int rc;

	/* kernel clients state their identity themselves */
	if (!from_user)
		return 0;
	rc = tee_session_calc_client_uuid(&uuid, login, clnt_uuid);
	if (rc)
		return rc;
	memcpy(clnt_uuid, uuid.b, TEE_IOCTL_UUID_LEN);
	return 0;
}
