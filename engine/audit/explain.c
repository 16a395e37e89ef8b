/*
 * explain.c - the chain behind one number (ingroei explain): every input with its
 * source and vintage and every intermediate value, in words or as JSON. Nothing here
 * computes a number of its own: the values are read from the run or the au object that
 * produced the outputs, and the two unrounded parts of an allocation come from the same
 * expressions ig_allocate rounds (ig_hist_part, ig_obj_part in core/core.h).
 */
#include "audit/audit.h"
#include "base/vec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- one writer for words and JSON ---------------------------------------------------- */

/* An explanation is a title and a list of steps; each step has a key, a label in
 * words, a value with its unit, and optionally how it follows from earlier steps and
 * where it comes from. */
typedef enum vkind { V_TEXT, V_INT, V_FIXED, V_DEC } vkind;

typedef struct value {
    vkind kind;
    const char *text;
    int64_t i;
    double x;
    int decimals;
    ig_dec d;
} value;

/* A step kept as a row of explain.csv (its strings owned). */
typedef struct ex_row {
    char *key, *label, *unit, *how, *source, *text;
    value v;
} ex_row;

typedef IG_VEC(ex_row) ex_rows;

typedef struct explainer {
    ig_buf *b;
    bool json;
    bool dutch;    /* the words in Dutch (ingroei_run_explain_lang), else English */
    size_t n;      /* steps so far */
    ex_rows *rows; /* when not NULL, every step is also kept here */
    bool failed;   /* a step could not be kept */
} explainer;

static void ex_rows_free(ex_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        ex_row *r = &rows->v[i];
        free(r->key);
        free(r->label);
        free(r->unit);
        free(r->how);
        free(r->source);
        free(r->text);
    }
    free(rows->v);
    memset(rows, 0, sizeof *rows);
}

/* A copy of s, or NULL for NULL; *failed when memory runs out. */
static char *keep(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *c = ig_strdup(s);
    *failed = *failed || !c;
    return c;
}

static void ex_keep(explainer *e, const char *key, const char *label, value v, const char *unit,
                    const char *how, const char *source)
{
    ex_row *r = ig_vec_push(e->rows);
    if (!r) {
        e->failed = true;
        return;
    }
    r->key = keep(key, &e->failed);
    r->label = keep(label, &e->failed);
    r->unit = keep(unit, &e->failed);
    r->how = keep(how, &e->failed);
    r->source = keep(source, &e->failed);
    r->v = v;
    if (v.kind == V_TEXT)
        r->v.text = r->text = keep(v.text, &e->failed);
}

static value v_text(const char *s)
{
    return (value){.kind = V_TEXT, .text = s ? s : ""};
}
static value v_int(int64_t i)
{
    return (value){.kind = V_INT, .i = i};
}
static value v_fixed(double x, int decimals)
{
    return (value){.kind = V_FIXED, .x = x, .decimals = decimals};
}
static value v_dec(ig_dec d)
{
    return (value){.kind = V_DEC, .d = d};
}

/* v with thousands separators: English ones (1,234,567) in the English explanation,
 * where a Dutch 1.234.567 would read as decimals, Dutch ones in the Dutch one. */
static void put_grouped(ig_buf *b, int64_t v, char sep)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%llu",
             (unsigned long long)(v < 0 ? 0 - (uint64_t)v : (uint64_t)v));
    size_t n = strlen(digits);
    if (v < 0)
        ig_buf_putc(b, '-');
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            ig_buf_putc(b, sep);
        ig_buf_putc(b, digits[i]);
    }
}

static void put_value(ig_buf *b, value v, bool json, bool dutch, const char *unit)
{
    switch (v.kind) {
    case V_TEXT:
        if (json)
            ig_json_string(b, v.text);
        else
            ig_buf_puts(b, v.text);
        break;
    case V_INT:
        if (json || !unit || strcmp(unit, "euro"))
            ig_put_int(b, v.i);
        else
            put_grouped(b, v.i, dutch ? '.' : ','); /* grouped for people: 1,234,567 */
        break;
    case V_FIXED: ig_put_fixed(b, v.x, v.decimals, dutch && !json ? ',' : '.'); break;
    case V_DEC: ig_put_dec(b, v.d); break;
    }
}

static void ex_begin(explainer *e, const char *kind, const char *title)
{
    if (e->json) {
        ig_buf_puts(e->b, "{\n  \"explains\": ");
        ig_json_string(e->b, kind);
        ig_buf_puts(e->b, ",\n  \"title\": ");
        ig_json_string(e->b, title);
        ig_buf_puts(e->b, ",\n  \"steps\": [\n");
    } else {
        ig_buf_printf(e->b, "%s\n", title);
    }
}

/* A heading between steps (words only; JSON keys carry the grouping). */
static void ex_heading(explainer *e, const char *heading)
{
    if (!e->json)
        ig_buf_printf(e->b, "\n%s\n", heading);
}

static void ex_step(explainer *e, const char *key, const char *label, value v, const char *unit,
                    const char *how, const char *source)
{
    ig_buf *b = e->b;
    if (e->rows)
        ex_keep(e, key, label, v, unit, how, source);
    if (e->json) {
        ig_buf_puts(b, e->n ? ",\n    {\"key\": " : "    {\"key\": ");
        ig_json_string(b, key);
        ig_buf_puts(b, ", \"label\": ");
        ig_json_string(b, label);
        ig_buf_puts(b, ", \"value\": ");
        put_value(b, v, true, e->dutch, unit);
        if (unit) {
            ig_buf_puts(b, ", \"unit\": ");
            ig_json_string(b, unit);
        }
        if (how) {
            ig_buf_puts(b, ", \"how\": ");
            ig_json_string(b, how);
        }
        if (source) {
            ig_buf_puts(b, ", \"source\": ");
            ig_json_string(b, source);
        }
        ig_buf_puts(b, "}");
    } else {
        ig_buf_printf(b, "  %s: ", label);
        put_value(b, v, false, e->dutch, unit);
        if (unit)
            ig_buf_printf(b, " %s", unit);
        ig_buf_putc(b, '\n');
        if (how)
            ig_buf_printf(b, "      = %s\n", how);
        if (source)
            ig_buf_printf(b, e->dutch ? "      bron: %s\n" : "      source: %s\n", source);
    }
    e->n++;
}

static void ex_end(explainer *e, const char *notice)
{
    if (e->json) {
        ig_buf_puts(e->b, "\n  ],\n  \"illustrative\": ");
        ig_buf_puts(e->b, notice ? "true" : "false");
        if (notice) {
            ig_buf_puts(e->b, ",\n  \"notice\": ");
            ig_json_string(e->b, notice);
        }
        ig_buf_puts(e->b, "\n}\n");
    } else if (notice) {
        ig_buf_printf(e->b, e->dutch ? "\nLET OP: %s\n" : "\nNOTE: %s\n", notice);
    }
}

/* Text made with printf, for labels and formulas; kept in a small ring so that a few can
 * be alive in one call. */
typedef struct scratch {
    ig_buf s[6];
    int next;
} scratch;

static const char *fmt(scratch *sc, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(scratch *sc, const char *f, ...)
{
    ig_buf *b = &sc->s[sc->next++ % 6];
    b->len = 0;
    va_list ap;
    va_start(ap, f);
    char tmp[2048];
    vsnprintf(tmp, sizeof tmp, f, ap);
    va_end(ap);
    ig_buf_puts(b, tmp);
    return b->data ? b->data : "";
}

/* A decimal as written, in the ring. */
static const char *dec_text(scratch *sc, ig_dec d)
{
    ig_buf *b = &sc->s[sc->next++ % 6];
    b->len = 0;
    ig_put_dec(b, d);
    return b->data ? b->data : "";
}

/* A number as the shortest decimal that reads back exactly, in any locale, in the ring;
 * with a decimal comma in Dutch. */
static const char *number_in(scratch *sc, double x, bool dutch)
{
    ig_buf *b = &sc->s[sc->next++ % 6];
    b->len = 0;
    ig_put_double(b, x);
    for (size_t i = 0; dutch && b->data && i < b->len; i++)
        if (b->data[i] == '.')
            b->data[i] = ',';
    return b->data ? b->data : "";
}

static const char *number(scratch *sc, double x)
{
    return number_in(sc, x, false);
}

/* The English or the Dutch words, by the flag `dutch` in scope. */
#define NL(en, du) (dutch ? (du) : (en))

/* The first line of a text (a source note may run over several), in the ring. */
static const char *first_line(scratch *sc, const char *text)
{
    if (!text)
        return NULL;
    ig_buf *b = &sc->s[sc->next++ % 6];
    b->len = 0;
    ig_buf_putn(b, text, strcspn(text, "\n"));
    return b->data ? b->data : "";
}

static void scratch_free(scratch *sc)
{
    for (int i = 0; i < 6; i++)
        ig_buf_free(&sc->s[i]);
}

static ingroei_status finish(ig_buf *b, const explainer *e, char **out, ingroei_error *err)
{
    if (e->failed)
        b->failed = true;
    if (b->failed || b->invalid) {
        ig_buf_free(b);
        return ig_fail(err, b->failed ? INGROEI_ERR_NOMEM : INGROEI_ERR_NUMERIC, NULL, 0, 0,
                       b->failed ? "out of memory" : "a value could not be written");
    }
    *out = b->data;
    return INGROEI_OK;
}

/* ---- a gemeente in a year of a scenario ------------------------------------------------ */

static const char *path_words(scratch *sc, const ingroei_run *r, int year, bool dutch)
{
    const ig_path *p = &r->sc->path;
    switch (p->kind) {
    case IG_PATH_LINEAR:
        return fmt(sc, NL("linear path: clamp((%d - %d + 1) / %d, 0, 1)",
                          "lineair pad: clamp((%d - %d + 1) / %d, 0, 1)"),
                   year, p->start, p->length);
    case IG_PATH_TABLE:
        return fmt(sc, NL("the scenario's table of shares, year %d",
                          "de tabel met aandelen van het scenario, jaar %d"),
                   year);
    case IG_PATH_COHORT:
        return fmt(sc,
                   NL("cohort path from %d: 1 - the share of the clients of before %d still in "
                      "care %d year(s) into the path",
                      "cohortpad vanaf %d: 1 - het aandeel van de cli\u00ebnten van v\u00f3\u00f3r %d dat "
                      "%d jaar na het begin van het pad nog in zorg is"),
                   p->start, p->start, year - p->start + 1);
    case IG_PATH_SCURVE:
        return fmt(sc, NL("s-curve from %d to %d (midpoint %s, steepness %s)",
                          "s-curve van %d tot %d (middelpunt %s, steilheid %s)"),
                   p->start, p->end, number_in(sc, p->midpoint, dutch),
                   number_in(sc, p->steepness, dutch));
    }
    return "";
}

/* Where year y's volumes come from: the scenario's file for that year
 * (objective_volumes_per_year), or the key's own. */
static const char *volumes_of_year(scratch *sc, const ingroei_run *r, size_t y, bool dutch)
{
    const ingroei_scenario *s = r->sc;
    for (size_t i = 0; i < s->n_volumes_per_year; i++)
        if (s->volumes_per_year[i].year == r->first_year + (int)y) {
            char *shown = ig_run_receipt_path(r, s->volumes_per_year[i].value);
            const char *out = fmt(sc, NL("the scenario's objective_volumes_per_year for %d: %s",
                                         "objective_volumes_per_year van het scenario voor %d: %s"),
                                  r->first_year + (int)y, shown ? shown : "?");
            free(shown);
            return out;
        }
    return r->obj.volumes_source;
}

static void explain_objective_key(explainer *e, scratch *sc, const ingroei_run *r, size_t y,
                                  size_t g)
{
    const size_t k = y * r->n_g + g;
    const bool dutch = e->dutch;
    ex_heading(e, fmt(sc, NL("Objective key: %s%s", "Objectieve sleutel: %s%s"), r->obj.name,
                      r->obj.illustrative ? NL(" (ILLUSTRATIVE)", " (ILLUSTRATIEF)") : ""));
    for (size_t m = 0; m < r->obj.n_maatstaven; m++) {
        const ig_maatstaf *ms = &r->obj.maatstaven[m];
        double units = ig_run_units(r, y)[m * r->n_g + g];
        ex_step(e, fmt(sc, "maatstaf.%s.units", ms->code),
                fmt(sc, NL("%s: units", "%s: eenheden"), ms->code), v_fixed(units, 4), NULL, NULL,
                volumes_of_year(sc, r, y, dutch));
        ex_step(e, fmt(sc, "maatstaf.%s.weight", ms->code),
                fmt(sc, NL("%s: weight (%s)", "%s: gewicht (%s)"), ms->code,
                    ms->scaled ? NL("scaled: times the uitkeringsfactor",
                                    "geschaald: maal de uitkeringsfactor")
                               : NL("unscaled", "niet geschaald")),
                v_fixed(ms->weight, 4), NL("euro per unit", "euro per eenheid"), NULL, ms->source);
    }
    ex_step(e, "key.B",
            NL("B_g: sum of units x weight over the scaled maatstaven",
               "B_g: som van eenheden x gewicht over de geschaalde maatstaven"),
            v_fixed(ig_run_key_b(r, y)[g], 2), "euro", NULL, NULL);
    ex_step(e, "key.A",
            NL("A_g: the same over the unscaled maatstaven",
               "A_g: hetzelfde over de niet geschaalde maatstaven"),
            v_fixed(ig_run_key_a(r, y)[g], 2),
            "euro", NULL, NULL);
    ex_step(e, "key.uf",
            NL("uitkeringsfactor of the objective part", "uitkeringsfactor van het objectieve deel"),
            v_fixed(r->uf_part[y], 9), NULL,
            r->p[y] > 0 ? NL("the factor with which the key distributes exactly p_t x B'_t: "
                             "(p_t x B'_t - sum A) / sum B",
                             "de factor waarmee de sleutel precies p_t x B'_t verdeelt: "
                             "(p_t x B'_t - som A) / som B")
                        : NL("0: no objective part this year", "0: dit jaar geen objectief deel"),
            NULL);
    ex_step(e, "o_g", NL("objective share o_g", "objectief aandeel o_g"), v_fixed(r->o_part[k], 9),
            NULL,
            r->p[y] > 0 ? "(uf x B_g + A_g) / (p_t x B'_t)"
                        : NL("the key's share of the budget", "het aandeel van de sleutel in het budget"),
            NULL);
}

static void explain_cap(explainer *e, scratch *sc, const ingroei_run *r, size_t y, size_t g)
{
    const size_t k = y * r->n_g + g;
    const int year = r->first_year + (int)y;
    const bool dutch = e->dutch;
    if (!r->sc->cap.enabled || !r->cap.active[y]) {
        ex_step(e, "cap", NL("cap", "plafond"), v_text(NL("none this year", "dit jaar geen")), NULL,
                NULL, NULL);
        return;
    }
    const ig_cap *c = &r->sc->cap;
    ex_step(e, "cap.reference",
            NL("the cap measures the change against", "het plafond meet de verandering tegen"),
            v_text(c->reference == IG_CAP_HISTORICAL
                       ? NL("the year's fully historical allocation",
                            "de volledig historische toekenning van het jaar")
                   : c->reference == IG_CAP_PREVIOUS_YEAR_NOMINAL
                       ? NL("last year's allocation, in euros",
                            "de toekenning van vorig jaar, in euro's")
                       : NL("last year's allocation, scaled to this year's total",
                            "de toekenning van vorig jaar, geschaald naar het totaal van dit jaar")),
            NULL, NULL, NULL);
    if (!isnan(c->max_loss[y]))
        ex_step(e, "cap.max_loss",
                NL("largest loss allowed per inhabitant", "grootste toegestane verlies per inwoner"),
                v_fixed(c->max_loss[y], 2), "euro", NULL, c->source);
    if (!isnan(c->max_gain[y]))
        ex_step(e, "cap.max_gain",
                NL("largest gain allowed per inhabitant", "grootste toegestane winst per inwoner"),
                v_fixed(c->max_gain[y], 2), "euro", NULL, c->source);
    if (c->cumulative && year >= c->cum_from && year <= c->cum_to) {
        const char *how = fmt(sc, NL("over %d-%d together, against the allocation of %d",
                                     "over %d-%d samen, tegen de toekenning van %d"),
                              c->cum_from, c->cum_to, c->cum_from - 1);
        if (isfinite(c->cum_max_loss))
            ex_step(e, "cap.cumulative.max_loss",
                    NL("largest loss allowed per inhabitant, cumulative",
                       "grootste toegestane verlies per inwoner, cumulatief"),
                    v_fixed(c->cum_max_loss, 2), "euro", how, c->source);
        if (isfinite(c->cum_max_gain))
            ex_step(e, "cap.cumulative.max_gain",
                    NL("largest gain allowed per inhabitant, cumulative",
                       "grootste toegestane winst per inwoner, cumulatief"),
                    v_fixed(c->cum_max_gain, 2), "euro", how, c->source);
    }
    if (!r->cap.feasible[y]) {
        ex_step(e, "cap.state", NL("cap", "plafond"),
                v_text(NL("could not be kept; the year is uncapped",
                          "kon niet worden gehouden; het jaar is zonder plafond")),
                NULL, NULL, NULL);
        return;
    }
    /* the reference values, as the cap computed them (core/cap.c), so that the floor
     * and the ceiling can be redone from the explanation alone */
    ig_cap_bounds cb;
    ig_cap_in cin = {r->n_g, r->n_y, r->first_year, r->inhabitants, r->out.target,
                     r->sc->rounding};
    if (ig_run_arrangement(r, y)) {
        /* the cap held the keys' distribution, before the arrangements were added (README,
         * "Arrangements"): its bounds are of the allocations without them */
        const size_t n = r->n_y * r->n_g;
        int64_t *total = malloc(n * sizeof *total), *hist = malloc(n * sizeof *hist),
                *target = malloc(r->n_y * sizeof *target);
        if (total && hist && target) {
            for (size_t i = 0; i < n; i++) {
                total[i] = r->out.total[i] - r->arrangement[i];
                hist[i] = r->out.full_hist[i] - r->arrangement[i];
            }
            for (size_t t = 0; t < r->n_y; t++)
                target[t] = r->out.target[t] - r->arrangement_total[t];
            ig_alloc_out keys = r->out;
            keys.total = total;
            keys.full_hist = hist;
            keys.target = target;
            cin.target = target;
            ig_cap_bounds_of(c, &cin, &keys, y, g, &cb);
        } else {
            e->failed = true; /* out of memory: no explanation rather than another one */
            memset(&cb, 0, sizeof cb);
        }
        free(total);
        free(hist);
        free(target);
    } else {
        ig_cap_bounds_of(c, &cin, &r->out, y, g, &cb);
    }
    const char *col_totaal = NL("allocations.csv, column totaal", "allocations.csv, kolom totaal");
    ex_step(e, "cap.reference_amount",
            c->reference == IG_CAP_HISTORICAL
                ? fmt(sc, NL("fully historical allocation %d", "volledig historische toekenning %d"),
                      cb.reference_year)
                : fmt(sc, NL("allocation %d (after its cap)", "toekenning %d (na haar plafond)"),
                      cb.reference_year),
            v_int(cb.reference_amount), "euro", NULL,
            c->reference == IG_CAP_HISTORICAL
                ? NL("allocations.csv, column volledig_historisch",
                     "allocations.csv, kolom volledig_historisch")
                : col_totaal);
    if (c->reference == IG_CAP_PREVIOUS_YEAR)
        ex_step(e, "cap.reference_scale", NL("scale of the reference", "schaal van de referentie"),
                v_fixed(cb.scale, 9), NULL,
                fmt(sc,
                    NL("this year's total / the total of %d = %s (to the last digit)",
                       "het totaal van dit jaar / het totaal van %d = %s (tot het laatste cijfer)"),
                    cb.reference_year, number_in(sc, cb.scale, dutch)),
                NULL);
    ex_step(e, "cap.reference_value", NL("reference", "referentie"), v_fixed(cb.reference, 4),
            "euro",
            c->reference == IG_CAP_PREVIOUS_YEAR ? NL("reference amount x scale", "referentiebedrag x schaal")
                                                 : NL("reference amount", "referentiebedrag"),
            NULL);
    ex_step(e, "cap.inhabitants",
            fmt(sc, NL("inhabitants counted by the cap in %d", "inwoners die het plafond telt in %d"),
                year),
            v_int(cb.inhabitants), NULL, NULL, NULL);
    if (!isnan(cb.loss_limit))
        ex_step(e, "cap.loss_limit",
                NL("largest loss allowed, in euros", "grootste toegestane verlies, in euro's"),
                v_int((int64_t)cb.loss_limit), "euro",
                NL("largest loss per inhabitant x inhabitants, rounded down",
                   "grootste verlies per inwoner x inwoners, naar beneden afgerond"),
                NULL);
    if (!isnan(cb.gain_limit))
        ex_step(e, "cap.gain_limit",
                NL("largest gain allowed, in euros", "grootste toegestane winst, in euro's"),
                v_int((int64_t)cb.gain_limit), "euro",
                NL("largest gain per inhabitant x inhabitants, rounded down",
                   "grootste winst per inwoner x inwoners, naar beneden afgerond"),
                NULL);
    if (cb.cumulative) {
        ex_step(e, "cap.cumulative.reference",
                NL("reference of the cumulative period", "referentie van de cumulatieve periode"),
                v_fixed(cb.cum_reference, 4), "euro",
                c->reference == IG_CAP_PREVIOUS_YEAR
                    ? fmt(sc,
                          NL("the allocation of %d x this year's total / the total of %d",
                             "de toekenning van %d x het totaal van dit jaar / het totaal van %d"),
                          c->cum_from - 1, c->cum_from - 1)
                    : fmt(sc, NL("the allocation of %d", "de toekenning van %d"), c->cum_from - 1),
                col_totaal);
        if (!isnan(cb.cum_loss_limit))
            ex_step(e, "cap.cumulative.loss_limit",
                    NL("largest loss over the period, in euros",
                       "grootste verlies over de periode, in euro's"),
                    v_int((int64_t)cb.cum_loss_limit), "euro",
                    NL("cumulative largest loss per inhabitant x inhabitants, rounded down",
                       "cumulatief grootste verlies per inwoner x inwoners, naar beneden afgerond"),
                    NULL);
        if (!isnan(cb.cum_gain_limit))
            ex_step(e, "cap.cumulative.gain_limit",
                    NL("largest gain over the period, in euros",
                       "grootste winst over de periode, in euro's"),
                    v_int((int64_t)cb.cum_gain_limit), "euro",
                    NL("cumulative largest gain per inhabitant x inhabitants, rounded down",
                       "cumulatief grootste winst per inwoner x inwoners, naar beneden afgerond"),
                    NULL);
    }
    if (!isnan(cb.min_ratio)) {
        ex_step(e, "cap.min_ratio",
                NL("smallest share of the reference allowed",
                   "kleinste toegestane aandeel van de referentie"),
                v_fixed(cb.min_ratio, 4), NULL, NULL, c->source);
        ex_step(e, "cap.ratio_floor",
                NL("floor of the ratio, in euros", "ondergrens van de verhouding, in euro's"),
                v_int((int64_t)cb.ratio_floor), "euro",
                NL("reference x min_ratio, rounded up", "referentie x min_ratio, naar boven afgerond"),
                NULL);
    }
    if (!isnan(cb.max_ratio)) {
        ex_step(e, "cap.max_ratio",
                NL("largest share of the reference allowed",
                   "grootste toegestane aandeel van de referentie"),
                v_fixed(cb.max_ratio, 4), NULL, NULL, c->source);
        ex_step(e, "cap.ratio_ceiling",
                NL("ceiling of the ratio, in euros", "bovengrens van de verhouding, in euro's"),
                v_int((int64_t)cb.ratio_ceiling), "euro",
                NL("reference x max_ratio, rounded down",
                   "referentie x max_ratio, naar beneden afgerond"),
                NULL);
    }
    if (cb.guaranteed) {
        const ig_guarantee *gu = &c->guarantee;
        ex_step(e, "cap.guarantee.amount",
                fmt(sc,
                    NL("guaranteed: the allocation of %d (after its cap)",
                       "gegarandeerd: de toekenning van %d (na haar plafond)"),
                    gu->base_year),
                v_int(cb.guarantee_amount), "euro", NULL, col_totaal);
        ex_step(e, "cap.guarantee.weight",
                NL("share of it guaranteed this year", "deel daarvan dat dit jaar gegarandeerd is"),
                v_fixed(cb.guarantee_weight, 4), NULL,
                gu->rule == IG_GUARANTEE_ENACTED ? NL("as enacted: all of it", "zoals vastgesteld: alles")
                : gu->rule == IG_GUARANTEE_REBASED
                    ? NL("rebased: the factor", "op een nieuwe basis: de factor")
                    : fmt(sc, NL("phased out: 1 - (%d - %d) / %d", "afgebouwd: 1 - (%d - %d) / %d"),
                          year, gu->base_year, gu->years),
                c->source);
        ex_step(e, "cap.guarantee.floor",
                NL("floor of the guarantee, in euros", "ondergrens van de garantie, in euro's"),
                v_int((int64_t)cb.guarantee_floor), "euro",
                NL("amount x share, rounded up", "bedrag x deel, naar boven afgerond"), NULL);
    }
    const bool more = !isnan(cb.min_ratio) || !isnan(cb.max_ratio) || cb.guaranteed;
    if (isfinite(cb.floor))
        ex_step(e, "cap.floor",
                NL("floor: the allocation is at least", "ondergrens: de toekenning is ten minste"),
                v_int((int64_t)cb.floor), "euro",
                more ? NL("the highest of the floors above (reference - loss limit, ratio and "
                          "guarantee floors, each rounded up)",
                          "de hoogste van de ondergrenzen hierboven (referentie - verliesgrens, "
                          "de ondergrenzen van verhouding en garantie, elk naar boven afgerond)")
                : cb.cumulative
                    ? NL("the higher of the year's and the period's floor, each "
                         "reference - loss limit rounded up",
                         "de hoogste van de ondergrens van het jaar en die van de periode, elk "
                         "referentie - verliesgrens naar boven afgerond")
                    : NL("reference - loss limit, rounded up",
                         "referentie - verliesgrens, naar boven afgerond"),
                NULL);
    if (isfinite(cb.ceiling))
        ex_step(e, "cap.ceiling",
                NL("ceiling: the allocation is at most", "bovengrens: de toekenning is ten hoogste"),
                v_int((int64_t)cb.ceiling), "euro",
                more ? NL("the lowest of the ceilings above (reference + gain limit, ratio ceiling, "
                          "each rounded down; never below the floor)",
                          "de laagste van de bovengrenzen hierboven (referentie + winstgrens, de "
                          "bovengrens van de verhouding, elk naar beneden afgerond; nooit onder "
                          "de ondergrens)")
                : cb.cumulative
                    ? NL("the lower of the year's and the period's ceiling, each "
                         "reference + gain limit rounded down",
                         "de laagste van de bovengrens van het jaar en die van de periode, elk "
                         "referentie + winstgrens naar beneden afgerond")
                    : NL("reference + gain limit, rounded down (never below the floor)",
                         "referentie + winstgrens, naar beneden afgerond (nooit onder de "
                         "ondergrens)"),
                NULL);
    const signed char f = r->cap.flag[k];
    ex_step(e, "cap.state", fmt(sc, NL("this gemeente in %d", "deze gemeente in %d"), year),
            v_text(f < 0   ? NL("held at its loss cap", "op haar verliesplafond gehouden")
                   : f > 0 ? NL("held at its gain cap", "op haar winstplafond gehouden")
                           : NL("not at a cap: its change scaled with the other gemeenten'",
                                "niet op een plafond: haar verandering geschaald met die van de "
                                "andere gemeenten")),
            NULL, NULL, NULL);
    ex_step(e, "cap.lambda",
            NL("scale of the gains (lambda), as the solver found it",
               "schaal van de winsten (lambda), zoals de oplosser die vond"),
            v_fixed(r->cap.lambda[y], 9), NULL,
            fmt(sc,
                NL("%s (to the last digit): the factor on every uncapped gain that makes the year "
                   "add up to its total again; an uncapped gemeente gets reference + lambda x "
                   "(allocation before the cap - reference), held between its floor and ceiling",
                   "%s (tot het laatste cijfer): de factor op elke winst zonder plafond die het jaar "
                   "weer laat optellen tot zijn totaal; een gemeente zonder plafond krijgt "
                   "referentie + lambda x (toekenning zonder plafond - referentie), gehouden tussen "
                   "haar ondergrens en bovengrens"),
                number_in(sc, r->cap.lambda[y], dutch)),
            NULL);
    ex_step(e, "cap.effect", NL("effect of the cap", "effect van het plafond"),
            v_int(r->out.total[k] - r->cap.uncapped[k]), "euro",
            NL("allocation - allocation before the cap", "toekenning - toekenning zonder plafond"),
            NULL);
}

static ingroei_status run_explain(const ingroei_run *r, const char *gemeente, int year, bool json,
                                  bool dutch, ex_rows *rows, char **out, ingroei_error *err)
{
    if (!r || !gemeente || !out)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "nothing to explain");
    if (r->multi) /* README, "Several regelingen" */
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a scenario with several regelingen is not explained yet (regelingen.csv "
                       "shows each regeling)");
    *out = NULL;
    size_t g;
    ingroei_status st = ingroei_run_find_gemeente(r, gemeente, &g, err);
    if (st == INGROEI_OK)
        st = ig_run_parts(r, err);
    if (st != INGROEI_OK)
        return st;
    if (year < r->first_year || year >= r->first_year + (int)r->n_y)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "year %d is not a year of the scenario (%d-%d are)", year, r->first_year,
                       r->first_year + (int)r->n_y - 1);
    const size_t y = (size_t)(year - r->first_year), k = y * r->n_g + g;
    const double p = r->p[y], b = (double)r->budget[y], b_obj = (double)r->budget_obj[y];
    ig_buf buf = {0};
    explainer e = {&buf, json, dutch, 0, rows, false};
    scratch sc = {0};
    char *scenario_file = ig_run_receipt_path(r, r->sc->file);
    if (!scenario_file)
        buf.failed = true; /* out of memory: no explanation rather than another one */

    ex_begin(&e, "scenario",
             fmt(&sc, NL("%s %s (%s), %d: the allocation and how it is made",
                         "%s %s (%s), %d: de toekenning en hoe die ontstaat"),
                 r->code[g], r->name[g], r->province[g], year));
    ex_heading(&e, NL("Inputs", "Invoer"));
    ex_step(&e, "scenario", "scenario", v_text(r->sc->name), NULL, NULL,
            fmt(&sc, "%s (sha256 %s)", scenario_file ? scenario_file : r->sc->file, r->sc->sha256));
    /* every file the run read, with its SHA-256, so that each number below can be
     * traced to the bytes it came from (the receipt of summary.json) */
    for (size_t i = 0; i < r->n_inputs; i++)
        ex_step(&e, fmt(&sc, "input.%zu", i + 1),
                fmt(&sc, NL("input file %zu", "invoerbestand %zu"), i + 1),
                v_text(r->inputs[i].display), NULL, fmt(&sc, "sha256 %s", r->inputs[i].sha256),
                first_line(&sc, r->inputs[i].source));
    ex_step(&e, "inhabitants", NL("inhabitants", "inwoners"), v_int(r->inhabitants[k]), NULL, NULL,
            fmt(&sc,
                NL("CBS, 1 January %d, on the gemeente boundaries of %d",
                   "CBS, 1 januari %d, op de gemeentelijke indeling van %d"),
                r->inhabitants_year[y], r->sc->boundaries));
    const int64_t *arr = ig_run_arrangement(r, y);
    if (arr) {
        /* README, "Arrangements": paid first, the keys distribute the rest */
        const int64_t a = ig_run_arrangement_total(r, y);
        ex_step(&e, "budget.year", fmt(&sc, NL("budget of %d", "budget van %d"), year),
                v_int(r->budget[y] + a),
                "euro", NULL, r->budget_source[y]);
        ig_buf names = {0};
        for (size_t i = 0; i < r->sc->n_arrangements; i++) {
            const ig_arrangement *ar = &r->sc->arrangements[i];
            ig_buf_printf(&names, "%s%s%s (%s, %s; %s)", i ? "; " : "",
                          ar->illustrative ? NL("ILLUSTRATIVE ", "ILLUSTRATIEF ") : "", ar->name,
                          ar->document,
                          ar->date, ar->source);
        }
        ex_step(&e, "arrangements",
                fmt(&sc, NL("paid before the keys in %d (arrangements)",
                            "v\u00f3\u00f3r de sleutels betaald in %d (afspraken)"),
                    year),
                v_int(a), "euro",
                NL("the arrangements' payments of the year, to the gemeenten they name",
                   "de betalingen van de afspraken in dit jaar, aan de gemeenten die zij noemen"),
                fmt(&sc, "%s", names.data ? names.data : ""));
        if (names.failed)
            buf.failed = true;
        ig_buf_free(&names);
        ex_step(&e, "budget", NL("budget B_t the keys distribute", "budget B_t dat de sleutels verdelen"),
                v_int(r->budget[y]), "euro",
                NL("budget of the year - arrangements", "budget van het jaar - afspraken"), NULL);
        if (r->sc->has_objective_budget)
            ex_step(&e, "budget_objective",
                    NL("budget of the objective part B'_t the key distributes",
                       "budget van het objectieve deel B'_t dat de sleutel verdeelt"),
                    v_int(r->budget_obj[y]), "euro",
                    NL("the scenario's objective_budget (see budget_opbouw.csv) - arrangements",
                       "objective_budget van het scenario (zie budget_opbouw.csv) - afspraken"),
                    NULL);
    } else {
        ex_step(&e, "budget", "budget B_t", v_int(r->budget[y]), "euro", NULL,
                r->budget_source[y]);
        if (r->sc->has_objective_budget)
            ex_step(&e, "budget_objective",
                    NL("budget of the objective part B'_t", "budget van het objectieve deel B'_t"),
                    v_int(r->budget_obj[y]), "euro", NULL,
                    NL("the scenario's objective_budget (see budget_opbouw.csv)",
                       "objective_budget van het scenario (zie budget_opbouw.csv)"));
    }
    ex_step(&e, "p_t", NL("objective share p_t", "objectief aandeel p_t"), v_fixed(p, 9), NULL,
            path_words(&sc, r, year, dutch), r->sc->path_source);

    ex_heading(&e, fmt(&sc, NL("Historical key: %s", "Historische sleutel: %s"), r->hist.name));
    /* the year's own amounts when the scenario lists the year in historical_per_year */
    const bool own = r->h_circulaire_year && r->h_circulaire_year[y] != r->hist.circulaire;
    const double *h = ig_run_h(r, y);
    char *data_shown = own ? ig_run_receipt_path(r, r->hist.data) : NULL;
    ex_step(&e, "historical.amount",
            fmt(&sc, NL("%s's amount, %s, uitkeringsjaar %d, %s",
                        "bedrag van %s, %s, uitkeringsjaar %d, %s"),
                r->name[g],
                own ? r->h_circulaire_year[y] : r->hist.circulaire,
                own ? year : r->hist.uitkeringsjaar, r->hist.regeling),
            v_int((int64_t)ig_run_h_amount(r, y)[g]), "euro", NULL,
            own ? fmt(&sc,
                      NL("the scenario's historical_per_year for %d, from %s",
                         "historical_per_year van het scenario voor %d, uit %s"),
                      year, data_shown ? data_shown : "?")
                : r->hist.source);
    free(data_shown);
    ex_step(&e, "historical.total",
            NL("the amounts of all gemeenten together", "de bedragen van alle gemeenten samen"),
            v_int((int64_t)ig_run_h_total(r, y)), "euro", NULL, NULL);
    ex_step(&e, "h_g", NL("historical share h_g", "historisch aandeel h_g"), v_fixed(h[g], 9), NULL,
            NL("amount / total of the amounts", "bedrag / totaal van de bedragen"), NULL);

    explain_objective_key(&e, &sc, r, y, g);

    ex_heading(&e, NL("Allocation", "Toekenning"));
    const double hist = ig_hist_part(p, b, h[g]), obj = ig_obj_part(p, b_obj, r->o_part[k]);
    ex_step(&e, "historical_part.exact", NL("historical part, unrounded", "historisch deel, onafgerond"),
            v_fixed(hist, 4), "euro", "(1 - p_t) x B_t x h_g", NULL);
    ex_step(&e, "historical_part", NL("historical part, rounded", "historisch deel, afgerond"),
            v_int(r->out.historical[k]), "euro", NULL, NULL);
    ex_step(&e, "objective_part.exact", NL("objective part, unrounded", "objectief deel, onafgerond"),
            v_fixed(obj, 4), "euro", "p_t x B'_t x o_g", NULL);
    ex_step(&e, "objective_part", NL("objective part, rounded", "objectief deel, afgerond"),
            v_int(r->out.objective[k]), "euro", NULL, NULL);
    if (arr)
        ex_step(&e, "arrangement",
                fmt(&sc, NL("%s's arrangements in %d", "afspraken van %s in %d"), r->name[g], year),
                v_int(arr[g]), "euro",
                NL("paid before the keys, on top of both parts",
                   "v\u00f3\u00f3r de sleutels betaald, bovenop beide delen"),
                "budget_opbouw.csv, deel arrangement");
    ex_step(&e, "allocation.exact", NL("allocation, unrounded", "toekenning, onafgerond"),
            v_fixed(r->out.exact[k], 4), "euro",
            arr ? NL("historical part + objective part, unrounded, + arrangements",
                     "historisch deel + objectief deel, onafgerond, + afspraken")
                : NL("historical part + objective part, unrounded",
                     "historisch deel + objectief deel, onafgerond"),
            NULL);
    const bool exact_total = r->sc->rounding == IG_ROUND_EXACT_TOTAL;
    ex_step(&e, "rounding", NL("rounding", "afronding"),
            v_text(exact_total ? "exact-total" : "per-line"), NULL,
            exact_total ? NL("largest remainder: whole euros that add up to the year's total; the "
                             "rounded parts are rounded each on their own, so they may differ "
                             "from the allocation by a euro",
                             "grootste rest: hele euro's die optellen tot het totaal van het jaar; "
                             "de afgeronde delen zijn elk apart afgerond en kunnen dus een euro "
                             "van de toekenning verschillen")
                        : NL("every amount on its own, half away from zero",
                             "elk bedrag apart, een halve euro van nul af"),
            NULL);
    ex_step(&e, "allocation.uncapped",
            NL("allocation before the cap, rounded", "toekenning zonder plafond, afgerond"),
            v_int(r->cap.uncapped[k]), "euro", NULL, NULL);
    ex_step(&e, "rounding.effect", NL("effect of rounding", "effect van de afronding"),
            v_fixed((double)r->cap.uncapped[k] - r->out.exact[k], 4), "euro",
            NL("rounded - unrounded", "afgerond - onafgerond"), NULL);
    explain_cap(&e, &sc, r, y, g);
    ex_step(&e, "allocation", fmt(&sc, NL("ALLOCATION %d", "TOEKENNING %d"), year),
            v_int(r->out.total[k]), "euro", NULL,
            NL("allocations.csv, column totaal", "allocations.csv, kolom totaal"));

    ex_heading(&e, NL("For comparison", "Ter vergelijking"));
    ex_step(&e, "full_historical",
            arr ? NL("fully historical (B_t x h_g, rounded, + arrangements)",
                     "volledig historisch (B_t x h_g, afgerond, + afspraken)")
                : NL("fully historical (B_t x h_g, rounded)", "volledig historisch (B_t x h_g, afgerond)"),
            v_int(r->out.full_hist[k]), "euro", NULL, NULL);
    ex_step(&e, "full_objective",
            arr ? NL("fully objective (B'_t x o_g of the whole budget, rounded, + arrangements)",
                     "volledig objectief (B'_t x o_g van het hele budget, afgerond, + afspraken)")
                : NL("fully objective (B'_t x o_g of the whole budget, rounded)",
                     "volledig objectief (B'_t x o_g van het hele budget, afgerond)"),
            v_int(r->out.full_obj[k]), "euro", NULL, NULL);
    ex_step(&e, "difference_historical",
            NL("difference with fully historical", "verschil met volledig historisch"),
            v_int(r->out.total[k] - r->out.full_hist[k]), "euro", NULL, NULL);
    ex_step(&e, "difference_per_inhabitant", NL("difference per inhabitant", "verschil per inwoner"),
            v_fixed(ig_run_gain_per_inhabitant(r, y, g), 2), "euro", NULL, NULL);
    /* in Dutch words the notice the workbook and report.html give (the model's own
     * notice, in English, stays in the JSON, as in summary.json) */
    ig_buf notice_nl = {0};
    if (dutch && !json && r->obj.illustrative) {
        ig_notice_nl(&notice_nl, &r->obj);
        if (notice_nl.failed || !notice_nl.data)
            buf.failed = true;
    }
    ex_end(&e, !r->obj.illustrative ? NULL
               : dutch && !json    ? (notice_nl.data ? notice_nl.data : "")
                                   : r->obj.notice);
    ig_buf_free(&notice_nl);
    free(scenario_file);
    scratch_free(&sc);
    return finish(&buf, &e, out, err);
}

/* ---- a gemeente's algemene uitkering, line by line ---------------------------------- */

/* A key that names none or several of n entries (code, name): fails listing what it
 * may mean. */
static ingroei_status not_found(const char *what, const char *key, const char *where, size_t hits,
                                const char *const *codes, const char *const *names, size_t n,
                                ingroei_error *err)
{
    ig_buf near = {0};
    ig_near_names(&near, key, codes, names, n, 6);
    const ingroei_status st =
        ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "%s %s '%s' in %s%s%s",
                hits ? "more than one" : "no", what, key, where,
                near.len ? (hits ? ": " : "; did you mean ") : "", near.data ? near.data : "");
    ig_buf_free(&near);
    return st;
}

static ingroei_status au_gemeente(const ingroei_au *au, const char *key, size_t *out,
                                  ingroei_error *err)
{
    const ig_au_data *d = &au->data;
    const char *const *codes = (const char *const *)d->codes;
    const char *const *names = (const char *const *)d->names;
    const size_t hits = ig_find_name(key, codes, names, d->n_g, out);
    if (hits == 1)
        return INGROEI_OK;
    return not_found("gemeente", key, au->model.volumes, hits, codes, names, d->n_g, err);
}

/* A maatstaf by code or omschrijving, folded, as verify reads printed labels. */
static ingroei_status au_maatstaf(const ingroei_au *au, const char *key, size_t *out,
                                  ingroei_error *err)
{
    const ig_au_data *d = &au->data;
    const char *const *codes = (const char *const *)d->maatstaven;
    const char *const *names = (const char *const *)d->descriptions;
    const size_t hits = ig_find_name(key, codes, names, d->n_m, out);
    if (hits == 1)
        return INGROEI_OK;
    return not_found("maatstaf", key, au->model.weights, hits, codes, names, d->n_m, err);
}

/* One line: units, weight, factor, the exact product and the rounded amount. With
 * `clusters`, also the line of every cluster in which the maatstaf has a weight. */
static void au_line(explainer *e, scratch *sc, const ingroei_au *au, size_t m, size_t g,
                    bool clusters)
{
    const ig_au_data *d = &au->data;
    const ig_dec one = {1, 0}, units = d->units[m * d->n_g + g];
    const ig_dec f = d->scaled[m] ? au->uf : one;
    const char *code = d->maatstaven[m];
    ex_step(e, fmt(sc, "%s.units", code), fmt(sc, "%s: units", code), v_dec(units), NULL, NULL,
            fmt(sc, "%s (sha256 %s)", au->model.volumes, d->volumes_sha256));
    ex_step(e, fmt(sc, "%s.weight", code), fmt(sc, "%s: weight, column totaal", code),
            v_dec(d->weight[m]), "euro per unit", NULL,
            fmt(sc, "%s (sha256 %s)", au->model.weights, d->weights_sha256));
    ex_step(e, fmt(sc, "%s.factor", code), fmt(sc, "%s: factor", code), v_dec(f), NULL,
            d->scaled[m] ? "the uitkeringsfactor: an uitgavenmaatstaf"
                         : "1: an OZB inkomstenmaatstaf, outside the uitkeringsfactor "
                           "(unscaled_maatstaven of the model)",
            NULL);
    ig_buf exact = {0};
    ig_dec_mul_text(units, d->weight[m], f, &exact);
    ex_step(e, fmt(sc, "%s.exact", code), fmt(sc, "%s: units x weight x factor", code),
            v_text(exact.data), "euro", NULL, NULL);
    ig_buf_free(&exact);
    ex_step(e, fmt(sc, "%s.amount", code), fmt(sc, "%s: amount", code),
            v_int(au->lines[m * d->n_g + g]), "euro", "rounded to whole euros, half away from zero",
            "au_regels.csv");
    for (size_t c = 0; clusters && c < d->n_c; c++) {
        ig_dec w = d->cluster_weight[c * d->n_m + m];
        if (w.mant == 0)
            continue;
        ex_step(e, fmt(sc, "%s.cluster.%s", code, d->clusters[c]),
                fmt(sc, "%s in cluster %s (weight %s)", code, d->clusters[c], dec_text(sc, w)),
                v_int(au->cluster_lines[(c * d->n_m + m) * d->n_g + g]), "euro",
                "units x the cluster's weight x factor, rounded", NULL);
    }
}

static ingroei_status au_explain(const ingroei_au *au, const char *gemeente, const char *maatstaf,
                                 bool json, ex_rows *rows, char **out, ingroei_error *err)
{
    if (!au || !gemeente || !out)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "nothing to explain");
    *out = NULL;
    size_t g = 0, m = SIZE_MAX;
    ingroei_status st = au_gemeente(au, gemeente, &g, err);
    if (st == INGROEI_OK && maatstaf)
        st = au_maatstaf(au, maatstaf, &m, err);
    if (st != INGROEI_OK)
        return st;
    const ig_au_data *d = &au->data;
    ig_buf buf = {0};
    explainer e = {&buf, json, false, 0, rows, false};
    scratch sc = {0};
    ex_begin(&e, "au-model",
             fmt(&sc, "%s %s, %s, uitkeringsjaar %d: %s", d->codes[g], d->names[g],
                 au->model.circulaire, au->model.uitkeringsjaar,
                 m == SIZE_MAX ? "the algemene uitkering line by line"
                               : fmt(&sc, "maatstaf %s", d->maatstaven[m])));
    ex_heading(&e, "Inputs");
    ex_step(&e, "model", "model", v_text(au->model.name), NULL, NULL,
            fmt(&sc, "%s (sha256 %s)", au->model.file, au->model.sha256));
    ex_step(&e, "uf", "uitkeringsfactor", v_text(au->uf_text), NULL,
            au->uf_solved ? fmt(&sc,
                                "solved from a budget of %.0f euro: (budget - sum A) / "
                                "sum B = %s, rounded",
                                au->budget, number(&sc, au->uf_exact))
                          : "as published",
            au->uf_solved ? NULL : au->model.uf_source);
    if (m != SIZE_MAX) {
        ex_heading(&e, "The line");
        au_line(&e, &sc, au, m, g, true);
    } else {
        ex_heading(&e, "Every maatstaf");
        for (size_t k = 0; k < d->n_m; k++)
            au_line(&e, &sc, au, k, g, false);
        ex_heading(&e, "Clusters (sums of their rounded lines)");
        for (size_t c = 0; c < d->n_c; c++)
            ex_step(&e, fmt(&sc, "cluster.%s", d->clusters[c]), d->clusters[c],
                    v_int(au->clusters[c * d->n_g + g]), "euro", NULL, "au.csv");
        ex_heading(&e, "Total");
        ex_step(&e, "algemene_uitkering", "ALGEMENE UITKERING (sum of the rounded lines)",
                v_int(au->totals[g]), "euro", NULL, "au.csv, column algemene_uitkering");
    }
    ex_end(&e, NULL);
    scratch_free(&sc);
    return finish(&buf, &e, out, err);
}

ingroei_status ingroei_run_explain(const ingroei_run *r, const char *gemeente, int year,
                                   ingroei_format format, char **out, ingroei_error *err)
{
    return run_explain(r, gemeente, year, format == INGROEI_JSON, false, NULL, out, err);
}

ingroei_status ingroei_run_explain_lang(const ingroei_run *r, const char *gemeente, int year,
                                        ingroei_format format, ingroei_lang lang, char **out,
                                        ingroei_error *err)
{
    if (lang != INGROEI_EN && lang != INGROEI_NL) {
        if (out)
            *out = NULL;
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "unknown language %d (INGROEI_EN or INGROEI_NL)", (int)lang);
    }
    return run_explain(r, gemeente, year, format == INGROEI_JSON, lang == INGROEI_NL, NULL, out,
                       err);
}

ingroei_status ingroei_au_explain(const ingroei_au *au, const char *gemeente, const char *maatstaf,
                                  ingroei_format format, char **out, ingroei_error *err)
{
    return au_explain(au, gemeente, maatstaf, format == INGROEI_JSON, NULL, out, err);
}

/* ---- the explanation as files (explain -o DIR) ----------------------------------------- */

static const ig_column explain_columns[] = {
    {"stap", IG_XL_TEXT},       {"omschrijving", IG_XL_LONG}, {"waarde", IG_XL_DECIMAL},
    {"tekst", IG_XL_LONG},      {"eenheid", IG_XL_TEXT},      {"berekening", IG_XL_LONG},
    {"bron", IG_XL_LONG},
};

/* A step as a row: a number in waarde (with the digits the explanation shows), a text
 * value in tekst. */
static void explain_cells(const void *ctx, size_t i, ig_cell *cells, ig_buf *text)
{
    (void)text;
    const ex_row *r = &((const ex_rows *)ctx)->v[i];
    cells[0] = IG_TEXT(r->key ? r->key : "");
    cells[1] = IG_TEXT(r->label ? r->label : "");
    switch (r->v.kind) {
    case V_TEXT: cells[3] = IG_TEXT(r->text ? r->text : ""); break;
    case V_INT: cells[2] = IG_INT(r->v.i); break;
    case V_FIXED: cells[2] = IG_FIXED(r->v.x, r->v.decimals); break;
    case V_DEC: cells[2] = IG_DEC(r->v.d); break;
    }
    cells[4] = IG_TEXT(r->unit ? r->unit : "");
    cells[5] = IG_TEXT(r->how ? r->how : "");
    cells[6] = IG_TEXT(r->source ? r->source : "");
}

static void build_explain_json(ig_buf *b, const void *ctx)
{
    ig_buf_puts(b, (const char *)ctx);
}

/* Writes explain.csv (a row per step), explain.json (the explanation as --json prints
 * it) and, with o->xlsx, explain.xlsx into o->dir; `title` heads the workbook. */
static ingroei_status write_explanation(const ex_rows *rows, const char *json, const char *title,
                                        const ig_audit_input *inputs, size_t n_inputs,
                                        const ingroei_output_options *o,
                                        ingroei_output_report *report, ingroei_error *err)
{
    const ig_audit_table table = {
        "explain.csv",
        "Uitleg",
        "Elke stap van de berekening: de waarde, hoe die volgt uit eerdere stappen, en de bron",
        NULL,
        explain_columns,
        sizeof explain_columns / sizeof *explain_columns,
        1,
        rows->n,
        explain_cells,
        rows};
    static ig_build_fn *const build[] = {build_explain_json};
    static const char *const names[] = {"explain.json"};
    const ig_audit_set set = {"explain.xlsx", title, NULL, &table, 1, names, build, 1, json,
                              inputs, n_inputs};
    const ig_audit_options ao = {o->csv_dialect, o->xlsx};
    return ig_audit_write(&set, o->dir, &ao, report, err);
}

ingroei_status ingroei_run_explain_write(const ingroei_run *r, const char *gemeente, int year,
                                         const ingroei_output_options *o,
                                         ingroei_output_report *report, ingroei_error *err)
{
    return ingroei_run_explain_write_lang(r, gemeente, year, INGROEI_EN, o, report, err);
}

ingroei_status ingroei_run_explain_write_lang(const ingroei_run *r, const char *gemeente, int year,
                                              ingroei_lang lang, const ingroei_output_options *o,
                                              ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!r || !o || !o->dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    ex_rows rows = {0};
    char *json = NULL;
    ig_audit_input *inputs = NULL;
    ig_buf title = {0};
    ingroei_status st = lang == INGROEI_EN || lang == INGROEI_NL
                            ? run_explain(r, gemeente, year, true, lang == INGROEI_NL, &rows,
                                          &json, err)
                            : ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                                      "unknown language %d (INGROEI_EN or INGROEI_NL)", (int)lang);
    if (st == INGROEI_OK) {
        inputs = calloc(r->n_inputs + 1, sizeof *inputs);
        ig_buf_printf(&title, "ingroei %s: %s, %s %d", INGROEI_VERSION, r->sc->name, gemeente,
                      year);
        if (!inputs || title.failed)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == INGROEI_OK) {
        for (size_t i = 0; i < r->n_inputs; i++)
            inputs[i] = (ig_audit_input){"invoer", r->inputs[i].display, r->inputs[i].sha256};
        st = write_explanation(&rows, json, title.data, inputs, r->n_inputs, o, report, err);
    }
    ig_buf_free(&title);
    free(inputs);
    free(json);
    ex_rows_free(&rows);
    return st;
}

ingroei_status ingroei_au_explain_write(const ingroei_au *au, const char *gemeente,
                                        const char *maatstaf, const ingroei_output_options *o,
                                        ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!au || !o || !o->dir)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    ex_rows rows = {0};
    char *json = NULL;
    ig_buf title = {0};
    ingroei_status st = au_explain(au, gemeente, maatstaf, true, &rows, &json, err);
    if (st == INGROEI_OK) {
        ig_buf_printf(&title, "ingroei %s: %s, %s", INGROEI_VERSION, au->model.name, gemeente);
        if (title.failed)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == INGROEI_OK) {
        const ig_audit_input inputs[] = {{"model", au->model.file, au->model.sha256},
                                         {"gewichten", au->model.weights, au->data.weights_sha256},
                                         {"volumes", au->model.volumes, au->data.volumes_sha256}};
        st = write_explanation(&rows, json, title.data, inputs, 3, o, report, err);
    }
    ig_buf_free(&title);
    free(json);
    ex_rows_free(&rows);
    return st;
}

void ingroei_string_free(char *s)
{
    free(s);
}
