// SPDX-License-Identifier: GPL-2.0-only
/*
 * login.c - login methods and client UUIDs (reference §6). The UUID the
 * core computed at open is read back with ECHO's INFO command and compared
 * with a UUIDv5 computed here by our own SHA-1 (tests/lib/teetest.c), with
 * known-answer vectors computed offline.
 *
 * The APPLICATION identities are also attacked (decision 1221): a user
 * namespace, a bind mount over a trusted client's path, a chroot, an exec
 * of another namespace's file through /proc/PID/exe, a deleted and a
 * replaced executable.  Those runs exec copies of this program, which
 * then act as the login helper (login_helper() below) instead of running
 * the tests.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"

/* ---------------------------------------------- known-answer vectors */

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

TEST(sha1_known_answers)
{
	uint8_t d[20], big[1000];
	char s[41];

	tt_sha1("abc", 3, d);
	hex(d, 20, s);
	ASSERT_EQ(0, strcmp(s, "a9993e364706816aba3e25717850c26c9cd0d89d"));
	tt_sha1("", 0, d);
	hex(d, 20, s);
	ASSERT_EQ(0, strcmp(s, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
	memset(big, 'a', sizeof(big));
	tt_sha1(big, sizeof(big), d);
	hex(d, 20, s);
	ASSERT_EQ(0, strcmp(s, "291e9a6c66994949b57ba5e650361e98fc36b1ba"));
}

/* UUIDv5(58ac9ca0-2086-4683-a1b8-ec4bc08e01b6, name), computed offline */
TEST(uuid_v5_known_answers)
{
	static const struct { const char *fmt; unsigned int id; const char *uuid; } kat[] = {
		{ "uid=%x", 0, "ef0180a3-13f3-5d1c-b7f5-888c0e21059a" },
		{ "uid=%x", 1000, "fc34275c-d8dd-5ba7-968b-504718363b87" },
		{ "gid=%x", 1000, "0ece43ed-001d-51bd-bab7-480c8954c3cf" },
		{ "gid=%x", 100, "d32f761e-b364-519b-be12-ed54ba663b0a" },
		{ "gid=%x", 0, "d93bc168-f863-58d3-a1fe-bb2039421b99" },
	};
	unsigned int i;
	uint8_t u[16];
	char s[37];

	for (i = 0; i < ARRAY_SIZE(kat); i++) {
		tt_login_uuid(kat[i].fmt, kat[i].id, u);
		tt_uuid_str(u, s);
		TH_LOG("%s -> %s", kat[i].fmt, s);
		ASSERT_EQ(0, strcmp(s, kat[i].uuid));
		ASSERT_EQ(0x50, u[6] & 0xf0);
		ASSERT_EQ(0x80, u[8] & 0xc0);
	}
}

/* ---------------------------------------------------------- on device */

FIXTURE(login) {
	struct tt_dev d;
	int fd;
};

FIXTURE_SETUP(login)
{
	self->fd = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
}

FIXTURE_TEARDOWN(login)
{
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * Open ECHO with @login and @clnt (may be NULL), then INFO: returns the ioctl
 * result of the open (-1/errno) and fills *method and uuid on success.
 */
static int open_info(int fd, uint32_t login, const uint8_t *clnt,
		     uint64_t *method, uint8_t uuid[16])
{
	struct tee_ioctl_param p[2];
	struct tt_res r;
	uint32_t sess;
	uint8_t *m;
	int sfd, id, rc;

	rc = tt_open_session(fd, TT_UUID_ECHO, login, clnt, 0, NULL, 0, &r);
	if (rc)
		return rc;
	if (r.ret) {
		errno = EPROTO;
		return -2;
	}
	sess = r.session;
	sfd = tt_shm_alloc(fd, 4096, &id, NULL);
	if (sfd < 0)
		return -3;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	if (m == MAP_FAILED)
		return -4;
	memset(m, 0xcc, 64);
	tt_param(&p[0], TT_VAL_OUT, 0, 0, 0);
	tt_memref(&p[1], TT_MEM_OUT, id, 0, 64);
	rc = tt_invoke(fd, sess, TT_CMD_INFO, 0, p, 2, &r);
	if (rc == 0 && r.ret == 0 && p[1].b == 16 && p[0].b == sess) {
		*method = p[0].a;
		memcpy(uuid, m, 16);
	} else {
		rc = -5;
	}
	munmap(m, 4096);
	close(sfd);
	tt_close_session(fd, sess);
	return rc;
}

#define EXPECT_UUID(want, got) do {					\
	char __w[37], __g[37];						\
	tt_uuid_str(want, __w);						\
	tt_uuid_str(got, __g);						\
	if (memcmp(want, got, 16))					\
		TH_LOG("uuid: want %s got %s", __w, __g);		\
	ASSERT_EQ(0, memcmp(want, got, 16));				\
} while (0)

static const uint8_t nil_uuid[16];

TEST_F(login, public_nil_uuid)
{
	uint8_t u[16], clnt[16];
	uint64_t method = 99;

	memset(clnt, 0x77, sizeof(clnt));
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_PUBLIC, clnt, &method, u));
	ASSERT_EQ(TEE_IOCTL_LOGIN_PUBLIC, method);
	EXPECT_UUID(nil_uuid, u);
}

TEST_F(login, user_root)
{
	uint8_t u[16], want[16];
	uint64_t method;

	tt_login_uuid("uid=%x", 0, want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_USER, NULL, &method, u));
	ASSERT_EQ(TEE_IOCTL_LOGIN_USER, method);
	EXPECT_UUID(want, u);
}

/* whatever clnt_uuid says, USER is computed from the caller's euid */
TEST_F(login, user_ignores_clnt_uuid)
{
	uint8_t u[16], want[16], clnt[16];
	uint64_t method;

	memset(clnt, 0xab, sizeof(clnt));
	tt_login_uuid("uid=%x", 0, want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_USER, clnt, &method, u));
	EXPECT_UUID(want, u);
}

TEST_F(login, user_unprivileged)
{
	uint8_t u[16], want[16];
	uint64_t method;

	ASSERT_EQ(0, tt_become_user());
	ASSERT_EQ(1000, geteuid());
	tt_login_uuid("uid=%x", 1000, want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_USER, NULL, &method, u));
	EXPECT_UUID(want, u);
}

/* the node itself is usable by the user (group teeclnt in the VM) */
TEST_F(login, user_opens_node)
{
	uint8_t u[16], want[16];
	uint64_t method;
	int fd;

	ASSERT_EQ(0, tt_become_user());
	fd = tt_open_client(&self->d);
	if (fd < 0)
		SKIP("user cannot open %s: %s", self->d.client, strerror(errno));
	tt_login_uuid("uid=%x", 1000, want);
	ASSERT_EQ(0, open_info(fd, TEE_IOCTL_LOGIN_USER, NULL, &method, u));
	EXPECT_UUID(want, u);
	close(fd);
}

static void gid_clnt(uint8_t clnt[16], uint32_t gid)
{
	memset(clnt, 0x5a, 16);		/* the rest is ignored */
	memcpy(clnt, &gid, 4);
}

TEST_F(login, group_root_gid0)
{
	uint8_t u[16], want[16], clnt[16];
	uint64_t method;

	gid_clnt(clnt, 0);
	tt_login_uuid("gid=%x", 0, want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt, &method, u));
	ASSERT_EQ(TEE_IOCTL_LOGIN_GROUP, method);
	EXPECT_UUID(want, u);
}

TEST_F(login, group_user_primary)
{
	uint8_t u[16], want[16], clnt[16];
	uint64_t method;

	ASSERT_EQ(0, tt_become_user());
	gid_clnt(clnt, 1000);
	tt_login_uuid("gid=%x", 1000, want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt, &method, u));
	EXPECT_UUID(want, u);
}

TEST_F(login, group_user_supplementary)
{
	uint8_t u[16], want[16], clnt[16];
	uint64_t method;

	ASSERT_EQ(0, tt_become_user());
	gid_clnt(clnt, 100);
	tt_login_uuid("gid=%x", 100, want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt, &method, u));
	EXPECT_UUID(want, u);
}

#define OPEN_L(fd, login, clnt) \
	tt_open_session(fd, TT_UUID_ECHO, login, clnt, 0, NULL, 0, NULL)

TEST_F(login, group_user_non_member)
{
	uint8_t clnt[16];

	ASSERT_EQ(0, tt_become_user());
	gid_clnt(clnt, 0);
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt), EPERM);
	gid_clnt(clnt, 4242);
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt), EPERM);
	gid_clnt(clnt, 0xffffffff);
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt), EPERM);
	ASSERT_EQ(0, tt_counter(&self->d, "sessions"));
}

/* root gets no exemption from the membership check */
TEST_F(login, group_root_non_member)
{
	static const gid_t g0[] = { 0 };
	uint8_t clnt[16];

	ASSERT_EQ(0, setgroups(1, g0));
	gid_clnt(clnt, 4242);
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt), EPERM);
}

/* a supplementary group dropped after open() counts at OPEN_SESSION time */
TEST_F(login, group_checked_at_open_session)
{
	static const gid_t none[] = { 1000 };
	uint8_t clnt[16];

	ASSERT_EQ(0, tt_become(TT_USER_UID, TT_USER_GID, none, 1));
	gid_clnt(clnt, 100);
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt), EPERM);
}

TEST_F(login, ree_kernel_min)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0x80000000u, NULL), EPERM); }
TEST_F(login, ree_kernel_plus1)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0x80000001u, NULL), EPERM); }
TEST_F(login, ree_kernel_mid)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0xA0000000u, NULL), EPERM); }
TEST_F(login, ree_kernel_max)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0xBFFFFFFFu, NULL), EPERM); }
TEST_F(login, ree_kernel_as_user)
{
	ASSERT_EQ(0, tt_become_user());
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_REE_KERNEL, NULL), EPERM);
}
TEST_F(login, login_3)		{ ASSERT_ERRNO(OPEN_L(self->fd, 3, NULL), EINVAL); }
TEST_F(login, login_7)		{ ASSERT_ERRNO(OPEN_L(self->fd, 7, NULL), EINVAL); }
TEST_F(login, login_0x7fffffff)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0x7fffffffu, NULL), EINVAL); }
TEST_F(login, login_0xc0000000)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0xC0000000u, NULL), EINVAL); }
TEST_F(login, login_0xffffffff)	{ ASSERT_ERRNO(OPEN_L(self->fd, 0xFFFFFFFFu, NULL), EINVAL); }

/* rejected logins leave no session behind */
TEST_F(login, rejected_logins_leak_nothing)
{
	OPEN_L(self->fd, 0x80000000u, NULL);
	OPEN_L(self->fd, 3, NULL);
	ASSERT_EQ(0, tt_counter(&self->d, "sessions"));
}

/*
 * APPLICATION variants are teekit's own (core/tee_login.c, decision 0003):
 * UUIDv5 over "app=<exe>", "uid=%x:app=<exe>", "gid=%x:app=<exe>", where
 * <exe> is the absolute path of the caller's executable.
 */
static void app_uuid(const char *prefix, uint8_t out[16])
{
	static const char *ns_str = "58ac9ca0-2086-4683-a1b8-ec4bc08e01b6";
	char exe[200], name[256];
	ssize_t n;
	uint8_t ns[16];

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(name, sizeof(name), "%sapp=%s", prefix, exe);
	tt_uuid_parse(ns_str, ns);
	tt_uuid_v5(ns, name, out);
}

TEST_F(login, application)
{
	uint8_t u[16], want[16];
	uint64_t method;

	app_uuid("", want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_APPLICATION, NULL, &method, u));
	ASSERT_EQ(TEE_IOCTL_LOGIN_APPLICATION, method);
	EXPECT_UUID(want, u);
}

TEST_F(login, user_application_unprivileged)
{
	uint8_t u[16], want[16];
	uint64_t method;

	ASSERT_EQ(0, tt_become_user());
	app_uuid("uid=3e8:", want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_USER_APPLICATION, NULL, &method, u));
	ASSERT_EQ(TEE_IOCTL_LOGIN_USER_APPLICATION, method);
	EXPECT_UUID(want, u);
}

TEST_F(login, group_application_member)
{
	uint8_t u[16], want[16], clnt[16];
	uint64_t method;

	ASSERT_EQ(0, tt_become_user());
	gid_clnt(clnt, 100);
	app_uuid("gid=64:", want);
	ASSERT_EQ(0, open_info(self->fd, TEE_IOCTL_LOGIN_GROUP_APPLICATION, clnt, &method, u));
	EXPECT_UUID(want, u);
}

TEST_F(login, group_application_non_member)
{
	uint8_t clnt[16];

	ASSERT_EQ(0, tt_become_user());
	gid_clnt(clnt, 0);
	ASSERT_ERRNO(OPEN_L(self->fd, TEE_IOCTL_LOGIN_GROUP_APPLICATION, clnt), EPERM);
}

/* ------------------------------------------ APPLICATION under attack */

/*
 * The login helper: when TK_LOGIN_HELPER is set, this program opens ECHO
 * on the inherited fd TK_LOGIN_FD with that login method and prints
 * "uuid <32 hex>" or "errno <n>", before any test runs.  Options, in
 * this order: TK_LOGIN_UNLINK=path (unlink it first), TK_LOGIN_RENAME=src
 * (rename src over path TK_LOGIN_SELF), TK_LOGIN_USERNS=1 (enter a user
 * namespace as root in it), TK_LOGIN_CHROOT=dir (then chroot there),
 * TK_LOGIN_HOLD=1 (print "ready" and wait to be killed instead).
 */
static void helper_print_uuid(int fd, uint32_t login)
{
	uint8_t u[16], clnt[16];
	uint64_t method;
	char s[33];
	int rc;

	memset(clnt, 0, sizeof(clnt));
	rc = open_info(fd, login, clnt, &method, u);
	if (rc) {
		printf("errno %d\n", rc == -1 ? errno : 1000 - rc);
		return;
	}
	for (rc = 0; rc < 16; rc++)
		sprintf(s + 2 * rc, "%02x", u[rc]);
	printf("uuid %s\n", s);
}

__attribute__((constructor))
static void login_helper(void)
{
	const char *login = getenv("TK_LOGIN_HELPER");
	const char *v;
	int fd;

	if (!login)
		return;
	fd = atoi(getenv("TK_LOGIN_FD") ? getenv("TK_LOGIN_FD") : "-1");
	v = getenv("TK_LOGIN_UNLINK");
	if (v && unlink(v))
		goto fail;
	v = getenv("TK_LOGIN_RENAME");
	if (v && rename(v, getenv("TK_LOGIN_SELF")))
		goto fail;
	if (getenv("TK_LOGIN_USERNS") && tt_enter_userns(0, 0, 0))
		goto fail;
	v = getenv("TK_LOGIN_CHROOT");
	if (v && (chroot(v) || chdir("/")))
		goto fail;
	if (getenv("TK_LOGIN_HOLD")) {
		printf("ready\n");
		fflush(stdout);
		pause();
		_exit(0);
	}
	helper_print_uuid(fd, strtoul(login, NULL, 0));
	fflush(stdout);
	_exit(0);
fail:
	printf("setup %d\n", errno);
	fflush(stdout);
	_exit(1);
}

struct helper_run {
	const char *exe;		/* what to exec */
	uint32_t login;
	const char *env[6];		/* extra "K=V" */
	int (*pre)(struct helper_run *h);	/* in the child, before exec */
	const char *bind_from, *bind_to;	/* for pre_* */
	/* results */
	int err;			/* errno of the open, 0: uuid valid */
	uint8_t uuid[16];
	pid_t held;			/* TK_LOGIN_HOLD: the waiting helper */
};

/* Copy this program to @path, owned by @uid, mode 0755 */
static int copy_self(const char *path, uid_t uid)
{
	char buf[65536];
	ssize_t n;
	int in, out, rc = 0;

	in = open("/proc/self/exe", O_RDONLY);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0)
		rc = -1;
	while (!rc && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			rc = -1;
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out))
		rc = -1;
	if (!rc && (chown(path, uid, uid) || chmod(path, 0755)))
		rc = -1;
	return rc;
}

/*
 * Run @h->exe as the helper in a child (with @h->pre first), with the
 * client fd @tfd: fills h->err / h->uuid.  Returns 0 when the helper
 * answered, -1 when it could not be run.
 */
static int run_helper(int tfd, struct helper_run *h)
{
	char login[16], fdv[16], line[128], *envp[16];
	int pfd[2], n = 0, i, st;
	FILE *f;
	pid_t pid;

	snprintf(login, sizeof(login), "%u", h->login);
	snprintf(fdv, sizeof(fdv), "%d", tfd);
	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		char *argv[] = { (char *)h->exe, NULL };
		char e1[32], e2[32];

		close(pfd[0]);
		dup2(pfd[1], 1);
		fcntl(tfd, F_SETFD, 0);
		snprintf(e1, sizeof(e1), "TK_LOGIN_HELPER=%s", login);
		snprintf(e2, sizeof(e2), "TK_LOGIN_FD=%s", fdv);
		envp[n++] = e1;
		envp[n++] = e2;
		for (i = 0; i < 6 && h->env[i]; i++)
			envp[n++] = (char *)h->env[i];
		envp[n] = NULL;
		if (h->pre && h->pre(h))
			_exit(90);
		execve(h->exe, argv, envp);
		_exit(91);
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	h->err = -1;
	if (f && fgets(line, sizeof(line), f)) {
		char hexs[40];

		if (sscanf(line, "uuid %32s", hexs) == 1) {
			unsigned int b = 0;

			h->err = 0;
			for (i = 0; i < 16; i++) {
				if (sscanf(hexs + 2 * i, "%2x", &b) != 1)
					h->err = -1;
				h->uuid[i] = b;
			}
		} else if (!strncmp(line, "ready", 5)) {
			h->held = pid;
			fclose(f);
			return 0;
		} else if (sscanf(line, "errno %d", &h->err) != 1) {
			TH_LOG("helper: %s", line);
			h->err = -1;
		}
	}
	if (f)
		fclose(f);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (h->err == -1)
		TH_LOG("helper %s: exit status %d", h->exe, st);
	return h->err == -1 ? -1 : 0;
}

/* UUIDv5 of "<prefix>app=<path>" */
static void app_uuid_of(const char *prefix, const char *path, uint8_t out[16])
{
	char name[512];
	uint8_t ns[16];

	snprintf(name, sizeof(name), "%sapp=%s", prefix, path);
	tt_uuid_parse("58ac9ca0-2086-4683-a1b8-ec4bc08e01b6", ns);
	tt_uuid_v5(ns, name, out);
}

/* the child becomes the unprivileged user (no namespace) */
static int pre_user(struct helper_run *h)
{
	(void)h;
	return tt_become_user();
}

/* the user makes a user + mount namespace and binds its file over the path */
static int pre_userns_bind(struct helper_run *h)
{
	if (tt_become_user() || tt_enter_userns(0, 0, CLONE_NEWNS))
		return -1;
	return mount(h->bind_from, h->bind_to, NULL, MS_BIND, NULL);
}

/* root makes a mount namespace with the bind, then becomes the user */
static int pre_rootns_bind(struct helper_run *h)
{
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	if (h->bind_from &&
	    mount(h->bind_from, h->bind_to, NULL, MS_BIND, NULL))
		return -1;
	return tt_become_user();
}

FIXTURE(app) {
	struct tt_dev d;
	int fd, userns;
	char dir[64];
	char trusted[96], evil[96], jail_exe[192], jail[96];
	uint8_t want_trusted[16];	/* APPLICATION identity of trusted */
};

FIXTURE_SETUP(app)
{
	char p[400];

	self->fd = -1;
	self->userns = tt_userns_allow();
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	strcpy(self->dir, "/tmp/tkapp.XXXXXX");
	ASSERT_TRUE(mkdtemp(self->dir) != NULL);
	ASSERT_SYS(chmod(self->dir, 0755));
	/* the trusted client: root's, in a root directory */
	snprintf(p, sizeof(p), "%s/trusted", self->dir);
	ASSERT_SYS(mkdir(p, 0755));
	snprintf(self->trusted, sizeof(self->trusted), "%s/trusted/client",
		 self->dir);
	ASSERT_SYS(copy_self(self->trusted, 0));
	/* the user's own program */
	snprintf(p, sizeof(p), "%s/evil", self->dir);
	ASSERT_SYS(mkdir(p, 0755));
	ASSERT_SYS(chown(p, TT_USER_UID, TT_USER_GID));
	snprintf(self->evil, sizeof(self->evil), "%s/evil/client", self->dir);
	ASSERT_SYS(copy_self(self->evil, TT_USER_UID));
	/* a jail of the user's with its program at the trusted path */
	snprintf(self->jail, sizeof(self->jail), "%s/jail", self->dir);
	snprintf(p, sizeof(p), "mkdir -p %s%s/trusted && chown -R %d %s",
		 self->jail, self->dir, TT_USER_UID, self->jail);
	ASSERT_EQ(0, tt_sh("%s", p));
	snprintf(self->jail_exe, sizeof(self->jail_exe), "%s%s", self->jail,
		 self->trusted);
	ASSERT_SYS(copy_self(self->jail_exe, TT_USER_UID));
	/* the device node is the user's too (teeclnt in the VM) */
	chmod(self->d.client, 0666);
	app_uuid_of("", self->trusted, self->want_trusted);
}

FIXTURE_TEARDOWN(app)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->dir[0] == '/')
		tt_sh("umount -l %s/trusted/client 2>/dev/null; rm -rf %s",
		      self->dir, self->dir);
	tt_userns_restore(self->userns);
}

/* The trusted client as root and as the user: its path, twice the same */
TEST_F(app, normal_client_stable_identity)
{
	struct helper_run h = { .exe = self->trusted,
				.login = TEE_IOCTL_LOGIN_APPLICATION };
	uint8_t want[16];

	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(0, h.err);
	EXPECT_UUID(self->want_trusted, h.uuid);
	memset(h.uuid, 0, 16);
	h.pre = pre_user;
	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(0, h.err);
	EXPECT_UUID(self->want_trusted, h.uuid);
	h.login = TEE_IOCTL_LOGIN_USER_APPLICATION;
	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(0, h.err);
	app_uuid_of("uid=3e8:", self->trusted, want);
	EXPECT_UUID(want, h.uuid);
}

/*
 * A process in a user namespace may replace its own executable's name
 * (prctl PR_SET_MM_MAP needs CAP_CHECKPOINT_RESTORE in that namespace
 * only), so the kernel cannot vouch for it: APPLICATION logins from a
 * non-initial user namespace are refused with EACCES, all three methods.
 */
TEST_F(app, user_namespace_refused)
{
	const uint32_t m[] = { TEE_IOCTL_LOGIN_APPLICATION,
			       TEE_IOCTL_LOGIN_USER_APPLICATION,
			       TEE_IOCTL_LOGIN_GROUP_APPLICATION };
	struct helper_run h = { .exe = self->trusted,
				.env = { "TK_LOGIN_USERNS=1" },
				.pre = pre_user };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(m); i++) {
		h.login = m[i];
		ASSERT_SYS(run_helper(self->fd, &h));
		TH_LOG("login %u: errno %d", m[i], h.err);
		ASSERT_EQ(EACCES, h.err);
	}
	ASSERT_EQ(0, tt_counter(&self->d, "sessions"));
}

/*
 * The spoof: in a user + mount namespace of its own the user binds its
 * program over the trusted client's path and runs it.  It must not get
 * the trusted identity; it is refused.
 */
TEST_F(app, bind_mount_spoof_refused)
{
	struct helper_run h = { .exe = self->trusted,
				.login = TEE_IOCTL_LOGIN_APPLICATION,
				.pre = pre_userns_bind,
				.bind_from = self->evil,
				.bind_to = self->trusted };

	ASSERT_SYS(run_helper(self->fd, &h));
	if (!h.err)
		ASSERT_NE(0, memcmp(h.uuid, self->want_trusted, 16));
	ASSERT_EQ(EACCES, h.err);
}

/* The same with a chroot (user namespace only, no mount namespace) */
TEST_F(app, chroot_spoof_refused)
{
	char chr[160];
	struct helper_run h = { .exe = self->jail_exe,
				.login = TEE_IOCTL_LOGIN_APPLICATION,
				.env = { "TK_LOGIN_USERNS=1", chr },
				.pre = pre_user };

	snprintf(chr, sizeof(chr), "TK_LOGIN_CHROOT=%s", self->jail);
	ASSERT_SYS(run_helper(self->fd, &h));
	if (!h.err)
		ASSERT_NE(0, memcmp(h.uuid, self->want_trusted, 16));
	ASSERT_EQ(EACCES, h.err);
}

/*
 * No namespace of its own: the user execs, through /proc/PID/exe, the
 * file a process of its own runs from a bind mount in another mount
 * namespace.  The executable's name in that namespace is the trusted
 * path; in the initial one it names another file: refused.
 */
TEST_F(app, exe_of_another_mount_namespace_refused)
{
	struct helper_run hold = { .exe = self->trusted,
				   .login = TEE_IOCTL_LOGIN_APPLICATION,
				   .env = { "TK_LOGIN_HOLD=1" },
				   .pre = pre_userns_bind,
				   .bind_from = self->evil,
				   .bind_to = self->trusted };
	struct helper_run h = { .login = TEE_IOCTL_LOGIN_APPLICATION,
				.pre = pre_user };
	char exe[32];

	ASSERT_SYS(run_helper(self->fd, &hold));
	ASSERT_LT(0, hold.held);
	snprintf(exe, sizeof(exe), "/proc/%d/exe", hold.held);
	h.exe = exe;
	run_helper(self->fd, &h);
	kill(hold.held, SIGKILL);
	waitpid(hold.held, NULL, 0);
	if (!h.err)
		ASSERT_NE(0, memcmp(h.uuid, self->want_trusted, 16));
	ASSERT_EQ(EACCES, h.err);
}

/*
 * A mount namespace made by root (a container runtime) with the bind:
 * the user's process there is in the initial user namespace, but its
 * executable is not what the path names in the initial mount namespace.
 */
TEST_F(app, root_made_mount_namespace_bind_refused)
{
	struct helper_run h = { .exe = self->trusted,
				.login = TEE_IOCTL_LOGIN_APPLICATION,
				.pre = pre_rootns_bind,
				.bind_from = self->evil,
				.bind_to = self->trusted };

	ASSERT_SYS(run_helper(self->fd, &h));
	if (!h.err)
		ASSERT_NE(0, memcmp(h.uuid, self->want_trusted, 16));
	ASSERT_EQ(EACCES, h.err);
}

/* A private mount namespace without tricks (systemd's) keeps the identity */
TEST_F(app, plain_mount_namespace_keeps_identity)
{
	struct helper_run h = { .exe = self->trusted,
				.login = TEE_IOCTL_LOGIN_APPLICATION,
				.pre = pre_rootns_bind };

	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(0, h.err);
	EXPECT_UUID(self->want_trusted, h.uuid);
}

/*
 * A deleted executable names no file: refused.  A replaced one (a new
 * file renamed over it, as a package upgrade does) too; the new file
 * started afresh has the path's identity.
 */
TEST_F(app, deleted_executable_refused)
{
	char path[160], unl[180];
	struct helper_run h = { .login = TEE_IOCTL_LOGIN_APPLICATION,
				.env = { unl } };

	snprintf(path, sizeof(path), "%s/trusted/gone", self->dir);
	ASSERT_SYS(copy_self(path, 0));
	snprintf(unl, sizeof(unl), "TK_LOGIN_UNLINK=%s", path);
	h.exe = path;
	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(EACCES, h.err);
}

TEST_F(app, replaced_executable_refused)
{
	char path[160], newp[160], ren[180], self_env[180];
	struct helper_run h = { .login = TEE_IOCTL_LOGIN_APPLICATION,
				.env = { ren, self_env } };
	uint8_t want[16];

	snprintf(path, sizeof(path), "%s/trusted/upgraded", self->dir);
	snprintf(newp, sizeof(newp), "%s/trusted/upgraded.new", self->dir);
	ASSERT_SYS(copy_self(path, 0));
	ASSERT_SYS(copy_self(newp, 0));
	snprintf(ren, sizeof(ren), "TK_LOGIN_RENAME=%s", newp);
	snprintf(self_env, sizeof(self_env), "TK_LOGIN_SELF=%s", path);
	h.exe = path;
	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(EACCES, h.err);

	memset(&h.env, 0, sizeof(h.env));
	ASSERT_SYS(run_helper(self->fd, &h));
	ASSERT_EQ(0, h.err);
	app_uuid_of("", path, want);
	EXPECT_UUID(want, h.uuid);
}

/*
 * USER and GROUP identities are the initial user namespace's ids: the
 * user, root in a namespace of its own, is still uid 1000 (not 0), and
 * its gid 0 there is gid 1000.
 */
TEST_F(app, user_and_group_from_user_namespace)
{
	uint8_t u[16], want[16], clnt[16];
	uint64_t method;
	int st;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (tt_become_user() || tt_enter_userns(0, 0, 0))
			_exit(2);
		if (open_info(self->fd, TEE_IOCTL_LOGIN_USER, NULL, &method, u))
			_exit(3);
		tt_login_uuid("uid=%x", TT_USER_UID, want);
		if (memcmp(want, u, 16))
			_exit(4);
		gid_clnt(clnt, 0);
		if (open_info(self->fd, TEE_IOCTL_LOGIN_GROUP, clnt, &method, u))
			_exit(5);
		tt_login_uuid("gid=%x", TT_USER_GID, want);
		if (memcmp(want, u, 16))
			_exit(6);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
