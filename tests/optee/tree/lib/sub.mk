# SPDX-License-Identifier: GPL-2.0-only
global-incdirs-y += include
srcs-y += olt_lib.c
