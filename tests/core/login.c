// SPDX-License-Identifier: GPL-2.0-only
/*
 * login.c - login methods and client UUIDs (reference §6). The UUID the
 * core computed at open is read back with ECHO's INFO command and compared
 * with a UUIDv5 computed here by our own SHA-1 (tests/lib/teetest.c), with
 * known-answer vectors computed offline.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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

TEST_HARNESS_MAIN
