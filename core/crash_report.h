/* The report printed for people when a guest exception goes unhandled. */
#ifndef WOWBOX_CORE_CRASH_REPORT_H
#define WOWBOX_CORE_CRASH_REPORT_H

#include <stdio.h>

#include "core/cpu_backend.h"

const char *exception_name(uint32_t code);
void crash_report(FILE *out, const struct cpu_exception *exc, const struct cpu_context *ctx);

#endif
