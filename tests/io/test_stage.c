/* test_stage.c - io/stage.c, the one way ingroei writes files: a set lands whole or
 * leaves the earlier set as it was, links are never followed, foreign files stay, a
 * second writer is refused, a dead writer's left-overs are cleaned up, a streamed file
 * arrives in order, a single file is replaced atomically; the writers' shared checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <dirent.h>
#include <unistd.h>
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
    assert_int_equal(entries_starting(dir, ".ingroei"), 1); /* the manifest only */
    char *parent = ts_xprintf("%s/set", root);
    assert_int_equal(entries_starting(parent, ".deeper.ingroei-new-"), 0);
    /* a second set replaces the first */
    assert_int_equal(write_set(dir, build_receipt, "two", &err), INGROEI_OK);
    expect_file(dir, "au.csv", "table of two\n");
    expect_file(dir, "au.json", "{\"of\": \"two\"}\n");
    assert_int_equal(entries_starting(parent, ".deeper.ingroei-new-"), 0);
    assert_int_equal(entries_starting(parent, ".deeper.ingroei-lock"), 0); /* let go */
    free(parent);
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
    assert_int_equal(entries_starting(root, ".keep.ingroei-new-"), 0);
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
    assert_false(sf.open);
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
    ig_stage_close(&stage);
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
    assert_int_equal(entries_starting(root, ".resolved.yaml.ingroei-"), 0);
    /* a rename that fails (a non-empty directory holds the name) leaves no temporary file */
    char *blocked = ts_xprintf("%s/blocked.yaml", root);
    assert_int_equal(mkdir(blocked, 0755), 0);
    ts_write_in(blocked, "inside", "x", 1);
    ig_buf_puts(&b, "y\n");
    assert_int_equal(ig_write_file_atomic(blocked, &b, "the resolved file", &err), INGROEI_ERR_IO);
    ig_buf_free(&b);
    assert_int_equal(entries_starting(root, ".blocked.yaml.ingroei-"), 0);
    ts_remove_tree(blocked);
    free(blocked);
    /* a directory that is not there: an I/O error that names the file and what it is */
    char *missing = ts_xprintf("%s/no/such/dir/x.yaml", root);
    ig_buf_puts(&b, "x\n");
    assert_int_equal(ig_write_file_atomic(missing, &b, "the resolved file", &err), INGROEI_ERR_IO);
    assert_string_equal(err.file, missing);
    assert_non_null(strstr(err.message, "cannot write the resolved file"));
    ig_buf_free(&b);
    free(missing);
    free(file);
}

/* Issue 17, defect 1: links planted where ingroei cleans up (an old-style staging name in
 * DIR, a set name beside it) are removed as links; what they point to is untouched. */
static void planted_links_are_never_followed(void **state)
{
    (void)state;
    char *victim = ts_xprintf("%s/victim", root), *victim2 = ts_xprintf("%s/victim2", root);
    char *dir = ts_xprintf("%s/o", root);
    assert_int_equal(mkdir(victim, 0755), 0);
    assert_int_equal(mkdir(victim2, 0755), 0);
    assert_int_equal(mkdir(dir, 0755), 0);
    ts_write_in(victim, "a", "keep\n", 5);
    ts_write_in(victim2, "b", "keep\n", 5);
    char *link1 = ts_xprintf("%s/.ingroei-staging-2147483646-AAAAAA", dir);
    char *link2 = ts_xprintf("%s/.o.ingroei-new-deadbeef", root);
    assert_int_equal(symlink(victim, link1), 0);
    assert_int_equal(symlink(victim2, link2), 0);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "one", &err), INGROEI_OK);
    expect_file(victim, "a", "keep\n");
    expect_file(victim2, "b", "keep\n");
    assert_false(ts_exists(link1));
    assert_false(ts_exists(link2));
    free(link1);
    free(link2);
    free(dir);
    free(victim);
    free(victim2);
}

/* What DIR holds that ingroei did not write (notes, a subdirectory of another command's
 * outputs, a link) is still there after a new set, the link still a link. */
static void foreign_entries_move_with_the_set(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/mixed", root), *sub = ts_xprintf("%s/mixed/brug", root);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "one", &err), INGROEI_OK);
    ts_write_in(dir, "notes.txt", "mine\n", 5);
    assert_int_equal(mkdir(sub, 0755), 0);
    ts_write_in(sub, "brugstaat.csv", "x\n", 2);
    char *link = ts_xprintf("%s/elsewhere", dir);
    assert_int_equal(symlink("/nonexistent/target", link), 0);
    assert_int_equal(write_set(dir, build_receipt, "two", &err), INGROEI_OK);
    expect_file(dir, "notes.txt", "mine\n");
    expect_file(sub, "brugstaat.csv", "x\n");
    char target[64] = {0};
    assert_int_equal(readlink(link, target, sizeof target - 1), 19);
    assert_string_equal(target, "/nonexistent/target");
    expect_file(dir, "au.csv", "table of two\n");
    assert_int_equal(entries_starting(root, ".mixed.ingroei-new-"), 0);
    free(link);
    free(sub);
    free(dir);
}

/* DIR given as a link, or by a name that is no name, is refused with nothing written. */
static void unusable_output_names_are_refused(void **state)
{
    (void)state;
    char *target = ts_xprintf("%s/real", root), *link = ts_xprintf("%s/linked", root);
    assert_int_equal(mkdir(target, 0755), 0);
    assert_int_equal(symlink(target, link), 0);
    ingroei_error err;
    assert_int_equal(write_set(link, build_receipt, "x", &err), INGROEI_ERR_IO);
    assert_non_null(strstr(err.message, "symbolic link"));
    assert_int_equal(entries_starting(target, ""), 2); /* . and .. */
    assert_int_equal(write_set(".", build_receipt, "x", &err), INGROEI_ERR_USAGE);
    assert_int_equal(write_set("/", build_receipt, "x", &err), INGROEI_ERR_USAGE);
    char *dots = ts_xprintf("%s/..", root);
    assert_int_equal(write_set(dots, build_receipt, "x", &err), INGROEI_ERR_USAGE);
    free(dots);
    free(link);
    free(target);
}

/* Issue 17, defect 5: a second writer into the same DIR is refused while the first holds
 * the lock, and DIR stays as the first left it. */
static void a_second_writer_is_refused(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/locked", root);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "first", &err), INGROEI_OK);
    ig_stage holder;
    assert_int_equal(ig_stage_open(&holder, dir, &err), INGROEI_OK);
    assert_int_equal(write_set(dir, build_receipt, "second", &err), INGROEI_ERR_IO);
    assert_non_null(strstr(err.message, "another ingroei is writing into it"));
    ig_stage_close(&holder);
    expect_file(dir, "au.csv", "table of first\n");
    assert_int_equal(write_set(dir, build_receipt, "third", &err), INGROEI_OK);
    expect_file(dir, "au.csv", "table of third\n");
    free(dir);
}

/* A writer killed while it built a set leaves a marked directory, which goes; one killed
 * just after the swap leaves the earlier set, whose foreign files move into DIR and
 * whose outputs go. */
static void left_overs_of_a_dead_writer_are_cleaned_up(void **state)
{
    (void)state;
    char *dir = ts_xprintf("%s/crashed", root);
    char *building = ts_xprintf("%s/.crashed.ingroei-new-00000001", root);
    char *swapped = ts_xprintf("%s/.crashed.ingroei-new-00000002", root);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "one", &err), INGROEI_OK);
    assert_int_equal(mkdir(building, 0755), 0);
    ts_write_in(building, ".ingroei-building", "", 0);
    ts_write_in(building, "au.csv", "half\n", 5);
    assert_int_equal(mkdir(swapped, 0755), 0);
    ts_write_in(swapped, ".ingroei-files", "au.csv\nau.json\n", 15);
    ts_write_in(swapped, "au.csv", "older\n", 6);
    ts_write_in(swapped, "notes.txt", "mine\n", 5);
    assert_int_equal(write_set(dir, build_receipt, "two", &err), INGROEI_OK);
    assert_false(ts_exists(building));
    assert_false(ts_exists(swapped));
    expect_file(dir, "notes.txt", "mine\n");
    expect_file(dir, "au.csv", "table of two\n");
    free(swapped);
    free(building);
    free(dir);
}

/* Issue 17, defect 4: the resolved file's temporary name was FILE.partial-PID, opened
 * without O_EXCL or O_NOFOLLOW, so a link planted at that name made ingroei overwrite
 * its target. Now the name is unpredictable and a link is never followed. */
static void a_planted_temporary_link_is_not_followed(void **state)
{
    (void)state;
    char *victim = ts_xprintf("%s/victim-file", root);
    char *file = ts_xprintf("%s/scenario.resolved.yaml", root);
    char *planted = ts_xprintf("%s.partial-%ld", file, (long)getpid());
    ts_write_file(victim, "keep\n", 5);
    assert_int_equal(symlink(victim, planted), 0);
    ingroei_error err;
    ig_buf b = {0};
    ig_buf_puts(&b, "resolved\n");
    assert_int_equal(ig_write_file_atomic(file, &b, "the resolved file", &err), INGROEI_OK);
    ig_buf_free(&b);
    char *got = ts_slurp(victim, NULL);
    assert_string_equal(got, "keep\n");
    free(got);
    got = ts_slurp(file, NULL);
    assert_string_equal(got, "resolved\n");
    free(got);
    unlink(planted);
    free(planted);
    free(file);
    free(victim);
}

/* Issue 17, item 9: a .ingroei-files that is a link was read through, and the first line
 * of whatever it pointed to reached the error message. Now it is not read: it is not a
 * manifest, and the link goes with the earlier set while its target stays. */
static void a_linked_manifest_is_not_read(void **state)
{
    (void)state;
    char *secret = ts_xprintf("%s/secret", root), *dir = ts_xprintf("%s/linked-manifest", root);
    char *manifest = ts_xprintf("%s/.ingroei-files", dir);
    ts_write_file(secret, "TOP-SECRET\n", 11);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(symlink(secret, manifest), 0);
    ingroei_error err;
    assert_int_equal(write_set(dir, build_receipt, "one", &err), INGROEI_OK);
    expect_file(dir, ".ingroei-files", "au.csv\nau.json\n");
    char *got = ts_slurp(secret, NULL);
    assert_string_equal(got, "TOP-SECRET\n");
    free(got);
    free(manifest);
    free(dir);
    free(secret);
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
        cmocka_unit_test(planted_links_are_never_followed),
        cmocka_unit_test(foreign_entries_move_with_the_set),
        cmocka_unit_test(unusable_output_names_are_refused),
        cmocka_unit_test(a_second_writer_is_refused),
        cmocka_unit_test(left_overs_of_a_dead_writer_are_cleaned_up),
        cmocka_unit_test(a_planted_temporary_link_is_not_followed),
        cmocka_unit_test(a_linked_manifest_is_not_read),
        cmocka_unit_test(writers_share_their_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
