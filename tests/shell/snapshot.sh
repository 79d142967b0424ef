#!/bin/sh
# Snapshots: a second run reads the map back instead of loading and
# embedding; every kind of damage is reported in one line and rebuilt; a
# changed input or option is a different map; concurrent writers never
# leave half a snapshot; nothing is written beside the inputs.
. "${top_srcdir}/tests/shell/lib.sh"
mkdir "$T/in"
cp "$top_srcdir/examples/sample.csv.gz" "$T/in/s.csv.gz"
in=$T/in/s.csv.gz
C=$T/c
opts="--iter 250 --cache-dir $C"

run_fm 0 embed $opts -o "$T/m1.tsv" "$in"
expect_eq "one snapshot written" 1 "$(ls "$C" | grep -c '\.snap$')"
snap=$(ls "$C"/*.snap)
run_fm 0 embed $opts -o "$T/m2.tsv" "$in"
grep_in "$T/err" "computers from the snapshot" "second run reads the snapshot"
check "the same map from the snapshot" cmp -s "$T/m1.tsv" "$T/m2.tsv"

# features reads an embedded snapshot too, and gives what a fresh run gives.
run_fm 0 features --cache-dir "$C" -o "$T/f1.tsv" "$in"
grep_in "$T/err" "from the snapshot" "features from the embed snapshot"
run_fm 0 features --no-cache -o "$T/f2.tsv" "$in"
check "features from the snapshot = fresh features" cmp -s "$T/f1.tsv" "$T/f2.tsv"

# The communications map joins the map embed made: the functional map is
# not embedded again, and the snapshot then holds both.
run_fm 0 embed $opts --view comms -o "$T/c1.tsv" "$in"
grep_in "$T/err" "from the snapshot" "comms view: the embed snapshot is used"
grep_in "$T/err" "communications map, KL" "comms view: the communications map is made"
checks=$((checks + 1))
grep -q "embedded .* computers in" "$T/err" &&
	fail "comms view: the functional map was embedded again"
run_fm 0 embed $opts --view comms -o "$T/c2.tsv" "$in"
checks=$((checks + 1))
grep -q "communications map, KL" "$T/err" &&
	fail "comms view: the second run made the communications map again"
check "comms view: the same map from the snapshot" cmp -s "$T/c1.tsv" "$T/c2.tsv"
run_fm 0 embed --iter 250 --no-cache --view comms -o "$T/c3.tsv" "$in"
check "comms view from the snapshot = a fresh run" cmp -s "$T/c1.tsv" "$T/c3.tsv"
run_fm 0 embed $opts -o "$T/m5.tsv" "$in"
check "functional map unchanged by the comms run" cmp -s "$T/m1.tsv" "$T/m5.tsv"
# Options that change how, not what: the same snapshot.
run_fm 0 embed $opts --threads 1 --memory 64M -o "$T/m6.tsv" "$in"
grep_in "$T/err" "from the snapshot" "--threads and --memory key the same map"

run_fm 0 embed $opts --rebuild -o "$T/m3.tsv" "$in"
checks=$((checks + 1))
grep -q "from the snapshot" "$T/err" && fail "--rebuild read the snapshot"
check "--rebuild: same map" cmp -s "$T/m1.tsv" "$T/m3.tsv"

# Another embedding option: not this snapshot's map.
run_fm 0 embed $opts --perplexity 20 -o "$T/p20.tsv" "$in"
checks=$((checks + 1))
grep -q "from the snapshot" "$T/err" && fail "--perplexity 20 used the perplexity 30 snapshot"
run_fm 0 embed $opts -o "$T/m4.tsv" "$in"	# back to the first options
check "rebuilt snapshot for the first options again" cmp -s "$T/m1.tsv" "$T/m4.tsv"

# damage NAME COMMAND...: damage the snapshot, expect a one-line warning,
# a correct map, and a repaired snapshot afterwards.
good=$T/good.snap
cp "$snap" "$good"
size=$(wc -c <"$good")
damage() {
	what=$1; shift
	cp "$good" "$snap"
	"$@"
	run_fm 0 embed $opts -o "$T/d.tsv" "$in"
	checks=$((checks + 1))
	n=$(grep -c "ignoring snapshot" "$T/err")
	[ "$n" -eq 1 ] || { fail "$what: $n warning lines"; sed 's/^/  | /' "$T/err"; }
	check "$what: correct map" cmp -s "$T/m1.tsv" "$T/d.tsv"
	run_fm 0 embed $opts -o "$T/d.tsv" "$in"
	grep_in "$T/err" "from the snapshot" "$what: snapshot rewritten"
}
poke() { printf "$2" | dd of="$snap" bs=1 seek="$1" conv=notrunc 2>/dev/null; }
damage "truncated" truncate -s $((size / 2)) "$snap"
damage "cut in the header" truncate -s 10 "$snap"
damage "flipped byte" poke $((size / 2)) '\377'
damage "wrong version" poke 8 '\143'
damage "section length beyond the file" poke 27 '\177'
damage "not a snapshot" sh -c "echo hello >'$snap'"
damage "empty file" truncate -s 0 "$snap"
grep_in "$T/err" "" "messages"

# A changed input file is a different map.
touch -d '2001-01-01' "$in"
run_fm 0 embed $opts -o "$T/t.tsv" "$in"
checks=$((checks + 1))
grep -q "from the snapshot" "$T/err" && fail "a changed input used the old snapshot"

# Concurrent runs on the same input: never half a snapshot, no leftovers.
rm -rf "$C"
for i in 1 2 3; do
	"$FLOWMAP" embed -q $opts -o "$T/c$i.tsv" "$in" &
done
wait
expect_eq "concurrent: one snapshot, no temporary files" 1 "$(ls "$C" | wc -l | tr -d ' ')"
run_fm 0 embed $opts -o "$T/c4.tsv" "$in"
grep_in "$T/err" "from the snapshot" "concurrent: the snapshot is whole"
check "concurrent: same maps" cmp -s "$T/c1.tsv" "$T/c4.tsv"

expect_eq "nothing written beside the input" "s.csv.gz" "$(ls "$T/in")"

# Standard input is never cached; --no-cache writes nothing.
rm -rf "$C"
checks=$((checks + 1))
"$FLOWMAP" embed -q $opts -o "$T/stdin.tsv" - <"$in" || fail "embed from stdin"
check "stdin: no snapshot" test ! -e "$C"
run_fm 0 embed $opts --no-cache -o "$T/nc.tsv" "$in"
check "--no-cache: no snapshot" test ! -e "$C"

finish
