/*
 * uploads.c - key files uploaded from the workbench (README "Your own key"): checked as
 * `ingroei run` checks a key file, kept in memory under a random id (at most
 * IG_SERVE_MAX_UPLOADS, the least recently used evicted first), never written. A
 * request's scenario names an upload as "objective_key": "upload:ID"; it holds a
 * reference while it lives, so that an upload evicted meanwhile is freed only after the
 * last request that uses it.
 */
#include "serve/serve.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

ingroei_status ig_uploads_open(ig_uploads **out, ingroei_error *err)
{
    ig_uploads *u = calloc(1, sizeof *u);
    if (!u || pthread_mutex_init(&u->lock, NULL) != 0) {
        free(u);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = u;
    return INGROEI_OK;
}

static void upload_free(ig_upload *up)
{
    if (!up)
        return;
    ingroei_run_free(up->run);
    ingroei_scenario_free(up->sc);
    free(up->name);
    free(up->data);
    free(up);
}

void ig_uploads_close(ig_uploads *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++)
        upload_free(u->kept[i]);
    for (size_t i = 0; i < u->n_gone; i++)
        upload_free(u->gone[i]);
    pthread_mutex_destroy(&u->lock);
    free(u);
}

ig_upload *ig_upload_acquire(ig_uploads *u, const char *id)
{
    ig_upload *found = NULL;
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < u->n && !found; i++)
        if (strcmp(u->kept[i]->id, id) == 0) {
            found = u->kept[i];
            found->refs++;
            found->used = ++u->clock;
        }
    pthread_mutex_unlock(&u->lock);
    return found;
}

ig_upload *ig_upload_of(ig_uploads *u, const char *data)
{
    ig_upload *found = NULL;
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < u->n && !found; i++)
        if (u->kept[i]->data == data)
            found = u->kept[i];
    for (size_t i = 0; i < u->n_gone && !found; i++)
        if (u->gone[i]->data == data)
            found = u->gone[i];
    pthread_mutex_unlock(&u->lock);
    return found;
}

ig_upload *ig_upload_hold(ig_uploads *u, const char *data)
{
    ig_upload *found = NULL;
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < u->n && !found; i++)
        if (u->kept[i]->data == data)
            found = u->kept[i];
    for (size_t i = 0; i < u->n_gone && !found; i++)
        if (u->gone[i]->data == data)
            found = u->gone[i];
    if (found)
        found->refs++;
    pthread_mutex_unlock(&u->lock);
    return found;
}

void ig_upload_release(ig_uploads *u, const char *data)
{
    ig_upload *dead = NULL;
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < u->n; i++)
        if (u->kept[i]->data == data && u->kept[i]->refs)
            u->kept[i]->refs--;
    for (size_t i = 0; i < u->n_gone && !dead; i++)
        if (u->gone[i]->data == data && u->gone[i]->refs && --u->gone[i]->refs == 0) {
            dead = u->gone[i];
            u->gone[i] = u->gone[--u->n_gone];
        }
    pthread_mutex_unlock(&u->lock);
    upload_free(dead);
}

ingroei_status ig_upload_attach(const ig_api *api, ingroei_scenario *sc, const ig_upload *up,
                                ingroei_error *err)
{
    char *file = ig_path_join(api->scenarios_dir, up->name);
    if (!file)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    free(sc->objective_key);
    sc->objective_key = file;
    sc->objective_key_data = up->data;
    sc->objective_key_len = up->len;
    return INGROEI_OK;
}

/* Keeps `up`: in a free place, or in that of the least recently used upload, which goes
 * (freed now, or by its last release when requests still use it). False when every
 * place is in use and no more can wait to be freed. */
static bool keep(ig_uploads *u, ig_upload *up)
{
    ig_upload *dead = NULL;
    bool ok = true;
    pthread_mutex_lock(&u->lock);
    up->used = ++u->clock;
    if (u->n < IG_SERVE_MAX_UPLOADS) {
        u->kept[u->n++] = up;
    } else {
        size_t lru = 0;
        for (size_t i = 1; i < u->n; i++)
            if (u->kept[i]->used < u->kept[lru]->used)
                lru = i;
        ig_upload *old = u->kept[lru];
        if (old->refs == 0)
            dead = old;
        else if (u->n_gone < sizeof u->gone / sizeof *u->gone)
            u->gone[u->n_gone++] = old;
        else
            ok = false;
        if (ok)
            u->kept[lru] = up;
    }
    pthread_mutex_unlock(&u->lock);
    upload_free(dead);
    return ok;
}

/* The last part of a file name, with only letters, digits and ._-()+ and spaces kept
 * (others become '_'); NULL when it is empty, too long or does not end in .csv. */
static char *safe_name(const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    if (n == 0 || n > IG_SERVE_MAX_UPLOAD_NAME || !ig_is_key_csv(base) || base[0] == '.')
        return NULL;
    char *s = ig_strdup(base);
    for (char *p = s; p && *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("._-()+ ", c);
        if (!ok)
            *p = '_';
    }
    return s;
}

/* A library error about the upload as an answer: "name:line:col: message", the
 * server's scenarios directory left out of the message. */
static void upload_failure(const ig_api *api, ig_answer *a, const ingroei_error *err)
{
    if (err->status == INGROEI_ERR_NOMEM) {
        ig_answer_error(a, 503, NULL, "out of memory");
        return;
    }
    ig_buf msg = {0};
    const char *dir = api->scenarios_dir;
    const char *texts[2] = {err->file, err->message};
    for (int k = 0; k < 2; k++) {
        ig_serve_hide_dir(&msg, texts[k], dir, NULL);
        if (k == 0 && err->line)
            ig_buf_printf(&msg, ":%d", err->line);
        if (k == 0 && err->line && err->column)
            ig_buf_printf(&msg, ":%d", err->column);
        if (k == 0)
            ig_buf_puts(&msg, ": ");
    }
    ig_answer_error(a, 422, NULL, "%s", msg.data && !msg.failed ? msg.data : err->message);
    ig_buf_free(&msg);
}

void ig_api_upload(ig_api *api, const char *body, size_t len, ig_answer *a)
{
    if (ig_json_depth(body, len, IG_SERVE_MAX_DEPTH) > IG_SERVE_MAX_DEPTH) {
        ig_answer_error(a, 400, NULL, "the JSON is nested more than %d deep", IG_SERVE_MAX_DEPTH);
        return;
    }
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        ig_answer_error(a, 400, NULL, "not JSON: %s (line %d, column %d)", jerr.text, jerr.line,
                        jerr.column);
        return;
    }
    json_t *jn = json_object_get(root, "name"), *jc = json_object_get(root, "csv");
    const char *unknown = NULL, *key;
    json_t *value;
    json_object_foreach(root, key, value) if (strcmp(key, "name") && strcmp(key, "csv"))
        unknown = unknown ? unknown : key;
    char *name = NULL;
    ig_upload *up = NULL;
    if (!json_is_object(root)) {
        ig_answer_error(a, 422, "$", "expected an object {\"name\": ..., \"csv\": ...}");
    } else if (unknown) {
        ig_answer_error(a, 422, "$", "unknown key '%.100s' (expected: name, csv)", unknown);
    } else if (!json_is_string(jn)) {
        ig_answer_error(a, 422, "$.name", "name: the file's name, as text, is missing");
    } else if (!(name = safe_name(json_string_value(jn)))) {
        ig_answer_error(a, 422, "$.name",
                        "name: '%.120s' is not the name of a key file (at most %d bytes, "
                        "ending in .csv)",
                        json_string_value(jn), IG_SERVE_MAX_UPLOAD_NAME);
    } else if (!json_is_string(jc)) {
        ig_answer_error(a, 422, "$.csv", "csv: the file's text is missing");
    } else if (json_string_length(jc) > IG_MAX_KEY_BYTES) {
        ig_answer_error(a, 413, "$.csv", "csv: %zu bytes, more than %u, the limit for a key file",
                        json_string_length(jc), IG_MAX_KEY_BYTES);
    } else if (!(up = calloc(1, sizeof *up)) ||
               !(up->data = malloc(json_string_length(jc) + 1))) {
        ig_answer_error(a, 503, NULL, "out of memory");
    } else {
        up->len = json_string_length(jc);
        memcpy(up->data, json_string_value(jc), up->len + 1);
        up->name = name;
        name = NULL;
    }
    json_decref(root);
    free(name);
    if (!up || !up->name) {
        upload_free(up);
        return;
    }
    /* the file itself, then the run on the starting scenario: as ingroei run checks it */
    ingroei_error err = {0};
    ig_key_csv k;
    ingroei_status st = ig_key_csv_parse(&k, up->name, up->data, up->len, &err);
    if (st == INGROEI_OK) {
        memcpy(up->sha256, k.csv.sha256, sizeof up->sha256);
        up->rows = k.csv.n_rows;
        up->amounts = k.amounts;
        ig_key_csv_clear(&k);
        unsigned status;
        const ig_shipped *start = &api->shipped[api->start];
        /* named by the starting scenario's file, so that the receipt of the upload's run
         * names its inputs relative to the scenarios directory, as a request's does */
        st = ig_scenario_from_json(api, start->json, strlen(start->json), NULL, start->file,
                                   &up->sc, &status, &err);
    }
    if (st == INGROEI_OK)
        st = ig_upload_attach(api, up->sc, up, &err);
    if (st == INGROEI_OK) {
        pthread_mutex_lock(&api->load_lock); /* loading is one at a time */
        st = ingroei_run_new(&up->run, up->sc, &err);
        if (st == INGROEI_OK)
            st = ig_run_parts(up->run, &err);
        pthread_mutex_unlock(&api->load_lock);
    }
    if (st != INGROEI_OK) {
        upload_failure(api, a, &err);
        upload_free(up);
        return;
    }
    unsigned char r[16];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        ig_answer_error(a, 503, NULL, "no random numbers for an id");
        upload_free(up);
        return;
    }
    for (size_t i = 0; i < sizeof r; i++)
        snprintf(up->id + 2 * i, 3, "%02x", r[i]);
    /* the answer, made before `up` is shared */
    ig_buf *b = &a->body;
    ig_buf_printf(b, "{\"id\":\"%s\",\"objective_key\":\"upload:%s\",\"name\":", up->id, up->id);
    ig_json_string(b, up->name);
    ig_buf_printf(b, ",\"sha256\":\"%s\",\"rows\":%zu,\"column\":\"%s\",\"label\":", up->sha256,
                  up->rows, up->amounts ? "bedrag" : "aandeel");
    ig_json_string(b, up->run->obj.name);
    ig_buf_puts(b, ",\"source\":");
    ig_json_string(b, up->run->obj.volumes_source);
    ig_buf_puts(b, ",\"warnings\":[");
    for (size_t i = 0, n = 0; i < ingroei_run_n_warnings(up->run); i++) {
        ingroei_warning w = ingroei_run_warning(up->run, i);
        if (strncmp(w.code, "key_", 4) != 0)
            continue; /* the starting scenario's own warnings are not the key's */
        ig_buf_puts(b, n++ ? ",{\"code\":" : "{\"code\":");
        ig_json_string(b, w.code);
        ig_buf_puts(b, ",\"message\":");
        ig_json_string(b, w.message);
        ig_buf_putc(b, '}');
    }
    ig_buf_printf(b, "],\"kept\":%d}\n", IG_SERVE_MAX_UPLOADS);
    if (b->failed || b->invalid) {
        ig_answer_error(a, 503, NULL, "out of memory");
        upload_free(up);
        return;
    }
    if (!keep(api->uploads, up)) {
        ig_answer_error(a, 503, NULL, "every upload is in use: try again");
        upload_free(up);
        return;
    }
    a->status = 200;
    a->type = "application/json";
}
