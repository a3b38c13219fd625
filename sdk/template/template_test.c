// SPDX-License-Identifier: BSD-2-Clause
/*
 * template_test.c - a host unit test of template_ta.c: the TA's entry
 * points run in this process through the teekit host harness, no TEE
 * needed. Any test framework can drive these calls; this one only counts.
 *
 *   make TA_DEV_KIT_DIR=/usr/share/teekit/sdk        # builds <uuid>.so
 *   cc -o template_test template_test.c $(pkg-config --cflags --libs teekit-tatest)
 *   ./template_test ./00000000-0000-4000-8000-000000000000.so
 *
 * or with CMake (CMakeLists.txt here): cmake -B b && cmake --build b &&
 * (cd b && ctest). Under valgrind or with -fsanitize=address (and the TA
 * built with TA_SANITIZE=address) the TA's memory errors are reported.
 */
#include <stdio.h>
#include <string.h>
#include <teekit_tatest.h>

#define CMD_ADD 0

static int failed;

#define CHECK(cond) do {						\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, \
				__LINE__, #cond);			\
			failed++;					\
		}							\
	} while (0)

static int opened_lines;

static void on_log(void *arg, const char *line)
{
	(void)arg;
	if (strstr(line, "session opened"))
		opened_lines++;
}

int main(int argc, char **argv)
{
	const uint32_t add = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
					     TEE_PARAM_TYPE_VALUE_OUTPUT,
					     TEE_PARAM_TYPE_NONE,
					     TEE_PARAM_TYPE_NONE);
	TEE_Param p[TEE_NUM_PARAMS];
	uint32_t sess, origin;
	struct tatest *t;

	if (argc != 2) {
		fprintf(stderr, "usage: %s <uuid>.so\n", argv[0]);
		return 2;
	}
	t = tatest_load(argv[1]);
	if (!t) {
		fprintf(stderr, "%s\n", tatest_error());
		return 1;
	}
	tatest_set_log(t, on_log, NULL);

	CHECK(tatest_open(t, NULL, 0, NULL, &sess, &origin) == TEE_SUCCESS);
	CHECK(opened_lines == 1);

	memset(p, 0, sizeof(p));
	p[0].value.a = 40;
	p[0].value.b = 2;
	CHECK(tatest_invoke(t, sess, CMD_ADD, add, p, &origin) == TEE_SUCCESS);
	CHECK(p[1].value.a == 42);

	/* error paths: the TA's own answers, origin TRUSTED_APP */
	CHECK(tatest_invoke(t, sess, CMD_ADD, 0, NULL, &origin) ==
	      TEE_ERROR_BAD_PARAMETERS);
	CHECK(origin == TEE_ORIGIN_TRUSTED_APP);
	CHECK(tatest_invoke(t, sess, 99, add, p, &origin) ==
	      TEE_ERROR_NOT_SUPPORTED);

	CHECK(tatest_close(t, sess) == TEE_SUCCESS);
	tatest_unload(t);
	printf("template_test: %s\n", failed ? "FAILED" : "all passed");
	return failed ? 1 : 0;
}
