/* Diagnostics for people: one-line errors prefixed "wowbox:", verbose notes.
 * Every layer reports through here so messages look the same everywhere. */
#ifndef WOWBOX_CORE_LOG_H
#define WOWBOX_CORE_LOG_H

#include <stdarg.h>

extern int wb_verbose;

void wb_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wb_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wb_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
