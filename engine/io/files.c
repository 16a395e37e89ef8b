/*
 * files.c - reading whole input files, and the SHA-256 digest that the run's receipt
 * gives for every input (FIPS 180-4, computed by GNU Nettle).
 */
#include "io/io.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
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

void ig_sha256_hex(const void *data, size_t len, char hex[65])
{
    /* Nettle's implementation: a context on the stack, no allocation and no library
     * initialisation on first use; linked from its static archive (CMakeLists.txt).
     * libcrypto, used before, cost the dynamic linker some 21,000 relocations in every
     * process. */
    struct sha256_ctx ctx;
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data ? data : (const void *)"");
    sha256_digest(&ctx, sizeof md, md);
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0xf];
    }
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
