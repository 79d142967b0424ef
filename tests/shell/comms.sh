#!/bin/sh
# The communications map: on traffic where groups of workstations talk to
# their own servers, computers of a group sit together in it, though all
# workstations (and all servers of a kind) look alike by function.
. "${top_srcdir}/tests/shell/lib.sh"
nnagree=$top_builddir/tests/tools/nnagree
[ -x "$nnagree" ] || { echo "nnagree not built"; exit 77; }

# 6 groups of 30 workstations; each group has its own file server and
# print server; everyone uses the two DNS servers.  LANL 2015 layout.
awk 'BEGIN {
	srand(11); t = 0
	print "computer,group" >"'"$T"'/groups.csv"
	for (g = 0; g < 6; g++) {
		print "F" g ",g" g >>"'"$T"'/groups.csv"
		print "P" g ",g" g >>"'"$T"'/groups.csv"
		for (w = 0; w < 30; w++) print "W" g "x" w ",g" g >>"'"$T"'/groups.csv"
	}
	print "DNS1,dns" >>"'"$T"'/groups.csv"; print "DNS2,dns" >>"'"$T"'/groups.csv"
	for (i = 0; i < 60000; i++) {
		g = int(6 * rand()); w = "W" g "x" int(30 * rand()); r = rand()
		e = "N" int(40000 + 20000 * rand())
		if (r < 0.45) { s = "F" g; p = 445; pr = 6 }
		else if (r < 0.6) { s = "P" g; p = 9100; pr = 6 }
		else { s = "DNS" (1 + int(2 * rand())); p = 53; pr = 17 }
		print ++t ",0," w "," e "," s "," p "," pr ",2," int(100 + 5000 * rand())
	}
}' >"$T/flows.csv"

run_fm 0 embed -q --no-cache --min-flows 20 --view comms -o "$T/comms.tsv" "$T/flows.csv"
run_fm 0 embed -q --no-cache --min-flows 20 -o "$T/func.tsv" "$T/flows.csv"
expect_eq "every computer in the comms map" 194 "$(($(wc -l <"$T/comms.tsv") - 1))"
cut -f1-3 "$T/comms.tsv" >"$T/c.tsv"
cut -f1-3 "$T/func.tsv" >"$T/f.tsv"
ca=$("$nnagree" "$T/c.tsv" "$T/groups.csv")
fa=$("$nnagree" "$T/f.tsv" "$T/groups.csv")
echo "10-NN group agreement: communications map $ca, functional map $fa"
check "groups together in the communications map ($ca)" awk -v a="$ca" 'BEGIN { exit !(a >= 0.8) }'
check "not in the functional map ($fa): the views differ" awk -v a="$fa" -v c="$ca" 'BEGIN { exit !(a < c - 0.3) }'
expect_eq "finite coordinates" 0 "$(awk -F '\t' 'NR > 1 && ($2 !~ /^-?[0-9]+\.[0-9]+$/ || $3 !~ /^-?[0-9]+\.[0-9]+$/)' "$T/comms.tsv" | wc -l | tr -d ' ')"

# Deterministic across threads: both counts said, whatever the machine's
# default, and no snapshot to read the first run's map back from.
run_fm 0 embed -q --no-cache --min-flows 20 --view comms --threads 1 -o "$T/c1.tsv" "$T/flows.csv"
run_fm 0 embed -q --no-cache --min-flows 20 --view comms --threads 2 -o "$T/c2.tsv" "$T/flows.csv"
check "comms map: same with 1 and 2 threads" cmp -s "$T/c1.tsv" "$T/c2.tsv"
check "comms map: same as with the default threads" cmp -s "$T/comms.tsv" "$T/c1.tsv"

finish
