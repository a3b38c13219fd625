// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify: teekit-tos's readiness for systemd (decision 1802,
 * supplicant/sd_notify.c). With NOTIFY_SOCKET set it sends READY=1 only
 * once it serves, never when it fails to attach, keeps serving when the
 * socket is unusable, and its TA instances do not inherit NOTIFY_SOCKET.
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "test_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define TOS_LOG		"/tmp/teekit-tos-notify.log"
#define TA_DIR		"/lib/optee_armtz"

/* a datagram socket on the abstract name @teekit-notify-<pid>-<n> */
static int notify_socket(char *name, size_t len)
{
	static int n;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	snprintf(name, len, "@teekit-notify-%d-%d", getpid(), n++);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memcpy(sa.sun_path, name, strlen(name));
	sa.sun_path[0] = '\0';
	if (bind(fd, (struct sockaddr *)&sa,
		 offsetof(struct sockaddr_un, sun_path) + strlen(name))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* teekit-tos in the foreground with NOTIFY_SOCKET=@env (NULL: unset) */
static pid_t tos_spawn(const char *env)
{
	pid_t pid = fork();

	if (!pid) {
		if (env)
			setenv("NOTIFY_SOCKET", env, 1);
		else
			unsetenv("NOTIFY_SOCKET");
		execl(TOS, TOS, "--foreground", "--ta-dir", TA_DIR, "--log",
		      TOS_LOG, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* one datagram within @ms, NUL-terminated in @buf; its length or -1 */
static ssize_t recv_within(int fd, char *buf, size_t len, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	const char *mult = getenv("TEEKIT_TIMEOUT_MULT");
	ssize_t n;

	if (poll(&p, 1, ms * (mult ? atoi(mult) : 1)) != 1)
		return -1;
	n = recv(fd, buf, len - 1, 0);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* an open of the nil UUID reaches a trusted OS (not COMMUNICATION) */
static bool serves_now(void)
{
	TEEC_UUID u = { 0 };
	TEEC_Context c;
	TEEC_Session s;
	TEEC_Result r;
	uint32_t o;

	if (TEEC_InitializeContext(NULL, &c) != TEEC_SUCCESS)
		return false;
	r = TEEC_OpenSession(&c, &s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, &o);
	if (r == TEEC_SUCCESS)
		TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&c);
	return r != TEEC_ERROR_COMMUNICATION;
}

/* does any teekit-tahost process have NOTIFY_SOCKET in its environment? */
static int tahosts_with_notify(int *seen)
{
	char path[300], buf[8192];
	struct dirent *d;
	int found = 0, fd;
	ssize_t n, i;
	DIR *dir = opendir("/proc");

	*seen = 0;
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		if (!tt_file_has(path, "teekit-tahost"))
			continue;
		(*seen)++;
		snprintf(path, sizeof(path), "/proc/%s/environ", d->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		for (i = 0; i < n; i += strlen(buf + i) + 1)
			if (!strncmp(buf + i, "NOTIFY_SOCKET=", 14))
				found++;
	}
	closedir(dir);
	return found;
}

FIXTURE(nt) {
	pid_t tos;
	int sfd;
	char name[64];
};

FIXTURE_SETUP(nt)
{
	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->tos = -1;
	self->sfd = notify_socket(self->name, sizeof(self->name));
	ASSERT_LE(0, self->sfd);
}

FIXTURE_TEARDOWN(nt)
{
	tt_stop_daemon(self->tos);
	close(self->sfd);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

TEST_F(nt, ready_only_once_serving)
{
	char buf[256];

	self->tos = tos_spawn(self->name);
	ASSERT_LT(0, self->tos);
	ASSERT_LT(0, recv_within(self->sfd, buf, sizeof(buf), 10000));
	/* the first line says READY=1, and the OS is attached right now */
	EXPECT_EQ(0, strncmp(buf, "READY=1\n", 8));
	EXPECT_TRUE(serves_now());
}

TEST_F(nt, no_ready_when_attach_fails)
{
	char buf[256], name2[64];
	int sfd2, st;
	pid_t second;

	self->tos = tos_spawn(self->name);
	ASSERT_LT(0, recv_within(self->sfd, buf, sizeof(buf), 10000));
	/* a second emulator cannot attach (EBUSY): it exits 1, silent */
	sfd2 = notify_socket(name2, sizeof(name2));
	ASSERT_LE(0, sfd2);
	second = tos_spawn(name2);
	ASSERT_EQ(second, waitpid(second, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	EXPECT_EQ(-1, recv_within(sfd2, buf, sizeof(buf), 0));
	EXPECT_TRUE(tt_file_has(TOS_LOG, "another teekit-tos is running"));
	close(sfd2);
}

TEST_F(nt, unusable_socket_still_serves)
{
	/* a relative path is not a notify socket: warn, serve anyway */
	self->tos = tos_spawn("not/absolute");
	ASSERT_LT(0, self->tos);
	ASSERT_EQ(0, tt_wait_emulator());
	EXPECT_TRUE(tt_file_has(TOS_LOG, "cannot tell systemd we are ready"));
	EXPECT_EQ(0, kill(self->tos, 0));
}

TEST_F(nt, ta_instances_do_not_inherit_it)
{
	TEEC_Context c;
	TEEC_Session s;
	TEEC_UUID u;
	char buf[256];
	uint32_t o;
	int seen;

	self->tos = tos_spawn(self->name);
	ASSERT_LT(0, recv_within(self->sfd, buf, sizeof(buf), 10000));
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &c));
	tt_teec_uuid(TEST_TA_UUID(01), &u);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_OpenSession(&c, &s, &u, TEEC_LOGIN_PUBLIC,
						 NULL, NULL, &o));
	EXPECT_EQ(0, tahosts_with_notify(&seen));
	EXPECT_LE(1, seen);	/* the instance was there to look at */
	TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&c);
}

TEST_HARNESS_MAIN
