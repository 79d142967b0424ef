#!/bin/sh
# tests/bench/large.sh - flowmap's embedding against FIt-SNE 1.2.1 on large
# maps (`BENCH_ONLY=large make bench`): 50,000, 100,000 and 250,000
# computers (BENCH_LARGE_SIZES), and 1,000,000 with BENCH_LARGE=1.
#
# Every program gets the same input: the PCA-50 projection (flowmap's PCA,
# tests/bench/tsne-bench -P) of generated flow features, 2 threads and 1000
# iterations, each with its own defaults otherwise (FIt-SNE's are those of
# its Python wrapper, tests/bench/fitsne.py).  Printed per size: wall time
# and peak RSS of the whole process (reading the input included), and the
# KL divergence of each map by one formula (tests/bench/klmap: P from the
# exact 90 nearest neighbours at perplexity 30, Z summed over all pairs).
#
# Inputs, made once and cached in BENCH_DIR (large-*): up to 250,000 computers, the
# features of examples/flowgen traffic (1.22 N computers, 230 flows
# each, seed 3; about 82% pass --min-flows) profiled by `flowmap
# features`; the million is tests/bench/replicate's: the 250,000 computers'
# features four times over, each non-zero value times exp(0.1 x a normal
# deviate) (generating and profiling 280M flows would take the better part
# of an hour).  At the million, the 840-feature matrix itself is embedded
# too (flowmap only, its rows kept by their non-zeros as flowmap keeps a
# map's features), for the time and memory of the whole stage.
#
# FIt-SNE is built from FITSNE_SRC (default ../shared/anchors/FIt-SNE from
# the source tree; its README's command line, g++ -O3, Debian
# libfftw3-dev) into the build directory: a benchmark reference only,
# never part of flowmap.
set -u
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
FLOWMAP=${FLOWMAP:-$top_builddir/src/flowmap}
FLOWGEN=${FLOWGEN:-$top_builddir/examples/flowgen}
BENCH_DIR=${BENCH_DIR:-$top_builddir/tests/bench/data}
FITSNE_SRC=${FITSNE_SRC:-$top_srcdir/../shared/anchors/FIt-SNE}
bin=$top_builddir/tests/bench
measure="python3 $top_srcdir/tests/bench/measure.py"
fitsne_py="python3 $top_srcdir/tests/bench/fitsne.py"
OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
export OMP_WAIT_POLICY
mkdir -p "$BENCH_DIR" || exit 1

fast_tsne=$bin/fast_tsne
if [ ! -x "$fast_tsne" ]; then
	if [ ! -f "$FITSNE_SRC/src/tsne.cpp" ]; then
		echo "large: FIt-SNE sources not found in $FITSNE_SRC (FITSNE_SRC)" >&2
		exit 1
	fi
	echo "building FIt-SNE 1.2.1 from $FITSNE_SRC into $fast_tsne"
	g++ -std=c++11 -O3 "$FITSNE_SRC/src/sptree.cpp" \
	    "$FITSNE_SRC/src/tsne.cpp" "$FITSNE_SRC/src/nbodyfft.cpp" \
	    -o "$fast_tsne" -pthread -lfftw3 -lm \
	    -Wno-address-of-packed-member >"$bin/fast_tsne.log" 2>&1 ||
		{ echo "large: FIt-SNE did not build (see $bin/fast_tsne.log)" >&2; exit 1; }
fi

features() {	# N: the features TSV of N generated computers
	n=$1
	feat=$BENCH_DIR/large-features-$n.tsv
	[ -s "$feat" ] && return 0
	c=$((n * 122 / 100))
	echo "generating $c computers' flows and their features (once)"
	"$FLOWGEN" --format lanl2015 --computers $c --flows $((c * 230)) \
	    --seed 3 --roles "$BENCH_DIR/large-roles-$n.csv" \
	    -o "$BENCH_DIR/large-flows-$n.csv.gz" &&
	"$FLOWMAP" features -q --no-cache -o "$feat.full" \
	    "$BENCH_DIR/large-flows-$n.csv.gz" &&
	cut -f1,4- "$feat.full" >"$feat" && rm -f "$feat.full" ||
		{ rm -f "$feat"; exit 1; }
}

sizes=${BENCH_LARGE_SIZES:-50000 100000 250000}
[ "${BENCH_LARGE:-0}" = 1 ] && sizes="$sizes 1000000"
printf '%-9s %-8s %9s %9s %8s\n' computers program "wall (s)" "RSS (MiB)" KL
for n in $sizes; do
	space=$BENCH_DIR/large-space-$n.f32
	if [ ! -s "$space" ]; then
		if [ "$n" -gt 250000 ]; then
			features 250000
			src=$BENCH_DIR/large-features-$n.f32
			[ -s "$src" ] || "$bin/replicate" "$n" \
			    "$BENCH_DIR/large-features-250000.tsv" "$src" || exit 1
		else
			features "$n"
			src=$BENCH_DIR/large-features-$n.tsv
		fi
		"$bin/tsne-bench" -t 2 -P "$space" "$src" || exit 1
	fi
	work=$BENCH_DIR/large-run-$n
	mkdir -p "$work"

	set -- $($measure flowmap "$bin/tsne-bench" -t 2 -D 0 \
	    -o "$work/flowmap.xy" "$space")
	[ "$4" != 0 ] && echo "flowmap: exit $4" >&2
	fm_t=$2; fm_rss=$(($3 / 1024))
	fm_kl=$("$bin/klmap" -t 2 "$space" "$work/flowmap.xy" |
	    sed 's/kl=\([^ ]*\).*/\1/')
	printf '%-9s %-8s %9s %9s %8s\n' "$n" flowmap "$fm_t" "$fm_rss" "$fm_kl"

	$fitsne_py "$space" "$work/data.dat" || exit 1
	(cd "$work" && $measure fitsne "$fast_tsne" 1.2.1 data.dat result.dat 2 \
	    >"$work/fitsne.measure" 2>"$work/fitsne.log")
	set -- $(cat "$work/fitsne.measure")
	[ "$4" != 0 ] && echo "FIt-SNE: exit $4" >&2
	ft_t=$2; ft_rss=$(($3 / 1024))
	$fitsne_py --read "$work/result.dat" "$work/fitsne.xy" &&
	ft_kl=$("$bin/klmap" -t 2 "$space" "$work/fitsne.xy" |
	    sed 's/kl=\([^ ]*\).*/\1/')
	rm -f "$work/data.dat" "$work/result.dat"
	printf '%-9s %-8s %9s %9s %8s\n' "$n" FIt-SNE "$ft_t" "$ft_rss" "${ft_kl:--}"
	echo "$fm_t $ft_t $fm_kl ${ft_kl:-0}" | awk '{
		printf "          flowmap %.2fx faster, KL %.4f x FIt-SNE'"'"'s: %s\n",
		    $2 / $1, ($4 > 0 ? $3 / $4 : 0),
		    ($1 < $2 && $3 <= $4) ? "met" : "MISSED" }'

	if [ "$n" -gt 250000 ]; then
		# The 840 features themselves: the whole stage's memory.
		# Kept by their non-zeros (-S), as flowmap keeps a map's.
		set -- $($measure flowmap-840 "$bin/tsne-bench" -t 2 -S \
		    -o "$work/flowmap-840.xy" "$BENCH_DIR/large-features-$n.f32")
		printf '%-9s %-8s %9s %9s %8s  (840 features in, PCA included; dense they would be %s MiB)\n' \
		    "$n" flowmap "$2" $(($3 / 1024)) - \
		    $(($(wc -c <"$BENCH_DIR/large-features-$n.f32") / 1048576))
		echo "$2 $(($3 / 1024))" | awk '{
			printf "          the million: %s s (target < 600), %s MiB (target < 4096): %s\n",
			    $1, $2, ($1 < 600 && $2 < 4096) ? "met" : "MISSED" }'
	fi
done
