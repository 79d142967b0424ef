#!/bin/sh
# flowmap embed: the map file, determinism across threads, the role
# agreement the map keeps from the features, --features, interruption.
. "${top_srcdir}/tests/shell/lib.sh"
sample=$top_srcdir/examples/sample.csv.gz
roles=$top_srcdir/examples/sample-roles.csv
nnagree=$top_builddir/tests/tools/nnagree

# No snapshot: the second run must embed again, not read the first's map.
run_fm 0 embed -q --no-cache --threads 1 -o "$T/m1.tsv" "$sample"
run_fm 0 embed -q --no-cache --threads 2 -o "$T/m2.tsv" "$sample"
expect_eq "header" "computer	x	y	flows_in	flows_out	bytes_in	bytes_out	packets	seconds	top_port_in	top_port_out	cluster" \
	"$(head -1 "$T/m1.tsv")"
check "same map with 1 and 2 threads" cmp -s "$T/m1.tsv" "$T/m2.tsv"
run_fm 0 features -q -o "$T/f.tsv" "$sample"
expect_eq "one row per kept computer" "$(wc -l <"$T/f.tsv")" "$(wc -l <"$T/m1.tsv")"
expect_eq "finite coordinates" 0 "$(awk -F '\t' 'NR > 1 && ($2 !~ /^-?[0-9]+\.[0-9]+$/ || $3 !~ /^-?[0-9]+\.[0-9]+$/)' "$T/m1.tsv" | wc -l | tr -d ' ')"
# Same order and totals as the features file.
expect_eq "names and flows agree with features" \
	"$(awk -F '\t' 'NR > 1 { print $1, $2 }' "$T/f.tsv" | md5sum)" \
	"$(awk -F '\t' 'NR > 1 { print $1, $4 + $5 }' "$T/m1.tsv" | md5sum)"
grep_in "$T/m1.tsv" "	53/domain	" "DNS servers' top incoming port labelled 53/domain"

# The other methods keep that promise too: FFT repulsion (when built with
# FFTW) and the approximate neighbours give the same bytes at 1 and 2
# threads, and are maps of their own (not the default's under a new name).
for m in "--method fft" "--neighbours approx" "--method fft --neighbours approx"; do
	tag=$(echo "$m" | tr -d ' -')
	if ! "$FLOWMAP" embed -q --no-cache --iter 300 --threads 1 $m \
	    -o "$T/$tag.1.tsv" "$sample" 2>"$T/$tag.err"; then
		grep -q "FFTW" "$T/$tag.err" && { echo "skip $m: built without FFTW"; continue; }
		check "embed $m runs" false
		continue
	fi
	run_fm 0 embed -q --no-cache --iter 300 --threads 2 $m -o "$T/$tag.2.tsv" "$sample"
	check "$m: same map with 1 and 2 threads" cmp -s "$T/$tag.1.tsv" "$T/$tag.2.tsv"
	run_fm 0 embed -q --no-cache --iter 300 --threads 1 --method bh \
	    --neighbours exact -o "$T/$tag.bh.tsv" "$sample"
	check "$m: not the exact Barnes-Hut map" sh -c "! cmp -s '$T/$tag.1.tsv' '$T/$tag.bh.tsv'"
done

# The default start is the data's first two principal components: the
# seed only matters to a random start.
run_fm 0 embed -q --no-cache --seed 2 -o "$T/s2.tsv" "$sample"
check "a PCA start: the seed changes nothing" cmp -s "$T/m1.tsv" "$T/s2.tsv"
run_fm 0 embed -q --no-cache --init random --seed 1 -o "$T/r1.tsv" "$sample"
run_fm 0 embed -q --no-cache --init random --seed 2 -o "$T/r2.tsv" "$sample"
check "a random start: another seed, another map" sh -c "! cmp -s '$T/r1.tsv' '$T/r2.tsv'"

# The map keeps the computers of a role together: its 10-NN role agreement
# comes close to the features' own (the ceiling).
if [ -x "$nnagree" ]; then
	cut -f1,4- "$T/f.tsv" >"$T/x.tsv"
	cut -f1-3 "$T/m1.tsv" >"$T/xy.tsv"
	fa=$("$nnagree" "$T/x.tsv" "$roles")
	ma=$("$nnagree" "$T/xy.tsv" "$roles")
	echo "10-NN role agreement: features $fa, map $ma"
	check "map agreement ($ma) >= 0.9 x features ($fa)" \
		awk -v m="$ma" -v f="$fa" 'BEGIN { exit !(m >= 0.9 * f) }'
fi

# --features: any numeric TSV; the rows keep their names.
run_fm 0 embed -q --features "$T/x.tsv" -o "$T/fx.tsv"
expect_eq "--features rows" "$(wc -l <"$T/x.tsv")" "$(wc -l <"$T/fx.tsv")"
expect_eq "--features names" "$(cut -f1 "$T/x.tsv" | sed 1d | md5sum)" "$(cut -f1 "$T/fx.tsv" | sed 1d | md5sum)"
printf 'a\tb\n1\t2\n3\tx\n' >"$T/bad.tsv"
run_fm 1 embed -q --features "$T/bad.tsv" -o "$T/bad.out"
grep_in "$T/err" "bad.tsv:3" "bad matrix: file and line named"
check "no output from a bad matrix" test ! -e "$T/bad.out"

# Degenerate inputs: few rows, identical rows, a constant column.
printf 'x\ty\n1\t1\n1\t1\n1\t1\n' >"$T/same.tsv"
run_fm 0 embed -q --features "$T/same.tsv" -o "$T/same.out"
expect_eq "identical rows: finite map" 0 "$(awk -F '\t' 'NR > 1 && ($2 ~ /nan|inf/ || $3 ~ /nan|inf/)' "$T/same.out" | wc -l | tr -d ' ')"
printf 'x\ty\n1\t5\n' >"$T/one.tsv"
run_fm 0 embed -q --features "$T/one.tsv" -o "$T/one.out"
expect_eq "one row" 2 "$(wc -l <"$T/one.out" | tr -d ' ')"

# Ctrl-C stops cleanly: status 130, no partial output, the old file kept.
echo old >"$T/int.tsv"
"$FLOWMAP" embed -q --iter 100000 -o "$T/int.tsv" "$sample" 2>"$T/int.err" &
pid=$!
sleep 2
kill -INT $pid
wait $pid
expect_eq "interrupted: exit 130" 130 $?
expect_eq "interrupted: old output kept" old "$(cat "$T/int.tsv")"
expect_eq "interrupted: no temporary files left" 0 "$(ls "$T" | grep -c "int.tsv.tmp")"

finish
