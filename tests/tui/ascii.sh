#!/bin/sh
# tests/tui/ascii.sh - without a UTF-8 locale (and with --ascii) the map
# uses ASCII dots, and so on the Linux console (TERM=linux: no braille
# font) even with UTF-8; without colours (--no-color, a non-empty
# NO_COLOR) the roles of a port show as the letters S, Q and B, and the
# legend says so.
. "${top_srcdir:-.}/tests/tui/lib.sh"

start C
wait_for "zoom 1.0x"
wait_for "240/240 in view"
screen | grep -q "$BRAILLE_RE" && fail "braille without a UTF-8 locale"
screen | grep -qF " | T=1.00 | " || fail "status separators not ASCII"
# the map body (left of the pane) has density glyphs
screen | sed -n '2,38p' | cut -c1-80 | grep -q '[.:o#]' ||
    fail "no ASCII dots"
keys q
wait_for "mapdemo-exit=0"
$TMUX_CMD kill-server

start "$UTF8_LOCALE" --ascii --no-color
wait_for "zoom 1.0x"
screen | grep -q "$BRAILLE_RE" && fail "braille with --ascii"
keys p
typing 53
keys Enter
wait_for "S serves (in only) 60"
wait_for "Q queries (out only) 60"
wait_for "B both 60"
for l in S Q B; do
	screen | sed -n '2,38p' | cut -c1-80 | grep -q "$l" ||
	    fail "no $l cells in the map"
done
# monochrome: no colour SGR at all
screen_escapes | grep -q "$ESC\[[0-9;]*3[1-7]m" && fail "colours with --no-color"
quit_and_check
$TMUX_CMD kill-server >/dev/null 2>&1

# the Linux console: UTF-8 (box characters) but ASCII dots.  Without the
# mouse: there ncurses asks GPM for it, and libgpm leaks a few bytes that
# the sanitizer build would report as ours.
PANE_TERM=linux start "$UTF8_LOCALE" --no-mouse
wait_for "zoom 1.0x"
wait_for "240/240 in view"
screen | grep -q "$BRAILLE_RE" && fail "braille with TERM=linux"
screen | grep -qF " │ T=1.00 │ " || fail "no UTF-8 separators with TERM=linux"
screen | sed -n '2,38p' | cut -c1-80 | grep -q '[.:o#]' ||
    fail "no ASCII dots with TERM=linux"
quit_and_check
$TMUX_CMD kill-server >/dev/null 2>&1

# NO_COLOR set (not empty): letters, no colours
PANE_ENV="NO_COLOR=1" start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
keys p
typing 53
keys Enter
wait_for "S serves (in only) 60"
screen_escapes | grep -q "$ESC\[[0-9;]*3[1-7]m" && fail "colours with NO_COLOR=1"
quit_and_check
echo "ok"
