/*
 * fuzz_common.h - what the fuzz harnesses of tests/fuzz/ share: a private temporary
 * directory per process for the files the readers are given, the checks every reader
 * must pass whatever its input ("fail cleanly": a status and a message, no output
 * object), and the replay program.
 *
 * Each harness fuzz_NAME.c defines LLVMFuzzerTestOneInput and includes this file once.
 * Built with clang and -fsanitize=fuzzer (CMake option INGROEI_FUZZ, run by tools/fuzz)
 * it is a libFuzzer binary. Built with INGROEI_FUZZ_REPLAY defined (any compiler) it is
 * a replay program instead: `fuzz_replay_NAME PATH...` runs the harness once over every
 * file named, or found directly in a directory named, and exits non-zero when a path
 * cannot be read or no input was found at all. ctest runs the replay programs over
 * tests/fuzz/corpus/NAME/ and tests/fuzz/regressions/NAME/ on every build.
 *
 * A new harness (the next one: fuzz_sweep.c, for the sweep loader) is a file
 * fuzz_NAME.c like the others, its name added to INGROEI_FUZZ_HARNESSES in the top
 * CMakeLists.txt, a seed corpus in corpus/NAME/ (small, meaningful inputs) and, when
 * useful, a libFuzzer dictionary NAME.dict; tools/fuzz then runs it and ctest replays it.
 *
 * INGROEI_FUZZ_REPO is the repository root (a compile-time definition), so that
 * inputs can name the real dataset: fuzz_model, and fuzz_scenario in its run modes,
 * replace every FZ_REPO_TOKEN ("@REPO@") in their input by it.
 *
 * The helpers are `static inline`, so that a harness need not use all of them.
 *
 * A broken invariant aborts with a message, which libFuzzer and the sanitizers report
 * as a crash with the input that caused it.
 */
#ifndef INGROEI_FUZZ_COMMON_H
#define INGROEI_FUZZ_COMMON_H

#define _GNU_SOURCE /* nftw; this header comes first in every harness */
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef INGROEI_FUZZ_REPO
#error "INGROEI_FUZZ_REPO (the repository root) must be defined"
#endif

/* The text in an input that stands for the repository root. */
#define FZ_REPO_TOKEN "@REPO@"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken invariant and aborts. */
static inline void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static inline void fz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* In a replay program with INGROEI_FUZZ_VERBOSE set in the environment, says what the
 * harness made of an input (to see which seeds reach how far); otherwise nothing. */
static inline void fz_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void fz_note(const char *fmt, ...)
{
#ifdef INGROEI_FUZZ_REPLAY
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("INGROEI_FUZZ_VERBOSE") != NULL;
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("  ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
#else
    (void)fmt;
#endif
}

/* ---- the per-process temporary directory ------------------------------------------ */

static char *fz_tmp_dir;

static inline int fz_remove_entry(const char *path, const struct stat *sb, int flag,
                                  struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

/* Removes the temporary directory and everything in it, at exit (libFuzzer ends with
 * exit() after -max_total_time or -runs; after a crash the directory stays behind, for
 * a look at what the harness wrote). */
static inline void fz_cleanup(void)
{
    if (fz_tmp_dir)
        nftw(fz_tmp_dir, fz_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(fz_tmp_dir);
    fz_tmp_dir = NULL;
}

/* The path of `name` in this process's temporary directory, made with mkdtemp on the
 * first call. A new string: call it once per name and keep it. */
static inline char *fz_file(const char *name)
{
    if (!fz_tmp_dir) {
        const char *base = getenv("TMPDIR");
        if (!base || !*base)
            base = "/tmp";
        size_t n = strlen(base) + sizeof "/ingroei-fuzz-XXXXXX";
        fz_tmp_dir = malloc(n);
        if (!fz_tmp_dir)
            fz_fail("out of memory");
        snprintf(fz_tmp_dir, n, "%s/ingroei-fuzz-XXXXXX", base);
        if (!mkdtemp(fz_tmp_dir))
            fz_fail("cannot make a temporary directory %s: %s", fz_tmp_dir, strerror(errno));
        atexit(fz_cleanup);
    }
    size_t n = strlen(fz_tmp_dir) + 1 + strlen(name) + 1;
    char *path = malloc(n);
    if (!path)
        fz_fail("out of memory");
    snprintf(path, n, "%s/%s", fz_tmp_dir, name);
    return path;
}

/* Replaces the file at `path` by the `len` bytes at `data`. */
static inline void fz_write(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        fz_fail("cannot write %s: %s", path, strerror(errno));
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            fz_fail("cannot write %s: %s", path, strerror(errno));
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) != 0)
        fz_fail("cannot write %s: %s", path, strerror(errno));
}

/* A new copy of data[0..size) in which every FZ_REPO_TOKEN is INGROEI_FUZZ_REPO; its
 * length in *out_len. */
static inline char *fz_expand_repo(const uint8_t *data, size_t size, size_t *out_len)
{
    static const char token[] = FZ_REPO_TOKEN, repo[] = INGROEI_FUZZ_REPO;
    const size_t tn = sizeof token - 1, rn = sizeof repo - 1;
    size_t count = 0;
    for (size_t i = 0; i + tn <= size; i++)
        if (memcmp(data + i, token, tn) == 0) {
            count++;
            i += tn - 1;
        }
    size_t len = size + count * rn; /* an upper bound: the tokens themselves go */
    char *out = malloc(len + 1);
    if (!out)
        fz_fail("out of memory");
    size_t o = 0;
    for (size_t i = 0; i < size;) {
        if (i + tn <= size && memcmp(data + i, token, tn) == 0) {
            memcpy(out + o, repo, rn);
            o += rn;
            i += tn;
        } else {
            out[o++] = (char)data[i++];
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* ---- the checks every reader must pass --------------------------------------------- */

/* A reader returned `st` and filled `err`. A failure must be a known status, the same
 * in `err`, with a message (NUL-terminated inside its buffer), and must format. */
static inline void fz_check_status(ingroei_status st, const ingroei_error *err, const char *who)
{
    if (st < INGROEI_OK || st > INGROEI_ERR_USAGE)
        fz_fail("%s returned the unknown status %d", who, (int)st);
    if (st == INGROEI_OK)
        return;
    if (err->status != st)
        fz_fail("%s returned status %d, its error says %d", who, (int)st, (int)err->status);
    if (!memchr(err->message, '\0', sizeof err->message) ||
        !memchr(err->file, '\0', sizeof err->file))
        fz_fail("%s left an unterminated error", who);
    if (!err->message[0])
        fz_fail("%s failed (status %d) without a message", who, (int)st);
    if (st == INGROEI_ERR_USAGE || st == INGROEI_ERR_NUMERIC)
        fz_fail("%s failed with status %d on an input: %s", who, (int)st, err->message);
    char buf[2200];
    if (!ingroei_error_format(err, buf, sizeof buf) || !buf[0])
        fz_fail("%s: the error does not format", who);
}

/* A fresh error object, filled with a marker so that an error the library does not
 * fill in is seen. */
static inline void fz_error_init(ingroei_error *err)
{
    memset(err, 0x5a, sizeof *err);
    err->file[0] = '\0';
    err->message[0] = '\0';
    err->status = INGROEI_OK;
}

/* The checks on a run that succeeded: its years are the scenario's, every year adds up to
 * its budget (exactly in exact-total mode, up to the reported residual in per-line
 * mode), and the rows add up to the year. */
static inline void fz_check_run(const ingroei_run *r, const ingroei_scenario *s)
{
    size_t n_years = ingroei_run_n_years(r), n_g = ingroei_run_n_gemeenten(r);
    if (n_years != (size_t)(s->last_year - s->first_year + 1))
        fz_fail("run has %zu years, the scenario %d-%d", n_years, s->first_year, s->last_year);
    if (n_g == 0)
        fz_fail("run without gemeenten");
    for (size_t t = 0; t < n_years; t++) {
        ingroei_year y;
        if (ingroei_run_year(r, t, &y) != INGROEI_OK)
            fz_fail("ingroei_run_year(%zu) failed", t);
        if (y.year != s->first_year + (int)t)
            fz_fail("year %zu is %d", t, y.year);
        if (!(y.objective_share >= 0.0 && y.objective_share <= 1.0))
            fz_fail("%d: objective share %g outside [0, 1]", y.year, y.objective_share);
        if (y.residual != y.sum_total - y.budget)
            fz_fail("%d: residual %lld is not sum %lld - budget %lld", y.year,
                    (long long)y.residual, (long long)y.sum_total, (long long)y.budget);
        if (s->rounding == IG_ROUND_EXACT_TOTAL && y.residual != 0)
            fz_fail("%d: exact-total rounding left a residual of %lld", y.year,
                    (long long)y.residual);
        int64_t sum = 0;
        for (size_t g = 0; g < n_g; g++) {
            ingroei_row row;
            if (ingroei_run_row(r, t, g, &row) != INGROEI_OK)
                fz_fail("ingroei_run_row(%zu, %zu) failed", t, g);
            if (!row.code || !row.name || row.year != y.year)
                fz_fail("%d: row %zu is incomplete", y.year, g);
            sum += row.total;
        }
        if (sum != y.sum_total)
            fz_fail("%d: the rows add up to %lld, the year says %lld", y.year, (long long)sum,
                    (long long)y.sum_total);
    }
}

/* ---- the replay program ------------------------------------------------------------ */

#ifdef INGROEI_FUZZ_REPLAY

/* Runs the harness on the file at `path`; false when it cannot be read. */
static bool fz_replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fprintf(stderr, "replay: out of memory\n");
            fclose(f);
            return false;
        }
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        uint8_t *nb = realloc(buf, cap *= 2);
        if (!nb)
            free(buf);
        buf = nb;
    }
    bool ok = !ferror(f);
    fclose(f);
    if (!ok) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(buf);
        return false;
    }
    /* An exactly sized copy, so that the sanitizers see a read past the input's end. */
    uint8_t *input = malloc(len ? len : 1);
    if (!input) {
        free(buf);
        return false;
    }
    memcpy(input, buf, len);
    free(buf);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(input, len);
    free(input);
    return true;
}

static int fz_replay_select(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

int main(int argc, char **argv)
{
    size_t n_inputs = 0;
    bool ok = true;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIRECTORY...\n", argv[0]);
        return 2;
    }
    for (int a = 1; a < argc; a++) {
        struct stat sb;
        if (stat(argv[a], &sb) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[a], strerror(errno));
            ok = false;
            continue;
        }
        if (!S_ISDIR(sb.st_mode)) {
            ok = fz_replay_file(argv[a]) && ok;
            n_inputs++;
            continue;
        }
        struct dirent **entries;
        int n = scandir(argv[a], &entries, fz_replay_select, alphasort);
        if (n < 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[a], strerror(errno));
            ok = false;
            continue;
        }
        for (int i = 0; i < n; i++) {
            size_t len = strlen(argv[a]) + 1 + strlen(entries[i]->d_name) + 1;
            char *path = malloc(len);
            if (path) {
                snprintf(path, len, "%s/%s", argv[a], entries[i]->d_name);
                if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
                    ok = fz_replay_file(path) && ok;
                    n_inputs++;
                }
            } else {
                ok = false;
            }
            free(path);
            free(entries[i]);
        }
        free(entries);
    }
    if (n_inputs == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    fprintf(stderr, "replay: %zu inputs%s\n", n_inputs, ok ? "" : ", some could not be read");
    return ok ? 0 : 1;
}

#endif /* INGROEI_FUZZ_REPLAY */

#endif /* INGROEI_FUZZ_COMMON_H */
