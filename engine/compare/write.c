/*
 * write.c - writes a comparison's output set (ingroei_compare_write): compare.csv,
 * compare_breed.csv, ranking.csv, compare.json and, on request, one gemeente's rows,
 * vergelijking.xlsx and report.html, staged and moved into place together.
 */
#include "compare/compare.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof(a)[0])

/* What ingroei_compare_write writes from: the tables and how the CSV files look. */
typedef struct outputs {
    const ingroei_compare *c;
    const ingroei_output_options *opt;
    ingroei_csv_dialect dialect;
    size_t only;           /* --gemeente, or SIZE_MAX */
    ig_cmp_table table[4]; /* tidy, wide, ranking, the gemeente's wide rows */
} outputs;

static void build_csv(ig_buf *b, const outputs *o, size_t which)
{
    const ig_cmp_table *t = &o->table[which];
    ig_csv_row w = ig_csv_start(b, o->dialect);
    ig_csv_header(&w, t->cols, t->n_cols);
    for (size_t k = 0; k < t->n_rows; k++)
        ig_csv_cells(&w, ig_cmp_table_row(t, k), t->n_cols);
}

static void build_tidy(ig_buf *b, const void *o)
{
    build_csv(b, o, 0);
}

static void build_wide(ig_buf *b, const void *o)
{
    build_csv(b, o, 1);
}

static void build_ranking(ig_buf *b, const void *o)
{
    build_csv(b, o, 2);
}

static void build_gemeente(ig_buf *b, const void *o)
{
    build_csv(b, o, 3);
}

/* The receipt: the scenarios with their files' SHA-256, the years, the reference year,
 * and per scenario its summary in the reference year. */
static void build_receipt(ig_buf *b, const void *ctx)
{
    const ingroei_compare *c = ((const outputs *)ctx)->c;
    ig_json_receipt_begin(b);
    ig_buf_printf(b,
                  ",\n  \"years\": {\"first\": %d, \"last\": %d, \"common_first\": %d, "
                  "\"common_last\": %d},\n  \"reference_year\": %d,\n",
                  c->first_year, c->last_year, c->common_first, c->common_last, c->ref_year);
    ig_buf_printf(b, "  \"gemeenten\": %zu,\n  \"scenarios\": [\n", c->n_g);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        ingroei_compare_scenario s;
        ingroei_compare_get_scenario(c, i, &s, NULL);
        ig_buf_puts(b, "    {\n");
        ig_json_str_field(b, 3, "label", s.label, false);
        ig_json_str_field(b, 3, "name", s.name, false);
        ig_json_str_field(b, 3, "file", c->file[i], false);
        ig_json_str_field(b, 3, "sha256", r->sc->sha256, false);
        ig_buf_printf(b, "      \"first_year\": %d,\n      \"last_year\": %d,\n", s.first_year,
                      s.last_year);
        ig_buf_printf(b, "      \"illustrative\": %s,\n", s.illustrative ? "true" : "false");
        if (s.illustrative)
            ig_json_str_field(b, 3, "notice", r->obj.notice, false);
        if (r->obj.own_key) { /* a key file: its label and SHA-256, as summary.json has them */
            ig_buf_puts(b, "      \"own_key\": {\"label\": ");
            ig_json_string(b, r->obj.name);
            ig_buf_printf(b, ", \"sha256\": \"%s\"},\n", r->obj.sha256);
        }
        ig_buf_printf(b, "      \"total_reference_year\": %lld,\n", (long long)s.total);
        ig_buf_printf(b, "      \"losers\": %zu,\n      \"gainers\": %zu,\n", s.n_losers,
                      s.n_gainers);
        ig_json_str_field(b, 3, "largest_loss_per_inhabitant_gemeente", s.largest_loss_code, false);
        ig_buf_puts(b, "      \"largest_loss_per_inhabitant\": ");
        ig_put_fixed(b, s.largest_loss_per_inhabitant, 2, '.');
        ig_buf_puts(b, ",\n");
        ig_json_str_field(b, 3, "largest_gain_per_inhabitant_gemeente", s.largest_gain_code, false);
        ig_buf_puts(b, "      \"largest_gain_per_inhabitant\": ");
        ig_put_fixed(b, s.largest_gain_per_inhabitant, 2, '.');
        ig_buf_puts(b, "\n");
        ig_buf_puts(b, i + 1 < c->n ? "    },\n" : "    }\n");
    }
    ig_buf_puts(b, "  ]\n}\n");
}

/* report.html (compare/html.c) reads the comparison itself. */
static void build_html(ig_buf *b, const void *ctx)
{
    const outputs *o = ctx;
    ig_compare_html(b, o->c);
}

static ingroei_status write_workbook(const char *staging, const void *ctx,
                                     ingroei_output_report *report, ingroei_error *err)
{
    const outputs *o = ctx;
    return ig_compare_write_xlsx(o->c, staging, o->only, o->opt, report, err);
}

ingroei_status ingroei_compare_write(const ingroei_compare *c, const ingroei_output_options *opt,
                                     ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!c)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    ingroei_status checked = ig_output_options_check(opt, err);
    if (checked != INGROEI_OK)
        return checked;
    outputs o = {c, opt, opt->csv_dialect, SIZE_MAX, {{0}}};
    ingroei_status st = INGROEI_OK;
    if (opt->gemeente)
        st = ingroei_run_find_gemeente(c->runs[0], opt->gemeente, &o.only, err);
    const ig_cmp_kind kinds[] = {IG_CMP_TIDY, IG_CMP_WIDE, IG_CMP_RANKING, IG_CMP_WIDE};
    for (size_t k = 0; k < N_OF(kinds) && st == INGROEI_OK; k++)
        st = ig_cmp_table_make(&o.table[k], c, kinds[k], k == 3 ? o.only : SIZE_MAX, err);
    char gemeente_file[64] = "";
    if (st == INGROEI_OK && o.only != SIZE_MAX)
        snprintf(gemeente_file, sizeof gemeente_file, "compare_gemeente_%s.csv",
                 c->runs[0]->code[o.only]);
    const char *names[6] = {"compare.csv", "compare_breed.csv", "ranking.csv", "compare.json"};
    ig_build_fn *build[6] = {build_tidy, build_wide, build_ranking, build_receipt};
    size_t n = 4;
    if (o.only != SIZE_MAX) {
        names[n] = gemeente_file;
        build[n++] = build_gemeente;
    }
    if (opt->html) {
        names[n] = "report.html";
        build[n++] = build_html;
    }
    if (st == INGROEI_OK)
        st = ig_write_staged_more(opt->dir, n, names, build, &o, opt->xlsx ? write_workbook : NULL,
                                  report, err);
    for (size_t k = 0; k < N_OF(o.table); k++)
        ig_cmp_table_free(&o.table[k]);
    return st;
}
