#!/bin/sh
# tests/fuzz/regress.sh - replay the fuzz corpora in every build: each file
# of tests/fuzz/corpus/NAME (the seeds) and tests/fuzz/regress/NAME (inputs
# that once crashed or hung a harness) goes once through the harness code,
# linked with a plain main() (replay.c) instead of libFuzzer.  In the
# --enable-sanitizers build ASan and UBSan watch the replay.
set -u
: "${top_builddir:?run through make check}" "${top_srcdir:?}"
status=0
for h in records json load matrix snapshot marks; do
	prog=$top_builddir/tests/fuzz/replay_$h
	[ -x "$prog" ] || { echo "not built: $prog"; exit 99; }
	for dir in "$top_srcdir/tests/fuzz/corpus/$h" \
	    "$top_srcdir/tests/fuzz/regress/$h"; do
		[ -d "$dir" ] || continue
		# Every input must finish well inside the libFuzzer timeout.
		if timeout 120 "$prog" "$dir"; then
			:
		else
			echo "FAIL: replay_$h on $dir (exit $?)"
			status=1
		fi
	done
done
exit $status
