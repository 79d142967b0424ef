#!/bin/sh
# embed --save FILE: a map file that flowmap opens by name with no input
# files present, giving the same map, clusters and features; a damaged
# one is an error that says so; nothing half-written.
. "${top_srcdir}/tests/shell/lib.sh"
mkdir "$T/in"
cp "$top_srcdir/examples/sample.csv.gz" "$T/in/s.csv.gz"
run_fm 0 embed -q --no-cache --iter 300 --save "$T/map.fm" -o "$T/m1.tsv" \
	"$T/in/s.csv.gz"
check "the map file is written" test -s "$T/map.fm"
run_fm 0 clusters -q --no-cache --iter 300 -o "$T/c1.tsv" "$T/in/s.csv.gz"
run_fm 0 features -q --no-cache -o "$T/f1.tsv" "$T/in/s.csv.gz"
rm -rf "$T/in"

run_fm 0 embed -o "$T/m2.tsv" "$T/map.fm"
grep_in "$T/err" "from the map file" "says where the map comes from"
check "the same map from the map file" cmp -s "$T/m1.tsv" "$T/m2.tsv"
run_fm 0 clusters -q -o "$T/c2.tsv" "$T/map.fm"
check "the same clusters from the map file" cmp -s "$T/c1.tsv" "$T/c2.tsv"
run_fm 0 features -q -o "$T/f2.tsv" "$T/map.fm"
check "the same features from the map file" cmp -s "$T/f1.tsv" "$T/f2.tsv"

# Damage: an error naming the file, no output.
size=$(wc -c <"$T/map.fm")
cp "$T/map.fm" "$T/cut.fm"
truncate -s $((size / 2)) "$T/cut.fm"
run_fm 1 embed -o "$T/cut.tsv" "$T/cut.fm"
grep_in "$T/err" "cut.fm: " "a damaged map file is named"
check "no output from a damaged map file" test ! -e "$T/cut.tsv"

# --save into a directory that cannot be written: an error, no map.
mkdir "$T/ro" && chmod 500 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	cp "$top_srcdir/examples/sample.csv.gz" "$T/s.csv.gz"
	run_fm 1 embed -q --no-cache --iter 50 --save "$T/ro/map.fm" -o "$T/x.tsv" \
		"$T/s.csv.gz"
	check "no map in a read-only directory" test ! -e "$T/ro/map.fm"
fi
chmod 700 "$T/ro"
finish
