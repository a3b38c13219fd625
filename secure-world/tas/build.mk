# SPDX-License-Identifier: GPL-2.0-only
# secure-world/tas: TAs the project ships for its kernel drivers, signed
# with the development key and installed as /lib/optee_armtz/<uuid>.ta.
# rng: the RNG TA behind teekit_rng.ko and /dev/hwrng (docs/tee-bus.md).
# ftpm: the firmware TPM 2.0 behind teekit_ftpm.ko and /dev/tpm0
# (docs/tpm.md), libtpms linked in statically.
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

# The fTPM: Debian's libtpms.a (libtpms-dev) is built for executables;
# its one reference to the C library's stderr is renamed to a variable of
# the TA so it links into a shared object (decision 1911).
SWT_FTPM_UUID := $(shell cd secure-world/tas/ftpm && sh ../../../sdk/ta-uuid $(CC) -I../../../sdk/include -Iinclude)
SWT_FTPM_TA := $(SWT)/ftpm/$(SWT_FTPM_UUID).ta
LIBTPMS_A := $(shell pkg-config --variable=libdir libtpms 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)/libtpms.a

$(SWT)/ftpm/libtpms-ta.a: $(LIBTPMS_A)
	@mkdir -p $(dir $@)
	@test -f $< || { echo "secure-world/tas/ftpm: no $< (install libtpms-dev: make deps)" >&2; exit 1; }
	objcopy --redefine-sym stderr=ftpm_libtpms_stderr $< $@
$(SWT)/ftpm/ftpm.so: $(wildcard secure-world/tas/ftpm/*.c secure-world/tas/ftpm/*.h \
		secure-world/tas/ftpm/include/*.h sdk/include/*.h) sdk/src/ta_header.c \
		$(SWT)/ftpm/libtpms-ta.a
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
		-Wl,-Bsymbolic -Wl,-z,now -Wl,-z,noexecstack -Isdk/include \
		-Isecure-world/tas/ftpm -Isecure-world/tas/ftpm/include \
		-o $@ secure-world/tas/ftpm/ftpm_ta.c secure-world/tas/ftpm/ftpm_nv.c \
		sdk/src/ta_header.c $(SWT)/ftpm/libtpms-ta.a -lcrypto
$(SWT_FTPM_TA): $(SWT)/ftpm/ftpm.so $(SW_KEY) | $(SW_SIGN)
	$(SW_SIGN) --key $(SW_KEY) --in $< --out $@

USER_EXTRA += $(SWT_RNG_TA) $(SWT_FTPM_TA)
INSTALL_HOOKS += install-secure-world-tas

.PHONY: install-secure-world-tas
install-secure-world-tas: $(SWT_RNG_TA) $(SWT_FTPM_TA)
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $(SWT_RNG_TA) $(SWT_FTPM_TA) $(DESTDIR)/lib/optee_armtz/
