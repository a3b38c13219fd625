# SPDX-License-Identifier: GPL-2.0-only
# tests/sockets: the GP TEE Sockets API end to end (docs/ta-api.md,
# "Sockets"): the test TA (tests/sockets/ta, built with the SDK as
# installed) against TCP and UDP servers the test program runs in the VM,
# through the sim driver and tee-supplicant's socket service.
TEST_CFLAGS_sockets := -Ilibteec -Itests/sockets/ta
TEST_LDLIBS_sockets := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_sockets := $(B)/libteec/libteec.so $(wildcard tests/sockets/ta/*.h)

SK_TA_DIR := $(B)/sockets-tas
SK_TA_UUID := 5c000000-0000-4000-8000-000000000001
SK_TA_FILE := $(SK_TA_DIR)/$(SK_TA_UUID).ta

$(SK_TA_FILE): $(B)/sdk-root/.stamp $(wildcard tests/sockets/ta/*) $(SW_KEY) $(SW_SIGN)
	$(MAKE) --no-print-directory -C tests/sockets/ta \
		TA_DEV_KIT_DIR=$(abspath $(SDK_STAGE))/share/teekit/sdk \
		O=$(abspath $(SK_TA_DIR))/build BINARY=$(SK_TA_UUID) \
		TA_SIGN_KEY=$(abspath $(SW_KEY)) TEEKIT_SIGN=$(abspath $(SW_SIGN)) \
		TA_CFLAGS+=-Werror
	cp $(SK_TA_DIR)/build/$(SK_TA_UUID).ta $@

USER_EXTRA += $(SK_TA_FILE)
TEST_INSTALL_HOOKS += install-sockets-tas

.PHONY: install-sockets-tas
install-sockets-tas: $(SK_TA_FILE)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(SK_TA_FILE) $(DESTDIR)/lib/optee_armtz/
