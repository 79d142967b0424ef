/*
 * sink.c - the null-safe calls of a sink (see sink.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "base/sink.h"

void
sink_stage(const struct sink *s, const char *name)
{
	if (s != NULL && s->stage != NULL)
		s->stage(s->ctx, name);
}

void
sink_progress(const struct sink *s, const struct sink_progress *p)
{
	if (s != NULL && s->progress != NULL)
		s->progress(s->ctx, p);
}

void
sink_fraction(const struct sink *s, double fraction)
{
	struct sink_progress p = { .fraction = fraction, .kl = -1 };

	sink_progress(s, &p);
}

void
sink_note(const struct sink *s, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	if (s == NULL || s->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	s->note(s->ctx, text);
}

int
sink_cancelled(const struct sink *s)
{
	return s != NULL && s->cancel != NULL && *s->cancel;
}
