#!/bin/sh
# tests/bench/run.sh - `make bench`: flowmap against reference commands on
# the same files in the same run, printed as ratios.  Not a test: nothing
# here fails the build; the numbers are for people (and the issue notes).
#
# Environment:
#   BENCH_DIR     where generated inputs are cached (default: tests/bench/data
#                 under the build directory); they are made once
#   BENCH_FLOWS   flows in the loader benchmark's file (default 20000000)
#
# The load section: LANL-2015 lines from examples/flowgen, as .gz and as
# plain text.  `flowmap stats` and `features` against gzip -dc and igzip -dc
# (the issue 9 targets: .gz load <= 0.5 x gzip -dc on 2 cores, plain text
# >= 400 MB/s per core, peak RSS < 1 GiB and the same for a tenth of the
# flows).
#   BENCH_ONLY    "load", "formats", "embed", "lanl", "clusters", "explorer",
#                 "large", "mpi" or unset for all but "lanl", "large" and "mpi"
#   BENCH_FORMAT_FLOWS  flows of the formats section (default 2000000)
#   BENCH_MEMORY  the --memory of the budget runs (default 16M, which the
#                 full file outgrows)
#
# The formats section: the same LANL-2015 flows rewritten (by awk) as a
# Zeek conn.log, Zeek JSON and Argus CSV, and `flowmap stats` on each on
# one thread: MB/s and records/s of wall and of CPU time, beside the LANL
# text path (the issue 19 target: Zeek JSON at least a third of the LANL
# text rate).
#
# The mpi section (only when asked: BENCH_ONLY=mpi, in a build configured
# --with-mpi): `flowmap-mpi features` on BENCH_MPI_FLOWS flows of text
# (default 4000000) at 1, 2 and 4 ranks of one thread each, oversubscribed
# on a small machine (watch the ratios, not the times): each rank's
# reading rate, the bytes and time of every merge round (the notes rank 0
# prints), the wall time and the largest rank's peak RSS.
#
# The lanl section (only when asked: BENCH_ONLY=lanl) is the size of the
# LANL 2015 release: 130M flows between about 12,000 computers
# (BENCH_LANL_FLOWS, BENCH_LANL_COMPUTERS), generated once (a few minutes;
# 5.5 GB of text, kept only as gzip) and cached in BENCH_DIR.  One run each
# of `flowmap stats` and `features`: wall, CPU and peak RSS, which must stay
# under 1 GiB whatever the number of flows.
set -u
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
FLOWMAP=${FLOWMAP:-$top_builddir/src/flowmap}
FLOWGEN=${FLOWGEN:-$top_builddir/examples/flowgen}
BENCH_DIR=${BENCH_DIR:-$top_builddir/tests/bench/data}
BENCH_FLOWS=${BENCH_FLOWS:-20000000}
measure="python3 $top_srcdir/tests/bench/measure.py"
mkdir -p "$BENCH_DIR" || exit 1

# best LABEL CMD...: the fastest of three runs (the page cache is warm after
# the first), as "wall rss cpu": the least wall time, its peak RSS, and the
# least CPU time (user + system) of the three, steadier than the wall when
# other programs share the machine.
best() {
	label=$1; shift
	for i in 1 2 3; do $measure "$label" "$@"; done |
	    sort -k2,2n | awk 'NR == 1 { w = $2; r = $3 }
		{ if (NR == 1 || $5 < c) c = $5
		  if ($4 != 0) print "exit " $4 > "/dev/stderr" }
		END { print w, r, c }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

bench_load() {
	gz=$BENCH_DIR/lanl2015-$BENCH_FLOWS.csv.gz
	txt=$BENCH_DIR/lanl2015-$BENCH_FLOWS.csv
	if [ ! -s "$gz" ]; then
		echo "generating $BENCH_FLOWS flows (once; cached in $BENCH_DIR)"
		"$FLOWGEN" --format lanl2015 --flows "$BENCH_FLOWS" --computers 12000 \
		    --days 36 --seed 1 -o "$gz.tmp.gz" && mv "$gz.tmp.gz" "$gz" || exit 1
	fi
	[ -s "$txt" ] || { gzip -dc "$gz" >"$txt.tmp" && mv "$txt.tmp" "$txt"; } || exit 1
	mb=$(( $(wc -c <"$txt") / 1048576 ))
	cores=$(nproc)
	echo "== load: $BENCH_FLOWS flows, $mb MiB of text, $(( $(wc -c <"$gz") / 1048576 )) MiB gzip, $cores cores"

	inflater=zlib
	grep -q '^#define HAVE_ISAL 1' "$top_builddir/config.h" 2>/dev/null && inflater=isa-l
	echo "   flowmap inflates with $inflater; reference commands run on the same files"

	set -- $(best gzip gzip -dc "$gz");          gzip_t=$1
	if command -v igzip >/dev/null; then
		set -- $(best igzip igzip -dc "$gz"); igzip_t=$1
	else
		igzip_t=0
	fi
	set -- $(best stats-gz "$FLOWMAP" stats -q "$gz"); fm_gz=$1; fm_gz_rss=$2; fm_gz_cpu=$3
	set -- $(best wc wc -l "$txt");               wc_t=$1
	set -- $(best stats-txt "$FLOWMAP" stats -q "$txt"); fm_txt=$1; fm_txt_rss=$2; fm_txt_cpu=$3
	set -- $(best stats-txt-1 "$FLOWMAP" stats -q --threads 1 "$txt"); fm_txt1=$1; fm_txt1_cpu=$3
	set -- $(best features-gz "$FLOWMAP" features -q --no-cache -o - "$gz"); ft=$1; ft_rss=$2; ft_cpu=$3
	set -- $(best features-txt "$FLOWMAP" features -q --no-cache -o - "$txt"); ft_txt=$1; ft_txt_rss=$2; ft_txt_cpu=$3
	mbs() { awk -v m="$mb" -v t="$1" -v c="$2" 'BEGIN { printf "%.0f", (t > 0 ? m * 1.048576 / t / c : 0) }'; }
	printf '%-34s %8s s\n' "gzip -dc >/dev/null" "$gzip_t"
	[ "$igzip_t" != 0 ] && printf '%-34s %8s s   %s x gzip -dc\n' "igzip -dc >/dev/null" "$igzip_t" \
	    "$(ratio "$igzip_t" "$gzip_t")"
	printf '%-34s %8s s   %s x gzip -dc (target <= 0.5)%s\n' "flowmap stats FILE.gz" "$fm_gz" \
	    "$(ratio "$fm_gz" "$gzip_t")" \
	    "$([ "$igzip_t" != 0 ] && echo ", $(ratio "$fm_gz" "$igzip_t") x igzip -dc")"
	printf '%-34s %8s s   %s x gzip -dc%s\n' "flowmap features FILE.gz" "$ft" \
	    "$(ratio "$ft" "$gzip_t")" \
	    "$([ "$igzip_t" != 0 ] && echo ", $(ratio "$ft" "$igzip_t") x igzip -dc")"
	printf '%-34s %8s s\n' "wc -l FILE" "$wc_t"
	printf '%-34s %8s s   %s x wc -l; %s MB/s per core (target >= 400)\n' \
	    "flowmap stats FILE" "$fm_txt" "$(ratio "$fm_txt" "$wc_t")" "$(mbs "$fm_txt" "$cores")"
	printf '%-34s %8s s   %s MB/s on one core\n' "flowmap stats --threads 1 FILE" \
	    "$fm_txt1" "$(mbs "$fm_txt1" 1)"
	printf '%-34s %8s s   %s MB/s per core\n' "flowmap features FILE" "$ft_txt" \
	    "$(mbs "$ft_txt" "$cores")"
	printf 'CPU (user+sys): stats .gz %s s, features .gz %s s, stats plain %s s (%s MB per CPU-second), --threads 1 %s s, features plain %s s\n' \
	    "$fm_gz_cpu" "$ft_cpu" "$fm_txt_cpu" "$(mbs "$fm_txt_cpu" 1)" "$fm_txt1_cpu" "$ft_txt_cpu"
	printf 'peak RSS: stats .gz %s MiB, stats plain %s MiB, features .gz %s MiB, features plain %s MiB (limit 1024)\n' \
	    $((fm_gz_rss / 1024)) $((fm_txt_rss / 1024)) $((ft_rss / 1024)) $((ft_txt_rss / 1024))

	# Memory must not grow with flows: a file a tenth the size, same computers.
	small=$BENCH_DIR/lanl2015-$((BENCH_FLOWS / 10)).csv.gz
	[ -s "$small" ] || { "$FLOWGEN" --format lanl2015 --flows $((BENCH_FLOWS / 10)) \
	    --computers 12000 --days 36 --seed 1 -o "$small.tmp.gz" &&
	    mv "$small.tmp.gz" "$small"; } || exit 1
	set -- $(best features-small "$FLOWMAP" features -q --no-cache -o - "$small")
	printf 'peak RSS of features on a tenth of the flows: %s MiB (%s x the full file)\n' \
	    $(($2 / 1024)) "$(ratio "$2" "$ft_rss")"
	# The same under a budget the full file outgrows (--memory): memory
	# stays put, the features stay the same (one more pass or two).
	budget=${BENCH_MEMORY:-16M}
	set -- $(best features-small-budget "$FLOWMAP" features -q --no-cache \
	    --memory "$budget" -o - "$small"); sb_rss=$2
	set -- $(best features-budget "$FLOWMAP" features -q --no-cache \
	    --memory "$budget" -o - "$gz"); fb_t=$1; fb_rss=$2
	"$FLOWMAP" features -q --no-cache -o "$BENCH_DIR/f-default.tsv" "$gz"
	"$FLOWMAP" features -q --no-cache --memory "$budget" \
	    -o "$BENCH_DIR/f-budget.tsv" "$gz"
	same=no
	cmp -s "$BENCH_DIR/f-default.tsv" "$BENCH_DIR/f-budget.tsv" && same=yes
	rm -f "$BENCH_DIR/f-default.tsv" "$BENCH_DIR/f-budget.tsv"
	printf 'features --memory %s: peak RSS %s MiB on a tenth, %s MiB on the full file (%s x); %s s (%s x the default run); same features: %s\n' \
	    "$budget" $((sb_rss / 1024)) $((fb_rss / 1024)) "$(ratio "$sb_rss" "$fb_rss")" \
	    "$fb_t" "$(ratio "$fb_t" "$ft")" "$same"
}

case "${BENCH_ONLY:-all}" in
load|all) bench_load ;;
esac

bench_formats() {
	n=${BENCH_FORMAT_FLOWS:-2000000}
	d=$BENCH_DIR/formats-$n
	mkdir -p "$d" || exit 1
	if [ ! -s "$d/argus.binetflow" ]; then
		echo "generating $n flows in four formats (once; cached in $d)"
		"$FLOWGEN" --format lanl2015 --flows "$n" --computers 12000 \
		    --days 36 --seed 1 -o "$d/lanl.csv" || exit 1
		awk -F, 'BEGIN { OFS = "\t"; p[1] = "icmp"; p[6] = "tcp"; p[17] = "udp"
			print "#separator \\x09"
			print "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents" }
		{ pr = ($7 in p) ? p[$7] : $7
		  print 1700000000 + $1 ".123456", "C" NR, $3, $4, $5, $6, pr, "-", $2 ".000000", 0, 0, "SF", "-", "-", 0, "ShADadFf", $8, $9, 0, 0, "-" }' \
		    "$d/lanl.csv" >"$d/conn.log" || exit 1
		awk -F, 'BEGIN { p[1] = "icmp"; p[6] = "tcp"; p[17] = "udp" }
		{ pr = ($7 in p) ? p[$7] : $7
		  printf "{\"ts\":%d.123456,\"uid\":\"C%d\",\"id.orig_h\":\"%s\",\"id.orig_p\":\"%s\",\"id.resp_h\":\"%s\",\"id.resp_p\":\"%s\",\"proto\":\"%s\",\"duration\":%d.000000,\"orig_bytes\":0,\"resp_bytes\":0,\"conn_state\":\"SF\",\"missed_bytes\":0,\"history\":\"ShADadFf\",\"orig_pkts\":%s,\"orig_ip_bytes\":%s,\"resp_pkts\":0,\"resp_ip_bytes\":0}\n", 1700000000 + $1, NR, $3, $4, $5, $6, pr, $2, $8, $9 }' \
		    "$d/lanl.csv" >"$d/conn.json" || exit 1
		awk -F, 'BEGIN { p[1] = "icmp"; p[6] = "tcp"; p[17] = "udp"
			print "StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,State,sTos,dTos,TotPkts,TotBytes,SrcBytes,Label" }
		{ pr = ($7 in p) ? p[$7] : $7
		  printf "%s.%06d,%d.000000,%s,%s,%s,   ->,%s,%s,CON,0,0,%s,%s,%s,flow=x\n", strftime("%Y/%m/%d %H:%M:%S", 1700000000 + $1, 1), NR % 1000000, $2, pr, $3, $4, $5, $6, $8, $9, $9 }' \
		    "$d/lanl.csv" >"$d/argus.binetflow.tmp" &&
		    mv "$d/argus.binetflow.tmp" "$d/argus.binetflow" || exit 1
	fi
	echo "== formats: $n flows, flowmap stats --threads 1 (best of three)"
	printf '%-14s %8s %9s %9s %10s %9s %7s\n' format MiB "wall s" "MB/s" "records/s" "CPU s" "MB/CPU-s"
	lanl_rate=0
	for f in lanl.csv conn.log conn.json argus.binetflow; do
		set -- $(best "stats-$f" "$FLOWMAP" stats -q --threads 1 "$d/$f")
		bytes=$(wc -c <"$d/$f")
		rate=$(awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.0f", (t > 0 ? b / 1e6 / t : 0) }')
		[ "$f" = lanl.csv ] && lanl_rate=$rate
		printf '%-14s %8d %9s %9s %10s %9s %7s%s\n' "$f" $((bytes / 1048576)) "$1" "$rate" \
		    "$(awk -v n="$n" -v t="$1" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')" "$3" \
		    "$(awk -v b="$bytes" -v t="$3" 'BEGIN { printf "%.0f", (t > 0 ? b / 1e6 / t : 0) }')" \
		    "$([ "$f" = conn.json ] && echo "   $(ratio "$rate" "$lanl_rate") x the LANL text MB/s (target >= 0.33)")"
	done
}

case "${BENCH_ONLY:-all}" in
formats|all) bench_formats ;;
esac

bench_lanl() {
	n=${BENCH_LANL_FLOWS:-130000000}
	c=${BENCH_LANL_COMPUTERS:-12000}
	gz=$BENCH_DIR/lanl2015-$n-$c.csv.gz
	if [ ! -s "$gz" ]; then
		echo "generating $n flows between $c computers (once; cached in $BENCH_DIR)"
		# igzip compresses several times faster than gzip -6.
		zip="gzip -1"
		command -v igzip >/dev/null && zip="igzip -c"
		"$FLOWGEN" --format lanl2015 --flows "$n" --computers "$c" \
		    --days 58 --seed 2015 -o - | $zip >"$gz.tmp" &&
		    mv "$gz.tmp" "$gz" || { rm -f "$gz.tmp"; exit 1; }
	fi
	echo "== LANL-2015 size: $n flows, $c computers, $(( $(wc -c <"$gz") / 1048576 )) MiB gzip, $(nproc) cores"
	for cmd in stats features features-budget; do
		case $cmd in
		stats)	set -- $($measure stats "$FLOWMAP" stats -q "$gz") ;;
		features)
			set -- $($measure features "$FLOWMAP" features -q \
			    --no-cache -o - "$gz") ;;
		*)	set -- $($measure features "$FLOWMAP" features -q \
			    --no-cache --memory "${BENCH_MEMORY:-16M}" -o - "$gz")
			cmd="features --memory ${BENCH_MEMORY:-16M}" ;;
		esac
		[ "$4" != 0 ] && echo "exit $4" >&2
		printf '%-34s %8s s wall, %8s s CPU, peak RSS %s MiB (limit 1024)\n' \
		    "flowmap $cmd FILE.gz" "$2" "$5" $(($3 / 1024))
	done
}

case "${BENCH_ONLY:-all}" in
lanl) bench_lanl ;;
esac
bench_mpi() {
	mpi=${FLOWMAP_MPI:-$top_builddir/src/flowmap-mpi}
	if [ ! -x "$mpi" ] || ! command -v mpirun >/dev/null; then
		echo "== mpi: flowmap-mpi is not built (configure --with-mpi)"
		return
	fi
	n=${BENCH_MPI_FLOWS:-4000000}
	txt=$BENCH_DIR/lanl2015-mpi-$n.csv
	if [ ! -s "$txt" ]; then
		echo "generating $n flows (once; cached in $BENCH_DIR)"
		"$FLOWGEN" --format lanl2015 --flows "$n" --computers 12000 \
		    --days 36 --seed 4 -o "$txt.tmp" && mv "$txt.tmp" "$txt" || exit 1
	fi
	if [ "$(id -u)" -eq 0 ]; then
		OMPI_ALLOW_RUN_AS_ROOT=1
		OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
		export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM
	fi
	echo "== mpi: $n flows, $(( $(wc -c <"$txt") / 1048576 )) MiB of text, ranks of one thread, oversubscribed on $(nproc) cores"
	for ranks in 1 2 4; do
		set -- $($measure "mpi-$ranks" mpirun --oversubscribe -n "$ranks" \
		    "$mpi" features --threads 1 -o - "$txt" 2>"$BENCH_DIR/mpi.err")
		[ "$4" != 0 ] && echo "exit $4" >&2
		printf '%d rank(s): %8s s wall, %8s s CPU, largest rank peak RSS %s MiB\n' \
		    "$ranks" "$2" "$5" $(($3 / 1024))
		sed -n -e 's/^flowmap: /   /p' "$BENCH_DIR/mpi.err" |
		    grep -e 'read' -e 'merge round'
	done
	rm -f "$BENCH_DIR/mpi.err"
}

case "${BENCH_ONLY:-all}" in
mpi) bench_mpi ;;
esac

# The embedding on the generator's own feature vectors, with its roles:
# flowmap's engine against Rtsne and scikit-learn (tests/bench/tsne.sh).
# BENCH_EMBED_SIZES: computers to keep, with the references (10000; add
# 30000 for the issue's second size); BENCH_EMBED_BIG: flowmap alone
# (100000; 0 skips).
bench_embed() {
	for n in ${BENCH_EMBED_SIZES:-10000} ${BENCH_EMBED_BIG:-100000}; do
		[ "$n" = 0 ] && continue
		feat=$BENCH_DIR/features-$n.tsv
		roles=$BENCH_DIR/roles-$n.csv
		if [ ! -s "$feat" ]; then
			# About 82% of computers pass --min-flows 100 at 230 flows each.
			c=$((n * 100 / 82))
			"$FLOWGEN" --format lanl2015 --computers $c --flows $((c * 230)) \
			    --seed 3 --roles "$roles" -o "$BENCH_DIR/flows-$n.csv.gz" &&
			"$FLOWMAP" features -q --no-cache -o "$feat.full" \
			    "$BENCH_DIR/flows-$n.csv.gz" &&
			cut -f1,4- "$feat.full" >"$feat" && rm -f "$feat.full" || exit 1
		fi
		echo "== embedding: $(($(wc -l <"$feat") - 1)) computers x 840 features from flowgen"
		refs=1
		[ "$n" = "${BENCH_EMBED_BIG:-100000}" ] && refs=0
		ROLES=$roles REFERENCES=$refs top_builddir=$top_builddir \
		    sh "$top_srcdir/tests/bench/tsne.sh" "$feat"
	done
}

case "${BENCH_ONLY:-all}" in
embed|all) bench_embed ;;
esac

# The clusters of a map of BENCH_CLUSTER_COMPUTERS (100000) kept computers
# from flowgen (the map made once with embed --save and cached): the
# least wall time of three runs of the clustering alone (target: under
# 2 s on 2 cores), and the clusters against the generator's roles.
bench_clusters() {
	n=${BENCH_CLUSTER_COMPUTERS:-100000}
	c=$((n * 100 / 82))
	flows=$BENCH_DIR/flows-$n.csv.gz
	roles=$BENCH_DIR/roles-$n.csv
	map=$BENCH_DIR/map-$n.fm
	if [ ! -s "$flows" ]; then
		"$FLOWGEN" --format lanl2015 --computers $c --flows $((c * 230)) \
		    --seed 3 --roles "$roles" -o "$flows" || exit 1
	fi
	if [ ! -s "$map" ]; then
		echo "embedding $n computers once (cached in $BENCH_DIR)"
		"$FLOWMAP" embed -q --no-cache --save "$map" -o "$BENCH_DIR/map-$n.tsv" \
		    "$flows" || exit 1
		"$FLOWMAP" clusters -q -o "$BENCH_DIR/clusters-$n.tsv" "$map" || exit 1
	fi
	echo "== clusters of a map of $n computers (target < 2 s on 2 cores)"
	"$top_builddir/tests/bench/cluster-bench" "$map" 3
	[ -s "$roles" ] && python3 "$top_srcdir/tests/tools/clusters_check.py" \
	    "$BENCH_DIR/map-$n.tsv" "$BENCH_DIR/clusters-$n.tsv" "$roles" | sed -n 1p
}

case "${BENCH_ONLY:-all}" in
clusters|all) bench_clusters ;;
esac

# The explorer's redraw at 100,000 points with the clusters named, marks,
# a selection and a port's colours (tests/bench/explorer-bench: the
# raster's rebuild, a frame, and a key's whole cost: a scroll, a zoom
# step, a cursor move, on a pseudo-terminal of 200 x 60): on synthetic
# maps of 100,000 and 1,000,000 computers, and on the map of
# bench_clusters when it was made (target: a redraw under 10 ms at
# 100,000, under 20 ms at a million).
bench_explorer() {
	n=${BENCH_CLUSTER_COMPUTERS:-100000}
	echo "== explorer redraw, synthetic map (target < 10 ms)"
	"$top_builddir/tests/bench/explorer-bench" - 50
	echo "== explorer redraw, synthetic map of a million (target < 20 ms)"
	BENCH_EXPLORER_COMPUTERS=1000000 \
	    "$top_builddir/tests/bench/explorer-bench" - 30
	if [ -s "$BENCH_DIR/map-$n.fm" ]; then
		echo "== explorer redraw, the map of $n computers from flowgen"
		"$top_builddir/tests/bench/explorer-bench" "$BENCH_DIR/map-$n.fm" 50
	fi
}

case "${BENCH_ONLY:-all}" in
explorer|all) bench_explorer ;;
esac

# The large section (only when asked: BENCH_ONLY=large; BENCH_LARGE=1 adds
# a million computers): flowmap against FIt-SNE 1.2.1 (tests/bench/large.sh).
case "${BENCH_ONLY:-all}" in
large) top_builddir=$top_builddir top_srcdir=$top_srcdir BENCH_DIR=$BENCH_DIR \
	    sh "$top_srcdir/tests/bench/large.sh" ;;
esac
exit 0
