# man/keys2man.awk - the KEYS section of flowmap.1 from man/keys.txt, which
# is itself generated from the key table (src/tui/keys.c).  Keys with the
# same help are joined on one line.  tests/shell/cli.sh checks that the man
# page holds exactly this output:
#   awk -f man/keys2man.awk man/keys.txt
# and tests/unit/test_keys that it shows every key of the table.
# A section line is "[name]" alone; a key line has a tab, even when the
# key is "[" itself.
function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	return s
}
function flush() {
	if (keys != "")
		printf ".TP\n%s\n%s\n", keys, esc(help)
	keys = ""
}
/^#/ { next }
/^\[notes\]$/ { flush(); notes = 1; print ".SS Colours and sizes"; print ".nf"; next }
/^\[[^\t]*\]$/ {
	flush()
	view = substr($0, 2, length($0) - 2)
	printf ".SS \"%s%s\"\n", toupper(substr(view, 1, 1)), substr(view, 2)
	next
}
notes { print esc($0); next }
{
	tab = index($0, "\t")
	k = substr($0, 1, tab - 1); h = substr($0, tab + 1)
	if (k == "text")
		k = "\\fItext\\fR"
	else
		k = "\\fB" esc(k) "\\fR"
	if (h == help && keys != "") {
		keys = keys ", " k
		next
	}
	flush()
	keys = k; help = h
}
END { flush(); if (notes) print ".fi" }
