# SPDX-License-Identifier: GPL-2.0-only
# tests/storage: GP trusted storage end to end (docs/storage.md): the API
# and its errors, tamper and rollback detection, crash atomicity, large
# objects. The TA (tests/storage/ta) is built with the SDK as installed,
# like the ta-runtime TAs: 01 single-instance multi-session, 02 the same
# with the GP 1.1 switch, 03 multi-instance, 04 another TA (isolation).
TEST_CFLAGS_storage := -Ilibteec -Itests/storage/ta
TEST_LDLIBS_storage := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_storage := $(B)/libteec/libteec.so $(wildcard tests/storage/*.h) \
	tests/storage/atomic.c

ST_TA_DIR := $(B)/storage-tas
ST_TA_UUID = 57000000-0000-4000-8000-0000000000$(1)
ST_TA_DEPS := $(B)/sdk-root/.stamp $(wildcard tests/storage/ta/*) \
	$(SW_KEY) $(SW_SIGN)
ST_TAS := main:01: gp11:02:TA_CFLAGS+=-D__OPTEE_CORE_API_COMPAT_1_1 \
	multi:03:TA_CFLAGS+=-DST_TA_FLAGS=0 other:04:

define st_ta_rule
$(ST_TA_DIR)/$(call ST_TA_UUID,$(2)).ta: $(ST_TA_DEPS)
	$$(MAKE) --no-print-directory -C tests/storage/ta \
		TA_DEV_KIT_DIR=$(abspath $(SDK_STAGE))/share/teekit/sdk \
		O=$(abspath $(ST_TA_DIR))/$(1) BINARY=$(call ST_TA_UUID,$(2)) \
		TA_SIGN_KEY=$(abspath $(SW_KEY)) TEEKIT_SIGN=$(abspath $(SW_SIGN)) \
		TA_CFLAGS+=-Werror TA_CFLAGS+=-DST_TA_N=0x$(2) $(3)
	cp $(ST_TA_DIR)/$(1)/$(call ST_TA_UUID,$(2)).ta $$@
ST_TA_FILES += $(ST_TA_DIR)/$(call ST_TA_UUID,$(2)).ta
endef
ST_TA_FILES :=
$(foreach t,$(ST_TAS),$(eval $(call st_ta_rule,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(word 3,$(subst :, ,$(t))))))

USER_EXTRA += $(ST_TA_FILES)
TEST_INSTALL_HOOKS += install-storage-tas

.PHONY: install-storage-tas
install-storage-tas: $(ST_TA_FILES)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(ST_TA_FILES) $(DESTDIR)/lib/optee_armtz/

# storage/atomic with every request cut all three ways (decision 1405):
# about 30 minutes in the TCG VM; make check runs the default turns
.PHONY: check-storage-full
check-storage-full: vm
	TEEKIT_STORAGE_ATOMIC=full tests/check --vm-only --no-lint --timeout 2400 storage/atomic
