# SPDX-License-Identifier: GPL-2.0-only
# secure-world: the trusted-OS emulator (teekit-tos), the TA host
# (teekit-tahost), the signing tool (teekit-sign), the development signing
# key and the test TAs. See docs/secure-world.md and docs/ta-format.md.

SW := $(B)/secure-world
SW_CFLAGS := -DTEEKIT_TA_HOST -Isdk/include -Isecure-world
SW_KEY := $(SW)/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
SW_PUB := $(SW)/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pub.pem
# a second key nobody trusts, for the refusal tests
SW_OTHER_KEY := $(SW)/keys/untrusted-test-key.pem
SW_SIGN := $(SW)/teekit-sign
SW_HDRS := $(wildcard sdk/include/*.h) secure-world/ta_image.h \
	supplicant/sd_notify.h secure-world/tos/shlib.h

USER_BINS += $(SW_SIGN)
USER_SBINS += $(SW)/teekit-tos $(SW)/teekit-tahost
INSTALL_HOOKS += install-secure-world
TEST_INSTALL_HOOKS += install-secure-world-tests

$(SW)/%.o: secure-world/%.c $(SW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SW_CFLAGS) -c -o $@ $<

$(SW_SIGN): $(SW)/teekit-sign.o $(SW)/ta_image.o
	$(CC) -o $@ $^ -lcrypto

$(SW)/teekit-tos: $(SW)/tos/tos.o $(SW)/tos/refusals.o \
		  $(B)/supplicant/sd_notify.o $(SW)/tos/shlib.o \
		  $(SW)/tos/devenum.o $(SW)/tos/symbolize.o $(SW)/ta_image.o
	$(CC) -o $@ $^ -ldw -lelf -lcrypto -lpthread

# -rdynamic: the TA resolves the TEE_* functions against the host;
# libgcc_s linked, not dlopen()ed by backtrace() on first use: loaded before
# the sandbox, and listed by ldd for the VM image (crash.c, decision 1705)
SW_TAHOST_OBJS := $(patsubst secure-world/%.c,$(SW)/%.o,$(wildcard secure-world/tahost/*.c))
$(SW)/teekit-tahost: $(SW_TAHOST_OBJS) $(SW)/ta_image.o
	$(CC) -rdynamic -o $@ $^ -ldl -lseccomp -lcrypto -Wl,--no-as-needed -lgcc_s -Wl,--as-needed

# The development key pair is made at build time, never committed
# (docs/decisions/0302-development-signing-key.md).
$(SW_KEY): | $(SW_SIGN)
	@mkdir -p $(dir $@)
	$(SW_SIGN) --genkey --dev --out $@ --pub $(SW_PUB)
$(SW_PUB): $(SW_KEY)
$(SW_OTHER_KEY): | $(SW_SIGN)
	@mkdir -p $(dir $@)
	$(SW_SIGN) --genkey --out $@

# --- test TAs ---------------------------------------------------------------
# One source, one build per instance-flag combination: NAME:UUID_N:FLAGS
# (flags: 4 single instance, 8 multi session, 16 keep alive).
SW_TA_DIR := $(SW)/ta
SW_TA_UUID = 5ec0e000-0000-4000-8000-0000000000$(1)
SW_TAS := plain:01:0 single:02:4 multi:03:12 keep:04:28 keep1:05:20
SW_TA_SRCS := secure-world/tests/ta/test_ta.c sdk/src/ta_header.c
SW_TA_DEPS := $(SW_TA_SRCS) $(wildcard secure-world/tests/ta/*.h) $(wildcard sdk/include/*.h)
SW_TA_CFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
	-Isdk/include -Isecure-world/tests/ta

define sw_ta_rule
$(SW_TA_DIR)/$(1).so: $(SW_TA_DEPS)
	@mkdir -p $$(dir $$@)
	$$(CC) $(SW_TA_CFLAGS) -DTEST_TA_UUID_N=0x$(2) -DTEST_TA_FLAGS=$(3) \
		-o $$@ $(SW_TA_SRCS)
$(SW_TA_DIR)/$(call SW_TA_UUID,$(2)).ta: $(SW_TA_DIR)/$(1).so $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --key $(SW_KEY) --uuid $(call SW_TA_UUID,$(2)) --in $$< --out $$@
SW_TA_FILES += $(SW_TA_DIR)/$(call SW_TA_UUID,$(2)).ta
endef
SW_TA_FILES :=
$(foreach t,$(SW_TAS),$(eval $(call sw_ta_rule,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))),$(word 3,$(subst :, ,$(t))))))

# Refusal cases, all built from the plain TA (docs/ta-format.md):
# 06 unsigned, 07 tampered ELF, 08 signed for another UUID, 09 aarch64
# machine, 0a untrusted key.
# plain.so was built as TA 01: signing it as 07 or 0a needs --force
# (teekit-sign refuses a UUID other than the TA's own, decision 1702).
SW_PLAIN := $(SW_TA_DIR)/plain.so
$(SW_TA_DIR)/$(call SW_TA_UUID,06).ta: $(SW_PLAIN)
	cp $< $@
$(SW_TA_DIR)/$(call SW_TA_UUID,07).ta: $(SW_PLAIN) $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --force --key $(SW_KEY) --uuid $(call SW_TA_UUID,07) --in $< --out $@.tmp
	printf 'Z' | dd of=$@.tmp bs=1 seek=1000 conv=notrunc status=none
	mv $@.tmp $@
$(SW_TA_DIR)/$(call SW_TA_UUID,08).ta: $(SW_PLAIN) $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --key $(SW_KEY) --uuid $(call SW_TA_UUID,01) --in $< --out $@
$(SW_TA_DIR)/$(call SW_TA_UUID,09).ta: $(SW_PLAIN) $(SW_KEY) | $(SW_SIGN)
	cp $< $@.so
	printf '\267' | dd of=$@.so bs=1 seek=18 conv=notrunc status=none
	$(SW_SIGN) --force --key $(SW_KEY) --uuid $(call SW_TA_UUID,09) --in $@.so --out $@
	rm -f $@.so
$(SW_TA_DIR)/$(call SW_TA_UUID,0a).ta: $(SW_PLAIN) $(SW_OTHER_KEY) | $(SW_SIGN)
	$(SW_SIGN) --force --key $(SW_OTHER_KEY) --uuid $(call SW_TA_UUID,0a) --in $< --out $@
SW_TA_FILES += $(foreach n,06 07 08 09 0a,$(SW_TA_DIR)/$(call SW_TA_UUID,$(n)).ta)

# 14: imports a function no runtime defines (the load names it, issue 17)
$(SW_TA_DIR)/undefined.so: $(SW_TA_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SW_TA_CFLAGS) -DTEST_TA_UUID_N=0x14 -DTEST_TA_FLAGS=0 \
		-DTEST_TA_UNDEFINED -o $@ $(SW_TA_SRCS)
$(SW_TA_DIR)/$(call SW_TA_UUID,14).ta: $(SW_TA_DIR)/undefined.so $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --key $(SW_KEY) --uuid $(call SW_TA_UUID,14) --in $< --out $@
SW_TA_FILES += $(SW_TA_DIR)/$(call SW_TA_UUID,14).ta

# The hostile TA (tests/secure-world/hostile.c): UUID_N:HOSTILE_CTOR, one
# build per constructor attack (secure-world/tests/hostile/hostile_ta.h).
SW_HOSTILE_SRCS := secure-world/tests/hostile/hostile_ta.c sdk/src/ta_header.c
SW_HOSTILE_DEPS := $(SW_HOSTILE_SRCS) $(wildcard secure-world/tests/hostile/*.h) \
	$(wildcard sdk/include/*.h)
SW_HOSTILE := 0b:0 0c:1 0d:2 0e:3 0f:4 10:5 11:6 12:7 13:8

define sw_hostile_rule
$(SW_TA_DIR)/hostile-$(1).so: $(SW_HOSTILE_DEPS)
	@mkdir -p $$(dir $$@)
	$$(CC) $(subst -Isecure-world/tests/ta,-Isecure-world/tests/hostile,$(SW_TA_CFLAGS)) \
		-DHOSTILE_UUID_N=0x$(1) -DHOSTILE_CTOR=$(2) -o $$@ $(SW_HOSTILE_SRCS)
$(SW_TA_DIR)/$(call SW_TA_UUID,$(1)).ta: $(SW_TA_DIR)/hostile-$(1).so $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --key $(SW_KEY) --uuid $(call SW_TA_UUID,$(1)) --in $$< --out $$@
SW_TA_FILES += $(SW_TA_DIR)/$(call SW_TA_UUID,$(1)).ta
endef
$(foreach t,$(SW_HOSTILE),$(eval $(call sw_hostile_rule,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t))))))

USER_EXTRA += $(SW_KEY) $(SW_TA_FILES)

# --- tests -------------------------------------------------------------------
# Host unit tests of the TA format (tests/unit/ta_image.c) and of the
# runtime's memory-rights check (tests/unit/memrights.c).
TEST_CFLAGS_unit += $(SW_CFLAGS)
TEST_DEPS_unit += $(SW)/ta_image.o $(SW)/tahost/memrights.o
TEST_LDLIBS_unit += $(SW)/ta_image.o $(SW)/tahost/memrights.o

# tests/unit/arith: the arithmetical API (arith.c) with the test's own
# TEE_Panic and teeta_log
$(B)/tests/unit/arith: tests/unit/arith.c $(SW)/tahost/arith.o $(TEST_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itests/lib $(SW_CFLAGS) -o $@ $< \
		$(patsubst %.c,$(B)/%.o,$(wildcard tests/lib/*.c)) $(SW)/tahost/arith.o \
		-lpthread -lcrypto

.PHONY: install-secure-world install-secure-world-tests
# the product: the public half of this build's development key (decision
# 0302); the TA SDK is sdk/build.mk's install-ta-sdk
install-secure-world: $(SW_KEY)
	install -d $(DESTDIR)/lib/optee_armtz $(DESTDIR)/etc/teekit
	install -m 0444 $(SW_PUB) $(DESTDIR)/etc/teekit/ta-signing-key.pub.pem

# the test TAs, some deliberately unsigned, tampered or hostile
install-secure-world-tests: $(SW_TA_FILES)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(SW_TA_FILES) $(DESTDIR)/lib/optee_armtz/
