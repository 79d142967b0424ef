#!/usr/bin/env python3
"""mkpcap.py - a small, deterministic pcap of ordinary office traffic.

Used by tests/shell/nfdump.sh: the capture goes through nfpcapd and nfdump,
the real tools, so flowmap is tested on what collectors actually write.

The traffic is what a flow collector sees on a small network:
  - TCP sessions to HTTPS, HTTP, SSH, RDP and SMB: handshake, requests and
    replies of varied sizes, then FIN both ways;
  - DNS queries and answers over UDP, to 53 on the local resolvers;
  - NTP, 123 <-> 123, to the time server;
  - ICMP echo requests and replies;
  - some IPv6 clients: TCP to 443 and 80, DNS over UDP, ICMPv6 echo.
Clients use ephemeral ports from the ranges of the OS they run (Linux
32768-60999, Windows 49152-65535, old Windows 1025-5000), so a port
number alone does not say which side is the service.

Everything comes from one seeded random.Random and fixed timestamps: the
same seed gives the same bytes.

usage: mkpcap.py OUT.pcap [SEED [MINUTES]]
"""

import random
import sys

from scapy.all import (DNS, DNSQR, DNSRR, ICMP, IP, IPv6, NTP, TCP, UDP,
                       Ether, ICMPv6EchoReply, ICMPv6EchoRequest, Raw,
                       PcapWriter)

START = 1709629200  # 2024-03-05 09:00:00 UTC
NTP_EPOCH = 2208988800  # 1900-01-01 to 1970-01-01, in seconds

# Ephemeral port ranges, by client OS.
EPHEMERAL = {
    "linux": (32768, 60999),
    "windows": (49152, 65535),
    "winxp": (1025, 5000),
}

# (name, address, tcp ports served)
SERVERS4 = [
    ("web", "10.20.0.10", (443, 80)),
    ("ssh", "10.20.0.22", (22,)),
    ("rdp", "10.20.0.33", (3389,)),
    ("smb", "10.20.0.45", (445,)),
    ("ext-web", "203.0.113.80", (443, 80)),
    ("ext-web2", "198.51.100.7", (443,)),
]
DNS4 = ["10.20.0.53", "10.20.0.54"]
NTP4 = "10.20.0.123"
SERVERS6 = [("web6", "2001:db8:20::10", (443, 80)),
            ("ext6", "2001:db8:ffff::443", (443,))]
DNS6 = "2001:db8:20::53"

NAMES = ["intranet.example.com", "mail.example.com", "www.example.org",
         "updates.example.net", "fileserver.corp.example", "cdn.example.net"]


class Capture:
    """Packets with their times, written sorted by time at the end."""

    def __init__(self, rng):
        self.rng = rng
        self.packets = []

    def add(self, t, pkt):
        self.packets.append((t, len(self.packets), pkt))

    def write(self, path):
        out = PcapWriter(path, linktype=1, sync=False)
        for t, _, pkt in sorted(self.packets, key=lambda p: (p[0], p[1])):
            pkt.time = round(t, 6)
            out.write(pkt)
        out.close()


MACS = {}


def mac(addr):
    """A fixed MAC for each address, in the order addresses first appear."""
    if addr not in MACS:
        n = len(MACS) + 1
        MACS[addr] = "02:00:00:00:%02x:%02x" % (n >> 8, n & 0xff)
    return MACS[addr]


def ip_layer(src, dst):
    """Ethernet and IP headers, filled in so scapy resolves nothing."""
    eth = Ether(src=mac(src), dst=mac(dst))
    if ":" in src:
        return eth / IPv6(src=src, dst=dst, hlim=64)
    return eth / IP(src=src, dst=dst, ttl=64, id=0)


def tcp_session(cap, t, client, cport, server, sport, exchanges):
    """A whole TCP session; exchanges: [(request bytes, reply bytes)]."""
    rng = cap.rng
    rtt = rng.uniform(0.0005, 0.04)
    cseq = rng.randrange(1 << 32)
    sseq = rng.randrange(1 << 32)

    def c2s(flags, payload=b""):
        nonlocal cseq
        p = ip_layer(client, server) / TCP(
            sport=cport, dport=sport, flags=flags, seq=cseq, ack=sseq,
            window=64240)
        if payload:
            p = p / Raw(payload)
        cseq = (cseq + len(payload) + (1 if "S" in flags or "F" in flags
                                       else 0)) % (1 << 32)
        return p

    def s2c(flags, payload=b""):
        nonlocal sseq
        p = ip_layer(server, client) / TCP(
            sport=sport, dport=cport, flags=flags, seq=sseq, ack=cseq,
            window=65160)
        if payload:
            p = p / Raw(payload)
        sseq = (sseq + len(payload) + (1 if "S" in flags or "F" in flags
                                       else 0)) % (1 << 32)
        return p

    cap.add(t, c2s("S"))
    t += rtt / 2
    cap.add(t, s2c("SA"))
    t += rtt / 2
    cap.add(t, c2s("A"))
    for req, rep in exchanges:
        t += rng.uniform(0.001, 0.3)
        cap.add(t, c2s("PA", rng.randbytes(req)))
        t += rtt / 2
        # Replies larger than one segment come as several.
        while rep > 0:
            seg = min(rep, 1448)
            cap.add(t, s2c("PA" if seg == rep else "A",
                           rng.randbytes(seg)))
            rep -= seg
            t += 0.0002
        t += rtt / 2
        cap.add(t, c2s("A"))
    t += rng.uniform(0.01, 1.0)
    cap.add(t, c2s("FA"))
    t += rtt / 2
    cap.add(t, s2c("FA"))
    t += rtt / 2
    cap.add(t, c2s("A"))
    return t


def dns_exchange(cap, t, client, cport, resolver):
    rng = cap.rng
    name = rng.choice(NAMES)
    qid = rng.randrange(1 << 16)
    v6 = ":" in client
    qtype = "AAAA" if v6 else "A"
    q = ip_layer(client, resolver) / UDP(sport=cport, dport=53) / \
        DNS(id=qid, rd=1, qd=DNSQR(qname=name, qtype=qtype))
    cap.add(t, q)
    if v6:
        rdata = "2001:db8:20::%x" % rng.randrange(1, 0xffff)
    else:
        rdata = "10.20.%d.%d" % (rng.randrange(0, 4), rng.randrange(1, 255))
    a = ip_layer(resolver, client) / UDP(sport=53, dport=cport) / \
        DNS(id=qid, qr=1, rd=1, ra=1, qd=DNSQR(qname=name, qtype=qtype),
            an=DNSRR(rrname=name, type=qtype, ttl=300, rdata=rdata))
    cap.add(t + cap.rng.uniform(0.0005, 0.02), a)


def ntp_exchange(cap, t, client):
    # The timestamps come from the capture's clock, not scapy's default
    # of now, or the file would change from run to run.
    t2 = t + cap.rng.uniform(0.0005, 0.005)
    q = ip_layer(client, NTP4) / UDP(sport=123, dport=123) / \
        NTP(version=4, mode=3, orig=0, ref=0, recv=0, sent=t + NTP_EPOCH)
    r = ip_layer(NTP4, client) / UDP(sport=123, dport=123) / \
        NTP(version=4, mode=4, stratum=2, ref=START + NTP_EPOCH,
            orig=t + NTP_EPOCH, recv=t2 + NTP_EPOCH, sent=t2 + NTP_EPOCH)
    cap.add(t, q)
    cap.add(t2, r)


def ping(cap, t, client, target, count):
    ident = cap.rng.randrange(1 << 16)
    v6 = ":" in client
    for seq in range(count):
        data = bytes(range(48))
        if v6:
            req = ICMPv6EchoRequest(id=ident, seq=seq, data=data)
            rep = ICMPv6EchoReply(id=ident, seq=seq, data=data)
        else:
            req = ICMP(type=8, id=ident, seq=seq) / Raw(data)
            rep = ICMP(type=0, id=ident, seq=seq) / Raw(data)
        cap.add(t, ip_layer(client, target) / req)
        cap.add(t + 0.001, ip_layer(target, client) / rep)
        t += 1.0


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: mkpcap.py OUT.pcap [SEED [MINUTES]]\n")
        return 2
    out = argv[1]
    seed = int(argv[2]) if len(argv) > 2 else 1
    minutes = int(argv[3]) if len(argv) > 3 else 16
    rng = random.Random(seed)
    cap = Capture(rng)

    # Clients: an office of Linux and Windows machines, a few old ones,
    # and IPv6 hosts.
    clients = []
    for i in range(24):
        os_ = rng.choice(["linux", "windows", "windows", "winxp"]
                         if i % 6 else ["winxp"])
        clients.append(("10.10.%d.%d" % (i // 10, 11 + i), os_))
    for i in range(6):
        clients.append(("2001:db8:10::%x" % (0x100 + i),
                        rng.choice(["linux", "windows"])))

    def eport(os_):
        lo, hi = EPHEMERAL[os_]
        return rng.randint(lo, hi)

    span = minutes * 60
    # TCP sessions: each client a few, to servers of its address family.
    for addr, os_ in clients:
        v6 = ":" in addr
        servers = SERVERS6 if v6 else SERVERS4
        for _ in range(rng.randint(3, 8)):
            name, server, ports = rng.choice(servers)
            port = rng.choice(ports)
            t = START + rng.uniform(0, span - 30)
            n = rng.randint(1, 6) if port != 22 else rng.randint(8, 20)
            if port == 22:
                ex = [(rng.randint(36, 120), rng.randint(36, 400))
                      for _ in range(n)]
            elif port == 3389:
                ex = [(rng.randint(60, 300), rng.randint(200, 4000))
                      for _ in range(n)]
            elif port == 445:
                ex = [(rng.randint(100, 600), rng.randint(100, 5000))
                      for _ in range(n)]
            else:
                ex = [(rng.randint(200, 700), rng.randint(300, 6000))
                      for _ in range(n)]
            tcp_session(cap, t, addr, eport(os_), server, port, ex)
        # DNS: a new source port for each query.
        for _ in range(rng.randint(2, 6)):
            t = START + rng.uniform(0, span - 1)
            resolver = DNS6 if v6 else rng.choice(DNS4)
            dns_exchange(cap, t, addr, eport(os_), resolver)
        # Pings now and then.
        if rng.random() < 0.3:
            target = rng.choice(SERVERS6 if v6 else SERVERS4)[1]
            ping(cap, START + rng.uniform(0, span - 10), addr, target,
                 rng.randint(1, 4))
    # NTP from the IPv4 clients, a few times each over the capture.
    for addr, _ in clients:
        if ":" not in addr and rng.random() < 0.5:
            for k in range(rng.randint(1, 3)):
                ntp_exchange(cap, START + rng.uniform(0, span - 1), addr)
    cap.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
