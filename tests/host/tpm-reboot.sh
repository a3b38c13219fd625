#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fTPM's state survives a restart of the whole VM (issue 19 part 3,
# docs/tpm.md): boot 1 defines and writes an NV index and derives the
# owner hierarchy's primary key, with the stack's trusted storage (REE FS,
# RPMB image, device-unique key) on a virtio disk; boot 2 (a new kernel,
# supplicant, emulator and TA on the same disk) reads the index back and
# derives the same key; boot 3 on a fresh disk has no such index (so the
# check can fail). TAP.

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
NV=0x1500017
n=0 bad=0

echo "TAP version 13"
echo "1..4"
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

# boot DISK LOG CMD: the stack and teekit_ftpm with /var/lib/tee and the
# HUK on DISK; CMD runs once /dev/tpmrm0 is there
boot() {
	local disk=$1 log=$2
	shift 2
	# shellcheck disable=SC2016 # expanded in the VM
	"$top/tests/vm/run" --no-build --timeout 240 --disk "$disk" -- sh -c '
		modprobe virtio_pci && modprobe virtio_blk && modprobe ext4 || exit 90
		i=0
		while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		mkdir -p /var/lib/tee && mount -t ext4 /dev/vda /var/lib/tee || exit 91
		export TEEKIT_HUK_FILE=/var/lib/tee/huk
		export TPM2TOOLS_TCTI=device:/dev/tpmrm0
		modprobe teekit_ftpm || exit 94
		teekit-up >/dev/null || exit 92
		i=0
		while [ ! -c /dev/tpmrm0 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
		[ -c /dev/tpmrm0 ] || exit 95
		cd /tmp
		'"$*"'
		rc=$?
		teekit-down >/dev/null 2>&1
		umount /var/lib/tee || exit 93
		exit $rc' > "$log" 2>&1
}

if ! command -v mkfs.ext4 >/dev/null; then
	for i in 1 2 3 4; do
		echo "ok $i # SKIP mkfs.ext4 missing (e2fsprogs; run 'make deps')"
	done
	exit 0
fi

mkdisk "$tmp/disk.img"
mkdisk "$tmp/fresh.img"

# shellcheck disable=SC2016
boot "$tmp/disk.img" "$tmp/boot1.log" '
	printf "kept across a reboot" > data &&
	tpm2_nvdefine -Q -C o -s 20 -a "ownerread|ownerwrite" '$NV' &&
	tpm2_nvwrite -Q -C o -i data '$NV' &&
	tpm2_createprimary -Q -C o -G ecc -c p.ctx &&
	tpm2_readpublic -Q -c p.ctx -o /var/lib/tee/prim.pub'
ok $? "boot 1: an NV index written and the primary key derived, state on the disk" "$tmp/boot1.log"

# shellcheck disable=SC2016
boot "$tmp/disk.img" "$tmp/boot2.log" '
	tpm2_nvread -Q -C o -s 20 -o got '$NV' &&
	grep -qx "kept across a reboot" got'
ok $? "boot 2: a new kernel, stack and TA on the same disk read the NV index" "$tmp/boot2.log"

# shellcheck disable=SC2016
boot "$tmp/disk.img" "$tmp/boot2b.log" '
	tpm2_createprimary -Q -C o -G ecc -c p.ctx &&
	tpm2_readpublic -Q -c p.ctx -o p.pub &&
	cmp p.pub /var/lib/tee/prim.pub'
ok $? "boot 2: and derive the same primary key (the owner seed was kept)" "$tmp/boot2b.log"

# shellcheck disable=SC2016
boot "$tmp/fresh.img" "$tmp/boot3.log" '
	tpm2_nvread -Q -C o -s 20 -o got '$NV''
[ $? -ne 0 ] && grep -q -i "handle\|0x18b" "$tmp/boot3.log"
ok $? "boot 3: a fresh disk's TPM has no such index" "$tmp/boot3.log"
exit $bad
