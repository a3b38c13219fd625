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
EX_NAMES := hello_world secure_reverse
EX_TA_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
	-Isdk/include
EX_uuid = $(shell cd examples/$(1)/ta && sh ../../../sdk/ta-uuid $(CC) -I../../../sdk/include -Iinclude)

define ex_rules
$(EX)/$(1)/$(1): $(wildcard examples/$(1)/host/*.c examples/$(1)/ta/include/*.h) \
		$(B)/libteec/libteec.so
	@mkdir -p $$(dir $$@)
	$$(CC) $$(USER_CFLAGS) -Ilibteec -Iexamples/$(1)/ta/include -o $$@ \
		$(wildcard examples/$(1)/host/*.c) -L$(B)/libteec -lteec
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
