#!/bin/sh
# tests/tui/comms.sh - the communications map (issue 6): c switches
# between the functional and the communications map (the status line says
# which; the picture changes; the selected computer, its detail pane and
# the zoom stay), C shows both side by side when the terminal is wide
# enough and says so when it is not, a resize below the split's width
# ends it, and without a communications map c and C only say so.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# the selected computer: the name line of the detail pane (at the right)
name_line() { screen | sed -n 2p | sed 's/.*│ //'; }
# the body: everything but the title and status lines
body() { screen | sed '1d;$d'; }

# wait_change TEXT CMD: poll until CMD's output differs from TEXT
wait_change() {
	i=0
	while [ "$(eval "$2")" = "$1" ] && [ $i -lt $((WAIT_SECONDS * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(eval "$2")" != "$1" ]
}

# resize W H: resize the pane and wait until the explorer has drawn its
# status line at the new size: on the last row, ending at column W-1 with
# the hint or a message (tmux keeps the old frame's lines for a while,
# moved and cropped; keys sent before the redraw would meet the old size)
resize() {
	$TMUX_CMD resize-window -t t -x "$1" -y "$2"
	i=0
	while [ $i -lt $((WAIT_SECONDS * 10)) ]; do
		last=$(screen | sed -n "$2p")
		case $last in
		" zoom "*quit|" zoom "*columns)
			w=$(printf '%s' "$last" | LC_ALL=$UTF8_LOCALE wc -m | tr -d " ")
			[ "$w" -eq $(($1 - 1)) ] && return 0
			;;
		esac
		sleep 0.1
		i=$((i + 1))
	done
	fail "no status line on row $2 after resizing to $1x$2"
}

start "$UTF8_LOCALE"
wait_for "zoom 1.0x"
wait_for "functional map"
wait_for "most similar"
sel=$(name_line)
[ -n "$sel" ] || fail "no computer selected"
before=$(body)

# c: the communications map, the same computer selected
keys c
wait_for "communications map"
wait_gone "functional map"
wait_change "$before" body || fail "c did not change the map's picture"
[ "$(name_line)" = "$sel" ] || fail "c changed the selection: $(name_line)"
screen | grep -q "$BRAILLE_RE" || fail "no braille in the communications map"
# the selected computer is under the crosshair: its label is drawn
screen | sed '1,2d;$d' | grep -qF "$sel" || fail "selected computer not labelled"

# the zoom is shared: zoom here, back to the functional map, still zoomed
keys +
wait_for "zoom 1.5x"
keys c
wait_for "functional map"
wait_gone "communications map"
wait_for "zoom 1.5x"
[ "$(name_line)" = "$sel" ] || fail "c back changed the selection"
keys 0
wait_for "zoom 1.0x"

# C at 200 columns: both maps, each with braille, one active
resize 200 50
keys C
wait_for "functional map (keys)"
wait_for "communications map"
wait_for "keys: functional map"
# the halves are split by rules: left map | right map | pane
halves=$(screen | sed '1d;$d' | sed 's/│/	/g')
printf '%s\n' "$halves" | cut -f1 | grep -q "$BRAILLE_RE" ||
    fail "no braille in the left half"
printf '%s\n' "$halves" | cut -f2 | grep -q "$BRAILLE_RE" ||
    fail "no braille in the right half"
# the selected computer is labelled in both halves
printf '%s\n' "$halves" | cut -f1 | grep -qF "$sel" ||
    fail "selection not shown in the left half"
printf '%s\n' "$halves" | cut -f2 | grep -qF "$sel" ||
    fail "selection not shown in the right half"
# c moves the keys to the other half
keys c
wait_for "communications map (keys)"
wait_for "keys: communications map"
[ "$(name_line)" = "$sel" ] || fail "c in the split changed the selection"
# C again: one map, the active one
keys C
wait_gone "(keys)"
wait_re "zoom 1.0x .* communications map"

# too narrow: C only says so
resize 60 40
keys C
wait_for "too narrow for both maps"
wait_gone "(keys)"
keys C-l	# the message lasts one frame
wait_gone "too narrow for both maps"
keys C
wait_for "too narrow for both maps"

# a resize below the split's width ends it
resize 200 50
keys C
wait_for "(keys)"
resize 60 40
wait_for "split screen off"
wait_gone "(keys)"
quit_and_check

# without a communications map, c and C say so and change nothing
$TMUX_CMD kill-server >/dev/null 2>&1
start "$UTF8_LOCALE" --no-comms
wait_for "zoom 1.0x"
wait_for "functional map"
wait_for "most similar"
sel=$(name_line)
keys c
wait_for "no communications map ("
screen | grep -qF "communications map │" && fail "switched without a map"
[ "$(name_line)" = "$sel" ] || fail "c changed the selection"
keys C-l
wait_gone "no communications map ("
keys C
wait_for "no communications map ("
wait_for "functional map"
screen | grep -qF "(keys)" && fail "split without a communications map"
quit_and_check
echo "ok"
