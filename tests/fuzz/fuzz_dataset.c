/*
 * fuzz_dataset.c - fuzzes the dataset loader (run/dataset.c) where fuzz_csv cannot reach
 * it: the semantic checks that run on well-formed files (unknown and duplicate
 * gemeentecodes, herindelingen, centrumgemeenten that disagree with the amounts, regions,
 * volumes). See fuzz_common.h for how this builds and runs.
 *
 * On its first input the harness copies the dataset files a run of the default scenario
 * reads into this process's temporary directory (nl/...), with a scenario that names
 * them. An input edits one of those files and the scenario is run; the run must fail
 * cleanly or pass the checks of every run (fz_check_run), and then the file is put
 * back. The first byte of an input chooses the file ('0' + k, see `files`); the rest is
 * an edit script of lines, applied in order to the file's lines (1-based, as an editor
 * shows them):
 *   =N text   replace line N by text
 *   -N        delete line N
 *   +N text   insert text before line N (after the last line when N is beyond it)
 * Other lines, and edits of lines that do not exist, are ignored. So that small
 * mutations reach deep checks, the seeds (tests/fuzz/corpus/dataset/) are short scripts
 * against the real files rather than whole files.
 */
#include "fuzz_common.h"

static const char *const files[] = {"nl/gemeenten.csv",
                                    "nl/herindelingen.csv",
                                    "nl/uitkeringen_bw_mo_vo.csv",
                                    "nl/centrumgemeenten.csv",
                                    "nl/regios_beschermd_wonen.csv",
                                    "nl/gemeentefonds/volumina_sep2024_2025.csv"};
enum { N_FILES = sizeof files / sizeof files[0] };

/* The other files the scenario reads: copied as they are. */
static const char *const models[] = {"nl/bw/historisch_sep2024_2025.yaml",
                                     "nl/bw/objectief_illustratief.yaml"};

typedef struct text_file {
    char *path; /* in the temporary directory */
    char *data; /* the original bytes */
    size_t len;
    char **line; /* the original lines, into a copy of data with NULs at the breaks */
    size_t n_lines;
    char *split; /* that copy */
} text_file;

static text_file original[N_FILES];
static char *scenario_file;

static char *read_repo_file(const char *rel, size_t *len)
{
    size_t n = strlen(INGROEI_FUZZ_REPO) + strlen("/models/") + strlen(rel) + 1;
    char *path = malloc(n);
    if (!path)
        fz_fail("out of memory");
    snprintf(path, n, "%s/models/%s", INGROEI_FUZZ_REPO, rel);
    char *data = NULL;
    ingroei_error err;
    if (ig_read_file(path, &data, len, &err) != INGROEI_OK)
        fz_fail("cannot read %s: %s", path, err.message);
    free(path);
    return data;
}

/* Copies `rel` from the repository's models/ into the temporary directory. */
static char *copy_in(const char *rel, char **data, size_t *len)
{
    *data = read_repo_file(rel, len);
    char *path = fz_file(rel);
    fz_write(path, *data, *len);
    return path;
}

static void split_lines(text_file *f)
{
    f->split = malloc(f->len + 1);
    f->line = malloc((f->len + 1) * sizeof *f->line);
    if (!f->split || !f->line)
        fz_fail("out of memory");
    memcpy(f->split, f->data, f->len);
    f->split[f->len] = '\0';
    f->n_lines = 0;
    for (char *p = f->split; *p;) {
        f->line[f->n_lines++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
}

static void set_up(void)
{
    static const char *const dirs[] = {"nl", "nl/bw", "nl/gemeentefonds"};
    for (size_t i = 0; i < 3; i++) {
        char *d = fz_file(dirs[i]);
        if (mkdir(d, 0700) != 0 && errno != EEXIST)
            fz_fail("cannot make %s: %s", d, strerror(errno));
        free(d);
    }
    for (size_t i = 0; i < N_FILES; i++) {
        original[i].path = copy_in(files[i], &original[i].data, &original[i].len);
        split_lines(&original[i]);
    }
    for (size_t i = 0; i < 2; i++) {
        char *data;
        size_t len;
        free(copy_in(models[i], &data, &len));
        free(data);
    }
    /* the default scenario's path, budget and regions, on the copied dataset */
    static const char scenario[] =
        "scenario: 1\n"
        "name: \"dataset fuzzing\"\n"
        "dataset: nl\n"
        "boundaries: 2025\n"
        "years: {first: 2021, last: 2031}\n"
        "budget:\n"
        "  published:\n"
        "    2024: {amount: 1730992000, source: \"meicirculaire 2024\"}\n"
        "    2025: {amount: 1745850000, source: \"septembercirculaire 2024\"}\n"
        "  other_years: {rule: index, percent: 0, source: \"held constant\"}\n"
        "historical_key: nl/bw/historisch_sep2024_2025.yaml\n"
        "objective_key: nl/bw/objectief_illustratief.yaml\n"
        "path: {type: linear, start: 2022, length: 10}\n"
        "regions: nl/regios_beschermd_wonen.csv\n";
    scenario_file = fz_file("scenario.yaml");
    fz_write(scenario_file, scenario, sizeof scenario - 1);
}

/* Applies the edit script to a copy of the file's lines and writes the result. */
static void write_edited(const text_file *f, const char *script, size_t len)
{
    size_t cap = f->n_lines + len + 1, n = f->n_lines;
    const char **line = malloc(cap * sizeof *line);
    size_t *line_len = malloc(cap * sizeof *line_len);
    if (!line || !line_len)
        fz_fail("out of memory");
    for (size_t i = 0; i < n; i++) {
        line[i] = f->line[i];
        line_len[i] = strlen(f->line[i]);
    }
    for (const char *p = script, *end = script + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        char op = *p;
        const char *q = p + 1;
        size_t at = 0;
        while (q < eol && *q >= '0' && *q <= '9' && at < 1000000)
            at = at * 10 + (size_t)(*q++ - '0');
        if (q < eol && *q == ' ')
            q++;
        if (at >= 1) {
            size_t k = at - 1;
            if (op == '=' && k < n) {
                line[k] = q;
                line_len[k] = (size_t)(eol - q);
            } else if (op == '-' && k < n) {
                memmove(&line[k], &line[k + 1], (n - k - 1) * sizeof *line);
                memmove(&line_len[k], &line_len[k + 1], (n - k - 1) * sizeof *line_len);
                n--;
            } else if (op == '+' && n < cap) {
                if (k > n)
                    k = n;
                memmove(&line[k + 1], &line[k], (n - k) * sizeof *line);
                memmove(&line_len[k + 1], &line_len[k], (n - k) * sizeof *line_len);
                line[k] = q;
                line_len[k] = (size_t)(eol - q);
                n++;
            }
        }
        p = eol + (eol < end);
    }
    ig_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        ig_buf_putn(&b, line[i], line_len[i]);
        ig_buf_putc(&b, '\n');
    }
    if (b.failed)
        fz_fail("out of memory");
    fz_write(f->path, b.data ? b.data : "", b.len);
    ig_buf_free(&b);
    free(line);
    free(line_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scenario_file)
        set_up();
    if (size == 0)
        return 0;
    const text_file *f = &original[(unsigned)(data[0] - '0') % N_FILES];
    write_edited(f, (const char *)data + 1, size - 1);

    ingroei_scenario *s = NULL;
    ingroei_run *r = NULL;
    ingroei_error err;
    fz_error_init(&err);
    ingroei_status st = ingroei_scenario_load(&s, scenario_file, &err);
    fz_check_status(st, &err, "ingroei_scenario_load");
    if (st != INGROEI_OK)
        fz_fail("the fuzzing scenario itself did not load: %s", err.message);
    fz_error_init(&err);
    st = ingroei_run_new(&r, s, &err);
    fz_check_status(st, &err, "ingroei_run_new");
    if (st == INGROEI_OK) {
        if (!r)
            fz_fail("ingroei_run_new succeeded without a run");
        fz_check_run(r, s);
        fz_note("%s edited, the run passed its checks", f->path);
    } else {
        if (r)
            fz_fail("ingroei_run_new failed but handed out a run");
        fz_note("%s edited, run refused: %s", f->path, err.message);
    }
    ingroei_run_free(r);
    ingroei_scenario_free(s);
    fz_write(f->path, f->data, f->len); /* the next input starts from the real file */
    return 0;
}
