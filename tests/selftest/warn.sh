#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: exits 0 but makes the kernel WARN; the harness must
# report it as failed.
modprobe teekit_warn || exit 1
echo 1 > /sys/kernel/debug/teekit_warn/warn
