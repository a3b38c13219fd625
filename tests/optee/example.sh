#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# examples/optee_layout in the VM: its TA (built by the dev kit from an
# OP-TEE-layout tree, with a static TA library) answers its CA (built with
# TEEC_EXPORT) through the whole stack, and logs at the build's level.
log=/tmp/teekit-tos-example.log
fail=0
teekit-up --log "$log" || { echo "not ok 1 teekit-up failed"; exit 1; }
out=$(optee_example_layout "checksum me" 2>&1)
rc=$?
echo "# $out"
if [ $rc -eq 0 ] && echo "$out" | grep -q "correct"; then
	echo "ok 1 optee_example_layout gets the right checksum from its TA"
else
	echo "not ok 1 optee_example_layout (exit $rc)"
	fail=1
fi
# the same CA built against OP-TEE <= 4.1's client ABI (libteec.so.1)
out=$(optee_example_layout_teec1 "checksum me" 2>&1)
rc=$?
echo "# $out"
if [ $rc -eq 0 ] && echo "$out" | grep -q "correct" &&
	grep -q 'libteec\.so\.1' /usr/bin/optee_example_layout_teec1 &&
	! grep -q 'libteec\.so\.2' /usr/bin/optee_example_layout_teec1; then
	echo "ok 2 the CA built against libteec.so.1's header runs on libteec.so.1"
else
	echo "not ok 2 optee_example_layout_teec1 (exit $rc)"
	fail=1
fi
# CFG_TEE_TA_LOG_LEVEL ?= 3 in ta/Makefile: IMSG and DHEXDUMP lines built in
sleep 0.3
if grep -q "fletcher32 of 11 bytes" "$log"; then
	echo "ok 3 the TA's IMSG reached the log"
else
	echo "not ok 3 the TA's IMSG is not in the log"
	sed 's/^/# /' "$log" | tail -20
	fail=1
fi
teekit-down
echo "1..3"
exit $fail
