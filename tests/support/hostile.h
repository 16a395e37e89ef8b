/* hostile.h - gemeente names full of quotes, script elements and gnuplot commands, for
 * the tests that every output holds a name only as data (test_run.c's report and charts,
 * test_compare_html.c's comparison page): the names, how each output must escape them,
 * and a copy of the dataset that uses them. */
#ifndef INGROEI_TEST_HOSTILE_H
#define INGROEI_TEST_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>

/* The file a name would make when it ran as code (`touch` it); the tests remove it first. */
#define TS_PWNED "/tmp/pwned"

/* A gemeente whose 2025 name the dataset copy replaces by a hostile one. */
typedef struct ts_hostile {
    const char *code, *name, *province;
    const char *csv;  /* the hostile name as an RFC 4180 field */
    const char *gp;   /* the text inside a gnuplot '...' string: ' doubled */
    const char *html; /* the name as report.html's text: & < > " ' as entities */
    const char *json; /* the name inside report.html's JSON string: < > & as \u00XX */
    bool ranked;      /* among the largest gainers or losers: named in report.gp */
} ts_hostile;

extern const ts_hostile ts_hostiles[];
extern const size_t ts_n_hostiles;

/* A copy of models/nl in dir/nl whose gemeenten.csv gives the gemeenten of ts_hostiles
 * their hostile names, and dir/hostile.yaml, the default scenario on that copy; returns
 * the scenario's path (free it). Made once: a second call returns the same path. */
char *ts_hostile_scenario(const char *dir);

/* Removes TS_PWNED if it is there (fails the test when it cannot). */
void ts_remove_pwned(void);

#endif
