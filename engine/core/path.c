/*
 * path.c - the ingroeipad: the objective share p_t of each year (README, "Paths"), as a
 * straight line, a table, the outflow of existing clients (cohort) or a logistic curve.
 */
#include "core/core.h"

#include <math.h>

static double clamp01(double p)
{
    return p < 0 ? 0.0 : p > 1 ? 1.0 : p;
}

/* Share of the clients in care before the path who are still in care n years in. */
static double still_in_care(const ig_path *path, int n)
{
    if (n <= 0)
        return 1.0;
    if (path->outflow >= 0) {
        double s = 1.0; /* (1 - outflow)^n by multiplication: the same bits everywhere */
        for (int k = 0; k < n; k++)
            s *= 1.0 - path->outflow;
        return s;
    }
    size_t k = (size_t)n <= path->n_remaining ? (size_t)n : path->n_remaining;
    return path->remaining[k - 1];
}

static double logistic(const ig_path *path, double t)
{
    return 1.0 / (1.0 + exp(-path->steepness * (t - path->midpoint)));
}

double ig_path_share(const ig_path *path, int year, int first_year)
{
    switch (path->kind) {
    case IG_PATH_LINEAR:
        /* the start year is the first with an objective share, 1/length of it */
        return clamp01((double)(year - path->start + 1) / (double)path->length);
    case IG_PATH_TABLE: return path->table[year - first_year];
    case IG_PATH_COHORT: return clamp01(1.0 - still_in_care(path, year - path->start + 1));
    case IG_PATH_SCURVE: {
        if (year < path->start)
            return 0.0;
        if (year >= path->end)
            return 1.0;
        double lo = logistic(path, path->start - 1), hi = logistic(path, path->end);
        return clamp01((logistic(path, year) - lo) / (hi - lo));
    }
    }
    return 0.0;
}
