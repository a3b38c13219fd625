#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Trusted storage survives a restart of the whole VM (issue 14): boot 1
# creates objects of the storage test TA with tee-supplicant's REE FS, the
# emulated RPMB image and the device-unique key on a virtio disk; boot 2
# (a new kernel, supplicant, emulator and TA on the same disk) reads them
# back; boot 3 on a fresh disk finds none (so the check can fail). Each
# boot runs the stack as a user does: teekit-up, teectl invoke. TAP.

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ta=57000000-0000-4000-8000-000000000001	# tests/storage/ta, ST_TA_UUID(01)
CREATE=1 GET=20				# ST_CMD_CREATE, ST_CMD_GET
n=0 bad=0

echo "TAP version 13"
echo "1..5"
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
	truncate -s 64M "$1" && mkfs.ext4 -q -F "$1"
}

# boot DISK LOG CMD: the stack with /var/lib/tee and the HUK on DISK
boot() {
	local disk=$1 log=$2
	shift 2
	# shellcheck disable=SC2016 # expanded in the VM
	"$top/tests/vm/run" --no-build --timeout 180 --disk "$disk" -- sh -c '
		modprobe virtio_pci && modprobe virtio_blk && modprobe ext4 || exit 90
		i=0
		while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		mkdir -p /var/lib/tee && mount -t ext4 /dev/vda /var/lib/tee || exit 91
		export TEEKIT_HUK_FILE=/var/lib/tee/huk
		teekit-up >/dev/null || exit 92
		cd /tmp
		'"$*"'
		rc=$?
		teekit-down >/dev/null 2>&1
		umount /var/lib/tee || exit 93
		exit $rc' > "$log" 2>&1
}

if ! command -v mkfs.ext4 >/dev/null; then
	for i in 1 2 3 4 5; do
		echo "ok $i # SKIP mkfs.ext4 missing (e2fsprogs; run 'make deps')"
	done
	exit 0
fi

mkdisk "$tmp/disk.img"
mkdisk "$tmp/fresh.img"

# shellcheck disable=SC2016
boot "$tmp/disk.img" "$tmp/boot1.log" '
	printf kept-id > id && printf "survives a reboot" > data &&
	teectl invoke '$ta' '$CREATE' val-inout:1,3 in:id in:data val:0,0 &&
	head -c 300000 /dev/urandom > big && printf big-id > bid &&
	teectl invoke '$ta' '$CREATE' val-inout:2147483904,3 in:bid in:big val:0,0 &&
	sha256sum < big > /var/lib/tee/big.sum &&
	ls /var/lib/tee/teekit-ss/*/manifest /var/lib/tee/teekit-rpmb.img /var/lib/tee/huk'
ok $? "boot 1: objects created (PRIVATE, and 300 KB in RPMB storage), on the disk" "$tmp/boot1.log"

# shellcheck disable=SC2016
boot "$tmp/disk.img" "$tmp/boot2.log" '
	printf kept-id > id &&
	teectl invoke '$ta' '$GET' val:1,0 in:id out:64:got &&
	grep -qx "survives a reboot" got'
ok $? "boot 2: a new kernel and stack on the same disk read the small object" "$tmp/boot2.log"

# shellcheck disable=SC2016
boot "$tmp/disk.img" "$tmp/boot2b.log" '
	printf big-id > bid &&
	teectl invoke '$ta' '$GET' val:2147483904,0 in:bid out:300000:got &&
	sha256sum < got | cmp - /var/lib/tee/big.sum'
ok $? "boot 2: and the 300 KB object, byte for byte" "$tmp/boot2b.log"

# shellcheck disable=SC2016
boot "$tmp/fresh.img" "$tmp/boot3.log" '
	printf kept-id > id &&
	teectl invoke '$ta' '$GET' val:1,0 in:id out:64:got'
[ $? -ne 0 ] && grep -q -i "ITEM_NOT_FOUND\|0xffff0008\|not found" "$tmp/boot3.log"
ok $? "boot 3: a fresh disk has no such object" "$tmp/boot3.log"

grep -q "tampered" "$tmp/boot2.log" "$tmp/boot2b.log"
[ $? -ne 0 ]
ok $? "no boot reported tampering"
exit $bad
