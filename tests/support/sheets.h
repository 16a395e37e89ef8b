/* sheets.h - for the tests of workbooks and of the Dutch CSV dialect: CSV files read
 * into tables (both dialects and LibreOffice's output), a workbook's sheets converted to
 * CSV by LibreOffice headless, and comparisons of their values. Like support.h, a
 * helper that cannot do its job fails the running test. */
#ifndef INGROEI_TEST_SHEETS_H
#define INGROEI_TEST_SHEETS_H

#include <stdbool.h>
#include <stddef.h>

/* A CSV file's cells as text. */
typedef struct ts_table {
    size_t n_rows;
    size_t *n_cells; /* [n_rows] */
    char ***cells;   /* [n_rows][n_cells[row]] */
} ts_table;

void ts_table_free(ts_table *t);

/* Parses CSV text with separator `sep`: fields in double quotes may hold the separator,
 * doubled quotes and line breaks; lines end with LF or CRLF (the last may lack one). */
ts_table ts_parse_csv(const char *s, char sep);
/* The file at `path`, without its UTF-8 byte-order mark when it has one. */
ts_table ts_read_csv(const char *path, char sep);

/* The index of the row whose first cell is `first` or its heading (ig_column_heading;
 * a sheet's header below its lines); `what` names the table in the failure. */
size_t ts_row_starting(const ts_table *t, const char *first, const char *what);
/* Column `name` (or its heading) of row `r`, or -1. */
long ts_column(const ts_table *t, size_t r, const char *name);

/* Whether a sheet's cell as LibreOffice wrote it holds the CSV file's value: the same
 * number (compared as doubles, exactly; a percentage as its fraction) or the same text. */
bool ts_same_value(const char *csv, const char *sheet);
/* Every row of the CSV file is in the sheet below its header, in the same order, with
 * the same value in every column of the CSV file (the sheet may have more columns).
 * Returns the number of rows compared. */
size_t ts_sheet_equals_csv(const char *sheet_path, const char *csv_path);

/* 0 when soffice is on PATH; otherwise says so on stderr and returns the exit status
 * of a LibreOffice test: 77 (ctest's skip), or 1 when running as root (tools/test
 * installs LibreOffice as root, so there it must be found). */
int ts_soffice_missing(void);
/* Converts every sheet of dir/WORKBOOK to dir/lo/STEM-SHEET.csv with LibreOffice
 * headless, in a profile of its own in `dir` (parallel tests do not share one): ','
 * separator, '"' quotes, UTF-8, English number format, raw values rather than values as
 * shown, every sheet to its own file. */
void ts_convert_all_sheets(const char *dir, const char *workbook);

/* Prints dir/WORKBOOK to dir/lo/STEM.pdf with LibreOffice headless (every sheet, with
 * the workbook's page set-up) and returns the number of pages of the PDF. */
size_t ts_print_pages(const char *dir, const char *workbook);

/* Fails unless the sheet's CSV (from ts_convert_all_sheets) has the illustrative notice
 * above its table, whose header line starts with the column `first`. */
void ts_assert_notice_above(const char *sheet_path, const char *first);

/* The nl dialect's file starts with a UTF-8 byte-order mark, separates with ';' and
 * holds, cell for cell, the default dialect's values with a decimal comma for the
 * point. Returns the number of cells with a decimal comma. */
size_t ts_assert_nl_same_values(const char *default_path, const char *nl_path);

/* The bytes of member `part` of the zip file (a workbook) at `zip`, as a string, read
 * with `unzip -p`; NULL when unzip is missing or cannot read it. */
char *ts_zip_part(const char *zip, const char *part);

#endif
