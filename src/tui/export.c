/*
 * export.c - `w` writes the selection to a file (see export.h).
 *
 * The prompt offers a fresh name in the working directory,
 * flowmap-selection-N.tsv with the smallest N whose file does not exist,
 * and the user may edit it.  Writing never replaces a file: the name is
 * first claimed with O_CREAT | O_EXCL, so an existing file (or one made
 * since the prompt opened) is refused with a note, and only then does
 * outfile.h write the rows under a temporary name and rename it over the
 * empty claim.  A failure (a read-only directory, a full disk) removes
 * the claim and says why in the status line; the explorer goes on.
 *
 * The rows are those of `flowmap embed -o`, same header (map_write_tsv),
 * one per member in map order, so a cluster's file is exactly that
 * cluster's lines of the embedding's table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/outfile.h"
#include "tui/export.h"
#include "tui/term.h"

#define EXPORT_PROMPT	"write the selection to: "
#define EXPORT_MAX_TRIES 100000	/* flowmap-selection-1 .. -100000 */

int
export_fresh_name(char *buf, size_t size)
{
	struct stat st;

	for (unsigned long n = 1; n <= EXPORT_MAX_TRIES; n++) {
		snprintf(buf, size, "flowmap-selection-%lu.tsv", n);
		if (lstat(buf, &st) < 0 && errno == ENOENT)
			return 0;
	}
	return -1;
}

int
export_write(const struct map *m, const size_t *rows, size_t n,
    const char *path, char *err, size_t errlen)
{
	struct outfile of;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		snprintf(err, errlen, errno == EEXIST ? "exists" : "%s",
		    strerror(errno));
		return errno == EEXIST ? EXPORT_EXISTS : -1;
	}
	close(fd);
	if (outfile_open(&of, path, err, errlen) < 0) {
		unlink(path);
		return -1;
	}
	if (map_write_tsv(of.f, m, rows, n) < 0) {
		snprintf(err, errlen, "%s", strerror(errno ? errno : EIO));
		outfile_abort(&of);
		unlink(path);
		return -1;
	}
	if (outfile_commit(&of, err, errlen) < 0) {
		unlink(path);
		return -1;
	}
	return 0;
}

enum tui_reaction
export_open(struct explorer *e, int key)
{
	char name[64];

	(void)key;
	if (e->chosen.n == 0) {
		explorer_note(e, "nothing selected to write (g, M, B, V, F "
		    "select)");
		return TUI_REDRAW;
	}
	if (export_fresh_name(name, sizeof name) < 0)
		name[0] = '\0';
	textfield_set(&e->ex_name, name);
	e->view = VIEW_EXPORT;
	return TUI_REDRAW;
}

enum tui_reaction
export_edit(struct explorer *e, int key)
{
	return textfield_key(&e->ex_name, key) != TEXTFIELD_SAME ?
	    TUI_REDRAW : TUI_NONE;
}

enum tui_reaction
export_confirm(struct explorer *e, int key)
{
	const char *path = textfield_text(&e->ex_name);
	char err[TUI_MESSAGE_MAX], shown[TUI_ECHO_MAX];
	int rc;

	(void)key;
	if (textfield_empty(&e->ex_name))
		return TUI_NONE;
	/* the name as typed, escaped: it is the user's, but may hold
	 * anything a terminal would act on */
	escape_text(path, strlen(path), shown, sizeof shown);
	e->view = VIEW_MAP;
	rc = export_write(e->m, e->chosen.rows, e->chosen.n, path, err,
	    sizeof err);
	if (rc == EXPORT_EXISTS)
		explorer_note(e, "%s exists: not written (w: another name)",
		    shown);
	else if (rc < 0)
		explorer_note(e, "cannot write %s: %s", shown, err);
	else
		explorer_note(e, "wrote %zu computers to %s", e->chosen.n,
		    shown);
	return TUI_REDRAW;
}

void
export_draw(struct explorer *e)
{
	textfield_prompt_draw(&e->ex_name, e->status.y, 0, e->cols,
	    EXPORT_PROMPT, TERM_STATUS);
}

void
export_free(struct explorer *e)
{
	textfield_free(&e->ex_name);
}
