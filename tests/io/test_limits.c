/*
 * test_limits.c - the limits on input files (io/io.h, README "Limits"), each tried at
 * the limit and one past it: the size of YAML and CSV files, the nesting and the number
 * of nodes of a YAML file (refused fast, before libyaml's scanner slows down), the rows
 * and columns of a CSV file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/yamlx.h"
#include "support/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *tmp_dir;

static int make_tmp(void **state)
{
    (void)state;
    tmp_dir = ts_make_temp_dir("test-limits");
    return 0;
}

static int remove_tmp(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmp_dir);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A file of exactly `size` bytes: '#' comment lines of 64 KiB (few lines: the CSV reader
 * keeps each comment), then `tail`. */
static const char *padded(const char *name, size_t size, const char *tail)
{
    size_t n_tail = strlen(tail);
    assert_true(size > n_tail + 2);
    char *data = malloc(size);
    assert_non_null(data);
    size_t pad = size - n_tail;
    const size_t width = 65536;
    for (size_t i = 0; i < pad; i += width) {
        size_t line = pad - i < width ? pad - i : width; /* "#...\n", the last may be shorter */
        memset(data + i, 'x', line);
        data[i] = '#';
        data[i + line - 1] = '\n';
    }
    memcpy(data + pad, tail, n_tail);
    const char *path = ts_write_in(tmp_dir, name, data, size);
    free(data);
    return path;
}

/* Loads a YAML file that must parse. */
static void yaml_ok(const char *path)
{
    ig_yaml y;
    ingroei_error err;
    ingroei_status st = ig_yaml_load(&y, path, &err);
    if (st != INGROEI_OK)
        fail_msg("%s: %d:%d: %s", path, err.line, err.column, err.message);
    ig_yaml_clear(&y);
}

/* Loads a YAML file that must fail at line:col with `message` in the message. */
static void yaml_fails(const char *path, int line, int col, const char *message)
{
    ig_yaml y;
    ingroei_error err;
    ingroei_status st = ig_yaml_load(&y, path, &err);
    if (st == INGROEI_OK) {
        ig_yaml_clear(&y);
        fail_msg("%s was read; expected '%s'", path, message);
    }
    if (err.line != line || err.column != col || !strstr(err.message, message))
        fail_msg("%s: got %d:%d: %s\n  expected %d:%d: ...%s...", path, err.line, err.column,
                 err.message, line, col, message);
    assert_string_equal(err.file, path);
}

static void yaml_file_size(void **state)
{
    (void)state;
    yaml_ok(padded("at.yaml", IG_MAX_YAML_BYTES, "a: 1\n"));
    yaml_fails(padded("over.yaml", IG_MAX_YAML_BYTES + 1, "a: 1\n"), 0, 0,
               "8388609 bytes, more than 8 MiB, the limit for a YAML file");
}

/* `description: [[[...]]]` nested 80,000 deep took libyaml 15.7 s: now refused at once. */
static void yaml_deep_flow_refused_fast(void **state)
{
    (void)state;
    const size_t deep = 80000;
    char *text = malloc(2 * deep + 32);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "description: ");
    memset(text + n, '[', deep);
    memset(text + n + deep, ']', deep);
    strcpy(text + n + 2 * deep, "\n");
    const char *path = ts_write_in(tmp_dir, "deep.yaml", text, strlen(text));
    free(text);
    double t0 = now();
    /* the root mapping is one level: the 64th '[' is the 65th level */
    yaml_fails(path, 1, 14 + IG_MAX_YAML_DEPTH - 1, "nested more than 64 deep");
    double took = now() - t0;
    if (took > 1.0)
        fail_msg("refusing the nesting took %.2f s", took);
}

/* Block nesting (by indentation) counts the same: 64 levels are read, 65 refused. */
static void yaml_depth_block(void **state)
{
    (void)state;
    for (int levels = IG_MAX_YAML_DEPTH; levels <= IG_MAX_YAML_DEPTH + 1; levels++) {
        ig_buf b = {0};
        for (int i = 0; i < levels; i++) /* `levels` mappings, the last holds a scalar */
            ig_buf_printf(&b, "%*sk%d:%s", i, "", i, i + 1 < levels ? "\n" : " v\n");
        assert_false(b.failed);
        const char *path = ts_write_in(tmp_dir, "block.yaml", b.data, b.len);
        if (levels == IG_MAX_YAML_DEPTH)
            yaml_ok(path);
        else
            yaml_fails(path, levels, levels, "nested more than 64 deep");
        ig_buf_free(&b);
    }
}

/* IG_MAX_YAML_NODES nodes are read, one more is refused (at the node too many). */
static void yaml_node_count(void **state)
{
    (void)state;
    for (unsigned extra = 0; extra <= 1; extra++) {
        /* the root mapping, its key and the list are 3 nodes; the rest are scalars */
        size_t scalars = IG_MAX_YAML_NODES - 3 + extra;
        ig_buf b = {0};
        ig_buf_puts(&b, "a:\n");
        for (size_t i = 0; i < scalars; i++)
            ig_buf_puts(&b, "- 1\n");
        assert_false(b.failed);
        const char *path = ts_write_in(tmp_dir, "nodes.yaml", b.data, b.len);
        ig_buf_free(&b);
        if (!extra)
            yaml_ok(path);
        else
            yaml_fails(path, (int)scalars + 1, 3, "more than 1000000 values, lists and mappings");
    }
}

/* Reads a CSV file that must fail at `line` with `message` in the message. */
static void csv_fails(const char *path, int line, int col, const char *message)
{
    ig_csv t;
    ingroei_error err;
    if (ig_csv_read(&t, path, &err) == INGROEI_OK) {
        ig_csv_clear(&t);
        fail_msg("%s was read; expected '%s'", path, message);
    }
    if (err.line != line || err.column != col || !strstr(err.message, message))
        fail_msg("%s: got %d:%d: %s\n  expected %d:%d: ...%s...", path, err.line, err.column,
                 err.message, line, col, message);
}

static void csv_ok(const char *path, size_t rows, size_t cols)
{
    ig_csv t;
    ingroei_error err;
    if (ig_csv_read(&t, path, &err) != INGROEI_OK)
        fail_msg("%s: %d:%d: %s", path, err.line, err.column, err.message);
    assert_int_equal(t.n_rows, rows);
    assert_int_equal(t.n_cols, cols);
    ig_csv_clear(&t);
}

static void csv_file_size(void **state)
{
    (void)state;
    csv_ok(padded("at.csv", IG_MAX_CSV_BYTES, "a\n1\n"), 1, 1);
    csv_fails(padded("over.csv", IG_MAX_CSV_BYTES + 1, "a\n1\n"), 0, 0,
              "67108865 bytes, more than 64 MiB, the limit for a CSV file");
}

static void csv_rows(void **state)
{
    (void)state;
    for (unsigned extra = 0; extra <= 1; extra++) {
        size_t rows = IG_MAX_CSV_ROWS + extra;
        char *data = malloc(2 + 2 * rows);
        assert_non_null(data);
        memcpy(data, "a\n", 2);
        for (size_t i = 0; i < rows; i++)
            memcpy(data + 2 + 2 * i, "1\n", 2);
        const char *path = ts_write_in(tmp_dir, "rows.csv", data, 2 + 2 * rows);
        free(data);
        if (!extra)
            csv_ok(path, rows, 1);
        else /* the header is line 1, the row too many line 1,000,002 */
            csv_fails(path, (int)rows + 1, 0, "more than 1000000 rows below the header");
    }
}

static void csv_columns(void **state)
{
    (void)state;
    for (unsigned extra = 0; extra <= 1; extra++) {
        size_t cols = IG_MAX_CSV_COLUMNS + extra;
        ig_buf b = {0};
        for (size_t c = 0; c < cols; c++)
            ig_buf_printf(&b, "%sc%zu", c ? "," : "", c);
        ig_buf_putc(&b, '\n');
        size_t header = b.len;
        for (size_t c = 0; c < cols; c++)
            ig_buf_printf(&b, "%s1", c ? "," : "");
        ig_buf_putc(&b, '\n');
        assert_false(b.failed);
        const char *path = ts_write_in(tmp_dir, "cols.csv", b.data, b.len);
        if (!extra) {
            csv_ok(path, 1, cols);
        } else { /* the header's field too many starts after "...,c4095," */
            int col = (int)(header - 1 - strlen("c4096")) + 1;
            csv_fails(path, 1, col, "more than 4096 columns");
        }
        ig_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml_file_size),   cmocka_unit_test(yaml_deep_flow_refused_fast),
        cmocka_unit_test(yaml_depth_block), cmocka_unit_test(yaml_node_count),
        cmocka_unit_test(csv_file_size),    cmocka_unit_test(csv_rows),
        cmocka_unit_test(csv_columns),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
