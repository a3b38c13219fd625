#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: crashes the kernel; the harness must fail this test and
# go on with the next one in a fresh VM.
echo c > /proc/sysrq-trigger
sleep 30
