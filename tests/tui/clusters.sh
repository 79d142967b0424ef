#!/bin/sh
# tests/tui/clusters.sh - from the map to answers, the real program on the
# bundled sample (issue 18): g lists the clusters as `flowmap clusters`
# numbers them; Enter selects the first (the largest) and zooms to it; w
# offers a fresh name and Enter writes exactly that cluster's lines of
# `flowmap embed -o` (same input, options and seed), header first; the
# next w offers the next name; an existing name typed is refused and the
# file left as it was; G names the clusters on the map; an unwritable
# directory's error shows in the status line, nothing is written and the
# explorer goes on.
TUI_PROGRAM=$FLOWMAP
. "${top_srcdir:-.}/tests/tui/lib.sh"
sample=$top_srcdir/examples/sample.csv.gz
opts="--iter 300"

# what the command line says about the same map
"$FLOWMAP" embed -q $opts -o "$WORK/embed.tsv" "$sample" ||
	{ echo "embed failed"; exit 1; }
"$FLOWMAP" clusters -q $opts "$sample" >"$WORK/clusters.tsv" ||
	{ echo "clusters failed"; exit 1; }
size1=$(awk -F'\t' 'NR == 2 { print $2 }' "$WORK/clusters.tsv")
label1=$(awk -F'\t' 'NR == 2 { print substr($NF, 1, 30) }' "$WORK/clusters.tsv")
label2=$(awk -F'\t' 'NR == 3 { print substr($NF, 1, 30) }' "$WORK/clusters.tsv")
{ head -1 "$WORK/embed.tsv"; awk -F'\t' 'NR > 1 && $NF == 1' "$WORK/embed.tsv"; } \
	>"$WORK/want.tsv"
[ "$(wc -l <"$WORK/want.tsv")" -eq $((size1 + 1)) ] ||
	{ echo "embed -o and clusters disagree on cluster 1"; exit 1; }

# the explorer runs in a directory of its own: the files it writes
mkdir "$WORK/out" && cd "$WORK/out" || exit 99
start "$UTF8_LOCALE" $opts "$sample"
WAIT_SECONDS=120 wait_for "zoom 1.0x"

keys g
wait_for "clusters ("
wait_re "^ *1  *$size1  "
wait_for "$label1"
wait_for "$label2"
# the filter: a cluster by its number comes first
typing 2
wait_re "^ *2  *[0-9]"
keys C-u
keys Enter
wait_for "sel $size1: cluster 1"
screen | grep -q "$BRAILLE_RE" || fail "no map after choosing a cluster"

keys w
wait_for "write the selection to: flowmap-selection-1.tsv"
keys Enter
wait_for "wrote $size1 computers to flowmap-selection-1.tsv"
cmp -s "$WORK/want.tsv" flowmap-selection-1.tsv ||
	fail "the file is not cluster 1's lines of embed -o"
ls | grep -q '\.tmp\|flowmap-selection-1.tsv.' && fail "a temporary file left"

# the next fresh name; an existing one typed is refused
keys w
wait_for "write the selection to: flowmap-selection-2.tsv"
keys C-u
typing flowmap-selection-1.tsv
keys Enter
wait_for "flowmap-selection-1.tsv exists: not written"
cmp -s "$WORK/want.tsv" flowmap-selection-1.tsv ||
	fail "an existing file was changed"
[ -e flowmap-selection-2.tsv ] && fail "wrote the offered name instead"

# G: the clusters' names on the map (number and first words)
short1=$(awk -F'\t' 'NR == 2 { l = $NF; sub(/ \(.*/, "", l); print "1 " substr(l, 1, 20) }' "$WORK/clusters.tsv")
keys 0 G
wait_for "$short1"
keys G
wait_gone "$short1"

# an unwritable directory: the status line says why, nothing is written,
# the explorer goes on.  (root writes anywhere a mode allows: /proc then)
if [ "$(id -u)" = 0 ]; then
	ro=/proc
else
	mkdir "$WORK/ro" && chmod 555 "$WORK/ro"
	ro=$WORK/ro
fi
keys w
wait_for "write the selection to:"
keys C-u
typing "$ro/sel.tsv"
keys Enter
wait_for "cannot write"
[ -e "$ro/sel.tsv" ] && fail "wrote into $ro"
keys +
wait_for "zoom 1.5x"
quit_and_check
$TMUX_CMD kill-server >/dev/null 2>&1

# --mark: the same map (from the cache) with two computers labelled and
# one unknown; the title's legend, the note, the detail pane, the search
c1=$(awk -F'\t' 'NR == 2 { print $1 }' "$WORK/want.tsv")
c2=$(awk -F'\t' 'NR == 3 { print $1 }' "$WORK/want.tsv")
printf 'computer,label\n%s,known dns\n%s,ioc\nno-such-computer,ioc\n' \
	"$c1" "$c2" >"$WORK/marks.csv"
start "$UTF8_LOCALE" $opts --mark "$WORK/marks.csv" "$sample"
WAIT_SECONDS=120 wait_for "zoom 1.0x"
wait_for "marks: known dns 1, ioc 1"
keys '!'
wait_for "1 marked computers are not in the map"
keys Escape
keys /
typing ioc
keys Enter
wait_for "match 1/1"
wait_for "marks: ioc"
[ "$(screen | sed -n 2p | sed 's/.*│ //')" = "$c2" ] ||
	fail "search by label did not find $c2"
keys M
wait_for "marks (2 of 2)"
keys Enter
wait_for "sel 1: mark known dns"
quit_and_check
echo ok
