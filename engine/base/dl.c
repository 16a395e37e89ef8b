/*
 * dl.c - a shared library loaded when it is first needed (dlopen), with every function
 * the caller names looked up at once: all of them or none. The callers keep a pointer
 * per function, typed by the library's own header (io/xlsx_read.c: libzip,
 * report/xlsx.c: libxlsxwriter); this file only knows names and addresses.
 */
#include "base/base.h"

#include <dlfcn.h>
#include <stdio.h>

ig_dl_result ig_dl_load(const char *soname, const char *const *names, size_t n, void **out,
                        char *why, size_t size)
{
    for (size_t k = 0; k < n; k++)
        out[k] = NULL;
    dlerror(); /* an earlier failure's text is not this one's */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, size, "%s", e ? e : "unknown error");
        return IG_DL_NO_LIBRARY;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = dlsym(lib, names[i]);
        if (!out[i]) {
            snprintf(why, size, "%s", names[i]);
            for (size_t k = 0; k < n; k++)
                out[k] = NULL;
            dlclose(lib);
            return IG_DL_NO_FUNCTION;
        }
    }
    return IG_DL_OK; /* loaded until the process ends: its functions are in use */
}
