/*
 * serve_main.c - the program ingroei-serve: `ingroei serve` runs it (serve_exec.c), so
 * that only this program links libmicrohttpd and GnuTLS. Its arguments are those of
 * `ingroei serve`.
 */
#include "cli.h"

int main(int argc, char **argv)
{
    return cmd_serve(argc - 1, argv + 1);
}
