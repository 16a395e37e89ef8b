/*
 * test_cli_help.c - every command's --help and its parser agree: for each command that
 * `ingroei --help` lists, `ingroei CMD --help` exits 0, and an option is listed in its
 * "options:" section exactly when the command's parser accepts it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support/support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

enum { MAX_NAMES = 128 };

/* A set of option or command names, each a new string. */
typedef struct names {
    char *v[MAX_NAMES];
    size_t n;
} names;

static bool has(const names *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], name))
            return true;
    return false;
}

/* Adds the first `len` bytes of `name` unless the set has them already. */
static void add(names *s, const char *name, size_t len)
{
    char *copy = ts_xprintf("%.*s", (int)len, name);
    if (has(s, copy)) {
        free(copy);
        return;
    }
    assert_true(s->n < MAX_NAMES);
    s->v[s->n++] = copy;
}

static void clear(names *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    s->n = 0;
}

/* What `ingroei ARG1 [ARG2]` writes on stdout, as a new string; *status gets the exit
 * status. */
static char *cli_stdout(const char *arg1, const char *arg2, int *status)
{
    char *command = ts_xprintf("'%s' '%s' %s%s%s", ts_cli(), arg1, arg2 ? "'" : "",
                               arg2 ? arg2 : "", arg2 ? "'" : "");
    FILE *p = popen(command, "r");
    assert_non_null(p);
    size_t size = 4096, n = 0;
    char *text = malloc(size);
    assert_non_null(text);
    for (size_t got; (got = fread(text + n, 1, size - n - 1, p)) > 0;) {
        n += got;
        if (size - n < 2) {
            text = realloc(text, size *= 2);
            assert_non_null(text);
        }
    }
    text[n] = '\0';
    int st = pclose(p);
    assert_true(WIFEXITED(st));
    *status = WEXITSTATUS(st);
    free(command);
    return text;
}

/* The lines of `text` after the line `heading` up to the next empty line or the end;
 * points into text, and *end gets where the section ends. NULL when there is none. */
static const char *section(const char *text, const char *heading, const char **end)
{
    char *key = ts_xprintf("\n%s\n", heading);
    const char *start = strstr(text, key);
    free(key);
    if (!start)
        return NULL;
    start += strlen(heading) + 2;
    *end = strstr(start, "\n\n");
    if (!*end)
        *end = start + strlen(start);
    return start;
}

/* The options an "options:" section lists: a row is "  -x, --long ..." or
 * "      --long ..."; continuation lines start with more spaces. */
static void listed_options(const char *help, names *out)
{
    const char *end, *p = section(help, "options:", &end);
    assert_non_null(p);
    while (p && p < end) {
        if (!strncmp(p, "  -", 3) && p[3] != '-') {
            add(out, p + 2, 2);
            p += 6;
        } else if (!strncmp(p, "      --", 8)) {
            p += 6;
        }
        if (!strncmp(p, "--", 2))
            add(out, p, strcspn(p, " \n"));
        p = strchr(p, '\n');
        if (p)
            p++;
    }
}

/* Every word that looks like an option anywhere in `text`: --long-name, and -x where it
 * starts an option row. */
static void mentioned_options(const char *text, names *out)
{
    for (const char *p = strstr(text, "--"); p; p = strstr(p + 2, "--")) {
        size_t len = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
        if (len > 3 && (p == text || strchr(" \n[(", p[-1])))
            add(out, p, len);
    }
    for (const char *p = strstr(text, "\n  -"); p; p = strstr(p + 1, "\n  -"))
        if (p[4] != '-' && p[5] == ',')
            add(out, p + 3, 2);
}

/* The commands of the top-level help: the rows of "commands:" that start with a name. */
static void listed_commands(names *out)
{
    int status;
    char *help = cli_stdout("--help", NULL, &status);
    assert_int_equal(status, 0);
    const char *end, *p = section(help, "commands:", &end);
    assert_non_null(p);
    while (p && p < end) {
        if (!strncmp(p, "  ", 2) && p[2] != ' ')
            add(out, p + 2, strcspn(p + 2, " \n"));
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    free(help);
}

/* Whether `command` takes `option`: its parser does not call it unknown. */
static bool accepts(const char *command, const char *option)
{
    const char *args[] = {command, option, NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    char *unknown = ts_xprintf("unknown option '%s'", option);
    bool known = !strstr(err, unknown);
    if (!known)
        assert_int_equal(status, 2);
    free(unknown);
    free(err);
    return known;
}

static void test_help_lists_what_the_parser_takes(void **state)
{
    (void)state;
    names commands = {0}, probes = {0};
    listed_commands(&commands);
    assert_true(commands.n >= 10);
    assert_true(has(&commands, "run") && has(&commands, "sweep-merge"));
    /* the candidates: every option any help mentions, listed or not */
    char *helps[MAX_NAMES];
    for (size_t c = 0; c < commands.n; c++) {
        int status;
        helps[c] = cli_stdout(commands.v[c], "--help", &status);
        if (status != 0)
            fail_msg("ingroei %s --help exits with %d", commands.v[c], status);
        char *short_help = cli_stdout(commands.v[c], "-h", &status);
        assert_int_equal(status, 0);
        assert_string_equal(short_help, helps[c]);
        free(short_help);
        mentioned_options(helps[c], &probes);
    }
    assert_true(has(&probes, "--output") && has(&probes, "-o") && has(&probes, "--shard"));
    for (size_t c = 0; c < commands.n; c++) {
        names listed = {0};
        listed_options(helps[c], &listed);
        assert_true(has(&listed, "--help") && has(&listed, "-h"));
        for (size_t i = 0; i < probes.n; i++) {
            const char *o = probes.v[i];
            if (!strcmp(o, "--help") || !strcmp(o, "-h"))
                continue;
            bool taken = accepts(commands.v[c], o), shown = has(&listed, o);
            if (taken != shown)
                fail_msg("ingroei %s: %s is %s by the parser but %s in --help's options",
                         commands.v[c], o, taken ? "accepted" : "refused",
                         shown ? "listed" : "not listed");
        }
        clear(&listed);
        free(helps[c]);
    }
    clear(&probes);
    clear(&commands);
}

/* The top-level options: each one listed works, and no other is taken. */
static void test_global_options(void **state)
{
    (void)state;
    int status;
    char *help = cli_stdout("--help", NULL, &status);
    names listed = {0};
    listed_options(help, &listed);
    assert_true(has(&listed, "--help") && has(&listed, "-V") && has(&listed, "--version"));
    for (size_t i = 0; i < listed.n; i++) {
        free(cli_stdout(listed.v[i], NULL, &status));
        assert_int_equal(status, 0);
    }
    const char *other[] = {"--output", NULL};
    assert_int_equal(ts_run_cli(other, NULL, NULL), 2);
    clear(&listed);
    free(help);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_lists_what_the_parser_takes),
        cmocka_unit_test(test_global_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
