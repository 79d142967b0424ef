/*
 * test_canvas.c - the braille raster: dot bits, codepoints, roles,
 * clipping, the view transform, disc sizes and the ASCII fallback.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tui/canvas.h"

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

/* selected > blue > red > green > plain, whatever the order of drawing. */
static void
test_role_precedence(void **state)
{
	static const enum canvas_role order[] = {
		CANVAS_PLAIN, CANVAS_GREEN, CANVAS_RED, CANVAS_BLUE,
		CANVAS_SELECTED,
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
	/* the selection wins the cell and shows its dots */
	canvas_set_dot(&c, 0, 0, CANVAS_SELECTED);
	assert_int_equal(canvas_glyph(&c, 0, 0, CANVAS_ASCII, 1), '#');
	canvas_free(&c);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
