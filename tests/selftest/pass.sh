#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: a test that passes (it checks that it runs in the VM).
[ "$(hostname)" = teekit-vm ] || { echo "not in the teekit VM"; exit 1; }
grep -q ' /proc proc ' /proc/mounts
