/*
 * prorata.c - answers "are mutations pro rata?" for a regeling published per gemeente:
 * takes one vintage's amounts, scales them to the next vintage's total, rounds each to
 * whole euros exactly, and compares with what the next vintage published (public API
 * of ingroei.h).
 */
#include "audit/audit.h"
#include "base/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pr_row {
    char code[16];
    char *name;
    bool in_from, in_to;
    int64_t from, to, prorata;
} pr_row;

typedef struct pr_state {
    IG_VEC(pr_row) rows;
} pr_state;

static pr_row *find_or_add(pr_state *s, const char *code)
{
    for (size_t i = 0; i < s->rows.n; i++)
        if (strcmp(s->rows.v[i].code, code) == 0)
            return &s->rows.v[i];
    pr_row *r = ig_vec_push(&s->rows);
    if (!r)
        return NULL;
    snprintf(r->code, sizeof r->code, "%s", code);
    return r;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const pr_row *)a)->code, ((const pr_row *)b)->code);
}

/* round(a * b / c) half away from zero, exactly; c > 0, a, b >= 0. */
static bool mul_div_round(int64_t a, int64_t b, int64_t c, int64_t *out)
{
    if (a < 0 || b < 0 || c <= 0)
        return false;
    __int128 num = (__int128)a * b;
    __int128 q = (2 * num + c) / (2 * (__int128)c);
    if (q > INT64_MAX)
        return false;
    *out = (int64_t)q;
    return true;
}

/* Reads the two vintages of the regeling from the data file. */
static ingroei_status read_rows(const ingroei_prorata_query *q, pr_state *s, int64_t *tot_from,
                                int64_t *tot_to, char sha[65], ingroei_error *err)
{
    /* a published table as saved: ',' or ';' (Dutch numbers), see io/table.c */
    ig_table tab = {0};
    ingroei_status st = ig_table_read(&tab, q->data, err);
    ig_csv t = tab.csv;
    static const char *const names[6] = {"circulaire",   "uitkeringsjaar", "gemeentecode",
                                         "gemeentenaam", "regeling",       "bedrag"};
    int c[6];
    for (int k = 0; st == INGROEI_OK && k < 6; k++)
        if ((c[k] = ig_csv_column(&t, names[k], err)) < 0)
            st = INGROEI_ERR_DATA;
    char from_year[16], to_year[16];
    snprintf(from_year, sizeof from_year, "%d", q->from_year);
    snprintf(to_year, sizeof to_year, "%d", q->to_year);
    *tot_from = *tot_to = 0;
    for (size_t i = 0; st == INGROEI_OK && i < t.n_rows; i++) {
        char **f = t.rows[i];
        if (strcmp(f[c[4]], q->regeling) != 0)
            continue;
        const bool is_from = !strcmp(f[c[0]], q->from_circulaire) && !strcmp(f[c[1]], from_year);
        const bool is_to = !strcmp(f[c[0]], q->to_circulaire) && !strcmp(f[c[1]], to_year);
        if (!is_from && !is_to)
            continue;
        int64_t amount = -1;
        ig_dec x;
        if (ig_table_number(f[c[5]], tab.decimal, &x)) {
            amount = x.mant;
            for (int k = 0; k < x.scale && amount >= 0; k++)
                amount = amount % 10 == 0 ? amount / 10 : -1; /* whole euros only */
        }
        if (amount < 0 || amount > (INT64_C(1) << 50)) {
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "bedrag: expected whole euros from 0 to 2^50, got '%s'", f[c[5]]);
            break;
        }
        if (strlen(f[c[2]]) >= sizeof s->rows.v[0].code) {
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "gemeentecode '%s' is too long", f[c[2]]);
            break;
        }
        pr_row *r = find_or_add(s, f[c[2]]);
        if (!r || (!r->name && !(r->name = ig_strdup(f[c[3]])))) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, t.file, 0, 0, "out of memory");
            break;
        }
        /* A vintage compared with itself is allowed (everything is then equal). */
        for (int side = 0; side < 2; side++) {
            if (!(side == 0 ? is_from : is_to))
                continue;
            bool *seen = side == 0 ? &r->in_from : &r->in_to;
            if (*seen) {
                st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                             "%s has two amounts for %s in %s, uitkeringsjaar %s", r->code,
                             q->regeling, f[c[0]], f[c[1]]);
                break;
            }
            *seen = true;
            *(side == 0 ? &r->from : &r->to) = amount;
        }
    }
    /* The totals are those of the gemeenten in both vintages: a gemeente that joins or
     * leaves (a herindeling, a new centre) is listed, but does not make every other
     * gemeente look off. */
    for (size_t i = 0; st == INGROEI_OK && i < s->rows.n; i++) {
        const pr_row *r = &s->rows.v[i];
        if (r->in_from && r->in_to &&
            (__builtin_add_overflow(*tot_from, r->from, tot_from) ||
             __builtin_add_overflow(*tot_to, r->to, tot_to)))
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0,
                         "the amounts of %s add up to more than whole euros can hold", q->regeling);
    }
    if (st == INGROEI_OK && (*tot_from <= 0 || *tot_to <= 0)) {
        const bool from = *tot_from <= 0;
        st = ig_fail(err, INGROEI_ERR_DATA, q->data, 0, 0,
                     "no amounts of %s in %s, uitkeringsjaar %d, for a gemeente that is in "
                     "both vintages (the columns circulaire and uitkeringsjaar must match "
                     "exactly)",
                     q->regeling, from ? q->from_circulaire : q->to_circulaire,
                     from ? q->from_year : q->to_year);
    }
    if (st == INGROEI_OK)
        memcpy(sha, t.sha256, 65);
    ig_csv_clear(&t);
    return st;
}

/* What the prorata files are built from. */
typedef struct pr_out {
    const ingroei_prorata_query *q;
    const pr_state *s;
    const char *sha;
    const ingroei_prorata_summary *sum;
} pr_out;

static void build_csv(ig_buf *b, const void *ctx)
{
    const pr_state *s = ((const pr_out *)ctx)->s;
    ig_csv_row w = {b, ',', '.', 0, false};
    const char *const head[] = {"gemeentecode", "gemeentenaam", "bedrag_van",       "bedrag_naar",
                                "pro_rata",     "verschil",     "verschil_aandeel", "oordeel"};
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        ig_csv_text(&w, head[i]);
    ig_csv_end(&w);
    for (size_t i = 0; i < s->rows.n; i++) {
        const pr_row *r = &s->rows.v[i];
        ig_csv_text(&w, r->code);
        ig_csv_text(&w, r->name);
        if (r->in_from)
            ig_csv_int(&w, r->from);
        else
            ig_csv_empty(&w);
        if (r->in_to)
            ig_csv_int(&w, r->to);
        else
            ig_csv_empty(&w);
        if (r->in_from && r->in_to)
            ig_csv_int(&w, r->prorata);
        else
            ig_csv_empty(&w);
        if (r->in_from && r->in_to) {
            ig_csv_int(&w, r->to - r->prorata);
            if (r->prorata > 0)
                ig_csv_fixed(&w, (double)(r->to - r->prorata) / (double)r->prorata, 9);
            else
                ig_csv_empty(&w);
            ig_csv_text(&w, r->to == r->prorata ? "gelijk" : "afwijkend");
        } else {
            ig_csv_empty(&w);
            ig_csv_empty(&w);
            ig_csv_text(&w, r->in_from ? "alleen_van" : "alleen_naar");
        }
        ig_csv_end(&w);
    }
}

static void build_json(ig_buf *b, const void *ctx)
{
    const pr_out *o = ctx;
    const ingroei_prorata_query *q = o->q;
    const char *sha = o->sha;
    const ingroei_prorata_summary *sum = o->sum;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n  \"data\": {\"file\": ");
    ig_json_string(b, q->data);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, sha);
    ig_buf_puts(b, "},\n  \"regeling\": ");
    ig_json_string(b, q->regeling);
    ig_buf_puts(b, ",\n  \"van\": {\"circulaire\": ");
    ig_json_string(b, q->from_circulaire);
    ig_buf_printf(b, ", \"uitkeringsjaar\": %d, \"totaal\": %lld},\n", q->from_year,
                  (long long)sum->total_from);
    ig_buf_puts(b, "  \"naar\": {\"circulaire\": ");
    ig_json_string(b, q->to_circulaire);
    ig_buf_printf(b, ", \"uitkeringsjaar\": %d, \"totaal\": %lld},\n", q->to_year,
                  (long long)sum->total_to);
    ig_buf_puts(b, "  \"rule\": \"pro_rata = round(bedrag_van x totaal_naar / totaal_van), half "
                   "away from zero, exactly; totals are sums of the published rows\",\n");
    ig_buf_printf(b,
                  "  \"gemeenten\": %zu,\n  \"gelijk\": %zu,\n  \"afwijkend\": %zu,\n"
                  "  \"som_pro_rata\": %lld,\n  \"grootste_verschil\": {\"gemeentecode\": ",
                  sum->n_gemeenten, sum->n_equal, sum->n_off, (long long)sum->total_prorata);
    ig_json_string(b, sum->largest_code);
    ig_buf_printf(b, ", \"euro\": %lld, \"aandeel\": ", (long long)sum->largest_diff);
    ig_put_fixed(b, sum->largest_share, 9, '.');
    ig_buf_puts(b, "}\n}\n");
}

ingroei_status ingroei_prorata(const ingroei_prorata_query *q, const char *dir,
                               ingroei_prorata_summary *sum, ingroei_output_report *report,
                               ingroei_error *err)
{
    memset(sum, 0, sizeof *sum);
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!q || !q->data || !q->regeling || !q->from_circulaire || !q->to_circulaire || !dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "give the data file, the regeling, both vintages and a directory");
    pr_state s = {0};
    char sha[65] = "";
    int64_t tf, tt;
    ingroei_status st = read_rows(q, &s, &tf, &tt, sha, err);
    if (st == INGROEI_OK) {
        qsort(s.rows.v, s.rows.n, sizeof *s.rows.v, by_code);
        sum->n_gemeenten = s.rows.n;
        sum->total_from = tf;
        sum->total_to = tt;
        for (size_t i = 0; i < s.rows.n && st == INGROEI_OK; i++) {
            pr_row *r = &s.rows.v[i];
            if (r->in_from && r->in_to && !mul_div_round(r->from, tt, tf, &r->prorata))
                st = ig_fail(err, INGROEI_ERR_NUMERIC, q->data, 0, 0, "%s: out of range", r->code);
            if (r->in_from && r->in_to)
                sum->total_prorata += r->prorata;
            if (r->in_from && r->in_to && r->to == r->prorata) {
                sum->n_equal++;
                continue;
            }
            sum->n_off++;
            /* Only gemeenten in both vintages have a difference with pro rata. */
            if (!(r->in_from && r->in_to))
                continue;
            const int64_t d = r->to - r->prorata;
            if (sum->largest_code[0] == '\0' || llabs(d) > llabs(sum->largest_diff)) {
                sum->largest_diff = d;
                snprintf(sum->largest_code, sizeof sum->largest_code, "%s", r->code);
                sum->largest_share = r->prorata > 0 ? (double)d / (double)r->prorata : 0.0;
            }
        }
    }
    if (st == INGROEI_OK) {
        static ig_build_fn *const build[] = {build_csv, build_json};
        static const char *const names[] = {"prorata.csv", "prorata.json"};
        const pr_out o = {q, &s, sha, sum};
        st = ig_write_staged(dir, 2, names, build, &o, report, err);
    }
    for (size_t i = 0; i < s.rows.n; i++)
        free(s.rows.v[i].name);
    free(s.rows.v);
    if (st == INGROEI_OK)
        ig_ok(err);
    return st;
}
