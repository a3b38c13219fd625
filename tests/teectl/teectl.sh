#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# teectl end to end on the sim stack (teekit_sim, tee-supplicant,
# teekit-tos): every command, as root and as the unprivileged 'user'
# (group teeclnt), the error cases and their exit codes, --json validity.
echo "TAP version 13"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
here=$(cd "$(dirname "$0")" && pwd)
JC=$here/jsoncheck
T=/usr/bin/teectl
asuser() { su user -c "$*"; }
jc() { $JC - < "$1" || { echo "# $(head -c 700 "$1")"; false; }; }
TAD=/lib/optee_armtz
U=5ec0e000-0000-4000-8000-0000000000
tmp=$(mktemp -d)
chmod 755 "$tmp"
stop_stack() {
	if command -v teekit-down >/dev/null; then
		teekit-down >/dev/null 2>&1
	else
		pkill_pid=$(pidof teekit-tos tee-supplicant)
		[ -n "$pkill_pid" ] && kill $pkill_pid
		sleep 0.5
		modprobe -r teekit_sim teekit_test teekit 2>/dev/null
	fi
}

# --- no device ---------------------------------------------------------------
stop_stack
modprobe -r teekit_test teekit 2>/dev/null
$T status >/dev/null 2>"$tmp/err"; rc=$?
check "status without a device exits 3 and names the fix" \
	'[ $rc -eq 3 ] && grep -q teekit-up "$tmp/err"'
$T info >/dev/null 2>"$tmp/err"; rc=$?
check "info without a device exits 3" '[ $rc -eq 3 ] && grep -q modprobe "$tmp/err"'
$T -j info > "$tmp/j"; rc=$?
check "info --json without a device is valid JSON" '[ $rc -eq 3 ] && jc "$tmp/j"'
TEEC_DEVICE=/dev/tee-none $T invoke ${U}01 0 2>/dev/null; rc=$?
check "invoke without a device exits 3" '[ $rc -eq 3 ]'
$T log level 2>"$tmp/err"; rc=$?
check "log level without the secure world exits 5" '[ $rc -eq 5 ]'

# --- usage -------------------------------------------------------------------
$T frobnicate 2>/dev/null; rc=$?
check "unknown command exits 2" '[ $rc -eq 2 ]'
$T ta remove not-a-uuid 2>"$tmp/err"; rc=$?
check "ta remove of a bad UUID exits 2" '[ $rc -eq 2 ] && grep -q "not a UUID" "$tmp/err"'
$T log --ta 1234 2>/dev/null; rc=$?
check "log --ta with a bad UUID exits 2" '[ $rc -eq 2 ]'
$T --help | grep -q "exit status"
check "--help names the exit codes" '[ $? -eq 0 ]'

# --- start the stack ---------------------------------------------------------
if command -v teekit-up >/dev/null; then
	teekit-up > "$tmp/up" 2>&1 || cat "$tmp/up"
else
	modprobe teekit_sim
	sleep 0.5
	tee-supplicant --daemonize 2>/dev/null
	teekit-tos --log /var/log/teekit-tos.log
fi
for i in $(seq 50); do
	[ -S /run/teekit/tos.sock ] && break
	sleep 0.1
done
check "teekit-tos serves its status socket 0660 root:teeclnt" \
	'[ "$(stat -c %a:%U:%G /run/teekit/tos.sock)" = 660:root:teeclnt ]'
teekit-tos --version | grep -q "^teekit-tos 1\."
check "teekit-tos --version" '[ $? -eq 0 ]'

# --- invoke through the sim stack (keep-alive TA stays loaded) -----------------
out=$($T invoke ${U}04 0 val:40,2 val-out); rc=$?
check "invoke ADD on the sim stack" '[ $rc -eq 0 ] && [ "$out" = "param 1: a=42 b=0" ]'
printf 'teectl memref' > "$tmp/in"
$T invoke ${U}04 1 "in:$tmp/in" "out:64:$tmp/out" >/dev/null; rc=$?
check "invoke COPY memrefs from and to files" '[ $rc -eq 0 ] && cmp -s "$tmp/in" "$tmp/out"'
$T invoke ${U}04 1 "in:$tmp/in" out:4 > "$tmp/log"; rc=$?
check "invoke SHORT_BUFFER exits 1" '[ $rc -eq 1 ] && grep -q SHORT_BUFFER "$tmp/log"'
$T invoke ${U}ff 0 > "$tmp/log"; rc=$?
check "invoke of an unknown TA exits 1" '[ $rc -eq 1 ] && grep -q ITEM_NOT_FOUND "$tmp/log"'
asuser "$T -j invoke ${U}04 0 val:1,2 val-out" > "$tmp/j"; rc=$?
check "invoke as user, JSON valid" '[ $rc -eq 0 ] && jc "$tmp/j" && grep -q "\"a\": 3" "$tmp/j"'

# --- info ----------------------------------------------------------------------
$T info > "$tmp/info"; rc=$?
check "info: rc 0, every layer" '[ $rc -eq 0 ] && grep -q "teekit_sim *loaded" "$tmp/info" &&
	grep -q "teekit-tos *teekit-tos 1\." "$tmp/info" &&
	grep -q "tee-supplicant *pid" "$tmp/info" && grep -q "libteec *2\.0\.0 (/usr/lib/libteec\.so\.2\.0\.0)" "$tmp/info"'
$T info --json > "$tmp/j"; rc=$?
check "info --json (after the command) valid" '[ $rc -eq 0 ] && jc "$tmp/j" &&
	grep -q "\"running\": true" "$tmp/j"'
asuser "$T -j info" > "$tmp/j"; rc=$?
check "info as user, JSON valid" '[ $rc -eq 0 ] && jc "$tmp/j"'
V=$(tee-supplicant --version | sed -n 's/^tee-supplicant //p')
check "tee-supplicant --version prints the modules' version" \
	'[ -n "$V" ] && [ "$V" = "$(cat /sys/module/teekit/version)" ] &&
	[ "$V" = "$(cat /sys/module/teekit_sim/version)" ]'
check "info: module and supplicant versions" \
	'grep -q "teekit  *loaded, version $V," "$tmp/info" &&
	grep -q "teekit_sim  *loaded, version $V," "$tmp/info" &&
	grep -q "^    version  *$V (.*tee-supplicant)" "$tmp/info"'
$T -j info > "$tmp/j"
check "info --json: supplicant_version" \
	'jc "$tmp/j" && grep -q "\"supplicant_version\": {\"version\": \"$V\"" "$tmp/j"'

# --- status --------------------------------------------------------------------
$T status > "$tmp/st"; rc=$?
check "status as root: the loaded TA with its pid" \
	'[ $rc -eq 0 ] && grep -q "^    ${U}04 .*[0-9]" "$tmp/st" && grep -q "sim driver: os attached" "$tmp/st"'
$T -j status > "$tmp/j"; rc=$?
check "status --json as root valid, with sessions" '[ $rc -eq 0 ] && jc "$tmp/j" &&
	grep -q "\"uuid\": \"${U}04\"" "$tmp/j" && grep -q "\"sessions\": " "$tmp/j"'
# a client holding 2 sessions and 4 KiB of shm: listed with its pid (root)
dev=$(ls /dev/tee[0-9]* | head -n 1)
mkfifo "$tmp/hold"
$here/holdsess "$dev" ${U}04 2 < "$tmp/hold" > "$tmp/holdout" 2>&1 &
hpid=$!
exec 9>"$tmp/hold"
for i in $(seq 50); do
	grep -q ready "$tmp/holdout" && break
	sleep 0.1
done
ids=$(sed -n 's/^ready //p' "$tmp/holdout" | tr ' ' ',')
$T status > "$tmp/st"; rc=$?
check "status as root: sessions per client, the holder with pid and 2 sessions" \
	'[ $rc -eq 0 ] && grep -q "^sessions per client:" "$tmp/st" &&
	grep -Eq "^    $hpid +holdsess +${dev#/dev/} +open +2 +1 +4096 +$ids\$" "$tmp/st"'
grep -q "^    $hpid " "$tmp/st" || sed 's/^/# /' "$tmp/holdout" "$tmp/st"
$T -j status > "$tmp/j"; rc=$?
check "status --json as root: the holder in sessions_per_client" '[ $rc -eq 0 ] && jc "$tmp/j" &&
	grep -q "\"sessions_per_client\": {\"contexts\": \[" "$tmp/j" &&
	grep -q "{\"pid\": $hpid, \"comm\": \"holdsess\", \"device\": \"${dev#/dev/}\", \"state\": \"open\", \"sessions\": 2, \"session_ids\": \[$(echo $ids | sed "s/,/, /g")\], \"shm_count\": 1, \"shm_bytes\": 4096}" "$tmp/j"'
exec 9>&-
wait $hpid
$T status > "$tmp/st"
check "status: the holder's line is gone once it exits" '! grep -q "^    $hpid .*holdsess" "$tmp/st"'
# the keep-alive TA's heap: 2 MiB taken and freed, 4 MiB refused (decision 1704)
$T invoke ${U}04 11 val:2,0 > /dev/null && ! $T invoke ${U}04 11 val:4,0 > /dev/null
rc=$?
$T status > "$tmp/st"
$T -j status > "$tmp/j"
check "status: a TA's heap in use, peak and TA_DATA_SIZE (KiB)" \
	'[ $rc -eq 0 ] && grep -Eq "^    ${U}04 .* [0-9]+/20[0-9][0-9]/4096( |\$)" "$tmp/st" &&
	jc "$tmp/j" && grep -Eq "\"heap\": [0-9]+, \"heap_peak\": 209[0-9]{4}, \"heap_limit\": 4194304" "$tmp/j"'
grep -q "^    ${U}04 " "$tmp/st" || sed 's/^/# /' "$tmp/st"
$T log --ta ${U}04 > "$tmp/log"
check "log: a refused TEE_Malloc names TA_DATA_SIZE, the use and the peak" \
	'grep -q "TEE_Malloc/TEE_Realloc of 4194304 bytes refused: the TA.s heap limit TA_DATA_SIZE is 4194304 bytes, [0-9]* in use, peak 20[0-9]*" "$tmp/log"'
asuser "$T status" > "$tmp/st"; rc=$?
check "status as user: TAs, with a note for what needs root" \
	'[ $rc -eq 0 ] && grep -q "${U}04" "$tmp/st" && grep -q "need root" "$tmp/st" &&
	grep -q "sessions per client need root" "$tmp/st"'
asuser "$T -j status" > "$tmp/j"; rc=$?
check "status --json as user valid" '[ $rc -eq 0 ] && jc "$tmp/j" &&
	grep -q "\"readable\": false" "$tmp/j" &&
	grep -q "\"sessions_per_client\": {\"contexts\": \[\], \"readable\": false" "$tmp/j"'

# --- log -----------------------------------------------------------------------
$T log --ta ${U}04 > "$tmp/log"; rc=$?
check "log --ta shows that TA's lines only" \
	'[ $rc -eq 0 ] && grep -q "TA ${U}04" "$tmp/log" && ! grep -v "${U}04" "$tmp/log" | grep -q .'
$T -j log -n 5 > "$tmp/j"; rc=$?
check "log --json -n 5 valid" '[ $rc -eq 0 ] && jc "$tmp/j"'
asuser "$T log" >/dev/null 2>&1; rc=$?
check "log as user exits 4 (root-only file)" '[ $rc -eq 4 ]'
$T -j log -f > "$tmp/jl" 2>/dev/null &
fpid=$!
sleep 0.5
$T invoke ${U}01 0 val:1,1 val-out >/dev/null
sleep 1
kill $fpid
check "log -f follows new lines (JSON lines)" \
	'grep -q "${U}01" "$tmp/jl" && $JC - -l < "$tmp/jl"'

# issue 17 item 5: every TA line carries time, UUID, pid, session, command
# and level; --json splits them; -f follows from now unless asked
$T invoke ${U}01 13 >/dev/null
sleep 0.3
tail -n 50 /var/log/teekit-tos.log | grep "error line" | tail -n 1 > "$tmp/line"
check "a TA line carries UTC time, UUID, pid, session, command, level, function" \
	'grep -Eq "^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z TA ${U}01 \[[0-9]+\] sess [1-9][0-9]* cmd 13 E TA_InvokeCommandEntryPoint:[0-9]+: error line$" "$tmp/line"'
[ -s "$tmp/line" ] && sed 's/^/# /' "$tmp/line"
$T -j log -n 20 --ta ${U}01 > "$tmp/j"; rc=$?
check "log --json has time, level, session, cmd, func, line and msg fields" \
	'[ $rc -eq 0 ] && jc "$tmp/j" && grep -q "\"level\": \"E\", \"pid\": [0-9]*, \"session\": [1-9][0-9]*, \"cmd\": 13, \"func\": \"TA_InvokeCommandEntryPoint\", \"line\": [0-9]*, \"msg\": \"error line\"" "$tmp/j" && grep -q "\"time\": \"20" "$tmp/j"'
$T -j log -n 50 > "$tmp/j"
check "log --json: an open's lines say cmd \"open\", the emulator's own lines null" \
	'grep -q "\"cmd\": \"open\"\|\"cmd\": null" "$tmp/j"'
$T log -f > "$tmp/fl" 2>/dev/null &
fpid=$!
sleep 0.5
$T invoke ${U}01 0 val:1,1 val-out >/dev/null
sleep 1
kill $fpid
check "log -f shows no line written before it started" \
	'! grep -q "error line" "$tmp/fl" && grep -q "${U}01" "$tmp/fl"'
$T log -f -n 3 > "$tmp/fl" 2>/dev/null &
fpid=$!
sleep 0.5
kill $fpid
n3=$(wc -l < "$tmp/fl")
check "log -f -n 3 shows the last 3 lines first ($n3)" '[ "$n3" -eq 3 ]'
$T log -f --history > "$tmp/fl" 2>/dev/null &
fpid=$!
sleep 0.5
kill $fpid
check "log -f --history shows the whole log first" \
	'[ "$(wc -l < "$tmp/fl")" -eq "$(wc -l < /var/log/teekit-tos.log)" ]'
out=$($T log level); rc=$?
check "log level shows the level" '[ $rc -eq 0 ] && echo "$out" | grep -q "TA log level [1-4]"'
$T log level 4 >/dev/null; rc=$?
check "log level 4 as root" '[ $rc -eq 0 ] && [ "$($T -j log level)" = "{\"ta_log_level\": 4}" ]'
asuser "$T log level 1" 2>/dev/null; rc=$?
check "log level as user: set refused with 4, read allowed" \
	'[ $rc -eq 4 ] && asuser "$T log level" >/dev/null'
$T log level 9 2>/dev/null; rc=$?
check "log level 9 exits 2" '[ $rc -eq 2 ]'
$T log level 2 >/dev/null

# --- ta ------------------------------------------------------------------------
$T ta list > "$tmp/list"; rc=$?
check "ta list: good TAs ok with flags, tampered refused" \
	'[ $rc -eq 0 ] && grep -q "^${U}04 *ok .*keep-alive" "$tmp/list" &&
	grep -q "^${U}07 *refused .*tampered" "$tmp/list"'
$T -j ta list > "$tmp/j"; rc=$?
check "ta list --json valid" '[ $rc -eq 0 ] && jc "$tmp/j"'
asuser "$T ta list" >/dev/null; rc=$?
check "ta list as user" '[ $rc -eq 0 ]'
mkdir "$tmp/d"
$T ta install --dir "$tmp/d" $TAD/${U}07.ta 2>"$tmp/err"; rc=$?
check "ta install of a tampered TA refused with 6, nothing written" \
	'[ $rc -eq 6 ] && grep -q tampered "$tmp/err" && [ -z "$(ls -A "$tmp/d")" ]'
$T ta install --dir "$tmp/d" $TAD/${U}0a.ta 2>/dev/null; rc=$?
check "ta install of an untrusted signer refused with 6" '[ $rc -eq 6 ]'
cp $TAD/${U}02.ta "$tmp/renamed.ta"
$T ta install --dir "$tmp/d" "$tmp/renamed.ta" >/dev/null; rc=$?
check "ta install names the file by its UUID, mode 0444" \
	'[ $rc -eq 0 ] && [ "$(stat -c %a "$tmp/d/${U}02.ta")" = 444 ]'
$T -j ta install "$tmp/renamed.ta" > "$tmp/j"; rc=$?
check "ta install into $TAD --json" '[ $rc -eq 0 ] && jc "$tmp/j" &&
	[ "$(stat -c %a $TAD/${U}02.ta)" = 444 ]'
asuser "$T ta install $tmp/renamed.ta" 2>"$tmp/err"; rc=$?
check "ta install as user exits 4" '[ $rc -eq 4 ] && grep -q root "$tmp/err"'
asuser "$T ta remove ${U}02" 2>/dev/null; rc=$?
check "ta remove as user exits 4" '[ $rc -eq 4 ] && [ -e $TAD/${U}02.ta ]'
$T ta remove --dir "$tmp/d" ${U}02 >/dev/null; rc=$?
check "ta remove" '[ $rc -eq 0 ] && [ ! -e "$tmp/d/${U}02.ta" ]'
$T ta remove --dir "$tmp/d" ${U}02 2>/dev/null; rc=$?
check "ta remove of a missing TA exits 5" '[ $rc -eq 5 ]'
# sign with a fresh key: the ELF of an installed TA is behind its 256-byte header
tail -c +257 $TAD/${U}01.ta > "$tmp/ta.so"
teekit-sign --genkey --out "$tmp/k.pem" --pub "$tmp/k.pub" >/dev/null 2>&1
# TA 01's ELF says 01: another --uuid is refused, naming both, unless --force
$T ta sign --key "$tmp/k.pem" --uuid ${U}ee --in "$tmp/ta.so" --out "$tmp/x.ta" 2>"$tmp/err" >/dev/null
rc=$?
check "ta sign refuses a --uuid other than the TA's own, naming both (exit 6)" \
	'[ $rc -eq 6 ] && [ ! -e "$tmp/x.ta" ] && grep -q "built as TA ${U}01 .* --uuid says ${U}ee" "$tmp/err"'
$T ta sign --key "$tmp/k.pem" --in "$tmp/ta.so" --out "$tmp/own.ta" > "$tmp/out"; rc=$?
check "ta sign without --uuid signs for the TA's own UUID" \
	'[ $rc -eq 0 ] && grep -q "signed ${U}01 " "$tmp/out"'
$T ta sign --key "$tmp/k.pem" --uuid ${U}ee --force --in "$tmp/ta.so" --out "$tmp/x.ta" >/dev/null
rc=$?
check "ta sign --force signs for another UUID" '[ $rc -eq 0 ] && [ -s "$tmp/x.ta" ]'
$T ta install --dir "$tmp/d" "$tmp/x.ta" 2>/dev/null; rc=$?
check "a TA signed with another key is refused by the trusted key" '[ $rc -eq 6 ]'
$T ta install --dir "$tmp/d" --key "$tmp/k.pub" "$tmp/x.ta" >/dev/null; rc=$?
check "and accepted with --key" '[ $rc -eq 0 ] && [ -e "$tmp/d/${U}ee.ta" ]'
$T ta sign --key "$tmp/k.pem" --uuid nope --in "$tmp/ta.so" 2>/dev/null; rc=$?
check "ta sign with a bad UUID exits 2" '[ $rc -eq 2 ]'

# --- a crashing TA: its backtrace, symbolized, in the log (decision 1705) ------
# the keep-alive TA tells where its secret is and which line reads memory,
# then reads address 0 on that line
addr=$($T invoke ${U}04 10 val-inout:7,0 | sed -n 's/^param 0: a=\([0-9]*\) b=\([0-9]*\)$/\1 \2/p')
line=$($T invoke ${U}04 9 val:${addr% *},${addr#* } val-out | sed -n 's/^param 1: a=7 b=//p')
$T invoke ${U}04 9 val:0,0 val-out > "$tmp/crash" 2>&1; rc=$?
sleep 1
$T log --ta ${U}04 > "$tmp/log"
check "a TA's SIGSEGV: the log has the signal and test_ta.c:$line in TA_InvokeCommandEntryPoint" \
	'[ $rc -ne 0 ] && [ -n "$line" ] && grep -q "crashed with signal 11 (Segmentation fault); backtrace:" "$tmp/log" &&
	grep -q "crash: #0 0x[0-9a-f]* TA_InvokeCommandEntryPoint at test_ta.c:$line " "$tmp/log"'
grep -q "crash: #0" "$tmp/log" || { echo "# addr=$addr line=$line"; grep "crash\|signal" "$tmp/log" | tail -n 8 | sed "s/^/# /"; }

stop_stack
rm -rf "$tmp"
echo "1..$n"
exit $fail
