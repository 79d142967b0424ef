#!/bin/sh
# The outputs on fixed inputs, byte for byte as recorded in
# tests/golden/digests.txt (see tests/golden/outputs.sh): stats --json,
# features at the default --memory and at 1M (the three-pass path), and
# embed at a fixed seed with 1 and 2 threads, on the bundled sample and
# generated data of both LANL formats.
. "${top_srcdir}/tests/shell/lib.sh"
: "${FLOWGEN:?}"
sh "$top_srcdir/tests/golden/outputs.sh" "$T/g" || fail "outputs.sh"
check "no errors" test ! -s "$T/g/in/stderr"
[ -s "$T/g/in/stderr" ] && sed 's/^/  | /' "$T/g/in/stderr" | head
while read -r digest name; do
	got=$(sha256sum <"$T/g/$name" 2>/dev/null | cut -d' ' -f1)
	expect_eq "$name" "$digest" "$got"
done <"$top_srcdir/tests/golden/digests.txt"
finish
