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
#define BARS_MORE_W		16	/* "  +N more (M)" */

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

/* The marks' legend: a swatch, then each label with its count, as many
 * as fit ("+N more" when not all do: M lists them). */
static void
marks_legend_draw(struct explorer *e, int x, int end)
{
	const struct map_marks *mk = &e->m->marks;
	char buf[BARS_NUMBER_MAX];

	if (mk->nlabels == 0 || x + 2 >= end)
		return;
	term_set(TERM_MARKED);
	term_char(0, x++, e->letters ? CANVAS_GLYPH_MARKED :
	    e->style == CANVAS_BRAILLE ? CANVAS_BRAILLE_BASE + 0xff : '#');
	term_set(TERM_TITLE);
	x += term_text(0, x, end - x, " marks:");
	for (size_t k = 0; k < mk->nlabels; k++) {
		int lw = term_width(e->mark_labels[k]);

		snprintf(buf, sizeof buf, " %zu", mk->count[k]);
		/* room for this one, and for "+N more" after it if needed */
		if (x + 1 + lw + (int)strlen(buf) + (k + 1 < mk->nlabels ?
		    BARS_MORE_W : 0) > end) {
			snprintf(buf, sizeof buf, "  +%zu more (M)",
			    mk->nlabels - k);
			term_text(0, x, end - x, buf);
			return;
		}
		x += term_text(0, x, end - x, " ");
		x += term_text(0, x, end - x, e->mark_labels[k]);
		x += term_text(0, x, end - x, buf);
		x += term_text(0, x, end - x, k + 1 < mk->nlabels ? "," : "");
	}
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
		if (e->m->marks.nlabels > 0)
			snprintf(buf, sizeof buf, "%zu computers  ",
			    e->m->ncomputers);
		else
			snprintf(buf, sizeof buf, "%zu computers, size ~ "
			    "log(bytes); p: colour by port", e->m->ncomputers);
		x += term_text(0, x, end - x, buf);
	} else {
		int w;

		x += term_text(0, x, end - x, e->kind == SEL_PORT ? "port " :
		    "protocol ");
		x += term_text(0, x, end - x, label);
		x += term_text(0, x, end - x, ": ");
		w = legend_draw(e, x, -1, 0);
		x += legend_draw(e, x, end, w > end - x);
	}
	marks_legend_draw(e, x, end);
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
	const char *hint = e->message[0] ? e->message :
	    e->view == VIEW_BOX ? "box: move, Enter selects, z zooms, Esc" :
	    "? help  q quit";
	const char *label = explorer_sel_label(e);
	char zoom[BARS_NUMBER_MAX], inview[BARS_NUMBER_MAX];
	char temp[BARS_NUMBER_MAX], chosen[BARS_NUMBER_MAX + SELECTION_WHAT_MAX];
	char match[BARS_NUMBER_MAX], notes[BARS_NUMBER_MAX];
	const char *const *nv;
	size_t nnotes = tui_notes(&nv);
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
	snprintf(chosen, sizeof chosen, "sel %zu: %s", e->chosen.n,
	    e->chosen.what);
	snprintf(match, sizeof match, "match %zu/%zu", e->match_cur + 1,
	    e->nmatches);
	snprintf(notes, sizeof notes, "%zu note%s (!)", nnotes,
	    nnotes == 1 ? "" : "s");
	{
		/* most important first */
		const char *const fields[][5] = {
			{ e->split ? "keys: " : "",
			  explorer_map_name(e->active), " map", NULL },
			{ e->chosen.n > 0 ? chosen : NULL, NULL },
			{ e->nmatches > 0 ? match : NULL, NULL },
			{ nnotes > 0 ? notes : NULL, NULL },
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
