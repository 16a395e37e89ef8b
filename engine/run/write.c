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
    size_t only = SIZE_MAX;
    if (o->gemeente) {
        ingroei_status st = ingroei_run_find_gemeente(r, o->gemeente, &only, err);
        if (st != INGROEI_OK)
            return st;
    }
    ig_stage stage;
    ingroei_status st = ig_stage_open(&stage, o->dir, err);
    if (st != INGROEI_OK)
        return st;
    const char *staging = stage.path;
    const ingroei_csv_dialect dialect = o->csv_dialect;
    ig_buf b = {0};
    ig_run_csv_allocations(&b, r, SIZE_MAX, dialect);
    st = ig_write_file(staging, "allocations.csv", &b, report, err);
    ig_buf_free(&b);
    if (st == INGROEI_OK) {
        ig_run_csv_budget(&b, r, dialect);
        st = ig_write_file(staging, "budget.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK) {
        ig_run_csv_budget_lines(&b, r, dialect);
        st = ig_write_file(staging, "budget_opbouw.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && r->region) {
        ig_run_csv_regions(&b, r, dialect);
        st = ig_write_file(staging, "regios.csv", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK) {
        if (!ig_run_summary_json(&b, r))
            b.failed = true;
        st = ig_write_file(staging, "summary.json", &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && only != SIZE_MAX) {
        char name[64];
        snprintf(name, sizeof name, "gemeente_%s.csv", r->code[only]);
        ig_run_csv_allocations(&b, r, only, dialect);
        st = ig_write_file(staging, name, &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && o->xlsx)
        st = ig_run_write_xlsx(r, staging, only, report, err);
    if (st == INGROEI_OK && o->plots)
        st = ig_plots_write(r, staging, only, o->gnuplot, report, err);
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
    ig_buf b = {0};
    ig_resolved_scenario(&b, run->sc, run->inputs, run->n_inputs, file);
    ingroei_status st = ig_write_file_atomic(file, &b, "the resolved file", err);
    ig_buf_free(&b);
    return st;
}
