/*
 * write.c - writes a run's output set (ingroei_run_write): its tables, summary.json,
 * and on request one gemeente's table, the workbook, the pictures and report.html, all
 * staged and moved into place together (io/stage.c), so a failure leaves the earlier
 * set untouched.
 */
#include "run/run.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

ingroei_status ig_run_render(const ingroei_run *r, size_t only, ingroei_csv_dialect dialect,
                             ig_run_tables *t, ingroei_error *err)
{
    memset(t, 0, sizeof *t);
    ingroei_status st = ig_run_parts(r, err);
    if (st != INGROEI_OK)
        return st;
    ig_run_table *f = t->table;
    snprintf(f->name, sizeof f->name, "allocations.csv");
    ig_run_csv_allocations(&(f++)->data, r, SIZE_MAX, dialect);
    snprintf(f->name, sizeof f->name, "budget.csv");
    ig_run_csv_budget(&(f++)->data, r, dialect);
    snprintf(f->name, sizeof f->name, "budget_opbouw.csv");
    if (r->multi) /* several regelingen: each one's lines */
        ig_regelingen_csv_budget_lines(&(f++)->data, r, dialect);
    else
        ig_run_csv_budget_lines(&(f++)->data, r, dialect);
    if (r->region) {
        snprintf(f->name, sizeof f->name, "regios.csv");
        ig_run_csv_regions(&(f++)->data, r, dialect);
    }
    if (r->multi) {
        snprintf(f->name, sizeof f->name, "regelingen.csv");
        ig_regelingen_csv(&(f++)->data, r, dialect);
    }
    snprintf(f->name, sizeof f->name, "summary.json");
    if (!(r->multi ? ig_regelingen_summary_json(&f->data, r) : ig_run_summary_json(&f->data, r)))
        f->data.failed = true;
    f++;
    if (only != SIZE_MAX) {
        snprintf(f->name, sizeof f->name, "gemeente_%s.csv", r->code[only]);
        ig_run_csv_allocations(&(f++)->data, r, only, dialect);
    }
    t->n = (size_t)(f - t->table);
    return INGROEI_OK;
}

void ig_run_tables_free(ig_run_tables *t)
{
    for (size_t i = 0; i < t->n; i++)
        ig_buf_free(&t->table[i].data);
    t->n = 0;
}

const ig_buf *ig_run_tables_get(const ig_run_tables *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->table[i].name, name) == 0)
            return &t->table[i].data;
    return NULL;
}

ingroei_status ingroei_run_write(const ingroei_run *r, const ingroei_output_options *o,
                                 ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!r)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    ingroei_status parts = ig_run_parts(r, err);
    if (parts != INGROEI_OK)
        return parts;
    ingroei_status checked = ig_output_options_check(o, err);
    if (checked != INGROEI_OK)
        return checked;
    /* The workbook and report.html explain one regeling's keys; the pictures are titled
     * for beschermd wonen. With several regelingen they are not made yet. */
    if (r->multi && (o->xlsx || o->html))
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a scenario with several regelingen has no %s yet (regelingen.csv and "
                       "allocations.csv hold every regeling and the total)",
                       o->xlsx ? "workbook" : "report.html");
    size_t only = SIZE_MAX;
    if (o->gemeente) {
        ingroei_status st = ingroei_run_find_gemeente(r, o->gemeente, &only, err);
        if (st != INGROEI_OK)
            return st;
    }
    const int last_year = r->first_year + (int)r->n_y - 1;
    if (o->map_year && (o->map_year < r->first_year || o->map_year > last_year))
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "the map's year %d is not a year of the scenario (%d-%d)", o->map_year,
                       r->first_year, last_year);
    const size_t map_y = o->map_year ? (size_t)(o->map_year - r->first_year) : r->n_y - 1;
    ig_run_tables tables;
    ingroei_status st = ig_run_render(r, only, o->csv_dialect, &tables, err);
    if (st != INGROEI_OK)
        return st;
    ig_stage stage;
    st = ig_stage_open(&stage, o->dir, err);
    if (st != INGROEI_OK) {
        ig_run_tables_free(&tables);
        return st;
    }
    const char *staging = stage.path;
    for (size_t i = 0; i < tables.n && st == INGROEI_OK; i++)
        st = ig_write_file(staging, tables.table[i].name, &tables.table[i].data, report, err);
    ig_run_tables_free(&tables);
    if (st == INGROEI_OK && o->xlsx)
        st = ig_run_write_xlsx(r, staging, only, report, err);
    if (st == INGROEI_OK && o->plots && r->multi) {
        report->plots_skipped = 1;
        snprintf(report->note, sizeof report->note,
                 "no pictures: they are not made for a scenario with several regelingen yet");
    } else if (st == INGROEI_OK && o->plots) {
        st = ig_plots_write(r, staging, only, map_y, o->gnuplot, report, err);
    }
    if (st == INGROEI_OK && o->html)
        st = ig_html_report_write(r, staging, o->plots, o->gnuplot, report, err);
    if (st == INGROEI_OK)
        return ig_stage_commit(&stage, report, err);
    ig_stage_close(&stage);
    return st;
}

ingroei_status ingroei_run_write_resolved(const ingroei_run *run, const char *file,
                                          ingroei_error *err)
{
    if (!run || !file || !file[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no file for the resolved scenario");
    if (run->multi)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "the resolved form of a scenario with several regelingen is not written "
                       "yet");
    ig_buf b = {0};
    ig_resolved_scenario(&b, run->sc, run->inputs, run->n_inputs, file);
    ingroei_status st = ig_write_file_atomic(file, &b, "the resolved file", err);
    ig_buf_free(&b);
    return st;
}
