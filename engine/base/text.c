/*
 * text.c - names compared the way people type them: folded (case, accents,
 * punctuation and spacing) and, when nothing matches, ranked by edit distance. Knows
 * nothing of gemeenten or maatstaven; the readers of published tables use it to match
 * printed labels ("Eenpersoonshuishoudens", "Éénpersoons-huishoudens") and names.
 */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* The base letters of U+00C0..U+00FF ('#' a separator, '1' "ae", '2' "th", '3' "ss"). */
static const char latin1[] = "aaaaaa1ceeeeiiii"  /* C0..CF */
                             "dnooooo#ouuuuy23"  /* D0..DF */
                             "aaaaaa1ceeeeiiii"  /* E0..EF */
                             "dnooooo#ouuuuy2y"; /* F0..FF */
/* The base letters of U+0100..U+017F ('4' "ij", '5' "oe"). */
static const char latin_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkkllllllll"
                              "llnnnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

_Static_assert(sizeof latin1 == 65, "one letter per code point U+00C0..U+00FF");
_Static_assert(sizeof latin_a == 129, "one letter per code point U+0100..U+017F");

/* Decodes one UTF-8 sequence at p; a byte that starts none is BAD_CP (kept as it is). */
#define BAD_CP 0x110000u
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    const unsigned char b = s[0];
    const size_t n = b < 0x80             ? 1
                     : (b & 0xE0) == 0xC0 ? 2
                     : (b & 0xF0) == 0xE0 ? 3
                     : (b & 0xF8) == 0xF0 ? 4
                                          : 1;
    if (n == 1 && b >= 0x80) {
        *p = s + 1;
        return BAD_CP;
    }
    uint32_t cp = n == 1 ? b : (uint32_t)(b & (0x7F >> n));
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) { /* cut short: the lead byte alone */
            *p = s + 1;
            return BAD_CP;
        }
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    *p = s + n;
    return cp;
}

/* The folded bytes of the code point at *p (advanced past it) into out: a lower-case
 * letter or digit, two letters for a ligature, the code point's own bytes for any other
 * script, none for spaces, punctuation and symbols. Their number (0..4). */
static size_t fold_cp(const unsigned char **p, char out[4])
{
    const unsigned char *at = *p;
    const uint32_t cp = next_cp(p);
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            out[0] = (char)(cp + 32);
        else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            out[0] = (char)cp;
        else
            return 0;
        return 1;
    }
    if (cp >= 0xC0 && cp <= 0x17F) {
        const char c = cp <= 0xFF ? latin1[cp - 0xC0] : latin_a[cp - 0x100];
        static const char *const pairs[] = {"ae", "th", "ss", "ij", "oe"};
        if (c >= '1' && c <= '5') {
            memcpy(out, pairs[c - '1'], 2);
            return 2;
        }
        if (c == '#')
            return 0;
        out[0] = c;
        return 1;
    }
    if ((cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) ||
        (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2200 && cp <= 0x22FF) || cp == 0x3000)
        return 0; /* spaces, punctuation and symbols (NBSP, '–', '’', '∗', '€') */
    /* any other character (Greek, Cyrillic, ...) as it is */
    const size_t n = (size_t)(*p - at);
    memcpy(out, at, n);
    return n;
}

char *ig_fold(const char *s)
{
    if (!s)
        return NULL;
    ig_buf b = {0};
    ig_buf_putn(&b, "", 0);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        char letters[4];
        const size_t n = fold_cp(&p, letters);
        if (n)
            ig_buf_putn(&b, letters, n);
    }
    if (b.failed) {
        ig_buf_free(&b);
        return NULL;
    }
    return b.data;
}

bool ig_fold_into(const char *s, char *out, size_t size)
{
    if (!s)
        return false;
    size_t len = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        char letters[4];
        const size_t n = fold_cp(&p, letters);
        if (len + n >= size)
            return false;
        memcpy(out + len, letters, n);
        len += n;
    }
    if (!size)
        return false;
    out[len] = '\0';
    return true;
}

/* A string read folded, a byte at a time, without allocating. */
typedef struct fold_reader {
    const unsigned char *p;
    char pending[4];
    size_t n, at;
} fold_reader;

/* The next folded byte, or -1 at the end. */
static int fold_next(fold_reader *r)
{
    while (r->at == r->n) {
        if (!*r->p)
            return -1;
        r->n = fold_cp(&r->p, r->pending);
        r->at = 0;
    }
    return (unsigned char)r->pending[r->at++];
}

bool ig_fold_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    fold_reader x = {(const unsigned char *)a, {0}, 0, 0}, y = {(const unsigned char *)b, {0}, 0, 0};
    for (;;) {
        const int c = fold_next(&x), d = fold_next(&y);
        if (c != d)
            return false;
        if (c < 0)
            return true;
    }
}

size_t ig_edit_distance(const char *a, const char *b)
{
    const size_t n = strlen(a), m = strlen(b);
    size_t *row = malloc((m + 1) * sizeof *row);
    if (!row)
        return SIZE_MAX;
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            const size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    const size_t d = row[m];
    free(row);
    return d;
}

size_t ig_find_name(const char *key, const char *const *codes, const char *const *names, size_t n,
                    size_t *found)
{
    char *k = ig_fold(key);
    size_t hits = 0;
    for (size_t i = 0; k && i < n; i++) {
        bool hit = false;
        for (int j = 0; j < 2 && !hit; j++) {
            const char *s = j ? (names ? names[i] : NULL) : (codes ? codes[i] : NULL);
            char *f = s ? ig_fold(s) : NULL;
            hit = f && strcmp(f, k) == 0;
            free(f);
        }
        if (hit && hits++ == 0)
            *found = i;
    }
    free(k);
    return hits;
}

void ig_near_names(ig_buf *b, const char *key, const char *const *codes, const char *const *names,
                   size_t n, size_t max)
{
    char *k = ig_fold(key);
    if (!k)
        return;
    const size_t kl = strlen(k);
    size_t shown = 0;
    /* names that begin with the key ("Bergen": "Bergen (NH.)", "Bergen op Zoom"), then
     * those that contain it */
    for (int pass = 0; pass < 2 && kl; pass++)
        for (size_t i = 0; i < n && shown < max; i++) {
            char *f = names[i] ? ig_fold(names[i]) : NULL;
            const char *at = f ? strstr(f, k) : NULL;
            if (at && (pass == 0) == (at == f)) {
                ig_buf_printf(b, "%s%s", shown++ ? ", " : "", names[i]);
                if (codes && codes[i])
                    ig_buf_printf(b, " (%s)", codes[i]);
            }
            free(f);
        }
    if (shown == 0) { /* else the nearest by edit distance */
        size_t best = SIZE_MAX, at = 0;
        for (size_t i = 0; i < n; i++) {
            char *f = names[i] ? ig_fold(names[i]) : NULL;
            const size_t d = f ? ig_edit_distance(f, k) : SIZE_MAX;
            if (d < best) {
                best = d;
                at = i;
            }
            free(f);
        }
        if (best != SIZE_MAX) {
            ig_buf_puts(b, names[at]);
            if (codes && codes[at])
                ig_buf_printf(b, " (%s)", codes[at]);
        }
    }
    free(k);
}
