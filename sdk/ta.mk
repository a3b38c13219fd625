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
# TA_DEV_KIT_DIR is the SDK (default install: /usr/share/teekit/sdk).
# user_ta_header_defines.h is in the Makefile's directory or in a
# global-incdirs-y directory. Sources: SRCS, else an OP-TEE sub.mk tree
# (mk/subdir.mk), else every *.c here. OP-TEE TA Makefiles include
# mk/ta_dev_kit.mk instead, which maps OP-TEE's CFG_ variables onto this.
#
# Variables: O (output dir, default .), TA_SIGN_KEY (PEM private key; the
# .ta is signed with it), TEEKIT_SIGN (the signing tool), TA_CFLAGS,
# TA_LDFLAGS, CROSS_COMPILE / CC / AR, TRACE_LEVEL, LIBNAME (build the
# static TA library $(LIBNAME).a instead of a TA), libnames / libdirs /
# libdeps (static libraries to link), TA_SANITIZE (e.g. address,
# undefined: a build for the host harness only, never signed). Targets:
# all (the .ta, or only the .so without TA_SIGN_KEY; the .a with
# LIBNAME), clean.

TEEKIT_SDK := $(patsubst %/,%,$(dir $(realpath $(lastword $(MAKEFILE_LIST)))))
ifneq ($(wildcard $(TEEKIT_SDK)/include/tee_internal_api.h),)
TEEKIT_TA_INC ?= $(TEEKIT_SDK)/include
else
TEEKIT_TA_INC ?= $(abspath $(TEEKIT_SDK)/../../../include/teekit-ta)
endif

# Sources: SRCS when given (paths relative to this directory); else the
# OP-TEE sub.mk tree (mk/subdir.mk: srcs-y, subdirs-y, incdirs, per-file
# flags); else every *.c here.
ifneq ($(origin SRCS),undefined)
TA_SRCS := $(SRCS)
else ifneq ($(wildcard sub.mk),)
include $(TEEKIT_SDK)/mk/subdir.mk
TA_SRCS := $(TA_SUB_SRCS)
else
TA_SRCS := $(filter-out %.mod.c,$(wildcard *.c))
endif
ifeq ($(strip $(TA_SRCS)),)
$(error ta.mk: no C source to build in $(CURDIR): set SRCS, list them in sub.mk's srcs-y, or add *.c files)
endif
TA_INCDIRS := $(TA_SUB_INCDIRS) $(global-incdirs-y)
O ?= .
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR := $(CROSS_COMPILE)ar
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
	-I. $(addprefix -I,$(TA_INCDIRS)) -I$(TEEKIT_TA_INC) $(TA_DEVKIT_CFLAGS)
# header dependencies, for the compile rules only (not ta-uuid's -E)
TA_DEP_FLAGS := -MMD -MP
TA_BASE_LDFLAGS := -shared -Wl,-Bsymbolic -Wl,-z,now -Wl,-z,noexecstack

# A static TA library (LIBNAME, OP-TEE's variable): $(LIBNAME).a of the
# sources, for TAs that name it in libnames; no UUID, header or signature.
ifeq ($(strip $(LIBNAME)),)
# The UUID, from user_ta_header_defines.h (the only place it is written),
# found in this directory or a global-incdirs-y directory
TA_HDR_FILE := $(firstword $(wildcard $(addsuffix /user_ta_header_defines.h,. $(TA_INCDIRS))))
ifeq ($(TA_HDR_FILE),)
$(error ta.mk: no user_ta_header_defines.h in $(CURDIR) $(if $(strip $(TA_INCDIRS)),or in the include dirs ($(strip $(TA_INCDIRS))) ): every TA needs one with TA_UUID, TA_FLAGS, TA_STACK_SIZE and TA_DATA_SIZE (docs/ta-sdk.md); with OP-TEE's layout put it in a directory sub.mk names in global-incdirs-y)
endif
TA_HDR_UUID := $(shell sh $(TEEKIT_SDK)/ta-uuid $(CC) $(TA_BASE_CFLAGS) $(TA_CFLAGS) || echo FAILED)
ifeq ($(TA_HDR_UUID),FAILED)
$(error ta.mk: cannot read TA_UUID from $(TA_HDR_FILE) (the message above says why))
endif
ifeq ($(strip $(BINARY)),)
BINARY := $(TA_HDR_UUID)
else ifneq ($(shell echo '$(strip $(BINARY))' | tr A-F a-f),$(TA_HDR_UUID))
$(error ta.mk: BINARY = $(strip $(BINARY)) but user_ta_header_defines.h says TA_UUID is $(TA_HDR_UUID): write the UUID once, in TA_UUID, and drop BINARY from the Makefile (or make them equal))
endif
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

# Objects mirror the source tree under O (../ becomes __/, so a source
# outside the TA directory stays inside O); each gets its sub.mk flags.
ta-obj = $(O)/$(subst ../,__/,$(patsubst /%,_abs_/%,$(1:.c=.o)))
TA_SRC_OBJS := $(foreach f,$(TA_SRCS),$(call ta-obj,$(f)))
TA_LIB := $(O)/$(strip $(LIBNAME)).a
TA_OBJS := $(TA_SRC_OBJS) $(if $(strip $(LIBNAME)),,$(O)/ta_header.o $(O)/ta_optee.o)
TA_SO := $(O)/$(BINARY).so
TA_OUT := $(O)/$(BINARY).ta
# static TA libraries (OP-TEE's libnames/libdirs/libdeps): linked after
# the TA's objects; libdeps (their .a files) only relink the TA when changed
TA_LIBS := $(addprefix -L,$(libdirs)) $(addprefix -l,$(libnames))

ifneq ($(strip $(LIBNAME)),)
all: $(TA_LIB)
else ifneq ($(TA_SIGN_KEY),)
all: $(TA_OUT)
else
all: $(TA_SO)
	@echo "ta.mk: $(TA_SO) built; set TA_SIGN_KEY=key.pem to sign it into $(BINARY).ta"
endif

define ta-obj-rule
$(call ta-obj,$(1)): $(1)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(filter-out $$(ta-cflags-rm-$(1)),$$(TA_BASE_CFLAGS) $$(TA_DEVKIT_FLAGS) $$(ta-cflags-$(1)) $$(TA_CFLAGS)) $$(TA_DEP_FLAGS) -c -o $$@ $$<
endef
$(foreach f,$(TA_SRCS),$(eval $(call ta-obj-rule,$(f))))

$(O)/ta_header.o: $(TEEKIT_SDK)/src/ta_header.c
	@mkdir -p $(O)
	$(CC) $(TA_BASE_CFLAGS) $(TA_CFLAGS) $(TA_DEP_FLAGS) -c -o $@ $<

$(O)/ta_optee.o: $(TEEKIT_SDK)/src/ta_optee.c
	@mkdir -p $(O)
	$(CC) $(TA_BASE_CFLAGS) $(TA_CFLAGS) $(TA_DEP_FLAGS) -c -o $@ $<

$(TA_LIB): $(TA_SRC_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Links, then refuses symbols outside the TA runtime's surface
# (ta-symbols.re: TEE_*, trace, and the libc subset of docs/ta-sdk.md).
$(TA_SO): $(TA_OBJS) $(filter %.a,$(libdeps)) $(TEEKIT_SDK)/ta-symbols.re
	$(CC) $(TA_BASE_LDFLAGS) $(TA_LDFLAGS) -o $@.tmp $(TA_OBJS) $(TA_DEVKIT_LDADD) $(TA_LIBS)
	@sh $(TEEKIT_SDK)/ta-symcheck $(NM) $@.tmp $(TEEKIT_SDK)/ta-symbols.re '$(TA_SYM_EXTRA)'
	mv $@.tmp $@

$(TA_OUT): $(TA_SO)
	$(TEEKIT_SIGN) --key $(TA_SIGN_KEY) --uuid $(BINARY) --in $< --out $@

clean:
	rm -f $(TA_OBJS) $(TA_OBJS:.o=.d) $(if $(strip $(LIBNAME)),$(TA_LIB),$(TA_SO) $(TA_OUT))

-include $(TA_OBJS:.o=.d)

.PHONY: all clean
