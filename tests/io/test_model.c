/* test_model.c - an objective-key model held in memory (io/model.c, ig_obj_model_parse):
 * the same model as the file gives, and the volumes a model sent to the server may
 * name: by file name among the listed files (the directories before it left out), the
 * volumes held in memory beside it, and nothing else, refused at the line and column of
 * `volumes:` with the names it may use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const model_path = "models/nl/bw/objectief_illustratief.yaml";
static const char *const shipped_volumes = "models/nl/gemeentefonds/volumina_sep2024_2025.csv";

/* The shipped model's text, with every `from` replaced by `to` (NULL: as it is). */
static char *model_text(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    ingroei_error err = {0};
    assert_int_equal(ig_read_file_max(model_path, 1u << 20, "a model", &data, &len, &err),
                     INGROEI_OK);
    if (!from)
        return data;
    char *at = strstr(data, from);
    assert_non_null(at);
    char *out = malloc(len + strlen(to) + 1);
    assert_non_null(out);
    const size_t head = (size_t)(at - data);
    memcpy(out, data, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    free(data);
    return out;
}

static void same_as_the_file(void **state)
{
    (void)state;
    ig_obj_model file, mem;
    ingroei_error err = {0};
    assert_int_equal(ig_obj_model_load(&file, model_path, &err), INGROEI_OK);
    char *text = model_text(NULL, NULL);
    char *files[] = {(char *)"/elsewhere/volumina_mei2024_2025.csv",
                     (char *)"/data/gemeentefonds/volumina_sep2024_2025.csv"};
    const ig_volumes_choice c = {NULL, NULL, 0, files, 2};
    assert_int_equal(ig_obj_model_parse(&mem, "upload.yaml", text, strlen(text), &c, &err),
                     INGROEI_OK);
    assert_string_equal(mem.file, "upload.yaml");
    assert_string_equal(mem.sha256, file.sha256); /* the same bytes */
    assert_string_equal(mem.name, file.name);
    assert_int_equal(mem.illustrative, file.illustrative);
    assert_int_equal(mem.n_maatstaven, file.n_maatstaven);
    for (size_t i = 0; i < mem.n_maatstaven; i++) {
        assert_string_equal(mem.maatstaven[i].code, file.maatstaven[i].code);
        assert_true(mem.maatstaven[i].weight == file.maatstaven[i].weight);
    }
    /* "../gemeentefonds/volumina_sep2024_2025.csv": the listed file of that name */
    assert_string_equal(mem.volumes, files[1]);
    assert_null(mem.volumes_data);
    ig_obj_model_clear(&mem);
    ig_obj_model_clear(&file);
    free(text);
}

static void volumes_in_memory(void **state)
{
    (void)state;
    char *text = model_text("../gemeentefonds/volumina_sep2024_2025.csv", "eigen.csv");
    char *files[] = {(char *)shipped_volumes};
    const char *csv = "gemeentecode,inwo\n";
    const ig_volumes_choice c = {"eigen.csv", csv, strlen(csv), files, 1};
    ig_obj_model m;
    ingroei_error err = {0};
    assert_int_equal(ig_obj_model_parse(&m, "m.yaml", text, strlen(text), &c, &err), INGROEI_OK);
    assert_string_equal(m.volumes, "eigen.csv");
    assert_ptr_equal(m.volumes_data, csv);
    assert_int_equal(m.volumes_len, strlen(csv));
    ig_obj_model_clear(&m);
    free(text);
}

/* `volumes` in the model is refused at line 29, column 10, naming what it may name. */
static void refused(const char *volumes, const ig_volumes_choice *c, const char *names)
{
    char *text = model_text("../gemeentefonds/volumina_sep2024_2025.csv", volumes);
    ig_obj_model m;
    ingroei_error err = {0};
    assert_int_equal(ig_obj_model_parse(&m, "m.yaml", text, strlen(text), c, &err),
                     INGROEI_ERR_SCHEMA);
    assert_string_equal(err.file, "m.yaml");
    assert_int_equal(err.line, 29);
    assert_int_equal(err.column, 10);
    if (!strstr(err.message, "none of the volumes this model may name") ||
        !strstr(err.message, names))
        fail_msg("volumes %s: %s", volumes, err.message);
    assert_null(m.volumes);
    free(text);
}

static void other_volumes_refused(void **state)
{
    (void)state;
    char *files[] = {(char *)shipped_volumes};
    const ig_volumes_choice c = {NULL, NULL, 0, files, 1}, mem = {"eigen.csv", "x", 1, files, 1},
                            none = {0};
    refused("/etc/passwd", &c, ": volumina_sep2024_2025.csv");
    refused("../../models/nl/gemeentefonds/volumina_2099.csv", &c, "volumina_sep2024_2025.csv");
    refused("volumina_sep2024_2025.csv/", &c, "volumina_sep2024_2025.csv"); /* no name */
    refused("andere.csv", &mem, "eigen.csv (sent with it), volumina_sep2024_2025.csv");
    refused("volumina_sep2024_2025.csv", &none, ": none");
    /* without a choice the model cannot name any volumes */
    char *text = model_text(NULL, NULL);
    ig_obj_model m;
    ingroei_error err = {0};
    assert_int_equal(ig_obj_model_parse(&m, "m.yaml", text, strlen(text), NULL, &err),
                     INGROEI_ERR_SCHEMA);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_the_file),
        cmocka_unit_test(volumes_in_memory),
        cmocka_unit_test(other_volumes_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
