/*
 * cli.h - what the commands of the `ingroei` tool share: exit statuses, error and usage
 * messages, money for people to read, and progress and Ctrl-C for long work. Only the
 * command-line tool (engine/cli/) uses this; the library never prints.
 */
#ifndef INGROEI_CLI_H
#define INGROEI_CLI_H

#include "ingroei.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Exit statuses, also listed in --help. */
enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,
    EXIT_USAGE = 2,
    EXIT_IO = 3,
    EXIT_INTERNAL = 4,
    EXIT_DIFFERS = 5,   /* verify: a checked line is off by more than the tolerance */
    EXIT_UNCHECKED = 6, /* verify: none is, but some lines could not be checked */
    EXIT_INTERRUPTED = 130
};

/* The exit status for a library status. */
int exit_for(ingroei_status st);

/* Prints "ingroei: file:line:column: message" on stderr; returns the exit status. */
int report_error(const ingroei_error *err);

/* The command whose --help a usage error points to. */
extern const char *help_command;

/* Prints "ingroei: " fmt (with one %s for arg) and where to find help; returns
 * EXIT_USAGE. */
int usage_error(const char *fmt, const char *arg);

/* Money as 1,234,567 (English grouping: the terminal is English), in buf. */
const char *euros(int64_t v, char buf[40]);
void print_euros(int64_t v);

/* A number in the grammar of every input (ingroei_parse_number), entirely. */
bool parse_number(const char *s, double *out);
/* A whole number from lo to hi, written without a point or an exponent. */
bool parse_whole(const char *s, double lo, double hi, long long *out);

/* An option whose value is a whole number from min to max, stored into `to` as a
 * double ('d'), an int ('i') or an int64_t ('l'); `must` ends the usage error "NAME
 * must be ..." ("a whole number from 0 to 12"). Give its address as the target of
 * set_whole in an option table. */
typedef struct whole_option {
    void *to;
    char type;
    double min, max;
    const char *must;
} whole_option;
int set_whole(const char *name, const char *value, void *target);

/* Prints the run's warnings on stderr, one line each: file, message and [code]. */
void print_warnings(const ingroei_run *run, const char *file);
/* Loads the scenario `file` and makes its run: true, or false with *err set. Prints the
 * run's warnings (print_warnings). */
bool load_run(const char *file, ingroei_scenario **sc, ingroei_run **run, ingroei_error *err);

/* Option setters (opt.h's opt_setter): --csv-dialect's value into the
 * ingroei_csv_dialect at `target`; --year's, a year from 1900 to 2200, into the int at
 * `target`. EXIT_OK, or EXIT_USAGE after saying why. */
int set_csv_dialect(const char *name, const char *value, void *target);
int set_year(const char *name, const char *value, void *target);

/* Set by Ctrl-C once catch_interrupt() has been called. */
extern volatile int interrupted;
void catch_interrupt(void);

/* Says on stderr that Ctrl-C stopped the work before anything was written; returns
 * EXIT_INTERRUPTED. */
int report_stopped(void);

/* Progress of long work on the terminal: only when stderr is one, and only once the work
 * has taken more than a second. `what` names the units ("scenarios"). */
typedef struct progress {
    struct timespec start;
    bool tty, shown;
    const char *what;
} progress;

void progress_start(progress *p, const char *what);
void show_progress(void *context, size_t done, size_t total);
/* Ends the progress line, when one was shown. */
void progress_end(progress *p);

/* Prints "wrote to DIR: file file ..." and the note on skipped pictures. */
void print_written(const char *dir, const ingroei_output_report *rep);

/* The commands, one file each (cmd_NAME.c): each takes the arguments after its name
 * and returns the exit status. main.c's command table lists them. */
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_sweep_merge(int argc, char **argv);
int cmd_au(int argc, char **argv);
int cmd_diff_vintage(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_bridge(int argc, char **argv);
int cmd_prorata(int argc, char **argv);
int cmd_verify(int argc, char **argv);
/* `ingroei serve` runs the program ingroei-serve beside ingroei (serve_exec.c), whose
 * main (serve_main.c) calls cmd_serve. */
int cmd_serve(int argc, char **argv);
int cmd_serve_exec(int argc, char **argv);

#endif
