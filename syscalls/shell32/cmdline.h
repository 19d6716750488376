/* How CommandLineToArgvW splits a command line: the program name ends at
 * its closing quote if it starts with one, else at a blank (no escapes);
 * the other arguments follow the backslash-and-quote rules (2n backslashes
 * and a quote: n backslashes, the quote toggles quoting; 2n+1: n and a
 * literal quote; "" inside quotes: a literal quote that ends them). */
#ifndef WOWBOX_SYSCALLS_SHELL32_CMDLINE_H
#define WOWBOX_SYSCALLS_SHELL32_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

/* Writes the NUL-terminated arguments of w to out (NULL: only counts);
 * returns their number, *units the characters written. */
uint32_t cmdline_split(const uint16_t *w, uint16_t *out, size_t *units);

#endif
