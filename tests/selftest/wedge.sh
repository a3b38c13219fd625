#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: wedges the kernel (a CPU spinning with interrupts off)
# without a panic; the host must stop the VM, fail this test and go on.
modprobe teekit_warn || exit 1
echo 1 > /sys/kernel/debug/teekit_warn/spin
sleep 30
