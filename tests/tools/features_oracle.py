#!/usr/bin/env python3
"""features_oracle.py FLOWS MIN_FLOWS PORTS COMPUTER...

An independent computation of flowmap's feature vectors (LANL 2015 layout,
direction inferred), written from the man page's definitions rather than
from the C code: it prints a header and one TSV row per named computer with
the same columns as `flowmap features`, so a test can compare the two."""
import gzip, sys
from collections import defaultdict

path, min_flows, nbins = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
wanted = sys.argv[4:]

def ephemeral(p):
    return not p.isdigit() or int(p) >= 32768

def service_like(p):
    return p.isdigit() and int(p) < 32768

PROTO = {"1": 0, "6": 1, "17": 2}
flows = defaultdict(int)
cells = defaultdict(lambda: [0] * 6)    # (computer, port) -> in f,b,s, out f,b,s
protos = defaultdict(lambda: [0] * 6)   # (computer, bin)
opener = gzip.open if path.endswith(".gz") else open
with opener(path, "rt") as f:
    for line in f:
        t, dur, src, sport, dst, dport, proto, pk, by = line.rstrip("\n").split(",")
        client, server, svc = src, dst, dport
        if service_like(sport) and ephemeral(dport):
            client, server, svc = dst, src, sport
        dur, by = int(dur), int(by)
        flows[client] += 1
        flows[server] += 1
        pb = PROTO.get(proto, 3)
        for comp, off, key in ((server, 0, svc), (client, 3, svc)):
            for table, k in ((cells, (comp, key)), (protos, (comp, pb))):
                v = table[k]
                v[off] += 1
                v[off + 1] += by
                v[off + 2] += dur

kept = {c for c, n in flows.items() if n >= min_flows}
rank = defaultdict(int)
for (comp, port), v in cells.items():
    if comp in kept:
        rank[port] += v[0] + v[3]

def port_key(p):
    # Numbers first by value, then anonymised tokens by number (names.h).
    if p.isdigit():
        return (0, int(p), "")
    if p[0] == "N" and p[1:].isdigit():
        return (1, int(p[1:]), "")
    return (3, 0, p)

ports = sorted(rank, key=lambda p: (-rank[p], port_key(p)))[: nbins - 1]
col = {p: i for i, p in enumerate(ports)}
nb = len(ports) + 1
names = ["in_flows", "in_bytes", "in_seconds", "out_flows", "out_bytes", "out_seconds"]
pnames = ["proto1", "proto6", "proto17", "proto41/other"]
head = ["computer"] + ["%s:%s" % (n, p) for n in names for p in ports + ["other"]]
head += ["%s:%s" % (n, p) for n in names for p in pnames]
print("\t".join(head))

def dist(v):
    s = sum(v)
    return [x / s if s else 0.0 for x in v]

for comp in wanted:
    row = [comp]
    for m in range(6):
        v = [0] * nb
        for (c, port), cv in cells.items():
            if c == comp:
                v[col.get(port, nb - 1)] += cv[m]
        row += ["%.9g" % x for x in dist(v)]
    for m in range(6):
        row += ["%.9g" % x for x in dist([protos[(comp, b)][m] for b in range(4)])]
    print("\t".join(row))
