/* What the machine-readable sinks (jsonl, chrome, etw-csv) share: JSON
 * strings and values, CSV fields, the decoded arguments as JSON. */
#ifndef WOWBOX_CORE_TRACE_FORMAT_H
#define WOWBOX_CORE_TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "core/trace_event.h"

/* A JSON string literal (quotes included) of n bytes of UTF-8: ", \ and
 * control characters escaped (\n \r \t \b \f, else \u00XX), bytes that
 * are not valid UTF-8 replaced by U+FFFD, so the output always parses. */
void trace_json_string(struct strbuf *sb, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL gives null. */
void trace_json_cstring(struct strbuf *sb, const char *s);
void trace_json_u64(struct strbuf *sb, uint64_t v);
void trace_json_i64(struct strbuf *sb, int64_t v);
/* A scalar of a declared type letter (i and l signed, f double: null when
 * not finite, b true/false, the rest unsigned). */
void trace_json_scalar(struct strbuf *sb, char type, uint64_t raw, double d);
/* [{"name":..., "type":..., "form":..., ...}, ...] (docs/trace-format.md). */
void trace_json_args(struct strbuf *sb, const struct trace_value *v, unsigned n);
/* {"IrpPtr":..., "OpenPath":"..."}: a kernel-logger record's fields. */
struct trace_record;
void trace_json_record_fields(struct strbuf *sb, const struct trace_record *r);

/* One CSV field as tracerpt writes text: in double quotes, a quote inside
 * doubled; line breaks become spaces (one record per line). */
void trace_csv_string(struct strbuf *sb, const char *s);

#endif
