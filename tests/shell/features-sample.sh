#!/bin/sh
# The features of the bundled sample: a few computers checked against an
# independent computation (tests/tools/features_oracle.py), every row's
# distributions summing to 1, and the computers of one role (the
# generator's ground truth) near each other in feature space.
. "${top_srcdir}/tests/shell/lib.sh"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
sample=$top_srcdir/examples/sample.csv.gz
roles=$top_srcdir/examples/sample-roles.csv

run_fm 0 features -q -o "$T/f.tsv" "$sample"
rows=$(($(wc -l <"$T/f.tsv") - 1))
echo "sample: $rows computers kept, $(head -1 "$T/f.tsv" | awk -F '\t' '{print NF - 3}') features"
check "hundreds of computers kept" test "$rows" -ge 300
expect_eq "840 features by default" 843 "$(head -1 "$T/f.tsv" | awk -F '\t' '{print NF}')"

# Every distribution sums to 1 or is all zeros.
bad=$(awk -F '\t' '
	NR == 1 { for (i = 4; i <= NF; i++) { split($i, a, ":"); g[i] = a[1] (a[2] ~ /^proto/ ? "p" : "") } next }
	{ delete s; for (i = 4; i <= NF; i++) s[g[i]] += $i
	  for (k in s) if (s[k] != 0 && (s[k] < 0.9999 || s[k] > 1.0001)) { n++; break } }
	END { print n + 0 }' "$T/f.tsv")
expect_eq "rows whose distributions do not sum to 1" 0 "$bad"

# The busiest, the quietest and three between, against the oracle.
pick=$(awk -F '\t' 'NR > 1 { print $2, $1 }' "$T/f.tsv" | sort -k1,1n |
	awk '{ a[NR] = $2 } END { print a[1], a[int(NR / 4)], a[int(NR / 2)], a[int(3 * NR / 4)], a[NR] }')
python3 "$top_srcdir/tests/tools/features_oracle.py" "$sample" 100 136 $pick >"$T/oracle.tsv" ||
	fail "oracle failed"
diffs=$(awk -F '\t' '
	FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; hdr[FILENAME] = $0; next }
	FILENAME == ARGV[1] { for (i = 2; i <= NF; i++) want[$1, i] = $i; names[$1]; next }
	($1 in names) {
		split(hdr[ARGV[1]], h, "\t")
		for (i = 2; i in h; i++) {
			j = c[FILENAME, h[i]]
			if (!j) { print "missing column " h[i]; exit }
			d = $j - want[$1, i]; if (d < 0) d = -d
			if (d > 1e-6) { print $1 " " h[i] ": flowmap " $j ", oracle " want[$1, i]; n++ }
		}
		seen++
	}
	END { if (seen != 5) print "matched " seen " of 5 computers" }' "$T/oracle.tsv" "$T/f.tsv")
expect_eq "features = oracle for $pick" "" "$diffs"

# The ceiling the map is held to: 10-NN role agreement in feature space.
nnagree=$top_builddir/tests/tools/nnagree
if [ -x "$nnagree" ]; then
	cut -f1,4- "$T/f.tsv" >"$T/x.tsv"
	a=$("$nnagree" -k 10 "$T/x.tsv" "$roles")
	echo "10-NN role agreement in feature space: $a"
	check "10-NN role agreement >= 0.85 (got $a)" awk -v a="$a" 'BEGIN { exit !(a >= 0.85) }'
fi

finish
