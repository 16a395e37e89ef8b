/* hostile.c - hostile gemeente names and a dataset copy that uses them (see hostile.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hostile.h"
#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ts_hostile ts_hostiles[] = {
    /* the name from the brief; on its own it would not even run when unescaped, since
     * gnuplot evaluates ("touch ...") <script> before calling system */
    {"GM0193", "Zwolle", "Overijssel",
     "\"Zwolle'; system(\"\"touch " TS_PWNED "\"\") <script>\"\"\"",
     "Zwolle''; system(\"touch " TS_PWNED "\") <script>\"",
     "Zwolle&#39;; system(&quot;touch " TS_PWNED "&quot;) &lt;script&gt;&quot;",
     "Zwolle'; system(\\\"touch " TS_PWNED "\\\") \\u003cscript\\u003e\\\"", true},
    /* a name that does run `touch` when a script quotes it without doubling the ' */
    {"GM0363", "Amsterdam", "Noord-Holland",
     "\"Amsterdam'; system(\"\"touch " TS_PWNED "\"\"); print '\"",
     "Amsterdam''; system(\"touch " TS_PWNED "\"); print ''",
     "Amsterdam&#39;; system(&quot;touch " TS_PWNED "&quot;); print &#39;",
     "Amsterdam'; system(\\\"touch " TS_PWNED "\\\"); print '", false},
    /* the brief's report test: a script element, both quotes, a backslash and a gnuplot
     * command that breaks out of a double-quoted string */
    {"GM0928", "Kerkrade", "Limburg",
     "\"Kerkrade<script>alert(1)</script>' \"\"\\\"\"; system \"\"touch " TS_PWNED "\"\"; \"\"\"",
     "Kerkrade<script>alert(1)</script>'' \"\\\"; system \"touch " TS_PWNED "\"; \"",
     "Kerkrade&lt;script&gt;alert(1)&lt;/script&gt;&#39; &quot;\\&quot;; system "
     "&quot;touch " TS_PWNED "&quot;; &quot;",
     "Kerkrade\\u003cscript\\u003ealert(1)\\u003c/script\\u003e' \\\"\\\\\\\"; system "
     "\\\"touch " TS_PWNED "\\\"; \\\"",
     true},
};

const size_t ts_n_hostiles = sizeof ts_hostiles / sizeof ts_hostiles[0];

/* Replaces the 2025 names of the hostile gemeenten in the dataset copy's gemeenten.csv. */
static void poison_gemeenten(const char *file)
{
    for (size_t i = 0; i < ts_n_hostiles; i++) {
        const ts_hostile *h = &ts_hostiles[i];
        char *text = ts_slurp(file, NULL);
        char *row = ts_xprintf("\n2025,2025-01-01,%s,%s,", h->code, h->name);
        char *at = strstr(text, row);
        assert_non_null(at);
        assert_null(strstr(at + 1, row));
        size_t head = (size_t)(at - text) + strlen(row) - strlen(h->name) - 1;
        const char *tail = at + strlen(row) - 1; /* the comma after the name */
        char *out = ts_xprintf("%.*s%s%s", (int)head, text, h->csv, tail);
        ts_write_file(file, out, strlen(out));
        free(out);
        free(row);
        free(text);
    }
}

char *ts_hostile_scenario(const char *dir)
{
    char *dataset = ts_xprintf("%s/nl", dir);
    char *scenario = ts_xprintf("%s/hostile.yaml", dir);
    if (ts_exists(scenario)) {
        free(dataset);
        return scenario;
    }
    char *cmd = ts_xprintf("cp -r models/nl '%s'", dataset);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *gemeenten = ts_xprintf("%s/gemeenten.csv", dataset);
    poison_gemeenten(gemeenten);
    free(gemeenten);
    free(dataset);

    /* the default scenario with "../models/nl" replaced by "nl" */
    char *text = ts_slurp("scenarios/default.yaml", NULL);
    size_t n = 0;
    char *out = malloc(strlen(text) + 1);
    assert_non_null(out);
    int replaced = 0;
    for (const char *s = text; *s;) {
        if (strncmp(s, "../models/nl", 12) == 0) {
            memcpy(out + n, "nl", 2);
            n += 2;
            s += 12;
            replaced++;
        } else {
            out[n++] = *s++;
        }
    }
    out[n] = '\0';
    assert_int_equal(replaced, 4); /* dataset, the two keys, the regions */
    ts_write_file(scenario, out, n);
    free(out);
    free(text);
    return scenario;
}

void ts_remove_pwned(void)
{
    if (remove(TS_PWNED) != 0 && errno != ENOENT)
        fail_msg("cannot remove %s: %s", TS_PWNED, strerror(errno));
}
