/*
 * serve_exec.c - `ingroei serve` runs the program ingroei-serve that is built beside
 * ingroei (cmd_serve.c, serve_main.c), with the same arguments: libmicrohttpd and GnuTLS
 * are linked into that program only, so that the other commands start as small as before.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_serve_exec(int argc, char **argv)
{
    char self[PATH_MAX], prog[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "ingroei: cannot find where ingroei is (/proc/self/exe): %s\n",
                strerror(errno));
        return EXIT_IO;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    snprintf(prog, sizeof prog, "%s/ingroei-serve", slash ? self : ".");
    char *args[argc + 2];
    args[0] = prog;
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    args[argc + 1] = NULL;
    execv(prog, args);
    fprintf(stderr, "ingroei: cannot run %s (built beside ingroei for `ingroei serve`): %s\n",
            prog, strerror(errno));
    return EXIT_IO;
}
