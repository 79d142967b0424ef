#!/bin/sh
# tests/tui/resize.sh - live resize: too small a terminal shows the
# minimum size, and the map comes back when it grows again; a narrow
# terminal puts the detail pane below the map.
. "${top_srcdir:-.}/tests/tui/lib.sh"

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
$TMUX_CMD resize-window -t t -x 30 -y 8
wait_for "terminal too small: need 40x10"
screen | grep -q "$BRAILLE_RE" && fail "map drawn while too small"
$TMUX_CMD resize-window -t t -x 120 -y 40
wait_for "zoom 1.0x"
wait_gone "terminal too small"
screen | grep -q "$BRAILLE_RE" || fail "no map after growing back"

# 60 columns: the pane goes below the map (a rule line across)
$TMUX_CMD resize-window -t t -x 60 -y 40
wait_for "────────────────────"
wait_for "most similar"
$TMUX_CMD resize-window -t t -x 120 -y 40
wait_for "zoom 1.0x"
quit_and_check
echo "ok"
