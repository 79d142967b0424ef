#!/bin/sh
# tests/golden/outputs.sh DIR - write flowmap's outputs on fixed inputs to
# DIR, one file per output, normalised (the timings, thread count and
# inflater of `stats --json` say how the run went, not what it found).
#
# tests/shell/golden.sh compares the SHA-256 of each against
# tests/golden/digests.txt, recorded with this script before the
# rebuild of the source tree (issue 17): the rebuild must not change a
# byte.  A change that means to change results records them again:
#   sh tests/golden/outputs.sh /tmp/g && (cd /tmp/g && sha256sum *) >tests/golden/digests.txt
# and says why in its commit.
set -u
: "${FLOWMAP:?}" "${FLOWGEN:?}" "${top_srcdir:?}"
out=$1
mkdir -p "$out/in" || exit 1
sample=$top_srcdir/examples/sample.csv.gz

"$FLOWGEN" --format lanl2015 --flows 300000 --computers 3000 --seed 5 \
	-o "$out/in/l15.csv" || exit 1
"$FLOWGEN" --format lanl2017 --header --flows 300000 --computers 3000 --seed 5 \
	-o "$out/in/l17.csv" || exit 1
cp "$sample" "$out/in/sample.csv.gz" || exit 1

fm() {
	"$FLOWMAP" "$@" --no-cache -q 2>>"$out/in/stderr" ||
		echo "flowmap $* failed" >>"$out/in/stderr"
}
for name in l15.csv l17.csv sample.csv.gz; do
	base=${name%%.*}
	(cd "$out/in" && "$FLOWMAP" stats --json "$name") 2>>"$out/in/stderr" |
		grep -v -e '"threads":' -e '"inflater":' -e '"timings":' \
		>"$out/$base.stats.json"
	fm features -o "$out/$base.features.tsv" "$out/in/$name"
	fm features --memory 1M -o "$out/$base.features-1M.tsv" "$out/in/$name"
done
for threads in 1 2; do
	fm embed --threads $threads --seed 7 -o "$out/sample.embed.t$threads.tsv" \
		"$out/in/sample.csv.gz"
	fm embed --threads $threads --seed 3 --iter 300 \
		-o "$out/l15.embed.t$threads.tsv" "$out/in/l15.csv"
	fm embed --threads $threads --seed 3 --iter 300 --memory 1M \
		-o "$out/l17.embed-1M.t$threads.tsv" "$out/in/l17.csv"
done
