# tests/hostile/inputs.sh - sourced by run.sh: make_input NAME FILE writes
# the hostile input NAME.  Everything is generated (deterministically), so
# nothing large, binary or full of escape bytes is committed: each case is
# a few lines of shell that say exactly what is in the file.
#
# Most inputs are the 60 good lines of `base` (17 computers, enough for
# features and embed with --min-flows 1) plus one hostile thing, so each
# case can check both the message and what was still read.

# The good lines of lanl2015: time,duration,src,sport,dst,dport,proto,pkts,bytes
base_lines() {
	awk -v from="${1:-1}" -v to="${2:-60}" 'BEGIN {
		for (i = from; i <= to; i++)
			printf "%d,%d,C%d,N%d,C%d,%s,6,3,%d\n", i, i % 4, i % 12 + 1,
			    1000 + i, 100 + (i * 7) % 5 + 1, i % 3 ? "80" : "443", 100 + i
	}'
}

# The same flows as lanl2017 (header, 11 fields).
lanl2017_lines() {
	echo "Time,Duration,SrcDevice,DstDevice,Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes"
	awk 'BEGIN {
		for (i = 1; i <= 60; i++)
			printf "%d,%d,Comp%d,Comp%d,6,Port%05d,%s,3,2,%d,%d\n", i, i % 4,
			    i % 12 + 1, 100 + (i * 7) % 5 + 1, 1000 + i,
			    i % 3 ? "80" : "443", 100 + i, 50 + i
	}'
}

# lanl2015 lines on stdin as nfdump CSV lines (the first 15 columns).
to_nfdump() {
	awk -F, '{ t = strftime("%Y-%m-%d %H:%M:%S", 1700000000 + $1, 1)
		printf "%s,%s,%d.000,%s,%s,%s,%s,TCP,.,0,0,%s,%s,0,0\n", t, t, $2,
		    $3, $5, $4, $6, $8, $9 }'
}

# lanl2015 lines on stdin as Zeek JSON objects, one per line.
to_zeek_json() {
	awk -F, '{ printf "{\"ts\":%d.5,\"id.orig_h\":\"%s\",\"id.orig_p\":\"%s\",\"id.resp_h\":\"%s\",\"id.resp_p\":%s,\"proto\":\"tcp\",\"duration\":%d,\"orig_pkts\":%s,\"orig_ip_bytes\":%s,\"tunnel_parents\":[]}\n", $1, $3, $4, $5, $6, $2, $8, $9 }'
}

# The good lines as a Zeek TSV conn.log with its header.
zeek_log() {
	printf '#separator \\x09\n#path\tconn\n'
	printf '#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_pkts\torig_ip_bytes\n'
	base_lines "$@" | awk -F, -v OFS='\t' '{ print $1, $3, $4, $5, $6, "tcp", $2, $8, $9 }'
}

# bytes N SEED: N pseudo-random bytes (1..255; NUL has its own case)
random_bytes() {
	LC_ALL=C awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++)
			printf "%c", 1 + int(255 * rand())
	}'
}

# The escape sequences a name can carry: CSI (colour, cursor home), OSC 2
# (window title), OSC 52 (clipboard), a C1 CSI byte, BEL.  A terminal that
# got them raw would show XSTART at the top left, retitle the pane, fill
# the clipboard with "PWNED".
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI_NAME="C${ESC}[31mRED"
HOME_NAME="${ESC}[HXSTART"
OSC2_NAME="${ESC}]2;PWNED${BEL}"
OSC52_NAME="${ESC}]52;c;UFdORUQ=${BEL}"
C1_NAME=$(printf 'C\233\061mC1')

make_input() {
	name=$1
	f=$2
	case $name in
	base)
		base_lines >"$f" ;;
	empty)
		: >"$f" ;;
	blank-lines)
		printf '\n\n\r\n\n' >"$f" ;;
	header-only)
		lanl2017_lines | head -1 >"$f" ;;
	crlf)
		base_lines | sed 's/$/\r/' >"$f" ;;
	cr-inside)
		{ base_lines; printf '61,0,C1\r,N1,C2,80,6,3,100\n'; } >"$f" ;;
	no-final-newline)
		base_lines | awk '{ printf "%s%s", sep, $0; sep = "\n" }' >"$f" ;;
	too-few)
		{ base_lines 1 30; echo "31,0,C1,N1,C2"; base_lines 31 60; } >"$f" ;;
	too-many)
		{ base_lines 1 30; echo "31,0,C1,N1,C2,80,6,3,100,7"; base_lines 31 60; } >"$f" ;;
	many-fields)
		{ base_lines; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "1,"; print 1 }'; } >"$f" ;;
	non-numeric)
		{ base_lines; echo "61,0,C1,N1,C2,80,6,3,12x"; } >"$f" ;;
	negative)
		{ base_lines; echo "61,0,C1,N1,C2,80,6,-3,100"; } >"$f" ;;
	bad-proto)
		{ base_lines; echo "61,0,C1,N1,C2,80,256,3,100"; } >"$f" ;;
	overflow)
		{ base_lines; echo "61,0,C1,N1,C2,80,6,3,18446744073709551616"; } >"$f" ;;
	max-u64)
		{ base_lines; echo "61,0,C1,N1,C2,80,6,3,18446744073709551615";
		  echo "62,0,C1,N1,C2,80,6,3,18446744073709551615"; } >"$f" ;;
	overflow-2017)
		{ lanl2017_lines;
		  echo "61,0,Comp1,Comp2,6,1,2,1,1,18446744073709551615,1"; } >"$f" ;;
	long-line)
		# A 1 MB line between lines 30 and 31 of base.
		{ base_lines 1 30
		  awk 'BEGIN { s = "x"; while (length(s) < 1048576) s = s s; print "1,0," s }'
		  base_lines 31 60; } >"$f" ;;
	long-name)
		{ base_lines; awk 'BEGIN { s = "C"; for (i = 0; i < 300; i++) s = s "x"
		    print "61,0," s ",N1,C2,80,6,3,100" }'; } >"$f" ;;
	nul)
		{ base_lines 1 30; printf '31,0,C1,N1\000,C2,80,6,3,100\n'; base_lines 31 60; } >"$f" ;;
	bad-utf8)
		# Valid records whose names are not UTF-8: kept, written escaped.
		{ base_lines; for i in 1 2 3; do
		    printf '6%d,0,C\377\376%d,N1,C2,\300\257,6,3,100\n' $i $i; done; } >"$f" ;;
	quoted)
		# Quoted fields are CSV: records.  An open quote is malformed.
		{ base_lines 1 58
		  echo '59,"1","C1","N1","C2","80","6","3","100"'
		  echo '60,1,"C""Q",N1,"C,2",80,6,3,100'
		  echo '61,1,"C1,N1,C2,80,6,3,100'; } >"$f" ;;
	escapes)
		# Names with escape sequences, each in several records (kept with
		# --min-flows 1); then a malformed line that quotes one.
		{ base_lines
		  for n in "$CSI_NAME" "$HOME_NAME" "$OSC2_NAME" "$OSC52_NAME" "$C1_NAME"; do
			for i in 1 2 3; do
				printf '70,0,%s,N5,C2,80,6,3,100\n' "$n"
				printf '71,0,C3,%s,%s,443,6,3,100\n' "$n" "$n"
			done
		  done
		  printf '72,0,C1,N1,C2,80,6,3,%s\n' "$OSC52_NAME"; } >"$f" ;;
	nfdump-escapes)
		# The escapes input as nfdump CSV: header, records, a bad date
		# quoting a name, nfdump's Summary block.
		out=$f; make_input escapes "$out.src"; f=$out
		{ echo "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt"
		  grep -av '^72,' "$f.src" | to_nfdump
		  printf '%s,x,0.0,C1,C2,1,2,TCP,.,0,0,1,1,0,0\n' "$OSC2_NAME"
		  printf 'Summary\nflows,bytes,packets,avg_bps,avg_pps,avg_bpp\n1,2,3,4,5,6\n'
		} >"$f"
		rm -f "$f.src" ;;
	zeek-escapes)
		# The same as a Zeek conn.log, with a bad count quoting a name.
		out=$f; make_input escapes "$out.src"; f=$out
		{ printf '#separator \\x09\n#path\tconn\n'
		  printf '#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\n'
		  grep -av '^72,' "$f.src" | awk -F, -v OFS='\t' \
		      '{ print $1, $3, $4, $5, $6, "tcp", $2, $8, $9, 0, 0 }'
		  printf '9\tC1\t1\tC2\t2\ttcp\t0\t1\t%s\t0\t0\n' "$OSC52_NAME"
		} >"$f"
		rm -f "$f.src" ;;
	json-cut)
		# Zeek JSON, one object cut short (a log rotated mid-write).
		{ base_lines | to_zeek_json
		  printf '{"ts":61,"id.orig_h":"C1","id.orig_p":"N1","id.re\n'; } >"$f" ;;
	json-deep)
		# An object nested ten thousand levels deep.
		{ base_lines | to_zeek_json
		  printf '{"ts":61,"x":'
		  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "[" }'
		  printf '\n'; } >"$f" ;;
	json-huge)
		{ base_lines | to_zeek_json
		  printf '{"ts":61,"id.orig_h":"C1","id.orig_p":1,"id.resp_h":"C2","id.resp_p":2,"orig_pkts":123456789012345678901234567890}\n'
		  printf '{"ts":1e999,"id.orig_h":"C1","id.orig_p":1,"id.resp_h":"C2","id.resp_p":2}\n'; } >"$f" ;;
	json-types)
		{ base_lines | to_zeek_json
		  printf '{"ts":61,"id.orig_h":"C1","id.orig_p":true,"id.resp_h":"C2","id.resp_p":2}\n'
		  printf '{"ts":62,"id.orig_h":["C1"],"id.orig_p":1,"id.resp_h":"C2","id.resp_p":2}\n'
		  printf '{"ts":"yesterday","id.orig_h":"C1","id.orig_p":1,"id.resp_h":"C2","id.resp_p":2}\n'; } >"$f" ;;
	json-escapes)
		# Names that carry escape sequences, as JSON escapes and raw.
		{ base_lines | to_zeek_json
		  printf '{"ts":61,"id.orig_h":"\\u001b]2;PWNED\\u0007","id.orig_p":1,"id.resp_h":"C2","id.resp_p":2}\n'
		  printf '{"ts":62,"id.orig_h":"C1","id.orig_p":1,"id.resp_h":"\\u009b31mC1","id.resp_p":2}\n'
		  printf '{"ts":63,"id.orig_h":"%s","id.orig_p":1,"id.resp_h":"C2","id.resp_p":2}\n' "$HOME_NAME"; } >"$f" ;;
	zeek-fields-bomb)
		# A #fields line of a hundred thousand columns, mid-file.
		{ zeek_log 1 30
		  printf '#fields'
		  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "\tf%d", i }'
		  printf '\n'; base_lines 31 60 | awk -F, -v OFS='\t' '{ print $1, $3 }'; } >"$f" ;;
	zeek-fields-drop)
		# A Zeek upgrade's header without the responder's address.
		{ zeek_log 1 30
		  printf '#fields\tts\tid.orig_h\tid.orig_p\tresp_addr\tid.resp_p\n'
		  base_lines 31 60 | awk -F, -v OFS='\t' '{ print $1, $3, $4, $5, $6 }'; } >"$f" ;;
	zeek-fields-reorder)
		# Concatenated across an upgrade: the columns in another order.
		{ zeek_log 1 30
		  printf '#fields\tid.resp_p\tid.resp_h\tts\tid.orig_h\tid.orig_p\tproto\n'
		  base_lines 31 60 | awk -F, -v OFS='\t' '{ print $6, $5, $1, $3, $4, "tcp" }'; } >"$f" ;;
	nfcapd-gz)
		# An nfcapd file inside gzip: nfdump cannot read it from a pipe.
		{ printf '\014\245\002\000'; random_bytes 4000 9; } | gzip -c >"$f" ;;
	nfcapd-junk)
		# nfdump's magic and layout version 2, then junk: nfdump fails.
		{ printf '\014\245\002\000'; random_bytes 4000 9; } >"$f" ;;
	random)
		random_bytes 65536 7 >"$f" ;;
	random-lines)
		# Random bytes in the shape of lines: every one malformed.
		random_bytes 65536 8 | tr '\033' '\n' >"$f" ;;
	gz-cut)
		# 3000 lines, gzip, cut in the middle of the deflate data.
		for k in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 \
		    20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 \
		    40 41 42 43 44 45 46 47 48 49; do base_lines; done | gzip -n -c >"$f.full"
		head -c $(( $(wc -c <"$f.full") / 2 )) "$f.full" >"$f"
		rm -f "$f.full" ;;
	gz-header-only)
		printf '\037\213' >"$f" ;;
	gz-trailing)
		{ base_lines | gzip -n -c; printf 'garbage after the gzip member\n'; } >"$f" ;;
	gz-members)
		{ base_lines 1 30 | gzip -n -c; base_lines 31 60 | gzip -n -c; } >"$f" ;;
	gz-empty)
		: >"$f" ;;
	gz-of-empty)
		: | gzip -n -c >"$f" ;;
	lanl2017)
		lanl2017_lines >"$f" ;;
	*)
		echo "make_input: no input '$name'" >&2
		return 1 ;;
	esac
}

# The name a case's input is written under (the suffix matters to nobody
# but the reader: the loader goes by the gzip magic).
input_file() {
	case $1 in
	gz-*)		echo "$1.gz" ;;
	tsv-*)		echo "$1.tsv" ;;
	# The file name itself carries an OSC 2 (title) sequence.
	escape-name)	printf 'esc-\033]2;PWNED\007.csv\n' ;;
	*)		echo "$1.csv" ;;
	esac
}

# Inputs made from others, and the TSV matrices of embed --features.
make_input_more() {
	case $1 in
	escape-name)
		{ base_lines; echo "61,0,C1,N1,C2,80,6,3,12x"; } >"$2" ;;
	tsv-good)
		printf 'computer\ta\tb\nC1\t1\t2\nC2\t3\t4\nC3\t5\t7\nC4\t0\t1\n' >"$2" ;;
	tsv-escapes)
		printf 'a\tb\n1\t2\n\033[31m\t\033]52;c;UFdORUQ=\007\n' >"$2" ;;
	tsv-nan)
		printf 'a\tb\n1\t2\n3\tnan\n' >"$2" ;;
	tsv-ragged)
		printf 'a\tb\tc\n1\t2\t3\n4\t5\n' >"$2" ;;
	tsv-empty)
		: >"$2" ;;
	tsv-header-only)
		printf 'a\tb\n' >"$2" ;;
	tsv-nul)
		printf 'a\tb\n1\t2\n3\0\t4\n' >"$2" ;;
	missing)
		;;
	directory)
		mkdir -p "$2" ;;
	*)
		make_input "$@" ;;
	esac
}
