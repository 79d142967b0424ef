#!/bin/sh
# tests/tui/sample.sh - the real program on the bundled sample, from the
# progress screen to quitting: the map in braille, zoom, a port's colours,
# search and the detail pane, help, a resize, and a restored terminal.
# NO_COLOR is set but empty, which must not take the colours away
# (no-color.org: only a non-empty value does).
TUI_PROGRAM=$FLOWMAP
PANE_ENV="NO_COLOR="
. "${top_srcdir:-.}/tests/tui/lib.sh"
sample=$top_srcdir/examples/sample.csv.gz

start "$UTF8_LOCALE" --iter 300 "$sample"
WAIT_SECONDS=120 wait_for "zoom 1.0x"
screen | grep -q "$BRAILLE_RE" || fail "no braille map"
screen | grep -q "753/753 in view" || fail "not every kept computer in view"

# Zoom in: fewer computers in view, the factor in the status line.
keys +
keys +
wait_gone "zoom 1.0x"
screen | grep -q "753/753 in view" && fail "zoom did not change what is shown"
keys 0
wait_for "753/753 in view"

# Port 53: the DNS servers serve it, the workstations query it.
keys p
typing 53
keys Enter
wait_for "port 53/domain"
esc=$(screen_escapes)
for c in 31 32; do
	printf '%s' "$esc" | grep -q "$ESC\[[0-9;]*${c}m" ||
	    fail "no colour $c for port 53 (with NO_COLOR empty)"
done

# Search a computer by name: the pane shows it.
name=$(zcat "$sample" | awk -F, 'NR == 1 { print $3 }')
keys /
typing "$name"
keys Enter
wait_for "$name"
wait_for "most similar"

keys '?'
wait_for "zoom in around the cursor"
keys q
wait_gone "zoom in around the cursor"

# Too small, then back.
$TMUX_CMD resize-window -t t -x 30 -y 8
wait_for "terminal too small"
$TMUX_CMD resize-window -t t -x 120 -y 40
wait_for "zoom 1.0x"

quit_and_check
echo ok
