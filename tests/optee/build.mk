# SPDX-License-Identifier: GPL-2.0-only
# tests/optee: OP-TEE TA trees built unmodified by the dev kit (issue 15).
# The test tree (tests/optee/tree: ta/ with two source dirs and per-file
# flags, lib/ a static TA library) is built here exactly as OP-TEE builds
# one, with the staged install of the SDK (sdk/build.mk) as
# TA_DEV_KIT_DIR; layout.c runs it in the VM. tests/host/optee-devkit.sh
# builds a copy outside the tree against a DESTDIR install.
TEST_CFLAGS_optee := -Ilibteec -Itests/optee
TEST_LDLIBS_optee := -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib
TEST_DEPS_optee := $(B)/libteec/libteec.so

OLT := $(B)/optee-tree
OLT_UUID := 15150000-0000-4000-8000-000000000001
OLT_DEVKIT = $(abspath $(SDK_STAGE))/share/teekit/sdk

# the tree is copied and built as a porter's would be: lib/ first (its
# libolt.a lands in lib/, where ta/sub.mk's libdirs looks), then ta/;
# env -u MAKEFLAGS as in examples/build.mk (the tree's CFLAGS += counts)
$(OLT)/$(OLT_UUID).ta: $(B)/sdk-root/.stamp $(shell find tests/optee/tree -type f) \
		$(SW_KEY) $(SW_SIGN)
	rm -rf $(OLT)/src
	@mkdir -p $(OLT)
	cp -r tests/optee/tree $(OLT)/src
	env -u MAKEFLAGS -u MFLAGS $(MAKE) --no-print-directory -C $(OLT)/src/lib \
		TA_DEV_KIT_DIR=$(OLT_DEVKIT) TA_CFLAGS=-Werror
	env -u MAKEFLAGS -u MFLAGS $(MAKE) --no-print-directory -C $(OLT)/src/ta \
		TA_DEV_KIT_DIR=$(OLT_DEVKIT) TA_CFLAGS=-Werror \
		TA_SIGN_KEY=$(abspath $(SW_KEY)) TEEKIT_SIGN=$(abspath $(SW_SIGN))
	cp $(OLT)/src/ta/$(OLT_UUID).ta $@

USER_EXTRA += $(OLT)/$(OLT_UUID).ta
TEST_INSTALL_HOOKS += install-optee-tree

.PHONY: install-optee-tree
install-optee-tree: $(OLT)/$(OLT_UUID).ta
	install -d $(DESTDIR)/lib/optee_armtz
	install -m 0444 $< $(DESTDIR)/lib/optee_armtz/
