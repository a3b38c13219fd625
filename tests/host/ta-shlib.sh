#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shared TA libraries with the SDK as installed (build/sdk-root), the way
# OP-TEE's dev kit builds them (decision 1520): a library Makefile with
# SHLIBNAME/SHLIBUUID builds lib<name>.so with DT_SONAME <uuid> and a
# signed <uuid>.ta marked as a library; a TA Makefile with libnames/
# libdirs/libdeps links it (DT_NEEDED <uuid>) and passes the import check
# only for what the library defines; a library without SHLIBUUID, or with
# a bad one, is refused. The in-VM loading: tests/secure-world/shlib.c.
# TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
usr=$top/build/sdk-root/usr
sdk=$usr/share/teekit/sdk
sign=$top/build/secure-world/teekit-sign
key=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
pub=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pub.pem
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
libuuid=8fe0e0a2-6a3f-4d37-94e6-0e1c0f3a8f21
mine=3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d

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

for f in "$sdk/mk/ta_dev_kit.mk" "$sdk/mk/ta_shlib.mk" "$sign" "$key"; do
	[ -e "$f" ] || { echo "Bail out! $f missing: run make first"; exit 1; }
done

# the library, OP-TEE style
lib=$tmp/libfoo
mkdir -p "$lib"
cat > "$lib/foo.c" <<'EOC'
#include <tee_internal_api.h>
int foo_twice(int x);
int foo_twice(int x)
{
	return TEE_MemCompare(&x, &x, sizeof(x)) ? -1 : 2 * x;
}
EOC
echo 'srcs-y += foo.c' > "$lib/sub.mk"
printf 'SHLIBNAME = libfoo\nSHLIBUUID = %s\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' \
	"$(echo $libuuid | tr a-f A-F)" > "$lib/Makefile"
make -C "$lib" TA_DEV_KIT_DIR="$sdk" TA_SIGN_KEY="$key" TEEKIT_SIGN="$sign" \
	> "$tmp/lib.log" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -f "$lib/libfoo.so" ] && [ -f "$lib/$libuuid.ta" ] &&
	readelf -d "$lib/libfoo.so" | grep -q "Library soname: \[$libuuid\]"
ok $? "SHLIBNAME/SHLIBUUID build libfoo.so with DT_SONAME <uuid> (lower case) and <uuid>.ta" "$tmp/lib.log"

"$sign" --verify --key "$pub" --uuid "$libuuid" --in "$lib/$libuuid.ta" > "$tmp/verify.log" 2>&1 &&
	"$sign" --info --in "$lib/$libuuid.ta" | grep -q "kind: *shared TA library"
ok $? "the library's image verifies and is marked a shared TA library" "$tmp/verify.log"

# a TA that links it
ta=$tmp/ta
cp -r "$sdk/template" "$ta"
rm -f "$ta/CMakeLists.txt" "$ta/template_test.c"
sed -i "s/{ 0x00000000, 0x0000, 0x4000,/{ 0x3c1d2b4a, 0x5e6f, 0x4a7b,/;
	s/{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }/{ 0x8c, 0x9d, 0x0e, 0x1f, 0x2a, 0x3b, 0x4c, 0x5d }/" \
	"$ta/user_ta_header_defines.h"
cat >> "$ta/template_ta.c" <<'EOC'
int foo_twice(int x);
int call_foo(int x);
int call_foo(int x)
{
	return foo_twice(x);
}
EOC
printf 'libnames += foo\nlibdirs += %s\nlibdeps += %s/libfoo.so\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' \
	"$lib" "$lib" > "$ta/Makefile"
make -C "$ta" TA_DEV_KIT_DIR="$sdk" TA_SIGN_KEY="$key" TEEKIT_SIGN="$sign" \
	> "$tmp/ta.log" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -f "$ta/$mine.ta" ] &&
	readelf -d "$ta/$mine.so" | grep -q "Shared library: \[$libuuid\]" &&
	"$sign" --info --in "$ta/$mine.ta" | grep -q "ta flags"
ok $? "libnames/libdirs/libdeps link the TA: DT_NEEDED <uuid>, signed as a TA" "$tmp/ta.log"

# the import check still refuses what no library defines
echo 'int not_defined_anywhere(void); int call_nd(void); int call_nd(void) { return not_defined_anywhere(); }' \
	>> "$ta/template_ta.c"
make -C "$ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/nd.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "not_defined_anywhere" "$tmp/nd.log" && ! grep -q "foo_twice" "$tmp/nd.log"
ok $? "the import check accepts the library's symbols, not others" "$tmp/nd.log"

# a library without SHLIBUUID, or with a bad one
printf 'SHLIBNAME = libfoo\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' > "$lib/Makefile"
make -C "$lib" TA_DEV_KIT_DIR="$sdk" > "$tmp/nouuid.log" 2>&1
[ $? -ne 0 ] && grep -q "needs SHLIBUUID" "$tmp/nouuid.log"
ok $? "SHLIBNAME without SHLIBUUID is refused, saying so" "$tmp/nouuid.log"
printf 'SHLIBNAME = libfoo\nSHLIBUUID = libfoo\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' > "$lib/Makefile"
make -C "$lib" TA_DEV_KIT_DIR="$sdk" > "$tmp/baduuid.log" 2>&1
[ $? -ne 0 ] && grep -q "is not a UUID" "$tmp/baduuid.log"
ok $? "a SHLIBUUID that is not a UUID is refused" "$tmp/baduuid.log"

# teekit-sign refuses to sign the library for another UUID
"$sign" --key "$key" --uuid "$mine" --in "$lib/libfoo.so" --out "$tmp/x.ta" > "$tmp/sign.log" 2>&1
[ $? -ne 0 ] && grep -q "shared TA library $libuuid" "$tmp/sign.log"
ok $? "teekit-sign refuses a --uuid other than the library's SONAME" "$tmp/sign.log"

echo "1..$n"
exit $bad
