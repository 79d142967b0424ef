# tests/tui/lib.sh - sourced by the tmux-driven tests of the explorer.
#
# Each test runs tests/tui/mapdemo (a synthetic map) in a pane of its own
# tmux server (-L flowmap-test-PID, no config file), sends keys and polls
# the pane's text until what it waits for shows up, or fails with the
# screen in the log.  The pane command writes the exit status and the tty
# modes after the explorer ends, to check that the terminal is restored.
# tmux missing: exit 77 (skipped).

command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }

# TUI_PROGRAM: the program in the pane (default the synthetic map demo)
DEMO=${TUI_PROGRAM:-${top_builddir:-.}/tests/tui/mapdemo}
[ -x "$DEMO" ] || { echo "not built: $DEMO"; exit 99; }

SOCK=flowmap-test-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/flowmap-tui.XXXXXX") || exit 99
XDG_CACHE_HOME=$WORK/cache
export XDG_CACHE_HOME
TMUX_CMD="tmux -L $SOCK -f /dev/null"
unset TMUX
# waits are generous for sanitizer builds; polls make passing runs fast
WAIT_SECONDS=${WAIT_SECONDS:-20}
# the UTF-8 locale the tests ask for (grep below works bytewise)
UTF8_LOCALE=C.UTF-8
LC_ALL=C
export LC_ALL

# bytes of U+2800..U+28FF in UTF-8: E2 A0..A3 xx
BRAILLE_RE=$(printf '\342[\240-\243]')
ESC=$(printf '\033')

cleanup() {
	$TMUX_CMD kill-server >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "---- screen ----"
	screen
	echo "----------------"
	exit 1
}

# start LOCALE [mapdemo options...]: a 120x40 pane running the demo,
# with $REDIRECT (e.g. "</dev/null") after its arguments, TERM=$PANE_TERM
# (default screen) and $PANE_ENV (e.g. "NO_COLOR=1") in its environment
start() {
	loc=$1
	shift
	# A server killed just before may still be going away: retry.
	tries=0
	until $TMUX_CMD new-session -d -x 120 -y 40 -s t \
	    "env MAPDEMO_PIDFILE=$WORK/pid LC_ALL=$loc LANG=$loc \
	     TERM=${PANE_TERM:-screen} $PANE_ENV $DEMO $* $REDIRECT; \
	     echo \"mapdemo-exit=\$?\"; stty -a > $WORK/stty; sleep 600"; do
		tries=$((tries + 1))
		[ $tries -lt 20 ] || { echo "tmux new-session failed"; exit 99; }
		$TMUX_CMD kill-server >/dev/null 2>&1
		sleep 0.25
	done
}

screen() {
	$TMUX_CMD capture-pane -p -t t
}

screen_escapes() {
	$TMUX_CMD capture-pane -p -e -t t
}

keys() {
	$TMUX_CMD send-keys -t t "$@"
}

# type literal text
typing() {
	$TMUX_CMD send-keys -t t -l "$1"
}

# wait_for FIXED-STRING: poll the pane until it shows the text
wait_for() {
	i=0
	while [ $i -lt $((WAIT_SECONDS * 10)) ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for: $1"
}

# wait_re REGEX
wait_re() {
	i=0
	while [ $i -lt $((WAIT_SECONDS * 10)) ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for /$1/"
}

# wait_gone FIXED-STRING
wait_gone() {
	i=0
	while [ $i -lt $((WAIT_SECONDS * 10)) ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "still shown: $1"
}

# the pane's tty modes after the explorer ended: cooked, echoing
tty_check() {
	i=0
	while ! grep -q "icanon" "$WORK/stty" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "icanon" "$WORK/stty" || fail "no stty output"
	grep -q -- "-icanon" "$WORK/stty" && fail "tty left in raw mode"
	grep -qw -- "-echo" "$WORK/stty" && fail "tty left without echo"
	return 0
}

# quit: q ends the explorer with status 0 and leaves the tty cooked
quit_and_check() {
	keys q
	wait_for "mapdemo-exit="
	screen | grep -qF "mapdemo-exit=0" || fail "exit status not 0"
	tty_check
	screen | grep -q "$BRAILLE_RE" && fail "map still on screen after quit"
	return 0
}
