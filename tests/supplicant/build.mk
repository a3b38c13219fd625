# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of tee-supplicant: they may link the handler library to run
# handlers against real file systems (e.g. a full tmpfs).
TEST_CFLAGS_supplicant := -Isupplicant
TEST_DEPS_supplicant := $(SUPP_LIB) $(SUPP_TEST_PLUGIN)
TEST_LDLIBS_supplicant := $(SUPP_LIB) -ldl
