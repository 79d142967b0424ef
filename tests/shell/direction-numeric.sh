#!/bin/sh
# --direction=infer when every port is a number (issue 10): the generator's
# traffic written with LANL tokens and, from the same seed, with numeric
# ports (clients' ports from their OS's ephemeral range: Linux, Windows,
# Windows XP, BSD; app servers on an unlisted port inside those ranges).
# The flows are the same, ports aside, so the two must give maps alike.
#
# Two measures, against the generator's ground truth:
#  - the features' 10-NN role agreement (tests/tools/nnagree): numeric
#    within 0.03 of the token version, the issue's criterion;
#  - the misplaced share: the same flows written with --swap-share 0 (every
#    flow from the client's side) give each computer's true features; the
#    misplaced share is half the L1 distance of a computer's rows of
#    distributions to the true ones, averaged over the 6 distributions and
#    the computers (0: every flow counted the right way round).
# The role agreement hardly moves with direction on this traffic (a role's
# members are misjudged alike), so the misplaced share is what shows that
# the old rule ("a number below 32768 is the service") and as-is fail.
. "${top_srcdir}/tests/shell/lib.sh"
: "${FLOWGEN:?}"
nnagree=$top_builddir/tests/tools/nnagree
[ -x "$nnagree" ] || { echo "nnagree not built"; exit 77; }

gen() {
	"$FLOWGEN" --computers 600 --flows 150000 --seed 11 \
		--roles "$T/roles.csv" "$@" || fail "flowgen $*"
}
gen -o "$T/tok.csv"
gen --swap-share 0 -o "$T/tok-truth.csv"
gen --numeric-ports -o "$T/num.csv"
gen --numeric-ports --swap-share 0 -o "$T/num-truth.csv"
# The old rule, applied by hand: swap when the source port is a number
# below 32768 and the destination port a token or a number of 32768 or
# more; flowmap then reads the result as it is.
awk -F, -v OFS=, '{
	s = $4; d = $6
	if (s ~ /^[0-9]+$/ && s + 0 < 32768 && (d !~ /^[0-9]+$/ || d + 0 >= 32768)) {
		t = $3; $3 = $5; $5 = t; $4 = d; $6 = s
	}
	print }' "$T/num.csv" >"$T/num-old.csv"

cut -d, -f1-3,5,7- "$T/tok.csv" >"$T/tok.cols"
cut -d, -f1-3,5,7- "$T/num.csv" >"$T/num.cols"
check "numeric ports: the same flows as the tokens, ports aside" \
	cmp -s "$T/tok.cols" "$T/num.cols"

# Each client keeps to one OS's range, and every kind of range is there
# (from the truth file, where the source is always the client).
ranges=$(awk -F, '$4 > 0 {
	p = $4 + 0
	k = p >= 1025 && p <= 5000 ? "xp" : p >= 32768 && p < 49152 ? "linux" :
	    p > 60999 ? "iana" : p >= 49152 ? "either" : "none"
	if (k == "linux" || k == "iana") {
		if (seen[$3] != "" && seen[$3] != k) bad[$3] = 1
		seen[$3] = k
	}
	if (k == "xp") xp[$3] = 1
	if (k == "none") none++
	n[k]++ }
	END {
		for (c in xp) if (c in seen) bad[c] = 1
		nb = 0; for (c in bad) nb++
		printf "xp=%d linux=%d iana=%d none=%d mixed=%d\n", (n["xp"] > 0),
		    (n["linux"] > 0), (n["iana"] > 0), none + 0, nb
	}' "$T/num-truth.csv")
expect_eq "client ports: every OS range, one per client" \
	"xp=1 linux=1 iana=1 none=0 mixed=0" "$ranges"

features() {	# FILE DIRECTION OUT
	run_fm 0 features -q --no-cache --direction "$2" -o "$3" "$1"
}
agreement() {
	cut -f1,4- "$1" >"$T/x.tsv"
	"$nnagree" -k 10 "$T/x.tsv" "$T/roles.csv"
}
# misplaced TRUTH.tsv OTHER.tsv
misplaced() {
	awk -F '\t' '
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, i] = $i
		if (NR == 1) truth = FILENAME; next }
	{
		for (i = 4; i <= NF; i++) {
			k = $1 SUBSEP col[FILENAME, i]
			v[k] += FILENAME == truth ? $i : -$i
		}
		if (FILENAME == truth) n++
	}
	END {
		for (k in v) s += v[k] < 0 ? -v[k] : v[k]
		printf "%.4f\n", s / 2 / 6 / n
	}' "$1" "$2"
}

features "$T/tok-truth.csv" as-is "$T/tok-truth.tsv"
features "$T/num-truth.csv" as-is "$T/num-truth.tsv"
# measure NAME DIRECTION: agreement and misplaced share of $T/NAME.csv,
# printed, and set as $agree and $mis.
measure() {
	features "$T/$1.csv" "$2" "$T/$1-$2.tsv"
	agree=$(agreement "$T/$1-$2.tsv")
	mis=$(misplaced "$T/${1%-old}-truth.tsv" "$T/$1-$2.tsv")
	echo "$1 --direction $2: 10-NN role agreement $agree, misplaced share $mis"
}
measure tok infer; ta=$agree tm=$mis
measure num infer; na=$agree nm=$mis
measure num-old as-is; om=$mis
measure num as-is; am=$mis
measure tok as-is

# ok AWK-CONDITION DESCRIPTION: a check on the numbers above.
ok() {
	checks=$((checks + 1))
	awk -v ta="$ta" -v tm="$tm" -v na="$na" -v nm="$nm" -v om="$om" \
	    -v am="$am" "BEGIN { exit !($1) }" || fail "$2"
}
ok "na - ta <= 0.03 && ta - na <= 0.03" \
	"role agreement: numeric infer ($na) within 0.03 of tokens ($ta)"
ok "nm <= tm + 0.005" \
	"misplaced: numeric infer ($nm) no worse than tokens ($tm)"
ok "nm < 0.02" "misplaced: numeric infer ($nm) under 0.02"
ok "om > 0.05 && om > 3 * nm" \
	"misplaced: the old rule ($om) fails: over 0.05 and 3 times infer's"
ok "am > om" "misplaced: as-is ($am) fails worse than the old rule ($om)"
expect_eq "the truth against itself" 0.0000 \
	"$(cp "$T/num-truth.tsv" "$T/copy.tsv"; misplaced "$T/num-truth.tsv" "$T/copy.tsv")"

# Standard input cannot be read twice: it adds nothing to the sample, so
# its flows get the ranks alone, and more of them are misplaced.
run_fm 0 features -q --no-cache -o "$T/stdin.tsv" - <"$T/num.csv"
sm=$(misplaced "$T/num-truth.tsv" "$T/stdin.tsv")
echo "num from stdin --direction infer: misplaced share $sm"
ok "$sm > nm + 0.01" "stdin ($sm): the ranks alone, worse than the file ($nm)"

# The learned part is the same whatever the number of threads, from one
# file (read by all threads) or two (a file per thread), plain or gzip.
run_fm 0 features -q --no-cache --threads 1 -o "$T/t1.tsv" "$T/num.csv"
run_fm 0 features -q --no-cache --threads 2 -o "$T/t2.tsv" "$T/num.csv"
check "numeric infer: same features with 1 and 2 threads" \
	cmp -s "$T/t1.tsv" "$T/t2.tsv"
check "numeric infer: as measured above" cmp -s "$T/t1.tsv" "$T/num-infer.tsv"
half=$(($(wc -l <"$T/num.csv") / 2))
head -n "$half" "$T/num.csv" | gzip -1 >"$T/part1.csv.gz"
tail -n +"$((half + 1))" "$T/num.csv" >"$T/part2.csv"
run_fm 0 features -q --no-cache --threads 1 -o "$T/p1.tsv" \
	"$T/part1.csv.gz" "$T/part2.csv"
run_fm 0 features -q --no-cache --threads 2 -o "$T/p2.tsv" \
	"$T/part1.csv.gz" "$T/part2.csv"
check "two files: same features with 1 and 2 threads" \
	cmp -s "$T/p1.tsv" "$T/p2.tsv"
pm=$(misplaced "$T/num-truth.tsv" "$T/p1.tsv")
echo "num in two files, one gzip: misplaced share $pm"
ok "$pm < 0.02" "two files, one gzip: misplaced share $pm under 0.02"

finish
