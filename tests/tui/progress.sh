#!/bin/sh
# tests/tui/progress.sh - the progress screen shows the stage and then
# hands its session to the explorer; q during the load cancels it and
# restores the terminal.
. "${top_srcdir:-.}/tests/tui/lib.sh"

start "$UTF8_LOCALE" --progress
wait_for "q, Esc or Ctrl-C: cancel"
wait_for "zoom 1.0x"
quit_and_check
$TMUX_CMD kill-server

start "$UTF8_LOCALE" --progress
wait_for "q, Esc or Ctrl-C: cancel"
keys q
wait_for "cancelled"
wait_for "mapdemo-exit=0"
tty_check
echo "ok"
