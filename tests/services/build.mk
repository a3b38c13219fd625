# SPDX-License-Identifier: GPL-2.0-only
# In-VM tests of service daemons: they link libteeservice, and (ta_calls)
# libteec with a TA that reaches services through the sim driver. The TA
# (tests/services/ta, a three-line Makefile) is built with the SDK as
# installed: the staged install of sdk/build.mk.
TEST_CFLAGS_services := $(TEES_CFLAGS) -Ilibteec -Itests/services/ta
TEST_DEPS_services := $(TEES_LIB) $(B)/libteec/libteec.so
TEST_LDLIBS_services := $(TEES_LIB) -lpthread -L$(B)/libteec -lteec \
	-Wl,-rpath,/usr/lib

SVC_TA_UUID := 5e7c0000-0000-4000-8000-000000000001
SVC_TA := $(B)/services-ta/$(SVC_TA_UUID).ta

$(SVC_TA): $(B)/sdk-root/.stamp $(wildcard tests/services/ta/*) $(SW_KEY) $(SW_SIGN)
	$(MAKE) --no-print-directory -C tests/services/ta \
		TA_DEV_KIT_DIR=$(abspath $(SDK_STAGE))/share/teekit/sdk \
		O=$(abspath $(B))/services-ta/obj BINARY=$(SVC_TA_UUID) \
		TA_SIGN_KEY=$(abspath $(SW_KEY)) TEEKIT_SIGN=$(abspath $(SW_SIGN)) \
		TA_CFLAGS+=-Werror
	cp $(B)/services-ta/obj/$(SVC_TA_UUID).ta $@

USER_EXTRA += $(SVC_TA)
TEST_INSTALL_HOOKS += install-services-ta

.PHONY: install-services-ta
install-services-ta: $(SVC_TA)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(SVC_TA) $(DESTDIR)/lib/optee_armtz/
