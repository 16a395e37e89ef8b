/*
 * test_bad_input.c - runs the command-line tool on every case of the bad-input
 * corpus (tests/bad/expected.tsv) and checks, per case:
 *   - the exit status and the exact first line on stderr;
 *   - that nothing was written: an output directory that already holds a sentinel
 *     allocations.csv keeps exactly that one file, byte for byte (no staging
 *     directory left behind either), and an output directory that did not exist is
 *     not created.
 * It also checks that the corpus has at least MIN_CASES cases and that every
 * .yaml file in tests/bad has a line in expected.tsv, so that no case is added without an
 * expectation.
 *
 *
 * Runs from the repository root with INGROEI_CLI naming the built `ingroei` binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/support.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CORPUS_DIR    "tests/bad"
#define EXPECTED_FILE CORPUS_DIR "/expected.tsv"
#define MIN_CASES     30

static const char sentinel_text[] =
    "jaar,gemeentecode,totaal\n"
    "1999,GM0000,\"sentinel: an earlier run's file that a failed run must not touch\"\n";

/* One line of expected.tsv. */
typedef struct bad_case {
    char *file;   /* name inside tests/bad */
    int status;   /* expected exit status */
    char *line;   /* expected first stderr line */
    int tsv_line; /* line in expected.tsv, for messages */
} bad_case;

/* Everything the group shares. */
typedef struct corpus {
    bad_case *cases;
    size_t n;
    char *tmp; /* mkdtemp directory, removed at the end */
} corpus;

static corpus C;

/* ---- expected.tsv ------------------------------------------------------------------ */

/* Splits `line` at tabs in place; returns the number of fields (at most max). */
static size_t split_tabs(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *s = line;
    while (n < max) {
        field[n++] = s;
        char *t = strchr(s, '\t');
        if (!t)
            break;
        *t = '\0';
        s = t + 1;
    }
    return n;
}

static void load_expected(void)
{
    char *text = ts_slurp(EXPECTED_FILE, NULL);
    char **lines;
    size_t n_lines = ts_split_lines(text, EXPECTED_FILE, &lines);
    size_t cap = 0;
    for (size_t i = 0; i < n_lines; i++) {
        int lineno = (int)i + 1;
        char *line = lines[i];
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        char *f[5] = {0};
        size_t nf = split_tabs(line, f, 5);
        if (nf != 3)
            fail_msg("%s:%d: expected 3 tab-separated fields, got %zu", EXPECTED_FILE, lineno, nf);
        char *end;
        long status = strtol(f[1], &end, 10);
        if (!*f[1] || *end || status < 0 || status > 255)
            fail_msg("%s:%d: exit status '%s' is not a number 0-255", EXPECTED_FILE, lineno, f[1]);
        for (size_t i = 0; i < C.n; i++)
            if (strcmp(C.cases[i].file, f[0]) == 0)
                fail_msg("%s:%d: %s is listed twice", EXPECTED_FILE, lineno, f[0]);
        if (C.n == cap) {
            cap = cap ? 2 * cap : 64;
            C.cases = realloc(C.cases, cap * sizeof *C.cases);
            assert_non_null(C.cases);
        }
        C.cases[C.n++] = (bad_case){ts_strdup(f[0]), (int)status, ts_strdup(f[2]), lineno};
    }
    free(lines);
    free(text);
}

static void free_cases(void)
{
    for (size_t i = 0; i < C.n; i++) {
        free(C.cases[i].file);
        free(C.cases[i].line);
    }
    free(C.cases);
    C.cases = NULL;
    C.n = 0;
}

/* ---- running the tool -------------------------------------------------------------- */

typedef struct cli_result {
    int status; /* exit status, or 128 + signal */
    char *err;  /* everything written to stderr */
} cli_result;

/* Runs `$INGROEI_CLI run FILE -o OUT` with stdout to /dev/null; captures stderr. */
static cli_result run_cli(const char *file, const char *out)
{
    const char *args[] = {"run", file, "-o", out, NULL};
    cli_result r;
    r.status = ts_run_cli(args, NULL, &r.err);
    return r;
}

/* Checks that `dir` holds exactly the sentinel allocations.csv, unchanged. */
static void check_only_sentinel(const bad_case *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("%s: the output directory %s is gone: %s", c->file, dir, strerror(errno));
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        if (strcmp(e->d_name, "allocations.csv") != 0) {
            char name[256];
            snprintf(name, sizeof name, "%s", e->d_name);
            closedir(d);
            fail_msg("%s: a failed run left '%s' in the output directory", c->file, name);
        }
    }
    closedir(d);
    assert_int_equal(n, 1);
    char *path = ts_xprintf("%s/allocations.csv", dir);
    size_t len = 0;
    char *got = ts_slurp(path, &len);
    free(path);
    bool same = len == strlen(sentinel_text) && memcmp(got, sentinel_text, len) == 0;
    free(got);
    if (!same)
        fail_msg("%s: a failed run changed the existing allocations.csv", c->file);
}

/* ---- the tests ---------------------------------------------------------------------- */

static void test_case(void **state)
{
    const bad_case *c = *state;
    char *file = ts_xprintf(CORPUS_DIR "/%s", c->file);
    if (!ts_exists(file))
        fail_msg("%s:%d: %s does not exist", EXPECTED_FILE, c->tsv_line, file);

    /* 1: an output directory with an earlier result in it. */
    char *out = ts_xprintf("%s/out", C.tmp);
    ts_remove_tree(out);
    assert_int_equal(mkdir(out, 0777), 0);
    char *sentinel = ts_xprintf("%s/allocations.csv", out);
    ts_write_file(sentinel, sentinel_text, strlen(sentinel_text));
    cli_result r1 = run_cli(file, out);
    char *line1 = ts_copy_line(r1.err);
    check_only_sentinel(c, out);

    /* 2: an output directory that does not exist yet. */
    char *fresh = ts_xprintf("%s/fresh/out", C.tmp);
    cli_result r2 = run_cli(file, fresh);
    char *line2 = ts_copy_line(r2.err);
    char *fresh_parent = ts_xprintf("%s/fresh", C.tmp);
    if (ts_exists(fresh) || ts_exists(fresh_parent))
        fail_msg("%s: a failed run created the output directory %s", c->file, fresh);

    /* Both runs fail in the same way. */
    if (r1.status != r2.status || strcmp(line1, line2) != 0)
        fail_msg("%s: two runs differ:\n  status %d: %s\n  status %d: %s", c->file, r1.status,
                 line1, r2.status, line2);

    bool same = r1.status == c->status && strcmp(line1, c->line) == 0;
    if (r1.status != c->status)
        print_error("%s: exit status %d, expected %d\n", c->file, r1.status, c->status);
    if (strcmp(line1, c->line) != 0)
        print_error("%s: first stderr line differs\n  expected: %s\n  got:      %s\n", c->file,
                    c->line, line1);
    if (!same)
        fail_msg("%s: see above (expected.tsv line %d); full stderr:\n%s", c->file, c->tsv_line,
                 r1.err);
    free(line1);
    free(line2);
    free(r1.err);
    free(r2.err);
    free(fresh_parent);
    free(fresh);
    free(sentinel);
    ts_remove_tree(out);
    free(out);
    free(file);
}

static void test_corpus_size(void **state)
{
    (void)state;
    if (C.n < MIN_CASES)
        fail_msg("the corpus has %zu cases, expected at least %d", C.n, MIN_CASES);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .yaml file in tests/bad has a line in expected.tsv. */
static void test_every_case_listed(void **state)
{
    (void)state;
    DIR *d = opendir(CORPUS_DIR);
    assert_non_null(d);
    char **missing = NULL;
    size_t n_missing = 0, n_yaml = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        n_yaml++;
        bool listed = false;
        for (size_t i = 0; i < C.n && !listed; i++)
            listed = strcmp(C.cases[i].file, e->d_name) == 0;
        if (!listed) {
            missing = realloc(missing, (n_missing + 1) * sizeof *missing);
            assert_non_null(missing);
            missing[n_missing++] = ts_strdup(e->d_name);
        }
    }
    closedir(d);
    if (n_missing)
        qsort(missing, n_missing, sizeof *missing, name_cmp);
    for (size_t i = 0; i < n_missing; i++)
        print_error("%s/%s has no line in %s\n", CORPUS_DIR, missing[i], EXPECTED_FILE);
    for (size_t i = 0; i < n_missing; i++)
        free(missing[i]);
    free(missing);
    assert_int_equal(n_missing, 0);
    /* and every listed case is a file of the corpus (checked per case as well) */
    assert_int_equal(n_yaml, C.n);
}

static int group_setup(void **state)
{
    (void)state;
    ts_cli(); /* fails the group here when INGROEI_CLI is not set */
    C.tmp = ts_make_temp_dir("bad");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&C.tmp);
    return 0;
}

int main(void)
{
    load_expected();
    size_t n = C.n + 2;
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    if (!tests)
        return 1;
    tests[0] = (struct CMUnitTest)cmocka_unit_test(test_corpus_size);
    tests[1] = (struct CMUnitTest)cmocka_unit_test(test_every_case_listed);
    for (size_t i = 0; i < C.n; i++)
        tests[i + 2] = (struct CMUnitTest){C.cases[i].file, test_case, NULL, NULL, &C.cases[i]};
    int failed = _cmocka_run_group_tests("bad_input", tests, n, group_setup, group_teardown);
    free(tests);
    free_cases();
    return failed;
}
