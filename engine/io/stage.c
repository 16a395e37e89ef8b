/*
 * stage.c - the one way ingroei writes an output set: every file goes into a fresh
 * staging directory inside the output directory, is synced, and the set is moved into
 * place only when all of it is complete; a failure leaves the earlier set untouched.
 */
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ingroei_status ig_write_file(const char *dir, const char *name, const ig_buf *data,
                             ingroei_output_report *report, ingroei_error *err)
{
    char ebuf[128];
    if (data->failed)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    if (data->invalid)
        return ig_fail(err, INGROEI_ERR_NUMERIC, name, 0, 0,
                       "a number that is not finite, or too large to write with its decimals, "
                       "reached the output");
    if (report->n_files >= INGROEI_MAX_OUTPUT_FILES)
        return ig_fail(err, INGROEI_ERR_USAGE, name, 0, 0, "too many output files");
    char *path = ig_path_join(dir, name);
    if (!path)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    FILE *f = fopen(path, "wb");
    ingroei_status st = INGROEI_OK;
    if (!f) {
        st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "cannot write: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    } else {
        /* Flush to the disk before the file can be renamed into place; close it
         * whether or not the write failed, then judge both. */
        bool short_write = data->len && fwrite(data->data, 1, data->len, f) != data->len;
        short_write = short_write || fflush(f) != 0 || fsync(fileno(f)) != 0;
        bool close_failed = fclose(f) != 0;
        if (short_write || close_failed)
            st = ig_fail(err, INGROEI_ERR_IO, path, 0, 0, "write error: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
    }
    if (st == INGROEI_OK)
        snprintf(report->files[report->n_files++], sizeof report->files[0], "%s", name);
    free(path);
    return st;
}

/* Creates `dir` and its missing parents; *created tells whether `dir` itself was new
 * (so that a failed run can remove it again). */
static ingroei_status make_dirs(const char *dir, bool *created, ingroei_error *err)
{
    char ebuf[128];
    struct stat sb;
    *created = false;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "is not a directory");
        return INGROEI_OK;
    }
    char *p = ig_strdup(dir);
    if (!p)
        return ig_fail(err, INGROEI_ERR_NOMEM, dir, 0, 0, "out of memory");
    ingroei_status st = INGROEI_OK;
    for (char *s = p + 1; st == INGROEI_OK; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            st = ig_fail(err, INGROEI_ERR_IO, p, 0, 0, "cannot create directory: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
        *s = c;
        if (!c)
            break;
    }
    free(p);
    if (st == INGROEI_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "is not a directory");
    *created = st == INGROEI_OK;
    return st;
}

/* See io/io.h. */
void ig_remove_dir(const char *staging)
{
    DIR *d = opendir(staging);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = ig_path_join(staging, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(staging);
}

/* The list of files the last run wrote into an output directory, one name a line, so
 * that the next run can remove what it no longer makes (another gemeente's table, the
 * pictures of a run with plots) without touching any other file there. */
#define MANIFEST ".ingroei-files"

/* Whether `name` is a file some ingroei command writes: only those are removed as stale,
 * so that a manifest that came with a directory (copied, unpacked) cannot make a run
 * delete anything else. */
static bool removable_name(const char *name)
{
    static const char *const fixed[] = {
        "allocations.csv", "budget.csv",        "budget_opbouw.csv",  "regios.csv",
        "summary.json",    "landelijk.png",     "landelijk.svg",      "landelijk.dat",
        "landelijk.gp",    "report.html",       "report.gp",          "report.dat",
        "ingroei.xlsx",    "compare.csv",       "compare_breed.csv",  "ranking.csv",
        "compare.json",    "vergelijking.xlsx", "brugstaat.csv",      "au.csv",
        "au_regels.csv",   "au.json",           "verify.csv",         "verify.json",
        "prorata.csv",     "prorata.json",      "diff_vintage.csv",   "diff_vintage.json",
        "sweep.csv",       "sweep.json",        "gemeente_bereik.csv"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (!strcmp(name, fixed[i]))
            return true;
    /* gemeente_GM0193.{csv,png,svg,dat,gp}, compare_gemeente_GM0193.csv */
    static const char *const prefixes[] = {"gemeente_GM", "compare_gemeente_GM"};
    static const char *const suffixes[] = {".csv", ".png", ".svg", ".dat", ".gp"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(name, prefixes[i], n))
            continue;
        const char *d = name + n;
        if (strspn(d, "0123456789") != 4)
            return false;
        for (size_t k = 0; k < (i ? 1u : 5u); k++)
            if (!strcmp(d + 4, suffixes[k]))
                return true;
    }
    return false;
}

/* Moves the staged files into `dir`, then the manifest, then removes the files of the
 * previous run that this run did not make. Before anything moves, every target is
 * checked: a target that exists and is not a regular file stops the run with nothing
 * replaced. */
static ingroei_status replace_outputs(const char *staging, const char *dir,
                                      ingroei_output_report *report, ingroei_error *err)
{
    char ebuf[128];
    ingroei_status st = INGROEI_OK;
    for (size_t i = 0; st == INGROEI_OK && i < report->n_files; i++) {
        char *to = ig_path_join(dir, report->files[i]);
        struct stat sb;
        if (!to)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (lstat(to, &sb) == 0 && !S_ISREG(sb.st_mode))
            st = ig_fail(err, INGROEI_ERR_IO, to, 0, 0,
                         "exists and is not a regular file; nothing was replaced");
        free(to);
    }
    char *old = NULL, *old_path = ig_path_join(dir, MANIFEST);
    size_t old_len = 0;
    if (st == INGROEI_OK && old_path && access(old_path, F_OK) == 0 &&
        ig_read_file(old_path, &old, &old_len, NULL) != INGROEI_OK)
        old = NULL; /* an unreadable manifest only means no stale files are removed */
    /* Every command's first file names its kind (allocations.csv, compare.csv,
     * brugstaat.csv, au.csv, ...). Another command's outputs are not this one's stale
     * files: refuse rather than remove them. */
    size_t first = old ? strcspn(old, "\n") : 0;
    if (st == INGROEI_OK && first && report->n_files &&
        (strlen(report->files[0]) != first || strncmp(old, report->files[0], first) != 0))
        st = ig_fail(err, INGROEI_ERR_USAGE, dir, 0, 0,
                     "holds the outputs of another command (%.*s, ...), which this one would "
                     "remove; nothing was replaced: give it a directory of its own",
                     (int)first, old);
    ig_buf list = {0};
    for (size_t i = 0; i < report->n_files; i++)
        ig_buf_printf(&list, "%s\n", report->files[i]);
    ingroei_output_report manifest_report = {0};
    if (st == INGROEI_OK)
        st = ig_write_file(staging, MANIFEST, &list, &manifest_report, err);
    ig_buf_free(&list);
    for (size_t i = 0; st == INGROEI_OK && i <= report->n_files; i++) {
        const char *name = i < report->n_files ? report->files[i] : MANIFEST;
        char *from = ig_path_join(staging, name), *to = ig_path_join(dir, name);
        if (!from || !to)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (rename(from, to) != 0)
            st = ig_fail(err, INGROEI_ERR_IO, to, 0, 0, "cannot move into place: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
        free(from);
        free(to);
    }
    /* Stale files of the previous run. */
    for (char *line = old, *next; st == INGROEI_OK && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        bool current = false;
        for (size_t i = 0; i < report->n_files && !current; i++)
            current = strcmp(report->files[i], line) == 0;
        char *stale = current || !removable_name(line) ? NULL : ig_path_join(dir, line);
        struct stat sb;
        if (stale && lstat(stale, &sb) == 0 && S_ISREG(sb.st_mode))
            unlink(stale);
        free(stale);
    }
    free(old);
    free(old_path);
    /* Make the renames durable. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return st;
}

/* A staging directory is named after the process that writes it. One whose process is
 * gone (killed while it wrote) is removed by the next write into the same directory. */
#define STAGING_PREFIX ".ingroei-staging-"

static void remove_abandoned_staging(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const size_t n = strlen(STAGING_PREFIX);
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, STAGING_PREFIX, n))
            continue;
        char *end = NULL;
        long pid = strtol(e->d_name + n, &end, 10);
        if (end == e->d_name + n || *end != '-' || pid <= 0 || pid > INT_MAX)
            continue; /* not ours, or of an older version: left alone */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* its writer may still be at work */
        char *path = ig_path_join(dir, e->d_name);
        if (path)
            ig_remove_dir(path);
        free(path);
    }
    closedir(d);
}

ingroei_status ig_stage_open(ig_stage *st, const char *dir, ingroei_error *err)
{
    char ebuf[128];
    memset(st, 0, sizeof *st);
    st->dir = dir;
    ingroei_status rc = make_dirs(dir, &st->created, err);
    if (rc != INGROEI_OK)
        return rc;
    remove_abandoned_staging(dir);
    char name[64];
    snprintf(name, sizeof name, STAGING_PREFIX "%ld-XXXXXX", (long)getpid());
    st->path = ig_path_join(dir, name);
    if (!st->path)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (!mkdtemp(st->path)) {
        rc = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "cannot create a staging directory: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
        ig_stage_close(st, false);
        return rc;
    }
    return INGROEI_OK;
}

ingroei_status ig_stage_commit(ig_stage *st, ingroei_output_report *report, ingroei_error *err)
{
    ingroei_status rc = replace_outputs(st->path, st->dir, report, err);
    ig_stage_close(st, rc == INGROEI_OK);
    return rc;
}

void ig_stage_close(ig_stage *st, bool committed)
{
    if (st->path) {
        ig_remove_dir(st->path);
        free(st->path);
        st->path = NULL;
    }
    if (!committed && st->created)
        rmdir(st->dir); /* only succeeds while it is empty, i.e. nothing was moved in */
}

ingroei_status ig_write_staged(const char *dir, size_t n, const char *const *names,
                               ig_build_fn *const *build, const void *ctx,
                               ingroei_output_report *report, ingroei_error *err)
{
    return ig_write_staged_more(dir, n, names, build, ctx, NULL, report, err);
}

ingroei_status ig_write_staged_more(const char *dir, size_t n, const char *const *names,
                                    ig_build_fn *const *build, const void *ctx, ig_stage_fn *more,
                                    ingroei_output_report *report, ingroei_error *err)
{
    memset(report, 0, sizeof *report);
    ig_stage stage;
    ingroei_status st = ig_stage_open(&stage, dir, err);
    if (st != INGROEI_OK)
        return st;
    for (size_t i = 0; i < n && st == INGROEI_OK; i++) {
        ig_buf b = {0};
        build[i](&b, ctx);
        st = ig_write_file(stage.path, names[i], &b, report, err);
        ig_buf_free(&b);
    }
    if (st == INGROEI_OK && more)
        st = more(stage.path, ctx, report, err);
    if (st == INGROEI_OK)
        return ig_stage_commit(&stage, report, err);
    ig_stage_close(&stage, false);
    return st;
}

/* Writes `data` to `file` through a temporary file in the same directory and a rename:
 * an earlier file of that name stays whole until the new one is complete. */
ingroei_status ig_write_file_atomic(const char *file, const ig_buf *data, const char *what,
                                    ingroei_error *err)
{
    char ebuf[128];
    if (data->failed)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    if (data->invalid)
        return ig_fail(err, INGROEI_ERR_NUMERIC, file, 0, 0, "a number could not be written");
    size_t n = strlen(file) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    snprintf(tmp, n, "%s.partial-%ld", file, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    bool ok = fd >= 0;
    size_t done = 0;
    while (ok && done < data->len) {
        ssize_t w = write(fd, data->data + done, data->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        done += ok ? (size_t)w : 0;
    }
    int e = errno;
    if (fd >= 0 && (fsync(fd) != 0 || close(fd) != 0) && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(tmp, file) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        free(tmp);
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "cannot write %s: %s", what,
                       ig_strerror(e, ebuf, sizeof ebuf));
    }
    free(tmp);
    return INGROEI_OK;
}

ingroei_status ig_stage_file_open(ig_stage_file *sf, const ig_stage *stage, const char *name,
                                  ingroei_error *err)
{
    sf->name = name;
    char *path = ig_path_join(stage->path, name);
    sf->f = path ? fopen(path, "wb") : NULL;
    free(path);
    if (!sf->f)
        return ig_fail(err, INGROEI_ERR_IO, stage->dir, 0, 0, "cannot write %s", name);
    return INGROEI_OK;
}

ingroei_status ig_stage_file_write(ig_stage_file *sf, const void *data, size_t len,
                                   ingroei_error *err)
{
    char ebuf[128];
    if (len && fwrite(data, 1, len, sf->f) != len) {
        sf->failed = true;
        return ig_fail(err, INGROEI_ERR_IO, sf->name, 0, 0, "write error: %s",
                       ig_strerror(errno, ebuf, sizeof ebuf));
    }
    return INGROEI_OK;
}

ingroei_status ig_stage_file_append(ig_stage_file *sf, ig_buf *b, ingroei_error *err)
{
    if (b->failed || b->invalid) {
        sf->failed = true;
        return ig_fail(err, b->failed ? INGROEI_ERR_NOMEM : INGROEI_ERR_NUMERIC, sf->name, 0, 0,
                       b->failed ? "out of memory" : "a number that is not finite");
    }
    ingroei_status st = ig_stage_file_write(sf, b->data, b->len, err);
    if (st != INGROEI_OK)
        return st;
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    return INGROEI_OK;
}

ingroei_status ig_stage_file_close(ig_stage_file *sf, ingroei_output_report *report,
                                   ingroei_error *err)
{
    char ebuf[128];
    if (!sf->f)
        return INGROEI_OK;
    bool bad = fflush(sf->f) != 0 || fsync(fileno(sf->f)) != 0;
    bad = (fclose(sf->f) != 0) || bad;
    sf->f = NULL;
    if (bad)
        return ig_fail(err, INGROEI_ERR_IO, sf->name, 0, 0, "write error: %s",
                       ig_strerror(errno, ebuf, sizeof ebuf));
    if (sf->failed)
        return INGROEI_OK; /* incomplete: not an output */
    if (report->n_files >= INGROEI_MAX_OUTPUT_FILES)
        return ig_fail(err, INGROEI_ERR_USAGE, sf->name, 0, 0, "too many output files");
    snprintf(report->files[report->n_files++], sizeof report->files[0], "%s", sf->name);
    return INGROEI_OK;
}

ingroei_output_report *ig_report_start(ingroei_output_report *report, ingroei_output_report *local)
{
    if (!report)
        report = local;
    memset(report, 0, sizeof *report);
    return report;
}

ingroei_status ig_output_options_check(const ingroei_output_options *o, ingroei_error *err)
{
    if (!o || !o->dir || !o->dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    if (o->csv_dialect != INGROEI_CSV_RFC4180 && o->csv_dialect != INGROEI_CSV_NL)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "unknown csv dialect %d",
                       (int)o->csv_dialect);
    return INGROEI_OK;
}
