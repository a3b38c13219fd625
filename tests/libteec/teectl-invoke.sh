#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# teectl invoke end to end against the test driver's ECHO TA: values,
# memrefs from and to files, JSON, and the exit codes scripts rely on.
echo "TAP version 13"
echo "1..7"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

grep -qw teekit_test /proc/modules || modprobe teekit_test
for i in $(seq 50); do
	dev=$(grep -l '^32343$' /sys/class/tee/tee[0-9]*/implementation_id 2>/dev/null | head -n 1)
	[ -n "$dev" ] && [ -e "/dev/$(basename "$(dirname "$dev")")" ] && break
	sleep 0.1
done
export TEEC_DEVICE=/dev/$(basename "$(dirname "$dev")")
echo "# device $TEEC_DEVICE"
ECHO=7e570000-0000-4000-8000-000000000001
tmp=$(mktemp -d)

out=$(teectl invoke $ECHO 1 val:40,2 val-out)
check "ADD prints the sum" '[ "$out" = "param 1: a=42 b=0" ]'

printf 'hello teekit' > "$tmp/in"
teectl invoke $ECHO 2 "in:$tmp/in" "out:64:$tmp/out" > "$tmp/log"
check "COPY through files" 'cmp -s "$tmp/in" "$tmp/out"'

out=$(teectl --json invoke $ECHO 1 val:1,2 val-out)
check "JSON output" 'echo "$out" | grep -q "\"result\": \"TEEC_SUCCESS\".*\"a\": 3"'

teectl invoke $ECHO 2 "in:$tmp/in" out:4 > "$tmp/log"; rc=$?
check "SHORT_BUFFER exits 1 and names the result" \
	'[ $rc -eq 1 ] && grep -q TEEC_ERROR_SHORT_BUFFER "$tmp/log" && grep -q "size=12" "$tmp/log"'

teectl invoke 7e570000-0000-4000-8000-0000000000ff 0 > "$tmp/log"; rc=$?
check "unknown TA exits 1 with the TA path" '[ $rc -eq 1 ] && grep -q optee_armtz "$tmp/log"'

teectl invoke not-a-uuid 0 2>/dev/null; rc=$?
check "bad arguments exit 2" '[ $rc -eq 2 ]'

TEEC_DEVICE=/dev/tee-none teectl invoke $ECHO 0 2>/dev/null; rc=$?
check "no device exits 3" '[ $rc -eq 3 ]'

rm -rf "$tmp"
exit $fail
