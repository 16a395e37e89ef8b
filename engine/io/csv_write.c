/*
 * csv_write.c - CSV as the engine writes it: RFC 4180 fields, rows of typed cells in
 * either dialect (RFC 4180, or the Dutch-Excel one), and header lines.
 */
#include "io/io.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Whether a text cell needs quotes: it holds `sep`, a quote or a line break. */
static bool needs_quotes(const char *s, char sep)
{
    const char specials[] = {sep, '"', '\r', '\n', '\0'};
    return strpbrk(s, specials) != NULL;
}

/* A spreadsheet that opens the file would take a text starting with = + - @ or a tab or
 * carriage return for a formula: such a text gets a leading apostrophe, as spreadsheets
 * themselves mark text. Numbers are written by the other cell writers and are not
 * touched. */
static bool formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]);
}

/* Appends s as one CSV cell (after an apostrophe when `mark`), quoted when it holds
 * `sep`, a quote or a line break. */
static void put_cell_marked(ig_buf *b, const char *s, char sep, bool mark)
{
    if (!needs_quotes(s, sep)) {
        if (mark)
            ig_buf_putc(b, '\'');
        ig_buf_puts(b, s);
        return;
    }
    ig_buf_puts(b, mark ? "\"'" : "\"");
    for (const char *run = s;; s++)
        if (!*s || *s == '"') { /* a run up to and with a quote, the quote doubled */
            ig_buf_putn(b, run, (size_t)(s - run) + (*s == '"'));
            if (!*s)
                break;
            run = s; /* the quote again */
        }
    ig_buf_putc(b, '"');
}

static void put_cell(ig_buf *b, const char *s, char sep)
{
    put_cell_marked(b, s, sep, false);
}

void ig_csv_field(ig_buf *b, const char *s)
{
    put_cell(b, s, ',');
}

/* Starts a cell: a separator before every cell but the first of a row. */
static void next_cell(ig_csv_row *w)
{
    if (w->cells++)
        ig_buf_putc(w->b, w->sep);
}

void ig_csv_dec(ig_csv_row *w, ig_dec d)
{
    next_cell(w);
    ig_put_dec(w->b, d);
}

void ig_csv_dec_point(ig_csv_row *w, ig_dec d)
{
    next_cell(w);
    const size_t start = w->b->len;
    ig_put_dec(w->b, d);
    if (w->point != '.' && w->b->data)
        for (size_t i = start; i < w->b->len; i++)
            if (w->b->data[i] == '.')
                w->b->data[i] = w->point;
}

void ig_csv_text(ig_csv_row *w, const char *s)
{
    next_cell(w);
    put_cell_marked(w->b, s, w->sep, formula_like(s));
}

void ig_csv_number_text(ig_csv_row *w, const char *s)
{
    next_cell(w);
    put_cell(w->b, s, w->sep);
}

void ig_csv_int(ig_csv_row *w, int64_t v)
{
    next_cell(w);
    ig_put_int(w->b, v);
}

void ig_csv_fixed(ig_csv_row *w, double x, int decimals)
{
    next_cell(w);
    ig_put_fixed(w->b, x, decimals, w->point); /* marks the buffer invalid on NaN or Inf */
}

void ig_csv_decimal(ig_csv_row *w, double x)
{
    next_cell(w);
    ig_put_decimal(w->b, x);
}

void ig_csv_empty(ig_csv_row *w)
{
    next_cell(w);
}

void ig_csv_end(ig_csv_row *w)
{
    ig_buf_putc(w->b, '\n');
    w->cells = 0;
}

/* A number as an input wrote it, with the dialect's decimal point when it is a plain
 * decimal ("-1234.5": digits, an optional sign, one '.'), else unchanged. */
static void number_text_point(ig_csv_row *w, const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    size_t digits = strspn(p, "0123456789");
    const bool plain = digits > 0 && p[digits] == '.' && p[digits + 1] &&
                       strspn(p + digits + 1, "0123456789") == strlen(p + digits + 1);
    if (!plain || w->point == '.') {
        ig_csv_number_text(w, s);
        return;
    }
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    if (strlen(s) >= sizeof buf) {
        ig_csv_number_text(w, s);
        return;
    }
    *strchr(buf, '.') = w->point;
    ig_csv_number_text(w, buf);
}

/* ---- rows of cells, formatted into a line on the stack ------------------------------ */

/* A row is written into `s` and appended to the buffer when full and at its end: one
 * reservation per row rather than several per cell. */
typedef struct line {
    ig_buf *b;
    size_t n;
    char s[1024];
} line;

static void line_flush(line *l)
{
    if (l->n)
        ig_buf_putn(l->b, l->s, l->n);
    l->n = 0;
}

/* Room for k <= sizeof s bytes. */
static char *line_room(line *l, size_t k)
{
    if (l->n + k > sizeof l->s)
        line_flush(l);
    return l->s + l->n;
}

static void line_int(line *l, int64_t v)
{
    l->n += ig_fmt_int(line_room(l, IG_INT_MAX), v);
}

/* As ig_put_fixed (the same function writes the digits), with nothing but the buffer's
 * invalid mark for a number that cannot be written. */
static void line_fixed(line *l, double x, int decimals, char point)
{
    const size_t n = ig_fmt_fixed(line_room(l, IG_FIXED_MAX), x, decimals, point);
    if (!n)
        l->b->invalid = true;
    l->n += n;
}

/* A text cell as ig_csv_text writes it; a long one goes straight to the buffer. */
static void line_text(line *l, const char *s, char sep, bool mark)
{
    const size_t len = strlen(s);
    if (2 * len + 3 > sizeof l->s) {
        line_flush(l);
        put_cell_marked(l->b, s, sep, mark);
        return;
    }
    char *p = line_room(l, 2 * len + 3), *start = p;
    const bool quote = needs_quotes(s, sep);
    if (quote)
        *p++ = '"';
    if (mark)
        *p++ = '\'';
    if (!quote) {
        memcpy(p, s, len);
        p += len;
    } else {
        for (const char *c = s; *c; c++) {
            if (*c == '"')
                *p++ = '"';
            *p++ = *c;
        }
        *p++ = '"';
    }
    l->n += (size_t)(p - start);
}

void ig_csv_cells(ig_csv_row *w, const ig_cell *cells, size_t n)
{
    line l;
    l.b = w->b;
    l.n = 0;
    for (size_t i = 0; i < n; i++) {
        const ig_cell *c = &cells[i];
        if (c->type == IG_CELL_DEC || c->type == IG_CELL_NUMBER_TEXT) {
            /* rare: written by the cell writers, after what is on the line */
            line_flush(&l);
            if (c->type == IG_CELL_DEC)
                ig_csv_dec_point(w, c->dec);
            else
                number_text_point(w, c->text);
            continue;
        }
        if (w->cells++) {
            *line_room(&l, 1) = w->sep;
            l.n++;
        }
        switch (c->type) {
        case IG_CELL_TEXT: line_text(&l, c->text, w->sep, formula_like(c->text)); break;
        case IG_CELL_INT: line_int(&l, c->integer); break;
        case IG_CELL_FIXED: line_fixed(&l, c->x, c->decimals, w->point); break;
        default: break; /* empty */
        }
    }
    *line_room(&l, 1) = '\n';
    l.n++;
    line_flush(&l);
    w->cells = 0;
}

/* The headings of the columns whose name alone does not say it in Dutch words. */
static const char *const headings[][2] = {
    {"jaar", "Jaar"},
    {"gemeentenaam", "Gemeente"},
    {"inwoners_peiljaar", "Inwoners op 1 januari van"},
    {"aandeel_objectief", "Aandeel objectief (p_t)"},
    {"historisch", "Historisch deel (euro)"},
    {"objectief", "Objectief deel (euro)"},
    {"totaal", "Totaal (euro)"},
    {"totaal_per_inwoner", "Totaal per inwoner (euro)"},
    {"volledig_historisch", "Volledig historisch (euro)"},
    {"verschil_met_historisch", "Verschil met historisch (euro)"},
    {"verschil_per_inwoner", "Verschil per inwoner (euro)"},
    {"volledig_objectief", "Volledig objectief (euro)"},
    {"totaal_zonder_cap", "Totaal zonder cap (euro)"},
    {"effect_cap", "Effect van de cap (euro)"},
    {"effect_cap_per_inwoner", "Effect van de cap per inwoner (euro)"},
    {"cap_geraakt", "Op een cap gehouden"},
    {"objectieve_sleutel_illustratief", "Objectieve sleutel illustratief"},
    {"budget", "Budget (euro)"},
    {"budget_historisch", "Budget van het historische deel (euro)"},
    {"budget_objectief", "Budget van het objectieve deel (euro)"},
    {"bron_budget", "Bron van het budget"},
    {"historisch_deel", "Historisch deel (euro)"},
    {"objectief_deel", "Objectief deel (euro)"},
    {"som_toegekend", "Som toegekend (euro)"},
    {"afrondingsverschil", "Afrondingsverschil (euro)"},
    {"uitkeringsfactor_sleutel", "Uitkeringsfactor van de sleutel"},
    {"cap_actief", "Cap actief"},
    {"cap_haalbaar", "Cap haalbaar"},
    {"gemeenten_op_verliescap", "Gemeenten op de verliescap"},
    {"gemeenten_op_wincap", "Gemeenten op de wincap"},
    {"schaal_winsten", "Schaal van de winsten (lambda)"},
    {"cap_max_verlies_per_inwoner", "Cap: grootste verlies per inwoner (euro)"},
    {"cap_max_winst_per_inwoner", "Cap: grootste winst per inwoner (euro)"},
    {"bedrag", "Bedrag (euro)"},
    {"sha256", "SHA-256"},
    {"centrumgemeente_code", "Code centrumgemeente"},
    {"centrumgemeente_naam", "Centrumgemeente"},
    /* the auditor's tables (audit/) */
    {"totaal_vorig_jaar", "Totaal vorig jaar (euro)"},
    {"stap_pad", "Stap van het pad (euro)"},
    {"sleutel_en_volumes", "Sleutel en volumes (euro)"},
    {"verschil", "Verschil (euro)"},
    {"au_van", "Algemene uitkering van (euro)"},
    {"au_naar", "Algemene uitkering naar (euro)"},
    {"volumes", "Door volumes (euro)"},
    {"gewichten", "Door gewichten (euro)"},
    {"som_clusters", "Som van de clusters (euro)"},
    {"algemene_uitkering", "Algemene uitkering (euro)"},
    {"verschil_clusters", "Verschil met de clusters (euro)"},
    {"samengevoegd", "Samengevoegd uit (herindeling)"},
    {"eenheden_gepubliceerd", "Eenheden volgens de publicatie"},
    {"verschil_eenheden", "Verschil in eenheden"},
    {"gelijk_aan", "Bedrag gelijk aan maatstaf"},
};

const char *ig_column_heading(const char *name, char *buf, size_t size)
{
    for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
        if (!strcmp(name, headings[i][0])) {
            snprintf(buf, size, "%s", headings[i][1]);
            return buf;
        }
    snprintf(buf, size, "%s", name);
    for (char *c = buf; *c; c++)
        if (*c == '_')
            *c = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

static void header_cell(const ig_csv_row *w, size_t i, const char *name, size_t len)
{
    char copy[IG_HEADING_MAX], heading[IG_HEADING_MAX];
    snprintf(copy, sizeof copy, "%.*s", (int)len, name);
    if (i)
        ig_buf_putc(w->b, w->sep);
    put_cell(w->b, w->people ? ig_column_heading(copy, heading, sizeof heading) : copy, w->sep);
}

void ig_csv_header(const ig_csv_row *w, const ig_column *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        header_cell(w, i, cols[i].name, strlen(cols[i].name));
    ig_buf_putc(w->b, '\n');
}

void ig_csv_header_names(const ig_csv_row *w, const char *commas)
{
    size_t i = 0;
    for (const char *s = commas; *s; i++) {
        size_t len = strcspn(s, ",\n");
        header_cell(w, i, s, len);
        s += len;
        if (*s)
            s++;
    }
    ig_buf_putc(w->b, '\n');
}

/* The nl dialect's byte-order mark: without it Excel reads a CSV file in the Windows
 * code page and garbles names such as Súdwest-Fryslân. */
ig_csv_row ig_csv_start(ig_buf *b, ingroei_csv_dialect dialect)
{
    if (dialect == INGROEI_CSV_NL) {
        ig_buf_puts(b, "\xEF\xBB\xBF");
        return (ig_csv_row){b, ';', ',', 0, true};
    }
    return (ig_csv_row){b, ',', '.', 0, false};
}
