#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: an Oops (BUG) in a system call; the harness must fail it.
modprobe teekit_warn || exit 1
sh -c 'echo 1 > /sys/kernel/debug/teekit_warn/oops'
exit 0
