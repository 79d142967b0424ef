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
nfcapd_start(struct nfcapd_child *c, const char *path, const char *name,
    char *err, size_t errlen)
{
	char *argv[] = { "nfdump", "-r", (char *)path, "-o", "csv", NULL };
	const char *dir = getenv("TMPDIR");
	char errpath[4096];
	posix_spawn_file_actions_t fa;
	int pipefd[2], rc;
	char **env;

	c->pid = -1;
	c->out = c->errfd = -1;
	snprintf(errpath, sizeof errpath, "%s/flowmap-nfdump-XXXXXX",
	    dir != NULL && dir[0] == '/' ? dir : "/tmp");
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
}
