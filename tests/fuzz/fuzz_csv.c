/*
 * fuzz_csv.c - fuzzes the CSV reader (io/csv.c): the input is written as a file and
 * read with ig_csv_read; a table that is read is checked, its columns are looked up
 * with ig_csv_column (the names the dataset readers ask for, and each header cell),
 * and it is written back with ig_csv_field (the writer's RFC 4180 quoting) and read
 * again: the cells must come back the same. Then ig_csv_clear. See fuzz_common.h for
 * how this builds and runs.
 */
#include "fuzz_common.h"

static char *input_file, *copy_file;

/* Names the dataset readers look up, and some that no table has. */
static const char *const names[] = {"gemeentecode", "gemeentenaam",
                                    "jaar",         "inwoners",
                                    "provincie",    "bedrag",
                                    "code",         "",
                                    "GM0193",       "#",
                                    "\"a\"",        NULL};

/* The table's shape: every row has n_cols cells, lines increase. */
static void check_table(const ig_csv *t, const char *file)
{
    if (!t->file || strcmp(t->file, file) != 0)
        fz_fail("the table does not name its file");
    if (strlen(t->sha256) != 64)
        fz_fail("the table has no SHA-256");
    if (t->n_cols == 0 || !t->header)
        fz_fail("a table without a header was read");
    for (size_t c = 0; c < t->n_cols; c++)
        if (!t->header[c])
            fz_fail("header cell %zu is NULL", c);
    for (size_t i = 0; i < t->n_comments; i++)
        if (!t->comments[i] || strchr(t->comments[i], '\n'))
            fz_fail("comment %zu is NULL or holds a line feed", i);
    int line = t->header_line;
    if (line < 1)
        fz_fail("header on line %d", line);
    for (size_t r = 0; r < t->n_rows; r++) {
        if (t->row_line[r] <= line)
            fz_fail("row %zu is on line %d, after line %d", r, t->row_line[r], line);
        line = t->row_line[r];
        for (size_t c = 0; c < t->n_cols; c++)
            if (!t->rows[r][c])
                fz_fail("cell %zu of row %zu is NULL", c, r);
        if (t->n_cols == 1 && !t->rows[r][0][0])
            fz_fail("row %zu is a blank line", r);
    }
}

static void check_columns(const ig_csv *t)
{
    ingroei_error err;
    for (size_t i = 0; names[i]; i++) {
        fz_error_init(&err);
        int c = ig_csv_column(t, names[i], &err);
        if (c >= 0 && ((size_t)c >= t->n_cols || strcmp(t->header[c], names[i]) != 0))
            fz_fail("ig_csv_column('%s') gave column %d", names[i], c);
        if (c < 0)
            fz_check_status(err.status, &err, "ig_csv_column");
        if (c < 0 && err.status == INGROEI_OK)
            fz_fail("ig_csv_column('%s') failed without an error", names[i]);
    }
    /* Duplicate columns are refused, so each header cell finds itself. */
    for (size_t c = 0; c < t->n_cols; c++)
        if (ig_csv_column(t, t->header[c], NULL) != (int)c)
            fz_fail("ig_csv_column(header[%zu]) did not give %zu", c, c);
}

static void put_row(ig_buf *b, char **cells, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        if (c)
            ig_buf_putc(b, ',');
        ig_csv_field(b, cells[c]);
    }
    ig_buf_putc(b, '\n');
}

/* Writes the table's header and rows (not its comments) with ig_csv_field and reads
 * them back. Left out, because the file would not say the same thing: a header whose
 * first cell starts with '#' (written unquoted, it reads as a comment) or with a UTF-8
 * byte order mark (dropped at the start of a file), and a header of one empty cell
 * (written as an empty line, which reads as a blank line). */
static void check_round_trip(const ig_csv *t)
{
    const char *h0 = t->header[0];
    if (h0[0] == '#' || strncmp(h0, "\xEF\xBB\xBF", 3) == 0 || (t->n_cols == 1 && !h0[0]))
        return;
    ig_buf b = {0};
    put_row(&b, t->header, t->n_cols);
    for (size_t r = 0; r < t->n_rows; r++)
        put_row(&b, t->rows[r], t->n_cols);
    if (b.failed)
        fz_fail("out of memory");
    fz_write(copy_file, b.data, b.len);
    ig_buf_free(&b);
    ig_csv u;
    ingroei_error err;
    fz_error_init(&err);
    memset(&u, 0, sizeof u);
    ingroei_status st = ig_csv_read(&u, copy_file, &err);
    if (st != INGROEI_OK)
        fz_fail("the table written back does not read: %s (line %d)", err.message, err.line);
    if (u.n_cols != t->n_cols || u.n_rows != t->n_rows || u.n_comments != 0)
        fz_fail("the table written back reads as %zu columns and %zu rows, not %zu and %zu",
                u.n_cols, u.n_rows, t->n_cols, t->n_rows);
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(u.header[c], t->header[c]) != 0)
            fz_fail("header cell %zu changed when written back", c);
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->n_cols; c++)
            if (strcmp(u.rows[r][c], t->rows[r][c]) != 0)
                fz_fail("cell %zu of row %zu changed when written back", c, r);
    ig_csv_clear(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!input_file) {
        input_file = fz_file("input.csv");
        copy_file = fz_file("copy.csv");
    }
    fz_write(input_file, data, size);

    ig_csv t;
    ingroei_error err;
    memset(&t, 0, sizeof t);
    t.header_line = -4242; /* a failed read must leave the caller's table alone */
    fz_error_init(&err);
    ingroei_status st = ig_csv_read(&t, input_file, &err);
    fz_check_status(st, &err, "ig_csv_read");
    if (st != INGROEI_OK) {
        if (t.header_line != -4242 || t.file || t.header || t.rows || t.comments)
            fz_fail("a failed ig_csv_read changed the caller's table");
        fz_note("refused: line %d: %s", err.line, err.message);
        return 0;
    }
    fz_note("%zu comments, %zu columns, %zu rows", t.n_comments, t.n_cols, t.n_rows);
    check_table(&t, input_file);
    check_columns(&t);
    check_round_trip(&t);
    ig_csv_clear(&t);
    if (t.file || t.header || t.rows || t.n_rows || t.n_cols)
        fz_fail("ig_csv_clear left something behind");
    return 0;
}
