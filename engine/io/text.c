/*
 * text.c - escaping for the text formats the engine writes: RFC 4180 CSV fields and
 * JSON strings.
 */
#include "../ig.h"

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

enum { JSON_PLAIN, JSON_SCRIPT, JSON_YAML };

/* A JSON string literal. JSON_SCRIPT: also safe inside an HTML <script> element (see
 * ig_json_script in report/html.h). JSON_YAML: also a YAML double-quoted scalar that
 * reads back unchanged: YAML folds its line breaks U+0085, U+2028 and U+2029 and does
 * not allow DEL and the other C1 controls raw, so they are escaped too. */
static void json_string(ig_buf *b, const char *s, int mode)
{
    static const char hex[] = "0123456789abcdef";
    const bool script = mode == JSON_SCRIPT, yaml = mode == JSON_YAML;
    ig_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool markup = script && (*p == '<' || *p == '>' || *p == '&');
        /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8 */
        if ((script || yaml) && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            ig_buf_puts(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
            p += 2;
            continue;
        }
        /* U+0080..U+009F (NEL among them) are C2 80..C2 9F */
        if (yaml && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            ig_buf_puts(b, "\\u00");
            ig_buf_putc(b, hex[p[1] >> 4]);
            ig_buf_putc(b, hex[p[1] & 15]);
            p += 1;
            continue;
        }
        if (yaml && *p == 0x7f) {
            ig_buf_puts(b, "\\u007f");
            continue;
        }
        switch (*p) {
        case '"': ig_buf_puts(b, "\\\""); break;
        case '\\': ig_buf_puts(b, "\\\\"); break;
        case '\n': ig_buf_puts(b, "\\n"); break;
        case '\r': ig_buf_puts(b, "\\r"); break;
        case '\t': ig_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20 || markup) {
                ig_buf_puts(b, "\\u00");
                ig_buf_putc(b, hex[*p >> 4]);
                ig_buf_putc(b, hex[*p & 15]);
            } else {
                ig_buf_putc(b, (char)*p);
            }
        }
    }
    ig_buf_putc(b, '"');
}

void ig_json_string(ig_buf *b, const char *s)
{
    json_string(b, s, JSON_PLAIN);
}

void ig_json_script(ig_buf *b, const char *s)
{
    json_string(b, s, JSON_SCRIPT);
}

void ig_yaml_quoted(ig_buf *b, const char *s)
{
    json_string(b, s, JSON_YAML);
}

bool ig_utf8_valid(const char *s, size_t len, int *line, int *column)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    int l = 1, c = 1;
    while (p < end) {
        unsigned char b = *p;
        size_t n = b < 0x80             ? 1
                   : (b & 0xE0) == 0xC0 ? 2
                   : (b & 0xF0) == 0xE0 ? 3
                   : (b & 0xF8) == 0xF0 ? 4
                                        : 0;
        bool ok = n > 0 && (size_t)(end - p) >= n;
        for (size_t k = 1; ok && k < n; k++)
            ok = (p[k] & 0xC0) == 0x80;
        if (ok && n > 1) {
            /* no overlong forms, no surrogates, nothing above U+10FFFF */
            uint32_t cp = b & (0x7F >> n);
            for (size_t k = 1; k < n; k++)
                cp = (cp << 6) | (p[k] & 0x3F);
            static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
            ok = cp >= min[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (!ok) {
            *line = l;
            *column = c;
            return false;
        }
        if (b == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
        p += n;
    }
    return true;
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
