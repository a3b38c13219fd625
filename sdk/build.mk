# SPDX-License-Identifier: GPL-2.0-only
# The TA SDK (docs/ta-sdk.md): headers, ta.mk, the TA header source, the
# symbol allowlist, a template and teekit-ta.pc. 'make install' puts it
# under $(PREFIX)/share/teekit/sdk with the headers in
# $(PREFIX)/include/teekit-ta; the build stages the same layout in
# $(B)/sdk-root so the ta-runtime test TAs are built from the SDK as
# installed.

SDK_FILES := $(wildcard sdk/include/*.h) sdk/ta.mk sdk/ta-symbols.re \
	sdk/mk/ta_dev_kit.mk sdk/src/ta_header.c sdk/teekit-ta.pc.in \
	$(wildcard sdk/template/*)

# sdk_install ROOT PC_PREFIX: the SDK under ROOT (= $(DESTDIR)$(PREFIX))
define sdk_install
	install -d $(1)/include/teekit-ta $(1)/share/teekit/sdk/src \
		$(1)/share/teekit/sdk/mk $(1)/share/teekit/sdk/template \
		$(1)/share/pkgconfig
	install -m 0644 sdk/include/*.h $(1)/include/teekit-ta/
	install -m 0644 sdk/ta.mk sdk/ta-symbols.re $(1)/share/teekit/sdk/
	install -m 0644 sdk/mk/ta_dev_kit.mk $(1)/share/teekit/sdk/mk/
	install -m 0644 sdk/src/ta_header.c $(1)/share/teekit/sdk/src/
	install -m 0644 sdk/template/* $(1)/share/teekit/sdk/template/
	sed 's|@PREFIX@|$(2)|' sdk/teekit-ta.pc.in > $(1)/share/pkgconfig/teekit-ta.pc
endef

SDK_STAGE := $(B)/sdk-root/usr
$(B)/sdk-root/.stamp: $(SDK_FILES)
	rm -rf $(B)/sdk-root
	$(call sdk_install,$(SDK_STAGE),$(abspath $(SDK_STAGE)))
	touch $@

USER_EXTRA += $(B)/sdk-root/.stamp
INSTALL_HOOKS += install-ta-sdk

.PHONY: install-ta-sdk
install-ta-sdk:
	$(call sdk_install,$(DESTDIR)$(PREFIX),$(PREFIX))
