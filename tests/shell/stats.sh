#!/bin/sh
# flowmap stats against an independent count (awk) of the same files: plain,
# gzip, several files at once, every thread count, and the 2017 layout.
. "${top_srcdir}/tests/shell/lib.sh"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }

# gen SEED N: LANL-2015 lines with skewed computers, ports and protocols,
# some flows written from the server's side.
gen() {
	awk -v seed="$1" -v n="$2" 'BEGIN {
		srand(seed)
		split("53 80 443 389 88 445 22 123 N5 N77", svc, " ")
		for (i = 1; i <= n; i++) {
			c = "C" int(1 + 300 * rand() ^ 3); s = "C" int(1 + 40 * rand() ^ 2)
			p = svc[1 + int(10 * rand() ^ 2)]; e = "N" int(1000 + 50000 * rand())
			pr = rand() < 0.6 ? 6 : rand() < 0.9 ? 17 : rand() < 0.5 ? 1 : 41
			b = int(40 + 100000 * rand() ^ 6)
			if (rand() < 0.3) print i "," int(10 * rand() ^ 4) "," s "," p "," c "," e "," pr ",3," b
			else print i "," int(10 * rand() ^ 4) "," c "," e "," s "," p "," pr ",3," b
		}
	}'
}
gen 7 20000 >"$T/a.csv"
gen 8 15000 >"$T/b.csv"
gzip -c "$T/b.csv" >"$T/b.csv.gz"
cat "$T/a.csv" "$T/b.csv" >"$T/ab.csv"

# The oracle: the same summary, counted by awk, in a fixed text form.
oracle() {
	awk -F, '{
		n++; comp[$3]; comp[$5]; sp[$4]++; dp[$6]++; pr[$7]++
		if ($4 == "80") s80++; if ($6 == "80") d80++
		if ($4 == "443") s443++; if ($6 == "443") d443++
	} END {
		for (k in comp) nc++; for (k in sp) ns++; for (k in dp) nd++
		printf "records %d\ncomputers %d\nsrc_ports %d\ndst_ports %d\n", n, nc, ns, nd
		for (k in pr) printf "proto %s %d\n", k, pr[k]
		for (k in dp) printf "dst %s %d\n", k, dp[k]
		printf "check 80 %d %d\ncheck 443 %d %d\n", s80, d80, s443, d443
	}' "$@" | sort
}

# The same from flowmap's JSON: every dst port (--top larger than all).
summary() {
	python3 -c '
import json, sys
j = json.load(sys.stdin)
out = ["records %d" % j["records"], "computers %d" % j["computers"],
       "src_ports %d" % j["distinct_src_ports"], "dst_ports %d" % j["distinct_dst_ports"]]
out += ["proto %d %d" % (p["protocol"], p["count"]) for p in j["top_protocols"]]
out += ["dst %s %d" % (p["port"], p["count"]) for p in j["top_dst_ports"]]
out += ["check %d %d %d" % (c["port"], c["as_src"], c["as_dst"]) for c in j["src_dst_check"] if c["port"] in (80, 443)]
print("\n".join(out))' | sort
}

oracle "$T/a.csv" "$T/b.csv" >"$T/want"
for threads in 1 2 3; do
	run_fm 0 stats --json --top 100000 --threads $threads "$T/a.csv" "$T/b.csv.gz"
	summary <"$T/out" >"$T/got.$threads"
	check "stats = oracle, $threads threads, plain + gzip" cmp -s "$T/want" "$T/got.$threads"
done
[ "$failures" -eq 0 ] || diff "$T/want" "$T/got.1" | head -10

# One file or two, the same counts.
run_fm 0 stats --json --top 100000 "$T/ab.csv"
summary <"$T/out" >"$T/got.ab"
check "one concatenated file = two files" cmp -s "$T/want" "$T/got.ab"

# From stdin.
checks=$((checks + 1))
"$FLOWMAP" stats --json --top 100000 - <"$T/ab.csv" >"$T/out.stdin" 2>"$T/err" || fail "stats on stdin"
summary <"$T/out.stdin" >"$T/got.stdin"
check "stdin = files" cmp -s "$T/want" "$T/got.stdin"

# Ordering of the top list: by count, then port; the text report agrees.
run_fm 0 stats --top 3 "$T/ab.csv"
top3=$(awk -F, '{ d[$6]++ } END { for (k in d) print d[k], k }' "$T/ab.csv" | sort -k1,1nr -k2,2 | head -3 | awk '{print $2}' | tr '\n' ' ')
got3=$(awk '/^top 3 dst ports/ { on = 1; next } on && NF == 0 { on = 0 } on { printf "%s ", $1 }' "$T/out")
expect_eq "text top-3 dst ports" "$top3" "$got3"
grep_in "$T/out" "^records  *35000$" "records line"
grep_in "$T/out" "verdict: mixed" "src/dst verdict on data with 30% swapped flows"

# The 2017 layout, with its header, as-is direction and Port tokens > 65535.
awk -F, 'BEGIN { print "Time,Duration,SrcDevice,DstDevice,Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes" }
	{ print $1 "," $2 ",Comp" substr($3, 2) ",Comp" substr($5, 2) "," $7 ",Port" (100000 + NR % 7) "," $6 ",1,2," $9 ",5" }' "$T/a.csv" >"$T/c17.csv"
run_fm 0 stats --json --top 5 "$T/c17.csv"
expect_eq "2017 detected" lanl2017 "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["format"])' <"$T/out")"
expect_eq "2017 records (header skipped)" 20000 "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])' <"$T/out")"
expect_eq "2017 src ports > 65535 kept apart" 7 "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["distinct_src_ports"])' <"$T/out")"
grep_in "$T/out" '"Port100003"' "a Port token above 65535"

# A verdict on data whose direction is normalised.
awk -F, '$4 !~ /^N/ { print $1 "," $2 "," $5 "," $6 "," $3 "," $4 "," $7 "," $8 "," $9; next } { print }' "$T/a.csv" >"$T/norm.csv"
run_fm 0 stats "$T/norm.csv"
grep_in "$T/out" "verdict: dst" "normalised file: verdict dst"

finish
