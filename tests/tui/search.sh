#!/bin/sh
# tests/tui/search.sh - / finds a computer by name and puts the cursor on
# it; the pattern can be edited at a cursor; the end of a name of 255
# bytes that escapes to about 1000 is found (no fixed buffer cuts it);
# hostile names (OSC 52, clear screen, C1 CSI) show escaped and never
# reach the terminal raw; the similar-computer keys jump.
. "${top_srcdir:-.}/tests/tui/lib.sh"

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
pane_name() { screen | sed -n 2p | sed 's/.*│ //'; }

keys /
wait_for "search: _"
typing dns100
keys Enter
wait_for "│ dns100"
[ "$(pane_name)" = "dns100" ] || fail "pane shows '$(pane_name)', not dns100"

keys /
typing zzzz
keys Enter
wait_for "no computer matches"

# editing at the cursor: "dnsx1y0" -> "dns10" -> "dns140" -> "dns14"
keys /
typing dnsx1y0
wait_for "search: dnsx1y0_"
keys Left BSpace
keys Home Right Right Right DC
wait_for "search: dns10"
keys End Left
typing 4
wait_for "search: dns140"
keys End BSpace
wait_for "search: dns14_"
keys Enter
wait_for "│ dns14"
case $(pane_name) in
dns14*) ;;
*) fail "edited search found '$(pane_name)'" ;;
esac
# C-u clears the field
keys /
typing abc
wait_for "search: abc_"
keys C-u
wait_for "search: _"
keys Escape
wait_gone "search:"

# the end of the longest name, far past 256 escaped bytes
keys /
typing longtail
keys Enter
wait_for '│ \x01\x01'
screen | grep -qF "no computer matches" && fail "longtail not found"

# hostile names: shown as escapes, no raw escape sequence on the screen;
# capture -e shows attributes as SGR (ESC [ ... m): nothing else may be
no_raw_escapes() {
	esc=$(screen_escapes | sed "s/$ESC\[[0-9;:]*m//g")
	printf '%s' "$esc" | grep -q "$ESC" &&
	    fail "a raw escape reached the screen ($1)"
	return 0
}
keys /
typing evil
keys Enter
wait_for '│ evil\e]52;c;AAAA\x07'
no_raw_escapes evil
keys /
typing '\e[2J'
keys Enter
wait_for '│ \e[2J'
no_raw_escapes 'ESC [2J'
keys /
typing 'bad\x9b'
keys Enter
wait_for '│ bad\x9b31m'
no_raw_escapes 'C1 CSI'
# port labels too (the web servers' outgoing bars)
keys /
typing web7
keys Enter
wait_for '│ web7'
wait_for 'x\e[5mblink'
no_raw_escapes 'port label'

# 1 jumps to the most similar computer listed in the pane
want=$(screen | grep -o '│ 1 [^ ]*' | head -1 | sed 's/│ 1 //')
[ -n "$want" ] || fail "no similar computers listed"
keys 1
i=0
while [ "$(pane_name)" != "$want" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(pane_name)" = "$want" ] || fail "1 did not jump to $want"

quit_and_check
echo "ok"
