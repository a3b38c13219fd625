#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The TA host harness (libteekit-tatest) and the CMake package, on the host
# (no VM): install the SDK into a DESTDIR with the real install rule, build
# the SDK template TA and the test TA (tests/host/tatest/ta) with ta.mk
# against it, drive them in-process (tests/host/tatest/driver.c, a linked
# build, the template's own host test), prove that valgrind and ASan report
# a TA's heap overflow and memref overrun, and build the template TA and
# its test with CMake (find_package(teekit)). TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/tests/host/tatest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
usr=$dest/usr
sdk=$usr/share/teekit/sdk
tauuid=7a7e5700-0000-4000-8000-000000000001
n=0 bad=0

echo "TAP version 13"

ok() { # ok COND-STATUS NAME [LOGFILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		bad=1
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 30 "$3" | sed 's/^/# /'
	fi
}
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

# relay NAME CMD...: the TAP lines of CMD, renumbered into ours
relay() {
	local name=$1 rc line seen=0 failed=0
	shift
	"$@" > "$tmp/relay.out" 2>&1
	rc=$?
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ )?ok\ [0-9]+\ (-\ )?(.*)$ ]]; then
			seen=1
			n=$((n + 1))
			if [ -n "${BASH_REMATCH[1]}" ]; then
				echo "not ok $n $name: ${BASH_REMATCH[3]}"
				failed=1
				bad=1
			else
				echo "ok $n $name: ${BASH_REMATCH[3]}"
			fi
		elif [[ $line =~ ^# ]]; then
			echo "$line"
		fi
	done < "$tmp/relay.out"
	if [ $seen -eq 0 ] || { [ $rc -ne 0 ] && [ $failed -eq 0 ]; }; then
		ok 1 "$name: exit status $rc" "$tmp/relay.out"
	fi
}

cc=${CC:-gcc}
CFLAGS_T="-O1 -g -Wall -Wextra -Werror -I$usr/include/teekit-ta"

# 1. make install-ta-sdk (what 'make install' runs for the SDK) into DESTDIR
make -s -C "$top" install-ta-sdk DESTDIR="$dest" > "$tmp/install.log" 2>&1
rc=$?
for f in lib/libteekit-tatest.so.1.0.0 lib/libteekit-tatest.so.1 \
	lib/libteekit-tatest.so include/teekit-ta/teekit_tatest.h \
	lib/pkgconfig/teekit-tatest.pc lib/cmake/teekit/teekitConfig.cmake \
	lib/cmake/teekit/teekitConfigVersion.cmake share/teekit/sdk/ta-symcheck \
	share/teekit/sdk/template/template_test.c \
	share/teekit/sdk/template/CMakeLists.txt; do
	[ -e "$usr/$f" ] || { echo "missing $usr/$f" >> "$tmp/install.log"; rc=1; }
done
ok $rc "install-ta-sdk puts the harness, header, .pc and CMake package in DESTDIR" "$tmp/install.log"
if [ $rc -ne 0 ]; then
	echo "1..$n"
	exit 1
fi

pc() {
	PKG_CONFIG_PATH=$usr/lib/pkgconfig pkg-config \
		--define-variable=prefix="$usr" "$@" teekit-tatest
}
pcflags=$(pc --cflags --libs)
rpath="-Wl,-rpath,$usr/lib"
echo "$pcflags" | grep -q -- "-lteekit-tatest" && ! echo "$pcflags" | grep -q -- "-shared"
ok $? "pkg-config teekit-tatest gives the library and headers, not TA link flags"

# 2. the SDK template: its TA with ta.mk, its host test with pkg-config
cp -r "$sdk/template" "$tmp/template"
{ make -C "$tmp/template" TA_DEV_KIT_DIR="$sdk" &&
	# shellcheck disable=SC2086
	$cc -Wall -Wextra -Werror -o "$tmp/template/template_test" \
		"$tmp/template/template_test.c" $pcflags $rpath &&
	"$tmp/template/template_test" \
		"$tmp/template/00000000-0000-4000-8000-000000000000.so"; } \
	> "$tmp/template.log" 2>&1
ok $? "template TA (ta.mk) passes its host unit test (template_test.c)" "$tmp/template.log"

# 3. the test TA with ta.mk, driven in-process
ta=$tmp/hostta
make -C "$src/ta" TA_DEV_KIT_DIR="$sdk" O="$ta" TRACE_LEVEL=3 \
	TA_CFLAGS=-Werror > "$tmp/ta.log" 2>&1
ok $? "test TA builds with ta.mk against the installed SDK" "$tmp/ta.log"
# shellcheck disable=SC2086
$cc $CFLAGS_T -I"$top/tests/lib" -I"$src" -o "$tmp/driver" "$src/driver.c" \
	"$top/tests/lib/harness.c" $pcflags -lpthread $rpath > "$tmp/driver.log" 2>&1
ok $? "driver builds against the installed harness" "$tmp/driver.log"
TATEST_TA=$ta/$tauuid.so relay driver "$tmp/driver"

# 3b. the same TA built for the GP 1.1 TEE_Param layout: the harness finds
# the __GP11_ entry points and the runtime converts (gp11.c)
ta11=$tmp/hostta11
make -C "$src/ta" TA_DEV_KIT_DIR="$sdk" O="$ta11" TRACE_LEVEL=3 \
	TA_CFLAGS="-Werror -D__OPTEE_CORE_API_COMPAT_1_1" > "$tmp/ta11.log" 2>&1
rc=$?
[ $rc -eq 0 ] && ! nm -D "$ta11/$tauuid.so" | grep -q __GP11_TA_InvokeCommandEntryPoint && rc=1
ok $rc "test TA builds with __OPTEE_CORE_API_COMPAT_1_1 (GP 1.1 entry points)" "$tmp/ta11.log"
TATEST_TA=$ta11/$tauuid.so relay driver-gp11 "$tmp/driver"

# 4. the same TA's objects linked into the test program
# shellcheck disable=SC2086
$cc $CFLAGS_T -I"$src" -o "$tmp/linked" "$src/linked.c" "$ta/hostta.o" \
	"$ta/ta_header.o" $pcflags $rpath > "$tmp/linked.log" 2>&1
ok $? "a test program links the TA's objects" "$tmp/linked.log"
relay linked "$tmp/linked"

# 5. valgrind reports the TA's bugs (and nothing in a clean run)
# shellcheck disable=SC2086
$cc $CFLAGS_T -I"$src" -o "$tmp/overflow" "$src/overflow.c" $pcflags $rpath \
	> "$tmp/ovf.log" 2>&1
ok $? "overflow program builds" "$tmp/ovf.log"
if command -v valgrind > /dev/null; then
	vg="valgrind -q --error-exitcode=99"
	$vg "$tmp/overflow" heap "$ta/$tauuid.so" > "$tmp/vg1.log" 2>&1
	rc=$?
	[ $rc -eq 99 ] && grep -q "Invalid write of size 1" "$tmp/vg1.log" &&
		grep -qE "heap_overflow \\(hostta\\.c:[0-9]+\\)" "$tmp/vg1.log"
	ok $? "valgrind reports the TA's heap overflow at hostta.c (exit $rc)" "$tmp/vg1.log"
	$vg "$tmp/overflow" memref "$ta/$tauuid.so" > "$tmp/vg2.log" 2>&1
	rc=$?
	[ $rc -eq 99 ] && grep -q "Invalid write" "$tmp/vg2.log" &&
		grep -q "TA_InvokeCommandEntryPoint (hostta.c" "$tmp/vg2.log"
	ok $? "valgrind reports a write past an output memref (exit $rc)" "$tmp/vg2.log"
	$vg --leak-check=full --errors-for-leak-kinds=definite "$tmp/overflow" \
		clean "$ta/$tauuid.so" > "$tmp/vg3.log" 2>&1
	ok $? "valgrind: a clean run has no errors and no leaks" "$tmp/vg3.log"
else
	skip "valgrind reports the TA's heap overflow" "valgrind is not installed"
	skip "valgrind reports a write past an output memref" "valgrind is not installed"
	skip "valgrind: a clean run" "valgrind is not installed"
fi

# 6. ASan: the TA built with TA_SANITIZE=address, the test with -fsanitize
asan=$tmp/asan
{ make -C "$src/ta" TA_DEV_KIT_DIR="$sdk" O="$asan" TA_SANITIZE=address &&
	# shellcheck disable=SC2086
	$cc $CFLAGS_T -fsanitize=address -I"$src" -o "$tmp/overflow-asan" \
		"$src/overflow.c" $pcflags $rpath; } > "$tmp/asan.log" 2>&1
ok $? "TA_SANITIZE=address TA and an ASan test program build" "$tmp/asan.log"
"$tmp/overflow-asan" heap "$asan/$tauuid.so" > "$tmp/as1.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "ERROR: AddressSanitizer: heap-buffer-overflow" "$tmp/as1.log" &&
	grep -qE "in heap_overflow .*hostta\\.c:[0-9]+" "$tmp/as1.log"
ok $? "ASan reports the TA's heap overflow at hostta.c (exit $rc)" "$tmp/as1.log"
"$tmp/overflow-asan" memref "$asan/$tauuid.so" > "$tmp/as2.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "heap-buffer-overflow" "$tmp/as2.log"
ok $? "ASan reports a write past an output memref (exit $rc)" "$tmp/as2.log"
"$tmp/overflow-asan" clean "$asan/$tauuid.so" > "$tmp/as3.log" 2>&1
rc=$?
[ $rc -eq 0 ] && ! grep -q "Sanitizer" "$tmp/as3.log"
ok $? "ASan: a clean run reports nothing (exit $rc)" "$tmp/as3.log"
make -C "$src/ta" TA_DEV_KIT_DIR="$sdk" O="$tmp/asan2" TA_SANITIZE=address \
	TA_SIGN_KEY=/nonexistent.pem > "$tmp/asan-sign.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "host harness only" "$tmp/asan-sign.log"
ok $? "ta.mk refuses to sign a TA_SANITIZE build" "$tmp/asan-sign.log"

# 7. the import check (ta-symcheck) still refuses what the runtime lacks
cp -r "$sdk/template" "$tmp/badta"
printf '#include <unistd.h>\nint bad_import(void) { return getpid(); }\n' \
	> "$tmp/badta/bad.c"
make -C "$tmp/badta" TA_DEV_KIT_DIR="$sdk" SRCS="template_ta.c bad.c" \
	> "$tmp/badta.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "does not offer: getpid" "$tmp/badta.log" &&
	[ ! -e "$tmp/badta/00000000-0000-4000-8000-000000000000.so" ]
ok $? "ta.mk refuses a TA importing getpid, and leaves no .so" "$tmp/badta.log"

# 8. CMake: find_package(teekit), teekit_add_ta, teekit::tatest, ctest
if command -v cmake > /dev/null; then
	cm=$tmp/cmake-template
	cp -r "$sdk/template" "$cm"
	{ cmake -S "$cm" -B "$cm/b" -DCMAKE_PREFIX_PATH="$usr" &&
		cmake --build "$cm/b" &&
		(cd "$cm/b" && ctest --output-on-failure); } > "$tmp/cmake1.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && [ -f "$cm/b/00000000-0000-4000-8000-000000000000.so" ] &&
		grep -q "100% tests passed" "$tmp/cmake1.log"
	ok $? "CMake builds the template TA and its test; ctest passes" "$tmp/cmake1.log"

	# the test TA and the driver with CMake, signed, and an ASan TA
	cm2=$tmp/cmake-hostta
	mkdir -p "$cm2"
	key=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
	pub=$top/build/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pub.pem
	sign=$top/build/secure-world/teekit-sign
	cat > "$cm2/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.15)
project(hostta C)
find_package(teekit 1.0 REQUIRED)
teekit_add_ta(hostta UUID $tauuid SOURCES $src/ta/hostta.c
  HEADER_DIR $src/ta TRACE_LEVEL 3 SIGN_KEY $key)
teekit_add_ta(hostta_asan UUID $tauuid SOURCES $src/ta/hostta.c
  HEADER_DIR $src/ta SANITIZE address)
set_target_properties(hostta_asan PROPERTIES LIBRARY_OUTPUT_DIRECTORY asan)
add_executable(driver $src/driver.c $top/tests/lib/harness.c)
target_include_directories(driver PRIVATE $top/tests/lib $src)
target_link_libraries(driver PRIVATE teekit::tatest pthread)
EOF
	{ cmake -S "$cm2" -B "$cm2/b" -DCMAKE_PREFIX_PATH="$usr" \
		-DTEEKIT_SIGN="$sign" && cmake --build "$cm2/b"; } > "$tmp/cmake2.log" 2>&1
	ok $? "CMake builds the test TA (signed, and with ASan) and the driver" "$tmp/cmake2.log"
	"$sign" --verify --key "$pub" --in "$cm2/b/$tauuid.ta" > "$tmp/verify.log" 2>&1
	ok $? "teekit_add_ta SIGN_KEY makes a .ta that verifies" "$tmp/verify.log"
	TATEST_TA=$cm2/b/$tauuid.so relay cmake-driver "$cm2/b/driver"
	nm -D --undefined-only "$cm2/b/asan/$tauuid.so" | grep -q __asan_
	ok $? "teekit_add_ta SANITIZE address instruments the TA"

	cm3=$tmp/cmake-bad
	mkdir -p "$cm3"
	cp "$sdk/template/"* "$cm3/"
	printf '#include <unistd.h>\nint bad_import(void) { return getpid(); }\n' \
		> "$cm3/bad.c"
	cat > "$cm3/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.15)
project(bad C)
find_package(teekit 1.0 REQUIRED)
teekit_add_ta(bad UUID 00000000-0000-4000-8000-000000000000
  SOURCES template_ta.c bad.c)
EOF
	{ cmake -S "$cm3" -B "$cm3/b" -DCMAKE_PREFIX_PATH="$usr" &&
		cmake --build "$cm3/b"; } > "$tmp/cmake3.log" 2>&1
	rc=$?
	[ $rc -ne 0 ] && grep -q "does not offer: getpid" "$tmp/cmake3.log"
	ok $? "teekit_add_ta refuses a TA importing getpid" "$tmp/cmake3.log"

	sed -i 's/teekit 1.0 REQUIRED/teekit 2.0 REQUIRED/; s/00000000-0000-4000-8000-000000000000/not-a-uuid/' \
		"$cm3/CMakeLists.txt"
	rm -rf "$cm3/b"
	cmake -S "$cm3" -B "$cm3/b" -DCMAKE_PREFIX_PATH="$usr" > "$tmp/cmake4.log" 2>&1
	rc=$?
	[ $rc -ne 0 ] && grep -q "version: 1.0.0" "$tmp/cmake4.log"
	ok $? "find_package(teekit 2.0) is refused: the SDK is 1.0" "$tmp/cmake4.log"
	sed -i 's/teekit 2.0 REQUIRED/teekit 1.0 REQUIRED/' "$cm3/CMakeLists.txt"
	rm -rf "$cm3/b"
	cmake -S "$cm3" -B "$cm3/b" -DCMAKE_PREFIX_PATH="$usr" > "$tmp/cmake5.log" 2>&1
	rc=$?
	[ $rc -ne 0 ] && tr "\n" " " < "$tmp/cmake5.log" | tr -s " " | grep -q "user_ta_header_defines.h says TA_UUID is"
	ok $? "teekit_add_ta refuses a UUID other than TA_UUID" "$tmp/cmake5.log"
else
	skip "CMake builds the template TA and its test" "cmake is not installed"
fi

echo "1..$n"
exit $bad
