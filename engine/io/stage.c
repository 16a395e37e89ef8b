/*
 * stage.c - the one way ingroei writes: an output set is built whole in a hidden
 * directory beside the output directory, synced, and swapped in with one atomic rename,
 * under a lock that keeps other writers out; a single file is replaced through an
 * unpredictable temporary name. Files are created with O_EXCL|O_NOFOLLOW, and clean-up
 * works through directory descriptors and removes only what ingroei wrote.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How an output directory DIR (in PARENT, named NAME) is kept, all in PARENT:
 *   .NAME.ingroei-lock      the writer lock (flock), there while a writer works;
 *   .NAME.ingroei-new-XXXX  a set being built; it holds the file STAGE_MARK until just
 *                           before the swap, so that a left-over one is known to hold
 *                           only files ingroei wrote;
 *   after the swap the same directory holds the earlier set, which is emptied: its
 *   outputs are removed and anything else (a user's notes, a subdirectory) is moved
 *   into the new DIR.
 * DIR/.ingroei-files lists the outputs of the set in DIR, the first naming the command. */
#define MANIFEST   ".ingroei-files"
#define STAGE_MARK ".ingroei-building"
#define LOCK_TAIL  ".ingroei-lock"
#define NEW_TAIL   ".ingroei-new-"

static ingroei_status io_fail(ingroei_error *err, const char *what, const char *fmt, int errnum)
{
    char ebuf[128];
    return ig_fail(err, INGROEI_ERR_IO, what, 0, 0, fmt, ig_strerror(errnum, ebuf, sizeof ebuf));
}

/* Writes all of data to fd, through short writes and interruptions. */
static bool write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        len -= (size_t)w;
    }
    return true;
}

/* Whether `name` is one file name (not empty, ".", ".." or with a slash). */
static bool plain_name(const char *name)
{
    return name[0] && strcmp(name, ".") && strcmp(name, "..") && !strchr(name, '/');
}

/* Creates dirfd/name with O_EXCL|O_NOFOLLOW and writes data. It is not synced here: a
 * staged set is made durable as a whole, once, by ig_stage_commit (sync_set). `shown`
 * names the file in messages. */
static ingroei_status write_new_at(int dirfd, const char *name, const char *shown,
                                   const ig_buf *data, ingroei_error *err)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return io_fail(err, shown, "cannot write: %s", errno);
    bool ok = write_all(fd, data->data ? data->data : "", data->len);
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlinkat(dirfd, name, 0);
        return io_fail(err, shown, "write error: %s", e);
    }
    return INGROEI_OK;
}

static ingroei_status check_buffer(const ig_buf *data, const char *name, ingroei_error *err)
{
    if (data->failed)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    if (data->invalid)
        return ig_fail(err, INGROEI_ERR_NUMERIC, name, 0, 0,
                       "a number that is not finite, or too large to write with its decimals, "
                       "reached the output");
    return INGROEI_OK;
}

ingroei_status ig_write_file(const char *dir, const char *name, const ig_buf *data,
                             ingroei_output_report *report, ingroei_error *err)
{
    ingroei_status st = check_buffer(data, name, err);
    if (st != INGROEI_OK)
        return st;
    if (report->n_files >= INGROEI_MAX_OUTPUT_FILES)
        return ig_fail(err, INGROEI_ERR_USAGE, name, 0, 0, "too many output files");
    if (!plain_name(name))
        return ig_fail(err, INGROEI_ERR_USAGE, name, 0, 0, "not a plain file name");
    char *path = ig_path_join(dir, name);
    if (!path)
        return ig_fail(err, INGROEI_ERR_NOMEM, name, 0, 0, "out of memory");
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    st = dirfd < 0 ? io_fail(err, path, "cannot write: %s", errno)
                   : write_new_at(dirfd, name, path, data, err);
    if (dirfd >= 0)
        close(dirfd);
    if (st == INGROEI_OK)
        snprintf(report->files[report->n_files++], sizeof report->files[0], "%s", name);
    free(path);
    return st;
}

/* Calls fn(at, name, ctx) for every entry of the directory `at` but . and .., without
 * allocating (getdents64 into a buffer on the stack, so that clean-up works when memory
 * has run out); fn returns true when it changed the directory, and then the entries are
 * read again, at most 8 times, so that none is missed. */
typedef bool entry_fn(int at, const char *name, void *ctx);

static void each_entry(int at, entry_fn *fn, void *ctx)
{
    for (int pass = 0; pass < 8; pass++) {
        bool changed = false;
        if (lseek(at, 0, SEEK_SET) != 0)
            return;
        char buf[4096] __attribute__((aligned(8)));
        ssize_t n;
        while ((n = getdents64(at, buf, sizeof buf)) > 0)
            for (ssize_t off = 0; off < n;) {
                const struct dirent64 *e = (const struct dirent64 *)(buf + off);
                off += e->d_reclen;
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                    changed = fn(at, e->d_name, ctx) || changed;
            }
        if (!changed)
            return;
    }
}

static void remove_tree_at(int at, const char *name, int depth);

static bool remove_entry(int at, const char *name, void *ctx)
{
    remove_tree_at(at, name, *(const int *)ctx + 1);
    return true;
}

/* Removes at/name and, when it is a directory, everything in it, never following a
 * link (a link is removed as a link). Depth is bounded: what lies deeper stays. */
static void remove_tree_at(int at, const char *name, int depth)
{
    struct stat sb;
    if (fstatat(at, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlinkat(at, name, 0);
        return;
    }
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    if (depth < 16)
        each_entry(fd, remove_entry, &depth);
    close(fd);
    unlinkat(at, name, AT_REMOVEDIR);
}

void ig_remove_dir(const char *dir)
{
    remove_tree_at(AT_FDCWD, dir, 0);
}

/* Whether `name` is a file some ingroei command writes: only those are removed as stale,
 * so that a manifest that came with a directory (copied, unpacked) cannot make a run
 * delete anything else. */
static bool removable_name(const char *name)
{
    static const char *const fixed[] = {
        "allocations.csv", "budget.csv",        "budget_opbouw.csv",   "regios.csv",
        "summary.json",    "landelijk.png",     "landelijk.svg",       "landelijk.dat",
        "landelijk.gp",    "report.html",       "report.gp",           "report.dat",
        "ingroei.xlsx",    "compare.csv",       "compare_breed.csv",   "ranking.csv",
        "compare.json",    "vergelijking.xlsx", "brugstaat.csv",       "au.csv",
        "au_regels.csv",   "au.json",           "verify.csv",          "verify.json",
        "prorata.csv",     "prorata.json",      "diff_vintage.csv",    "diff_vintage.json",
        "sweep.csv",       "sweep.json",        "gemeente_bereik.csv", "gemeente_steekproef.csv"};
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

/* A staging directory of an ingroei before this layout (DIR/.ingroei-staging-PID-X)
 * whose writer is gone. */
static bool dead_legacy_staging(const char *name)
{
    static const char prefix[] = ".ingroei-staging-";
    if (strncmp(name, prefix, sizeof prefix - 1))
        return false;
    char *end = NULL;
    long pid = strtol(name + sizeof prefix - 1, &end, 10);
    if (end == name + sizeof prefix - 1 || *end != '-' || pid <= 0 || pid > INT_MAX)
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* The manifest in dirfd, read into `text` (MANIFEST_MAX + 1 bytes) without following a
 * link and without allocating. 1: read; 0: there is none that could be ours (absent, a
 * link, not a regular file, too large: then nothing is known to be ours); -1: it is
 * there but could not be read, errno set. */
#define MANIFEST_MAX (INGROEI_MAX_OUTPUT_FILES * 128)
static int read_manifest_at(int dirfd, char *text)
{
    text[0] = '\0';
    int fd = openat(dirfd, MANIFEST, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ELOOP ? 0 : -1;
    struct stat sb;
    int rc = 0;
    if (fstat(fd, &sb) != 0) {
        rc = -1;
    } else if (S_ISREG(sb.st_mode) && sb.st_size <= MANIFEST_MAX) {
        size_t len = 0;
        ssize_t n;
        while ((n = read(fd, text + len, MANIFEST_MAX - len)) > 0 || (n < 0 && errno == EINTR))
            len += n > 0 ? (size_t)n : 0;
        text[len] = '\0';
        rc = n < 0 ? -1 : 1;
    }
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* Whether `name` is a line of `manifest`. */
static bool listed(const char *manifest, const char *name)
{
    size_t n = strlen(name);
    for (const char *l = manifest; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len == n && !strncmp(l, name, n))
            return true;
        l = nl ? nl + 1 : l + len;
    }
    return false;
}

static bool in_report(const ingroei_output_report *report, const char *name)
{
    for (size_t i = 0; report && i < report->n_files; i++)
        if (!strcmp(report->files[i], name))
            return true;
    return false;
}

/* What an earlier set holds: its manifest, and the new set's outputs (which replace
 * files of the same name). */
typedef struct earlier {
    const char *manifest;                  /* its text, or "" */
    const ingroei_output_report *replaced; /* the new set's outputs, or NULL */
    int to;                                /* the directory foreign entries move to */
    size_t moved;                          /* how many moved there */
} earlier;

/* Whether an entry of an earlier set is ingroei's: its manifest, a set's marker, an
 * output the new set replaces, or one its manifest lists under a name ingroei writes. A
 * dead staging directory of an ingroei before this layout is too. */
static bool ours(const earlier *e, const char *name)
{
    return !strcmp(name, MANIFEST) || !strcmp(name, STAGE_MARK) || in_report(e->replaced, name) ||
           (listed(e->manifest, name) && removable_name(name)) || dead_legacy_staging(name);
}

static bool move_foreign_entry(int at, const char *name, void *ctx)
{
    earlier *e = ctx;
    bool moved = !ours(e, name) && renameat2(at, name, e->to, name, RENAME_NOREPLACE) == 0;
    e->moved += moved;
    return moved;
}

static bool remove_our_entry(int at, const char *name, void *ctx)
{
    if (!ours(ctx, name))
        return false;
    remove_tree_at(at, name, 0);
    return true;
}

/* In the new DIR: an entry that is not one of the new set's (its outputs and manifest)
 * came from the earlier set, and goes back to it. */
static bool move_back_entry(int at, const char *name, void *ctx)
{
    const earlier *e = ctx;
    if (!strcmp(name, MANIFEST) || in_report(e->replaced, name))
        return false;
    return renameat2(at, name, e->to, name, RENAME_NOREPLACE) == 0;
}

/* Empties the earlier set at oldfd: foreign entries move into e->to (a name taken there
 * stays), then ingroei's entries are removed. Nothing ingroei did not write is removed. */
static void retire(int oldfd, earlier *e)
{
    if (e->to >= 0)
        each_entry(oldfd, move_foreign_entry, e);
    each_entry(oldfd, remove_our_entry, e);
}

/* A left-over set directory (.NAME.ingroei-new-*) of a writer that is gone (we hold the
 * lock): one still marked as being built holds only our files and goes; an unmarked one
 * held the earlier set after a swap, so it is retired into the output directory. */
static void remove_left_over(int parentfd, const char *name, const char *base)
{
    struct stat sb;
    if (fstatat(parentfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlinkat(parentfd, name, 0); /* a link or file under our name: never followed */
        return;
    }
    int fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    if (faccessat(fd, STAGE_MARK, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
        close(fd);
        remove_tree_at(parentfd, name, 0);
        return;
    }
    char manifest[MANIFEST_MAX + 1];
    if (read_manifest_at(fd, manifest) < 0) {
        close(fd); /* unreadable: not knowing what is ours, leave it all */
        return;
    }
    earlier e = {manifest, NULL,
                 openat(parentfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), 0};
    retire(fd, &e);
    fsync(fd);
    if (e.to >= 0) {
        fsync(e.to);
        close(e.to);
    }
    close(fd);
    unlinkat(parentfd, name, AT_REMOVEDIR); /* fails, harmlessly, when something stayed */
}

typedef struct left_overs {
    const char *base;
    size_t prefix_len;
    char prefix[NAME_MAX + 32];
} left_overs;

static bool left_over_entry(int at, const char *name, void *ctx)
{
    const left_overs *l = ctx;
    if (strncmp(name, l->prefix, l->prefix_len))
        return false;
    remove_left_over(at, name, l->base);
    return true;
}

static void remove_left_overs(ig_stage *st)
{
    left_overs l = {.base = st->name};
    snprintf(l.prefix, sizeof l.prefix, ".%s" NEW_TAIL, st->name);
    l.prefix_len = strlen(l.prefix);
    int fd = openat(st->parentfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* own offset */
    if (fd >= 0) {
        each_entry(fd, left_over_entry, &l);
        close(fd);
    }
}

/* Creates dir's missing parents (mkdir -p). */
static ingroei_status make_dirs(const char *dir, ingroei_error *err)
{
    struct stat sb;
    if (stat(dir, &sb) == 0)
        return S_ISDIR(sb.st_mode) ? INGROEI_OK
                                   : ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "is not a directory");
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
            st = io_fail(err, p, "cannot create directory: %s", errno);
        *s = c;
        if (!c)
            break;
    }
    free(p);
    if (st == INGROEI_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "is not a directory");
    return st;
}

/* Eight random hex digits. */
static void random_tag(char tag[9])
{
    unsigned char r[4] = {0};
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned v = (unsigned)ts.tv_nsec ^ ((unsigned)getpid() << 16);
        memcpy(r, &v, sizeof r);
    }
    snprintf(tag, 9, "%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
}

/* Splits `dir` into its parent (new string) and its last name (new string). */
static ingroei_status split_dir(const char *dir, char **parent, char **name, ingroei_error *err)
{
    char *copy = ig_strdup(dir);
    if (!copy)
        return ig_fail(err, INGROEI_ERR_NOMEM, dir, 0, 0, "out of memory");
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *base = slash ? slash + 1 : copy;
    if (!plain_name(base)) {
        free(copy);
        return ig_fail(err, INGROEI_ERR_USAGE, dir, 0, 0,
                       "give the output directory by its name (not /, . or ..)");
    }
    if (strlen(base) > NAME_MAX - 32) { /* room for .NAME.ingroei-new-XXXXXXXX */
        free(copy);
        return ig_fail(err, INGROEI_ERR_USAGE, dir, 0, 0, "the directory's name is too long");
    }
    *name = ig_strdup(base);
    if (slash == copy)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    *parent = ig_strdup(slash ? copy : ".");
    free(copy);
    if (!*name || !*parent)
        return ig_fail(err, INGROEI_ERR_NOMEM, dir, 0, 0, "out of memory");
    return INGROEI_OK;
}

/* Takes the writer lock PARENT/.NAME.ingroei-lock (flock, without waiting). The file is
 * removed by its holder when it is done (ig_stage_close), so a lock taken on a file
 * that is no longer at that name is let go and taken again on the new one. */
static ingroei_status take_lock(ig_stage *st, ingroei_error *err)
{
    snprintf(st->lock_name, sizeof st->lock_name, ".%s" LOCK_TAIL, st->name);
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd =
            openat(st->parentfd, st->lock_name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0)
            return io_fail(err, st->dir, "cannot lock it for writing: %s", errno);
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            return e == EWOULDBLOCK ? ig_fail(err, INGROEI_ERR_IO, st->dir, 0, 0,
                                              "another ingroei is writing into it; nothing was "
                                              "written")
                                    : io_fail(err, st->dir, "cannot lock it for writing: %s", e);
        }
        struct stat held, named;
        if (fstat(fd, &held) == 0 &&
            fstatat(st->parentfd, st->lock_name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            st->lockfd = fd;
            return INGROEI_OK;
        }
        close(fd); /* its holder removed it as we took it: take the new one */
    }
    return ig_fail(err, INGROEI_ERR_IO, st->dir, 0, 0, "cannot lock it for writing");
}

ingroei_status ig_stage_open(ig_stage *st, const char *dir, ingroei_error *err)
{
    memset(st, 0, sizeof *st);
    st->dir = dir;
    st->parentfd = st->lockfd = st->fd = -1;
    ingroei_status rc = split_dir(dir, &st->parent, &st->name, err);
    if (rc == INGROEI_OK)
        rc = make_dirs(st->parent, err);
    if (rc != INGROEI_OK) {
        ig_stage_close(st);
        return rc;
    }
    st->parentfd = open(st->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (st->parentfd < 0) {
        rc = io_fail(err, st->parent, "cannot open the directory: %s", errno);
        ig_stage_close(st);
        return rc;
    }
    struct stat sb;
    if (fstatat(st->parentfd, st->name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(sb.st_mode)) {
        rc = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0,
                     S_ISLNK(sb.st_mode) ? "is a symbolic link, which ingroei does not follow: "
                                           "give the directory itself"
                                         : "is not a directory");
        ig_stage_close(st);
        return rc;
    }
    rc = take_lock(st, err);
    if (rc != INGROEI_OK) {
        ig_stage_close(st);
        return rc;
    }
    remove_left_overs(st);
    for (int attempt = 0; attempt < 100; attempt++) {
        char tag[9];
        random_tag(tag);
        snprintf(st->stage_name, sizeof st->stage_name, ".%s" NEW_TAIL "%s", st->name, tag);
        if (mkdirat(st->parentfd, st->stage_name, 0777) == 0)
            break;
        st->stage_name[0] = '\0';
        if (errno != EEXIST)
            break;
    }
    if (!st->stage_name[0]) {
        rc = io_fail(err, dir, "cannot create a staging directory beside it: %s", errno);
        ig_stage_close(st);
        return rc;
    }
    st->fd = openat(st->parentfd, st->stage_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    st->path = ig_path_join(st->parent, st->stage_name);
    ig_buf none = {0};
    if (st->fd < 0)
        rc = io_fail(err, dir, "cannot open the staging directory: %s", errno);
    else if (!st->path)
        rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else
        rc = write_new_at(st->fd, STAGE_MARK, st->path, &none, err);
    if (rc != INGROEI_OK)
        ig_stage_close(st);
    return rc;
}

/* Makes the whole staged set durable with one call: syncfs on the staging directory
 * writes back every file in it (whichever writer made them: the tables, a streamed
 * sweep, a workbook from its child process) and the directory itself, and reports a
 * write-back error of any of them (Linux 5.8 and later). One sync instead of one per
 * file and one for the directory. */
static ingroei_status sync_set(int fd, const char *shown, ingroei_error *err)
{
    return syncfs(fd) == 0 ? INGROEI_OK
                           : io_fail(err, shown, "cannot sync the outputs to the disk: %s", errno);
}

/* Before the swap: every output must replace a regular file or nothing (a directory of
 * that name stops the run), the earlier manifest is read into `manifest` (an unreadable
 * one stops it too: what is ours would not be known), and a directory whose manifest
 * names another command's outputs is refused rather than emptied. `dirfd` is DIR. */
static ingroei_status check_target(const ig_stage *st, int dirfd,
                                   const ingroei_output_report *report, char *manifest,
                                   ingroei_error *err)
{
    for (size_t i = 0; i < report->n_files; i++) {
        struct stat sb;
        if (fstatat(dirfd, report->files[i], &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            !S_ISREG(sb.st_mode)) {
            char to[PATH_MAX];
            snprintf(to, sizeof to, "%s/%s", st->dir, report->files[i]);
            return ig_fail(err, INGROEI_ERR_IO, to, 0, 0,
                           "exists and is not a regular file; nothing was replaced");
        }
    }
    if (read_manifest_at(dirfd, manifest) < 0)
        return io_fail(err, st->dir, "cannot read its " MANIFEST ": %s; nothing was replaced",
                       errno);
    size_t first = strcspn(manifest, "\n");
    if (first && report->n_files &&
        (strlen(report->files[0]) != first || strncmp(manifest, report->files[0], first) != 0))
        return ig_fail(err, INGROEI_ERR_USAGE, st->dir, 0, 0,
                       "holds the outputs of another command (%.*s, ...), which this one would "
                       "remove; nothing was replaced: give it a directory of its own",
                       (int)(first > 200 ? 200 : first), manifest);
    return INGROEI_OK;
}

/* Puts the staging directory in DIR's place in one step: exchanged with the earlier DIR
 * (which then has the stage's name), or renamed when there is none. Where the file
 * system cannot exchange, the earlier DIR is renamed to an unmarked left-over name and
 * the new set renamed in: for a moment there is no DIR, but never a mixed one. Returns
 * 0, or -1 with errno, everything as it was. */
static int swap_in(ig_stage *st, bool exists)
{
    if (!exists)
        return renameat2(st->parentfd, st->stage_name, st->parentfd, st->name, RENAME_NOREPLACE);
    if (renameat2(st->parentfd, st->stage_name, st->parentfd, st->name, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
    char aside[NAME_MAX + 1], tag[9];
    random_tag(tag);
    snprintf(aside, sizeof aside, ".%s" NEW_TAIL "%s", st->name, tag);
    if (renameat2(st->parentfd, st->name, st->parentfd, aside, RENAME_NOREPLACE) != 0)
        return -1;
    if (renameat(st->parentfd, st->stage_name, st->parentfd, st->name) != 0) {
        int e = errno;
        renameat(st->parentfd, aside, st->parentfd, st->name);
        errno = e;
        return -1;
    }
    snprintf(st->stage_name, sizeof st->stage_name, "%s", aside);
    return 0;
}

/* Undoes swap_in: the earlier DIR (or none) takes the name again, and the new set is
 * under st->stage_name, to be removed by ig_stage_close. */
static void swap_back(ig_stage *st, bool exists)
{
    if (exists &&
        renameat2(st->parentfd, st->stage_name, st->parentfd, st->name, RENAME_EXCHANGE) == 0)
        return;
    char away[NAME_MAX + 1], tag[9];
    random_tag(tag);
    snprintf(away, sizeof away, ".%s" NEW_TAIL "%s", st->name, tag);
    if (renameat2(st->parentfd, st->name, st->parentfd, away, RENAME_NOREPLACE) != 0)
        return;
    if (exists)
        renameat(st->parentfd, st->stage_name, st->parentfd, st->name);
    snprintf(st->stage_name, sizeof st->stage_name, "%s", away);
}

/* In the staging directory: anything but an output, the manifest and the mark goes. */
static bool remove_unreported_entry(int at, const char *name, void *ctx)
{
    if (!strcmp(name, MANIFEST) || !strcmp(name, STAGE_MARK) || in_report(ctx, name))
        return false;
    remove_tree_at(at, name, 0);
    return true;
}

ingroei_status ig_stage_commit(ig_stage *st, ingroei_output_report *report, ingroei_error *err)
{
    char manifest[MANIFEST_MAX + 1] = "";
    ingroei_status rc = INGROEI_OK;
    int dirfd = openat(st->parentfd, st->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const bool exists = dirfd >= 0;
    if (!exists && errno != ENOENT)
        rc = io_fail(err, st->dir, "cannot open the output directory: %s", errno);
    if (rc == INGROEI_OK && exists)
        rc = check_target(st, dirfd, report, manifest, err);
    struct stat sb;
    if (rc == INGROEI_OK && exists && fstat(dirfd, &sb) == 0)
        (void)fchmod(st->fd, sb.st_mode & 07777); /* the new DIR keeps the earlier's mode */
    /* only the reported outputs go into place: a temporary file a writer left is removed */
    if (rc == INGROEI_OK)
        each_entry(st->fd, remove_unreported_entry, report);
    /* the new manifest, then the set is complete: unmark it and make it durable */
    char list[MANIFEST_MAX + 1];
    size_t len = 0;
    for (size_t i = 0; i < report->n_files && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s\n", report->files[i]);
    const ig_buf listed_files = {list, len < sizeof list ? len : sizeof list - 1, 0, false, false};
    if (rc == INGROEI_OK)
        rc = write_new_at(st->fd, MANIFEST, MANIFEST, &listed_files, err);
    if (rc == INGROEI_OK && unlinkat(st->fd, STAGE_MARK, 0) != 0)
        rc = io_fail(err, st->path, "cannot complete the staging directory: %s", errno);
    if (rc == INGROEI_OK)
        rc = sync_set(st->fd, st->path, err);
    /* one step: the new set takes the name, the earlier one (if any) the stage's */
    if (rc == INGROEI_OK && swap_in(st, exists) != 0)
        rc = io_fail(err, st->dir,
                     "cannot put the new outputs in place: %s; the earlier ones are as they "
                     "were",
                     errno);
    if (rc == INGROEI_OK && fsync(st->parentfd) != 0) {
        rc = io_fail(err, st->parent, "cannot sync the directory: %s; nothing was replaced", errno);
        swap_back(st, exists);
        fsync(st->parentfd);
    }
    /* the earlier set's foreign entries join the new DIR, durably, before anything of the
     * earlier set is removed; if that cannot be made durable, all goes back */
    earlier e = {manifest, report, st->fd, 0};
    if (rc == INGROEI_OK && exists) {
        each_entry(dirfd, move_foreign_entry, &e);
        /* nothing moved: both directories are as they were synced */
        if (e.moved && (fsync(st->fd) != 0 || fsync(dirfd) != 0)) {
            rc =
                io_fail(err, st->dir, "cannot sync the directory: %s; nothing was replaced", errno);
            earlier back = {manifest, report, dirfd, 0};
            each_entry(st->fd, move_back_entry, &back);
            swap_back(st, exists);
            fsync(st->parentfd);
        }
    }
    if (rc == INGROEI_OK) {
        st->committed = true;
        if (exists) {
            each_entry(dirfd, remove_our_entry, &e); /* what is left of the earlier set */
            unlinkat(st->parentfd, st->stage_name, AT_REMOVEDIR);
        }
    }
    if (exists)
        close(dirfd);
    ig_stage_close(st);
    return rc;
}

void ig_stage_close(ig_stage *st)
{
    if (st->fd >= 0)
        close(st->fd);
    if (!st->committed && st->stage_name[0] && st->parentfd >= 0)
        remove_tree_at(st->parentfd, st->stage_name, 0);
    if (st->lockfd >= 0) {
        unlinkat(st->parentfd, st->lock_name, 0); /* still ours: removed while held */
        close(st->lockfd);                        /* releases the lock */
    }
    if (st->parentfd >= 0)
        close(st->parentfd);
    free(st->path);
    free(st->parent);
    free(st->name);
    st->fd = st->parentfd = st->lockfd = -1;
    st->path = st->parent = st->name = NULL;
    st->stage_name[0] = '\0';
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
    ig_stage_close(&stage);
    return st;
}

ingroei_status ig_write_file_atomic(const char *file, const ig_buf *data, const char *what,
                                    ingroei_error *err)
{
    ingroei_status st = data->failed ? ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory")
                        : data->invalid ? ig_fail(err, INGROEI_ERR_NUMERIC, file, 0, 0,
                                                  "a number could not be written")
                                        : INGROEI_OK;
    if (st != INGROEI_OK)
        return st;
    char *dir = ig_dirname(file);
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    if (!dir)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    free(dir);
    char tmp[NAME_MAX + 1];
    bool ok = dirfd >= 0 && plain_name(base) && strlen(base) < NAME_MAX - 24;
    if (!ok && dirfd >= 0)
        e = ENAMETOOLONG;
    int fd = -1;
    for (int attempt = 0; ok && fd < 0 && attempt < 100; attempt++) {
        char tag[9];
        random_tag(tag);
        snprintf(tmp, sizeof tmp, ".%s.ingroei-%s", base, tag);
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) {
            e = errno;
            ok = false;
        }
    }
    if (ok && fd < 0) {
        ok = false;
        e = EEXIST;
    }
    if (ok && !(write_all(fd, data->data ? data->data : "", data->len) && fsync(fd) == 0)) {
        ok = false;
        e = errno;
    }
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && renameat(dirfd, tmp, dirfd, base) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok && fd >= 0)
        unlinkat(dirfd, tmp, 0);
    if (ok && fsync(dirfd) != 0) {
        ok = false;
        e = errno;
    }
    if (dirfd >= 0)
        close(dirfd);
    if (!ok) {
        char ebuf[128];
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "cannot write %s: %s", what,
                       ig_strerror(e, ebuf, sizeof ebuf));
    }
    return INGROEI_OK;
}

ingroei_status ig_stage_file_open(ig_stage_file *sf, const ig_stage *stage, const char *name,
                                  ingroei_error *err)
{
    sf->name = name;
    sf->failed = false;
    sf->fd = openat(stage->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (sf->fd < 0)
        return ig_fail(err, INGROEI_ERR_IO, stage->dir, 0, 0, "cannot write %s", name);
    sf->open = true;
    return INGROEI_OK;
}

ingroei_status ig_stage_file_write(ig_stage_file *sf, const void *data, size_t len,
                                   ingroei_error *err)
{
    if (!write_all(sf->fd, data, len)) {
        sf->failed = true;
        return io_fail(err, sf->name, "write error: %s", errno);
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
    if (!sf->open)
        return INGROEI_OK;
    bool bad = false; /* synced with the set (sync_set) */
    int e = 0;
    if (close(sf->fd) != 0) {
        bad = true;
        e = errno;
    }
    sf->open = false;
    sf->fd = -1;
    if (bad) {
        sf->failed = true;
        return io_fail(err, sf->name, "write error: %s", e);
    }
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
