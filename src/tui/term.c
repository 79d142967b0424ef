/*
 * term.c - the terminal session: curses setup and teardown, /dev/tty,
 * signals, colour roles, key normalisation, text clipped by width.
 *
 * Invariant: whenever the process ends while a session is active, by a
 * return, exit(), a termination signal or a fatal one, the terminal is
 * restored first (htop CRT_init/CRT_done).  SIGINT does not end anything
 * by itself: it raises a flag the event loop and the progress screen
 * poll; a second SIGINT before the flag was read restores and dies, so a
 * busy engine can still be interrupted.
 *
 * Colours: each role has a 256-colour foreground, an 8-colour fallback
 * and the attributes used with and without colour; with fewer than 8
 * colours, NO_COLOR set to a non-empty value (no-color.org), or the
 * no_color option, only the monochrome attributes are used and the views
 * show roles as letters instead.  This module is the one reader of
 * NO_COLOR.
 *
 * Glyphs: UTF-8 locales get box and block characters, and braille for
 * the map unless TERM names the Linux console, whose fonts have none.
 *
 * Mouse events become keys (TERM_KEY_CLICK, _WHEEL_UP, _WHEEL_DOWN) so the
 * key table binds them like any key; the cell of the last one is kept.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "tui/tcurses.h"
#include "tui/term.h"
#include "tui/tui.h"

#define TERM_ESCDELAY_MS	25	/* Esc alone vs an escape sequence */
#define TERM_MOUSE_EVENTS	(BUTTON1_PRESSED | BUTTON1_CLICKED | \
				 BUTTON1_RELEASED | BUTTON4_PRESSED | \
				 BUTTON5_PRESSED)

static const struct term_style {
	short	fg256, fg8;	/* -1: the terminal's default */
	attr_t	color;		/* attributes with colours */
	attr_t	mono;		/* attributes without */
} styles[TERM_NROLES] = {
	[TERM_PLAIN]	= { -1, -1, A_NORMAL, A_NORMAL },
	[TERM_GREEN]	= { 40, COLOR_GREEN, A_BOLD, A_NORMAL },
	[TERM_RED]	= { 203, COLOR_RED, A_BOLD, A_NORMAL },
	[TERM_BLUE]	= { 39, COLOR_BLUE, A_BOLD, A_NORMAL },
	[TERM_MARKED]	= { 170, COLOR_MAGENTA, A_BOLD, A_UNDERLINE },
	[TERM_CHOSEN]	= { 214, COLOR_YELLOW, A_BOLD, A_BOLD },
	[TERM_MATCH]	= { 51, COLOR_CYAN, A_BOLD | A_UNDERLINE,
			    A_BOLD | A_UNDERLINE },
	[TERM_SELECTED]	= { 226, COLOR_YELLOW, A_BOLD | A_REVERSE,
			    A_BOLD | A_REVERSE },
	[TERM_CURSOR]	= { -1, -1, A_REVERSE, A_REVERSE },
	[TERM_TITLE]	= { -1, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
	[TERM_STATUS]	= { -1, -1, A_REVERSE, A_REVERSE },
	[TERM_HEADING]	= { 75, COLOR_CYAN, A_BOLD, A_BOLD },
	[TERM_DIM]	= { 245, -1, A_NORMAL, A_DIM },
	[TERM_BAR_IN]	= { 203, COLOR_RED, A_NORMAL, A_NORMAL },
	[TERM_BAR_OUT]	= { 40, COLOR_GREEN, A_NORMAL, A_NORMAL },
	[TERM_WARN]	= { 220, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE },
	[TERM_BOX]	= { 214, COLOR_YELLOW, A_BOLD, A_BOLD },
};

/* A signal handled while a session is active, with what it does. */
struct term_signal {
	int	sig;
	void	(*handler)(int);
};

static struct {
	SCREEN		*screen;
	FILE		*tty;		/* /dev/tty when stdin/out are not */
	int		 active;
	int		 utf8, braille, color;
	int		 mouse_y, mouse_x;
	short		 pair[TERM_NROLES];
	attr_t		 attr[TERM_NROLES];
	struct sigaction old[8];
	int		 atexit_done;
} term;

static volatile sig_atomic_t interrupted;

static void
term_restore_for_signal(void)
{
	/* Not async-signal-safe in theory; what htop and ncdu do in practice,
	 * and far better than leaving the terminal in raw mode. */
	if (term.active)
		endwin();
}

static void
on_sigint(int sig)
{
	if (interrupted) {
		term_restore_for_signal();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	interrupted = 1;
}

static void
on_fatal(int sig)
{
	term_restore_for_signal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const struct term_signal term_signals_list[] = {
	{ SIGINT, on_sigint },
	{ SIGTERM, on_fatal },
	{ SIGHUP, on_fatal },
	{ SIGQUIT, on_fatal },
	{ SIGSEGV, on_fatal },
	{ SIGBUS, on_fatal },
	{ SIGFPE, on_fatal },
	{ SIGABRT, on_fatal },
};
#define TERM_NSIGNALS (sizeof term_signals_list / sizeof term_signals_list[0])
_Static_assert(TERM_NSIGNALS <= sizeof term.old / sizeof term.old[0],
    "room to save every handler");

static void
signals_install(void)
{
	for (size_t i = 0; i < TERM_NSIGNALS; i++) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = term_signals_list[i].handler;
		sigemptyset(&sa.sa_mask);
		/* No SA_RESTART: a key wait returns at once on ^C. */
		sa.sa_flags = 0;
		sigaction(term_signals_list[i].sig, &sa, &term.old[i]);
	}
}

static void
signals_restore(void)
{
	for (size_t i = 0; i < TERM_NSIGNALS; i++)
		sigaction(term_signals_list[i].sig, &term.old[i], NULL);
}

static void
term_atexit(void)
{
	term_end();
}

static void
colors_setup(const struct tui_options *o)
{
	const char *nc = getenv("NO_COLOR");

	term.color = !o->no_color && (nc == NULL || *nc == '\0') &&
	    has_colors() && start_color() == OK && COLORS >= 8 &&
	    COLOR_PAIRS > TERM_NROLES;
	if (term.color)
		use_default_colors();
	for (int r = 0; r < TERM_NROLES; r++) {
		const struct term_style *s = &styles[r];
		short fg = COLORS >= 256 ? s->fg256 : s->fg8;

		term.pair[r] = 0;
		term.attr[r] = term.color ? s->color : s->mono;
		if (term.color && fg >= 0) {
			init_pair((short)(r + 1), fg, -1);
			term.pair[r] = (short)(r + 1);
		}
	}
}

/* The Linux console: "linux", "linux-16color", ... */
static int
linux_console(const char *name)
{
	static const char prefix[] = "linux";

	return name != NULL && strncmp(name, prefix, sizeof prefix - 1) == 0 &&
	    (name[sizeof prefix - 1] == '\0' || name[sizeof prefix - 1] == '-');
}

static void
flags_setup(const struct tui_options *o)
{
	const char *cs = nl_langinfo(CODESET);

	term.utf8 = !o->ascii && cs != NULL && strcmp(cs, "UTF-8") == 0;
	term.braille = term.utf8 && !linux_console(getenv("TERM"));
	colors_setup(o);
	term_mouse(o->mouse);
	mouseinterval(0);
}

int
term_begin(const struct tui_options *o, char *err, size_t errlen)
{
	const char *t = getenv("TERM");
	const char *lc = setlocale(LC_CTYPE, NULL);
	FILE *in = stdin, *out = stdout;

	if (term.active) {
		flags_setup(o);
		return 0;
	}
	/* curses needs the user's LC_CTYPE to speak UTF-8; main may not
	 * have set it. */
	if (lc == NULL || strcmp(lc, "C") == 0)
		setlocale(LC_CTYPE, "");
	if (t == NULL || *t == '\0') {
		snprintf(err, errlen, "no terminal: TERM is not set");
		return -1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		term.tty = fopen("/dev/tty", "r+");
		if (term.tty == NULL) {
			snprintf(err, errlen, "no terminal: /dev/tty: %s",
			    strerror(errno));
			return -1;
		}
		in = out = term.tty;
	}
	term.screen = newterm(NULL, out, in);
	if (term.screen == NULL) {
		snprintf(err, errlen, "no terminal: cannot use TERM=%s", t);
		if (term.tty != NULL)
			fclose(term.tty);
		term.tty = NULL;
		return -1;
	}
	set_term(term.screen);
	term.active = 1;
	if (!term.atexit_done && atexit(term_atexit) == 0)
		term.atexit_done = 1;
	signals_install();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(TERM_ESCDELAY_MS);
	curs_set(0);
	flags_setup(o);
	return 0;
}

void
term_end(void)
{
	if (!term.active)
		return;
	curs_set(1);
	endwin();
	term.active = 0;
	signals_restore();
	delscreen(term.screen);
	term.screen = NULL;
	if (term.tty != NULL)
		fclose(term.tty);
	term.tty = NULL;
}

int
term_active(void)
{
	return term.active;
}

int
term_utf8(void)
{
	return term.utf8;
}

int
term_braille(void)
{
	return term.braille;
}

int
term_color(void)
{
	return term.color;
}

int
term_mouse(int on)
{
	mmask_t got = mousemask(on ? TERM_MOUSE_EVENTS : 0, NULL);

	return on && got == 0 ? -1 : 0;
}

void
term_pointer(int *y, int *x)
{
	*y = term.mouse_y;
	*x = term.mouse_x;
}

void
term_size(int *lines, int *cols)
{
	*lines = LINES;
	*cols = COLS;
}

void
term_repaint(void)
{
	clearok(curscr, TRUE);
}

/* A mouse event as a key, ERR for the events nothing binds. */
static int
mouse_key(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return ERR;
	term.mouse_y = ev.y;
	term.mouse_x = ev.x;
	if (ev.bstate & BUTTON4_PRESSED)
		return TERM_KEY_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return TERM_KEY_WHEEL_DOWN;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		return TERM_KEY_CLICK;
	if (ev.bstate & BUTTON1_RELEASED)
		return TERM_KEY_RELEASE;
	return ERR;
}

int
term_interrupted(void)
{
	int was = interrupted != 0;

	interrupted = 0;
	return was;
}

int
term_getkey(int timeout_ms)
{
	wint_t wc;
	int r;

	timeout(timeout_ms);
	r = get_wch(&wc);
	if (r == ERR)
		return ERR;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\r';
		if (wc == KEY_MOUSE)
			return mouse_key();
		return (int)wc;
	}
	if (wc == '\n')
		return '\r';
	if (wc == 127 || wc == 8)
		return KEY_BACKSPACE;
	if (wc >= 128)
		return (int)wc | TERM_KEY_WIDE;
	return (int)wc;
}

unsigned
term_key_char(int key)
{
	if (key >= 0 && (key & TERM_KEY_WIDE))
		return (unsigned)(key & ~TERM_KEY_WIDE);
	if (key >= 0x20 && key < 0x7f)
		return (unsigned)key;
	return 0;
}

void
term_set(enum term_role role)
{
	attr_set(term.attr[role], term.pair[role], NULL);
}

void
term_char(int y, int x, unsigned cp)
{
	attr_t a;
	short pair;
	cchar_t cc;
	wchar_t w[2];

	if (!term.utf8 && cp >= 0x80)
		cp = '?';
	w[0] = (wchar_t)cp;
	w[1] = L'\0';
	attr_get(&a, &pair, NULL);
	if (setcchar(&cc, w, a, pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

void
term_fill(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		term_char(y, x + i, ' ');
}

/* The next character of s (len bytes left) and its width; undecodable
 * bytes and unprintable characters are one '?'.  Returns bytes taken. */
static size_t
next_char(const char *s, size_t len, mbstate_t *st, wchar_t *wc, int *cw)
{
	size_t n;

	if (!term.utf8 && (unsigned char)*s >= 0x80) {
		*wc = L'?';
		n = 1;
	} else {
		n = mbrtowc(wc, s, len, st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(st, 0, sizeof *st);
			*wc = L'?';
			n = 1;
		}
	}
	*cw = wcwidth(*wc);
	if (*cw < 0) {
		*wc = L'?';
		*cw = 1;
	}
	return n;
}

int
term_width(const char *s)
{
	mbstate_t st;
	size_t len = strlen(s);
	int w = 0;

	memset(&st, 0, sizeof st);
	while (len > 0) {
		wchar_t wc;
		int cw;
		size_t n = next_char(s, len, &st, &wc, &cw);

		w += cw;
		s += n;
		len -= n;
	}
	return w;
}

const char *
term_tail(const char *s, int w)
{
	mbstate_t st;
	size_t len = strlen(s);
	int over = term_width(s) - w;

	memset(&st, 0, sizeof st);
	while (over > 0 && len > 0) {
		wchar_t wc;
		int cw;
		size_t n = next_char(s, len, &st, &wc, &cw);

		over -= cw;
		s += n;
		len -= n;
	}
	return s;
}

int
term_text(int y, int x, int w, const char *s)
{
	mbstate_t st;
	size_t len = strlen(s);
	int used = 0;

	memset(&st, 0, sizeof st);
	move(y, x);
	while (len > 0 && used < w) {
		wchar_t wc;
		int cw;
		size_t n = next_char(s, len, &st, &wc, &cw);

		if (used + cw > w)
			break;
		if (cw > 0) {
			term_char(y, x + used, (unsigned)wc);
			used += cw;
		}
		s += n;
		len -= n;
	}
	return used;
}
