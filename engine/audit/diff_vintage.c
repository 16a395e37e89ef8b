/*
 * diff_vintage.c - what changed between two circulaires (ingroei diff-vintage): per
 * gemeente the change of its algemene uitkering split into volumes, weights, the
 * uitkeringsfactor and rounding, with the maatstaven and gemeenten only one side has.
 * Across a herindeling (herindelingen.csv beside the circulaires) the gemeenten that
 * merged are added up onto the gemeente they merged into, so that both vintages are
 * compared on the newer boundaries.
 */
#include "audit/audit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    char *merged; /* "Brielle (GM0501) per 2023-01-01; ...", or NULL */
    long first_a, first_b; /* the row's gemeenten in each vintage (linked by next_a, next_b) */
} diff_row;

static int diff_by_code(const void *a, const void *b)
{
    return strcmp(((const diff_row *)a)->code, ((const diff_row *)b)->code);
}

/* Which maatstaf of one vintage is which of the other: computed once per diff, not per
 * gemeente. */
typedef struct diff_map {
    long *b_in_a; /* [b's n_m] index in a, or -1 */
    long *a_in_b; /* [a's n_m] index in b, or -1 */
} diff_map;

/* The gemeenten of a row in one vintage: a list linked through `next`, -1 ending it. */
static double row_units(const ig_au_data *d, long m, long first, const long *next)
{
    if (m < 0)
        return 0;
    double u = 0;
    for (long g = first; g >= 0; g = next[g])
        u += ig_dec_value(d->units[(size_t)m * d->n_g + (size_t)g]);
    return u;
}

/* The three effects of one row: its gemeenten in `a` and in `b` (one each, or those of a
 * herindeling, or none on one side), their units summed per maatstaf. */
static void diff_effects(const ingroei_au *a, const ingroei_au *b, const diff_map *map,
                         const diff_row *r, const long *next_a, const long *next_b, double *vol,
                         double *wgt, double *uf)
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
            /* the units of the row: summed over the gemeenten that merged into it */
            const double ua = row_units(da, ma, r->first_a, next_a);
            const double ub = row_units(db, mb, r->first_b, next_b);
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

/* ---- herindelingen -------------------------------------------------------------------- */

/* herindelingen.csv of the dataset the circulaires belong to (the parent of their
 * directory), when it is there: from `datum` on, oude_code is part of nieuwe_code. */
typedef struct merges {
    ig_csv t;
    bool loaded;
    int c_date, c_old, c_new;
} merges;

static ingroei_status merges_load(merges *mg, const ingroei_au *b, ingroei_error *err)
{
    memset(mg, 0, sizeof *mg);
    char *dir = ig_dirname(b->model.file);
    char *file = dir ? ig_path_join(dir, "../herindelingen.csv") : NULL;
    free(dir);
    if (!file)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ingroei_status st = INGROEI_OK;
    if (access(file, F_OK) == 0) {
        st = ig_csv_read(&mg->t, file, err);
        mg->loaded = st == INGROEI_OK;
        int *c[] = {&mg->c_date, &mg->c_old, &mg->c_new};
        static const char *const names[] = {"datum", "oude_code", "nieuwe_code"};
        for (int k = 0; st == INGROEI_OK && k < 3; k++)
            if ((*c[k] = ig_csv_column(&mg->t, names[k], err)) < 0)
                st = INGROEI_ERR_DATA;
    }
    free(file);
    return st;
}

static void merges_clear(merges *mg)
{
    if (mg->loaded)
        ig_csv_clear(&mg->t);
}

/* The row of herindelingen.csv in which `code` disappears, or -1. */
static long merge_row(const merges *mg, const char *code)
{
    if (!mg->loaded)
        return -1;
    for (size_t i = 0; i < mg->t.n_rows; i++)
        if (!strcmp(mg->t.rows[i][mg->c_old], code))
            return (long)i;
    return -1;
}

/* The gemeente of the other vintage (codes[0..n)) that `code` merged into, following
 * herindelingen (at most 16: a chain, never a loop), or -1 when it merged into none of
 * them. */
static long merged_into(const merges *mg, const char *code, char *const *codes, size_t n)
{
    const char *cur = code;
    for (int hops = 0; hops < 16; hops++) {
        long i = merge_row(mg, cur);
        if (i < 0)
            return -1;
        cur = mg->t.rows[i][mg->c_new];
        long at = find_name(codes, n, cur);
        if (at >= 0)
            return at;
    }
    return -1;
}

/* What the diff-vintage files are built from. */
typedef struct diff_out {
    const ingroei_au *a, *b;
    const diff_row *rows;
    size_t n;
    const ingroei_au_diff_summary *s;
    const merges *mg;
} diff_out;

static const ig_column diff_columns[] = {
    {"gemeentecode", IG_XL_TEXT}, {"gemeentenaam", IG_XL_TEXT}, {"au_van", IG_XL_EURO},
    {"au_naar", IG_XL_EURO},      {"verschil", IG_XL_EURO},     {"volumes", IG_XL_EURO},
    {"gewichten", IG_XL_EURO},    {"uitkeringsfactor", IG_XL_EURO},
    {"afronding", IG_XL_EURO},    {"samengevoegd", IG_XL_LONG}};

static void diff_cells(const void *ctx, size_t i, ig_cell *cells, ig_buf *text)
{
    (void)text;
    const diff_out *o = ctx;
    const diff_row *r = &o->rows[i];
    cells[0] = IG_TEXT(r->code);
    cells[1] = IG_TEXT(r->name);
    cells[2] = IG_INT(r->from);
    cells[3] = IG_INT(r->to);
    cells[4] = IG_INT(r->to - r->from);
    cells[5] = IG_INT(r->volumes);
    cells[6] = IG_INT(r->weights);
    cells[7] = IG_INT(r->uf);
    cells[8] = IG_INT(r->rounding);
    cells[9] = IG_TEXT(r->merged ? r->merged : "");
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
    ig_buf_puts(b, "  \"herindelingen\": ");
    if (o->mg->loaded) {
        ig_buf_puts(b, "{\"file\": ");
        ig_json_string(b, o->mg->t.file);
        ig_buf_puts(b, ", \"sha256\": ");
        ig_json_string(b, o->mg->t.sha256);
        ig_buf_puts(b, ", \"rule\": \"the amounts and units of the gemeenten that merged are "
                       "summed onto the gemeente they merged into\", \"samengevoegd\": [");
        bool first = true;
        for (size_t i = 0; i < o->n; i++)
            if (o->rows[i].merged) {
                ig_buf_puts(b, first ? "\n    {\"gemeentecode\": " : ",\n    {\"gemeentecode\": ");
                ig_json_string(b, o->rows[i].code);
                ig_buf_puts(b, ", \"uit\": ");
                ig_json_string(b, o->rows[i].merged);
                ig_buf_puts(b, "}");
                first = false;
            }
        ig_buf_puts(b, first ? "]},\n" : "\n  ]},\n");
    } else {
        ig_buf_puts(b, "null,\n");
    }
    ig_buf_printf(
        b,
        "  \"gemeenten\": %zu,\n  \"verschil\": %lld,\n  \"volumes\": %lld,\n"
        "  \"gewichten\": %lld,\n  \"uitkeringsfactor\": %lld,\n  \"afronding\": %lld\n}\n",
        s->n_gemeenten, (long long)s->change, (long long)s->volumes, (long long)s->weights,
        (long long)s->uf, (long long)s->rounding);
}

/* Appends "Name (CODE) per DATE" of the gemeente `code` that merged (its date from
 * herindelingen.csv) to the row's text. */
static bool note_merge(diff_row *r, const merges *mg, const char *code, const char *name)
{
    long mr = merge_row(mg, code);
    ig_buf t = {0};
    if (r->merged)
        ig_buf_printf(&t, "%s; ", r->merged);
    ig_buf_printf(&t, "%s (%s) per %s", name, code, mr >= 0 ? mg->t.rows[mr][mg->c_date] : "?");
    if (t.failed) {
        ig_buf_free(&t);
        return false;
    }
    free(r->merged);
    r->merged = t.data;
    return true;
}

/* The row whose gemeentecode is `code` among rows[0..n), or -1. */
static long row_of(const diff_row *rows, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].code, code))
            return (long)i;
    return -1;
}

static void free_rows(diff_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].merged);
    free(rows);
}

ingroei_status ingroei_au_diff_with(const ingroei_au *a, const ingroei_au *b,
                                    const ingroei_output_options *o, ingroei_au_diff_summary *s,
                                    ingroei_output_report *report, ingroei_error *err)
{
    memset(s, 0, sizeof *s);
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!a || !b || !o || !o->dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "give two au-models and a directory");
    const ig_au_data *da = &a->data, *db = &b->data;
    merges mg;
    ingroei_status st = merges_load(&mg, b, err);
    if (st != INGROEI_OK) {
        merges_clear(&mg);
        return st;
    }
    diff_row *rows = calloc(da->n_g + db->n_g + 1, sizeof *rows);
    long *next_a = malloc((da->n_g + 1) * sizeof *next_a);
    long *next_b = malloc((db->n_g + 1) * sizeof *next_b);
    diff_map map = {calloc(db->n_m + 1, sizeof *map.b_in_a),
                    calloc(da->n_m + 1, sizeof *map.a_in_b)};
    size_t n = 0;
    if (!rows || !next_a || !next_b || !map.b_in_a || !map.a_in_b) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < db->n_m; k++)
        map.b_in_a[k] = find_name(da->maatstaven, da->n_m, db->maatstaven[k]);
    for (size_t k = 0; k < da->n_m; k++)
        map.a_in_b[k] = find_name(db->maatstaven, db->n_m, da->maatstaven[k]);
    /* The rows: the gemeenten of either vintage, each once, a gemeente that merged (in
     * herindelingen.csv) into one of the other vintage added to that one's row. */
    for (int pass = 0; pass < 2; pass++) {
        const ig_au_data *d = pass == 0 ? db : da, *other = pass == 0 ? da : db;
        long *next = pass == 0 ? next_b : next_a;
        for (size_t k = 0; k < d->n_g; k++) {
            const char *code = d->codes[k];
            long key = -1; /* the gemeente whose row this one is on, in `other` */
            if (find_name(other->codes, other->n_g, code) < 0)
                key = merged_into(&mg, code, other->codes, other->n_g);
            const char *row_code = key >= 0 ? other->codes[key] : code;
            long r = row_of(rows, n, row_code);
            if (r < 0) {
                r = (long)n++;
                rows[r] = (diff_row){.code = row_code,
                                     .name = key >= 0 ? other->names[key] : d->names[k],
                                     .first_a = -1,
                                     .first_b = -1};
            }
            long *first = pass == 0 ? &rows[r].first_b : &rows[r].first_a;
            next[k] = *first;
            *first = (long)k;
            if (key >= 0) {
                if (!note_merge(&rows[r], &mg, code, d->names[k])) {
                    st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
                    goto done;
                }
                s->n_merged++;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        diff_row *r = &rows[i];
        for (long g = r->first_a; g >= 0; g = next_a[g])
            r->from += a->totals[g];
        for (long g = r->first_b; g >= 0; g = next_b[g])
            r->to += b->totals[g];
        double vol, wgt, uf;
        diff_effects(a, b, &map, r, next_a, next_b, &vol, &wgt, &uf);
        /* Every amount fits in int64 (ig_au_lines checks), but the parts and their sums
         * need not: refuse rather than wrap. */
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
            st = ig_fail(err, INGROEI_ERR_NUMERIC, b->model.file, 0, 0,
                         "%s: the change against %s does not fit in whole euros", r->code,
                         a->model.file);
            goto done;
        }
    }
    qsort(rows, n, sizeof *rows, diff_by_code);
    s->n_gemeenten = n;
    {
        /* The summary's list of merged gemeenten, for the terminal. */
        ig_buf t = {0};
        for (size_t i = 0; i < n; i++)
            if (rows[i].merged)
                ig_buf_printf(&t, "%s %s: %s\n", rows[i].code, rows[i].name, rows[i].merged);
        snprintf(s->merged, sizeof s->merged, "%s", t.data ? t.data : "");
        if (t.len >= sizeof s->merged && sizeof s->merged > 4)
            memcpy(s->merged + sizeof s->merged - 5, "...\n", 5);
        ig_buf_free(&t);
    }
    static ig_build_fn *const json[] = {build_diff_json};
    static const char *const json_names[] = {"diff_vintage.json"};
    const diff_out out = {a, b, rows, n, s, &mg};
    const ig_audit_table table = {
        "diff_vintage.csv",
        "Verschil",
        "Per gemeente de verandering, gesplitst in volumes, gewichten, uitkeringsfactor en "
        "afronding; samengevoegd: gemeenten die door een herindeling zijn opgeteld",
        NULL,
        diff_columns,
        sizeof diff_columns / sizeof *diff_columns,
        2,
        n,
        diff_cells,
        &out};
    const ig_audit_input inputs[] = {
        {"van: model", a->model.file, a->model.sha256},
        {"van: gewichten", a->model.weights, da->weights_sha256},
        {"van: volumes", a->model.volumes, da->volumes_sha256},
        {"naar: model", b->model.file, b->model.sha256},
        {"naar: gewichten", b->model.weights, db->weights_sha256},
        {"naar: volumes", b->model.volumes, db->volumes_sha256},
        {"herindelingen", mg.loaded ? mg.t.file : "", mg.loaded ? mg.t.sha256 : ""}};
    ig_buf title = {0};
    ig_buf_printf(&title, "ingroei %s: van %s naar %s", INGROEI_VERSION, a->model.name,
                  b->model.name);
    if (title.failed) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        const ig_audit_set set = {"diff_vintage.xlsx", title.data, NULL, &table, 1,
                                  json_names, json, 1, &out, inputs, mg.loaded ? 7 : 6};
        const ig_audit_options ao = {o->csv_dialect, o->xlsx};
        st = ig_audit_write(&set, o->dir, &ao, report, err);
    }
    ig_buf_free(&title);
done:
    free_rows(rows, n);
    free(next_a);
    free(next_b);
    free(map.b_in_a);
    free(map.a_in_b);
    merges_clear(&mg);
    if (st == INGROEI_OK)
        ig_ok(err);
    return st;
}

ingroei_status ingroei_au_diff(const ingroei_au *a, const ingroei_au *b, const char *dir,
                               ingroei_au_diff_summary *s, ingroei_output_report *report,
                               ingroei_error *err)
{
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    return ingroei_au_diff_with(a, b, &o, s, report, err);
}
