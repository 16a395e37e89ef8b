/*
 * opt.h - a command's options as data: one table per command that both parses its
 * arguments (opt_parse) and prints the "options:" section of its --help (opt_print_help),
 * so that the help lists exactly what the parser accepts.
 */
#ifndef INGROEI_CLI_OPT_H
#define INGROEI_CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

typedef enum opt_kind {
    OPT_END = 0, /* ends a table */
    OPT_HELP,    /* -h, --help: prints the command's help; the command stops with EXIT_OK */
    OPT_SWITCH,  /* no value: stores `value` into the int at `target` */
    OPT_VALUE    /* takes the next argument: `set` checks and stores it, or it is stored
                    as a string into the const char * at `target` */
} opt_kind;

/* Checks and stores an option's value. `name` is the option as written (-y or --year),
 * for messages. Returns EXIT_OK, or EXIT_USAGE after saying why (usage_error). */
typedef int (*opt_setter)(const char *name, const char *value, void *target);

typedef struct cli_opt {
    opt_kind kind;
    char short_name;       /* 'o' for -o, or 0 */
    const char *long_name; /* "output" for --output */
    const char *meta;      /* the value's name in the help ("DIR"); OPT_VALUE only */
    void *target;          /* where the value goes */
    int value;             /* OPT_SWITCH: what it stores */
    opt_setter set;        /* OPT_VALUE: NULL to store the string itself */
    const char *help;      /* the help text; '\n' starts a continuation line */
    const char *missing;   /* a required option: the usage error when it is not given */
} cli_opt;

/* Table rows: a value stored as a string; a value checked and stored by `set`; the same
 * when the option is required (`missing`: the error without it); a switch that stores
 * `value` into an int; -h/--help with its help text; the end of a table. */
#define OPT_STRING(s, l, meta, target, help)                                                       \
    {                                                                                              \
        OPT_VALUE, s, l, meta, target, 0, NULL, help, NULL                                         \
    }
#define OPT_CHECKED(s, l, meta, target, set, help)                                                 \
    {                                                                                              \
        OPT_VALUE, s, l, meta, target, 0, set, help, NULL                                          \
    }
#define OPT_REQUIRED(s, l, meta, target, set, missing, help)                                       \
    {                                                                                              \
        OPT_VALUE, s, l, meta, target, 0, set, help, missing                                       \
    }
#define OPT_FLAG(s, l, target, value, help)                                                        \
    {                                                                                              \
        OPT_SWITCH, s, l, NULL, target, value, NULL, help, NULL                                    \
    }
#define OPT_HELP_ROW(help)                                                                         \
    {                                                                                              \
        OPT_HELP, 'h', "help", NULL, NULL, 0, NULL, help, NULL                                     \
    }
#define OPT_TABLE_END                                                                              \
    {                                                                                              \
        OPT_END, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL                                          \
    }

/* The rows several commands share: -o DIR, required; -h; --csv-dialect. */
#define OPT_OUTPUT(target)                                                                         \
    OPT_REQUIRED('o', "output", "DIR", target, NULL, "no output directory given (use -o DIR)",     \
                 "output directory (required)")
#define OPT_SHOW_HELP OPT_HELP_ROW("show this help")
/* The last rows of most tables: -h, --help and the end. */
#define OPT_HELP_AND_END OPT_SHOW_HELP, OPT_TABLE_END
#define OPT_CSV_DIALECT(target)                                                                    \
    OPT_CHECKED(0, "csv-dialect", "D", target, set_csv_dialect,                                    \
                "rfc4180 (default): ',' and decimal point; nl: ';', decimal\n"                     \
                "comma and a UTF-8 byte-order mark, for a Dutch Excel")

/* A command's help and positional arguments; its options are a table of their own. The
 * help is `usage`, "options:" with a line per option of the table (the text starting at
 * `column`), then `after` when there is one. */
typedef struct opt_command {
    const char *help_name; /* the command whose --help usage errors point to */
    const char *usage;     /* the help before the options, ending in an empty line */
    const char *after;     /* the help after the options, or NULL */
    int column;            /* where the options' help text starts */
    size_t min_args;       /* how many positional arguments it needs */
    const char *too_few;   /* the usage error with fewer */
    size_t max_args;       /* how many it takes (0: any number) */
    const char *too_many;  /* usage_error format for one more, with %s for it */
} opt_command;

/* An opt_command, its fields in order. */
#define OPT_COMMAND(help_name, usage, after, column, min_args, too_few, max_args, too_many)        \
    {                                                                                              \
        help_name, usage, after, column, min_args, too_few, max_args, too_many                     \
    }

/* opt_parse's result when the command should go on with its work. */
#define OPT_GO_ON (-1)

/* Parses argv (the arguments after the command's name) by the table `opts` (which ends
 * with an OPT_END row), from left to right: `-o DIR`,
 * `--output DIR`, switches and positional arguments in any order; any other argument
 * that starts with '-' (and is not just "-") is an unknown option. Stops at the first
 * error, or at -h/--help after printing the help. Then checks that there are min_args
 * positional arguments and every required option, in table order. Moves the positional
 * arguments, in order, to argv[0 .. *n_args). Sets help_command to the command's
 * help_name first. Returns OPT_GO_ON, or the exit status the command returns now:
 * EXIT_OK after the help, EXIT_USAGE after a usage error. */
int opt_parse(const opt_command *cmd, const cli_opt *opts, int argc, char **argv, size_t *n_args);

/* The table's entry that `arg` names ("-o" or "--output"), or NULL. */
const cli_opt *opt_find(const cli_opt *opts, const char *arg);

/* Prints the command's whole --help, with the options of `opts`, on stdout. */
void opt_print_help(const opt_command *cmd, const cli_opt *opts);

/* Prints the "options:" section of a table on `out`, its help text at `column`. */
void opt_print_options(FILE *out, const cli_opt *opts, int column);

/* Prints one help row on `out`: two spaces and `left`, then `text` from `column`, on the same
 * line when `left` ends before it, else on the next; every further line of `text` is
 * indented to `column`. */
void opt_print_row(FILE *out, const char *left, const char *text, int column);

#endif
