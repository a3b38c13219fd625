#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The dev kit takes OP-TEE TA trees as they are (issue 15): install the SDK
# into a DESTDIR with the real install rule, copy the OP-TEE-style test
# tree (tests/optee/tree) and the OP-TEE-layout example to a temp dir, and
# build them with only TA_DEV_KIT_DIR set, as OP-TEE builds its TAs. The
# development key sits where OP-TEE's dev kit keeps it (keys/default_ta.pem).
# Then the failures a porter meets must name their cause. TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
usr=$dest/usr
sdk=$usr/share/teekit/sdk
key=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
pub=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pub.pem
sign=$top/build/secure-world/teekit-sign
olt=15150000-0000-4000-8000-000000000001
n=0 bad=0

echo "TAP version 13"

ok() { # ok STATUS NAME [LOGFILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		bad=1
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 30 "$3" | sed 's/^/# /'
	fi
}

make -s -C "$top" install-ta-sdk DESTDIR="$dest" > "$tmp/install.log" 2>&1
rc=$?
for f in share/teekit/sdk/mk/ta_dev_kit.mk share/teekit/sdk/mk/conf.mk \
	share/teekit/sdk/mk/subdir.mk share/teekit/sdk/src/ta_optee.c \
	include/teekit-ta/tee_api.h include/teekit-ta/utee_defines.h \
	include/teekit-ta/string_ext.h include/teekit-ta/types_ext.h \
	include/teekit-ta/trace_levels.h; do
	[ -e "$usr/$f" ] || { echo "missing $usr/$f" >> "$tmp/install.log"; rc=1; }
done
ok $rc "install-ta-sdk puts the dev kit's mk/ files and OP-TEE headers in DESTDIR" "$tmp/install.log"
if [ $rc -ne 0 ]; then
	echo "1..$n"
	exit 1
fi
install -d "$sdk/keys"
# teekit-sign is found next to the SDK (<prefix>/bin); the install put it there
install -m 0600 "$key" "$sdk/keys/default_ta.pem"

# 1. the OP-TEE-style tree: a static library, then the TA linking it
t=$tmp/tree
cp -r "$top/tests/optee/tree" "$t"
{ make -C "$t/lib" TA_DEV_KIT_DIR="$sdk" &&
	make -C "$t/ta" TA_DEV_KIT_DIR="$sdk"; } > "$tmp/tree.log" 2>&1
ok $? "OP-TEE-style tree builds with only TA_DEV_KIT_DIR set" "$tmp/tree.log"
[ -f "$t/lib/libolt.a" ] && ar t "$t/lib/libolt.a" | grep -qx olt_lib.o
ok $? "LIBNAME = libolt makes libolt.a of the library's sources"
"$sign" --verify --key "$pub" --in "$t/ta/$olt.ta" > "$tmp/verify.log" 2>&1
ok $? "the TA is signed with the dev kit's keys/default_ta.pem into <uuid>.ta" "$tmp/verify.log"
nm "$t/ta/$olt.so" > "$tmp/nm.txt" 2>&1
grep -q " T olt_lib_mix$" "$tmp/nm.txt"
ok $? "the TA links the static library (libnames/libdirs)" "$tmp/nm.txt"
grep -q "__GP11_TA_OpenSessionEntryPoint" "$tmp/nm.txt" &&
	! grep -q " T TA_OpenSessionEntryPoint$" "$tmp/nm.txt"
ok $? "CFG_TA_OPTEE_CORE_API_COMPAT_1_1 = y is a GP 1.1 build (__GP11_ entry points)" "$tmp/nm.txt"
[ -f "$t/ta/cmds/cmds.o" ] && [ -f "$t/ta/olt_ta.o" ]
ok $? "objects of subdirs-y are built in their own directory"
! nm -D --defined-only "$t/ta/$olt.so" | grep -qE "teeta_(strlcpy|hexdump)"
ok $? "the dev kit's helpers (strlcpy, hexdump) stay inside the TA"

# CFG_TEE_TA_LOG_LEVEL reaches the sources: 0 compiles every message out
make -C "$t/ta" TA_DEV_KIT_DIR="$sdk" clean > /dev/null 2>&1
make -C "$t/ta" TA_DEV_KIT_DIR="$sdk" CFG_TEE_TA_LOG_LEVEL=0 > "$tmp/l0.log" 2>&1 &&
	! strings "$t/ta/$olt.so" | grep -q "bytes follows"
ok $? "CFG_TEE_TA_LOG_LEVEL=0 leaves no IMSG in the TA" "$tmp/l0.log"
make -C "$t/ta" TA_DEV_KIT_DIR="$sdk" clean > /dev/null 2>&1
make -C "$t/ta" TA_DEV_KIT_DIR="$sdk" CFG_TEE_TA_LOG_LEVEL=2 > "$tmp/l2.log" 2>&1 &&
	strings "$t/ta/$olt.so" | grep -q "bytes follows" &&
	! strings "$t/ta/$olt.so" | grep -q "session with a"
ok $? "CFG_TEE_TA_LOG_LEVEL=2 keeps IMSG, drops DMSG" "$tmp/l2.log"

# O: the output goes there, the tree stays clean
t2=$tmp/tree-o
cp -r "$top/tests/optee/tree" "$t2"
{ make -C "$t2/lib" TA_DEV_KIT_DIR="$sdk" &&
	make -C "$t2/ta" TA_DEV_KIT_DIR="$sdk" O="$tmp/out"; } > "$tmp/o.log" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -f "$tmp/out/$olt.ta" ] && [ -f "$tmp/out/cmds/cmds.o" ] &&
	[ ! -e "$t2/ta/olt_ta.o" ] && [ ! -e "$t2/ta/$olt.ta" ]
ok $? "O= puts objects and <uuid>.ta there and nothing in the tree" "$tmp/o.log"

# 2. the OP-TEE-layout example, built as OP-TEE builds its examples
ex=$tmp/example
cp -r "$top/examples/optee_layout" "$ex"
teec=$tmp/teec
install -d "$teec/include" "$teec/lib"
cp "$top/libteec/tee_client_api.h" "$top/libteec/tee_client_api_extensions.h" \
	"$teec/include/"
cp -P "$top"/build/libteec/libteec.so* "$teec/lib/"
make -C "$ex" TA_DEV_KIT_DIR="$sdk" TEEC_EXPORT="$teec" CROSS_COMPILE= \
	> "$tmp/example.log" 2>&1 &&
	[ -f "$ex/ta/1515e1e1-0000-4000-8000-0000000000e1.ta" ] &&
	[ -x "$ex/host/optee_example_layout" ]
ok $? "examples/optee_layout builds with its own Makefile (TA_DEV_KIT_DIR, TEEC_EXPORT)" "$tmp/example.log"

# 3. what a porter gets wrong is named
t3=$tmp/missing
cp -r "$top/tests/optee/tree" "$t3"
make -C "$t3/lib" TA_DEV_KIT_DIR="$sdk" > /dev/null 2>&1
echo "srcs-y += not_there.c" >> "$t3/ta/cmds/sub.mk"
make -C "$t3/ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/miss.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "cmds/sub.mk lists 'not_there.c' in srcs-y, but cmds/not_there.c does not exist" "$tmp/miss.log"
ok $? "a sub.mk naming a missing file fails naming the file and the sub.mk" "$tmp/miss.log"

t4=$tmp/nohdr
cp -r "$top/tests/optee/tree" "$t4"
make -C "$t4/lib" TA_DEV_KIT_DIR="$sdk" > /dev/null 2>&1
rm "$t4/ta/include/user_ta_header_defines.h"
make -C "$t4/ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/nohdr.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "no user_ta_header_defines.h in" "$tmp/nohdr.log"
ok $? "a TA without user_ta_header_defines.h is told so" "$tmp/nohdr.log"

t5=$tmp/nosub
cp -r "$top/tests/optee/tree" "$t5"
make -C "$t5/lib" TA_DEV_KIT_DIR="$sdk" > /dev/null 2>&1
rm "$t5/ta/cmds/sub.mk"
make -C "$t5/ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/nosub.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "subdirs-y names cmds, but cmds/sub.mk does not exist" "$tmp/nosub.log"
ok $? "subdirs-y naming a directory without sub.mk is told so" "$tmp/nosub.log"

t6=$tmp/nolib
cp -r "$top/tests/optee/tree" "$t6"
make -C "$t6/ta" TA_DEV_KIT_DIR="$sdk" > "$tmp/nolib.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "libolt.a" "$tmp/nolib.log"
ok $? "a missing static library (libdeps) stops the build naming it" "$tmp/nolib.log"

make -C "$t/ta" TA_DEV_KIT_DIR="$sdk" CFG_TA_OPTEE_CORE_API_COMPAT_1_1=yes \
	> "$tmp/bad11.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "CFG_TA_OPTEE_CORE_API_COMPAT_1_1 = yes: use y" "$tmp/bad11.log"
ok $? "a CFG_TA_OPTEE_CORE_API_COMPAT_1_1 other than y/n is refused" "$tmp/bad11.log"

make -C "$t/ta" TA_DEV_KIT_DIR="$sdk" LIBNAME=libx > "$tmp/two.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "set exactly one of them" "$tmp/two.log"
ok $? "BINARY and LIBNAME together are refused" "$tmp/two.log"

make -C "$t/lib" TA_DEV_KIT_DIR="$sdk" LIBNAME= SHLIBNAME=libfoo > "$tmp/shlib.log" 2>&1
rc=$?
if [ -f "$sdk/mk/ta_shlib.mk" ]; then
	ok 0 "SHLIBNAME is handled by mk/ta_shlib.mk (tested with shared libraries)"
else
	[ $rc -ne 0 ] && grep -q "no shared TA libraries" "$tmp/shlib.log"
	ok $? "SHLIBNAME without mk/ta_shlib.mk is refused, saying so" "$tmp/shlib.log"
fi

echo "1..$n"
exit $bad
