#!/bin/sh
# flowmap clusters: on generated traffic of both LANL formats with known
# roles, at the default settings, the clusters are pure (>= 97%), few
# computers are in none (<= 5%), there are about as many as roles (<= 1.5
# times), and every server role's cluster names its service port; the same
# at 1 and 2 threads; kept in the snapshot; embed -o has the column.
. "${top_srcdir}/tests/shell/lib.sh"
: "${FLOWGEN:?}"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
check_py=$top_srcdir/tests/tools/clusters_check.py

for fmt in lanl2015 lanl2017; do
	"$FLOWGEN" --format $fmt --flows 600000 --computers 1600 --seed 21 \
		--roles "$T/$fmt-roles.csv" -o "$T/$fmt.csv" || fail "flowgen $fmt"
	run_fm 0 embed -q --threads 2 --cache-dir "$T/c" -o "$T/$fmt-map.tsv" "$T/$fmt.csv"
	run_fm 0 clusters --threads 2 --cache-dir "$T/c" -o "$T/$fmt-clusters.tsv" \
		"$T/$fmt.csv"
	grep_in "$T/err" "from the snapshot" "$fmt: clusters come from the map's snapshot"
	python3 "$check_py" --check "$T/$fmt-map.tsv" "$T/$fmt-clusters.tsv" \
		"$T/$fmt-roles.csv" >"$T/$fmt-check.txt"
	st=$?
	sed 's/^/  | /' "$T/$fmt-check.txt"
	expect_eq "$fmt: clusters match the roles" 0 "$st"

done
# The clusters depend on nothing but the map, which is the same at any
# thread count: one format is enough to show it.
run_fm 0 clusters -q --threads 1 --no-cache -o "$T/lanl2015-1.tsv" "$T/lanl2015.csv"
check "the same clusters with 1 thread and without the snapshot" \
	cmp -s "$T/lanl2015-clusters.tsv" "$T/lanl2015-1.tsv"

expect_eq "clusters header" \
	"cluster	size	share	flows	flows_share	bytes	x	y	serves	queries	label" \
	"$(head -1 "$T/lanl2015-clusters.tsv")"
expect_eq "embed: the cluster column last" "cluster" \
	"$(head -1 "$T/lanl2015-map.tsv" | awk -F '\t' '{ print $NF }')"
# Numbered from 1, largest first, sizes adding up with the unclustered.
awk -F '\t' 'NR > 1 { if ($1 != NR - 1) bad = 1; if (NR > 2 && $2 > last) bad = 1; last = $2 }
	END { exit bad }' "$T/lanl2015-clusters.tsv"
expect_eq "numbered 1.. largest first" 0 "$?"
expect_eq "members add up" \
	"$(awk -F '\t' 'NR > 1 { s += $2 } END { print s }' "$T/lanl2015-clusters.tsv")" \
	"$(awk -F '\t' 'NR > 1 && $NF != "-"' "$T/lanl2015-map.tsv" | wc -l | tr -d ' ')"

# The options say what they change: another scale, another snapshot.
run_fm 0 clusters --cache-dir "$T/c" --cluster-scale 1 -o "$T/s1.tsv" "$T/lanl2015.csv"
checks=$((checks + 1))
grep -q "from the snapshot" "$T/err" && fail "--cluster-scale 1 read the default's snapshot"
run_fm 2 clusters --cluster-min 1 "$T/lanl2015.csv"
grep_in "$T/err" "cluster-min" "--cluster-min 1 is refused"
finish
