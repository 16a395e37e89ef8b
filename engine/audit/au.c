/*
 * au.c - the auditor's recomputation of an algemene uitkering (public API of
 * ingroei.h): loads an au-model, computes every line with the published or a solved
 * uitkeringsfactor through core/au.c, and writes the tables and the receipt.
 */
#include "audit/audit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ingroei_au_free(ingroei_au *au)
{
    if (!au)
        return;
    ig_au_model_clear(&au->model);
    ig_au_data_clear(&au->data);
    free(au->lines);
    free(au->totals);
    free(au->cluster_lines);
    free(au->clusters);
    free(au->cluster_national);
    free(au);
}

/* Names the line that could not be computed. */
static ingroei_status line_failed(const ingroei_au *au, ingroei_status st, size_t m, size_t g,
                                  const char *what, ingroei_error *err)
{
    const ig_au_data *d = &au->data;
    if (m < d->n_m && g < d->n_g)
        return ig_fail(err, st, au->model.file, 0, 0,
                       "%s: the amount of maatstaf %s for %s does not fit in whole euros", what,
                       d->maatstaven[m], d->codes[g]);
    return ig_fail(err, st, au->model.file, 0, 0, "%s: invalid cluster or uitkeringsfactor", what);
}

static ingroei_status compute(ingroei_au *au, ingroei_error *err)
{
    const ig_au_data *d = &au->data;
    const size_t n = d->n_m * d->n_g;
    au->lines = calloc(n + 1, sizeof *au->lines);
    au->totals = calloc(d->n_g + 1, sizeof *au->totals);
    au->cluster_lines = calloc(d->n_c * n + 1, sizeof *au->cluster_lines);
    au->clusters = calloc(d->n_c * d->n_g + 1, sizeof *au->clusters);
    au->cluster_national = calloc(d->n_c + 1, sizeof *au->cluster_national);
    if (!au->lines || !au->totals || !au->cluster_lines || !au->clusters || !au->cluster_national)
        return ig_fail(err, INGROEI_ERR_NOMEM, au->model.file, 0, 0, "out of memory");
    ig_au_in in = {
        .n_g = d->n_g, .n_m = d->n_m, .units = d->units, .weight = d->weight, .scaled = d->scaled};
    size_t bm, bg;
    ingroei_status st = ig_au_lines(&in, au->uf, au->lines, au->totals, NULL, &bm, &bg);
    if (st != INGROEI_OK)
        return line_failed(au, st, bm, bg, "totaal", err);
    for (size_t c = 0; c < d->n_c; c++) {
        in.weight = &d->cluster_weight[c * d->n_m];
        st = ig_au_lines(&in, au->uf, &au->cluster_lines[c * n], &au->clusters[c * d->n_g], NULL,
                         &bm, &bg);
        if (st != INGROEI_OK)
            return line_failed(au, st, bm, bg, d->clusters[c], err);
    }
    /* National sums of at most some 10^5 amounts below 2^53 each cannot overflow int64,
     * but a hostile model could; check. */
    for (size_t g = 0; g < d->n_g; g++) {
        bool bad = __builtin_add_overflow(au->total, au->totals[g], &au->total);
        for (size_t c = 0; c < d->n_c && !bad; c++)
            bad = __builtin_add_overflow(au->cluster_national[c], au->clusters[c * d->n_g + g],
                                         &au->cluster_national[c]) ||
                  __builtin_add_overflow(au->total_clusters, au->clusters[c * d->n_g + g],
                                         &au->total_clusters);
        /* au.csv shows each gemeente's sum over the clusters and its difference with
         * the total: both must fit too. */
        int64_t sum = 0, diff;
        for (size_t c = 0; c < d->n_c && !bad; c++)
            bad = __builtin_add_overflow(sum, au->clusters[c * d->n_g + g], &sum);
        bad = bad || __builtin_sub_overflow(sum, au->totals[g], &diff);
        if (bad)
            return ig_fail(err, INGROEI_ERR_NUMERIC, au->model.file, 0, 0,
                           "the amounts of %s or the national total do not fit in whole euros",
                           d->codes[g]);
    }
    return INGROEI_OK;
}

ingroei_status ingroei_au_new(ingroei_au **out, const char *model,
                              const ingroei_au_options *options, ingroei_error *err)
{
    *out = NULL;
    const ingroei_au_options defaults = INGROEI_AU_OPTIONS_INIT;
    const ingroei_au_options *o = options ? options : &defaults;
    if (!model)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no au-model given");
    if (o->uf_decimals < 0 || o->uf_decimals > IG_DEC_MAX_SCALE || !(o->budget >= 0) ||
        !(o->budget < 1e13))
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "the budget must be from 0 to 10^13 euro and the factor's decimals from "
                       "0 to %d",
                       IG_DEC_MAX_SCALE);
    ingroei_au *au = calloc(1, sizeof *au);
    if (!au)
        return ig_fail(err, INGROEI_ERR_NOMEM, model, 0, 0, "out of memory");
    ingroei_status st = ig_au_model_load(&au->model, model, err);
    if (st == INGROEI_OK)
        st = ig_au_data_load(&au->data, &au->model, err);
    if (st == INGROEI_OK) {
        au->uf = au->model.uf;
        au->uf_exact = ig_dec_value(au->uf);
        if (o->budget > 0) {
            const ig_au_in in = {.n_g = au->data.n_g,
                                 .n_m = au->data.n_m,
                                 .units = au->data.units,
                                 .weight = au->data.weight,
                                 .scaled = au->data.scaled};
            au->uf_solved = true;
            au->budget = o->budget;
            st = ig_au_solve_uf(&in, o->budget, o->uf_decimals, &au->uf, &au->uf_exact);
            if (st != INGROEI_OK)
                st = ig_fail(err, st, au->model.file, 0, 0,
                             "no uitkeringsfactor gives a budget of %.0f euro (the scaled "
                             "maatstaven must have a positive basis and the factor must not be "
                             "negative)",
                             o->budget);
        }
    }
    if (st == INGROEI_OK) {
        ig_buf b = {0};
        ig_put_dec(&b, au->uf);
        if (b.failed || b.len >= sizeof au->uf_text)
            st = ig_fail(err, INGROEI_ERR_NOMEM, model, 0, 0, "out of memory");
        else
            memcpy(au->uf_text, b.data, b.len + 1);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK)
        st = compute(au, err);
    if (st != INGROEI_OK) {
        ingroei_au_free(au);
        return st;
    }
    *out = au;
    ig_ok(err);
    return INGROEI_OK;
}

void ingroei_au_get_summary(const ingroei_au *au, ingroei_au_summary *out)
{
    *out = (ingroei_au_summary){.name = au->model.name,
                                .circulaire = au->model.circulaire,
                                .uitkeringsjaar = au->model.uitkeringsjaar,
                                .n_gemeenten = au->data.n_g,
                                .n_maatstaven = au->data.n_m,
                                .n_clusters = au->data.n_c,
                                .uf = au->uf_text,
                                .uf_solved = au->uf_solved,
                                .uf_exact = au->uf_exact,
                                .total = au->total,
                                .total_clusters = au->total_clusters};
}

void ig_au_view_of(const ingroei_au *au, ig_au_view *out)
{
    *out = (ig_au_view){.model = &au->model,
                        .data = &au->data,
                        .uf = au->uf,
                        .lines = au->lines,
                        .totals = au->totals,
                        .cluster_lines = au->cluster_lines,
                        .clusters = au->clusters,
                        .cluster_national = au->cluster_national,
                        .total = au->total};
}

const char *ingroei_au_cluster(const ingroei_au *au, size_t cluster, int64_t *total)
{
    if (cluster >= au->data.n_c)
        return NULL;
    if (total)
        *total = au->cluster_national[cluster];
    return au->data.clusters[cluster];
}

/* au.csv: a row per gemeente, the amount per cluster and in total. */
static void row_table(const void *ctx, size_t g, ig_cell *cells, ig_buf *text)
{
    (void)text;
    const ingroei_au *au = ctx;
    const ig_au_data *d = &au->data;
    cells[0] = IG_TEXT(d->codes[g]);
    cells[1] = IG_TEXT(d->names[g]);
    int64_t sum = 0;
    for (size_t c = 0; c < d->n_c; c++) {
        cells[2 + c] = IG_INT(au->clusters[c * d->n_g + g]);
        sum += au->clusters[c * d->n_g + g];
    }
    cells[2 + d->n_c] = IG_INT(sum);
    cells[3 + d->n_c] = IG_INT(au->totals[g]);
    cells[4 + d->n_c] = IG_INT(sum - au->totals[g]);
}

/* au_regels.csv: a row per gemeente and maatstaf. */
static const ig_column line_columns[] = {
    {"gemeentecode", IG_XL_TEXT}, {"gemeentenaam", IG_XL_TEXT},
    {"maatstaf", IG_XL_TEXT},     {"eenheden", IG_XL_DECIMAL},
    {"gewicht", IG_XL_DECIMAL},   {"uitkeringsfactor", IG_XL_DECIMAL},
    {"bedrag", IG_XL_EURO}};

static void row_lines(const void *ctx, size_t i, ig_cell *cells, ig_buf *text)
{
    (void)text;
    const ingroei_au *au = ctx;
    const ig_au_data *d = &au->data;
    const size_t g = i / d->n_m, m = i % d->n_m;
    cells[0] = IG_TEXT(d->codes[g]);
    cells[1] = IG_TEXT(d->names[g]);
    cells[2] = IG_TEXT(d->maatstaven[m]);
    cells[3] = IG_DEC(d->units[m * d->n_g + g]);
    cells[4] = IG_DEC(d->weight[m]);
    if (d->scaled[m])
        cells[5] = IG_DEC(au->uf);
    cells[6] = IG_INT(au->lines[m * d->n_g + g]);
}

static void json_input(ig_buf *b, const char *role, const char *file, const char *sha, bool last)
{
    ig_buf_puts(b, "    {\"role\": ");
    ig_json_string(b, role);
    ig_buf_puts(b, ", \"file\": ");
    ig_json_string(b, file);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, sha);
    ig_buf_puts(b, last ? "}\n" : "},\n");
}

/* au.json: the receipt. */
static void build_receipt(ig_buf *b, const void *ctx)
{
    const ingroei_au *au = ctx;
    const ig_au_model *m = &au->model;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n  \"model\": ");
    ig_json_string(b, m->name);
    ig_buf_puts(b, ",\n  \"circulaire\": ");
    ig_json_string(b, m->circulaire);
    ig_buf_printf(b, ",\n  \"uitkeringsjaar\": %d,\n  \"source\": ", m->uitkeringsjaar);
    ig_json_string(b, m->source);
    ig_buf_puts(b, ",\n  \"inputs\": [\n");
    json_input(b, "model", m->file, m->sha256, false);
    json_input(b, "weights", m->weights, au->data.weights_sha256, false);
    json_input(b, "volumes", m->volumes, au->data.volumes_sha256, true);
    ig_buf_puts(b, "  ],\n  \"uitkeringsfactor\": {\"used\": ");
    ig_put_dec(b, au->uf);
    if (au->uf_solved) {
        ig_buf_puts(b, ", \"how\": \"solved from the budget, (budget - sum A) / sum B, then "
                       "rounded\", \"budget\": ");
        ig_put_fixed(b, au->budget, 2, '.');
        ig_buf_puts(b, ", \"unrounded\": ");
        ig_put_fixed(b, au->uf_exact, 9, '.');
        ig_buf_puts(b, ", \"published\": ");
        ig_put_dec(b, m->uf);
    } else {
        ig_buf_puts(b, ", \"how\": \"published\", \"source\": ");
        ig_json_string(b, m->uf_source);
    }
    ig_buf_puts(b, "},\n  \"unscaled_maatstaven\": [");
    for (size_t i = 0; i < m->n_unscaled; i++) {
        ig_buf_puts(b, i ? ", " : "");
        ig_json_string(b, m->unscaled[i]);
    }
    ig_buf_printf(b,
                  "],\n  \"rounding\": \"per line: round(units x weight x uf) in whole euros, half "
                  "away from zero; totals are sums of rounded lines\",\n"
                  "  \"gemeenten\": %zu,\n  \"maatstaven\": %zu,\n",
                  au->data.n_g, au->data.n_m);
    ig_buf_printf(b, "  \"algemene_uitkering\": %lld,\n  \"som_clusters\": %lld,\n",
                  (long long)au->total, (long long)au->total_clusters);
    ig_buf_puts(b, "  \"clusters\": [\n");
    for (size_t c = 0; c < au->data.n_c; c++) {
        ig_buf_puts(b, "    {\"cluster\": ");
        ig_json_string(b, au->data.clusters[c]);
        ig_buf_printf(b, ", \"bedrag\": %lld}%s\n", (long long)au->cluster_national[c],
                      c + 1 < au->data.n_c ? "," : "");
    }
    ig_buf_puts(b, "  ]\n}\n");
}

ingroei_status ingroei_au_write_with(const ingroei_au *au, const ingroei_output_options *o,
                                     ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!au || !o || !o->dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    const ig_au_data *d = &au->data;
    ig_column *cols = calloc(d->n_c + 5, sizeof *cols);
    if (!cols)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cols[0] = (ig_column){"gemeentecode", IG_XL_TEXT};
    cols[1] = (ig_column){"gemeentenaam", IG_XL_TEXT};
    for (size_t c = 0; c < d->n_c; c++)
        cols[2 + c] = (ig_column){d->clusters[c], IG_XL_EURO};
    cols[2 + d->n_c] = (ig_column){"som_clusters", IG_XL_EURO};
    cols[3 + d->n_c] = (ig_column){"algemene_uitkering", IG_XL_EURO};
    cols[4 + d->n_c] = (ig_column){"verschil_clusters", IG_XL_EURO};
    const ig_audit_table tables[] = {
        {"au.csv", "Algemene uitkering", "Per gemeente het bedrag per cluster en in totaal",
         NULL, cols, d->n_c + 5, 2, d->n_g, row_table, au},
        {"au_regels.csv", "Regels",
         "Per gemeente en maatstaf: eenheden x gewicht x uitkeringsfactor, afgerond op hele "
         "euro's",
         NULL, line_columns, sizeof line_columns / sizeof *line_columns, 3, d->n_g * d->n_m,
         row_lines, au}};
    static ig_build_fn *const json[] = {build_receipt};
    static const char *const json_names[] = {"au.json"};
    const ig_audit_input inputs[] = {{"model", au->model.file, au->model.sha256},
                                     {"gewichten", au->model.weights, d->weights_sha256},
                                     {"volumes", au->model.volumes, d->volumes_sha256}};
    ig_buf title = {0}, sub = {0};
    ig_buf_printf(&title, "ingroei %s: %s", INGROEI_VERSION, au->model.name);
    ig_buf_printf(&sub, "Circulaire %s, uitkeringsjaar %d, uitkeringsfactor %s%s",
                  au->model.circulaire, au->model.uitkeringsjaar, au->uf_text,
                  au->uf_solved ? " (opgelost uit het budget)" : " (gepubliceerd)");
    ingroei_status st;
    if (title.failed || sub.failed) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        const ig_audit_set set = {"au.xlsx", title.data, sub.data, tables, 2, json_names,
                                  json, 1, au, inputs, 3};
        const ig_audit_options ao = {o->csv_dialect, o->xlsx};
        st = ig_audit_write(&set, o->dir, &ao, report, err);
    }
    ig_buf_free(&title);
    ig_buf_free(&sub);
    free(cols);
    return st;
}

ingroei_status ingroei_au_write(const ingroei_au *au, const char *dir,
                                ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    return ingroei_au_write_with(au, &o, report, err);
}

ingroei_status ingroei_au_write_resolved(const ingroei_au *au, const char *file, ingroei_error *err)
{
    if (!au || !file || !file[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no file for the resolved model");
    ig_buf b = {0};
    ig_resolved_au_model(&b, &au->model, &au->data, au->uf, au->uf_solved, au->budget, file);
    ingroei_status st = ig_write_file_atomic(file, &b, "the resolved file", err);
    ig_buf_free(&b);
    return st;
}
