/*
 * xlsx.c - workbooks as lists of tables, over libxlsxwriter: a sheet is a few lines of
 * text, a frozen header row with an autofilter and rows of typed cells (ig_cell) in
 * columns whose kind (ig_xl_kind) decides the number format. The workbooks of a run
 * (run/xlsx.c) and of a comparison (compare/xlsx.c) are built on this layer.
 */
#include "report/report.h"

#include <ctype.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The creation date written into docProps/core.xml: fixed, so that the same inputs give
 * the same bytes (libxlsxwriter writes the current time when it is given 0). It is
 * 2000-01-01T00:00:00Z, not the day the file was made. */
#define FIXED_CREATED ((time_t)946684800)

/* Excel's limit on the characters of one cell. */
#define MAX_CELL_TEXT 32767

/* Column widths in characters: text wider than this is cut off on screen (long text
 * wraps instead), and a header always fits with room for the filter button. */
#define MAX_WIDTH     70.0
#define LONG_WIDTH    100.0
#define FILTER_BUTTON 3.0

#define N_KINDS (IG_XL_LONG + 1)

struct ig_xl {
    lxw_workbook *wb;
    char *path;   /* the file */
    char *tmpdir; /* for libxlsxwriter's temporary files */
    char *name;   /* the file's name, for the report */
    char *title;  /* the document's title */
    lxw_format *kind_format[N_KINDS];
    lxw_format *bold, *header_format;
    /* the sheet being written */
    lxw_worksheet *ws;
    size_t n_cols, cap_cols;
    lxw_row_t header_row, row; /* row: the next row to write */
    ig_xl_kind *kind;          /* [cap_cols] */
    double *width;             /* [cap_cols] of the widest cell so far */
    double *header;            /* [cap_cols] of the header with its filter button */
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
            lxw_strerror(e));
    size_t n = strlen(x->message);
    while (n && (x->message[n - 1] == '.' || x->message[n - 1] == ' '))
        x->message[--n] = '\0';
    x->message[0] = (char)tolower((unsigned char)x->message[0]);
}

/* Flushes the written file to the disk before it can be renamed into place. */
static void xl_sync(ig_xl *x)
{
    int fd = open(x->path, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0)
        xl_fail(x, INGROEI_ERR_IO, "cannot flush the file to the disk");
    if (fd >= 0)
        close(fd);
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

ingroei_status ig_xl_new(ig_xl **out, const char *dir, const char *name, const char *title,
                         ingroei_error *err)
{
    *out = NULL;
    ig_xl *x = calloc(1, sizeof *x);
    if (!x)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    x->path = ig_path_join(dir, name);
    x->tmpdir = ig_strdup(dir);
    x->name = ig_strdup(name);
    x->title = ig_strdup(title ? title : "");
    lxw_workbook_options options = {.constant_memory = 0, .tmpdir = x->tmpdir, .use_zip64 = 0};
    if (x->path && x->tmpdir && x->name && x->title)
        x->wb = workbook_new_opt(x->path, &options);
    if (!x->wb) {
        ig_xl_close(x, NULL, NULL);
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    lxw_doc_properties properties = {.title = x->title, .created = FIXED_CREATED};
    xl_check(x, workbook_set_properties(x->wb, &properties));
    for (int k = 0; k < N_KINDS; k++) {
        x->kind_format[k] = workbook_add_format(x->wb);
        if (kind_formats[k])
            format_set_num_format(x->kind_format[k], kind_formats[k]);
        if (k == IG_XL_LONG)
            format_set_text_wrap(x->kind_format[k]);
        format_set_align(x->kind_format[k], LXW_ALIGN_VERTICAL_TOP);
    }
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->header_format = workbook_add_format(x->wb);
    format_set_bold(x->header_format);
    format_set_bottom(x->header_format, LXW_BORDER_THIN);
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
    for (size_t c = 0; c < x->n_cols; c++) {
        double max = x->kind[c] == IG_XL_LONG ? LONG_WIDTH : MAX_WIDTH;
        double w = x->width[c] + 1.0 < max ? x->width[c] + 1.0 : max;
        xl_check(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
                                         w > x->header[c] ? w : x->header[c],
                                         x->kind_format[x->kind[c]]));
    }
    if (x->n_cols)
        xl_check(x, worksheet_autofilter(x->ws, x->header_row, 0,
                                         x->row > x->header_row + 1 ? x->row - 1 : x->header_row,
                                         (lxw_col_t)(x->n_cols - 1)));
    x->ws = NULL;
}

/* Writes text, cut at Excel's limit (on a character boundary) with a mark. */
static void write_text(ig_xl *x, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    size_t len = strlen(s);
    if (len <= MAX_CELL_TEXT) {
        xl_check(x, worksheet_write_string(x->ws, row, col, s, f));
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
    xl_check(x, worksheet_write_string(x->ws, row, col, cut, f));
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
    if (!header) {
        xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
        return false;
    }
    x->header = header;
    x->cap_cols = n;
    return true;
}

void ig_xl_sheet(ig_xl *x, const ig_xl_sheet_spec *spec)
{
    if (x->status != INGROEI_OK)
        return;
    finish_sheet(x);
    if (spec->n_cols > x->cap_cols && !grow_columns(x, spec->n_cols))
        return;
    x->n_cols = spec->n_cols;
    for (size_t c = 0; c < spec->n_cols; c++) {
        x->kind[c] = spec->cols[c].kind;
        x->width[c] = 0.0;
        x->header[c] = text_width(spec->cols[c].name) + FILTER_BUTTON;
    }
    x->ws = workbook_add_worksheet(x->wb, spec->name);
    if (!x->ws) {
        xl_fail(x, INGROEI_ERR_USAGE, "a sheet could not be added (name taken or invalid)");
        return;
    }
    x->row = 0;
    for (size_t i = 0; i < spec->n_lines; i++)
        if (spec->lines[i]) {
            write_text(x, x->row, 0, spec->lines[i], x->row ? NULL : x->bold);
            x->row++;
        }
    if (x->row)
        x->row++; /* a blank row between the lines and the table */
    x->header_row = x->row++;
    for (size_t c = 0; c < spec->n_cols; c++)
        write_text(x, x->header_row, (lxw_col_t)c, spec->cols[c].name, x->header_format);
    worksheet_freeze_panes(x->ws, x->header_row + 1, (lxw_col_t)spec->frozen_cols);
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
        if (cell->type == IG_CELL_TEXT) {
            write_text(x, x->row, (lxw_col_t)c, cell->text, f);
            widen(x, c, text_width(cell->text));
            continue;
        }
        if (cell->type == IG_CELL_INT) {
            v = (double)cell->integer;
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
        xl_check(x, worksheet_write_number(x->ws, x->row, (lxw_col_t)c, v, f));
        widen(x, c, number_width(kind, v));
    }
    x->row++;
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
    free(x);
}

void ig_xl_abandon(ig_xl *x)
{
    if (!x)
        return;
    lxw_workbook_free(x->wb);
    xl_free(x);
}

ingroei_status ig_xl_close(ig_xl *x, ingroei_output_report *report, ingroei_error *err)
{
    if (!x)
        return INGROEI_OK;
    ingroei_status st = INGROEI_OK;
    if (x->wb) {
        finish_sheet(x);
        /* libxlsxwriter 1.1.4 prints the numbers of the sheets with printf's %G at the
         * close, in the locale of the calling thread: write them in the C locale. */
        locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
        locale_t before = c_locale ? uselocale(c_locale) : (locale_t)0;
        if (!c_locale)
            xl_fail(x, INGROEI_ERR_NOMEM, "out of memory");
        lxw_error e = workbook_close(x->wb);
        if (c_locale) {
            uselocale(before);
            freelocale(c_locale);
        }
        xl_check(x, e);
        if (x->status == INGROEI_OK)
            xl_sync(x);
        st = x->status;
        if (st != INGROEI_OK)
            ig_fail(err, st, x->path, 0, 0, "cannot write the workbook: %s", x->message);
        else if (report && report->n_files >= INGROEI_MAX_OUTPUT_FILES)
            st = ig_fail(err, INGROEI_ERR_USAGE, x->name, 0, 0, "too many output files");
        else if (report)
            snprintf(report->files[report->n_files++], sizeof report->files[0], "%s", x->name);
    }
    xl_free(x);
    return st;
}
