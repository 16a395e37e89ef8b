/*
 * diff_vintage.c - what changed between two circulaires (ingroei diff-vintage): per
 * gemeente the change of its algemene uitkering split into volumes, weights, the
 * uitkeringsfactor and rounding, with the maatstaven and gemeenten only one side has.
 */
#include "audit/audit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static long find_name(char *const *names, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], key) == 0)
            return (long)i;
    return -1;
}

typedef struct diff_row {
    const char *code, *name;
    int64_t from, to, volumes, weights, uf, rounding;
} diff_row;

static int diff_by_code(const void *a, const void *b)
{
    return strcmp(((const diff_row *)a)->code, ((const diff_row *)b)->code);
}

/* The three effects of one gemeente (index ga in `a`, gb in `b`, -1 when absent). */
/* Which maatstaf of one vintage is which of the other: computed once per diff, not per
 * gemeente. */
typedef struct diff_map {
    long *b_in_a; /* [b's n_m] index in a, or -1 */
    long *a_in_b; /* [a's n_m] index in b, or -1 */
} diff_map;

static void diff_effects(const ingroei_au *a, const ingroei_au *b, const diff_map *map, long ga,
                         long gb, double *vol, double *wgt, double *uf)
{
    const ig_au_data *da = &a->data, *db = &b->data;
    const double fa = ig_dec_value(a->uf), fb = ig_dec_value(b->uf);
    *vol = *wgt = *uf = 0;
    /* Every maatstaf of either vintage, each once: those of b, then those only in a. */
    for (int pass = 0; pass < 2; pass++) {
        const ig_au_data *d = pass == 0 ? db : da;
        for (size_t k = 0; k < d->n_m; k++) {
            const long ma = pass == 0 ? map->b_in_a[k] : (long)k;
            const long mb = pass == 0 ? (long)k : map->a_in_b[k];
            if (pass == 1 && mb >= 0)
                continue; /* counted in the first pass */
            const double ua = ma >= 0 && ga >= 0 ? ig_dec_value(da->units[ma * da->n_g + ga]) : 0;
            const double ub = mb >= 0 && gb >= 0 ? ig_dec_value(db->units[mb * db->n_g + gb]) : 0;
            const double wa = ma >= 0 ? ig_dec_value(da->weight[ma]) : 0;
            const double wb = mb >= 0 ? ig_dec_value(db->weight[mb]) : 0;
            /* Each vintage's own flag: a maatstaf that moves into or out of the
             * uitkeringsfactor shows in the factor's part, not as rounding. */
            const bool scaled_a = ma >= 0 ? da->scaled[ma] : db->scaled[mb];
            const bool scaled_b = mb >= 0 ? db->scaled[mb] : da->scaled[ma];
            const double f_from = scaled_a ? fa : 1.0, f_to = scaled_b ? fb : 1.0;
            *vol += (ub - ua) * wa * f_from;
            *wgt += ub * (wb - wa) * f_from;
            *uf += ub * wb * (f_to - f_from);
        }
    }
}

/* What the diff-vintage files are built from. */
typedef struct diff_out {
    const ingroei_au *a, *b;
    const diff_row *rows;
    size_t n;
    const ingroei_au_diff_summary *s;
} diff_out;

static void build_diff_csv(ig_buf *out, const void *ctx)
{
    const diff_out *o = ctx;
    const diff_row *rows = o->rows;
    const size_t n = o->n;
    ig_csv_row w = {out, ',', '.', 0, false};
    const char *const head[] = {"gemeentecode", "gemeentenaam",     "au_van",
                                "au_naar",      "verschil",         "volumes",
                                "gewichten",    "uitkeringsfactor", "afronding"};
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        ig_csv_text(&w, head[i]);
    ig_csv_end(&w);
    for (size_t i = 0; i < n; i++) {
        const diff_row *r = &rows[i];
        ig_csv_text(&w, r->code);
        ig_csv_text(&w, r->name);
        ig_csv_int(&w, r->from);
        ig_csv_int(&w, r->to);
        ig_csv_int(&w, r->to - r->from);
        ig_csv_int(&w, r->volumes);
        ig_csv_int(&w, r->weights);
        ig_csv_int(&w, r->uf);
        ig_csv_int(&w, r->rounding);
        ig_csv_end(&w);
    }
}

static void build_diff_json(ig_buf *b, const void *ctx)
{
    const diff_out *o = ctx;
    const ingroei_au *a = o->a, *c = o->b;
    const ingroei_au_diff_summary *s = o->s;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n");
    for (int k = 0; k < 2; k++) {
        const ingroei_au *x = k == 0 ? a : c;
        ig_buf_puts(b, k == 0 ? "  \"van\": {\"model\": " : "  \"naar\": {\"model\": ");
        ig_json_string(b, x->model.file);
        ig_buf_puts(b, ", \"sha256\": ");
        ig_json_string(b, x->model.sha256);
        ig_buf_puts(b, ", \"weights_sha256\": ");
        ig_json_string(b, x->data.weights_sha256);
        ig_buf_puts(b, ", \"volumes_sha256\": ");
        ig_json_string(b, x->data.volumes_sha256);
        ig_buf_puts(b, ", \"uitkeringsfactor\": ");
        ig_put_dec(b, x->uf);
        ig_buf_printf(b, ", \"algemene_uitkering\": %lld},\n", (long long)x->total);
    }
    ig_buf_puts(b, "  \"split\": \"volumes: (units_naar - units_van) x weight_van x uf_van; "
                   "gewichten: units_naar x (weight_naar - weight_van) x uf_van; "
                   "uitkeringsfactor: units_naar x weight_naar x (uf_naar - uf_van), over the "
                   "scaled maatstaven; each rounded to whole euros; afronding makes the parts "
                   "add up to the change of the rounded amounts\",\n");
    ig_buf_printf(
        b,
        "  \"gemeenten\": %zu,\n  \"verschil\": %lld,\n  \"volumes\": %lld,\n"
        "  \"gewichten\": %lld,\n  \"uitkeringsfactor\": %lld,\n  \"afronding\": %lld\n}\n",
        s->n_gemeenten, (long long)s->change, (long long)s->volumes, (long long)s->weights,
        (long long)s->uf, (long long)s->rounding);
}

ingroei_status ingroei_au_diff(const ingroei_au *a, const ingroei_au *b, const char *dir,
                               ingroei_au_diff_summary *s, ingroei_output_report *report,
                               ingroei_error *err)
{
    memset(s, 0, sizeof *s);
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!a || !b || !dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "give two au-models and a directory");
    const ig_au_data *da = &a->data, *db = &b->data;
    diff_row *rows = calloc(da->n_g + db->n_g + 1, sizeof *rows);
    diff_map map = {calloc(db->n_m + 1, sizeof *map.b_in_a),
                    calloc(da->n_m + 1, sizeof *map.a_in_b)};
    if (!rows || !map.b_in_a || !map.a_in_b) {
        free(rows);
        free(map.b_in_a);
        free(map.a_in_b);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < db->n_m; k++)
        map.b_in_a[k] = find_name(da->maatstaven, da->n_m, db->maatstaven[k]);
    for (size_t k = 0; k < da->n_m; k++)
        map.a_in_b[k] = find_name(db->maatstaven, db->n_m, da->maatstaven[k]);
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        const ig_au_data *d = pass == 0 ? db : da;
        for (size_t k = 0; k < d->n_g; k++) {
            long ga = pass == 0 ? find_name(da->codes, da->n_g, d->codes[k]) : (long)k;
            long gb = pass == 0 ? (long)k : find_name(db->codes, db->n_g, d->codes[k]);
            if (pass == 1 && gb >= 0)
                continue;
            diff_row *r = &rows[n++];
            r->code = d->codes[k];
            r->name = d->names[k];
            r->from = ga >= 0 ? a->totals[ga] : 0;
            r->to = gb >= 0 ? b->totals[gb] : 0;
            double vol, wgt, uf;
            diff_effects(a, b, &map, ga, gb, &vol, &wgt, &uf);
            /* Every amount fits in int64 (ig_au_lines checks), but the parts and
             * their sums need not: refuse rather than wrap. */
            const double lim = 0x1p62;
            int64_t ch = 0, t1, t2;
            bool bad = !(fabs(vol) < lim && fabs(wgt) < lim && fabs(uf) < lim) ||
                       __builtin_sub_overflow(r->to, r->from, &ch);
            if (!bad) {
                r->volumes = ig_round(vol);
                r->weights = ig_round(wgt);
                r->uf = ig_round(uf);
                bad = __builtin_sub_overflow(ch, r->volumes, &t1) ||
                      __builtin_sub_overflow(t1, r->weights, &t2) ||
                      __builtin_sub_overflow(t2, r->uf, &r->rounding) ||
                      __builtin_add_overflow(s->change, ch, &s->change) ||
                      __builtin_add_overflow(s->volumes, r->volumes, &s->volumes) ||
                      __builtin_add_overflow(s->weights, r->weights, &s->weights) ||
                      __builtin_add_overflow(s->uf, r->uf, &s->uf) ||
                      __builtin_add_overflow(s->rounding, r->rounding, &s->rounding);
            }
            if (bad) {
                ingroei_status st = ig_fail(err, INGROEI_ERR_NUMERIC, b->model.file, 0, 0,
                                            "%s: the change against %s does not fit in whole "
                                            "euros",
                                            r->code, a->model.file);
                free(rows);
                free(map.b_in_a);
                free(map.a_in_b);
                return st;
            }
        }
    }
    qsort(rows, n, sizeof *rows, diff_by_code);
    s->n_gemeenten = n;
    static ig_build_fn *const build[] = {build_diff_csv, build_diff_json};
    static const char *const names[] = {"diff_vintage.csv", "diff_vintage.json"};
    const diff_out o = {a, b, rows, n, s};
    ingroei_status st = ig_write_staged(dir, 2, names, build, &o, report, err);
    free(rows);
    free(map.b_in_a);
    free(map.a_in_b);
    if (st == INGROEI_OK)
        ig_ok(err);
    return st;
}
