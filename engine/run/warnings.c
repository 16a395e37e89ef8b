/*
 * warnings.c - what a run notices that a user would not (README, "Warnings"): a path
 * that starts before the first year, a path that is not fully objective by the last
 * year, and a name or description that states a start, an end or a length the path
 * contradicts. Warnings are kept in the run as a list (code, message); they never
 * change a number. Only the command line prints them; summary.json lists them.
 */
#include "run/run.h"

#include <stdlib.h>
#include <string.h>

/* Adds a warning; false for want of memory. */
static bool add_warning(ingroei_run *r, const char *code, ig_buf *msg)
{
    if (msg->failed || msg->invalid || !msg->data)
        return false;
    ig_warning *w = realloc(r->warnings, (r->n_warnings + 1) * sizeof *w);
    if (!w)
        return false;
    r->warnings = w;
    snprintf(w[r->n_warnings].code, sizeof w[r->n_warnings].code, "%s", code);
    w[r->n_warnings].message = msg->data; /* taken over */
    r->n_warnings++;
    *msg = (ig_buf){0};
    return true;
}

void ig_run_warnings_free(ingroei_run *r)
{
    for (size_t i = 0; r->warnings && i < r->n_warnings; i++)
        free(r->warnings[i].message);
    free(r->warnings);
    r->warnings = NULL;
    r->n_warnings = 0;
}

/* A share as a percentage with one decimal ("20.0%"). */
static void put_percent(ig_buf *b, double p)
{
    ig_put_fixed(b, p * 100.0, 1, '.');
    ig_buf_puts(b, "%");
}

/* ---- what the path does ------------------------------------------------------------ */

#define FAR_YEAR 2200 /* how far a path's own rule is followed to find where it reaches 1 */

/* The first year with an objective share (the path's own start, or for a table the
 * first scenario year with p > 0); 0 when the path has none within the run. */
static int path_start(const ingroei_run *r)
{
    const ig_path *p = &r->sc->path;
    if (p->kind != IG_PATH_TABLE)
        return p->start;
    for (size_t y = 0; y < r->n_y; y++)
        if (r->p[y] > 0.0)
            return r->first_year + (int)y;
    return 0;
}

/* The first year in which the path is fully objective (p = 1): for a table within the
 * scenario years, for a rule up to FAR_YEAR; 0 when it never is (a cohort whose clients
 * never all leave) or, for a table, not within the run. */
static int path_full(const ingroei_run *r)
{
    const ig_path *p = &r->sc->path;
    if (p->kind == IG_PATH_TABLE) {
        for (size_t y = 0; y < r->n_y; y++)
            if (r->p[y] >= 1.0)
                return r->first_year + (int)y;
        return 0;
    }
    for (int year = p->start; year <= FAR_YEAR; year++)
        if (ig_path_share(p, year, r->first_year) >= 1.0)
            return year;
    return 0;
}

/* path_starts_before_first_year: the first year already has an objective share that a
 * reader of the scenario's years would not expect (a linear path from 2020 makes 2021
 * 20% objective). */
static bool warn_start(ingroei_run *r)
{
    const ig_path *p = &r->sc->path;
    if (p->kind == IG_PATH_TABLE || p->start >= r->first_year)
        return true;
    ig_buf m = {0};
    ig_buf_printf(&m,
                  "path.start (%d) is before years.first (%d): the first year of the run "
                  "already has an objective share of ",
                  p->start, r->first_year);
    put_percent(&m, r->p[0]);
    ig_buf_printf(&m, ", as if the path had run %d year%s before it", r->first_year - p->start,
                  r->first_year - p->start == 1 ? "" : "s");
    return add_warning(r, "path_starts_before_first_year", &m);
}

/* path_not_complete: in the last year the allocation is not yet fully objective. */
static bool warn_not_complete(ingroei_run *r)
{
    const double last = r->p[r->n_y - 1];
    if (last >= 1.0)
        return true;
    const ig_path *p = &r->sc->path;
    const int full = path_full(r);
    ig_buf m = {0};
    ig_buf_printf(&m, "the path is not fully objective by years.last (%d): its objective share is ",
                  r->sc->last_year);
    put_percent(&m, last);
    if (full)
        ig_buf_printf(&m, " (fully objective in %d)", full);
    else if (p->kind == IG_PATH_COHORT)
        ig_buf_puts(&m, " (a cohort path approaches 1 but does not reach it while clients of "
                        "before the start remain in care)");
    else
        ig_buf_puts(&m, " (the table does not reach 1)");
    return add_warning(r, "path_not_complete", &m);
}

/* ---- what the name and description say --------------------------------------------- */

/* A word of the text: letters and digits (bytes of 0x80 and up count as letters, so
 * "één" is one word), or one punctuation character. */
typedef struct token {
    const char *at;
    size_t len;
} token;

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Splits text into tokens (spaces dropped); at most `cap`. */
static size_t tokenize(const char *text, token *t, size_t cap)
{
    size_t n = 0;
    for (const char *s = text; *s && n < cap;) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            s++;
        } else if (word_byte(c)) {
            const char *b = s;
            while (*s && word_byte((unsigned char)*s))
                s++;
            t[n++] = (token){b, (size_t)(s - b)};
        } else {
            t[n++] = (token){s++, 1};
        }
    }
    return n;
}

/* Whether token k is `word` (ASCII case folded). */
static bool is(const token *t, size_t n, size_t k, const char *word)
{
    if (k >= n || t[k].len != strlen(word))
        return false;
    for (size_t i = 0; i < t[k].len; i++) {
        char c = t[k].at[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/* Token k as a year (four digits, 1990-2100), or 0. */
static int year_of(const token *t, size_t n, size_t k)
{
    if (k >= n || t[k].len != 4)
        return 0;
    int v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (t[k].at[i] < '0' || t[k].at[i] > '9')
            return 0;
        v = v * 10 + (t[k].at[i] - '0');
    }
    return v >= 1990 && v <= 2100 ? v : 0;
}

/* Token k as a number of years (1 to 100, in digits or as a Dutch or English word), or 0. */
static int count_of(const token *t, size_t n, size_t k)
{
    static const char *const words[] = {
        "een",      "twee",      "drie",      "vier",      "vijf",      "zes",       "zeven",
        "acht",     "negen",     "tien",      "elf",       "twaalf",    "dertien",   "veertien",
        "vijftien", "zestien",   "zeventien", "achttien",  "negentien", "twintig",   NULL};
    static const char *const english[] = {
        "one",     "two",      "three",    "four",     "five",    "six",      "seven",
        "eight",   "nine",     "ten",      "eleven",   "twelve",  "thirteen", "fourteen",
        "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen", "twenty",  NULL};
    if (k >= n)
        return 0;
    if (is(t, n, k, "\xc3\xa9\xc3\xa9n")) /* één */
        return 1;
    for (int i = 0; words[i]; i++)
        if (is(t, n, k, words[i]) || is(t, n, k, english[i]))
            return i + 1;
    if (t[k].len > 3)
        return 0;
    int v = 0;
    for (size_t i = 0; i < t[k].len; i++) {
        if (t[k].at[i] < '0' || t[k].at[i] > '9' || (i == 0 && t[k].at[i] == '0'))
            return 0;
        v = v * 10 + (t[k].at[i] - '0');
    }
    return v >= 1 && v <= 100 ? v : 0;
}

/* What a text claims about the path: a start year, a fully objective year, a length in
 * years; 0 where it claims nothing. Each claim keeps the words that made it. */
typedef struct claim {
    int value;
    const char *at;
    size_t len;
} claim;

typedef struct claims {
    claim start, full, length;
} claims;

static void set_claim(claim *c, int value, const token *t, size_t from, size_t to)
{
    if (c->value) /* the first statement counts */
        return;
    c->value = value;
    c->at = t[from].at;
    c->len = (size_t)(t[to].at + t[to].len - t[from].at);
}

/* The phrases recognised (README, "Warnings"), deliberately few, so that a shipped
 * scenario never raises a false alarm:
 *   start:  "start YYYY", "start in YYYY", "starts in YYYY", "begint in YYYY";
 *   full:   "volledig objectief/objectieve [verdeling] in/vanaf/per YYYY",
 *           "fully objective in/from/by YYYY";
 *   length: "in/van N jaar", and ", N jaar" or ": N jaar" ending the text or a clause,
 *           "N-jarig", "in/over N years",
 *           "N-year" (N in digits or words);
 *   both:   "[ingroei]pad/path YYYY-YYYY" (start and fully objective year). */
static void find_claims(const char *text, claims *c)
{
    enum { MAX_TOKENS = 4096 };
    token *t = malloc(MAX_TOKENS * sizeof *t);
    if (!t || !text)
        goto done;
    const size_t n = tokenize(text, t, MAX_TOKENS);
    for (size_t k = 0; k < n; k++) {
        int y, v;
        /* start */
        if ((is(t, n, k, "start") || is(t, n, k, "starts") || is(t, n, k, "begint"))) {
            size_t at = k + 1 + (is(t, n, k + 1, "in") ? 1 : 0);
            if ((y = year_of(t, n, at)) && (at > k + 1 || !is(t, n, k, "begint")))
                set_claim(&c->start, y, t, k, at);
        }
        /* fully objective */
        if (is(t, n, k, "volledig") && (is(t, n, k + 1, "objectief") || is(t, n, k + 1, "objectieve"))) {
            size_t at = k + 2 + (is(t, n, k + 2, "verdeling") ? 1 : 0);
            if ((is(t, n, at, "in") || is(t, n, at, "vanaf") || is(t, n, at, "per")) &&
                (y = year_of(t, n, at + 1)))
                set_claim(&c->full, y, t, k, at + 1);
        }
        if (is(t, n, k, "fully") && is(t, n, k + 1, "objective") &&
            (is(t, n, k + 2, "in") || is(t, n, k + 2, "from") || is(t, n, k + 2, "by")) &&
            (y = year_of(t, n, k + 3)))
            set_claim(&c->full, y, t, k, k + 3);
        /* a length */
        if ((v = count_of(t, n, k))) {
            /* after a comma or colon only as a phrase of its own ("start 2022, tien
             * jaar"), not "..., twee jaar historisch" */
            const bool alone = k + 2 >= n || (t[k + 2].len == 1 && !word_byte((unsigned char)t[k + 2].at[0]));
            bool lead = is(t, n, k - 1, "in") || is(t, n, k - 1, "van") ||
                        ((k == 0 || is(t, n, k - 1, ",") || is(t, n, k - 1, ":")) && alone);
            if (lead && (is(t, n, k + 1, "jaar") || is(t, n, k + 1, "jaren")))
                set_claim(&c->length, v, t, k, k + 1);
            else if (is(t, n, k + 1, "-") && (is(t, n, k + 2, "jarig") || is(t, n, k + 2, "jarige") ||
                                              is(t, n, k + 2, "year")))
                set_claim(&c->length, v, t, k, k + 2);
            else if (k > 0 && (is(t, n, k - 1, "in") || is(t, n, k - 1, "over")) &&
                     is(t, n, k + 1, "years"))
                set_claim(&c->length, v, t, k, k + 1);
        }
        /* a path's years */
        if ((is(t, n, k, "ingroeipad") || is(t, n, k, "pad") || is(t, n, k, "path")) &&
            (y = year_of(t, n, k + 1)) && is(t, n, k + 2, "-") && year_of(t, n, k + 3) > y) {
            set_claim(&c->start, y, t, k, k + 3);
            set_claim(&c->full, year_of(t, n, k + 3), t, k, k + 3);
        }
    }
done:
    free(t);
}

/* name_contradicts_path: one warning per claim of `text` (the name or the description)
 * that the path contradicts. */
static bool check_text(ingroei_run *r, const char *what, const char *text)
{
    claims c = {0};
    find_claims(text, &c);
    const int start = path_start(r), full = path_full(r);
    const bool never_full = !full && r->sc->path.kind != IG_PATH_TABLE;
    struct {
        const claim *c;
        bool wrong;
    } checks[] = {
        {&c.start, start && c.start.value != start},
        {&c.full, (full && c.full.value != full) || (never_full && c.full.value) ||
                      (!full && c.full.value && c.full.value <= r->sc->last_year)},
        {&c.length, start && full && c.length.value != full - start + 1},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        const claim *k = checks[i].c;
        if (!k->value || !checks[i].wrong)
            continue;
        ig_buf m = {0};
        ig_buf_printf(&m, "the %s says '%.*s' but the path ", what, (int)k->len, k->at);
        if (i == 0)
            ig_buf_printf(&m, "starts in %d", start);
        else if (full)
            ig_buf_printf(&m, "is fully objective from %d", full);
        else
            ig_buf_printf(&m, "is not fully objective in %d", c.full.value);
        if (i == 2)
            ig_buf_printf(&m, " (%d years from %d)", full - start + 1, start);
        ig_buf_puts(&m, ": was the path changed without it?");
        if (!add_warning(r, "name_contradicts_path", &m))
            return false;
    }
    return true;
}

/* key_shares_normalised: the shares of a key file did not add up to exactly 1. */
static bool warn_key_note(ingroei_run *r)
{
    if (!r->obj.note)
        return true;
    ig_buf m = {0};
    ig_buf_puts(&m, r->obj.note);
    return add_warning(r, "key_shares_normalised", &m);
}

ingroei_status ig_run_warnings(ingroei_run *r, ingroei_error *err)
{
    ig_run_warnings_free(r);
    bool ok = warn_start(r) && warn_not_complete(r) && warn_key_note(r) && check_text(r, "name", r->sc->name) &&
              (!r->sc->description || check_text(r, "description", r->sc->description));
    return ok ? INGROEI_OK : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

size_t ingroei_run_n_warnings(const ingroei_run *r)
{
    return r ? r->n_warnings : 0;
}

ingroei_warning ingroei_run_warning(const ingroei_run *r, size_t i)
{
    if (!r || i >= r->n_warnings)
        return (ingroei_warning){NULL, NULL};
    return (ingroei_warning){r->warnings[i].code, r->warnings[i].message};
}
