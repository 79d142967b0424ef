#!/bin/sh
# The feature vectors of a hand-built flow file, every number worked out by
# hand below, and what --ports, --min-flows and --direction change.
. "${top_srcdir}/tests/shell/lib.sh"

# Six LANL-2015 flows.  Line 3 is written from the server's side (port 53 on
# the source, an anonymised port on the destination): infer turns it round.
cat >"$T/h.csv" <<'DATA'
1,0,C1,N100,C2,53,17,1,100
2,2,C1,N101,C2,53,17,1,300
3,1,C2,53,C1,N102,17,1,100
4,4,C1,N103,C3,80,6,10,1000
5,0,C3,N104,C2,53,17,1,50
6,0,C2,N105,C9,N7,1,1,60
DATA

# col FILE ROW-NAME COLUMN-NAME: one value of a features TSV.
col() {
	awk -F '\t' -v row="$2" -v c="$3" '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
	$1 == row { if (k) printf "%.4f\n", $k; else print "no-column" }' "$1"
}

run_fm 0 features --min-flows 1 --ports 3 -o "$T/f.tsv" "$T/h.csv"
f=$T/f.tsv
expect_eq "header starts" "computer	flows	bytes	in_flows:53	in_flows:80	in_flows:other" \
	"$(head -1 "$f" | cut -f1-6)"
# 3 port bins (53, 80, other) and 4 protocols: 6 x 3 + 6 x 4 = 42 numbers.
expect_eq "columns" 45 "$(head -1 "$f" | awk -F '\t' '{print NF}')"
expect_eq "rows" 5 "$(wc -l <"$f" | tr -d ' ')"
expect_eq "rows in name order" "C1 C2 C3 C9" "$(awk 'NR > 1 {printf "%s%s", s, $1; s=" "}' "$f")"
expect_eq "C1 totals" "4 1500" "$(awk -F '\t' '$1 == "C1" {print $2, $3}' "$f")"
# C1 is the client of 53 three times (100, 300, 100 bytes; 0, 2, 1 s) and
# of 80 once (1000 bytes, 4 s); it serves nothing.
expect_eq "C1 out_flows:53" 0.7500 "$(col "$f" C1 out_flows:53)"
expect_eq "C1 out_flows:80" 0.2500 "$(col "$f" C1 out_flows:80)"
expect_eq "C1 out_bytes:53" 0.3333 "$(col "$f" C1 out_bytes:53)"
expect_eq "C1 out_bytes:80" 0.6667 "$(col "$f" C1 out_bytes:80)"
expect_eq "C1 out_seconds:53" 0.4286 "$(col "$f" C1 out_seconds:53)"
expect_eq "C1 out_seconds:80" 0.5714 "$(col "$f" C1 out_seconds:80)"
expect_eq "C1 in_flows:53 (no incoming: zeros)" 0.0000 "$(col "$f" C1 in_flows:53)"
expect_eq "C1 out_flows:proto17" 0.7500 "$(col "$f" C1 out_flows:proto17)"
expect_eq "C1 out_bytes:proto6" 0.6667 "$(col "$f" C1 out_bytes:proto6)"
# C2 serves 53 four times (C1 three, C3 once) and queries C9 on N7, an
# "other" port, with a zero-length ICMP flow: its out_seconds are all zero.
expect_eq "C2 in_flows:53" 1.0000 "$(col "$f" C2 in_flows:53)"
expect_eq "C2 out_flows:other" 1.0000 "$(col "$f" C2 out_flows:other)"
expect_eq "C2 out_seconds:other (no seconds: zero)" 0.0000 "$(col "$f" C2 out_seconds:other)"
expect_eq "C2 out_flows:proto1" 1.0000 "$(col "$f" C2 out_flows:proto1)"
expect_eq "C2 in_bytes:proto17" 1.0000 "$(col "$f" C2 in_bytes:proto17)"
expect_eq "C3 in_flows:80" 1.0000 "$(col "$f" C3 in_flows:80)"
expect_eq "C3 out_flows:53" 1.0000 "$(col "$f" C3 out_flows:53)"
expect_eq "C9 in_flows:other" 1.0000 "$(col "$f" C9 in_flows:other)"
# Every distribution sums to 1 or is all zeros; nothing is NaN.
expect_eq "sums" ok "$(awk -F '\t' '
	NR == 1 { for (i = 4; i <= NF; i++) { split($i, a, ":"); g[i] = a[1] (a[2] ~ /^proto/ ? "p" : "") } next }
	{ delete s; for (i = 4; i <= NF; i++) { if ($i !~ /^[0-9.e-]+$/) bad = 1; s[g[i]] += $i }
	  for (k in s) if (s[k] != 0 && (s[k] < 0.9999 || s[k] > 1.0001)) bad = 1 }
	END { print bad ? "bad" : "ok" }' "$f")"

# --direction=as-is keeps line 3 as written: C1 then serves N102 to C2.
run_fm 0 features --min-flows 1 --ports 3 --direction as-is -o "$T/a.tsv" "$T/h.csv"
expect_eq "as-is: C1 out_flows:53" 0.6667 "$(col "$T/a.tsv" C1 out_flows:53)"
expect_eq "as-is: C2 in_flows:53" 1.0000 "$(col "$T/a.tsv" C2 in_flows:53)"
expect_eq "as-is: C1 in_flows:other" 1.0000 "$(col "$T/a.tsv" C1 in_flows:other)"

# --ports 2: only 53 and "other".
run_fm 0 features --min-flows 1 --ports 2 -o "$T/p.tsv" "$T/h.csv"
expect_eq "--ports 2 columns" 39 "$(head -1 "$T/p.tsv" | awk -F '\t' '{print NF}')"
expect_eq "--ports 2: 80 falls into other" 0.2500 "$(col "$T/p.tsv" C1 out_flows:other)"

# --min-flows counts both directions: C1 has 4, C2 5, C3 2, C9 1.
run_fm 0 features --min-flows 4 -o "$T/m.tsv" "$T/h.csv"
expect_eq "--min-flows 4 keeps" "C1 C2" "$(awk 'NR > 1 {printf "%s%s", s, $1; s=" "}' "$T/m.tsv")"
run_fm 1 features --min-flows 6 -o "$T/none.tsv" "$T/h.csv"
grep_in "$T/err" "no computer has at least 6 flows" "--min-flows too high"
check "no output file when nothing is kept" test ! -e "$T/none.tsv"

# The output is written whole or not at all: an existing file survives a
# failed run.
echo keep >"$T/keep.tsv"
printf '1,0,C1,N1,C2,53,17,1,100\n' >"$T/one.csv"
run_fm 1 features -o "$T/keep.tsv" "$T/one.csv"
expect_eq "old output kept" keep "$(cat "$T/keep.tsv")"

# -o to a pipe (or a device) writes into it and leaves it a pipe: renaming
# a temporary file over it would have replaced it (-o /dev/null did).
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
run_fm 0 features --no-cache --min-flows 1 --ports 3 -o "$T/fifo" "$T/h.csv"
wait
check "-o FIFO: still a FIFO" test -p "$T/fifo"
check "-o FIFO: the TSV came through" cmp -s "$T/f.tsv" "$T/from-fifo"

# Names from the data are escaped in the TSV: a tab or ESC can't break it.
printf '1,0,"C\033[2Jx",N1,"C\tY",53,17,1,100\n' >"$T/evil.csv"
run_fm 0 features --min-flows 1 -o "$T/e.tsv" "$T/evil.csv"
check "no raw ESC in the TSV" sh -c "! grep -q \"\$(printf '\\033')\" '$T/e.tsv'"
# One port bin and "other": 3 + 6 x 2 + 6 x 4 = 39 columns on every line.
expect_eq "escaped names keep the columns" "39 39 39" \
	"$(awk -F '\t' '{printf "%s%s", s, NF; s=" "}' "$T/e.tsv")"

finish
