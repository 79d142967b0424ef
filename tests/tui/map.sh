#!/bin/sh
# tests/tui/map.sh - the map draws braille, zoom and reset change the
# status line, d toggles the pane, ? shows the key table, t/T change T,
# r resets T to 1, Tab moves the selection, q quits with status 0 and a
# restored tty.
. "${top_srcdir:-.}/tests/tui/lib.sh"

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
screen | grep -q "$BRAILLE_RE" || fail "no braille cells in the map"
wait_for "240/240 in view"

keys +
wait_for "zoom 1.5x"
keys =
wait_for "zoom 2.2x"
keys - - -
wait_for "zoom 0.7x"
keys 0
wait_for "zoom 1.0x"
# zooming in far leaves computers out of view
keys + + + + + +
wait_for "zoom 11.4x"
screen | grep -qF "240/240 in view" && fail "zoomed in, yet all in view"
keys 0
wait_for "240/240 in view"

# the detail pane
wait_for "most similar"
keys d
wait_gone "most similar"
keys d
wait_for "most similar"

# temperature
keys t
wait_for "T=0.80"
keys T T
wait_for "T=1.25"
wait_for "p^(1/T) T=1.25"
keys T T T
wait_for "T=2.44"
keys r
wait_for "T=1.00"
wait_for "p^(1/T) T=1.00"
keys t
wait_for "T=0.80"
keys r
wait_for "T=1.00"

# Tab selects another computer: the pane's name line changes
name_line() { screen | sed -n 2p | sed 's/.*│ //'; }
before=$(name_line)
keys Tab
i=0
while [ "$(name_line)" = "$before" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(name_line)" != "$before" ] || fail "Tab did not change the selection"

# help lists the table, q closes it
keys '?'
wait_for "map keys"
wait_for "zoom in around the cursor"
# the colour rules are below the first page: scroll
wait_gone "selected > match > chosen > marked > blue > red > green > plain"
keys Space Space Space Space Space Space Space Space
wait_for "selected > match > chosen > marked > blue > red > green > plain"
wait_gone "zoom in around the cursor"
keys PageUp PageUp PageUp PageUp PageUp PageUp PageUp PageUp
wait_for "zoom in around the cursor"
keys q
wait_gone "map keys"
wait_for "most similar"

quit_and_check
echo "ok"
