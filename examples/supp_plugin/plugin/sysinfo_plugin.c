// SPDX-License-Identifier: BSD-2-Clause
/*
 * sysinfo_plugin.c - a tee-supplicant plugin: facts about the normal world
 * that a TA cannot learn by itself. tee-supplicant loads every shared
 * object of its plugin directory (/usr/lib/tee-supplicant/plugins) at
 * start and calls invoke() for each TA request addressed to the plugin's
 * UUID (tee_invoke_supp_plugin() in the TA).
 *
 * It runs inside tee-supplicant with its privileges: a plugin is trusted
 * code of the normal world, and it should do as little as this one.
 */
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <tee_plugin_method.h>

#include <supp_plugin_ta.h>

#define TEEC_SUCCESS			0x00000000u
#define TEEC_ERROR_GENERIC		0xFFFF0000u
#define TEEC_ERROR_NOT_SUPPORTED	0xFFFF000Au
#define TEEC_ERROR_SHORT_BUFFER		0xFFFF0010u

static uint32_t sysinfo_invoke(unsigned int cmd, unsigned int sub_cmd,
			       void *data, size_t in_len, size_t *out_len)
{
	char answer[256];
	struct sysinfo si;
	int n;

	(void)sub_cmd;
	switch (cmd) {
	case SYSINFO_HOSTNAME:
		if (gethostname(answer, sizeof(answer) - 1))
			return TEEC_ERROR_GENERIC;
		answer[sizeof(answer) - 1] = 0;
		break;
	case SYSINFO_UPTIME:
		if (sysinfo(&si))
			return TEEC_ERROR_GENERIC;
		snprintf(answer, sizeof(answer), "%ld", si.uptime);
		break;
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
	/* the text without its NUL; SHORT_BUFFER says how much is needed */
	n = strlen(answer);
	*out_len = n;
	if (!data || in_len < (size_t)n)
		return TEEC_ERROR_SHORT_BUFFER;
	memcpy(data, answer, n);
	return TEEC_SUCCESS;
}

struct plugin_method plugin_method = {
	.name = "sysinfo (teekit example)",
	.uuid = SYSINFO_PLUGIN_UUID,
	.invoke = sysinfo_invoke,
};
