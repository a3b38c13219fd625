#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# teekit's modules build, with W=1 and warnings as errors, against every
# kernel of scripts/kernel-fetch (Debian 12's 6.1, Debian 12-backports' and
# Debian 13's 6.12; docs/kernels.md), and every kernel-version test of the
# module sources lives in include/linux/teekit_compat.h. TAP output.
#
# A kernel whose packages cannot be fetched (no Debian mirror) is skipped,
# with the reason. TEEKIT_KERNELS="6.1 6.12-bpo" limits the list.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
n=0 bad=0
ok() {
	n=$((n + 1))
	echo "ok $n $*"
}
notok() {
	n=$((n + 1))
	echo "not ok $n $*"
	bad=1
}

# 1. One place for version switches: a LINUX_VERSION_CODE or
# KERNEL_VERSION() test anywhere else in kernel code fails.
stray=$(git ls-files core drivers include tests/modules | grep -E '\.[ch]$' |
	grep -vx include/linux/teekit_compat.h |
	xargs grep -nE 'LINUX_VERSION_CODE|KERNEL_VERSION *\(' 2>/dev/null)
if [ -z "$stray" ]; then
	ok "kernel-version tests only in include/linux/teekit_compat.h"
else
	echo "# move these behind a helper of include/linux/teekit_compat.h:"
	printf '%s\n' "$stray" | sed 's/^/# /'
	notok "kernel-version tests only in include/linux/teekit_compat.h"
fi

# 2. Each kernel: fetch, build with -Werror, and check that every module
# came out for that kernel's release.
for k in ${TEEKIT_KERNELS:-$(scripts/kernel-fetch --list)}; do
	if ! kd=$(scripts/kernel-fetch "$k" 2>"$top/build/kernels-fetch-$k.log"); then
		sed 's/^/# /' "$top/build/kernels-fetch-$k.log"
		ok "$k: modules build # SKIP its Debian packages could not be fetched"
		continue
	fi
	rel=$(cat "$kd/release")
	what="build"
	[ "$k" = 6.12-trixie ] && ! command -v "$(cat "$kd/cc")" >/dev/null &&
		what="compile with gcc-12 (no gcc-14 here)"
	if ! src=$(scripts/kernel-modules "$k" 2>"$kd/check.log"); then
		sed 's/^/# /' "$kd/check.log"
		notok "$k ($rel): modules $what with -Werror"
		continue
	fi
	ok "$k ($rel): modules $what with -Werror"
	missing=
	for m in core/teekit drivers/sim/teekit_sim drivers/test/teekit_test; do
		f=$src/$m.ko
		if [ ! -f "$f" ]; then
			missing="$missing $m.ko(absent)"
			continue
		fi
		vm=$(modinfo -F vermagic "$f" 2>/dev/null)
		case "$vm" in
		"$rel "*) ;;
		*) missing="$missing $m.ko(vermagic '$vm')" ;;
		esac
	done
	if [ -z "$missing" ]; then
		ok "$k: teekit.ko, teekit_sim.ko, teekit_test.ko built for $rel"
	else
		echo "#$missing"
		notok "$k: teekit.ko, teekit_sim.ko, teekit_test.ko built for $rel"
	fi
done

echo "1..$n"
exit $bad
