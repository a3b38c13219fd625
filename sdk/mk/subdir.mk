# SPDX-License-Identifier: BSD-2-Clause
#
# subdir.mk - reads an OP-TEE TA tree's sub.mk files (teekit TA SDK, ta.mk
# includes it when the TA directory has a sub.mk and no SRCS is given).
#
# Starting at ./sub.mk, each sub.mk may set, for its own directory:
#   srcs-y            C sources, relative to the sub.mk's directory
#   subdirs-y         directories whose sub.mk is read next
#   global-incdirs-y  include dirs for every file of the TA (and its libs)
#   incdirs-y         include dirs for this sub.mk's sources only
#   cflags-y, cppflags-y, cflags-remove-y          for this sub.mk's sources
#   cflags-<f>-y, cppflags-<f>-y, cflags-remove-<f>-y   for source <f> only
# and for the whole TA: libnames, libdirs, libdeps (kept as they are,
# relative to the TA directory). sub-dir names the directory being read.
#
# Results: TA_SUB_SRCS (paths relative to the TA directory), TA_SUB_INCDIRS,
# and per source S: ta-cflags-S (flags to add), ta-cflags-rm-S (to remove).

# ta-sub-path DIR,PATH: PATH of DIR/sub.mk as seen from the TA directory
ta-sub-path = $(if $(filter /%,$(2)),$(2),$(patsubst ./%,%,$(1)/$(2)))

TA_SUB_SRCS :=
TA_SUB_INCDIRS :=

# ta-sub-file DIR,FILE: record FILE of DIR/sub.mk with its flags, and
# forget the file-specific variables (another directory may have a file
# of the same name)
define ta-sub-file
ta-sub-f := $$(call ta-sub-path,$(1),$(2))
ifeq ($$(filter %.c,$(2)),)
$$(error ta_dev_kit.mk: $(1)/sub.mk lists '$(2)' in srcs-y: the teekit dev kit builds C sources only (no C++ runtime or assembly for TAs here, docs/optee-compat.md); leave it out with a CFG_ condition or port it to C)
endif
ifeq ($$(wildcard $$(ta-sub-f)),)
$$(error ta_dev_kit.mk: $(1)/sub.mk lists '$(2)' in srcs-y, but $$(ta-sub-f) does not exist: fix the name in $(1)/sub.mk or add the file)
endif
ifneq ($$(filter $$(ta-sub-f),$$(TA_SUB_SRCS)),)
$$(error ta_dev_kit.mk: $$(ta-sub-f) is listed twice in srcs-y (last in $(1)/sub.mk): list each source once)
endif
TA_SUB_SRCS += $$(ta-sub-f)
ta-cflags-$$(ta-sub-f) := $$(ta-sub-dir-flags) $$(cppflags-$(2)-y) $$(cflags-$(2)-y)
ta-cflags-rm-$$(ta-sub-f) := $$(cflags-remove-y) $$(cflags-remove-$(2)-y)
cflags-$(2)-y :=
cppflags-$(2)-y :=
cflags-remove-$(2)-y :=
endef

# ta-sub-dir DIR: read DIR/sub.mk, then its subdirs-y
define ta-sub-dir
ifeq ($$(wildcard $(1)/sub.mk),)
$$(error ta_dev_kit.mk: subdirs-y names $(patsubst ./%,%,$(1)), but $(patsubst ./%,%,$(1))/sub.mk does not exist: add it or drop the directory from subdirs-y)
endif
sub-dir := $(1)
srcs-y :=
subdirs-y :=
global-incdirs-y :=
incdirs-y :=
global-incdirs-y :=
incdirs-y :=
cflags-y :=
cppflags-y :=
cflags-remove-y :=
include $(1)/sub.mk
TA_SUB_INCDIRS += $$(foreach d,$$(global-incdirs-y),$$(call ta-sub-path,$(1),$$(d)))
ta-sub-dir-flags := $$(addprefix -I,$$(foreach d,$$(incdirs-y),$$(call ta-sub-path,$(1),$$(d)))) \
	$$(cppflags-y) $$(cflags-y)
$$(foreach f,$$(srcs-y),$$(eval $$(call ta-sub-file,$(1),$$(f))))
ta-sub-next-$(1) := $$(subdirs-y)
$$(foreach d,$$(ta-sub-next-$(1)),$$(eval $$(call ta-sub-dir,$(1)/$$(d))))
endef

$(eval $(call ta-sub-dir,.))
sub-dir :=
srcs-y :=
subdirs-y :=
global-incdirs-y :=
incdirs-y :=
