/*
 * fuzz_marks.c - marks_read() (--mark FILE) over arbitrary files, on a
 * small map.  On success every mark must point at a label that exists,
 * each computer's labels be distinct and the counts add up; on failure
 * the message must be there, escaped, and the map carry no marks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "fuzz.h"
#include "profile/marks.h"

static const char *const names[] = { "C1", "C2", "C17693", "Mail",
    "IP9", "comp a", "C,3" };
#define NNAMES (sizeof names / sizeof names[0])

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct map m = {0};
	struct marks_summary sum;
	char err[1024];
	const char *path = fuzz_scratch_file(data, size);

	if (path == NULL)
		abort();
	m.ncomputers = NNAMES;
	m.computers = xcalloc(NNAMES, sizeof *m.computers);
	for (size_t i = 0; i < NNAMES; i++)
		m.computers[i].name = xstrdup(names[i]);
	err[0] = '\0';
	if (marks_read(&m, &path, 1, &sum, err, sizeof err) != 0) {
		if (err[0] == '\0' || m.marks.start != NULL ||
		    m.marks.nlabels != 0)
			abort();
		for (const char *c = err; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f) {
				fprintf(stderr, "fuzz_marks: control byte 0x%02x "
				    "in \"%s\"\n", (unsigned char)*c, err);
				abort();
			}
		map_free(&m);
		return 0;
	}
	size_t total = 0;
	for (size_t i = 0; i < NNAMES; i++) {
		if (m.marks.start[i + 1] < m.marks.start[i])
			abort();
		for (size_t k = m.marks.start[i]; k < m.marks.start[i + 1];
		    k++) {
			if (m.marks.label_of[k] >= m.marks.nlabels)
				abort();
			for (size_t j = m.marks.start[i]; j < k; j++)
				if (m.marks.label_of[j] == m.marks.label_of[k])
					abort();
		}
	}
	for (size_t l = 0; l < m.marks.nlabels; l++) {
		if (m.marks.labels[l] == NULL || m.marks.labels[l][0] == '\0')
			abort();
		total += m.marks.count[l];
	}
	if (total != m.marks.start[NNAMES] || sum.unknown > sum.lines)
		abort();
	map_free(&m);
	return 0;
}
