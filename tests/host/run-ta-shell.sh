#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/run-ta --shell (issue 17 item 3): the TA runs, then a shell in the
# VM has the TA's directory of this machine at /mnt/host (virtio 9p); the
# TA is changed and rebuilt here, and 'ta-reinstall' in the VM installs it
# so that the next session runs the new code; a broken file is refused.
# Boots the VM once. TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
sdk=$top/build/sdk-root/usr/share/teekit/sdk
tmp=$(mktemp -d)
vm=
trap '[ -n "$vm" ] && kill $vm 2>/dev/null; rm -rf "$tmp"' EXIT
uuid=3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c70
echo "TAP version 13"

ta=$tmp/ta
cp -r "$sdk/template" "$ta"
sed -i "s/{ 0x00000000, 0x0000, 0x4000,/{ 0x3c1d2b4a, 0x5e6f, 0x4a7b,/;
	s/{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }/{ 0x8c, 0x9d, 0x0e, 0x1f, 0x2a, 0x3b, 0x4c, 0x70 }/" \
	"$ta/user_ta_header_defines.h"
make -C "$ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/make.log" 2>&1
ok $? "the template TA builds unsigned with ta.mk ($uuid.so)" "$tmp/make.log"

# A rebuilt TA reinstalled into the running VM from /mnt/host.
# The shell reads a fifo; markers are echoed as MA""RK so that the echo of
# the typed line does not match.
mkfifo "$tmp/in"
timeout 900 "$top/scripts/run-ta" --shell "$ta/$uuid.so" \
	"$top/build/tools/teectl/teectl" invoke "$uuid" 0 val:40,2 val-out \
	< "$tmp/in" > "$tmp/shell.log" 2>&1 &
vm=$!
exec 9> "$tmp/in"
wait_for() {
	i=0
	while [ $i -lt 600 ]; do
		grep -q "$1" "$tmp/shell.log" && return 0
		kill -0 $vm 2>/dev/null || return 1
		sleep 1
		i=$((i + 1))
	done
	return 1
}
# (what is typed before the shell reads its terminal is lost: wait for it)
wait_for "Enter 'help'" && grep -q "after rebuilding it, run: ta-reinstall" "$tmp/shell.log" &&
	grep -q "param 1: a=42" "$tmp/shell.log"
ok $? "run-ta --shell runs the CA, then offers a shell with ta-reinstall" "$tmp/shell.log"
sleep 2
echo 'echo "mounted=$(mount | grep -c " /mnt/host type 9p")"; echo MA""RK1' >&9
wait_for '^MARK1' && grep -q '^mounted=1' "$tmp/shell.log"
ok $? "the TA's directory is shared at /mnt/host" "$tmp/shell.log"
# rebuild on this machine: the TA now adds 100 more
sed -i 's/params\[0\].value.a + params\[0\].value.b;/params[0].value.a + params[0].value.b + 100;/' \
	"$ta/template_ta.c"
make -C "$ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/make2.log" 2>&1
ok $? "the changed TA rebuilds" "$tmp/make2.log"
echo "ta-reinstall && /usr/local/bin/teectl invoke $uuid 0 val:40,2 val-out; echo MA\"\"RK2" >&9
wait_for '^MARK2' && grep -q "ta-reinstall: TA $uuid reinstalled" "$tmp/shell.log" &&
	grep -q "param 1: a=142" "$tmp/shell.log"
ok $? "ta-reinstall installs the rebuilt TA, the next session runs it" "$tmp/shell.log"
# a file that is not the TA any more is refused
cp "$ta/$uuid.so" "$tmp/saved.so"
echo 'not an ELF' > "$ta/$uuid.so"
echo 'ta-reinstall; echo "rc=$?"; echo MA""RK3' >&9
wait_for '^MARK3' && grep -q '^rc=1' "$tmp/shell.log"
ok $? "ta-reinstall of a broken file fails, exit 1" "$tmp/shell.log"
echo 'poweroff -f' >&9
exec 9>&-
wait $vm
ok $? "poweroff -f ends the shell and run-ta" "$tmp/shell.log"

tap_end
