#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: exits 0 but leaks kernel memory; on a kernel with
# kmemleak (make check-debug) the harness must report it as failed.
if [ ! -e /sys/kernel/debug/kmemleak ]; then
	echo "no kmemleak in this kernel"
	exit 77
fi
modprobe teekit_warn || exit 1
echo 1 > /sys/kernel/debug/teekit_warn/kmemleak
