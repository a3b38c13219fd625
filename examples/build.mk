# SPDX-License-Identifier: GPL-2.0-only
# examples: OP-TEE-style CA + TA pairs (docs/examples.md). Each
# examples/NAME/ has host/*.c (the CA, installed as /usr/bin/NAME) and ta/
# (the TA, signed with the development key, installed as
# /lib/optee_armtz/<uuid>.ta). A TA's UUID is written once, in the
# initializer its user_ta_header_defines.h gives as TA_UUID; sdk/ta-uuid
# reads it from there (decision 1702).
#
# This file is read before secure-world/build.mk, so the key and the
# signing tool are named here by path, not by that file's variables.

EX := $(B)/examples
EX_KEY := $(B)/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
EX_SIGN := $(B)/secure-world/teekit-sign
EX_NAMES := hello_world secure_reverse random secure_storage aes hash_hmac hotp \
	rsa sign_verify ecdh supp_plugin service_daemon
EX_TA_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
	-Isdk/include
EX_uuid = $(shell cd examples/$(1)/ta && sh ../../../sdk/ta-uuid $(CC) -I../../../sdk/include -Iinclude)

define ex_rules
$(EX)/$(1)/$(1): $(wildcard examples/$(1)/host/*.c examples/$(1)/ta/include/*.h) \
		$(B)/libteec/libteec.so
	@mkdir -p $$(dir $$@)
	$$(CC) $$(USER_CFLAGS) -Ilibteec -Iexamples/$(1)/ta/include -o $$@ \
		$(wildcard examples/$(1)/host/*.c) -L$(B)/libteec -lteec $$(EX_LDLIBS_$(1))
$(EX)/$(1)/ta/$(1).so: $(wildcard examples/$(1)/ta/*.c examples/$(1)/ta/*.h \
		examples/$(1)/ta/include/*.h sdk/include/*.h) sdk/src/ta_header.c
	@mkdir -p $$(dir $$@)
	$$(CC) $(EX_TA_CFLAGS) -Iexamples/$(1)/ta -Iexamples/$(1)/ta/include \
		-o $$@ $(wildcard examples/$(1)/ta/*.c) sdk/src/ta_header.c
$(EX)/$(1)/ta/$(call EX_uuid,$(1)).ta: $(EX)/$(1)/ta/$(1).so $(EX_KEY) | $(EX_SIGN)
	$(EX_SIGN) --key $(EX_KEY) --in $$< --out $$@
USER_BINS += $(EX)/$(1)/$(1)
EX_TA_FILES += $(EX)/$(1)/ta/$(call EX_uuid,$(1)).ta
endef
EX_TA_FILES :=
$(foreach e,$(EX_NAMES),$(eval $(call ex_rules,$(e))))

USER_EXTRA += $(EX_TA_FILES)
INSTALL_HOOKS += install-examples

.PHONY: install-examples
install-examples: $(EX_TA_FILES)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(EX_TA_FILES) $(DESTDIR)/lib/optee_armtz/

# The crypto examples' CAs check the TA's work with OpenSSL; supp_plugin
# ships a tee-supplicant plugin and service_daemon a service daemon
# (docs/examples.md). Read before services/build.mk: libteeservice is
# named by path.
EX_LDLIBS_rsa := -lcrypto
EX_LDLIBS_sign_verify := -lcrypto
EX_LDLIBS_ecdh := -lcrypto
EX_PLUGIN := $(EX)/supp_plugin/plugin/supp_plugin.plugin.so
EX_DAEMON := $(EX)/service_daemon/daemon/teekit-ex-auditd

$(EX_PLUGIN): examples/supp_plugin/plugin/sysinfo_plugin.c \
		examples/supp_plugin/ta/include/supp_plugin_ta.h \
		supplicant/include/tee_plugin_method.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -fPIC -shared -Isupplicant/include \
		-Iexamples/supp_plugin/ta/include -o $@ $<

$(EX_DAEMON): examples/service_daemon/daemon/auditd.c \
		examples/service_daemon/ta/include/service_daemon_ta.h \
		$(B)/services/libteeservice.a
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Iservices/lib -Iexamples/service_daemon/ta/include \
		-o $@ $< $(B)/services/libteeservice.a -lpthread

USER_SBINS += $(EX_DAEMON)
USER_EXTRA += $(EX_PLUGIN)
INSTALL_HOOKS += install-example-plugin

.PHONY: install-example-plugin
install-example-plugin: $(EX_PLUGIN)
	install -d $(DESTDIR)$(PREFIX)/lib/tee-supplicant/plugins
	install -m 0644 $(EX_PLUGIN) $(DESTDIR)$(PREFIX)/lib/tee-supplicant/plugins/

# examples/optee_layout: an OP-TEE-layout tree (ta/Makefile including
# mk/ta_dev_kit.mk, sub.mk, a static TA library in ta/libsum, host/Makefile
# with TEEC_EXPORT), built exactly as OP-TEE builds its examples: its own
# Makefile with TA_DEV_KIT_DIR (the staged SDK install) and TEEC_EXPORT
# (libteec's header and library as an OP-TEE client export has them), in a
# copy under $(EX) so the source tree stays clean. env -u MAKEFLAGS keeps our
# command-line variables (debian/rules passes CFLAGS=...) from overriding
# the tree's own CFLAGS += lines; CFLAGS still reach it from the
# environment, as when OP-TEE's examples are built by a distribution.
EXO := $(EX)/optee_layout
EXO_UUID := 1515e1e1-0000-4000-8000-0000000000e1
EXO_TEEC := $(EX)/teec-export
$(EXO_TEEC)/.stamp: $(B)/libteec/libteec.so libteec/tee_client_api.h
	rm -rf $(EXO_TEEC)
	install -d $(EXO_TEEC)/include $(EXO_TEEC)/lib
	install -m 0644 libteec/tee_client_api.h libteec/tee_client_api_extensions.h \
		$(EXO_TEEC)/include/
	cp -P $(B)/libteec/libteec.so* $(EXO_TEEC)/lib/
	touch $@
# The CA once more against generation 1 of the client ABI (OP-TEE <= 4.1:
# libteec.so.1 and its header; decision 1540), as a CA of those releases
# is built: optee_example_layout_teec1.
EXO_TEEC1 := $(EX)/teec1-export
$(EXO_TEEC1)/.stamp: $(B)/libteec/teec1/libteec.so \
		$(B)/libteec/include1/teec1/tee_client_api.h \
		$(B)/libteec/include1/teec1/tee_client_api_extensions.h
	rm -rf $(EXO_TEEC1)
	install -d $(EXO_TEEC1)/include $(EXO_TEEC1)/lib
	install -m 0644 $(B)/libteec/include1/teec1/tee_client_api.h \
		$(B)/libteec/include1/teec1/tee_client_api_extensions.h $(EXO_TEEC1)/include/
	cp -P $(B)/libteec/libteec.so.1 $(B)/libteec/libteec.so.1.0.0 $(EXO_TEEC1)/lib/
	ln -sf libteec.so.1 $(EXO_TEEC1)/lib/libteec.so
	touch $@
$(EXO)/.stamp: $(shell find examples/optee_layout -type f) $(B)/sdk-root/.stamp \
		$(EXO_TEEC)/.stamp $(EXO_TEEC1)/.stamp $(EX_KEY) $(EX_SIGN) examples/build.mk
	rm -rf $(EXO)
	@mkdir -p $(EX)
	cp -r examples/optee_layout $(EXO)
	env -u MAKEFLAGS -u MFLAGS $(MAKE) --no-print-directory -C $(EXO) \
		TA_DEV_KIT_DIR=$(abspath $(SDK_STAGE))/share/teekit/sdk \
		TEEC_EXPORT=$(abspath $(EXO_TEEC)) CROSS_COMPILE= \
		TA_SIGN_KEY=$(abspath $(EX_KEY)) TEEKIT_SIGN=$(abspath $(EX_SIGN))
	env -u MAKEFLAGS -u MFLAGS $(MAKE) --no-print-directory -C $(EXO)/host \
		TEEC_EXPORT=$(abspath $(EXO_TEEC1)) CROSS_COMPILE= \
		BINARY=optee_example_layout_teec1
	# the unsigned TA under the name debian/rules packages (ta/NAME.so)
	cp $(EXO)/ta/$(EXO_UUID).so $(EXO)/ta/optee_layout.so
	touch $@
$(EXO)/host/optee_example_layout $(EXO)/host/optee_example_layout_teec1 \
		$(EXO)/ta/$(EXO_UUID).ta: $(EXO)/.stamp
USER_BINS += $(EXO)/host/optee_example_layout $(EXO)/host/optee_example_layout_teec1
EX_TA_FILES += $(EXO)/ta/$(EXO_UUID).ta
USER_EXTRA += $(EXO)/ta/$(EXO_UUID).ta
