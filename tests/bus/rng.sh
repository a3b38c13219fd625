#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The TEE bus and the hardware RNG (issue 19, docs/tee-bus.md): the
# emulator announces the RNG TA, teekit_rng binds in either load order,
# /dev/hwrng gives the TA's bytes (a known sequence with test_seed), and
# when the emulator, the TA or the supplicant dies, or a module goes,
# reads end with an error, never hang, and the device comes back with
# the stack.
echo "TAP version 13"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
T=${TEEKIT_TIMEOUT_MULT:-1}
tmp=$(mktemp -d)
RNG=85909e77-534d-4adf-847b-710feb9062eb
FTPM=bc50d971-d4c9-42c4-82cb-343fb7f37896	# announced too (tests/tpm)
DEV=/sys/bus/tee/devices/teekit-ta-$RNG
HW=/sys/class/misc/hw_random

# wait_for COND SECONDS: poll COND every 0.1 s
wait_for() {
	i=0
	while ! eval "$1"; do
		[ $i -lt $(($2 * 10 * T)) ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}
listed() { grep -qw "teekit-ta-$RNG" $HW/rng_available 2>/dev/null; }
# the driver link appears before probe runs: bound once the hwrng is too
bound() { [ "$(basename "$(readlink "$DEV/driver" 2>/dev/null)")" = teekit_rng ] && listed; }
use_ours() { echo "teekit-ta-$RNG" > $HW/rng_current; }
up() { teekit-up --log "$tmp/tos.log" --supp-log "$tmp/supp.log" >/dev/null; }
down() { teekit-down >/dev/null 2>&1; }
# start a reader of /dev/hwrng that loops until it fails; its status in $1
reader() {
	( while dd if=/dev/hwrng of=/dev/null bs=4096 count=64 2>/dev/null; do :; done
	  echo done > "$1" ) &
	rpid=$!
}
# the reader ended (with an error) within $1 s; else kill it and fail
reader_ended() {
	wait_for "[ -s '$2' ]" "$1" && return 0
	kill $rpid 2>/dev/null
	return 1
}
# pids of TA host processes (of the RNG TA with $1 = rng)
tahosts() {
	for p in /proc/[0-9]*; do
		c=$(tr '\0' ' ' 2>/dev/null < $p/cmdline) || continue
		case "$c" in
		*teekit-tahost*"${1:+$RNG}"*) echo "${p#/proc/}" ;;
		esac
	done
}
# bytes b[k+1] == b[k] + 1 (mod 256) in od's decimal output
sequence() {
	od -An -v -tu1 "$1" | tr -s ' ' '\n' | grep . | awk '
		NR > 1 && $1 != (p + 1) % 256 { bad = 1 } { p = $1; c++ }
		END { exit (bad || c != '"$2"') }'
}

down
rmmod teekit_rng 2>/dev/null

# --- a client driver loaded before the TEE binds when the device appears ------
modprobe teekit_rng
check "teekit_rng loads with no TEE (registers its driver only)" \
	'[ -d /sys/bus/tee/drivers/teekit_rng ] && [ ! -e $DEV ]'
up
check "the emulator announces the RNG TA: $DEV appears" 'wait_for "[ -d $DEV ]" 10'
check "the device is bound to teekit_rng" 'wait_for bound 10'
check "its uevent names MODALIAS=tee:$RNG" \
	'grep -qx "MODALIAS=tee:$RNG" $DEV/uevent'
check "modinfo's alias matches it" \
	'modinfo -F alias teekit_rng | grep -qx "tee:$RNG\*"'
check "the hwrng is registered" 'listed'
only_announced=$(ls /sys/bus/tee/devices | grep -v "teekit-ta-$RNG" | grep -cv "teekit-ta-$FTPM")
check "only TAs with TA_FLAG_DEVICE_ENUM are announced (others: $only_announced)" \
	'[ "$only_announced" = 0 ]'

# --- random bytes from the TA --------------------------------------------------
use_ours
dd if=/dev/hwrng of="$tmp/a" bs=512 count=1 2>/dev/null
dd if=/dev/hwrng of="$tmp/b" bs=512 count=1 2>/dev/null
check "/dev/hwrng gives 512 bytes" '[ "$(stat -c %s "$tmp/a")" = 512 ]'
check "two reads differ and are not a counting sequence" \
	'! cmp -s "$tmp/a" "$tmp/b" && ! sequence "$tmp/a" 512'
check "the driver's session is in the TA (TA log has no refusal)" \
	'! grep -q "refused" "$tmp/tos.log"'

# --- user space is refused what only the kernel may do ---------------------
teectl invoke 7011a688-ddde-4053-a5a9-7b3c4ddf13b8 0 out:1024 >"$tmp/pta" 2>&1
check "a user-space client of the device-enumeration PTA gets ACCESS_DENIED from the TEE" \
	'grep -q "TEEC_ERROR_ACCESS_DENIED (0xffff0001) from TEEC_ORIGIN_TEE" "$tmp/pta"'
teectl invoke $RNG 32343 val:5,0 >"$tmp/seed" 2>&1
check "a user-space client cannot switch the RNG TA to the test sequence" \
	'grep -q "TEEC_ERROR_ACCESS_DENIED (0xffff0001) from TEEC_ORIGIN_TRUSTED_APP" "$tmp/seed"'

# --- a TEE already there binds a driver loaded later; the known sequence --------
rmmod teekit_rng
check "unloading teekit_rng unbinds it and the hwrng goes" \
	'[ ! -e $DEV/driver ] && ! listed && [ -d $DEV ]'
modprobe teekit_rng test_seed=7
check "teekit_rng loaded after the TEE binds at once" 'wait_for bound 5'
use_ours
head -c 1000 /dev/hwrng > "$tmp/seq"
check "test_seed: 1000 bytes of /dev/hwrng are the TA's known sequence" \
	'sequence "$tmp/seq" 1000'
[ $fail = 0 ] || od -An -tu1 "$tmp/seq" | head -n 3 | sed 's/^/# /'
check "the test mode is logged as not random" \
	'dmesg | grep -q "test mode (test_seed=7): not random"'
rmmod teekit_rng
modprobe teekit_rng
wait_for bound 5
use_ours

# --- the supplicant dies: the loaded TA keeps serving --------------------------
kill -9 $(pidof tee-supplicant)
check "reads go on without tee-supplicant once the TA is loaded" \
	'dd if=/dev/hwrng of=/dev/null bs=4096 count=16 2>/dev/null'
up

# --- the TA instance dies during reads ------------------------------------------
reader "$tmp/r1"
sleep 0.5
tas=$(tahosts rng)
kill -9 $tas
# the pending read fails (TEEC_ERROR_TARGET_DEAD); the hwrng core may
# hand that error to its own filler thread, and the next read reopens a
# session, so the reader may see bytes only
check "the TA killed during reads (pid ${tas:-none}): the pending read fails with TARGET_DEAD" \
	'wait_for "dmesg | grep -q \"RNG TA command 0 failed: 0xffff3024\"" 10'
kill $rpid
check "the reader is not stuck" 'wait_for "! kill -0 $rpid 2>/dev/null" 5'
check "after the TA's death the next read reopens a session and works" \
	'wait_for "dd if=/dev/hwrng of=/dev/null bs=64 count=1 2>/dev/null" 5'
check "the driver says it reopened the session" \
	'dmesg | grep -q "the RNG TA died; reading from a new session"'

# --- the emulator dies during reads ----------------------------------------------
reader "$tmp/r2"
sleep 0.5
kill -9 $(pidof teekit-tos)
check "teekit-tos killed during reads: the reader gets an error within 10 s" \
	'reader_ended 10 "$tmp/r2"'
check "the device goes away with the emulator" 'wait_for "[ ! -e $DEV ]" 10'
check "the hwrng goes away with it" '! listed'
kill -9 $(tahosts) 2>/dev/null
up
check "the emulator restarted: the device comes back and binds" \
	'wait_for bound 10 && listed'
[ $fail = 0 ] || { ls -l $DEV/ | sed 's/^/# dev: /'; cat $HW/rng_available | sed 's/^/# avail: /'; cat /proc/uptime; tail -n 5 "$tmp/tos.log" | sed 's/^/# tos: /'; dmesg | tail -n 15 | sed 's/^/# kmsg: /'; }
use_ours
check "and gives bytes again" \
	'dd if=/dev/hwrng of=/dev/null bs=512 count=1 2>/dev/null'

# --- unloading either module while reading -----------------------------------------
reader "$tmp/r3"
sleep 0.5
timeout $((20 * T)) rmmod teekit_rng; rc=$?
check "rmmod teekit_rng during reads returns (exit $rc)" '[ $rc = 0 ]'
check "the reader then ends with an error" 'reader_ended 10 "$tmp/r3"'
modprobe teekit_rng
wait_for bound 10
use_ours
reader "$tmp/r4"
sleep 0.5
timeout $((30 * T)) teekit-down >/dev/null 2>&1; rc=$?
check "teekit-down (emulator killed, teekit_sim and teekit_rng unloaded) during reads returns (exit $rc)" \
	'[ $rc = 0 ] && [ ! -d /sys/module/teekit_sim ]'
check "the reader then ends with an error" 'reader_ended 10 "$tmp/r4"'
modprobe teekit_rng
modprobe teekit_sim
kill -9 $(tahosts) 2>/dev/null
up
check "sim reloaded under a loaded teekit_rng: the device binds again" \
	'wait_for bound 10'
reader "$tmp/r5"
sleep 0.5
kill $(pidof teekit-tos)
wait_for "[ ! -d /sys/module/teekit_sim/holders/teekit_rng ] && ! pidof teekit-tos >/dev/null" 10
timeout $((20 * T)) rmmod teekit_sim; rc=$?
check "rmmod teekit_sim with teekit_rng loaded and reading returns (exit $rc)" \
	'[ $rc = 0 ] && [ ! -e $DEV ]'
check "the reader then ends with an error" 'reader_ended 10 "$tmp/r5"'

down
rm -rf "$tmp"
echo "1..$n"
exit $fail
