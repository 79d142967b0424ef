#!/bin/sh
# tests/tui/select.sh - selections on the synthetic map (issue 18): a
# cluster chosen with g zooms the map to it and < > go back and forward
# through views; a box drawn by keys (B, moves, Enter) and one dragged
# with the mouse select the computers inside, and only those (written
# out with w, every name is the cluster's); z in a box zooms to it; V
# selects what is in view (the count matches "in view"); S lists the
# selection and names it in a cluster's words, o sorts it, Enter centres
# the map on a member; X clears it; the selection survives the switch to
# the communications map.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# mouse BUTTON X Y: one event at 0-based cell (X, Y) (see mouse.sh)
mouse() {
	typing "$(printf '\033[M%b%b%b' "\\0$(printf %o $(($1 + 32)))" \
	    "\\0$(printf %o $(($2 + 33)))" "\\0$(printf %o $(($3 + 33)))")"
}
inview() { screen | grep -o '[0-9]*/240 in view' | cut -d/ -f1; }
selcount() { screen | grep -o 'sel [0-9]*' | cut -d' ' -f2; }
zoomnow() { screen | grep -o 'zoom [0-9.]*x' | head -1; }
# all_resolvers FILE: every computer of an export is a resolver
all_resolvers() {
	awk -F'\t' 'NR > 1 && $1 !~ /^resolver/ { bad = 1 } END { exit bad }' "$1"
}

cd "$WORK" || exit 99
start "$UTF8_LOCALE"
wait_for "zoom 1.0x"

# cluster 3, the resolvers: the map zooms to them
keys g
wait_for "clusters (4 of 4)"
typing 3
keys Enter
wait_for "sel 60: cluster 3"
wait_gone "zoom 1.0x"
zoomed=$(zoomnow)
[ "$(inview)" -ge 60 ] || fail "cluster 3 not all in view"
screen | sed -n 2p | grep -q "resolver" || fail "the cursor is not on a resolver"

# history: back to the whole map, forward to the cluster
keys '<'
wait_for "zoom 1.0x"
wait_for "240/240 in view"
keys '>'
wait_for "$zoomed"
keys '>'
wait_for "nothing to go forward to"

# a box by keys: from the cluster's middle member up and left
keys X
wait_for "selection cleared"
keys B
wait_for "box: move, Enter selects"
keys h h h h h h h h h h h h k k k k k k
keys Enter
wait_for "computers in the box"
n=$(selcount)
[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 60 ] ||
	fail "a box of part of the cluster selected '$n'"
keys w
wait_for "write the selection to: flowmap-selection-1.tsv"
keys Enter
wait_for "wrote $n computers"
all_resolvers flowmap-selection-1.tsv || fail "the box holds a non-resolver"
[ "$(wc -l <flowmap-selection-1.tsv)" -eq $((n + 1)) ] || fail "not $n rows"

# B then z zooms to the box, selecting nothing; < comes back
keys X
wait_for "selection cleared"
before=$(zoomnow)
keys B h h h h h k k k z
wait_gone "$before"
screen | grep -q "sel [0-9]" && fail "z in a box selected"
keys '<'
wait_for "$before"

# a drag over the whole map: everything in view
v=$(inview)
mouse 0 0 1
mouse 3 79 38
wait_for "sel $v: box"
# V: everything in view, the same
keys X
wait_for "selection cleared"
keys V
wait_for "sel $v: in view"

# the selection survives the communications map and back
keys c
wait_for "communications map"
wait_for "sel $v: in view"
keys c
wait_for "functional map"

# S lists it by name; o sorts by flows; Enter centres on the member
keys g
typing 3
keys Enter
wait_for "sel 60: cluster 3"
keys S
wait_for "selection: cluster 3, 60 computers, by name"
# named in a cluster's words (the resolvers serve and query 53)
wait_for "what they do: serves 53 domain (100%)"
keys o
wait_for "by flows"
keys o o o
wait_for "by name"
keys Down Down
want=$(screen | sed -n 2p | sed 's/.*│ //')
keys Enter
wait_for "sel 60: cluster 3"
[ "$(screen | sed -n 2p | sed 's/.*│ //')" = "$want" ] ||
	fail "Enter did not keep $want selected"
quit_and_check
echo ok
