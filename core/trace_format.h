/* What the machine-readable sinks (jsonl, chrome, etw-csv) share: JSON
 * strings and values, CSV fields, the decoded arguments as JSON. */
#ifndef WOWBOX_CORE_TRACE_FORMAT_H
#define WOWBOX_CORE_TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "core/trace_event.h"
#include "core/trace_record.h"

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

/* ---- what the JSON sinks (jsonl, chrome) write alike ---- */

/* A network event (TRACE_NET) as the kernel-logger record it stands for
 * (TcpIp SendIPV4...): out->ev is ev turned into a TRACE_RECORD pointing
 * at out->r. false when the kernel logger has no such event (a UDP
 * connect). */
struct trace_net_record {
    struct trace_event ev;
    struct trace_record r;
    char saddr[64], daddr[64];
};
bool trace_net_as_record(const struct trace_event *ev, struct trace_net_record *out);
/* The class's name; "other" for none. */
const char *trace_class_label(uint8_t cls);
/* An exit's result: "ret" (null for void), "failed", then by layer
 * "status" (nt) or "last_error" (api: always with its "error_set" when
 * error_always, else only when the call set it); no comma before "ret". */
void trace_json_result(struct strbuf *sb, const struct trace_event *ev, bool error_always);

/* One CSV field as tracerpt writes text: in double quotes, a quote inside
 * doubled; line breaks become spaces (one record per line). */
void trace_csv_string(struct strbuf *sb, const char *s);

#endif
