# tests/shell/lib.sh - sourced by the shell tests.
#
# Each test runs in its own temporary directory, removed on success and kept
# (and named) on failure so the evidence survives.  fail() records a failure
# and goes on, so one run shows every broken check; the exit status is the
# harness's: 0 pass, 1 fail, 77 skip.

set -u
: "${FLOWMAP:?run through make check}"
T=$(mktemp -d "${TMPDIR:-/tmp}/flowmap-test.XXXXXX") || exit 99
# Snapshots of the tests go to the test directory, never to the user's cache.
XDG_CACHE_HOME=$T/cache
export XDG_CACHE_HOME
failures=0
checks=0

finish() {
	if [ "$failures" -eq 0 ]; then
		rm -rf "$T"
		echo "ok: $checks checks"
		exit 0
	fi
	echo "FAILED: $failures of $checks checks; files kept in $T"
	exit 1
}

fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1; shift
	checks=$((checks + 1))
	if "$@"; then :; else fail "$desc"; fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	checks=$((checks + 1))
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# run_fm EXPECTED-STATUS ARGS...: run flowmap, stdout to $T/out, stderr to
# $T/err, and check the exit status.
run_fm() {
	want=$1; shift
	checks=$((checks + 1))
	"$FLOWMAP" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "flowmap $*: exit $got, expected $want"
		sed 's/^/  stderr: /' "$T/err" | head -5
	fi
}

# grep_in FILE PATTERN DESCRIPTION
grep_in() {
	checks=$((checks + 1))
	grep -q -e "$2" "$1" || { fail "$3: no '$2' in $(basename "$1")"; sed 's/^/  | /' "$1" | head -8; }
}
