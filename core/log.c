/* Diagnostics for people: one-line errors prefixed "wowbox:", verbose notes. */
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/trace.h"

int wb_verbose;

/* Messages carry names from the guest (DLL names from a PE file, paths):
 * control bytes become '?' so none can drive the terminal. UTF-8 stays. */
static void emit(const char *tag, const char *fmt, va_list ap)
{
    char line[2048];
    vsnprintf(line, sizeof line, fmt, ap);
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = '?';
    fprintf(stderr, "wowbox: %s%s\n", tag, line);
}

void wb_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}

void wb_note(const char *fmt, ...)
{
    if (!wb_verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}

/* A bug in wowbox itself, never the guest's fault: say so and stop. */
void wb_bug(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("internal error (a wowbox bug): ", fmt, ap);
    va_end(ap);
    trace_flush_crash();
    abort();
}
