# SPDX-License-Identifier: GPL-2.0-only
# tests/secure-world: in-VM tests of teekit-tos, teekit-tahost and the test
# TAs (secure-world/tests/ta) through libteec and the sim driver.
TEST_CFLAGS_secure-world := -Ilibteec -Isecure-world/tests/ta
TEST_LDLIBS_secure-world := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_secure-world := $(B)/libteec/libteec.so
