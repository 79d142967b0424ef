/*
 * nfcapd.h - nfdump's binary flow files, read through nfdump itself.
 *
 * nfcapd (the collector) and nfpcapd write flows in nfdump's own binary
 * format, which changes between nfdump versions and may be compressed
 * (LZO, LZ4, BZ2, ZSTD).  nfdump is the one reader that keeps up with all
 * of that, so flowmap runs `nfdump -r FILE -o csv` (no shell: the path is
 * one argument) and reads its output as the nfdump CSV format.
 *
 * Captures (pcap, pcapng) go the same way, made into nfcapd files by
 * nfpcapd first, as a collector would.
 *
 * Call order: nfcapd_magic() (or nfcapd_pcap_magic()) on a file's first
 * bytes; nfcapd_start() (or nfcapd_start_pcap()) to get a pipe of CSV
 * text; read it to its end; nfcapd_finish() to learn
 * whether nfdump read the whole file (nfdump reports damaged files on
 * stderr with exit code 0, so anything on its stderr is a failure).
 */
#ifndef FLOWMAP_NFCAPD_H
#define FLOWMAP_NFCAPD_H

#include <stddef.h>
#include <sys/types.h>

struct nfcapd_child {
	pid_t	pid;
	int	out;		/* read end of nfdump's stdout */
	int	errfd;		/* a temporary file holding its stderr */
	char	*tmpdir;	/* a capture's nfcapd files, removed at the end */
};

/* Do these first bytes of a file start an nfcapd file?  A capture (pcap
 * or pcapng)? */
int	nfcapd_magic(const unsigned char *p, size_t len);
int	nfcapd_pcap_magic(const unsigned char *p, size_t len);
/* Start nfdump on path; name (escaped) is for messages.  0, or -1 with
 * the reason in err. */
int	nfcapd_start(struct nfcapd_child *c, const char *path,
	    const char *name, char *err, size_t errlen);
/*
 * A capture: nfpcapd turns it into nfcapd files in a temporary directory
 * (waited for here), then nfdump -R reads them as nfcapd_start() does.
 * 0, or -1 with the reason in err (nfpcapd missing or failing).
 */
int	nfcapd_start_pcap(struct nfcapd_child *c, const char *path,
	    const char *name, char *err, size_t errlen);
/* Wait for nfdump after its output ended: 0 when it read the file
 * cleanly, else -1 with what it said in err. */
int	nfcapd_finish(struct nfcapd_child *c, const char *name, char *err,
	    size_t errlen);
/* Stop nfdump early (an error or a cancel elsewhere) and reap it. */
void	nfcapd_abort(struct nfcapd_child *c);

#endif
