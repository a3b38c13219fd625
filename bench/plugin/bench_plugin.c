// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_plugin.c - a tee-supplicant plugin that does nothing: the
 * benchmark of the TA -> supplicant -> TA round trip calls it.
 */
#include <tee_plugin_method.h>

#include "../ta/bench_ta.h"

static uint32_t bench_plugin_invoke(unsigned int cmd, unsigned int sub_cmd,
				    void *data, size_t in_len, size_t *out_len)
{
	(void)cmd;
	(void)sub_cmd;
	(void)data;
	(void)in_len;
	*out_len = 0;
	return 0;
}

struct plugin_method plugin_method = {
	.name = "teekit-bench",
	.uuid = BENCH_PLUGIN_UUID,
	.invoke = bench_plugin_invoke,
};
