/* Unicorn's API, loaded on first use with dlopen: linking libunicorn costs
 * every run ~4 ms of symbol relocation (30,000 exported symbols), which
 * the native backend and `inspect` should not pay. Code includes this
 * instead of <unicorn/unicorn.h> and calls uc_* as usual. */
#ifndef WOWBOX_CPU_UNICORN_API_H
#define WOWBOX_CPU_UNICORN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <unicorn/unicorn.h>

/* One X(name, return, params) line per Unicorn function wowbox calls. */
#define UNICORN_FUNCTIONS(X) \
    X(uc_open, uc_err, (uc_arch, uc_mode, uc_engine **)) \
    X(uc_close, uc_err, (uc_engine *)) \
    X(uc_strerror, const char *, (uc_err)) \
    X(uc_ctl, uc_err, (uc_engine *, uc_control_type, ...)) \
    X(uc_emu_start, uc_err, (uc_engine *, uint64_t, uint64_t, uint64_t, size_t)) \
    X(uc_emu_stop, uc_err, (uc_engine *)) \
    X(uc_hook_add, uc_err, (uc_engine *, uc_hook *, int, void *, void *, uint64_t, uint64_t, ...)) \
    X(uc_hook_del, uc_err, (uc_engine *, uc_hook)) \
    X(uc_mem_map, uc_err, (uc_engine *, uint64_t, size_t, uint32_t)) \
    X(uc_mem_map_ptr, uc_err, (uc_engine *, uint64_t, size_t, uint32_t, void *)) \
    X(uc_mem_unmap, uc_err, (uc_engine *, uint64_t, size_t)) \
    X(uc_mem_protect, uc_err, (uc_engine *, uint64_t, size_t, uint32_t)) \
    X(uc_mem_write, uc_err, (uc_engine *, uint64_t, const void *, size_t)) \
    X(uc_mem_read, uc_err, (uc_engine *, uint64_t, void *, size_t)) \
    X(uc_reg_read, uc_err, (uc_engine *, int, void *)) \
    X(uc_reg_write, uc_err, (uc_engine *, int, const void *)) \
    X(uc_context_alloc, uc_err, (uc_engine *, uc_context **)) \
    X(uc_context_free, uc_err, (uc_context *)) \
    X(uc_context_save, uc_err, (uc_engine *, uc_context *)) \
    X(uc_context_restore, uc_err, (uc_engine *, uc_context *)) \
    X(uc_context_size, size_t, (uc_engine *))

#define UNICORN_POINTER(name, ret, params) extern ret(*wb_##name) params;
UNICORN_FUNCTIONS(UNICORN_POINTER)
#undef UNICORN_POINTER

/* Loads libunicorn (once); false with a one-line reason. */
bool unicorn_api_load(char *why, size_t whysz);
/* dlsym in the loaded library (Unicorn internals the fault path needs). */
void *unicorn_api_symbol(const char *name);

#ifndef UNICORN_API_IMPLEMENTATION
#define uc_open wb_uc_open
#define uc_close wb_uc_close
#define uc_strerror wb_uc_strerror
#define uc_ctl wb_uc_ctl
#define uc_emu_start wb_uc_emu_start
#define uc_emu_stop wb_uc_emu_stop
#define uc_hook_add wb_uc_hook_add
#define uc_hook_del wb_uc_hook_del
#define uc_mem_map wb_uc_mem_map
#define uc_mem_map_ptr wb_uc_mem_map_ptr
#define uc_mem_unmap wb_uc_mem_unmap
#define uc_mem_protect wb_uc_mem_protect
#define uc_mem_write wb_uc_mem_write
#define uc_mem_read wb_uc_mem_read
#define uc_reg_read wb_uc_reg_read
#define uc_reg_write wb_uc_reg_write
#define uc_context_alloc wb_uc_context_alloc
#define uc_context_free wb_uc_context_free
#define uc_context_save wb_uc_context_save
#define uc_context_restore wb_uc_context_restore
#define uc_context_size wb_uc_context_size
#endif

#endif
