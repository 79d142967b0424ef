/*
 * test_canvas.c - the braille raster: dot bits, codepoints, roles,
 * clipping, the view transform, disc sizes and the ASCII fallback; and
 * the other curses-free arithmetic of the explorer: following a computer
 * from one map to the other (canvas_view_follow) and the screen's layout
 * with and without the split screen (layout.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tui/canvas.h"
#include "tui/layout.h"

/* cmocka's assert_float_equal works in float: compare doubles here. */
#define assert_near(a, b, eps) do {					\
	double a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= (eps)))					\
		fail_msg("%s = %.17g, want %.17g", #a, a_, b_);		\
} while (0)

/* Unicode's numbering: dots 1-3 down the left, 4-6 down the right, 7, 8. */
static void
test_dot_bits(void **state)
{
	static const struct { int x, y; unsigned bit; } want[] = {
		{ 0, 0, 0x01 }, { 0, 1, 0x02 }, { 0, 2, 0x04 },
		{ 1, 0, 0x08 }, { 1, 1, 0x10 }, { 1, 2, 0x20 },
		{ 0, 3, 0x40 }, { 1, 3, 0x80 },
	};
	struct canvas c = {0};

	(void)state;
	canvas_resize(&c, 3, 2);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(canvas_dot_bit(want[i].x, want[i].y),
		    want[i].bit);
		/* The same dot in cell (1, 1) gives the same codepoint. */
		canvas_clear(&c);
		canvas_set_dot(&c, CANVAS_DOTS_X + want[i].x,
		    CANVAS_DOTS_Y + want[i].y, CANVAS_PLAIN);
		assert_int_equal(canvas_glyph(&c, 1, 1, CANVAS_BRAILLE, 0),
		    0x2800 + want[i].bit);
		assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 0), 0);
		assert_int_equal(canvas_cell_dots(&c, 1, 1), 1);
	}
	assert_int_equal(canvas_dot_bit(2, 0), 0);
	assert_int_equal(canvas_dot_bit(0, 4), 0);
	canvas_free(&c);
}

static void
test_full_cell(void **state)
{
	struct canvas c = {0};

	(void)state;
	canvas_resize(&c, 1, 1);
	for (int y = 0; y < CANVAS_DOTS_Y; y++)
		for (int x = 0; x < CANVAS_DOTS_X; x++)
			canvas_set_dot(&c, x, y, CANVAS_PLAIN);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 0), 0x28ff);
	assert_int_equal(canvas_cell_dots(&c, 0, 0), 8);
	canvas_free(&c);
}

/* selected > match > chosen > marked > blue > red > green > plain,
 * whatever the order of drawing (eight roles, one per dot of a cell). */
static void
test_role_precedence(void **state)
{
	static const enum canvas_role order[] = {
		CANVAS_PLAIN, CANVAS_GREEN, CANVAS_RED, CANVAS_BLUE,
		CANVAS_MARKED, CANVAS_CHOSEN, CANVAS_MATCH, CANVAS_SELECTED,
	};
	const int n = sizeof order / sizeof order[0];
	struct canvas c = {0};

	(void)state;
	canvas_resize(&c, 1, 1);
	for (int strongest = 0; strongest < n; strongest++) {
		/* forwards and backwards over the roles up to `strongest` */
		for (int dir = 0; dir < 2; dir++) {
			canvas_clear(&c);
			for (int k = 0; k <= strongest; k++) {
				int r = dir ? strongest - k : k;

				canvas_set_dot(&c, r % 2, r / 2, order[r]);
			}
			assert_int_equal(canvas_cell_role(&c, 0, 0),
			    order[strongest]);
		}
	}
	canvas_clear(&c);
	assert_int_equal(canvas_cell_role(&c, 0, 0), CANVAS_EMPTY);
	canvas_set_dot(&c, 0, 0, CANVAS_EMPTY);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 0), 0);
	canvas_free(&c);
}

static void
test_clipping(void **state)
{
	struct canvas c = {0};

	(void)state;
	canvas_resize(&c, 2, 2);
	canvas_set_dot(&c, -1, 0, CANVAS_PLAIN);
	canvas_set_dot(&c, 0, -1, CANVAS_PLAIN);
	canvas_set_dot(&c, 2 * CANVAS_DOTS_X, 0, CANVAS_PLAIN);
	canvas_set_dot(&c, 0, 2 * CANVAS_DOTS_Y, CANVAS_PLAIN);
	for (int r = 0; r < 2; r++)
		for (int k = 0; k < 2; k++)
			assert_int_equal(canvas_cell_dots(&c, k, r), 0);
	/* A disc at the corner keeps only its inside part. */
	canvas_disc(&c, 0, 0, 2, CANVAS_RED);
	assert_int_equal(canvas_cell_role(&c, 0, 0), CANVAS_RED);
	assert_int_equal(canvas_cell_dots(&c, 0, 0), 2 * 3);
	assert_int_equal(canvas_cell_dots(&c, 1, 0), 2);
	assert_int_equal(canvas_cell_dots(&c, 0, 1), 0);
	/* Out-of-range cells read as empty. */
	assert_int_equal(canvas_glyph(&c, 2, 0, CANVAS_BRAILLE, 0), 0);
	assert_int_equal(canvas_cell_role(&c, -1, 0), CANVAS_EMPTY);
	/* The far corner. */
	canvas_disc(&c, 2 * CANVAS_DOTS_X - 1, 2 * CANVAS_DOTS_Y - 1, 0,
	    CANVAS_BLUE);
	assert_int_equal(canvas_glyph(&c, 1, 1, CANVAS_BRAILLE, 0), 0x2880);
	canvas_free(&c);
}

static void
test_disc_sizes(void **state)
{
	struct canvas c = {0};
	double lmin = log1p(100.0), lmax = log1p(1e12);
	int last = -1, n;

	(void)state;
	assert_int_equal(canvas_radius(100, lmin, lmax), 0);
	assert_int_equal(canvas_radius(0, lmin, lmax), 0);
	assert_int_equal(canvas_radius(1000000000000ULL, lmin, lmax),
	    CANVAS_MAX_RADIUS);
	assert_int_equal(canvas_radius(UINT64_MAX, lmin, lmax),
	    CANVAS_MAX_RADIUS);
	/* monotonic in bytes */
	for (double b = 1; b < 1e13; b *= 3) {
		int r = canvas_radius((uint64_t)b, lmin, lmax);

		assert_true(r >= last);
		last = r;
	}
	/* all computers alike: one dot each */
	assert_int_equal(canvas_radius(5000, lmin, lmin), 0);

	/* r 0 is one dot, bigger radii more dots */
	canvas_resize(&c, 10, 5);
	last = 0;
	for (int r = 0; r <= CANVAS_MAX_RADIUS; r++) {
		canvas_clear(&c);
		canvas_disc(&c, 10, 10, r, CANVAS_PLAIN);
		n = 0;
		for (int row = 0; row < c.rows; row++)
			for (int col = 0; col < c.cols; col++)
				n += canvas_cell_dots(&c, col, row);
		if (r == 0)
			assert_int_equal(n, 1);
		assert_true(n > last);
		last = n;
	}
	canvas_free(&c);
}

/* Zoom keeps the world point under the zoom dot where it was. */
static void
test_zoom_keeps_point(void **state)
{
	struct canvas_view v;
	double wx, wy, dx, dy, x2, y2;
	const double pts[][2] = { { 10, 7 }, { 0, 0 }, { 159, 79 }, { 80, 40 } };

	(void)state;
	canvas_view_init(&v, -30, 50, -10, 20, 160, 80);
	assert_true(v.zoom == 1);
	/* zoom 1 shows the whole box */
	canvas_view_world_to_dot(&v, -30, -10, &dx, &dy);
	assert_true(dx >= 0 && dx < 160 && dy >= 0 && dy < 80);
	canvas_view_world_to_dot(&v, 50, 20, &dx, &dy);
	assert_true(dx >= 0 && dx < 160 && dy >= 0 && dy < 80);
	/* world y up, dot y down */
	canvas_view_world_to_dot(&v, 0, 0, &dx, &dy);
	canvas_view_world_to_dot(&v, 0, 1, &x2, &y2);
	assert_true(y2 < dy);

	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		canvas_view_dot_to_world(&v, pts[i][0], pts[i][1], &wx, &wy);
		canvas_view_zoom_at(&v, 1.5, pts[i][0], pts[i][1]);
		canvas_view_world_to_dot(&v, wx, wy, &dx, &dy);
		assert_near(dx, pts[i][0], 1e-9);
		assert_near(dy, pts[i][1], 1e-9);
		canvas_view_zoom_at(&v, 1 / 1.25, pts[i][0], pts[i][1]);
		canvas_view_world_to_dot(&v, wx, wy, &dx, &dy);
		assert_near(dx, pts[i][0], 1e-9);
		assert_near(dy, pts[i][1], 1e-9);
	}
	assert_near(v.zoom, pow(1.5 / 1.25, 4), 1e-9);

	/* pan moves the view, not the dot mapping's scale */
	canvas_view_world_to_dot(&v, 1, 1, &dx, &dy);
	canvas_view_pan(&v, 4, -8);
	canvas_view_world_to_dot(&v, 1, 1, &x2, &y2);
	assert_near(x2, dx - 4, 1e-9);
	assert_near(y2, dy + 8, 1e-9);

	/* zoom is clamped, reset comes back */
	for (int i = 0; i < 100; i++)
		canvas_view_zoom_at(&v, 2, 80, 40);
	assert_near(v.zoom, CANVAS_ZOOM_MAX, 1e-9);
	canvas_view_reset(&v);
	assert_near(v.zoom, 1, 0);
	assert_near(v.cx, 10, 1e-12);
	assert_near(v.cy, 5, 1e-12);
	/* a resize keeps the centre and zoom */
	canvas_view_zoom_at(&v, 2, 80, 40);
	canvas_view_resize(&v, 80, 40);
	canvas_view_world_to_dot(&v, 10, 5, &dx, &dy);
	assert_near(dx, 40, 1e-9);
	assert_near(dy, 20, 1e-9);
	assert_near(v.zoom, 2, 0);
}

static void
test_ascii_and_letters(void **state)
{
	static const char want[] = " .::oo###";
	struct canvas c = {0};
	int n = 0;

	(void)state;
	canvas_resize(&c, 1, 1);
	for (int y = 0; y < CANVAS_DOTS_Y; y++)
		for (int x = 0; x < CANVAS_DOTS_X; x++) {
			canvas_set_dot(&c, x, y, CANVAS_PLAIN);
			n++;
			assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII,
			    0), want[n]);
			/* plain cells keep their glyph with letters on */
			assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII,
			    1), want[n]);
		}
	canvas_set_dot(&c, 0, 0, CANVAS_GREEN);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII, 1), 'Q');
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 1), 'Q');
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 0), 0x28ff);
	canvas_set_dot(&c, 0, 0, CANVAS_RED);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII, 1), 'S');
	canvas_set_dot(&c, 0, 0, CANVAS_BLUE);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 1), 'B');
	/* marks, the selection and search matches have letters too */
	canvas_set_dot(&c, 0, 0, CANVAS_MARKED);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 1),
	    CANVAS_GLYPH_MARKED);
	canvas_set_dot(&c, 0, 0, CANVAS_CHOSEN);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII, 1),
	    CANVAS_GLYPH_CHOSEN);
	canvas_set_dot(&c, 0, 0, CANVAS_MATCH);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 1),
	    CANVAS_GLYPH_MATCH);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_BRAILLE, 0), 0x28ff);
	/* the selection wins the cell and shows its dots */
	canvas_set_dot(&c, 0, 0, CANVAS_SELECTED);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII, 1), '#');
	canvas_free(&c);
}

/*
 * Following: two views of different world boxes (the functional and the
 * communications map); the same computer, at its place in each, lands on
 * the middle of both at the same zoom, and the zoom stays in range.
 */
static void
test_follow(void **state)
{
	struct canvas_view f, c;
	double dx, dy;

	(void)state;
	canvas_view_init(&f, -40, 40, -30, 30, 160, 120);
	canvas_view_init(&c, 0, 5, 0, 2, 100, 80);
	canvas_view_zoom_at(&f, 3, 10, 10);
	canvas_view_follow(&c, 4.5, 0.25, f.zoom);
	assert_near(c.zoom, f.zoom, 1e-12);
	canvas_view_world_to_dot(&c, 4.5, 0.25, &dx, &dy);
	assert_near(dx, c.wdots / 2.0, 1e-9);
	assert_near(dy, c.hdots / 2.0, 1e-9);
	/* the fit of each map is its own: only the factor is shared */
	assert_true(fabs(c.scale - f.scale) > 1);
	canvas_view_follow(&c, 1, 1, 1e9);
	assert_near(c.zoom, CANVAS_ZOOM_MAX, 0);
	canvas_view_follow(&c, 1, 1, 0);
	assert_near(c.zoom, CANVAS_ZOOM_MIN, 0);
	canvas_view_follow(&c, 1, 1, NAN);
	assert_near(c.zoom, CANVAS_ZOOM_MIN, 0);
}

static int
rect_inside(const struct rect *r, int cols, int lines)
{
	return r->x >= 0 && r->y >= 0 && r->w >= 0 && r->h >= 0 &&
	    r->x + r->w <= cols && r->y + r->h <= lines;
}

static int
rect_overlap(const struct rect *a, const struct rect *b)
{
	if (a->w == 0 || a->h == 0 || b->w == 0 || b->h == 0)
		return 0;
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Rectangles inside the screen and apart, for many sizes and wishes. */
/* Fitting a box: both corners land inside the canvas, one of them on
 * the margin (the box as large as it goes), the box centred; a point
 * box takes the largest zoom, a huge one the smallest. */
static void
test_fit(void **state)
{
	struct canvas_view v;
	double dx0, dy0, dx1, dy1;

	(void)state;
	canvas_view_init(&v, -10, 10, -5, 5, 200, 80);
	canvas_view_fit(&v, 2, 1, -1, -3);
	canvas_view_world_to_dot(&v, -1, -3, &dx0, &dy0);
	canvas_view_world_to_dot(&v, 2, 1, &dx1, &dy1);
	assert_true(dx0 >= 0 && dx1 <= 200 && dy1 >= 0 && dy0 <= 80);
	assert_near(dx0 + dx1, 200, 1e-6);
	assert_near(dy0 + dy1, 80, 1e-6);
	/* the height binds: 4 world units over 80 - margin dots */
	assert_near(dy0 - dy1, 80 - (2 * CANVAS_MAX_RADIUS + 1), 1e-6);
	assert_true(dx1 - dx0 < 200);
	canvas_view_fit(&v, 3, 3, 3, 3);
	assert_near(v.zoom, CANVAS_ZOOM_MAX, 0);
	assert_near(v.cx, 3, 0);
	canvas_view_fit(&v, -1e9, -1e9, 1e9, 1e9);
	assert_near(v.zoom, CANVAS_ZOOM_MIN, 0);
}

static void
test_layout_sizes(void **state)
{
	(void)state;
	for (int cols = TUI_MIN_COLS; cols <= 260; cols += 7)
		for (int lines = TUI_MIN_LINES; lines <= 70; lines += 9)
			for (int wish = 0; wish < 4; wish++) {
				struct layout l;
				int pane = wish & 1, split = wish >> 1, rc;

				rc = layout_compute(&l, cols, lines, pane, split);
				assert_false(l.too_small);
				assert_int_equal(rc, split &&
				    cols < TUI_SPLIT_MIN_COLS ? -1 : 0);
				assert_int_equal(l.split, split && rc == 0);
				assert_true(rect_inside(&l.map, cols, lines));
				assert_true(rect_inside(&l.pane, cols, lines));
				assert_false(rect_overlap(&l.map, &l.pane));
				assert_false(rect_overlap(&l.map, &l.status));
				assert_false(rect_overlap(&l.map, &l.title));
				assert_int_equal(l.pane.h > 0, pane);
				if (!l.split) {
					assert_memory_equal(&l.half[0], &l.map,
					    sizeof l.map);
					assert_memory_equal(&l.half[1], &l.map,
					    sizeof l.map);
					continue;
				}
				/* two halves and the rule fill the map */
				assert_true(l.map.w >= TUI_SPLIT_MIN_COLS);
				assert_false(rect_overlap(&l.half[0], &l.half[1]));
				assert_false(rect_overlap(&l.half[0], &l.rule));
				assert_false(rect_overlap(&l.half[1], &l.rule));
				assert_int_equal(l.half[0].w + l.rule.w +
				    l.half[1].w, l.map.w);
				assert_true(abs(l.half[0].w - l.half[1].w) <= 1);
				assert_int_equal(l.half[0].x, l.map.x);
				assert_int_equal(l.half[1].x + l.half[1].w,
				    l.map.x + l.map.w);
				for (int h = 0; h < LAYOUT_NHALVES; h++) {
					assert_int_equal(l.half[h].y, l.map.y);
					assert_int_equal(l.half[h].h, l.map.h);
				}
			}
}

/* Where the pane goes: right when wide; below when the split needs room. */
static void
test_layout_pane(void **state)
{
	struct layout l;

	(void)state;
	/* 120 columns: the pane at the right of one map */
	assert_int_equal(layout_compute(&l, 120, 40, 1, 0), 0);
	assert_int_equal(l.pane.y, l.map.y);
	assert_true(l.pane.x > 0);
	/* both maps at 120: the pane moves below, the map is full width */
	assert_int_equal(layout_compute(&l, 120, 40, 1, 1), 0);
	assert_true(l.split);
	assert_int_equal(l.pane.x, 0);
	assert_true(l.pane.y > l.map.y);
	assert_int_equal(l.map.w, 120);
	/* 200 columns: room for both maps and the pane at the right */
	assert_int_equal(layout_compute(&l, 200, 50, 1, 1), 0);
	assert_true(l.split);
	assert_int_equal(l.pane.y, l.map.y);
	assert_true(l.map.w >= TUI_SPLIT_MIN_COLS);
	/* too narrow: one map, and the caller learns why */
	assert_int_equal(layout_compute(&l, 60, 40, 1, 1), -1);
	assert_false(l.split);
	assert_false(layout_split_fits(TUI_SPLIT_MIN_COLS - 1));
	assert_true(layout_split_fits(TUI_SPLIT_MIN_COLS));
	/* below the minimum size */
	layout_compute(&l, TUI_MIN_COLS - 1, 30, 1, 0);
	assert_true(l.too_small);
	layout_compute(&l, 80, TUI_MIN_LINES - 1, 1, 0);
	assert_true(l.too_small);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dot_bits),
		cmocka_unit_test(test_full_cell),
		cmocka_unit_test(test_role_precedence),
		cmocka_unit_test(test_clipping),
		cmocka_unit_test(test_disc_sizes),
		cmocka_unit_test(test_zoom_keeps_point),
		cmocka_unit_test(test_ascii_and_letters),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_follow),
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_pane),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
