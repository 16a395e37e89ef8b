/*
 * xlsx.c - workbooks as lists of tables, over libxlsxwriter: a sheet is a few lines of
 * text, a frozen header row with an autofilter and rows of typed cells (ig_cell) in
 * columns whose kind (ig_xl_kind) decides the number format. The workbooks of a run
 * (run/xlsx.c) and of a comparison (compare/xlsx.c) are built on this layer.
 *
 * libxlsxwriter runs in a child process (ig_xl_write): it dereferences the NULL of a
 * failed malloc, and it packs whatever its temporary files hold when a write, read or
 * seek on them failed. The child cannot crash the caller, and its file is read back
 * and checked (xlsx_check.c) before it is reported as written.
 *
 * The library is loaded in that child only (dlopen, xl_load), not when the program
 * starts: libxlsxwriter and what it needs (libcrypto, libminizip) cost a process that
 * writes no workbook millions of instructions of the dynamic linker. Its functions are
 * called through the table `lxw`, typed with its header's declarations.
 */
#define _GNU_SOURCE /* pipe2 */
#include "report/report.h"

#include <ctype.h>
#include <math.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* ---- libxlsxwriter, loaded when a workbook is written -------------------------------- */

/* The shared object to load, by its soname (CMakeLists.txt takes it from the library
 * the build found, whose header is the one included here). */
#ifndef IG_XLSXWRITER_SONAME
#error "IG_XLSXWRITER_SONAME (the soname of libxlsxwriter) comes from CMakeLists.txt"
#endif

/* The functions of libxlsxwriter this file calls. */
#define LXW_FUNCTIONS(X)                                                                           \
    X(lxw_strerror)                                                                                \
    X(lxw_workbook_free)                                                                           \
    X(workbook_new_opt)                                                                            \
    X(workbook_set_properties)                                                                     \
    X(workbook_add_format)                                                                         \
    X(workbook_add_worksheet)                                                                      \
    X(workbook_validate_sheet_name)                                                                \
    X(workbook_close)                                                                              \
    X(format_set_align)                                                                            \
    X(format_set_bold)                                                                             \
    X(format_set_bottom)                                                                           \
    X(format_set_num_format)                                                                       \
    X(format_set_text_wrap)                                                                        \
    X(worksheet_autofilter)                                                                        \
    X(worksheet_fit_to_pages)                                                                      \
    X(worksheet_freeze_panes)                                                                      \
    X(worksheet_merge_range)                                                                       \
    X(worksheet_repeat_rows)                                                                       \
    X(worksheet_set_column)                                                                        \
    X(worksheet_set_footer)                                                                        \
    X(worksheet_set_landscape)                                                                     \
    X(worksheet_set_margins)                                                                       \
    X(worksheet_set_paper)                                                                         \
    X(worksheet_set_row)                                                                           \
    X(worksheet_write_number)                                                                      \
    X(worksheet_write_string)

/* A pointer per function, of the type the header declares it with, so that every call
 * is checked against the header; filled by xl_load. */
static struct {
#define LXW_POINTER(name) __typeof__(name) *name;
    LXW_FUNCTIONS(LXW_POINTER)
#undef LXW_POINTER
} lxw;

/* Loads libxlsxwriter and fills `lxw`; an error names the library. In the child of
 * ig_xl_write (the library stays loaded until the child ends). */
static ingroei_status xl_load(ingroei_error *err)
{
    static const char *const names[] = {
#define LXW_NAME(name) #name,
        LXW_FUNCTIONS(LXW_NAME)
#undef LXW_NAME
    };
    enum { N = sizeof names / sizeof *names };
    if (lxw.workbook_new_opt)
        return INGROEI_OK;
    void *fn[N];
    char why[256];
    switch (ig_dl_load(IG_XLSXWRITER_SONAME, names, N, fn, why, sizeof why)) {
    case IG_DL_NO_LIBRARY:
        return ig_fail(err, strstr(why, "emory") ? INGROEI_ERR_NOMEM : INGROEI_ERR_IO, NULL, 0,
                       0, "cannot load the workbook library %s: %s", IG_XLSXWRITER_SONAME, why);
    case IG_DL_NO_FUNCTION:
        return ig_fail(err, INGROEI_ERR_IO, NULL, 0, 0,
                       "cannot load the workbook library %s: it has no function %s",
                       IG_XLSXWRITER_SONAME, why);
    case IG_DL_OK: break;
    }
    size_t i = 0;
#define LXW_SET(name) lxw.name = (__typeof__(lxw.name))fn[i++];
    LXW_FUNCTIONS(LXW_SET)
#undef LXW_SET
    return INGROEI_OK;
}

/* The creation date written into docProps/core.xml: fixed, so that the same inputs give
 * the same bytes (libxlsxwriter writes the current time when it is given 0). It is
 * 2000-01-01T00:00:00Z, not the day the file was made. */
#define FIXED_CREATED ((time_t)946684800)

/* Excel's limit on the characters of one cell. */
#define MAX_CELL_TEXT 32767

/* Column widths in characters: text wider than this is cut off on screen (long text
 * wraps instead), and a header always fits with room for the filter button. */
#define MAX_WIDTH       70.0
#define LONG_TEXT_WIDTH 100.0
#define FILTER_BUTTON   3.0

#define N_KINDS (IG_XL_LONG + 1)

struct ig_xl {
    lxw_workbook *wb;
    char *path;   /* the file */
    char *tmpdir; /* for libxlsxwriter's temporary files */
    char *name;   /* the file's name, for the report */
    char *title;  /* the document's title */
    lxw_format *kind_format[N_KINDS];
    lxw_format *bold, *header_format;
    lxw_format *line_format[2]; /* the lines above a table: wrapped; the first in bold */
    /* the sheet being written */
    lxw_worksheet *ws;
    size_t n_cols, cap_cols;
    lxw_row_t header_row, row; /* row: the next row to write */
    double line_chars[8];      /* the characters of each line above the table (row k) */
    size_t n_lines;
    ig_xl_kind *kind;          /* [cap_cols] */
    double *width;             /* [cap_cols] of the widest cell so far */
    double *header;            /* [cap_cols] of the header's longest word and its filter
                                  button: the heading wraps onto lines this wide */
    double *heading;           /* [cap_cols] of the whole heading with its filter button */
    /* what was written, for the check of the file (xlsx_check.c) */
    ig_xlsx_expect expect;
    char footer[256]; /* the printed pages' footer (Excel's limit: 255 characters) */
    int pipe_fd;      /* the child's end of the pipe to ig_xl_write */
    /* the first error */
    ingroei_status status;
    char message[256];
};

/* Keeps the first error. */
static void xl_fail(ig_xl *x, ingroei_status st, const char *message)
{
    if (x->status == INGROEI_OK) {
        x->status = st;
        snprintf(x->message, sizeof x->message, "%s", message);
    }
}

/* Keeps libxlsxwriter's error as the first, in our style: lower case, no full stop. */
static void xl_check(ig_xl *x, lxw_error e)
{
    if (e == LXW_NO_ERROR || x->status != INGROEI_OK)
        return;
    xl_fail(x, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? INGROEI_ERR_NOMEM : INGROEI_ERR_IO,
            lxw.lxw_strerror(e));
    size_t n = strlen(x->message);
    while (n && (x->message[n - 1] == '.' || x->message[n - 1] == ' '))
        x->message[--n] = '\0';
    x->message[0] = (char)tolower((unsigned char)x->message[0]);
}

/* The number format of each kind. Format codes are stored in their English form;
 * Excel and LibreOffice show them with the reader's separators (1.234.567 in Dutch). */
static const char *const kind_formats[N_KINDS] = {
    [IG_XL_TEXT] = NULL,
    [IG_XL_PLAIN] = "0",
    [IG_XL_COUNT] = "#,##0",
    [IG_XL_EURO] = "\"€ \"#,##0;\"€ -\"#,##0",
    [IG_XL_CENTS] = "\"€ \"#,##0.00;\"€ -\"#,##0.00",
    [IG_XL_SHARE] = "0.00%",
    [IG_XL_DECIMAL] = "0.000000",
    [IG_XL_LONG] = NULL,
};

static void xl_free(ig_xl *x);

/* Starts the workbook dir/name; libxlsxwriter's temporary files go into `dir` too. In
 * the child of ig_xl_write. */
static ingroei_status xl_new(ig_xl **out, const char *dir, const char *name, const char *title,
                             ingroei_error *err)
{
    *out = NULL;
    ingroei_status st = xl_load(err);
    if (st != INGROEI_OK)
        return st;
    ig_xl *x = calloc(1, sizeof *x);
    if (!x)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    x->pipe_fd = -1;
    x->path = ig_path_join(dir, name);
    x->tmpdir = ig_strdup(dir);
    x->name = ig_strdup(name);
    x->title = ig_strdup(title ? title : "");
    lxw_workbook_options options = {.constant_memory = 0, .tmpdir = x->tmpdir, .use_zip64 = 0};
    if (x->path && x->tmpdir && x->name && x->title)
        x->wb = lxw.workbook_new_opt(x->path, &options);
    if (!x->wb) {
        xl_free(x);
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    lxw_doc_properties properties = {.title = x->title, .created = FIXED_CREATED};
    xl_check(x, lxw.workbook_set_properties(x->wb, &properties));
    for (int k = 0; k < N_KINDS; k++) {
        lxw_format *f = x->kind_format[k] = lxw.workbook_add_format(x->wb);
        if (!f)
            continue;
        if (kind_formats[k])
            lxw.format_set_num_format(f, kind_formats[k]);
        if (k == IG_XL_LONG)
            lxw.format_set_text_wrap(f);
        lxw.format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    x->bold = lxw.workbook_add_format(x->wb);
    if (x->bold)
        lxw.format_set_bold(x->bold);
    x->header_format = lxw.workbook_add_format(x->wb);
    if (x->header_format) {
        lxw.format_set_bold(x->header_format);
        lxw.format_set_bottom(x->header_format, LXW_BORDER_THIN);
        lxw.format_set_text_wrap(x->header_format);
        lxw.format_set_align(x->header_format, LXW_ALIGN_VERTICAL_BOTTOM);
    }
    for (int k = 0; k < 2; k++) {
        lxw_format *f = x->line_format[k] = lxw.workbook_add_format(x->wb);
        if (!f)
            continue;
        lxw.format_set_text_wrap(f);
        lxw.format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        if (k == 0)
            lxw.format_set_bold(f);
    }
    bool formats = x->bold && x->header_format && x->line_format[0] && x->line_format[1];
    for (int k = 0; k < N_KINDS; k++)
        formats = formats && x->kind_format[k];
    if (!formats)
        xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
    *out = x;
    return INGROEI_OK;
}

/* The characters of `s` (UTF-8) on its longest line. */
static double text_width(const char *s)
{
    size_t longest = 0, n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n')
            n = 0;
        else if ((*p & 0xC0) != 0x80 && ++n > longest)
            longest = n;
    }
    return (double)longest;
}

/* The characters of the longest word of `s`. */
static double longest_word(const char *s)
{
    size_t longest = 0, n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\n')
            n = 0;
        else if ((*p & 0xC0) != 0x80 && ++n > longest)
            longest = n;
    }
    return (double)longest;
}

/* The characters a number takes when shown in its column's format. */
static double number_width(ig_xl_kind kind, double v)
{
    static const int decimals[N_KINDS] = {
        [IG_XL_CENTS] = 2, [IG_XL_SHARE] = 2, [IG_XL_DECIMAL] = 6};
    ig_buf b = {0};
    ig_put_fixed(&b, kind == IG_XL_SHARE ? v * 100.0 : v, decimals[kind], '.');
    size_t len = b.len, digits = b.data ? strcspn(b.data, ".") - (v < 0) : 0;
    ig_buf_free(&b);
    if (kind == IG_XL_COUNT || kind == IG_XL_EURO || kind == IG_XL_CENTS)
        len += digits ? (digits - 1) / 3 : 0; /* thousands separators */
    if (kind == IG_XL_EURO || kind == IG_XL_CENTS)
        len += 2; /* "€ " */
    return (double)len + (kind == IG_XL_SHARE);
}

static void widen(ig_xl *x, size_t col, double chars)
{
    if (chars > x->width[col])
        x->width[col] = chars;
}

/* Sets the widths and the autofilter of the sheet being written. */
static void finish_sheet(ig_xl *x)
{
    if (!x->ws)
        return;
    double lines = 1.0; /* of the highest heading */
    for (size_t c = 0; c < x->n_cols; c++) {
        double max = x->kind[c] == IG_XL_LONG ? LONG_TEXT_WIDTH : MAX_WIDTH;
        double w = x->width[c] + 1.0 < max ? x->width[c] + 1.0 : max;
        /* a heading wider than its numbers wraps, up to three lines */
        double need = x->heading[c] / 3.0 > x->header[c] ? x->heading[c] / 3.0 : x->header[c];
        w = w > need ? w : ceil(need);
        double l = ceil(x->heading[c] / w);
        lines = l > lines ? l : lines;
        x->width[c] = w; /* as set, for the lines above the table */
        xl_check(x, lxw.worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w,
                                             x->kind_format[x->kind[c]]));
    }
    xl_check(x, lxw.worksheet_set_row(x->ws, x->header_row, 15.0 * (lines + 0.2), NULL));
    /* the lines above the table wrap within its width: as high as they need */
    double table = 0.0;
    for (size_t c = 0; c < x->n_cols; c++)
        table += x->width[c];
    for (size_t k = 0; k < x->n_lines && x->n_cols > 1; k++) {
        double l = ceil(x->line_chars[k] * 1.1 / (table > 1.0 ? table : 1.0));
        if (l > 1.0)
            xl_check(x, lxw.worksheet_set_row(x->ws, (lxw_row_t)k, 15.0 * l, NULL));
    }
    if (x->n_cols)
        xl_check(x, lxw.worksheet_autofilter(
                        x->ws, x->header_row, 0,
                        x->row > x->header_row + 1 ? x->row - 1 : x->header_row,
                        (lxw_col_t)(x->n_cols - 1)));
    x->ws = NULL;
}

/* Counts a cell of the sheet being written, for the check of the file. */
static void count_cell(ig_xl *x, lxw_error e)
{
    xl_check(x, e);
    if (e == LXW_NO_ERROR && x->expect.n_sheets)
        x->expect.cells[x->expect.n_sheets - 1]++;
}

/* Writes a string cell; libxlsxwriter writes none for an empty string without a format
 * (and a blank cell with one). */
static void write_string(ig_xl *x, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    lxw_error e = lxw.worksheet_write_string(x->ws, row, col, s, f);
    if (s[0] || f)
        count_cell(x, e);
    else
        xl_check(x, e);
}

/* Writes text, cut at Excel's limit (on a character boundary) with a mark. */
static void write_text(ig_xl *x, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    size_t len = strlen(s);
    if (len <= MAX_CELL_TEXT) {
        write_string(x, row, col, s, f);
        return;
    }
    static const char mark[] = " [...]";
    size_t keep = MAX_CELL_TEXT - (sizeof mark - 1);
    while (keep && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    char *cut = malloc(keep + sizeof mark);
    if (!cut) {
        xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
        return;
    }
    memcpy(cut, s, keep);
    memcpy(cut + keep, mark, sizeof mark);
    write_string(x, row, col, cut, f);
    free(cut);
}

/* Room for n columns' kinds and widths (a comparison's sheets have more columns the more
 * scenarios it has); false, with the error kept, without memory. */
static bool grow_columns(ig_xl *x, size_t n)
{
    ig_xl_kind *kind = realloc(x->kind, n * sizeof *kind);
    if (kind)
        x->kind = kind;
    double *width = kind ? realloc(x->width, n * sizeof *width) : NULL;
    if (width)
        x->width = width;
    double *header = width ? realloc(x->header, n * sizeof *header) : NULL;
    if (header)
        x->header = header;
    double *heading = header ? realloc(x->heading, n * sizeof *heading) : NULL;
    if (!heading) {
        xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
        return false;
    }
    x->heading = heading;
    x->cap_cols = n;
    return true;
}

void ig_xl_footer(ig_xl *x, const char *left, bool illustrative)
{
    static const char page[] = "&CPagina &P van &N";
    static const char notice[] = "&Robjectieve sleutel ILLUSTRATIEF";
    /* the scenario's name, & doubled (a code otherwise), cut on a character boundary
     * so that the page number and the notice always fit */
    size_t room = sizeof x->footer - sizeof page - sizeof notice - 8, n = 0;
    n += (size_t)snprintf(x->footer, sizeof x->footer, "&L");
    for (const unsigned char *s = (const unsigned char *)(left ? left : ""); *s;) {
        size_t len = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
        if (strnlen((const char *)s, len) < len || n + len + 1 > room)
            break; /* never half a character */
        if (*s == '&')
            x->footer[n++] = '&';
        for (size_t k = 0; k < len; k++, s++)
            if (*s >= 0x20)
                x->footer[n++] = (char)*s;
    }
    x->footer[n] = '\0';
    snprintf(x->footer + n, sizeof x->footer - n, "%s%s", page, illustrative ? notice : "");
}

/* Page set-up for printing: landscape A4, one page wide, the header row repeated on
 * every page, and the footer of ig_xl_footer. */
static void page_setup(ig_xl *x)
{
    lxw.worksheet_set_landscape(x->ws);
    lxw.worksheet_set_paper(x->ws, 9); /* A4 */
    lxw.worksheet_set_margins(x->ws, 0.4, 0.4, 0.5, 0.6);
    lxw.worksheet_fit_to_pages(x->ws, 1, 0);
    xl_check(x, lxw.worksheet_repeat_rows(x->ws, x->header_row, x->header_row));
    xl_check(x, lxw.worksheet_set_footer(x->ws, x->footer[0] ? x->footer : "&CPagina &P van &N"));
}

void ig_xl_sheet(ig_xl *x, const ig_xl_sheet_spec *spec)
{
    if (x->status != INGROEI_OK)
        return;
    finish_sheet(x);
    if (spec->n_cols > x->cap_cols && !grow_columns(x, spec->n_cols))
        return;
    x->n_cols = spec->n_cols;
    char heading[IG_HEADING_MAX];
    for (size_t c = 0; c < spec->n_cols; c++) {
        x->kind[c] = spec->cols[c].kind;
        x->width[c] = 0.0;
        ig_column_heading(spec->cols[c].name, heading, sizeof heading);
        x->header[c] = longest_word(heading) + FILTER_BUTTON;
        x->heading[c] = text_width(heading) + FILTER_BUTTON;
    }
    if (x->expect.n_sheets == IG_XLSX_MAX_SHEETS) {
        xl_fail(x, INGROEI_ERR_USAGE, "too many sheets");
        return;
    }
    if (lxw.workbook_validate_sheet_name(x->wb, spec->name) != LXW_NO_ERROR) {
        xl_fail(x, INGROEI_ERR_USAGE, "a sheet could not be added (name taken or invalid)");
        return;
    }
    x->ws = lxw.workbook_add_worksheet(x->wb, spec->name);
    if (!x->ws) {
        xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
        return;
    }
    x->expect.cells[x->expect.n_sheets++] = 0;
    x->row = 0;
    x->n_lines = 0;
    for (size_t i = 0; i < spec->n_lines; i++)
        if (spec->lines[i]) {
            /* across the table's columns, wrapped: a line never widens the printed page */
            lxw_format *f = x->line_format[x->row ? 1 : 0];
            if (spec->n_cols > 1 && strlen(spec->lines[i]) <= MAX_CELL_TEXT) {
                lxw_error e = lxw.worksheet_merge_range(x->ws, x->row, 0, x->row,
                                                        (lxw_col_t)(spec->n_cols - 1),
                                                        spec->lines[i], f);
                for (size_t c = 0; c < spec->n_cols; c++)
                    count_cell(x, e); /* the text and a blank in each other column */
            } else {
                write_text(x, x->row, 0, spec->lines[i], x->row ? NULL : x->bold);
            }
            if (x->n_lines < sizeof x->line_chars / sizeof x->line_chars[0])
                x->line_chars[x->n_lines++] = text_width(spec->lines[i]);
            x->row++;
        }
    if (x->row)
        x->row++; /* a blank row between the lines and the table */
    x->header_row = x->row++;
    for (size_t c = 0; c < spec->n_cols; c++)
        write_text(x, x->header_row, (lxw_col_t)c,
                   ig_column_heading(spec->cols[c].name, heading, sizeof heading),
                   x->header_format);
    lxw.worksheet_freeze_panes(x->ws, x->header_row + 1, (lxw_col_t)spec->frozen_cols);
    page_setup(x);
}

void ig_xl_row(ig_xl *x, const ig_cell *cells, size_t n)
{
    if (x->status != INGROEI_OK || !x->ws)
        return;
    if (n > x->n_cols) {
        xl_fail(x, INGROEI_ERR_USAGE, "a row has more cells than its sheet has columns");
        return;
    }
    for (size_t c = 0; c < n; c++) {
        const ig_cell *cell = &cells[c];
        ig_xl_kind kind = x->kind[c];
        lxw_format *f = x->kind_format[kind];
        double v;
        if (cell->type == IG_CELL_EMPTY)
            continue;
        if (cell->type == IG_CELL_NUMBER_TEXT) {
            /* a number as an input wrote it ("-1234.56", "-1.234,56"): its value when
             * it reads as one in either notation, else the text */
            ig_dec d;
            if (ig_table_number(cell->text, '.', &d) || ig_table_number(cell->text, ',', &d)) {
                v = ig_dec_value(d);
                count_cell(x, lxw.worksheet_write_number(x->ws, x->row, (lxw_col_t)c, v, f));
                widen(x, c, number_width(kind, v));
            } else {
                write_text(x, x->row, (lxw_col_t)c, cell->text, f);
                widen(x, c, text_width(cell->text));
            }
            continue;
        }
        if (cell->type == IG_CELL_TEXT) {
            write_text(x, x->row, (lxw_col_t)c, cell->text, f);
            widen(x, c, text_width(cell->text));
            continue;
        }
        if (cell->type == IG_CELL_INT) {
            v = (double)cell->integer;
        } else if (cell->type == IG_CELL_DEC) {
            v = ig_dec_value(cell->dec);
        } else {
            /* the number the CSV file shows: the decimal with `decimals` digits */
            ig_buf b = {0};
            bool ok = ig_put_fixed(&b, cell->x, cell->decimals, '.') && !b.failed &&
                      ig_parse_double(b.data, &v);
            ig_buf_free(&b);
            if (!ok) {
                xl_fail(x, INGROEI_ERR_NUMERIC,
                        "a number that is not finite, or too large to write with its "
                        "decimals, reached the workbook");
                return;
            }
        }
        count_cell(x, lxw.worksheet_write_number(x->ws, x->row, (lxw_col_t)c, v, f));
        widen(x, c, number_width(kind, v));
    }
    x->row++;
}

void ig_xl_fail_nomem(ig_xl *x)
{
    xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
}

void ig_xl_note(ig_xl *x, const char *text)
{
    if (x->status != INGROEI_OK || !x->ws)
        return;
    write_text(x, x->row++, 0, text, x->kind_format[IG_XL_TEXT]);
}

static void xl_free(ig_xl *x)
{
    free(x->path);
    free(x->tmpdir);
    free(x->name);
    free(x->title);
    free(x->kind);
    free(x->width);
    free(x->header);
    free(x->heading);
    free(x);
}

/* Packs the file (workbook_close), unless an error came first, and frees `x`; the first
 * error and what was written are copied out. In the child. */
static void xl_close(ig_xl *x, ingroei_status *status, char *message, size_t size,
                     ig_xlsx_expect *expect)
{
    finish_sheet(x);
    /* libxlsxwriter 1.1.4 prints the numbers of the sheets with printf's %G at the
     * close, in the locale of the calling thread: write them in the C locale. */
    locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t before = c_locale ? uselocale(c_locale) : (locale_t)0;
    if (!c_locale)
        xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
    if (x->status == INGROEI_OK) {
        lxw_error e = lxw.workbook_close(x->wb);
        xl_check(x, e);
    } else {
        lxw.lxw_workbook_free(x->wb);
    }
    if (c_locale) {
        uselocale(before);
        freelocale(c_locale);
    }
    *status = x->status;
    snprintf(message, size, "%s", x->message);
    *expect = x->expect;
    xl_free(x);
}

/* ---- the child that writes the workbook, and its parent ------------------------------ */

/* What the child tells ig_xl_write, one message at a time: progress ('P') or its
 * result ('R'). Small enough (below PIPE_BUF) to pass a pipe in one piece. */
typedef struct xl_msg {
    char kind;
    ingroei_status status;
    size_t done, total;
    char message[256];
    ig_xlsx_expect expect;
} xl_msg;

_Static_assert(sizeof(xl_msg) <= 4096, "one write to a pipe (PIPE_BUF)");

static void xl_send(int fd, const xl_msg *m)
{
    const char *p = (const char *)m;
    size_t left = sizeof *m;
    while (left) {
        ssize_t k = write(fd, p, left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return; /* the parent is gone or stopped listening: it decides, not the child */
        p += k;
        left -= (size_t)k;
    }
}

void ig_xl_progress(ig_xl *x, size_t done, size_t total)
{
    if (x->pipe_fd < 0 || x->status != INGROEI_OK)
        return;
    xl_msg m = {.kind = 'P', .done = done, .total = total};
    xl_send(x->pipe_fd, &m);
}

/* The child: builds and packs the workbook, sends the result, and ends with _exit. It
 * is a copy of the caller's process made only for libxlsxwriter: returning into the
 * caller's code, or running its atexit handlers and flushing its stdio buffers, would
 * do the caller's work twice. */
static void xl_child(int msg_fd, int err_fd, const char *dir, const char *name, const char *title,
                     ig_xl_fill_fn *fill, const void *ctx)
{
    /* Ctrl-C is the parent's to handle: it stops the child when it wants to */
    signal(SIGINT, SIG_IGN);
    /* libxlsxwriter's own messages (and a sanitizer's) go to the parent, not to the
     * terminal: the parent puts them in its error */
    dup2(err_fd, STDERR_FILENO);
    xl_msg m = {.kind = 'R'};
    ingroei_error err;
    ig_xl *x = NULL;
    m.status = xl_new(&x, dir, name, title, &err);
    if (m.status == INGROEI_OK) {
        x->pipe_fd = msg_fd;
        fill(x, ctx);
        xl_close(x, &m.status, m.message, sizeof m.message, &m.expect);
    } else {
        snprintf(m.message, sizeof m.message, "%.255s", err.message);
    }
    xl_send(msg_fd, &m);
    _exit(0);
}

/* What the parent hears from the child. */
typedef struct xl_watch {
    xl_msg msg, result;
    size_t got; /* bytes of msg so far */
    bool has_result;
    char said[300]; /* the child's error stream: its first line with "ERROR", else the last */
    bool said_error;
    char line[300];
    size_t line_len;
} xl_watch;

/* Takes a line of the child's error stream. */
static void heard_line(xl_watch *w)
{
    w->line[w->line_len] = '\0';
    if (w->line_len && !w->said_error) {
        snprintf(w->said, sizeof w->said, "%s", w->line);
        w->said_error = strstr(w->line, "ERROR") != NULL;
    }
    w->line_len = 0;
}

static void heard_err(xl_watch *w, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n')
            heard_line(w);
        else if (w->line_len + 1 < sizeof w->line)
            w->line[w->line_len++] = p[i];
    }
}

static void heard_msg(xl_watch *w, const char *p, size_t n, const ingroei_output_options *opt)
{
    while (n) {
        size_t take = sizeof w->msg - w->got < n ? sizeof w->msg - w->got : n;
        memcpy((char *)&w->msg + w->got, p, take);
        w->got += take;
        p += take;
        n -= take;
        if (w->got < sizeof w->msg)
            return;
        w->got = 0;
        if (w->msg.kind == 'R') {
            w->result = w->msg;
            w->result.message[sizeof w->result.message - 1] = '\0';
            w->has_result = true;
        } else if (w->msg.kind == 'P' && opt && opt->progress) {
            opt->progress(opt->progress_context, w->msg.done, w->msg.total);
        }
    }
}

static bool cancelled(const ingroei_output_options *opt)
{
    return opt && opt->cancel && *opt->cancel;
}

/* Listens to the child until it closes both pipes, passing its progress on and
 * stopping it when the caller cancels; then reaps it. Returns its wait status (-1 when
 * it cannot be had: with SIGCHLD ignored, the system reaps it). */
static int xl_listen(pid_t pid, int msg_fd, int err_fd, xl_watch *w,
                     const ingroei_output_options *opt, bool *stopped)
{
    struct pollfd fds[2] = {{msg_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    int open_fds = 2;
    while (open_fds) {
        if (cancelled(opt) && !*stopped) {
            kill(pid, SIGKILL);
            *stopped = true;
        }
        int k = poll(fds, 2, opt && opt->cancel && !*stopped ? 50 : -1);
        if (k < 0 && errno != EINTR) {
            kill(pid, SIGKILL); /* cannot listen: stop it rather than wait blind */
            *stopped = true;
            break;
        }
        for (int i = 0; i < 2 && k > 0; i++) {
            if (fds[i].fd < 0 || !fds[i].revents)
                continue;
            char buf[4096];
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0) {
                fds[i].fd = -1;
                open_fds--;
            } else if (i == 0) {
                heard_msg(w, buf, (size_t)n, opt);
            } else {
                heard_err(w, buf, (size_t)n);
            }
        }
    }
    heard_line(w);
    int status = -1;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            status = -1;
            break;
        }
    }
    return status;
}

/* Reads the written file back, checks it and flushes it to the disk. */
static ingroei_status xl_verify(const char *path, const ig_xlsx_expect *expect, ingroei_error *err)
{
    char ebuf[128];
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    int e = fd < 0 ? errno : 0; /* the errno of the call that failed, never an earlier one */
    struct stat sb;
    if (fd >= 0 && fstat(fd, &sb) != 0)
        e = errno;
    if (e || !S_ISREG(sb.st_mode)) {
        ingroei_status st =
            ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "cannot read the workbook back: %s",
                    e ? ig_strerror(e, ebuf, sizeof ebuf) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return st;
    }
    size_t size = (size_t)sb.st_size, len = 0;
    unsigned char *data = malloc(size ? size : 1);
    ingroei_status st = INGROEI_OK;
    if (!data)
        st = ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
    while (st == INGROEI_OK && len < size) {
        ssize_t k = read(fd, data + len, size - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "cannot read the workbook back: %s",
                         k < 0 ? ig_strerror(errno, ebuf, sizeof ebuf) : "it became shorter");
        else
            len += (size_t)k;
    }
    if (st == INGROEI_OK)
        st = ig_xlsx_verify(data, size, expect, path, err);
    /* flushed to the disk before it can be renamed into place */
    if (st == INGROEI_OK && fsync(fd) != 0)
        st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "cannot flush the workbook to the disk: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    free(data);
    if (close(fd) != 0 && st == INGROEI_OK)
        st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "cannot read the workbook back: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    return st;
}

/* The error of a child that ended without a result. */
static ingroei_status xl_died(int status, const xl_watch *w, const char *path, ingroei_error *err)
{
    char how[96];
    if (status == -1)
        snprintf(how, sizeof how, "ended without a result");
    else if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "was ended by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(how, sizeof how, "ended with status %d without a result",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    bool memory = strstr(w->said, "emory") != NULL;
    return ig_fail(err, memory ? INGROEI_ERR_NOMEM : INGROEI_ERR_IO, path, 0, 0,
                   "cannot write the workbook: libxlsxwriter's process %s%s%s%s", how,
                   w->said[0] ? " (it said: " : "", w->said, w->said[0] ? ")" : "");
}

/* Builds the workbook dir/name once, in a child process, and verifies it (see
 * ig_xl_write). On failure the file is removed. */
static ingroei_status xl_build(const char *dir, const char *name, const char *title,
                               ig_xl_fill_fn *fill, const void *ctx,
                               const ingroei_output_options *opt, ingroei_error *err)
{
    char ebuf[128];
    char *path = ig_path_join(dir, name);
    if (!path)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    /* what the child says is kept in w, allocated before the child starts: nothing of
     * the parent's allocates while the child runs (and so the fault-injection harness,
     * which counts the calls of both, sees them in one order) */
    xl_watch *w = calloc(1, sizeof *w);
    if (!w) {
        const ingroei_status st = ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
        free(path);
        return st;
    }
    int msg[2] = {-1, -1}, errs[2] = {-1, -1};
    pid_t pid = -1;
    ingroei_status st = INGROEI_OK;
    if (pipe2(msg, O_CLOEXEC) != 0 || pipe2(errs, O_CLOEXEC) != 0 || (pid = ig_child_fork()) < 0)
        st = ig_fail(err, errno == ENOMEM || errno == EAGAIN ? INGROEI_ERR_NOMEM : INGROEI_ERR_IO,
                     path, 0, 0, "cannot start the process that writes the workbook: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    if (pid == 0) {
        close(msg[0]);
        close(errs[0]);
        xl_child(msg[1], errs[1], dir, name, title, fill, ctx);
    }
    if (msg[1] >= 0)
        close(msg[1]);
    if (errs[1] >= 0)
        close(errs[1]);
    bool stopped = false;
    if (pid > 0) {
        int status = xl_listen(pid, msg[0], errs[0], w, opt, &stopped);
        if (st != INGROEI_OK)
            ;
        else if (stopped && cancelled(opt))
            st = ig_fail(err, INGROEI_ERR_CANCELLED, NULL, 0, 0, "the workbook was stopped");
        else if (!w->has_result || stopped ||
                 (status != -1 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)))
            st = xl_died(status, w, path, err);
        else if (w->result.status != INGROEI_OK)
            st = ig_fail(err, w->result.status, path, 0, 0, "cannot write the workbook: %s",
                         w->result.message);
        else
            st = xl_verify(path, &w->result.expect, err);
    }
    if (msg[0] >= 0)
        close(msg[0]);
    if (errs[0] >= 0)
        close(errs[0]);
    free(w);
    if (st != INGROEI_OK)
        unlink(path);
    free(path);
    return st;
}

/* Whether the files dir/a and dir/b hold the same bytes; reads through a fixed buffer. */
static ingroei_status same_bytes(const char *dir, const char *a, const char *b, ingroei_error *err)
{
    char *pa = ig_path_join(dir, a), *pb = ig_path_join(dir, b);
    int fa = pa ? open(pa, O_RDONLY | O_CLOEXEC) : -1,
        fb = pb ? open(pb, O_RDONLY | O_CLOEXEC) : -1;
    bool same = fa >= 0 && fb >= 0;
    while (same) {
        char x[8192], y[8192];
        ssize_t nx = read(fa, x, sizeof x), ny = nx > 0 ? read(fb, y, (size_t)nx) : read(fb, y, 1);
        if (nx < 0 || ny < 0 || nx != ny || memcmp(x, y, (size_t)(nx > 0 ? nx : 0)) != 0)
            same = false;
        if (nx <= 0)
            break;
    }
    ingroei_status st = same ? INGROEI_OK
                             : ig_fail(err, INGROEI_ERR_IO, pa ? pa : a, 0, 0,
                                       "the workbook came out differently when written twice: "
                                       "a write was lost (is the disk full?)");
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    free(pa);
    free(pb);
    return st;
}

ingroei_status ig_xl_write(const char *dir, const char *name, const char *title,
                           ig_xl_fill_fn *fill, const void *ctx, const ingroei_output_options *opt,
                           ingroei_output_report *report, ingroei_error *err)
{
    if (report && report->n_files >= INGROEI_MAX_OUTPUT_FILES)
        return ig_fail(err, INGROEI_ERR_USAGE, name, 0, 0, "too many output files");
    /* libxlsxwriter does not check the writes to its temporary files: one that fails can
     * leave a part that is still well-formed but short. The bytes of a workbook are
     * reproducible, so it is written a second time, without progress, and the two must
     * be the same. */
    char check[160];
    snprintf(check, sizeof check, ".%s.ingroei-check", name);
    ingroei_status st = xl_build(dir, name, title, fill, ctx, opt, err);
    const ingroei_output_options quiet = {.cancel = opt ? opt->cancel : NULL};
    if (st == INGROEI_OK)
        st = xl_build(dir, check, title, fill, ctx, opt ? &quiet : NULL, err);
    if (st == INGROEI_OK)
        st = same_bytes(dir, name, check, err);
    char checked[PATH_MAX];
    if (snprintf(checked, sizeof checked, "%s/%s", dir, check) < (int)sizeof checked)
        unlink(checked); /* else io/stage.c removes it with the stage */
    /* packing cannot be stopped inside the child, but what it packed can be left unused */
    if (st == INGROEI_OK && cancelled(opt))
        st = ig_fail(err, INGROEI_ERR_CANCELLED, NULL, 0, 0, "the workbook was stopped");
    /* a failed workbook is not reported, so never moved into place; gone from staging
     * too (a path too long to say here is removed by io/stage.c with the stage) */
    char built[PATH_MAX];
    if (st != INGROEI_OK && snprintf(built, sizeof built, "%s/%s", dir, name) < (int)sizeof built)
        unlink(built);
    if (st == INGROEI_OK && report)
        snprintf(report->files[report->n_files++], sizeof report->files[0], "%s", name);
    return st;
}
