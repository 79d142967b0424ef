/*
 * search.c - find computers by name or mark label (see search.h).
 *
 * The pattern is a text field in the status line's place.  It matches
 * the names as the screen shows them (escaped, explorer.c), and the mark
 * labels of each computer, without regard to case, so that what the user
 * reads is what the user can type, "\e" included.  Enter collects every
 * match, exact ones (the whole name or a whole label) first, then those
 * that hold the pattern, each group in map order; the cursor goes to the
 * first, n and N walk through them (wrapping), the status line counts
 * "match 3/17", and the map highlights them all until Esc or the next
 * search.  Enter on an empty field goes to the next match again.  The
 * view only chooses the computer and asks the loop to centre on it
 * (TUI_CENTRE).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "tui/search.h"
#include "tui/term.h"

#define SEARCH_PROMPT	"search: "

enum hit {
	HIT_NONE,
	HIT_INSIDE,
	HIT_EXACT
};

static enum hit
hit_text(const char *text, const char *pattern)
{
	if (strcasecmp(text, pattern) == 0)
		return HIT_EXACT;
	return strcasestr(text, pattern) != NULL ? HIT_INSIDE : HIT_NONE;
}

/* How computer i matches: the better of its name and its labels. */
static enum hit
hit_computer(const struct explorer *e, size_t i, const char *pattern)
{
	const struct map_marks *mk = &e->m->marks;
	enum hit h = hit_text(e->names[i], pattern);

	if (mk->start != NULL)
		for (size_t k = mk->start[i]; k < mk->start[i + 1] &&
		    h != HIT_EXACT; k++) {
			enum hit l = hit_text(e->mark_labels[mk->label_of[k]],
			    pattern);

			if (l > h)
				h = l;
		}
	return h;
}

/* Every match of pattern, exact ones first; flags them on the map. */
static void
find_all(struct explorer *e, const char *pattern)
{
	size_t n = e->m->ncomputers, k = 0;

	e->matches = xreallocarray(e->matches, n > 0 ? n : 1,
	    sizeof *e->matches);
	for (size_t i = 0; i < n; i++)
		e->match[i] = (uint8_t)hit_computer(e, i, pattern);
	e->match_gen++;
	for (int want = HIT_EXACT; want > HIT_NONE; want--)
		for (size_t i = 0; i < n; i++)
			if (e->match[i] == want)
				e->matches[k++] = i;
	e->nmatches = k;
	e->match_cur = 0;
}

void
search_free(struct explorer *e)
{
	textfield_free(&e->search);
	free(e->search_last);
	free(e->matches);
	e->search_last = NULL;
	e->matches = NULL;
}

enum tui_reaction
search_open(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_SEARCH;
	textfield_clear(&e->search);
	return TUI_REDRAW;
}

enum tui_reaction
search_edit(struct explorer *e, int key)
{
	return textfield_key(&e->search, key) != TEXTFIELD_SAME ? TUI_REDRAW :
	    TUI_NONE;
}

/* The cursor to match number match_cur. */
static enum tui_reaction
go_to_match(struct explorer *e)
{
	explorer_remember(e, HISTORY_JUMP);
	e->sel = e->matches[e->match_cur];
	return TUI_CENTRE;
}

enum tui_reaction
search_next(struct explorer *e, int key)
{
	char echo[TUI_ECHO_MAX];

	(void)key;
	e->view = VIEW_MAP;
	if (!textfield_empty(&e->search)) {
		free(e->search_last);
		e->search_last = xstrdup(textfield_text(&e->search));
		find_all(e, e->search_last);
	} else if (e->nmatches > 0) {
		e->match_cur = (e->match_cur + 1) % e->nmatches;
		return go_to_match(e);
	}
	if (e->search_last == NULL)
		return TUI_REDRAW;
	if (e->nmatches == 0) {
		explorer_note(e, "no computer matches \"%s\"", escape_text(
		    e->search_last, strlen(e->search_last), echo,
		    sizeof echo));
		return TUI_REBUILD;
	}
	return go_to_match(e);
}

enum tui_reaction
search_step(struct explorer *e, int key)
{
	if (e->nmatches == 0) {
		explorer_note(e, "no search matches (/ searches)");
		return TUI_REDRAW;
	}
	e->match_cur = key == 'N' ?
	    (e->match_cur + e->nmatches - 1) % e->nmatches :
	    (e->match_cur + 1) % e->nmatches;
	return go_to_match(e);
}

void
search_draw(struct explorer *e)
{
	textfield_prompt_draw(&e->search, e->status.y, 0, e->cols,
	    SEARCH_PROMPT, TERM_STATUS);
}
