# SPDX-License-Identifier: GPL-2.0-only
# The TA SDK (docs/ta-sdk.md): headers, ta.mk, the TA header source, the
# symbol allowlist, a template, teekit-ta.pc, the host harness
# libteekit-tatest (sdk/tatest) with teekit-tatest.pc, and the CMake
# package (sdk/cmake, lib/cmake/teekit). 'make install' puts it
# under $(PREFIX)/share/teekit/sdk with the headers in
# $(PREFIX)/include/teekit-ta; the build stages the same layout in
# $(B)/sdk-root so the ta-runtime test TAs are built from the SDK as
# installed.

SDK_FILES := $(wildcard sdk/include/*.h) sdk/ta.mk sdk/ta-symbols.re \
	sdk/ta-symcheck sdk/ta-uuid $(wildcard sdk/mk/*.mk) sdk/src/ta_header.c \
	sdk/src/ta_optee.c \
	sdk/teekit-ta.pc.in $(wildcard sdk/template/*) \
	sdk/tatest/teekit_tatest.h sdk/tatest/teekit-tatest.pc.in \
	$(wildcard sdk/cmake/*.cmake)

# sdk_install ROOT PC_PREFIX: the SDK under ROOT (= $(DESTDIR)$(PREFIX)),
# with the host harness (sdk/tatest/build.mk) and the CMake package
define sdk_install
	install -d $(1)/include/teekit-ta $(1)/share/teekit/sdk/src \
		$(1)/share/teekit/sdk/mk $(1)/share/teekit/sdk/template \
		$(1)/share/pkgconfig $(1)/lib/pkgconfig $(1)/lib/cmake/teekit
	install -m 0644 sdk/include/*.h $(1)/include/teekit-ta/
	install -m 0644 sdk/ta.mk sdk/ta-symbols.re $(1)/share/teekit/sdk/
	install -m 0755 sdk/ta-symcheck sdk/ta-uuid $(1)/share/teekit/sdk/
	install -m 0644 sdk/mk/ta_dev_kit.mk sdk/mk/conf.mk sdk/mk/subdir.mk sdk/mk/ta_shlib.mk \
		$(1)/share/teekit/sdk/mk/
	install -m 0644 sdk/src/ta_header.c sdk/src/ta_optee.c $(1)/share/teekit/sdk/src/
	install -m 0644 sdk/template/* $(1)/share/teekit/sdk/template/
	sed 's|@PREFIX@|$(2)|' sdk/teekit-ta.pc.in > $(1)/share/pkgconfig/teekit-ta.pc
	install -m 0755 $(TATEST_REAL) $(1)/lib/
	ln -sf libteekit-tatest.so.1.0.0 $(1)/lib/libteekit-tatest.so.1
	ln -sf libteekit-tatest.so.1 $(1)/lib/libteekit-tatest.so
	install -m 0644 sdk/tatest/teekit_tatest.h $(1)/include/teekit-ta/
	sed 's|@PREFIX@|$(2)|' sdk/tatest/teekit-tatest.pc.in > $(1)/lib/pkgconfig/teekit-tatest.pc
	install -m 0644 sdk/cmake/*.cmake $(1)/lib/cmake/teekit/
	install -d $(1)/bin
	install -m 0755 $(B)/secure-world/teekit-sign $(1)/bin/
endef

SDK_STAGE := $(B)/sdk-root/usr
# teekit-sign is part of the SDK: teekit-ta.pc's signtool and ta.mk find
# it in <prefix>/bin, also in this staged copy
$(B)/sdk-root/.stamp: $(SDK_FILES) $(B)/secure-world/teekit-sign
	rm -rf $(B)/sdk-root
	$(call sdk_install,$(SDK_STAGE),$(abspath $(SDK_STAGE)))
	touch $@

USER_EXTRA += $(B)/sdk-root/.stamp
INSTALL_HOOKS += install-ta-sdk

.PHONY: install-ta-sdk
install-ta-sdk: $(B)/secure-world/teekit-sign
	$(call sdk_install,$(DESTDIR)$(PREFIX),$(PREFIX))
