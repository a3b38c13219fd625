// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of tee-supplicant's socket service (supplicant/socket.c,
 * RPC 10) through supp_dispatch(), with servers on this host's loopback:
 * TCP and UDP round trips over IPv4 and IPv6, timeouts, peer close,
 * connection refused, the ioctls, and a hostile secure world: malformed
 * requests, unterminated and huge names, handles of another instance,
 * stale and made-up handles, the per-instance and global limits, CLOSE_ALL
 * waking a blocked RECV.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "harness.h"
#include "supp.h"

#define T_VIN	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT
#define T_VOUT	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT
#define T_VIO	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT
#define T_MIN	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT
#define T_MOUT	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT
#define T_MIO	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT

#define E_REMOTE_CLOSED	0xF1007002u
#define E_TIMEOUT	0xF1007003u
#define E_RESOURCES	0xF1007004u
#define E_LARGE		0xF1007005u
#define E_HOSTNAME	0xF1007007u
#define TCP		0x65
#define UDP		0x66
#define IPV4		1
#define IPV6		2
#define BLOCKING	0xFFFFFFFFu

static int next_id = 100;

static int fake_alloc(void *priv, size_t size, int *id, void **addr)
{
	(void)priv;
	*addr = calloc(1, size);
	if (!*addr)
		return -ENOMEM;
	*id = next_id++;
	return 0;
}

static void fake_release(void *priv, int id, void *addr, size_t size)
{
	(void)priv;
	(void)id;
	(void)size;
	free(addr);
}

static const struct supp_shm_ops fake_ops = {
	.alloc = fake_alloc,
	.release = fake_release,
};

FIXTURE(sock) {
	struct supp_ctx ctx;
	int buf_id;		/* a 128 KiB shared buffer */
	uint8_t *buf;
	int lfd, lfd6, ufd;	/* TCP listeners (v4, v6), UDP server */
	uint16_t port, port6, uport;
};

static int listener(int family, int type, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = family;
	if (family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr =
			htonl(INADDR_LOOPBACK);
	else
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&ss, family == AF_INET ?
		 sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) ||
	    (type == SOCK_STREAM && listen(fd, 64)) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ?
		      ((struct sockaddr_in *)&ss)->sin_port :
		      ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

FIXTURE_SETUP(sock)
{
	struct supp_shm *s;
	size_t sz;
	void *a;

	supp_log_level = SUPP_LOG_ERR;
	self->ctx.dev_fd = -1;
	supp_shm_init(&self->ctx.shm, &fake_ops);
	supp_sock_init(&self->ctx.socks);
	ASSERT_EQ(0, supp_shm_alloc(&self->ctx.shm, 128 * 1024,
				    &self->buf_id));
	s = supp_shm_get(&self->ctx.shm, self->buf_id, &a, &sz);
	supp_shm_put(&self->ctx.shm, s);
	self->buf = a;
	self->lfd = listener(AF_INET, SOCK_STREAM, &self->port);
	ASSERT_LE(0, self->lfd);
	/* IPv6 loopback may be absent (a container): those tests skip */
	self->lfd6 = listener(AF_INET6, SOCK_STREAM, &self->port6);
	self->ufd = listener(AF_INET, SOCK_DGRAM, &self->uport);
	ASSERT_LE(0, self->ufd);
}

FIXTURE_TEARDOWN(sock)
{
	supp_sock_destroy(&self->ctx.socks);
	supp_shm_destroy(&self->ctx.shm);
	close(self->lfd);
	if (self->lfd6 >= 0)
		close(self->lfd6);
	close(self->ufd);
}

/* ---- helpers: the requests as OP-TEE's socket PTA builds them ---- */

static void val(struct tee_ioctl_param *p, uint64_t attr, uint64_t a,
		uint64_t b, uint64_t c)
{
	p->attr = attr;
	p->a = a;
	p->b = b;
	p->c = c;
}

static void mem(struct tee_ioctl_param *p, uint64_t attr, int id,
		uint64_t offs, uint64_t size)
{
	val(p, attr, offs, size, id < 0 ? TEE_MEMREF_NULL : (uint64_t)id);
}

static uint32_t s_open(struct th_fixture_data_sock *self, uint32_t inst,
		       uint32_t proto, uint32_t ipv, const char *host,
		       uint64_t port, uint32_t *h)
{
	struct tee_ioctl_param p[4];
	size_t n = strlen(host) + 1;
	uint32_t r;

	memcpy(self->buf, host, n);
	val(&p[0], T_VIN, SUPP_SOCKET_OPEN, inst, 0);
	val(&p[1], T_VIN, port, proto, ipv);
	mem(&p[2], T_MIN, self->buf_id, 0, n);
	val(&p[3], T_VOUT, 0, 0, 0);
	r = supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 4);
	if (h)
		*h = r ? 0 : (uint32_t)p[3].a;
	return r;
}

static uint32_t s_close(struct th_fixture_data_sock *self, uint32_t inst,
			uint64_t h, bool all)
{
	struct tee_ioctl_param p[1];

	val(&p[0], T_VIN, all ? SUPP_SOCKET_CLOSE_ALL : SUPP_SOCKET_CLOSE,
	    inst, h);
	return supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 1);
}

static uint32_t s_send(struct th_fixture_data_sock *self, uint32_t inst,
		       uint64_t h, const void *data, size_t len,
		       uint32_t tmo, uint64_t *sent)
{
	struct tee_ioctl_param p[3];
	uint32_t r;

	memcpy(self->buf + 4096, data, len);
	val(&p[0], T_VIN, SUPP_SOCKET_SEND, inst, h);
	mem(&p[1], T_MIN, self->buf_id, 4096, len);
	val(&p[2], T_VIO, tmo, 0, 0);
	r = supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3);
	if (sent)
		*sent = p[2].b;
	return r;
}

static uint32_t s_recv(struct th_fixture_data_sock *self, uint32_t inst,
		       uint64_t h, size_t len, uint32_t tmo, uint64_t *got)
{
	struct tee_ioctl_param p[3];
	uint32_t r;

	val(&p[0], T_VIN, SUPP_SOCKET_RECV, inst, h);
	mem(&p[1], T_MOUT, self->buf_id, 4096, len);
	val(&p[2], T_VIN, tmo, 0, 0);
	r = supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3);
	if (got)
		*got = p[1].b;
	return r;
}

static uint32_t s_ioctl(struct th_fixture_data_sock *self, uint32_t inst,
			uint64_t h, uint32_t cmd, const void *data,
			size_t len)
{
	struct tee_ioctl_param p[3];

	memcpy(self->buf + 4096, data, len);
	val(&p[0], T_VIN, SUPP_SOCKET_IOCTL, inst, h);
	mem(&p[1], T_MIO, self->buf_id, 4096, len);
	val(&p[2], T_VIN, cmd, 0, 0);
	return supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the service working ---- */

TEST_F(sock, tcp_echo_ipv4)
{
	uint64_t n;
	uint32_t h;
	char b[16];
	int c;

	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV4, "127.0.0.1",
				       self->port, &h));
	EXPECT_NE(0, h);
	c = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, c);
	ASSERT_EQ(TEEC_SUCCESS, s_send(self, 7, h, "hello", 5, 1000, &n));
	EXPECT_EQ(5, n);
	ASSERT_EQ(5, read(c, b, sizeof(b)));
	EXPECT_EQ(0, memcmp(b, "hello", 5));
	ASSERT_EQ(6, write(c, "world!", 6));
	ASSERT_EQ(TEEC_SUCCESS, s_recv(self, 7, h, 64, 1000, &n));
	EXPECT_EQ(6, n);
	EXPECT_EQ(0, memcmp(self->buf + 4096, "world!", 6));
	EXPECT_EQ(1, supp_sock_count(&self->ctx.socks, 7));
	ASSERT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
	EXPECT_EQ(0, supp_sock_count(&self->ctx.socks, 7));
	/* the peer sees the close */
	EXPECT_EQ(0, read(c, b, sizeof(b)));
	/* the handle is dead now */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_send(self, 7, h, "x", 1, 0, &n));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, s_close(self, 7, h, false));
	close(c);
}

TEST_F(sock, tcp_echo_ipv6_and_dont_care)
{
	uint64_t n;
	uint32_t h;
	char b[8];
	int c;

	if (self->lfd6 < 0)
		SKIP("no IPv6 loopback on this host");
	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV6, "::1",
				       self->port6, &h));
	c = accept(self->lfd6, NULL, NULL);
	ASSERT_LE(0, c);
	ASSERT_EQ(TEEC_SUCCESS, s_send(self, 7, h, "v6", 2, 1000, &n));
	ASSERT_EQ(2, read(c, b, sizeof(b)));
	close(c);
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
	/* IPv4 asked, an IPv6 literal given: not a name of that family */
	EXPECT_EQ(E_HOSTNAME, s_open(self, 7, TCP, IPV4, "::1", self->port6,
				     &h));
	/* don't care: the literal decides */
	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, 0, "::1", self->port6,
				       &h));
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
}

TEST_F(sock, timeouts_and_peer_close)
{
	uint64_t n;
	uint32_t h;
	double t0;
	int c;

	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV4, "127.0.0.1",
				       self->port, &h));
	c = accept(self->lfd, NULL, NULL);
	ASSERT_LE(0, c);
	/* nothing to read: non-blocking, then 200 ms */
	EXPECT_EQ(E_TIMEOUT, s_recv(self, 7, h, 16, 0, &n));
	t0 = now_s();
	EXPECT_EQ(E_TIMEOUT, s_recv(self, 7, h, 16, 200, &n));
	EXPECT_LE(0.19, now_s() - t0);
	/* the peer closes: a read gets 0 bytes, as OP-TEE's supplicant */
	close(c);
	ASSERT_EQ(TEEC_SUCCESS, s_recv(self, 7, h, 16, 1000, &n));
	EXPECT_EQ(0, n);
	/* sending to a closed peer ends in REMOTE_CLOSED (RST, then EPIPE) */
	s_send(self, 7, h, "a", 1, 1000, &n);
	usleep(50000);
	s_send(self, 7, h, "a", 1, 1000, &n);
	EXPECT_EQ(E_REMOTE_CLOSED, s_send(self, 7, h, "a", 1, 1000, &n));
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
}

TEST_F(sock, connection_refused)
{
	uint16_t port;
	uint32_t h = 1;
	int fd = listener(AF_INET, SOCK_STREAM, &port);

	ASSERT_LE(0, fd);
	close(fd);		/* nobody listens there now */
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  s_open(self, 7, TCP, IPV4, "127.0.0.1", port, &h));
	EXPECT_EQ(0, supp_sock_count(&self->ctx.socks, 7));
}

TEST_F(sock, udp_round_trip_and_ioctls)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	uint16_t port2, p;
	uint64_t n;
	uint32_t h;
	char b[64];
	int u2 = listener(AF_INET, SOCK_DGRAM, &port2);

	ASSERT_LE(0, u2);
	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, UDP, IPV4, "127.0.0.1",
				       self->uport, &h));
	ASSERT_EQ(TEEC_SUCCESS, s_send(self, 7, h, "ping", 4, 1000, &n));
	EXPECT_EQ(4, n);
	ASSERT_EQ(4, recvfrom(self->ufd, b, sizeof(b), 0,
			      (struct sockaddr *)&from, &fl));
	ASSERT_EQ(4, sendto(self->ufd, "pong", 4, 0, (struct sockaddr *)&from,
			    fl));
	ASSERT_EQ(TEEC_SUCCESS, s_recv(self, 7, h, 64, 1000, &n));
	EXPECT_EQ(4, n);
	EXPECT_EQ(0, memcmp(self->buf + 4096, "pong", 4));
	/* CHANGEPORT: the next datagram goes to the second server */
	p = port2;
	ASSERT_EQ(TEEC_SUCCESS, s_ioctl(self, 7, h, 0x66000002, &p, 2));
	ASSERT_EQ(TEEC_SUCCESS, s_send(self, 7, h, "two", 3, 1000, &n));
	ASSERT_EQ(3, recv(u2, b, sizeof(b), 0));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_ioctl(self, 7, h, 0x66000002, &p, 4));
	/* CHANGEADDR keeps the port; a name without its NUL is refused */
	ASSERT_EQ(TEEC_SUCCESS, s_ioctl(self, 7, h, 0x66000001, "127.0.0.1",
					10));
	EXPECT_EQ(E_HOSTNAME, s_ioctl(self, 7, h, 0x66000001, "127.0.0.1",
				      9));
	/* TCP ioctls on UDP and unknown ones: not supported */
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  s_ioctl(self, 7, h, 0x65F00000, "\0\x10\0\0", 4));
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  s_ioctl(self, 7, h, 0x660000ff, "", 0));
	/* a datagram larger than UDP allows */
	memset(self->buf, 'x', 70000);
	{
		struct tee_ioctl_param q[3];

		val(&q[0], T_VIN, SUPP_SOCKET_SEND, 7, h);
		mem(&q[1], T_MIN, self->buf_id, 0, 70000);
		val(&q[2], T_VIO, 1000, 0, 0);
		EXPECT_EQ(E_LARGE, supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET,
						 q, 3));
	}
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
	close(u2);
}

TEST_F(sock, tcp_ioctls)
{
	uint32_t h, v = 8192;
	int c;

	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV4, "127.0.0.1",
				       self->port, &h));
	c = accept(self->lfd, NULL, NULL);
	EXPECT_EQ(TEEC_SUCCESS, s_ioctl(self, 7, h, 0x65F00000, &v, 4));
	EXPECT_EQ(TEEC_SUCCESS, s_ioctl(self, 7, h, 0x65F00001, &v, 4));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_ioctl(self, 7, h, 0x65F00000, &v, 3));
	v = 0x80000000;	/* negative as an int */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_ioctl(self, 7, h, 0x65F00000, &v, 4));
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  s_ioctl(self, 7, h, 0x66000002, &v, 2));
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
	close(c);
}

/* ---- a hostile secure world ---- */

TEST_F(sock, malformed_requests)
{
	struct tee_ioctl_param p[4];
	uint32_t h;

	/* no params, v0 not a value, an unknown sub-command */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 0));
	mem(&p[0], T_MIN, self->buf_id, 0, 4);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 1));
	val(&p[0], T_VOUT, SUPP_SOCKET_CLOSE_ALL, 7, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 1));
	val(&p[0], T_VIN, 6, 7, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 1));
	val(&p[0], T_VIN, 1ull << 32, 7, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 1));
	/* an instance id that is not 32 bits */
	val(&p[0], T_VIN, SUPP_SOCKET_CLOSE_ALL, 1ull << 32, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 1));

	/* OPEN: wrong count, wrong types, protocol, IP version, port */
	strcpy((char *)self->buf, "127.0.0.1");
	val(&p[0], T_VIN, SUPP_SOCKET_OPEN, 7, 0);
	val(&p[1], T_VIN, self->port, TCP, IPV4);
	mem(&p[2], T_MIN, self->buf_id, 0, 10);
	val(&p[3], T_VOUT, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3));
	p[3].attr = T_VIN;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 4));
	p[3].attr = T_VOUT;
	p[2].attr = T_MOUT;
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 4));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_open(self, 7, 0x67, IPV4, "127.0.0.1", self->port, &h));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_open(self, 7, TCP, 3, "127.0.0.1", self->port, &h));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_open(self, 7, TCP, IPV4, "127.0.0.1", 65536, &h));

	/* SEND/RECV/IOCTL with their params in the wrong places */
	val(&p[0], T_VIN, SUPP_SOCKET_SEND, 7, 1);
	val(&p[1], T_VIN, 0, 0, 0);
	val(&p[2], T_VIO, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3));
	val(&p[0], T_VIN, SUPP_SOCKET_RECV, 7, 1);
	mem(&p[1], T_MIN, self->buf_id, 0, 4);
	val(&p[2], T_VIN, 0, 0, 0);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3));
	val(&p[0], T_VIN, SUPP_SOCKET_IOCTL, 7, 1);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 3));
	/* CLOSE with extra params */
	val(&p[0], T_VIN, SUPP_SOCKET_CLOSE, 7, 1);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 2));
	EXPECT_EQ(0, supp_sock_count(&self->ctx.socks, 7));
}

TEST_F(sock, hostile_names)
{
	struct tee_ioctl_param p[4];
	uint32_t h;

	/* not terminated within its memref */
	memset(self->buf, 'a', 300);
	val(&p[0], T_VIN, SUPP_SOCKET_OPEN, 7, 0);
	val(&p[1], T_VIN, self->port, TCP, IPV4);
	mem(&p[2], T_MIN, self->buf_id, 0, 16);
	val(&p[3], T_VOUT, 0, 0, 0);
	EXPECT_EQ(E_HOSTNAME, supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET,
					    p, 4));
	/* longer than a host name can be, even if terminated */
	self->buf[299] = '\0';
	mem(&p[2], T_MIN, self->buf_id, 0, 300);
	EXPECT_EQ(E_HOSTNAME, supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET,
					    p, 4));
	/* empty memref, no buffer (not our shm), a range past the object */
	mem(&p[2], T_MIN, self->buf_id, 0, 0);
	EXPECT_EQ(E_HOSTNAME, supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET,
					    p, 4));
	mem(&p[2], T_MIN, -1, 0, 16);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 4));
	mem(&p[2], T_MIN, self->buf_id, 128 * 1024 - 4, 16);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 4));
	mem(&p[2], T_MIN, self->buf_id, UINT64_MAX, 2);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET, p, 4));
	/* a NUL inside the name ends it */
	memcpy(self->buf, "127.0.0.1\0garbage", 18);
	mem(&p[2], T_MIN, self->buf_id, 0, 18);
	ASSERT_EQ(TEEC_SUCCESS, supp_dispatch(&self->ctx, SUPP_FUNC_SOCKET,
					      p, 4));
	h = (uint32_t)p[3].a;
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
}

TEST_F(sock, foreign_and_made_up_handles)
{
	uint32_t h, h2;
	uint64_t n;

	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV4, "127.0.0.1",
				       self->port, &h));
	/* instance 8 names 7's handle: as unknown, and 7 keeps it */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_send(self, 8, h, "x", 1, 0, &n));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, s_recv(self, 8, h, 4, 0, &n));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_ioctl(self, 8, h, 0x65F00000, "\0\x10\0\0", 4));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, s_close(self, 8, h, false));
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 8, 0, true));
	EXPECT_EQ(1, supp_sock_count(&self->ctx.socks, 7));
	/* made-up handles: 0, the slot with another generation, huge ones */
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, s_close(self, 7, 0, false));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_close(self, 7, h ^ 0x10000, false));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, s_close(self, 7, 0xFFFF, false));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_close(self, 7, 1ull << 40 | h, false));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  s_close(self, 7, (uint64_t)-1, false));
	/* a closed handle is not reused at once: a new socket differs */
	ASSERT_EQ(TEEC_SUCCESS, s_close(self, 7, h, false));
	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV4, "127.0.0.1",
				       self->port, &h2));
	EXPECT_NE(h, h2);
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS, s_close(self, 7, h, false));
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, h2, false));
}

TEST_F(sock, limits_per_instance_and_in_all)
{
	uint32_t h, inst;
	unsigned int i;

	for (i = 0; i < SUPP_SOCK_MAX_PER_INST; i++)
		ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, UDP, IPV4, "127.0.0.1",
					       self->uport, &h));
	EXPECT_EQ(E_RESOURCES, s_open(self, 7, UDP, IPV4, "127.0.0.1",
				      self->uport, &h));
	/* another instance is not affected */
	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 8, UDP, IPV4, "127.0.0.1",
				       self->uport, &h));
	/* CLOSE_ALL gives 7's back */
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, 0, true));
	EXPECT_EQ(0, supp_sock_count(&self->ctx.socks, 7));
	EXPECT_EQ(1, supp_sock_count(&self->ctx.socks, 8));
	/* a flood from many instances stops at the global limit */
	for (inst = 100, i = 1; i < SUPP_SOCK_MAX; inst++) {
		uint32_t r = s_open(self, inst, UDP, IPV4, "127.0.0.1",
				    self->uport, &h);

		if (r == E_RESOURCES)
			break;
		ASSERT_EQ(TEEC_SUCCESS, r);
		i++;
	}
	EXPECT_EQ(SUPP_SOCK_MAX, i);
	EXPECT_EQ(E_RESOURCES, s_open(self, 9, UDP, IPV4, "127.0.0.1",
				      self->uport, &h));
	supp_sock_destroy(&self->ctx.socks);
	EXPECT_EQ(TEEC_SUCCESS, s_open(self, 9, UDP, IPV4, "127.0.0.1",
				       self->uport, &h));
}

struct blocked {
	struct th_fixture_data_sock *self;
	uint32_t h;
	uint32_t r;
	double took;
};

static void *blocked_recv(void *arg)
{
	struct blocked *b = arg;
	double t0 = now_s();
	uint64_t n;

	b->r = s_recv(b->self, 7, b->h, 16, BLOCKING, &n);
	b->took = now_s() - t0;
	return NULL;
}

/* the instance dies while a supplicant thread blocks in its RECV */
TEST_F(sock, close_all_wakes_a_blocked_recv)
{
	struct blocked b = { .self = self };
	struct timespec until;
	pthread_t t;
	int c;

	ASSERT_EQ(TEEC_SUCCESS, s_open(self, 7, TCP, IPV4, "127.0.0.1",
				       self->port, &b.h));
	c = accept(self->lfd, NULL, NULL);
	ASSERT_EQ(0, pthread_create(&t, NULL, blocked_recv, &b));
	usleep(200000);
	EXPECT_EQ(TEEC_SUCCESS, s_close(self, 7, 0, true));
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	/* still blocked after 5 s: the test fails, it does not hang */
	ASSERT_EQ(0, pthread_timedjoin_np(t, NULL, &until));
	/* the shut-down socket reads as end of stream, not a hang */
	EXPECT_EQ(TEEC_SUCCESS, b.r);
	EXPECT_LT(b.took, 5.0);
	EXPECT_EQ(0, supp_sock_count(&self->ctx.socks, 7));
	close(c);
}

TEST_HARNESS_MAIN
