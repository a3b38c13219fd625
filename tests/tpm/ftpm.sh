#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A TPM 2.0 in the secure world (issue 19 part 3, docs/tpm.md): the
# emulator announces the fTPM TA, teekit_ftpm binds and registers a chip
# with the kernel's TPM core; tpm2-tools works against /dev/tpmrm0
# (random, PCRs, keys, signatures, NV, sealing to PCRs); the state
# survives a restart of the stack; malformed commands, a short response
# buffer, the TA or the emulator killed and an unbind during commands
# end in defined errors, never a hang. Every wait is bounded.
echo "TAP version 13"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
T=${TEEKIT_TIMEOUT_MULT:-1}
tmp=$(mktemp -d)
FTPM=bc50d971-d4c9-42c4-82cb-343fb7f37896
DEV=/sys/bus/tee/devices/teekit-ta-$FTPM
DRV=/sys/bus/tee/drivers/teekit_ftpm
HW=/sys/class/misc/hw_random
export TPM2TOOLS_TCTI=device:/dev/tpmrm0

wait_for() {
	i=0
	while ! eval "$1"; do
		[ $i -lt $(($2 * 10 * T)) ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}
# bound once the TPM core has made the chip's devices
bound() {
	[ "$(basename "$(readlink "$DEV/driver" 2>/dev/null)")" = teekit_ftpm ] &&
		[ -c /dev/tpmrm0 ] && [ -e /sys/class/tpm/tpm0/device ]
}
up() { teekit-up --log "$tmp/tos.log" --supp-log "$tmp/supp.log" >/dev/null; }
down() { teekit-down >/dev/null 2>&1; }
# pids of the fTPM TA's host processes
tahosts() {
	for p in /proc/[0-9]*; do
		c=$(tr '\0' ' ' 2>/dev/null < $p/cmdline) || continue
		case "$c" in *teekit-tahost*"$FTPM"*) echo "${p#/proc/}" ;; esac
	done
}
t2() { timeout $((60 * T)) "$@" 2>>"$tmp/tools.err"; }
# hex (as tpm2 tools print it) to bytes on stdout
unhex() { printf "$(echo "$1" | sed 's/../\\x&/g')"; }
hexof() { od -An -v -tx1 "$1" | tr -d ' \n'; }
# a loop of slow TPM commands (RSA key generation) until one fails
busy() {
	( while t2 tpm2_createprimary -Q -C o -G rsa2048 -c "$tmp/busy.ctx"; do :; done
	  echo done > "$1" ) &
	bpid=$!
}
busy_ended() {
	wait_for "[ -s '$2' ]" "$1" && return 0
	kill $bpid 2>/dev/null
	return 1
}
diag() {
	[ $fail = 0 ] && return
	tail -n 8 "$tmp/tos.log" | sed 's/^/# tos: /'
	tail -n 5 "$tmp/tools.err" 2>/dev/null | sed 's/^/# tools: /'
	dmesg | tail -n 12 | sed 's/^/# kmsg: /'
}

down
rmmod teekit_ftpm 2>/dev/null

# --- binding, in the order a distribution loads things ------------------------
modprobe teekit_ftpm
check "teekit_ftpm loads with no TEE (registers its driver only)" \
	'[ -d $DRV ] && [ ! -e $DEV ] && [ ! -e /dev/tpm0 ]'
up
check "the emulator announces the fTPM TA (after the supplicant): $DEV appears" \
	'wait_for "[ -d $DEV ]" 10'
check "teekit_ftpm binds; /dev/tpm0 and /dev/tpmrm0 appear" 'wait_for bound 60'
check "modinfo's alias is OP-TEE's fTPM UUID" \
	'modinfo -F alias teekit_ftpm | grep -qx "tee:$FTPM\*"'
check "the TPM core sees a TPM 2.0" \
	'[ "$(cat /sys/class/tpm/tpm0/tpm_version_major)" = 2 ]'
check "the kernel's PCR files: pcr-sha256/0 is 64 hex digits" \
	'grep -qx "[0-9A-F]\{64\}" /sys/class/tpm/tpm0/pcr-sha256/0'
diag

# --- the kernel's own TPM user: the TPM hwrng ---------------------------------
check "the TPM core registered the TPM hwrng" \
	'grep -qw tpm-rng-0 $HW/rng_available'
echo tpm-rng-0 > $HW/rng_current
dd if=/dev/hwrng of="$tmp/hw1" bs=32 count=1 2>/dev/null
dd if=/dev/hwrng of="$tmp/hw2" bs=32 count=1 2>/dev/null
check "/dev/hwrng through the TPM gives bytes, two reads differ" \
	'[ "$(stat -c %s "$tmp/hw1")" = 32 ] && ! cmp -s "$tmp/hw1" "$tmp/hw2"'

# --- tpm2-tools against /dev/tpmrm0 -------------------------------------------
r1=$(t2 tpm2_getrandom --hex 16)
r2=$(t2 tpm2_getrandom --hex 16)
check "tpm2_getrandom: 16 bytes, twice, different" \
	'[ ${#r1} = 32 ] && [ ${#r2} = 32 ] && [ "$r1" != "$r2" ]'

t2 tpm2_pcrreset 16
z=$(t2 tpm2_pcrread -Q -o "$tmp/p0" sha256:16 && hexof "$tmp/p0")
check "tpm2_pcrreset/pcrread: PCR 16 is zero" \
	'[ "$z" = "$(printf "%064d" 0)" ]'
d=$(printf extend-me | sha256sum | cut -d" " -f1)
t2 tpm2_pcrextend 16:sha256=$d
t2 tpm2_pcrread -Q -o "$tmp/p1" sha256:16
{ head -c 32 /dev/zero; unhex "$d"; } > "$tmp/ext"
want=$(sha256sum < "$tmp/ext" | cut -d" " -f1)
echo "# PCR 16: $(hexof "$tmp/p1"), want $want, digest $d"
check "tpm2_pcrextend: PCR 16 = SHA-256(zero || digest)" \
	'[ "$(hexof "$tmp/p1")" = "$want" ]'
check "the kernel's pcr-sha256/16 file says the same" \
	'[ "$(tr A-F a-f < /sys/class/tpm/tpm0/pcr-sha256/16)" = "$want" ]'

t2 tpm2_createprimary -Q -C o -G ecc -c "$tmp/prim.ctx"
check "tpm2_createprimary (ECC P-256, owner hierarchy)" '[ -s "$tmp/prim.ctx" ]'
t2 tpm2_readpublic -Q -c "$tmp/prim.ctx" -o "$tmp/prim.pub"
t2 tpm2_create -Q -C "$tmp/prim.ctx" -G ecc -u "$tmp/key.pub" -r "$tmp/key.priv"
t2 tpm2_load -Q -C "$tmp/prim.ctx" -u "$tmp/key.pub" -r "$tmp/key.priv" -c "$tmp/key.ctx"
check "tpm2_create/tpm2_load: a signing key under it" '[ -s "$tmp/key.ctx" ]'
printf "a message to sign" > "$tmp/msg"
t2 tpm2_sign -Q -c "$tmp/key.ctx" -g sha256 -o "$tmp/sig" "$tmp/msg"
check "tpm2_sign and tpm2_verifysignature: the signature verifies" \
	't2 tpm2_verifysignature -Q -c "$tmp/key.ctx" -g sha256 -m "$tmp/msg" -s "$tmp/sig"'
printf "a message to sigN" > "$tmp/msg2"
check "and fails for another message" \
	'! t2 tpm2_verifysignature -Q -c "$tmp/key.ctx" -g sha256 -m "$tmp/msg2" -s "$tmp/sig"'

NV=0x1500016
printf "kept in the secure world's NV" > "$tmp/nvdata"
t2 tpm2_nvdefine -Q -C o -s 29 -a "ownerread|ownerwrite" $NV
t2 tpm2_nvwrite -Q -C o -i "$tmp/nvdata" $NV
t2 tpm2_nvread -Q -C o -s 29 -o "$tmp/nvback" $NV
check "tpm2_nvdefine/nvwrite/nvread: the bytes come back" \
	'cmp -s "$tmp/nvdata" "$tmp/nvback"'

# sealing to PCR 16's value
t2 tpm2_pcrreset 16
t2 tpm2_startauthsession -S "$tmp/s.ctx"
t2 tpm2_policypcr -Q -S "$tmp/s.ctx" -l sha256:16 -L "$tmp/pcr.policy"
t2 tpm2_flushcontext "$tmp/s.ctx"
printf "the sealed secret" > "$tmp/secret"
t2 tpm2_create -Q -C "$tmp/prim.ctx" -L "$tmp/pcr.policy" -i "$tmp/secret" \
	-u "$tmp/seal.pub" -r "$tmp/seal.priv"
t2 tpm2_load -Q -C "$tmp/prim.ctx" -u "$tmp/seal.pub" -r "$tmp/seal.priv" -c "$tmp/seal.ctx"
unseal() { t2 tpm2_unseal -c "$tmp/seal.ctx" -p pcr:sha256:16 > "$tmp/unsealed"; }
check "a secret sealed to PCR 16 unseals while PCR 16 holds its value" \
	'unseal && cmp -s "$tmp/secret" "$tmp/unsealed"'
t2 tpm2_pcrextend 16:sha256=$d
check "after PCR 16 is extended the unseal is refused" '! unseal'
t2 tpm2_pcrreset 16
check "PCR 16 back to its value: it unseals again" \
	'unseal && cmp -s "$tmp/secret" "$tmp/unsealed"'
diag

# --- the state survives a restart of the stack --------------------------------
down
check "teekit-down takes the TPM away" '[ ! -e /dev/tpmrm0 ] && [ ! -e $DEV ]'
modprobe teekit_ftpm
up
check "after teekit-up the TPM comes back" 'wait_for bound 60'
t2 tpm2_nvread -Q -C o -s 29 -o "$tmp/nvback2" $NV
check "the NV index's bytes survived the restart" \
	'cmp -s "$tmp/nvdata" "$tmp/nvback2"'
t2 tpm2_createprimary -Q -C o -G ecc -c "$tmp/prim2.ctx"
t2 tpm2_readpublic -Q -c "$tmp/prim2.ctx" -o "$tmp/prim2.pub"
check "the owner seed survived: the same primary key is derived" \
	'[ -s "$tmp/prim.pub" ] && cmp -s "$tmp/prim.pub" "$tmp/prim2.pub"'
diag

# --- hostile commands ----------------------------------------------------------
# a 10-byte command with a tag and a command code the TPM does not know
exec 3<>/dev/tpm0
printf '\200\001\000\000\000\012\000\000\377\377' >&3
dd bs=4096 count=1 <&3 of="$tmp/bad" 2>/dev/null
exec 3>&-
rc=$(od -An -j6 -N4 -tx1 "$tmp/bad" | tr -d ' \n')
check "an unknown command code: a TPM error response (rc 0x$rc), no crash" \
	'[ "$(stat -c %s "$tmp/bad")" = 10 ] && [ -n "$rc" ] && [ "$rc" != 00000000 ]'
exec 3<>/dev/tpm0
printf '\200\001\000\000\000\100\000\000\001\173\000\010' >&3 2>/dev/null; wrc=$?
exec 3>&-
check "a header claiming 64 bytes in a 12-byte write is refused (EINVAL from the TPM core)" \
	'[ $wrc != 0 ]'
check "the TPM still answers after them" 't2 tpm2_getrandom --hex 4 >/dev/null'

# TPM2_GetRandom of 8 bytes
printf '\200\001\000\000\000\014\000\000\001\173\000\010' > "$tmp/getrand"
: > "$tmp/resp2"
teectl invoke $FTPM 0 in:"$tmp/getrand" inout:"$tmp/resp2":4096 > "$tmp/busy.out" 2>&1
sed 's/^/# teectl: /' "$tmp/busy.out"
check "user space cannot open a second session while the driver holds it (BUSY)" \
	'grep -q "TEEC_ERROR_BUSY" "$tmp/busy.out"'
echo "teekit-ta-$FTPM" > $DRV/unbind
check "unbinding the driver takes the chip away" '[ ! -e /dev/tpmrm0 ]'
: > "$tmp/resp"
teectl invoke $FTPM 0 in:"$tmp/getrand" inout:"$tmp/resp":4096 > "$tmp/ta1" 2>&1
check "a client of the TA: TPM2_GetRandom answered in the INOUT memref (20 bytes)" \
	'[ "$(stat -c %s "$tmp/resp" 2>/dev/null)" = 20 ]'
: > "$tmp/resp2"
teectl invoke $FTPM 0 in:"$tmp/getrand" inout:"$tmp/resp2":12 > "$tmp/ta2" 2>&1
check "a response buffer too small: TEEC_ERROR_SHORT_BUFFER, 20 bytes needed" \
	'grep -q "SHORT_BUFFER" "$tmp/ta2" && grep -q "param 1: size=20" "$tmp/ta2"'
printf '\200\001\000' > "$tmp/short"
teectl invoke $FTPM 0 in:"$tmp/short" inout:"$tmp/resp2":4096 > "$tmp/ta3" 2>&1
check "a 3-byte command: TEEC_ERROR_BAD_PARAMETERS" \
	'grep -q "BAD_PARAMETERS" "$tmp/ta3"'
head -c 5000 /dev/zero > "$tmp/huge"
teectl invoke $FTPM 0 in:"$tmp/huge" inout:"$tmp/resp2":4096 > "$tmp/ta4" 2>&1
check "a 5000-byte command: TEEC_ERROR_BAD_PARAMETERS" \
	'grep -q "BAD_PARAMETERS" "$tmp/ta4"'
printf '\200\001\000\000\000\100\000\000\001\173\000\010' > "$tmp/lying"
: > "$tmp/resp5"
teectl invoke $FTPM 0 in:"$tmp/lying" inout:"$tmp/resp5":4096 > "$tmp/ta5" 2>&1
rc=$(od -An -j6 -N4 -tx1 "$tmp/resp5" 2>/dev/null | tr -d ' \n')
check "a header that lies about the size: a TPM error response (rc 0x$rc)" \
	'[ -n "$rc" ] && [ "$rc" != 00000000 ]'
[ $fail = 0 ] || tail -n 3 "$tmp/ta1" "$tmp/ta2" "$tmp/ta5" | sed 's/^/# /'
teectl invoke $FTPM 1 in:"$tmp/getrand" out:64 > "$tmp/ta6" 2>&1
check "EMULATE_PPI (1): TEEC_ERROR_NOT_IMPLEMENTED" \
	'grep -q "NOT_IMPLEMENTED" "$tmp/ta6"'
echo "teekit-ta-$FTPM" > $DRV/bind
check "bound again: the TPM is back" 'wait_for bound 30'
diag

# --- the TA killed during commands ----------------------------------------------
busy "$tmp/b1"
sleep $((2 * T))
tas=$(tahosts)
kill -9 $tas
check "the TA killed during commands (pid ${tas:-none}): the pending command fails with TARGET_DEAD" \
	'wait_for "dmesg | grep -q \"fTPM TA command failed: 0xffff3024\"" 30'
check "the command loop ends with an error" 'busy_ended 60 "$tmp/b1"'
check "the next command opens a new TA instance and works" \
	'wait_for "t2 tpm2_getrandom --hex 4 >/dev/null" 30'
check "the driver says so" 'dmesg | grep -q "the fTPM TA died; a new instance serves"'
t2 tpm2_nvread -Q -C o -s 29 -o "$tmp/nvback3" $NV
check "the NV index is intact in the new instance" \
	'cmp -s "$tmp/nvdata" "$tmp/nvback3"'
diag

# --- unbind while a command is in flight -----------------------------------------
busy "$tmp/b2"
sleep $((2 * T))
timeout $((60 * T)) sh -c "echo teekit-ta-$FTPM > $DRV/unbind"; rc=$?
check "unbind during commands returns (exit $rc)" '[ $rc = 0 ]'
check "the command loop then ends with an error" 'busy_ended 60 "$tmp/b2"'
check "the chip is gone" '[ ! -e /dev/tpmrm0 ]'
echo "teekit-ta-$FTPM" > $DRV/bind
check "bound again" 'wait_for bound 30'

# --- the emulator killed during commands ------------------------------------------
busy "$tmp/b3"
sleep $((2 * T))
kill -9 $(pidof teekit-tos)
check "teekit-tos killed during commands: the loop ends with an error" \
	'busy_ended 60 "$tmp/b3"'
check "the device and the chip go with the emulator" \
	'wait_for "[ ! -e $DEV ] && [ ! -e /dev/tpmrm0 ]" 30'
kill -9 $(tahosts) 2>/dev/null
up
check "the emulator restarted: the TPM comes back" 'wait_for bound 60'
t2 tpm2_nvread -Q -C o -s 29 -o "$tmp/nvback4" $NV
check "and its NV index with it" 'cmp -s "$tmp/nvdata" "$tmp/nvback4"'
diag

# --- rmmod during commands ----------------------------------------------------------
busy "$tmp/b4"
sleep $((2 * T))
timeout $((60 * T)) rmmod teekit_ftpm; rc=$?
check "rmmod teekit_ftpm during commands returns (exit $rc)" '[ $rc = 0 ]'
check "the command loop then ends with an error" 'busy_ended 60 "$tmp/b4"'
diag

down
rm -rf "$tmp"
echo "1..$n"
exit $fail
