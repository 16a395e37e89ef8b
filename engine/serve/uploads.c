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
#include <strings.h>
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
    free((char *)up->volumes.name);
    free((char *)up->volumes.data);
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

/* The upload, kept or gone, whose bytes are `data`; NULL when none. Under u->lock. */
static ig_upload *find_locked(const ig_uploads *u, const char *data)
{
    for (size_t i = 0; i < u->n; i++)
        if (u->kept[i]->data == data)
            return u->kept[i];
    for (size_t i = 0; i < u->n_gone; i++)
        if (u->gone[i]->data == data)
            return u->gone[i];
    return NULL;
}

ig_upload *ig_upload_of(ig_uploads *u, const char *data)
{
    pthread_mutex_lock(&u->lock);
    ig_upload *found = find_locked(u, data);
    pthread_mutex_unlock(&u->lock);
    return found;
}

ig_upload *ig_upload_hold(ig_uploads *u, const char *data)
{
    pthread_mutex_lock(&u->lock);
    ig_upload *found = find_locked(u, data);
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
    sc->objective_volumes = up->model ? &up->volumes : NULL;
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

/* Whether `name` ends in `suffix`, whatever the case of its letters. */
static bool ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strncasecmp(name + n - k, suffix, k) == 0;
}

/* The last part of a file name, with only letters, digits and ._-()+ and spaces kept
 * (others become '_'); NULL when it is empty, too long, starts with '.' or does not end
 * in .csv (a key file or volumes) or, for a model, in .yaml or .yml. */
static char *safe_name(const char *name, bool model)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    const bool suffix = model ? ends_with(base, ".yaml") || ends_with(base, ".yml")
                              : ig_is_key_csv(base);
    if (n == 0 || n > IG_SERVE_MAX_UPLOAD_NAME || !suffix || base[0] == '.')
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

/* A copy of a JSON string's bytes (with a terminating NUL), or NULL without memory. */
static char *copy_text(const json_t *v, size_t *len)
{
    *len = json_string_length(v);
    char *s = malloc(*len + 1);
    if (s)
        memcpy(s, json_string_value(v), *len + 1);
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

/* Reads the request {"name", "csv"} or {"name", "yaml", "volumes"?} into a new upload;
 * NULL with the answer saying why. */
static ig_upload *read_request(const ig_api *api, json_t *root, ig_answer *a)
{
    if (!json_is_object(root)) {
        ig_answer_error(a, 422, "$",
                        "expected an object {\"name\": ..., \"csv\": ...} (a key file) or "
                        "{\"name\": ..., \"yaml\": ..., \"volumes\": ...} (a model)");
        return NULL;
    }
    json_t *jn = json_object_get(root, "name"), *jc = json_object_get(root, "csv"),
           *jy = json_object_get(root, "yaml"), *jv = json_object_get(root, "volumes");
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value) if (strcmp(key, "name") && strcmp(key, "csv") &&
                                              strcmp(key, "yaml") && strcmp(key, "volumes"))
    {
        ig_answer_error(a, 422, "$",
                        "unknown key '%.100s' (expected: name and csv for a key file; name, "
                        "yaml and optionally volumes for a model)",
                        key);
        return NULL;
    }
    const bool model = jy != NULL;
    json_t *text = model ? jy : jc;
    const char *field = model ? "yaml" : "csv";
    char *name = NULL;
    if (jc && jy) {
        ig_answer_error(a, 422, "$", "csv and yaml: one file at a time (a key file or a model)");
    } else if (jv && !model) {
        ig_answer_error(a, 422, "$.volumes", "volumes: only a model (yaml) is sent with volumes");
    } else if (!json_is_string(jn)) {
        ig_answer_error(a, 422, "$.name", "name: the file's name, as text, is missing");
    } else if (!(name = safe_name(json_string_value(jn), model))) {
        ig_answer_error(a, 422, "$.name",
                        "name: '%.120s' is not the name of %s (at most %d bytes, ending in %s)",
                        json_string_value(jn), model ? "a model" : "a key file",
                        IG_SERVE_MAX_UPLOAD_NAME, model ? ".yaml or .yml" : ".csv");
    } else if (!json_is_string(text)) {
        ig_answer_error(a, 422, model ? "$.yaml" : "$.csv", "%s: the file's text is missing",
                        field);
    } else if (json_string_length(text) > IG_MAX_KEY_BYTES) {
        ig_answer_error(a, 413, model ? "$.yaml" : "$.csv",
                        "%s: %zu bytes, more than %u, the limit for %s", field,
                        json_string_length(text), IG_MAX_KEY_BYTES,
                        model ? "a model" : "a key file");
    } else {
        ig_upload *up = calloc(1, sizeof *up);
        if (!up || !(up->data = copy_text(text, &up->len))) {
            ig_answer_error(a, 503, NULL, "out of memory");
            free(up);
            free(name);
            return NULL;
        }
        up->name = name;
        up->model = model;
        up->volumes.files = api->volumes;
        up->volumes.n_files = api->n_volumes;
        if (!jv)
            return up;
        /* the model's own volumes: {"name": "volumes.csv", "csv": "..."} */
        json_t *vn = json_object_get(jv, "name"), *vc = json_object_get(jv, "csv");
        const char *bad = NULL;
        if (json_is_object(jv))
            json_object_foreach(jv, key, value) if (strcmp(key, "name") && strcmp(key, "csv"))
                bad = bad ? bad : key;
        char *vname = NULL;
        if (!json_is_object(jv)) {
            ig_answer_error(a, 422, "$.volumes",
                            "volumes: expected an object {\"name\": ..., \"csv\": ...}");
        } else if (bad) {
            ig_answer_error(a, 422, "$.volumes", "volumes: unknown key '%.100s' (expected: name, "
                                                  "csv)",
                            bad);
        } else if (!json_is_string(vn) || !(vname = safe_name(json_string_value(vn), false))) {
            ig_answer_error(a, 422, "$.volumes.name",
                            "volumes.name: the volumes' file name, ending in .csv, is missing");
        } else if (!json_is_string(vc)) {
            ig_answer_error(a, 422, "$.volumes.csv", "volumes.csv: the file's text is missing");
        } else if (json_string_length(vc) > IG_MAX_KEY_BYTES) {
            ig_answer_error(a, 413, "$.volumes.csv",
                            "volumes.csv: %zu bytes, more than %u, the limit for volumes",
                            json_string_length(vc), IG_MAX_KEY_BYTES);
        } else if (!(up->volumes.data = copy_text(vc, &up->volumes.len))) {
            ig_answer_error(a, 503, NULL, "out of memory");
        } else {
            up->volumes.name = vname;
            return up;
        }
        free(vname);
        upload_free(up);
        return NULL;
    }
    free(name);
    return NULL;
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
    ig_upload *up = read_request(api, root, a);
    json_decref(root);
    if (!up)
        return;
    /* a key file is read first (its own checks), then the run on the starting scenario
     * reads the key or the model: as ingroei run checks it */
    ingroei_error err = {0};
    ingroei_status st = INGROEI_OK;
    if (!up->model) {
        ig_key_csv k;
        st = ig_key_csv_parse(&k, up->name, up->data, up->len, &err);
        if (st == INGROEI_OK) {
            up->rows = k.csv.n_rows;
            up->amounts = k.amounts;
            ig_key_csv_clear(&k);
        }
    }
    if (st == INGROEI_OK) {
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
    memcpy(up->sha256, up->run->obj.sha256, sizeof up->sha256);
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
    const ig_obj_model *m = &up->run->obj;
    ig_buf_printf(b, ",\"kind\":\"%s\",\"sha256\":\"%s\",", up->model ? "model" : "key",
                  up->sha256);
    if (up->model) {
        /* the volumes as the receipt names them: a shipped file by its last part */
        const char *v = strrchr(m->volumes, '/');
        ig_buf_printf(b, "\"maatstaven\":%zu,\"illustrative\":%s,\"volumes\":", m->n_maatstaven,
                      m->illustrative ? "true" : "false");
        ig_json_string(b, v ? v + 1 : m->volumes);
        ig_buf_puts(b, ",\"label\":");
    } else {
        ig_buf_printf(b, "\"rows\":%zu,\"column\":\"%s\",\"label\":", up->rows,
                      up->amounts ? "bedrag" : "aandeel");
    }
    ig_json_string(b, m->name);
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
