# SPDX-License-Identifier: BSD-2-Clause
# OP-TEE's TA Makefiles end with include $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk:
# with TA_DEV_KIT_DIR pointing at the teekit SDK they build with ta.mk.
# ta_shlib.mk first: libnames/libdirs/libdeps, and SHLIBNAME builds a
# shared TA library instead of a TA.
TEEKIT_DEV_KIT_MK := $(dir $(lastword $(MAKEFILE_LIST)))
include $(TEEKIT_DEV_KIT_MK)ta_shlib.mk
ifeq ($(strip $(SHLIBNAME)),)
include $(TEEKIT_DEV_KIT_MK)../ta.mk
$(TA_SO): $(libdeps)
endif
