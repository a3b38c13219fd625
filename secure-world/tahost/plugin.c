// SPDX-License-Identifier: GPL-2.0-only
/*
 * plugin.c - tee_invoke_supp_plugin(): a TA calls a tee-supplicant plugin,
 * as OP-TEE's extension does. One SUPP_PLUGIN RPC (func 12) through the
 * sim driver's RPC path; the layout is the supplicant's
 * (supplicant/plugins.c):
 *
 *   v0 = { a: 0 (invoke), b: UUID word 0, c: UUID word 1 }
 *   v1 = { a: UUID word 2, b: UUID word 3, c: cmd }
 *   v2 INOUT = { a: sub_cmd, b (out): out length }
 *   m3 INOUT (only with a buffer): data, in supplicant shared memory
 *
 * The UUID words are the 16 RFC 4122 octets read as four little-endian
 * u32.
 */
#include <string.h>
#include <linux/teekit_sim.h>

#include <tee_internal_api_extensions.h>

#include "teeta.h"

static void uuid_words(const TEE_UUID *u, uint64_t w[4])
{
	uint8_t o[16];
	int i;

	teeta_uuid_octets(u, o);
	for (i = 0; i < 4; i++)
		w[i] = (uint32_t)o[4 * i] | (uint32_t)o[4 * i + 1] << 8 |
		       (uint32_t)o[4 * i + 2] << 16 |
		       (uint32_t)o[4 * i + 3] << 24;
}

TEE_Result tee_invoke_supp_plugin(const TEE_UUID *uuid, uint32_t cmd,
				  uint32_t sub_cmd, void *buf, size_t len,
				  size_t *outlen)
{
	struct tksim_msg m;
	uint64_t w[4], cookie = 0;
	size_t maplen = 0, out;
	void *shm = NULL;
	TEE_Result res;

	/* OP-TEE's choice: a buffer needs a length, a length needs a buffer */
	if (!uuid || (len && !buf) || (!len && buf))
		return TEE_ERROR_BAD_PARAMETERS;
	uuid_words(uuid, w);
	memset(&m, 0, sizeof(m));
	m.cmd = TKSIM_RPC_SUPP_PLUGIN;
	m.num_params = 3;
	m.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	m.params[0].b = w[0];
	m.params[0].c = w[1];
	m.params[1].attr = TKSIM_PARAM_VALUE_INPUT;
	m.params[1].a = w[2];
	m.params[1].b = w[3];
	m.params[1].c = cmd;
	m.params[2].attr = TKSIM_PARAM_VALUE_INOUT;
	m.params[2].a = sub_cmd;
	if (len) {
		/* the plugin sees the data in supplicant memory: copy in, out */
		shm = teeta_rpc_shm_alloc(len, &cookie, &maplen);
		if (!shm)
			return TEE_ERROR_OUT_OF_MEMORY;
		memcpy(shm, buf, len);
		m.num_params = 4;
		m.params[3].attr = TKSIM_PARAM_MEMREF_INOUT;
		m.params[3].a = 0;
		m.params[3].b = len;
		m.params[3].c = cookie;
	}
	res = teeta_rpc(&m);
	out = m.params[2].b;
	if (res == TEE_SUCCESS && shm && out > len)
		res = TEE_ERROR_SHORT_BUFFER;
	if (res == TEE_SUCCESS && shm)
		memcpy(buf, shm, out);
	if (shm)
		teeta_rpc_shm_free(shm, maplen, cookie);
	if (outlen)
		*outlen = out;
	return res;
}
