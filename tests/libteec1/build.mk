# SPDX-License-Identifier: GPL-2.0-only
# tests/libteec1: tests/libteec's programs built again for generation 1 of
# the client ABI (libteec.so.1, OP-TEE <= 4.1): against the header as
# installed in include/teec1 (TEEKIT_TEEC_ABI 1 by default, OP-TEE's
# layouts asserted by tests/libteec/optee_layout.h) and linked with
# libteec.so.1; in the VM they find /usr/lib/libteec.so.1 (decision 1540).
TEST_CFLAGS_libteec1 := -I$(B)/libteec/include1/teec1 -Itests/libteec
TEST_LDLIBS_libteec1 := -L$(B)/libteec/teec1 -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_libteec1 := $(B)/libteec/teec1/libteec.so $(LIBTEEC_HDRS1)
