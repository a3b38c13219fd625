// SPDX-License-Identifier: GPL-2.0-only
/*
 * linked.c - the test TA's objects linked into the test program, loaded
 * with tatest_load_linked() (tests/host/tatest.sh). TAP output.
 */
#include <stdio.h>
#include <string.h>
#include <teekit_tatest.h>

#include "ta/hostta.h"

static int n, bad;

static void ok(int cond, const char *what)
{
	printf("%sok %d %s\n", cond ? "" : "not ", ++n, what);
	bad |= !cond;
}

int main(void)
{
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t sess = 0, code = 0;
	struct tatest *t = tatest_load_linked();

	printf("TAP version 13\n1..4\n");
	if (!t)
		printf("# %s\n", tatest_error());
	ok(t != NULL, "linked TA loads");
	if (!t)
		return 1;
	memset(p, 0, sizeof(p));
	p[0].value.a = 20;
	p[0].value.b = 22;
	ok(!tatest_open(t, NULL, 0, NULL, &sess, NULL) &&
	   !tatest_invoke(t, sess, HOSTTA_ADD,
			  TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
					  TEE_PARAM_TYPE_VALUE_OUTPUT, 0, 0),
			  p, NULL) && p[1].value.a == 42,
	   "linked TA adds");
	p[0].value.a = 0x51;
	ok(tatest_invoke(t, sess, HOSTTA_PANIC,
			 TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, 0, 0, 0),
			 p, NULL) == TEE_ERROR_TARGET_DEAD &&
	   tatest_panicked(t, &code) && code == 0x51,
	   "linked TA's panic is caught");
	ok(!tatest_open(t, NULL, 0, NULL, &sess, NULL),
	   "a new instance after the panic");
	tatest_unload(t);
	return bad;
}
