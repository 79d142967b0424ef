/*
 * outfile.c - see outfile.h (htop's Settings_write: temporary name, then
 * rename, which POSIX makes atomic within one file system).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/xalloc.h"

int
outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
	int fd;

	*o = (struct outfile){0};
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		o->path = xstrdup(path);
		return 0;
	}
	o->path = xstrdup(path);
	/* A device or a pipe (-o /dev/null, -o >(gzip)) is written as it is:
	 * renaming a file over it would replace it. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode) || (o->f = fopen(path, "w")) == NULL) {
			snprintf(err, errlen, "%s: cannot write: %s", path,
			    S_ISDIR(st.st_mode) ? "is a directory" :
			    strerror(errno));
			free(o->path);
			*o = (struct outfile){0};
			return -1;
		}
		o->direct = 1;
		return 0;
	}
	o->tmp = xmalloc(strlen(path) + 16);
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0 || (o->f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: cannot create: %s", path,
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		free(o->path);
		*o = (struct outfile){0};
		return -1;
	}
	/* mkstemp makes 0600; a result file is an ordinary file. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	return 0;
}

int
outfile_commit(struct outfile *o, char *err, size_t errlen)
{
	int rc = 0;

	if (o->tmp == NULL) {
		if (fflush(o->f) != 0 || ferror(o->f)) {
			snprintf(err, errlen, "%s: %s", o->direct ? o->path :
			    "standard output", strerror(errno));
			rc = -1;
		}
		if (o->direct && fclose(o->f) != 0 && rc == 0) {
			snprintf(err, errlen, "%s: %s", o->path, strerror(errno));
			rc = -1;
		}
	} else if (fflush(o->f) != 0 || ferror(o->f) ||
	    fsync(fileno(o->f)) != 0) {
		snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
		fclose(o->f);
		unlink(o->tmp);
		rc = -1;
	} else if (fclose(o->f) != 0 || rename(o->tmp, o->path) != 0) {
		snprintf(err, errlen, "%s: %s", o->path, strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	free(o->tmp);
	free(o->path);
	*o = (struct outfile){0};
	return rc;
}

void
outfile_abort(struct outfile *o)
{
	if (o->tmp != NULL) {
		fclose(o->f);
		unlink(o->tmp);
	} else if (o->direct)
		fclose(o->f);
	free(o->tmp);
	free(o->path);
	*o = (struct outfile){0};
}
