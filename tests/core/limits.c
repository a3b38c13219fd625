// SPDX-License-Identifier: GPL-2.0-only
/*
 * limits.c - per-context caps of the core (module parameters of teekit.ko,
 * docs/limits.md): max_sessions_per_ctx and max_shm_per_ctx (EMFILE),
 * max_shm_bytes_per_ctx (ENOSPC); 0 means no limit; other contexts are
 * not affected; TEEKIT_IOC_CTX_STATS reports usage and limits.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "harness.h"
#include "teetest.h"

FIXTURE(lim) {
	struct tt_dev d;
	int fd;
	long long old_sess, old_shm, old_bytes;
};

FIXTURE_SETUP(lim)
{
	self->fd = -1;
	self->old_sess = self->old_shm = self->old_bytes = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->old_sess = tt_param_read(TT_CORE_MODULE, "max_sessions_per_ctx");
	self->old_shm = tt_param_read(TT_CORE_MODULE, "max_shm_per_ctx");
	self->old_bytes = tt_param_read(TT_CORE_MODULE, "max_shm_bytes_per_ctx");
	ASSERT_LE(0, self->old_sess);
	ASSERT_LE(0, self->old_shm);
	ASSERT_LE(0, self->old_bytes);
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
}

FIXTURE_TEARDOWN(lim)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->old_sess >= 0)
		tt_param_write(TT_CORE_MODULE, "max_sessions_per_ctx", self->old_sess);
	if (self->old_shm >= 0)
		tt_param_write(TT_CORE_MODULE, "max_shm_per_ctx", self->old_shm);
	if (self->old_bytes >= 0)
		tt_param_write(TT_CORE_MODULE, "max_shm_bytes_per_ctx", self->old_bytes);
}

#define SETP(name, v) ASSERT_EQ(0, tt_param_write(TT_CORE_MODULE, name, v))

TEST_F(lim, sessions)
{
	struct teekit_ioctl_ctx_stats st;
	long long hits0 = tt_counter_node(self->d.sysname, "total_limit_hits");
	int fd2, i;

	SETP("max_sessions_per_ctx", 4);
	for (i = 0; i < 4; i++)
		ASSERT_LE(0, tt_open_echo(self->fd));
	ASSERT_ERRNO(tt_open_echo(self->fd), TT_LIMIT_SESSIONS_ERRNO);
	ASSERT_ERRNO(tt_open_echo(self->fd), TT_LIMIT_SESSIONS_ERRNO);
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(4, st.sessions);
	ASSERT_EQ(4, st.max_sessions);
	ASSERT_EQ(4, tt_counter(&self->d, "sessions"));
	if (hits0 >= 0)
		ASSERT_LE(hits0 + 2, tt_counter_node(self->d.sysname, "total_limit_hits"));
	/* another context has its own budget */
	fd2 = ASSERT_SYS(tt_open_client(&self->d));
	ASSERT_LE(0, tt_open_echo(fd2));
	close(fd2);
}

TEST_F(lim, sessions_slot_freed_by_close)
{
	int64_t s[2];

	SETP("max_sessions_per_ctx", 2);
	s[0] = tt_open_echo(self->fd);
	s[1] = tt_open_echo(self->fd);
	ASSERT_LE(0, s[1]);
	ASSERT_ERRNO(tt_open_echo(self->fd), TT_LIMIT_SESSIONS_ERRNO);
	ASSERT_EQ(0, tt_close_session(self->fd, s[0]));
	ASSERT_LE(0, tt_open_echo(self->fd));
}

/* a refused open leaves nothing behind and the TA is never asked */
TEST_F(lim, sessions_refused_open_is_clean)
{
	SETP("max_sessions_per_ctx", 1);
	ASSERT_LE(0, tt_open_echo(self->fd));
	ASSERT_ERRNO(tt_open_session(self->fd, TT_UUID_SLOW_OPEN, 0, NULL, 0,
				     NULL, 0, NULL), TT_LIMIT_SESSIONS_ERRNO);
	ASSERT_EQ(1, tt_counter(&self->d, "sessions"));
}

TEST_F(lim, shm_count)
{
	char buf[4096] __aligned(4096);
	int fds[3], i, sfd;

	SETP("max_shm_per_ctx", 3);
	for (i = 0; i < 3; i++)
		fds[i] = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, NULL, NULL));
	ASSERT_ERRNO(tt_shm_alloc(self->fd, 4096, NULL, NULL), TT_LIMIT_SHM_ERRNO);
	ASSERT_ERRNO(tt_shm_register(self->fd, buf, sizeof(buf), NULL), TT_LIMIT_SHM_ERRNO);
	ASSERT_EQ(3, tt_counter(&self->d, "shm_count"));
	close(fds[1]);
	sfd = ASSERT_SYS(tt_shm_register(self->fd, buf, sizeof(buf), NULL));
	close(sfd);
	close(fds[0]);
	close(fds[2]);
}

TEST_F(lim, shm_bytes)
{
	static char buf[8192] __aligned(4096);
	struct teekit_ioctl_ctx_stats st;
	int a, b;

	SETP("max_shm_bytes_per_ctx", 16384);
	a = ASSERT_SYS(tt_shm_alloc(self->fd, 8192, NULL, NULL));
	b = ASSERT_SYS(tt_shm_alloc(self->fd, 8192, NULL, NULL));
	ASSERT_ERRNO(tt_shm_alloc(self->fd, 1, NULL, NULL), TT_LIMIT_BYTES_ERRNO);
	ASSERT_ERRNO(tt_shm_register(self->fd, buf, 4096, NULL), TT_LIMIT_BYTES_ERRNO);
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(16384, st.shm_bytes);
	ASSERT_EQ(16384, st.max_shm_bytes);
	close(a);
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(8192, st.shm_bytes);
	a = ASSERT_SYS(tt_shm_register(self->fd, buf, 8192, NULL));
	close(a);
	close(b);
}

/* a mapped object still counts against the limit after its fd is closed */
TEST_F(lim, shm_mapped_still_counts)
{
	void *m;
	int a;

	SETP("max_shm_per_ctx", 1);
	a = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, NULL, NULL));
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, a, 0);
	ASSERT_NE(MAP_FAILED, m);
	close(a);
	ASSERT_ERRNO(tt_shm_alloc(self->fd, 4096, NULL, NULL), TT_LIMIT_SHM_ERRNO);
	munmap(m, 4096);
	a = ASSERT_SYS(tt_shm_alloc(self->fd, 4096, NULL, NULL));
	close(a);
}

TEST_F(lim, zero_means_unlimited)
{
	int i;

	SETP("max_sessions_per_ctx", 0);
	for (i = 0; i < 300; i++)
		ASSERT_LE(0, tt_open_echo(self->fd));
	ASSERT_EQ(300, tt_counter(&self->d, "sessions"));
}

TEST_F(lim, defaults_reported)
{
	struct teekit_ioctl_ctx_stats st;

	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(self->old_sess, st.max_sessions);
	ASSERT_EQ(self->old_shm, st.max_shm_count);
	ASSERT_EQ(self->old_bytes, st.max_shm_bytes);
}

TEST_HARNESS_MAIN
