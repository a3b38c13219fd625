# SPDX-License-Identifier: BSD-2-Clause
#
# ta_shlib.mk - shared TA libraries with the teekit TA SDK, as OP-TEE's dev
# kit builds them (docs/ta-sdk.md, "Shared TA libraries"; decision 1520).
# mk/ta_dev_kit.mk includes it first.
#
# A library's Makefile (OP-TEE's variables):
#
#   SHLIBNAME = libfoo
#   SHLIBUUID = 8fe0e0a2-...           # the library's UUID
#   include $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk
#
# builds $(O)/libfoo.so (DT_SONAME <uuid>) to link against and, with
# TA_SIGN_KEY, $(O)/<uuid>.ta, the signed image tee-supplicant serves from
# /lib/optee_armtz like a TA. Sources: SRCS, or srcs-y of sub.mk, or *.c.
#
# A TA (or a library) that links against shared TA libraries sets
#
#   libnames += foo          # -lfoo: libfoo.so of one of libdirs
#   libdirs += ../libfoo/out
#   libdeps += ../libfoo/out/libfoo.so
#
# The TA's ELF then names the library by DT_NEEDED "<uuid>"; the emulator
# fetches, verifies and loads it before the TA. The import check accepts
# the symbols these libraries define.

TEEKIT_SHLIB_MK := $(patsubst %/,%,$(dir $(realpath $(lastword $(MAKEFILE_LIST)))))
TEEKIT_SHLIB_SDK := $(patsubst %/,%,$(dir $(TEEKIT_SHLIB_MK)))

# the shared libraries among libnames (static ones, lib<name>.a, link too)
TA_SHLIB_FILES := $(strip $(foreach n,$(libnames),\
	$(firstword $(wildcard $(addsuffix /lib$(n).so,$(libdirs))))))
# --no-as-needed: the linker may see -l before the objects that use it,
# and a shared library must be recorded as DT_NEEDED all the same
TEEKIT_NO_AS_NEEDED := -Wl,--no-as-needed
TA_LDFLAGS += $(addprefix -L,$(libdirs)) \
	$(if $(strip $(libnames)),$(TEEKIT_NO_AS_NEEDED)) $(addprefix -l,$(libnames))
# read by ta-symcheck: what these libraries define a TA may import
export TEEKIT_SHLIB_FILES := $(TA_SHLIB_FILES)

ifneq ($(strip $(SHLIBNAME)),)

ifeq ($(strip $(SHLIBUUID)),)
$(error ta_shlib.mk: SHLIBNAME = $(SHLIBNAME) needs SHLIBUUID, the library's UUID (a TA names the library by it))
endif
SHLIB_UUID := $(shell echo '$(strip $(SHLIBUUID))' | tr A-F a-f)
ifeq ($(shell echo '$(SHLIB_UUID)' | grep -xE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),)
$(error ta_shlib.mk: SHLIBUUID = $(SHLIBUUID) is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx))
endif

ifneq ($(wildcard $(TEEKIT_SHLIB_SDK)/include/tee_internal_api.h),)
TEEKIT_TA_INC ?= $(TEEKIT_SHLIB_SDK)/include
else
TEEKIT_TA_INC ?= $(abspath $(TEEKIT_SHLIB_SDK)/../../../include/teekit-ta)
endif

-include sub.mk
SRCS ?= $(if $(srcs-y),$(srcs-y),$(filter-out %.mod.c,$(wildcard *.c)))
O ?= .
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
NM ?= $(CROSS_COMPILE)nm
TEEKIT_SIGN ?= $(or $(shell command -v teekit-sign 2>/dev/null),$(wildcard $(abspath $(TEEKIT_SHLIB_SDK)/../../../bin/teekit-sign)),teekit-sign)
TRACE_LEVEL ?= 2

# as a TA is built (ta.mk), plus the SONAME that is the library's UUID
SHLIB_CFLAGS := -std=gnu11 -O2 -g -fPIC -Wall -Wextra -fno-common \
	-fstack-protector-strong -DTRACE_LEVEL=$(TRACE_LEVEL) \
	-I. $(addprefix -I,$(global-incdirs-y)) -I$(TEEKIT_TA_INC)
SHLIB_LDFLAGS := -shared -Wl,-Bsymbolic -Wl,-z,now -Wl,-z,noexecstack \
	-Wl,-soname,$(SHLIB_UUID)

SHLIB_OBJS := $(patsubst %.c,$(O)/%.o,$(notdir $(SRCS)))
SHLIB_SO := $(O)/$(SHLIBNAME).so
SHLIB_TA := $(O)/$(SHLIB_UUID).ta

ifneq ($(TA_SIGN_KEY),)
all: $(SHLIB_TA)
else
all: $(SHLIB_SO)
	@echo "ta_shlib.mk: $(SHLIB_SO) built; set TA_SIGN_KEY=key.pem to sign it into $(SHLIB_UUID).ta"
endif

vpath %.c $(sort $(dir $(SRCS)))

$(O)/%.o: %.c $(wildcard *.h)
	@mkdir -p $(O)
	$(CC) $(SHLIB_CFLAGS) $(TA_CFLAGS) $(cflags-y) -c -o $@ $<

$(SHLIB_SO): $(SHLIB_OBJS) $(libdeps) $(TEEKIT_SHLIB_SDK)/ta-symbols.re
	$(CC) $(SHLIB_LDFLAGS) -o $@.tmp $(SHLIB_OBJS) $(TA_LDFLAGS)
	@sh $(TEEKIT_SHLIB_SDK)/ta-symcheck $(NM) $@.tmp $(TEEKIT_SHLIB_SDK)/ta-symbols.re
	mv $@.tmp $@

$(SHLIB_TA): $(SHLIB_SO)
	$(TEEKIT_SIGN) --key $(TA_SIGN_KEY) --uuid $(SHLIB_UUID) --in $< --out $@

clean:
	rm -f $(SHLIB_OBJS) $(SHLIB_SO) $(SHLIB_TA)

.PHONY: all clean

endif
