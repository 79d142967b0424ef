/*
 * test_keys.c - the key table: one binding per key and view, every key
 * with a name and help, dispatch finds each row, text rows take only text;
 * man/keys.txt lists exactly the rows of the table (read from
 * $top_srcdir/man/keys.txt), and so does the KEYS section of
 * man/flowmap.1, read back from its roff.  Also the detail pane's
 * temperature.
 *
 *   test_keys --print   writes the table as man/keys.txt has it
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/xalloc.h"
#include "tui/tcurses.h"
#include "tui/detail.h"
#include "tui/keys.h"
#include "tui/term.h"

static void
test_unique_and_helped(void **state)
{
	(void)state;
	assert_true(keys_count > 20);
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *a = &keys_table[i];

		assert_true(a->view < VIEW_NVIEWS);
		assert_non_null(a->handler);
		assert_non_null(a->name);
		assert_non_null(a->help);
		if (a->name[0] == '\0' || strlen(a->help) < 4)
			fail_msg("row %zu (%s) has no name or help", i, a->name);
		if (strchr(a->name, '\t') || strchr(a->help, '\t') ||
		    strchr(a->help, '\n'))
			fail_msg("row %zu: tab or newline in the text", i);
		for (size_t j = i + 1; j < keys_count; j++) {
			const struct key_binding *b = &keys_table[j];

			if (a->view != b->view)
				continue;
			if (a->key == b->key)
				fail_msg("key %s bound twice in the %s view",
				    a->name, keys_view_name(a->view));
			if (strcmp(a->name, b->name) == 0)
				fail_msg("name %s used twice in the %s view",
				    a->name, keys_view_name(a->view));
		}
	}
}

static void
test_dispatch(void **state)
{
	(void)state;
	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *a = &keys_table[i];
		int key = a->key == KEYS_TEXT ? 'z' : a->key;

		/* 'z' is free in every view with a text row */
		assert_ptr_equal(keys_find(a->view, key), a);
	}
	/* text rows take characters, not function keys */
	assert_non_null(keys_find(VIEW_PORTSEL, '5'));
	assert_ptr_equal(keys_find(VIEW_PORTSEL, '5')->key, KEYS_TEXT);
	assert_ptr_equal(keys_find(VIEW_SEARCH, 0xe9 | TERM_KEY_WIDE)->key,
	    KEYS_TEXT);
	assert_null(keys_find(VIEW_PORTSEL, KEY_F(5)));
	assert_null(keys_find(VIEW_PORTSEL, TERM_KEY_CTRL('a')));
	/* the map has no text row: unbound letters do nothing */
	assert_null(keys_find(VIEW_MAP, 'Y'));
	assert_null(keys_find(VIEW_HELP, 'z'));
	/* the keys are there */
	static const struct { enum tui_view v; int key; } must[] = {
		{ VIEW_MAP, '+' }, { VIEW_MAP, '-' }, { VIEW_MAP, '=' },
		{ VIEW_MAP, '0' }, { VIEW_MAP, 'h' }, { VIEW_MAP, 'j' },
		{ VIEW_MAP, 'k' }, { VIEW_MAP, 'l' }, { VIEW_MAP, KEY_LEFT },
		{ VIEW_MAP, 'p' }, { VIEW_MAP, 'P' }, { VIEW_MAP, '[' },
		{ VIEW_MAP, ']' }, { VIEW_MAP, 't' }, { VIEW_MAP, 'T' },
		{ VIEW_MAP, '\t' }, { VIEW_MAP, 'n' }, { VIEW_MAP, 'N' },
		{ VIEW_MAP, '/' }, { VIEW_MAP, '\r' }, { VIEW_MAP, 'd' },
		{ VIEW_MAP, '?' }, { VIEW_MAP, 'q' }, { VIEW_PORTSEL, '\r' },
		{ VIEW_PORTSEL, TERM_KEY_ESC }, { VIEW_PORTSEL, '\t' },
		{ VIEW_MAP, 'c' }, { VIEW_MAP, 'C' },
		/* issue 18: T back to 1, mouse capture off, the mouse */
		{ VIEW_MAP, 'r' }, { VIEW_MAP, 'm' },
		{ VIEW_MAP, TERM_KEY_CLICK }, { VIEW_MAP, TERM_KEY_WHEEL_UP },
		{ VIEW_MAP, TERM_KEY_WHEEL_DOWN },
		{ VIEW_SEARCH, KEY_LEFT }, { VIEW_SEARCH, TERM_KEY_CTRL('u') },
		/* issue 18: clusters, selections, export, marks, history,
		 * search steps, notes, the box and the drag */
		{ VIEW_MAP, 'g' }, { VIEW_MAP, 'w' }, { VIEW_MAP, 'M' },
		{ VIEW_MAP, 'G' }, { VIEW_MAP, 'B' }, { VIEW_MAP, 'S' },
		{ VIEW_MAP, 'X' }, { VIEW_MAP, '<' }, { VIEW_MAP, '>' },
		{ VIEW_MAP, '!' }, { VIEW_MAP, TERM_KEY_RELEASE },
		{ VIEW_GROUPS, '\r' }, { VIEW_GROUPS, '\t' },
		{ VIEW_SELLIST, 'o' }, { VIEW_SELLIST, '\r' },
		{ VIEW_EXPORT, '\r' }, { VIEW_EXPORT, TERM_KEY_ESC },
		{ VIEW_BOX, '\r' }, { VIEW_BOX, KEY_LEFT },
		{ VIEW_NOTES, KEY_DOWN },
	};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		if (keys_find(must[i].v, must[i].key) == NULL)
			fail_msg("key %d not bound in the %s view", must[i].key,
			    keys_view_name(must[i].v));
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int
view_of_section(const char *name)
{
	for (int v = 0; v < VIEW_NVIEWS; v++)
		if (strcmp(name, keys_view_name((enum tui_view)v)) == 0)
			return v;
	return -1;
}

/* Each row of the table was seen once in path (made by `how`). */
static void
seen_once(const char *path, const size_t *seen, const char *how)
{
	for (size_t i = 0; i < keys_count; i++)
		if (seen[i] != 1)
			fail_msg("%s has [%s] %s %zu times (want once): "
			    "regenerate with %s", path,
			    keys_view_name(keys_table[i].view),
			    keys_table[i].name, seen[i], how);
}

/* man/keys.txt lists every row of the table, and nothing else. */
static void
test_man_keys(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[4096], *text, *line, *save = NULL;
	int view = -1, notes = 0;
	size_t *seen = xcalloc(keys_count, sizeof *seen), nlines = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/man/keys.txt", top ? top : ".");
	text = slurp(path);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *tab;
		size_t i;

		if (line[0] == '#')
			continue;
		/* a section: "[name]" (the key "[" has a tab after it) */
		if (line[0] == '[' && strchr(line, '\t') == NULL) {
			char *end = strchr(line, ']');

			if (end == NULL || end[1] != '\0')
				fail_msg("%s: bad section line %s", path, line);
			*end = '\0';
			view = view_of_section(line + 1);
			notes = strcmp(line + 1, "notes") == 0;
			if (view < 0 && !notes)
				fail_msg("%s: unknown section [%s]", path,
				    line + 1);
			continue;
		}
		if (notes)
			continue;
		if (view < 0)
			fail_msg("%s: a key before any section: %s", path, line);
		tab = strchr(line, '\t');
		if (tab == NULL)
			fail_msg("%s: no tab in \"%s\"", path, line);
		*tab = '\0';
		for (i = 0; i < keys_count; i++)
			if (keys_table[i].view == (enum tui_view)view &&
			    strcmp(keys_table[i].name, line) == 0 &&
			    strcmp(keys_table[i].help, tab + 1) == 0)
				break;
		if (i == keys_count)
			fail_msg("%s: [%s] %s \"%s\" is not in the key table",
			    path, keys_view_name((enum tui_view)view), line,
			    tab + 1);
		seen[i]++;
		nlines++;
	}
	seen_once(path, seen, "tests/unit/test_keys --print");
	assert_int_equal(nlines, keys_count);
	/* the colour rule is documented there too */
	free(text);
	text = slurp(path);
	if (strstr(text, "selected > match > chosen > marked > blue > red > "
	    "green > plain") == NULL)
		fail_msg("%s does not state the colour precedence", path);
	free(text);
	free(seen);
}

/* The key name as keys2man.awk writes it: \fBname\fR, with roff's
 * escapes for backslash and minus; a text row in italics. */
static void
man_key(const char *name, char *out, size_t size)
{
	size_t o;

	if (strcmp(name, "text") == 0) {
		snprintf(out, size, "\\fItext\\fR");
		return;
	}
	o = (size_t)snprintf(out, size, "\\fB");
	for (; *name && o + 8 < size; name++) {
		if (*name == '\\' || *name == '-')
			out[o++] = '\\';
		out[o++] = *name == '\\' ? 'e' : *name;
	}
	snprintf(out + o, size - o, "\\fR");
}

/* The view of a ".SS" heading of the KEYS section, -1 for the notes. */
static int
man_section_view(const char *line)
{
	char want[64];

	for (int v = 0; v < VIEW_NVIEWS; v++) {
		const char *name = keys_view_name((enum tui_view)v);

		snprintf(want, sizeof want, ".SS \"%c%s\"", name[0] - 'a' + 'A',
		    name + 1);
		if (strcmp(line, want) == 0)
			return v;
	}
	if (strcmp(line, ".SS Colours and sizes") != 0)
		fail_msg("flowmap.1: unexpected heading in KEYS: %s", line);
	return -1;
}

/* Every row of the table is on a key line of its view's section of the
 * man page, once; the section has no other key.  (keys2man.awk once took
 * the key "[" for a section heading and dropped it.) */
static void
test_man_page_keys(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[4096], want[64], *text, *line, *save = NULL;
	size_t *seen = xcalloc(keys_count, sizeof *seen);
	int in_keys = 0, view = -1, after_tp = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/man/flowmap.1", top ? top : ".");
	text = slurp(path);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "keys-begin") != NULL) {
			in_keys = 1;
			continue;
		}
		if (strstr(line, "keys-end") != NULL)
			break;
		if (!in_keys)
			continue;
		if (strncmp(line, ".SS", 3) == 0) {
			view = man_section_view(line);
			continue;
		}
		if (strcmp(line, ".TP") == 0) {
			after_tp = 1;
			continue;
		}
		if (!after_tp)
			continue;
		after_tp = 0;
		if (view < 0)
			fail_msg("%s: a key line outside a view: %s", path, line);
		/* "\fBLeft\fR, \fBh\fR": one entry per key */
		for (char *k = line, *next; k != NULL; k = next) {
			size_t i;

			next = strstr(k, ", ");
			if (next != NULL) {
				*next = '\0';
				next += 2;
			}
			for (i = 0; i < keys_count; i++) {
				if (keys_table[i].view != (enum tui_view)view)
					continue;
				man_key(keys_table[i].name, want, sizeof want);
				if (strcmp(want, k) == 0)
					break;
			}
			if (i == keys_count)
				fail_msg("%s: [%s] %s is not in the key table",
				    path, keys_view_name((enum tui_view)view), k);
			seen[i]++;
		}
	}
	seen_once(path, seen, "man/keys2man.awk");
	free(text);
	free(seen);
}

/* p^(1/T), renormalised: T=1 as is, T>1 flatter, T<1 sharper, zeros kept */
static void
test_temper(void **state)
{
	const float p[4] = { 0.7f, 0.2f, 0.1f, 0 };
	const float zero[3] = { 0, 0, 0 };
	double q[4], s;

	(void)state;
	detail_temper(p, 4, 1, q);
	for (int i = 0; i < 4; i++)
		assert_true(fabs(q[i] - p[i]) < 1e-6);
	detail_temper(p, 4, 2, q);
	s = sqrt(0.7) + sqrt(0.2) + sqrt(0.1);
	assert_true(fabs(q[0] - sqrt(0.7) / s) < 1e-6);
	assert_true(fabs(q[2] - sqrt(0.1) / s) < 1e-6);
	assert_true(q[2] > 0.1 && q[0] < 0.7);
	assert_true(q[3] == 0);
	detail_temper(p, 4, 0.5, q);
	assert_true(q[0] > 0.7 && q[2] < 0.1);
	assert_true(fabs(q[0] + q[1] + q[2] + q[3] - 1) < 1e-9);
	detail_temper(zero, 3, 3, q);
	for (int i = 0; i < 3; i++)
		assert_true(q[i] == 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unique_and_helped),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_man_keys),
		cmocka_unit_test(test_man_page_keys),
		cmocka_unit_test(test_temper),
	};

	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		printf("# man/keys.txt - every key of the flowmap explorer, by "
		    "view: \"KEY<TAB>help\".\n# Generated from the key table "
		    "(src/tui/keys.c) by tests/unit/test_keys --print;\n"
		    "# test_keys checks that this file and the table "
		    "agree.\n");
		keys_print(stdout);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
