# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of service daemons: they link libteeservice.
TEST_CFLAGS_services := $(TEES_CFLAGS)
TEST_DEPS_services := $(TEES_LIB)
TEST_LDLIBS_services := $(TEES_LIB) -lpthread
