/*
 * cmd_serve.c - `ingroei serve`: starts the JSON API (the library's server), says where
 * it listens and waits for Ctrl-C or SIGTERM, then stops it cleanly.
 */
#include "cli.h"
#include "opt.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char *const serve_usage =
    "usage: ingroei serve [--scenario SCENARIO.yaml] [--port PORT] [--listen ADDRESS]\n"
    "\n"
    "Serves the workbench (a page in Dutch at /: knobs, map, table, a gemeente's years\n"
    "and explanation, a pinned baseline, the view in its link) and the JSON API:\n"
    "  GET  /api/openapi.json   the OpenAPI document of every endpoint\n"
    "  GET  /api/version        version and the dataset's files with SHA-256\n"
    "  GET  /api/gemeenten      code, name, province and inhabitants\n"
    "  GET  /api/scenarios      the shipped scenarios, resolved, as JSON\n"
    "  GET  /api/geometry       the borders of the gemeenten (for the map)\n"
    "  GET  /api/maatstaven     the objective keys: maatstaven, weights, sources\n"
    "  POST /api/keys           {\"name\": \"key.csv\", \"csv\": ...}: a key file, checked as\n"
    "                           run checks it and kept in memory (\"upload:ID\")\n"
    "  POST /api/compute        a scenario as JSON -> allocations per gemeente per year\n"
    "                           (?format=csv: allocations.csv as `ingroei run` writes it;\n"
    "                           budget-csv: budget.csv; yaml: the resolved scenario)\n"
    "  POST /api/compare        {\"baseline\": ..., \"scenario\": ...} -> differences\n"
    "  POST /api/explain        {\"scenario\": ..., \"gemeente\": ..., \"year\": ...} -> the\n"
    "                           chain of `ingroei explain` (?format=text: its text)\n"
    "The starting scenario fixes the data: the scenarios beside it, its dataset and that\n"
    "dataset's models, loaded once; a request names them by name, never a file.\n"
    "Listens on 127.0.0.1 unless --listen says otherwise: share only on a trusted network.\n"
    "\n";

int cmd_serve(int argc, char **argv)
{
    size_t n_args;
    ingroei_serve_options o = INGROEI_SERVE_OPTIONS_INIT;
    o.scenario = "scenarios/default.yaml";
    int port = (int)o.port, max_requests = (int)o.max_requests, timeout = (int)o.timeout,
        threads = (int)o.threads;
    int64_t max_body = (int64_t)o.max_body;
    whole_option port_opt = {&port, 'i', 0, 65535, "a port from 0 to 65535 (0: any free port)"};
    whole_option requests_opt = {&max_requests, 'i', 1, 4096, "a whole number from 1 to 4096"};
    whole_option timeout_opt = {&timeout, 'i', 1, 3600, "a whole number of seconds from 1 to 3600"};
    whole_option threads_opt = {&threads, 'i', 1, 64, "a whole number from 1 to 64"};
    whole_option body_opt = {&max_body, 'l', 1024, 64 << 20,
                             "a whole number of bytes from 1024 to 67108864"};
    const cli_opt opts[] = {
        OPT_STRING(0, "scenario", "FILE",
                   &o.scenario, "the starting scenario (default scenarios/default.yaml)"),
        OPT_CHECKED('p', "port", "PORT", &port_opt, set_whole,
                    "the port to listen on (default 8080; 0: any free port)"),
        OPT_STRING(0, "listen", "ADDRESS", &o.listen,
                   "the address to listen on (default 127.0.0.1; 0.0.0.0 or ::\n"
                   "for every interface: only on a trusted network)"),
        OPT_CHECKED(0, "max-requests", "N", &requests_opt, set_whole,
                    "requests answered at once; more get 503 (default 16)"),
        OPT_CHECKED(0, "max-body", "BYTES", &body_opt, set_whole,
                    "largest request body; larger gets 413 (default 1048576)"),
        OPT_CHECKED(0, "timeout", "SECONDS", &timeout_opt, set_whole,
                    "an idle connection is closed after this long (default 10)"),
        OPT_CHECKED(0, "threads", "N", &threads_opt, set_whole,
                    "threads that answer requests (default 4)"),
        OPT_HELP_AND_END,
    };
    static const opt_command serve_command =
        OPT_COMMAND("serve", serve_usage, NULL, 26, 0, NULL, 0, NULL);
    int code = opt_parse(&serve_command, opts, argc, argv, &n_args);
    if (code != OPT_GO_ON)
        return code;
    if (n_args)
        return usage_error("unexpected argument '%s' (the scenario goes with --scenario)",
                           argv[0]);
    o.port = (unsigned)port;
    o.max_requests = (unsigned)max_requests;
    o.timeout = (unsigned)timeout;
    o.threads = (unsigned)threads;
    o.max_body = (size_t)max_body;

    /* Ctrl-C and SIGTERM are blocked before the server's threads start (they inherit
     * the mask), so that only sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    ingroei_error err;
    ingroei_server *server = NULL;
    if (ingroei_server_start(&server, &o, &err) != INGROEI_OK)
        return report_error(&err);
    const char *host = o.listen ? o.listen : "127.0.0.1";
    bool v6 = strchr(host, ':') != NULL;
    printf("open http://%s%s%s:%u/ ; Ctrl-C stops it\n", v6 ? "[" : "", host, v6 ? "]" : "",
           ingroei_server_port(server));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    ingroei_server_stop(server);
    fprintf(stderr, "ingroei: serve stopped (%s)\n", sig == SIGTERM ? "SIGTERM" : "Ctrl-C");
    return EXIT_OK;
}
