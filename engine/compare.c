/*
 * compare.c - scenarios side by side (ingroei compare): every scenario's allocation per
 * gemeente per year next to the first one's, the difference in euros and per
 * inhabitant, and a ranking of losers and gainers per scenario in a reference year.
 * The runs are computed by the caller; a comparison only reads them.
 */
#include "ig.h"
#include "report/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ingroei_compare {
    size_t n;
    const ingroei_run **runs;      /* borrowed */
    char **label;                  /* [n] short names: the scenario files' stems */
    size_t n_g;                    /* the same gemeenten, in the same (code) order, in all */
    int first_year, last_year;     /* over all scenarios */
    int common_first, common_last; /* the years every scenario has */
    int ref_year;
    size_t **order; /* [n][n_g]: ranking in the reference year, largest loss first */
};

/* The year index of `year` in run r, or SIZE_MAX when r does not have it. */
static size_t year_index(const ingroei_run *r, int year)
{
    if (year < r->first_year || year >= r->first_year + (int)r->n_y)
        return SIZE_MAX;
    return (size_t)(year - r->first_year);
}

/* The stem of a file name: "scenarios/default.yaml" -> "default". New string. */
static char *file_stem(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, base, n);
        s[n] = '\0';
    }
    return s;
}

/* Labels are the files' stems, made unique with "_2", "_3", ... in order. */
static ingroei_status make_labels(ingroei_compare *c, ingroei_error *err)
{
    for (size_t i = 0; i < c->n; i++) {
        char *stem = file_stem(c->runs[i]->sc->file);
        if (!stem)
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        size_t same = 0;
        for (size_t j = 0; j < i; j++) {
            char *other = file_stem(c->runs[j]->sc->file);
            if (!other) {
                free(stem);
                return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
            }
            same += !strcmp(stem, other);
            free(other);
        }
        if (same) {
            size_t len = strlen(stem) + 24;
            char *s = malloc(len);
            if (s)
                snprintf(s, len, "%s_%zu", stem, same + 1);
            free(stem);
            stem = s;
            if (!stem)
                return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        c->label[i] = stem;
    }
    return INGROEI_OK;
}

/* All scenarios must divide the money over the same gemeenten: otherwise a gemeente's
 * difference between scenarios mixes a boundary change with the scenario change. */
static ingroei_status check_boundaries(const ingroei_compare *c, ingroei_error *err)
{
    const ingroei_run *a = c->runs[0];
    for (size_t i = 1; i < c->n; i++) {
        const ingroei_run *b = c->runs[i];
        const char *why = NULL;
        size_t g = 0;
        if (a->n_g != b->n_g) {
            why = "a different number of gemeenten";
        } else {
            for (g = 0; g < a->n_g && !strcmp(a->code[g], b->code[g]); g++)
                ;
            if (g < a->n_g)
                why = "other gemeenten";
        }
        if (why)
            return ig_fail(err, INGROEI_ERR_DATA, b->sc->file, b->sc->boundaries_line,
                           b->sc->boundaries_column,
                           "cannot compare: this scenario has %s (%zu, boundaries of %d%s%s) "
                           "than %s (%zu, boundaries of %d); give every scenario the same "
                           "`boundaries` and dataset",
                           why, b->n_g, b->sc->boundaries,
                           g < a->n_g && a->n_g == b->n_g ? "; first difference: " : "",
                           g < a->n_g && a->n_g == b->n_g ? b->code[g] : "", a->sc->file, a->n_g,
                           a->sc->boundaries);
    }
    return INGROEI_OK;
}

/* qsort context for the ranking: gain per inhabitant in the reference year. */
typedef struct ranked {
    double gain;
    size_t g;
} ranked;

static int by_loss(const void *x, const void *y)
{
    const ranked *p = x, *q = y;
    if (p->gain != q->gain)
        return p->gain < q->gain ? -1 : 1;
    return (p->g > q->g) - (p->g < q->g);
}

static ingroei_status rank_all(ingroei_compare *c, ingroei_error *err)
{
    ranked *rk = malloc((c->n_g ? c->n_g : 1) * sizeof *rk);
    if (!rk)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        size_t y = year_index(r, c->ref_year);
        c->order[i] = malloc((c->n_g ? c->n_g : 1) * sizeof *c->order[i]);
        if (!c->order[i]) {
            free(rk);
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        for (size_t g = 0; g < c->n_g; g++)
            rk[g] = (ranked){ig_run_gain_per_inhabitant(r, y, g), g};
        qsort(rk, c->n_g, sizeof *rk, by_loss);
        for (size_t g = 0; g < c->n_g; g++)
            c->order[i][g] = rk[g].g;
    }
    free(rk);
    return INGROEI_OK;
}

ingroei_status ingroei_compare_new(ingroei_compare **out, const ingroei_run *const *runs, size_t n,
                                   int reference_year, ingroei_error *err)
{
    ingroei_init();
    if (!out || !runs || n < 2)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a comparison needs at least two scenarios");
    for (size_t i = 0; i < n; i++)
        if (!runs[i])
            return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "scenario %zu has no run", i + 1);
    ingroei_compare *c = calloc(1, sizeof *c);
    if (!c)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    c->n = n;
    c->runs = calloc(n, sizeof *c->runs);
    c->label = calloc(n, sizeof *c->label);
    c->order = calloc(n, sizeof *c->order);
    ingroei_status st = INGROEI_OK;
    if (!c->runs || !c->label || !c->order) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto fail;
    }
    memcpy(c->runs, runs, n * sizeof *runs);
    c->n_g = runs[0]->n_g;
    c->first_year = c->common_first = runs[0]->first_year;
    c->last_year = c->common_last = runs[0]->first_year + (int)runs[0]->n_y - 1;
    for (size_t i = 1; i < n; i++) {
        int f = runs[i]->first_year, l = f + (int)runs[i]->n_y - 1;
        c->first_year = f < c->first_year ? f : c->first_year;
        c->last_year = l > c->last_year ? l : c->last_year;
        c->common_first = f > c->common_first ? f : c->common_first;
        c->common_last = l < c->common_last ? l : c->common_last;
    }
    if ((st = check_boundaries(c, err)) != INGROEI_OK || (st = make_labels(c, err)) != INGROEI_OK)
        goto fail;
    if (c->common_first > c->common_last) {
        st = ig_fail(err, INGROEI_ERR_DATA, runs[0]->sc->file, 0, 0,
                     "cannot compare: the scenarios have no year in common");
        goto fail;
    }
    c->ref_year = reference_year ? reference_year : c->common_last;
    if (c->ref_year < c->common_first || c->ref_year > c->common_last) {
        st = ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                     "reference year %d is not a year of every scenario (%d-%d are)", c->ref_year,
                     c->common_first, c->common_last);
        goto fail;
    }
    if ((st = rank_all(c, err)) != INGROEI_OK)
        goto fail;
    *out = c;
    return INGROEI_OK;
fail:
    ingroei_compare_free(c);
    return st;
}

void ingroei_compare_free(ingroei_compare *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        if (c->label)
            free(c->label[i]);
        if (c->order)
            free(c->order[i]);
    }
    free(c->label);
    free(c->order);
    free(c->runs);
    free(c);
}

size_t ingroei_compare_n_scenarios(const ingroei_compare *c)
{
    return c->n;
}

int ingroei_compare_reference_year(const ingroei_compare *c)
{
    return c->ref_year;
}

ingroei_status ingroei_compare_get_scenario(const ingroei_compare *c, size_t i,
                                            ingroei_compare_scenario *out, ingroei_error *err)
{
    if (!c || !out || i >= c->n)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no scenario %zu in the comparison",
                       i + 1);
    const ingroei_run *r = c->runs[i], *a = c->runs[0];
    size_t y = year_index(r, c->ref_year), ya = year_index(a, c->ref_year);
    memset(out, 0, sizeof *out);
    out->label = c->label[i];
    out->name = r->sc->name;
    out->file = r->sc->file;
    out->first_year = r->first_year;
    out->last_year = r->first_year + (int)r->n_y - 1;
    out->illustrative = r->obj.illustrative;
    out->total = r->out.sum_total[y];
    size_t loser = c->order[i][0], gainer = c->order[i][c->n_g ? c->n_g - 1 : 0];
    out->largest_loss_code = r->code[loser];
    out->largest_loss_name = r->name[loser];
    out->largest_loss_per_inhabitant = ig_run_gain_per_inhabitant(r, y, loser);
    out->largest_gain_code = r->code[gainer];
    out->largest_gain_name = r->name[gainer];
    out->largest_gain_per_inhabitant = ig_run_gain_per_inhabitant(r, y, gainer);
    double widest = 0.0;
    for (size_t g = 0; g < c->n_g; g++) {
        const size_t k = y * r->n_g + g;
        int64_t gain = r->out.total[k] - r->out.full_hist[k];
        out->n_losers += gain < 0;
        out->n_gainers += gain > 0;
        int64_t d = r->out.total[k] - a->out.total[ya * a->n_g + g];
        int64_t inh = r->inhabitants[k];
        double per = inh > 0 ? (double)d / (double)inh : 0.0;
        double size = per < 0 ? -per : per;
        if (i > 0 && size > widest) {
            widest = size;
            out->largest_diff_code = r->code[g];
            out->largest_diff_name = r->name[g];
            out->largest_diff = d;
            out->largest_diff_per_inhabitant = per;
        }
    }
    return INGROEI_OK;
}

/* ---- the files ------------------------------------------------------------------- */

/* Euros per inhabitant with two decimals; an empty cell without inhabitants. */
static void cell_per_inhabitant(ig_csv_row *w, int64_t amount, int64_t inhabitants)
{
    if (inhabitants > 0)
        ig_csv_fixed(w, (double)amount / (double)inhabitants, 2);
    else
        ig_csv_empty(w);
}

static const char *const tidy_header =
    "scenario,jaar,gemeentecode,gemeentenaam,provincie,inwoners,aandeel_objectief,totaal,"
    "totaal_per_inwoner,volledig_historisch,verschil_met_historisch,"
    "verschil_met_historisch_per_inwoner,totaal_eerste_scenario,verschil_met_eerste,"
    "verschil_met_eerste_per_inwoner,cap_geraakt,objectieve_sleutel_illustratief\n";

static void build_tidy(ig_buf *b, const void *ctx)
{
    const ingroei_compare *c = ctx;
    const ingroei_run *a = c->runs[0];
    ig_csv_row w = {b, ',', '.', 0};
    ig_buf_puts(b, tidy_header);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        for (size_t y = 0; y < r->n_y; y++) {
            size_t ya = year_index(a, r->first_year + (int)y);
            for (size_t g = 0; g < c->n_g; g++) {
                const size_t k = y * r->n_g + g;
                const int64_t inh = r->inhabitants[k], total = r->out.total[k];
                ig_csv_text(&w, c->label[i]);
                ig_csv_int(&w, r->first_year + (int)y);
                ig_csv_text(&w, r->code[g]);
                ig_csv_text(&w, r->name[g]);
                ig_csv_text(&w, r->province[g]);
                ig_csv_int(&w, inh);
                ig_csv_fixed(&w, r->p[y], 6);
                ig_csv_int(&w, total);
                cell_per_inhabitant(&w, total, inh);
                ig_csv_int(&w, r->out.full_hist[k]);
                ig_csv_int(&w, total - r->out.full_hist[k]);
                cell_per_inhabitant(&w, total - r->out.full_hist[k], inh);
                if (ya == SIZE_MAX) {
                    ig_csv_empty(&w);
                    ig_csv_empty(&w);
                    ig_csv_empty(&w);
                } else {
                    int64_t first = a->out.total[ya * a->n_g + g];
                    ig_csv_int(&w, first);
                    ig_csv_int(&w, total - first);
                    cell_per_inhabitant(&w, total - first, inh);
                }
                ig_csv_text(&w, r->cap.flag[k] < 0 ? "verlies" : r->cap.flag[k] > 0 ? "winst" : "");
                ig_csv_text(&w, r->obj.illustrative ? "ja" : "nee");
                ig_csv_end(&w);
            }
        }
    }
}

/* The wide view: a row per year per gemeente, the scenarios' columns next to each other.
 * A scenario without that year has empty cells. */
static void build_wide(ig_buf *b, const void *ctx)
{
    const ingroei_compare *c = ctx;
    const ingroei_run *a = c->runs[0];
    ig_csv_row w = {b, ',', '.', 0};
    ig_buf_puts(b, "jaar,gemeentecode,gemeentenaam,provincie,inwoners");
    for (size_t i = 0; i < c->n; i++) {
        ig_buf_puts(b, ",");
        ig_buf b2 = {0};
        ig_buf_printf(&b2, "totaal_%s", c->label[i]);
        ig_csv_field(b, b2.data ? b2.data : "");
        ig_buf_free(&b2);
        if (i == 0)
            continue;
        static const char *const parts[] = {"verschil_%s", "verschil_per_inwoner_%s"};
        for (size_t p = 0; p < 2; p++) {
            ig_buf_puts(b, ",");
            ig_buf_printf(&b2, parts[p], c->label[i]);
            ig_csv_field(b, b2.data ? b2.data : "");
            ig_buf_free(&b2);
        }
    }
    ig_buf_puts(b, ",objectieve_sleutel_illustratief\n");
    bool illustrative = false;
    for (size_t i = 0; i < c->n; i++)
        illustrative = illustrative || c->runs[i]->obj.illustrative;
    for (int year = c->first_year; year <= c->last_year; year++) {
        size_t ya = year_index(a, year);
        for (size_t g = 0; g < c->n_g; g++) {
            /* Inhabitants of the first scenario that has the year. */
            int64_t inh = -1;
            for (size_t i = 0; i < c->n && inh < 0; i++) {
                size_t y = year_index(c->runs[i], year);
                if (y != SIZE_MAX)
                    inh = c->runs[i]->inhabitants[y * c->n_g + g];
            }
            ig_csv_int(&w, year);
            ig_csv_text(&w, a->code[g]);
            ig_csv_text(&w, a->name[g]);
            ig_csv_text(&w, a->province[g]);
            ig_csv_int(&w, inh);
            for (size_t i = 0; i < c->n; i++) {
                const ingroei_run *r = c->runs[i];
                size_t y = year_index(r, year);
                int64_t total = y == SIZE_MAX ? 0 : r->out.total[y * r->n_g + g];
                if (y == SIZE_MAX)
                    ig_csv_empty(&w);
                else
                    ig_csv_int(&w, total);
                if (i == 0)
                    continue;
                if (y == SIZE_MAX || ya == SIZE_MAX) {
                    ig_csv_empty(&w);
                    ig_csv_empty(&w);
                } else {
                    int64_t d = total - a->out.total[ya * a->n_g + g];
                    ig_csv_int(&w, d);
                    cell_per_inhabitant(&w, d, r->inhabitants[y * r->n_g + g]);
                }
            }
            ig_csv_text(&w, illustrative ? "ja" : "nee");
            ig_csv_end(&w);
        }
    }
}

static const char *const ranking_header =
    "scenario,jaar,rang,gemeentecode,gemeentenaam,provincie,inwoners,totaal,"
    "volledig_historisch,verschil_met_historisch,verschil_met_historisch_per_inwoner,"
    "positie,cumulatief_verschil_met_historisch,verschil_met_eerste,"
    "verschil_met_eerste_per_inwoner,objectieve_sleutel_illustratief\n";

/* Per scenario its gemeenten in the reference year from the largest loss per inhabitant
 * (rank 1) to the largest gain, against the fully historical allocation; the cumulative
 * difference is over the years every scenario has. */
static void build_ranking(ig_buf *b, const void *ctx)
{
    const ingroei_compare *c = ctx;
    const ingroei_run *a = c->runs[0];
    ig_csv_row w = {b, ',', '.', 0};
    ig_buf_puts(b, ranking_header);
    const size_t ya = year_index(a, c->ref_year);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        const size_t y = year_index(r, c->ref_year);
        for (size_t pos = 0; pos < c->n_g; pos++) {
            size_t g = c->order[i][pos];
            const size_t k = y * r->n_g + g;
            const int64_t inh = r->inhabitants[k], total = r->out.total[k],
                          gain = total - r->out.full_hist[k];
            int64_t cumulative = 0;
            for (int year = c->common_first; year <= c->common_last; year++) {
                size_t yy = year_index(r, year);
                cumulative += r->out.total[yy * r->n_g + g] - r->out.full_hist[yy * r->n_g + g];
            }
            ig_csv_text(&w, c->label[i]);
            ig_csv_int(&w, c->ref_year);
            ig_csv_int(&w, (int64_t)pos + 1);
            ig_csv_text(&w, r->code[g]);
            ig_csv_text(&w, r->name[g]);
            ig_csv_text(&w, r->province[g]);
            ig_csv_int(&w, inh);
            ig_csv_int(&w, total);
            ig_csv_int(&w, r->out.full_hist[k]);
            ig_csv_int(&w, gain);
            cell_per_inhabitant(&w, gain, inh);
            ig_csv_text(&w, gain < 0 ? "verliezer" : gain > 0 ? "winnaar" : "gelijk");
            ig_csv_int(&w, cumulative);
            int64_t d = total - a->out.total[ya * a->n_g + g];
            ig_csv_int(&w, d);
            cell_per_inhabitant(&w, d, inh);
            ig_csv_text(&w, r->obj.illustrative ? "ja" : "nee");
            ig_csv_end(&w);
        }
    }
}

static void json_field(ig_buf *b, const char *key, const char *value, bool last)
{
    ig_buf_printf(b, "      \"%s\": ", key);
    ig_json_string(b, value);
    ig_buf_puts(b, last ? "\n" : ",\n");
}

/* The receipt: the scenarios with their files' SHA-256, the years, the reference year,
 * and per scenario its summary in the reference year. */
static void build_receipt(ig_buf *b, const void *ctx)
{
    const ingroei_compare *c = ctx;
    ig_buf_puts(b, "{\n  \"engine\": {\"name\": \"ingroei\", \"version\": ");
    ig_json_string(b, INGROEI_VERSION);
    ig_buf_printf(b,
                  "},\n  \"years\": {\"first\": %d, \"last\": %d, \"common_first\": %d, "
                  "\"common_last\": %d},\n  \"reference_year\": %d,\n",
                  c->first_year, c->last_year, c->common_first, c->common_last, c->ref_year);
    ig_buf_printf(b, "  \"gemeenten\": %zu,\n  \"scenarios\": [\n", c->n_g);
    for (size_t i = 0; i < c->n; i++) {
        const ingroei_run *r = c->runs[i];
        ingroei_compare_scenario s;
        ingroei_compare_get_scenario(c, i, &s, NULL);
        ig_buf_puts(b, "    {\n");
        json_field(b, "label", s.label, false);
        json_field(b, "name", s.name, false);
        char *path = ig_run_receipt_path(c->runs[0], r->sc->file);
        json_field(b, "file", path ? path : r->sc->file, false);
        free(path);
        json_field(b, "sha256", r->sc->sha256, false);
        ig_buf_printf(b, "      \"first_year\": %d,\n      \"last_year\": %d,\n", s.first_year,
                      s.last_year);
        ig_buf_printf(b, "      \"illustrative\": %s,\n", s.illustrative ? "true" : "false");
        if (s.illustrative)
            json_field(b, "notice", r->obj.notice, false);
        ig_buf_printf(b, "      \"total_reference_year\": %lld,\n", (long long)s.total);
        ig_buf_printf(b, "      \"losers\": %zu,\n      \"gainers\": %zu,\n", s.n_losers,
                      s.n_gainers);
        json_field(b, "largest_loss_per_inhabitant_gemeente", s.largest_loss_code, false);
        ig_buf_puts(b, "      \"largest_loss_per_inhabitant\": ");
        ig_put_fixed(b, s.largest_loss_per_inhabitant, 2, '.');
        ig_buf_puts(b, ",\n");
        json_field(b, "largest_gain_per_inhabitant_gemeente", s.largest_gain_code, false);
        ig_buf_puts(b, "      \"largest_gain_per_inhabitant\": ");
        ig_put_fixed(b, s.largest_gain_per_inhabitant, 2, '.');
        ig_buf_puts(b, "\n");
        ig_buf_puts(b, i + 1 < c->n ? "    },\n" : "    }\n");
    }
    ig_buf_puts(b, "  ]\n}\n");
}

ingroei_status ingroei_compare_write(const ingroei_compare *c, const ingroei_output_options *o,
                                     ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    if (!report)
        report = &local;
    memset(report, 0, sizeof *report);
    if (!c || !o || !o->dir || !o->dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    static const char *const names[] = {"compare.csv", "compare_breed.csv", "ranking.csv",
                                        "compare.json", "report.html"};
    static ig_build_fn *const build[] = {build_tidy, build_wide, build_ranking, build_receipt,
                                         ig_compare_html};
    size_t n = sizeof names / sizeof *names - (o->html ? 0 : 1); /* report.html is last */
    return ig_write_staged(o->dir, n, names, build, c, report, err);
}

const ingroei_run *ig_compare_run(const ingroei_compare *c, size_t i)
{
    return c->runs[i];
}
