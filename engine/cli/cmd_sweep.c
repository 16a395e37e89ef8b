/*
 * cmd_sweep.c - `ingroei sweep` runs every variant of a scenario that a sweep file
 * describes (or one shard of them); `ingroei sweep-merge` joins the shards' outputs.
 */
#include "cli.h"
#include "opt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sweep_usage =
    "usage: ingroei sweep SWEEP.yaml -o DIR [--threads N] [--shard I/N]\n"
    "       ingroei sweep-merge SWEEP.yaml -o DIR SHARD_DIR...\n"
    "\n"
    "Runs every variant of a base scenario that the sweep file describes (the full grid\n"
    "of its parameter values, or a seeded sample of it) and writes into DIR:\n"
    "  sweep.csv            a row per scenario: its parameter values, the largest loss\n"
    "                       and gain per inhabitant, gemeenten losing more than the\n"
    "                       threshold, caps hit, infeasible years\n"
    "  gemeente_bereik.csv  per gemeente the range over the sweep, with the scenarios\n"
    "                       that give the extremes\n"
    "  sweep.json           the receipt: the sweep, the base scenario, the shard\n"
    "The bytes do not depend on the number of threads. With --shard I/N only the I-th\n"
    "of N contiguous parts is run (I from 1); sweep-merge joins the N shard directories\n"
    "into the same bytes as one run. Ctrl-C stops the sweep and writes nothing.\n"
    "\n";

static const opt_command merge_command =
    OPT_COMMAND("sweep", sweep_usage, NULL, 21, 1, "no sweep file given", 0,
                "unexpected argument '%s' (one sweep file)");

/* --threads: 1 to 64 into the ingroei_sweep_options at target. */
static int set_threads(const char *name, const char *value, void *target)
{
    ingroei_sweep_options *opt = target;
    long long t;
    (void)name;
    if (!parse_whole(value, 1, 64, &t))
        return usage_error("--threads: expected 1 to 64, got '%s'", value);
    opt->threads = (unsigned)t;
    return EXIT_OK;
}

/* --shard: I/N with 1 <= I <= N into the ingroei_sweep_options at target (0-based). */
static int set_shard(const char *name, const char *value, void *target)
{
    ingroei_sweep_options *opt = target;
    char part[32];
    const char *slash = strchr(value, '/');
    long long k = 0, n = 0;
    (void)name;
    if (slash && (size_t)(slash - value) < sizeof part) {
        memcpy(part, value, (size_t)(slash - value));
        part[slash - value] = '\0';
        if (!parse_whole(part, 1, 100000, &k) || !parse_whole(slash + 1, 1, 100000, &n))
            k = n = 0;
    }
    if (k < 1 || n < 1 || k > n)
        return usage_error("--shard: expected I/N with 1 <= I <= N, got '%s'", value);
    opt->shard = (unsigned)(k - 1);
    opt->shard_count = (unsigned)n;
    return EXIT_OK;
}

#define SWEEP_THREADS_ROW(opt)                                                                     \
    OPT_CHECKED('j', "threads", "N", opt, set_threads, "threads (default: one per processor)")

/* Both commands: parses the arguments by the table of one (merge: sweep-merge, whose
 * positional arguments after the sweep file are the shard directories), then runs or
 * merges and prints what was written. Returns the exit status. */
static int sweep_or_merge(int argc, char **argv, bool merge)
{
    size_t n_args;
    const char *dir = NULL;
    ingroei_sweep_options opt = INGROEI_SWEEP_OPTIONS_INIT;
    const cli_opt sweep_opts[] = {
        OPT_OUTPUT(&dir),
        SWEEP_THREADS_ROW(&opt),
        OPT_CHECKED(0, "shard", "I/N", &opt, set_shard, "run the I-th of N shards"),
        OPT_HELP_AND_END,
    };
    const cli_opt merge_opts[] = {
        OPT_OUTPUT(&dir),
        SWEEP_THREADS_ROW(&opt),
        OPT_HELP_AND_END,
    };
    static const opt_command sweep_command =
        OPT_COMMAND("sweep", sweep_usage, NULL, 21, 1, "no sweep file given", 1,
                    "unexpected argument '%s' (one sweep file)");
    int code = opt_parse(merge ? &merge_command : &sweep_command, merge ? merge_opts : sweep_opts,
                         argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    if (merge && n_args < 2)
        return usage_error("%s", "no shard directories given");
    code = EXIT_OK;
    /* the sweep file, then (sweep-merge only) the shard directories */
    const char *sweep_file = argv[0], *const *shards = (const char *const *)argv + 1;
    size_t n_shards = n_args - 1;
    ingroei_error err;
    ingroei_sweep *sw = NULL;
    ingroei_output_report rep;
    progress prog;
    progress_start(&prog, "scenarios");
    ingroei_status st = ingroei_sweep_load(&sw, sweep_file, &err);
    if (st == INGROEI_OK && merge) {
        st = ingroei_sweep_merge(sw, shards, n_shards, dir, &rep, &err);
    } else if (st == INGROEI_OK) {
        double bytes = 0, seconds = 0;
        ingroei_sweep_estimate(sw, &bytes, &seconds);
        if (seconds >= 60 || bytes >= 100e6) /* say what a large sweep costs before it starts */
            fprintf(stderr,
                    "ingroei: %zu scenarios: about %.0f MB of sweep.csv and %.0f CPU-minutes "
                    "(all shards together)\n",
                    ingroei_sweep_n_scenarios(sw), bytes / 1e6, seconds / 60);
        catch_interrupt();
        opt.dir = dir;
        opt.progress = show_progress;
        opt.progress_context = &prog;
        opt.cancel = &interrupted;
        st = ingroei_sweep_run(sw, &opt, &rep, &err);
    }
    progress_end(&prog);
    if (st != INGROEI_OK) {
        code = st == INGROEI_ERR_CANCELLED ? report_stopped() : report_error(&err);
    } else {
        size_t total = ingroei_sweep_n_scenarios(sw);
        if (merge)
            printf("merged %zu shards of %zu scenarios into %s:", n_shards, total, dir);
        else
            printf("%zu of %zu scenarios (shard %u/%u) into %s:",
                   (size_t)((unsigned __int128)total * (opt.shard + 1) / opt.shard_count) -
                       (size_t)((unsigned __int128)total * opt.shard / opt.shard_count),
                   total, opt.shard + 1, opt.shard_count, dir);
        for (size_t i = 0; i < rep.n_files; i++)
            printf(" %s", rep.files[i]);
        printf("\n");
    }
    ingroei_sweep_free(sw);
    return code;
}

int cmd_sweep(int argc, char **argv)
{
    return sweep_or_merge(argc, argv, false);
}

int cmd_sweep_merge(int argc, char **argv)
{
    return sweep_or_merge(argc, argv, true);
}
