#!/bin/sh
# flowmap on what the real nfdump tools write, against nfdump's own counts.
#
# A capture of ordinary traffic (tests/tools/mkpcap.py, scapy) goes through
# nfpcapd into several nfcapd files, one per 5-minute window, as a
# collector writes them; nfdump exports them as CSV.  flowmap stats must
# agree with nfdump's Summary and its -s proto / -s dstport statistics
# whichever way the same flows reach it: the CSV files, one -R export, the
# -q export, gzip, stdin, the nfcapd files themselves (plain and LZ4), and
# nfdump -b's bidirectional records; the features and the map must give
# each computer the flows, bytes, packets and seconds of the export; a
# directory of the nfcapd files and the capture itself (through nfpcapd)
# give the same.  Then
# what goes wrong with nfcapd files: damaged, hostile names, nfdump missing
# or failing, and no temporary file left behind.
#
# Skipped (77) without nfdump or a python3 that has scapy; .ci/run installs
# both (Debian packages nfdump and python3-scapy).
for tool in nfpcapd nfdump; do
	command -v $tool >/dev/null ||
		{ echo "$tool missing (Debian package nfdump)"; exit 77; }
done
# The python3 first on PATH may be one without Debian's scapy.
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import scapy.all' >/dev/null 2>&1; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "no python3 with scapy (Debian package python3-scapy)"; exit 77; }

. "${top_srcdir}/tests/shell/lib.sh"
# nfdump writes local time and flowmap reads its dates as UTC: our own
# exports are made in UTC, as flowmap makes its own.
TZ=UTC
export TZ
# flowmap keeps nfdump's messages in a temporary file: none may be left.
mkdir "$T/tmp"
TMPDIR=$T/tmp
export TMPDIR

# --- the flows ---------------------------------------------------------------

"$PY" "$top_srcdir/tests/tools/mkpcap.py" "$T/t.pcap" 7 16 2>"$T/mkpcap.err" ||
	{ cat "$T/mkpcap.err"; fail "mkpcap.py"; finish; }
mkdir "$T/nf"
nfpcapd -r "$T/t.pcap" -w "$T/nf" -t 300 >"$T/nfpcapd.out" 2>&1 ||
	{ tail -5 "$T/nfpcapd.out"; fail "nfpcapd"; finish; }
set -- "$T"/nf/nfcapd.*
nfiles=$#
checks=$((checks + 1))
[ "$nfiles" -ge 3 ] || fail "nfpcapd -t 300 on 16 minutes: $nfiles files, expected at least 3"

# Each file exported as a collector's user would, and all at once.
for f in "$T"/nf/nfcapd.*; do
	nfdump -r "$f" -o csv >"$f.csv" && nfdump -r "$f" -q -o csv >"$f.q.csv" ||
		fail "nfdump -r $(basename "$f")"
done
mv "$T"/nf/*.csv "$T/"
nfdump -R "$T/nf" -o csv >"$T/all.csv" || fail "nfdump -R"
nfdump -R "$T/nf" -b -o csv >"$T/bidir.csv" || fail "nfdump -R -b"
nfdump -R "$T/nf" -o csv -s proto -n 0 >"$T/s-proto.csv" || fail "nfdump -s proto"
nfdump -R "$T/nf" -o csv -s dstport -n 0 >"$T/s-dstport.csv" || fail "nfdump -s dstport"
# The same flows in one LZ4-compressed file, as nfcapd -y writes them.
nfdump -R "$T/nf" -y -w "$T/all.lz4.nfcapd" || fail "nfdump -y -w"
# An nfcapd file without a flow: nfdump prints "No matching flows".
nfdump -R "$T/nf" -w "$T/empty.nfcapd" 'proto 99' >/dev/null || fail "nfdump -w (empty)"
nfdump -r "$T/empty.nfcapd" -o csv >"$T/empty.csv"
nfdump -r "$T/empty.nfcapd" -q -o csv >"$T/empty.q.csv"
gzip -c "$T/all.csv" >"$T/all.csv.gz"
# Exports concatenated, several times over: more than one 1 MiB chunk, so
# headers and Summary blocks also fall inside and across chunks.
for i in 1 2 3 4 5 6; do cat "$T"/nfcapd.*[0-9].csv; done >"$T/cat6.csv"

# data FILE...: the record lines of nfdump CSV (they start with a date).
data() {
	awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] /' "$@"
}

# nfsum N FILE: field N of the Summary line nfdump ends FILE with
# (1 flows, 2 bytes, 3 packets).
nfsum() {
	awk -F, -v n="$1" 'p { print $n; exit } /^flows,bytes,packets/ { p = 1 }' "$2"
}

# --- the oracle ----------------------------------------------------------------

# summary_of CSV...: the report flowmap must give, counted by awk from the
# record lines; bytes are ibyt+obyt, counted at both ends of each record.
summary_of() {
	data "$@" | awk -F, '
	function epoch(d,  c) {
		c = "date -u -d \"" d "\" +%s"; c | getline e; close(c); return e
	}
	BEGIN {
		num["TCP"] = 6; num["UDP"] = 17; num["ICMP"] = 1; num["ICMP6"] = 58
	}
	{
		n++; comp[$4]; comp[$5]; sp[$6]++; dp[$7]++
		p = $8; gsub(/ /, "", p); pr[(p in num) ? num[p] : p]++
		if (tmin == "" || $1 < tmin) tmin = $1
		if ($1 > tmax) tmax = $1
	} END {
		for (k in comp) nc++; for (k in sp) ns++; for (k in dp) nd++
		printf "records %d\nmalformed 0\ncomputers %d\n", n, nc
		printf "src_ports %d\ndst_ports %d\n", ns, nd
		printf "time_min %s\ntime_max %s\n", epoch(tmin), epoch(tmax)
		for (k in pr) printf "proto %s %d\n", k, pr[k]
		for (k in dp) printf "dst %s %d\n", k, dp[k]
		# The src/dst check: how often each service port is on each side.
		split("80 443 53", svc, " ")
		for (i = 1; i <= 3; i++)
			printf "check %s %d %d\n", svc[i], sp[svc[i]], dp[svc[i]]
	}' | sort
}

# computers_of CSV...: "address flows bytes packets seconds" for every
# computer; bytes and packets are of both directions (ibyt+obyt,
# ipkt+opkt), seconds the durations (td) rounded.
computers_of() {
	data "$@" | awk -F, '{
		b = $13 + $15; p = $12 + $14; d = int($3 + 0.5)
		f[$4]++; by[$4] += b; pk[$4] += p; s[$4] += d
		if ($5 != $4) { f[$5]++; by[$5] += b; pk[$5] += p; s[$5] += d }
	} END { for (k in f) print k, f[k], by[k], pk[k], s[k] }' | sort
}

# The same from flowmap's JSON, every dst port (--top larger than all).
summary() {
	"$PY" -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError:
    sys.exit(print("no JSON report"))
out = ["records %d" % j["records"], "malformed %d" % j["malformed"],
       "computers %d" % j["computers"],
       "src_ports %d" % j["distinct_src_ports"],
       "dst_ports %d" % j["distinct_dst_ports"],
       "time_min %s" % j["time_min"], "time_max %s" % j["time_max"]]
out += ["proto %d %d" % (p["protocol"], p["count"]) for p in j["top_protocols"]]
out += ["dst %s %d" % (p["port"], p["count"]) for p in j["top_dst_ports"]]
out += ["check %d %d %d" % (c["port"], c["as_src"], c["as_dst"])
        for c in j["src_dst_check"] if c["port"] in (80, 443, 53)]
print("\n".join(out))' | sort
}

# files_of: "format container records malformed" of each file in the JSON.
files_of() {
	"$PY" -c '
import json, sys
try:
    files = json.load(sys.stdin)["files"]
except ValueError:
    sys.exit(print("no JSON report"))
for f in files:
    print(f["format"], f["container"], f["records"], f["malformed"])'
}

summary_of "$T/all.csv" >"$T/want"

# The oracle itself against nfdump's own numbers: its Summary line (flows,
# bytes), its -s proto and -s dstport flow counts.
nf_flows=$(nfsum 1 "$T/all.csv")
nf_bytes=$(nfsum 2 "$T/all.csv")
expect_eq "oracle records = nfdump's Summary flows" "$nf_flows" \
    "$(awk '$1 == "records" { print $2 }' "$T/want")"
checks=$((checks + 1))
[ "${nf_flows:-0}" -ge 300 ] || fail "a few hundred flows from nfpcapd, got $nf_flows"
expect_eq "Summary flows = -q record lines" "$nf_flows" "$(cat "$T"/nfcapd.*.q.csv | data | wc -l | tr -d ' ')"
data "$T/s-proto.csv" | awk -F, '{ print "proto " $5 " " $6 }' | sort >"$T/want-proto"
grep '^proto ' "$T/want" >"$T/want-proto.awk"
check "oracle protocols = nfdump -s proto" cmp -s "$T/want-proto" "$T/want-proto.awk"
data "$T/s-dstport.csv" | awk -F, '{ print "dst " $5 " " $6 }' | sort >"$T/want-dst"
grep '^dst ' "$T/want" >"$T/want-dst.awk"
check "oracle dst ports = nfdump -s dstport" cmp -s "$T/want-dst" "$T/want-dst.awk"
for p in 6 17 1 58; do
	checks=$((checks + 1))
	grep -q "^proto $p " "$T/want" || fail "the capture has no protocol $p flow"
done
for port in 443 80 22 3389 445 53 123; do
	checks=$((checks + 1))
	grep -q "^dst $port " "$T/want" || fail "the capture has no flow to port $port"
done
checks=$((checks + 1))
data "$T/all.csv" | cut -d, -f4 | grep -q ':' ||
	fail "the capture has no IPv6 flow"
expect_eq "oracle bytes = nfdump's Summary bytes" "$nf_bytes" \
    "$(data "$T/all.csv" | awk -F, '{ b += $13 + $15 } END { print b }')"

# --- flowmap stats, every way the flows can come ------------------------------

# same WHAT WANT ARGS...: flowmap stats --json ARGS must report WANT.
same() {
	what=$1 expected=$2; shift 2
	run_fm 0 stats --json --top 100000 "$@"
	cp "$T/out" "$T/out.$what"
	summary <"$T/out" >"$T/got.$what"
	checks=$((checks + 1))
	if ! cmp -s "$expected" "$T/got.$what"; then
		fail "$what: stats differ from nfdump's counts"
		diff "$expected" "$T/got.$what" | head -8 | sed 's/^/  /'
	fi
}

same csv "$T/want" "$T"/nfcapd.*[0-9].csv
files_of <"$T/out" | sort -u >"$T/files"
expect_eq "csv: every file nfdump, text, none malformed" "nfdump text 0" \
    "$(awk '{ print $1, $2, $4 }' "$T/files" | sort -u)"
# Per file: its records are its own Summary's flows.
for f in "$T"/nfcapd.*[0-9].csv; do
	nfsum 1 "$f"
done >"$T/want-perfile"
files_of <"$T/out.csv" | awk '{ print $3 }' >"$T/got-perfile"
check "csv: each file's records = its Summary flows" cmp -s "$T/want-perfile" "$T/got-perfile"

same all "$T/want" "$T/all.csv"
# A quiet window exported with -q is the one line "No matching flows".
same quiet "$T/want" "$T"/nfcapd.*.q.csv "$T/empty.q.csv"
same gzip "$T/want" "$T/all.csv.gz"
expect_eq "gzip: container" "nfdump gzip 0" "$(files_of <"$T/out" | awk '{ print $1, $2, $4 }')"
checks=$((checks + 1))
"$FLOWMAP" stats --json --top 100000 - <"$T/all.csv" >"$T/out" 2>"$T/err" || fail "stats - <all.csv"
summary <"$T/out" >"$T/got.stdin"
check "stdin: stats = nfdump's counts" cmp -s "$T/want" "$T/got.stdin"
same threads1 "$T/want" --threads 1 "$T"/nfcapd.*[0-9].csv
same format "$T/want" --format nfdump "$T/all.csv"

# The nfcapd files themselves.
same nfcapd "$T/want" "$T"/nf/nfcapd.*
expect_eq "nfcapd: every file nfdump, nfcapd, none malformed" "nfdump nfcapd 0" \
    "$(files_of <"$T/out" | awk '{ print $1, $2, $4 }' | sort -u)"
files_of <"$T/out" | awk '{ print $3 }' >"$T/got-perfile.nfcapd"
check "nfcapd: each file's records = its Summary flows" cmp -s "$T/want-perfile" "$T/got-perfile.nfcapd"
same lz4 "$T/want" "$T/all.lz4.nfcapd"
# A directory stands for its flow files, recursively, in name order (as
# nfdump -R reads it); anything else in it is skipped with one note.
same dir "$T/want" "$T/nf"
mkdir -p "$T/tree/b" "$T/tree/a"
cp "$T"/nf/nfcapd.* "$T/tree/b/"
echo "collector notes" >"$T/tree/a/README"
touch "$T/tree/.hidden" "$T/tree/nfcapd.current.4711"
same tree "$T/want" "$T/tree"
grep_in "$T/err" "1 file in the directories skipped: not flow files (the first: $T/tree/a/README)" \
	"a directory: the other file skipped with one note"
expect_eq "a directory: its files in name order" "$(ls "$T"/tree/b/nfcapd.* | tr '\n' ' ')" \
	"$("$PY" -c 'import json,sys; print(" ".join(f["name"] for f in json.load(open(sys.argv[1]))["files"]), end=" ")' "$T/out.tree")"
mkdir "$T/nothing"
echo x >"$T/nothing/x.txt"
run_fm 1 stats "$T/nothing"
grep_in "$T/err" "nothing: a directory without a flow file in it" "a directory without flows"
# The capture itself: nfpcapd makes the flows, as it made the files.
same pcap "$T/want" "$T/t.pcap"
run_fm 0 stats "$T/all.lz4.nfcapd"
grep_in "$T/out" "all\.lz4\.nfcapd  *nfdump (nfcapd file, through nfdump)" "text report: an nfcapd file said"
# nfcapd files hold UTC instants: the analyst's time zone changes nothing.
TZ=America/New_York
same tz "$T/want" "$T"/nf/nfcapd.*
TZ=UTC
# nfcapd and CSV files in one run: the first window as nfcapd, the rest as
# CSV exports.
first=$(basename "$1")
# shellcheck disable=SC2046
same mixed "$T/want" "$1" $(for f in "$T"/nfcapd.*[0-9].csv; do
	[ "$f" = "$T/$first.csv" ] || echo "$f"; done)

# Concatenated exports over several chunks: header and Summary lines in the
# middle are skipped, not malformed; the counts are six times nfdump's.
summary_of "$T/cat6.csv" >"$T/want6"
expect_eq "cat6: six times the records" "$((6 * nf_flows))" "$(awk '$1 == "records" { print $2 }' "$T/want6")"
checks=$((checks + 1))
[ "$(wc -c <"$T/cat6.csv")" -gt 1100000 ] || fail "cat6.csv smaller than a chunk and a bit"
same cat6 "$T/want6" "$T/cat6.csv"
same cat6-3 "$T/want6" --threads 3 "$T/cat6.csv"

# Bidirectional records (nfdump -b): packets and bytes of both directions.
summary_of "$T/bidir.csv" >"$T/want-b"
checks=$((checks + 1))
[ "$(awk '$1 == "records" { print $2 }' "$T/want-b")" -lt "$nf_flows" ] ||
	fail "nfdump -b merged no flows"
same bidir "$T/want-b" "$T/bidir.csv"
expect_eq "bidir: nfdump's Summary bytes = sum of ibyt+obyt" \
    "$(nfsum 2 "$T/bidir.csv")" \
    "$(data "$T/bidir.csv" | awk -F, '{ b += $13 + $15 } END { print b }')"

# Flows, bytes, packets and seconds per computer: the features (flows,
# bytes) and the map (flows in + out, bytes in + out, packets, seconds),
# which do not depend on which side --direction=infer takes for the client.
computers_of "$T/all.csv" >"$T/want-comp"
computers_of "$T/bidir.csv" >"$T/want-comp-b"
for v in csv:all.csv nfcapd:nf bidir:bidir.csv; do
	what=${v%%:*} f=$T/${v#*:}
	[ -d "$f" ] && f=$(ls -d "$f"/nfcapd.* | tr '\n' ' ')
	expected=$T/want-comp
	[ "$what" = bidir ] && expected=$T/want-comp-b
	# shellcheck disable=SC2086
	run_fm 0 features --min-flows 1 -o "$T/feat.$what" $f
	awk -F'\t' 'NR == 1 { if ($2 != "flows" || $3 != "bytes") print "bad header" }
	    NR > 1 { print $1, $2, $3 }' "$T/feat.$what" | sort >"$T/comp.$what"
	# shellcheck disable=SC2086
	run_fm 0 embed --min-flows 1 --iter 50 --perplexity 5 -o "$T/map.$what" $f
	awk -F'\t' 'NR == 1 { if ($4 $5 $6 $7 $8 $9 != "flows_inflows_outbytes_inbytes_outpacketsseconds") print "bad header" }
	    NR > 1 { print $1, $4 + $5, $6 + $7, $8, $9 }' "$T/map.$what" | sort >"$T/mapc.$what"
	checks=$((checks + 2))
	if ! cut -d' ' -f1-3 "$expected" | cmp -s - "$T/comp.$what"; then
		fail "$what: flows and bytes per computer (features) differ from the export"
		cut -d' ' -f1-3 "$expected" | diff - "$T/comp.$what" | head -6 | sed 's/^/  /'
	fi
	if ! cmp -s "$expected" "$T/mapc.$what"; then
		fail "$what: flows, bytes, packets, seconds per computer (embed) differ from the export"
		diff "$expected" "$T/mapc.$what" | head -6 | sed 's/^/  /'
	fi
done
nf_packets=$(nfsum 3 "$T/all.csv")
expect_eq "bytes over computers = 2 x nfdump's Summary bytes" "$((2 * nf_bytes))" \
    "$(awk '{ b += $3 } END { printf "%d", b }' "$T/comp.nfcapd")"
expect_eq "packets over computers = 2 x nfdump's Summary packets" "$((2 * nf_packets))" \
    "$(awk '{ p += $4 } END { printf "%d", p }' "$T/mapc.nfcapd")"

# An nfcapd file without flows: nothing read, nothing malformed.
for f in empty.nfcapd empty.csv empty.q.csv; do
	run_fm 0 stats --json "$T/$f"
	expect_eq "$f: records, malformed" "0 0" \
	    "$(summary <"$T/out" | awk '$1 == "records" { r = $2 } $1 == "malformed" { m = $2 } END { print r, m }')"
done

# --- nfcapd files that cannot be read ------------------------------------------

# no_raw_esc WHAT: nothing on stderr can drive a terminal.
no_raw_esc() {
	checks=$((checks + 1))
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/err"; then
		fail "$1: raw control byte in a message"
	fi
}
# not_crashed WHAT: an orderly exit, not a signal or a sanitizer report.
not_crashed() {
	checks=$((checks + 1))
	if [ "$got" -gt 128 ] || grep -q -E 'AddressSanitizer|runtime error|LeakSanitizer' "$T/err"; then
		fail "$1: crashed (exit $got)"
		head -5 "$T/err" | sed 's/^/  /'
	fi
}

big=$(ls -S "$T"/nf/nfcapd.* | head -1)
size=$(wc -c <"$big")
# Truncated: nfdump says so on stderr but exits 0.
head -c $((size / 2)) "$big" >"$T/half.nfcapd"
run_fm 1 stats --json "$T/half.nfcapd"
grep_in "$T/err" "half\.nfcapd: .*nfdump" "truncated file: named, and nfdump's word"
grep_in "$T/err" "appendix offset error\|could not read" "truncated file: nfdump's reason"
expect_eq "truncated file: no report" "" "$(cat "$T/out")"
not_crashed "truncated file"
# Only the header left.
head -c 100 "$big" >"$T/head.nfcapd"
run_fm 1 stats "$T/head.nfcapd"
grep_in "$T/err" "head\.nfcapd: " "header only: named"
not_crashed "header only"
# A damaged file among good ones: the run stops, no partial result.
run_fm 1 stats --json "$T"/nf/nfcapd.* "$T/half.nfcapd"
expect_eq "damaged file among good ones: no report" "" "$(cat "$T/out")"
# -o: no output file is left when the run fails.
run_fm 1 features --min-flows 1 -o "$T/feat.bad" "$T/half.nfcapd"
check "damaged file: no -o file" test ! -e "$T/feat.bad"
# Records overwritten in the middle: nfdump reads junk values (a protocol
# "255  ", 2^64-1 bytes) without a word.  No crash, whatever flowmap thinks.
cp "$big" "$T/junk.nfcapd"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
	dd of="$T/junk.nfcapd" bs=1 seek=300 conv=notrunc 2>/dev/null
"$FLOWMAP" stats --json "$T/junk.nfcapd" >"$T/out" 2>"$T/err"
got=$?
not_crashed "overwritten records"
checks=$((checks + 1))
[ "$got" -le 1 ] || fail "overwritten records: exit $got"
# The magic alone: nfdump's magic then junk.
{ head -c 4 "$big"; head -c 3000 "$T/t.pcap"; } >"$T/magic.nfcapd"
run_fm 1 stats "$T/magic.nfcapd"
grep_in "$T/err" "magic\.nfcapd: " "magic and junk: named"
not_crashed "magic and junk"

# A hostile name: escaped wherever flowmap or nfdump repeats it.
bad=$(printf "$T/x\033]0;pwn\007.nfcapd")
cp "$T/half.nfcapd" "$bad"
run_fm 1 stats "$bad"
no_raw_esc "damaged file with a hostile name"
grep_in "$T/err" 'x\\e\]0;pwn\\x07\.nfcapd' "damaged file: hostile name escaped"
not_crashed "hostile name"
cp "$T/nf/$(basename "$1")" "$bad"
run_fm 0 stats --json "$bad"
no_raw_esc "good file with a hostile name"
checks=$((checks + 1))
LC_ALL=C grep -q "$(printf '\033')" "$T/out" && fail "hostile name: raw ESC in the JSON"
rm -f "$bad"

# nfcapd data on stdin: refused with a word, not read as text.
checks=$((checks + 1))
"$FLOWMAP" stats - <"$1" >"$T/out" 2>"$T/err"
got=$?
[ "$got" -eq 1 ] || fail "nfcapd on stdin: exit $got, expected 1"
grep_in "$T/err" "nfcapd" "nfcapd on stdin: said"

# --- without nfdump, or with one that fails -------------------------------------

mkdir "$T/nopath"
checks=$((checks + 1))
PATH=$T/nopath "$FLOWMAP" stats "$1" >"$T/out" 2>"$T/err"
got=$?
[ "$got" -eq 1 ] || fail "no nfdump on PATH: exit $got, expected 1"
grep_in "$T/err" "$(basename "$1"): " "no nfdump: the file named"
grep_in "$T/err" "package nfdump" "no nfdump: the Debian package named"
# A capture needs nfpcapd; without it flowmap says which program to get.
checks=$((checks + 1))
PATH=$T/nopath "$FLOWMAP" stats "$T/t.pcap" >"$T/out" 2>"$T/err"
got=$?
[ "$got" -eq 1 ] || fail "no nfpcapd on PATH: exit $got, expected 1"
grep_in "$T/err" "t.pcap: a packet capture; making flows of it needs nfpcapd" "no nfpcapd: said"
# A damaged capture: nfpcapd's own words.
printf '\324\303\262\241cut' >"$T/cut.pcap"
run_fm 1 stats "$T/cut.pcap"
grep_in "$T/err" "cut.pcap: nfpcapd could not make flows of it: pcap_open_offline() failed" \
	"a damaged capture: nfpcapd's message"
# The CSV export needs no nfdump.
checks=$((checks + 1))
PATH=$T/nopath "$FLOWMAP" stats --json --top 100000 "$T/all.csv" >"$T/out" 2>"$T/err" ||
	fail "CSV without nfdump on PATH"
summary <"$T/out" >"$T/got.nopath"
check "CSV without nfdump: the same counts" cmp -s "$T/want" "$T/got.nopath"

# An nfdump that writes some records and then fails, or dies by a signal:
# a partial read is not a result.
mkdir "$T/fake"
cat >"$T/fake/nfdump" <<EOF
#!/bin/sh
head -n 50 "$T/all.csv"
echo "nfdump: simulated read error" >&2
exit 3
EOF
chmod +x "$T/fake/nfdump"
checks=$((checks + 1))
PATH=$T/fake:$PATH "$FLOWMAP" stats --json "$1" >"$T/out" 2>"$T/err"
got=$?
[ "$got" -eq 1 ] || fail "failing nfdump: exit $got, expected 1"
grep_in "$T/err" "simulated read error" "failing nfdump: its message"
expect_eq "failing nfdump: no report" "" "$(cat "$T/out")"
cat >"$T/fake/nfdump" <<EOF
#!/bin/sh
head -n 50 "$T/all.csv"
kill -9 \$\$
EOF
checks=$((checks + 1))
PATH=$T/fake:$PATH "$FLOWMAP" stats --json "$1" >"$T/out" 2>"$T/err"
got=$?
[ "$got" -eq 1 ] || fail "killed nfdump: exit $got, expected 1"
grep_in "$T/err" "signal 9" "killed nfdump: said"

expect_eq "no temporary file left" "" "$(ls -A "$T/tmp")"
finish
