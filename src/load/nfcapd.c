/*
 * nfcapd.c - nfdump's binary flow files, read through nfdump (see
 * nfcapd.h).
 *
 * The child gets /dev/null for stdin, a pipe for stdout and an unlinked
 * temporary file for stderr: a file, not a second pipe, so nfdump can
 * never block on a full stderr while flowmap waits on its stdout.  Its
 * environment is ours with TZ=UTC, so the dates it writes read back as
 * the same instants whatever the analyst's time zone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/escape.h"
#include "load/nfcapd.h"
#include "base/xalloc.h"

extern char **environ;

static int spawn_nfdump(struct nfcapd_child *c, const char *read,
    const char *path, const char *name, char *err, size_t errlen);

/* nfdump's file header starts with the magic 0xA50C and a layout version
 * (1 for nfdump 1.6, 2 for 1.7), both little-endian 16-bit numbers. */
int
nfcapd_magic(const unsigned char *p, size_t len)
{
	return len >= 4 && p[0] == 0x0c && p[1] == 0xa5 &&
	    (p[2] == 1 || p[2] == 2) && p[3] == 0;
}

/* Our environment with TZ=UTC in place of any TZ. */
static char **
utc_environment(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ != NULL && environ[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof *env);
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "TZ=", 3) != 0)
			env[k++] = environ[i];
	env[k++] = "TZ=UTC";
	env[k] = NULL;
	return env;
}

int
nfcapd_pcap_magic(const unsigned char *p, size_t len)
{
	static const unsigned char magic[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },	/* pcapng's section header */
	};

	for (size_t i = 0; len >= 4 && i < sizeof magic / sizeof *magic; i++)
		if (memcmp(p, magic[i], 4) == 0)
			return 1;
	return 0;
}

static const char *
tmp_base(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && dir[0] == '/' ? dir : "/tmp";
}

/* Remove the capture's directory and the nfcapd files in it. */
static void
remove_tmpdir(struct nfcapd_child *c)
{
	DIR *d;
	struct dirent *e;

	if (c->tmpdir == NULL)
		return;
	if ((d = opendir(c->tmpdir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char path[4096];

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", c->tmpdir,
			    e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(c->tmpdir);
	free(c->tmpdir);
	c->tmpdir = NULL;
}

/* The line of what a tool wrote that says what went wrong: the first
 * with "fail", "rror" or "an't" in it, else the last one; escaped. */
static void
failure_line(int fd, char *buf, size_t size)
{
	char raw[4096], *line, *pick = NULL, *save = NULL;
	ssize_t n = pread(fd, raw, sizeof raw - 1, 0);

	buf[0] = '\0';
	if (n <= 0)
		return;
	raw[n] = '\0';
	for (line = strtok_r(raw, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (pick == NULL || !(strstr(pick, "fail") ||
		    strstr(pick, "rror") || strstr(pick, "an't")))
			pick = line;
	}
	if (pick != NULL)
		escape_text(pick, strlen(pick), buf, size);
}

int
nfcapd_start_pcap(struct nfcapd_child *c, const char *path,
    const char *name, char *err, size_t errlen)
{
	char dir[4096], said[600], outpath[4200];
	char *argv[] = { "nfpcapd", "-r", (char *)path, "-w", dir, NULL };
	posix_spawn_file_actions_t fa;
	int outfd, rc, status;
	pid_t pid;
	char **env;

	c->pid = -1;
	c->out = c->errfd = -1;
	c->tmpdir = NULL;
	snprintf(dir, sizeof dir, "%s/flowmap-pcap-XXXXXX", tmp_base());
	if (mkdtemp(dir) == NULL) {
		snprintf(err, errlen, "%s: cannot make a temporary directory "
		    "for nfpcapd: %s", name, strerror(errno));
		return -1;
	}
	c->tmpdir = xstrdup(dir);
	snprintf(outpath, sizeof outpath, "%s/.out", dir);
	if ((outfd = open(outpath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		snprintf(err, errlen, "%s: cannot make a temporary file for "
		    "nfpcapd's messages: %s", name, strerror(errno));
		remove_tmpdir(c);
		return -1;
	}
	unlink(outpath);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outfd, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, outfd, STDERR_FILENO);
	env = utc_environment();
	rc = posix_spawnp(&pid, "nfpcapd", &fa, NULL, argv, env);
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		close(outfd);
		remove_tmpdir(c);
		if (rc == ENOENT)
			snprintf(err, errlen, "%s: a packet capture; making "
			    "flows of it needs nfpcapd, which is not installed "
			    "(Debian package nfdump)", name);
		else
			snprintf(err, errlen, "%s: cannot run nfpcapd: %s",
			    name, strerror(rc));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		failure_line(outfd, said, sizeof said);
		snprintf(err, errlen, "%s: nfpcapd could not make flows of "
		    "it%s%s", name, said[0] ? ": " : "", said);
		close(outfd);
		remove_tmpdir(c);
		return -1;
	}
	close(outfd);
	/* nfdump reads the directory's files in name order (-R). */
	if (spawn_nfdump(c, "-R", dir, name, err, errlen) != 0) {
		remove_tmpdir(c);
		return -1;
	}
	return 0;
}

int
nfcapd_start(struct nfcapd_child *c, const char *path, const char *name,
    char *err, size_t errlen)
{
	c->tmpdir = NULL;
	return spawn_nfdump(c, "-r", path, name, err, errlen);
}

/* nfdump READ PATH -o csv, its output on c->out. */
static int
spawn_nfdump(struct nfcapd_child *c, const char *read, const char *path,
    const char *name, char *err, size_t errlen)
{
	char *argv[] = { "nfdump", (char *)read, (char *)path, "-o", "csv",
	    NULL };
	const char *dir = tmp_base();
	char errpath[4096];
	posix_spawn_file_actions_t fa;
	int pipefd[2], rc;
	char **env;

	c->pid = -1;
	c->out = c->errfd = -1;
	snprintf(errpath, sizeof errpath, "%s/flowmap-nfdump-XXXXXX", dir);
	if ((c->errfd = mkostemp(errpath, O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: cannot make a temporary file for "
		    "nfdump's messages: %s", name, strerror(errno));
		return -1;
	}
	unlink(errpath);
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "%s: cannot make a pipe: %s", name,
		    strerror(errno));
		close(c->errfd);
		c->errfd = -1;
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, c->errfd, STDERR_FILENO);
	env = utc_environment();
	rc = posix_spawnp(&c->pid, "nfdump", &fa, NULL, argv, env);
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		close(c->errfd);
		c->errfd = -1;
		c->pid = -1;
		if (rc == ENOENT)
			snprintf(err, errlen, "%s: an nfcapd file (nfdump's "
			    "binary format); reading it needs nfdump, which is "
			    "not installed (Debian package nfdump)", name);
		else
			snprintf(err, errlen, "%s: cannot run nfdump: %s", name,
			    strerror(rc));
		return -1;
	}
	c->out = pipefd[0];
	return 0;
}

/* The first line nfdump wrote on stderr, escaped, or "" if none. */
static void
first_message(int fd, char *buf, size_t size)
{
	char raw[512];
	ssize_t n = pread(fd, raw, sizeof raw - 1, 0);
	size_t len;

	buf[0] = '\0';
	if (n <= 0)
		return;
	raw[n] = '\0';
	len = strcspn(raw, "\n");
	escape_text(raw, len, buf, size);
}

int
nfcapd_finish(struct nfcapd_child *c, const char *name, char *err,
    size_t errlen)
{
	char said[600];
	int status, rc = 0;

	if (c->out >= 0)
		close(c->out);
	c->out = -1;
	while (waitpid(c->pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	c->pid = -1;
	first_message(c->errfd, said, sizeof said);
	close(c->errfd);
	c->errfd = -1;
	remove_tmpdir(c);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (status != -1 && WIFSIGNALED(status))
			snprintf(err, errlen, "%s: nfdump was killed by signal "
			    "%d%s%s", name, WTERMSIG(status),
			    said[0] ? ": " : "", said);
		else
			snprintf(err, errlen, "%s: nfdump failed%s%s", name,
			    said[0] ? ": " : "", said);
		rc = -1;
	} else if (said[0] != '\0') {
		/* nfdump reports a damaged file here and still exits 0. */
		snprintf(err, errlen, "%s: nfdump could not read all of it: "
		    "%s", name, said);
		rc = -1;
	}
	return rc;
}

void
nfcapd_abort(struct nfcapd_child *c)
{
	if (c->out >= 0)
		close(c->out);
	c->out = -1;
	if (c->pid > 0) {
		kill(c->pid, SIGTERM);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	c->pid = -1;
	if (c->errfd >= 0)
		close(c->errfd);
	c->errfd = -1;
	remove_tmpdir(c);
}
