#!/bin/sh
# tests/tui/mouse.sh - the mouse (issue 18): the wheel zooms, a click
# selects the computer nearest to it; m turns capture off (the terminal
# gets its own selection back: the pane's mouse mode is off, and the
# status line says "mouse off") and on again; --no-mouse starts without.
# Mouse events are written to the pane as an xterm would (X10 encoding,
# which TERM=screen's kmous names): ESC [ M, then button, column and row,
# each plus 32, 1-based.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# mouse BUTTON X Y: one event at 0-based cell (X, Y)
mouse() {
	typing "$(printf '\033[M%b%b%b' "\\0$(printf %o $(($1 + 32)))" \
	    "\\0$(printf %o $(($2 + 33)))" "\\0$(printf %o $(($3 + 33)))")"
}
# does the explorer ask the terminal for mouse events?
mouse_mode() { $TMUX_CMD display -p -t t '#{mouse_any_flag}'; }
name_line() { screen | sed -n 2p | sed 's/.*│ //'; }

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
wait_for "most similar"
[ "$(mouse_mode)" = 1 ] || fail "mouse not captured at start"
screen | grep -qF "mouse off" && fail "says mouse off while captured"

# the wheel zooms around the cursor (buttons 4 and 5: 64 and 65)
mouse 64 40 20
wait_for "zoom 1.5x"
mouse 65 40 20
wait_for "zoom 1.0x"

# a click near the top left (the DNS servers' cluster of the demo)
# selects a computer there: press (0) and release (3)
before=$(name_line)
mouse 0 5 5
mouse 3 5 5
i=0
while [ "$(name_line)" = "$before" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
case $(name_line) in
dns*|evil*) ;;
*) fail "a click at the top left selected '$(name_line)', was '$before'" ;;
esac

# m: capture off, said in the status line until it is on again
keys m
wait_for "mouse off: the terminal selects text"
[ "$(mouse_mode)" = 0 ] || fail "m did not turn mouse capture off"
keys C-l
wait_gone "the terminal selects text"
wait_for "│ mouse off │"
keys m
wait_for "mouse on: a click selects"
[ "$(mouse_mode)" = 1 ] || fail "m did not turn mouse capture on"
keys C-l
wait_gone "mouse on:"
screen | grep -qF "mouse off" && fail "still says mouse off"
mouse 64 40 20
wait_for "zoom 1.5x"
quit_and_check
$TMUX_CMD kill-server >/dev/null 2>&1

start "$UTF8_LOCALE" --no-mouse
wait_for "zoom 1.0x"
wait_for "│ mouse off │"
[ "$(mouse_mode)" = 0 ] || fail "mouse captured with --no-mouse"
quit_and_check
echo "ok"
