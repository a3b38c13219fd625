// SPDX-License-Identifier: BSD-2-Clause
/*
 * service_daemon - the CA of the service_daemon TA: has the TA record an
 * event in the audit log of teekit-ex-auditd, a normal-world service
 * daemon, and prints the sequence number it got.
 *
 * Usage: service_daemon [EVENT]   (teekit-ex-auditd must be running)
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <service_daemon_ta.h>

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_SERVICE_DAEMON_UUID;
	const char *event = argc > 1 ? argv[1] : "door opened";
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result res;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)event;
	op.params[0].tmpref.size = strlen(event);
	res = TEEC_InvokeCommand(&sess, TA_SERVICE_DAEMON_CMD_RECORD, &op,
				 &origin);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	if (res == TEEC_ERROR_ITEM_NOT_FOUND)
		errx(1, "RECORD failed: %s (%s): nobody serves the audit service: start teekit-ex-auditd",
		     teekit_teec_strerror(res), teekit_teec_origin_name(origin));
	check(res, origin, "RECORD");
	printf("service_daemon: the TA recorded \"%s\" as entry %u of the audit log\n",
	       event, op.params[1].value.a);
	return 0;
}
