#!/bin/sh
# The command line: --help, --version, usage errors and exit codes, and a
# man page that documents every option the program has.
. "${top_srcdir}/tests/shell/lib.sh"

run_fm 0 --help
grep_in "$T/out" "^usage: flowmap" "--help usage line"
cp "$T/out" "$T/help"
run_fm 0 --version
grep_in "$T/out" "^flowmap [0-9]" "--version"

# Every option of the table (as --help lists it) is in the man page.
man=$top_srcdir/man/flowmap.1
for opt in $(grep -o -E -- '--[a-z][a-z-]*' "$T/help" | sort -u); do
	checks=$((checks + 1))
	pat=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -e "$pat" "$man" || fail "man page lacks $opt"
done
for cmd in stats features embed; do
	grep_in "$T/help" "^  $cmd " "--help lists $cmd"
	grep_in "$man" "flowmap $cmd" "man page documents $cmd"
done
# The man page's KEYS section is exactly what the key table generates.
awk '/keys-begin/ { on = 1; next } /keys-end/ { on = 0 } on' "$man" >"$T/man-keys"
awk -f "$top_srcdir/man/keys2man.awk" "$top_srcdir/man/keys.txt" >"$T/table-keys"
check "man page KEYS = key table (regenerate with man/keys2man.awk)" cmp -s "$T/man-keys" "$T/table-keys"

# Each help line fits an 80-column terminal.
expect_eq "help width" 0 "$(awk 'length > 79' "$T/help" | wc -l | tr -d ' ')"

printf '1,0,C1,N1,C2,53,17,1,100\n' >"$T/one.csv"
run_fm 2 stats --top 0 "$T/one.csv"
grep_in "$T/err" "not a whole number" "--top 0 message"
run_fm 2 stats --perplexity 5 "$T/one.csv"
grep_in "$T/err" "does not apply to 'stats'" "option of another command"
run_fm 2 stats --no-such-option "$T/one.csv"
run_fm 2 stats
grep_in "$T/err" "no input" "no file given"
run_fm 2 stats --format lanl1999 "$T/one.csv"
grep_in "$T/err" "lanl2015|lanl2017" "format choices named"
run_fm 1 stats "$T/does-not-exist.csv"
grep_in "$T/err" "does-not-exist.csv: No such file" "missing file named"
run_fm 0 stats --quiet "$T/one.csv"
expect_eq "--quiet: nothing on stderr" "" "$(cat "$T/err")"

# A name from the command line with control characters is escaped.
bad=$(printf "$T/x\033]0;pwn\007.csv")
run_fm 1 stats "$bad"
check "no raw ESC in a message" sh -c "! grep -q \"\$(printf '\\033')\" '$T/err'"
grep_in "$T/err" 'x\\e\]0;pwn\\x07\.csv' "escaped file name"

finish
