// SPDX-License-Identifier: GPL-2.0-only
/*
 * socket.c - the socket service (RPC 10): the TCP and UDP client sockets
 * of the GP TEE Sockets API, with OP-TEE's sub-commands and parameter
 * layouts, so a TA's requests are served the same by OP-TEE's
 * tee-supplicant and by this one (docs/supplicant.md, "Sockets").
 *
 * v0 of every request is VALUE_INPUT {a = sub-command, b = TA instance
 * id, c = socket handle}. The instance id is not the TA's word: the sim
 * driver writes its own instance number there (decision 1531), so a
 * handle is looked up under the instance that asks and another
 * instance's handle is refused like an unknown one.
 *
 * Handles are not descriptors: slot + 1 in the low 16 bits, a generation
 * in the high ones, so a closed handle is not reused at once. An entry is
 * reference counted while a request uses its descriptor; CLOSE and
 * CLOSE_ALL shut the socket down (waking a blocked poll) and the last user
 * closes the descriptor, so no request ever reads a reused fd.
 *
 * Limits: SUPP_SOCK_MAX_PER_INST sockets per instance and SUPP_SOCK_MAX
 * in all (OUT_OF_RESOURCES beyond), host names of at most
 * SUPP_SOCK_MAX_NAME bytes, connect() bounded by SUPP_SOCK_CONNECT_MS.
 *
 * Locking: socks->lock protects the table and each entry's refs/closing.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "supp.h"

/* GP TEE Sockets API numbers (sdk/include/__tee_*socket*.h) */
#define ISOCKET_ERROR_REMOTE_CLOSED	0xF1007002u
#define ISOCKET_ERROR_TIMEOUT		0xF1007003u
#define ISOCKET_ERROR_OUT_OF_RESOURCES	0xF1007004u
#define ISOCKET_ERROR_LARGE_BUFFER	0xF1007005u
#define ISOCKET_ERROR_HOSTNAME		0xF1007007u
#define PROTO_TCP			0x65
#define PROTO_UDP			0x66
#define IP_DC				0
#define IP_V4				1
#define IP_V6				2
#define TCP_SET_RECVBUF			0x65F00000u
#define TCP_SET_SENDBUF			0x65F00001u
#define UDP_CHANGEADDR			0x66000001u
#define UDP_CHANGEPORT			0x66000002u
#define TIMEOUT_BLOCKING		0xFFFFFFFFu

#define H_SLOT(h)	(((h) & 0xFFFF) - 1)
#define H_GEN(h)	((h) >> 16)

static uint64_t ptype(const struct supp_req *req, unsigned int i)
{
	return supp_ptype(&req->params[i]);
}

static bool shape(const struct supp_req *req, unsigned int n,
		  const uint64_t *types)
{
	unsigned int i;

	if (req->num_params != n)
		return false;
	for (i = 0; i < n; i++)
		if (ptype(req, i) != types[i])
			return false;
	return true;
}

#define V_IN	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT
#define V_OUT	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT
#define V_IO	TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT
#define M_IN	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT
#define M_OUT	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT
#define M_IO	TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT

void supp_sock_init(struct supp_socks *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
}

/* Drop a reference; the last one closes a closing entry.  Lock held. */
static void sock_put_locked(struct supp_sock *e)
{
	if (--e->refs || !e->closing)
		return;
	close(e->fd);
	e->fd = -1;
	e->used = false;
	e->closing = false;
}

static void sock_put(struct supp_socks *s, struct supp_sock *e)
{
	pthread_mutex_lock(&s->lock);
	sock_put_locked(e);
	pthread_mutex_unlock(&s->lock);
}

/* Start closing @e: no new user finds it; the last user closes the fd. */
static void sock_close_locked(struct supp_socks *s, struct supp_sock *e)
{
	if (e->closing)
		return;
	e->closing = true;
	s->count--;
	shutdown(e->fd, SHUT_RDWR);	/* a blocked poll/recv returns */
	e->refs++;
	sock_put_locked(e);
}

/* The entry of @handle for @inst, with a reference; NULL if not theirs. */
static struct supp_sock *sock_get(struct supp_socks *s, uint32_t inst,
				  uint64_t handle)
{
	struct supp_sock *e = NULL;
	uint32_t slot;

	if (handle > UINT32_MAX || !(handle & 0xFFFF))
		return NULL;
	slot = H_SLOT((uint32_t)handle);
	if (slot >= SUPP_SOCK_MAX)
		return NULL;
	pthread_mutex_lock(&s->lock);
	if (s->tab[slot].used && !s->tab[slot].closing &&
	    s->tab[slot].inst == inst &&
	    s->tab[slot].gen == H_GEN((uint32_t)handle)) {
		e = &s->tab[slot];
		e->refs++;
	}
	pthread_mutex_unlock(&s->lock);
	if (!e)
		supp_dbg("socket: instance %u named handle 0x%llx it does not hold",
			 inst, (unsigned long long)handle);
	return e;
}

/* Enter @fd for @inst; 0 and *handle, or a TEEC/ISOCKET error. */
static uint32_t sock_add(struct supp_socks *s, uint32_t inst, int fd,
			 int type, uint32_t *handle)
{
	unsigned int i, mine = 0, free_slot = SUPP_SOCK_MAX;
	struct supp_sock *e;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < SUPP_SOCK_MAX; i++) {
		e = &s->tab[i];
		if (e->used && !e->closing && e->inst == inst)
			mine++;
		if (!e->used && free_slot == SUPP_SOCK_MAX)
			free_slot = i;
	}
	if (mine >= SUPP_SOCK_MAX_PER_INST || free_slot == SUPP_SOCK_MAX) {
		pthread_mutex_unlock(&s->lock);
		supp_warn("socket: instance %u holds %u sockets (%u in all, at most %u per instance, %u in all): open refused",
			  inst, mine, s->count, SUPP_SOCK_MAX_PER_INST,
			  SUPP_SOCK_MAX);
		return ISOCKET_ERROR_OUT_OF_RESOURCES;
	}
	e = &s->tab[free_slot];
	e->used = true;
	e->closing = false;
	e->refs = 0;
	e->inst = inst;
	e->fd = fd;
	e->type = type;
	e->gen = (e->gen + 1) & 0x7FFF;
	s->count++;
	*handle = (e->gen << 16) | (free_slot + 1);
	pthread_mutex_unlock(&s->lock);
	return TEEC_SUCCESS;
}

static int ms_left(const struct timespec *end)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (end->tv_sec - now.tv_sec) * 1000LL +
	     (end->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > INT32_MAX ? INT32_MAX : (int)ms;
}

/*
 * Wait until @fd is ready for @events within @timeout ms (TIMEOUT_BLOCKING:
 * forever, 0: not at all).  0, ISOCKET_ERROR_TIMEOUT or GENERIC.
 */
static uint32_t wait_fd(int fd, short events, uint32_t timeout)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	struct timespec end;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout / 1000;
	end.tv_nsec += (long)(timeout % 1000) * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	for (;;) {
		r = poll(&pfd, 1, timeout == TIMEOUT_BLOCKING ? -1 :
				  ms_left(&end));
		if (r > 0)
			return TEEC_SUCCESS;
		if (!r)
			return ISOCKET_ERROR_TIMEOUT;
		if (errno != EINTR)
			return TEEC_ERROR_GENERIC;
	}
}

static uint32_t sock_errno(int err)
{
	switch (err) {
	case EPIPE:
	case ECONNRESET:
	case ENOTCONN:
	case ESHUTDOWN:
		return ISOCKET_ERROR_REMOTE_CLOSED;
	case EAGAIN:
	case ETIMEDOUT:
		return ISOCKET_ERROR_TIMEOUT;
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EADDRNOTAVAIL:
		return TEEC_ERROR_COMMUNICATION;
	case EMSGSIZE:
		return ISOCKET_ERROR_LARGE_BUFFER;
	case ENOMEM:
	case ENOBUFS:
	case EMFILE:
	case ENFILE:
		return ISOCKET_ERROR_OUT_OF_RESOURCES;
	default:
		return TEEC_ERROR_GENERIC;
	}
}

/* connect() a non-blocking @fd within SUPP_SOCK_CONNECT_MS */
static uint32_t connect_bounded(int fd, const struct sockaddr *sa,
				socklen_t len)
{
	socklen_t el = sizeof(int);
	uint32_t r;
	int err = 0;

	if (!connect(fd, sa, len))
		return TEEC_SUCCESS;
	if (errno != EINPROGRESS)
		return sock_errno(errno);
	r = wait_fd(fd, POLLOUT, SUPP_SOCK_CONNECT_MS);
	if (r)
		return r;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el))
		return TEEC_ERROR_GENERIC;
	return err ? sock_errno(err) : TEEC_SUCCESS;
}

/*
 * Copy the NUL-terminated name of a memref of at most SUPP_SOCK_MAX_NAME
 * bytes out of shared memory (the TA may change it meanwhile) to @out.
 */
static const char *memref_name(const struct supp_param *p,
			       char out[SUPP_SOCK_MAX_NAME])
{
	if (!p->buf || !p->size || p->size > SUPP_SOCK_MAX_NAME)
		return NULL;
	memcpy(out, p->buf, p->size);
	if (!memchr(out, '\0', p->size))
		return NULL;
	return out;
}

static uint32_t resolve_connect(int family, int type, const char *host,
				uint16_t port, int *fdp)
{
	struct addrinfo hints, *res, *ai;
	char svc[8];
	uint32_t r = TEEC_ERROR_COMMUNICATION;
	int fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = type;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(svc, sizeof(svc), "%u", port);
	if (getaddrinfo(host, svc, &hints, &res)) {
		supp_dbg("socket: cannot resolve \"%s\"", host);
		return ISOCKET_ERROR_HOSTNAME;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		if (*fdp >= 0) {
			fd = *fdp;	/* UDP_CHANGEADDR: the same socket */
			if (ai->ai_family != family && family != AF_UNSPEC)
				continue;
		} else {
			fd = socket(ai->ai_family, ai->ai_socktype |
				    SOCK_NONBLOCK | SOCK_CLOEXEC,
				    ai->ai_protocol);
			if (fd < 0) {
				r = sock_errno(errno);
				continue;
			}
		}
		r = connect_bounded(fd, ai->ai_addr, ai->ai_addrlen);
		if (!r)
			break;
		if (fd != *fdp)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (!r)
		*fdp = fd;
	return r;
}

static uint32_t sock_open(struct supp_ctx *ctx, struct supp_req *req,
			  uint32_t inst)
{
	static const uint64_t t[] = { V_IN, V_IN, M_IN, V_OUT };
	struct tee_ioctl_param *v1 = req->params[1].p;
	char name[SUPP_SOCK_MAX_NAME];
	int family, type, fd = -1;
	const char *host;
	uint32_t r, h;

	if (!shape(req, 4, t))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (v1->a > UINT16_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (v1->b == PROTO_TCP)
		type = SOCK_STREAM;
	else if (v1->b == PROTO_UDP)
		type = SOCK_DGRAM;
	else
		return TEEC_ERROR_BAD_PARAMETERS;
	if (v1->c == IP_DC)
		family = AF_UNSPEC;
	else if (v1->c == IP_V4)
		family = AF_INET;
	else if (v1->c == IP_V6)
		family = AF_INET6;
	else
		return TEEC_ERROR_BAD_PARAMETERS;
	/* memory this supplicant never gave (it restarted): not a name */
	if (!req->params[2].buf && req->params[2].size)
		return TEEC_ERROR_BAD_PARAMETERS;
	host = memref_name(&req->params[2], name);
	if (!host)
		return ISOCKET_ERROR_HOSTNAME;
	/* a full table is refused before any connection is made */
	pthread_mutex_lock(&ctx->socks.lock);
	r = ctx->socks.count >= SUPP_SOCK_MAX ? ISOCKET_ERROR_OUT_OF_RESOURCES :
						TEEC_SUCCESS;
	pthread_mutex_unlock(&ctx->socks.lock);
	if (r)
		return r;
	r = resolve_connect(family, type, host, (uint16_t)v1->a, &fd);
	if (r) {
		supp_dbg("socket: instance %u: %s %s port %llu: 0x%08x", inst,
			 type == SOCK_STREAM ? "TCP" : "UDP", host,
			 (unsigned long long)v1->a, r);
		return r;
	}
	r = sock_add(&ctx->socks, inst, fd, type, &h);
	if (r) {
		close(fd);
		return r;
	}
	req->params[3].p->a = h;
	return TEEC_SUCCESS;
}

static uint32_t sock_close(struct supp_ctx *ctx, struct supp_req *req,
			   uint32_t inst, bool all)
{
	static const uint64_t t[] = { V_IN };
	struct supp_socks *s = &ctx->socks;
	struct supp_sock *e;
	unsigned int i;

	if (!shape(req, 1, t))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (all) {
		pthread_mutex_lock(&s->lock);
		for (i = 0; i < SUPP_SOCK_MAX; i++)
			if (s->tab[i].used && s->tab[i].inst == inst)
				sock_close_locked(s, &s->tab[i]);
		pthread_mutex_unlock(&s->lock);
		return TEEC_SUCCESS;
	}
	e = sock_get(s, inst, req->params[0].p->c);
	if (!e)
		return TEEC_ERROR_BAD_PARAMETERS;
	pthread_mutex_lock(&s->lock);
	sock_close_locked(s, e);
	sock_put_locked(e);
	pthread_mutex_unlock(&s->lock);
	return TEEC_SUCCESS;
}

static uint32_t sock_send(struct supp_ctx *ctx, struct supp_req *req,
			  uint32_t inst)
{
	static const uint64_t t[] = { V_IN, M_IN, V_IO };
	struct supp_param *m = &req->params[1];
	struct tee_ioctl_param *v2 = req->params[2].p;
	struct supp_sock *e;
	ssize_t n;
	uint32_t r;

	if (!shape(req, 3, t) || (!m->buf && m->size))
		return TEEC_ERROR_BAD_PARAMETERS;
	e = sock_get(&ctx->socks, inst, req->params[0].p->c);
	if (!e)
		return TEEC_ERROR_BAD_PARAMETERS;
	r = wait_fd(e->fd, POLLOUT, (uint32_t)v2->a);
	if (!r) {
		n = send(e->fd, m->buf, m->size, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0)
			r = sock_errno(errno);
		else
			v2->b = (uint64_t)n;
	}
	sock_put(&ctx->socks, e);
	return r;
}

static uint32_t sock_recv(struct supp_ctx *ctx, struct supp_req *req,
			  uint32_t inst)
{
	static const uint64_t t[] = { V_IN, M_OUT, V_IN };
	struct supp_param *m = &req->params[1];
	struct supp_sock *e;
	ssize_t n;
	uint32_t r;

	if (!shape(req, 3, t) || (!m->buf && m->size))
		return TEEC_ERROR_BAD_PARAMETERS;
	e = sock_get(&ctx->socks, inst, req->params[0].p->c);
	if (!e)
		return TEEC_ERROR_BAD_PARAMETERS;
	r = wait_fd(e->fd, POLLIN, (uint32_t)req->params[2].p->a);
	if (!r) {
		n = recv(e->fd, m->buf, m->size, MSG_DONTWAIT);
		if (n < 0) {
			r = sock_errno(errno);
		} else {
			/* 0 bytes: the peer closed (TCP), as OP-TEE's */
			req->params[1].p->b = (uint64_t)n;
		}
	}
	sock_put(&ctx->socks, e);
	return r;
}

static uint32_t ioctl_udp(struct supp_sock *e, uint32_t cmd,
			  struct supp_param *m)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const char *host;
	uint16_t port;
	char name[SUPP_SOCK_MAX_NAME];
	int fd = e->fd;

	if (getpeername(e->fd, (struct sockaddr *)&ss, &len))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (cmd == UDP_CHANGEPORT) {
		if (m->size != sizeof(port))
			return TEEC_ERROR_BAD_PARAMETERS;
		memcpy(&port, m->buf, sizeof(port));
		if (ss.ss_family == AF_INET)
			((struct sockaddr_in *)&ss)->sin_port = htons(port);
		else
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
		return connect(e->fd, (struct sockaddr *)&ss, len) ?
		       sock_errno(errno) : TEEC_SUCCESS;
	}
	if (cmd != UDP_CHANGEADDR)
		return TEEC_ERROR_NOT_SUPPORTED;
	host = memref_name(m, name);
	if (!host)
		return ISOCKET_ERROR_HOSTNAME;
	port = ntohs(ss.ss_family == AF_INET ?
		     ((struct sockaddr_in *)&ss)->sin_port :
		     ((struct sockaddr_in6 *)&ss)->sin6_port);
	return resolve_connect(ss.ss_family, SOCK_DGRAM, host, port, &fd);
}

static uint32_t sock_ioctl(struct supp_ctx *ctx, struct supp_req *req,
			   uint32_t inst)
{
	static const uint64_t t[] = { V_IN, M_IO, V_IN };
	struct supp_param *m = &req->params[1];
	uint64_t cmd = req->params[2].p->a;
	struct supp_sock *e;
	uint32_t r;
	int v;

	if (!shape(req, 3, t) || (!m->buf && m->size))
		return TEEC_ERROR_BAD_PARAMETERS;
	e = sock_get(&ctx->socks, inst, req->params[0].p->c);
	if (!e)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (e->type == SOCK_STREAM &&
	    (cmd == TCP_SET_RECVBUF || cmd == TCP_SET_SENDBUF)) {
		if (m->size != sizeof(uint32_t)) {
			r = TEEC_ERROR_BAD_PARAMETERS;
		} else {
			memcpy(&v, m->buf, sizeof(v));
			r = v < 0 || setsockopt(e->fd, SOL_SOCKET,
						cmd == TCP_SET_RECVBUF ?
						SO_RCVBUF : SO_SNDBUF,
						&v, sizeof(v)) ?
			    TEEC_ERROR_BAD_PARAMETERS : TEEC_SUCCESS;
		}
	} else if (e->type == SOCK_DGRAM) {
		r = cmd > UINT32_MAX ? TEEC_ERROR_NOT_SUPPORTED :
		    ioctl_udp(e, (uint32_t)cmd, m);
	} else {
		r = TEEC_ERROR_NOT_SUPPORTED;
	}
	sock_put(&ctx->socks, e);
	return r;
}

uint32_t supp_socket_request(struct supp_ctx *ctx, struct supp_req *req)
{
	struct tee_ioctl_param *v0;
	uint32_t inst;

	if (!req->num_params || ptype(req, 0) != V_IN)
		return TEEC_ERROR_BAD_PARAMETERS;
	v0 = req->params[0].p;
	if (v0->b > UINT32_MAX)
		return TEEC_ERROR_BAD_PARAMETERS;
	inst = (uint32_t)v0->b;
	switch (v0->a) {
	case SUPP_SOCKET_OPEN:
		return sock_open(ctx, req, inst);
	case SUPP_SOCKET_CLOSE:
		return sock_close(ctx, req, inst, false);
	case SUPP_SOCKET_CLOSE_ALL:
		return sock_close(ctx, req, inst, true);
	case SUPP_SOCKET_SEND:
		return sock_send(ctx, req, inst);
	case SUPP_SOCKET_RECV:
		return sock_recv(ctx, req, inst);
	case SUPP_SOCKET_IOCTL:
		return sock_ioctl(ctx, req, inst);
	default:
		return TEEC_ERROR_BAD_PARAMETERS;
	}
}

unsigned int supp_sock_count(struct supp_socks *s, uint32_t inst)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < SUPP_SOCK_MAX; i++)
		if (s->tab[i].used && !s->tab[i].closing &&
		    s->tab[i].inst == inst)
			n++;
	pthread_mutex_unlock(&s->lock);
	return n;
}

void supp_sock_destroy(struct supp_socks *s)
{
	unsigned int i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < SUPP_SOCK_MAX; i++)
		if (s->tab[i].used)
			sock_close_locked(s, &s->tab[i]);
	pthread_mutex_unlock(&s->lock);
}
