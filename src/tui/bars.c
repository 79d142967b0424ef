/*
 * bars.c - the title and status lines (see bars.h).
 *
 * The title: the input's name and, with a port or protocol chosen, its
 * legend (a swatch per role and its count; brief words when the line is
 * short).  The status line: as many of its fields as fit, most important
 * first, then the hint ("? help  q quit") or a one-frame note at the
 * right.  Fields are measured in display columns and drawn piece by
 * piece, so a label from the data is never copied into a fixed buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tui/bars.h"
#include "tui/term.h"

#define BARS_NUMBER_MAX		64	/* a field of ours: numbers, words */

/* The legend of a port or protocol: a swatch per role and its count. */
static const struct legend_role {
	enum term_role	 term;
	enum canvas_role canvas;
	char		 letter;	/* the swatch without colours */
	const char	*text, *brief;	/* brief when the line is short */
} legend_roles[] = {
	{ TERM_RED, CANVAS_RED, CANVAS_GLYPH_SERVE, "serves (in only)",
	  "serves" },
	{ TERM_GREEN, CANVAS_GREEN, CANVAS_GLYPH_QUERY, "queries (out only)",
	  "queries" },
	{ TERM_BLUE, CANVAS_BLUE, CANVAS_GLYPH_BOTH, "both", "both" },
	{ TERM_PLAIN, CANVAS_PLAIN, ' ', "plain: none", "none" },
};
#define NLEGEND (sizeof legend_roles / sizeof legend_roles[0])

/* The legend at column x (drawn when end >= 0); returns its width. */
static int
legend_draw(struct explorer *e, int x, int end, int brief)
{
	char buf[BARS_NUMBER_MAX];
	int w = 0;

	for (size_t i = 0; i < NLEGEND; i++) {
		const struct legend_role *l = &legend_roles[i];
		unsigned glyph;

		if (l->canvas == CANVAS_PLAIN)
			glyph = 0;
		else if (e->letters)
			glyph = (unsigned char)l->letter;
		else
			glyph = e->style == CANVAS_BRAILLE ?
			    CANVAS_BRAILLE_BASE + 0xff : '#';
		snprintf(buf, sizeof buf, " %s %zu ", brief ? l->brief :
		    l->text, e->nrole[l->canvas]);
		if (end >= 0) {
			if (glyph != 0) {
				term_set(l->term);
				term_char(0, x + w, glyph);
			}
			term_set(TERM_TITLE);
			term_text(0, x + w + (glyph != 0), end - x - w -
			    (glyph != 0), buf);
		}
		w += (glyph != 0) + (int)strlen(buf);
	}
	return w;
}

void
bars_title_draw(struct explorer *e)
{
	const char *label = explorer_sel_label(e);
	char buf[BARS_NUMBER_MAX];
	int x = 0, end = e->cols;

	term_set(TERM_TITLE);
	term_fill(0, 0, e->cols);
	x += term_text(0, x, end / 3, *e->title ? " flowmap: " : " flowmap");
	x += term_text(0, x, end / 3 - x, e->title) + 2;
	if (label == NULL) {
		snprintf(buf, sizeof buf, "%zu computers, size ~ log(bytes); "
		    "p: colour by port", e->m->ncomputers);
		term_text(0, x, end - x, buf);
		return;
	}
	x += term_text(0, x, end - x, e->kind == SEL_PORT ? "port " :
	    "protocol ");
	x += term_text(0, x, end - x, label);
	x += term_text(0, x, end - x, ": ");
	legend_draw(e, x, end, legend_draw(e, x, -1, 0) > end - x);
}

/* The status line being filled from the left. */
struct line {
	int		 y, x, room;	/* next column, the last one + 1 */
	const char	*sep;		/* between fields */
};

/* A field of parts (NULL-terminated), drawn after a separator when all
 * of it fits; returns 0 when it did not (the fields after it are less
 * important: the caller stops). */
static int
field(struct line *l, const char *const *parts)
{
	int w = term_width(l->sep);

	for (const char *const *p = parts; *p != NULL; p++)
		w += term_width(*p);
	if (l->x + w > l->room)
		return 0;
	l->x += term_text(l->y, l->x, l->room - l->x, l->sep);
	for (const char *const *p = parts; *p != NULL; p++)
		l->x += term_text(l->y, l->x, l->room - l->x, *p);
	return 1;
}

void
bars_status_draw(struct explorer *e)
{
	const struct mappane *p = &e->maps[e->active];
	const char *hint = e->message[0] ? e->message : "? help  q quit";
	const char *label = explorer_sel_label(e);
	char zoom[BARS_NUMBER_MAX], inview[BARS_NUMBER_MAX];
	char temp[BARS_NUMBER_MAX];
	int w = term_width(hint) + 1;
	struct line l;

	if (w > e->cols)	/* a long message takes the whole line */
		w = e->cols;
	l = (struct line){ e->status.y, 0, e->cols - w - 1,
	    term_utf8() ? " \u2502 " : " | " };
	snprintf(zoom, sizeof zoom, " zoom %.1fx", p->cv.zoom);
	snprintf(inview, sizeof inview, "%zu/%zu in view", p->inview,
	    e->m->ncomputers);
	snprintf(temp, sizeof temp, "T=%.2f", e->T);
	{
		/* most important first */
		const char *const fields[][5] = {
			{ e->split ? "keys: " : "",
			  explorer_map_name(e->active), " map", NULL },
			{ inview, NULL },
			{ e->mouse ? NULL : "mouse off", NULL },
			{ temp, NULL },
			{ e->kind == SEL_PROTO ? "protocol " : "port ",
			  label != NULL ? label : "none", NULL },
			{ "bars: ", explorer_measure_name(e->measure), NULL },
		};

		term_set(TERM_STATUS);
		term_fill(l.y, 0, e->cols);
		l.x = term_text(l.y, 0, l.room, zoom);
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
			if (fields[f][0] != NULL && !field(&l, fields[f]))
				break;
	}
	if (e->message[0])
		term_set(TERM_WARN);
	term_text(e->status.y, e->cols - w, w, hint);
	e->message[0] = '\0';
}
