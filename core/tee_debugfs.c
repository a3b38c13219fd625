// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: /sys/kernel/debug/teekit/<dev>/clients (0400, root only).
 *
 * The per-client view: one line per context of the device (an open fd, a
 * context whose fd is closed but whose shm is still mapped, or an in-kernel
 * client), after a header line:
 *
 *   pid comm state sessions shm_count shm_bytes session_ids
 *
 *   pid	 thread group id of the process that opened the context, in the
 *		 reader's pid namespace; 0 for a kernel client or an opener
 *		 the reader's namespace cannot see
 *   comm	 the opener's command name at open time; space, tab, newline
 *		 and backslash as \ooo octal escapes; "[kernel]" for kernel
 *		 clients
 *   state	 open: fd open, opener alive; exited: the opener is gone but
 *		 the fd lives on (inherited or passed to another process; pid
 *		 may then be reused); closed: fd closed, shm still held;
 *		 kernel: in-kernel client
 *   sessions	 open sessions; session_ids lists them (comma separated, "-")
 *   shm_count, shm_bytes  shared memory charged to the context
 *
 * The opener is what is recorded: a fd that is inherited by fork() or sent
 * over a socket stays listed under the process that opened it.
 *
 * Locking: teedev->mutex keeps every context on ctx_list alive (it leaves
 * the list under that mutex before it is freed); each context's lock is
 * taken inside it for its counters and sessions.  Both are mutexes; the
 * seq_file buffer is written without sleeping.  The directory is removed
 * at unregister before the device can be freed; debugfs waits for readers
 * already inside show().
 */
#include <linux/debugfs.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "tee_private.h"

static struct dentry *tee_debugfs_root;

static const char *tee_ctx_state(struct tee_context *ctx)
{
	if (ctx->is_kernel)
		return "kernel";
	if (READ_ONCE(ctx->releasing))
		return "closed";
	if (!ctx->pid || !pid_has_task(ctx->pid, PIDTYPE_TGID))
		return "exited";
	return "open";
}

static void tee_ctx_show(struct seq_file *m, struct tee_context *ctx)
{
	struct tee_session *sess;
	const char *sep = "";
	unsigned int n = 0;

	lockdep_assert_held(&ctx->lock);
	list_for_each_entry(sess, &ctx->sessions, link)
		n++;
	seq_printf(m, "%d ", ctx->pid ? pid_vnr(ctx->pid) : 0);
	if (ctx->is_kernel)
		seq_puts(m, "[kernel]");
	else
		seq_escape(m, ctx->comm, " \t\n\\");
	seq_printf(m, " %s %u %u %zu ", tee_ctx_state(ctx), n,
		   ctx->shm_count, ctx->shm_bytes);
	if (!n)
		seq_putc(m, '-');
	list_for_each_entry(sess, &ctx->sessions, link) {
		seq_printf(m, "%s%u", sep, sess->id);
		sep = ",";
	}
	seq_putc(m, '\n');
}

static int tee_clients_show(struct seq_file *m, void *unused)
{
	struct tee_device *teedev = m->private;
	struct tee_context *ctx;

	seq_puts(m, "pid comm state sessions shm_count shm_bytes session_ids\n");
	mutex_lock(&teedev->mutex);
	list_for_each_entry(ctx, &teedev->ctx_list, link) {
		mutex_lock(&ctx->lock);
		tee_ctx_show(m, ctx);
		mutex_unlock(&ctx->lock);
	}
	mutex_unlock(&teedev->mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tee_clients);

void tee_debugfs_add_device(struct tee_device *teedev)
{
	teedev->debugfs = debugfs_create_dir(teedev->name, tee_debugfs_root);
	debugfs_create_file("clients", 0400, teedev->debugfs, teedev,
			    &tee_clients_fops);
}

void tee_debugfs_remove_device(struct tee_device *teedev)
{
	debugfs_remove_recursive(teedev->debugfs);
	teedev->debugfs = NULL;
}

void tee_debugfs_init(void)
{
	tee_debugfs_root = debugfs_create_dir("teekit", NULL);
}

void tee_debugfs_exit(void)
{
	debugfs_remove_recursive(tee_debugfs_root);
}
