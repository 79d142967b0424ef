#!/bin/sh
# flowmap-mpi gives flowmap's answers byte for byte at 1 to 4 ranks:
# stats --json (without its timings), features (also at --memory 1M,
# which takes the three-pass path on every rank, and with
# --direction=infer), embed and clusters at a fixed seed, and the notes
# about malformed lines, on generated data of both LANL formats, the
# bundled sample and a mixed set: a plain file large enough to be cut
# among the ranks (with malformed lines on both sides of the cuts), gzip
# files, standard input and several small files.
. "${top_srcdir}/tests/shell/lib.sh"
. "${top_srcdir}/tests/mpi/lib.sh"
: "${FLOWGEN:?}"

"$FLOWGEN" --format lanl2015 --flows 150000 --computers 2000 --seed 5 \
	-o "$T/l15.csv" || fail "flowgen lanl2015"
"$FLOWGEN" --format lanl2017 --header --flows 60000 --computers 1500 \
	--seed 6 -o "$T/l17.csv" || fail "flowgen lanl2017"
gzip -c "$T/l17.csv" >"$T/l17.csv.gz"
cp "$top_srcdir/examples/sample.csv.gz" "$T/sample.csv.gz"
# Malformed lines all through a file that is cut among the ranks.
awk 'NR % 9000 == 5 { print "bad,line," NR; next } { print }' "$T/l15.csv" \
	>"$T/bad15.csv"
head -2000 "$T/l15.csv" >"$T/small.csv"
: >"$T/empty.csv"
mixed="$T/bad15.csv $T/l17.csv.gz $T/small.csv $T/empty.csv $T/sample.csv.gz"

# one NAME ARGS...: flowmap's output in $T/NAME.one, its notes of
# malformed lines in $T/NAME.one.err.
one() {
	name=$1; shift
	"$FLOWMAP" "$@" --no-cache -o "$T/$name.one" 2>"$T/err" ||
		fail "flowmap $*"
	grep -e malformed -e ':[0-9]*: ' "$T/err" >"$T/$name.one.err"
}

# ranks N NAME ARGS...: the same with flowmap-mpi on N ranks, compared.
ranks() {
	n=$1; name=$2; shift 2
	checks=$((checks + 1))
	mpi "$n" "$@" -o "$T/$name.$n" ||
		{ fail "$n ranks: $*: exit $?"; sed 's/^/  | /' "$T/err" | head -5; }
	same "$name at $n ranks" "$T/$name.one" "$T/$name.$n"
	grep -e malformed -e ':[0-9]*: ' "$T/err" >"$T/$name.$n.err"
	same "$name notes at $n ranks" "$T/$name.one.err" "$T/$name.$n.err"
}

# stats --json: the report, apart from how the run went.
"$FLOWMAP" stats --json $mixed >"$T/stats.full" 2>/dev/null ||
	fail "flowmap stats"
stripped "$T/stats.full" >"$T/stats.one"
for n in 1 2 3 4; do
	mpi "$n" stats --json $mixed || fail "$n ranks: stats: exit $?"
	stripped "$T/out" >"$T/stats.$n"
	same "stats --json at $n ranks" "$T/stats.one" "$T/stats.$n"
done
# Standard input goes to rank 0 (mpirun gives it stdin).
"$FLOWMAP" stats --json - "$T/l15.csv" <"$T/small.csv" 2>/dev/null |
	grep -v -e '"threads":' -e '"inflater":' -e '"timings":' >"$T/stdin.one"
timeout 120 "$MPIRUN" --oversubscribe -n 2 "$FLOWMAP_MPI" stats --json - \
	"$T/l15.csv" <"$T/small.csv" 2>/dev/null |
	grep -v -e '"threads":' -e '"inflater":' -e '"timings":' >"$T/stdin.2"
same "stats of stdin at 2 ranks" "$T/stdin.one" "$T/stdin.2"

one features features $mixed
for n in 1 2 3 4; do
	ranks "$n" features features $mixed
done
one features1m features --memory 1M $mixed
grep -q "reading the flows twice more" "$T/err" ||
	fail "--memory 1M did not take the three-pass path"
for n in 2 4; do
	ranks "$n" features1m features --memory 1M $mixed
done
one infer features --direction infer --threads 2 $mixed
ranks 3 infer features --direction infer --threads 1 $mixed
one lanl15 features "$T/l15.csv"
ranks 4 lanl15 features "$T/l15.csv"

one embed embed --seed 3 --iter 250 "$T/sample.csv.gz" "$T/small.csv"
ranks 2 embed embed --seed 3 --iter 250 "$T/sample.csv.gz" "$T/small.csv"
one clusters clusters --seed 3 --iter 250 "$T/l17.csv"
ranks 3 clusters clusters --seed 3 --iter 250 "$T/l17.csv"
# A directory stands for its flow files, in name order, as in flowmap;
# in it a Zeek log (several MiB, large enough to be cut) whose second half
# sits under a new #fields line with the columns in another order: read
# whole by one rank, never cut where a rank would not see the header.
mkdir "$T/dir"
awk -F, 'BEGIN {
	OFS = "\t"; p[1] = "icmp"; p[6] = "tcp"; p[17] = "udp"
	h = "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes"
	print "#separator \\x09"; print h
}
NR == 30000 { print "#fields\tid.resp_h\tid.resp_p\tts\tuid\tid.orig_h\tid.orig_p\tproto\tduration\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes"; swap = 1 }
NR > 1 {
	pr = ($5 in p) ? p[$5] : "unknown_transport"
	if (swap) print $4, $7, $1 ".5", "C" NR, $3, $6, pr, $2, $8, $10, $9, $11
	else print $1 ".5", "C" NR, $3, $6, $4, $7, pr, $2, $8, $10, $9, $11
}' "$T/l17.csv" >"$T/dir/b-conn.log"
cp "$T/small.csv" "$T/dir/a-small.csv"
echo "not flows" >"$T/dir/README"
[ "$(wc -c <"$T/dir/b-conn.log")" -gt 3000000 ] || fail "the Zeek log is too small to be cut"
one dir features "$T/dir"
for n in 2 3; do
	ranks "$n" dir features "$T/dir"
done
finish
