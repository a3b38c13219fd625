#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The examples of issue 17 item 8, as installed (CAs in /usr/bin, TAs in
# /lib/optee_armtz, the plugin in tee-supplicant's plugin directory, the
# service daemon in /usr/sbin), run on the whole stack started by
# teekit-up. Each is checked against a published answer where one exists
# (FIPS 180-2, RFC 4231, RFC 4226) or against OpenSSL in the CA, and each
# has a failure path that passes only if the example really refuses:
# a wrong MAC, a changed ciphertext, a changed message, a point off the
# curve, a tampered stored object, a missing daemon.
echo "TAP version 13"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
tmp=$(mktemp -d)
TOS_LOG=$tmp/tos.log
STORE=/var/lib/tee/teekit-ss

# run NAME CMD...: the command's output in $tmp/out, its status in $rc
run() {
	"$@" > "$tmp/out" 2>&1
	rc=$?
}

# check DESCRIPTION EXPR: on failure, the last command's output as comments
check() {
	if eval "$2"; then
		ok "$1"
	else
		nok "$1"
		sed 's/^/# /' "$tmp/out"
	fi
}

has() {
	grep -q -- "$1" "$tmp/out"
}

teekit-down >/dev/null 2>&1
# a fresh store, so the secure_storage TA's directory is the only one
teectl storage wipe >/dev/null 2>&1
if ! teekit-up --log "$TOS_LOG" > "$tmp/up" 2>&1; then
	sed 's/^/# /' "$tmp/up"
	echo "Bail out! teekit-up failed"
	exit 1
fi

# --- random ---------------------------------------------------------------
run random 48
a=$(sed -n 's/^random: 48 bytes from the TA: //p' "$tmp/out")
check "random 48 prints 48 bytes" '[ $rc -eq 0 ] && [ ${#a} -eq 96 ]'
run random 48
b=$(sed -n 's/^random: 48 bytes from the TA: //p' "$tmp/out")
check "two runs give different bytes" '[ -n "$b" ] && [ "$a" != "$b" ]'
run random 4097
check "more than the TA gives: TEEC_ERROR_BAD_PARAMETERS" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_BAD_PARAMETERS'

# --- secure_storage -------------------------------------------------------
run secure_storage write greeting "hello from the normal world"
check "secure_storage write" '[ $rc -eq 0 ]'
run secure_storage read greeting
check "read by a new TA instance gives the text back" \
	'[ $rc -eq 0 ] && has "holds \"hello from the normal world\""'
run secure_storage read nothing-here
check "an object never written: TEEC_ERROR_ITEM_NOT_FOUND" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_ITEM_NOT_FOUND'
run secure_storage delete greeting
run secure_storage read greeting
check "a deleted object: TEEC_ERROR_ITEM_NOT_FOUND" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_ITEM_NOT_FOUND'
run secure_storage
check "secure_storage without arguments: write, read, delete" \
	'[ $rc -eq 0 ] && has "reading it again: TEEC_ERROR_ITEM_NOT_FOUND"'
# tampering: one byte of the object's data file changed behind the TEE
run secure_storage write big "$(head -c 3000 /dev/zero | tr '\0' x)"
dir=$(ls -d $STORE/* 2>/dev/null)
f=$(ls -S "$dir"/o* 2>/dev/null | head -1)
if [ "$(echo "$dir" | wc -l)" -eq 1 ] && [ -f "$f" ]; then
	printf 'Z' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") / 2)) \
		conv=notrunc status=none
	run secure_storage read big
	check "a stored object changed on disk: TEE_ERROR_CORRUPT_OBJECT" \
		'[ $rc -ne 0 ] && has TEE_ERROR_CORRUPT_OBJECT'
else
	nok "the secure_storage TA's store is one directory with a data file ($dir)"
fi

# --- aes --------------------------------------------------------------------
run aes encrypt "the eagle has landed"
ct=$(tail -n 1 "$tmp/out")
check "aes encrypt: nonce, ciphertext and tag" \
	'[ $rc -eq 0 ] && [ ${#ct} -eq $(((12 + 20 + 16) * 2)) ]'
run aes encrypt "the eagle has landed"
check "the same text encrypts differently (a new nonce)" \
	'[ $rc -eq 0 ] && [ "$(tail -n 1 "$tmp/out")" != "$ct" ] &&
	 has "has its AES-256 key from an earlier run"'
run aes decrypt "$ct"
check "another instance decrypts with the stored key" \
	'[ $rc -eq 0 ] && has "decrypted by the TA: \"the eagle has landed\""'
last=$(echo "$ct" | tail -c 3)
bad=$(echo "$ct" | sed 's/..$//')$(printf %02x $((0x$last ^ 1)))
run aes decrypt "$bad"
check "a changed tag: TEE_ERROR_MAC_INVALID" \
	'[ $rc -ne 0 ] && has TEE_ERROR_MAC_INVALID'
run aes export
check "TEE_GetObjectBufferAttribute on the key stops the TA" \
	'[ $rc -eq 0 ] && has "TEEC_ERROR_TARGET_DEAD"'
sleep 0.3
check "the emulator's log says the key is not extractable" \
	'grep -q "protected and the object is not TEE_USAGE_EXTRACTABLE" "$TOS_LOG"'
run aes
check "aes without arguments" \
	'[ $rc -eq 0 ] && has "one bit changed: TEE_ERROR_MAC_INVALID"'

# --- hash_hmac ----------------------------------------------------------------
run hash_hmac sha256 abc
check "SHA-256(\"abc\") is FIPS 180-2's" \
	'has ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
run hash_hmac sha256 abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq
check "SHA-256 of FIPS 180-2's two-block message" \
	'has 248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
K=0x0102030405060708090a0b0c0d0e0f10111213141516171819
D=0x$(printf 'cd%.0s' $(seq 50))
M=82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b
run hash_hmac hmac $K $D
check "HMAC-SHA256 of RFC 4231 test case 4" '[ $rc -eq 0 ] && has $M'
run hash_hmac verify $K $D 0x$M
check "the TA accepts RFC 4231's MAC" '[ $rc -eq 0 ]'
run hash_hmac verify $K $D 0x$(echo $M | sed 's/.$/a/')
check "a changed MAC: TEE_ERROR_MAC_INVALID" \
	'[ $rc -ne 0 ] && has TEE_ERROR_MAC_INVALID'

# --- hotp -----------------------------------------------------------------------
run hotp set-key 12345678901234567890
run hotp next 10
codes=$(sed -n 's/^hotp: counter [0-9]*: //p' "$tmp/out" | tr '\n' ' ')
check "RFC 4226 Appendix D: the ten values" \
	'[ "$codes" = "755224 287082 359152 969429 338314 254676 287922 162583 399871 520489 " ]'
run hotp set-key 12345678901234567890
run hotp verify 287082
check "the code of counter 1 is refused at counter 0: TEEC_ERROR_SECURITY" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_SECURITY'
run hotp verify 755224
check "the code of counter 0 is accepted" '[ $rc -eq 0 ]'
run hotp verify 755224
check "and not twice" '[ $rc -ne 0 ]'

# --- rsa --------------------------------------------------------------------------
run rsa "to the TA only"
check "rsa: OpenSSL encrypts (OAEP), the TA decrypts" \
	'[ $rc -eq 0 ] && has "decrypted by the TA: \"to the TA only\""'
run rsa --tamper "to the TA only"
check "a changed ciphertext: TEE_ERROR_CIPHERTEXT_INVALID" \
	'[ $rc -ne 0 ] && has "refused to decrypt: TEE_ERROR_CIPHERTEXT_INVALID" &&
	 ! has "decrypted by"'

# --- sign_verify --------------------------------------------------------------------
for alg in rsa ecdsa; do
	run sign_verify $alg "pay 10 EUR"
	check "sign_verify $alg: OpenSSL verifies the TA's signature" \
		'[ $rc -eq 0 ] && has "signature on \"pay 10 EUR\" verifies"'
	run sign_verify $alg "pay 10 EUR" "pay 90 EUR"
	check "sign_verify $alg: a changed message does not verify" \
		'[ $rc -ne 0 ] && has "does NOT verify"'
done
run sign_verify
check "sign_verify without arguments" '[ $rc -eq 0 ]'

# --- ecdh ---------------------------------------------------------------------------
run ecdh
ca=$(sed -n 's/^ecdh: SHA-256 of the secret, CA: //p' "$tmp/out")
ta=$(sed -n 's/^ecdh: SHA-256 of the secret, TA: //p' "$tmp/out")
check "ecdh: both sides print the same hash" \
	'[ $rc -eq 0 ] && [ ${#ca} -eq 64 ] && [ "$ca" = "$ta" ]'
run ecdh
check "a new agreement gives another secret" \
	'[ $rc -eq 0 ] && ! has "$ca"'
run ecdh --bad-point
check "a point off the curve stops the TA (GP: TEE_DeriveKey panics)" \
	'[ $rc -ne 0 ] && has "refused to derive: TEEC_ERROR_TARGET_DEAD"'

# --- supp_plugin ----------------------------------------------------------------------
run supp_plugin hostname
check "the TA gets the host name from the plugin" \
	'[ $rc -eq 0 ] && has "for the hostname: $(hostname)\$"'
run supp_plugin uptime
up=$(sed -n 's/.*uptime in seconds: //p' "$tmp/out")
check "and the uptime" \
	'[ $rc -eq 0 ] && [ -n "$up" ] && [ "$up" -le $(($(cut -d. -f1 /proc/uptime) + 1)) ]'
run supp_plugin 7
check "a command the plugin does not know: TEEC_ERROR_NOT_SUPPORTED" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_NOT_SUPPORTED'

# --- service_daemon ---------------------------------------------------------------------
AUDIT=$tmp/audit.log
run service_daemon "before the daemon"
check "no daemon: TEEC_ERROR_ITEM_NOT_FOUND, start teekit-ex-auditd" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_ITEM_NOT_FOUND && has "start teekit-ex-auditd"'
teekit-ex-auditd --log "$AUDIT" > "$tmp/auditd.out" 2>&1 &
pid=$!
i=0
while ! grep -q ready "$tmp/auditd.out" && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
run service_daemon "door opened"
check "the daemon numbers the TA's first event 1" \
	'[ $rc -eq 0 ] && has "as entry 1 of the audit log"'
run service_daemon "door closed"
check "and the second 2" '[ $rc -eq 0 ] && has "as entry 2 of"'
check "the audit log holds both, tagged by the TA" \
	'[ "$(cat "$AUDIT")" = "1 service_daemon TA: door opened
2 service_daemon TA: door closed" ]'
run service_daemon "$(printf 'forged\n3 line')"
check "an event of two lines is refused by the daemon" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_BAD_FORMAT && [ $(wc -l < "$AUDIT") -eq 2 ]'
kill $pid
wait $pid
run service_daemon "after the daemon"
check "the daemon stopped: TEEC_ERROR_ITEM_NOT_FOUND again" \
	'[ $rc -ne 0 ] && has TEEC_ERROR_ITEM_NOT_FOUND'

teekit-down >/dev/null 2>&1
teectl storage wipe >/dev/null 2>&1
rm -rf "$tmp"
echo "1..$n"
exit $fail
