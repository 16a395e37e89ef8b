/*
 * test_xlsx_check.c - the workbook's read-back (report/xlsx_check.c) and the child that
 * writes it (report/xlsx.c, ig_xl_write): well-formed and broken XML, zips with a wrong
 * CRC-32, size or cell count, and a fill that crashes, exits or hangs: the caller gets
 * an error naming the workbook, no file is left, and the caller's process lives on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report.h"
#include "support/support.h"

#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* ---- XML ------------------------------------------------------------------------------ */

static void test_xml_well_formed(void **state)
{
    (void)state;
    static const char *const good[] = {
        "<a/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<a b=\"1\" c='2'/>",
        "<a><b x=\"&amp;&lt;&#38;&#x26;\">t &gt; u</b><!-- c -- d --><b/></a>\n",
        "<w:a xmlns:w=\"u\"><w:b>x</w:b ></w:a>",
        "<a><![CDATA[<not a tag> & ]] ]]></a>",
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *why = ig_xml_check(good[i], strlen(good[i]), NULL, NULL);
        if (why)
            fail_msg("%s: %s", good[i], why);
    }
    /* at both limits at once: 64 elements deep, each name 64 characters long */
    {
        char deep[64 * (2 * 64 + 5) + 1], stem[64];
        memset(stem, 'n', 63);
        stem[63] = '\0';
        size_t at = 0;
        for (int d = 0; d < 64; d++)
            at += (size_t)sprintf(deep + at, "<%s%c>", stem, 'a' + d % 26);
        for (int d = 63; d >= 0; d--)
            at += (size_t)sprintf(deep + at, "</%s%c>", stem, 'a' + d % 26);
        const char *why = ig_xml_check(deep, at, NULL, NULL);
        if (why)
            fail_msg("64 deep with 64-character names: %s", why);
    }
    size_t n = 0;
    const char *rows = "<x><row><c/><c>1</c></row><row><c r=\"c\"/></row><cc/></x>";
    assert_null(ig_xml_check(rows, strlen(rows), "c", &n));
    assert_int_equal(n, 3);
}

static void test_xml_broken(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "   ",
        "<a>",                       /* not closed: the part ends early */
        "<a><b></a></b>",            /* crossed */
        "<a></b>",                   /* wrong end tag */
        "</a>",                      /* end without start */
        "<a/><b/>",                  /* two document elements */
        "<a/>text",                  /* text after the root */
        "<a b=1/>",                  /* unquoted */
        "<a b=\"1\"c=\"2\"/>",       /* no space between attributes */
        "<a b=\"<\"/>",              /* '<' in a value */
        "<a>&bogus;</a>",            /* unknown entity */
        "<a>&amp</a>",               /* unterminated entity */
        "<a>& b</a>",                /* bare ampersand */
        "<a><1/></a>",               /* bad name */
        "<a><b x=\"1\" </a>",        /* a tag cut off */
        "<a><!DOCTYPE x></a>",       /* a declaration */
        "<a><c r=\"A1\"><v>12</v></c><c r=\"B1\" s", /* cut in a tag: the common case */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!ig_xml_check(bad[i], strlen(bad[i]), NULL, NULL))
            fail_msg("accepted: %s", bad[i]);
}

/* ---- zips ------------------------------------------------------------------------------ */

typedef struct part {
    const char *name, *text;
} part;

static void put16(ig_buf *b, unsigned v)
{
    ig_buf_putc(b, (char)(v & 0xff));
    ig_buf_putc(b, (char)(v >> 8 & 0xff));
}

static void put32(ig_buf *b, unsigned long v)
{
    put16(b, (unsigned)(v & 0xffff));
    put16(b, (unsigned)(v >> 16 & 0xffff));
}

/* A zip of stored parts; `crc_delta` is added to the CRC-32 of part `bad`, `size_delta`
 * to its size in the directory. */
static void make_zip(ig_buf *z, const part *parts, size_t n, size_t bad, unsigned long crc_delta,
                     unsigned long size_delta)
{
    ig_buf cd = {0};
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(parts[i].text), name_len = strlen(parts[i].name);
        unsigned long crc = crc32(0L, (const Bytef *)parts[i].text, (uInt)len);
        unsigned long csize = len, usize = len + (i == bad ? size_delta : 0);
        crc += i == bad ? crc_delta : 0;
        size_t offset = z->len;
        put32(z, 0x04034b50);
        put16(z, 20), put16(z, 0), put16(z, 0), put16(z, 0), put16(z, 0);
        put32(z, crc), put32(z, csize), put32(z, usize);
        put16(z, (unsigned)name_len), put16(z, 0);
        ig_buf_puts(z, parts[i].name);
        ig_buf_putn(z, parts[i].text, len);
        put32(&cd, 0x02014b50);
        put16(&cd, 20), put16(&cd, 20), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0),
            put16(&cd, 0);
        put32(&cd, crc), put32(&cd, csize), put32(&cd, usize);
        put16(&cd, (unsigned)name_len), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0),
            put16(&cd, 0);
        put32(&cd, 0), put32(&cd, (unsigned long)offset);
        ig_buf_puts(&cd, parts[i].name);
    }
    size_t cd_offset = z->len;
    ig_buf_putn(z, cd.data, cd.len);
    put32(z, 0x06054b50);
    put16(z, 0), put16(z, 0), put16(z, (unsigned)n), put16(z, (unsigned)n);
    put32(z, (unsigned long)cd.len), put32(z, (unsigned long)cd_offset);
    put16(z, 0);
    ig_buf_free(&cd);
    assert_false(z->failed);
}

static const part parts[] = {
    {"[Content_Types].xml", "<Types/>"},
    {"xl/worksheets/sheet1.xml",
     "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"/></row>"
     "</sheetData></worksheet>"},
    {"xl/sharedStrings.xml", "<sst count=\"3\" uniqueCount=\"2\"><si><t>a</t></si><si><t>b</t></si></sst>"},
    {"docProps/thumbnail.bin", "not xml <"},
};
#define N_PARTS (sizeof parts / sizeof parts[0])

/* The error of checking `z` (NULL when it passes); the message stays in err. */
static const char *verify(const ig_buf *z, const ig_xlsx_expect *expect, ingroei_error *err)
{
    ingroei_status st = ig_xlsx_verify(z->data, z->len, expect, "book.xlsx", err);
    if (st == INGROEI_OK)
        return NULL;
    assert_int_equal(st, INGROEI_ERR_IO);
    assert_string_equal(err->file, "book.xlsx");
    return err->message;
}

static void test_zip(void **state)
{
    (void)state;
    ingroei_error err;
    ig_xlsx_expect two = {1, {2}}, three = {1, {3}}, sheets = {2, {2, 0}};
    ig_buf z = {0};
    make_zip(&z, parts, N_PARTS, SIZE_MAX, 0, 0);
    assert_null(verify(&z, NULL, &err));
    assert_null(verify(&z, &two, &err));
    const char *why = verify(&z, &three, &err);
    assert_non_null(why);
    assert_non_null(strstr(why, "xl/worksheets/sheet1.xml"));
    assert_non_null(strstr(why, "2 cells, but 3 were written"));
    assert_non_null(verify(&z, &sheets, &err)); /* a sheet is missing */
    /* a cut-off file: no directory */
    ig_buf cut = {0};
    ig_buf_putn(&cut, z.data, z.len - 10);
    assert_non_null(strstr(verify(&cut, NULL, &err), "not a zip file"));
    ig_buf_free(&cut);
    /* a flipped byte in a part: its CRC */
    ig_buf flipped = {0};
    ig_buf_putn(&flipped, z.data, z.len);
    flipped.data[30 + strlen(parts[0].name) + 1] ^= 0x20;
    why = verify(&flipped, NULL, &err);
    assert_non_null(strstr(why, "[Content_Types].xml"));
    assert_non_null(strstr(why, "CRC-32"));
    ig_buf_free(&flipped);
    ig_buf_free(&z);
    /* a CRC or a size that the directory gives wrongly */
    make_zip(&z, parts, N_PARTS, 1, 1, 0);
    assert_non_null(strstr(verify(&z, NULL, &err), "CRC-32"));
    ig_buf_free(&z);
    make_zip(&z, parts, N_PARTS, 1, 0, 5);
    assert_non_null(verify(&z, NULL, &err));
    ig_buf_free(&z);
    /* malformed XML in a part, and shared strings that are not all there */
    part broken[N_PARTS];
    memcpy(broken, parts, sizeof parts);
    broken[1].text = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B";
    make_zip(&z, broken, N_PARTS, SIZE_MAX, 0, 0);
    why = verify(&z, NULL, &err);
    assert_non_null(strstr(why, "part xl/worksheets/sheet1.xml: malformed XML"));
    ig_buf_free(&z);
    memcpy(broken, parts, sizeof parts);
    broken[2].text = "<sst count=\"3\" uniqueCount=\"2\"><si><t>ab</t></si></sst>";
    make_zip(&z, broken, N_PARTS, SIZE_MAX, 0, 0);
    why = verify(&z, NULL, &err);
    assert_non_null(strstr(why, "xl/sharedStrings.xml"));
    assert_non_null(strstr(why, "uniqueCount"));
    ig_buf_free(&z);
}

/* ---- the child that writes a workbook ------------------------------------------------- */

static const ig_column cols[] = {{"jaar", IG_XL_PLAIN}, {"naam", IG_XL_TEXT}};

/* A sheet of `rows` rows; then what ctx says: 0 nothing, 1 SIGSEGV, 2 _exit(3), 3 loop
 * forever reporting progress, 4 abort. */
static void fill(ig_xl *x, const void *ctx)
{
    int what = *(const int *)ctx;
    const char *lines[] = {"titel"};
    ig_xl_sheet(x, &(ig_xl_sheet_spec){"Blad", lines, 1, cols, 2, 1});
    for (int k = 0; k < 1000; k++) {
        ig_cell cells[] = {IG_INT(2000 + k), IG_TEXT(k % 2 ? "oneven" : "")};
        ig_xl_row(x, cells, 2);
        ig_xl_progress(x, (size_t)k + 1, 1000);
    }
    if (what == 1)
        raise(SIGSEGV);
    if (what == 2)
        _exit(3);
    if (what == 4)
        abort();
    if (what == 3)
        for (size_t k = 0;; k++) {
            ig_xl_progress(x, k, 0);
            usleep(1000);
        }
}

static size_t progress_calls;

static void on_progress(void *context, size_t done, size_t total)
{
    (void)total;
    progress_calls++;
    if (done >= 2000)
        *(volatile int *)context = 1; /* stop it */
}

static void test_child(void **state)
{
    (void)state;
    char *dir = ts_make_temp_dir("xlsx-child");
    char *path = ts_xprintf("%s/book.xlsx", dir);
    ingroei_output_report report = {0};
    ingroei_error err;
    int what = 0;
    assert_int_equal(ig_xl_write(dir, "book.xlsx", "t", fill, &what, NULL, &report, &err),
                     INGROEI_OK);
    assert_int_equal(report.n_files, 1);
    assert_string_equal(report.files[0], "book.xlsx");
    assert_true(ts_exists(path));
    /* a crash, an exit or an abort of the child is an error of the caller, never its end */
    for (what = 1; what <= 4; what++) {
        if (what == 3)
            continue;
        unlink(path);
        memset(&err, 0, sizeof err);
        ingroei_status st = ig_xl_write(dir, "book.xlsx", "t", fill, &what, NULL, &report, &err);
        assert_int_equal(st, INGROEI_ERR_IO);
        assert_non_null(strstr(err.file, "book.xlsx"));
        assert_non_null(strstr(err.message, "cannot write the workbook"));
        assert_false(ts_exists(path)); /* nothing half-written left */
        assert_int_equal(report.n_files, 1);
    }
    /* the caller's cancel flag stops a child that goes on and on */
    volatile int cancel = 0;
    ingroei_output_options opt = INGROEI_OUTPUT_OPTIONS_INIT;
    opt.progress = on_progress;
    opt.progress_context = (void *)&cancel;
    opt.cancel = &cancel;
    what = 3;
    assert_int_equal(ig_xl_write(dir, "book.xlsx", "t", fill, &what, &opt, &report, &err),
                     INGROEI_ERR_CANCELLED);
    assert_true(progress_calls > 1000); /* passed on in the caller's process */
    assert_false(ts_exists(path));
    ts_remove_tree(dir);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_well_formed),
        cmocka_unit_test(test_xml_broken),
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_child),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
