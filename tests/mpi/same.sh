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
finish
