/* Loads libunicorn at run time and fills the function pointers that
 * cpu/unicorn_api.h maps the uc_* names to. */
#define UNICORN_API_IMPLEMENTATION
#include "cpu/unicorn_api.h"

#include <dlfcn.h>
#include <stdio.h>

#define UNICORN_DEFINE(name, ret, params) ret(*wb_##name) params;
UNICORN_FUNCTIONS(UNICORN_DEFINE)
#undef UNICORN_DEFINE

static void *lib;

bool unicorn_api_load(char *why, size_t whysz)
{
    if (lib)
        return true;
    /* RTLD_GLOBAL: the fault path looks up Unicorn internals by name */
    void *h = dlopen("libunicorn.so.2", RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        snprintf(why, whysz, "cannot load libunicorn.so.2 (install libunicorn2): %s", dlerror());
        return false;
    }
#define UNICORN_RESOLVE(name, ret, params) \
    if (!(*(void **)&wb_##name = dlsym(h, #name))) { \
        snprintf(why, whysz, "libunicorn.so.2 lacks %s", #name); \
        dlclose(h); \
        return false; \
    }
    UNICORN_FUNCTIONS(UNICORN_RESOLVE)
#undef UNICORN_RESOLVE
    lib = h;
    return true;
}

void *unicorn_api_symbol(const char *name)
{
    return lib ? dlsym(lib, name) : NULL;
}
