#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Both generations of the client ABI as installed (issue 15 item 5,
# decision 1540, docs/libteec.md): 'make install-no-modules' into a
# DESTDIR, then a client application (tests/host/libteec-abi/ca.c, OP-TEE's
# layouts asserted at compile time) built with 'pkg-config teec' and with
# 'pkg-config teec1': each needs its soname and runs on it; each is refused
# by the dynamic linker when only the other generation's library is there,
# or when that library poses under its soname. Runs on the host, no TEE.
# TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
n=0 bad=0

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
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

make -s install-no-modules DESTDIR="$root" >"$tmp/install.log" 2>&1 ||
	{ echo "Bail out! make install-no-modules failed (log below)"; sed 's/^/# /' "$tmp/install.log"; exit 1; }

pc() { # pc ARGS...: pkg-config on the DESTDIR's files only
	PKG_CONFIG_LIBDIR=$root/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root pkg-config "$@"
}

[ "$(pc --modversion teec)" = 2.0.0 ] && [ "$(pc --modversion teec1)" = 1.0.0 ]
ok $? "teec.pc is generation 2 (2.0.0), teec1.pc generation 1 (1.0.0)"
grep -q '^#define TEEKIT_TEEC_ABI 2$' "$root/usr/include/tee_client_api.h" &&
	grep -q '^#define TEEKIT_TEEC_ABI 1$' "$root/usr/include/teec1/tee_client_api.h"
ok $? "include/tee_client_api.h defaults to generation 2, include/teec1/ to 1"

for g in 2 1; do
	m=teec; [ $g = 1 ] && m=teec1
	# shellcheck disable=SC2046 # pkg-config's words are meant to split
	gcc -std=gnu11 -Wall -Wextra -Werror -Itests/libteec -o "$tmp/ca$g" \
		tests/host/libteec-abi/ca.c $(pc --cflags --libs $m) >"$tmp/cc$g.log" 2>&1
	ok $? "a CA builds with 'pkg-config $m' (OP-TEE's layouts asserted)" "$tmp/cc$g.log"
	readelf -d "$tmp/ca$g" | grep -q "NEEDED.*\[libteec\.so\.$g\]"
	ok $? "the CA built with $m needs libteec.so.$g"
	LD_LIBRARY_PATH=$root/usr/lib TEEC_DEVICE=/dev/null "$tmp/ca$g" >"$tmp/run$g.log" 2>&1 &&
		grep -q "^abi $g ok (TEEC_ERROR_NOT_SUPPORTED), sizeof(TEEC_SharedMemory) $((g == 1 ? 48 : 56))$" "$tmp/run$g.log"
	ok $? "the generation $g CA runs on libteec.so.$g: members where its header has them" "$tmp/run$g.log"
	CA_TEE_NAME=no-such-tee LD_LIBRARY_PATH=$root/usr/lib TEEC_DEVICE=/dev/null "$tmp/ca$g" >"$tmp/name$g.log" 2>&1 &&
		grep -q "(TEEC_ERROR_ITEM_NOT_FOUND)" "$tmp/name$g.log"
	ok $? "generation $g: an unknown TEE name is ITEM_NOT_FOUND, as in OP-TEE" "$tmp/name$g.log"
done

# the other generation's library under this one's soname: refused by version
mkdir -p "$tmp/pose1" "$tmp/pose2" "$tmp/only2"
cp "$root/usr/lib/libteec.so.2.0.0" "$tmp/pose1/libteec.so.1"
cp "$root/usr/lib/libteec.so.1.0.0" "$tmp/pose2/libteec.so.2"
LD_LIBRARY_PATH=$tmp/pose1 "$tmp/ca1" >"$tmp/pose1.log" 2>&1
[ $? -ne 0 ] && grep -q "version \`LIBTEEC_1.0' not found" "$tmp/pose1.log"
ok $? "a generation 1 CA is refused by the dynamic linker on libteec.so.2 posing as .so.1" "$tmp/pose1.log"
LD_LIBRARY_PATH=$tmp/pose2 "$tmp/ca2" >"$tmp/pose2.log" 2>&1
[ $? -ne 0 ] && grep -q "version \`LIBTEEC_2.0' not found" "$tmp/pose2.log"
ok $? "a generation 2 CA is refused by the dynamic linker on libteec.so.1 posing as .so.2" "$tmp/pose2.log"

# only the other soname there: not found (unless the system has its own)
cp "$root/usr/lib/libteec.so.2.0.0" "$tmp/only2/libteec.so.2"
if ldconfig -p 2>/dev/null | grep -q 'libteec\.so\.1 ' || [ -e /usr/lib/libteec.so.1 ] ||
	[ -e /lib/libteec.so.1 ]; then
	skip "a generation 1 CA finds no libteec.so.1 beside libteec.so.2" "this machine has a libteec.so.1 installed"
else
	LD_LIBRARY_PATH=$tmp/only2 "$tmp/ca1" >"$tmp/only2.log" 2>&1
	[ $? -eq 127 ] && grep -q "libteec.so.1: cannot open shared object file" "$tmp/only2.log"
	ok $? "a generation 1 CA finds no libteec.so.1 beside libteec.so.2" "$tmp/only2.log"
fi

echo "1..$n"
exit $bad
