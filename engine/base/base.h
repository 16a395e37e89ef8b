/*
 * base.h - utilities that know nothing of ingroei's domain: errors in an object the
 * caller owns, strings and paths, a growable byte buffer, UTF-8 checks, numbers
 * parsed and written without a locale, and shared libraries loaded when needed. The bottom layer: it includes only the public
 * header (for ingroei_status and ingroei_error) and the C library.
 */
#ifndef IG_BASE_H
#define IG_BASE_H

#include "ingroei.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- variants for vector instructions ----------------------------------------------- */

/* Some loops have a variant compiled for a later x86-64 instruction set (AVX2, SSE4.1),
 * chosen at run time where the processor has it (__builtin_cpu_supports), beside the
 * plain loop every processor runs; each variant does the plain one's IEEE operations on
 * the same values (the build contracts no multiply-add), so the same bits. IG_X86_VECTORS
 * says whether this build has such variants: only on x86-64, since on 32-bit x86 the
 * scalar doubles are the x87's, in extended precision and rounded twice, and a vector
 * variant, rounding once, could give other bits than the plain one in the same binary. */
#if defined(__x86_64__) && defined(__GNUC__)
#define IG_X86_VECTORS  1
#define IG_TARGET_AVX2  __attribute__((target("avx2")))
#define IG_TARGET_SSE41 __attribute__((target("sse4.1")))
#else
#define IG_X86_VECTORS 0
#endif

/* A loop's body written once and inlined into each variant (IG_ALWAYS_INLINE), and each
 * variant kept a function of its own (IG_NOINLINE). */
#if defined(__GNUC__)
#define IG_ALWAYS_INLINE inline __attribute__((always_inline))
#define IG_NOINLINE      __attribute__((noinline))
#else
#define IG_ALWAYS_INLINE inline
#define IG_NOINLINE
#endif

/* ---- errors (util.c) -------------------------------------------------------------- */

/* Fills `err` (when not NULL) and returns `status`. `file` may be NULL; line and
 * column are 1-based or 0 when unknown. */
ingroei_status ig_fail(ingroei_error *err, ingroei_status status, const char *file, int line,
                       int column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Marks `err` as success. */
void ig_ok(ingroei_error *err);

/* ---- small utilities (util.c) --------------------------------------------------- */

char *ig_strdup(const char *s); /* NULL on NULL or out of memory */
/* The index of `key` among the strings v[0..n) sorted by strcmp, or -1. */
long ig_find_sorted(const char *const *v, size_t n, const char *key);
/* strerror(errnum) in lower case, as our messages are, written into buf. */
const char *ig_strerror(int errnum, char *buf, size_t size);
/* dir/rel, or rel when it is absolute, tidied lexically (see ig_path_tidy): file names
 * in scenarios and models resolve like links in a web page, "a/b/../c" is "a/c". */
char *ig_path_join(const char *dir, const char *rel);
/* `path` relative to the directory `base`, lexically ("../models/nl/x.csv"); a copy
 * of the tidied path when that cannot be done. New string, NULL without memory. */
char *ig_path_relative(const char *path, const char *base);
char *ig_dirname(const char *path); /* "." when path has no slash */
/* Rewrites a path in place without "." segments and "name/.." pairs (lexically); a
 * path that tidies to nothing becomes ".". The empty string stays empty (there is no
 * room for "."). */
void ig_path_tidy(char *path);

/* A growable byte buffer; `data` is always NUL-terminated when not NULL. The first
 * failed allocation sets `failed` and makes every later append a no-op. */
typedef struct ig_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;  /* an allocation failed */
    bool invalid; /* a number that cannot be written (NaN, infinite, too large) was given */
} ig_buf;

void ig_buf_free(ig_buf *b);
void ig_buf_putn(ig_buf *b, const char *s, size_t n);
void ig_buf_puts(ig_buf *b, const char *s);
/* One character; inline, as JSON and CSV writers put one between every two values. */
static inline void ig_buf_putc(ig_buf *b, char c)
{
    if (!b->failed && b->len + 2 <= b->cap) { /* room for it and the NUL */
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    ig_buf_putn(b, &c, 1);
}
void ig_buf_printf(ig_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- numbers without locale (num.c) --------------------------------------------- */

/* The one grammar of numbers in every input (YAML, CSV, command-line options; README
 * "Limits"): an optional sign, then 0 or digits without a leading zero, then (when
 * `fraction`) optionally a point and at least one digit, then (when `exponent`)
 * optionally e or E, an optional sign and digits. No hexadecimal, no "007", ".5", "1.",
 * spaces, "inf" or "nan". */
bool ig_number_form(const char *s, bool fraction, bool exponent);
/* Parses a plain decimal ("-12", "0.25", "1.5e3") as written in YAML and CSV, never
 * with a locale. Returns false when `s` is not entirely such a number (ig_number_form
 * with fraction and exponent) or is out of range. Decimals with at most 15 significant
 * digits are converted exactly rounded. */
bool ig_parse_double(const char *s, double *out);
/* Parses a whole number ("1745850000", "-3"); rejects fractions, exponents, leading
 * zeros, signs twice, spaces. */
bool ig_parse_int64(const char *s, int64_t *out);

/* An exact decimal as published: value = mant / 10^scale (scale 0..IG_DEC_MAX_SCALE).
 * Weights (2 decimals, OZB rates more), volumes (2 decimals) and the uitkeringsfactor
 * (3 decimals) are kept like this so that a published amount is recomputed without
 * binary rounding: round(units * weight * uf) decides ties exactly. */
#define IG_DEC_MAX_SCALE 12
typedef struct ig_dec {
    int64_t mant;
    int scale;
} ig_dec;
/* Parses plain decimal notation ("-0.0734", "1.414", "31180.00", "7"): an optional
 * sign, digits, optionally a point and at most IG_DEC_MAX_SCALE decimals, at most 18
 * digits in all; no exponent, no spaces. Trailing zeros are kept in the scale. */
bool ig_dec_parse(const char *s, ig_dec *out);
/* The nearest double. */
double ig_dec_value(ig_dec d);
/* Appends the decimal exactly as it was parsed ("-0.0010", "1.414"). */
void ig_put_dec(ig_buf *b, ig_dec d);

/* Appends an integer. */
void ig_put_int(ig_buf *b, int64_t v);
/* The digits of an integer (a '-' before a negative one) written into out (not
 * NUL-terminated): their number, at most IG_INT_MAX. */
#define IG_INT_MAX 20
size_t ig_fmt_int(char out[IG_INT_MAX], int64_t v);
/* Appends x with exactly `decimals` decimals (0..9) and `point` as the decimal
 * separator: x * 10^decimals is computed in double and rounded half away from zero, so
 * 0.15 with one decimal gives "0.2" (the decimal as written, not its binary value).
 * Fails on NaN, Inf or |x| * 10^decimals >= 9e15, and then marks b->invalid. */
bool ig_put_fixed(ig_buf *b, double x, int decimals, char point);
/* The characters ig_put_fixed appends, written into out (not NUL-terminated): their
 * number, or 0 for a number it cannot write. */
#define IG_FIXED_MAX 32
size_t ig_fmt_fixed(char out[IG_FIXED_MAX], double x, int decimals, char point);
/* Appends x with at most six decimals and no trailing zeros ("0", "-50", "0.125"), for
 * messages. */
void ig_put_decimal(ig_buf *b, double x);
/* Appends the shortest decimal that reads back (ig_parse_double) as exactly x, in any
 * locale ("0.15", "10", "1500000", "1e-06", "1e+20": an exponent only below 1e-5 or
 * from 1e15 in size); marks b->invalid for NaN and Inf. */
void ig_put_double(ig_buf *b, double x);
/* Appends x for a message: with at most six decimals ("60", "0.25") when that reads back
 * as exactly x, else its shortest exact form ("1e+15", "1e-09"). */
void ig_put_number(ig_buf *b, double x);

/* Rounds half away from zero into whole units; x must be finite and |x| < 2^62. The
 * value of C99's (int64_t)round(x), inline and without the library call: below 2^52
 * the truncation t is exact and so is x - t (|x - t| < 1, same sign), and a half away
 * from t moves one unit away from zero; from 2^52 on every double is whole. */
static inline int64_t ig_round(double x)
{
    if (x > -4503599627370496.0 && x < 4503599627370496.0) {
        const int64_t t = (int64_t)x;
        const double f = x - (double)t;
        return t + (int64_t)(f >= 0.5) - (int64_t)(f <= -0.5);
    }
    return (int64_t)x;
}

/* Whether s[0..len) is valid UTF-8; if not, the 1-based line and column (in characters)
 * of the first bad byte. */
bool ig_utf8_valid(const char *s, size_t len, int *line, int *column);

/* ---- shared libraries loaded when needed (dl.c) ---------------------------------- */

typedef enum ig_dl_result {
    IG_DL_OK,
    IG_DL_NO_LIBRARY,  /* dlopen failed: `why` holds dlerror's text */
    IG_DL_NO_FUNCTION, /* the library lacks a function: `why` holds its name */
} ig_dl_result;

/* Loads `soname` (RTLD_NOW | RTLD_LOCAL) and looks up the n functions `names` into
 * out[0..n): every one, or none (then out is all NULL and the library closed again).
 * On success the library stays loaded until the process ends. Not thread-safe by
 * itself: a caller shared by threads holds a lock around it. */
ig_dl_result ig_dl_load(const char *soname, const char *const *names, size_t n, void **out,
                        char *why, size_t size);

/* ---- names as people type them (text.c) ----------------------------------------- */

/* `s` folded for comparing printed names and labels: ASCII letters in lower case,
 * accented Latin letters as their base letters ("É" -> "e", "ĳ" -> "ij", "ß" -> "ss"),
 * digits kept, spaces, punctuation and symbols (also NBSP, '–', '∗', '€') left out;
 * other characters as they are. "Éénpersoons-huishoudens " and "eenpersoons
 * huishoudens" both fold to "eenpersoonshuishoudens". New string, NULL without memory
 * or for NULL. */
char *ig_fold(const char *s);
/* `s` folded as ig_fold does, into out[0..size) without allocating; false when it does
 * not fit or `s` is NULL (a folded string is never longer than the string). */
bool ig_fold_into(const char *s, char *out, size_t size);
/* Whether a and b fold alike (false when either is NULL); allocates nothing. */
bool ig_fold_equal(const char *a, const char *b);
/* The Levenshtein distance of two byte strings (insert, delete, replace one byte);
 * SIZE_MAX without memory. For ranking the nearest names of an unknown one. */
size_t ig_edit_distance(const char *a, const char *b);
/* Finds `key` among n entries by code or name (either array, or an entry, may be NULL),
 * both folded: returns how many entries match and sets *found to the first. */
size_t ig_find_name(const char *key, const char *const *codes, const char *const *names, size_t n,
                    size_t *found);
/* Appends, for a key that matched none or several, at most `max` names it may mean, as
 * "Name (CODE), ...": those that begin with the folded key, then those that contain it,
 * else the one nearest by edit distance. */
void ig_near_names(ig_buf *b, const char *key, const char *const *codes, const char *const *names,
                   size_t n, size_t max);

#endif /* IG_BASE_H */
