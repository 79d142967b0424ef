#!/bin/sh
# flowmap over real collectors' files, against an independent count.
#
# ../shared/real-flows (next to the source tree, or /work/shared) holds
# what Zeek, nfdump, nfpcapd and Argus wrote for real captures (see its
# README; its files stay out of the project).  For every file in it, and
# every directory of nfcapd files, tests/tools/realcount.py counts the
# records and distinct computers with Python's csv and json modules (and
# nfdump -q for nfcapd files, nfpcapd for captures); flowmap stats, with
# no option, must find the same, with nothing malformed.  The count itself
# is checked against the folder's COUNTS.tsv.  Then the whole folder as one
# directory argument: every flow file read, the rest skipped with one note.
#
# Skipped (77) without the folder; files that need nfdump or nfpcapd are
# skipped when those are missing.
for d in "${top_srcdir:-.}/../shared/real-flows" /work/shared/real-flows; do
	if [ -d "$d" ]; then DIR=$(cd "$d" && pwd); break; fi
done
[ -n "${DIR:-}" ] || { echo "no real-flows folder"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
. "${top_srcdir}/tests/shell/lib.sh"

have_nfdump=1
for tool in nfdump nfpcapd; do
	command -v $tool >/dev/null || have_nfdump=0
done

# The inputs: every file but the notes, every directory of nfcapd files.
find "$DIR" -type f ! -name '*.md' ! -name 'COUNTS.tsv' | LC_ALL=C sort >"$T/files"
find "$DIR" -type f -name 'nfcapd.*' -exec dirname {} \; | LC_ALL=C sort -u >>"$T/files"
xargs python3 "$top_srcdir/tests/tools/realcount.py" <"$T/files" >"$T/oracle" 2>"$T/oracle.err" ||
	{ head -5 "$T/oracle.err"; fail "realcount.py"; finish; }

# The independent count against the folder's own COUNTS.tsv.
if [ -f "$DIR/COUNTS.tsv" ]; then
	tail -n +2 "$DIR/COUNTS.tsv" | while IFS="$(printf '\t')" read -r path format records computers note; do
		got=$(awk -v p="$DIR/$path" '$1 == p { print $3, $4 }' "$T/oracle")
		[ "$got" = "$records $computers" ] ||
			echo "COUNTS.tsv: $path: $records $computers, realcount.py: $got"
	done >"$T/counts.diff"
	checks=$((checks + 1))
	[ -s "$T/counts.diff" ] && { fail "the count disagrees with COUNTS.tsv"; head -5 "$T/counts.diff"; }
fi

# stats_of FILE: "records computers malformed" of flowmap's JSON report.
stats_of() {
	python3 -c '
import json, sys
try:
    j = json.load(open(sys.argv[1]))
except ValueError:
    sys.exit(print("no JSON report"))
print(j["records"], j["computers"], j["malformed"])' "$1"
}

n=0
while read -r path kind records computers; do
	case $kind in nfcapd|pcap) [ "$have_nfdump" -eq 1 ] || continue ;; esac
	n=$((n + 1))
	name=${path#"$DIR"/}
	run_fm 0 stats --json "$path"
	expect_eq "$name ($kind)" "$records $computers 0" "$(stats_of "$T/out")"
done <"$T/oracle"
checks=$((checks + 1))
[ "$n" -ge 20 ] || fail "only $n real inputs compared"

# The folder as one directory argument: every flow file, once.
if [ "$have_nfdump" -eq 1 ]; then
	total=$(awk '$2 != "nfcapd" || system("test -d " $1) != 0 { r += $3 } END { print r }' "$T/oracle")
	run_fm 0 stats --json "$DIR"
	expect_eq "the whole folder: every record of every file" "$total" \
		"$(stats_of "$T/out" | cut -d' ' -f1)"
	grep_in "$T/err" "files in the directories skipped: not flow files" \
		"the whole folder: the notes skipped, said once"
	expect_eq "the whole folder: nothing malformed" 0 \
		"$(stats_of "$T/out" | cut -d' ' -f3)"
fi
finish
