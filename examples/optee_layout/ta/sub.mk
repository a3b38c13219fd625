# SPDX-License-Identifier: BSD-2-Clause
global-incdirs-y += include
global-incdirs-y += libsum/include
srcs-y += optee_layout_ta.c
# the static TA library, built first from libsum/ (LIBNAME = libsum)
libnames += sum
libdirs += libsum
libdeps += libsum/libsum.a
