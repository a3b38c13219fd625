#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One UUID per TA (issue 17 item 2, decision 1702): TA_UUID in
# user_ta_header_defines.h is the only place it is written. ta.mk names the
# TA after it without BINARY and refuses a BINARY that differs; teekit-sign
# signs for it without --uuid and refuses a --uuid that differs (unless
# --force); CMake's teekit_add_ta() does the same (tests/host/tatest.sh);
# ta-uuid reads the header of the examples and the template. Runs on the
# host against the staged SDK (build/sdk-root). TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
usr=$top/build/sdk-root/usr
sdk=$usr/share/teekit/sdk
sign=$top/build/secure-world/teekit-sign
key=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
pub=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pub.pem
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
mine=3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
other=3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5e

echo "TAP version 13"
ok() { # ok STATUS NAME [LOGFILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		bad=1
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 20 "$3" | sed 's/^/# /'
	fi
}

for f in "$sdk/ta.mk" "$sdk/ta-uuid" "$sign" "$key"; do
	[ -e "$f" ] || { echo "Bail out! $f missing: run make first"; exit 1; }
done

# a TA of our own, from the template, with the UUID written once
ta=$tmp/ta
cp -r "$sdk/template" "$ta"
rm -f "$ta/CMakeLists.txt" "$ta/template_test.c"
sed -i "s/{ 0x00000000, 0x0000, 0x4000,/{ 0x3c1d2b4a, 0x5e6f, 0x4a7b,/;
	s/{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }/{ 0x8c, 0x9d, 0x0e, 0x1f, 0x2a, 0x3b, 0x4c, 0x5d }/" \
	"$ta/user_ta_header_defines.h"

(cd "$ta" && sh "$sdk/ta-uuid" gcc -I"$usr/include/teekit-ta") > "$tmp/uuid.out" 2> "$tmp/uuid.log"
[ "$(cat "$tmp/uuid.out")" = "$mine" ]
ok $? "ta-uuid reads TA_UUID from user_ta_header_defines.h" "$tmp/uuid.log"

make -C "$ta" TA_DEV_KIT_DIR="$sdk" TA_SIGN_KEY="$key" TEEKIT_SIGN="$sign" \
	> "$tmp/make1.log" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -f "$ta/$mine.so" ] && [ -f "$ta/$mine.ta" ] &&
	"$sign" --verify --key "$pub" --uuid "$mine" --in "$ta/$mine.ta" >> "$tmp/make1.log" 2>&1
ok $? "ta.mk without BINARY builds and signs <TA_UUID>.ta" "$tmp/make1.log"

make -C "$ta" clean > /dev/null 2>&1
make -C "$ta" TA_DEV_KIT_DIR="$sdk" BINARY="$other" > "$tmp/make2.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "BINARY = $other but user_ta_header_defines.h says TA_UUID is $mine" "$tmp/make2.log" &&
	[ ! -e "$ta/$other.so" ]
ok $? "ta.mk refuses a BINARY other than TA_UUID, naming both" "$tmp/make2.log"

make -C "$ta" TA_DEV_KIT_DIR="$sdk" BINARY="$(echo $mine | tr a-f A-F)" > "$tmp/make3.log" 2>&1
ok $? "ta.mk accepts a BINARY equal to TA_UUID (any case)" "$tmp/make3.log"

sed -i 's/#define TA_UUID .*/#define TA_UUID { 0x1, 0x2 }/; /^\t\t  { 0x8c/d' "$ta/user_ta_header_defines.h"
make -C "$ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/make4.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "TA_UUID of user_ta_header_defines.h is not" "$tmp/make4.log"
ok $? "ta.mk refuses a TA_UUID that is not a UUID, saying so" "$tmp/make4.log"

# issue 17 item 7: the SDK's signing tool is where teekit-ta.pc says, and
# ta.mk finds it there without TEEKIT_SIGN (and without it on PATH)
st=$(PKG_CONFIG_PATH=$usr/share/pkgconfig pkg-config --variable=signtool teekit-ta 2>"$tmp/pc.log")
[ -n "$st" ] && [ -x "$st" ]
ok $? "teekit-ta.pc's signtool exists ($st)" "$tmp/pc.log"
make -C "$ta" clean > /dev/null 2>&1
sed -i 's/#define TA_UUID .*/#define TA_UUID { 0x3c1d2b4a, 0x5e6f, 0x4a7b, \\/; /#define TA_UUID/a\\t\t  { 0x8c, 0x9d, 0x0e, 0x1f, 0x2a, 0x3b, 0x4c, 0x5d } }' \
	"$ta/user_ta_header_defines.h"
PATH=/usr/bin:/bin make -C "$ta" TA_DEV_KIT_DIR="$sdk" TA_SIGN_KEY="$key" > "$tmp/make5.log" 2>&1 &&
	[ -f "$ta/$mine.ta" ]
ok $? "ta.mk finds teekit-sign next to the SDK without TEEKIT_SIGN" "$tmp/make5.log"

# teekit-sign: the TA's own UUID, or a refusal
so=$top/build/secure-world/ta/plain.so
plain=5ec0e000-0000-4000-8000-000000000001
"$sign" --key "$key" --in "$so" --out "$tmp/a.ta" > "$tmp/sign1.log" 2>&1 &&
	"$sign" --verify --key "$pub" --uuid "$plain" --in "$tmp/a.ta" >> "$tmp/sign1.log" 2>&1
ok $? "teekit-sign without --uuid signs for the TA's own UUID" "$tmp/sign1.log"

"$sign" --key "$key" --uuid "$other" --in "$so" --out "$tmp/b.ta" > "$tmp/sign2.log" 2>&1
rc=$?
[ $rc -ne 0 ] && [ ! -e "$tmp/b.ta" ] &&
	grep -q "built as TA $plain (TA_UUID of its user_ta_header_defines.h) but --uuid says $other" "$tmp/sign2.log"
ok $? "teekit-sign refuses a --uuid other than the TA's own" "$tmp/sign2.log"

"$sign" --force --key "$key" --uuid "$other" --in "$so" --out "$tmp/c.ta" > "$tmp/sign3.log" 2>&1
ok $? "teekit-sign --force signs for another UUID (the refusal tests need it)" "$tmp/sign3.log"

head -c 4096 /dev/urandom > "$tmp/nohead.so"
"$sign" --key "$key" --in "$tmp/nohead.so" --out "$tmp/d.ta" > "$tmp/sign4.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "no .teekit_ta_head" "$tmp/sign4.log"
ok $? "teekit-sign without --uuid on a file with no TA head says to give one" "$tmp/sign4.log"

# the examples' UUIDs come from their headers, once
for ex in hello_world secure_reverse random secure_storage aes hash_hmac hotp rsa \
	sign_verify ecdh supp_plugin service_daemon; do
	u=$(cd "$top/examples/$ex/ta" && sh "$top/sdk/ta-uuid" gcc -I../../../sdk/include -Iinclude)
	[ -n "$u" ] && [ -f "$top/build/examples/$ex/ta/$u.ta" ] &&
		[ "$(grep -rho --include='*.[ch]' --include='Makefile' --include='*.mk' \
			'[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}' \
			"$top/examples/$ex" | grep -c "$u")" -eq 0 ]
	ok $? "examples/$ex: the code writes the UUID only as TA_UUID's initializer ($u)"
done

echo "1..$n"
exit $bad
