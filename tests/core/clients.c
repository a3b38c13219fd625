// SPDX-License-Identifier: GPL-2.0-only
/*
 * clients.c - the core's per-client view, /sys/kernel/debug/teekit/<dev>/clients
 * (core/tee_debugfs.c): each process that opened the device is listed with
 * its pid, command name, sessions (count and ids) and shared memory;
 * a closed fd whose shm lives on shows as "closed", an fd that outlives its
 * opener as "exited"; closing everything removes the line; root only.
 * Also: every module reports the same MODULE_VERSION.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/teekit_version.h>

#include "harness.h"
#include "teetest.h"

struct client_line {
	char comm[64];
	char state[16];
	unsigned int sessions, shm_count;
	unsigned long long shm_bytes;
	char ids[256];
};

/* What a child reports once it holds its sessions and shm. */
struct child_report {
	int rc;				/* 0 or the failing step's errno */
	unsigned int nsess, nshm;
	unsigned long long bytes;
	char ids[128];
};

static void clients_path(const struct tt_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "/sys/kernel/debug/teekit/%s/clients", d->sysname);
}

/* Undo the \ooo escapes of the comm field. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] && s[3]) {
			*o++ = (char)strtol((char[]){ s[1], s[2], s[3], 0 }, NULL, 8);
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

/* Number of lines of @pid (-1: file unreadable); the last one in @out. */
static int find_client(const struct tt_dev *d, pid_t pid, struct client_line *out)
{
	char path[128], line[512];
	int n = 0, first = 1;
	FILE *f;

	clients_path(d, path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct client_line c;
		int p;

		if (first) {
			first = 0;
			if (strncmp(line, "pid comm state sessions", 23)) {
				fclose(f);
				return -2;
			}
			continue;
		}
		if (sscanf(line, "%d %63s %15s %u %u %llu %255s", &p, c.comm, c.state,
			   &c.sessions, &c.shm_count, &c.shm_bytes, c.ids) != 7) {
			fclose(f);
			return -2;
		}
		if (p != pid)
			continue;
		unescape(c.comm);
		*out = c;
		n++;
	}
	fclose(f);
	return n;
}

/* Wait up to 2 s until @pid has @want lines. */
static int wait_client(const struct tt_dev *d, pid_t pid, int want,
		       struct client_line *out)
{
	int i, n = -1;

	for (i = 0; i < 200; i++) {
		n = find_client(d, pid, out);
		if (n == want || n < 0)
			return n;
		usleep(10000);
	}
	return n;
}

/*
 * Child: name itself @comm, open the device, @nsess echo sessions and one
 * shm of each size in @sizes; report; on 'c' close the device fd and
 * report; on 'x' (or EOF) exit.
 */
static void client_child(const struct tt_dev *d, const char *comm, int nsess,
			 const unsigned long long *sizes, int nshm, int cmd_fd,
			 int rep_fd)
{
	struct child_report r = { 0 };
	int fd, i, shm_fds[4];
	char c;

	prctl(PR_SET_NAME, comm);
	fd = tt_open_client(d);
	if (fd < 0)
		r.rc = errno;
	for (i = 0; !r.rc && i < nsess; i++) {
		int64_t s = tt_open_echo(fd);

		if (s < 0) {
			r.rc = errno;
			break;
		}
		snprintf(r.ids + strlen(r.ids), sizeof(r.ids) - strlen(r.ids),
			 "%s%lld", i ? "," : "", (long long)s);
		r.nsess++;
	}
	for (i = 0; !r.rc && i < nshm; i++) {
		uint64_t got;

		shm_fds[i] = tt_shm_alloc(fd, sizes[i], NULL, &got);
		if (shm_fds[i] < 0) {
			r.rc = errno;
			break;
		}
		r.bytes += got;
		r.nshm++;
	}
	if (!r.nsess)
		strcpy(r.ids, "-");
	if (write(rep_fd, &r, sizeof(r)) != sizeof(r))
		_exit(1);
	while (read(cmd_fd, &c, 1) == 1 && c != 'x') {
		if (c == 'c') {
			close(fd);
			if (write(rep_fd, &r, sizeof(r)) != sizeof(r))
				_exit(1);
		}
	}
	_exit(0);
}

struct child {
	pid_t pid;
	int cmd, rep;
	struct child_report r;
};

static int start_child(struct child *ch, const struct tt_dev *d, const char *comm,
		       int nsess, const unsigned long long *sizes, int nshm)
{
	int cmd[2], rep[2];

	if (pipe2(cmd, O_CLOEXEC) || pipe2(rep, O_CLOEXEC))
		return -1;
	ch->pid = fork();
	if (ch->pid < 0)
		return -1;
	if (!ch->pid) {
		close(cmd[1]);
		close(rep[0]);
		client_child(d, comm, nsess, sizes, nshm, cmd[0], rep[1]);
	}
	close(cmd[0]);
	close(rep[1]);
	ch->cmd = cmd[1];
	ch->rep = rep[0];
	if (read(ch->rep, &ch->r, sizeof(ch->r)) != sizeof(ch->r))
		return -1;
	return ch->r.rc ? -1 : 0;
}

static int child_cmd(struct child *ch, char c)
{
	if (write(ch->cmd, &c, 1) != 1)
		return -1;
	if (c == 'c' && read(ch->rep, &ch->r, sizeof(ch->r)) != sizeof(ch->r))
		return -1;
	return 0;
}

static void stop_child(struct child *ch)
{
	int st;

	if (ch->pid <= 0)
		return;
	close(ch->cmd);
	close(ch->rep);
	if (waitpid(ch->pid, &st, 0) != ch->pid)
		kill(ch->pid, SIGKILL);
	ch->pid = 0;
}

FIXTURE(cl) {
	struct tt_dev d;
	struct child a, b;
};

FIXTURE_SETUP(cl)
{
	char path[128];

	memset(&self->a, 0, sizeof(self->a));
	memset(&self->b, 0, sizeof(self->b));
	ASSERT_SYS(tt_setup(&self->d));
	clients_path(&self->d, path, sizeof(path));
	if (access("/sys/kernel/debug/teekit", F_OK))
		SKIP("debugfs not mounted or no teekit directory: %s", strerror(errno));
	ASSERT_SYS(access(path, R_OK));
}

FIXTURE_TEARDOWN(cl)
{
	stop_child(&self->a);
	stop_child(&self->b);
}

TEST_F(cl, two_processes_listed)
{
	static const unsigned long long sa[] = { 4096 };
	static const unsigned long long sb[] = { 4096, 3 * 4096 };
	struct client_line c;
	pid_t pa;

	ASSERT_EQ(0, start_child(&self->a, &self->d, "tkclientA", 2, sa, 1));
	pa = self->a.pid;
	ASSERT_EQ(0, start_child(&self->b, &self->d, "tk client\\B", 1, sb, 2));

	ASSERT_EQ(1, find_client(&self->d, self->a.pid, &c));
	EXPECT_STREQ("tkclientA", c.comm);
	EXPECT_STREQ("open", c.state);
	EXPECT_EQ(2, c.sessions);
	EXPECT_STREQ(self->a.r.ids, c.ids);
	EXPECT_EQ(1, c.shm_count);
	EXPECT_EQ(self->a.r.bytes, c.shm_bytes);

	ASSERT_EQ(1, find_client(&self->d, self->b.pid, &c));
	EXPECT_STREQ("tk client\\B", c.comm);	/* escaped in the file */
	EXPECT_STREQ("open", c.state);
	EXPECT_EQ(1, c.sessions);
	EXPECT_STREQ(self->b.r.ids, c.ids);
	EXPECT_EQ(2, c.shm_count);
	EXPECT_EQ(self->b.r.bytes, c.shm_bytes);

	/* our own process holds nothing */
	EXPECT_EQ(0, find_client(&self->d, getpid(), &c));

	/* A exits: its line goes, B's stays */
	ASSERT_EQ(0, child_cmd(&self->a, 'x'));
	stop_child(&self->a);
	EXPECT_EQ(0, wait_client(&self->d, pa, 0, &c));
	ASSERT_EQ(1, find_client(&self->d, self->b.pid, &c));
	EXPECT_EQ(1, c.sessions);
}

TEST_F(cl, exit_removes_entry)
{
	static const unsigned long long sa[] = { 4096 };
	struct client_line c;
	pid_t pid;

	ASSERT_EQ(0, start_child(&self->a, &self->d, "tkexit", 2, sa, 1));
	pid = self->a.pid;
	ASSERT_EQ(1, find_client(&self->d, pid, &c));
	stop_child(&self->a);
	ASSERT_EQ(0, wait_client(&self->d, pid, 0, &c));
}

/* the fd is closed, the shm fd lives: "closed", no sessions, shm kept */
TEST_F(cl, closed_fd_with_shm)
{
	static const unsigned long long sa[] = { 8192 };
	struct client_line c;
	pid_t pid;

	ASSERT_EQ(0, start_child(&self->a, &self->d, "tkclosed", 2, sa, 1));
	pid = self->a.pid;
	ASSERT_EQ(0, child_cmd(&self->a, 'c'));
	ASSERT_EQ(1, find_client(&self->d, pid, &c));
	EXPECT_STREQ("closed", c.state);
	EXPECT_EQ(0, c.sessions);
	EXPECT_STREQ("-", c.ids);
	EXPECT_EQ(1, c.shm_count);
	EXPECT_EQ(8192, c.shm_bytes);
	stop_child(&self->a);
	ASSERT_EQ(0, wait_client(&self->d, pid, 0, &c));
}

/* the opener exits, a forked child keeps the fd: listed as "exited" */
TEST_F(cl, fd_outlives_opener)
{
	struct client_line c;
	int go[2], st;
	pid_t opener, keeper = -1;

	ASSERT_SYS(pipe(go));
	opener = fork();
	ASSERT_SYS(opener);
	if (!opener) {
		int fd = tt_open_client(&self->d);
		char ch;

		if (fd < 0 || tt_open_echo(fd) < 0)
			_exit(1);
		keeper = fork();
		if (keeper < 0)
			_exit(1);
		if (!keeper) {
			/* keeps fd until the test closes the pipe */
			close(go[1]);
			while (read(go[0], &ch, 1) > 0)
				;
			_exit(0);
		}
		_exit(0);
	}
	close(go[0]);
	ASSERT_EQ(opener, waitpid(opener, &st, 0));
	ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ASSERT_EQ(1, find_client(&self->d, opener, &c));
	EXPECT_STREQ("exited", c.state);
	EXPECT_EQ(1, c.sessions);
	close(go[1]);	/* the keeper (reparented) exits */
	ASSERT_EQ(0, wait_client(&self->d, opener, 0, &c));
}

TEST_F(cl, not_readable_by_user)
{
	char path[128];
	pid_t pid;
	int st;

	clients_path(&self->d, path, sizeof(path));
	pid = fork();
	ASSERT_SYS(pid);
	if (!pid) {
		if (tt_become_user())
			_exit(2);
		_exit(open(path, O_RDONLY) < 0 && errno == EACCES ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

/* one TEEKIT_VERSION for every module */
TEST(module_versions)
{
	static const char * const mods[] = { TT_CORE_MODULE, TT_MODULE };
	char path[128], buf[64];
	struct tt_dev d;
	unsigned int i;
	FILE *f;

	ASSERT_SYS(tt_setup(&d));
	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		snprintf(path, sizeof(path), "/sys/module/%s/version", mods[i]);
		f = fopen(path, "r");
		ASSERT_TRUE(f != NULL);
		ASSERT_TRUE(fgets(buf, sizeof(buf), f) != NULL);
		fclose(f);
		buf[strcspn(buf, "\n")] = 0;
		EXPECT_STREQ(TEEKIT_VERSION, buf);
	}
}

TEST_HARNESS_MAIN
