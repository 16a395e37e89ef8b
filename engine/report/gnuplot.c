/*
 * gnuplot.c - finding gnuplot on PATH and running one script with it in a directory,
 * without a shell and without changing the caller's working directory, in a child that
 * dies with its parent; its own last error line becomes the message when it fails.
 */
#define _GNU_SOURCE /* pipe2 */
#include "report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *ig_gnuplot_find(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0 ? ig_strdup(prog) : NULL;
    const char *path = getenv("PATH");
    if (!path)
        return NULL;
    char *copy = ig_strdup(path), *save = NULL, *found = NULL;
    for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d && !found;
         d = strtok_r(NULL, ":", &save)) {
        char *cand = ig_path_join(*d ? d : ".", prog);
        if (cand && access(cand, X_OK) == 0)
            found = cand;
        else
            free(cand);
    }
    free(copy);
    return found;
}

/* Starts `gnuplot script...` in `dir` in a child that dies with its parent
 * (ig_child_fork: after a SIGKILL of ingroei, gnuplot must not go on writing into the
 * staging directory) and that changes its own working directory, not the caller's;
 * ig_gnuplot_finish waits for it. Returns 0 when gnuplot succeeded; otherwise writes
 * into msg the last line gnuplot wrote to its error stream, which is its own summary of
 * the problem. */
int ig_gnuplot_start(const char *gnuplot, const char *dir, const char *const *scripts,
                     ig_gnuplot_job *job, char *msg, size_t size)
{
    job->pid = -1;
    job->fd = -1;
    char ebuf[128];
    size_t n_scripts = 0;
    while (scripts[n_scripts])
        n_scripts++;
    if (n_scripts == 0 || n_scripts > IG_GNUPLOT_MAX_SCRIPTS) {
        snprintf(msg, size, "cannot start gnuplot: %zu scripts (1 to %d)", n_scripts,
                 IG_GNUPLOT_MAX_SCRIPTS);
        return -1;
    }
    int fd[2] = {-1, -1};
    /* the program as an absolute path: the child changes its directory before exec */
    char *prog = NULL;
    if (gnuplot[0] == '/') {
        prog = ig_strdup(gnuplot);
    } else {
        char *cwd = getcwd(NULL, 0);
        prog = cwd ? ig_path_join(cwd, gnuplot) : NULL;
        free(cwd);
    }
    int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int null_out = open("/dev/null", O_WRONLY | O_CLOEXEC);
    pid_t pid = -1;
    int rc = !prog ? ENOMEM : null_in < 0 || null_out < 0 || pipe2(fd, O_CLOEXEC) != 0 ? errno : 0;
    if (rc == 0) {
        pid = ig_child_fork();
        rc = pid < 0 ? errno : 0;
    }
    if (pid == 0) {
        /* the child: only async-signal-safe calls until exec */
        /* between two scripts, "reset session": gnuplot keeps settings and variables
         * from one script file to the next. It does not reset the terminal, output,
         * encoding, decimal sign, locale or line types: every script of plot.c sets its
         * own terminal, output and encoding (gp_begin) and none sets the others, so
         * each draws as it does alone (test_gnuplot_draws compares). */
        char *argv[3 * IG_GNUPLOT_MAX_SCRIPTS + 1] = {prog};
        size_t a = 1;
        for (size_t i = 0; i < n_scripts; i++) {
            if (i > 0) {
                argv[a++] = (char *)"-e";
                argv[a++] = (char *)"reset session";
            }
            argv[a++] = (char *)scripts[i];
        }
        if (dup2(null_in, 0) >= 0 && dup2(null_out, 1) >= 0 && dup2(fd[1], 2) >= 0 &&
            chdir(dir) == 0)
            execve(prog, argv, environ);
        static const char failed[] = "cannot start gnuplot (exec failed)\n";
        ssize_t ignored = write(2, failed, sizeof failed - 1);
        (void)ignored;
        _exit(127); /* a child's end: see ig_child_fork */
    }
    if (null_in >= 0)
        close(null_in);
    if (null_out >= 0)
        close(null_out);
    if (fd[1] >= 0)
        close(fd[1]);
    free(prog);
    if (rc != 0) {
        if (fd[0] >= 0)
            close(fd[0]);
        snprintf(msg, size, "cannot start gnuplot: %s", ig_strerror(rc, ebuf, sizeof ebuf));
        return -1;
    }
    job->pid = pid;
    job->fd = fd[0];
    return 0;
}

int ig_gnuplot_finish(ig_gnuplot_job *job, char *msg, size_t size)
{
    if (job->pid < 0)
        return -1;
    int fd[1] = {job->fd};
    const pid_t pid = job->pid;
    job->pid = -1;
    job->fd = -1;
    char out[4096];
    size_t len = 0;
    ssize_t k;
    /* keep the last part of what gnuplot says: its summary comes at the end */
    while ((k = read(fd[0], out + len, sizeof out - 1 - len)) > 0 || (k < 0 && errno == EINTR)) {
        if (k > 0)
            len += (size_t)k;
        if (len == sizeof out - 1) {
            memmove(out, out + len / 2, len - len / 2);
            len -= len / 2;
        }
    }
    out[len] = '\0';
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    const char *line = "no message";
    char *save = NULL;
    for (char *p = strtok_r(out, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
        if (strspn(p, " ^") != strlen(p))
            line = p;
    if (WIFSIGNALED(status))
        snprintf(msg, size, "gnuplot ended by signal %d", WTERMSIG(status));
    else
        snprintf(msg, size, "%s", line);
    return -1;
}

/* ---- titles that fit ---------------------------------------------------------------- */

int ig_gp_title_chars(int width)
{
    int c = (width - IG_GP_TITLE_MARGIN) / IG_GP_TITLE_PX;
    return c < 20 ? 20 : c;
}

/* The number of UTF-8 code points in s[0..n). */
static size_t u8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* The bytes of the first k code points of s[0..n). */
static size_t u8_bytes(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    for (size_t c = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && c++ == k)
            break;
    }
    return i;
}

/* Appends s[0..n) as one more line of a title expression. */
static void title_line(ig_buf *gp, int *lines, const char *s, size_t n, const char *tail)
{
    ig_buf t = {0};
    ig_buf_printf(&t, "%.*s%s", (int)n, s, tail);
    if (*lines)
        ig_buf_puts(gp, ".\"\\n\".");
    ig_gp_quote(gp, t.data ? t.data : "");
    ig_buf_free(&t);
    ++*lines;
}

/* `text` in lines of at most `max` code points, broken at spaces (a longer word is cut);
 * with max_lines > 0 at most that many, the last shortened with an ellipsis. */
static void title_wrap(ig_buf *gp, int *lines, const char *text, size_t max, int max_lines)
{
    int made = 0;
    const char *pos = text;
    while (*pos == ' ')
        pos++;
    while (*pos) {
        size_t rest = strlen(pos);
        if (u8_count(pos, rest) <= max) {
            title_line(gp, lines, pos, rest, "");
            return;
        }
        size_t cut = u8_bytes(pos, rest, max); /* the most that fits */
        bool last = max_lines > 0 && made == max_lines - 1;
        if (last)
            cut = u8_bytes(pos, rest, max - 1); /* room for the ellipsis */
        size_t end = cut;
        while (end > 0 && pos[end] != ' ')
            end--;
        if (end < cut / 2) /* no space in reach: cut the word */
            end = cut;
        size_t shown = end;
        while (shown > 0 && pos[shown - 1] == ' ')
            shown--;
        title_line(gp, lines, pos, shown, last ? "\u2026" : "");
        made++;
        if (last)
            return;
        pos += end;
        while (*pos == ' ')
            pos++;
    }
}

int ig_gp_title(ig_buf *gp, const char *head, const char *scenario, bool illustrative, int width)
{
    size_t max = (size_t)ig_gp_title_chars(width);
    int lines = 0;
    title_wrap(gp, &lines, head, max, 0);
    if (scenario && *scenario) {
        ig_buf s = {0};
        ig_buf_printf(&s, "scenario: %s", scenario);
        title_wrap(gp, &lines, s.data ? s.data : "", max, 2);
        ig_buf_free(&s);
    }
    if (illustrative)
        title_line(gp, &lines, "objectieve sleutel ILLUSTRATIEF", 31, "");
    return lines;
}

int ig_gnuplot_run(const char *gnuplot, const char *dir, const char *script, char *msg, size_t size)
{
    ig_gnuplot_job job;
    const char *const scripts[] = {script, NULL};
    if (ig_gnuplot_start(gnuplot, dir, scripts, &job, msg, size) != 0)
        return -1;
    return ig_gnuplot_finish(&job, msg, size);
}
