/* test_csv.c - io/csv.c and io/csv_write.c: reading RFC 4180 files with '#' comment
 * lines (and their errors), finding columns, and writing CSV fields in both dialects. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- a temporary directory for the group ----------------------------------------- */

static char *tmp_dir;

static int make_tmp(void **state)
{
    (void)state;
    tmp_dir = ts_make_temp_dir("test-csv");
    return 0;
}

static int remove_tmp(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmp_dir);
    return 0;
}

/* Writes a string literal (every byte of it, but not the final NUL) to a new file in
 * the temporary directory; returns its path in a static buffer. */
#define WRITE(name, literal) ts_write_in(tmp_dir, name, literal, sizeof(literal) - 1)

/* Reads a file that must parse. */
static void read_ok(ig_csv *t, const char *path)
{
    ingroei_error err;
    ig_ok(&err);
    ingroei_status st = ig_csv_read(t, path, &err);
    if (st != INGROEI_OK) {
        char buf[2100];
        print_error("%s\n", ingroei_error_format(&err, buf, sizeof buf));
    }
    assert_int_equal(st, INGROEI_OK);
}

/* Reads a file that must fail with `status` at `line` (0: not checked); the table is
 * left untouched. */
static void read_fails(const char *path, ingroei_status status, int line, ingroei_error *err)
{
    ig_csv t;
    memset(&t, 0, sizeof t);
    t.n_rows = 4242; /* a marker: a failed read must not overwrite the caller's table */
    ig_ok(err);
    assert_int_equal(ig_csv_read(&t, path, err), status);
    assert_int_equal(err->status, status);
    assert_true(strlen(err->message) > 0);
    assert_string_equal(err->file, path);
    if (line)
        assert_int_equal(err->line, line);
    assert_true(t.n_rows == 4242);
    assert_null(t.rows);
}

/* ---- reading ------------------------------------------------------------------------ */

static void comments_header_rows(void **state)
{
    (void)state;
    const char *p = WRITE("basic.csv", "# source: CBS StatLine 2024\n"
                                       "#no space\n"
                                       "code,name,inhabitants\n"
                                       "GM0014,Groningen,238000\n"
                                       "GM0034,\"Almere, Flevoland\",220000\n");
    ig_csv t;
    read_ok(&t, p);
    assert_string_equal(t.file, p);
    assert_int_equal(t.n_comments, 2);
    assert_string_equal(t.comments[0], "source: CBS StatLine 2024");
    assert_string_equal(t.comments[1], "no space");
    assert_int_equal(t.n_cols, 3);
    assert_string_equal(t.header[0], "code");
    assert_string_equal(t.header[1], "name");
    assert_string_equal(t.header[2], "inhabitants");
    assert_int_equal(t.n_rows, 2);
    assert_string_equal(t.rows[0][0], "GM0014");
    assert_string_equal(t.rows[0][1], "Groningen");
    assert_string_equal(t.rows[0][2], "238000");
    assert_string_equal(t.rows[1][1], "Almere, Flevoland");
    /* Lines are 1-based and count the comment lines. */
    assert_int_equal(t.row_line[0], 4);
    assert_int_equal(t.row_line[1], 5);
    ig_csv_clear(&t);
    assert_int_equal(t.n_rows, 0);
    assert_null(t.rows);
}

static void quotes_and_newlines_inside_fields(void **state)
{
    (void)state;
    const char *p = WRITE("quoted.csv", "a,b,c\n"
                                        "\"say \"\"hi\"\"\",\"two\nlines\",\"\"\n"
                                        "x,,\"\"\"\"\n"
                                        "\"a,b\",\"three\n\nlines\",z\n"
                                        "last,row,here\n");
    ig_csv t;
    read_ok(&t, p);
    assert_int_equal(t.n_rows, 4);
    assert_string_equal(t.rows[0][0], "say \"hi\"");
    assert_string_equal(t.rows[0][1], "two\nlines");
    assert_string_equal(t.rows[0][2], "");
    assert_string_equal(t.rows[1][0], "x");
    assert_string_equal(t.rows[1][1], "");
    assert_string_equal(t.rows[1][2], "\"");
    assert_string_equal(t.rows[2][0], "a,b");
    assert_string_equal(t.rows[2][1], "three\n\nlines");
    assert_string_equal(t.rows[2][2], "z");
    /* A row starts on the line after the newlines inside the previous row's quotes. */
    assert_int_equal(t.row_line[0], 2);
    assert_int_equal(t.row_line[1], 4);
    assert_int_equal(t.row_line[2], 5);
    assert_int_equal(t.row_line[3], 8);
    ig_csv_clear(&t);
}

static void crlf_bom_and_blank_lines(void **state)
{
    (void)state;
    const char *p = WRITE("crlf.csv", "\xEF\xBB\xBF# with a BOM\r\n"
                                      "code,value\r\n"
                                      "GM0001,1\r\n"
                                      "\r\n"
                                      "GM0002,\"2\"\r\n"
                                      "\r\n");
    ig_csv t;
    read_ok(&t, p);
    assert_int_equal(t.n_comments, 1);
    assert_string_equal(t.comments[0], "with a BOM");
    assert_int_equal(t.n_cols, 2);
    assert_string_equal(t.header[0], "code");
    assert_string_equal(t.header[1], "value");
    assert_int_equal(t.n_rows, 2);
    assert_string_equal(t.rows[0][1], "1");
    assert_string_equal(t.rows[1][0], "GM0002");
    assert_string_equal(t.rows[1][1], "2");
    assert_int_equal(t.row_line[0], 3);
    assert_int_equal(t.row_line[1], 5);
    ig_csv_clear(&t);

    /* A BOM directly before the header. */
    p = WRITE("bom.csv", "\xEF\xBB\xBF"
                         "code,value\n"
                         "GM0001,1\n");
    read_ok(&t, p);
    assert_int_equal(t.n_comments, 0);
    assert_string_equal(t.header[0], "code");
    assert_int_equal(t.row_line[0], 2);
    ig_csv_clear(&t);

    /* No final newline; blank trailing lines. */
    p = WRITE("nofinal.csv", "a,b\n1,2");
    read_ok(&t, p);
    assert_int_equal(t.n_rows, 1);
    assert_string_equal(t.rows[0][1], "2");
    ig_csv_clear(&t);
    p = WRITE("trailing.csv", "a,b\n1,2\n\n\n");
    read_ok(&t, p);
    assert_int_equal(t.n_rows, 1);
    ig_csv_clear(&t);

    /* A header without rows. */
    p = WRITE("header_only.csv", "# c\na,b\n");
    read_ok(&t, p);
    assert_int_equal(t.n_rows, 0);
    assert_int_equal(t.n_cols, 2);
    ig_csv_clear(&t);
}

static void utf8_passes_through(void **state)
{
    (void)state;
    const char *p = WRITE("utf8.csv", "# bron: Ministerie van BZK, "
                                      "\xE2\x80\x98meicirculaire\xE2\x80\x99\n"
                                      "code,naam\n"
                                      "GM0796,\"'s-Hertogenbosch\"\n"
                                      "GM1234,S\xC3\xBA"
                                      "dwest-Frysl\xC3\xA2n\n");
    ig_csv t;
    read_ok(&t, p);
    assert_string_equal(t.comments[0],
                        "bron: Ministerie van BZK, \xE2\x80\x98meicirculaire\xE2\x80\x99");
    assert_string_equal(t.rows[0][1], "'s-Hertogenbosch");
    assert_string_equal(t.rows[1][1], "S\xC3\xBA"
                                      "dwest-Frysl\xC3\xA2n");
    ig_csv_clear(&t);
}

/* The cells lie in one block as large as the bytes parsed plus one: the fullest cases
 * (every field empty, the last one ending the file without a line end; a doubled quote
 * at the end of the file) parse, and a table of 1,000 rows (its cell arrays grown many
 * times) gives every cell and the column where it starts. Under AddressSanitizer a cell
 * written past the block fails. */
static void cells_in_one_block(void **state)
{
    (void)state;
    ig_csv t;
    const char *p = WRITE("empty_cells.csv", "a,b\n,\n,");
    read_ok(&t, p);
    assert_int_equal(t.n_rows, 2);
    assert_string_equal(t.rows[1][0], "");
    assert_string_equal(t.rows[1][1], "");
    assert_int_equal(t.row_col[1][1], 2);
    ig_csv_clear(&t);
    p = WRITE("quote_end.csv", "a\n\"\"\"\"");
    read_ok(&t, p);
    assert_string_equal(t.rows[0][0], "\"");
    ig_csv_clear(&t);
    p = WRITE("one_cell.csv", "x");
    read_ok(&t, p);
    assert_int_equal(t.n_cols, 1);
    assert_string_equal(t.header[0], "x");
    assert_int_equal(t.n_rows, 0);
    ig_csv_clear(&t);

    ig_buf b = {0};
    ig_buf_puts(&b, "k,v,w\n");
    for (int r = 0; r < 1000; r++)
        ig_buf_printf(&b, "%d,\"q\"\"%d\",%s\r\n", r, r * 7, r % 3 ? "" : "end");
    const char *q = ts_write_in(tmp_dir, "many.csv", b.data, b.len);
    read_ok(&t, q);
    assert_int_equal(t.n_rows, 1000);
    for (int r = 0; r < 1000; r++) {
        char want[32];
        snprintf(want, sizeof want, "%d", r);
        assert_string_equal(t.rows[r][0], want);
        const int width = (int)strlen(want);
        snprintf(want, sizeof want, "q\"%d", r * 7);
        assert_string_equal(t.rows[r][1], want);
        assert_string_equal(t.rows[r][2], r % 3 ? "" : "end");
        assert_int_equal(t.row_line[r], r + 2);
        assert_int_equal(t.row_col[r][0], 1);
        assert_int_equal(t.row_col[r][1], width + 2);
        assert_int_equal(t.row_col[r][2], width + 2 + (int)strlen(want) + 4);
    }
    ig_csv_clear(&t);
    ig_buf_free(&b);
}

/* ---- errors --------------------------------------------------------------------------- */

static void wrong_field_count(void **state)
{
    (void)state;
    ingroei_error err;
    read_fails(WRITE("short.csv", "a,b\n1,2\n3\n"), INGROEI_ERR_DATA, 3, &err);
    read_fails(WRITE("long.csv", "# one\n# two\na,b\n1,2\n1,2,3\n"), INGROEI_ERR_DATA, 5, &err);
    /* After a field with a newline inside quotes, lines still count. */
    read_fails(WRITE("long2.csv", "a,b\n\"x\ny\",2\n1\n"), INGROEI_ERR_DATA, 4, &err);
}

static void quote_errors(void **state)
{
    (void)state;
    ingroei_error err;
    read_fails(WRITE("inner.csv", "a,b\n1,ab\"c\n"), INGROEI_ERR_SYNTAX, 2, &err);
    assert_int_equal(err.column, 5);
    read_fails(WRITE("after.csv", "a,b\n1,\"ab\"c\n"), INGROEI_ERR_SYNTAX, 2, &err);
    read_fails(WRITE("unterminated.csv", "a,b\n1,\"abc,2\n"), INGROEI_ERR_SYNTAX, 0, &err);
}

/* An unterminated quote is reported where the quoted field opens (line 2, column 3),
 * not at the end of the file. */
static void unterminated_quote_position(void **state)
{
    (void)state;
    ingroei_error err;
    read_fails(WRITE("unterminated2.csv", "a,b\n1,\"abc\n2,3\n4,5\n"), INGROEI_ERR_SYNTAX, 0, &err);
    if (err.line != 2 || err.column != 3) {
        print_error("unterminated quote reported at %d:%d, opened at 2:3\n", err.line, err.column);
        fail();
    }
}

static void header_errors(void **state)
{
    (void)state;
    ingroei_error err;
    read_fails(WRITE("dup.csv", "# c\ncode,value,code\n1,2,3\n"), INGROEI_ERR_DATA, 2, &err);
    assert_non_null(strstr(err.message, "code"));
    /* side by side too, and the first and last of several (issue 17: a mutant that
     * compared only columns apart survived) */
    read_fails(WRITE("dup_adjacent.csv", "code,code\n1,2\n"), INGROEI_ERR_DATA, 1, &err);
    assert_string_equal(err.message, "duplicate column 'code' in the header");
    read_fails(WRITE("dup_ends.csv", "a,b,c,a\n1,2,3,4\n"), INGROEI_ERR_DATA, 1, &err);
    assert_string_equal(err.message, "duplicate column 'a' in the header");
    read_fails(WRITE("empty.csv", ""), INGROEI_ERR_DATA, 0, &err);
    read_fails(WRITE("only_comments.csv", "# just\n# comments\n"), INGROEI_ERR_DATA, 0, &err);
}

static void file_errors(void **state)
{
    (void)state;
    ingroei_error err;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/a_directory.csv", tmp_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    read_fails(dir, INGROEI_ERR_IO, 0, &err);
    assert_non_null(strstr(err.message, "directory"));

    char missing[512];
    snprintf(missing, sizeof missing, "%s/does_not_exist.csv", tmp_dir);
    read_fails(missing, INGROEI_ERR_IO, 0, &err);

    static const char nul[] = "a,b\n1,\0002\n";
    read_fails(ts_write_in(tmp_dir, "nul.csv", nul, sizeof nul - 1), INGROEI_ERR_SYNTAX, 0, &err);
    assert_non_null(strstr(err.message, "NUL"));
}

/* ---- columns -------------------------------------------------------------------------- */

static void find_columns(void **state)
{
    (void)state;
    const char *p = WRITE("cols.csv", "code,name,inhabitants\nGM0014,Groningen,238000\n");
    ig_csv t;
    read_ok(&t, p);
    ingroei_error err;
    ig_ok(&err);
    assert_int_equal(ig_csv_column(&t, "code", &err), 0);
    assert_int_equal(ig_csv_column(&t, "inhabitants", &err), 2);
    assert_int_equal(ig_csv_column(&t, "name", &err), 1);
    assert_int_equal(err.status, INGROEI_OK);
    assert_int_equal(ig_csv_column(&t, "Name", &err), -1);
    assert_int_equal(err.status, INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "Name"));
    assert_string_equal(err.file, p);
    assert_int_equal(ig_csv_column(&t, "province", NULL), -1);
    ig_csv_clear(&t);
}

/* ---- writing fields ------------------------------------------------------------------- */

static void expect_csv_field(const char *in, const char *want)
{
    ig_buf b = {0};
    ig_buf_puts(&b, "");
    ig_csv_field(&b, in);
    assert_string_equal(b.data, want);
    ig_buf_free(&b);
}

static void csv_field_quoting(void **state)
{
    (void)state;
    expect_csv_field("Groningen", "Groningen");
    expect_csv_field("", "");
    expect_csv_field("'s-Hertogenbosch", "'s-Hertogenbosch");
    expect_csv_field("S\xC3\xBA"
                     "dwest-Frysl\xC3\xA2n",
                     "S\xC3\xBA"
                     "dwest-Frysl\xC3\xA2n");
    expect_csv_field("Nuenen, Gerwen en Nederwetten", "\"Nuenen, Gerwen en Nederwetten\"");
    expect_csv_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    expect_csv_field("\"", "\"\"\"\"");
    expect_csv_field("two\nlines", "\"two\nlines\"");
    expect_csv_field("cr\rhere", "\"cr\rhere\"");
}

/* What ig_csv_field writes, ig_csv_read reads back. */
static void csv_field_round_trip(void **state)
{
    (void)state;
    const char *values[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "", "\"\"", "x\r\ny"};
    enum { N = sizeof values / sizeof values[0] };
    ig_buf b = {0};
    ig_buf_puts(&b, "v\n");
    for (size_t i = 0; i < N; i++) {
        ig_csv_field(&b, values[i]);
        ig_buf_putc(&b, '\n');
    }
    assert_false(b.failed);
    const char *p = ts_write_in(tmp_dir, "round.csv", b.data, b.len);
    ig_buf_free(&b);
    ig_csv t;
    read_ok(&t, p);
    /* The empty value is a blank line and is skipped, like any blank line. */
    assert_int_equal(t.n_rows, N - 1);
    size_t r = 0;
    for (size_t i = 0; i < N; i++) {
        if (values[i][0] == '\0')
            continue;
        assert_string_equal(t.rows[r][0], values[i]);
        r++;
    }
    ig_csv_clear(&t);
}

/* ig_csv_cells formats a row on the stack: it writes the same bytes as the cell writers
 * one by one (ig_csv_text, ig_csv_int, ig_csv_fixed, ...), in both dialects, for texts
 * that need quotes or an apostrophe, a text longer than its line (written apart), the
 * extreme integers, negative amounts that round to zero, and a number that cannot be
 * written (the buffer marked invalid, the cell left empty). */
static void cells_as_the_cell_writers(void **state)
{
    (void)state;
    char *long_text = malloc(3001);
    assert_non_null(long_text);
    for (int i = 0; i < 3000; i++)
        long_text[i] = i % 97 == 0 ? '"' : i % 89 == 0 ? ';' : (char)('a' + i % 26);
    long_text[3000] = '\0';
    const ig_cell cells[] = {
        IG_TEXT("Zwolle"),
        IG_TEXT("Nuenen, Gerwen en Nederwetten"),
        IG_TEXT("-x \"quoted\"; more"),
        IG_TEXT("=1+2"),
        IG_TEXT(""),
        IG_TEXT(long_text),
        IG_INT(INT64_MIN),
        IG_INT(INT64_MAX),
        IG_INT(0),
        IG_INT(-1745850000),
        IG_FIXED(-0.004, 2),
        IG_FIXED(-0.005, 2),
        IG_FIXED(12.345678, 6),
        IG_FIXED(1.0 / 3.0, 9),
        IG_FIXED(-7.5, 0),
        IG_FIXED(1e300, 2),
        IG_EMPTY,
        IG_DEC(((ig_dec){-12345, 3})),
        IG_NUMBER_TEXT("-2966666.666370"),
        IG_TEXT("end"),
    };
    const size_t n = sizeof cells / sizeof cells[0];
    for (int dialect = 0; dialect < 2; dialect++) {
        ig_buf a = {0}, b = {0};
        ig_csv_row w = ig_csv_start(&a, dialect ? INGROEI_CSV_NL : INGROEI_CSV_RFC4180);
        ig_csv_row v = ig_csv_start(&b, dialect ? INGROEI_CSV_NL : INGROEI_CSV_RFC4180);
        for (int rows = 0; rows < 3; rows++)
            ig_csv_cells(&w, cells, n);
        for (int rows = 0; rows < 3; rows++) {
            for (size_t i = 0; i < n; i++)
                switch (cells[i].type) {
                case IG_CELL_EMPTY: ig_csv_empty(&v); break;
                case IG_CELL_TEXT: ig_csv_text(&v, cells[i].text); break;
                case IG_CELL_INT: ig_csv_int(&v, cells[i].integer); break;
                case IG_CELL_FIXED: ig_csv_fixed(&v, cells[i].x, cells[i].decimals); break;
                case IG_CELL_DEC: ig_csv_dec_point(&v, cells[i].dec); break;
                case IG_CELL_NUMBER_TEXT: /* a plain decimal takes the dialect's point */
                    ig_csv_number_text(&v, dialect ? "-2966666,666370" : cells[i].text);
                    break;
                }
            ig_csv_end(&v);
        }
        assert_true(a.invalid && b.invalid);
        assert_false(a.failed || b.failed);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        /* not trivially equal: the quoting and marks are there */
        assert_non_null(
            strstr(a.data, dialect ? "\"'-x \"\"quoted\"\"; more\"" : "'-x \"\"quoted"));
        assert_non_null(strstr(a.data, "-9223372036854775808"));
        ig_buf_free(&a);
        ig_buf_free(&b);
    }
    free(long_text);
}

/* A text that a spreadsheet would take for a formula is marked as text; numbers and
 * ordinary names are not touched, in both dialects. */
static void csv_formula_guard(void **state)
{
    (void)state;
    static const struct {
        const char *in, *comma, *semicolon;
    } cases[] = {
        {"=HYPERLINK(\"http://x\",\"a\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"",
         "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""},
        {"+31", "'+31", "'+31"},
        {"-x", "'-x", "'-x"},
        {"@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"},
        {"\tTab", "'\tTab", "'\tTab"},
        {"'s-Hertogenbosch", "'s-Hertogenbosch", "'s-Hertogenbosch"},
        {"Zwolle; aan de Vecht", "Zwolle; aan de Vecht", "\"Zwolle; aan de Vecht\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ig_buf b = {0}, c = {0};
        ig_csv_row w = {&b, ',', '.', 0, false}, v = {&c, ';', ',', 0, true};
        ig_csv_text(&w, cases[i].in);
        ig_csv_text(&v, cases[i].in);
        ig_buf_putc(&b, '\0');
        ig_buf_putc(&c, '\0');
        assert_string_equal(b.data, cases[i].comma);
        assert_string_equal(c.data, cases[i].semicolon);
        ig_buf_free(&b);
        ig_buf_free(&c);
    }
    ig_buf b = {0};
    ig_csv_row w = {&b, ',', '.', 0, false};
    ig_csv_number_text(&w, "-2966666.666370");
    ig_buf_putc(&b, '\0');
    assert_string_equal(b.data, "-2966666.666370");
    ig_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comments_header_rows),
        cmocka_unit_test(quotes_and_newlines_inside_fields),
        cmocka_unit_test(crlf_bom_and_blank_lines),
        cmocka_unit_test(utf8_passes_through),
        cmocka_unit_test(cells_in_one_block),
        cmocka_unit_test(cells_as_the_cell_writers),
        cmocka_unit_test(wrong_field_count),
        cmocka_unit_test(quote_errors),
        cmocka_unit_test(unterminated_quote_position),
        cmocka_unit_test(header_errors),
        cmocka_unit_test(file_errors),
        cmocka_unit_test(find_columns),
        cmocka_unit_test(csv_field_quoting),
        cmocka_unit_test(csv_field_round_trip),
        cmocka_unit_test(csv_formula_guard),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
