#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# teekit.ko beside the kernel's own TEE subsystem (docs/kernels.md). On a
# kernel built with CONFIG_TEE=m (Debian's 6.12) teekit.ko must refuse to
# load, naming the cause and the fix, unless given replace_kernel_tee=1;
# must not load while tee.ko is loaded, nor let tee.ko load while it is;
# and with the option and tee.ko unloaded it must work. On a kernel
# without CONFIG_TEE (Debian's 6.1) it loads without any option. TAP.

kver=$(uname -r)
ko=/lib/modules/$kver/extra/teekit.ko
n=0
bad=0
ok() {
	n=$((n + 1))
	echo "ok $n $*"
}
notok() {
	n=$((n + 1))
	echo "not ok $n $*"
	bad=1
}
check() { # description, then a command
	d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}
unload_all() {
	for m in teekit_sim teekit_test teekit tee; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	return 0
}
loaded() {
	grep -q "^$1 " /proc/modules
}
klog_since() { # lines of the kernel log after mark $1
	dmesg | sed -n "/teekit-kernel-tee-mark-$1\$/,\$p"
}
mark() {
	echo "teekit-kernel-tee-mark-$1" > /dev/kmsg
}

unload_all
if ! grep -qE '^(kernel/)?.*drivers/tee/tee\.ko' "/lib/modules/$kver/modules.dep" 2>/dev/null; then
	# No tee.ko: teekit.ko is this kernel's TEE subsystem and needs no option.
	mark 1
	check "teekit.ko loads on a kernel without CONFIG_TEE ($kver)" insmod "$ko"
	check "no refusal logged" sh -c "! dmesg | grep -q 'own TEE subsystem'"
	check "the tee class is teekit's" test -d /sys/class/tee
	unload_all
	echo "ok $((n + 1)) teekit.ko beside tee.ko # SKIP $kver has no CONFIG_TEE"
	echo "1..$((n + 1))"
	exit $bad
fi

# 1. Present, not loaded: refused by teekit itself, with cause and fix.
mark 2
check "teekit.ko without replace_kernel_tee=1 is refused" sh -c "! insmod $ko 2>/dev/null"
check "the refusal names the cause (CONFIG_TEE, tee.ko) and the fix (replace_kernel_tee=1)" \
	sh -c "dmesg | sed -n '/teekit-kernel-tee-mark-2\$/,\$p' | grep 'teekit: not loaded' |
		grep 'CONFIG_TEE=m' | grep -q 'replace_kernel_tee=1'"
check "nothing of teekit stays loaded after the refusal" sh -c "! grep -q '^teekit ' /proc/modules"

# 2. tee.ko loaded: the module loader refuses teekit.ko, even with the
# option (same exported symbols), and says which symbol.
mark 3
check "the kernel's tee.ko loads" modprobe tee
check "teekit.ko with replace_kernel_tee=1 is refused while tee.ko is loaded" \
	sh -c "! insmod $ko replace_kernel_tee=1 2>/dev/null"
check "the loader names the clash (duplicate symbol owned by tee)" \
	sh -c "dmesg | sed -n '/teekit-kernel-tee-mark-3\$/,\$p' | grep -q 'duplicate symbol.*owned by tee'"
check "tee.ko still loaded and its class intact" sh -c "grep -q '^tee ' /proc/modules && test -d /sys/class/tee"
unload_all

# 3. The other order: with teekit.ko loaded, tee.ko cannot come in behind
# it and take the class or the symbols.
check "teekit.ko with replace_kernel_tee=1 loads while tee.ko is not loaded" \
	insmod "$ko" replace_kernel_tee=1
check "tee.ko is refused while teekit.ko is loaded" sh -c "! modprobe tee 2>/dev/null"
check "teekit still loaded and the only TEE module" sh -c "grep -q '^teekit ' /proc/modules && ! grep -q '^tee ' /proc/modules"

# 4. The whole stack's first step, as the VM image configures it
# (options teekit replace_kernel_tee=1 in /etc/modprobe.d).
unload_all
check "modprobe teekit_sim loads the sim driver on teekit.ko" modprobe teekit_sim
check "the sim driver's device appears" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do
		ls /dev/tee[0-9]* >/dev/null 2>&1 && exit 0; sleep 0.2; done; exit 1'
unload_all

echo "1..$n"
exit $bad
