/*
 * audit.h - what an auditor uses: the algemene uitkering recomputed line by line from a
 * circulaire (au.c), two circulaires compared (diff_vintage.c), published tables
 * checked (verify.c), pro-rata mutations (prorata.c), one number explained
 * (explain.c) and a year-to-year bridge (bridge.c). A feature over run/.
 */
#ifndef IG_AUDIT_H
#define IG_AUDIT_H

#include "run/run.h"

/* An au-model computed (au.c): what `ingroei au` writes and `explain` reads. */
struct ingroei_au {
    ig_au_model model;
    ig_au_data data;
    ig_dec uf;
    bool uf_solved;
    double uf_exact;
    double budget;
    char uf_text[32];
    int64_t *lines;         /* [m * n_g + g] with the totaal weight */
    int64_t *totals;        /* [n_g] */
    int64_t *cluster_lines; /* [(c * n_m + m) * n_g + g] */
    int64_t *clusters;      /* [c * n_g + g] */
    int64_t total, total_clusters;
    int64_t *cluster_national; /* [n_c] */
};

/* The computed algemene uitkering of an ingroei_au (au.c), read-only, for other parts
 * of the library that compare with it (verify.c): the same numbers `ingroei au` writes.
 * Every pointer is borrowed from `au`. */
typedef struct ig_au_view {
    const ig_au_model *model;
    const ig_au_data *data;
    ig_dec uf;                       /* the factor used */
    const int64_t *lines;            /* [m * n_g + g] with the totaal weight */
    const int64_t *totals;           /* [n_g] */
    const int64_t *cluster_lines;    /* [(c * n_m + m) * n_g + g] */
    const int64_t *clusters;         /* [c * n_g + g] */
    const int64_t *cluster_national; /* [n_c] */
    int64_t total;
} ig_au_view;

void ig_au_view_of(const ingroei_au *au, ig_au_view *out);

#endif /* IG_AUDIT_H */
