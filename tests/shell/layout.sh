#!/bin/sh
# The rules of ARCHITECTURE.md on the source tree (tests/tools/layout.py):
# stages include only the stages below them, only the loading stage
# includes the tally, no include circle, no file or function too long.
# And the checker itself can fail: a tree that breaks each rule.
. "${top_srcdir}/tests/shell/lib.sh"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
layout=$top_srcdir/tests/tools/layout.py

python3 "$layout" "$top_srcdir/src" >"$T/out" 2>&1
st=$?
sed 's/^/  | /' "$T/out"
expect_eq "the source tree keeps the rules" 0 "$st"

# A tree that breaks every rule once.
mkdir -p "$T/bad/base" "$T/bad/load" "$T/bad/tui"
printf '#include "load/tally.h"\n' >"$T/bad/tui/view.c"
printf '#include "base/b.h"\n' >"$T/bad/base/a.h"
printf '#include "base/a.h"\n' >"$T/bad/base/b.h"
awk 'BEGIN { print "long(void)\n{"; for (i = 0; i < 130; i++) print "\tx();"; print "}" }' \
	>"$T/bad/load/long.c"
awk 'BEGIN { for (i = 0; i < 950; i++) print "/* */" }' >"$T/bad/load/big.c"
python3 "$layout" "$T/bad" >"$T/out" 2>&1
expect_eq "a bad tree fails" 1 "$?"
grep_in "$T/out" "tui/view.c: includes load/tally.h, a stage" "a stage it must not know"
grep_in "$T/out" "includes load/tally.h$" "the tally outside the loading stage"
grep_in "$T/out" "include circle: base/a.h -> base/b.h -> base/a.h" "a circle"
grep_in "$T/out" "long() is 132 lines" "a long function"
grep_in "$T/out" "big.c: 950 lines" "a long file"
finish
