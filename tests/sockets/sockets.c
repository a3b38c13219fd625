// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockets: the GP TEE Sockets API end to end. The test TA (ta/sk_ta.c)
 * opens TCP and UDP client sockets through tee-supplicant's socket
 * service to servers this program runs on the VM's loopback: echo over
 * IPv4 and IPv6, UDP, a 1 MiB send in chunks, timeouts, a peer that
 * closes, connection refused, bad names, the ioctls; and the hostile
 * cases: a handle forged to name another instance's socket, a flood of
 * opens, bad handles (the TA panics), a TA killed with sockets open (the
 * supplicant closes them), tee-supplicant restarted under an open socket.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "sk_ta.h"

#define SK_TOS		"/usr/sbin/teekit-tos"
#define SK_SUPP		"/usr/sbin/tee-supplicant"
#define SK_TOS_LOG	"/tmp/teekit-tos-sk.log"
#define SK_SUPP_LOG	"/tmp/teekit-supp-sk.log"
#define SK_FS		"/tmp/teekit-sk-fs"

#define TCP		0x65
#define UDP		0x66
#define IP_DC		0
#define IP_V4		1
#define IP_V6		2
#define E_REMOTE_CLOSED	0xF1007002
#define E_TIMEOUT	0xF1007003
#define E_RESOURCES	0xF1007004
#define E_LARGE		0xF1007005
#define E_HOSTNAME	0xF1007007
#define BIG		(1024 * 1024)

/* ---- the servers ---- */

enum srv_kind { SRV_ECHO, SRV_CLOSE, SRV_SINK };

struct srv {
	int fd;
	uint16_t port;
	enum srv_kind kind;
	atomic_int live;	/* accepted connections not yet ended */
	atomic_long sunk;	/* SINK: bytes received */
	atomic_long bad;	/* SINK: bytes not in the pattern */
	pthread_t t;
};

struct conn {
	struct srv *s;
	int fd;
};

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	char b[8192];
	long at = 0;
	ssize_t n, i;

	while ((n = read(c->fd, b, sizeof(b))) > 0) {
		if (c->s->kind == SRV_ECHO) {
			if (write(c->fd, b, n) != n)
				break;
			continue;
		}
		for (i = 0; i < n; i++, at++)
			if ((uint8_t)b[i] != (at & 0xff))
				c->s->bad++;
		c->s->sunk += n;
	}
	close(c->fd);
	c->s->live--;
	free(c);
	return NULL;
}

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	struct sockaddr_storage from;
	socklen_t fl;
	struct conn *c;
	pthread_t t;
	char b[65536];
	ssize_t n;
	int fd;

	for (;;) {
		if (s->kind == SRV_ECHO && s->port && s->live < 0) {
			/* UDP echo (live < 0 marks it) */
			fl = sizeof(from);
			n = recvfrom(s->fd, b, sizeof(b), 0,
				     (struct sockaddr *)&from, &fl);
			if (n < 0)
				return NULL;
			sendto(s->fd, b, n, 0, (struct sockaddr *)&from, fl);
			continue;
		}
		fd = accept(s->fd, NULL, NULL);
		if (fd < 0)
			return NULL;
		if (s->kind == SRV_CLOSE) {
			close(fd);
			continue;
		}
		c = malloc(sizeof(*c));
		c->s = s;
		c->fd = fd;
		s->live++;
		pthread_create(&t, NULL, conn_main, c);
		pthread_detach(t);
	}
}

static int srv_start(struct srv *s, int family, int type, enum srv_kind k)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(s, 0, sizeof(*s));
	s->kind = k;
	s->fd = socket(family, type | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = family;
	if (family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr =
			htonl(INADDR_LOOPBACK);
	else
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
	if (bind(s->fd, (struct sockaddr *)&ss, family == AF_INET ?
		 sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) ||
	    (type == SOCK_STREAM && listen(s->fd, 64)) ||
	    getsockname(s->fd, (struct sockaddr *)&ss, &len)) {
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	s->port = ntohs(family == AF_INET ?
			((struct sockaddr_in *)&ss)->sin_port :
			((struct sockaddr_in6 *)&ss)->sin6_port);
	if (type == SOCK_DGRAM)
		s->live = -1;
	return pthread_create(&s->t, NULL, srv_main, s);
}

static void srv_stop(struct srv *s)
{
	if (s->fd < 0)
		return;
	/* accept() and recvfrom() are cancellation points */
	pthread_cancel(s->t);
	pthread_join(s->t, NULL);
	close(s->fd);
	s->fd = -1;
}

/* the VM's loopback may start down */
static void loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (fd >= 0 && !ioctl(fd, SIOCGIFFLAGS, &ifr) &&
	    !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (fd >= 0)
		close(fd);
}

/* ---- the stack ---- */

static pid_t supp_start(void)
{
	pid_t pid;
	int fd;

	mkdir(SK_FS, 0700);
	pid = fork();
	if (!pid) {
		fd = open(SK_SUPP_LOG, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0)
			dup2(fd, 2);
		execl(SK_SUPP, SK_SUPP, "--fs-root", SK_FS, "-vv",
		      (char *)NULL);
		_exit(127);
	}
	usleep(200000);
	return pid;
}

static pid_t tos_start(void)
{
	pid_t pid = fork();

	if (!pid) {
		execl(SK_TOS, SK_TOS, "--foreground", "--ta-log-level", "3",
		      "--log", SK_TOS_LOG, (char *)NULL);
		_exit(127);
	}
	tt_wait_emulator();
	return pid;
}

FIXTURE(sk) {
	pid_t tos, supp;
	TEEC_Context ctx;
	TEEC_Session s;
	struct srv echo4, echo6, udp4, udp4b, closer, sink;
};

static TEEC_Result session(struct th_fixture_data_sk *self, TEEC_Session *s)
{
	TEEC_UUID u;
	uint32_t o;

	tt_teec_uuid(SK_TA_UUID, &u);
	return TEEC_OpenSession(&self->ctx, s, &u, TEEC_LOGIN_PUBLIC, NULL,
				NULL, &o);
}

FIXTURE_SETUP(sk)
{
	unlink(SK_TOS_LOG);
	unlink(SK_SUPP_LOG);
	loopback_up();
	ASSERT_EQ(0, srv_start(&self->echo4, AF_INET, SOCK_STREAM, SRV_ECHO));
	/* IPv6 may be off in the kernel: that test skips */
	srv_start(&self->echo6, AF_INET6, SOCK_STREAM, SRV_ECHO);
	ASSERT_EQ(0, srv_start(&self->udp4, AF_INET, SOCK_DGRAM, SRV_ECHO));
	ASSERT_EQ(0, srv_start(&self->udp4b, AF_INET, SOCK_DGRAM, SRV_ECHO));
	ASSERT_EQ(0, srv_start(&self->closer, AF_INET, SOCK_STREAM,
			       SRV_CLOSE));
	ASSERT_EQ(0, srv_start(&self->sink, AF_INET, SOCK_STREAM, SRV_SINK));
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	self->supp = supp_start();
	self->tos = tos_start();
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	ASSERT_EQ(TEEC_SUCCESS, session(self, &self->s));
}

FIXTURE_TEARDOWN(sk)
{
	TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	tt_stop_daemon(self->tos);
	tt_stop_daemon(self->supp);
	srv_stop(&self->echo4);
	srv_stop(&self->echo6);
	srv_stop(&self->udp4);
	srv_stop(&self->udp4b);
	srv_stop(&self->closer);
	srv_stop(&self->sink);
	if (_metadata && th_in_teardown(_metadata)) {
		EXPECT_LE(0, system("tail -20 " SK_TOS_LOG));
		EXPECT_LE(0, system("tail -20 " SK_SUPP_LOG));
	}
}

/* ---- one function per TA command ---- */

static TEEC_Result inv(TEEC_Session *s, uint32_t cmd, TEEC_Operation *op)
{
	uint32_t o;

	return TEEC_InvokeCommand(s, cmd, op, &o);
}

static TEEC_Result sk_open(TEEC_Session *s, uint32_t proto, uint32_t ipv,
			   const char *host, uint16_t port, uint32_t *slot,
			   uint32_t *perr)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 TEEC_VALUE_OUTPUT);
	op.params[0].value.a = proto;
	op.params[0].value.b = ipv;
	op.params[1].value.a = port;
	op.params[2].tmpref.buffer = (void *)host;
	op.params[2].tmpref.size = strlen(host);
	r = inv(s, SK_CMD_OPEN, &op);
	*slot = op.params[3].value.a;
	if (perr)
		*perr = op.params[3].value.b;
	return r;
}

static TEEC_Result sk_v(TEEC_Session *s, uint32_t cmd, uint32_t a,
			uint32_t b, uint32_t *out)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = a;
	op.params[0].value.b = b;
	r = inv(s, cmd, &op);
	if (out)
		*out = op.params[0].value.a;
	return r;
}

static TEEC_Result sk_send(TEEC_Session *s, uint32_t slot, const void *d,
			   size_t len, uint32_t tmo, uint32_t *sent)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = slot;
	op.params[0].value.b = tmo;
	op.params[1].tmpref.buffer = (void *)d;
	op.params[1].tmpref.size = len;
	r = inv(s, SK_CMD_SEND, &op);
	*sent = op.params[0].value.a;
	return r;
}

static TEEC_Result sk_recv(TEEC_Session *s, uint32_t slot, void *d,
			   size_t *len, uint32_t tmo)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = slot;
	op.params[0].value.b = tmo;
	op.params[1].tmpref.buffer = d;
	op.params[1].tmpref.size = *len;
	r = inv(s, SK_CMD_RECV, &op);
	*len = op.params[1].tmpref.size;
	return r;
}

static TEEC_Result sk_ioctl(TEEC_Session *s, uint32_t slot, uint32_t cmd,
			    void *d, size_t len)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_INOUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE);
	op.params[0].value.a = slot;
	op.params[0].value.b = cmd;
	op.params[1].tmpref.buffer = d;
	op.params[1].tmpref.size = len;
	return inv(s, SK_CMD_IOCTL, &op);
}

/* send @msg and read it back whole through the echo server */
static int echo(struct th_meta *_metadata, TEEC_Session *s, uint32_t slot,
		const char *msg)
{
	char b[256];
	size_t got = 0, n;
	uint32_t sent;

	EXPECT_EQ(TEEC_SUCCESS, sk_send(s, slot, msg, strlen(msg), 2000,
					&sent));
	EXPECT_EQ(strlen(msg), sent);
	while (got < strlen(msg)) {
		n = sizeof(b) - got;
		if (sk_recv(s, slot, b + got, &n, 2000))
			return -1;
		got += n;
	}
	EXPECT_EQ(strlen(msg), got);
	return memcmp(b, msg, got) ? -1 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- working sockets ---- */

TEST_F(sk, tcp_echo_ipv4)
{
	uint32_t slot, perr = 1, err = 1;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, &perr));
	EXPECT_EQ(0, perr);
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "hello, secure world"));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "again"));
	EXPECT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_ERROR, slot, 0, &err));
	EXPECT_EQ(0, err);
	EXPECT_EQ(1, self->echo4.live);
	EXPECT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_CLOSE, slot, 0, NULL));
	usleep(100000);
	EXPECT_EQ(0, self->echo4.live);	/* the server saw the close */
}

TEST_F(sk, tcp_echo_ipv6_loopback)
{
	uint32_t slot;

	if (self->echo6.fd < 0)
		SKIP("no IPv6 loopback in this kernel");
	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V6, "::1",
					self->echo6.port, &slot, NULL));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "over IPv6"));
	EXPECT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_CLOSE, slot, 0, NULL));
	/* "don't care" takes the literal's family */
	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_DC, "::1",
					self->echo6.port, &slot, NULL));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "dc"));
}

TEST_F(sk, udp_echo_and_changeport)
{
	uint32_t slot, sent;
	char b[64];
	size_t n;
	uint16_t port;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, UDP, IP_V4, "127.0.0.1",
					self->udp4.port, &slot, NULL));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "datagram"));
	port = self->udp4b.port;
	ASSERT_EQ(TEEC_SUCCESS, sk_ioctl(&self->s, slot, 0x66000002, &port,
					 sizeof(port)));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "to the second"));
	/* an INOUT buffer: not a string literal, libteec writes it back */
	strcpy(b, "127.0.0.1");
	EXPECT_EQ(TEEC_SUCCESS, sk_ioctl(&self->s, slot, 0x66000001, b, 10));
	n = sizeof(b);
	/* a datagram larger than one RPC buffer */
	{
		static char big[70000];

		EXPECT_EQ(E_LARGE, sk_send(&self->s, slot, big, sizeof(big),
					   1000, &sent));
	}
	/* nothing waiting: TIMEOUT */
	EXPECT_EQ(E_TIMEOUT, sk_recv(&self->s, slot, b, &n, 100));
}

TEST_F(sk, tcp_one_mebibyte_in_chunks)
{
	uint32_t slot, sent = 0;
	double t0;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->sink.port, &slot, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_SEND_PATTERN, slot, BIG,
				     &sent));
	EXPECT_EQ(BIG, sent);
	EXPECT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_CLOSE, slot, 0, NULL));
	t0 = now_s();
	while (self->sink.live && now_s() - t0 < 10)
		usleep(20000);
	EXPECT_EQ(BIG, self->sink.sunk);
	EXPECT_EQ(0, self->sink.bad);
}

TEST_F(sk, tcp_ioctls)
{
	uint32_t slot, v = 16384;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, NULL));
	EXPECT_EQ(TEEC_SUCCESS, sk_ioctl(&self->s, slot, 0x65F00000, &v, 4));
	EXPECT_EQ(TEEC_SUCCESS, sk_ioctl(&self->s, slot, 0x65F00001, &v, 4));
	/* UDP's command on TCP; the generic layer's (protocol 0) */
	EXPECT_EQ(TEEC_ERROR_NOT_SUPPORTED,
		  sk_ioctl(&self->s, slot, 0x66000002, &v, 2));
	EXPECT_EQ(TEEC_SUCCESS, sk_ioctl(&self->s, slot, 0x00000001, &v, 4));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "still works"));
}

TEST_F(sk, timeouts)
{
	uint32_t slot;
	char b[16];
	size_t n = sizeof(b);
	double t0;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, NULL));
	EXPECT_EQ(E_TIMEOUT, sk_recv(&self->s, slot, b, &n, 0));
	t0 = now_s();
	EXPECT_EQ(E_TIMEOUT, sk_recv(&self->s, slot, b, &n, 500));
	EXPECT_LE(0.49, now_s() - t0);
	EXPECT_GT(10.0, now_s() - t0);
}

TEST_F(sk, peer_close_is_remote_closed)
{
	uint32_t slot;
	char b[16];
	size_t n = sizeof(b);

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->closer.port, &slot, NULL));
	EXPECT_EQ(E_REMOTE_CLOSED, sk_recv(&self->s, slot, b, &n, 2000));
}

TEST_F(sk, refused_and_bad_names)
{
	struct srv gone;
	uint32_t slot;
	uint16_t port;
	char longname[300];

	ASSERT_EQ(0, srv_start(&gone, AF_INET, SOCK_STREAM, SRV_ECHO));
	port = gone.port;
	srv_stop(&gone);	/* nobody listens there any more */
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  sk_open(&self->s, TCP, IP_V4, "127.0.0.1", port, &slot,
			  NULL));
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	EXPECT_EQ(E_HOSTNAME, sk_open(&self->s, TCP, IP_V4, longname,
				      self->echo4.port, &slot, NULL));
	/* size 0: the TA passes server_addr NULL */
	EXPECT_EQ(E_HOSTNAME, sk_open(&self->s, TCP, IP_V4, "",
				      self->echo4.port, &slot, NULL));
	EXPECT_EQ(E_HOSTNAME, sk_open(&self->s, TCP, IP_V4, "::1",
				      self->echo4.port, &slot, NULL));
	EXPECT_EQ(TEEC_ERROR_BAD_PARAMETERS,
		  sk_open(&self->s, TCP, 9, "127.0.0.1", self->echo4.port,
			  &slot, NULL));
}

/* ---- a hostile TA ---- */

/*
 * Instance B forges its handle to name instance A's socket: the driver
 * sends B's own instance id, so the supplicant refuses, and A's
 * connection carries nothing of B's.
 */
TEST_F(sk, forged_handle_of_another_instance)
{
	uint32_t a, b, ha, sent = 0;
	TEEC_Session sb;

	ASSERT_EQ(TEEC_SUCCESS, session(self, &sb));
	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &a, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sk_open(&sb, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &b, NULL));
	ASSERT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_PEEK, a, 0, &ha));
	ASSERT_EQ(TEEC_SUCCESS, sk_v(&sb, SK_CMD_POKE, b, ha, NULL));
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  sk_send(&sb, b, "evil", 4, 1000, &sent));
	EXPECT_EQ(0, sent);
	/* made-up handles too */
	ASSERT_EQ(TEEC_SUCCESS, sk_v(&sb, SK_CMD_POKE, b, 0xdeadbeef, NULL));
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  sk_send(&sb, b, "evil", 4, 1000, &sent));
	/* A's stream has only A's bytes */
	EXPECT_EQ(0, echo(_metadata, &self->s, a, "good"));
	TEEC_CloseSession(&sb);
}

TEST_F(sk, flood_of_opens_then_the_ta_dies)
{
	TEEC_Operation op;
	TEEC_Session s2;
	uint32_t slot;
	double t0;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = TCP;
	op.params[0].value.b = self->echo4.port;
	op.params[1].tmpref.buffer = "127.0.0.1";
	op.params[1].tmpref.size = 9;
	ASSERT_EQ(TEEC_SUCCESS, inv(&self->s, SK_CMD_FLOOD, &op));
	EXPECT_EQ(16, op.params[0].value.a);	/* SUPP_SOCK_MAX_PER_INST */
	EXPECT_EQ(E_RESOURCES, op.params[0].value.b);
	usleep(100000);
	EXPECT_EQ(16, self->echo4.live);
	/* another instance still gets one */
	ASSERT_EQ(TEEC_SUCCESS, session(self, &s2));
	EXPECT_EQ(TEEC_SUCCESS, sk_open(&s2, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, NULL));
	/* the flooder panics (a bad handle): its 16 connections end */
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  sk_v(&self->s, SK_CMD_BAD_HANDLE, 0, 0, NULL));
	t0 = now_s();
	while (self->echo4.live > 1 && now_s() - t0 < 10)
		usleep(20000);
	EXPECT_EQ(1, self->echo4.live);
	EXPECT_EQ(0, echo(_metadata, &s2, slot, "survivor"));
	TEEC_CloseSession(&s2);
}

TEST_F(sk, handle_of_the_other_protocol_panics)
{
	uint32_t slot;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, NULL));
	ASSERT_EQ(0, slot);
	EXPECT_EQ(TEEC_ERROR_TARGET_DEAD,
		  sk_v(&self->s, SK_CMD_BAD_HANDLE, 1, 0, NULL));
	usleep(200000);
	EXPECT_EQ(0, self->echo4.live);
}

TEST_F(sk, supplicant_restart_loses_the_socket)
{
	uint32_t slot, sent;

	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, NULL));
	tt_stop_daemon(self->supp);
	usleep(200000);
	EXPECT_EQ(0, self->echo4.live);	/* its sockets died with it */
	self->supp = supp_start();
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  sk_send(&self->s, slot, "x", 1, 1000, &sent));
	EXPECT_EQ(TEEC_SUCCESS, sk_v(&self->s, SK_CMD_CLOSE, slot, 0, NULL));
	/* and a new one works */
	ASSERT_EQ(TEEC_SUCCESS, sk_open(&self->s, TCP, IP_V4, "127.0.0.1",
					self->echo4.port, &slot, NULL));
	EXPECT_EQ(0, echo(_metadata, &self->s, slot, "after restart"));
}

TEST_HARNESS_MAIN
