#!/bin/sh
# --direction on generated traffic where half the flows are written from
# the server's side (as LANL 2015 does): infer puts the DNS servers' port
# 53 back on their incoming side, as-is leaves them "querying" the clients'
# ephemeral ports.
. "${top_srcdir}/tests/shell/lib.sh"
: "${FLOWGEN:?}"
"$FLOWGEN" --flows 200000 --computers 400 --seed 5 --swap-share 0.5 \
	--roles "$T/roles.csv" -o "$T/g.csv" || fail "flowgen"

# share ROLE COLUMN FILE: the mean of a column over the computers of a role.
share() {
	awk -F '\t' -v role="$1" -v col="$2" '
	NR == FNR { split($0, a, ","); r[a[1]] = a[2]; next }
	FNR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; next }
	r[$1] == role { s += $k; n++ }
	END { printf "%.3f\n", n ? s / n : -1 }' "$T/roles.csv" "$3"
}
run_fm 0 features -q -o "$T/infer.tsv" "$T/g.csv"
run_fm 0 features -q --direction infer -o "$T/infer2.tsv" "$T/g.csv"
check "infer is the lanl2015 default" cmp -s "$T/infer.tsv" "$T/infer2.tsv"
run_fm 0 features -q --direction as-is -o "$T/asis.tsv" "$T/g.csv"

in53=$(share dns-server in_flows:53 "$T/infer.tsv")
out_other=$(share dns-server out_flows:other "$T/infer.tsv")
asis_other=$(share dns-server out_flows:other "$T/asis.tsv")
echo "DNS servers: infer in_flows:53 $in53, out_flows:other $out_other; as-is out_flows:other $asis_other"
check "infer: DNS servers serve 53 ($in53)" awk -v v="$in53" 'BEGIN { exit !(v >= 0.95) }'
check "infer: DNS servers query no ephemeral ports ($out_other)" awk -v v="$out_other" 'BEGIN { exit !(v <= 0.01) }'
check "as-is: DNS servers seem to query ephemeral ports ($asis_other)" awk -v v="$asis_other" 'BEGIN { exit !(v >= 0.5) }'

# stats describes the file as written: the same with either direction.
run_fm 0 stats --json --direction infer "$T/g.csv"
grep -v '"load"\|"timings"\|"direction"' "$T/out" >"$T/s1"
run_fm 0 stats --json --direction as-is "$T/g.csv"
grep -v '"load"\|"timings"\|"direction"' "$T/out" >"$T/s2"
check "stats ignore --direction" cmp -s "$T/s1" "$T/s2"

finish
