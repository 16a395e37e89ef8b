/*
 * util.c - error objects, string helpers and the growable buffer used across the
 * library. Nothing here prints or exits.
 */
#include "base/base.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *ingroei_version(void)
{
    return INGROEI_VERSION;
}

static void init_once(void)
{
    /* GSL's default handler calls abort(); the library reports GSL status codes as its
     * own errors instead. */
    gsl_set_error_handler_off();
}

void ingroei_init(void)
{
    /* once per process, so that loads in several threads do not race on GSL's handler */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_once);
}

ingroei_status ig_fail(ingroei_error *err, ingroei_status status, const char *file, int line,
                       int column, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void ig_ok(ingroei_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->status = INGROEI_OK;
}

const char *ingroei_error_format(const ingroei_error *err, char *buf, size_t size)
{
    if (!buf || size == 0)
        return "";
    if (!err) {
        snprintf(buf, size, "unknown error");
        return buf;
    }
    if (err->file[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%d:%d: %s", err->file, err->line, err->column, err->message);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->message);
    else
        snprintf(buf, size, "%s", err->message);
    return buf;
}

const char *ig_strerror(int errnum, char *buf, size_t size)
{
    /* strerror_r (the XSI form) rather than strerror: no shared buffer between threads */
    if (strerror_r(errnum, buf, size) != 0)
        snprintf(buf, size, "error %d", errnum);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

long ig_find_sorted(const char *const *v, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v[mid], key);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

char *ig_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *ig_path_join(const char *dir, const char *rel)
{
    if (!rel)
        return NULL;
    char *p;
    if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0) {
        p = ig_strdup(rel);
    } else {
        size_t a = strlen(dir), b = strlen(rel);
        p = malloc(a + b + 2);
        if (p) {
            memcpy(p, dir, a);
            p[a] = '/';
            memcpy(p + a + 1, rel, b + 1);
        }
    }
    if (p)
        ig_path_tidy(p);
    return p;
}

/* `path` made absolute against the working directory (tidied). New string. */
static char *absolute(const char *path)
{
    if (path[0] == '/')
        return ig_strdup(path);
    char cwd[4096];
    return getcwd(cwd, sizeof cwd) ? ig_path_join(cwd, path) : NULL;
}

char *ig_path_relative(const char *path, const char *base)
{
    char *p = ig_strdup(path), *b = ig_strdup(base);
    char *out = NULL;
    if (!p || !b)
        goto done;
    ig_path_tidy(p);
    ig_path_tidy(b);
    bool p_abs = p[0] == '/', b_abs = b[0] == '/';
    /* A base that climbs ("..") or differs in kind cannot be undone lexically: both are
     * made absolute against the working directory first. */
    if (p_abs != b_abs || strcmp(b, "..") == 0 || strncmp(b, "../", 3) == 0) {
        char *ap = absolute(p), *ab = absolute(b);
        out = ap && ab && ab[0] == '/' ? ig_path_relative(ap, ab) : ig_strdup(p);
        free(ap);
        free(ab);
        goto done;
    }
    const char *pp = p + p_abs, *bb = strcmp(b, ".") == 0 ? "" : b + b_abs;
    /* skip the common leading segments */
    for (;;) {
        size_t lp = strcspn(pp, "/"), lb = strcspn(bb, "/");
        if (!lb || lp != lb || strncmp(pp, bb, lp) != 0)
            break;
        pp += lp + (pp[lp] == '/');
        bb += lb + (bb[lb] == '/');
    }
    ig_buf r = {0};
    for (const char *s = bb; *s;) { /* one ".." per remaining base segment */
        ig_buf_puts(&r, "../");
        s += strcspn(s, "/");
        s += *s == '/';
    }
    ig_buf_puts(&r, *pp ? pp : ".");
    out = r.failed ? NULL : r.data;
    if (r.failed)
        ig_buf_free(&r);
done:
    free(p);
    free(b);
    return out;
}

void ig_path_tidy(char *path)
{
    /* Drops "." segments and empty ones, resolves "name/.." and joins again, in place:
     * the output is never longer than what has been read, so it can be written over the
     * input. No limit on the number of segments. */
    if (!path[0])
        return;
    const bool absolute = path[0] == '/';
    char *const start = path + absolute; /* where the first output segment begins */
    char *w = start;
    const char *r = path;
    size_t n = 0; /* segments written */
    while (*r) {
        while (*r == '/')
            r++;
        if (!*r)
            break;
        const char *s = r;
        const size_t len = strcspn(r, "/");
        r += len;
        if (len == 1 && s[0] == '.')
            continue;
        if (len == 2 && s[0] == '.' && s[1] == '.' && n > 0) {
            char *last = w; /* the last segment written */
            while (last > start && last[-1] != '/')
                last--;
            if (!(w - last == 2 && last[0] == '.' && last[1] == '.')) {
                w = last > start ? last - 1 : start;
                n--;
                continue;
            }
        }
        if (n > 0)
            *w++ = '/';
        memmove(w, s, len);
        w += len;
        n++;
    }
    if (w == path)
        *w++ = '.';
    *w = '\0';
}

char *ig_dirname(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash)
        return ig_strdup(".");
    if (slash == path)
        return ig_strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

void ig_buf_free(ig_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool buf_reserve(ig_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void ig_buf_putn(ig_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ig_buf_puts(ig_buf *b, const char *s)
{
    ig_buf_putn(b, s, strlen(s));
}

void ig_buf_printf(ig_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n)) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* The length of the UTF-8 sequence at p (before end), or 0 when it is not a valid one:
 * no stray continuation byte, no overlong form, no surrogate, nothing above U+10FFFF. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
    const unsigned char b = *p;
    const size_t n = b < 0x80             ? 1
                     : (b & 0xE0) == 0xC0 ? 2
                     : (b & 0xF0) == 0xE0 ? 3
                     : (b & 0xF8) == 0xF0 ? 4
                                          : 0;
    bool ok = n > 0 && (size_t)(end - p) >= n;
    for (size_t k = 1; ok && k < n; k++)
        ok = (p[k] & 0xC0) == 0x80;
    if (ok && n > 1) {
        uint32_t cp = b & (0x7F >> n);
        for (size_t k = 1; k < n; k++)
            cp = (cp << 6) | (p[k] & 0x3F);
        static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
        ok = cp >= min[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    return ok ? n : 0;
}

bool ig_utf8_valid(const char *s, size_t len, int *line, int *column)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        /* plain ASCII (nearly all of a CSV file) eight bytes at a time */
        uint64_t w;
        while (end - p >= 8 && (memcpy(&w, p, 8), (w & 0x8080808080808080ULL) == 0))
            p += 8;
        if (p == end)
            break;
        const size_t n = utf8_length(p, end);
        if (n == 0) {
            /* where: the line, and the character in it, counted again from the start
             * (everything before p is valid) */
            int l = 1, c = 1;
            for (const unsigned char *q = (const unsigned char *)s; q < p;) {
                if (*q == '\n')
                    l++, c = 1;
                else
                    c++;
                q += utf8_length(q, end);
            }
            *line = l;
            *column = c;
            return false;
        }
        p += n;
    }
    return true;
}
