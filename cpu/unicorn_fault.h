/* Turning what Unicorn 2.0.1 reports about a fault into what Windows would
 * report: the faulting instruction, the exception code, and an engine that
 * keeps taking exceptions afterwards. Used by cpu_unicorn.c only. */
#ifndef WOWBOX_CPU_UNICORN_FAULT_H
#define WOWBOX_CPU_UNICORN_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cpu/unicorn_api.h"

#include "core/vm.h"

/* Learns where engines keep their "exception being delivered" state, with
 * a scratch page at `scratch` (unmapped again); false if it cannot. Once,
 * on the first engine: the layout is the same in every engine. */
bool ucf_probe(uc_engine *uc, gaddr scratch);
/* After an exception the hook took: forget it, so the next one is not a
 * double (or triple) fault. `scratch` is a context of this engine's. */
void ucf_reset_exception_state(uc_engine *uc, uc_context *scratch);

/* From inside the memory-fault hook: puts EIP (and the lazy flags) at the
 * faulting instruction, as the engine itself knows it. false if it could
 * not: then use ucf_locate once the engine stopped. */
bool ucf_precise_state(uc_engine *uc);

/* From inside a block hook: stops the engine before the block's first
 * instruction, EIP restored from the translated block, and leaves the hook
 * (does not return). Returns false when the engine's internals it needs
 * are missing; nothing happened then. */
bool ucf_leave_block(uc_engine *uc);

/* Drops the engine's TLB entries for the pages of [addr, addr+size) (the
 * whole TLB for a long range), so the next access to them checks the
 * region's permissions again: after a permission change, after a fetch
 * fault. false when the engine's internals it needs are missing. */
bool ucf_forget_pages(uc_engine *uc, uint32_t addr, uint32_t size);
/* uc_ctl_remove_cache for [start, end), inside one engine region, without
 * leaving its first page in the TLB with full rights (ucf_forget_pages). */
void ucf_remove_cache(uc_engine *uc, uint32_t start, uint64_t end);

/* A data access at `addr` (kind 0 read / 1 write) faulted with the engine's
 * EIP still at the start of the translated block: the instruction inside
 * the block that made the access, decoded with the registers as they are
 * (the block ran up to it). Returns tb_eip when no instruction matches. */
uint32_t ucf_locate(uc_engine *uc, const struct vm *vm, uint32_t tb_eip, uint32_t addr,
                    uint32_t kind, uint32_t fs_base);

/* #GP from user mode: a privileged instruction, or an access violation. */
bool ucf_privileged(const struct vm *vm, uint32_t eip);
/* #DE: divide by zero, or a quotient too large (STATUS_INTEGER_OVERFLOW). */
uint32_t ucf_divide_error(uc_engine *uc, const struct vm *vm, uint32_t eip);
/* #MF / #XM: the float status from the x87 status word or MXCSR. */
uint32_t ucf_float_code(uc_engine *uc, bool sse);

#endif
