/*
 * serve.h - ingroei serve: a JSON API over HTTP on the run/ layer (libmicrohttpd for
 * HTTP, jansson to parse request bodies). The dataset, the models and the shipped
 * scenarios are fixed and loaded when the server starts and only read afterwards; a
 * request never names, reads or writes a file. Uses run/ and below; no other feature.
 */
#ifndef IG_SERVE_H
#define IG_SERVE_H

#include "io/yamlx.h"
#include "run/run.h"

#include <pthread.h>

/* What a request may at most be or ask (README "The workbench in the browser"). */
#define IG_SERVE_MAX_DEPTH 32 /* nesting of the JSON body */
#define IG_SERVE_MAX_YEARS 60 /* years of one scenario */
#define IG_SERVE_MAX_CACHED 16 /* data loaded for other years or boundaries, kept */
/* The name a request's resolved scenario has (?format=yaml, and the page's download):
 * its paths are relative to the scenarios directory, and the receipt and the workbook of
 * a request (?format=summary, ?format=xlsx) are those `ingroei run` writes for that file
 * saved there under this name. */
#define IG_SERVE_RESOLVED_FILE "werkbank.yaml"

/* An item a request may name, by name only: a model, the dataset, a regions file. */
typedef struct ig_named {
    char *name; /* "objectief_illustratief" */
    char *real; /* its real path, for comparisons */
    char *rel;  /* its path relative to the scenarios directory, as a scenario names it */
} ig_named;

/* A shipped scenario: loaded at start, with its run and its resolved content as JSON. */
typedef struct ig_shipped {
    char *name; /* the file's stem: "default" */
    char *file;
    ingroei_scenario *sc;
    ingroei_run *run; /* computed; the base that requests with the same data fork */
    char *json;       /* the resolved scenario as the API takes it */
} ig_shipped;

/* Data loaded for a request's scenario that no shipped scenario had (other years or
 * boundaries): the scenario and run own each other's lifetime. */
typedef struct ig_cached {
    ingroei_scenario *sc;
    ingroei_run *run;
} ig_cached;

/* A key file uploaded from the page (README "Your own key"): kept in memory only, never
 * written; named by a random id that only the uploading page knows. */
#define IG_SERVE_MAX_UPLOADS 8 /* kept at once; the least recently used goes first */
#define IG_SERVE_MAX_UPLOAD_NAME 100 /* bytes of an upload's file name */
typedef struct ig_upload {
    char id[33];         /* 128 random bits in hex */
    char *name;          /* the file name as uploaded (its last part, made safe): .csv for
                            a key file, .yaml or .yml for an objective-key model */
    char sha256[65];     /* of data */
    char *data;          /* the bytes */
    size_t len;
    bool model;          /* an objective-key model (else a key file) */
    size_t rows;         /* a key file: gemeenten in the file */
    bool amounts;        /* a key file: a column bedrag (else aandeel) */
    /* a model: the volumes it may name (a shipped circulaire's, by file name, or its own
     * sent with it: volumes.name and .data owned here, .files the api's) */
    ig_volumes_choice volumes;
    ingroei_scenario *sc; /* the starting scenario with this key */
    ingroei_run *run;     /* its run, checked and computed: the base requests fork */
    unsigned refs;        /* scenarios of requests in flight that use it */
    unsigned long long used; /* when last used (a counter), for eviction */
} ig_upload;

typedef struct ig_uploads {
    pthread_mutex_t lock;
    ig_upload *kept[IG_SERVE_MAX_UPLOADS];
    size_t n;
    unsigned long long clock;
    ig_upload *gone[64]; /* evicted while in use; freed by the last release */
    size_t n_gone;
} ig_uploads;

/* Everything the handlers share. After ig_api_open it changes only under `lock`
 * (the cache); the rest is read-only. */
typedef struct ig_api {
    char *scenarios_dir;  /* the starting scenario's directory, real path */
    char *start_name;     /* the starting scenario's name */
    ig_named dataset;     /* the starting scenario's dataset */
    ig_named *models;     /* the model files (YAML) of the dataset's bw/ directory */
    size_t n_models;
    ig_named *regions;    /* the regions files (regios_*.csv) of the dataset */
    size_t n_regions;
    char **volumes;       /* the volumes of the dataset's circulaires (real paths of
                             gemeentefonds/volumina_*.csv), which an uploaded model may
                             name by file name */
    size_t n_volumes;
    ig_shipped *shipped;  /* the scenarios (*.yaml) of scenarios_dir */
    size_t n_shipped;
    size_t start;         /* index of the starting scenario in shipped */
    char *version_json;   /* GET /api/version */
    char *gemeenten_json; /* GET /api/gemeenten */
    char *scenarios_json; /* GET /api/scenarios */
    char *maatstaven_json; /* GET /api/maatstaven */
    char *geometry_json;  /* GET /api/geometry; NULL when the dataset has no borders */
    char geometry_note[256]; /* why there is no geometry_json */
    pthread_mutex_t lock; /* guards cache */
    /* Held while data are loaded for a request (ingroei_run_new): loading is not safe in
     * two threads at once (run/dataset.c sorts the herindelingen through a global), and
     * a set being loaded is then loaded once. */
    pthread_mutex_t load_lock;
    ig_cached cache[IG_SERVE_MAX_CACHED];
    size_t n_cache;
    ig_uploads *uploads; /* key files uploaded (uploads.c) */
} ig_api;

/* Loads the starting scenario `scenario`, every scenario beside it, the dataset and the
 * models, and computes them (api.c). */
ingroei_status ig_api_open(ig_api *api, const char *scenario, ingroei_error *err);
void ig_api_close(ig_api *api);

/* An answer: HTTP status, content type and body. */
typedef struct ig_answer {
    unsigned status;
    const char *type; /* "application/json", "text/csv; charset=utf-8" */
    ig_buf body;
    const char *allow; /* with 405: the methods the route takes */
} ig_answer;

/* The answer to a request (api.c): method, path without the query, the value of the
 * query's `format` (or NULL) and the body. Never fails: errors are answers. */
void ig_api_handle(ig_api *api, const char *method, const char *url, const char *format,
                   const char *body, size_t len, ig_answer *out);
/* The values of a request's query that an endpoint reads (each may be NULL). */
typedef struct ig_query {
    const char *format;   /* the answer's form: json, csv, text, ... */
    const char *lang;     /* /api/explain's words: "en" (`ingroei explain`'s) or "nl" */
    const char *gemeente; /* /api/compute?format=xlsx: the workbook's Gemeente sheet, as
                             `run --xlsx --gemeente` makes it (a code or name) */
} ig_query;

/* The same with the whole query. */
void ig_api_answer(ig_api *api, const char *method, const char *url, const ig_query *query,
                   const char *body, size_t len, ig_answer *out);

/* Appends `text` with every occurrence of the directory `dir` (a whole path component:
 * followed by '/' or the end) replaced by `name`, or with `name` NULL left out with its
 * '/': a server's own paths never reach an answer. */
void ig_serve_hide_dir(ig_buf *out, const char *text, const char *dir, const char *name);

/* A JSON error answer {"error": {"status", "message", "path"}}; `path` may be NULL. */
void ig_answer_error(ig_answer *a, unsigned status, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- uploaded key files (uploads.c) ------------------------------------------------ */

ingroei_status ig_uploads_open(ig_uploads **out, ingroei_error *err);
void ig_uploads_close(ig_uploads *u);
/* POST /api/keys: {"name": "file.csv", "csv": "the file's text"}. The key is checked as
 * `ingroei run` checks a key file, on the starting scenario (same messages, naming the
 * upload's file name, line and column), and kept: the answer gives its id. */
void ig_api_upload(ig_api *api, const char *body, size_t len, ig_answer *a);
/* The upload `id` with a reference taken (released by ig_upload_release), or NULL when
 * there is none (never was, or evicted). */
ig_upload *ig_upload_acquire(ig_uploads *u, const char *id);
void ig_upload_release(ig_uploads *u, const char *data);
/* The upload whose bytes `data` are, with one more reference taken (for a second
 * scenario made with the same key while the first holds it), or NULL. */
ig_upload *ig_upload_hold(ig_uploads *u, const char *data);
/* The upload whose bytes a scenario holds (sc->objective_key_data), referenced by it. */
ig_upload *ig_upload_of(ig_uploads *u, const char *data);
/* Makes `sc` use the upload's key: objective_key is the file name in the scenarios
 * directory (so that the resolved YAML names it beside the scenario), the bytes are the
 * upload's (the file is never read). */
ingroei_status ig_upload_attach(const ig_api *api, ingroei_scenario *sc, const ig_upload *up,
                                ingroei_error *err);

/* ---- scenarios as JSON (scenario_json.c) -------------------------------------------- */

/* Reads a scenario sent as JSON with the scenario file's reader (ig_scenario_read): the
 * body is parsed by jansson (duplicate keys refused, nesting at most IG_SERVE_MAX_DEPTH),
 * its fields that name files must name a shipped item by name, and it is turned into a
 * YAML document (strings quoted, numbers plain) whose errors name JSON paths. On failure
 * *status is the HTTP status (400 malformed, 422 invalid) and err says why, with the
 * JSON path as err->file when there is one. `json` is a parsed value (for compare: its
 * paths start with $.label) or NULL to parse `body` (paths start with $). */
ingroei_status ig_scenario_from_json(const ig_api *api, const char *body, size_t len,
                                     void *json, const char *label, ingroei_scenario **out,
                                     unsigned *status, ingroei_error *err);

/* The deepest nesting of arrays and objects in a JSON text, counted before jansson
 * parses it (jansson's own limit, 2048, is fixed at its build). Brackets inside strings
 * do not count. Stops counting past `limit`. */
size_t ig_json_depth(const char *s, size_t len, size_t limit);

/* The resolved scenario of `sh` as the API takes it: ig_resolved_scenario's YAML turned
 * into JSON, the files it names by their names. New string, or NULL. */
char *ig_scenario_to_json(const ig_api *api, const ig_shipped *sh, ingroei_error *err);

/* Node `n` of document `y` (and all in it) as JSON: plain scalars that are numbers in
 * ingroei's grammar, true, false and null as such, every other scalar as a string. With
 * `api` and `sc`, the top-level keys that name files (dataset, historical_key,
 * objective_key, regions) get the names of the files `sc` resolved them to. */
void ig_yaml_node_json(ig_buf *b, const ig_api *api, ig_yaml *y, const yaml_node_t *n,
                       const ingroei_scenario *sc);

/* The item of `list` whose real path is that of `path`, or NULL. */
const ig_named *ig_named_find_path(const ig_named *list, size_t n, const char *path);

#endif /* IG_SERVE_H */
