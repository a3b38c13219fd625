#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian packages of 'make deb' (docs/packaging.md): each package holds
# the files it must, no package holds a test file, a private key or a TA
# signed with the build's key, the DKMS sources build teekit.ko and
# teekit_sim.ko with the dkms.conf's own command against this machine's
# kernel headers, and dkms.conf skips a kernel with CONFIG_TEE. Building the
# packages takes minutes, so this test only reads build/deb: it is skipped
# (exit 77) when there are no packages; 'make check-deb' builds them first.
# TAP output; a failure names the package and the file.
top=$(cd "$(dirname "$0")/../.." && pwd)
deb=$top/build/deb
ver=$(sed -n '1s/^teekit (\([^)]*\)).*/\1/p' "$top/debian/changelog")
if ! ls "$deb"/teekit-tos_"$ver"_*.deb >/dev/null 2>&1; then
	echo "1..0 # SKIP no packages of version $ver in build/deb: run 'make check-deb'"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "TAP version 13"
echo "1..4"

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

# files PKG: the paths in PKG, without the leading '.'
files() {
	dpkg-deb -c "$deb/$1"_"$ver"_*.deb | awk '{ print $6 }' | sed 's|^\./|/|'
}

want="teekit-dkms /usr/src/teekit-$ver/dkms.conf /usr/src/teekit-$ver/core/tee_core.c /usr/src/teekit-$ver/drivers/sim/sim_main.c /usr/src/teekit-$ver/include/uapi/linux/tee.h
libteec1 /usr/lib/libteec.so.1 /usr/lib/libteec.so.1.0.0
libteec2 /usr/lib/libteec.so.2 /usr/lib/libteec.so.2.0.0
libteec-dev /usr/lib/libteec.so /usr/include/tee_client_api.h /usr/lib/pkgconfig/teec.pc /usr/lib/teec1/libteec.so /usr/include/teec1/tee_client_api.h /usr/lib/pkgconfig/teec1.pc
tee-supplicant /usr/sbin/tee-supplicant /lib/systemd/system/tee-supplicant.service /lib/systemd/system/tee-supplicant@.service /lib/udev/rules.d/60-teekit.rules /usr/lib/sysusers.d/tee-supplicant.conf /usr/lib/tmpfiles.d/tee-supplicant.conf
teekit-tos /usr/sbin/teekit-tos /usr/sbin/teekit-tahost /lib/systemd/system/teekit.target /lib/systemd/system/teekit-tos.service /lib/systemd/system/teekit-modules.service /usr/lib/modules-load.d/teekit.conf
teekit-tools /usr/bin/teectl /usr/bin/teekit-sign /usr/share/man/man8/teectl.8.gz
teekit-ta-dev /usr/include/teekit-ta/tee_internal_api.h /usr/share/teekit/sdk/ta.mk /usr/lib/cmake/teekit/teekitConfig.cmake /usr/lib/libteekit-tatest.so.1 /usr/share/pkgconfig/teekit-ta.pc
teekit-examples /usr/bin/hello_world /usr/lib/teekit/examples/e482899c-0ce3-4123-8bd9-3874877f2144.so"
missing=
while read -r pkg paths; do
	files "$pkg" >"$tmp/$pkg.list" 2>/dev/null ||
		{ missing="$missing
$pkg: no package"; continue; }
	for p in $paths; do
		grep -qxF "$p" "$tmp/$pkg.list" || missing="$missing
$pkg: no $p"
	done
done <<<"$want"
ok "each package holds its files" "${missing#?}"

bad=
for l in "$tmp"/*.list; do
	pkg=$(basename "$l" .list)
	while IFS= read -r f; do
		case "$f" in
		/usr/lib/teekit/tests/* | /usr/lib/teekit/selftest/* | \
		/usr/lib/teekit/bench/* | /usr/lib/teekit/test-plugins/* | \
		*/teekit_test.ko | */teekit_warn.ko | */tests/modules/* | \
		*/drivers/test/* | /usr/share/teekit/demo | \
		/lib/optee_armtz/*.ta | /etc/teekit/* | *.pem)
			bad="$bad
$pkg: $f" ;;
		esac
	done <"$l"
done
ok "no test file, TA signed with the build key or key file in a package" "${bad#?}"

# the DKMS sources, built as DKMS builds them, for this machine's kernel
kver=$(make -s -C "$top" kver 2>/dev/null | sed -n 's/^kernel release: //p')
kdir=/lib/modules/$kver/build
dpkg-deb -x "$deb"/teekit-dkms_"$ver"_all.deb "$tmp/dkms"
src=$tmp/dkms/usr/src/teekit-$ver
bad=
if [ ! -d "$kdir" ]; then
	bad="no kernel headers at $kdir: run 'make deps'"
elif grep -q '^CONFIG_TEE=[ym]' "$kdir/.config" 2>/dev/null; then
	bad="kernel $kver has CONFIG_TEE: run this test where it has none"
else
	cmd=$(kernel_source_dir=$kdir dkms_tree=$tmp/tree bash -c \
		'. "$0"; echo "${MAKE[0]}"' "$src/dkms.conf")
	mkdir -p "$tmp/tree/teekit"
	ln -s "$src" "$tmp/tree/teekit/$ver"
	ln -s . "$src/build"
	if ! (cd "$src" && eval "$cmd") >"$tmp/dkms.log" 2>&1; then
		bad="the dkms.conf command failed: $cmd
$(tail -n 20 "$tmp/dkms.log")"
	else
		for m in core/teekit.ko drivers/sim/teekit_sim.ko; do
			[ -e "$src/$m" ] || bad="$bad
DKMS built no $m"
		done
		[ -z "$(find "$src" -name 'teekit_test.ko' -o -name 'teekit_warn.ko')" ] ||
			bad="$bad
DKMS built a test module"
	fi
fi
ok "the DKMS sources build teekit.ko and teekit_sim.ko with dkms.conf's command" "${bad#?}"

# BUILD_EXCLUSIVE_CONFIG, as dkms reads it: a kernel with CONFIG_TEE
# gets nothing, one without gets both modules
bad=
excl=$(bash -c '. "$0"; echo "$BUILD_EXCLUSIVE_CONFIG"' "$src/dkms.conf")
case " $excl " in
*" !CONFIG_TEE "*) ;;
*) bad="dkms.conf does not exclude CONFIG_TEE kernels (BUILD_EXCLUSIVE_CONFIG='$excl')" ;;
esac
ok "dkms.conf builds nothing on a kernel with CONFIG_TEE" "$bad"
