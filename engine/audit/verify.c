/*
 * verify.c - checks a published table against one circulaire, line by line (public API
 * of ingroei.h, `ingroei verify`): a gemeente's begroting table of the uitkeringsbasis
 * per maatstaf, or a third party's Analysedata file of the algemene uitkering per
 * gemeente and cluster. The circulaire's figures are those of ingroei_au_new, the same
 * lines `ingroei au` writes; this file only reads the publication, compares and
 * explains the differences.
 */
#include "audit/audit.h"
#include "base/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum vf_verdict { VF_EQUAL, VF_WITHIN, VF_OFF, VF_UNCHECKED } vf_verdict;

static const char *const verdict_name[] = {"gelijk", "binnen_tolerantie", "afwijkend",
                                           "niet_getoetst"};

/* One row of verify.csv. In a begroting table `item` is a maatstaf; in an Analysedata
 * file a cluster (item < n_c) or the Totaal (item == n_c). */
typedef struct vf_line {
    int line; /* in the published file; 0 for a gemeente the file lacks */
    long g;   /* gemeente index in the model; -1 for the national row */
    size_t item;
    int year;                     /* begroting only */
    const char *published;        /* the published figure as written (borrowed from the table) */
    int64_t engine;               /* the circulaire's figure */
    int64_t pub;                  /* the published figure in whole euros */
    int64_t diff;                 /* pub - engine */
    int64_t vast, rounding, rest; /* Analysedata: the parts of diff (see build_csv) */
    bool implied_ok;              /* begroting: the implied volume could be computed */
    ig_dec implied, implied_diff; /* published / weight, and that minus the circulaire's */
    vf_verdict verdict;
} vf_line;

typedef struct vf_state {
    const ingroei_verify_query *q;
    ingroei_au *au;
    ig_au_view v;
    ingroei_verify_format format;
    ig_csv t;
    int64_t *basis; /* begroting: [m * n_g + g] round(units x weight), before the uf */
    size_t mv;      /* Analysedata: index of the maatstaf the file leaves out */
    size_t *col;    /* Analysedata: [n_c + 1] the file's column of each cluster and Totaal */
    IG_VEC(vf_line) lines;
    ingroei_verify_summary *s;
} vf_state;

static vf_line *add_line(vf_state *st)
{
    return ig_vec_push(&st->lines);
}

/* ---- names: trimmed and case-folded --------------------------------------------- */

/* s without leading and trailing spaces and tabs, case-folded: ASCII and the Latin-1
 * capitals (U+00C0..U+00DE but U+00D7, as in "Éénpersoonshuishoudens") to lower case.
 * New string, NULL without memory. */
static char *fold(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
            c = (unsigned char)(c + 32);
        out[i] = (char)c;
    }
    out[n] = '\0';
    return out;
}

/* Cluster names as the Analysedata files write them ("Sport, cultuur en recreatie")
 * against the model's ("Sport cultuur en recreatie"): folded, without ',' and '.',
 * runs of spaces as one. */
static bool same_cluster(const char *a, const char *b)
{
    char *fa = fold(a), *fb = fold(b);
    bool same = fa && fb;
    const char *p = fa, *r = fb;
    while (same) {
        while (*p == ',' || *p == '.' || (*p == ' ' && p[1] == ' ') ||
               (*p == ' ' && (p[1] == ',' || p[1] == '.')))
            p++;
        while (*r == ',' || *r == '.' || (*r == ' ' && r[1] == ' ') ||
               (*r == ' ' && (r[1] == ',' || r[1] == '.')))
            r++;
        if (*p != *r)
            same = false;
        else if (!*p)
            break;
        else {
            p++;
            r++;
        }
    }
    free(fa);
    free(fb);
    return same;
}

/* ---- begroting tables --------------------------------------------------------------- */

/* Fails naming the cell of row i, column c of the published table. */
static ingroei_status cell_fail(const vf_state *st, size_t i, int c, const char *what,
                                ingroei_error *err)
{
    const ig_csv *t = &st->t;
    return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][c], "%s", what);
}

/* The maatstaf `name` means: a code or an omschrijving of the model's weights file,
 * trimmed and case-folded, matching exactly one maatstaf. */
static ingroei_status find_maatstaf(const vf_state *st, size_t i, int c, size_t *out,
                                    ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    const char *name = st->t.rows[i][c];
    char *key = fold(name);
    if (!key)
        return ig_fail(err, INGROEI_ERR_NOMEM, st->t.file, 0, 0, "out of memory");
    size_t found = SIZE_MAX, other = SIZE_MAX;
    bool found_code = false, other_code = false;
    for (size_t m = 0; m < d->n_m; m++)
        for (int k = 0; k < 2; k++) {
            char *x = fold(k == 0 ? d->maatstaven[m] : d->descriptions[m]);
            if (!x) {
                free(key);
                return ig_fail(err, INGROEI_ERR_NOMEM, st->t.file, 0, 0, "out of memory");
            }
            if (strcmp(x, key) == 0 && found != m) {
                if (found == SIZE_MAX) {
                    found = m;
                    found_code = k == 0;
                } else if (other == SIZE_MAX) {
                    other = m;
                    other_code = k == 0;
                }
            }
            free(x);
        }
    free(key);
    char msg[900];
    if (found == SIZE_MAX) {
        snprintf(msg, sizeof msg, "unknown maatstaf '%s': neither a code nor an omschrijving in %s",
                 name, st->v.model->weights);
        return cell_fail(st, i, c, msg, err);
    }
    if (other != SIZE_MAX) {
        snprintf(msg, sizeof msg, "ambiguous maatstaf '%s': the %s of %s and the %s of %s", name,
                 found_code ? "code" : "omschrijving", d->maatstaven[found],
                 other_code ? "code" : "omschrijving", d->maatstaven[other]);
        return cell_fail(st, i, c, msg, err);
    }
    *out = found;
    return INGROEI_OK;
}

static long find_code(const ig_au_data *d, const char *code)
{
    char *key = fold(code);
    long at = -1;
    for (size_t g = 0; key && g < d->n_g && at < 0; g++) {
        char *x = fold(d->codes[g]);
        if (x && strcmp(x, key) == 0)
            at = (long)g;
        free(x);
    }
    free(key);
    return at;
}

/* round(a / b) half away from zero, b != 0. */
static __int128 div_round(__int128 a, __int128 b)
{
    const bool neg = (a < 0) != (b < 0);
    const __int128 ua = a < 0 ? -a : a, ub = b < 0 ? -b : b;
    const __int128 q = (ua + ub / 2) / ub;
    return neg ? -q : q;
}

/* A line's key for finding a gemeente, maatstaf and year listed twice. */
typedef struct line_key {
    long g;
    size_t item;
    int year, line;
} line_key;

static int by_key(const void *x, const void *y)
{
    const line_key *a = x, *b = y;
    if (a->g != b->g)
        return a->g < b->g ? -1 : 1;
    if (a->item != b->item)
        return a->item < b->item ? -1 : 1;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* Refuses a gemeente, maatstaf and year listed twice, naming the first repeat in the
 * file; sorted, so a table of 10^5 lines is checked in n log n. */
static ingroei_status begroting_duplicates(const vf_state *st, ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    line_key *k = malloc((st->lines.n ? st->lines.n : 1) * sizeof *k);
    if (!k)
        return ig_fail(err, INGROEI_ERR_NOMEM, st->t.file, 0, 0, "out of memory");
    for (size_t i = 0; i < st->lines.n; i++)
        k[i] = (line_key){st->lines.v[i].g, st->lines.v[i].item, st->lines.v[i].year,
                          st->lines.v[i].line};
    qsort(k, st->lines.n, sizeof *k, by_key);
    const line_key *first = NULL, *repeat = NULL;
    for (size_t i = 1; i < st->lines.n; i++)
        if (k[i].g == k[i - 1].g && k[i].item == k[i - 1].item && k[i].year == k[i - 1].year &&
            (!repeat || k[i].line < repeat->line)) {
            repeat = &k[i];
            first = &k[i - 1];
        }
    ingroei_status rc = INGROEI_OK;
    if (repeat)
        rc = ig_fail(err, INGROEI_ERR_DATA, st->t.file, repeat->line, 0,
                     "%s, maatstaf %s, %d is listed twice (also on line %d)", d->codes[repeat->g],
                     d->maatstaven[repeat->item], repeat->year, first->line);
    free(k);
    return rc;
}

/* The volume a published amount implies, amount / weight, with as many decimals as the
 * circulaire's volume (exactly, half away from zero), and its difference with that
 * volume. False when the weight is zero or the result does not fit. */
static bool implied_volume(int64_t amount, ig_dec weight, ig_dec units, ig_dec *out, ig_dec *diff)
{
    if (weight.mant == 0 || units.scale < 0 || units.scale > IG_DEC_MAX_SCALE)
        return false;
    __int128 num = amount, p = 1;
    for (int k = 0; k < units.scale + weight.scale; k++)
        p *= 10;
    if (__builtin_mul_overflow(num, p, &num))
        return false;
    const __int128 q = div_round(num, weight.mant);
    if (q > INT64_MAX || q < -INT64_MAX)
        return false;
    *out = (ig_dec){(int64_t)q, units.scale};
    *diff = (ig_dec){0, units.scale};
    return !__builtin_sub_overflow(out->mant, units.mant, &diff->mant);
}

static ingroei_status read_begroting(vf_state *st, ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    ig_csv *t = &st->t;
    static const char *const names[4] = {"gemeentecode", "maatstaf", "jaar", "bedrag"};
    int c[4];
    for (int k = 0; k < 4; k++)
        if ((c[k] = ig_csv_column(t, names[k], err)) < 0)
            return INGROEI_ERR_DATA;
    if (t->n_rows == 0)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0, "no lines to check");
    /* The circulaire's uitkeringsbasis: every line round(units x weight), the core's
     * per-line computation with a factor of one. */
    const size_t n = d->n_m * d->n_g;
    int64_t *totals = calloc(d->n_g + 1, sizeof *totals);
    st->basis = calloc(n + 1, sizeof *st->basis);
    if (!totals || !st->basis) {
        free(totals);
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    }
    const ig_au_in in = {
        .n_g = d->n_g, .n_m = d->n_m, .units = d->units, .weight = d->weight, .scaled = d->scaled};
    size_t bm, bg;
    ingroei_status rc = ig_au_lines(&in, (ig_dec){1, 0}, st->basis, totals, NULL, &bm, &bg);
    free(totals);
    if (rc != INGROEI_OK)
        return ig_fail(err, INGROEI_ERR_NUMERIC, st->v.model->file, 0, 0,
                       "the uitkeringsbasis of a gemeente does not fit in whole euros");
    char msg[900];
    for (size_t i = 0; i < t->n_rows; i++) {
        char **f = t->rows[i];
        const long g = find_code(d, f[c[0]]);
        if (g < 0) {
            snprintf(msg, sizeof msg, "gemeentecode '%s' is not a gemeente of %s", f[c[0]],
                     st->v.model->volumes);
            return cell_fail(st, i, c[0], msg, err);
        }
        size_t m = 0;
        rc = find_maatstaf(st, i, c[1], &m, err);
        if (rc != INGROEI_OK)
            return rc;
        int64_t year, amount;
        char *y = fold(f[c[2]]), *a = fold(f[c[3]]);
        const bool year_ok = y && ig_parse_int64(y, &year) && year >= 1900 && year <= 2200;
        const bool amount_ok = a && ig_parse_int64(a, &amount) && amount < INT64_C(1) << 53 &&
                               amount > -(INT64_C(1) << 53);
        free(y);
        free(a);
        if (!year_ok) {
            snprintf(msg, sizeof msg, "jaar: expected a year such as 2025, got '%s'", f[c[2]]);
            return cell_fail(st, i, c[2], msg, err);
        }
        if (!amount_ok) {
            snprintf(msg, sizeof msg, "bedrag: expected whole euros (no separators), got '%s'",
                     f[c[3]]);
            return cell_fail(st, i, c[3], msg, err);
        }
        vf_line *l = add_line(st);
        if (!l)
            return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
        l->line = t->row_line[i];
        l->g = g;
        l->item = m;
        l->year = (int)year;
        l->published = f[c[3]];
        l->pub = amount;
        if (year != st->v.model->uitkeringsjaar) {
            l->verdict = VF_UNCHECKED;
            continue;
        }
        const size_t at = m * d->n_g + (size_t)g;
        l->engine = st->basis[at];
        if (__builtin_sub_overflow(l->pub, l->engine, &l->diff))
            return ig_fail(err, INGROEI_ERR_NUMERIC, t->file, t->row_line[i], 0,
                           "the difference with the circulaire does not fit in whole euros");
        if (l->diff != 0)
            l->implied_ok =
                implied_volume(l->pub, d->weight[m], d->units[at], &l->implied, &l->implied_diff);
    }
    return begroting_duplicates(st, err);
}

/* ---- Analysedata files ---------------------------------------------------------------- */

/* Maps the file's columns onto the model's clusters and Totaal. */
static ingroei_status analysedata_columns(vf_state *st, ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    const ig_csv *t = &st->t;
    if (!(st->col = calloc(d->n_c + 1, sizeof *st->col)))
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    for (size_t k = 0; k <= d->n_c; k++)
        st->col[k] = SIZE_MAX;
    for (size_t h = 2; h < t->n_cols; h++) {
        size_t k = SIZE_MAX;
        if (strcmp(t->header[h], "Totaal") == 0)
            k = d->n_c;
        for (size_t c = 0; c < d->n_c && k == SIZE_MAX; c++)
            if (same_cluster(t->header[h], d->clusters[c]))
                k = c;
        if (k == SIZE_MAX || st->col[k] != SIZE_MAX)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0,
                           "column %zu '%s' is %s", h + 1, t->header[h],
                           k == SIZE_MAX ? "not a cluster of the model, nor Totaal"
                                         : "there twice");
        st->col[k] = h;
    }
    for (size_t k = 0; k <= d->n_c; k++)
        if (st->col[k] == SIZE_MAX)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0, "no column for %s",
                           k < d->n_c ? d->clusters[k] : "Totaal");
    return INGROEI_OK;
}

/* The amount of gemeente g in column k without the left-out maatstaf, unrounded, in
 * millionths of a euro: each line units x weight x factor to the millionth, half away
 * from zero, with the core's exact product. */
static bool unrounded_micro(const vf_state *st, size_t g, size_t k, int64_t *out)
{
    const ig_au_data *d = st->v.data;
    const ig_dec uf = st->v.uf;
    if (uf.mant > INT64_MAX / 1000000)
        return false;
    const ig_dec scaled = {uf.mant * 1000000, uf.scale}, unscaled = {1000000, 0};
    int64_t sum = 0;
    for (size_t m = 0; m < d->n_m; m++) {
        if (m == st->mv)
            continue;
        const ig_dec w = k < d->n_c ? d->cluster_weight[k * d->n_m + m] : d->weight[m];
        int64_t x;
        if (!ig_dec_mul_round(d->units[m * d->n_g + g], w, d->scaled[m] ? scaled : unscaled, &x) ||
            __builtin_add_overflow(sum, x, &sum))
            return false;
    }
    *out = sum;
    return true;
}

/* Millionths to whole euros, half away from zero. */
static int64_t micro_to_euro(int64_t x)
{
    return (int64_t)div_round(x, 1000000);
}

/* Fills the parts of one Analysedata line from the circulaire's figure `e`, its line
 * of the left-out maatstaf `vast`, the unrounded amount without that maatstaf `micro`
 * (millionths) and the published figure l->pub: diff = -vast - rounding + rest. False
 * when a part does not fit in int64. */
static bool explain(vf_line *l, int64_t e, int64_t vast, int64_t micro)
{
    const int64_t x = micro_to_euro(micro);
    int64_t t;
    l->engine = e;
    l->vast = vast;
    return !__builtin_sub_overflow(e, vast, &t) && !__builtin_sub_overflow(t, x, &l->rounding) &&
           !__builtin_sub_overflow(l->pub, e, &l->diff) &&
           !__builtin_sub_overflow(l->pub, x, &l->rest) && l->vast != INT64_MIN &&
           l->rounding != INT64_MIN;
}

static ingroei_status read_analysedata(vf_state *st, ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    const ig_csv *t = &st->t;
    const char *vast = st->q->vast_maatstaf ? st->q->vast_maatstaf : "vast";
    st->mv = SIZE_MAX;
    for (size_t m = 0; m < d->n_m; m++)
        if (strcmp(d->maatstaven[m], vast) == 0)
            st->mv = m;
    if (st->mv == SIZE_MAX)
        return ig_fail(err, INGROEI_ERR_DATA, st->v.model->file, 0, 0,
                       "the model has no maatstaf '%s', the vast bedrag that Analysedata files "
                       "leave out",
                       vast);
    ingroei_status rc = analysedata_columns(st, err);
    if (rc != INGROEI_OK)
        return rc;
    const size_t n_k = d->n_c + 1;
    int *seen = calloc(d->n_g + 1, sizeof *seen);
    int64_t *nat = calloc(2 * n_k, sizeof *nat); /* national vast and unrounded sums */
    if (!seen || !nat) {
        free(seen);
        free(nat);
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    }
    size_t national = SIZE_MAX; /* row of "Nederland" */
    char msg[900];
    for (size_t i = 0; i < t->n_rows && rc == INGROEI_OK; i++) {
        char **f = t->rows[i];
        long g = -1;
        for (size_t j = 0; j < d->n_g && g < 0; j++)
            if (strcmp(d->names[j], f[1]) == 0)
                g = (long)j;
        const bool is_nat = g < 0 && strcmp(f[1], "Nederland") == 0 && national == SIZE_MAX;
        if (g < 0 && !is_nat) {
            snprintf(msg, sizeof msg, "'%s' is not a gemeente of %s", f[1], st->v.model->volumes);
            rc = cell_fail(st, i, 1, msg, err);
            break;
        }
        if (g >= 0 && seen[g]) {
            rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][1],
                         "%s is listed twice (also on line %d)", f[1], seen[g]);
            break;
        }
        if (is_nat) {
            national = i;
            continue;
        }
        seen[g] = t->row_line[i];
        for (size_t k = 0; k < n_k && rc == INGROEI_OK; k++) {
            const size_t h = st->col[k];
            double x;
            if (!ig_parse_double(f[h], &x) || !(fabs(x) < 0x1p52)) {
                snprintf(msg, sizeof msg, "%s: expected a number, got '%s'", t->header[h], f[h]);
                rc = cell_fail(st, i, (int)h, msg, err);
                break;
            }
            vf_line *l = add_line(st);
            int64_t micro = 0;
            if (!l)
                rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
            else if (!unrounded_micro(st, (size_t)g, k, &micro))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, st->v.model->file, 0, 0,
                             "the amounts of %s do not fit in millionths of a euro", d->codes[g]);
            if (rc != INGROEI_OK)
                break;
            const size_t ng = d->n_g, nm = d->n_m;
            const int64_t e = k < d->n_c ? st->v.clusters[k * ng + (size_t)g] : st->v.totals[g];
            const int64_t v = k < d->n_c ? st->v.cluster_lines[(k * nm + st->mv) * ng + (size_t)g]
                                         : st->v.lines[st->mv * ng + (size_t)g];
            l->line = t->row_line[i];
            l->g = g;
            l->item = k;
            l->published = f[h];
            l->pub = ig_round(x);
            if (!explain(l, e, v, micro))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, t->file, t->row_line[i], 0,
                             "the difference for %s does not fit in whole euros", f[1]);
        }
    }
    /* The gemeenten the file lacks, and the national row. */
    for (size_t g = 0; g < d->n_g && rc == INGROEI_OK; g++) {
        if (seen[g])
            continue;
        vf_line *l = add_line(st);
        if (!l) {
            rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
            break;
        }
        l->g = (long)g;
        l->item = d->n_c;
        l->verdict = VF_UNCHECKED;
        l->engine = st->v.totals[g];
    }
    /* The national row against the circulaire's national figures: its vast bedrag and
     * unrounded amount over every gemeente of the model, so that a gemeente the file
     * lacks shows in the rest. */
    for (size_t g = 0; g < d->n_g && rc == INGROEI_OK && national != SIZE_MAX; g++)
        for (size_t k = 0; k < n_k && rc == INGROEI_OK; k++) {
            const size_t ng = d->n_g, nm = d->n_m;
            const int64_t v = k < d->n_c ? st->v.cluster_lines[(k * nm + st->mv) * ng + g]
                                         : st->v.lines[st->mv * ng + g];
            int64_t micro;
            if (!unrounded_micro(st, g, k, &micro) || __builtin_add_overflow(nat[k], v, &nat[k]) ||
                __builtin_add_overflow(nat[n_k + k], micro, &nat[n_k + k]))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, st->v.model->file, 0, 0,
                             "the national amounts do not fit in millionths of a euro");
        }
    for (size_t k = 0; k < n_k && rc == INGROEI_OK && national != SIZE_MAX; k++) {
        const size_t h = st->col[k];
        double x;
        vf_line *l = NULL;
        if (!ig_parse_double(t->rows[national][h], &x) || !(fabs(x) < 0x1p60)) {
            snprintf(msg, sizeof msg, "%s: expected a number, got '%s'", t->header[h],
                     t->rows[national][h]);
            rc = cell_fail(st, national, (int)h, msg, err);
        } else if (!(l = add_line(st))) {
            rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
        } else {
            l->line = t->row_line[national];
            l->g = -1;
            l->item = k;
            l->published = t->rows[national][h];
            l->pub = ig_round(x);
            if (!explain(l, k < d->n_c ? st->v.cluster_national[k] : st->v.total, nat[k],
                         nat[n_k + k]))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, t->file, l->line, 0,
                             "the national difference does not fit in whole euros");
        }
    }
    free(seen);
    free(nat);
    return rc;
}

/* ---- format, verdicts, outputs -------------------------------------------------------- */

/* Analysedata files start (after '#' comments) with the header ";Gemeenten;". */
static ingroei_status detect_format(const char *file, ingroei_verify_format *out,
                                    ingroei_error *err)
{
    char *data = NULL;
    size_t len = 0;
    ingroei_status rc = ig_read_file_max(file, IG_MAX_CSV_BYTES, "a CSV file", &data, &len, err);
    if (rc != INGROEI_OK)
        return rc;
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == '#' || *p == '\n' || *p == '\r')) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    static const char head[] = ";Gemeenten;";
    *out = (size_t)(end - p) >= sizeof head - 1 && memcmp(p, head, sizeof head - 1) == 0
               ? INGROEI_VERIFY_ANALYSEDATA
               : INGROEI_VERIFY_BEGROTING;
    free(data);
    return INGROEI_OK;
}

static const char *line_code(const vf_state *st, const vf_line *l)
{
    return l->g >= 0 ? st->v.data->codes[l->g] : "";
}

static const char *line_item(const vf_state *st, const vf_line *l)
{
    const ig_au_data *d = st->v.data;
    if (st->format == INGROEI_VERIFY_BEGROTING)
        return d->maatstaven[l->item];
    return l->item < d->n_c ? d->clusters[l->item] : "Totaal";
}

/* Judges every checked line and fills the summary. */
static ingroei_status judge(vf_state *st, ingroei_error *err)
{
    ingroei_verify_summary *s = st->s;
    const ig_au_data *d = st->v.data;
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    /* per gemeente: 1 = a checked line, 3 = also one that is not gelijk */
    unsigned char *state = calloc(d->n_g + 1, 1);
    if (!state)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < st->lines.n; i++) {
        vf_line *l = &st->lines.v[i];
        if (l->verdict != VF_UNCHECKED) {
            const int64_t judged = begroting ? l->diff : l->rest;
            const int64_t size = judged < 0 ? -judged : judged;
            l->verdict = size == 0 ? VF_EQUAL : size <= st->q->tolerance ? VF_WITHIN : VF_OFF;
            /* the national row is a sum of the others: not "where" the largest is */
            if (l->g >= 0 && size > llabs(s->largest_diff)) {
                s->largest_diff = judged;
                snprintf(s->largest_code, sizeof s->largest_code, "%s", line_code(st, l));
                snprintf(s->largest_item, sizeof s->largest_item, "%s", line_item(st, l));
                s->largest_year = begroting ? l->year : st->v.model->uitkeringsjaar;
            }
            if (l->g >= 0)
                state[l->g] |= (unsigned char)(l->verdict == VF_EQUAL ? 1 : 3);
        }
        s->n_lines++;
        switch (l->verdict) {
        case VF_EQUAL: s->n_equal++; break;
        case VF_WITHIN: s->n_within++; break;
        case VF_OFF: s->n_off++; break;
        case VF_UNCHECKED: s->n_unchecked++; break;
        }
        if (!begroting && l->g >= 0 && l->item == d->n_c)
            s->vast_total += l->verdict == VF_UNCHECKED ? 0 : l->vast;
    }
    for (size_t g = 0; g < d->n_g; g++) {
        s->n_gemeenten += state[g] != 0;
        s->n_gemeenten_equal += state[g] == 1;
    }
    free(state);
    return INGROEI_OK;
}

/* Why a line was not checked. */
static void unchecked_reason(ig_buf *b, const vf_state *st, const vf_line *l)
{
    if (st->format == INGROEI_VERIFY_BEGROTING)
        ig_buf_printf(b, "uitkeringsjaar %d is not in the model (%s, uitkeringsjaar %d)", l->year,
                      st->v.model->circulaire, st->v.model->uitkeringsjaar);
    else
        ig_buf_puts(b, "the gemeente is not in the published file");
}

static void build_csv(ig_buf *b, const void *ctx)
{
    const vf_state *st = ctx;
    const ig_au_data *d = st->v.data;
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    ig_csv_row w = {b, ',', '.', 0, false};
    static const char *const head_b[] = {"regel",
                                         "gemeentecode",
                                         "gemeentenaam",
                                         "maatstaf",
                                         "omschrijving",
                                         "jaar",
                                         "eenheden",
                                         "gewicht",
                                         "circulaire",
                                         "gepubliceerd",
                                         "verschil",
                                         "eenheden_gepubliceerd",
                                         "verschil_eenheden",
                                         "oordeel",
                                         "toelichting"};
    static const char *const head_a[] = {"regel",
                                         "gemeentecode",
                                         "gemeentenaam",
                                         "onderdeel",
                                         "circulaire",
                                         "gepubliceerd",
                                         "gepubliceerd_euro",
                                         "verschil",
                                         "waarvan_vast_bedrag",
                                         "waarvan_afronding",
                                         "rest",
                                         "oordeel",
                                         "toelichting"};
    const size_t nh = begroting ? sizeof head_b / sizeof *head_b : sizeof head_a / sizeof *head_a;
    for (size_t i = 0; i < nh; i++)
        ig_csv_text(&w, begroting ? head_b[i] : head_a[i]);
    ig_csv_end(&w);
    ig_buf why = {0};
    for (size_t i = 0; i < st->lines.n; i++) {
        const vf_line *l = &st->lines.v[i];
        const bool checked = l->verdict != VF_UNCHECKED;
        if (l->line)
            ig_csv_int(&w, l->line);
        else
            ig_csv_empty(&w);
        ig_csv_text(&w, line_code(st, l));
        ig_csv_text(&w, l->g >= 0 ? d->names[l->g] : "Nederland");
        ig_csv_text(&w, line_item(st, l));
        if (begroting) {
            const size_t at = l->item * d->n_g + (size_t)l->g;
            ig_csv_text(&w, d->descriptions[l->item]);
            ig_csv_int(&w, l->year);
            if (checked) {
                ig_csv_dec(&w, d->units[at]);
                ig_csv_dec(&w, d->weight[l->item]);
                ig_csv_int(&w, l->engine);
            } else {
                ig_csv_empty(&w);
                ig_csv_empty(&w);
                ig_csv_empty(&w);
            }
            ig_csv_int(&w, l->pub);
            if (checked)
                ig_csv_int(&w, l->diff);
            else
                ig_csv_empty(&w);
            if (l->implied_ok) {
                ig_csv_dec(&w, l->implied);
                ig_csv_dec(&w, l->implied_diff);
            } else {
                ig_csv_empty(&w);
                ig_csv_empty(&w);
            }
        } else {
            ig_csv_int(&w, l->engine);
            if (checked) {
                ig_csv_number_text(&w, l->published);
                ig_csv_int(&w, l->pub);
                ig_csv_int(&w, l->diff);
                ig_csv_int(&w, -l->vast);
                ig_csv_int(&w, -l->rounding);
                ig_csv_int(&w, l->rest);
            } else {
                for (int k = 0; k < 6; k++)
                    ig_csv_empty(&w);
            }
        }
        ig_csv_text(&w, verdict_name[l->verdict]);
        why.len = 0;
        ig_buf_putn(&why, "", 0);
        if (!checked)
            unchecked_reason(&why, st, l);
        else if (begroting && l->diff != 0 && !l->implied_ok)
            ig_buf_puts(&why, "no volume is implied (weight 0, or out of range)");
        ig_csv_text(&w, why.data ? why.data : "");
        ig_csv_end(&w);
    }
    if (why.failed)
        b->failed = true;
    ig_buf_free(&why);
}

static void build_json(ig_buf *b, const void *ctx)
{
    const vf_state *st = ctx;
    const ig_au_model *m = st->v.model;
    const ingroei_verify_summary *s = st->s;
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n  \"model\": {\"file\": ");
    ig_json_string(b, m->file);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, m->sha256);
    ig_buf_puts(b, ", \"name\": ");
    ig_json_string(b, m->name);
    ig_buf_puts(b, ", \"circulaire\": ");
    ig_json_string(b, m->circulaire);
    ig_buf_printf(b, ", \"uitkeringsjaar\": %d, \"uitkeringsfactor\": ", m->uitkeringsjaar);
    ig_put_dec(b, st->v.uf);
    ig_buf_puts(b, ",\n            \"weights\": ");
    ig_json_string(b, m->weights);
    ig_buf_puts(b, ", \"weights_sha256\": ");
    ig_json_string(b, st->v.data->weights_sha256);
    ig_buf_puts(b, ",\n            \"volumes\": ");
    ig_json_string(b, m->volumes);
    ig_buf_puts(b, ", \"volumes_sha256\": ");
    ig_json_string(b, st->v.data->volumes_sha256);
    ig_buf_puts(b, "},\n  \"published\": {\"file\": ");
    ig_json_string(b, st->t.file);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, st->t.sha256);
    ig_buf_puts(b, ", \"format\": ");
    ig_json_string(b, begroting ? "begroting" : "analysedata");
    ig_buf_printf(b, "},\n  \"tolerance\": %lld,\n  \"rule\": ", (long long)st->q->tolerance);
    if (begroting)
        ig_json_string(b, "circulaire = round(units x weight) in whole euros, half away from "
                          "zero, before the uitkeringsfactor; verschil = gepubliceerd - "
                          "circulaire; eenheden_gepubliceerd = gepubliceerd / weight with the "
                          "decimals of the circulaire's volume; the verdict judges verschil");
    else {
        ig_buf rule = {0};
        ig_buf_printf(&rule,
                      "circulaire = the amount as 'ingroei au' computes it (sum of lines "
                      "rounded to whole euros); gepubliceerd_euro = the published figure "
                      "rounded to whole euros; verschil = gepubliceerd_euro - circulaire = "
                      "waarvan_vast_bedrag (minus the line of maatstaf %s, which the file "
                      "leaves out) + waarvan_afronding (minus the per-line rounding of the "
                      "other lines) + rest; the verdict judges rest",
                      st->v.data->maatstaven[st->mv]);
        ig_json_string(b, rule.data ? rule.data : "");
        b->failed = b->failed || rule.failed;
        ig_buf_free(&rule);
    }
    ig_buf_puts(b, ",\n  \"unchecked\": ");
    ig_json_string(b, begroting ? "lines for another year than the model's uitkeringsjaar are "
                                  "niet_getoetst: listed and counted, not compared"
                                : "gemeenten of the model that the file lacks are niet_getoetst");
    ig_buf_printf(b,
                  ",\n  \"lines\": %zu,\n  \"gelijk\": %zu,\n  \"binnen_tolerantie\": %zu,\n"
                  "  \"afwijkend\": %zu,\n  \"niet_getoetst\": %zu,\n  \"gemeenten\": %zu,\n"
                  "  \"gemeenten_gelijk\": %zu,\n",
                  s->n_lines, s->n_equal, s->n_within, s->n_off, s->n_unchecked, s->n_gemeenten,
                  s->n_gemeenten_equal);
    if (!begroting)
        ig_buf_printf(b, "  \"vast_bedrag\": %lld,\n", (long long)s->vast_total);
    ig_buf_puts(b, "  \"grootste_verschil\": ");
    if (s->largest_diff == 0)
        ig_buf_puts(b, "null\n}\n");
    else {
        ig_buf_puts(b, "{\"gemeente\": ");
        ig_json_string(b, s->largest_code);
        ig_buf_puts(b, begroting ? ", \"maatstaf\": " : ", \"onderdeel\": ");
        ig_json_string(b, s->largest_item);
        ig_buf_printf(b, ", \"jaar\": %d, \"euro\": %lld}\n}\n", s->largest_year,
                      (long long)s->largest_diff);
    }
}

ingroei_status ingroei_verify(const ingroei_verify_query *q, const char *dir,
                              ingroei_verify_summary *s, ingroei_output_report *report,
                              ingroei_error *err)
{
    memset(s, 0, sizeof *s);
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!q || !q->model || !q->published || !dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "give an au-model, a published table and a directory");
    if (q->tolerance < 0)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "the tolerance must not be negative");
    vf_state st = {.q = q, .s = s};
    ingroei_status rc = ingroei_au_new(&st.au, q->model, NULL, err);
    if (rc == INGROEI_OK) {
        ig_au_view_of(st.au, &st.v);
        rc = detect_format(q->published, &st.format, err);
    }
    if (rc == INGROEI_OK)
        rc = ig_csv_read_sep(&st.t, q->published,
                             st.format == INGROEI_VERIFY_ANALYSEDATA ? ';' : ',', err);
    if (rc == INGROEI_OK)
        rc = st.format == INGROEI_VERIFY_BEGROTING ? read_begroting(&st, err)
                                                   : read_analysedata(&st, err);
    if (rc == INGROEI_OK) {
        s->format = st.format;
        s->uitkeringsjaar = st.v.model->uitkeringsjaar;
        rc = judge(&st, err);
    }
    if (rc == INGROEI_OK) {
        static ig_build_fn *const build[] = {build_csv, build_json};
        static const char *const names[] = {"verify.csv", "verify.json"};
        rc = ig_write_staged(dir, 2, names, build, &st, report, err);
    }
    if (rc != INGROEI_OK) {
        ingroei_verify_summary keep = {0};
        *s = keep;
    }
    ig_csv_clear(&st.t);
    free(st.basis);
    free(st.col);
    free(st.lines.v);
    ingroei_au_free(st.au);
    if (rc == INGROEI_OK)
        ig_ok(err);
    return rc;
}
