/*
 * opt.c - the one argument parser and the one help printer of the `ingroei` commands,
 * both driven by a command's option table (opt.h).
 */
#include "opt.h"

#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const cli_opt *opt_find(const cli_opt *opts, const char *arg)
{
    if (arg[0] != '-')
        return NULL;
    for (const cli_opt *o = opts; o->kind != OPT_END; o++) {
        if (arg[1] == '-' ? o->long_name && !strcmp(arg + 2, o->long_name)
                          : o->short_name && arg[1] == o->short_name && !arg[2])
            return o;
    }
    return NULL;
}

int opt_parse(const opt_command *cmd, const cli_opt *opts, int argc, char **argv, size_t *n_args)
{
    help_command = cmd->help_name;
    bool seen[64] = {false}; /* by table row: which options were given */
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const cli_opt *o = opt_find(opts, a);
        if (o && (size_t)(o - opts) < sizeof seen / sizeof *seen)
            seen[o - opts] = true;
        if (o && o->kind == OPT_HELP) {
            opt_print_help(cmd, opts);
            return EXIT_OK;
        } else if (o && o->kind == OPT_SWITCH) {
            *(int *)o->target = o->value;
        } else if (o) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            if (!o->set)
                *(const char **)o->target = v;
            else if (o->set(a, v, o->target) != EXIT_OK)
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (cmd->max_args && n == cmd->max_args) {
            return usage_error(cmd->too_many, a);
        } else {
            argv[n++] = argv[i];
        }
    }
    *n_args = n;
    if (n < cmd->min_args)
        return usage_error("%s", cmd->too_few);
    for (const cli_opt *o = opts; o->kind != OPT_END; o++)
        if (o->missing && (size_t)(o - opts) < sizeof seen / sizeof *seen && !seen[o - opts])
            return usage_error("%s", o->missing);
    return OPT_GO_ON;
}

void opt_print_row(FILE *out, const char *left, const char *text, int column)
{
    int width = fprintf(out, "  %s", left);
    if (width < column)
        fprintf(out, "%*s", column - width, "");
    else
        fprintf(out, "\n%*s", column, "");
    for (const char *p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fprintf(out, "%*s", column, "");
    }
    fputc('\n', out);
}

void opt_print_options(FILE *out, const cli_opt *opts, int column)
{
    fputs("options:\n", out);
    for (const cli_opt *o = opts; o->kind != OPT_END; o++) {
        char left[80];
        snprintf(left, sizeof left, "%c%c%c %s%s%s%s", o->short_name ? '-' : ' ',
                 o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ',
                 o->long_name ? "--" : "", o->long_name ? o->long_name : "",
                 o->kind == OPT_VALUE ? " " : "", o->kind == OPT_VALUE ? o->meta : "");
        opt_print_row(out, left, o->help, column);
    }
}

void opt_print_help(const opt_command *cmd, const cli_opt *opts)
{
    fputs(cmd->usage, stdout);
    opt_print_options(stdout, opts, cmd->column);
    if (cmd->after)
        fputs(cmd->after, stdout);
}
