/*
 * server.c - ingroei serve's HTTP side on libmicrohttpd: a pool of threads polling the
 * connections, a body collected up to its limit, at most max_requests requests at once,
 * a request whose body takes longer than the timeout refused (408), idle connections
 * closed after it; every answer comes from ig_api_handle.
 * libmicrohttpd's own log goes nowhere: the library never prints.
 */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ingroei_server {
    ig_api api;
    struct MHD_Daemon *daemon;
    unsigned port;
    size_t max_body;
    unsigned max_requests;
    unsigned timeout;   /* seconds: idle connection, and receiving one request's body */
    atomic_uint active; /* requests being received or answered */
    char log[512];      /* libmicrohttpd's last message while starting */
    atomic_bool starting; /* only then is a message kept (later ones come from many threads) */
};

/* One request's state, from its first callback to its completion. */
typedef struct request {
    ig_buf body;
    bool counted;   /* it holds one of max_requests: from its headers until its answer is
                       queued (libmicrohttpd may tell that a request is complete only some
                       time after its answer was sent; sending is bounded by the connection
                       limit and the timeout instead) */
    bool too_large; /* its body passed max_body: the rest is dropped */
    bool answered;  /* refused at its headers: whatever follows is dropped */
    bool late;      /* its body took longer than the timeout: the rest is dropped */
    struct timespec start; /* when its headers were in */
} request;

/* libmicrohttpd's messages: kept (the last one says why a start failed), not printed. */
static void keep_log(void *cls, const char *fmt, va_list ap)
{
    ingroei_server *s = cls;
    if (!atomic_load(&s->starting))
        return;
    vsnprintf(s->log, sizeof s->log, fmt, ap);
    size_t n = strlen(s->log);
    while (n && (s->log[n - 1] == '\n' || s->log[n - 1] == '.'))
        s->log[--n] = '\0';
}

static enum MHD_Result send_answer(struct MHD_Connection *c, ig_answer *a)
{
    /* the answer's buffer goes to libmicrohttpd, which frees it when it is sent: no copy
     * of a large answer (nor the fresh pages a copy of it would touch) */
    struct MHD_Response *r;
    if (a->body.data) {
        r = MHD_create_response_from_buffer(a->body.len, a->body.data, MHD_RESPMEM_MUST_FREE);
        if (r)
            a->body = (ig_buf){0};
        else
            ig_buf_free(&a->body);
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a->type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (a->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, a->allow);
    enum MHD_Result ret = MHD_queue_response(c, a->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Gives back the request's place among max_requests. */
static void release(ingroei_server *s, request *q)
{
    if (q->counted)
        atomic_fetch_sub(&s->active, 1);
    q->counted = false;
}

static enum MHD_Result refuse(ingroei_server *s, request *q, struct MHD_Connection *c,
                              unsigned status, const char *fmt, unsigned long long value)
{
    ig_answer a = {0};
    ig_answer_error(&a, status, NULL, fmt, value);
    release(s, q);
    q->answered = true;
    return send_answer(c, &a);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    ingroei_server *s = cls;
    (void)version;
    request *q = *state;
    if (!q) { /* the first call: the headers are in */
        if (!(q = calloc(1, sizeof *q)))
            return MHD_NO;
        *state = q;
        q->counted = true;
        clock_gettime(CLOCK_MONOTONIC, &q->start);
        if (atomic_fetch_add(&s->active, 1) >= s->max_requests)
            return refuse(s, q, c, 503,
                          "the server is answering %llu requests already; try again shortly",
                          s->max_requests);
        const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        char *end = NULL;
        unsigned long long n = length ? strtoull(length, &end, 10) : 0;
        if (length && (end == length || *end || n > s->max_body))
            return refuse(s, q, c, 413, "the request body is larger than %llu bytes (the limit)",
                          s->max_body);
        return MHD_YES;
    }
    if (q->answered) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) { /* a piece of the body */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - q->start.tv_sec > (time_t)s->timeout) {
            /* a body sent too slowly: it gives back its place at once and is answered
             * 408 when it ends (libmicrohttpd answers only at the headers or the end) */
            q->late = true;
            release(s, q);
            ig_buf_free(&q->body);
        }
        if (!q->late && q->body.len + *upload_size > s->max_body)
            q->too_large = true;
        else if (!q->late)
            ig_buf_putn(&q->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (q->late)
        return refuse(s, q, c, 408, "the request body took longer than %llu seconds (the limit)",
                      s->timeout);
    if (q->too_large)
        return refuse(s, q, c, 413, "the request body is larger than %llu bytes (the limit)",
                      s->max_body);
    if (q->body.failed)
        return refuse(s, q, c, 503, "out of memory for a body of %llu bytes", q->body.len);
    ig_answer a;
    const ig_query query = {
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format"),
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"),
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "gemeente"),
    };
    ig_api_answer(&s->api, method, url, &query, q->body.data ? q->body.data : "", q->body.len,
                  &a);
    ig_buf_free(&q->body);
    release(s, q);
    return send_answer(c, &a);
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode why)
{
    ingroei_server *s = cls;
    request *q = *state;
    (void)c, (void)why;
    if (!q)
        return;
    release(s, q); /* one that ended before its answer */
    ig_buf_free(&q->body);
    free(q);
    *state = NULL;
}

ingroei_status ingroei_server_start(ingroei_server **out, const ingroei_serve_options *o,
                                    ingroei_error *err)
{
    ingroei_init();
    if (!out || !o || !o->scenario)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no starting scenario given");
    if (o->port > 65535 || !o->max_body || !o->max_requests || !o->threads || !o->timeout)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a port from 0 to 65535 and limits above zero are needed");
    const char *listen = o->listen ? o->listen : "127.0.0.1";
    struct sockaddr_in v4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)o->port)};
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    const struct sockaddr *addr = (const struct sockaddr *)&v4;
    if (inet_pton(AF_INET6, listen, &v6.sin6_addr) == 1) {
        addr = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else if (inet_pton(AF_INET, listen, &v4.sin_addr) != 1) {
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "'%s' is not an IP address to listen on (such as 127.0.0.1 or ::1)",
                       listen);
    }
    ingroei_server *s = calloc(1, sizeof *s);
    if (!s)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ingroei_status st = ig_api_open(&s->api, o->scenario, err);
    if (st != INGROEI_OK) {
        free(s);
        return st;
    }
    s->max_body = o->max_body;
    s->max_requests = o->max_requests;
    s->timeout = o->timeout;
    atomic_init(&s->active, 0);
    atomic_init(&s->starting, true);
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, o->threads, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_EXTERNAL_LOGGER, keep_log, s,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(64 * o->threads + 4 * o->max_requests), MHD_OPTION_END);
    atomic_store(&s->starting, false);
    if (!s->daemon) {
        char ebuf[128];
        int e = errno;
        st = ig_fail(err, INGROEI_ERR_IO, NULL, 0, 0, "cannot listen on %s port %u: %s", listen,
                     o->port, s->log[0] ? s->log : ig_strerror(e, ebuf, sizeof ebuf));
        ig_api_close(&s->api);
        free(s);
        return st;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return INGROEI_OK;
}

unsigned ingroei_server_port(const ingroei_server *s)
{
    return s ? s->port : 0;
}

void ingroei_server_stop(ingroei_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    ig_api_close(&s->api);
    free(s);
}
