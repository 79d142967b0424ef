#!/bin/sh
# make-sample.sh - regenerate the bundled sample, byte for byte.
#
#   examples/make-sample.sh [FLOWGEN]
#
# FLOWGEN is the built generator (default: examples/flowgen of the current
# build directory).  Writes examples/sample.csv.gz (lanl2015 flows,
# gzip -9 without name or time stamp) and examples/sample-roles.csv next to
# this script.  The arguments below are the sample's definition: change
# them and the sample changes.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
flowgen=${1:-examples/flowgen}
args="--format lanl2015 --computers 1300 --flows 170000 --days 1 --seed 20150"

[ -x "$flowgen" ] || { echo "make-sample.sh: $flowgen: not built" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# shellcheck disable=SC2086  # the arguments are meant to split
"$flowgen" $args --roles "$tmp/roles.csv" -o "$tmp/sample.csv"
gzip -9n < "$tmp/sample.csv" > "$tmp/sample.csv.gz"
mv "$tmp/sample.csv.gz" "$here/sample.csv.gz"
mv "$tmp/roles.csv" "$here/sample-roles.csv"
