#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 4, debuggability: a TA instance is an ordinary process, and
# 'gdb -p' attaches to it with the TA's own symbols. gdb (with its libraries
# and Python) is too big for the everyday VM image, so this test boots a VM
# with them overlaid (tests/vm/run --add DIR/=/). TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d)
out=$(mktemp)
trap 'rm -rf "$root" "$out"' EXIT

echo "TAP version 13"
echo "1..5"
if ! command -v gdb >/dev/null; then
	echo "ok 1 gdb attaches # SKIP gdb is not installed on the host (apt-get install gdb)"
	echo "ok 2 # SKIP"; echo "ok 3 # SKIP"; echo "ok 4 # SKIP"; echo "ok 5 # SKIP"
	exit 0
fi

# gdb, its shared libraries, its data and the Python it embeds
gdb=$(command -v gdb)
mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/share"
cp "$gdb" "$root/usr/bin/gdb"
for lib in $(ldd "$gdb" | awk '/=> \// { print $3 }'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp -a /usr/share/gdb "$root/usr/share/"
py=$(ls -d /usr/lib/python3.[0-9]* 2>/dev/null | head -n 1)
if [ -n "$py" ]; then
	(cd /usr/lib && tar -cf - --exclude='*/test' --exclude='*/site-packages' \
		--exclude='*/dist-packages' --exclude='*/idlelib' --exclude='*/tkinter' \
		--exclude='*/ensurepip' --exclude='*/lib2to3' --exclude='*/pydoc_data' \
		--exclude='*/config-*' "$(basename "$py")") | (cd "$root/usr/lib" && tar -xf -)
fi

# In the VM: start the stack, park a TA in TEE_Wait (test TA 1, command 5),
# attach to its instance process and print every thread's backtrace.
cat > "$root/usr/bin/ta-gdb-vm" <<'VM'
#!/bin/sh
teekit-up >/dev/null || { echo "teekit-up failed"; exit 1; }
teectl invoke 5ec0e000-0000-4000-8000-000000000001 5 val:20000,0 >/dev/null 2>&1 &
pid=
for i in $(seq 100); do
	pid=$(pidof teekit-tahost | cut -d' ' -f1)
	[ -n "$pid" ] && break
	sleep 0.1
done
[ -n "$pid" ] || { echo "no TA instance process"; exit 1; }
sleep 1
echo "instance pid $pid"
gdb -p "$pid" -batch -ex 'info sharedlibrary' -ex 'thread apply all bt' 2>&1
VM
chmod 755 "$root/usr/bin/ta-gdb-vm"

"$top/tests/vm/run" --no-build --timeout $((300 * ${TEEKIT_TIMEOUT_MULT:-1})) --add "$root/=/" -- ta-gdb-vm > "$out" 2>&1
rc=$?

n=0 bad=0
check() {
	n=$((n + 1))
	if grep -qE -- "$2" "$out"; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		bad=1
	fi
}
check "gdb attaches to a running TA instance and detaches" "Inferior 1 \\(process [0-9]+\\) detached"
check "the TA's image is a known shared library" "/run/teekit/ta/5ec0e000-0000-4000-8000-000000000001\\.so"
check "the backtrace names the TA's entry point" "TA_InvokeCommandEntryPoint"
check "the backtrace shows the TA waiting in TEE_Wait" "in TEE_Wait "
check "frames carry the TA's source lines" "test_ta\\.c:[0-9]+"
if [ $bad -ne 0 ] || [ $rc -ne 0 ]; then
	echo "# vm/run exit status $rc"
	sed 's/^/# /' "$out" | tail -60
fi
exit $bad
