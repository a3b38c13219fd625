// SPDX-License-Identifier: GPL-2.0-only
/*
 * api.c - tests/libteec/api.c, built for libteec.so.1 (tests/libteec1/build.mk):
 * a CA compiled with generation 1's header runs on the library of that
 * soname, every test of the generation 2 build included.
 */
#include <tee_client_api.h>
#if TEEKIT_TEEC_ABI != 1
#error "not generation 1's header: tests/libteec1/build.mk puts include/teec1 first"
#endif
#include "../libteec/api.c"
