#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/run-ta (issue 17 item 3): a TA built outside the tree with ta.mk
# (unsigned .so, a fresh UUID the VM image does not have) and a client
# program from this machine run in the VM in one command, which prints the
# client's output and then the TA's own log lines. Boots the VM once.
# TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
sdk=$top/build/sdk-root/usr/share/teekit/sdk
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
uuid=3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c6f
n=0 bad=0
echo "TAP version 13"
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		bad=1
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 30 "$3" | sed 's/^/# /'
	fi
}

ta=$tmp/ta
cp -r "$sdk/template" "$ta"
sed -i "s/{ 0x00000000, 0x0000, 0x4000,/{ 0x3c1d2b4a, 0x5e6f, 0x4a7b,/;
	s/{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }/{ 0x8c, 0x9d, 0x0e, 0x1f, 0x2a, 0x3b, 0x4c, 0x6f }/" \
	"$ta/user_ta_header_defines.h"
make -C "$ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/make.log" 2>&1
ok $? "the template TA builds unsigned with ta.mk ($uuid.so)" "$tmp/make.log"

# the client: teectl from this build, copied in like any CA of one's own
"$top/scripts/run-ta" "$ta/$uuid.so" "$top/build/tools/teectl/teectl" \
	invoke "$uuid" 0 val:40,2 val-out > "$tmp/run.log" 2>&1
rc=$?
ok $rc "run-ta signs, installs, starts the stack and runs the CA (exit $rc)" "$tmp/run.log"
grep -q "param 1: a=42" "$tmp/run.log"
ok $? "the CA's output shows the TA's answer" "$tmp/run.log"
grep -q "^--- TA $uuid log" "$tmp/run.log" &&
	grep -Eq "Z TA $uuid \[[0-9]+\] sess [0-9]+ cmd open I .*session opened" "$tmp/run.log"
ok $? "then the TA's own log lines" "$tmp/run.log"

"$top/scripts/run-ta" "$tmp/missing.so" > "$tmp/err.log" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "no TA file" "$tmp/err.log"
ok $? "a missing TA file is named, exit 2" "$tmp/err.log"

echo "1..$n"
exit $bad
