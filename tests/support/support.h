/* support.h - helpers the cmocka tests share: strings, whole files, temporary
 * directories, running the built command-line tool and a reproducible generator. A
 * helper that cannot do its job fails the running test or fixture with a message. */
#ifndef INGROEI_TEST_SUPPORT_H
#define INGROEI_TEST_SUPPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* printf into a new string (free it). */
char *ts_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A new copy of s (free it). */
char *ts_strdup(const char *s);

/* The text from s up to, not including, the first newline or the end, as a new
 * string (free it). */
char *ts_copy_line(const char *s);

/* Cuts `text` into lines in place, replacing each newline by a NUL, and returns the
 * number of lines; *lines gets a new array (free it) of pointers into `text`. Every
 * line must end with a newline: a last line without one fails the test, with `name`
 * (the file the text came from) in the message. Empty text has no lines. */
size_t ts_split_lines(char *text, const char *name, char ***lines);

/* The whole file at `path` as a new NUL-terminated string (free it); its length,
 * which may be more than strlen when the file holds NUL bytes, in *len when len is
 * not NULL. Fails the test when the file cannot be opened or read. */
char *ts_slurp(const char *path, size_t *len);

/* Writes `len` bytes of `data` to `path`, replacing the file if there is one. Fails
 * the test when the file cannot be written completely and closed. */
void ts_write_file(const char *path, const void *data, size_t len);

/* ts_write_file into dir/name; returns that path in a static buffer that the next
 * call overwrites. */
const char *ts_write_in(const char *dir, const char *name, const void *data, size_t len);

/* Whether the files at want_path and got_path hold the same bytes. When they do not,
 * prints where they first differ as a unified diff would (`name` and the line of each)
 * and returns false, so that a test can compare several files before it fails. */
bool ts_same_file(const char *name, const char *want_path, const char *got_path);

/* Fails unless the two files have the same bytes (saying where they differ). */
void ts_assert_same_file(const char *a, const char *b);

/* How often `needle` occurs in `hay` (overlapping occurrences count). */
size_t ts_count(const char *hay, const char *needle);

/* Whether anything is at `path`: a file, a directory, or a symbolic link, even one
 * that leads nowhere (the link itself is not followed). */
bool ts_exists(const char *path);

/* A new directory /tmp/ingroei-NAME-XXXXXX made by mkdtemp; returns its path (free
 * it). Fails the test or fixture when it cannot be made. */
char *ts_make_temp_dir(const char *name);

/* ts_remove_tree(*dir), then frees *dir and sets it to NULL: the group teardown of a
 * directory from ts_make_temp_dir (NULL, when the set-up did not get that far, is fine). */
void ts_remove_temp_dir(char **dir);

/* rm -r: removes `path` and, if it is a directory, everything in it, without
 * following symbolic links. NULL or a path where nothing is, is fine. Fails the test
 * or fixture, naming the entry and errno, when something cannot be removed. */
void ts_remove_tree(const char *path);

/* The temporary directory of a group of tests that run the tool: pass ts_tmpdir_setup
 * and ts_tmpdir_teardown to cmocka_run_group_tests. The set-up fails the group when
 * $INGROEI_CLI is not set and makes ts_tmpdir, /tmp/ingroei-PROGRAM-XXXXXX (PROGRAM: the
 * test's own name); the teardown removes it with everything in it. */
extern char *ts_tmpdir;
int ts_tmpdir_setup(void **state);
int ts_tmpdir_teardown(void **state);

/* The built `ingroei` binary, from $INGROEI_CLI (ctest sets it). Fails the test or
 * fixture when the variable is not set or empty. */
const char *ts_cli(void);

/* Runs ts_cli() with `args` (NULL-terminated, without the program itself) and our
 * environment, in which LC_ALL is set to `lc_all` when that is not NULL. stdout goes
 * to /dev/null. Returns the exit status, or 128 + the signal that ended the program;
 * when `err` is not NULL, *err gets everything written to stderr as a new string
 * (free it). Fails the test when the program cannot be started or waited for. */
int ts_run_cli(const char *const *args, const char *lc_all, char **err);

/* The standard output of the tool run with `args` (words separated by spaces, none
 * holding a space or a character the shell treats specially), as a new string; fails
 * the test unless it exits with 0. */
char *ts_cli_stdout(const char *args);

/* Runs the tool (as ts_run_cli, in the C locale) and fails the test unless it exits with
 * `want` and, when `in_stderr` is not NULL, says that on stderr. */
void ts_cli_expect(const char *const *args, int want, const char *in_stderr);

/* Runs the tool (as ts_run_cli) with `head` (NULL-terminated) followed by the arguments
 * in `more` up to a NULL, and fails the test, with its stderr, unless it exits with 0. */
void ts_cli_ok_v(const char *lc_all, const char *const *head, va_list more);

/* Starts the tool with argv (argv[0] the tool itself) with its stdout and stderr going to
 * /dev/null, without waiting for it; returns its process id. */
pid_t ts_spawn_quietly(char **argv);

/* Whether a set for the output directory `out` is being built beside it (ingroei writes
 * it into .NAME.ingroei-new-* in out's parent), waiting up to `seconds` for one. */
bool ts_wait_for_staging(const char *out, int seconds);

/* Sends Ctrl-C's signal, SIGINT, to `pid` and fails unless it stops with exit status
 * 130, leaving nothing at `out` and no set being built beside it. */
void ts_interrupt_and_check(pid_t pid, const char *out);

/* How many random scenarios a property test runs: `fallback`, or fewer when
 * $INGROEI_PROPERTY_SCENARIOS says so (tools/test lowers it under valgrind, which is
 * some fifty times slower). */
int ts_property_scenarios(int fallback);

/* Whether this process runs under valgrind (its preload library is in LD_PRELOAD): a
 * test that limits the address space of a forked child skips then, since the child is
 * still valgrind until it execs, and valgrind cannot live in a few megabytes. */
bool ts_under_valgrind(void);

/* The next number of splitmix64, a small reproducible generator: the same seed in
 * *state gives the same sequence on every platform. Advances *state. */
uint64_t ts_splitmix64(uint64_t *state);

/* The first English word of `text` (a new string, free it) among words that Dutch does
 * not have ("the", "with", "objective", "inhabitant", ...), or NULL: for the tests that
 * the fixed texts of the outputs for people are Dutch. */
char *ts_english_word(const char *text);

#endif
