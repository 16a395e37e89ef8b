/*
 * child.c - child processes that die with the process that made them: gnuplot, and the
 * process that writes a workbook (libxlsxwriter runs there, so that a crash of it can
 * not take the caller down). A child that outlives a killed ingroei would go on writing
 * into a staging directory that the next run removes.
 */
#define _GNU_SOURCE
#include "report/report.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

pid_t ig_child_fork(void)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    /* The child: SIGKILL when the thread that forked it ends (it waits for the child,
     * so in practice when the process ends), and no start at all when the parent has
     * already gone between the fork and the prctl. _exit, not exit: the parent's atexit
     * handlers and stdio buffers are the parent's, not to be run or flushed twice. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(127);
    /* The caller's signal handlers are the caller's: a handler that longjmps (a test
     * framework's on SIGSEGV) or cleans up would run the caller's code in the child. */
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction sa;
        if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &sa) == 0 &&
            sa.sa_handler != SIG_IGN && sa.sa_handler != SIG_DFL) {
            sa.sa_handler = SIG_DFL;
            sa.sa_flags = 0;
            sigaction(sig, &sa, NULL);
        }
    }
    return 0;
}
