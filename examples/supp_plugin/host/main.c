// SPDX-License-Identifier: BSD-2-Clause
/*
 * supp_plugin - the CA of the supp_plugin TA: the TA asks a tee-supplicant
 * plugin for facts about the normal world and passes the answer on.
 *
 * Usage: supp_plugin [hostname | uptime | CMD]   (default: both; CMD is a
 *        plugin command number, e.g. one the plugin does not know)
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <supp_plugin_ta.h>

static TEEC_Session sess;

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

static void ask(uint32_t cmd, const char *what)
{
	TEEC_Operation op;
	uint32_t origin = 0;
	char buf[257];

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = cmd;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = sizeof(buf) - 1;
	check(TEEC_InvokeCommand(&sess, TA_SUPP_PLUGIN_CMD_ASK, &op, &origin),
	      origin, what);
	buf[op.params[1].tmpref.size] = 0;
	printf("supp_plugin: the TA asked the plugin for the %s: %s\n", what,
	       buf);
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_SUPP_PLUGIN_UUID;
	const char *cmd = argc > 1 ? argv[1] : "both";
	TEEC_Context ctx;
	uint32_t origin = 0;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");
	if (!strcmp(cmd, "hostname") || !strcmp(cmd, "both"))
		ask(SYSINFO_HOSTNAME, "hostname");
	if (!strcmp(cmd, "uptime") || !strcmp(cmd, "both"))
		ask(SYSINFO_UPTIME, "uptime in seconds");
	if (cmd[0] >= '0' && cmd[0] <= '9')
		ask(strtoul(cmd, NULL, 0), "answer to command");
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
