# SPDX-License-Identifier: GPL-2.0-only
# secure-world/tas: TAs the project ships for its kernel drivers, signed
# with the development key and installed as /lib/optee_armtz/<uuid>.ta.
# rng: the RNG TA behind teekit_rng.ko and /dev/hwrng (docs/tee-bus.md).
# Read after secure-world/build.mk (sorted), whose key and tool it uses.

SWT := $(B)/secure-world/tas
SWT_RNG_UUID := $(shell cd secure-world/tas/rng && sh ../../../sdk/ta-uuid $(CC) -I../../../sdk/include -Iinclude)
SWT_RNG_TA := $(SWT)/rng/$(SWT_RNG_UUID).ta

$(SWT)/rng/rng.so: $(wildcard secure-world/tas/rng/*.c secure-world/tas/rng/*.h \
		secure-world/tas/rng/include/*.h sdk/include/*.h) sdk/src/ta_header.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared -Isdk/include \
		-Isecure-world/tas/rng -Isecure-world/tas/rng/include \
		-o $@ secure-world/tas/rng/rng_ta.c sdk/src/ta_header.c
$(SWT_RNG_TA): $(SWT)/rng/rng.so $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --key $(SW_KEY) --in $< --out $@

USER_EXTRA += $(SWT_RNG_TA)
INSTALL_HOOKS += install-secure-world-tas

.PHONY: install-secure-world-tas
install-secure-world-tas: $(SWT_RNG_TA)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(SWT_RNG_TA) $(DESTDIR)/lib/optee_armtz/
