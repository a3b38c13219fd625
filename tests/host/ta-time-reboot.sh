#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# TA persistent time survives a restart of the whole VM (issue 5; decision
# 0801): boot 1 sets the time of the ta-runtime test TA with its REE FS on
# a virtio disk, boot 2 (a new kernel, supplicant, emulator and TA on the
# same disk) reads it back and finds it advanced by the time between the
# boots, boot 3 on a fresh disk finds no time (so the check can fail).
# Each boot runs the stack as a user does: teekit-up, teectl invoke. TAP.

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ta=7a000000-0000-4000-8000-000000000001	# tests/ta-runtime/ta, RT_TA_UUID(01)
GET=6 SET=7					# RT_CMD_PTIME_GET, RT_CMD_PTIME_SET
n=0 bad=0

echo "TAP version 13"
echo "1..6"
ok() { # ok STATUS NAME [LOG]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		bad=1
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 20 "$3" | sed 's/^/# /'
	fi
}

mkdisk() {
	truncate -s 32M "$1" && mkfs.ext4 -q -F "$1"
}

# boot DISK LOG CMD: the stack on DISK's file system as /var/lib/tee
boot() {
	local disk=$1 log=$2
	shift 2
	# shellcheck disable=SC2016 # expanded in the VM
	"$top/tests/vm/run" --no-build --timeout $((120 * ${TEEKIT_TIMEOUT_MULT:-1})) --disk "$disk" -- sh -c '
		modprobe virtio_pci && modprobe virtio_blk && modprobe ext4 || exit 90
		i=0
		while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		mkdir -p /var/lib/tee && mount -t ext4 /dev/vda /var/lib/tee || exit 91
		teekit-up >/dev/null || exit 92
		'"$*"'
		rc=$?
		teekit-down >/dev/null 2>&1
		umount /var/lib/tee || exit 93
		exit $rc' > "$log" 2>&1
}

# the seconds of "value a=S" in teectl's output, for val-out
secs() {
	sed -n 's/.*"a": *\([0-9]*\).*/\1/p' "$1" | head -n 1
}

if ! command -v mkfs.ext4 >/dev/null; then
	for i in 1 2 3 4 5 6; do
		echo "ok $i # SKIP mkfs.ext4 missing (e2fsprogs; run 'make deps')"
	done
	exit 0
fi

mkdisk "$tmp/disk.img"
mkdisk "$tmp/fresh.img"

t0=$(date +%s)	# the time is set after this
boot "$tmp/disk.img" "$tmp/boot1.log" \
	"teectl invoke $ta $SET val:1000,250 && ls /var/lib/tee/teekit-tatime/$ta"
ok $? "boot 1: TA sets its persistent time, the record is on the disk" "$tmp/boot1.log"
sleep 2
boot "$tmp/disk.img" "$tmp/boot2.log" "teectl --json invoke $ta $GET val-out"
rc=$?
ok $rc "boot 2: a new kernel and stack on the same disk read the time" "$tmp/boot2.log"
s=$(secs "$tmp/boot2.log")
elapsed=$(($(date +%s) - t0))
[ -n "$s" ] && [ "$s" -ge 1002 ] && [ "$s" -le $((1000 + elapsed + 2)) ]
ok $? "boot 2: the time went on across the restart (got ${s:-none} s, want 1002..$((1000 + elapsed + 2)))" "$tmp/boot2.log"

boot "$tmp/fresh.img" "$tmp/boot3.log" "teectl --json invoke $ta $GET val-out"
rc=$?
[ $rc -ne 0 ] && grep -qi "ffff5001\|TIME_NOT_SET" "$tmp/boot3.log"
ok $? "boot 3: a fresh disk has no time (TEE_ERROR_TIME_NOT_SET)" "$tmp/boot3.log"

# the kernel log of none of the boots may show a warning
! grep -qE "WARNING:|BUG:|Oops|general protection" "$tmp"/boot*.log
ok $? "no kernel warnings in the three boots"
# the disk is still a clean file system after two boots wrote to it
e2fsck -fn "$tmp/disk.img" > "$tmp/fsck.log" 2>&1
ok $? "the disk passes e2fsck after the two boots" "$tmp/fsck.log"
exit $bad
