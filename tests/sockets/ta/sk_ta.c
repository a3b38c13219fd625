// SPDX-License-Identifier: GPL-2.0-only
/*
 * sk_ta.c - the TA of the GP Sockets tests (tests/sockets): one iSocket
 * call per command on sockets kept in slots, so the test program drives
 * TEE_tcpSocket and TEE_udpSocket from the normal world, plus the hostile
 * commands (a handle forged to name another instance's socket, a flood of
 * opens, bad handles).
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_tcpsocket.h>
#include <tee_udpsocket.h>

#include "sk_ta.h"

static TEE_iSocketHandle slot[SK_SLOTS];
static TEE_iSocket *iface[SK_SLOTS];
static uint8_t pattern[256 * 1024];

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param p[4], void **sess)
{
	(void)pt;
	(void)p;
	*sess = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	unsigned int i;

	(void)sess;
	for (i = 0; i < SK_SLOTS; i++)
		if (slot[i])
			iface[i]->close(slot[i]);
}

static int new_slot(void)
{
	int i;

	for (i = 0; i < SK_SLOTS; i++)
		if (!slot[i])
			return i;
	return -1;
}

static TEE_Result sk_open(TEE_Param p[4])
{
	TEE_tcpSocket_Setup su;
	char host[512];
	int i = new_slot();
	TEE_Result r;

	if (i < 0 || p[2].memref.size >= sizeof(host))
		return TEE_ERROR_OUT_OF_MEMORY;
	memcpy(host, p[2].memref.buffer, p[2].memref.size);
	host[p[2].memref.size] = '\0';
	su.ipVersion = p[0].value.b;
	su.server_addr = p[2].memref.size ? host : NULL;
	su.server_port = p[1].value.a;
	iface[i] = p[0].value.a == TEE_ISOCKET_PROTOCOLID_UDP ?
		   TEE_udpSocket : TEE_tcpSocket;
	/* the UDP setup has the same layout */
	r = iface[i]->open(&slot[i], &su, &p[3].value.b);
	p[3].value.a = i;
	return r;
}

static TEE_Result get(uint32_t i)
{
	return i < SK_SLOTS && slot[i] ? TEE_SUCCESS : TEE_ERROR_ITEM_NOT_FOUND;
}

static TEE_Result flood(TEE_Param p[4])
{
	TEE_tcpSocket_Setup su;
	char host[64];
	TEE_Result r = TEE_SUCCESS;
	uint32_t n = 0, err;
	int i;

	if (p[1].memref.size >= sizeof(host))
		return TEE_ERROR_BAD_PARAMETERS;
	memcpy(host, p[1].memref.buffer, p[1].memref.size);
	host[p[1].memref.size] = '\0';
	su.ipVersion = TEE_IP_VERSION_DC;
	su.server_addr = host;
	su.server_port = p[0].value.b;
	while ((i = new_slot()) >= 0) {
		iface[i] = p[0].value.a == TEE_ISOCKET_PROTOCOLID_UDP ?
			   TEE_udpSocket : TEE_tcpSocket;
		r = iface[i]->open(&slot[i], &su, &err);
		if (r)
			break;
		n++;
	}
	p[0].value.a = n;
	p[0].value.b = r;
	return TEE_SUCCESS;
}

static TEE_Result send_pattern(TEE_Param p[4])
{
	uint32_t i = p[0].value.a, left = p[0].value.b, sent = 0, n;
	TEE_Result r = TEE_SUCCESS;
	size_t k;

	for (k = 0; k < sizeof(pattern); k++)
		pattern[k] = k & 0xff;
	while (left) {
		n = left > sizeof(pattern) ? sizeof(pattern) : left;
		r = iface[i]->send(slot[i], pattern, &n, TEE_TIMEOUT_INFINITE);
		sent += n;
		left -= n;
		if (r)
			break;
	}
	p[0].value.a = sent;
	return r;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	uint32_t n, i = p[0].value.a;
	TEE_Result r;

	(void)sess;
	(void)pt;
	switch (cmd) {
	case SK_CMD_OPEN:
		return sk_open(p);
	case SK_CMD_FLOOD:
		return flood(p);
	case SK_CMD_BAD_HANDLE:
		if (p[0].value.a == 0)
			return TEE_tcpSocket->close((TEE_iSocketHandle)0x1234);
		if (!slot[0])
			return TEE_ERROR_ITEM_NOT_FOUND;
		n = 0;
		return TEE_udpSocket->send(slot[0], "", &n, 0);
	}
	r = get(i);
	if (r)
		return r;
	switch (cmd) {
	case SK_CMD_CLOSE:
		r = iface[i]->close(slot[i]);
		slot[i] = NULL;
		return r;
	case SK_CMD_SEND:
		n = p[1].memref.size;
		r = iface[i]->send(slot[i], p[1].memref.buffer, &n,
				   p[0].value.b);
		p[0].value.a = n;
		return r;
	case SK_CMD_RECV:
		n = p[1].memref.size;
		r = iface[i]->recv(slot[i], p[1].memref.buffer, &n,
				   p[0].value.b);
		p[1].memref.size = n;
		return r;
	case SK_CMD_IOCTL:
		n = p[1].memref.size;
		r = iface[i]->ioctl(slot[i], p[0].value.b, p[1].memref.buffer,
				    &n);
		p[2].value.a = n;
		return r;
	case SK_CMD_ERROR:
		p[0].value.a = iface[i]->error(slot[i]);
		return TEE_SUCCESS;
	case SK_CMD_PEEK:
		memcpy(&p[0].value.a, slot[i], sizeof(uint32_t));
		return TEE_SUCCESS;
	case SK_CMD_POKE:
		memcpy(slot[i], &p[0].value.b, sizeof(uint32_t));
		return TEE_SUCCESS;
	case SK_CMD_SEND_PATTERN:
		return send_pattern(p);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
