// SPDX-License-Identifier: BSD-2-Clause
/*
 * secure_storage - the CA of the secure_storage TA: keeps a named object in
 * the TA's private storage. Every run is a new session, so a new TA
 * instance: what "read" finds was written by an earlier instance.
 *
 * Usage: secure_storage write ID TEXT | read ID | delete ID
 *        secure_storage           write, read back, delete, read again
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>
#include <teekit_teec.h>

#include <secure_storage_ta.h>

static TEEC_Context ctx;
static TEEC_Session sess;

static void check(TEEC_Result res, uint32_t origin, const char *what)
{
	if (res != TEEC_SUCCESS)
		errx(1, "%s failed: %s (%s): %s", what, teekit_teec_strerror(res),
		     teekit_teec_origin_name(origin),
		     teekit_teec_explain(res, origin));
}

/* one command: memref[0] = the object's name, memref[1] = data if any */
static TEEC_Result call(uint32_t cmd, const char *id, void *data,
			size_t *len, uint32_t dir, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, dir,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)id;
	op.params[0].tmpref.size = strlen(id);
	op.params[1].tmpref.buffer = data;
	op.params[1].tmpref.size = len ? *len : 0;
	res = TEEC_InvokeCommand(&sess, cmd, &op, origin);
	if (len)
		*len = op.params[1].tmpref.size;
	return res;
}

static void do_write(const char *id, const char *text)
{
	size_t n = strlen(text);
	uint32_t origin = 0;

	check(call(TA_SECURE_STORAGE_CMD_WRITE, id, (void *)text, &n,
		   TEEC_MEMREF_TEMP_INPUT, &origin), origin, "write");
	printf("secure_storage: wrote \"%s\" (%zu bytes) to object \"%s\"\n",
	       text, n, id);
}

static TEEC_Result do_read(const char *id, uint32_t *origin)
{
	char buf[4096];
	size_t n = sizeof(buf) - 1;
	TEEC_Result res;

	res = call(TA_SECURE_STORAGE_CMD_READ, id, buf, &n,
		   TEEC_MEMREF_TEMP_OUTPUT, origin);
	if (res == TEEC_SUCCESS) {
		buf[n] = 0;
		printf("secure_storage: object \"%s\" holds \"%s\"\n", id, buf);
	}
	return res;
}

int main(int argc, char **argv)
{
	TEEC_UUID uuid = TA_SECURE_STORAGE_UUID;
	const char *cmd = argc > 1 ? argv[1] : "demo";
	uint32_t origin = 0;
	TEEC_Result res;

	check(TEEC_InitializeContext(NULL, &ctx), TEEC_ORIGIN_COMMS,
	      "TEEC_InitializeContext");
	check(TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL,
			       NULL, &origin), origin, "TEEC_OpenSession");

	if (!strcmp(cmd, "write") && argc == 4) {
		do_write(argv[2], argv[3]);
	} else if (!strcmp(cmd, "read") && argc == 3) {
		check(do_read(argv[2], &origin), origin, "read");
	} else if (!strcmp(cmd, "delete") && argc == 3) {
		check(call(TA_SECURE_STORAGE_CMD_DELETE, argv[2], NULL, NULL,
			   TEEC_NONE, &origin), origin, "delete");
		printf("secure_storage: deleted object \"%s\"\n", argv[2]);
	} else if (argc == 1) {
		do_write("note", "kept by the TA");
		check(do_read("note", &origin), origin, "read");
		check(call(TA_SECURE_STORAGE_CMD_DELETE, "note", NULL, NULL,
			   TEEC_NONE, &origin), origin, "delete");
		printf("secure_storage: deleted object \"note\"\n");
		res = do_read("note", &origin);
		printf("secure_storage: reading it again: %s\n",
		       teekit_teec_strerror(res));
		if (res != TEEC_ERROR_ITEM_NOT_FOUND)
			errx(1, "expected TEEC_ERROR_ITEM_NOT_FOUND");
	} else {
		errx(2, "usage: secure_storage [write ID TEXT | read ID | delete ID]");
	}
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
