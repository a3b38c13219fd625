#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: exits 0 but leaves a teekit module in use; the harness
# must report the leak.
modprobe teekit_warn || exit 1
echo 1 > /sys/kernel/debug/teekit_warn/leak
