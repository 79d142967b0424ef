#!/bin/sh
# tests/tui/marks.sh - marks, search and notes on the synthetic map
# (issue 18): the title lists each mark label with its count; M lists
# them and Enter selects a label's computers; the detail pane of a marked
# computer shows its labels; search finds by label, exact names before
# substrings, counts "match i/n", n and N step, F selects the matches,
# Esc clears the highlights; the notes of loading are counted in the
# status line and listed by !.
. "${top_srcdir:-.}/tests/tui/lib.sh"
pane_name() { screen | sed -n 2p | sed 's/.*│ //'; }

start "$UTF8_LOCALE" --marks --notes
wait_for "zoom 1.0x"
wait_for "marks: known dns 10, ioc 4"
wait_for "3 notes (!)"

# the notes
keys '!'
wait_for "notes of loading (3)"
wait_for 'flows.csv:17: field 9 (bytes) is not a number'
wait_for "2 marked computers are not in the map"
keys Escape
wait_gone "notes of loading"

# M: the mark list; Enter selects a label's computers
keys M
wait_for "marks (2 of 2)"
wait_for "known dns"
keys Enter
wait_for "sel 10: mark known dns"

# search by name: exact first, then substrings, counted
keys /
typing dns8
keys Enter
wait_for "match 1/4"
[ "$(pane_name)" = dns8 ] || fail "exact match dns8 not first: $(pane_name)"
wait_for "marks: known dns, ioc"
keys n
wait_for "match 2/4"
[ "$(pane_name)" = dns80 ] || fail "n went to $(pane_name), not dns80"
keys N N
wait_for "match 4/4"
# by label: the four computers marked ioc, in map order
keys /
typing ioc
keys Enter
wait_for "match 1/4"
[ "$(pane_name)" = dns8 ] || fail "label search found $(pane_name)"
keys n
wait_for "match 2/4"
wait_for "marks: ioc"
# highlighted on the map, the whole of it in view: underlined cells (an
# SGR with the parameter 4; no other role underlines with colours)
keys 0
wait_for "240/240 in view"
screen_escapes | grep -Eq "$ESC\[([0-9]+;)*4(;[0-9]+)*m" ||
	fail "no highlighted cells"
keys F
wait_for "sel 4: search matches"
keys Escape
wait_gone "match 2/4"
wait_for "sel 4: search matches"
quit_and_check
echo ok
