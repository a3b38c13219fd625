// SPDX-License-Identifier: GPL-2.0-only
/*
 * overflow.c - runs one command of the test TA so that valgrind or ASan
 * can judge it (tests/host/tatest.sh): "heap" (a TEE_Malloc overflow),
 * "memref" (a write past an output memref), "clean" (calls without a
 * bug: must stay silent). Exits 0 when the calls returned as expected.
 *
 *   overflow heap|memref|clean TA.so
 */
#include <stdio.h>
#include <string.h>
#include <teekit_tatest.h>

#include "ta/hostta.h"

int main(int argc, char **argv)
{
	TEE_Param p[TEE_NUM_PARAMS];
	char buf[32] = "", in[] = "abc";
	uint32_t sess, pt, cmd;
	struct tatest *t;
	TEE_Result r;

	if (argc != 3)
		return 2;
	t = tatest_load(argv[2]);
	if (!t) {
		fprintf(stderr, "%s\n", tatest_error());
		return 1;
	}
	if (tatest_open(t, NULL, 0, NULL, &sess, NULL))
		return 1;
	memset(p, 0, sizeof(p));
	if (!strcmp(argv[1], "heap")) {
		cmd = HOSTTA_HEAP_OVERFLOW;
		pt = 0;
	} else if (!strcmp(argv[1], "memref")) {
		cmd = HOSTTA_MEMREF_OVERRUN;
		pt = TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT, 0, 0, 0);
		p[0].memref.buffer = buf;
		p[0].memref.size = 8;	/* the TA writes 9 */
	} else {
		cmd = HOSTTA_REVERSE;
		pt = TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_MEMREF_OUTPUT, 0, 0);
		p[0].memref.buffer = in;
		p[0].memref.size = 3;
		p[1].memref.buffer = buf;
		p[1].memref.size = sizeof(buf);
	}
	r = tatest_invoke(t, sess, cmd, pt, p, NULL);
	/* whatever the TA did, 9 bytes never reach the test's buffer */
	if (!strcmp(argv[1], "memref") && buf[8])
		return 1;
	tatest_unload(t);
	printf("overflow %s: 0x%08x\n", argv[1], r);
	return r ? 1 : 0;
}
