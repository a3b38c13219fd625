// SPDX-License-Identifier: GPL-2.0-only
/*
 * shm.c - TEE_IOC_SHM_ALLOC and TEE_IOC_SHM_REGISTER (reference §2.5, §3):
 * success paths, every documented error, mmap rules, and the lifetime of
 * shared memory across fd close, munmap, fork and SCM_RIGHTS.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"

#define PAGE	4096

FIXTURE(shm) {
	struct tt_dev d;
	int fd;
	int pfd;
	int64_t sess;
};

FIXTURE_SETUP(shm)
{
	self->fd = -1;
	self->pfd = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
}

FIXTURE_TEARDOWN(shm)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->pfd >= 0)
		close(self->pfd);
}

/* CHECK_SHM on (id, offs, size): returns ret, *sum = byte sum */
static int check_shm(int fd, uint32_t sess, int id, uint64_t offs,
		     uint64_t size, uint64_t *sum, struct tt_res *r)
{
	struct tee_ioctl_param p[2];
	int rc;

	tt_memref(&p[0], TT_MEM_IN, id, offs, size);
	tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
	rc = tt_invoke(fd, sess, TT_CMD_CHECK_SHM, 0, p, 2, r);
	if (sum)
		*sum = p[1].a;
	return rc;
}

/* FILL (id, offs, size) with byte @v */
static int fill_shm(int fd, uint32_t sess, int id, uint64_t offs,
		    uint64_t size, int v, struct tt_res *r)
{
	struct tee_ioctl_param p[2];

	tt_param(&p[0], TT_VAL_IN, v, 0, 0);
	tt_memref(&p[1], TT_MEM_OUT, id, offs, size);
	return tt_invoke(fd, sess, TT_CMD_FILL, 0, p, 2, r);
}

/* ------------------------------------------------------------ SHM_ALLOC */

TEST_F(shm, alloc_one_byte)
{
	struct tee_ioctl_shm_alloc_data d = { .size = 1 };
	int sfd;

	sfd = ASSERT_SYS(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d));
	ASSERT_LE(1, d.id);
	ASSERT_LE(1, d.size);
	ASSERT_EQ(0, d.flags);
	ASSERT_EQ(0, d.size % PAGE);	/* page-aligned allocations */
	ASSERT_EQ(0, close(sfd));
}

TEST_F(shm, alloc_sizes_and_ids)
{
	static const uint64_t sizes[] = { 1, 8, 4095, 4096, 4097, 65536, 1 << 20 };
	int fds[ARRAY_SIZE(sizes)], ids[ARRAY_SIZE(sizes)];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint64_t got;

		fds[i] = ASSERT_SYS(tt_shm_alloc(self->fd, sizes[i], &ids[i], &got));
		ASSERT_LE(sizes[i], got);
		ASSERT_GT(sizes[i] + PAGE, got);
		for (j = 0; j < i; j++)
			ASSERT_NE(ids[j], ids[i]);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		ASSERT_EQ(0, close(fds[i]));
}

TEST_F(shm, alloc_on_priv_node)
{
	int id, sfd;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	sfd = ASSERT_SYS(tt_shm_alloc(self->pfd, 100, &id, NULL));
	ASSERT_LE(1, id);
	close(sfd);
}

TEST_F(shm, alloc_is_zeroed_and_mappable)
{
	uint64_t size, sum = 1;
	struct tt_res r;
	uint8_t *m;
	int id, sfd;
	size_t i;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, 3 * PAGE, &id, &size));
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (i = 0; i < size; i++)
		ASSERT_EQ(0, m[i]);
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, size, &sum, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(0, sum);
	/* user writes are seen by the TEE ... */
	memset(m + PAGE, 3, 10);
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, size, &sum, &r));
	ASSERT_EQ(30, sum);
	/* ... and the TEE's writes by the user */
	ASSERT_EQ(0, fill_shm(self->fd, self->sess, id, 100, 50, 0x5a, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(0, m[99]);
	ASSERT_EQ(0x5a, m[100]);
	ASSERT_EQ(0x5a, m[149]);
	ASSERT_EQ(0, m[150]);
	munmap(m, size);
	close(sfd);
}

TEST_F(shm, alloc_efault)	{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, NULL), EFAULT); }
TEST_F(shm, alloc_flags_1)	{ struct tee_ioctl_shm_alloc_data d = { .size = 8, .flags = 1 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), EINVAL); }
TEST_F(shm, alloc_flags_high)	{ struct tee_ioctl_shm_alloc_data d = { .size = 8, .flags = 0x80000000 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), EINVAL); }
TEST_F(shm, alloc_flags_mapped)	{ struct tee_ioctl_shm_alloc_data d = { .size = 8, .flags = 0x3 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), EINVAL); }
TEST_F(shm, alloc_size_zero)	{ struct tee_ioctl_shm_alloc_data d = { .size = 0 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), EINVAL); }
/* over max_shm_bytes_per_ctx (docs/limits.md) */
TEST_F(shm, alloc_huge)		{ struct tee_ioctl_shm_alloc_data d = { .size = 1ull << 40 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), TT_LIMIT_BYTES_ERRNO); }
/* sizes whose page rounding overflows */
TEST_F(shm, alloc_u64_max)	{ struct tee_ioctl_shm_alloc_data d = { .size = ~0ull }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), EINVAL); }
TEST_F(shm, alloc_wraps_on_round)	{ struct tee_ioctl_shm_alloc_data d = { .size = ~0ull - 100 }; ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d), EINVAL); }

/* Failed allocations leave no object behind */
TEST_F(shm, alloc_failures_leak_nothing)
{
	struct tee_ioctl_shm_alloc_data d = { .size = 1ull << 40 };
	struct teekit_ioctl_ctx_stats st;

	ASSERT_EQ(-1, ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d));
	d.size = 8;
	d.flags = 1;
	ASSERT_EQ(-1, ioctl(self->fd, TEE_IOC_SHM_ALLOC, &d));
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(0, st.shm_count);
	ASSERT_EQ(0, st.shm_bytes);
}

/* ------------------------------------------------------------------ mmap */

TEST_F(shm, mmap_larger_than_object)
{
	int sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, NULL, NULL));

	ASSERT_EQ(MAP_FAILED, mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, sfd, 0));
	ASSERT_EQ(EINVAL, errno);
	close(sfd);
}

TEST_F(shm, mmap_offset_beyond_object)
{
	int sfd = ASSERT_SYS(tt_shm_alloc(self->fd, 2 * PAGE, NULL, NULL));
	void *m;

	ASSERT_EQ(MAP_FAILED, mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, sfd, PAGE));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, sfd, 2 * PAGE));
	ASSERT_EQ(EINVAL, errno);
	/* the second page alone is fine */
	m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, sfd, PAGE);
	ASSERT_NE(MAP_FAILED, m);
	munmap(m, PAGE);
	close(sfd);
}

/* mmap keeps the object (and its id) alive after the fd is closed */
TEST_F(shm, mmap_outlives_fd)
{
	struct teekit_ioctl_ctx_stats st;
	uint64_t sum, size;
	struct tt_res r;
	uint8_t *m;
	int id, sfd;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, &id, &size));
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, close(sfd));
	m[0] = 7;
	m[size - 1] = 8;
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, size, &sum, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(15, sum);
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(1, st.shm_count);
	ASSERT_EQ(0, munmap(m, size));
	/* last reference gone: the id is dead */
	ASSERT_ERRNO(check_shm(self->fd, self->sess, id, 0, 1, NULL, &r), EINVAL);
	ASSERT_EQ(0, ioctl(self->fd, TEEKIT_IOC_CTX_STATS, &st));
	ASSERT_EQ(0, st.shm_count);
	ASSERT_EQ(0, st.shm_bytes);
}

TEST_F(shm, close_fd_kills_id)
{
	struct tt_res r;
	int id, sfd;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, &id, NULL));
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, 1, NULL, &r));
	ASSERT_EQ(0, close(sfd));
	ASSERT_ERRNO(check_shm(self->fd, self->sess, id, 0, 1, NULL, &r), EINVAL);
}

/* munmap after the tee fd itself is gone; mapping stays usable until then */
TEST_F(shm, munmap_after_tee_fd_close)
{
	uint64_t size;
	uint8_t *m;
	int sfd;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, 2 * PAGE, NULL, &size));
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	close(sfd);
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	memset(m, 0x11, size);
	ASSERT_EQ(0x11, m[size - 1]);
	ASSERT_LT(0, tt_counter(&self->d, "shm_count"));
	ASSERT_EQ(0, munmap(m, size));
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

/* the shm fd outlives the tee fd too */
TEST_F(shm, shm_fd_after_tee_fd_close)
{
	uint64_t size;
	uint8_t *m;
	int sfd;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, NULL, &size));
	close(self->fd);
	self->fd = -1;
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	m[5] = 5;
	munmap(m, size);
	ASSERT_EQ(0, close(sfd));
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

/* the shm fd inherited over fork: the child writes, the parent checks */
TEST_F(shm, fd_shared_with_forked_child)
{
	uint64_t size, sum;
	struct tt_res r;
	int id, sfd, st;
	pid_t pid;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, &id, &size));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint8_t *m = mmap(NULL, size, PROT_READ | PROT_WRITE,
				  MAP_SHARED, sfd, 0);

		if (m == MAP_FAILED)
			_exit(1);
		memset(m, 2, 100);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, st);
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, size, &sum, &r));
	ASSERT_EQ(200, sum);
	close(sfd);
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &mh, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], x;
	struct iovec iov = { .iov_base = &x, .iov_len = 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &mh, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&mh);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * SCM_RIGHTS to a process forked BEFORE the object existed. The owner
 * closes its own fd; the receiver's fd keeps the object and its id alive.
 */
TEST_F(shm, fd_passed_with_scm_rights)
{
	int sv[2], id, sfd, st;
	uint64_t size, sum;
	struct tt_res r;
	char ack;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint8_t *m;
		int fd;

		close(sv[0]);
		fd = recv_fd(sv[1]);
		if (fd < 0)
			_exit(1);
		m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED)
			_exit(2);
		memset(m, 1, 10);
		if (write(sv[1], "k", 1) != 1)
			_exit(3);
		/* hold fd and mapping until the parent is done */
		if (read(sv[1], &ack, 1) != 1)
			_exit(4);
		_exit(0);
	}
	close(sv[1]);
	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, &id, &size));
	ASSERT_EQ(0, send_fd(sv[0], sfd));
	ASSERT_EQ(0, close(sfd));
	ASSERT_EQ(1, read(sv[0], &ack, 1));
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, size, &sum, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(10, sum);
	ASSERT_EQ(1, write(sv[0], "q", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, st);
	ASSERT_ERRNO(check_shm(self->fd, self->sess, id, 0, 1, NULL, &r), EINVAL);
	close(sv[0]);
}

/* ids belong to their context: another fd cannot use them */
TEST_F(shm, id_of_other_context)
{
	int fd2, id, sfd;
	int64_t s2;
	struct tt_res r;

	fd2 = ASSERT_SYS(tt_open_client(&self->d));
	s2 = tt_open_echo(fd2);
	ASSERT_LE(0, s2);
	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, &id, NULL));
	ASSERT_ERRNO(check_shm(fd2, s2, id, 0, 1, NULL, &r), EINVAL);
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, 1, NULL, &r));
	close(sfd);
	close(fd2);
}

TEST_F(shm, id_of_priv_context)
{
	struct tt_res r;
	int id, sfd;

	self->pfd = ASSERT_SYS(tt_open_priv(&self->d));
	sfd = ASSERT_SYS(tt_shm_alloc(self->pfd, PAGE, &id, NULL));
	ASSERT_ERRNO(check_shm(self->fd, self->sess, id, 0, 1, NULL, &r), EINVAL);
	close(sfd);
}

/* ------------------------------------------------------------ memrefs */

FIXTURE(mref) {
	struct tt_dev d;
	int fd;
	int64_t sess;
	int sfd;
	int id;
	uint64_t size;
};

FIXTURE_SETUP(mref)
{
	self->fd = -1;
	self->sfd = -1;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
	self->sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, &self->id, &self->size));
	ASSERT_EQ(PAGE, self->size);
}

FIXTURE_TEARDOWN(mref)
{
	if (self->sfd >= 0)
		close(self->sfd);
	if (self->fd >= 0)
		close(self->fd);
}

#define MREF(attr, id, a, b) ({						\
	struct tee_ioctl_param __p[1];					\
	tt_memref(&__p[0], attr, id, a, b);				\
	tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, __p, 1, NULL);	\
})

TEST_F(mref, whole_object)		{ ASSERT_EQ(0, MREF(TT_MEM_IN, self->id, 0, PAGE)); }
TEST_F(mref, empty_at_end)		{ ASSERT_EQ(0, MREF(TT_MEM_INOUT, self->id, PAGE, 0)); }
TEST_F(mref, last_byte)			{ ASSERT_EQ(0, MREF(TT_MEM_OUT, self->id, PAGE - 1, 1)); }
TEST_F(mref, one_past_end)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, self->id, PAGE, 1), EINVAL); }
TEST_F(mref, size_too_big)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, self->id, 0, PAGE + 1), EINVAL); }
TEST_F(mref, offset_too_big)		{ ASSERT_ERRNO(MREF(TT_MEM_OUT, self->id, PAGE + 1, 0), EINVAL); }
TEST_F(mref, offset_plus_size_wraps)	{ ASSERT_ERRNO(MREF(TT_MEM_IN, self->id, 16, ~0ull - 8), EINVAL); }
TEST_F(mref, offset_wraps)		{ ASSERT_ERRNO(MREF(TT_MEM_INOUT, self->id, ~0ull, 2), EINVAL); }
TEST_F(mref, offset_u64_max)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, self->id, ~0ull, 0), EINVAL); }
TEST_F(mref, size_u64_max)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, self->id, 0, ~0ull), EINVAL); }
TEST_F(mref, id_zero)			{ ASSERT_ERRNO(MREF(TT_MEM_IN, 0, 0, 1), EINVAL); }
TEST_F(mref, id_nonexistent)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, self->id + 1000, 0, 1), EINVAL); }
TEST_F(mref, id_negative)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, -5, 0, 1), EINVAL); }
TEST_F(mref, id_int_max)		{ ASSERT_ERRNO(MREF(TT_MEM_IN, 0x7fffffff, 0, 1), EINVAL); }
/* ids are ints: c's upper 32 bits must not alias a valid id */
TEST_F(mref, id_high_bits)
{
	struct tee_ioctl_param p[1];

	tt_param(&p[0], TT_MEM_IN, 0, 1, (1ull << 32) | (uint32_t)self->id);
	ASSERT_ERRNO(tt_invoke(self->fd, self->sess, TT_CMD_NOP, 0, p, 1, NULL), EINVAL);
}

TEST_F(mref, memref_null_accepted)
{
	ASSERT_EQ(0, MREF(TT_MEM_IN, -1, 0, 0));
	ASSERT_EQ(0, MREF(TT_MEM_OUT, -1, 0, 0));
	ASSERT_EQ(0, MREF(TT_MEM_INOUT, -1, 0, 0));
}

/* A closed object's id is gone; the next alloc may reuse it but not ours */
TEST_F(mref, id_after_close)
{
	close(self->sfd);
	self->sfd = -1;
	ASSERT_ERRNO(MREF(TT_MEM_IN, self->id, 0, 1), EINVAL);
}

/* COPY through memrefs with size write-back and SHORT_BUFFER */
TEST_F(mref, copy_and_short_buffer)
{
	struct tee_ioctl_param p[2];
	struct tt_res r;
	uint8_t *m;

	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	memcpy(m, "hello, world", 12);
	tt_memref(&p[0], TT_MEM_IN, self->id, 0, 12);
	tt_memref(&p[1], TT_MEM_OUT, self->id, 1000, 100);
	ASSERT_EQ(0, tt_invoke(self->fd, self->sess, TT_CMD_COPY, 0, p, 2, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(0, memcmp(m + 1000, "hello, world", 12));
	/* only b (size) is written back: a, c and attr untouched */
	ASSERT_EQ(TT_MEM_OUT, p[1].attr);
	ASSERT_EQ(1000, p[1].a);
	ASSERT_EQ((uint64_t)self->id, p[1].c);
	ASSERT_EQ(12, p[1].b);
	ASSERT_EQ(12, p[0].b);
	/* destination too small: SHORT_BUFFER, size = needed */
	tt_memref(&p[0], TT_MEM_IN, self->id, 0, 12);
	tt_memref(&p[1], TT_MEM_INOUT, self->id, 2000, 5);
	m[2000 + 5] = 0xee;
	ASSERT_EQ(0, tt_invoke(self->fd, self->sess, TT_CMD_COPY, 0, p, 2, &r));
	ASSERT_EQ(TEEC_ERROR_SHORT_BUFFER, r.ret);
	ASSERT_EQ(TEEC_ORIGIN_TRUSTED_APP, r.origin);
	ASSERT_EQ(12, p[1].b);
	ASSERT_EQ(2000, p[1].a);
	ASSERT_EQ(0xee, m[2005]);
	munmap(m, PAGE);
}

/* ----------------------------------------------------------- SHM_REGISTER */

FIXTURE(reg) {
	struct tt_dev d;
	int fd;
	int64_t sess;
	uint8_t *buf;
};

FIXTURE_SETUP(reg)
{
	self->fd = -1;
	self->buf = MAP_FAILED;
	ASSERT_SYS(tt_setup(&self->d));
	self->fd = ASSERT_SYS(tt_open_client(&self->d));
	self->sess = tt_open_echo(self->fd);
	ASSERT_LE(0, self->sess);
	self->buf = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
}

FIXTURE_TEARDOWN(reg)
{
	if (self->buf != MAP_FAILED)
		munmap(self->buf, 4 * PAGE);
	if (self->fd >= 0)
		close(self->fd);
}

static int reg_ioctl(int fd, uint64_t addr, uint64_t len, uint32_t flags)
{
	struct tee_ioctl_shm_register_data d = {
		.addr = addr, .length = len, .flags = flags,
	};

	return ioctl(fd, TEE_IOC_SHM_REGISTER, &d);
}

TEST_F(reg, register_and_use)
{
	struct tee_ioctl_shm_register_data d = {
		.addr = (uintptr_t)self->buf, .length = 2 * PAGE,
	};
	uint64_t sum;
	struct tt_res r;
	int sfd;

	memset(self->buf, 1, 2 * PAGE);
	sfd = ASSERT_SYS(ioctl(self->fd, TEE_IOC_SHM_REGISTER, &d));
	ASSERT_LE(1, d.id);
	ASSERT_EQ(2 * PAGE, d.length);
	ASSERT_EQ(0, check_shm(self->fd, self->sess, d.id, 0, 2 * PAGE, &sum, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	ASSERT_EQ(2 * PAGE, sum);
	ASSERT_EQ(0, fill_shm(self->fd, self->sess, d.id, PAGE, 3, 9, &r));
	ASSERT_EQ(9, self->buf[PAGE + 2]);
	ASSERT_EQ(1, self->buf[PAGE + 3]);
	close(sfd);
	ASSERT_ERRNO(check_shm(self->fd, self->sess, d.id, 0, 1, NULL, &r), EINVAL);
}

/* unaligned start and length: the in-page offset is kept */
TEST_F(reg, register_unaligned)
{
	struct tee_ioctl_shm_register_data d = {
		.addr = (uintptr_t)self->buf + 100, .length = PAGE + 50,
	};
	struct tt_res r;
	uint64_t sum;
	int sfd;

	memset(self->buf, 0, 4 * PAGE);
	self->buf[100] = 4;
	self->buf[100 + PAGE + 49] = 5;
	self->buf[99] = 100;
	self->buf[100 + PAGE + 50] = 100;
	sfd = ASSERT_SYS(ioctl(self->fd, TEE_IOC_SHM_REGISTER, &d));
	ASSERT_EQ(PAGE + 50, d.length);
	ASSERT_EQ(0, check_shm(self->fd, self->sess, d.id, 0, PAGE + 50, &sum, &r));
	ASSERT_EQ(9, sum);
	ASSERT_ERRNO(check_shm(self->fd, self->sess, d.id, 0, PAGE + 51, &sum, &r), EINVAL);
	close(sfd);
}

TEST_F(reg, register_on_priv_node)
{
	int pfd, sfd, id;

	pfd = ASSERT_SYS(tt_open_priv(&self->d));
	sfd = ASSERT_SYS(tt_shm_register(pfd, self->buf, PAGE, &id));
	ASSERT_LE(1, id);
	close(sfd);
	close(pfd);
}

TEST_F(reg, registered_fd_refuses_mmap)
{
	int sfd = ASSERT_SYS(tt_shm_register(self->fd, self->buf, PAGE, NULL));

	ASSERT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED, sfd, 0));
	ASSERT_EQ(EINVAL, errno);
	close(sfd);
}

/* memory stays pinned: unmapping the user range does not free the pages */
TEST_F(reg, munmap_user_range_while_registered)
{
	struct tt_res r;
	uint64_t sum;
	int sfd, id;

	memset(self->buf, 2, PAGE);
	sfd = ASSERT_SYS(tt_shm_register(self->fd, self->buf, PAGE, &id));
	ASSERT_EQ(0, munmap(self->buf, 4 * PAGE));
	self->buf = MAP_FAILED;
	ASSERT_EQ(0, check_shm(self->fd, self->sess, id, 0, PAGE, &sum, &r));
	ASSERT_EQ(2 * PAGE, sum);
	close(sfd);
}

TEST_F(reg, efault_arg)		{ ASSERT_ERRNO(ioctl(self->fd, TEE_IOC_SHM_REGISTER, NULL), EFAULT); }
TEST_F(reg, flags_nonzero)	{ ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, PAGE, 1), EINVAL); }
TEST_F(reg, flags_high)		{ ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, PAGE, 0x80000000), EINVAL); }
TEST_F(reg, length_zero)	{ ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, 0, 0), EINVAL); }
TEST_F(reg, unmapped_addr)	{ ASSERT_ERRNO(reg_ioctl(self->fd, 4096, PAGE, 0), EFAULT); }
TEST_F(reg, null_addr)		{ ASSERT_ERRNO(reg_ioctl(self->fd, 0, PAGE, 0), EFAULT); }
TEST_F(reg, kernel_addr)	{ ASSERT_ERRNO(reg_ioctl(self->fd, 0xffff888000000000ull, PAGE, 0), EFAULT); }
/* addr + length overflows: EINVAL before access_ok */
TEST_F(reg, addr_wraps)		{ ASSERT_ERRNO(reg_ioctl(self->fd, ~0ull - 100, PAGE, 0), EINVAL); }
/*
 * No overflow, but more than INT_MAX pages: EINVAL. (6.1's x86 access_ok()
 * only checks the sign bit, so EFAULT cannot be the answer here.)
 */
TEST_F(reg, huge_length)	{ ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, 1ull << 46, 0), EINVAL); }
TEST_F(reg, u64_max_length)	{ ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, ~0ull, 0), EINVAL); }

TEST_F(reg, partly_unmapped_range)
{
	ASSERT_EQ(0, munmap(self->buf + 2 * PAGE, PAGE));
	ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, 4 * PAGE, 0), EFAULT);
	/* nothing stays pinned or registered after the failure */
	ASSERT_EQ(0, tt_counter(&self->d, "shm_count"));
}

TEST_F(reg, read_only_memory)
{
	ASSERT_EQ(0, mprotect(self->buf, PAGE, PROT_READ));
	ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, PAGE, 0), EFAULT);
}

TEST_F(reg, prot_none_memory)
{
	ASSERT_EQ(0, mprotect(self->buf, PAGE, PROT_NONE));
	ASSERT_ERRNO(reg_ioctl(self->fd, (uintptr_t)self->buf, PAGE, 0), EFAULT);
}

/* A TEE buffer mapped from SHM_ALLOC, registered again */
TEST_F(reg, register_tee_mapping)
{
	struct tt_res r;
	uint64_t sum;
	int sfd, rfd;
	uint8_t *m;

	sfd = ASSERT_SYS(tt_shm_alloc(self->fd, PAGE, NULL, NULL));
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	/* either refused cleanly or registered and coherent */
	m[10] = 42;
	rfd = reg_ioctl(self->fd, (uintptr_t)m, PAGE, 0);
	if (rfd < 0) {
		ASSERT_TRUE(errno == EFAULT || errno == EINVAL);
	} else {
		struct tee_ioctl_shm_register_data d = {
			.addr = (uintptr_t)m, .length = PAGE,
		};
		int rfd2 = ASSERT_SYS(ioctl(self->fd, TEE_IOC_SHM_REGISTER, &d));

		ASSERT_EQ(0, check_shm(self->fd, self->sess, d.id, 0, PAGE, &sum, &r));
		ASSERT_EQ(42, sum);
		close(rfd2);
		close(rfd);
	}
	munmap(m, PAGE);
	close(sfd);
}

TEST_HARNESS_MAIN
