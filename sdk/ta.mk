# SPDX-License-Identifier: BSD-2-Clause
#
# ta.mk - build, check and sign a Trusted Application with the teekit TA
# SDK (docs/ta-sdk.md). A TA's whole Makefile:
#
#   SRCS = my_ta.c
#   include $(TA_DEV_KIT_DIR)/ta.mk
#
# The TA's UUID is written once, as TA_UUID in user_ta_header_defines.h:
# ta.mk reads it from there (ta-uuid). BINARY, if set (OP-TEE Makefiles
# do), must be the same UUID: a mismatch is a build error.
#
# TA_DEV_KIT_DIR is the SDK (default install: /usr/share/teekit/sdk). The
# directory of the Makefile must hold user_ta_header_defines.h. Without
# SRCS every *.c there is built; an OP-TEE sub.mk (srcs-y, global-incdirs-y)
# is read too.
#
# Variables: O (output dir, default .), TA_SIGN_KEY (PEM private key; the
# .ta is signed with it), TEEKIT_SIGN (the signing tool), TA_CFLAGS,
# TA_LDFLAGS, CROSS_COMPILE / CC, TA_SANITIZE (e.g. address, undefined: a
# build for the host harness only, never signed). Targets: all (the .ta,
# or only the .so without TA_SIGN_KEY), clean.

TEEKIT_SDK := $(patsubst %/,%,$(dir $(realpath $(lastword $(MAKEFILE_LIST)))))
ifneq ($(wildcard $(TEEKIT_SDK)/include/tee_internal_api.h),)
TEEKIT_TA_INC ?= $(TEEKIT_SDK)/include
else
TEEKIT_TA_INC ?= $(abspath $(TEEKIT_SDK)/../../../include/teekit-ta)
endif

-include sub.mk
SRCS ?= $(if $(srcs-y),$(srcs-y),$(filter-out %.mod.c,$(wildcard *.c)))
O ?= .
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
NM ?= $(CROSS_COMPILE)nm
# teekit-sign: on PATH, else next to this SDK (<prefix>/bin, e.g. an
# install under DESTDIR)
TEEKIT_SIGN ?= $(or $(shell command -v teekit-sign 2>/dev/null),$(wildcard $(abspath $(TEEKIT_SDK)/../../../bin/teekit-sign)),teekit-sign)
TRACE_LEVEL ?= 2

# The runtime lives in the TA host: a TA is a position-independent shared
# object whose references to TEE_* (and the allowed libc subset) are
# resolved when the host loads it. -Bsymbolic binds the TA's own functions
# to themselves, so a TA function named like a libc one (truncate) stays
# the TA's.
TA_BASE_CFLAGS := -std=gnu11 -O2 -g -fPIC -Wall -Wextra \
	-fno-common -fstack-protector-strong -DTRACE_LEVEL=$(TRACE_LEVEL) \
	-I. $(addprefix -I,$(global-incdirs-y)) -I$(TEEKIT_TA_INC)
TA_BASE_LDFLAGS := -shared -Wl,-Bsymbolic -Wl,-z,now -Wl,-z,noexecstack

# The UUID, from user_ta_header_defines.h (the only place it is written)
TA_HDR_UUID := $(shell sh $(TEEKIT_SDK)/ta-uuid $(CC) $(TA_BASE_CFLAGS) $(TA_CFLAGS) || echo FAILED)
ifeq ($(TA_HDR_UUID),FAILED)
$(error ta.mk: cannot read TA_UUID from user_ta_header_defines.h (the message above says why))
endif
ifeq ($(strip $(BINARY)),)
BINARY := $(TA_HDR_UUID)
else ifneq ($(shell echo '$(strip $(BINARY))' | tr A-F a-f),$(TA_HDR_UUID))
$(error ta.mk: BINARY = $(strip $(BINARY)) but user_ta_header_defines.h says TA_UUID is $(TA_HDR_UUID): write the UUID once, in TA_UUID, and drop BINARY from the Makefile (or make them equal))
endif

# A sanitizer build runs only in the host harness (libteekit-tatest): the
# TA host's sandbox has no sanitizer runtime, so it is never signed.
TA_SYM_EXTRA :=
ifneq ($(strip $(TA_SANITIZE)),)
ifneq ($(TA_SIGN_KEY),)
$(error ta.mk: TA_SANITIZE=$(TA_SANITIZE) builds a TA for the host harness only (docs/ta-sdk.md, "Testing a TA on the host"); build it without TA_SIGN_KEY)
endif
TA_BASE_CFLAGS += -fsanitize=$(TA_SANITIZE) -fno-omit-frame-pointer
TA_BASE_LDFLAGS += -fsanitize=$(TA_SANITIZE)
TA_SYM_EXTRA := __(asan|ubsan|lsan|sanitizer)_[A-Za-z0-9_]+
endif

TA_OBJS := $(patsubst %.c,$(O)/%.o,$(notdir $(SRCS))) $(O)/ta_header.o
TA_SO := $(O)/$(BINARY).so
TA_OUT := $(O)/$(BINARY).ta

ifneq ($(TA_SIGN_KEY),)
all: $(TA_OUT)
else
all: $(TA_SO)
	@echo "ta.mk: $(TA_SO) built; set TA_SIGN_KEY=key.pem to sign it into $(BINARY).ta"
endif

vpath %.c $(sort $(dir $(SRCS)))

$(O)/%.o: %.c $(wildcard *.h)
	@mkdir -p $(O)
	$(CC) $(TA_BASE_CFLAGS) $(TA_CFLAGS) -c -o $@ $<

$(O)/ta_header.o: $(TEEKIT_SDK)/src/ta_header.c user_ta_header_defines.h
	@mkdir -p $(O)
	$(CC) $(TA_BASE_CFLAGS) $(TA_CFLAGS) -c -o $@ $<

# Links, then refuses symbols outside the TA runtime's surface
# (ta-symbols.re: TEE_*, trace, and the libc subset of docs/ta-sdk.md).
$(TA_SO): $(TA_OBJS) $(TEEKIT_SDK)/ta-symbols.re
	$(CC) $(TA_BASE_LDFLAGS) $(TA_LDFLAGS) -o $@.tmp $(TA_OBJS)
	@sh $(TEEKIT_SDK)/ta-symcheck $(NM) $@.tmp $(TEEKIT_SDK)/ta-symbols.re '$(TA_SYM_EXTRA)'
	mv $@.tmp $@

$(TA_OUT): $(TA_SO)
	$(TEEKIT_SIGN) --key $(TA_SIGN_KEY) --uuid $(BINARY) --in $< --out $@

clean:
	rm -f $(TA_OBJS) $(TA_SO) $(TA_OUT)

.PHONY: all clean
