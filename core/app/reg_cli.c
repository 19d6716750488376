/* `wowbox reg`: query, export and import the prefix's registry through
 * the NT registry services, in the 64-bit view (paths name WOW6432Node
 * explicitly, as a 64-bit regedit writes them). Export writes "Windows
 * Registry Editor Version 5.00" in UTF-8; import reads that (UTF-8 or
 * UTF-16LE with BOM) and REGEDIT4. */
#include "core/app/reg_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/app/reg_expect.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/process.h"
#include "core/unicode.h"
#include "redirect/prefix.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/struct32_registry.h"

static const char *type_name(uint32_t t)
{
    static const char *const names[] = { "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
                                         "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ" };
    if (t < sizeof names / sizeof names[0])
        return names[t];
    return t == REG_QWORD ? "REG_QWORD" : "REG_UNKNOWN";
}

/* Calls an information service with a buffer grown to fit. */
static void *info(uint32_t h, uint32_t index, uint32_t cls, bool values)
{
    uint32_t need = 0;
    NTSTATUS st = values ? nt_enumerate_value_key(h, index, cls, NULL, 0, &need)
                         : nt_enumerate_key(h, index, cls, NULL, 0, &need);
    if (st != STATUS_BUFFER_TOO_SMALL)
        return NULL;
    need += 4; /* KeyNodeInformation's count leaves out the padding before the class */
    void *buf = calloc(1, need + 2);
    if (!buf)
        return NULL;
    st = values ? nt_enumerate_value_key(h, index, cls, buf, need, &need)
                : nt_enumerate_key(h, index, cls, buf, need, &need);
    if (st != STATUS_SUCCESS) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void print_string_data(FILE *out, const uint8_t *data, uint32_t size, bool quoted)
{
    uint32_t units = size / 2;
    while (units && !data[2 * units - 2] && !data[2 * units - 1])
        units--;
    char *s = utf16_to_utf8((const uint16_t *)data, units);
    for (const char *p = s ? s : ""; *p; p++) {
        if (quoted && (*p == '\\' || *p == '"'))
            fputc('\\', out);
        fputc(*p, out);
    }
    free(s);
}

/* One value in regedit's export syntax. */
static void export_value(FILE *out, const KEY_VALUE_FULL_INFORMATION32 *v)
{
    char *name = utf16_to_utf8(v->Name, v->NameLength / 2);
    const uint8_t *data = (const uint8_t *)v + v->DataOffset;
    if (name && name[0]) {
        fputc('"', out);
        print_string_data(out, (const uint8_t *)v->Name, v->NameLength, true);
        fputs("\"=", out);
    } else {
        fputs("@=", out);
    }
    free(name);
    if (v->Type == REG_SZ) {
        fputc('"', out);
        print_string_data(out, data, v->DataLength, true);
        fputs("\"\n", out);
        return;
    }
    if (v->Type == REG_DWORD && v->DataLength == 4) {
        uint32_t d;
        memcpy(&d, data, 4);
        fprintf(out, "dword:%08x\n", d);
        return;
    }
    if (v->Type == REG_BINARY)
        fputs("hex:", out);
    else
        fprintf(out, "hex(%x):", v->Type);
    for (uint32_t i = 0; i < v->DataLength; i++)
        fprintf(out, "%02x%s", data[i], i + 1 < v->DataLength ? "," : "");
    fputc('\n', out);
}

static int walk(uint32_t h, const char *display, FILE *out, bool recurse, bool query)
{
    fprintf(out, query ? "%s\n" : "[%s]\n", display);
    for (uint32_t i = 0;; i++) {
        KEY_VALUE_FULL_INFORMATION32 *v = info(h, i, KeyValueFullInformation, true);
        if (!v)
            break;
        if (query) {
            char *name = utf16_to_utf8(v->Name, v->NameLength / 2);
            const uint8_t *data = (const uint8_t *)v + v->DataOffset;
            fprintf(out, "    %s    %s    ", name && name[0] ? name : "(Default)", type_name(v->Type));
            if (v->Type == REG_SZ || v->Type == REG_EXPAND_SZ)
                print_string_data(out, data, v->DataLength, false);
            else if (v->Type == REG_DWORD && v->DataLength == 4)
                fprintf(out, "0x%x", data[0] | data[1] << 8 | data[2] << 16 | (uint32_t)data[3] << 24);
            else
                for (uint32_t j = 0; j < v->DataLength; j++)
                    fprintf(out, "%02X", data[j]);
            fputc('\n', out);
            free(name);
        } else {
            export_value(out, v);
        }
        free(v);
    }
    fputc('\n', out);
    for (uint32_t i = 0;; i++) {
        KEY_BASIC_INFORMATION32 *k = info(h, i, KeyBasicInformation, false);
        if (!k)
            break;
        char *name = utf16_to_utf8(k->Name, k->NameLength / 2);
        free(k);
        if (!name)
            break;
        size_t len = strlen(display) + strlen(name) + 2;
        char *child = malloc(len);
        snprintf(child, len, "%s\\%s", display, name);
        uint32_t ch;
        if (!recurse) {
            fprintf(out, "%s\n", child);
        } else if (nt_open_key(h, name, KEY_WOW64_64KEY, &ch) == STATUS_SUCCESS) {
            walk(ch, child, out, true, query);
            nt_close_key(ch);
        }
        free(child);
        free(name);
    }
    return 0;
}

static int dump(const char *key, const char *file, bool query)
{
    char *path = reg_nt_path(key);
    if (!path) {
        wb_error("%s: not a registry key (start with HKLM, HKCU, HKCR, HKU or HKCC)", key);
        return 2;
    }
    uint32_t h;
    NTSTATUS st = nt_open_key(0, path, KEY_WOW64_64KEY, &h);
    free(path);
    if (st != STATUS_SUCCESS) {
        wb_error("%s: %s", key, st == STATUS_OBJECT_NAME_NOT_FOUND ? "no such key" : "cannot open the key");
        return 1;
    }
    FILE *out = file ? fopen(file, "w") : stdout;
    if (!out) {
        wb_error("cannot write %s", file);
        nt_close_key(h);
        return 1;
    }
    if (!query)
        fputs("Windows Registry Editor Version 5.00\n\n", out);
    char *display = query ? strdup(key) : reg_long_form(key);
    walk(h, display ? display : key, out, !query, query);
    free(display);
    nt_close_key(h);
    if (file)
        fclose(out);
    return 0;
}

/* ---- import ------------------------------------------------------------------ */

/* The file as UTF-8 text (UTF-16LE with BOM converted). */
static char *read_text(const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 2);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            char *grown = realloc(buf, cap + 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[len] = buf[len + 1] = 0;
    if (len >= 2 && (uint8_t)buf[0] == 0xFF && (uint8_t)buf[1] == 0xFE) {
        char *u = utf16_to_utf8((const uint16_t *)(buf + 2), (len - 2) / 2);
        free(buf);
        return u;
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        memmove(buf, buf + 3, len - 2);
    return buf;
}

/* Creates every key of an NT path (64-bit view). */
static NTSTATUS create_path(const char *path, uint32_t *out)
{
    char *copy = strdup(path);
    if (!copy)
        return STATUS_NO_MEMORY;
    uint32_t h = 0, disp;
    NTSTATUS st = STATUS_SUCCESS;
    char *save = NULL;
    for (char *c = strtok_r(copy, "\\", &save); c && st == STATUS_SUCCESS; c = strtok_r(NULL, "\\", &save)) {
        uint32_t next;
        if (!h) /* \REGISTRY */
            st = nt_open_key(0, "\\REGISTRY", KEY_WOW64_64KEY, &next);
        else
            st = nt_create_key(h, c, KEY_WOW64_64KEY, NULL, 0, &next, &disp);
        if (h)
            nt_close_key(h);
        h = st == STATUS_SUCCESS ? next : 0;
    }
    free(copy);
    *out = h;
    return st;
}

static NTSTATUS delete_tree(uint32_t h)
{
    for (;;) {
        KEY_BASIC_INFORMATION32 *k = info(h, 0, KeyBasicInformation, false);
        if (!k)
            return nt_delete_key(h);
        char *name = utf16_to_utf8(k->Name, k->NameLength / 2);
        free(k);
        uint32_t ch;
        NTSTATUS st = name ? nt_open_key(h, name, KEY_WOW64_64KEY, &ch) : STATUS_NO_MEMORY;
        free(name);
        if (st != STATUS_SUCCESS)
            return st;
        st = delete_tree(ch);
        nt_close_key(ch);
        if (st != STATUS_SUCCESS)
            return st;
    }
}

static NTSTATUS import_value(uint32_t key, const char *line, bool regedit4)
{
    struct reg_value_line v;
    const char *why;
    if (!reg_parse_value_line(line, regedit4, &v, &why))
        return STATUS_INVALID_PARAMETER;
    NTSTATUS st;
    if (v.delete) {
        st = nt_delete_value_key(key, v.name);
        if (st == STATUS_OBJECT_NAME_NOT_FOUND)
            st = STATUS_SUCCESS;
    } else {
        st = nt_set_value_key(key, v.name, v.type, v.data, v.size);
    }
    reg_value_line_free(&v);
    return st;
}

/* `reg check FILE`: the keys and values FILE (NAME.reg syntax) names must
 * be in the registry as the 32-bit program sees it; one line per mismatch
 * on stdout. 0 all there, 1 a mismatch, 2 FILE unreadable or malformed. */
static int check(const char *file)
{
    char *text = read_text(file);
    if (!text) {
        wb_error("cannot read %s", file);
        return 2;
    }
    struct reg_expect_list l;
    int line = 0;
    char why[300];
    bool ok = reg_expect_parse(text, &l, &line, why, sizeof why);
    free(text);
    if (!ok) {
        wb_error("%s:%d: %s", file, line, why);
        return 2;
    }
    struct strbuf out;
    strbuf_init(&out);
    unsigned bad = reg_expect_check(&l, &out);
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    strbuf_free(&out);
    reg_expect_free(&l);
    return bad ? 1 : 0;
}

static int import(const char *file)
{
    char *text = read_text(file);
    if (!text) {
        wb_error("cannot read %s", file);
        return 1;
    }
    bool regedit4 = strncmp(text, "REGEDIT4", 8) == 0;
    if (!regedit4 && strncmp(text, "Windows Registry Editor Version 5.00", 36) != 0) {
        wb_error("%s: not a .reg file (no REGEDIT4 or \"Windows Registry Editor Version 5.00\" header)", file);
        free(text);
        return 2;
    }
    /* join continuation lines (a trailing backslash) */
    char *joined = malloc(strlen(text) + 1);
    size_t n = 0;
    for (const char *s = text; joined && *s; s++) {
        if (*s == '\\' && (s[1] == '\n' || (s[1] == '\r' && s[2] == '\n'))) {
            s += s[1] == '\r' ? 2 : 1;
            while (s[1] == ' ' || s[1] == '\t')
                s++;
            continue;
        }
        if (*s != '\r')
            joined[n++] = *s;
    }
    free(text);
    if (!joined)
        return 1;
    joined[n] = '\0';
    uint32_t key = 0;
    int line_no = 0, failures = 0;
    char *save = NULL;
    for (char *line = strtok_r(joined, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        line_no++;
        while (*line == ' ' || *line == '\t')
            line++;
        NTSTATUS st = STATUS_SUCCESS;
        if (*line == '[') {
            if (key)
                nt_close_key(key);
            key = 0;
            bool remove = line[1] == '-';
            char *end = strrchr(line, ']');
            if (end)
                *end = '\0';
            char *path = reg_nt_path(line + 1 + remove);
            if (!path) {
                wb_error("%s:%d: unknown root key in %s", file, line_no, line + 1 + remove);
                failures++;
                continue;
            }
            if (remove) {
                uint32_t h;
                st = nt_open_key(0, path, KEY_WOW64_64KEY, &h);
                if (st == STATUS_SUCCESS) {
                    st = delete_tree(h);
                    nt_close_key(h);
                } else if (st == STATUS_OBJECT_NAME_NOT_FOUND) {
                    st = STATUS_SUCCESS;
                }
            } else {
                st = create_path(path, &key);
            }
            free(path);
        } else if ((*line == '"' || *line == '@') && key) {
            st = import_value(key, line, regedit4);
        }
        if (st != STATUS_SUCCESS) {
            wb_error("%s:%d: cannot import (NTSTATUS 0x%08x)", file, line_no, st);
            failures++;
        }
    }
    if (key)
        nt_close_key(key);
    free(joined);
    return failures ? 1 : 0;
}

int reg_cli(const char *prefix_dir, int argc, char **argv)
{
    static const char use[] =
        "usage: wowbox reg query KEY | reg export KEY [FILE] | reg import FILE.reg | reg check FILE.reg";
    bool query = argc == 2 && strcmp(argv[0], "query") == 0;
    bool export = (argc == 2 || argc == 3) && strcmp(argv[0], "export") == 0;
    bool imp = argc == 2 && strcmp(argv[0], "import") == 0;
    bool chk = argc == 2 && strcmp(argv[0], "check") == 0;
    if (!query && !export && !imp && !chk) {
        wb_error("%s", use);
        return 2;
    }
    static struct prefix prefix;
    static struct process cli;
    char err[1024];
    if (!prefix_open(&prefix, prefix_dir, err, sizeof err)) {
        wb_error("%s", err);
        return 1;
    }
    cli.prefix = &prefix; /* the default hive names the prefix's user */
    proc = &cli;
    NTSTATUS st = nt_registry_open(prefix.root);
    int rc = st != STATUS_SUCCESS ? (chk ? 2 : 1)
             : imp ? import(argv[1])
             : chk ? check(argv[1])
                   : dump(argv[1], export ? argv[2] : NULL, query);
    regstore_close();
    prefix_close(&prefix);
    proc = NULL;
    return rc;
}
