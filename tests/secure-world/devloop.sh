#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The TA developer's loop (issue 17): the daemons let go of their caller's
# stdout (out=$(teekit-up) returns), tee-supplicant keeps writing to the
# log file it is given once detached, and the example CAs print result
# names and the cause.
echo "TAP version 13"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
tmp=$(mktemp -d)
U=5ec0e000-0000-4000-8000-0000000000
stop_all() {
	teekit-down >/dev/null 2>&1
}
stop_all

# --- teekit-tos daemonized: the caller's stdout is let go ----------------------
modprobe teekit_sim
out=$(timeout 10 teekit-tos --log "$tmp/tos.log"); rc=$?
check "out=\$(teekit-tos) returns once it serves (exit $rc)" '[ $rc -eq 0 ]'
check "teekit-tos runs detached" 'pidof teekit-tos >/dev/null'
kill $(pidof teekit-tos) 2>/dev/null
sleep 0.5

# --- tee-supplicant --log: the file holds every message ---------------------
node=
for d in /sys/class/tee/teepriv*; do
	[ "$(cat "$d/implementation_id" 2>/dev/null)" = 1 ] && node=/dev/$(basename "$d")
done
out=$(timeout 10 tee-supplicant --daemonize --log "$tmp/supp.log" "$node"); rc=$?
check "out=\$(tee-supplicant --daemonize) returns once it serves" '[ $rc -eq 0 ]'
teekit-tos --log "$tmp/tos2.log"
# a TA nobody installed: the supplicant logs where it searched
teectl invoke ${U}fe 0 >/dev/null 2>&1
sleep 0.3
check "tee-supplicant logs a request after detaching to its --log file" \
	'grep -q "searched /lib/optee_armtz" "$tmp/supp.log"'
kill $(pidof tee-supplicant)
sleep 0.5
check "tee-supplicant logs its exit to its --log file" \
	'grep -q "stopping on signal 15" "$tmp/supp.log"'
lines=$(wc -l < "$tmp/supp.log")
check "the --log file holds more than one line ($lines)" '[ "$lines" -ge 3 ]'
[ "$lines" -ge 3 ] || sed 's/^/# /' "$tmp/supp.log"
stop_all

# --- teekit-up in a command substitution --------------------------------------
out=$(timeout 30 teekit-up --log "$tmp/tos3.log" --supp-log "$tmp/supp3.log"); rc=$?
check "out=\$(teekit-up) returns and says it serves" \
	'[ $rc -eq 0 ] && echo "$out" | grep -q "serving on"'
[ $rc -eq 0 ] || echo "# $out"

# --- the example CAs print names and the cause ------------------------------
kill $(pidof teekit-tos)
sleep 0.5
hello_world > "$tmp/hw.out" 2>&1; rc=$?
check "hello_world without teekit-tos names the result, origin and component" \
	'[ $rc -ne 0 ] && grep -q "TEEC_ERROR_COMMUNICATION (TEEC_ORIGIN_COMMS): the secure world is not running: teekit-tos" "$tmp/hw.out"'
[ $rc -ne 0 ] || sed 's/^/# /' "$tmp/hw.out"
stop_all
hello_world > "$tmp/hw2.out" 2>&1; rc=$?
check "hello_world without any module says modprobe teekit_sim" \
	'[ $rc -ne 0 ] && grep -q "TEEC_ERROR_ITEM_NOT_FOUND (TEEC_ORIGIN_COMMS): no TEE device: .*modprobe teekit_sim" "$tmp/hw2.out"'
sed 's/^/# /' "$tmp/hw2.out"

rm -rf "$tmp"
echo "1..$n"
exit $fail
