# SPDX-License-Identifier: GPL-2.0-only
# tests/integration: the whole stack as a user runs it (teekit_sim,
# tee-supplicant loading TAs, teekit-tos daemonized, libteec, the examples).
TEST_CFLAGS_integration := -Ilibteec -Iexamples/hello_world/ta/include \
	-Iexamples/secure_reverse/ta/include
TEST_LDLIBS_integration := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_integration := $(B)/libteec/libteec.so
