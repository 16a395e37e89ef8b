/*
 * merge.c - joins the shards of a sweep (ingroei sweep-merge): checks that every shard
 * belongs to this sweep file and comes exactly once, then writes the same bytes as one
 * run of the whole sweep would have.
 */
#include "sweep/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the shard line of a shard's sweep.json and checks that it belongs to `sw`. */
static ingroei_status read_shard(const ingroei_sweep *sw, const char *dir, unsigned *index,
                                 unsigned *count, size_t *first, size_t *n, ingroei_error *err)
{
    char *path = ig_path_join(dir, "sweep.json"), *text = NULL;
    size_t len = 0;
    ingroei_status st = path ? ig_read_file(path, &text, &len, err)
                             : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK) {
        char want[128];
        snprintf(want, sizeof want, "\"sha256\": \"%s\"", sw->sha256);
        const char *line = strstr(text, "\"shard\": {");
        if (!strstr(text, want))
            st = ig_fail(err, INGROEI_ERR_DATA, path, 0, 0,
                         "is the output of another sweep file (or another version of it)");
        else if (!line || sscanf(line,
                                 "\"shard\": {\"index\": %u, \"count\": %u, \"first_scenario\": "
                                 "%zu, \"scenarios\": %zu}",
                                 index, count, first, n) != 4)
            st = ig_fail(err, INGROEI_ERR_DATA, path, 0, 0, "has no shard line");
    }
    free(text);
    free(path);
    return st;
}

/* Folds a shard's gemeente_bereik.csv into `into`. */
static ingroei_status read_ranges(const char *dir, const ingroei_run *base, ig_sweep_ranges *into,
                                  ingroei_error *err)
{
    char *path = ig_path_join(dir, "gemeente_bereik.csv");
    ig_csv t = {0};
    ingroei_status st = path ? ig_csv_read(&t, path, err)
                             : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK && (t.n_rows != base->n_g || t.n_cols != 16))
        st = ig_fail(err, INGROEI_ERR_DATA, path, 0, 0,
                     "expected %zu gemeenten in 16 columns, found %zu rows in %zu columns",
                     base->n_g, t.n_rows, t.n_cols);
    ig_sweep_ranges shard = {0};
    if (st == INGROEI_OK && !ig_sweep_ranges_init(&shard, base->n_g))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t g = 0; st == INGROEI_OK && g < t.n_rows; g++) {
        char **f = t.rows[g];
        if (strcmp(f[0], base->code[g]) != 0)
            st = ig_fail(err, INGROEI_ERR_DATA, path, t.row_line[g], 0,
                         "expected %s in this row, found %s", base->code[g], f[0]);
        for (int k = 0; k < IG_SWEEP_N_RANGES && st == INGROEI_OK; k++) {
            double x = 0;
            int64_t idx = 0;
            if (!*f[2 + 2 * k] && !*f[3 + 2 * k])
                continue; /* a shard without scenarios has no extreme: nothing to merge */
            if (!ig_parse_double(f[2 + 2 * k], &x) || !ig_parse_int64(f[3 + 2 * k], &idx) ||
                idx < 0 || !(fabs(x) < 1e12))
                st = ig_fail(err, INGROEI_ERR_DATA, path, t.row_line[g], 0,
                             "'%s' or '%s' is not a number", f[2 + 2 * k], f[3 + 2 * k]);
            else {
                shard.v[k][g] = ig_round(x * 100.0);
                shard.at[k][g] = (size_t)idx;
            }
        }
    }
    if (st == INGROEI_OK)
        ig_sweep_ranges_merge(into, &shard);
    ig_sweep_ranges_clear(&shard);
    ig_csv_clear(&t);
    free(path);
    return st;
}

/* Puts a shard's part of the sample (gemeente_steekproef.csv) in its slots of `into`:
 * each scenario one of the shard's own [first, first + m) that the sample holds, once. */
static ingroei_status read_sample(const char *dir, const ingroei_run *base, size_t first, size_t m,
                                  ig_sweep_sample *into, ingroei_error *err)
{
    char *path = ig_path_join(dir, "gemeente_steekproef.csv");
    ig_csv t = {0};
    ingroei_status st = path ? ig_csv_read(&t, path, err)
                             : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK && (t.n_rows != 2 * base->n_g || t.n_cols < 2))
        st = ig_fail(err, INGROEI_ERR_DATA, path, 0, 0,
                     "expected 2 rows for each of %zu gemeenten, found %zu rows", base->n_g,
                     t.n_rows);
    size_t *slot = st == INGROEI_OK ? calloc(t.n_cols, sizeof *slot) : NULL;
    if (st == INGROEI_OK && !slot)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t c = 2; st == INGROEI_OK && c < t.n_cols; c++) {
        int64_t idx = 0;
        if (!ig_parse_int64(t.header[c], &idx) || idx < (int64_t)first ||
            idx >= (int64_t)(first + m) ||
            (slot[c] = ig_sweep_sample_slot(into, (size_t)idx)) == SIZE_MAX ||
            into->at[slot[c]] != SIZE_MAX)
            st = ig_fail(err, INGROEI_ERR_DATA, path, t.header_line, 0,
                         "column '%s' is not a scenario of this shard's part of the sample, or "
                         "comes twice",
                         t.header[c]);
        else
            into->at[slot[c]] = (size_t)idx;
    }
    for (size_t r = 0; st == INGROEI_OK && r < t.n_rows; r++) {
        char **f = t.rows[r];
        const size_t g = r / 2;
        if (strcmp(f[0], base->code[g]) != 0 || strcmp(f[1], r % 2 ? "jaarverlies" : "eindjaar"))
            st = ig_fail(err, INGROEI_ERR_DATA, path, t.row_line[r], 0,
                         "expected %s %s in this row, found %s %s", base->code[g],
                         r % 2 ? "jaarverlies" : "eindjaar", f[0], f[1]);
        for (size_t c = 2; st == INGROEI_OK && c < t.n_cols; c++) {
            double x = 0;
            if (!ig_parse_double(f[c], &x) || !(fabs(x) < 1e12))
                st = ig_fail(err, INGROEI_ERR_DATA, path, t.row_line[r], t.row_col[r][c],
                             "'%s' is not a number", f[c]);
            else
                into->v[r % 2][g * into->k + slot[c]] = ig_round(x * 100.0);
        }
    }
    free(slot);
    ig_csv_clear(&t);
    free(path);
    return st;
}

/* Appends a shard's sweep.csv rows (after checking its header) to the open file. */
static ingroei_status copy_rows(const ingroei_sweep *sw, const char *dir, ig_stage_file *out,
                                ingroei_error *err)
{
    char *path = ig_path_join(dir, "sweep.csv"), *text = NULL;
    size_t len = 0;
    ig_buf header = {0};
    ig_sweep_csv_header(&header, sw);
    ingroei_status st = path ? ig_read_file(path, &text, &len, err)
                             : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK && (len < header.len || memcmp(text, header.data, header.len) != 0))
        st = ig_fail(err, INGROEI_ERR_DATA, path, 1, 0, "its header is not this sweep's");
    if (st == INGROEI_OK && len > header.len)
        st = ig_stage_file_write(out, text + header.len, len - header.len, err);
    ig_buf_free(&header);
    free(text);
    free(path);
    return st;
}

ingroei_status ingroei_sweep_merge(const ingroei_sweep *sw, const char *const *dirs, size_t n,
                                   const char *dir, ingroei_output_report *report,
                                   ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!sw || !dirs || !n || !dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "nothing to merge");
    /* Every shard once, in order: shard i of n covers its contiguous range. */
    const char **ordered = calloc(n, sizeof *ordered);
    size_t *shard_first = calloc(n, sizeof *shard_first), *shard_n = calloc(n, sizeof *shard_n);
    if (!ordered || !shard_first || !shard_n) {
        free(shard_first);
        free(shard_n);
        free(ordered);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    ingroei_status st = INGROEI_OK;
    for (size_t i = 0; i < n && st == INGROEI_OK; i++) {
        unsigned index, count;
        size_t first, m;
        st = read_shard(sw, dirs[i], &index, &count, &first, &m, err);
        size_t want_first = (size_t)((unsigned __int128)sw->n_scenarios * index / n);
        if (st == INGROEI_OK && (count != n || index >= n || ordered[index] || first != want_first))
            st = ig_fail(err, INGROEI_ERR_DATA, dirs[i], 0, 0,
                         "is shard %u/%u; expected each of the %zu shards exactly once", index + 1,
                         count, n);
        if (st == INGROEI_OK) {
            ordered[index] = dirs[i];
            shard_first[index] = first;
            shard_n[index] = m;
        }
    }
    ingroei_run *base = NULL;
    ig_sweep_ranges all = {0};
    ig_sweep_sample sample = {0};
    ig_stage stage = {0};
    ig_stage_file csv = {0};
    if (st == INGROEI_OK)
        st = ingroei_run_new(&base, sw->base, err);
    if (st == INGROEI_OK && (!ig_sweep_ranges_init(&all, base->n_g) ||
                             !ig_sweep_sample_init(&sample, sw->n_scenarios, base->n_g)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n && st == INGROEI_OK; i++) {
        st = read_ranges(ordered[i], base, &all, err);
        if (st == INGROEI_OK && n > 1)
            st = read_sample(ordered[i], base, shard_first[i], shard_n[i], &sample, err);
    }
    /* one shard is a whole sweep already: its quantiles cannot be rebuilt without its
     * sample, which it does not write; nor can they after a shard that left one out */
    size_t missing = 0;
    for (size_t i = 0; st == INGROEI_OK && i < sample.k; i++)
        missing += sample.at[i] == SIZE_MAX;
    if (st == INGROEI_OK && missing)
        st = n > 1 ? ig_fail(err, INGROEI_ERR_DATA, NULL, 0, 0,
                             "the shards' gemeente_steekproef.csv files together miss %zu of "
                             "the %zu scenarios of the quantiles' sample",
                             missing, sample.k)
                   : ig_fail(err, INGROEI_ERR_DATA, NULL, 0, 0,
                             "a sweep of one shard is whole already: nothing to merge");
    if (st == INGROEI_OK)
        st = ig_stage_open(&stage, dir, err);
    if (st == INGROEI_OK)
        st = ig_stage_file_open(&csv, &stage, "sweep.csv", err);
    if (st == INGROEI_OK) {
        ig_buf header = {0};
        ig_sweep_csv_header(&header, sw);
        st = ig_stage_file_append(&csv, &header, err);
        ig_buf_free(&header);
    }
    for (size_t i = 0; i < n && st == INGROEI_OK; i++)
        st = copy_rows(sw, ordered[i], &csv, err);
    ingroei_status cs = ig_stage_file_close(&csv, report, st == INGROEI_OK ? err : NULL);
    if (st == INGROEI_OK)
        st = cs;
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN); /* for the quantiles */
    if (st == INGROEI_OK)
        st = ig_sweep_write_tail(&stage, sw, base, &all, &sample, 0, 1, 0, sw->n_scenarios,
                                 cpus > 0 ? (unsigned)cpus : 1, report, err);
    if (st == INGROEI_OK)
        st = ig_stage_commit(&stage, report, err);
    else if (stage.path)
        ig_stage_close(&stage);
    ig_sweep_ranges_clear(&all);
    ig_sweep_sample_clear(&sample);
    ingroei_run_free(base);
    free(shard_first);
    free(shard_n);
    free(ordered);
    return st;
}
