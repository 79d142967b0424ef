#!/usr/bin/env python3
"""clusters_check.py MAP CLUSTERS ROLES - how well the map's clusters
match the generator's roles (examples/flowgen --roles).

MAP: `flowmap embed -o` (a cluster column); CLUSTERS: `flowmap clusters
-o`; ROLES: computer,role CSV.  Prints purity (the share of clustered
computers whose role is their cluster's majority), the share in no
cluster, clusters per role, and for every server role whether the label
of the cluster that holds most of it names one of its service ports.
With --check, exits 1 unless purity >= 0.97, unclustered <= 0.05,
clusters <= 1.5 x roles + 1, and every server role is named.
"""
import csv
import sys
from collections import Counter, defaultdict

# The ports each server role of examples/flowgen.c serves; "anon": the
# generator writes its port as an N<num>/Port<num> token.
SERVES = {
    "dns-server": {"53"}, "domain-controller": {"389", "88", "135", "445", "53"},
    "web-proxy": {"8080"}, "mail-server": {"25", "993", "143"},
    "file-server": {"445", "2049", "139"}, "mssql-server": {"1433"},
    "postgres-server": {"5432"}, "print-server": {"631"},
    "printer": {"9100", "515", "161"}, "ntp-server": {"123"},
    "monitoring": {"514"}, "ssh-jump": {"22"}, "web-server": {"443", "80"},
    "vpn-tunnel": {"500"}, "app-server": "anon", "license-server": "anon",
}

args = [a for a in sys.argv[1:] if not a.startswith("--")]
check = "--check" in sys.argv
role = {}
with open(args[2]) as f:
    for row in csv.reader(f):
        if row and row[0] != "computer":
            role[row[0]] = row[1]
member = {}
with open(args[0]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        member[row["computer"]] = row["cluster"]
label = {}
with open(args[1]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        label[row["cluster"]] = row["label"]

by_cluster = defaultdict(Counter)
none = 0
for c, k in member.items():
    if k == "-":
        none += 1
    else:
        by_cluster[k][role.get(c, "?")] += 1
clustered = sum(sum(v.values()) for v in by_cluster.values())
pure = sum(v.most_common(1)[0][1] for v in by_cluster.values())
roles = Counter(role.get(c, "?") for c in member)
purity = pure / clustered if clustered else 0
unclustered = none / len(member) if member else 0
print(f"computers {len(member)}, roles {len(roles)}, clusters "
      f"{len(by_cluster)}, purity {purity:.4f}, unclustered {unclustered:.4f}")
ok = purity >= 0.97 and unclustered <= 0.05 and \
    len(by_cluster) <= 1.5 * len(roles) + 1
for r, ports in sorted(SERVES.items()):
    if roles[r] == 0:
        continue
    home = Counter()
    for k, v in by_cluster.items():
        home[k] += v[r]
    if not home or home.most_common(1)[0][1] == 0:
        print(f"  {r}: in no cluster")
        ok = False
        continue
    k = home.most_common(1)[0][0]
    words = label[k].replace(",", " ").replace("/", " ").split()
    if ports == "anon":
        named = any(w.startswith(("N", "Port")) and w[1:].lstrip("ort").isdigit()
                    for w in words)
    else:
        named = any(w in ports for w in words)
    print(f"  {r} ({roles[r]}): cluster {k} ({home[k]} of them): "
          f"{label[k]}{'' if named else '  <- does not name its port'}")
    ok &= named
for k, v in sorted(by_cluster.items(), key=lambda kv: int(kv[0])):
    if v.most_common(1)[0][1] < sum(v.values()):
        print(f"  mixed cluster {k}: {dict(v)}")
sys.exit(0 if ok or not check else 1)
