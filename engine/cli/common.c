/*
 * common.c - what the commands of the `ingroei` tool share (cli.h): exit statuses, error
 * and usage messages, euros, option setters, Ctrl-C and progress.
 */
#include "cli.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int exit_for(ingroei_status st)
{
    switch (st) {
    case INGROEI_OK: return EXIT_OK;
    case INGROEI_ERR_SYNTAX:
    case INGROEI_ERR_SCHEMA:
    case INGROEI_ERR_DATA: return EXIT_INPUT;
    case INGROEI_ERR_USAGE: return EXIT_USAGE;
    case INGROEI_ERR_IO: return EXIT_IO;
    case INGROEI_ERR_CANCELLED: return EXIT_INTERRUPTED;
    default: return EXIT_INTERNAL;
    }
}

int report_error(const ingroei_error *err)
{
    char buf[2200];
    ingroei_error_format(err, buf, sizeof buf);
    /* Messages quote input; a control character from a file (an escape sequence) is
     * shown, not sent to the terminal. A line break starts an indented line: the library
     * lists several problems of one file one per line. */
    fputs("ingroei: ", stderr);
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
        if (*p == '\n') /* a message that lists several problems: one per line */
            fputs("\n  ", stderr);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else
            fputc(*p, stderr);
    }
    fputc('\n', stderr);
    return exit_for(err->status);
}

const char *help_command = "run";

int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "ingroei: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see 'ingroei %s --help')\n", help_command);
    return EXIT_USAGE;
}

/* Money as 1,234,567 for people reading the terminal, which is in English: English
 * grouping (a Dutch 1.234.567 reads as a decimal point there, as in -271.845). In buf. */
const char *euros(int64_t v, char buf[40])
{
    char digits[24];
    snprintf(digits, sizeof digits, "%llu",
             (unsigned long long)(v < 0 ? 0 - (uint64_t)v : (uint64_t)v));
    size_t n = strlen(digits), k = 0;
    if (v < 0)
        buf[k++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

void print_euros(int64_t v)
{
    char buf[40];
    fputs(euros(v, buf), stdout);
}

bool parse_number(const char *s, double *out)
{
    return ingroei_parse_number(s, out);
}

bool parse_whole(const char *s, double lo, double hi, long long *out)
{
    double x;
    if (!parse_number(s, &x) || !(x >= lo && x <= hi) || x != floor(x) || strpbrk(s, ".eE"))
        return false;
    *out = (long long)x;
    return true;
}

volatile int interrupted;

int set_csv_dialect(const char *name, const char *value, void *target)
{
    ingroei_csv_dialect *out = target;
    (void)name;
    if (!strcmp(value, "nl"))
        *out = INGROEI_CSV_NL;
    else if (!strcmp(value, "rfc4180"))
        *out = INGROEI_CSV_RFC4180;
    else
        return usage_error("unknown csv dialect '%s' (expected rfc4180 or nl)", value);
    return EXIT_OK;
}

int set_year(const char *name, const char *value, void *target)
{
    long long x;
    if (!parse_whole(value, 1900, 2200, &x)) {
        /* name is the option as given ("--year", "-y", "--map-year"): a table entry */
        char what[96];
        snprintf(what, sizeof what, "%s: expected a year, got '%%s'", name);
        return usage_error(what, value);
    }
    *(int *)target = (int)x;
    return EXIT_OK;
}

int report_stopped(void)
{
    fprintf(stderr, "ingroei: stopped; nothing was written\n");
    return EXIT_INTERRUPTED;
}

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

void catch_interrupt(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
}

void progress_start(progress *p, const char *what)
{
    p->tty = isatty(STDERR_FILENO);
    p->shown = false;
    p->what = what;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void show_progress(void *context, size_t done, size_t total)
{
    progress *p = context;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed =
        (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) * 1e-9;
    if (!p->tty || elapsed < 1.0)
        return;
    fprintf(stderr, "\r  %zu of %zu %s (%.0f%%), %.1f s, %.1f %s/s   ", done, total, p->what,
            100.0 * (double)done / (double)(total ? total : 1), elapsed,
            elapsed > 0 ? (double)done / elapsed : 0.0, p->what);
    p->shown = true;
}

void progress_end(progress *p)
{
    if (p->shown)
        fputc('\n', stderr);
    p->shown = false;
}

void print_written(const char *dir, const ingroei_output_report *rep)
{
    printf("\nwrote to %s:", dir);
    for (size_t i = 0; i < rep->n_files; i++)
        printf(" %s", rep->files[i]);
    printf("\n");
    if (rep->plots_skipped)
        fprintf(stderr, "ingroei: %s\n", rep->note);
}

int set_whole(const char *name, const char *value, void *target)
{
    const whole_option *w = target;
    long long x;
    if (!parse_whole(value, w->min, w->max, &x)) {
        char fmt[200];
        snprintf(fmt, sizeof fmt, "%%s must be %s", w->must);
        return usage_error(fmt, name);
    }
    if (w->type == 'd')
        *(double *)w->to = (double)x;
    else if (w->type == 'i')
        *(int *)w->to = (int)x;
    else
        *(int64_t *)w->to = (int64_t)x;
    return EXIT_OK;
}

void print_warnings(const ingroei_run *run, const char *file)
{
    for (size_t i = 0; i < ingroei_run_n_warnings(run); i++)
        fprintf(stderr, "ingroei: warning: %s: %s [%s]\n", file,
                ingroei_run_warning(run, i).message, ingroei_run_warning(run, i).code);
}

bool load_run(const char *file, ingroei_scenario **sc, ingroei_run **run, ingroei_error *err)
{
    if (ingroei_scenario_load(sc, file, err) != INGROEI_OK ||
        ingroei_run_new(run, *sc, err) != INGROEI_OK)
        return false;
    print_warnings(*run, file);
    return true;
}
