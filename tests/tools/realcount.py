#!/usr/bin/env python3
"""realcount.py PATH... - count the flow records and distinct computers of
real collectors' files, independently of flowmap, for tests/shell/realflows.sh.

One line per path: "PATH KIND RECORDS COMPUTERS".  Python's csv and json
modules read every row; nothing of flowmap's is used.  Kinds, told from the
content as a reader of these formats would:

  zeek-tsv   '#'-lines are comments; columns are (re)bound at every
             '#fields' line (even after stray blanks); the id columns may
             be renamed (id.orig_h, id_orig_h, src; id.resp_h, ...).
  zeek-json  one object per line, id.orig_h flat or under "id".
  argus      ra's CSV or TSV with a header; 'man' records are not flows.
  nfdump     nfdump -o csv of any version: rows starting with a date;
             addresses in sa/da or srcAddr/dstAddr (no header: -q, by the
             field count).
  nfcapd     nfdump -q -o csv of the file (or -R of a directory).
  pcap       nfpcapd into a temporary directory, then as nfcapd.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
SRC = ("id.orig_h", "id_orig_h", "src")
DST = ("id.resp_h", "id_resp_h", "dst")
NFDUMP_171 = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out," \
    "sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1," \
    "mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra," \
    "eng,exid,tr".split(",")
NFDUMP_175 = "firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort," \
    "packets,bytes,flows".split(",")


def first(names, columns):
    for n in names:
        if n in columns:
            return columns.index(n)
    raise SystemExit("no column of %s in %s" % (names, columns))


def zeek_tsv(path):
    records, hosts, cols = 0, set(), None
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            head = row[0].lstrip(" \t") if row[0].strip() else \
                (row[1] if len(row) > 1 else "")
            if head.startswith("#"):
                if row[0] == "#fields":
                    cols = row[1:]
                continue
            s, d = first(SRC, cols), first(DST, cols)
            records += 1
            hosts.update((row[s], row[d]))
    return records, hosts


def zeek_json(path):
    records, hosts = 0, set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            o = json.loads(line)
            if "id.orig_h" in o:
                hosts.update((o["id.orig_h"], o["id.resp_h"]))
            else:
                hosts.update((o["id"]["orig_h"], o["id"]["resp_h"]))
            records += 1
    return records, hosts


def argus(path):
    records, hosts = 0, set()
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        header = f.readline()
        f.seek(0)
        delim = "\t" if "\t" in header else ","
        for row in csv.DictReader(f, delimiter=delim):
            if row["Proto"].strip() == "man":
                continue
            records += 1
            hosts.update((row["SrcAddr"], row["DstAddr"]))
    return records, hosts


def nfdump_rows(lines):
    records, hosts, cols = 0, set(), None
    for row in csv.reader(lines):
        if not row:
            continue
        if row[0] in ("ts", "firstSeen"):
            cols = row
            continue
        if not DATE.match(row[0]):
            continue        # Summary, "No matching flows"
        c = cols or (NFDUMP_171 if len(row) == len(NFDUMP_171) else NFDUMP_175)
        s, d = first(("sa", "srcAddr"), c), first(("da", "dstAddr"), c)
        records += 1
        hosts.update((row[s], row[d]))
    return records, hosts


def nfdump_csv(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        return nfdump_rows(f)


def nfcapd(path):
    flag = "-R" if os.path.isdir(path) else "-r"
    out = subprocess.run(["nfdump", flag, path, "-q", "-o", "csv"],
                         check=True, capture_output=True, text=True,
                         env=dict(os.environ, TZ="UTC")).stdout
    return nfdump_rows(out.splitlines())


def pcap(path):
    d = tempfile.mkdtemp(prefix="realcount-")
    try:
        subprocess.run(["nfpcapd", "-r", path, "-w", d], check=True,
                       capture_output=True)
        return nfcapd(d)
    finally:
        shutil.rmtree(d)


def kind(path):
    if os.path.isdir(path):
        return "nfcapd"
    with open(path, "rb") as f:
        head = f.read(65536)
    if head[:2] == b"\x0c\xa5":
        return "nfcapd"
    if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4",
                    b"\x4d\x3c\xb2\xa1", b"\x0a\x0d\x0d\x0a"):
        return "pcap"
    text = head.decode("utf-8", "replace").lstrip(" \t")
    line = text.split("\n", 1)[0]
    if line.startswith("#separator") or line.startswith("#fields"):
        return "zeek-tsv"
    if line.startswith("{"):
        return "zeek-json"
    fields = re.split("[,\t]", line)
    if "SrcAddr" in fields and "DstAddr" in fields:
        return "argus"
    return "nfdump"


READERS = {"zeek-tsv": zeek_tsv, "zeek-json": zeek_json, "argus": argus,
           "nfdump": nfdump_csv, "nfcapd": nfcapd, "pcap": pcap}

for p in sys.argv[1:]:
    k = kind(p)
    n, hosts = READERS[k](p)
    print(p, k, n, len(hosts))
