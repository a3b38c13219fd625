// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_plugin.c - the tee-supplicant plugin the tests call (UUID
 * TEST_PLUGIN_UUID, given by the build). Commands (cmd, sub_cmd):
 *
 *   0 PING    out_len = sub_cmd + 1
 *   1 SLEEP   sleeps sub_cmd ms, out_len = sub_cmd
 *   2 RET     returns sub_cmd as the result
 *   3 FILL    sets every byte of data to sub_cmd, out_len = in_len
 *   4 INITS   out_len = how many times init() ran (must be 1)
 *   5 WHOAMI  out_len = effective uid
 *   other     TEEC_ERROR_NOT_SUPPORTED
 */
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tee_plugin_method.h"

static atomic_uint inits;

static uint32_t test_init(void)
{
	atomic_fetch_add(&inits, 1);
	return 0;
}

static uint32_t test_invoke(unsigned int cmd, unsigned int sub_cmd,
			    void *data, size_t in_len, size_t *out_len)
{
	struct timespec ts;

	switch (cmd) {
	case 0:
		*out_len = sub_cmd + 1;
		return 0;
	case 1:
		ts.tv_sec = sub_cmd / 1000;
		ts.tv_nsec = (long)(sub_cmd % 1000) * 1000000;
		while (nanosleep(&ts, &ts))
			;
		*out_len = sub_cmd;
		return 0;
	case 2:
		return sub_cmd;
	case 3:
		if (data)
			memset(data, (int)sub_cmd, in_len);
		*out_len = in_len;
		return 0;
	case 4:
		*out_len = atomic_load(&inits);
		return 0;
	case 5:
		*out_len = geteuid();
		return 0;
	default:
		return 0xFFFF000Au;	/* TEEC_ERROR_NOT_SUPPORTED */
	}
}

/* TEST_PLUGIN_UUID (supplicant/build.mk) */
struct plugin_method plugin_method = {
	.name = "teekit-test",
	.uuid = { 0x7e57a000, 0x0000, 0x4000,
		  { 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } },
	.init = test_init,
	.invoke = test_invoke,
};
