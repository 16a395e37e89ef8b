/*
 * gnuplot.c - finding gnuplot on PATH and running one script with it in a directory,
 * without a shell and without changing the caller's working directory; its own last
 * error line becomes the message when it fails.
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
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

/* Runs `gnuplot script` in `dir` with posix_spawn (no fork of the caller's process,
 * no change of its working directory). Returns 0 when gnuplot succeeded; otherwise
 * writes into msg the last line gnuplot wrote to its error stream, which is its own
 * summary of the problem. */
int ig_gnuplot_run(const char *gnuplot, const char *dir, const char *script, char *msg, size_t size)
{
    char ebuf[128];
    int fd[2];
    posix_spawn_file_actions_t fa;
    if (pipe(fd) != 0) {
        snprintf(msg, size, "cannot start gnuplot: %s", ig_strerror(errno, ebuf, sizeof ebuf));
        return -1;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 2);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    posix_spawn_file_actions_addchdir_np(&fa, dir);
    char *argv[] = {(char *)gnuplot, (char *)script, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, gnuplot, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (rc != 0) {
        close(fd[0]);
        snprintf(msg, size, "cannot start gnuplot: %s", ig_strerror(rc, ebuf, sizeof ebuf));
        return -1;
    }
    char out[4096];
    size_t len = 0;
    ssize_t k;
    while ((k = read(fd[0], out + len, sizeof out - 1 - len)) > 0 || (k < 0 && errno == EINTR))
        if (k > 0)
            len += (size_t)k;
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
    snprintf(msg, size, "%s", line);
    return -1;
}
