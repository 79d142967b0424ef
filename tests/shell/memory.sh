#!/bin/sh
# --memory: under a budget too small for the data, folds take ports that
# could be bins, and the rank and bins passes must give back the very
# features of a run that never folded; a pipe is never folded; sizes are
# checked.
. "${top_srcdir}/tests/shell/lib.sh"
: "${FLOWGEN:?}"
"$FLOWGEN" --flows 1000000 --computers 12000 --seed 9 -o "$T/gen.csv" ||
	fail "flowgen"
# Two services by name, so that the bins pass meets ports known by name
# (their keys differ between threads and passes).
awk -F, 'BEGIN { OFS = "," }
	{ for (i = 4; i <= 6; i += 2) {
		if ($i == "445") $i = "microsoft-ds"; else if ($i == "88") $i = "kerberos" } }
	{ print }' "$T/gen.csv" >"$T/g.csv"
grep_in "$T/g.csv" ",microsoft-ds," "named port in the data"

twice="reading the flows twice more"
for threads in 1 2; do
	for ports in 136 300; do
		run_fm 0 features --no-cache --threads $threads --ports $ports \
			-o "$T/ref.tsv" "$T/g.csv"
		check "no second pass at the default budget" \
			sh -c "! grep -q '$twice' '$T/err'"
		run_fm 0 features --no-cache --threads $threads --ports $ports --memory 1M \
			-o "$T/small.tsv" "$T/g.csv"
		grep_in "$T/err" "$twice" "1M: the passes after the fold ($threads threads, $ports ports)"
		check "1M: the same features ($threads threads, $ports ports)" \
			cmp -s "$T/ref.tsv" "$T/small.tsv"
	done
done
grep_in "$T/ref.tsv" "in_flows:microsoft-ds" "a named port is a bin"
run_fm 0 features --no-cache -o "$T/ref.tsv" "$T/g.csv"

# Standard input cannot be read again: never folded, same result.
cat "$T/g.csv" | "$FLOWMAP" features --no-cache --memory 1M -o "$T/pipe.tsv" - \
	2>"$T/err" || fail "features from a pipe"
check "pipe: the same features" cmp -s "$T/ref.tsv" "$T/pipe.tsv"
check "pipe: no second pass" sh -c "! grep -q '$twice' '$T/err'"

# The explorer's load takes the same road: embed from the budgeted load.
run_fm 0 embed -q --no-cache --iter 50 --memory 1M -o "$T/e1.tsv" "$T/g.csv"
run_fm 0 embed -q --no-cache --iter 50 -o "$T/e2.tsv" "$T/g.csv"
check "embed: the same map" cmp -s "$T/e1.tsv" "$T/e2.tsv"

# A malformed line is reported once, not by each pass.
{ head -1000 "$T/g.csv"; echo "1,2,C1,80,C2,80,6,1,1x"; tail -n +1001 "$T/g.csv"; } \
	>"$T/bad.csv"
run_fm 0 features --no-cache --memory 1M -o "$T/bad.tsv" "$T/bad.csv"
grep_in "$T/err" "$twice" "malformed: the passes after the fold"
expect_eq "malformed line reported once" 1 "$(grep -c 'bad.csv:1001' "$T/err")"

# A file that grows while it is read again: the passes would not agree,
# so the run fails and says so (no features).  The line is appended as
# soon as the second pass is announced.
cp "$T/g.csv" "$T/grow.csv"
"$FLOWMAP" features --no-cache --threads 1 --memory 1M -o "$T/grow.tsv" \
	"$T/grow.csv" 2>"$T/grow.err" &
pid=$!
n=0
while ! grep -q "$twice" "$T/grow.err" 2>/dev/null && [ $n -lt 3000 ]; do
	sleep 0.01
	n=$((n + 1))
done
echo "9,0,C1,80,C2,N1,6,1,1" >>"$T/grow.csv"
wait $pid
expect_eq "a file that changed: exit status" 1 "$?"
grep_in "$T/grow.err" "grow.csv changed while it was read" "a file that changed"
check "a file that changed: no features written" test ! -e "$T/grow.tsv"

# Sizes.
run_fm 0 features -q --memory 2G -o "$T/x.tsv" "$T/g.csv"
run_fm 0 features -q --memory 1048576 -o "$T/x.tsv" "$T/g.csv"
run_fm 0 features -q --memory 1MiB -o "$T/x.tsv" "$T/g.csv"
run_fm 0 features -q --memory 1024T -o "$T/x.tsv" "$T/g.csv"
for bad in 0 1023K 12Q "" -5M 1.5G 99999999999999999999 1M2 1025T; do
	run_fm 2 features --memory "$bad" "$T/g.csv"
	grep_in "$T/err" "is not a size" "--memory '$bad'"
done
finish
