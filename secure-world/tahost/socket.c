// SPDX-License-Identifier: GPL-2.0-only
/*
 * socket.c - the GP TEE Sockets API v1.0 (TEE_tcpSocket, TEE_udpSocket)
 * over OP-TEE's socket RPC (10) to tee-supplicant. The TA process has no
 * socket system call (sandbox.c): the supplicant owns the sockets, per TA
 * instance (docs/ta-api.md, "Sockets"; decisions 1530-1532).
 *
 * The instance keeps one buffer of supplicant memory for all its sockets
 * (an instance serves one call at a time): the host name or ioctl buffer
 * at OFF_NAME, data at OFF_DATA. A TCP send larger than SOCK_DATA goes in
 * chunks; a UDP datagram must fit in one.
 *
 * A TEE_iSocketHandle is a pointer to a struct sock this file allocated;
 * a pointer that is not one of the live ones, or one of the other
 * protocol, panics the TA as GP asks.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/teekit_sim.h>
#include <tee_tcpsocket.h>
#include <tee_udpsocket.h>

#include "teeta.h"

#define SOCK_DATA	(64u * 1024)
#define OFF_NAME	0
#define NAME_MAX_LEN	256
#define OFF_DATA	4096
#define SHM_SIZE	(OFF_DATA + SOCK_DATA)
#define MAX_SOCKS	64	/* per instance; the supplicant allows 16 */
#define TIMEOUT_BLOCKING	0xFFFFFFFFu

struct sock {
	uint32_t handle;	/* the supplicant's */
	uint8_t proto;		/* TEE_ISOCKET_PROTOCOLID_* */
	uint32_t proto_error;	/* what error() returns */
};

static struct sock *socks[MAX_SOCKS];
static uint8_t *shm;
static uint64_t shm_cookie;
static size_t shm_maplen;

static void drop_buf(void)
{
	if (shm)
		teeta_rpc_shm_free(shm, shm_maplen, shm_cookie);
	shm = NULL;
}

static TEE_Result buf_get(void)
{
	if (shm)
		return TEE_SUCCESS;
	shm = teeta_rpc_shm_alloc(SHM_SIZE, &shm_cookie, &shm_maplen);
	if (!shm) {
		teeta_log("sockets: no supplicant memory for %u bytes (is tee-supplicant running? max_ta_shm_kib of teekit_sim)",
			  SHM_SIZE);
		return TEE_ERROR_COMMUNICATION;
	}
	return TEE_SUCCESS;
}

static void msg_val(struct tksim_msg *m, unsigned int i, uint32_t attr,
		    uint64_t a, uint64_t b, uint64_t c)
{
	m->params[i].attr = attr;
	m->params[i].a = a;
	m->params[i].b = b;
	m->params[i].c = c;
	if (m->num_params < i + 1)
		m->num_params = i + 1;
}

static void msg_mem(struct tksim_msg *m, unsigned int i, uint32_t attr,
		    uint64_t off, uint64_t len)
{
	msg_val(m, i, attr, off, len, shm_cookie);
}

/* v0 of every request; the driver fills in the instance id (b) */
static void msg_init(struct tksim_msg *m, uint32_t op, uint32_t handle)
{
	memset(m, 0, sizeof(*m));
	m->cmd = TKSIM_RPC_SOCKET;
	msg_val(m, 0, TKSIM_PARAM_VALUE_INPUT, op, 0, handle);
}

/*
 * One request. A transport failure (no supplicant) drops the buffer and
 * reads as COMMUNICATION. BAD_PARAMETERS means the supplicant does not
 * know our buffer or our handle: it restarted, so the buffer is dropped
 * too (the next request allocates one it knows).
 */
static TEE_Result call(struct tksim_msg *m)
{
	TEE_Result r = teeta_rpc(m);

	if (r == TEE_ERROR_COMMUNICATION || r == TEE_ERROR_BAD_STATE) {
		teeta_log("sockets: supplicant request %u failed (0x%08x): is tee-supplicant running?",
			  (unsigned int)m->params[0].a, r);
		drop_buf();
		return TEE_ERROR_COMMUNICATION;
	}
	if (r == TEE_ERROR_BAD_PARAMETERS)
		drop_buf();
	return r;
}

/* The struct sock of @ctx for protocol @proto; panics on anything else */
static struct sock *sock_of(TEE_iSocketHandle ctx, uint8_t proto)
{
	unsigned int i;

	for (i = 0; ctx && i < MAX_SOCKS; i++)
		if (socks[i] == ctx && socks[i]->proto == proto)
			return socks[i];
	teeta_log("sockets: %p is not an open %s socket handle of this TA: panic",
		  ctx, proto == TEE_ISOCKET_PROTOCOLID_TCP ? "TCP" : "UDP");
	TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	return NULL;
}

/* A handle the supplicant no longer knows (it restarted): connection gone */
static TEE_Result lost(TEE_Result r)
{
	return r == TEE_ERROR_BAD_PARAMETERS ? TEE_ERROR_COMMUNICATION : r;
}

static TEE_Result sock_open(TEE_iSocketHandle *ctx, void *setup,
			    uint32_t *protocolError, uint8_t proto)
{
	/* the TCP and UDP setup structures have the same layout */
	TEE_tcpSocket_Setup *su = setup;
	struct tksim_msg m;
	struct sock *s;
	unsigned int i;
	TEE_Result r;
	size_t n;

	if (!ctx || !setup || !protocolError)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*protocolError = 0;
	*ctx = NULL;
	if (!su->server_addr)
		return TEE_ISOCKET_ERROR_HOSTNAME;
	n = strnlen(su->server_addr, NAME_MAX_LEN);
	if (n >= NAME_MAX_LEN)
		return TEE_ISOCKET_ERROR_HOSTNAME;
	if (su->ipVersion != TEE_IP_VERSION_DC &&
	    su->ipVersion != TEE_IP_VERSION_4 &&
	    su->ipVersion != TEE_IP_VERSION_6)
		return TEE_ERROR_BAD_PARAMETERS;
	for (i = 0; i < MAX_SOCKS && socks[i]; i++)
		;
	if (i == MAX_SOCKS)
		return TEE_ISOCKET_ERROR_OUT_OF_RESOURCES;
	s = calloc(1, sizeof(*s));
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	/* a second try with a fresh buffer if the supplicant restarted */
	for (i = 0; i < 2; i++) {
		r = buf_get();
		if (r)
			goto err;
		memcpy(shm + OFF_NAME, su->server_addr, n + 1);
		msg_init(&m, TKSIM_SOCKET_OPEN, 0);
		msg_val(&m, 1, TKSIM_PARAM_VALUE_INPUT, su->server_port, proto,
			su->ipVersion);
		msg_mem(&m, 2, TKSIM_PARAM_MEMREF_INPUT, OFF_NAME, n + 1);
		msg_val(&m, 3, TKSIM_PARAM_VALUE_OUTPUT, 0, 0, 0);
		r = call(&m);
		if (r != TEE_ERROR_BAD_PARAMETERS)
			break;
	}
	if (r)
		goto err;
	for (i = 0; i < MAX_SOCKS && socks[i]; i++)
		;
	s->handle = (uint32_t)m.params[3].a;
	s->proto = proto;
	socks[i] = s;
	*ctx = s;
	return TEE_SUCCESS;
err:
	free(s);
	return r;
}

static TEE_Result sock_close(TEE_iSocketHandle ctx, uint8_t proto)
{
	struct tksim_msg m;
	struct sock *s;
	unsigned int i;

	if (ctx == TEE_HANDLE_NULL)
		return TEE_SUCCESS;
	s = sock_of(ctx, proto);
	msg_init(&m, TKSIM_SOCKET_CLOSE, s->handle);
	/* gone from the supplicant either way (or it restarted) */
	call(&m);
	for (i = 0; i < MAX_SOCKS; i++)
		if (socks[i] == s)
			socks[i] = NULL;
	free(s);
	return TEE_SUCCESS;
}

/* milliseconds left of @timeout started at @t0 (BLOCKING stays so) */
static uint32_t left(uint32_t timeout, const struct timespec *t0)
{
	struct timespec now;
	uint64_t ms;

	if (timeout == TIMEOUT_BLOCKING)
		return timeout;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (uint64_t)(now.tv_sec - t0->tv_sec) * 1000 +
	     (now.tv_nsec - t0->tv_nsec) / 1000000;
	return ms >= timeout ? 0 : timeout - (uint32_t)ms;
}

static TEE_Result send_once(struct sock *s, const void *buf, uint32_t len,
			    uint32_t timeout, uint32_t *sent)
{
	struct tksim_msg m;
	TEE_Result r;

	memcpy(shm + OFF_DATA, buf, len);
	msg_init(&m, TKSIM_SOCKET_SEND, s->handle);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_INPUT, OFF_DATA, len);
	msg_val(&m, 2, TKSIM_PARAM_VALUE_INOUT, timeout, 0, 0);
	r = call(&m);
	*sent = r ? 0 : (uint32_t)(m.params[2].b > len ? len : m.params[2].b);
	return lost(r);
}

static TEE_Result sock_send(TEE_iSocketHandle ctx, const void *buf,
			    uint32_t *length, uint32_t timeout, uint8_t proto)
{
	struct sock *s = sock_of(ctx, proto);
	uint32_t done = 0, chunk, n;
	struct timespec t0;
	TEE_Result r;

	if (!length || (!buf && *length))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	if (proto == TEE_ISOCKET_PROTOCOLID_UDP && *length > SOCK_DATA)
		return TEE_ISOCKET_ERROR_LARGE_BUFFER;
	r = buf_get();
	if (r)
		return r;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* TCP: everything, in chunks, unless an error or the timeout */
	do {
		chunk = *length - done;
		if (chunk > SOCK_DATA)
			chunk = SOCK_DATA;
		r = send_once(s, (const uint8_t *)buf + done, chunk,
			      left(timeout, &t0), &n);
		done += n;
		if (r || (proto == TEE_ISOCKET_PROTOCOLID_TCP && !n && chunk &&
			  !left(timeout, &t0))) {
			r = r ? r : TEE_ISOCKET_ERROR_TIMEOUT;
			break;
		}
	} while (proto == TEE_ISOCKET_PROTOCOLID_TCP && done < *length);
	*length = done;
	return r;
}

static TEE_Result sock_recv(TEE_iSocketHandle ctx, void *buf,
			    uint32_t *length, uint32_t timeout, uint8_t proto)
{
	struct sock *s = sock_of(ctx, proto);
	struct tksim_msg m;
	uint32_t want, got;
	TEE_Result r;

	if (!length || (!buf && *length))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	r = buf_get();
	if (r)
		return r;
	want = *length > SOCK_DATA ? SOCK_DATA : *length;
	msg_init(&m, TKSIM_SOCKET_RECV, s->handle);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_OUTPUT, OFF_DATA, want);
	msg_val(&m, 2, TKSIM_PARAM_VALUE_INPUT, timeout, 0, 0);
	r = lost(call(&m));
	if (r) {
		*length = 0;
		return r;
	}
	got = m.params[1].b > want ? want : (uint32_t)m.params[1].b;
	memcpy(buf, shm + OFF_DATA, got);
	*length = got;
	/* TCP: nothing to read after waiting means the peer closed (GP) */
	if (!got && want && proto == TEE_ISOCKET_PROTOCOLID_TCP)
		return TEE_ISOCKET_ERROR_REMOTE_CLOSED;
	return TEE_SUCCESS;
}

static uint32_t sock_error(TEE_iSocketHandle ctx, uint8_t proto)
{
	return sock_of(ctx, proto)->proto_error;
}

static TEE_Result sock_ioctl(TEE_iSocketHandle ctx, uint32_t cmd, void *buf,
			     uint32_t *length, uint8_t proto)
{
	struct sock *s = sock_of(ctx, proto);
	struct tksim_msg m;
	TEE_Result r;
	uint32_t n;

	if (!length || (!buf && *length))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	/* protocol 0: the generic iSocket layer, which has no command */
	if (!(cmd >> 24))
		return TEE_SUCCESS;
	if (cmd >> 24 != proto)
		return TEE_ERROR_NOT_SUPPORTED;
	if (*length > SOCK_DATA)
		return TEE_ERROR_BAD_PARAMETERS;
	r = buf_get();
	if (r)
		return r;
	memcpy(shm + OFF_DATA, buf, *length);
	msg_init(&m, TKSIM_SOCKET_IOCTL, s->handle);
	msg_mem(&m, 1, TKSIM_PARAM_MEMREF_INOUT, OFF_DATA, *length);
	msg_val(&m, 2, TKSIM_PARAM_VALUE_INPUT, cmd, 0, 0);
	r = call(&m);
	if (r && r != TEE_ERROR_SHORT_BUFFER)
		return r;
	n = m.params[1].b > *length ? *length : (uint32_t)m.params[1].b;
	memcpy(buf, shm + OFF_DATA, n);
	*length = (uint32_t)m.params[1].b;
	return r;
}

#define PROTO_FNS(name, id)						\
static TEE_Result name##_open(TEE_iSocketHandle *ctx, void *setup,	\
			      uint32_t *protocolError)			\
{									\
	return sock_open(ctx, setup, protocolError, id);		\
}									\
static TEE_Result name##_close(TEE_iSocketHandle ctx)			\
{									\
	return sock_close(ctx, id);					\
}									\
static TEE_Result name##_send(TEE_iSocketHandle ctx, const void *buf,	\
			      uint32_t *length, uint32_t timeout)	\
{									\
	return sock_send(ctx, buf, length, timeout, id);		\
}									\
static TEE_Result name##_recv(TEE_iSocketHandle ctx, void *buf,	\
			      uint32_t *length, uint32_t timeout)	\
{									\
	return sock_recv(ctx, buf, length, timeout, id);		\
}									\
static uint32_t name##_error(TEE_iSocketHandle ctx)			\
{									\
	return sock_error(ctx, id);					\
}									\
static TEE_Result name##_ioctl(TEE_iSocketHandle ctx, uint32_t cmd,	\
			       void *buf, uint32_t *length)		\
{									\
	return sock_ioctl(ctx, cmd, buf, length, id);			\
}									\
static TEE_iSocket name##_iface = {					\
	.TEE_iSocketVersion = TEE_ISOCKET_VERSION,			\
	.protocolID = id,						\
	.open = name##_open,						\
	.close = name##_close,						\
	.send = name##_send,						\
	.recv = name##_recv,						\
	.error = name##_error,						\
	.ioctl = name##_ioctl,						\
}

PROTO_FNS(tcp, TEE_ISOCKET_PROTOCOLID_TCP);
PROTO_FNS(udp, TEE_ISOCKET_PROTOCOLID_UDP);

TEE_iSocket *const TEE_tcpSocket = &tcp_iface;
TEE_iSocket *const TEE_udpSocket = &udp_iface;
