# SPDX-License-Identifier: GPL-2.0-only
srcs-y += cmds.c
incdirs-y += .
cflags-y += -DOLT_CMDS_DIR=7
cflags-remove-y += -DOLT_TOP_DIR=1
