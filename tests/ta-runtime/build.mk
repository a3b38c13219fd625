# SPDX-License-Identifier: GPL-2.0-only
# tests/ta-runtime: the TA runtime (properties, time, persistent time,
# trace levels, GP 1.1 variants) through libteec and the sim driver. Its
# TAs (tests/ta-runtime/ta, a three-line Makefile) are built with the SDK
# as installed: the staged install in $(B)/sdk-root (sdk/build.mk).
TEST_CFLAGS_ta-runtime := -Ilibteec -Itests/ta-runtime/ta -Itests/ta-runtime
TEST_LDLIBS_ta-runtime := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_ta-runtime := $(B)/libteec/libteec.so

RT_TA_DIR := $(B)/ta-runtime
RT_TA_UUID = 7a000000-0000-4000-8000-0000000000$(1)
RT_TA_DEPS := $(B)/sdk-root/.stamp $(wildcard tests/ta-runtime/ta/*) \
	$(SW_KEY) $(SW_SIGN)
# NAME:N:make arguments (01: the main TA, 02: built with the GP 1.1 switch,
# 03: keep-alive, the callee of the TA-to-TA tests; 04: segments aligned
# to 64 KiB, so PROT_NONE pages lie between them)
RT_TAS := main:01:TRACE_LEVEL=4 gp11:02:TA_CFLAGS+=-D__OPTEE_CORE_API_COMPAT_1_1 \
	callee:03:TA_CFLAGS+=-DRT_TA_KEEP_ALIVE \
	mem:04:TA_LDFLAGS+=-Wl,-z,max-page-size=0x10000

define rt_ta_rule
$(RT_TA_DIR)/$(call RT_TA_UUID,$(2)).ta: $(RT_TA_DEPS)
	$$(MAKE) --no-print-directory -C tests/ta-runtime/ta \
		TA_DEV_KIT_DIR=$(abspath $(SDK_STAGE))/share/teekit/sdk \
		O=$(abspath $(RT_TA_DIR))/$(1) BINARY=$(call RT_TA_UUID,$(2)) \
		TA_SIGN_KEY=$(abspath $(SW_KEY)) TEEKIT_SIGN=$(abspath $(SW_SIGN)) \
		TA_CFLAGS+=-Werror TA_CFLAGS+=-DRT_TA_N=0x$(2) $(3)
	cp $(RT_TA_DIR)/$(1)/$(call RT_TA_UUID,$(2)).ta $$@
RT_TA_FILES += $(RT_TA_DIR)/$(call RT_TA_UUID,$(2)).ta
endef
RT_TA_FILES :=
$(foreach t,$(RT_TAS),$(eval $(call rt_ta_rule,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(word 3,$(subst :, ,$(t))))))

# The crypto test TA (tests/ta-runtime/cta, issue 13): 10 built against GP
# 1.3, 11 with the GP 1.1 switch. tests/ta-runtime/crypto.c drives it in
# the VM; the same source built with CRYPTO_HOST drives the unsigned .so
# files on the host through libteekit-tatest (tests/host/crypto.sh).
CT_TAS := ctmain:10: ctgp11:11:TA_CFLAGS+=-D__OPTEE_CORE_API_COMPAT_1_1
CT_TA_DEPS := $(B)/sdk-root/.stamp $(wildcard tests/ta-runtime/cta/*) \
	$(SW_KEY) $(SW_SIGN)

define ct_ta_rule
$(RT_TA_DIR)/$(call RT_TA_UUID,$(2)).ta: $(CT_TA_DEPS)
	$$(MAKE) --no-print-directory -C tests/ta-runtime/cta \
		TA_DEV_KIT_DIR=$(abspath $(SDK_STAGE))/share/teekit/sdk \
		O=$(abspath $(RT_TA_DIR))/$(1) BINARY=$(call RT_TA_UUID,$(2)) \
		TA_SIGN_KEY=$(abspath $(SW_KEY)) TEEKIT_SIGN=$(abspath $(SW_SIGN)) \
		TA_CFLAGS+=-Werror TA_CFLAGS+=-DCT_TA_N=0x$(2) $(3)
	cp $(RT_TA_DIR)/$(1)/$(call RT_TA_UUID,$(2)).ta $$@
	cp $(RT_TA_DIR)/$(1)/$(call RT_TA_UUID,$(2)).so $(RT_TA_DIR)/
RT_TA_FILES += $(RT_TA_DIR)/$(call RT_TA_UUID,$(2)).ta
endef
$(foreach t,$(CT_TAS),$(eval $(call ct_ta_rule,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(word 3,$(subst :, ,$(t))))))

# after both lists: USER_EXTRA and the prerequisites expand at once
USER_EXTRA += $(RT_TA_FILES)
TEST_INSTALL_HOOKS += install-ta-runtime-tas

.PHONY: install-ta-runtime-tas
install-ta-runtime-tas: $(RT_TA_FILES)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(RT_TA_FILES) $(DESTDIR)/lib/optee_armtz/


CT_HOST := $(B)/tests/host/crypto-host
CT_LIB_OBJS := $(patsubst %.c,$(B)/%.o,$(wildcard tests/lib/*.c))
$(CT_HOST): tests/ta-runtime/crypto.c $(CT_LIB_OBJS) $(TATEST_SO) \
		$(wildcard tests/ta-runtime/cta/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -DCRYPTO_HOST -Itests/lib -Isdk/include -Isdk/tatest \
		-Itests/ta-runtime -o $@ $< $(CT_LIB_OBJS) \
		-L$(TATEST_DIR) -lteekit-tatest -Wl,-rpath,$(abspath $(TATEST_DIR)) \
		$(TEST_LDLIBS)
USER_EXTRA += $(CT_HOST)
