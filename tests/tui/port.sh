#!/bin/sh
# tests/tui/port.sh - the port selector: p, a typed filter, Enter; the
# legend names the port and counts servers/clients/both; [ ] step; the
# protocol tab; x clears.  Colours reach the screen (SGR in capture -e).
. "${top_srcdir:-.}/tests/tui/lib.sh"

start "$UTF8_LOCALE"
wait_for "port none"
keys p
wait_for "ports (9 of 9)"
typing 53
wait_for "filter: 53_"
# 53/domain first even though N10453 and 5353 match too
wait_for "ports (3 of 9)"
keys Enter
wait_for "port 53/domain: "
# demo clusters: 60 serve, 60 query, 60 both, 60 nothing on 53
wait_for "serves (in only) 60"
wait_for "queries (out only) 60"
wait_for "both 60"
wait_for "plain: none 60"
wait_for "│ port 53/domain │"
# red (31), green (32) and blue (34) foregrounds are on screen
esc=$(screen_escapes)
for c in 31 32 34; do
	printf '%s' "$esc" | grep -q "$ESC\[[0-9;]*${c}m" ||
	    fail "no colour $c on screen"
done

keys ]
wait_for "port 80/http: "
keys [
wait_for "port 53/domain: "

# protocols
keys P
wait_for "protocols (4 of 4)"
typing udp
keys Enter
wait_for "protocol UDP: "

# a filter that matches nothing, C-u clears it, Esc cancels
keys p
typing zzzz
wait_for "nothing matches"
keys C-u
wait_for "ports (9 of 9)"
typing zzzz
wait_for "nothing matches"
keys Escape
wait_gone "nothing matches"
wait_for "protocol UDP: "

keys x
wait_for "port none"
quit_and_check
echo "ok"
