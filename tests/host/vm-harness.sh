#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Proves that the in-VM harness reports failures instead of passing or
# hanging: runs tests/check on the self-test programs of tests/selftest/ and
# checks each verdict. TAP output. On a kernel with kmemleak (make
# check-debug) it also proves that leaked kernel memory fails a test; on
# Debian's kernel that check is skipped.

top=$(cd "$(dirname "$0")/../.." && pwd)
sd=/usr/lib/teekit/selftest
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$top/tests/check" --vm-only --no-lint --timeout 10 \
	$sd/pass.sh $sd/warn.sh $sd/timeout.sh $sd/leak.sh $sd/oops.sh \
	$sd/kmemleak.sh $sd/crash.sh $sd/wedge.sh $sd/after-crash.sh > "$out" 2>&1
rc=$?

n=0 bad=0
check() {
	local desc=$1 pattern=$2
	n=$((n + 1))
	if grep -qE -- "$pattern" "$out"; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		bad=1
	fi
}

# kmemleak.sh skips itself on a kernel without kmemleak.
kmemleak=1
grep -q "^SKIP  $sd/kmemleak.sh" "$out" && kmemleak=0

echo "TAP version 13"
echo "1..15"
check "a passing test passes" "^PASS  $sd/pass.sh$"
check "a kernel WARNING fails the test" "^FAIL  $sd/warn.sh$"
check "the WARNING line is shown" "\\| .*WARNING: .*teekit_warn"
check "a test past its time limit fails" "timed out after 10 s"
check "a leaked module reference fails the test" "module leak: teekit_warn still loaded"
check "an Oops fails the test" "^FAIL  $sd/oops.sh$"
check "the Oops is shown" "\\| .*kernel BUG at"
if [ $kmemleak -eq 1 ]; then
	check "leaked kernel memory fails the test" "^FAIL  $sd/kmemleak.sh$"
	check "the kmemleak report is shown" "\\| kmemleak: unreferenced object .*size 128"
else
	n=$((n + 2))
	echo "ok $((n - 1)) leaked kernel memory fails the test # SKIP no kmemleak in this kernel"
	echo "ok $n the kmemleak report is shown # SKIP no kmemleak in this kernel"
fi
check "a kernel crash fails the running test" "^FAIL  $sd/crash.sh$"
check "the crash is shown" "\\| .*Kernel panic - not syncing: sysrq"
check "a wedged kernel is stopped and fails its test" "^FAIL  $sd/wedge.sh$"
check "tests after a crash run in a fresh VM" "^PASS  $sd/after-crash.sh$"
if [ $kmemleak -eq 1 ]; then
	check "the summary counts them" "^2 passed, 7 failed, 0 skipped$"
else
	check "the summary counts them" "^2 passed, 6 failed, 1 skipped$"
fi
n=$((n + 1))
if [ $rc -ne 0 ]; then
	echo "ok $n tests/check exits non-zero"
else
	echo "not ok $n tests/check exits non-zero"
	bad=1
fi
if [ $bad -ne 0 ]; then
	sed 's/^/# /' "$out"
fi
exit $bad
