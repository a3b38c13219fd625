#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# 'make install' installs the product only and 'make install-tests' the
# rest (docs/packaging.md "What make install installs"): installs both into
# temporary DESTDIRs of the built tree and checks that every product file
# is in the first, that no test program, test module, test or tampered TA,
# crash script or benchmark is, that they are all in the second, and that
# depmod runs only for an install into the running system (no DESTDIR).
# TAP output; a failure names the misplaced file.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "TAP version 13"
echo "1..5"
kver=$(make -s kver 2>/dev/null | sed -n 's/^kernel release: //p')

n=0
ok() {
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "$2" | sed 's/^/# /'
	fi
}

make -s install DESTDIR="$tmp/prod" >"$tmp/prod.log" 2>&1 ||
	{ echo "Bail out! make install failed (log below)"; sed 's/^/# /' "$tmp/prod.log"; exit 1; }
make -s install-tests DESTDIR="$tmp/tests" >"$tmp/tests.log" 2>&1 ||
	{ echo "Bail out! make install-tests failed (log below)"; sed 's/^/# /' "$tmp/tests.log"; exit 1; }

product="lib/modules/$kver/extra/teekit.ko lib/modules/$kver/extra/teekit_sim.ko
usr/lib/libteec.so.1 usr/lib/libteec.so.2 usr/lib/libteec.so usr/include/tee_client_api.h
usr/lib/teec1/libteec.so usr/include/teec1/tee_client_api.h
usr/lib/pkgconfig/teec.pc usr/lib/pkgconfig/teec1.pc usr/sbin/tee-supplicant usr/sbin/teekit-tos
usr/sbin/teekit-tahost usr/sbin/teekit-up usr/sbin/teekit-down
usr/bin/teectl usr/bin/teekit-sign usr/bin/hello_world
usr/include/teekit-ta/tee_internal_api.h usr/share/teekit/sdk/ta.mk
usr/lib/cmake/teekit/teekitConfig.cmake usr/lib/libteekit-tatest.so.1
etc/teekit/ta-signing-key.pub.pem
lib/optee_armtz/e482899c-0ce3-4123-8bd9-3874877f2144.ta
lib/systemd/system/teekit.target lib/systemd/system/teekit-tos.service
lib/systemd/system/tee-supplicant.service usr/lib/sysusers.d/teekit.conf
usr/lib/tmpfiles.d/teekit.conf lib/udev/rules.d/60-teekit.rules
usr/lib/modules-load.d/teekit.conf"
missing=
for f in $product; do
	[ -e "$tmp/prod/$f" ] || [ -L "$tmp/prod/$f" ] || missing="$missing
$f is not installed by 'make install'"
done
ok "make install installs the product" "${missing#?}"

# test things: by path pattern, so a new test TA or suite is caught too
is_test() {
	case "$1" in
	*/usr/lib/teekit/tests/* | */usr/lib/teekit/selftest/* | \
	*/usr/lib/teekit/test-plugins/* | */usr/lib/teekit/bench/* | \
	*/usr/lib/teekit/runtests | */usr/share/teekit/demo | \
	*/teekit_test.ko | */teekit_warn.ko | \
	*/lib/optee_armtz/5ec0e000-* | */lib/optee_armtz/7a000000-* | \
	*/lib/optee_armtz/5e7c0000-* | */lib/optee_armtz/be4c0000-*) return 0 ;;
	esac
	return 1
}
leaked=
while IFS= read -r f; do
	is_test "$f" && leaked="$leaked
${f#"$tmp/prod/"} is a test file but 'make install' installs it"
done < <(find "$tmp/prod" \( -type f -o -type l \))
ok "make install installs no test, test module, test TA or crash script" "${leaked#?}"

absent=
for f in usr/lib/teekit/runtests usr/share/teekit/demo \
	"lib/modules/$kver/extra/teekit_test.ko" \
	"lib/modules/$kver/extra/teekit_warn.ko" \
	usr/lib/teekit/selftest/crash.sh \
	lib/optee_armtz/5ec0e000-0000-4000-8000-000000000007.ta \
	usr/lib/teekit/bench/teekit-bench; do
	[ -e "$tmp/tests/$f" ] || absent="$absent
$f is not installed by 'make install-tests'"
done
[ -n "$(find "$tmp/tests/usr/lib/teekit/tests" -type f 2>/dev/null)" ] ||
	absent="$absent
no test program under usr/lib/teekit/tests"
ok "make install-tests installs the tests" "${absent#?}"

# depmod: a dry run shows the recipe without touching the system
bad=
make -n install-modules DESTDIR="$tmp/x" 2>/dev/null | grep -q '^depmod' &&
	bad="install-modules runs depmod although DESTDIR is set"
[ -e "$tmp/prod/lib/modules/$kver/modules.dep" ] &&
	bad="$bad
make install DESTDIR= wrote modules.dep into DESTDIR"
ok "no depmod into a DESTDIR" "$bad"
bad=
make -n install-modules DESTDIR= 2>/dev/null | grep -q "^depmod -a $kver\$" ||
	bad="install-modules into the running system does not run 'depmod -a $kver'"
make -n install-test-modules DESTDIR= 2>/dev/null | grep -q "^depmod -a $kver\$" ||
	bad="$bad
install-test-modules into the running system does not run 'depmod -a $kver'"
ok "depmod after installing modules into the running system" "${bad#$'\n'}"
