#!/bin/sh
# tests/tui/signals.sh - the terminal is restored on SIGTERM (the demo
# dies of it) and on Ctrl-C (a clean quit); with stdin and stdout not a
# terminal, the explorer opens /dev/tty and still works.
. "${top_srcdir:-.}/tests/tui/lib.sh"

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
kill -TERM "$(cat "$WORK/pid")"
wait_for "mapdemo-exit=143"
tty_check
$TMUX_CMD kill-server
rm -f "$WORK/stty" "$WORK/pid"

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
keys C-c
wait_for "mapdemo-exit=0"
tty_check
$TMUX_CMD kill-server
rm -f "$WORK/stty" "$WORK/pid"

REDIRECT="</dev/null >$WORK/out"
start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
screen | grep -q "$BRAILLE_RE" || fail "no map through /dev/tty"
keys d
wait_gone "most similar"
quit_and_check
[ -s "$WORK/out" ] && fail "the explorer wrote to stdout, not /dev/tty"
echo "ok"
