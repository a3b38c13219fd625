# SPDX-License-Identifier: GPL-2.0-only
#
# tap.sh - TAP output for the host test scripts (tests/host/*.sh), sourced:
#   ok STATUS DESCRIPTION [LOG]   a test point; a failure prints LOG's tail
#   tap_end                       the plan line; exits 1 if any failed

n=0 bad=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		bad=1
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 30 "$3" | sed 's/^/# /'
	fi
}

tap_end() {
	echo "1..$n"
	exit $bad
}
