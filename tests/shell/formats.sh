#!/bin/sh
# The header-mapped formats end to end: the same generated flows written as
# LANL files and rewritten (with awk, independently of flowmap) as nfdump
# CSV (1.7.1 and 1.7.5), a Zeek conn.log (also with its header changed
# mid-file), Zeek JSON, Argus CSV and TSV and a CSV of a collector's own
# making must give the same stats and the same feature vectors; each is detected by itself, and
# each way of getting a header wrong is a clear error.
. "${top_srcdir}/tests/shell/lib.sh"
: "${FLOWGEN:?}"
"$FLOWGEN" --format lanl2015 --flows 30000 --computers 150 --seed 11 \
	-o "$T/l15.csv" || fail "flowgen lanl2015"
"$FLOWGEN" --format lanl2017 --flows 30000 --computers 150 --seed 12 \
	-o "$T/l17.csv" || fail "flowgen lanl2017"

# stats without what may differ between formats (names, timings).
stats_core() {
	run_fm 0 stats --json "$@"
	grep -v '"name"\|"time_m\|"timings"' "$T/out"
}

# --- nfdump: one direction per record, like lanl2015 ---
awk -F, 'BEGIN {
	OFS = ","
	print "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr"
	split("ICMP,,,,,TCP", name)
	name[17] = "UDP"
}
{
	t = strftime("%Y-%m-%d %H:%M:%S", 1700000000 + $1, 1)
	pr = ($7 in name && name[$7] != "") ? name[$7] : $7
	printf "%s,%s,%d.%03d,%s,%s,%s,%s,%s,......S.,0,0,%s,%s,0,0", t, t, $2, NR % 500, $3, $5, $4, $6, pr, $8, $9
	for (i = 0; i < 8; i++) printf ",0"
	printf ",0.0.0.0,0.0.0.0,0,0"
	for (i = 0; i < 4; i++) printf ",00:00:00:00:00:00"
	for (i = 0; i < 10; i++) printf ",0-0-0"
	print ",    0.000,    0.000,    0.000,0.0.0.0,0/0,0,1970-01-01 00:00:00.000"
}
END {
	print "Summary"
	print "flows,bytes,packets,avg_bps,avg_pps,avg_bpp"
	print NR ",1,1,0,0,0"
}' "$T/l15.csv" >"$T/nf.csv"

stats_core "$T/l15.csv" >"$T/s-l15"
stats_core "$T/nf.csv" >"$T/s-nf"
check "nfdump CSV: the same stats as the LANL file" cmp -s "$T/s-l15" "$T/s-nf"
run_fm 0 stats "$T/nf.csv"
grep_in "$T/out" 'nfdump, direction inferred, 30000 records' "nfdump detected"
grep_in "$T/out" 'malformed lines skipped *0$' "the Summary block is not malformed"
# td was written with milliseconds below half a second: rounds back.
run_fm 0 features -q -o "$T/f-l15.tsv" "$T/l15.csv"
run_fm 0 features -q -o "$T/f-nf.tsv" "$T/nf.csv"
check "nfdump CSV: the same features" cmp -s "$T/f-l15.tsv" "$T/f-nf.tsv"
# nfdump -q: no header and no trailer.
grep -v '^ts,\|^Summary\|^flows,\|^30000,' "$T/nf.csv" >"$T/nfq.csv"
run_fm 0 features -q -o "$T/f-nfq.tsv" "$T/nfq.csv"
check "nfdump -q CSV: the same features" cmp -s "$T/f-l15.tsv" "$T/f-nfq.tsv"
run_fm 0 features -q --format nfdump -o "$T/f-nf2.tsv" "$T/nf.csv"
check "--format nfdump reads it too" cmp -s "$T/f-l15.tsv" "$T/f-nf2.tsv"

# nfdump 1.7.5's ten columns, with and without its header.
awk -F, 'BEGIN { print "firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows" }
{
	t = strftime("%Y-%m-%d %H:%M:%S", 1700000000 + $1, 1)
	printf "%s.%03d,%d.%03d,%s,%s,%s,%s,%s,%s,%s,1\n", t, NR % 1000, $2, NR % 500, $7, $3, $4, $5, $6, $8, $9
}' "$T/l15.csv" >"$T/nf175.csv"
run_fm 0 features -q -o "$T/f-nf175.tsv" "$T/nf175.csv"
check "nfdump 1.7.5 CSV: the same features" cmp -s "$T/f-l15.tsv" "$T/f-nf175.tsv"
stats_core "$T/nf175.csv" >"$T/s-nf175"
check "nfdump 1.7.5 CSV: the same stats" cmp -s "$T/s-l15" "$T/s-nf175"
tail -n +2 "$T/nf175.csv" >"$T/nf175q.csv"
run_fm 0 features -q -o "$T/f-nf175q.tsv" "$T/nf175q.csv"
check "nfdump 1.7.5 -q CSV: the same features" cmp -s "$T/f-l15.tsv" "$T/f-nf175q.tsv"

# nfcapd files go through whichever nfdump is installed, whichever CSV it
# prints: a stand-in nfdump on PATH prints 1.7.5's layout, then 1.7.1's,
# for a file that only has nfcapd's magic (nfdump reads it, not flowmap).
mkdir "$T/bin"
printf '\014\245\002\000rest of an nfcapd file' >"$T/nfcapd.202611260000"
for layout in nf175 nf; do
	printf '#!/bin/sh\ncat "%s"\n' "$T/$layout.csv" >"$T/bin/nfdump"
	chmod +x "$T/bin/nfdump"
	PATH="$T/bin:$PATH" "$FLOWMAP" features -q -o "$T/f-nfcapd-$layout.tsv" \
		"$T/nfcapd.202611260000" 2>"$T/err" || fail "nfcapd through $layout"
	check "nfcapd through an nfdump printing $layout: the same features" \
		cmp -s "$T/f-l15.tsv" "$T/f-nfcapd-$layout.tsv"
done

# --- Zeek conn.log: whole conversations, like lanl2017 ---
awk -F, 'BEGIN {
	OFS = "\t"
	print "#separator \\x09"
	print "#set_separator\t,"
	print "#empty_field\t(empty)"
	print "#unset_field\t-"
	print "#path\tconn"
	print "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents"
	print "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]"
	p[1] = "icmp"; p[6] = "tcp"; p[17] = "udp"
}
{
	pr = ($5 in p) ? p[$5] : $5
	print $1 ".250000", "C" NR, $3, $6, $4, $7, pr, "-", $2 ".0", "-", "-", "SF", "-", "-", 0, "ShAD", $8, $10, $9, $11, "(empty)"
}
END { print "#close\t2026-11-26-00-00-00" }' "$T/l17.csv" >"$T/conn.log"

stats_core "$T/l17.csv" >"$T/s-l17"
stats_core "$T/conn.log" >"$T/s-zeek"
check "Zeek conn.log: the same stats as the LANL file" cmp -s "$T/s-l17" "$T/s-zeek"
run_fm 0 stats "$T/conn.log"
grep_in "$T/out" 'zeek, direction as-is, 30000 records' "Zeek detected"
run_fm 0 features -q -o "$T/f-l17.tsv" "$T/l17.csv"
run_fm 0 features -q -o "$T/f-zeek.tsv" "$T/conn.log"
check "Zeek conn.log: the same features" cmp -s "$T/f-l17.tsv" "$T/f-zeek.tsv"

# A log concatenated across a Zeek upgrade: the second half under a new
# #fields line, its columns in another order and ip_proto added.  At
# several thread counts the chunks that follow the header may go to any
# thread: every one must read them with the new columns.
lines=$(grep -c -v '^#' "$T/conn.log")
half=$((lines / 2))
{
	grep '^#' "$T/conn.log" | grep -v '^#close'
	grep -v '^#' "$T/conn.log" | head -n "$half"
	printf '#close\t2026-11-26-00-00-00\n#separator \\x09\n'
	printf '#fields\tid.resp_h\tid.resp_p\tts\tuid\tid.orig_h\tid.orig_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n'
	grep -v '^#' "$T/conn.log" | tail -n +"$((half + 1))" | awk -F'\t' 'BEGIN { OFS = "\t"; n["icmp"] = 1; n["tcp"] = 6; n["udp"] = 17 }
	{ ip = ($7 in n) ? n[$7] : $7; print $5, $6, $1, $2, $3, $4, ($7 in n) ? $7 : "unknown_transport", $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, ip }'
} >"$T/conn2.log"
for t in 1 2 3; do
	run_fm 0 features -q --threads "$t" -o "$T/f-zeek2-$t.tsv" "$T/conn2.log"
	check "Zeek, #fields changed mid-file, $t threads: the same features" \
		cmp -s "$T/f-l17.tsv" "$T/f-zeek2-$t.tsv"
done
stats_core --threads 3 "$T/conn2.log" | grep -v '"threads"' >"$T/s-zeek2"
grep -v '"threads"' "$T/s-l17" >"$T/s-l17t"
check "Zeek, #fields changed mid-file: the same stats" cmp -s "$T/s-l17t" "$T/s-zeek2"
# A later header without a needed column: an error naming its line.
sed 's/^#fields\tid.resp_h/#fields\tresp_host/' "$T/conn2.log" >"$T/conn3.log"
hl=$(grep -n "^#fields$(printf '\t')resp_host" "$T/conn3.log" | cut -d: -f1)
run_fm 1 stats --threads 2 "$T/conn3.log"
grep_in "$T/err" "conn3.log:$hl: zeek: the header has no column \"id.resp_h\" (dst)" \
	"a header without a needed column, by its line"

# --- Zeek JSON: the same flows, one object per line, keys in any order ---
# (LANL's port tokens are strings here; Zeek writes numbers, read alike.)
awk -F'\t' '!/^#/ {
	if (NR % 3 == 0)
		printf "{\"ts\":%s,\"uid\":\"%s\",\"id.orig_h\":\"%s\",\"id.orig_p\":\"%s\",\"id.resp_h\":\"%s\",\"id.resp_p\":\"%s\",\"proto\":\"%s\",\"duration\":%s,\"conn_state\":\"SF\",\"local_orig\":true,\"orig_pkts\":%s,\"orig_ip_bytes\":%s,\"resp_pkts\":%s,\"resp_ip_bytes\":%s}\n", $1, $2, $3, $4, $5, $6, $7, $9, $17, $18, $19, $20
	else
		printf "{\"id\":{\"orig_h\":\"%s\",\"orig_p\":\"%s\",\"resp_h\":\"%s\",\"resp_p\":\"%s\"},\"proto\":\"%s\",\"ts\":%s,\"duration\":%s,\"orig_pkts\":%s,\"orig_ip_bytes\":%s,\"resp_pkts\":%s,\"resp_ip_bytes\":%s,\"tunnel_parents\":[]}\n", $3, $4, $5, $6, $7, $1, $9, $17, $18, $19, $20
}' "$T/conn.log" >"$T/conn.json"
run_fm 0 stats "$T/conn.json"
grep_in "$T/out" 'zeek-json, direction as-is, 30000 records' "Zeek JSON detected"
stats_core "$T/conn.json" >"$T/s-json"
check "Zeek JSON: the same stats as the LANL file" cmp -s "$T/s-l17" "$T/s-json"
run_fm 0 features -q -o "$T/f-json.tsv" "$T/conn.json"
check "Zeek JSON: the same features" cmp -s "$T/f-l17.tsv" "$T/f-json.tsv"

# --- Argus (ra -c , as in CTU-13): both directions in TotPkts/TotBytes ---
awk -F, 'BEGIN { print "StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,State,sTos,dTos,TotPkts,TotBytes,SrcBytes,SrcPkts,Label"; p[1] = "icmp"; p[6] = "tcp"; p[17] = "udp" }
{
	t = strftime("%Y/%m/%d %H:%M:%S", 1700000000 + $1, 1)
	pr = ($5 in p) ? p[$5] : $5
	printf "%s.%06d,%d.000000,%s,%s,%s,   ->,%s,%s,CON,0,0,%d,%d,%s,%s,flow=x\n", t, NR, $2, pr, $3, $6, $4, $7, $8 + $9, $10 + $11, $10, $8
}
END { print "2026/11/26 00:00:00.000000,0.0,man,0,0,,0,0,STA,,,0,0,0,0," }' "$T/l17.csv" >"$T/flows.binetflow"
run_fm 0 stats "$T/flows.binetflow"
grep_in "$T/out" 'argus, direction as-is, 30000 records' "Argus detected, man record skipped"
grep_in "$T/out" 'malformed lines skipped *0$' "Argus: nothing malformed"
run_fm 0 features -q -o "$T/f-argus.tsv" "$T/flows.binetflow"
check "Argus CSV: the same features" cmp -s "$T/f-l17.tsv" "$T/f-argus.tsv"
tr ',' '\t' <"$T/flows.binetflow" >"$T/flows.tsv.binetflow"
run_fm 0 features -q -o "$T/f-argus-tsv.tsv" "$T/flows.tsv.binetflow"
check "Argus TSV: the same features" cmp -s "$T/f-l17.tsv" "$T/f-argus-tsv.tsv"

# --- the window of start times, and what stats says of each file ---
# Flows starting in [20000, 40000): counted by awk from the LANL file.
inside=$(awk -F, '$1 >= 20000 && $1 < 40000' "$T/l17.csv" | wc -l | tr -d ' ')
run_fm 0 stats --json --from 20000 --to 40000 "$T/l17.csv"
expect_eq "--from/--to: the flows that start inside" "$inside" \
	"$(sed -n 's/^  "records": \([0-9]*\),$/\1/p' "$T/out")"
grep_in "$T/out" "\"outside\": $((30000 - inside))," "--from/--to: the others said"
# Computers seen only outside the window do not exist.
expect_eq "--from/--to: the computers of the flows inside" \
	"$(awk -F, '$1 >= 20000 && $1 < 40000 { print $3; print $4 }' "$T/l17.csv" | sort -u | wc -l | tr -d ' ')" \
	"$(sed -n 's/^  "computers": \([0-9]*\),$/\1/p' "$T/out")"
# The same window as dates, on the Zeek log of the same flows.
run_fm 0 stats --from 1970-01-01T05:33:20Z --to "1970-01-01 11:06:40" "$T/conn.log"
grep_in "$T/out" "^records  *$inside\$" "--from/--to as ISO 8601 dates"
grep_in "$T/out" "records outside --from/--to  *$((30000 - inside))\$" "--from/--to: text report"
grep_in "$T/out" "columns time=ts,duration=duration,src=id.orig_h,dst=id.resp_h,sport=id.orig_p,dport=id.resp_p,proto=proto,packets=orig_pkts" \
	"stats: the columns each value came from"
run_fm 2 stats --from yesterday "$T/conn.log"
grep_in "$T/err" '--from "yesterday" is not a date' "--from: a bad time is a usage error"
run_fm 2 stats --from 200 --to 100 "$T/conn.log"
grep_in "$T/err" "--to is not after --from" "--to before --from"

# Day-first or month-first is never guessed.
printf 'StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,TotPkts,TotBytes\n04/05/2019 10:00:00,0,tcp,a,1,->,b,2,1,1\n' >"$T/dmy.binetflow"
run_fm 1 stats "$T/dmy.binetflow"
grep_in "$T/err" 'dates such as "04/05/2019 10:00:00" could be day-first or month-first: say which with --date-order dmy or --date-order mdy' \
	"an ambiguous date: the option that settles it"
run_fm 0 stats --json --date-order dmy "$T/dmy.binetflow"
grep_in "$T/out" '"time_min": 1556964000,' "--date-order dmy: the 4th of May"
run_fm 0 stats --json --date-order mdy "$T/dmy.binetflow"
grep_in "$T/out" '"time_min": 1554458400,' "--date-order mdy: the 5th of April"

# --- --columns: a collector's CSV with its own names and order ---
awk -F, 'BEGIN { print "Bytes Out,Bytes In,Client,Server,\"Proto\",Start,Length,Client Port,Server Port,Pkts Out,Pkts In,Note" }
{ printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,\"a, b\"\n", $10, $11, $3, $4, $5, $1, $2, $6, $7, $8, $9 }' \
	"$T/l17.csv" >"$T/own.csv"
map="time=start,duration=length,src=client,dst=server,sport=client port"
map="$map,dport=server port,proto=proto,packets=pkts out,bytes=bytes out"
map="$map,rpackets=pkts in,rbytes=bytes in"
run_fm 0 features -q --columns "$map" -o "$T/f-own.tsv" "$T/own.csv"
check "--columns: the same features" cmp -s "$T/f-l17.tsv" "$T/f-own.tsv"
stats_core --columns "$map" "$T/own.csv" >"$T/s-own"
check "--columns: the same stats" cmp -s "$T/s-l17" "$T/s-own"
# The same as TSV.
tr ',' '\t' <"$T/own.csv" | sed 's/"a\t b"/x/; s/"Proto"/Proto/' >"$T/own.tsv"
run_fm 0 features -q --columns "$map" -o "$T/f-tsv.tsv" "$T/own.tsv"
check "--columns on a TSV: the same features" cmp -s "$T/f-l17.tsv" "$T/f-tsv.tsv"
# The map's reverse counters make it as-is; without them, infer.
run_fm 0 stats --columns "src=client,dst=server,sport=client port,dport=server port" "$T/own.csv"
grep_in "$T/out" 'columns, direction inferred' "--columns without reverse counters infers"

# --- errors ---
run_fm 2 stats --columns "src=client,dst=server" "$T/own.csv"
grep_in "$T/err" 'sport is needed' "--columns: a missing role is a usage error"
run_fm 2 stats --columns "$map" --format nfdump "$T/own.csv"
grep_in "$T/err" 'not both' "--columns with --format"
run_fm 2 stats --columns "$map,time=Begin" "$T/own.csv"
grep_in "$T/err" 'time is given twice' "a role twice"
run_fm 1 stats --columns "src=client,dst=server,sport=client port,dport=Port" "$T/own.csv"
grep_in "$T/err" 'own.csv: columns: the header has no column "Port" (dport)' "a column not in the header"
printf 'Client,Server\n\033]2;owned\007,b\n' >"$T/esc.csv"
run_fm 1 stats --columns "src=Client,dst=Server,sport=x,dport=y" "$T/esc.csv"
check "no control bytes in messages" sh -c "! grep -q \"$(printf '\033')\" '$T/err'"
# A header that is not nfdump's: a clear error, not 0 records.
printf 'ts,te,td,src,dst,sp,dp,pr\n1,2,3,a,b,4,5,6\n' >"$T/other.csv"
run_fm 1 stats --format nfdump "$T/other.csv"
grep_in "$T/err" 'other.csv: nfdump: the header has no column "sa" (src)' "nfdump: a header without sa"
finish
