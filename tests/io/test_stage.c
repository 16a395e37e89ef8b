/* test_stage.c - io/stage.c, the one way ingroei writes files: a staged set lands whole
 * or leaves the earlier set as it was, a file streamed into a staged set arrives in
 * order, a single file is replaced atomically, and the writers' shared checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *root;

static int setup(void **state)
{
    (void)state;
    root = ts_make_temp_dir("stage");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&root);
    return 0;
}

/* The builders of a staged set: fixed text, and one that fails as a bad number does. */
static void build_table(ig_buf *b, const void *ctx)
{
    ig_buf_printf(b, "table of %s\n", (const char *)ctx);
}
static void build_receipt(ig_buf *b, const void *ctx)
{
    ig_buf_printf(b, "{\"of\": \"%s\"}\n", (const char *)ctx);
}
static void build_invalid(ig_buf *b, const void *ctx)
{
    build_table(b, ctx);
    b->invalid = true;
}

/* How many entries of `dir` start with `prefix`. */
static size_t entries_starting(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

static void expect_file(const char *dir, const char *name, const char *want)
{
    char *path = ts_xprintf("%s/%s", dir, name);
    char *got = ts_slurp(path, NULL);
    assert_string_equal(got, want);
    free(got);
    free(path);
}

static ingroei_status write_set(const char *dir, ig_build_fn *second, const char *what,
                                ingroei_error *err)
{
    static const char *const names[] = {"au.csv", "au.json"};
    ig_build_fn *const build[] = {build_table, second};
    ingroei_output_report rep;
    ingroei_status st = ig_write_staged(dir, 2, names, build, what, &rep, err);
    if (st == INGROEI_OK) {
        assert_int_equal(rep.n_files, 2);
        assert_string_equal(rep.files[0], "au.csv");
        assert_string_equal(rep.files[1], "au.json");
    }
    return st;
}

static void staged_set_lands_whole(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/set/deeper", root); /* parents are made too */
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "one", &err), INGROEI_OK);
    expect_file(dir, "au.csv", "table of one\n");
    expect_file(dir, "au.json", "{\"of\": \"one\"}\n");
    expect_file(dir, ".ingroei-files", "au.csv\nau.json\n");
    assert_int_equal(entries_starting(dir, ".ingroei-staging-"), 0);
    /* a second set replaces the first */
    assert_int_equal(write_set(dir, build_receipt, "two", &err), INGROEI_OK);
    expect_file(dir, "au.csv", "table of two\n");
    expect_file(dir, "au.json", "{\"of\": \"two\"}\n");
    free(dir);
}

static void failed_set_leaves_the_earlier_one(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/keep", root);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "old", &err), INGROEI_OK);
    assert_int_equal(write_set(dir, build_invalid, "new", &err), INGROEI_ERR_NUMERIC);
    assert_string_equal(err.file, "au.json");
    assert_non_null(strstr(err.message, "not finite"));
    expect_file(dir, "au.csv", "table of old\n"); /* the first file was staged, not moved */
    expect_file(dir, "au.json", "{\"of\": \"old\"}\n");
    assert_int_equal(entries_starting(dir, ".ingroei-staging-"), 0);
    free(dir);
}

static void failed_set_removes_the_directory_it_made(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/fresh", root);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_invalid, "new", &err), INGROEI_ERR_NUMERIC);
    assert_false(ts_exists(dir));
    free(dir);
}

static void streamed_file_arrives_in_order(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/stream", root);
    ingroei_error err;
    ingroei_output_report rep = {0};
    ig_stage stage;
    assert_int_equal(ig_stage_open(&stage, dir, &err), INGROEI_OK);
    ig_stage_file sf = {0};
    assert_int_equal(ig_stage_file_open(&sf, &stage, "sweep.csv", &err), INGROEI_OK);
    ig_buf b = {0};
    for (int block = 0; block < 3; block++) {
        ig_buf_printf(&b, "block %d\n", block);
        assert_int_equal(ig_stage_file_append(&sf, &b, &err), INGROEI_OK);
        assert_int_equal(b.len, 0); /* emptied for the next block */
    }
    ig_buf_free(&b);
    assert_int_equal(ig_stage_file_close(&sf, &rep, &err), INGROEI_OK);
    assert_null(sf.f);
    assert_int_equal(ig_stage_file_close(&sf, &rep, &err), INGROEI_OK); /* a no-op now */
    assert_int_equal(rep.n_files, 1);
    assert_string_equal(rep.files[0], "sweep.csv");
    char *target = ts_xprintf("%s/sweep.csv", dir);
    assert_false(ts_exists(target)); /* staged, not yet in place */
    free(target);
    assert_int_equal(ig_stage_commit(&stage, &rep, &err), INGROEI_OK);
    expect_file(dir, "sweep.csv", "block 0\nblock 1\nblock 2\n");
    free(dir);
}

static void streamed_file_refuses_a_failed_buffer(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/stream-fail", root);
    ingroei_error err;
    ingroei_output_report rep = {0};
    ig_stage stage;
    assert_int_equal(ig_stage_open(&stage, dir, &err), INGROEI_OK);
    ig_stage_file sf = {0};
    assert_int_equal(ig_stage_file_open(&sf, &stage, "sweep.csv", &err), INGROEI_OK);
    ig_buf b = {0};
    b.failed = true;
    assert_int_equal(ig_stage_file_append(&sf, &b, &err), INGROEI_ERR_NOMEM);
    assert_string_equal(err.file, "sweep.csv");
    b = (ig_buf){0};
    b.invalid = true;
    assert_int_equal(ig_stage_file_append(&sf, &b, &err), INGROEI_ERR_NUMERIC);
    assert_int_equal(ig_stage_file_close(&sf, &rep, &err), INGROEI_OK);
    assert_int_equal(rep.n_files, 0); /* incomplete: not an output */
    ig_stage_close(&stage, false);
    assert_false(ts_exists(dir)); /* made by this stage, removed with it */
    free(dir);
}

static void single_file_replaced_atomically(void **state)
{
    (void)state;
    char *file = ts_xprintf("%s/resolved.yaml", root);
    ingroei_error err;
    ig_buf b = {0};
    ig_buf_puts(&b, "first\n");
    assert_int_equal(ig_write_file_atomic(file, &b, "the resolved file", &err), INGROEI_OK);
    ig_buf_free(&b);
    ig_buf_puts(&b, "second\n");
    assert_int_equal(ig_write_file_atomic(file, &b, "the resolved file", &err), INGROEI_OK);
    ig_buf_free(&b);
    char *got = ts_slurp(file, NULL);
    assert_string_equal(got, "second\n");
    free(got);
    /* a buffer that cannot be written leaves the file as it was and no temporary file */
    ig_buf_puts(&b, "third\n");
    b.invalid = true;
    assert_int_equal(ig_write_file_atomic(file, &b, "the resolved file", &err),
                     INGROEI_ERR_NUMERIC);
    ig_buf_free(&b);
    got = ts_slurp(file, NULL);
    assert_string_equal(got, "second\n");
    free(got);
    assert_int_equal(entries_starting(root, "resolved.yaml.partial"), 0);
    /* a rename that fails (a non-empty directory holds the name) leaves no temporary file */
    char *blocked = ts_xprintf("%s/blocked.yaml", root);
    assert_int_equal(mkdir(blocked, 0755), 0);
    ts_write_in(blocked, "inside", "x", 1);
    ig_buf_puts(&b, "y\n");
    assert_int_equal(ig_write_file_atomic(blocked, &b, "the resolved file", &err),
                     INGROEI_ERR_IO);
    ig_buf_free(&b);
    assert_int_equal(entries_starting(root, "blocked.yaml.partial"), 0);
    ts_remove_tree(blocked);
    free(blocked);
    /* a directory that is not there: an I/O error that names the file and what it is */
    char *missing = ts_xprintf("%s/no/such/dir/x.yaml", root);
    ig_buf_puts(&b, "x\n");
    assert_int_equal(ig_write_file_atomic(missing, &b, "the resolved file", &err),
                     INGROEI_ERR_IO);
    assert_string_equal(err.file, missing);
    assert_non_null(strstr(err.message, "cannot write the resolved file"));
    ig_buf_free(&b);
    free(missing);
    free(file);
}

static void writers_share_their_checks(void **state)
{
    (void)state;
    ingroei_output_report local, given;
    memset(&local, 0xff, sizeof local);
    memset(&given, 0xff, sizeof given);
    assert_ptr_equal(ig_report_start(NULL, &local), &local);
    assert_int_equal(local.n_files, 0);
    assert_ptr_equal(ig_report_start(&given, &local), &given);
    assert_int_equal(given.n_files, 0);
    ingroei_error err;
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    assert_int_equal(ig_output_options_check(&o, &err), INGROEI_ERR_USAGE);
    assert_string_equal(err.message, "no output directory given");
    o.dir = "";
    assert_int_equal(ig_output_options_check(&o, &err), INGROEI_ERR_USAGE);
    o.dir = "out";
    assert_int_equal(ig_output_options_check(&o, &err), INGROEI_OK);
    o.csv_dialect = (ingroei_csv_dialect)7;
    assert_int_equal(ig_output_options_check(&o, &err), INGROEI_ERR_USAGE);
    assert_string_equal(err.message, "unknown csv dialect 7");
    assert_int_equal(ig_output_options_check(NULL, &err), INGROEI_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(staged_set_lands_whole),
        cmocka_unit_test(failed_set_leaves_the_earlier_one),
        cmocka_unit_test(failed_set_removes_the_directory_it_made),
        cmocka_unit_test(streamed_file_arrives_in_order),
        cmocka_unit_test(streamed_file_refuses_a_failed_buffer),
        cmocka_unit_test(single_file_replaced_atomically),
        cmocka_unit_test(writers_share_their_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
