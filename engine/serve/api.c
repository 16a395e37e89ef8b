/*
 * api.c - the endpoints of ingroei serve, independent of HTTP: what is loaded at start
 * (the starting scenario, the scenarios beside it, the dataset and its models) and the
 * answer to each request. A computation forks the run of a shipped scenario with the
 * same data (ig_run_fork_full), so the data are read once; other years or boundaries are
 * loaded from the same fixed files once and kept (IG_SERVE_MAX_CACHED). Tables are the
 * bytes `ingroei run` writes (ig_run_render).
 */
#include "serve/serve.h"
#include "audit/audit.h"
#include "base/vec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const unsigned char ig_asset_openapi_json[];
extern const size_t ig_asset_openapi_json_len;
extern const unsigned char ig_asset_werkbank_html[];
extern const size_t ig_asset_werkbank_html_len;
extern const unsigned char ig_asset_werkbank_js[];
extern const size_t ig_asset_werkbank_js_len;
extern const unsigned char ig_asset_werkbank_css[];
extern const size_t ig_asset_werkbank_css_len;

void ig_answer_error(ig_answer *a, unsigned status, const char *path, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ig_buf_free(&a->body);
    a->status = status;
    a->type = "application/json";
    ig_buf_printf(&a->body, "{\"error\":{\"status\":%u,\"message\":", status);
    ig_json_string(&a->body, msg);
    ig_buf_puts(&a->body, ",\"path\":");
    if (path)
        ig_json_string(&a->body, path);
    else
        ig_buf_puts(&a->body, "null");
    ig_buf_puts(&a->body, "}}\n");
}

/* An error of the library as an answer: the JSON path, when the error names one (a
 * scenario sent as JSON), and the message, in which the server's directories are not
 * shown: a file of the dataset is named by the dataset's name and its path within it
 * ("nl/gemeentefonds/volumina_sep2024_2025.csv"), as a request names it. */
static void answer_failure(const ig_api *api, ig_answer *a, unsigned status,
                           const ingroei_error *err)
{
    const char *path = err->file[0] == '$' ? err->file : NULL;
    if (err->status == INGROEI_ERR_NOMEM)
        status = 503;
    else if (err->status == INGROEI_ERR_IO || err->status == INGROEI_ERR_NUMERIC)
        status = 500;
    ig_buf msg = {0};
    ig_serve_hide_dir(&msg, err->message, api->dataset.real, api->dataset.name);
    ig_answer_error(a, status, path, "%s", msg.data && !msg.failed ? msg.data : err->message);
    ig_buf_free(&msg);
}

void ig_serve_hide_dir(ig_buf *out, const char *text, const char *dir, const char *name)
{
    const size_t n = dir ? strlen(dir) : 0;
    const char *m = text;
    for (const char *at = n ? strstr(m, dir) : NULL; at; at = strstr(at + 1, dir)) {
        if (at[n] != '/' && at[n] != '\0')
            continue; /* a longer name that begins with it ("nl2"): not the directory */
        ig_buf_putn(out, m, (size_t)(at - m));
        if (name)
            ig_buf_puts(out, name);
        m = at + n + (!name && at[n] == '/'); /* without a name, its '/' goes too */
        at = m - 1;
    }
    ig_buf_puts(out, m);
}

/* ---- at start ---------------------------------------------------------------------- */

static void named_clear(ig_named *n)
{
    free(n->name);
    free(n->real);
    free(n->rel);
}

/* Fills `n` for the file at `path`, named `name`. */
static bool named_set(ig_named *n, const char *path, const char *name, const char *scenarios_dir)
{
    n->name = ig_strdup(name);
    n->real = realpath(path, NULL);
    n->rel = n->real ? ig_path_relative(n->real, scenarios_dir) : NULL;
    return n->name && n->real && n->rel;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `dir` that start with `prefix` and end with `suffix`, sorted; NULL on
 * error (errno set). */
static char **list_dir(const char *dir, const char *prefix, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **list = NULL;
    size_t cap = 0;
    *n = 0;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d));) {
        size_t len = strlen(e->d_name), ls = strlen(suffix), lp = strlen(prefix);
        if (e->d_name[0] == '.' || len <= ls + lp || strncmp(e->d_name, prefix, lp) != 0 ||
            strcmp(e->d_name + len - ls, suffix) != 0)
            continue;
        char **grown = ig_vec_grow(list, &cap, *n + 1, sizeof *list, 8);
        ok = grown && (grown[*n] = ig_strdup(e->d_name));
        if (grown)
            list = grown;
        *n += ok;
    }
    closedir(d);
    if (!ok) {
        for (size_t i = 0; i < *n; i++)
            free(list[i]);
        free(list);
        return NULL;
    }
    if (*n)
        qsort(list, *n, sizeof *list, compare_strings);
    return list ? list : calloc(1, sizeof *list);
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

/* The files of `dir` named prefix*suffix as named items (name: without the suffix). */
static ingroei_status load_named(ig_api *api, const char *dir, const char *prefix,
                                 const char *suffix, ig_named **out, size_t *n_out,
                                 ingroei_error *err)
{
    size_t n = 0;
    char **list = list_dir(dir, prefix, suffix, &n);
    if (!list)
        return ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "cannot list the directory");
    *out = calloc(n ? n : 1, sizeof **out);
    ingroei_status st = *out ? INGROEI_OK : ig_fail(err, INGROEI_ERR_NOMEM, dir, 0, 0, "out of memory");
    for (size_t i = 0; st == INGROEI_OK && i < n; i++) {
        char *path = ig_path_join(dir, list[i]);
        list[i][strlen(list[i]) - strlen(suffix)] = '\0';
        if (!path || !named_set(&(*out)[i], path, list[i], api->scenarios_dir))
            st = ig_fail(err, INGROEI_ERR_IO, path ? path : dir, 0, 0, "cannot resolve the file");
        free(path);
        *n_out = i + 1;
    }
    free_list(list, n);
    return st;
}

/* The volumes files of the dataset's circulaires (gemeentefonds/volumina_*.csv), by
 * real path; none when the dataset has no such directory. */
static ingroei_status list_volumes(ig_api *api, const char *dataset, ingroei_error *err)
{
    char *dir = ig_path_join(dataset, "gemeentefonds");
    if (!dir)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    char **list = list_dir(dir, "volumina_", ".csv", &n);
    ingroei_status st = INGROEI_OK;
    if (list) {
        api->volumes = calloc(n ? n : 1, sizeof *api->volumes);
        if (!api->volumes)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; st == INGROEI_OK && i < n; i++) {
            char *path = ig_path_join(dir, list[i]);
            char *real = path ? realpath(path, NULL) : NULL;
            if (!real)
                st = ig_fail(err, INGROEI_ERR_IO, path ? path : dir, 0, 0,
                             "cannot resolve the file");
            else
                api->volumes[api->n_volumes++] = real;
            free(path);
        }
        free_list(list, n);
    }
    free(dir);
    return st;
}

/* GET /api/version: the engine and the dataset's receipt. */
static char *version_json(const ig_api *api)
{
    const ig_shipped *sh = &api->shipped[api->start];
    ig_buf b = {0};
    ig_buf_puts(&b, "{\"version\":");
    ig_json_string(&b, ingroei_version());
    ig_buf_puts(&b, ",\"dataset\":");
    ig_json_string(&b, api->dataset.name);
    ig_buf_puts(&b, ",\"illustrative\":");
    const char *notice = ingroei_run_illustrative_notice(sh->run);
    if (notice)
        ig_json_string(&b, notice);
    else
        ig_buf_puts(&b, "null");
    ig_buf_puts(&b, ",\"inputs\":[");
    for (size_t i = 0; i < sh->run->n_inputs; i++) {
        ig_buf_puts(&b, i ? ",{\"file\":" : "{\"file\":");
        ig_json_string(&b, sh->run->inputs[i].display);
        ig_buf_puts(&b, ",\"sha256\":");
        ig_json_string(&b, sh->run->inputs[i].sha256);
        ig_buf_putc(&b, '}');
    }
    ig_buf_puts(&b, "]}\n");
    return b.failed ? (ig_buf_free(&b), NULL) : b.data;
}

/* GET /api/maatstaven: the objective keys of the shipped scenarios (the starting one's
 * first), each with its maatstaven, weights and sources, as the runs loaded them. */
static char *maatstaven_json(const ig_api *api)
{
    ig_buf b = {0};
    ig_buf_puts(&b, "{\"start\":");
    ig_json_string(&b, api->start_name);
    ig_buf_puts(&b, ",\"keys\":[");
    /* the starting scenario first, then the others in order; each key once */
    size_t *order = malloc((api->n_shipped + 1) * sizeof *order), n_order = 0, n = 0;
    if (!order)
        b.failed = true;
    for (size_t k = 0; order && k <= api->n_shipped; k++) {
        size_t i = k == 0 ? api->start : k - 1;
        if (k > 0 && i == api->start)
            continue;
        const ig_shipped *sh = &api->shipped[i];
        bool seen = false;
        for (size_t j = 0; j < n_order && !seen; j++)
            seen = !strcmp(api->shipped[order[j]].sc->objective_key, sh->sc->objective_key);
        order[n_order++] = i;
        if (seen)
            continue;
        const ig_obj_model *m = &sh->run->obj;
        const ig_named *named = ig_named_find_path(api->models, api->n_models, m->file);
        ig_buf_puts(&b, n++ ? ",\n{\"objective_key\":" : "\n{\"objective_key\":");
        ig_json_string(&b, named ? named->name : m->name);
        ig_buf_puts(&b, ",\"name\":");
        ig_json_string(&b, m->name);
        ig_buf_printf(&b, ",\"sha256\":\"%s\",\"illustrative\":%s,\"notice\":", m->sha256,
                      m->illustrative ? "true" : "false");
        if (m->illustrative && m->notice)
            ig_json_string(&b, m->notice);
        else
            ig_buf_puts(&b, "null");
        ig_buf_puts(&b, ",\"volumes_source\":");
        ig_json_string(&b, m->volumes_source ? m->volumes_source : "");
        ig_buf_puts(&b, ",\"scenarios\":[");
        for (size_t j = 0, c = 0; j < api->n_shipped; j++)
            if (!strcmp(api->shipped[j].sc->objective_key, sh->sc->objective_key)) {
                ig_buf_puts(&b, c++ ? "," : "");
                ig_json_string(&b, api->shipped[j].name);
            }
        ig_buf_puts(&b, "],\"maatstaven\":[");
        for (size_t j = 0; j < m->n_maatstaven; j++) {
            const ig_maatstaf *ms = &m->maatstaven[j];
            ig_buf_puts(&b, j ? ",{\"code\":" : "{\"code\":");
            ig_json_string(&b, ms->code);
            ig_buf_puts(&b, ",\"weight\":");
            ig_put_double(&b, ms->weight);
            ig_buf_printf(&b, ",\"scaled\":%s,\"source\":", ms->scaled ? "true" : "false");
            ig_json_string(&b, ms->source ? ms->source : "");
            ig_buf_putc(&b, '}');
        }
        ig_buf_puts(&b, "]}");
    }
    free(order);
    ig_buf_puts(&b, "]}\n");
    return b.failed || b.invalid ? (ig_buf_free(&b), NULL) : b.data;
}

/* GET /api/gemeenten: the gemeenten of the starting scenario with their inhabitants per
 * year. */
static char *gemeenten_json(const ig_api *api)
{
    const ingroei_run *r = api->shipped[api->start].run;
    ig_buf b = {0};
    ig_buf_printf(&b, "{\"boundaries\":%d,\"gemeenten\":[", r->sc->boundaries);
    for (size_t g = 0; g < r->n_g; g++) {
        ig_buf_puts(&b, g ? ",\n{\"code\":" : "\n{\"code\":");
        ig_json_string(&b, r->code[g]);
        ig_buf_puts(&b, ",\"name\":");
        ig_json_string(&b, r->name[g]);
        ig_buf_puts(&b, ",\"province\":");
        ig_json_string(&b, r->province[g]);
        ig_buf_puts(&b, ",\"inhabitants\":{");
        for (size_t y = 0; y < r->n_y; y++)
            ig_buf_printf(&b, "%s\"%d\":%lld", y ? "," : "", r->first_year + (int)y,
                          (long long)r->inhabitants[y * r->n_g + g]);
        ig_buf_puts(&b, "}}");
    }
    ig_buf_puts(&b, "]}\n");
    return b.failed ? (ig_buf_free(&b), NULL) : b.data;
}

/* GET /api/scenarios: the shipped scenarios, resolved, and the names a scenario may use
 * for its files. */
static char *scenarios_json(const ig_api *api)
{
    ig_buf b = {0};
    ig_buf_puts(&b, "{\"start\":");
    ig_json_string(&b, api->start_name);
    ig_buf_puts(&b, ",\"datasets\":[");
    ig_json_string(&b, api->dataset.name);
    ig_buf_puts(&b, "],\"models\":[");
    for (size_t i = 0; i < api->n_models; i++) {
        if (i)
            ig_buf_putc(&b, ',');
        ig_json_string(&b, api->models[i].name);
    }
    ig_buf_puts(&b, "],\"regions\":[");
    for (size_t i = 0; i < api->n_regions; i++) {
        if (i)
            ig_buf_putc(&b, ',');
        ig_json_string(&b, api->regions[i].name);
    }
    ig_buf_puts(&b, "],\"scenarios\":[");
    for (size_t i = 0; i < api->n_shipped; i++) {
        ig_buf_puts(&b, i ? ",\n{\"name\":" : "\n{\"name\":");
        ig_json_string(&b, api->shipped[i].name);
        ig_buf_puts(&b, ",\"scenario\":");
        ig_buf_puts(&b, api->shipped[i].json);
        ig_buf_putc(&b, '}');
    }
    ig_buf_puts(&b, "]}\n");
    return b.failed ? (ig_buf_free(&b), NULL) : b.data;
}

/* The code of 1 January IG_GEOMETRY_YEAR that gemeente `code` is part of, following the
 * dataset's herindelingen (as the map of `ingroei run` does). */
static const char *code_on_borders(const ingroei_run *r, const char *code)
{
    char cutoff[16];
    snprintf(cutoff, sizeof cutoff, "%04d-01-01", IG_GEOMETRY_YEAR);
    for (int hops = 0; hops < 16; hops++) {
        const ig_merge *next = NULL;
        for (size_t i = 0; i < r->n_merges && !next; i++)
            if (!strcmp(r->merges[i].old_code, code) && strcmp(r->merges[i].date, cutoff) <= 0)
                next = &r->merges[i];
        if (!next)
            return code;
        code = next->new_code;
    }
    return code;
}

/* GET /api/geometry: the borders of the gemeenten of IG_GEOMETRY_YEAR from the dataset's
 * IG_GEOMETRY_FILE (read and checked by io/geometry.c), each ring a flat list of lon,
 * lat with five decimals (about a metre); the file's comment lines (its source and
 * licence) and the herindelingen, so that a page can place the gemeenten of earlier
 * boundaries. A dataset without the file has no map: *json stays NULL and `note` says
 * why; a file that is there but wrong stops the start. */
static ingroei_status geometry_json(ig_api *api, char **json, ingroei_error *err)
{
    const ingroei_run *r = api->shipped[api->start].run;
    *json = NULL;
    char *file = ig_path_join(api->dataset.real, IG_GEOMETRY_FILE);
    if (!file)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    struct stat sb;
    if (stat(file, &sb) != 0 && errno == ENOENT) {
        snprintf(api->geometry_note, sizeof api->geometry_note,
                 "the dataset %s has no %s (the borders of the gemeenten): no map", api->dataset.name,
                 IG_GEOMETRY_FILE);
        free(file);
        return INGROEI_OK;
    }
    /* the codes on the borders' year of every gemeente of every shipped scenario */
    size_t n_all = 0;
    for (size_t i = 0; i < api->n_shipped; i++)
        n_all += api->shipped[i].run->n_g;
    const char **codes = calloc(n_all ? n_all : 1, sizeof *codes);
    if (!codes) {
        free(file);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < api->n_shipped; i++)
        for (size_t g = 0; g < api->shipped[i].run->n_g; g++)
            codes[n++] = code_on_borders(api->shipped[i].run, api->shipped[i].run->code[g]);
    qsort(codes, n, sizeof *codes, compare_strings);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || strcmp(codes[k - 1], codes[i]) != 0)
            codes[k++] = codes[i];
    ig_geometry geo = {0};
    ingroei_status st = ig_geometry_read(&geo, file, codes, k, err);
    free(file);
    if (st != INGROEI_OK) {
        free(codes);
        return st;
    }
    ig_buf b = {0};
    ig_buf_printf(&b, "{\"year\":%d,\"file\":", IG_GEOMETRY_YEAR);
    ig_json_string(&b, IG_GEOMETRY_FILE);
    ig_buf_puts(&b, ",\"sha256\":");
    ig_json_string(&b, geo.csv.sha256);
    ig_buf_puts(&b, ",\"source\":[");
    for (size_t i = 0; i < geo.csv.n_comments; i++) {
        if (i)
            ig_buf_putc(&b, ',');
        ig_json_string(&b, geo.csv.comments[i]);
    }
    ig_buf_puts(&b, "],\n\"merges\":[");
    for (size_t i = 0; i < r->n_merges; i++) {
        ig_buf_puts(&b, i ? ",\n{\"from\":" : "\n{\"from\":");
        ig_json_string(&b, r->merges[i].old_code);
        ig_buf_puts(&b, ",\"to\":");
        ig_json_string(&b, r->merges[i].new_code);
        ig_buf_puts(&b, ",\"date\":");
        ig_json_string(&b, r->merges[i].date);
        ig_buf_putc(&b, '}');
    }
    ig_buf_puts(&b, "],\n\"gemeenten\":[");
    size_t last = SIZE_MAX;
    for (size_t i = 0; i < geo.n_rings; i++) {
        const ig_ring *ring = &geo.rings[i];
        if (ring->gemeente != last) {
            ig_buf_puts(&b, last == SIZE_MAX ? "\n{\"code\":" : "]},\n{\"code\":");
            ig_json_string(&b, codes[ring->gemeente]);
            ig_buf_puts(&b, ",\"rings\":[");
            last = ring->gemeente;
        } else {
            ig_buf_putc(&b, ',');
        }
        ig_buf_putc(&b, '[');
        for (size_t p = 0; p < ring->n; p++) {
            if (p)
                ig_buf_putc(&b, ',');
            if (!ig_put_fixed(&b, geo.lon[ring->first + p], 5, '.'))
                b.invalid = true;
            ig_buf_putc(&b, ',');
            if (!ig_put_fixed(&b, geo.lat[ring->first + p], 5, '.'))
                b.invalid = true;
        }
        ig_buf_putc(&b, ']');
    }
    ig_buf_puts(&b, last == SIZE_MAX ? "]}\n" : "]}]}\n");
    ig_geometry_clear(&geo);
    free(codes);
    if (b.failed || b.invalid) {
        ig_buf_free(&b);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *json = b.data;
    return INGROEI_OK;
}

ingroei_status ig_api_open(ig_api *api, const char *scenario, ingroei_error *err)
{
    ingroei_init();
    memset(api, 0, sizeof *api);
    if (pthread_mutex_init(&api->lock, NULL) != 0)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "cannot make a mutex");
    if (pthread_mutex_init(&api->load_lock, NULL) != 0) {
        pthread_mutex_destroy(&api->lock);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "cannot make a mutex");
    }
    char *dir = ig_dirname(scenario), *start_real = realpath(scenario, NULL);
    api->scenarios_dir = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    ingroei_status st = INGROEI_OK;
    if (!start_real || !api->scenarios_dir)
        st = ig_fail(err, INGROEI_ERR_IO, scenario, 0, 0, "cannot open the scenario file");
    /* every scenario beside the starting one, loaded and computed */
    size_t n = 0;
    char **list = st == INGROEI_OK ? list_dir(api->scenarios_dir, "", ".yaml", &n) : NULL;
    if (st == INGROEI_OK && !list)
        st = ig_fail(err, INGROEI_ERR_IO, api->scenarios_dir, 0, 0, "cannot list the directory");
    if (st == INGROEI_OK && !(api->shipped = calloc(n ? n : 1, sizeof *api->shipped)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    api->start = SIZE_MAX;
    for (size_t i = 0; st == INGROEI_OK && i < n; i++) {
        char *path = ig_path_join(api->scenarios_dir, list[i]), kind[64] = "";
        if (!path) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        if (ingroei_file_kind(path, kind, sizeof kind, NULL) != INGROEI_OK ||
            strcmp(kind, "scenario") != 0) {
            free(path); /* another kind of file (a sweep): not a scenario to start from */
            continue;
        }
        ig_shipped *sh = &api->shipped[api->n_shipped++];
        sh->file = path;
        list[i][strlen(list[i]) - 5] = '\0';
        sh->name = ig_strdup(list[i]);
        char *real = realpath(path, NULL);
        if (real && strcmp(real, start_real) == 0)
            api->start = api->n_shipped - 1;
        free(real);
        st = sh->name ? ingroei_scenario_load(&sh->sc, path, err)
                      : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (st == INGROEI_OK)
            st = ingroei_run_new(&sh->run, sh->sc, err);
        if (st == INGROEI_OK) /* nothing lazy is left in a run that threads share */
            st = ig_run_parts(sh->run, err);
    }
    free_list(list, n);
    free(start_real);
    if (st == INGROEI_OK && api->start == SIZE_MAX)
        st = ig_fail(err, INGROEI_ERR_USAGE, scenario, 0, 0, "not a scenario");
    const ig_shipped *start = st == INGROEI_OK ? &api->shipped[api->start] : NULL;
    if (start && !(api->start_name = ig_strdup(start->name)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (start) {
        const char *ds = start->sc->dataset;
        const char *slash = strrchr(ds, '/');
        char *tidy = ig_strdup(ds);
        if (tidy)
            ig_path_tidy(tidy);
        slash = tidy ? strrchr(tidy, '/') : NULL;
        if (st == INGROEI_OK && (!tidy || !named_set(&api->dataset, ds, slash ? slash + 1 : tidy,
                                                     api->scenarios_dir)))
            st = ig_fail(err, INGROEI_ERR_IO, ds, 0, 0, "cannot resolve the dataset");
        free(tidy);
        char *bw = ig_path_join(ds, "bw");
        if (st == INGROEI_OK)
            st = bw ? load_named(api, bw, "", ".yaml", &api->models, &api->n_models, err)
                    : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        free(bw);
        if (st == INGROEI_OK)
            st = load_named(api, ds, "regios_", ".csv", &api->regions, &api->n_regions, err);
        if (st == INGROEI_OK)
            st = list_volumes(api, ds, err);
    }
    for (size_t i = 0; st == INGROEI_OK && i < api->n_shipped; i++)
        if (!(api->shipped[i].json = ig_scenario_to_json(api, &api->shipped[i], err)))
            st = err && err->status ? err->status : INGROEI_ERR_NOMEM;
    if (st == INGROEI_OK && (!(api->version_json = version_json(api)) ||
                             !(api->gemeenten_json = gemeenten_json(api)) ||
                             !(api->scenarios_json = scenarios_json(api)) ||
                             !(api->maatstaven_json = maatstaven_json(api))))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK)
        st = geometry_json(api, &api->geometry_json, err);
    if (st == INGROEI_OK)
        st = ig_uploads_open(&api->uploads, err);
    if (st != INGROEI_OK)
        ig_api_close(api);
    return st;
}

void ig_api_close(ig_api *api)
{
    for (size_t i = 0; i < api->n_cache; i++) {
        ingroei_run_free(api->cache[i].run);
        ingroei_scenario_free(api->cache[i].sc);
    }
    for (size_t i = 0; api->shipped && i < api->n_shipped; i++) {
        ig_shipped *sh = &api->shipped[i];
        ingroei_run_free(sh->run);
        ingroei_scenario_free(sh->sc);
        free(sh->name);
        free(sh->file);
        free(sh->json);
    }
    free(api->shipped);
    for (size_t i = 0; i < api->n_models; i++)
        named_clear(&api->models[i]);
    free(api->models);
    for (size_t i = 0; i < api->n_regions; i++)
        named_clear(&api->regions[i]);
    free(api->regions);
    for (size_t i = 0; i < api->n_volumes; i++)
        free(api->volumes[i]);
    free(api->volumes);
    named_clear(&api->dataset);
    free(api->scenarios_dir);
    free(api->start_name);
    free(api->version_json);
    free(api->gemeenten_json);
    free(api->scenarios_json);
    free(api->maatstaven_json);
    free(api->geometry_json);
    ig_uploads_close(api->uploads);
    pthread_mutex_destroy(&api->lock);
    pthread_mutex_destroy(&api->load_lock);
    memset(api, 0, sizeof *api);
}

/* ---- computing a request's scenario --------------------------------------------------- */

/* Whether two paths a scenario resolved name the same file (both NULL: yes). */
static bool same_file(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a, b) == 0)
        return true;
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* Whether `base` was loaded for the data `sc` needs. */
/* Whether two lists of inputs per year name the same thing for the same years: a
 * circulaire by its name, a file by what it resolves to. */
static bool same_per_year(const ig_per_year *a, size_t na, const ig_per_year *b, size_t nb,
                          bool files)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].year != b[i].year ||
            !(files ? same_file(a[i].value, b[i].value) : strcmp(a[i].value, b[i].value) == 0))
            return false;
    return true;
}

/* Whether a run loaded for `base` holds the data `sc` needs: what a run loads (the
 * gemeenten, keys, regions and the inputs per year), not what a compute reads from the
 * scenario (path, cap, budget, arrangements); without `objective_key`, all but the
 * objective key (an uploaded key is held beside the loaded run). */
static bool same_data_as(const ingroei_run *base, const ingroei_scenario *sc, bool objective_key)
{
    const ingroei_scenario *b = base->sc;
    return b->boundaries == sc->boundaries && b->first_year == sc->first_year &&
           b->last_year == sc->last_year && same_file(b->dataset, sc->dataset) &&
           same_file(b->historical_key, sc->historical_key) &&
           (!objective_key || same_file(b->objective_key, sc->objective_key)) &&
           same_file(b->regions, sc->regions) &&
           b->regional_key == sc->regional_key && /* the loaded units are summed per region */
           same_per_year(b->hist_per_year, b->n_hist_per_year, sc->hist_per_year,
                         sc->n_hist_per_year, false) &&
           same_per_year(b->volumes_per_year, b->n_volumes_per_year, sc->volumes_per_year,
                         sc->n_volumes_per_year, true);
}

static bool same_data(const ingroei_run *base, const ingroei_scenario *sc)
{
    return same_data_as(base, sc, true);
}

/* A run loaded earlier for the data `sc` needs, or NULL. Cached runs are never freed
 * before the api is closed, so the pointer stays valid after the lock. */
static const ingroei_run *cached(ig_api *api, const ingroei_scenario *sc)
{
    const ingroei_run *base = NULL;
    pthread_mutex_lock(&api->lock);
    for (size_t i = 0; i < api->n_cache && !base; i++)
        if (same_data(api->cache[i].run, sc))
            base = api->cache[i].run;
    pthread_mutex_unlock(&api->lock);
    return base;
}

/* A fork shares its base's receipt, whose first input is the base's scenario file (a
 * shipped scenario): the request's own scenario takes its place, in a copy of the list
 * that this layer owns (marked by inputs_cap SIZE_MAX: a fork never grows its inputs)
 * and frees in run_free. The other inputs are the same files. */
static ingroei_status own_receipt(const ig_api *api, ingroei_run *r, const ingroei_scenario *sc,
                                  ingroei_error *err)
{
    if (!r->borrowed || !r->n_inputs || strcmp(r->inputs[0].sha256, r->sc->sha256) == 0)
        return INGROEI_OK;
    ig_input *copy = malloc(r->n_inputs * sizeof *copy);
    if (!copy)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memcpy(copy, r->inputs, r->n_inputs * sizeof *copy);
    /* a request is named by its label ("request"); its resolved form, read back as the
     * file IG_SERVE_RESOLVED_FILE of the scenarios directory, by that name as `ingroei run`
     * names it (relative to the scenario's own directory) */
    const size_t nd = strlen(api->scenarios_dir);
    bool inside = strncmp(sc->file, api->scenarios_dir, nd) == 0 && sc->file[nd] == '/';
    copy[0].display = inside ? sc->file + nd + 1 : sc->file;
    memcpy(copy[0].sha256, sc->sha256, sizeof copy[0].sha256);
    copy[0].source = sc->name;
    r->inputs = copy;
    r->inputs_cap = SIZE_MAX;
    return INGROEI_OK;
}

static void run_free(ingroei_run *r)
{
    if (r && r->borrowed && r->inputs_cap == SIZE_MAX)
        free(r->inputs);
    ingroei_run_free(r);
}

static ingroei_status compute_run(ig_api *api, ingroei_scenario **sc, ingroei_run **out,
                                  ingroei_error *err);

/* Computes `sc`: on a fork of a run loaded for the same data, or by loading them (once:
 * the loaded run is then kept, and owns `*sc`, which is set to NULL). The run's receipt
 * names the request's scenario. Free the run with run_free. */
static ingroei_status compute(ig_api *api, ingroei_scenario **sc, ingroei_run **out,
                              ingroei_error *err)
{
    *out = NULL;
    ingroei_status st = compute_run(api, sc, out, err);
    if (st == INGROEI_OK)
        st = own_receipt(api, *out, (*out)->sc, err);
    if (st != INGROEI_OK) {
        run_free(*out);
        *out = NULL;
    }
    return st;
}

/* Whether `base` has the data `sc` needs but for the objective key. */
static bool same_data_but_key(const ingroei_run *base, const ingroei_scenario *sc)
{
    return same_data_as(base, sc, false);
}

/* A scenario with an uploaded key: on a fork of the upload's run when the other data are
 * the starting scenario's, else loaded for this request alone (not kept: the upload may
 * go). */
static ingroei_status compute_upload(ig_api *api, ingroei_scenario *sc, ingroei_run **out,
                                     ingroei_error *err)
{
    const ig_upload *up = ig_upload_of(api->uploads, sc->objective_key_data);
    if (!up) /* cannot be: the scenario holds a reference */
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "the uploaded key is gone");
    if (same_data_but_key(up->run, sc))
        return ig_run_fork_full(up->run, sc, out, err);
    pthread_mutex_lock(&api->load_lock);
    ingroei_status st = ingroei_run_new(out, sc, err);
    if (st == INGROEI_OK)
        st = ig_run_parts(*out, err);
    pthread_mutex_unlock(&api->load_lock);
    if (st != INGROEI_OK) {
        ingroei_run_free(*out);
        *out = NULL;
    }
    return st;
}

/* Frees a request's scenario and its reference to an uploaded key. */
static void scenario_free(ig_api *api, ingroei_scenario *sc)
{
    const char *data = sc ? sc->objective_key_data : NULL;
    ingroei_scenario_free(sc);
    if (data)
        ig_upload_release(api->uploads, data);
}

static ingroei_status compute_run(ig_api *api, ingroei_scenario **sc, ingroei_run **out,
                                  ingroei_error *err)
{
    if ((*sc)->objective_key_data)
        return compute_upload(api, *sc, out, err);
    for (size_t i = 0; i < api->n_shipped; i++)
        if (same_data(api->shipped[i].run, *sc))
            return ig_run_fork_full(api->shipped[i].run, *sc, out, err);
    const ingroei_run *base = cached(api, *sc);
    if (base)
        return ig_run_fork_full(base, *sc, out, err);
    /* one load at a time; another request may have loaded these data meanwhile */
    pthread_mutex_lock(&api->load_lock);
    if ((base = cached(api, *sc))) {
        pthread_mutex_unlock(&api->load_lock);
        return ig_run_fork_full(base, *sc, out, err);
    }
    ingroei_run *run = NULL;
    ingroei_status st = ingroei_run_new(&run, *sc, err);
    if (st == INGROEI_OK)
        st = ig_run_parts(run, err);
    if (st != INGROEI_OK) {
        pthread_mutex_unlock(&api->load_lock);
        ingroei_run_free(run);
        return st;
    }
    /* keep it as a base for the next request with these data; this request forks it
     * too, so the kept run is only ever read */
    pthread_mutex_lock(&api->lock);
    bool kept = api->n_cache < IG_SERVE_MAX_CACHED;
    if (kept)
        api->cache[api->n_cache++] = (ig_cached){*sc, run};
    pthread_mutex_unlock(&api->lock);
    pthread_mutex_unlock(&api->load_lock);
    if (!kept) {
        *out = run;
        return INGROEI_OK;
    }
    ingroei_scenario *own = *sc;
    *sc = NULL;
    return ig_run_fork_full(run, own, out, err);
}

/* ---- the run `ingroei run` makes of a request's resolved scenario ----------------------- */

/* The resolved scenario of `run` as ?format=yaml gives it: the YAML of the file
 * IG_SERVE_RESOLVED_FILE in the scenarios directory (`file`, a new string). */
static ingroei_status resolved_yaml(const ig_api *api, const ingroei_run *run, ig_buf *out,
                                    char **file, ingroei_error *err)
{
    *file = ig_path_join(api->scenarios_dir, IG_SERVE_RESOLVED_FILE);
    if (*file)
        ig_resolved_scenario(out, run->sc, run->inputs, run->n_inputs, *file);
    if (!*file || out->failed || out->invalid || !out->data)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return INGROEI_OK;
}

/* The receipt and the workbook of a request are those `ingroei run` writes for its
 * resolved scenario saved as IG_SERVE_RESOLVED_FILE in the scenarios directory: that
 * file is its first input, with the SHA-256 of its bytes and its name, and its paths are
 * relative to that directory. So the resolved YAML is read back here as that file, by the
 * scenario file's reader, and computed: *sc and *out as compute gives them (free with
 * scenario_free and run_free). An uploaded key goes with it, as the file of that name
 * beside it. */
static ingroei_status compute_resolved(ig_api *api, const ingroei_run *run,
                                       ingroei_scenario **sc, ingroei_run **out,
                                       ingroei_error *err)
{
    *sc = NULL;
    *out = NULL;
    ig_buf text = {0}, read = {0};
    char *file = NULL;
    ingroei_status st = resolved_yaml(api, run, &text, &file, err);
    const char *key = run->sc->objective_key_data;
    char sha[65];
    ig_sha256_hex(text.data ? text.data : "", text.len, sha);
    if (st == INGROEI_OK && key) {
        /* the file an uploaded key names is not there: the reader checks the scenario
         * with the starting scenario's key in its place (as for the request itself),
         * and the upload is then put in its place; the SHA-256 is the resolved text's */
        ingroei_scenario with_model = *run->sc;
        with_model.objective_key = api->shipped[api->start].sc->objective_key;
        with_model.objective_key_data = NULL;
        with_model.objective_key_len = 0;
        ig_resolved_scenario(&read, &with_model, run->inputs, run->n_inputs, file);
        if (read.failed || read.invalid || !read.data)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    const ig_buf *parse = key ? &read : &text;
    ig_yaml y;
    bool loaded = false;
    if (st == INGROEI_OK)
        loaded = (st = ig_yaml_load_string(&y, file, parse->data, parse->len, err)) == INGROEI_OK;
    if (st == INGROEI_OK)
        st = ig_scenario_read(&y, file, api->scenarios_dir, sc, err);
    if (loaded)
        ig_yaml_clear(&y);
    if (st == INGROEI_OK)
        memcpy((*sc)->sha256, sha, sizeof sha);
    ig_buf_free(&text);
    ig_buf_free(&read);
    free(file);
    if (st == INGROEI_OK && key) {
        /* the scenario made here holds a reference of its own, released by scenario_free */
        ig_upload *up = ig_upload_hold(api->uploads, key);
        if (!up)
            st = ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "the uploaded key is gone");
        else if ((st = ig_upload_attach(api, *sc, up, err)) != INGROEI_OK)
            ig_upload_release(api->uploads, up->data);
    }
    if (st == INGROEI_OK)
        st = compute(api, sc, out, err);
    if (st != INGROEI_OK) {
        scenario_free(api, *sc);
        *sc = NULL;
    }
    return st;
}

/* Removes the files in the directory `dir` (a workbook and libxlsxwriter's temporary
 * files: no subdirectories) and the directory; false when something stays. */
static bool remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    bool ok = d != NULL;
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            unlinkat(dirfd(d), e->d_name, 0) != 0)
            ok = false;
    if (d)
        closedir(d);
    return rmdir(dir) == 0 && ok;
}

/* Reads the regular file `name` of the directory `dir` (not through a link) into `out`. */
static bool read_private(const char *dir, const char *name, ig_buf *out)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int fd = dfd < 0 ? -1 : openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd >= 0)
        close(dfd);
    struct stat sb;
    bool ok = fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
    char chunk[65536];
    for (ssize_t n; ok && (n = read(fd, chunk, sizeof chunk)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            ok = false;
        else
            ig_buf_putn(out, chunk, (size_t)n);
    }
    if (fd >= 0)
        close(fd);
    return ok && !out->failed && out->data;
}

/* The run's workbook, as `ingroei run --xlsx` writes it (ig_run_write_xlsx: built in a
 * child process, read back and checked; with gemeente `gemeente`'s sheet, an index, or
 * SIZE_MAX for none, as with --gemeente), into `out`: written into a private directory
 * this process makes (mkdtemp under $TMPDIR or /tmp, mode 0700; no request names it) and
 * removed with it before the answer. */
static ingroei_status workbook(const ingroei_run *run, size_t gemeente, ig_buf *out,
                               ingroei_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    int n = snprintf(dir, sizeof dir, "%s/ingroei-serve-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
    if (n < 0 || (size_t)n >= sizeof dir)
        n = snprintf(dir, sizeof dir, "/tmp/ingroei-serve-XXXXXX");
    if (!mkdtemp(dir))
        return ig_fail(err, INGROEI_ERR_IO, NULL, 0, 0,
                       "cannot make a private directory for the workbook: %s", strerror(errno));
    ingroei_status st = ig_run_write_xlsx(run, dir, gemeente, NULL, err);
    if (st == INGROEI_OK && !read_private(dir, IG_RUN_WORKBOOK, out))
        st = out->failed ? ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory")
                         : ig_fail(err, INGROEI_ERR_IO, NULL, 0, 0, "cannot read the workbook back");
    if (!remove_dir(dir) && st == INGROEI_OK)
        st = ig_fail(err, INGROEI_ERR_IO, NULL, 0, 0,
                     "cannot remove the workbook's private directory");
    if (st != INGROEI_OK) {
        ig_buf_free(out);
        /* the private directory is the server's own: not in an answer */
        ig_buf m = {0};
        ig_serve_hide_dir(&m, err->message, dir, "(workbook)");
        if (m.data && !m.failed)
            snprintf(err->message, sizeof err->message, "%s", m.data);
        ig_buf_free(&m);
        err->file[0] = '\0';
    }
    return st;
}

/* A JSON value of a table cell: numbers as numbers (fixed decimals as the CSV has them),
 * text as a string, an empty cell as null. */
static void put_cell(ig_buf *b, const ig_cell *c)
{
    switch (c->type) {
    case IG_CELL_INT: ig_put_int(b, c->integer); break;
    case IG_CELL_FIXED:
        if (!ig_put_fixed(b, c->x, c->decimals, '.'))
            b->invalid = true;
        break;
    case IG_CELL_TEXT: ig_json_string(b, c->text ? c->text : ""); break;
    default: ig_buf_puts(b, "null"); break;
    }
}

/* A table as {"columns": [...], "rows": [[...], ...]}. */
static void put_columns(ig_buf *b, const ig_column *cols, size_t n)
{
    ig_buf_puts(b, "{\"columns\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            ig_buf_putc(b, ',');
        ig_json_string(b, cols[i].name);
    }
    ig_buf_puts(b, "],\"rows\":[");
}

static void put_row(ig_buf *b, const ig_cell *cells, size_t n, bool first)
{
    ig_buf_puts(b, first ? "\n[" : ",\n[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            ig_buf_putc(b, ',');
        put_cell(b, &cells[i]);
    }
    ig_buf_putc(b, ']');
}

/* The head both JSON answers of a computed run share: the scenario (name, years, cap),
 * the illustrative notice or null, and an own key's label and SHA-256; the object is
 * left open. */
static void json_head(ig_buf *b, const ingroei_run *r)
{
    ig_buf_puts(b, "{\"scenario\":{\"name\":");
    ig_json_string(b, r->sc->name);
    ig_buf_printf(b, ",\"first_year\":%d,\"last_year\":%d,\"cap\":%s},\"illustrative\":",
                  r->sc->first_year, r->sc->last_year, r->sc->cap.enabled ? "true" : "false");
    const char *notice = ingroei_run_illustrative_notice(r);
    if (notice)
        ig_json_string(b, notice);
    else
        ig_buf_puts(b, "null");
    if (r->obj.own_key) { /* a key file: its label, name and SHA-256 */
        ig_buf_puts(b, ",\"own_key\":{\"label\":");
        ig_json_string(b, r->obj.name);
        ig_buf_printf(b, ",\"sha256\":\"%s\"}", r->obj.sha256);
    }
}

/* The JSON of a computed run: the scenario, per year the columns of budget.csv (the
 * totals and the cap's state), per gemeente per year those of allocations.csv. */
static void run_json(ig_buf *b, const ingroei_run *r)
{
    json_head(b, r);
    ig_buf_puts(b, ",\n\"years\":");
    put_columns(b, ig_budget_columns, IG_N_BUDGET_COLUMNS);
    ig_cell cells[IG_N_ALLOC_COLUMNS > IG_N_BUDGET_COLUMNS ? IG_N_ALLOC_COLUMNS
                                                           : IG_N_BUDGET_COLUMNS];
    for (size_t y = 0; y < r->n_y; y++) {
        ig_run_budget_cells(r, y, cells);
        put_row(b, cells, IG_N_BUDGET_COLUMNS, y == 0);
    }
    ig_buf_puts(b, "]},\n\"allocations\":");
    put_columns(b, ig_alloc_columns, IG_N_ALLOC_COLUMNS);
    for (size_t y = 0; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++) {
            ig_run_alloc_cells(r, y, g, cells);
            put_row(b, cells, IG_N_ALLOC_COLUMNS, y == 0 && g == 0);
        }
    ig_buf_puts(b, "]}}\n");
}

/* ?format=page: what the workbench draws and nothing else, as arrays of integers
 * (README "The server and its API", openapi.json "Page"). Per gemeente its code, name
 * and province once; per year the totals the page shows; per column of allocations.csv
 * that the page reads, a list per year of one integer per gemeente, in the order of
 * "gemeenten", or [] for a list equal to the year before's. Decimals travel as integers
 * of a stated unit (the share in millionths, the scale of the gains in billionths: the
 * CSV's digits without the point), and what the page can derive exactly is left out:
 * totaal (volledig_historisch + verschil_met_historisch), totaal_zonder_cap (totaal -
 * effect_cap), the per-inhabitant figures (the page divides as ig_per_inhabitant_cell
 * does). */

/* A list of integers [a,b,...] from n values, made in `line` (room for n numbers of
 * IG_INT_MAX characters, their commas and brackets) and appended at once. */
static void put_ints(ig_buf *b, char *line, const int64_t *v, size_t n)
{
    char *p = line;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        p += ig_fmt_int(p, v[i]);
    }
    *p++ = ']';
    ig_buf_putn(b, line, (size_t)(p - line));
}

/* x with `decimals` decimals as the CSV writes it (ig_fmt_fixed), without the point:
 * false (and 0) when the CSV could not write it either. */
static bool scaled_int(double x, int decimals, int64_t *out)
{
    char s[IG_FIXED_MAX];
    size_t n = ig_fmt_fixed(s, x, decimals, '.');
    *out = 0; /* the caller formats the list before it looks at the failure */
    if (!n)
        return false;
    int64_t v = 0;
    for (size_t i = s[0] == '-'; i < n; i++)
        if (s[i] != '.')
            v = v * 10 + (s[i] - '0');
    *out = s[0] == '-' ? -v : v;
    return true;
}

enum { PAGE_INW, PAGE_HIST, PAGE_OBJ, PAGE_VH, PAGE_DIFF, PAGE_VO, PAGE_EFFECT, PAGE_CAP,
       PAGE_N_COLS };
static const char *const page_columns[PAGE_N_COLS] = {
    "inwoners", "historisch", "objectief", "volledig_historisch", "verschil_met_historisch",
    "volledig_objectief", "effect_cap", "cap_geraakt"};

enum { PAGE_Y_JAAR, PAGE_Y_BUDGET, PAGE_Y_SOM, PAGE_Y_SHARE, PAGE_Y_ACTIVE, PAGE_Y_FEASIBLE,
       PAGE_Y_LOSSES, PAGE_Y_GAINS, PAGE_Y_SCALE, PAGE_N_YCOLS };
static const char *const page_year_columns[PAGE_N_YCOLS] = {
    "jaar", "budget", "som_toegekend", "aandeel_objectief_miljoenste", "cap_actief",
    "cap_haalbaar", "gemeenten_op_verliescap", "gemeenten_op_wincap",
    "schaal_winsten_miljardste"};

static void page_json(ig_buf *b, const ingroei_run *r)
{
    json_head(b, r);
    const size_t ny = r->n_y, ng = r->n_g;
    int64_t *v = malloc(ny * sizeof *v);
    char *line = malloc((ny > ng ? ny : ng) * (IG_INT_MAX + 1) + 2);
    if (!v || !line) {
        free(v);
        free(line);
        b->failed = true;
        return;
    }
    /* the gemeenten, once */
    ingroei_row row;
    static const char *const gkeys[] = {"code", "naam", "provincie"};
    ig_buf_puts(b, ",\n\"gemeenten\":{");
    for (int k = 0; k < 3; k++) {
        ig_buf_printf(b, "%s\"%s\":[", k ? ",\n" : "", gkeys[k]);
        for (size_t g = 0; g < ng; g++) {
            if (g)
                ig_buf_putc(b, ',');
            ingroei_run_row(r, 0, g, &row);
            ig_json_string(b, k == 0 ? row.code : k == 1 ? row.name : row.province);
        }
        ig_buf_putc(b, ']');
    }
    /* the years: a list per column */
    ig_buf_puts(b, "},\n\"years\":{");
    for (int k = 0; k < PAGE_N_YCOLS; k++) {
        for (size_t y = 0; y < ny; y++) {
            ingroei_year yr;
            ingroei_run_year(r, y, &yr);
            switch (k) {
            case PAGE_Y_JAAR: v[y] = yr.year; break;
            case PAGE_Y_BUDGET: v[y] = yr.budget; break;
            case PAGE_Y_SOM: v[y] = yr.sum_total; break;
            case PAGE_Y_SHARE:
                if (!scaled_int(yr.objective_share, 6, &v[y]))
                    b->invalid = true;
                break;
            case PAGE_Y_ACTIVE: v[y] = yr.cap_active != 0; break;
            case PAGE_Y_FEASIBLE: v[y] = yr.cap_active && yr.cap_feasible; break;
            case PAGE_Y_LOSSES: v[y] = (int64_t)yr.cap_losses; break;
            case PAGE_Y_GAINS: v[y] = (int64_t)yr.cap_gains; break;
            default:
                if (!scaled_int(yr.cap_scale, 9, &v[y]))
                    b->invalid = true;
                break;
            }
        }
        ig_buf_printf(b, "%s\"%s\":", k ? ",\n" : "", page_year_columns[k]);
        put_ints(b, line, v, ny);
    }
    /* the allocations: per column a list per year of a value per gemeente (one pass
     * over the rows, then a column at a time) */
    int64_t *col = malloc((size_t)PAGE_N_COLS * ny * ng * sizeof *col);
    if (!col) {
        free(v);
        free(line);
        b->failed = true;
        return;
    }
    for (size_t y = 0; y < ny; y++)
        for (size_t g = 0; g < ng; g++) {
            ingroei_run_row(r, y, g, &row);
            int64_t *c = col + y * ng + g;
            const size_t step = ny * ng;
            c[PAGE_INW * step] = row.inhabitants;
            c[PAGE_HIST * step] = row.historical;
            c[PAGE_OBJ * step] = row.objective;
            c[PAGE_VH * step] = row.full_historical;
            c[PAGE_DIFF * step] = row.total - row.full_historical;
            c[PAGE_VO * step] = row.full_objective;
            c[PAGE_EFFECT * step] = row.total - row.total_uncapped;
            c[PAGE_CAP * step] = row.cap_hit < 0 ? -1 : row.cap_hit > 0;
        }
    ig_buf_puts(b, "},\n\"allocations\":{");
    for (int k = 0; k < PAGE_N_COLS; k++) {
        ig_buf_printf(b, "%s\"%s\":[", k ? ",\n" : "", page_columns[k]);
        for (size_t y = 0; y < ny; y++) {
            const int64_t *now = col + ((size_t)k * ny + y) * ng;
            if (y)
                ig_buf_puts(b, ",\n");
            /* a year the same as the one before (the inhabitants after the last count,
             * the fully historical and objective allocations of an unchanged budget):
             * [] */
            if (y && !memcmp(now, now - ng, ng * sizeof *now))
                ig_buf_puts(b, "[]");
            else
                put_ints(b, line, now, ng);
        }
        ig_buf_putc(b, ']');
    }
    free(col);
    ig_buf_puts(b, "}}\n");
    free(v);
    free(line);
}

/* Reads a request's scenario; on failure the answer says why. */
static ingroei_scenario *read_scenario(ig_api *api, const char *body, size_t len, json_t *json,
                                       const char *label, ig_answer *a)
{
    ingroei_scenario *sc = NULL;
    ingroei_error err = {0};
    unsigned status = 422;
    if (ig_scenario_from_json(api, body, len, json, label, &sc, &status, &err) != INGROEI_OK) {
        answer_failure(api, a, status, &err);
        return NULL;
    }
    return sc;
}

static void answer_text(ig_answer *a, const char *type, const char *text, size_t len)
{
    a->status = 200;
    a->type = type;
    ig_buf_putn(&a->body, text, len);
    if (a->body.failed)
        ig_answer_error(a, 503, NULL, "out of memory");
}

/* POST /api/compute. */
static void api_compute(ig_api *api, const char *format, const char *gemeente,
                        const char *body, size_t len, ig_answer *a)
{
    const char *table = NULL;
    if (format && !strcmp(format, "csv"))
        table = "allocations.csv";
    else if (format && !strcmp(format, "budget-csv"))
        table = "budget.csv";
    else if (format && !strcmp(format, "yaml"))
        table = "scenario.yaml";
    else if (format && !strcmp(format, "summary"))
        table = "summary.json";
    else if (format && !strcmp(format, "xlsx"))
        table = IG_RUN_WORKBOOK;
    else if (format && !strcmp(format, "page"))
        table = "page";
    else if (format && strcmp(format, "json") != 0) {
        ig_answer_error(a, 400, NULL,
                        "unknown format '%s' (expected one of: json, page, csv, budget-csv, "
                        "yaml, summary, xlsx)",
                        format);
        return;
    }
    if (gemeente && strcmp(table ? table : "", IG_RUN_WORKBOOK) != 0) {
        ig_answer_error(a, 400, NULL, "gemeente: only the workbook (format=xlsx) has a sheet of "
                                      "one gemeente");
        return;
    }
    if (gemeente && (!gemeente[0] || strlen(gemeente) > 200)) {
        ig_answer_error(a, 400, NULL, "gemeente: expected a gemeentecode or name (1 to 200 bytes)");
        return;
    }
    ingroei_scenario *sc = read_scenario(api, body, len, NULL, "request", a);
    if (!sc)
        return;
    ingroei_error err = {0};
    ingroei_run *run = NULL;
    ingroei_status st = compute(api, &sc, &run, &err);
    if (st != INGROEI_OK) {
        answer_failure(api, a, 422, &err);
    } else if (table && !strcmp(table, "scenario.yaml")) {
        /* the resolved scenario as `ingroei run` writes it, its paths relative to the
         * scenarios directory (where a shipped scenario lies) */
        char *file = NULL;
        if (resolved_yaml(api, run, &a->body, &file, &err) != INGROEI_OK) {
            ig_answer_error(a, 503, NULL, "out of memory");
        } else {
            a->status = 200;
            a->type = "application/yaml; charset=utf-8";
        }
        free(file);
    } else if (table && (!strcmp(table, "summary.json") || !strcmp(table, IG_RUN_WORKBOOK))) {
        /* the receipt or the workbook of that resolved scenario, as `ingroei run` writes
         * them for it saved as IG_SERVE_RESOLVED_FILE beside the shipped scenarios */
        ingroei_scenario *rsc = NULL;
        ingroei_run *rrun = NULL;
        bool xlsx = !strcmp(table, IG_RUN_WORKBOOK);
        st = compute_resolved(api, run, &rsc, &rrun, &err);
        if (st == INGROEI_OK)
            st = ig_run_parts(rrun, &err);
        size_t only = SIZE_MAX; /* the gemeente of the Gemeente sheet, as run --gemeente */
        unsigned status = 500;
        if (st == INGROEI_OK && gemeente &&
            (st = ingroei_run_find_gemeente(rrun, gemeente, &only, &err)) != INGROEI_OK)
            status = 422; /* no such gemeente, or more than one: the CLI's message */
        if (st == INGROEI_OK && xlsx)
            st = workbook(rrun, only, &a->body, &err);
        else if (st == INGROEI_OK && !ig_run_summary_json(&a->body, rrun))
            st = ig_fail(&err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (st != INGROEI_OK) {
            ig_buf_free(&a->body);
            answer_failure(api, a, status, &err);
        } else if (a->body.failed || a->body.invalid) {
            ig_answer_error(a, 503, NULL, "out of memory");
        } else {
            a->status = 200;
            a->type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "application/json";
        }
        run_free(rrun);
        scenario_free(api, rsc);
    } else if (table && !strcmp(table, "page")) {
        /* the workbench's own answer: the page's numbers and nothing else */
        st = ig_run_parts(run, &err);
        if (st == INGROEI_OK)
            page_json(&a->body, run);
        if (st != INGROEI_OK) {
            ig_buf_free(&a->body);
            answer_failure(api, a, 500, &err);
        } else if (a->body.failed) {
            ig_buf_free(&a->body);
            ig_answer_error(a, 503, NULL, "out of memory");
        } else if (a->body.invalid) {
            ig_buf_free(&a->body);
            ig_answer_error(a, 500, NULL, "the answer could not be made");
        } else {
            a->status = 200;
            a->type = "application/json";
        }
    } else if (table) {
        /* the one table asked for, by the function ig_run_render (and so ingroei run)
         * makes it with */
        ig_buf csv = {0};
        st = ig_run_parts(run, &err);
        if (st == INGROEI_OK && table[0] == 'a')
            ig_run_csv_allocations(&csv, run, SIZE_MAX, INGROEI_CSV_RFC4180);
        else if (st == INGROEI_OK)
            ig_run_csv_budget(&csv, run, INGROEI_CSV_RFC4180);
        if (st != INGROEI_OK || csv.failed || csv.invalid || !csv.data) {
            ig_answer_error(a, 500, NULL, "the table %s could not be made", table);
            ig_buf_free(&csv);
        } else {
            a->status = 200;
            a->type = "text/csv; charset=utf-8";
            a->body = csv;
        }
    } else {
        a->status = 200;
        a->type = "application/json";
        run_json(&a->body, run);
        if (a->body.failed || a->body.invalid)
            ig_answer_error(a, 500, NULL, "the answer could not be made");
    }
    run_free(run);
    scenario_free(api, sc);
}

/* POST /api/compare: {"baseline": scenario, "scenario": scenario}: per gemeente and
 * year both totals and their difference, for the years both have. */
static void api_compare(ig_api *api, const char *body, size_t len, ig_answer *a)
{
    ingroei_scenario *sc[2] = {NULL, NULL};
    ingroei_run *run[2] = {NULL, NULL};
    static const char *const keys[2] = {"baseline", "scenario"};
    ingroei_error err = {0};
    json_error_t jerr;
    json_t *root = NULL;
    bool deep = ig_json_depth(body, len, IG_SERVE_MAX_DEPTH) > IG_SERVE_MAX_DEPTH;
    if (deep) {
        ig_answer_error(a, 400, NULL, "the JSON is nested more than %d deep (the limit of a request)",
                        IG_SERVE_MAX_DEPTH);
        return;
    }
    if (!(root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr))) {
        ig_answer_error(a, 400, NULL, "malformed JSON at line %d, column %d: %s", jerr.line,
                        jerr.column, jerr.text);
        return;
    }
    const char *key;
    json_t *value;
    if (!json_is_object(root)) {
        ig_answer_error(a, 422, "$", "expected an object with the keys baseline and scenario");
        goto done;
    }
    json_object_foreach(root, key, value)
    {
        if (strcmp(key, "baseline") != 0 && strcmp(key, "scenario") != 0) {
            char at[160];
            snprintf(at, sizeof at, "$.%.100s", key);
            ig_answer_error(a, 422, at,
                            "unknown key '%s' in the comparison (expected one of: baseline, "
                            "scenario)",
                            key);
            goto done;
        }
    }
    for (int k = 0; k < 2; k++) {
        json_t *s = json_object_get(root, keys[k]);
        if (!s) {
            ig_answer_error(a, 422, "$", "missing key '%s' in the comparison", keys[k]);
            goto done;
        }
        if (!(sc[k] = read_scenario(api, NULL, 0, s, keys[k], a)))
            goto done;
        if (compute(api, &sc[k], &run[k], &err) != INGROEI_OK) {
            answer_failure(api, a, 422, &err);
            goto done;
        }
    }
    const ingroei_run *b = run[0], *s = run[1];
    bool same = b->n_g == s->n_g;
    for (size_t g = 0; same && g < b->n_g; g++)
        same = strcmp(b->code[g], s->code[g]) == 0;
    if (!same) {
        ig_answer_error(a, 422, "$.scenario.boundaries",
                        "the two scenarios divide the money over different gemeenten (give "
                        "them the same boundaries)");
        goto done;
    }
    int first = b->first_year > s->first_year ? b->first_year : s->first_year;
    int last = b->sc->last_year < s->sc->last_year ? b->sc->last_year : s->sc->last_year;
    if (first > last) {
        ig_answer_error(a, 422, "$.scenario.years", "the two scenarios have no year in common");
        goto done;
    }
    a->status = 200;
    a->type = "application/json";
    ig_buf *o = &a->body;
    ig_buf_puts(o, "{\"baseline\":");
    ig_json_string(o, b->sc->name);
    ig_buf_puts(o, ",\"scenario\":");
    ig_json_string(o, s->sc->name);
    ig_buf_puts(o, ",\n\"differences\":{\"columns\":[\"jaar\",\"gemeentecode\",\"gemeentenaam\","
                   "\"inwoners\",\"totaal_basis\",\"totaal_scenario\",\"verschil\","
                   "\"verschil_per_inwoner\"],\"rows\":[");
    for (int t = first; t <= last; t++)
        for (size_t g = 0; g < b->n_g; g++) {
            ingroei_row rb, rs;
            ingroei_run_row(b, (size_t)(t - b->first_year), g, &rb);
            ingroei_run_row(s, (size_t)(t - s->first_year), g, &rs);
            ig_cell cells[] = {IG_INT(t),          IG_TEXT(rb.code), IG_TEXT(rb.name),
                               IG_INT(rs.inhabitants), IG_INT(rb.total), IG_INT(rs.total),
                               IG_INT(rs.total - rb.total),
                               ig_per_inhabitant_cell(rs.total - rb.total, rs.inhabitants)};
            put_row(o, cells, sizeof cells / sizeof *cells, t == first && g == 0);
        }
    ig_buf_puts(o, "]}}\n");
    if (o->failed || o->invalid)
        ig_answer_error(a, 500, NULL, "the answer could not be made");
done:
    json_decref(root);
    for (int k = 0; k < 2; k++) {
        run_free(run[k]);
        scenario_free(api, sc[k]);
    }
}

/* POST /api/explain: {"scenario": scenario, "gemeente": code or name, "year": year}: the
 * chain behind one allocation, as `ingroei explain` gives it (JSON, or ?format=text). */
static void api_explain(ig_api *api, const char *format, const char *lang, const char *body,
                        size_t len, ig_answer *a)
{
    bool text = format && !strcmp(format, "text");
    if (format && !text && strcmp(format, "json") != 0) {
        ig_answer_error(a, 400, NULL, "unknown format '%s' (expected one of: json, text)", format);
        return;
    }
    const bool dutch = lang && !strcmp(lang, "nl");
    if (lang && !dutch && strcmp(lang, "en") != 0) {
        ig_answer_error(a, 400, NULL, "unknown lang '%.40s' (expected one of: en, nl)", lang);
        return;
    }
    if (ig_json_depth(body, len, IG_SERVE_MAX_DEPTH) > IG_SERVE_MAX_DEPTH) {
        ig_answer_error(a, 400, NULL, "the JSON is nested more than %d deep (the limit of a request)",
                        IG_SERVE_MAX_DEPTH);
        return;
    }
    json_error_t jerr;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        ig_answer_error(a, 400, NULL, "malformed JSON at line %d, column %d: %s", jerr.line,
                        jerr.column, jerr.text);
        return;
    }
    ingroei_scenario *sc = NULL;
    ingroei_run *run = NULL;
    char *out = NULL;
    ingroei_error err = {0};
    const char *key;
    json_t *value;
    if (!json_is_object(root)) {
        ig_answer_error(a, 422, "$", "expected an object with the keys scenario, gemeente and year");
        goto done;
    }
    json_object_foreach(root, key, value)
    {
        if (strcmp(key, "scenario") != 0 && strcmp(key, "gemeente") != 0 &&
            strcmp(key, "year") != 0) {
            char at[160];
            snprintf(at, sizeof at, "$.%.100s", key);
            ig_answer_error(a, 422, at,
                            "unknown key '%s' in the explanation (expected one of: scenario, "
                            "gemeente, year)",
                            key);
            goto done;
        }
    }
    static const char *const keys[] = {"scenario", "gemeente", "year"};
    for (size_t k = 0; k < 3; k++)
        if (!json_object_get(root, keys[k])) {
            ig_answer_error(a, 422, "$", "missing key '%s' in the explanation", keys[k]);
            goto done;
        }
    json_t *g = json_object_get(root, "gemeente"), *y = json_object_get(root, "year");
    if (!json_is_string(g) || !json_string_length(g) || json_string_length(g) > 200 ||
        strlen(json_string_value(g)) != json_string_length(g)) {
        ig_answer_error(a, 422, "$.gemeente",
                        "gemeente: expected a gemeentecode or name (text of 1 to 200 characters)");
        goto done;
    }
    if (!json_is_integer(y) || json_integer_value(y) < 1000 || json_integer_value(y) > 9999) {
        ig_answer_error(a, 422, "$.year", "year: expected a whole number, a year of the scenario");
        goto done;
    }
    if (!(sc = read_scenario(api, NULL, 0, json_object_get(root, "scenario"), "scenario", a)))
        goto done;
    if (compute(api, &sc, &run, &err) != INGROEI_OK) {
        answer_failure(api, a, 422, &err);
        goto done;
    }
    int year = (int)json_integer_value(y);
    if (year < run->first_year || year >= run->first_year + (int)run->n_y) {
        ig_answer_error(a, 422, "$.year", "year %d is not a year of the scenario (%d-%d are)", year,
                        run->first_year, run->first_year + (int)run->n_y - 1);
        goto done;
    }
    if (ingroei_run_explain_lang(run, json_string_value(g), year, text ? INGROEI_TEXT : INGROEI_JSON,
                            dutch ? INGROEI_NL : INGROEI_EN, &out, &err) != INGROEI_OK) {
        if (err.status == INGROEI_ERR_USAGE)
            ig_answer_error(a, 422, "$.gemeente", "%s", err.message);
        else
            answer_failure(api, a, 500, &err);
        goto done;
    }
    answer_text(a, text ? "text/plain; charset=utf-8" : "application/json", out, strlen(out));
done:
    ingroei_string_free(out);
    json_decref(root);
    run_free(run);
    scenario_free(api, sc);
}

/* ---- routes ----------------------------------------------------------------------------- */

void ig_api_handle(ig_api *api, const char *method, const char *url, const char *format,
                   const char *body, size_t len, ig_answer *a)
{
    const ig_query query = {format, NULL, NULL};
    ig_api_answer(api, method, url, &query, body, len, a);
}

void ig_api_answer(ig_api *api, const char *method, const char *url, const ig_query *query,
                   const char *body, size_t len, ig_answer *a)
{
    memset(a, 0, sizeof *a);
    const char *format = query->format, *lang = query->lang;
    static const struct {
        const char *url, *method;
    } routes[] = {
        {"/", "GET"},
        {"/werkbank.js", "GET"},
        {"/werkbank.css", "GET"},
        {"/api/openapi.json", "GET"},
        {"/api/version", "GET"},
        {"/api/gemeenten", "GET"},
        {"/api/scenarios", "GET"},
        {"/api/geometry", "GET"},
        {"/api/compute", "POST"},
        {"/api/compare", "POST"},
        {"/api/explain", "POST"},
        {"/api/keys", "POST"},
        {"/api/maatstaven", "GET"},
    };
    size_t r = SIZE_MAX;
    for (size_t i = 0; i < sizeof routes / sizeof *routes && r == SIZE_MAX; i++)
        if (strcmp(url, routes[i].url) == 0)
            r = i;
    if (r == SIZE_MAX) {
        ig_answer_error(a, 404, NULL, "no such endpoint: %.200s (see /api/openapi.json)", url);
        return;
    }
    bool head = strcmp(method, "HEAD") == 0 && strcmp(routes[r].method, "GET") == 0;
    if (strcmp(method, routes[r].method) != 0 && !head) {
        ig_answer_error(a, 405, NULL, "%.200s takes %s, not %.20s", url, routes[r].method, method);
        a->allow = routes[r].method;
        return;
    }
    switch (r) {
    case 0:
        answer_text(a, "text/html; charset=utf-8", (const char *)ig_asset_werkbank_html,
                    ig_asset_werkbank_html_len);
        break;
    case 1:
        answer_text(a, "text/javascript; charset=utf-8", (const char *)ig_asset_werkbank_js,
                    ig_asset_werkbank_js_len);
        break;
    case 2:
        answer_text(a, "text/css; charset=utf-8", (const char *)ig_asset_werkbank_css,
                    ig_asset_werkbank_css_len);
        break;
    case 3:
        answer_text(a, "application/json", (const char *)ig_asset_openapi_json,
                    ig_asset_openapi_json_len);
        break;
    case 4: answer_text(a, "application/json", api->version_json, strlen(api->version_json)); break;
    case 5:
        answer_text(a, "application/json", api->gemeenten_json, strlen(api->gemeenten_json));
        break;
    case 6:
        answer_text(a, "application/json", api->scenarios_json, strlen(api->scenarios_json));
        break;
    case 7:
        if (api->geometry_json)
            answer_text(a, "application/json", api->geometry_json, strlen(api->geometry_json));
        else
            ig_answer_error(a, 404, NULL, "%s", api->geometry_note);
        break;
    case 8: api_compute(api, format, query->gemeente, body, len, a); break;
    case 9: api_compare(api, body, len, a); break;
    case 10: api_explain(api, format, lang, body, len, a); break;
    case 11: ig_api_upload(api, body, len, a); break;
    default:
        answer_text(a, "application/json", api->maatstaven_json, strlen(api->maatstaven_json));
        break;
    }
}
