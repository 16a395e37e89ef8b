/*
 * sheets.c - CSV tables in both dialects and workbooks read back by LibreOffice, for
 * the tests of the workbooks and the Dutch CSV dialect (see sheets.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report.h"
#include "sheets.h"
#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BOM "\xEF\xBB\xBF"

void ts_table_free(ts_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cells[r]; c++)
            free(t->cells[r][c]);
        free(t->cells[r]);
    }
    free(t->cells);
    free(t->n_cells);
    memset(t, 0, sizeof *t);
}

/* Parses CSV text with separator `sep`: fields in double quotes may hold the separator,
 * doubled quotes and line breaks; lines end with LF or CRLF (the last may lack one). */
ts_table ts_parse_csv(const char *s, char sep)
{
    ts_table t = {0};
    size_t cap_rows = 0, cap_cells = 0, len = 0, cap_len = 0;
    char **row = NULL, *cell = NULL;
    size_t n_cells = 0;
    bool in_row = false;
    for (;;) {
        char c = *s;
        if (!c && !in_row)
            break;
        in_row = true;
        /* one field */
        len = 0;
        cap_len = 16;
        cell = malloc(cap_len);
        assert_non_null(cell);
        bool quoted = *s == '"';
        if (quoted)
            s++;
        for (;;) {
            c = *s;
            if (quoted && c == '"' && s[1] == '"') {
                s += 2;
            } else if (quoted && c == '"') {
                s++;
                quoted = false;
                continue;
            } else if (!c || (!quoted && (c == sep || c == '\n' || c == '\r'))) {
                break;
            } else {
                s++;
            }
            if (len + 2 > cap_len)
                assert_non_null(cell = realloc(cell, cap_len *= 2));
            cell[len++] = c;
        }
        assert_false(quoted); /* an unterminated quote */
        cell[len] = '\0';
        if (n_cells == cap_cells)
            assert_non_null(row = realloc(row, (cap_cells = cap_cells * 2 + 8) * sizeof *row));
        row[n_cells++] = cell;
        if (*s == sep) {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        if (t.n_rows == cap_rows) {
            cap_rows = cap_rows * 2 + 16;
            assert_non_null(t.cells = realloc(t.cells, cap_rows * sizeof *t.cells));
            assert_non_null(t.n_cells = realloc(t.n_cells, cap_rows * sizeof *t.n_cells));
        }
        t.cells[t.n_rows] = row;
        t.n_cells[t.n_rows++] = n_cells;
        row = NULL;
        n_cells = cap_cells = 0;
        in_row = false;
    }
    return t;
}

ts_table ts_read_csv(const char *path, char sep)
{
    char *text = ts_slurp(path, NULL);
    const char *start = strncmp(text, BOM, 3) == 0 ? text + 3 : text;
    ts_table t = ts_parse_csv(start, sep);
    free(text);
    return t;
}

/* The index of the row whose first cell is `first` (a sheet's header below its lines). */
/* Whether a workbook's header cell is column `name`: the name itself or, as the
 * workbooks write it for people, its heading (ig_column_heading). */
static bool is_column(const char *cell, const char *name)
{
    char heading[IG_HEADING_MAX];
    return !strcmp(cell, name) || !strcmp(cell, ig_column_heading(name, heading, sizeof heading));
}

size_t ts_row_starting(const ts_table *t, const char *first, const char *what)
{
    for (size_t r = 0; r < t->n_rows; r++)
        if (t->n_cells[r] && is_column(t->cells[r][0], first))
            return r;
    fail_msg("%s has no row that starts with %s", what, first);
    return 0;
}

/* Column `name` of row `r`, or -1. */
long ts_column(const ts_table *t, size_t r, const char *name)
{
    for (size_t c = 0; c < t->n_cells[r]; c++)
        if (is_column(t->cells[r][c], name))
            return (long)c;
    return -1;
}

/* A cell LibreOffice wrote (raw values, not as shown) as the decimal it stands for: a
 * percentage "12.5%" is the fraction "0.125", the point moved in the text, exactly. */
static char *lo_decimal(const char *cell)
{
    size_t n = strlen(cell);
    if (!n || cell[n - 1] != '%')
        return ts_strdup(cell);
    bool neg = cell[0] == '-';
    const char *digits = cell + neg;
    size_t int_len = strcspn(digits, ".%");
    const char *frac = digits[int_len] == '.' ? digits + int_len + 1 : "";
    char *padded = ts_xprintf("00%.*s", (int)int_len, digits);
    size_t pl = strlen(padded);
    char *out = ts_xprintf("%s%.*s.%.*s%.*s", neg ? "-" : "", (int)(pl - 2), padded, 2,
                           padded + pl - 2, (int)strcspn(frac, "%"), frac);
    free(padded);
    /* "00.10" is "0.10": numbers have no leading zeros */
    char *digits_out = out + neg;
    while (digits_out[0] == '0' && digits_out[1] >= '0' && digits_out[1] <= '9')
        memmove(digits_out, digits_out + 1, strlen(digits_out));
    return out;
}

/* Whether a sheet's cell holds the CSV file's value: the same number (compared as
 * doubles, exactly) or the same text. */
bool ts_same_value(const char *csv, const char *sheet)
{
    double a, b;
    char *dec = lo_decimal(sheet);
    bool same =
        ig_parse_double(csv, &a) ? ig_parse_double(dec, &b) && a == b : strcmp(csv, sheet) == 0;
    free(dec);
    return same;
}

/* Every row of the CSV file `csv_path` is in the sheet below its header, in the same
 * order, with the same value in every column of the CSV file (the sheet may have more
 * columns). Returns the number of rows compared. */
size_t ts_sheet_equals_csv(const char *sheet_path, const char *csv_path)
{
    ts_table sheet = ts_read_csv(sheet_path, ','), csv = ts_read_csv(csv_path, ',');
    assert_true(csv.n_rows >= 2);
    size_t h = ts_row_starting(&sheet, csv.cells[0][0], sheet_path);
    long *map = calloc(csv.n_cells[0], sizeof *map);
    assert_non_null(map);
    for (size_t c = 0; c < csv.n_cells[0]; c++)
        if ((map[c] = ts_column(&sheet, h, csv.cells[0][c])) < 0)
            fail_msg("%s has no column %s", sheet_path, csv.cells[0][c]);
    /* LibreOffice writes empty trailing rows of a sheet's used area as empty lines */
    size_t n_sheet = sheet.n_rows - h - 1;
    while (n_sheet && sheet.n_cells[h + n_sheet] == 1 && !sheet.cells[h + n_sheet][0][0])
        n_sheet--;
    assert_int_equal(n_sheet, csv.n_rows - 1);
    for (size_t r = 1; r < csv.n_rows; r++)
        for (size_t c = 0; c < csv.n_cells[r]; c++) {
            const char *got =
                (size_t)map[c] < sheet.n_cells[h + r] ? sheet.cells[h + r][map[c]] : "";
            if (!ts_same_value(csv.cells[r][c], got))
                fail_msg("%s row %zu column %s: %s in the sheet, %s in %s", sheet_path, r,
                         csv.cells[0][c], got, csv.cells[r][c], csv_path);
        }
    size_t n = csv.n_rows - 1;
    free(map);
    ts_table_free(&sheet);
    ts_table_free(&csv);
    return n;
}

static bool have_soffice(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0;
}

/* Runs the soffice command line `cmd` (which logs to dir/lo.log) and frees it; fails
 * the test with the log when soffice fails. */
static void run_soffice(const char *dir, char *cmd)
{
    int status = system(cmd);
    if (status != 0) {
        char *log = ts_xprintf("%s/lo.log", dir);
        char *text = ts_slurp(log, NULL);
        fail_msg("soffice failed (%d):\n%s", status, text);
    }
    free(cmd);
}

void ts_convert_all_sheets(const char *dir, const char *workbook)
{
    char *cmd = ts_xprintf(
        "cd '%s' && soffice -env:UserInstallation=file://%s/lo-profile --headless "
        "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,"
        "false,false,-1' --outdir lo '%s' >lo.log 2>&1",
        dir, dir, workbook);
    run_soffice(dir, cmd);
}

size_t ts_print_pages(const char *dir, const char *workbook)
{
    char *cmd = ts_xprintf("cd '%s' && soffice -env:UserInstallation=file://%s/lo-profile "
                           "--headless --convert-to pdf --outdir lo '%s' >lo.log 2>&1",
                           dir, dir, workbook);
    run_soffice(dir, cmd);
    char *stem = ts_strdup(workbook);
    if (strrchr(stem, '.'))
        *strrchr(stem, '.') = '\0';
    char *pdf = ts_xprintf("%s/lo/%s.pdf", dir, stem);
    size_t len = 0, pages = 0;
    char *data = ts_slurp(pdf, &len);
    /* every page is an object of /Type /Page (the tree's nodes are /Pages) */
    for (size_t i = 0; i + 10 < len; i++)
        if (!memcmp(data + i, "/Type", 5)) {
            size_t k = i + 5;
            while (k < len && (data[k] == ' ' || data[k] == '\n' || data[k] == '\r'))
                k++;
            if (k + 5 < len && !memcmp(data + k, "/Page", 5) && data[k + 5] != 's')
                pages++;
        }
    free(data);
    free(pdf);
    free(stem);
    return pages;
}

int ts_soffice_missing(void)
{
    if (have_soffice())
        return 0;
    if (geteuid() == 0) {
        fprintf(stderr, "soffice is missing, but tools/test installs it as root "
                        "(apt-get install libreoffice-calc-nogui)\n");
        return 1;
    }
    fprintf(stderr, "skipped: soffice is not on PATH (apt-get install libreoffice-calc-nogui)\n");
    return 77;
}

void ts_assert_notice_above(const char *sheet_path, const char *first)
{
    char *text = ts_slurp(sheet_path, NULL);
    char heading[IG_HEADING_MAX];
    char *header = ts_xprintf("\n%s,", ig_column_heading(first, heading, sizeof heading));
    char *at = strstr(text, header);
    char *notice = strstr(text, IG_XL_NOTICE "De offici\u00eble maatstaven");
    if (!notice || !at || notice > at)
        fail_msg("%s has no illustrative notice above its table", sheet_path);
    free(header);
    free(text);
}

size_t ts_assert_nl_same_values(const char *default_path, const char *nl_path)
{
    char *raw = ts_slurp(nl_path, NULL);
    if (strncmp(raw, BOM, 3) != 0)
        fail_msg("%s does not start with a UTF-8 byte-order mark", nl_path);
    assert_non_null(strchr(raw, ';'));
    free(raw);
    ts_table td = ts_read_csv(default_path, ','), tn = ts_read_csv(nl_path, ';');
    size_t decimals = 0;
    assert_int_equal(td.n_rows, tn.n_rows);
    for (size_t r = 0; r < td.n_rows; r++) {
        assert_int_equal(td.n_cells[r], tn.n_cells[r]);
        for (size_t c = 0; c < td.n_cells[r]; c++) {
            const char *want = td.cells[r][c], *got = tn.cells[r][c];
            double x;
            char *expect = ts_strdup(want);
            if (r > 0 && ig_parse_double(want, &x) && strchr(want, '.')) {
                *strchr(expect, '.') = ',';
                decimals++;
            }
            if (r == 0) { /* the nl dialect is for people: headings for the names */
                char heading[IG_HEADING_MAX];
                free(expect);
                expect = ts_strdup(ig_column_heading(want, heading, sizeof heading));
            }
            if (strcmp(expect, got) != 0)
                fail_msg("%s row %zu column %zu: %s, the default dialect has %s", nl_path, r, c,
                         got, want);
            free(expect);
        }
    }
    ts_table_free(&td);
    ts_table_free(&tn);
    return decimals;
}

char *ts_zip_part(const char *zip, const char *part)
{
    char *cmd = ts_xprintf("unzip -p '%s' '%s' 2>/dev/null", zip, part);
    FILE *p = popen(cmd, "r");
    free(cmd);
    if (!p)
        return NULL;
    ig_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        ig_buf_putn(&b, chunk, n);
    int status = pclose(p);
    if (status != 0 || b.failed) {
        ig_buf_free(&b);
        return NULL;
    }
    ig_buf_putc(&b, '\0');
    return b.data;
}
