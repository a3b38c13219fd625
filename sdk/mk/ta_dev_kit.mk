# SPDX-License-Identifier: BSD-2-Clause
#
# ta_dev_kit.mk - the teekit TA SDK under OP-TEE's name: an OP-TEE TA
# directory (a Makefile ending in include $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk,
# sub.mk files, user_ta_header_defines.h) builds with
# make TA_DEV_KIT_DIR=<sdk> and no edit (docs/optee-compat.md).
#
# OP-TEE variables honoured: BINARY (must equal TA_UUID), LIBNAME (the
# static TA library $(LIBNAME).a, e.g. LIBNAME = libfoo for -lfoo), O,
# CROSS_COMPILE, CPPFLAGS, CFLAGS, LDADD, CFG_TEE_TA_LOG_LEVEL (the
# build-time trace level, 0-4), CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y (a GP
# 1.1 build), every CFG_ variable as a -D, and the sub.mk variables
# (mk/subdir.mk). The other CFG_ values are in mk/conf.mk; sm, CC$(sm),
# ta-dev-kit-dir, out-dir and link-out-dir are set as OP-TEE sets them. The TA is signed with TA_SIGN_KEY, else with the dev kit's
# keys/default_ta.pem (OP-TEE's place for the development key), else with
# this machine's key /etc/teekit/ta-signing-key.pem when readable; with
# none of these only <uuid>.so is built.

TEEKIT_DEVKIT_MK := $(patsubst %/,%,$(dir $(realpath $(lastword $(MAKEFILE_LIST)))))
include $(TEEKIT_DEVKIT_MK)/conf.mk

# OP-TEE's names that TA Makefiles and sub.mk files use
ta-dev-kit-dir := $(patsubst %/,%,$(abspath $(TEEKIT_DEVKIT_MK)/..))
ta-dev-kit-dir$(sm) := $(ta-dev-kit-dir)
out-dir := $(if $(O),$(O),.)
link-out-dir := $(out-dir)
link-out-dir$(sm) := $(out-dir)
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
CC$(sm) ?= $(CC)
CPP$(sm) ?= $(CC) -E
AR$(sm) ?= $(CROSS_COMPILE)ar
NM$(sm) ?= $(CROSS_COMPILE)nm

ifneq ($(words $(strip $(LIBNAME) $(SHLIBNAME))),0)
ifneq ($(words $(strip $(BINARY) $(LIBNAME) $(SHLIBNAME))),1)
$(error ta_dev_kit.mk: BINARY = '$(BINARY)', LIBNAME = '$(LIBNAME)', SHLIBNAME = '$(SHLIBNAME)': set exactly one of them (a TA, a static library or a shared library))
endif
endif

ifneq ($(filter-out 0 1 2 3 4,$(strip $(CFG_TEE_TA_LOG_LEVEL))),)
$(error ta_dev_kit.mk: CFG_TEE_TA_LOG_LEVEL = $(CFG_TEE_TA_LOG_LEVEL): use 0 (none), 1 (error), 2 (info), 3 (debug) or 4 (flow))
endif
TRACE_LEVEL := $(CFG_TEE_TA_LOG_LEVEL)

ifeq ($(CFG_TA_OPTEE_CORE_API_COMPAT_1_1),y)
# not TA_CFLAGS: a TA_CFLAGS on the command line would override it
TA_DEVKIT_CFLAGS += -D__OPTEE_CORE_API_COMPAT_1_1
else ifneq ($(filter-out n,$(CFG_TA_OPTEE_CORE_API_COMPAT_1_1)),)
$(error ta_dev_kit.mk: CFG_TA_OPTEE_CORE_API_COMPAT_1_1 = $(CFG_TA_OPTEE_CORE_API_COMPAT_1_1): use y (GP 1.1 API) or n)
endif

# As OP-TEE does, every CFG_ variable reaches the sources: y as 1, n or
# empty not at all, anything else as its value. CPPFLAGS, CFLAGS (the TA
# Makefile may add to them after this include) and LDADD are honoured.
TA_DEVKIT_CFG_DEFS := $(strip $(foreach v,$(filter CFG_%,$(.VARIABLES)), \
	$(if $(filter y,$($(v))),-D$(v)=1, \
	$(if $(filter-out n,$($(v))),-D$(v)='$($(v))'))))
TA_DEVKIT_FLAGS = $(TA_DEVKIT_CFG_DEFS) $(CPPFLAGS) $(CFLAGS)
TA_DEVKIT_LDADD = $(LDADD)

ifeq ($(strip $(TA_SIGN_KEY)),)
TA_SIGN_KEY := $(firstword $(wildcard $(TEEKIT_DEVKIT_MK)/../keys/default_ta.pem) \
	$(shell test -r /etc/teekit/ta-signing-key.pem && echo /etc/teekit/ta-signing-key.pem))
endif

# mk/ta_shlib.mk (decision 1520): a TA or library that links shared TA
# libraries (libnames of lib<name>.so) records them; SHLIBNAME builds a
# shared TA library instead of a TA.
include $(TEEKIT_DEVKIT_MK)/ta_shlib.mk
ifeq ($(strip $(SHLIBNAME)),)
include $(TEEKIT_DEVKIT_MK)/../ta.mk
$(TA_SO): $(libdeps)
endif
