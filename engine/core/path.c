/*
 * path.c - the ingroeipad: the objective share p_t of each year (DOMAIN §6).
 */
#include "../ig.h"

double ig_path_share(const ig_path *path, int year, int first_year)
{
    switch (path->kind) {
    case IG_PATH_LINEAR: {
        /* p_t = clamp((t - start + 1) / length, 0, 1): the start year is the first
         * year with an objective share, 1/length of the budget. */
        double p = (double)(year - path->start + 1) / (double)path->length;
        return p < 0 ? 0.0 : p > 1 ? 1.0 : p;
    }
    case IG_PATH_TABLE: return path->table[year - first_year];
    }
    return 0.0;
}
