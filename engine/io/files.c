/*
 * files.c - reading whole input files, and the SHA-256 digest that the run's receipt
 * gives for every input (FIPS 180-4).
 */
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

ingroei_status ig_read_file(const char *file, char **data, size_t *len, ingroei_error *err)
{
    return ig_read_file_max(file, IG_MAX_FILE_BYTES, "a file", data, len, err);
}

/* "8 MiB" for a whole number of MiB, else the bytes. */
static void put_size(char *buf, size_t size, size_t bytes)
{
    if (bytes % (1u << 20) == 0)
        snprintf(buf, size, "%zu MiB", bytes >> 20);
    else
        snprintf(buf, size, "%zu bytes", bytes);
}

ingroei_status ig_read_file_max(const char *file, size_t max, const char *kind, char **data,
                                size_t *len, ingroei_error *err)
{
    char ebuf[128];
    struct stat sb;
    if (stat(file, &sb) != 0)
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "cannot open: %s",
                       ig_strerror(errno, ebuf, sizeof ebuf));
    if (S_ISDIR(sb.st_mode))
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "is a directory, expected a file");
    if (!S_ISREG(sb.st_mode))
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "is not a regular file");
    if ((unsigned long long)sb.st_size > max) {
        char limit[48];
        put_size(limit, sizeof limit, max);
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                       "%lld bytes, more than %s, the limit for %s (README \"Limits\")",
                       (long long)sb.st_size, limit, kind);
    }
    FILE *f = fopen(file, "rb");
    if (!f)
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "cannot open: %s",
                       ig_strerror(errno, ebuf, sizeof ebuf));
    size_t n = (size_t)sb.st_size;
    char *buf = malloc(n + 1);
    if (!buf) {
        fclose(f);
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    }
    size_t got = fread(buf, 1, n, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || got != n) {
        free(buf);
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "read error");
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return INGROEI_OK;
}

/* ---- SHA-256 ------------------------------------------------------------------------ */

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

/* Processes one 64-byte block into the state h. */
static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

void ig_sha256_hex(const void *data, size_t len, char hex[65])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t full = len / 64;
    for (size_t i = 0; i < full; i++)
        sha256_block(h, p + 64 * i);
    unsigned char tail[128] = {0};
    size_t rest = len % 64;
    memcpy(tail, p + 64 * full, rest);
    tail[rest] = 0x80;
    size_t tail_len = rest < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha256_block(h, tail);
    if (tail_len == 128)
        sha256_block(h, tail + 64);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            hex[i * 8 + j] = digits[(h[i] >> (28 - 4 * j)) & 0xf];
    hex[64] = '\0';
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ingroei_status ig_list_files(const char *dir, const char *prefix, const char *suffix, char ***out,
                             size_t *n, ingroei_error *err)
{
    *out = NULL;
    *n = 0;
    char ebuf[128];
    DIR *d = opendir(dir);
    if (!d)
        return ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "cannot open the directory: %s",
                       ig_strerror(errno, ebuf, sizeof ebuf));
    const size_t lp = strlen(prefix), ls = strlen(suffix);
    char **v = NULL;
    size_t count = 0;
    ingroei_status st = INGROEI_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        const size_t len = strlen(e->d_name);
        if (len < lp + ls || strncmp(e->d_name, prefix, lp) != 0 ||
            strcmp(e->d_name + len - ls, suffix) != 0)
            continue;
        char **nv = realloc(v, (count + 1) * sizeof *v);
        char *path = nv ? ig_path_join(dir, e->d_name) : NULL;
        if (nv)
            v = nv;
        if (!path) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, dir, 0, 0, "out of memory");
            break;
        }
        v[count++] = path;
    }
    closedir(d);
    if (st != INGROEI_OK) {
        ig_free_list(v, count);
        return st;
    }
    if (count)
        qsort(v, count, sizeof *v, by_string);
    *out = v;
    *n = count;
    return INGROEI_OK;
}

void ig_free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
