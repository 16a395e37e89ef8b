/* support.c - the test helpers declared in support.h. They report failure through
 * cmocka (fail_msg), so they may be called from tests and from fixtures. */
#define _GNU_SOURCE /* nftw, mkdtemp, program_invocation_short_name */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support.h"

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* realloc that fails the test when memory runs out. */
static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        fail_msg("out of memory (%zu bytes)", n);
    return q;
}

char *ts_xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        fail_msg("cannot format '%s': %s", fmt, strerror(errno));
    char *s = xrealloc(NULL, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *ts_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

char *ts_copy_line(const char *s)
{
    size_t n = strcspn(s, "\n");
    char *l = xrealloc(NULL, n + 1);
    memcpy(l, s, n);
    l[n] = '\0';
    return l;
}

size_t ts_split_lines(char *text, const char *name, char ***lines)
{
    size_t n = 0, cap = 64;
    char **v = xrealloc(NULL, cap * sizeof *v);
    for (char *s = text; *s;) {
        char *nl = strchr(s, '\n');
        if (!nl) {
            free(v);
            fail_msg("%s: line %zu does not end with a newline", name, n + 1);
        }
        *nl = '\0';
        if (n == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = s;
        s = nl + 1;
    }
    *lines = v;
    return n;
}

char *ts_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0, k;
    char *buf = xrealloc(NULL, cap);
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        free(buf);
        fail_msg("cannot read %s: %s", path, strerror(e));
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void ts_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    if (fwrite(data, 1, len, f) != len) {
        int e = errno;
        fclose(f);
        fail_msg("cannot write %s: %s", path, strerror(e));
    }
    if (fclose(f) != 0)
        fail_msg("cannot write %s: %s", path, strerror(errno));
}

const char *ts_write_in(const char *dir, const char *name, const void *data, size_t len)
{
    static char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path)
        fail_msg("the path %s/%s is too long", dir, name);
    ts_write_file(path, data, len);
    return path;
}

/* Compares `got` with `want` byte for byte; on a difference prints the first differing
 * line of each, as a unified diff would show it. */
static bool same_bytes(const char *name, const char *want, size_t want_len, const char *got,
                       size_t got_len)
{
    if (want_len == got_len && memcmp(want, got, want_len) == 0)
        return true;
    size_t i = 0, line = 1, start = 0;
    while (i < want_len && i < got_len && want[i] == got[i]) {
        if (want[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    size_t wl = strcspn(want + start, "\n"), gl = strcspn(got + start, "\n");
    if (start + wl > want_len)
        wl = want_len - start;
    if (start + gl > got_len)
        gl = got_len - start;
    print_error("%s differs at line %zu (byte %zu):\n"
                "@@ -%zu +%zu @@\n-%.*s\n+%.*s\n",
                name, line, i, line, line, (int)wl, want + start, (int)gl, got + start);
    return false;
}

bool ts_same_file(const char *name, const char *want_path, const char *got_path)
{
    size_t wl, gl;
    char *want = ts_slurp(want_path, &wl), *got = ts_slurp(got_path, &gl);
    bool same = same_bytes(name, want, wl, got, gl);
    free(want);
    free(got);
    return same;
}

void ts_assert_same_file(const char *a, const char *b)
{
    if (!ts_same_file(b, a, b))
        fail_msg("%s and %s differ", a, b);
}

size_t ts_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

bool ts_exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

char *ts_make_temp_dir(const char *name)
{
    char *dir = ts_xprintf("/tmp/ingroei-%s-XXXXXX", name);
    if (!mkdtemp(dir)) {
        int e = errno;
        char tmpl[512];
        snprintf(tmpl, sizeof tmpl, "%s", dir);
        free(dir);
        fail_msg("cannot make a temporary directory %s: %s", tmpl, strerror(e));
    }
    return dir;
}

/* The entry ts_remove_tree could not remove, and why. */
static char rm_failed[4096];
static int rm_errno;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    if (remove(path) == 0)
        return 0;
    rm_errno = errno;
    snprintf(rm_failed, sizeof rm_failed, "%s", path);
    return -1;
}

void ts_remove_tree(const char *path)
{
    struct stat sb;
    if (!path)
        return;
    if (lstat(path, &sb) != 0) {
        if (errno == ENOENT)
            return;
        fail_msg("cannot remove %s: %s", path, strerror(errno));
    }
    rm_failed[0] = '\0';
    if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        if (rm_failed[0])
            fail_msg("cannot remove %s: %s", rm_failed, strerror(rm_errno));
        fail_msg("cannot remove %s: %s", path, strerror(errno));
    }
}

char *ts_tmpdir;

int ts_tmpdir_setup(void **state)
{
    (void)state;
    ts_cli(); /* fails the group here when INGROEI_CLI is not set */
    ts_tmpdir = ts_make_temp_dir(program_invocation_short_name);
    return 0;
}

int ts_tmpdir_teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&ts_tmpdir);
    return 0;
}

void ts_remove_temp_dir(char **dir)
{
    ts_remove_tree(*dir);
    free(*dir);
    *dir = NULL;
}

const char *ts_cli(void)
{
    const char *cli = getenv("INGROEI_CLI");
    if (!cli || !*cli)
        fail_msg("INGROEI_CLI is not set (ctest sets it to the built ingroei)");
    return cli;
}

/* Our environment with LC_ALL set to `lc_all`, as a new array (free it) whose strings
 * are ours except the new LC_ALL=, which *lc gets (free it). */
static char **env_with_lc_all(const char *lc_all, char **lc)
{
    size_t n_env = 0;
    while (environ[n_env])
        n_env++;
    char **env = xrealloc(NULL, (n_env + 2) * sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n_env; i++)
        if (strncmp(environ[i], "LC_ALL=", 7) != 0)
            env[k++] = environ[i];
    *lc = ts_xprintf("LC_ALL=%s", lc_all);
    env[k++] = *lc;
    env[k] = NULL;
    return env;
}

/* Everything that can still be read from `fd`, as a new string (free it). */
static char *read_all(int fd)
{
    size_t cap = 1024, len = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (len + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        ssize_t got = read(fd, buf + len, cap - len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            fail_msg("cannot read the tool's stderr: %s", strerror(errno));
        if (got == 0)
            break;
        len += (size_t)got;
    }
    buf[len] = '\0';
    return buf;
}

char *ts_cli_stdout(const char *args)
{
    char *cmd = ts_xprintf("'%s' %s", ts_cli(), args);
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("cannot run %s", cmd);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (size_t n; (n = fread(out + len, 1, cap - len - 1, p)) > 0;) {
        len += n;
        if (cap - len < 2) {
            out = realloc(out, cap *= 2);
            assert_non_null(out);
        }
    }
    out[len] = '\0';
    const int status = pclose(p);
    if (status != 0)
        fail_msg("%s: exit status %d", cmd, status);
    free(cmd);
    return out;
}

int ts_run_cli(const char *const *args, const char *lc_all, char **err)
{
    const char *cli = ts_cli();
    size_t n_args = 0;
    while (args[n_args])
        n_args++;
    char **argv = xrealloc(NULL, (n_args + 2) * sizeof *argv);
    argv[0] = (char *)cli;
    for (size_t i = 0; i < n_args; i++)
        argv[i + 1] = (char *)args[i];
    argv[n_args + 1] = NULL;
    char *lc = NULL;
    char **env = lc_all ? env_with_lc_all(lc_all, &lc) : environ;

    int fd[2];
    if (pipe(fd) != 0)
        fail_msg("pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
    assert_int_equal(posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0), 0);
    assert_int_equal(posix_spawn_file_actions_adddup2(&fa, fd[1], 2), 0);
    assert_int_equal(posix_spawn_file_actions_addclose(&fa, fd[0]), 0);
    assert_int_equal(posix_spawn_file_actions_addclose(&fa, fd[1]), 0);
    pid_t pid;
    int rc = posix_spawn(&pid, cli, &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    free(argv);
    if (lc_all)
        free(env);
    free(lc);
    if (rc != 0) {
        close(fd[0]);
        fail_msg("cannot start %s: %s", cli, strerror(rc));
    }
    char *buf = read_all(fd[0]);
    close(fd[0]);
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            fail_msg("cannot wait for %s: %s", cli, strerror(errno));
    if (err)
        *err = buf;
    else
        free(buf);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

uint64_t ts_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

int ts_property_scenarios(int fallback)
{
    const char *v = getenv("INGROEI_PROPERTY_SCENARIOS");
    if (!v || !*v)
        return fallback;
    int n = atoi(v);
    if (n < 1)
        fail_msg("INGROEI_PROPERTY_SCENARIOS must be a positive number, got '%s'", v);
    return n < fallback ? n : fallback;
}

void ts_cli_expect(const char *const *args, int want, const char *in_stderr)
{
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != want)
        fail_msg("ingroei %s %s exited with %d, expected %d:\n%s", args[0], args[1] ? args[1] : "",
                 status, want, err);
    if (in_stderr && !strstr(err, in_stderr))
        fail_msg("expected \"%s\" in:\n%s", in_stderr, err);
    free(err);
}

void ts_cli_ok_v(const char *lc_all, const char *const *head, va_list more)
{
    size_t n = 0, cap = 8;
    const char **args = xrealloc(NULL, cap * sizeof *args);
    for (const char *const *h = head; *h; h++) {
        if (n + 1 >= cap)
            args = xrealloc(args, (cap *= 2) * sizeof *args);
        args[n++] = *h;
    }
    for (const char *a; (a = va_arg(more, const char *));) {
        if (n + 1 >= cap)
            args = xrealloc(args, (cap *= 2) * sizeof *args);
        args[n++] = a;
    }
    args[n] = NULL;
    char *err = NULL;
    int status = ts_run_cli(args, lc_all, &err);
    if (status != 0)
        fail_msg("ingroei %s %s exited with %d:\n%s", args[0], args[1] ? args[1] : "", status, err);
    free(err);
    free(args);
}

pid_t ts_spawn_quietly(char **argv)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

/* How many entries of the directory holding `out` are a set being built for it
 * (.NAME.ingroei-new-*). */
static size_t staging_beside(const char *out)
{
    char *copy = ts_strdup(out);
    char *slash = strrchr(copy, '/');
    const char *name = slash ? slash + 1 : copy;
    char *prefix = ts_xprintf(".%s.ingroei-new-", name);
    if (slash)
        *slash = '\0';
    DIR *d = opendir(slash ? copy : ".");
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    free(prefix);
    free(copy);
    return n;
}

bool ts_wait_for_staging(const char *out, int seconds)
{
    for (int i = 0; i < seconds * 100; i++) {
        if (staging_beside(out))
            return true;
        struct timespec ms10 = {0, 10000000};
        nanosleep(&ms10, NULL);
    }
    return false;
}

void ts_interrupt_and_check(pid_t pid, const char *out)
{
    assert_int_equal(kill(pid, SIGINT), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 130);
    assert_false(ts_exists(out));
    assert_int_equal(staging_beside(out), 0);
}

char *ts_english_word(const char *text)
{
    static const char *const english[] = {
        "the",      "with",      "without", "objective", "illustrative", "inhabitant",
        "inhabitants", "source", "sources", "year",     "years",        "amount",
        "total",    "share",     "capped",  "gains",     "losses",       "see",
        "not",      "and",       "from",    "for",       "loss",         "gain",
        "previous", "against",   "fully",   "file",      "files",        "difference",
        "largest",  "published", "rule",    "key",       "weights",      "none",
        "missing",  "chart",     "charts",  "this",      "that",         "which",
    };
    for (const char *s = text; *s;) {
        while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            s++;
        const char *w = s;
        while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            s++;
        size_t n = (size_t)(s - w);
        for (size_t i = 0; n && i < sizeof english / sizeof english[0]; i++)
            if (strlen(english[i]) == n && !strncasecmp(w, english[i], n))
                return ts_xprintf("%.*s", (int)n, w);
    }
    return NULL;
}

bool ts_under_valgrind(void)
{
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "/vgpreload") != NULL;
}
