# SPDX-License-Identifier: BSD-2-Clause
# OP-TEE's TA Makefiles end with include $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk:
# with TA_DEV_KIT_DIR pointing at the teekit SDK they build with ta.mk.
include $(dir $(lastword $(MAKEFILE_LIST)))../ta.mk
