#!/bin/sh
# tests/hostile/run.sh - every case of tests/hostile/cases.txt: make the
# input (inputs.sh), run the command under a timeout, and check the exit
# status, what was still read, the message, and that nothing from the data
# reached a terminal raw.  The explorer's cases run in panes of a private
# tmux server; without tmux they are skipped and the rest still runs.
#
#   HOSTILE_CASES=REGEX  run only the cases whose "input command" matches
#   HOSTILE_TIMEOUT=N    seconds before a command counts as hung (120)
. "${top_srcdir:?run through make check}/tests/shell/lib.sh"
. "$top_srcdir/tests/hostile/inputs.sh"

CASES=$top_srcdir/tests/hostile/cases.txt
TIMEOUT=${HOSTILE_TIMEOUT:-120}
ONLY=${HOSTILE_CASES:-.}
command -v timeout >/dev/null || { echo "timeout(1) missing"; exit 77; }
known_open=0

# --- checks shared by every command ----------------------------------------

# clean FILE WHAT: no control byte but tab and newline, no C1 control, no
# NUL, valid UTF-8: nothing in FILE can drive a terminal.
clean() {
	checks=$((checks + 1))
	[ -s "$1" ] || return 0
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; then
		fail "$2: raw control byte"
		LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" "$1" |
		    head -3 | od -c | head -5
	elif LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1"; then
		fail "$2: raw C1 control character"
	elif [ "$(tr -d '\000' <"$1" | wc -c)" -ne "$(wc -c <"$1")" ]; then
		fail "$2: NUL byte"
	elif command -v iconv >/dev/null &&
	    ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
		fail "$2: not valid UTF-8"
	fi
}

# status_ok GOT WANT WHAT ERRFILE: the exit status, and no crash or hang.
status_ok() {
	checks=$((checks + 1))
	if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|Segmentation' \
	    "$4" 2>/dev/null; then
		fail "$3: sanitizer report or crash"
		grep -E -A8 'Sanitizer|runtime error' "$4" | head -12
	elif [ "$1" -eq 124 ]; then
		fail "$3: no end after $TIMEOUT s (hang)"
	elif [ "$1" -ge 128 ]; then
		fail "$3: killed by signal $(($1 - 128))"
	elif [ "$1" -ne "$2" ]; then
		fail "$3: exit $1, expected $2"
		sed 's/^/  | /' "$4" | head -6
	fi
}

# messages WHAT FILE PATTERNS: each " ;; "-separated ERE matches FILE.
messages() {
	[ "$3" = "-" ] && return 0
	printf '%s\n' "$3" | awk 'BEGIN { RS = " ;; " } { sub(/\n$/, ""); print }' |
	while IFS= read -r re; do
		grep -Eq -- "$re" "$2" || { echo "FAIL: $1: no /$re/"; exit 1; }
	done
	r=$?
	checks=$((checks + 1))
	if [ $r -ne 0 ]; then
		failures=$((failures + 1))
		sed 's/^/  | /' "$2" | head -8
	fi
}

count_is() {
	[ "$3" = "-" ] && return 0
	checks=$((checks + 1))
	[ "$2" = "$3" ] || fail "$1: read $2, expected $3"
}

# --- the commands ----------------------------------------------------------

# run_cli INPUT COMMAND FILE: run, leave the status in $got, the count in
# $count; stdout $T/out, stderr $T/err, the -o file $T/result.tsv.
run_cli() {
	rm -f "$T/out" "$T/err" "$T/result.tsv"
	from=/dev/null
	[ "$2" = stdin ] && from=$T/in/$3
	case $2 in
	stats)		set -- stats --json "$3" ;;
	strict)		set -- stats --json --strict "$3" ;;
	as2015)		set -- stats --json --format lanl2015 "$3" ;;
	stdin)		set -- stats --json - ;;
	features)	set -- features --min-flows 1 "$3" -o "$T/result.tsv" ;;
	embed)		set -- embed --min-flows 1 --iter 50 --perplexity 5 \
			    "$3" -o "$T/result.tsv" ;;
	matrix)		set -- embed --features "$3" --iter 50 --perplexity 2 \
			    -o "$T/result.tsv" ;;
	*)		echo "cases.txt: unknown command '$2'"; exit 99 ;;
	esac
	(cd "$T/in" && timeout "$TIMEOUT" "$FLOWMAP" "$@" <"$from" \
	    >"$T/out" 2>"$T/err")
	got=$?
	count=-
	case $CMD in
	stats|strict|as2015|stdin)
		count=$(sed -n 's/^  "records": \([0-9]*\),$/\1/p' "$T/out") ;;
	*)
		[ -f "$T/result.tsv" ] && count=$(($(wc -l <"$T/result.tsv") - 1)) ;;
	esac
}

cli_case() {
	what="$INPUT $CMD"
	run_cli "$INPUT" "$CMD" "$FILE"
	status_ok "$got" "$WANT" "$what" "$T/err"
	clean "$T/out" "$what: stdout"
	clean "$T/err" "$what: stderr"
	clean "$T/result.tsv" "$what: output file"
	messages "$what" "$T/err" "$MSG"
	if [ "$got" -eq 0 ]; then
		count_is "$what" "$count" "$COUNT"
	else
		checks=$((checks + 1))
		[ -e "$T/result.tsv" ] && fail "$what: output written on failure"
		ls "$T" | grep -q 'result\.tsv\.tmp' &&
		    fail "$what: temporary file left behind"
	fi
	post_check
}

# Checks particular to one case.
post_check() {
	case "$INPUT $CMD" in
	"max-u64 embed")
		# Two flows of 2^64-1 bytes: the sum saturates, never wraps.
		expect_eq "max-u64: C2's bytes_in saturate" 18446744073709551615 \
		    "$(awk -F'\t' '$1 == "C2" { print $6 }' "$T/result.tsv")" ;;
	"max-u64 features")
		expect_eq "max-u64: C2's bytes saturate" 18446744073709551615 \
		    "$(awk -F'\t' '$1 == "C2" { print $3 }' "$T/result.tsv")" ;;
	"escapes features"|"escapes embed")
		checks=$((checks + 1))
		grep -qF '\e]52;c;UFdORUQ=\x07' "$T/result.tsv" ||
		    fail "$INPUT $CMD: the OSC 52 name is not in the output, escaped" ;;
	"escapes explore")
		checks=$((checks + 1))
		grep -qF '\e[HXSTART' "$T/screen" ||
		    fail "escapes explore: the CSI name was never shown, escaped" ;;
	esac
}

# --- the explorer, in tmux -------------------------------------------------

TM=
tmux_start() {
	command -v tmux >/dev/null 2>&1 || return 1
	TM="tmux -L flowmap-hostile-$$ -f /dev/null"
	unset TMUX
	$TM new-session -d -x 120 -y 40 -s hostile "sleep 100000" || return 1
	$TM set-option -g set-clipboard on
	$TM set-option -g history-limit 5000
	# A control: raw sequences must trip every detector, or the
	# detectors prove nothing.
	printf '#!/bin/sh\nprintf "\\033]2;PWNED\\007\\033]52;c;UFdORUQ=\\007\\033[HXSTART"\nsleep 100000\n' \
	    >"$T/control.sh"
	$TM new-window -d -n control "sh $T/control.sh"
	sleep 1
	OSC52_DETECTS=yes
	$TM display -p -t control '#{pane_title}' | grep -q PWNED ||
	    fail "tmux control: OSC 2 did not set the pane title"
	$TM capture-pane -p -t control | grep -q '^XSTART' ||
	    fail "tmux control: CSI H did not move the cursor"
	if [ -z "$($TM list-buffers)" ]; then
		echo "note: this tmux ignores OSC 52; the clipboard check is off"
		OSC52_DETECTS=no
	fi
	$TM kill-window -t control
	while $TM delete-buffer 2>/dev/null; do :; done
	return 0
}

tmux_stop() {
	[ -n "$TM" ] && $TM kill-server >/dev/null 2>&1
}
trap tmux_stop EXIT
trap 'exit 1' INT TERM HUP

# wait_screen WINDOW SECONDS REGEX: poll until the pane shows REGEX.
wait_screen() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		$TM capture-pane -p -t "$1" 2>/dev/null | grep -Eq -- "$3" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

n_explore=0
explore_case() {
	what="$INPUT explore"
	if [ -z "$TM" ]; then
		echo "skip: $what (no tmux)"
		return
	fi
	n_explore=$((n_explore + 1))
	w=x$n_explore
	printf '%s' "$FILE" >"$T/name.$w"
	cat >"$T/run.$w.sh" <<-EOF
	cd "$T/in"
	LC_ALL=C.UTF-8 LANG=C.UTF-8 TERM=screen timeout --foreground $TIMEOUT \
	    "$FLOWMAP" --iter 50 --min-flows 1 --perplexity 5 "\$(cat "$T/name.$w")"
	echo "hostile-exit=\$?"
	sleep 100000
	EOF
	$TM new-window -d -n $w "sh $T/run.$w.sh"
	if ! wait_screen $w "$TIMEOUT" 'zoom 1\.0x|hostile-exit='; then
		fail "$what: neither a map nor an exit after $TIMEOUT s"
		$TM capture-pane -p -t $w | sed 's/^/  | /' | grep -v '^  | *$'
		$TM kill-window -t $w
		return
	fi
	count=-
	if $TM capture-pane -p -t $w | grep -q 'zoom 1\.0x'; then
		count=$($TM capture-pane -p -t $w |
		    sed -n 's/.* \([0-9][0-9]*\) computers.*/\1/p' | head -1)
		# Show the names that can: search, the detail pane, then quit.
		for s in XSTART PWNED RED; do
			$TM send-keys -t $w /
			$TM send-keys -t $w -l "$s"
			$TM send-keys -t $w Enter
			sleep 0.3
		done
		$TM capture-pane -p -t $w >"$T/screen.map"
		$TM send-keys -t $w Escape
		$TM send-keys -t $w q
		wait_screen $w 20 'hostile-exit=' ||
		    fail "$what: q did not end the explorer"
	fi
	$TM capture-pane -p -J -S - -t $w >"$T/screen"
	[ -f "$T/screen.map" ] && cat "$T/screen.map" >>"$T/screen"
	got=$(sed -n 's/^hostile-exit=\([0-9]*\)$/\1/p' "$T/screen" | head -1)
	status_ok "${got:-999}" "$WANT" "$what" "$T/screen"
	messages "$what" "$T/screen" "$MSG"
	[ "$got" = 0 ] && count_is "$what" "$count" "$COUNT"
	# Nothing from the data drove the terminal.
	checks=$((checks + 3))
	$TM display -p -t $w '#{pane_title}' | grep -q PWNED &&
	    fail "$what: the data set the terminal's title (OSC 2)"
	[ "$OSC52_DETECTS" = yes ] && [ -n "$($TM list-buffers)" ] &&
	    fail "$what: the data reached the clipboard (OSC 52)"
	grep 'XSTART' "$T/screen" | grep -qv '\\e\[HXSTART' &&
	    fail "$what: the data moved the cursor (CSI H)"
	while $TM delete-buffer 2>/dev/null; do :; done
	$TM kill-window -t $w
	rm -f "$T/screen.map"
	post_check
}

# --- the table -------------------------------------------------------------

mkdir -p "$T/in"
tmux_start || { echo "note: no tmux: the explorer's cases are skipped"; TM=; }
ncases=0
while read -r INPUT CMD WANT COUNT MSG; do
	case $INPUT in ''|'#'*) continue ;; esac
	printf '%s %s\n' "$INPUT" "$CMD" | grep -Eq -- "$ONLY" || continue
	known=0
	case $INPUT in '!'*) known=1; INPUT=${INPUT#!} ;; esac
	FILE=$(input_file "$INPUT")
	[ -e "$T/in/$FILE" ] || make_input_more "$INPUT" "$T/in/$FILE" ||
	    { fail "cannot make input $INPUT"; continue; }
	ncases=$((ncases + 1))
	before=$failures
	if [ "$CMD" = explore ]; then
		explore_case
	else
		cli_case
	fi
	if [ $known -eq 1 ]; then
		if [ $failures -gt $before ]; then
			echo "KNOWN BUG (not counted): $INPUT $CMD"
			failures=$before
			known_open=$((known_open + 1))
		else
			fail "$INPUT $CMD is marked a known bug (!) but passes: drop the !"
		fi
	fi
done <"$CASES"
echo "$ncases cases, $n_explore in the explorer, $known_open known bugs open"
finish
