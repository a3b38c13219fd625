# SPDX-License-Identifier: GPL-2.0-only
# Shared TA libraries for tests/secure-world/shlib.c (decision 1520): the
# libraries and TAs of secure-world/tests/shlib/test_shlib.h, built as the
# SDK's ta_shlib.mk builds them (-soname=<uuid>), good and hostile.

SWL := $(SW)/shlib
SWL_SRC := secure-world/tests/shlib
SWL_U = 5ec0e000-0000-4000-8000-000000000$(1)
SWL_CFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
	-Isdk/include -I$(SWL_SRC) -Wl,-Bsymbolic -Wl,-z,now -Wl,-z,noexecstack
SWL_HDRS := $(wildcard $(SWL_SRC)/*.h) $(wildcard sdk/include/*.h)

# swl_lib NAME SOURCE UUID_N LINKED_LIBS CFLAGS: $(SWL)/NAME.so, DT_SONAME
# the UUID, DT_NEEDED the libraries it links
define swl_lib
$(SWL)/$(1).so: $(SWL_SRC)/$(2) $(4) $(SWL_HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $(SWL_CFLAGS) $(5) -Wl,-soname,$(call SWL_U,$(3)) -o $$@ $$< \
		-Wl,--no-as-needed $(4)
endef

$(eval $(call swl_lib,b,lib_b.c,501))
$(eval $(call swl_lib,a,lib_a.c,502,$(SWL)/b.so))
$(eval $(call swl_lib,dl,lib_dl.c,503))
$(eval $(call swl_lib,missing,lib_b.c,504))
$(eval $(call swl_lib,unsigned,lib_b.c,505))
$(eval $(call swl_lib,untrusted,lib_b.c,506))
$(eval $(call swl_lib,tampered,lib_b.c,507))
$(eval $(call swl_lib,wrongstub,lib_b.c,508))
$(eval $(call swl_lib,wrong,lib_b.c,509))
$(eval $(call swl_lib,istastub,lib_b.c,50a))
$(eval $(call swl_lib,cyc2stub,lib_cycle.c,50c))
$(eval $(call swl_lib,cyc1,lib_cycle.c,50b,$(SWL)/cyc2stub.so))
$(eval $(call swl_lib,cyc2,lib_cycle.c,50c,$(SWL)/cyc1.so))
$(eval $(call swl_lib,crash,lib_ctor.c,50d,,-DLIB_CTOR_CRASH))
$(eval $(call swl_lib,slow,lib_ctor.c,50e))

# swl_sign NAME UUID_N [KEY]: $(SWL)/NAME.so signed as <uuid>.ta (the
# UUID is the library's SONAME, or the TA's head)
define swl_sign
$(SWL)/ta/$(call SWL_U,$(2)).ta: $(SWL)/$(1).so $(if $(3),$(3),$(SW_KEY)) | $(SW_SIGN)
	@mkdir -p $$(dir $$@)
	$(SW_SIGN) --key $(if $(3),$(3),$(SW_KEY)) --in $$< --out $$@
SWL_FILES += $(SWL)/ta/$(call SWL_U,$(2)).ta
endef
SWL_FILES :=
$(eval $(call swl_sign,b,501))
$(eval $(call swl_sign,a,502))
$(eval $(call swl_sign,dl,503))
$(eval $(call swl_sign,untrusted,506,$(SW_OTHER_KEY)))
$(eval $(call swl_sign,cyc1,50b))
$(eval $(call swl_sign,cyc2,50c))
$(eval $(call swl_sign,crash,50d))
$(eval $(call swl_sign,slow,50e))

# 505: not signed at all
$(SWL)/ta/$(call SWL_U,505).ta: $(SWL)/unsigned.so
	@mkdir -p $(dir $@)
	cp $< $@
# 507: one byte of the ELF flipped after signing
$(SWL)/ta/$(call SWL_U,507).ta: $(SWL)/tampered.so $(SW_KEY) | $(SW_SIGN)
	@mkdir -p $(dir $@)
	$(SW_SIGN) --key $(SW_KEY) --in $< --out $@.tmp
	printf 'Z' | dd of=$@.tmp bs=1 seek=1000 conv=notrunc status=none
	mv $@.tmp $@
# 508: a good library, but signed for (and named) 509
$(SWL)/ta/$(call SWL_U,508).ta: $(SWL)/wrong.so $(SW_KEY) | $(SW_SIGN)
	@mkdir -p $(dir $@)
	$(SW_SIGN) --key $(SW_KEY) --in $< --out $@
SWL_FILES += $(foreach n,505 507 508,$(SWL)/ta/$(call SWL_U,$(n)).ta)

# swl_ta UUID_N LINKED_LIB CFLAGS: the test TA, linked against a library
define swl_ta
$(SWL)/ta-$(1).so: $(SWL_SRC)/shlib_ta.c sdk/src/ta_header.c $(2) $(SWL_HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $(SWL_CFLAGS) -DSHLIB_TA_N=0x0$(1) $(3) -o $$@ \
		$(SWL_SRC)/shlib_ta.c sdk/src/ta_header.c -Wl,--no-as-needed $(2)
$(eval $(call swl_sign,ta-$(1),$(1)))
endef
$(eval $(call swl_ta,510,$(SWL)/a.so,-DSHLIB_LINKED))
$(eval $(call swl_ta,511,$(SWL)/missing.so))
$(eval $(call swl_ta,512,$(SWL)/unsigned.so))
$(eval $(call swl_ta,513,$(SWL)/untrusted.so))
$(eval $(call swl_ta,514,$(SWL)/tampered.so))
$(eval $(call swl_ta,515,$(SWL)/wrongstub.so))
$(eval $(call swl_ta,516,$(SWL)/istastub.so))
$(eval $(call swl_ta,517,$(SWL)/cyc1.so))
$(eval $(call swl_ta,518,$(SWL)/crash.so))
$(eval $(call swl_ta,519,))
$(eval $(call swl_ta,51a,$(SWL)/slow.so))
# 50a: a TA where a library is expected
$(eval $(call swl_ta,50a,))

USER_EXTRA += $(SWL_FILES)
TEST_INSTALL_HOOKS += install-shlib-tests

.PHONY: install-shlib-tests
install-shlib-tests: $(SWL_FILES)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(SWL_FILES) $(DESTDIR)/lib/optee_armtz/
