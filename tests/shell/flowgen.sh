#!/bin/sh
# flowgen.sh - the traffic generator: determinism, both formats' shape,
# the swap share, the roles file, numeric ports, gzip output, usage errors.
#
# Run by `make check` with FLOWGEN and FLOWMAP set; standalone, from a
# build directory: sh /path/to/tests/shell/flowgen.sh
# Exit 0 pass, 1 fail (files kept), 77 skip.
#
# `test && ok ... || bad ...` is safe here: ok always succeeds.
# shellcheck disable=SC2015
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
: "${FLOWGEN:=$top_builddir/examples/flowgen}"
: "${FLOWMAP:=$top_builddir/src/flowmap}"
[ -x "$FLOWGEN" ] || { echo "SKIP: $FLOWGEN not built"; exit 77; }
# lib.sh: $T, fail (counts and goes on), finish (keeps $T on failure).
. "$top_srcdir/tests/shell/lib.sh"
tmp=$T

ok() {
	checks=$((checks + 1))
	echo "ok: $*"
}
bad() {
	checks=$((checks + 1))
	fail "$@"
}
gen() {
	"$FLOWGEN" --computers 300 --flows 20000 "$@"
}

# ---- determinism
gen --seed 7 > "$tmp/a" && gen --seed 7 > "$tmp/b" && gen --seed 8 > "$tmp/c" ||
	bad "flowgen did not run"
if cmp -s "$tmp/a" "$tmp/b"; then ok "same seed, same bytes"
else bad "same seed gave different output"; fi
if cmp -s "$tmp/a" "$tmp/c"; then bad "different seeds gave the same output"
else ok "different seed, different bytes"; fi
n=$(wc -l < "$tmp/a")
[ "$n" -eq 20000 ] && ok "--flows 20000 gives 20000 lines" ||
	bad "--flows 20000 gave $n lines"

# ---- lanl2015 shape: 9 fields, names, ports, protocols, sorted time
errs=$(awk -F, '
	NF != 9 { print NR ": " NF " fields"; next }
	$1 !~ /^[0-9]+$/ || $1 < 1 || $1 > 86400 || $1 < last { print NR ": time " $1 }
	{ last = $1 }
	$3 !~ /^C[0-9]+$/ || $5 !~ /^C[0-9]+$/ { print NR ": computer" }
	$4 !~ /^(N[0-9]+|[0-9]+)$/ || $6 !~ /^(N[0-9]+|[0-9]+)$/ { print NR ": port" }
	$7 !~ /^(1|6|17|41)$/ { print NR ": protocol " $7 }
	$8 !~ /^[0-9]+$/ || $9 !~ /^[0-9]+$/ || $8 < 1 || $9 < $8 * 20 { print NR ": sizes" }
' "$tmp/a" | head -5)
[ -z "$errs" ] && ok "lanl2015 lines are well formed" || bad "lanl2015: $errs"
nports=$(awk -F, '$4 ~ /^N/ || $6 ~ /^N/' "$tmp/a" | wc -l)
[ "$nports" -gt 10000 ] && ok "lanl2015 has N-ports ($nports lines)" ||
	bad "lanl2015: only $nports lines with N-ports"
protos=$(cut -d, -f7 "$tmp/a" | sort -u | tr '\n' ' ')
[ "$protos" = "1 17 41 6 " ] && ok "protocols 1, 6, 17, 41 all occur" ||
	bad "protocols seen: $protos"
# Heavy tail: the busiest computer is far above the median one.
tail=$(awk -F, '{ c[$3]++; c[$5]++ } END { for (k in c) print c[k] }' "$tmp/a" |
	sort -n | awk '{ v[NR] = $1 } END { print (v[NR] > 20 * v[int(NR / 2) + 1]) }')
[ "$tail" = 1 ] && ok "flows per computer are heavy-tailed" ||
	bad "flows per computer are not heavy-tailed"

# ---- headers
gen --header > "$tmp/h"
if head -n 1 "$tmp/h" | grep -q '^time,duration,src computer' &&
    ! head -n 1 "$tmp/a" | grep -q '[a-z] '; then
	ok "lanl2015 header only with --header"
else
	bad "lanl2015 header"
fi
gen --format lanl2017 --flows 50000 > "$tmp/y" || bad "lanl2017 did not run"
gen --format lanl2017 --header > "$tmp/yh"
if head -n 1 "$tmp/yh" | grep -qx 'Time,Duration,SrcDevice,DstDevice,Protocol,SrcPort,DstPort,SrcPackets,DstPackets,SrcBytes,DstBytes' &&
    head -n 1 "$tmp/y" | grep -q '^[0-9]'; then
	ok "lanl2017 header only with --header"
else
	bad "lanl2017 header"
fi

# ---- lanl2017 shape: 11 fields, devices, Port tokens (some > 65535)
errs=$(awk -F, '
	NF != 11 { print NR ": " NF " fields"; next }
	$3 !~ /^(Comp[0-9]+|IP[0-9]+|[A-Z][A-Za-z]+)$/ { print NR ": device " $3 }
	$4 !~ /^(Comp[0-9]+|IP[0-9]+|[A-Z][A-Za-z]+)$/ { print NR ": device " $4 }
	$6 !~ /^(Port[0-9]+|[0-9]+)$/ || $7 !~ /^(Port[0-9]+|[0-9]+)$/ { print NR ": port" }
	$6 ~ /^[0-9]+$/ && $6 != 0 { print NR ": server port on the src side" }
	$8 $9 $10 $11 !~ /^[0-9]+$/ { print NR ": sizes" }
' "$tmp/y" | head -5)
[ -z "$errs" ] && ok "lanl2017 lines are well formed" || bad "lanl2017: $errs"
big=$(awk -F, '{ for (i = 6; i <= 7; i++) if ($i ~ /^Port/ && substr($i, 5) + 0 > 65535) n++ }
	END { print n + 0 }' "$tmp/y")
[ "$big" -gt 0 ] && ok "lanl2017 has Port ids above 65535 ($big)" ||
	bad "lanl2017: no Port id above 65535"
kinds=$(cut -d, -f3,4 "$tmp/y" | tr ',' '\n' | sed 's/[0-9]*$//' | sort -u | tr '\n' ' ')
case $kinds in
*Comp*IP*) ok "lanl2017 devices: $kinds" ;;
*) bad "lanl2017 devices: $kinds" ;;
esac
echo "$kinds" | grep -q 'ActiveDirectory' || bad "no named device (ActiveDirectory)"

# ---- the swap share: service ports on the src side against N on the dst
swapped() {
	awk -F, '
	function svc(p) { return p ~ /^[0-9]+$/ && p + 0 > 0 && p + 0 < 32768 }
	svc($4) && $6 ~ /^N/ { s++ }
	svc($6) && $4 ~ /^N/ { d++ }
	END { if (s + d == 0) print "none"; else printf "%.3f\n", s / (s + d) }' "$1"
}
gen --swap-share 0.3 --flows 40000 > "$tmp/s30"
share=$(swapped "$tmp/s30")
awk -v s="$share" 'BEGIN { exit !(s > 0.27 && s < 0.33) }' &&
	ok "swap share 0.3 gives $share" || bad "swap share 0.3 gives $share"
gen --swap-share 0 > "$tmp/s0"
share=$(swapped "$tmp/s0")
[ "$share" = "0.000" ] && ok "swap share 0 swaps nothing" ||
	bad "swap share 0 gives $share"
gen --swap-share 1 > "$tmp/s1"
share=$(swapped "$tmp/s1")
[ "$share" = "1.000" ] && ok "swap share 1 swaps all" ||
	bad "swap share 1 gives $share"

# ---- the roles file covers every computer, in both formats
for f in lanl2015 lanl2017; do
	gen --format $f --roles "$tmp/roles-$f.csv" > "$tmp/r-$f" ||
		bad "$f with --roles did not run"
	cols=$([ $f = lanl2015 ] && echo 3,5 || echo 3,4)
	missing=$(cut -d, -f"$cols" "$tmp/r-$f" | tr ',' '\n' | sort -u |
		awk -F, 'NR == FNR { if (FNR > 1) known[$1] = 1; next }
			!($1 in known) { print $1 }' "$tmp/roles-$f.csv" - | head -3)
	[ -z "$missing" ] && ok "$f: roles file covers every computer" ||
		bad "$f: computers missing from the roles file: $missing"
done
[ "$(head -n 1 "$tmp/roles-lanl2015.csv")" = "computer,role" ] ||
	bad "roles file header"
for f in lanl2015 lanl2017; do
	dup=$(cut -d, -f1 "$tmp/roles-$f.csv" | sort | uniq -d | head -3)
	[ -z "$dup" ] && ok "$f: computer names are unique" ||
		bad "$f: names used twice: $dup"
done
nroles=$(tail -n +2 "$tmp/roles-lanl2015.csv" | cut -d, -f2 | sort -u | wc -l)
nrows=$(($(wc -l < "$tmp/roles-lanl2015.csv") - 1))
[ "$nroles" -ge 12 ] && [ "$nrows" -eq 300 ] &&
	ok "roles file: $nrows computers, $nroles roles" ||
	bad "roles file: $nrows computers, $nroles roles"

# ---- numeric ports: no tokens, client ports in the ephemeral ranges
for f in lanl2015 lanl2017; do
	gen --format $f --numeric-ports > "$tmp/num-$f"
	toks=$(grep -c 'N[0-9]\|Port[0-9]' "$tmp/num-$f")
	[ "$toks" -eq 0 ] && ok "$f --numeric-ports: no N/Port tokens" ||
		bad "$f --numeric-ports: $toks lines with tokens"
done
high=$(awk -F, '$4 >= 32768 || $6 >= 32768' "$tmp/num-lanl2015" | wc -l)
[ "$high" -gt 15000 ] && ok "numeric ephemeral ports ($high lines)" ||
	bad "numeric ports: only $high lines with an ephemeral port"

# ---- gzip output: the same flows, and no temporary file left
mkdir "$tmp/gz"
gen --seed 7 -o "$tmp/gz/out.csv.gz" || bad "-o out.csv.gz did not run"
if gzip -dc "$tmp/gz/out.csv.gz" | cmp -s - "$tmp/a"; then
	ok "gzip output decompresses to the plain output"
else
	bad "gzip output differs from the plain output"
fi
gen --seed 7 -o "$tmp/gz/out.csv" && cmp -s "$tmp/gz/out.csv" "$tmp/a" ||
	bad "-o plain file differs from stdout"
left=
for x in "$tmp"/gz/*; do
	case ${x##*/} in out.csv|out.csv.gz) ;; *) left="$left ${x##*/}" ;; esac
done
[ -z "$left" ] && ok "no temporary files left" || bad "left behind: $left"

# ---- usage errors: exit 2 with a message
for args in "--flows 0" "--flows x" "--flows -5" "--computers 10" \
    "--format lanl2016" "--swap-share 1.5" "--swap-share abc" "--days 0" \
    "--bogus" "extra" "--seed" "-o" ; do
	# shellcheck disable=SC2086
	"$FLOWGEN" $args > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q '^flowgen: ' "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok "'$args' is a usage error"
	else
		bad "'$args' gave exit $rc: $(head -n 1 "$tmp/err")"
	fi
done
"$FLOWGEN" --help > "$tmp/help" && grep -q -- '--swap-share' "$tmp/help" &&
	grep -q -- '--numeric-ports' "$tmp/help" && ok "--help lists the options" ||
	bad "--help"
"$FLOWGEN" --computers 300 --flows 10 -o "$tmp/no/such/dir/x" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'flowgen: ' "$tmp/err" && ok "unwritable output: exit 1" ||
	bad "unwritable output gave exit $rc"

# ---- flowmap reads what flowgen writes
if [ -x "$FLOWMAP" ]; then
	for f in a y; do
		if "$FLOWMAP" stats --json "$tmp/$f" > "$tmp/stats.json" 2> "$tmp/err" &&
		    grep -q '^  "records": [0-9]*,' "$tmp/stats.json" &&
		    grep -q '^  "malformed": 0,' "$tmp/stats.json"; then
			ok "flowmap stats reads $f cleanly"
		else
			bad "flowmap stats on $f: $(head -n 3 "$tmp/err" "$tmp/stats.json")"
		fi
	done
fi

finish
