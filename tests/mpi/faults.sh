#!/bin/sh
# flowmap-mpi stops the whole job when a rank cannot go on: a truncated
# gzip file among others, a file that cannot be read, a malformed line
# with --strict (named by its line in the whole file, though a rank read
# only a piece of it), a rank killed while the others wait.  Each within
# a minute, with one message that names the file (and the rank), a
# non-zero exit and no output file.  And what flowmap-mpi does not do:
# the explorer; a map it saves opens in flowmap.
. "${top_srcdir}/tests/shell/lib.sh"
. "${top_srcdir}/tests/mpi/lib.sh"
: "${FLOWGEN:?}"

"$FLOWGEN" --format lanl2015 --flows 120000 --computers 1500 --seed 8 \
	-o "$T/a.csv" || fail "flowgen"
head -3000 "$T/a.csv" >"$T/small.csv"
gzip -c "$T/a.csv" >"$T/a.csv.gz"
size=$(wc -c <"$T/a.csv.gz")
head -c $((size / 2)) "$T/a.csv.gz" >"$T/cut.csv.gz"

# failed DESCRIPTION PATTERN: the last run failed in time, said PATTERN,
# wrote nothing.
failed() {
	checks=$((checks + 1))
	[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] ||
		fail "$1: exit $rc, expected a failure within the time"
	grep_in "$T/err" "$2" "$1"
	check "$1: no output" test ! -e "$T/out.tsv"
	check "$1: within a minute" test $(($(date +%s) - start)) -lt 60
}

start=$(date +%s)
mpi 3 features -o "$T/out.tsv" "$T/a.csv" "$T/cut.csv.gz" "$T/small.csv"
rc=$?
failed "truncated gzip" "rank [0-9] of 3: .*cut.csv.gz: truncated gzip"

start=$(date +%s)
mpi 2 stats "$T/a.csv" "$T/missing.csv"
rc=$?
failed "missing file" "missing.csv: No such file"

# A malformed line near the end of a file the ranks share: its line in
# the whole file, as flowmap says it.
awk 'NR == 110001 { print "bad,line"; next } { print }' "$T/a.csv" \
	>"$T/late.csv"
"$FLOWMAP" features --strict --no-cache -o "$T/one.tsv" "$T/late.csv" \
	2>"$T/one.err"
start=$(date +%s)
mpi 4 features --strict -o "$T/out.tsv" "$T/small.csv" "$T/late.csv"
rc=$?
failed "--strict" "late.csv:110001: expected 9 fields, found 2 (--strict)"
grep_in "$T/one.err" "late.csv:110001: expected 9 fields" "flowmap --strict"

# A rank killed while rank 0 waits on a pipe nobody writes: mpirun ends
# the job.
mkfifo "$T/fifo" || fail "mkfifo"
start=$(date +%s)
( "$MPIRUN" --oversubscribe -n 3 "$FLOWMAP_MPI" features -o "$T/out.tsv" \
	"$T/a.csv" "$T/fifo" >/dev/null 2>"$T/err"; echo $? >"$T/rc" ) &
job=$!
# The ranks are mpirun's children; rank 1 says so in its environment.
victim=
while [ -z "$victim" ] && [ $(($(date +%s) - start)) -lt 30 ]; do
	sleep 1
	for p in $(pgrep -f "$FLOWMAP_MPI features -o $T/out.tsv"); do
		tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null |
			grep -qx OMPI_COMM_WORLD_RANK=1 && victim=$p
	done
done
check "rank 1 found" test -n "$victim"
sleep 3		# let it finish its share and wait for rank 0
[ -n "$victim" ] && kill -9 "$victim"
while [ ! -s "$T/rc" ] && [ $(($(date +%s) - start)) -lt 90 ]; do
	sleep 1
done
rc=$(cat "$T/rc" 2>/dev/null || echo 124)
[ -s "$T/rc" ] || { kill "$job" 2>/dev/null; echo x >"$T/fifo" & }
failed "killed rank" "rank 1"
wait

# Not here: the explorer, and map files as input; but --save's map
# opens in flowmap with no flows present.
mpi 2 "$T/a.csv"
expect_eq "explorer refused" 2 $?
grep_in "$T/err" "the explorer runs in flowmap" "explorer refused"
mpi 2 embed --seed 1 --iter 200 --save "$T/map.fm" -o "$T/mpi.tsv" \
	"$T/small.csv" "$T/a.csv.gz" || fail "embed --save: exit $?"
"$FLOWMAP" embed --seed 1 --iter 200 --no-cache -o "$T/one.tsv" \
	"$T/small.csv" "$T/a.csv.gz" 2>/dev/null
same "embed" "$T/one.tsv" "$T/mpi.tsv"
"$FLOWMAP" embed -o "$T/again.tsv" "$T/map.fm" 2>/dev/null ||
	fail "flowmap on the saved map"
same "the saved map" "$T/mpi.tsv" "$T/again.tsv"
finish
