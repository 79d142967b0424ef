#!/bin/sh
# tests/tui/mapfile.sh - the explorer opens a map file (embed --save) with
# no input files present: the map of the sample, all of it in view.
TUI_PROGRAM=$FLOWMAP
. "${top_srcdir:-.}/tests/tui/lib.sh"
cp "$top_srcdir/examples/sample.csv.gz" "$WORK/s.csv.gz"
"$FLOWMAP" embed -q --no-cache --iter 300 --save "$WORK/map.fm" \
	-o /dev/null "$WORK/s.csv.gz" || { echo "embed --save failed"; exit 1; }
rm "$WORK/s.csv.gz"
start "$UTF8_LOCALE" "$WORK/map.fm"
wait_for "753/753 in view"
screen | grep -q "$BRAILLE_RE" || fail "no braille map"
quit_and_check
echo ok
