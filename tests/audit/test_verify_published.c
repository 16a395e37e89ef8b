/* test_verify_published.c - `ingroei verify` on begroting tables as a gemeente prints
 * them, made here from the shipped models (not committed, not one real gemeente's):
 * for gemeenten at the start, the middle and the end of the list, every line of the
 * mei 2024 circulaire (uitkeringsjaar 2024 and 2025) with its printed label in another
 * spelling, Dutch numbers, ';', a byte-order mark and four year columns; then
 *   - the line with the largest weight off by one euro (a volume printed with fewer
 *     decimals than were used): afronding;
 *   - the line with the next largest weight from the gemeente's own forecast, 7 units
 *     more: afwijkend, with the implied volume 7 units above the circulaire's;
 *   - one line printed with another maatstaf's amount: afwijkend, gelijk_aan that one;
 *   - a total row: onbekend, with the nearest labels;
 *   - 2026 and 2027, the gemeente's own years: niet_getoetst;
 * and verify without a model names mei 2024 as the best fit of every circulaire. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "audit/audit.h"
#include "ingroei.h"
#include "support/support.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR_GF "models/nl/gemeentefonds"

static char *dir;

/* round(u x w) half away from zero, computed here apart from the engine. */
static int64_t basis(ig_dec u, ig_dec w)
{
    __int128 p = (__int128)u.mant * w.mant, d = 1;
    for (int k = 0; k < u.scale + w.scale; k++)
        d *= 10;
    const bool neg = p < 0;
    if (neg)
        p = -p;
    const __int128 q = (p + d / 2) / d;
    return (int64_t)(neg ? -q : q);
}

/* Whole euros as printed in Dutch: 1.069.297, -45. */
static void put_nl(ig_buf *b, int64_t v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    if (v < 0)
        ig_buf_putc(b, '-');
    const size_t n = strlen(digits);
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            ig_buf_putc(b, '.');
        ig_buf_putc(b, digits[i]);
    }
}

/* The printed label of maatstaf m in one of five spellings. */
static void put_label(ig_buf *b, const ig_au_data *d, size_t m)
{
    const char *s = d->descriptions[m];
    switch (m % 5) {
    case 0: /* upper case */
        for (const char *p = s; *p; p++)
            ig_buf_putc(b, (char)toupper((unsigned char)*p));
        break;
    case 1: /* spaced out */
        ig_buf_putc(b, ' ');
        for (const char *p = s; *p; p++)
            ig_buf_puts(b, *p == ' ' ? "  " : (char[2]){*p, 0});
        ig_buf_putc(b, ' ');
        break;
    case 2: /* hyphens */
        for (const char *p = s; *p; p++)
            ig_buf_putc(b, *p == ' ' ? '-' : *p);
        break;
    case 3: ig_buf_puts(b, d->maatstaven[m]); break;
    default: /* without accents, capitalised */
        for (const char *p = s; *p; p++) {
            if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0xA9) {
                ig_buf_putc(b, p == s ? 'E' : 'e');
                p++;
            } else {
                ig_buf_putc(b, p == s ? (char)toupper((unsigned char)*p) : *p);
            }
        }
    }
}

/* One quoted ';' cell. */
static void cell(ig_buf *b, const char *text)
{
    ig_buf_putc(b, '"');
    for (const char *p = text; *p; p++)
        ig_buf_puts(b, *p == '"' ? "\"\"" : (char[2]){*p, 0});
    ig_buf_putc(b, '"');
}

typedef struct made {
    size_t rounded, forecast, labelled, amount_of; /* maatstaven of the special lines */
    size_t lines_2024, lines_2025;                 /* printed amounts in each year */
    char *file;
} made;

/* Writes the table of gemeente g (of both models) and says which lines are special. */
static void make_table(const ig_au_view *v24, const ig_au_view *v25, size_t g, made *out)
{
    const ig_au_data *d = v24->data, *e = v25->data;
    assert_true(e->n_m == d->n_m);
    long g25 = -1;
    for (size_t k = 0; k < e->n_g; k++)
        if (strcmp(e->codes[k], d->codes[g]) == 0)
            g25 = (long)k;
    assert_true(g25 >= 0);
    int64_t *a24 = calloc(d->n_m, sizeof *a24), *a25 = calloc(d->n_m, sizeof *a25);
    assert_non_null(a24);
    assert_non_null(a25);
    for (size_t m = 0; m < d->n_m; m++) {
        assert_string_equal(d->maatstaven[m], e->maatstaven[m]);
        a24[m] = basis(d->units[m * d->n_g + g], d->weight[m]);
        a25[m] = basis(e->units[m * e->n_g + (size_t)g25], e->weight[m]);
    }
    /* the two largest weights of lines the gemeente has */
    size_t r = SIZE_MAX, f = SIZE_MAX;
    for (size_t m = 0; m < d->n_m; m++) {
        if (a24[m] == 0)
            continue;
        const double w = fabs(ig_dec_value(d->weight[m]));
        if (r == SIZE_MAX || w > fabs(ig_dec_value(d->weight[r]))) {
            f = r;
            r = m;
        } else if (f == SIZE_MAX || w > fabs(ig_dec_value(d->weight[f]))) {
            f = m;
        }
    }
    assert_true(r != SIZE_MAX && f != SIZE_MAX);
    assert_true(fabs(ig_dec_value(d->weight[f])) > 300); /* so 7 units show as 7.00 */
    /* a line printed with another's amount: the first pair whose amounts are unique */
    size_t la = SIZE_MAX, lb = SIZE_MAX;
    for (size_t a = 0; a < d->n_m && la == SIZE_MAX; a++)
        for (size_t b = 0; b < d->n_m && la == SIZE_MAX; b++) {
            if (a == b || a == r || a == f || b == r || b == f || a24[a] == 0 || a24[b] == 0)
                continue;
            size_t same = 0;
            for (size_t m = 0; m < d->n_m; m++)
                same += a24[m] == a24[b] || a24[m] == a24[a];
            if (same == 2) {
                la = a;
                lb = b;
            }
        }
    assert_true(la != SIZE_MAX);
    ig_buf b = {0};
    ig_buf_puts(&b, "\xEF\xBB\xBFUitkeringsbasis per maatstaf;Begroting 2024;Raming 2025;"
                    "Raming 2026;Raming 2027\r\n");
    out->lines_2024 = out->lines_2025 = 0;
    int64_t total = 0;
    for (size_t m = 0; m < d->n_m; m++) {
        if (a24[m] == 0 && a25[m] == 0)
            continue;
        int64_t p24 = a24[m], p25 = a25[m];
        if (m == r)
            p24 += 1;
        if (m == f) {
            ig_dec u = d->units[m * d->n_g + g];
            int64_t one = 1;
            for (int k = 0; k < u.scale; k++)
                one *= 10;
            u.mant += 7 * one;
            p24 = basis(u, d->weight[m]);
        }
        if (m == la) {
            p24 = a24[lb];
            p25 = a25[lb];
        }
        total += p24;
        cell(&b, "");
        b.len--; /* the label, quoted */
        put_label(&b, d, m);
        ig_buf_puts(&b, "\";");
        put_nl(&b, p24);
        ig_buf_putc(&b, ';');
        put_nl(&b, p25);
        ig_buf_putc(&b, ';');
        put_nl(&b, p25 + p25 / 100); /* the gemeente's own years */
        ig_buf_putc(&b, ';');
        put_nl(&b, p25 + p25 / 50);
        ig_buf_puts(&b, "\r\n");
        out->lines_2024++;
        out->lines_2025++;
    }
    ig_buf_puts(&b, "Totaal algemene uitkering (uitkeringsbasis);");
    put_nl(&b, total);
    ig_buf_puts(&b, ";;;\r\n");
    assert_false(b.failed);
    char *name = ts_xprintf("begroting_%s.csv", d->codes[g]);
    out->file = ts_strdup(ts_write_in(dir, name, b.data, b.len));
    free(name);
    ig_buf_free(&b);
    out->rounded = r;
    out->forecast = f;
    out->labelled = la;
    out->amount_of = lb;
    free(a24);
    free(a25);
}

static const ingroei_verify_fit *fit_of(const ingroei_verify_summary *s, const char *name)
{
    for (size_t k = 0; k < s->n_fits; k++)
        if (strcmp(s->fits[k].circulaire, name) == 0)
            return &s->fits[k];
    fail_msg("no circulaire '%s' tried", name);
    return NULL;
}

/* The row of verify.csv for the line of maatstaf m in year y. */
static char *row_of(const char *csv, const char *code, int year)
{
    char *key = ts_xprintf(",%s,", code);
    char *ys = ts_xprintf(",%d,", year);
    for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
        const char *end = strchr(p + 1, '\n');
        char *row = strndup(p + 1, end ? (size_t)(end - p - 1) : strlen(p + 1));
        /* the maatstaf column follows the label: match ",code,<omschrijving>,year," */
        const char *at = strstr(row, key);
        if (at && strstr(at, ys)) {
            free(key);
            free(ys);
            return row;
        }
        free(row);
    }
    fail_msg("no row for %s %d", code, year);
    return NULL;
}

static void expect_row(const char *csv, const char *code, int year, const char *needle)
{
    char *row = row_of(csv, code, year);
    if (!strstr(row, needle))
        fail_msg("row for %s %d lacks '%s': %s", code, year, needle, row);
    free(row);
}

/* Runs ingroei_verify, failing the test with the engine's message when it fails. */
static void verify_ok(const ingroei_verify_query *q, const char *out, ingroei_verify_summary *s)
{
    ingroei_output_report rep;
    ingroei_error err;
    if (ingroei_verify(q, out, s, &rep, &err) != INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
}

static void one_gemeente(const ig_au_view *v24, const ig_au_view *v25, size_t g, bool by_name)
{
    const ig_au_data *d = v24->data;
    made t;
    make_table(v24, v25, g, &t);
    char *key = ts_strdup(by_name ? d->names[g] : d->codes[g]);
    for (char *p = key; by_name && *p; p++) /* the name as someone types it */
        *p = (char)toupper((unsigned char)*p);
    char *out = ts_xprintf("%s/out_%s", dir, d->codes[g]);
    ingroei_verify_query q = {NULL, t.file, 0, NULL, key, DIR_GF, NULL};
    ingroei_verify_summary s;
    verify_ok(&q, out, &s);
    assert_string_equal(s.best_circulaire, "mei 2024");
    /* 2024: all but three lines gelijk; 2025: all but the mislabelled one */
    assert_int_equal(s.n_equal, t.lines_2024 - 3 + t.lines_2025 - 1);
    assert_int_equal(s.n_rounding, 1);
    assert_int_equal(s.n_off, 3);
    assert_int_equal(s.n_unknown, 1);                  /* the total row's 2024 */
    assert_int_equal(s.n_unchecked, 2 * t.lines_2024); /* 2026 and 2027 */
    assert_int_equal(s.n_lines, 2 * t.lines_2024 + 2 * t.lines_2025 + 1);
    const ingroei_verify_fit *best = fit_of(&s, "mei 2024");
    assert_int_equal(best->n_models, 2);
    for (size_t k = 0; k < s.n_fits; k++)
        if (&s.fits[k] != best)
            assert_true(s.fits[k].n_equal + s.fits[k].n_rounding <
                        best->n_equal + best->n_rounding);
    char *path = ts_xprintf("%s/verify.csv", out);
    char *csv = ts_slurp(path, NULL);
    free(path);
    expect_row(csv, d->maatstaven[t.rounded], 2024, ",1,");
    expect_row(csv, d->maatstaven[t.rounded], 2024, ",afronding,");
    expect_row(csv, d->maatstaven[t.forecast], 2024, ",7.00,,afwijkend,");
    char *other = ts_xprintf(",%s,afwijkend,the amount is exactly that of maatstaf %s (",
                             d->maatstaven[t.amount_of], d->maatstaven[t.amount_of]);
    expect_row(csv, d->maatstaven[t.labelled], 2024, other);
    expect_row(csv, d->maatstaven[t.labelled], 2025, other);
    free(other);
    assert_non_null(strstr(csv, ",onbekend,\"'Totaal algemene uitkering (uitkeringsbasis)' "
                                "names no maatstaf; nearest: "));
    path = ts_xprintf("%s/verify.json", out);
    char *json = ts_slurp(path, NULL);
    free(path);
    assert_non_null(strstr(json, "\"best_circulaire\": \"mei 2024\""));
    assert_non_null(strstr(json, "\"separator\": \";\""));
    free(json);
    free(csv);
    free(out);
    free(key);
    free(t.file);
}

static void tables_as_printed(void **state)
{
    (void)state;
    dir = ts_make_temp_dir("verify_published");
    ingroei_au *a24 = NULL, *a25 = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_au_new(&a24, DIR_GF "/au_mei2024_2024.yaml", NULL, &err), INGROEI_OK);
    assert_int_equal(ingroei_au_new(&a25, DIR_GF "/au_mei2024_2025.yaml", NULL, &err), INGROEI_OK);
    ig_au_view v24, v25;
    ig_au_view_of(a24, &v24);
    ig_au_view_of(a25, &v25);
    const size_t n = v24.data->n_g;
    one_gemeente(&v24, &v25, 0, true);
    one_gemeente(&v24, &v25, n / 2, false);
    one_gemeente(&v24, &v25, n - 1, true);
    ingroei_au_free(a24);
    ingroei_au_free(a25);
    ts_remove_temp_dir(&dir);
}

/* The README's worked example, tests/verify/voorbeeld_begroting.csv: the counts of
 * every circulaire and the lines the README shows. */
static void verify_readme_example(void **state)
{
    (void)state;
    dir = ts_make_temp_dir("verify_readme");
    char *out = ts_xprintf("%s/out", dir);
    ingroei_verify_query q = {NULL,  "tests/verify/voorbeeld_begroting.csv", 0, NULL, "groningen",
                              DIR_GF, NULL};
    ingroei_verify_summary s;
    verify_ok(&q, out, &s);
    assert_string_equal(s.best_circulaire, "mei 2024");
    static const struct {
        const char *name;
        size_t equal, rounding, off, unknown, unchecked;
    } want[] = {{"mei 2022", 0, 0, 0, 0, 24},
                {"mei 2023", 0, 0, 5, 1, 18},
                {"mei 2024", 6, 1, 3, 2, 12},
                {"september 2023", 0, 0, 5, 1, 18},
                {"september 2024", 3, 1, 6, 2, 12}};
    assert_int_equal(s.n_fits, 5);
    for (size_t k = 0; k < 5; k++) {
        const ingroei_verify_fit *f = fit_of(&s, want[k].name);
        assert_int_equal(f->n_equal, want[k].equal);
        assert_int_equal(f->n_rounding, want[k].rounding);
        assert_int_equal(f->n_off + f->n_within, want[k].off);
        assert_int_equal(f->n_unknown, want[k].unknown);
        assert_int_equal(f->n_unchecked, want[k].unchecked);
    }
    char *path = ts_xprintf("%s/verify.csv", out);
    char *csv = ts_slurp(path, NULL);
    static const char *const lines[] = {
        "3,GM0014,Groningen,Historische woningen in bewoonde oorden 1930,bo31hk,historische "
        "woningen in bewoonde oorden 1930,2024,23468.00,79.48,1865237,1090186,-775051,13716.48,"
        "-9751.52,bo31,afwijkend,the amount is exactly that of maatstaf bo31 (bewoonde oorden "
        "1930)\n",
        "5,GM0014,Groningen,Inwoners,inwo,inwoners,2024,238147.00,375.57,89440869,89485937,45068,"
        "238267.00,120.00,,afwijkend,\n",
        "6,GM0014,Groningen,Oppervlak bebouwing woonkern,opbebk,oppervlak bebouwing woonkern,2024,"
        "991.00,6818.51,6757143,6757144,1,991.00,0.00,,afronding,off by 1 euro: the implied "
        "volume rounds to the circulaire's\n",
        "8,GM0014,Groningen,Bijstand 65+,,,2024,,,,12345,,,,,onbekend,\"'Bijstand 65+' names no "
        "maatstaf; nearest: bo3_nw (bijstandsontvangers), goab (onderwijsachterstand), land "
        "(oppervlakte land)\"\n"};
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++)
        if (!strstr(csv, lines[k]))
            fail_msg("verify.csv lacks %s", lines[k]);
    free(csv);
    free(path);
    free(out);
    ts_remove_temp_dir(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_as_printed),
        cmocka_unit_test(verify_readme_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
