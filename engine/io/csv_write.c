/*
 * csv_write.c - CSV as the engine writes it: RFC 4180 fields, rows of typed cells in
 * either dialect (RFC 4180, or the Dutch-Excel one), and header lines.
 */
#include "io/io.h"

#include <string.h>

/* Appends s as one CSV cell, quoted when it holds `sep`, a quote or a line break. */
static void put_cell(ig_buf *b, const char *s, char sep)
{
    const char specials[] = {sep, '"', '\r', '\n', '\0'};
    if (!strpbrk(s, specials)) {
        ig_buf_puts(b, s);
        return;
    }
    ig_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            ig_buf_putc(b, '"');
        ig_buf_putc(b, *s);
    }
    ig_buf_putc(b, '"');
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

void ig_csv_text(ig_csv_row *w, const char *s)
{
    next_cell(w);
    /* A spreadsheet that opens the file would take a text starting with = + - @ or a
     * tab or carriage return for a formula: such a text gets a leading apostrophe, as
     * spreadsheets themselves mark text. Numbers are written by the other cell writers
     * and are not touched. */
    if (s[0] && strchr("=+-@\t\r", s[0])) {
        ig_buf tmp = {0};
        ig_buf_putc(&tmp, '\'');
        ig_buf_puts(&tmp, s);
        put_cell(w->b, tmp.data ? tmp.data : "", w->sep);
        w->b->failed = w->b->failed || tmp.failed;
        ig_buf_free(&tmp);
        return;
    }
    put_cell(w->b, s, w->sep);
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

void ig_csv_cells(ig_csv_row *w, const ig_cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ig_cell *c = &cells[i];
        switch (c->type) {
        case IG_CELL_EMPTY: ig_csv_empty(w); break;
        case IG_CELL_TEXT: ig_csv_text(w, c->text); break;
        case IG_CELL_INT: ig_csv_int(w, c->integer); break;
        case IG_CELL_FIXED: ig_csv_fixed(w, c->x, c->decimals); break;
        }
    }
    ig_csv_end(w);
}

void ig_csv_header(ig_buf *b, const ig_column *cols, size_t n, char sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ig_buf_putc(b, sep);
        put_cell(b, cols[i].name, sep);
    }
    ig_buf_putc(b, '\n');
}

/* The nl dialect's byte-order mark: without it Excel reads a CSV file in the Windows
 * code page and garbles names such as Súdwest-Fryslân. */
ig_csv_row ig_csv_start(ig_buf *b, ingroei_csv_dialect dialect)
{
    if (dialect == INGROEI_CSV_NL) {
        ig_buf_puts(b, "\xEF\xBB\xBF");
        return (ig_csv_row){b, ';', ',', 0};
    }
    return (ig_csv_row){b, ',', '.', 0};
}
