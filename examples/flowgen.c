/*
 * flowgen.c - a realistic netflow traffic generator for flowmap.
 *
 * No real LANL data ships with flowmap, so this program makes flows that
 * look like them: the LANL 2015 "cyber1" flows.txt layout or the LANL 2017
 * netflow layout, from computers whose functions a map should reveal.
 *
 * The model, in the order the program builds it:
 *
 *  - Services (`services[]`): a port and protocol with the shape of its
 *    flows: bytes lognormal around a median, bytes per packet, the share of
 *    the bytes the client sends, how often the duration is zero.
 *  - Roles (`roles[]`): a share of the computers, how active they are, how
 *    much their members differ, and what they query: a service on members
 *    of a target role, with a weight and the share of members that use it
 *    at all.  What a role serves follows from what the others ask of it.
 *  - The population: each computer gets a role, a name, an activity drawn
 *    from a lognormal (the heavy tail of flows per computer) and its own
 *    jittered query weights, so workstations differ yet share a signature.
 *  - Time: the days are cut into one-minute slices (shorter when a minute
 *    would hold too many flows), and each slice gets its exact share of
 *    the flows from the day curves of three activity classes (office
 *    hours, always on, nightly backups), each normalised to a mean of 1
 *    so a role's activity is its daily average.  A flow's client is
 *    drawn from its class by activity, its query from the client's weights,
 *    its server with a Zipf preference: each client favours "its" servers,
 *    while internet hosts are popular or not for everyone.
 *  - Ports: services are numbers, except the anonymised ones (app and
 *    license servers); client ports are anonymised too: N<id> in lanl2015,
 *    Port<id> in lanl2017, ids 1..99999.  --numeric-ports writes what a
 *    real collector sees: every port a number, the app servers on an
 *    unlisted port inside the ephemeral ranges, the license servers on an
 *    unlisted one outside them, and each client's ports from the
 *    ephemeral range of its OS (Linux, Windows Vista+, Windows XP/2003,
 *    FreeBSD/macOS; the mix depends on the role).  The OSes come from a
 *    stream of their own, so the population and the flows are those of
 *    the token output with the same seed, ports aside.  lanl2015 writes
 *    --swap-share of the flows from the server's side, as the real
 *    release did not normalise direction; lanl2017 never does.
 *  - Output: a slice is generated into one buffer, put in time order by a
 *    counting sort on the second and formatted by hand, plain or gzip
 *    (deflate's own gzip wrapper: no name, time stamp 0), into a temporary
 *    file renamed at the end.  Memory is bounded by the busiest slice.
 *
 * Determinism: one seed; the population draws from one stream and every
 * slice from its own (rng_split by slice number), so the same arguments
 * give the same bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "load/names.h"
#include "base/outfile.h"
#include "base/rng.h"
#include "base/xalloc.h"

#define EXIT_USAGE	2
#define EXIT_INTERRUPT	130
#define SLICE_SECONDS	60		/* the longest slice */
#define SLICE_FLOWS	(1u << 18)	/* at most, on average, in a slice */
#define DAY_SECONDS	86400
#define ANON_PORT_MAX	99999	/* anonymised port ids run 1..this */
#define IP_DEVICE_SHARE	0.05	/* lanl2017: workstations named IP<num> */
#define OUTBUF_SIZE	(1u << 20)
#define LINE_MAX_LEN	512
#define QMAX		24	/* queries per role */

/* ---- services ---------------------------------------------------------- */

enum svc {
	S_DNS, S_DNS_TCP, S_KERBEROS, S_LDAP, S_SMB, S_NETBIOS, S_NBNS, S_RPC,
	S_HTTP, S_HTTPS, S_PROXY, S_NTP, S_SMTP, S_IMAPS, S_IMAP, S_MSSQL,
	S_PGSQL, S_JETDIRECT, S_LPD, S_IPP, S_SNMP, S_ICMP, S_SSH, S_BACKUP,
	S_NFS, S_TUNNEL, S_IKE, S_APP, S_LICENSE, S_SYSLOG, S_NSVC
};

struct service {
	uint16_t	 port;		/* also the one of --numeric-ports */
	uint8_t		 proto;
	uint8_t		 anon;		/* written as an N/Port token */
	double		 bytes_median, bytes_sigma;
	double		 packet_size;	/* mean bytes per packet */
	double		 client_share;	/* of the bytes, sent by the client */
	double		 dur_zero;	/* P(duration == 0) */
	double		 dur_median, dur_sigma;
};

static const struct service services[S_NSVC] = {
	/*                port  pr an median  sig   pkt  clnt  zero  dur  sig */
	[S_DNS]       = {   53, 17, 0,   180, 0.5,   90, 0.35, 0.97,   1, 0.5 },
	[S_DNS_TCP]   = {   53,  6, 0,  1500, 0.8,  300, 0.20, 0.80,   1, 0.7 },
	[S_KERBEROS]  = {   88,  6, 0,  3000, 0.5,  400, 0.40, 0.90,   1, 0.5 },
	[S_LDAP]      = {  389,  6, 0,  4000, 1.0,  300, 0.30, 0.70,   2, 1.0 },
	[S_SMB]       = {  445,  6, 0, 20000, 1.8,  700, 0.30, 0.50,   5, 1.5 },
	[S_NETBIOS]   = {  139,  6, 0,  2000, 1.0,  200, 0.40, 0.80,   2, 1.0 },
	[S_NBNS]      = {  137, 17, 0,   230, 0.2,   78, 0.60, 1.00,   1, 0.1 },
	[S_RPC]       = {  135,  6, 0,  1500, 0.6,  180, 0.50, 0.90,   1, 0.5 },
	[S_HTTP]      = {   80,  6, 0, 15000, 1.8,  900, 0.10, 0.60,   3, 1.5 },
	[S_HTTPS]     = {  443,  6, 0, 25000, 1.8, 1000, 0.15, 0.50,   5, 1.5 },
	[S_PROXY]     = { 8080,  6, 0, 30000, 2.0, 1000, 0.10, 0.50,   5, 1.5 },
	[S_NTP]       = {  123, 17, 0,    90, 0.1,   90, 0.50, 1.00,   1, 0.1 },
	[S_SMTP]      = {   25,  6, 0, 12000, 1.5,  600, 0.90, 0.60,   2, 1.0 },
	[S_IMAPS]     = {  993,  6, 0, 20000, 1.6,  700, 0.15, 0.30,  30, 1.5 },
	[S_IMAP]      = {  143,  6, 0,  8000, 1.4,  500, 0.20, 0.50,  10, 1.5 },
	[S_MSSQL]     = { 1433,  6, 0,  8000, 1.6,  500, 0.30, 0.60,   2, 1.5 },
	[S_PGSQL]     = { 5432,  6, 0,  6000, 1.5,  500, 0.30, 0.60,   2, 1.5 },
	[S_JETDIRECT] = { 9100,  6, 0, 3.0e5, 1.5, 1200, 0.95, 0.20,  10, 1.0 },
	[S_LPD]       = {  515,  6, 0, 1.0e5, 1.5, 1100, 0.95, 0.30,   5, 1.0 },
	[S_IPP]       = {  631,  6, 0,  3000, 0.8,  300, 0.50, 0.80,   1, 0.5 },
	[S_SNMP]      = {  161, 17, 0,   250, 0.4,  120, 0.40, 1.00,   1, 0.1 },
	[S_ICMP]      = {    0,  1, 0,    84, 0.3,   84, 0.50, 0.95,   1, 0.5 },
	[S_SSH]       = {   22,  6, 0,  8000, 2.0,  150, 0.40, 0.30,  60, 2.0 },
	[S_BACKUP]    = {10000,  6, 0, 5.0e7, 1.5, 1400, 0.02, 0.00, 600, 1.0 },
	[S_NFS]       = { 2049,  6, 0, 60000, 2.0, 1200, 0.30, 0.40,  10, 1.5 },
	[S_TUNNEL]    = {    0, 41, 0, 50000, 1.5,  800, 0.50, 0.20, 120, 1.5 },
	[S_IKE]       = {  500, 17, 0,   600, 0.4,  300, 0.50, 0.90,   1, 0.5 },
	[S_APP]       = {47001,  6, 1,  5000, 1.2,  600, 0.30, 0.70,   2, 1.0 },
	[S_LICENSE]   = {27000,  6, 1,   400, 0.5,  120, 0.50, 0.90,   1, 0.5 },
	[S_SYSLOG]    = {  514, 17, 0,   300, 0.5,  150, 1.00, 0.90,   1, 0.5 },
};

/* ICMP and tunnelled IPv6 have no ports: both are written as 0. */
static int
service_portless(const struct service *s)
{
	return s->proto == 1 || s->proto == 41;
}

/* ---- roles ------------------------------------------------------------- */

enum role_id {
	R_WORKSTATION, R_COMPUTE, R_DNS, R_DC, R_PROXY, R_MAIL, R_FILE,
	R_MSSQL, R_PGSQL, R_PRINTSRV, R_PRINTER, R_NTP, R_BACKUP, R_MONITOR,
	R_JUMP, R_WEB, R_TUNNEL, R_APP, R_LICENSE, R_INTERNET, R_NROLES
};
#define ROLE_REST	R_WORKSTATION	/* what the other shares leave */

/* When in the day a role starts its flows. */
enum activity_class { A_OFFICE, A_ALWAYS, A_NIGHT, A_NCLASSES };

struct query {
	uint8_t		 svc;		/* enum svc */
	uint8_t		 target;	/* enum role_id */
	uint8_t		 sweep;		/* any member alike, no preference */
	double		 weight;	/* share of the role's own flows */
	double		 presence;	/* share of members that use it */
};

struct role {
	const char	*name;
	double		 share;		/* of the computers */
	int		 min_count;
	enum activity_class cls;
	double		 activity;	/* median flows started, relative */
	double		 activity_sigma;	/* its lognormal spread */
	double		 jitter;	/* lognormal spread of query weights */
	int		 popular;	/* servers chosen by global rank */
	const char	*device;	/* lanl2017: the first member's name */
	struct query	 q[QMAX];	/* the first is kept by every member */
};

#define Q(s, t, w)		{ s, t, 0, w, 1.0 }
#define QP(s, t, w, p)		{ s, t, 0, w, p }
#define SWEEP(s, t, w)		{ s, t, 1, w, 1.0 }

static const struct role roles[R_NROLES] = {
	[R_WORKSTATION] = { "workstation", 0, 1, A_OFFICE, 1, 0.8, 0.5, 0,
	    NULL, {
	    Q(S_DNS, R_DNS, 30), QP(S_DNS, R_DC, 10, 0.6),
	    Q(S_KERBEROS, R_DC, 8), Q(S_LDAP, R_DC, 8), Q(S_SMB, R_DC, 3),
	    Q(S_RPC, R_DC, 2), SWEEP(S_NBNS, R_WORKSTATION, 6),
	    QP(S_SMB, R_FILE, 10, 0.9), QP(S_NETBIOS, R_FILE, 2, 0.3),
	    QP(S_PROXY, R_PROXY, 15, 0.95), QP(S_HTTP, R_WEB, 5, 0.8),
	    QP(S_HTTPS, R_WEB, 6, 0.8), Q(S_NTP, R_NTP, 1),
	    QP(S_IMAPS, R_MAIL, 4, 0.8), QP(S_IMAP, R_MAIL, 3, 0.2),
	    QP(S_MSSQL, R_MSSQL, 4, 0.25), QP(S_PGSQL, R_PGSQL, 3, 0.1),
	    QP(S_IPP, R_PRINTSRV, 1, 0.5), QP(S_JETDIRECT, R_PRINTER, 1, 0.3),
	    QP(S_SSH, R_JUMP, 3, 0.15), QP(S_APP, R_APP, 8, 0.35),
	    QP(S_LICENSE, R_LICENSE, 3, 0.2), QP(S_TUNNEL, R_TUNNEL, 3, 0.05),
	    QP(S_IKE, R_TUNNEL, 1, 0.05) } },
	[R_COMPUTE] = { "compute-node", 0.12, 2, A_ALWAYS, 1.2, 0.5, 0.25, 0,
	    NULL, {
	    Q(S_DNS, R_DNS, 20), Q(S_LDAP, R_DC, 10), Q(S_KERBEROS, R_DC, 5),
	    Q(S_NFS, R_FILE, 30), Q(S_NTP, R_NTP, 2),
	    QP(S_LICENSE, R_LICENSE, 5, 0.6), Q(S_SYSLOG, R_MONITOR, 3) } },
	[R_DNS] = { "dns-server", 0.004, 2, A_ALWAYS, 6, 0.3, 0.1, 0, "DNS", {
	    Q(S_DNS, R_INTERNET, 60), Q(S_DNS_TCP, R_INTERNET, 5),
	    Q(S_DNS, R_DC, 20), Q(S_NTP, R_NTP, 1),
	    Q(S_SYSLOG, R_MONITOR, 2) } },
	[R_DC] = { "domain-controller", 0.005, 2, A_ALWAYS, 5, 0.3, 0.1, 0,
	    "ActiveDirectory", {
	    Q(S_DNS, R_DNS, 10), Q(S_LDAP, R_DC, 10), Q(S_RPC, R_DC, 10),
	    Q(S_KERBEROS, R_DC, 3), Q(S_SMB, R_DC, 5), Q(S_NTP, R_NTP, 2),
	    Q(S_SYSLOG, R_MONITOR, 2), SWEEP(S_RPC, R_WORKSTATION, 4) } },
	[R_PROXY] = { "web-proxy", 0.003, 2, A_ALWAYS, 15, 0.3, 0.1, 0,
	    "Proxy", {
	    Q(S_HTTPS, R_INTERNET, 60), Q(S_HTTP, R_INTERNET, 30),
	    Q(S_DNS, R_DNS, 10), Q(S_SYSLOG, R_MONITOR, 1) } },
	[R_MAIL] = { "mail-server", 0.003, 2, A_ALWAYS, 5, 0.3, 0.1, 0,
	    "Mail", {
	    Q(S_SMTP, R_INTERNET, 30), Q(S_DNS, R_DNS, 30), Q(S_LDAP, R_DC, 20),
	    Q(S_KERBEROS, R_DC, 5), Q(S_SYSLOG, R_MONITOR, 2) } },
	[R_FILE] = { "file-server", 0.015, 2, A_ALWAYS, 1.5, 0.4, 0.15, 0,
	    NULL, {
	    Q(S_LDAP, R_DC, 30), Q(S_KERBEROS, R_DC, 20), Q(S_DNS, R_DNS, 20),
	    Q(S_NTP, R_NTP, 2), Q(S_SYSLOG, R_MONITOR, 5) } },
	[R_MSSQL] = { "mssql-server", 0.01, 1, A_ALWAYS, 1, 0.4, 0.15, 0,
	    NULL, {
	    Q(S_LDAP, R_DC, 20), Q(S_KERBEROS, R_DC, 20), Q(S_DNS, R_DNS, 30),
	    Q(S_SYSLOG, R_MONITOR, 5) } },
	[R_PGSQL] = { "postgres-server", 0.008, 1, A_ALWAYS, 1, 0.4, 0.15, 0,
	    NULL, {
	    Q(S_DNS, R_DNS, 30), Q(S_NTP, R_NTP, 5), Q(S_LDAP, R_DC, 10),
	    Q(S_SYSLOG, R_MONITOR, 10) } },
	[R_PRINTSRV] = { "print-server", 0.004, 1, A_OFFICE, 2, 0.3, 0.15, 0,
	    NULL, {
	    Q(S_JETDIRECT, R_PRINTER, 30), Q(S_LPD, R_PRINTER, 10),
	    Q(S_DNS, R_DNS, 20), Q(S_LDAP, R_DC, 10), Q(S_KERBEROS, R_DC, 10),
	    Q(S_SNMP, R_PRINTER, 10) } },
	[R_PRINTER] = { "printer", 0.012, 1, A_OFFICE, 0.3, 0.5, 0.2, 0, NULL, {
	    Q(S_DNS, R_DNS, 10), Q(S_NTP, R_NTP, 5),
	    QP(S_SMTP, R_MAIL, 2, 0.5) } },
	[R_NTP] = { "ntp-server", 0.002, 1, A_ALWAYS, 3, 0.2, 0.1, 0, NULL, {
	    Q(S_NTP, R_INTERNET, 50), Q(S_DNS, R_DNS, 5) } },
	[R_BACKUP] = { "backup-server", 0.003, 1, A_NIGHT, 8, 0.3, 0.1, 0,
	    NULL, {
	    Q(S_BACKUP, R_FILE, 40), Q(S_BACKUP, R_MSSQL, 20),
	    Q(S_BACKUP, R_PGSQL, 10), SWEEP(S_BACKUP, R_WORKSTATION, 20),
	    Q(S_BACKUP, R_WEB, 10), Q(S_DNS, R_DNS, 5) } },
	[R_MONITOR] = { "monitoring", 0.003, 1, A_ALWAYS, 12, 0.3, 0.1, 0,
	    NULL, {
	    SWEEP(S_ICMP, R_WORKSTATION, 30), SWEEP(S_ICMP, R_COMPUTE, 20),
	    SWEEP(S_ICMP, R_FILE, 5), SWEEP(S_ICMP, R_WEB, 5),
	    SWEEP(S_SNMP, R_PRINTER, 10), SWEEP(S_SNMP, R_FILE, 5),
	    SWEEP(S_SNMP, R_MSSQL, 3), SWEEP(S_SNMP, R_DNS, 2),
	    Q(S_SMTP, R_MAIL, 1), Q(S_DNS, R_DNS, 5) } },
	[R_JUMP] = { "ssh-jump", 0.004, 1, A_OFFICE, 4, 0.4, 0.15, 0, NULL, {
	    SWEEP(S_SSH, R_COMPUTE, 60), Q(S_SSH, R_WEB, 10),
	    Q(S_SSH, R_PGSQL, 5), Q(S_SSH, R_APP, 5), Q(S_LDAP, R_DC, 10),
	    Q(S_DNS, R_DNS, 10) } },
	[R_WEB] = { "web-server", 0.02, 2, A_ALWAYS, 1.5, 0.5, 0.2, 0, NULL, {
	    Q(S_MSSQL, R_MSSQL, 20), Q(S_PGSQL, R_PGSQL, 20),
	    Q(S_LDAP, R_DC, 10), Q(S_DNS, R_DNS, 20), Q(S_SMTP, R_MAIL, 2),
	    Q(S_SYSLOG, R_MONITOR, 5), Q(S_APP, R_APP, 10) } },
	[R_TUNNEL] = { "vpn-tunnel", 0.003, 1, A_ALWAYS, 3, 0.3, 0.1, 0,
	    "VPN", {
	    Q(S_TUNNEL, R_INTERNET, 40), Q(S_IKE, R_INTERNET, 10),
	    Q(S_DNS, R_DNS, 10), Q(S_LDAP, R_DC, 5),
	    Q(S_SYSLOG, R_MONITOR, 3) } },
	[R_APP] = { "app-server", 0.02, 2, A_ALWAYS, 2, 0.4, 0.15, 0,
	    "EnterpriseAppServer", {
	    Q(S_MSSQL, R_MSSQL, 30), Q(S_PGSQL, R_PGSQL, 10),
	    Q(S_LDAP, R_DC, 10), Q(S_KERBEROS, R_DC, 5), Q(S_DNS, R_DNS, 20),
	    Q(S_LICENSE, R_LICENSE, 5), Q(S_SYSLOG, R_MONITOR, 5) } },
	[R_LICENSE] = { "license-server", 0.005, 1, A_ALWAYS, 0.5, 0.3, 0.1, 0,
	    NULL, {
	    Q(S_DNS, R_DNS, 10), Q(S_LDAP, R_DC, 10),
	    Q(S_SYSLOG, R_MONITOR, 5) } },
	[R_INTERNET] = { "internet", 0.05, 2, A_ALWAYS, 0.5, 1.0, 0.3, 1,
	    NULL, {
	    Q(S_SMTP, R_MAIL, 40), Q(S_HTTPS, R_WEB, 30), Q(S_HTTP, R_WEB, 15),
	    Q(S_DNS, R_DNS, 10), Q(S_IKE, R_TUNNEL, 5) } },
};

#define ZIPF_AFFINITY	1.2	/* a client's preference among servers */
#define ZIPF_POPULAR	1.0	/* everyone's preference among popular ones */

/* ---- options ----------------------------------------------------------- */

enum format_id { FMT_LANL2015, FMT_LANL2017 };

struct gen_options {
	int		 format;	/* enum format_id */
	uint64_t	 flows, computers, days, seed;
	double		 swap_share;
	int		 header, numeric_ports, help;
	const char	*roles_path, *output;
};

enum opt_type { OPT_FLAG, OPT_UINT, OPT_REAL, OPT_CHOICE, OPT_STRING };

struct opt_spec {
	const char	*name;
	int		 short_name;
	enum opt_type	 type;
	const char	*arg;		/* placeholder in --help */
	double		 min, max;	/* OPT_UINT, OPT_REAL */
	const char	*def;		/* parsed like an argument */
	size_t		 offset;	/* into struct gen_options */
	const char	*help;
};

#define OFF(field)	offsetof(struct gen_options, field)

static const char *const format_names[] = { "lanl2015", "lanl2017", NULL };

static const struct opt_spec opt_table[] = {
	{ "format", 0, OPT_CHOICE, "NAME", 0, 0, "lanl2015", OFF(format),
	    "lanl2015 (flows.txt) or lanl2017 (netflow)" },
	{ "flows", 'n', OPT_UINT, "N", 1, 1e11, "1000000", OFF(flows),
	    "number of flow lines" },
	{ "computers", 'c', OPT_UINT, "N", 64, 1e6, "2000", OFF(computers),
	    "number of computers, internet hosts included" },
	{ "days", 'd', OPT_UINT, "D", 1, 3650, "1", OFF(days),
	    "days of traffic; time counts seconds from 1" },
	{ "seed", 's', OPT_UINT, "S", 0, 18446744073709551615.0, "1", OFF(seed),
	    "random seed: the same arguments and seed give the same bytes" },
	{ "swap-share", 0, OPT_REAL, "F", 0, 1, "0.3", OFF(swap_share),
	    "lanl2015: share of flows written from the server's side" },
	{ "header", 0, OPT_FLAG, NULL, 0, 0, NULL, OFF(header),
	    "write the format's header line first" },
	{ "numeric-ports", 0, OPT_FLAG, NULL, 0, 0, NULL, OFF(numeric_ports),
	    "every port a number; client ports in the OSes' ephemeral "
	    "ranges" },
	{ "roles", 'r', OPT_STRING, "FILE", 0, 0, NULL, OFF(roles_path),
	    "write the ground truth, a computer,role CSV, to FILE" },
	{ "output", 'o', OPT_STRING, "FILE", 0, 0, "-", OFF(output),
	    "write the flows to FILE, gzip when it ends in .gz" },
	{ "help", 'h', OPT_FLAG, NULL, 0, 0, NULL, OFF(help),
	    "show this help" },
};
#define NOPTS	(sizeof opt_table / sizeof opt_table[0])

static void
usage(FILE *f)
{
	fputs("usage: flowgen [OPTION]...\n"
	    "Write synthetic netflow records of computers with roles.\n\n", f);
	for (size_t i = 0; i < NOPTS; i++) {
		const struct opt_spec *s = &opt_table[i];
		char left[64];

		int sn = s->short_name;

		snprintf(left, sizeof left, "%c%c%c --%s%s%s", sn ? '-' : ' ',
		    sn ? sn : ' ', sn ? ',' : ' ', s->name, s->arg ? " " : "",
		    s->arg ? s->arg : "");
		fprintf(f, "  %-24s %s", left, s->help);
		if (s->def != NULL)
			fprintf(f, " (default %s)", s->def);
		fputc('\n', f);
	}
}

static int
set_option(struct gen_options *o, const struct opt_spec *s, const char *arg,
    char *err, size_t errlen)
{
	void *at = (char *)o + s->offset;
	char *end;

	errno = 0;
	switch (s->type) {
	case OPT_FLAG:
		*(int *)at = 1;
		return 0;
	case OPT_STRING:
		*(const char **)at = arg;
		if (*arg != '\0')
			return 0;
		snprintf(err, errlen, "--%s: an empty file name", s->name);
		return -1;
	case OPT_CHOICE:
		for (int i = 0; format_names[i] != NULL; i++)
			if (strcmp(arg, format_names[i]) == 0) {
				*(int *)at = i;
				return 0;
			}
		snprintf(err, errlen, "--%s: \"%s\" is not lanl2015 or "
		    "lanl2017", s->name, arg);
		return -1;
	case OPT_UINT: {
		unsigned long long v = strtoull(arg, &end, 10);

		if (*arg >= '0' && *arg <= '9' && *end == '\0' && errno == 0 &&
		    (double)v >= s->min && (double)v <= s->max) {
			*(uint64_t *)at = v;
			return 0;
		}
		break;
	}
	case OPT_REAL: {
		double v = strtod(arg, &end);

		if (end != arg && *end == '\0' && errno == 0 && v >= s->min &&
		    v <= s->max) {
			*(double *)at = v;
			return 0;
		}
		break;
	}
	}
	snprintf(err, errlen, "--%s: \"%s\" is not a number in %.15g..%.15g",
	    s->name, arg, s->min, s->max);
	return -1;
}

static int
parse_options(int argc, char *argv[], struct gen_options *o, char *err,
    size_t errlen)
{
	struct option longopts[NOPTS + 1];
	char shortopts[2 * NOPTS + 2] = ":";
	size_t ns = 1;
	int c;

	*o = (struct gen_options){0};
	for (size_t i = 0; i < NOPTS; i++) {
		const struct opt_spec *s = &opt_table[i];
		int has_arg = s->type != OPT_FLAG;

		if (s->def != NULL)	/* the defaults follow the table */
			(void)set_option(o, s, s->def, err, errlen);
		longopts[i] = (struct option){ s->name, has_arg ?
		    required_argument : no_argument, NULL, 256 + (int)i };
		if (s->short_name) {
			shortopts[ns++] = (char)s->short_name;
			if (has_arg)
				shortopts[ns++] = ':';
		}
	}
	longopts[NOPTS] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[ns] = '\0';
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_spec *s = NULL;

		if (c == ':') {
			snprintf(err, errlen, "%s: needs an argument",
			    argv[optind - 1]);
			return -1;
		}
		for (size_t i = 0; i < NOPTS; i++)
			if (c == 256 + (int)i || c == opt_table[i].short_name)
				s = &opt_table[i];
		if (s == NULL) {
			if (optopt != 0)
				snprintf(err, errlen, "unknown option -%c",
				    optopt);
			else
				snprintf(err, errlen, "unknown option %s",
				    argv[optind - 1]);
			return -1;
		}
		if (set_option(o, s, optarg, err, errlen) != 0)
			return -1;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument \"%s\"",
		    argv[optind]);
		return -1;
	}
	return 0;
}

/* ---- the population ---------------------------------------------------- */

/*
 * Members drawn by a cumulative weight: a role's servers, a class's
 * clients.  A guide table (Chen and Asau 1974) starts the search near the
 * answer: guide[j] is the first member whose cumulative weight passes
 * j/n of the total, so a draw costs O(1) steps on average.
 */
struct pool {
	uint32_t	 n;
	uint32_t	*member;
	double		*cum;
	uint32_t	*guide;
};

static void
pool_index(struct pool *p)
{
	uint32_t i = 0;

	p->guide = xcalloc(p->n + 1, sizeof *p->guide);
	for (uint32_t j = 0; j < p->n; j++) {
		while (i < p->n - 1 && p->cum[i] <= p->cum[p->n - 1] * j / p->n)
			i++;
		p->guide[j] = i;
	}
}

static uint32_t
pool_draw(const struct pool *p, struct rng *r)
{
	double x = rng_uniform(r), u = x * p->cum[p->n - 1];
	uint32_t i = p->guide[(uint32_t)(x * p->n)];

	while (i < p->n - 1 && p->cum[i] <= u)
		i++;
	return i;
}

struct population {
	uint32_t	 n;
	uint8_t		*role;
	uint8_t		*os;		/* enum client_os; --numeric-ports */
	uint32_t	*qoff;		/* per computer: into qcum */
	float		*qcum;		/* cumulative query weights */
	char		*names;		/* NUL-terminated, at name_off */
	uint32_t	*name_off;
	uint8_t		*name_len;
	struct pool	 groups[R_NROLES];	/* weights: Zipf by rank */
	struct pool	 classes[A_NCLASSES];	/* weights: activity */
	uint32_t	 anon_id[S_NSVC];	/* ids of anonymised services */
};

static double
lognormal(struct rng *r, double median, double sigma)
{
	return median * exp(sigma * rng_normal(r));
}

static uint32_t
role_queries(int role)
{
	uint32_t n = 0;

	while (n < QMAX && roles[role].q[n].weight > 0)
		n++;
	return n;
}

/* Each role its share (at least its minimum); the rest what is left,
 * which the minimum of --computers keeps positive. */
static void
assign_roles(struct population *p, struct rng *r)
{
	uint32_t count[R_NROLES], used = 0, at = 0;

	for (int i = 0; i < R_NROLES; i++) {
		count[i] = (uint32_t)llround(roles[i].share * p->n);
		if (count[i] < (uint32_t)roles[i].min_count)
			count[i] = (uint32_t)roles[i].min_count;
		used += i == ROLE_REST ? 0 : count[i];
	}
	count[ROLE_REST] = p->n - used;
	for (int i = 0; i < R_NROLES; i++)
		for (uint32_t k = 0; k < count[i]; k++)
			p->role[at++] = (uint8_t)i;
	for (uint32_t i = p->n - 1; i > 0; i--) {	/* Fisher-Yates */
		uint32_t j = (uint32_t)rng_below(r, (uint64_t)i + 1);
		uint8_t t = p->role[i];

		p->role[i] = p->role[j];
		p->role[j] = t;
	}
	for (int i = 0; i < R_NROLES; i++) {
		struct pool *g = &p->groups[i];
		double s = roles[i].popular ? ZIPF_POPULAR : ZIPF_AFFINITY;

		g->member = xcalloc(count[i] + 1, sizeof *g->member);
		g->cum = xcalloc(count[i] + 1, sizeof *g->cum);
		for (uint32_t k = 0; k < count[i]; k++)
			g->cum[k] = (k ? g->cum[k - 1] : 0) + pow(k + 1.0, -s);
		g->n = count[i];
		pool_index(g);
		g->n = 0;	/* counts the members as they are added */
	}
	for (uint32_t i = 0; i < p->n; i++) {
		struct pool *g = &p->groups[p->role[i]];

		g->member[g->n++] = i;
	}
}

/* Names: C<num> (2015), Comp<num>, IP<num> or a role's device name
 * (2017); the numbers distinct and spread like LANL's. */
static void
name_computers(struct population *p, struct rng *r, enum format_id fmt)
{
	uint32_t range = fmt == FMT_LANL2015 ? 30000 : 999999;
	uint8_t *taken, named[R_NROLES] = {0};
	size_t len = 0;

	if (range < 4 * p->n)
		range = 4 * p->n;
	taken = xcalloc(range / 8 + 1, 1);
	p->names = xcalloc(p->n, 24);
	p->name_off = xcalloc(p->n, sizeof *p->name_off);
	p->name_len = xcalloc(p->n, sizeof *p->name_len);
	for (uint32_t i = 0; i < p->n; i++) {
		const struct role *ro = &roles[p->role[i]];
		uint32_t v;
		int k;

		do
			v = 1 + (uint32_t)rng_below(r, range);
		while (taken[v / 8] & (1u << (v % 8)));
		taken[v / 8] |= (uint8_t)(1u << (v % 8));
		if (fmt == FMT_LANL2015) {
			k = sprintf(p->names + len, "C%u", v);
		} else if (ro->device != NULL && !named[p->role[i]]) {
			named[p->role[i]] = 1;
			k = sprintf(p->names + len, "%s", ro->device);
		} else if (p->role[i] == R_INTERNET ||
		    (p->role[i] == R_WORKSTATION &&
		    rng_uniform(r) < IP_DEVICE_SHARE)) {
			k = sprintf(p->names + len, "IP%u", v);
		} else {
			k = sprintf(p->names + len, "Comp%u", v);
		}
		p->name_off[i] = (uint32_t)len;
		p->name_len[i] = (uint8_t)k;
		len += (size_t)k + 1;
	}
	free(taken);
}

static void
population_build(struct population *p, uint32_t n, enum format_id fmt,
    struct rng *r)
{
	uint32_t total_q = 0;
	double *act = xcalloc(n, sizeof *act);

	*p = (struct population){ .n = n };
	p->role = xcalloc(n, 1);
	p->qoff = xcalloc(n, sizeof *p->qoff);
	assign_roles(p, r);
	name_computers(p, r, fmt);
	for (int s = 0; s < S_NSVC; s++)
		p->anon_id[s] = 1 + (uint32_t)rng_below(r, ANON_PORT_MAX);
	for (uint32_t i = 0; i < n; i++) {
		p->qoff[i] = total_q;
		total_q += role_queries(p->role[i]);
	}
	p->qcum = xcalloc(total_q + 1, sizeof *p->qcum);
	for (uint32_t i = 0; i < n; i++) {
		const struct role *ro = &roles[p->role[i]];
		uint32_t nq = role_queries(p->role[i]);
		double c = 0;

		/* This stream once drew half the internet hosts' OS here; the
		 * draw stays so that the token output, and with it the bundled
		 * sample, keeps its bytes. */
		if (p->role[i] == R_INTERNET)
			(void)rng_uniform(r);
		for (uint32_t k = 0; k < nq; k++) {
			const struct query *q = &ro->q[k];
			uint32_t others = p->groups[q->target].n -
			    (q->target == p->role[i]);
			double w = q->weight * lognormal(r, 1, ro->jitter);

			if (others == 0 ||
			    (k > 0 && rng_uniform(r) >= q->presence))
				w = 0;
			p->qcum[p->qoff[i] + k] = (float)(c += w);
		}
		act[i] = c > 0 ?
		    lognormal(r, ro->activity, ro->activity_sigma) : 0;
	}
	for (int cl = 0; cl < A_NCLASSES; cl++) {
		struct pool *pc = &p->classes[cl];

		pc->member = xcalloc(n, sizeof *pc->member);
		pc->cum = xcalloc(n, sizeof *pc->cum);
		for (uint32_t i = 0; i < n; i++)
			if (roles[p->role[i]].cls == (enum activity_class)cl &&
			    act[i] > 0) {
				pc->cum[pc->n] = act[i] +
				    (pc->n ? pc->cum[pc->n - 1] : 0);
				pc->member[pc->n++] = i;
			}
		pool_index(pc);
	}
	free(act);
}

static void
population_free(struct population *p)
{
	for (int i = 0; i < R_NROLES; i++) {
		free(p->groups[i].member);
		free(p->groups[i].cum);
		free(p->groups[i].guide);
	}
	for (int c = 0; c < A_NCLASSES; c++) {
		free(p->classes[c].member);
		free(p->classes[c].cum);
		free(p->classes[c].guide);
	}
	free(p->role);
	free(p->os);
	free(p->qoff);
	free(p->qcum);
	free(p->names);
	free(p->name_off);
	free(p->name_len);
}

/* ---- flows ------------------------------------------------------------- */

/* ---- client operating systems (--numeric-ports) ------------------------ */

enum client_os { OS_LINUX, OS_WINDOWS, OS_WINDOWS_OLD, OS_BSD, OS_N };

/* Where each OS picks a client's port: first and count. */
static const uint32_t ephemeral[OS_N][2] = {
	[OS_LINUX]       = { 32768, 28232 },	/* 32768-60999 */
	[OS_WINDOWS]     = { 49152, 16384 },	/* Vista and later: IANA's */
	[OS_WINDOWS_OLD] = {  1025,  3976 },	/* XP, Server 2003: 1025-5000 */
	[OS_BSD]         = { 49152, 16384 },	/* FreeBSD, macOS: IANA's */
};

/* The OS mix of workstations, internet hosts and the rest (servers). */
static const double os_share[3][OS_N] = {
	{ 0.10, 0.60, 0.20, 0.10 },
	{ 0.45, 0.35, 0.10, 0.10 },
	{ 0.50, 0.30, 0.15, 0.05 },
};

static void
assign_os(struct population *p, struct rng *r)
{
	p->os = xcalloc(p->n, 1);
	for (uint32_t i = 0; i < p->n; i++) {
		int mix = p->role[i] == R_WORKSTATION ? 0 :
		    p->role[i] == R_INTERNET ? 1 : 2;
		double u = rng_uniform(r);
		int os = 0;

		while (os < OS_N - 1 && (u -= os_share[mix][os]) >= 0)
			os++;
		p->os[i] = (uint8_t)os;
	}
}

struct gflow {
	uint32_t	 sec;		/* offset in the slice */
	uint32_t	 duration;
	uint32_t	 client, server;
	uint32_t	 cport;		/* number, or anonymised id */
	uint8_t		 svc, swapped;
	uint64_t	 packets[2], bytes[2];	/* client->server, back */
};

/* Rate of flow starts of a class at second t (from 0), before the
 * normalisation to a mean of 1 over the run. */
static double
class_rate(enum activity_class c, uint64_t t)
{
	double hour = (double)(t % DAY_SECONDS) / 3600.0;
	int weekend = (t / DAY_SECONDS) % 7 >= 5;
	double office = exp(-pow((hour - 13.0) / 3.5, 2.0));

	switch (c) {
	case A_OFFICE:
		return 0.08 + (weekend ? 0.2 : 1.0) * office;
	case A_ALWAYS:
		return 0.7 + 0.3 * office;
	default:
		return hour >= 1.0 && hour < 5.0 ? 1.0 : 0.03;
	}
}

static uint32_t
pick_server(const struct population *p, struct rng *r, uint32_t client,
    const struct query *q)
{
	const struct pool *g = &p->groups[q->target];
	uint32_t idx, s;

	if (q->sweep)
		idx = (uint32_t)rng_below(r, g->n);
	else if (roles[q->target].popular)
		idx = pool_draw(g, r);
	else	/* rank from the client's own favourite on */
		idx = (uint32_t)((pool_draw(g, r) +
		    hash_u64((uint64_t)client << 8 | q->target)) % g->n);
	s = g->member[idx];
	if (s == client)	/* a role that queries its own kind */
		s = g->member[(idx + 1) % g->n];
	return s;
}

static uint64_t
clamp_u64(double v, uint64_t lo, uint64_t hi)
{
	if (!(v >= (double)lo))
		return lo;
	return v >= (double)hi ? hi : (uint64_t)llround(v);
}

/* Lognormal bytes; packets from the service's packet size; both split
 * between the directions by the client's share, packets more evenly
 * (acknowledgements); a duration mostly 0, else lognormal. */
static void
draw_sizes(struct gflow *f, const struct service *s, struct rng *r)
{
	uint64_t minpkt = s->proto == 6 ? 40 : 28;
	uint64_t bytes = clamp_u64(lognormal(r, s->bytes_median,
	    s->bytes_sigma), minpkt, UINT64_C(1) << 40);
	uint64_t pk = clamp_u64((double)bytes / s->packet_size *
	    exp(0.25 * rng_normal(r)), 1, bytes / minpkt);
	double share = fmin(1.0, s->client_share * exp(0.2 * rng_normal(r)));

	f->packets[0] = clamp_u64((double)pk * (0.25 + share / 2), 1, pk);
	f->packets[1] = pk - f->packets[0];
	f->bytes[0] = clamp_u64((double)bytes * share, f->packets[0] * minpkt,
	    bytes);
	f->bytes[1] = f->packets[1] == 0 ? 0 : bytes - f->bytes[0];
	if (f->bytes[1] < f->packets[1] * minpkt)
		f->bytes[1] = f->packets[1] * minpkt;
	if (s->dur_zero >= 1.0 || rng_uniform(r) < s->dur_zero)
		f->duration = 0;
	else
		f->duration = (uint32_t)clamp_u64(lognormal(r, s->dur_median,
		    s->dur_sigma), 1, DAY_SECONDS);
}

static void
draw_flow(const struct population *p, const struct gen_options *o,
    const double cw[A_NCLASSES], uint32_t len, struct rng *r,
    struct gflow *f)
{
	double u = rng_uniform(r) * cw[A_NCLASSES - 1];
	int c = 0;

	while (c < A_NCLASSES - 1 && cw[c] <= u)
		c++;
	f->client = p->classes[c].member[pool_draw(&p->classes[c], r)];

	/* The first entry above v has a weight; should rounding carry v to
	 * the total, step back over zero weights at the end. */
	const float *qc = p->qcum + p->qoff[f->client];
	uint32_t nq = role_queries(p->role[f->client]), k = 0;
	double v = rng_uniform(r) * qc[nq - 1];

	while (k < nq - 1 && qc[k] <= v)
		k++;
	while (k > 0 && qc[k] == qc[k - 1])
		k--;

	const struct query *q = &roles[p->role[f->client]].q[k];
	const struct service *s = &services[q->svc];

	f->svc = q->svc;
	f->server = pick_server(p, r, f->client, q);
	f->sec = (uint32_t)rng_below(r, len);
	draw_sizes(f, s, r);
	if (service_portless(s)) {
		f->cport = 0;
	} else if (!o->numeric_ports) {
		f->cport = 1 + (uint32_t)rng_below(r, ANON_PORT_MAX);
	} else {
		const uint32_t *e = ephemeral[p->os[f->client]];

		f->cport = e[0] + (uint32_t)rng_below(r, e[1]);
	}
	f->swapped = o->format == FMT_LANL2015 && !service_portless(s) &&
	    rng_uniform(r) < o->swap_share;
}

/* ---- output ------------------------------------------------------------ */

static volatile sig_atomic_t interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct writer {
	struct outfile	 out;
	gzFile		 gz;		/* NULL: plain */
	int		 failed;
	char		*buf;
	size_t		 len;
};

static int
writer_open(struct writer *k, const char *path, char *err, size_t errlen)
{
	size_t n = strlen(path);
	int fd;

	*k = (struct writer){0};
	if (outfile_open(&k->out, path, err, errlen) != 0)
		return -1;
	/* zlib writes the gzip header with time stamp 0: the same bytes each
	 * run.  Level 1: five times the speed of the default for 20% more. */
	if (n > 3 && strcmp(path + n - 3, ".gz") == 0 &&
	    ((fd = dup(fileno(k->out.f))) < 0 ||
	    (k->gz = gzdopen(fd, "wb1")) == NULL)) {
		snprintf(err, errlen, "%s: cannot start zlib: %s", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		outfile_abort(&k->out);
		return -1;
	}
	k->buf = xmalloc(OUTBUF_SIZE);
	return 0;
}

static void
writer_flush(struct writer *k)
{
	if (k->len > 0 && (k->gz != NULL ?
	    gzwrite(k->gz, k->buf, (unsigned)k->len) != (int)k->len :
	    fwrite(k->buf, 1, k->len, k->out.f) != k->len))
		k->failed = 1;
	k->len = 0;
}

/* Room for one more line. */
static char *
writer_line(struct writer *k)
{
	if (k->len + LINE_MAX_LEN > OUTBUF_SIZE)
		writer_flush(k);
	return k->buf + k->len;
}

static int
writer_close(struct writer *k, char *err, size_t errlen)
{
	writer_flush(k);
	if (k->gz != NULL && gzclose(k->gz) != Z_OK)
		k->failed = 1;
	free(k->buf);
	if (k->failed) {
		snprintf(err, errlen, "%s: write error: %s", k->out.path,
		    strerror(errno));
		outfile_abort(&k->out);
		return -1;
	}
	return outfile_commit(&k->out, err, errlen);
}

/* Ctrl-C: no half file under the target's name, nor a temporary one. */
static void
sink_abort(struct writer *k)
{
	if (k->gz != NULL)
		(void)gzclose(k->gz);
	free(k->buf);
	outfile_abort(&k->out);
}

/* Formatting by hand, each helper returning the end of what it wrote. */
static char *
put_u64(char *d, uint64_t v, char sep)
{
	char tmp[20];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*d++ = tmp[--n];
	*d++ = sep;
	return d;
}

static char *
put_name(char *d, const struct population *p, uint32_t c)
{
	memcpy(d, p->names + p->name_off[c], p->name_len[c]);
	d[p->name_len[c]] = ',';
	return d + p->name_len[c] + 1;
}

/* A port: a number, or the format's anonymised token. */
static char *
put_port(char *d, const struct gen_options *o, uint32_t v, int anon)
{
	static const char *const prefix[] = { "N", "Port" };

	if (anon && !o->numeric_ports) {
		size_t n = strlen(prefix[o->format]);

		memcpy(d, prefix[o->format], n);
		d += n;
	}
	return put_u64(d, v, ',');
}

static void
write_flow(struct writer *k, const struct population *p,
    const struct gen_options *o, uint64_t time, const struct gflow *f)
{
	const struct service *s = &services[f->svc];
	struct { uint32_t who, port; int anon; } end[2] = {
		{ f->client, f->cport, !service_portless(s) },
		{ f->server, s->anon && !o->numeric_ports ? p->anon_id[f->svc] :
		    s->port, s->anon },
	}, *src = &end[f->swapped], *dst = &end[!f->swapped];
	char *start = writer_line(k), *d = start;

	d = put_u64(d, time, ',');
	d = put_u64(d, f->duration, ',');
	if (o->format == FMT_LANL2015) {
		d = put_name(d, p, src->who);
		d = put_port(d, o, src->port, src->anon);
		d = put_name(d, p, dst->who);
		d = put_port(d, o, dst->port, dst->anon);
		d = put_u64(d, s->proto, ',');
		d = put_u64(d, f->packets[0] + f->packets[1], ',');
		d = put_u64(d, f->bytes[0] + f->bytes[1], '\n');
	} else {
		d = put_name(d, p, src->who);
		d = put_name(d, p, dst->who);
		d = put_u64(d, s->proto, ',');
		d = put_port(d, o, src->port, src->anon);
		d = put_port(d, o, dst->port, dst->anon);
		d = put_u64(d, f->packets[0], ',');
		d = put_u64(d, f->packets[1], ',');
		d = put_u64(d, f->bytes[0], ',');
		d = put_u64(d, f->bytes[1], '\n');
	}
	k->len += (size_t)(d - start);
}

static const char *const headers[] = {
	"time,duration,src computer,src port,dst computer,dst port,protocol,"
	    "packets,bytes\n",
	"Time,Duration,SrcDevice,DstDevice,Protocol,SrcPort,DstPort,"
	    "SrcPackets,DstPackets,SrcBytes,DstBytes\n",
};

/* Cumulative weights of the classes in the slice around second mid:
 * activity times rate. */
static double
slice_weights(const struct population *p, const double mean[A_NCLASSES],
    uint64_t mid, double cw[A_NCLASSES])
{
	double sum = 0;

	for (int c = 0; c < A_NCLASSES; c++) {
		const struct pool *pc = &p->classes[c];

		if (pc->n > 0)
			sum += pc->cum[pc->n - 1] *
			    class_rate((enum activity_class)c, mid) / mean[c];
		cw[c] = sum;
	}
	return sum;
}

/* Seconds in a slice: a minute, or a divisor of it that keeps the flows
 * of a slice, and so the memory, bounded. */
static uint32_t
slice_length(const struct gen_options *o)
{
	static const uint32_t len[] = { 60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2 };

	for (size_t i = 0; i < sizeof len / sizeof len[0]; i++)
		if (o->flows / (o->days * DAY_SECONDS / len[i]) < SLICE_FLOWS)
			return len[i];
	return 1;
}

/*
 * Slice k gets floor(N * C_k) - floor(N * C_k-1) flows, C_k the share of
 * the weight up to its end and the last one the rest: exactly N in all.
 */
static void
generate(struct writer *k, const struct population *p,
    const struct gen_options *o, const struct rng *master)
{
	uint32_t len = slice_length(o);
	uint64_t nslices = o->days * (DAY_SECONDS / len);
	uint64_t done = 0, cap = 0;
	double cw[A_NCLASSES], mean[A_NCLASSES] = {0}, total = 0, cum = 0;
	struct gflow *batch = NULL, *sorted = NULL;

	for (int c = 0; c < A_NCLASSES; c++) {
		for (uint64_t i = 0; i < nslices; i++)
			mean[c] += class_rate((enum activity_class)c,
			    i * len + len / 2);
		mean[c] /= (double)nslices;
	}
	for (uint64_t i = 0; i < nslices; i++)
		total += slice_weights(p, mean, i * len + len / 2, cw);
	if (o->header) {
		size_t n = strlen(headers[o->format]);

		memcpy(writer_line(k), headers[o->format], n);
		k->len += n;
	}
	for (uint64_t i = 0; i < nslices && !k->failed && !interrupted; i++) {
		uint64_t upto, n;
		uint32_t at[SLICE_SECONDS + 1] = {0};
		struct rng r;

		cum += slice_weights(p, mean, i * len + len / 2, cw);
		upto = i == nslices - 1 ? o->flows :
		    (uint64_t)fmin((double)o->flows,
		    floor((double)o->flows * (cum / total)));
		n = upto > done ? upto - done : 0;
		if (n > cap) {
			cap = n;
			batch = xreallocarray(batch, cap, sizeof *batch);
			sorted = xreallocarray(sorted, cap, sizeof *sorted);
		}
		rng_split(master, 1000 + i, &r);
		for (uint64_t j = 0; j < n; j++) {
			draw_flow(p, o, cw, len, &r, &batch[j]);
			at[batch[j].sec + 1]++;
		}
		/* A counting sort by second: stable, so still deterministic. */
		for (uint32_t s = 0; s < len; s++)
			at[s + 1] += at[s];
		for (uint64_t j = 0; j < n; j++)
			sorted[at[batch[j].sec]++] = batch[j];
		for (uint64_t j = 0; j < n; j++)
			write_flow(k, p, o, 1 + i * len + sorted[j].sec,
			    &sorted[j]);
		done += n;
	}
	free(batch);
	free(sorted);
}

static int
write_roles(const struct population *p, const char *path, char *err,
    size_t errlen)
{
	struct outfile out;

	if (outfile_open(&out, path, err, errlen) != 0)
		return -1;
	fputs("computer,role\n", out.f);
	for (uint32_t i = 0; i < p->n; i++)
		fprintf(out.f, "%s,%s\n", p->names + p->name_off[i],
		    roles[p->role[i]].name);
	return outfile_commit(&out, err, errlen);
}

int
main(int argc, char *argv[])
{
	struct gen_options o;
	struct population pop;
	struct rng master, setup;
	struct writer sink;
	char err[1024];
	int rc = 0;

	if (parse_options(argc, argv, &o, err, sizeof err) != 0) {
		fprintf(stderr, "flowgen: %s\n"
		    "Try 'flowgen --help' for more information.\n", err);
		return EXIT_USAGE;
	}
	if (o.help) {
		usage(stdout);
		return 0;
	}
	rng_seed(&master, o.seed);
	rng_split(&master, 1, &setup);
	population_build(&pop, (uint32_t)o.computers, o.format, &setup);
	if (o.numeric_ports) {
		struct rng os;

		rng_split(&master, 2, &os);
		assign_os(&pop, &os);
	}
	if ((o.roles_path != NULL &&
	    write_roles(&pop, o.roles_path, err, sizeof err) != 0) ||
	    writer_open(&sink, o.output, err, sizeof err) != 0) {
		rc = 1;
	} else {
		struct sigaction sa = { .sa_handler = on_interrupt };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		generate(&sink, &pop, &o, &master);
		if (interrupted) {
			sink_abort(&sink);
			snprintf(err, sizeof err, "interrupted");
			rc = EXIT_INTERRUPT;
		} else {
			rc = writer_close(&sink, err, sizeof err) != 0;
		}
	}
	if (rc != 0)
		fprintf(stderr, "flowgen: %s\n", err);
	population_free(&pop);
	return rc;
}
