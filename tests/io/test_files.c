/*
 * test_files.c - the SHA-256 digest of io/files.c (ig_sha256_hex), which the receipt
 * gives for every input: the test vectors of FIPS 180-2 (appendix B: "abc", the
 * 448-bit message, one million times "a"), the empty message, and digests that do not
 * depend on where a message starts in memory or on the bytes around it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/io.h"

#include <stdlib.h>
#include <string.h>

static void expect_digest(const void *data, size_t len, const char *want)
{
    char hex[65];
    memset(hex, 'x', sizeof hex);
    ig_sha256_hex(data, len, hex);
    assert_string_equal(hex, want);
}

/* FIPS 180-2, appendix B.1 and B.2. */
static void fips_short_messages(void **state)
{
    (void)state;
    expect_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_digest(two_blocks, sizeof two_blocks - 1,
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* FIPS 180-2, appendix B.3: one million times "a". */
static void fips_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    expect_digest(a, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* The empty message, given as a pointer or as NULL (an empty input file). */
static void empty_message(void **state)
{
    (void)state;
    static const char *const empty =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect_digest("", 0, empty);
    expect_digest(NULL, 0, empty);
}

/* "abc" at every alignment, between other bytes: the same digest. */
static void alignment_and_neighbours(void **state)
{
    (void)state;
    char buf[80];
    for (size_t at = 0; at < 64; at++) {
        memset(buf, at & 1 ? 'z' : 0, sizeof buf);
        memcpy(buf + at, "abc", 3);
        expect_digest(buf + at, 3,
                      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fips_short_messages),
        cmocka_unit_test(fips_million_a),
        cmocka_unit_test(empty_message),
        cmocka_unit_test(alignment_and_neighbours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
