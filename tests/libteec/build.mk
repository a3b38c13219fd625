# SPDX-License-Identifier: GPL-2.0-only
# tests/libteec: in-VM tests of libteec against the test driver's TAs.
# The programs link the library in the build tree and find the installed
# copy (/usr/lib/libteec.so.1) in the VM.
TEST_CFLAGS_libteec := -Ilibteec
TEST_LDLIBS_libteec := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_libteec := $(B)/libteec/libteec.so
