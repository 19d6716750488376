/* Initialization files: Get/WritePrivateProfile* over an .ini file read
 * whole through the NT file layer (so paths are redirected as every other
 * file's), and the Get/WriteProfile* pair on win.ini. A name without a
 * directory is in the Windows directory, as on Windows. Sections and keys
 * match without regard to case; a file with a UTF-16 byte-order mark is
 * read and written as UTF-16, any other as ANSI. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/process.h"
#include "core/unicode.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/ini.h"
#include "syscalls/ntdll/nt_file.h"
#include "syscalls/win32_errors.h"

#define WINDOWS_DIR      "C:\\Windows\\"
#define WIN_INI          "win.ini"
#define GENERIC_READ     0x80000000u
#define GENERIC_WRITE    0x40000000u
#define SHARE_READ_WRITE 0x3u
#define CREATE_ALWAYS    2u
#define OPEN_EXISTING    3u
#define PROFILE_MAX      (16u << 20) /* larger files are no initialization files */
#define ERROR_WRITE_FAULT 29u

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

/* ---- the file ------------------------------------------------------------ */

/* A name without a directory is in the Windows directory. */
static char *profile_path(const char *file)
{
    if (strpbrk(file, "\\/:"))
        return strdup(file);
    char *p = malloc(sizeof WINDOWS_DIR + strlen(file));
    if (p)
        sprintf(p, "%s%s", WINDOWS_DIR, file);
    return p;
}

/* The file's bytes (malloc'd, NUL-terminated twice for UTF-16), or NULL
 * with *err: ERROR_FILE_NOT_FOUND when there is no such file. */
static uint8_t *read_all(const char *path, size_t *size, uint32_t *err)
{
    uint32_t h = k32_create_file(path, GENERIC_READ, SHARE_READ_WRITE, OPEN_EXISTING, 0, err);
    if (!h)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap + 2);
    for (uint32_t got = 1; buf && got;) {
        if (n == cap) {
            uint8_t *grown = cap < PROFILE_MAX ? realloc(buf, cap * 2 + 2) : NULL;
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        int64_t off = FILE_USE_FILE_POINTER_POSITION;
        got = 0;
        NTSTATUS st = nt_read_file(h, buf + n, (uint32_t)(cap - n), &off, &got);
        if (st && st != STATUS_END_OF_FILE)
            got = 0;
        n += got;
    }
    nt_close(h);
    if (!buf) {
        *err = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    buf[n] = buf[n + 1] = 0;
    *size = n;
    *err = 0;
    return buf;
}

/* Reads and parses the file; a missing file is an empty one (*err says so). */
static bool ini_load(const char *file, struct ini *ini, uint32_t *err)
{
    memset(ini, 0, sizeof *ini);
    char *path = profile_path(file);
    size_t n = 0;
    uint8_t *raw = path ? read_all(path, &n, err) : NULL;
    free(path);
    if (!raw)
        return *err == ERROR_FILE_NOT_FOUND || *err == ERROR_PATH_NOT_FOUND;
    char *text;
    if (n >= 2 && raw[0] == 0xFF && raw[1] == 0xFE) {
        ini->utf16 = true;
        text = utf16_to_utf8((const uint16_t *)(raw + 2), (n - 2) / 2);
    } else if (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
        text = strdup((char *)raw + 3);
    } else {
        text = ansi_to_utf8((char *)raw);
    }
    free(raw);
    bool ok = text && ini_parse(ini, text);
    free(text);
    if (!ok) {
        ini_free(ini);
        *err = ERROR_NOT_ENOUGH_MEMORY;
    }
    return ok;
}

static uint32_t ini_save(const char *file, const struct ini *ini)
{
    char *text = ini_serialize(ini), *path = profile_path(file);
    void *bytes = NULL;
    size_t n = 0;
    if (text && ini->utf16) {
        uint16_t *w = utf8_to_utf16(text, &n);
        bytes = w ? malloc(n * 2 + 2) : NULL;
        if (bytes) {
            memcpy(bytes, "\xFF\xFE", 2);
            memcpy((uint8_t *)bytes + 2, w, n * 2);
            n = n * 2 + 2;
        }
        free(w);
    } else if (text) {
        bytes = utf8_to_ansi(text);
        n = bytes ? strlen(bytes) : 0;
    }
    free(text);
    uint32_t err = ERROR_NOT_ENOUGH_MEMORY;
    uint32_t h = bytes && path ? k32_create_file(path, GENERIC_WRITE, SHARE_READ_WRITE, CREATE_ALWAYS, 0, &err) : 0;
    free(path);
    if (h) {
        int64_t off = FILE_USE_FILE_POINTER_POSITION;
        uint32_t done = 0;
        NTSTATUS st = nt_write_file(h, bytes, (uint32_t)n, &off, &done);
        err = st || done != n ? ERROR_WRITE_FAULT : 0;
        nt_close(h);
    }
    free(bytes);
    return err;
}

/* ---- guest strings ------------------------------------------------------- */

/* A string argument as UTF-8; NULL for a NULL pointer. *bad when unreadable. */
static char *str_arg(gaddr p, bool wide, bool *bad)
{
    if (!p)
        return NULL;
    uint32_t err = 0;
    char *s = k32_path_arg(p, wide, &err);
    if (!s)
        *bad = true;
    return s;
}

/* Result strings in the caller's encoding, each NUL-terminated. */
struct units {
    uint8_t *buf;
    size_t n; /* characters */
    bool wide;
};

static bool put_units(struct units *u, const char *s)
{
    size_t n = 0;
    void *conv = u->wide ? (void *)utf8_to_utf16(s, &n) : (void *)utf8_to_ansi(s);
    if (!conv)
        return false;
    if (!u->wide)
        n = strlen(conv);
    size_t unit = u->wide ? 2 : 1;
    uint8_t *grown = realloc(u->buf, (u->n + n + 1) * unit);
    if (!grown) {
        free(conv);
        return false;
    }
    memcpy(grown + u->n * unit, conv, n * unit);
    memset(grown + (u->n + n) * unit, 0, unit);
    free(conv);
    u->buf = grown;
    u->n += n + 1;
    return true;
}

/* One string into a buffer of size characters: truncated to size-1 and
 * terminated; returns the characters copied. */
static uint64_t copy_one(struct units *u, gaddr buf, uint32_t size)
{
    size_t unit = u->wide ? 2 : 1, n = u->n ? u->n - 1 : 0;
    uint64_t r = 0;
    if (size && buf) {
        n = n < size ? n : size - 1;
        static const uint8_t zero[2];
        r = gm_write(buf, u->buf, n * unit) && gm_write(buf + (gaddr)(n * unit), zero, unit) ? n : fail(ERROR_NOACCESS);
    }
    free(u->buf);
    return r;
}

/* A list of strings ending with an empty one; the count leaves out the
 * list's final NUL. When it does not fit, the list is cut and ends with
 * two NULs, and the count is size - 2. */
static uint64_t copy_list(struct units *u, gaddr buf, uint32_t size)
{
    size_t unit = u->wide ? 2 : 1, n = u->n;
    static const uint8_t zero[4];
    uint64_t r = 0;
    bool ok = true;
    if (size && buf && n + 1 <= size) {
        ok = gm_write(buf, u->buf, n * unit) && gm_write(buf + (gaddr)(n * unit), zero, unit);
        r = n;
    } else if (size >= 2 && buf) {
        ok = gm_write(buf, u->buf, (size - 2) * unit) && gm_write(buf + (gaddr)((size - 2) * unit), zero, 2 * unit);
        r = size - 2;
    } else if (size && buf) {
        ok = gm_write(buf, zero, unit);
    }
    free(u->buf);
    return ok ? r : fail(ERROR_NOACCESS);
}

/* ---- reading ------------------------------------------------------------- */

/* A value in matching quotes is given without them. */
static void unquote(char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        memmove(v, v + 1, n - 2);
        v[n - 2] = 0;
    }
}

static uint64_t get_string(gaddr app_p, gaddr key_p, gaddr def_p, gaddr buf, uint32_t size, const char *file, bool wide)
{
    bool bad = false;
    char *app = str_arg(app_p, wide, &bad), *key = str_arg(key_p, wide, &bad), *def = str_arg(def_p, wide, &bad);
    struct ini ini;
    uint32_t err = 0;
    struct units u = { .wide = wide };
    bool list = !app || !key, ok = !bad && ini_load(file, &ini, &err);
    if (ok && !app) {
        for (size_t i = 0; ok && i < ini.n; i++)
            ok = put_units(&u, ini.sections[i].name);
    } else if (ok && !key) {
        struct ini_section *s = ini_find_section(&ini, app);
        for (size_t j = 0; ok && s && j < s->nkeys; j++) /* a line without '=' names no key */
            ok = !s->keys[j].value || put_units(&u, s->keys[j].name);
    } else if (ok) {
        struct ini_key *k = ini_find_key(ini_find_section(&ini, app), key);
        char *v = k && k->value ? strdup(k->value) : def ? strdup(ini_strip(def)) : strdup("");
        if (v && k)
            unquote(v);
        ok = v && put_units(&u, v);
        free(v);
    }
    if (ok)
        ini_free(&ini);
    free(app);
    free(key);
    free(def);
    if (!ok) {
        free(u.buf);
        return fail(bad ? ERROR_NOACCESS : ERROR_NOT_ENOUGH_MEMORY);
    }
    uint64_t r = list ? copy_list(&u, buf, size) : copy_one(&u, buf, size);
    if (err)
        teb_set_last_error(err); /* the file was not there: the default, and why */
    return r;
}

uint64_t kernel32_GetPrivateProfileStringA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileStringA, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, false, &bad);
    uint64_t r = get_string(a.lpAppName, a.lpKeyName, a.lpDefault, a.lpReturnedString, a.nSize, file ? file : WIN_INI, false);
    free(file);
    return r;
}
uint64_t kernel32_GetPrivateProfileStringW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileStringW, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, true, &bad);
    uint64_t r = get_string(a.lpAppName, a.lpKeyName, a.lpDefault, a.lpReturnedString, a.nSize, file ? file : WIN_INI, true);
    free(file);
    return r;
}
uint64_t kernel32_GetProfileStringA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProfileStringA, a);
    return get_string(a.lpAppName, a.lpKeyName, a.lpDefault, a.lpReturnedString, a.nSize, WIN_INI, false);
}
uint64_t kernel32_GetProfileStringW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProfileStringW, a);
    return get_string(a.lpAppName, a.lpKeyName, a.lpDefault, a.lpReturnedString, a.nSize, WIN_INI, true);
}

/* The value's leading decimal number (0 when it has none); the default
 * when the key is missing or empty. */
static uint64_t get_int(gaddr app_p, gaddr key_p, int32_t def, const char *file, bool wide)
{
    bool bad = false;
    char *app = str_arg(app_p, wide, &bad), *key = str_arg(key_p, wide, &bad);
    struct ini ini;
    uint32_t err = 0;
    uint32_t r = (uint32_t)def;
    if (!bad && app && key && ini_load(file, &ini, &err)) {
        struct ini_key *k = ini_find_key(ini_find_section(&ini, app), key);
        if (k && k->value && *k->value) {
            unquote(k->value);
            r = (uint32_t)strtol(k->value, NULL, 10);
        }
        ini_free(&ini);
    }
    free(app);
    free(key);
    return r;
}

uint64_t kernel32_GetPrivateProfileIntA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileIntA, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, false, &bad);
    uint64_t r = get_int(a.lpAppName, a.lpKeyName, (int32_t)a.nDefault, file ? file : WIN_INI, false);
    free(file);
    return r;
}
uint64_t kernel32_GetPrivateProfileIntW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileIntW, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, true, &bad);
    uint64_t r = get_int(a.lpAppName, a.lpKeyName, (int32_t)a.nDefault, file ? file : WIN_INI, true);
    free(file);
    return r;
}
uint64_t kernel32_GetProfileIntA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProfileIntA, a);
    return get_int(a.lpAppName, a.lpKeyName, (int32_t)a.nDefault, WIN_INI, false);
}
uint64_t kernel32_GetProfileIntW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProfileIntW, a);
    return get_int(a.lpAppName, a.lpKeyName, (int32_t)a.nDefault, WIN_INI, true);
}

/* "key=value" strings of a section, or the section names (app NULL). */
static uint64_t get_section(gaddr app_p, gaddr buf, uint32_t size, const char *file, bool wide, bool names)
{
    bool bad = false;
    char *app = names ? NULL : str_arg(app_p, wide, &bad);
    struct ini ini;
    uint32_t err = 0;
    struct units u = { .wide = wide };
    bool ok = !bad && (names || app) && ini_load(file, &ini, &err);
    if (ok) {
        struct ini_section *s = names ? NULL : ini_find_section(&ini, app);
        for (size_t i = 0; ok && names && i < ini.n; i++)
            ok = put_units(&u, ini.sections[i].name);
        for (size_t j = 0; ok && s && j < s->nkeys; j++) {
            char *line = malloc(strlen(s->keys[j].name) + (s->keys[j].value ? strlen(s->keys[j].value) : 0) + 2);
            if (line)
                sprintf(line, "%s%s%s", s->keys[j].name, s->keys[j].value ? "=" : "",
                        s->keys[j].value ? s->keys[j].value : "");
            ok = line && put_units(&u, line);
            free(line);
        }
        ini_free(&ini);
    }
    free(app);
    if (!ok && (bad || (!names && !app_p))) {
        free(u.buf);
        return fail(bad ? ERROR_NOACCESS : ERROR_INVALID_PARAMETER);
    }
    if (!ok)
        u.n = 0;
    return copy_list(&u, buf, size);
}

uint64_t kernel32_GetPrivateProfileSectionA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileSectionA, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, false, &bad);
    uint64_t r = get_section(a.lpAppName, a.lpReturnedString, a.nSize, file ? file : WIN_INI, false, false);
    free(file);
    return r;
}
uint64_t kernel32_GetPrivateProfileSectionW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileSectionW, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, true, &bad);
    uint64_t r = get_section(a.lpAppName, a.lpReturnedString, a.nSize, file ? file : WIN_INI, true, false);
    free(file);
    return r;
}
uint64_t kernel32_GetProfileSectionA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProfileSectionA, a);
    return get_section(a.lpAppName, a.lpReturnedString, a.nSize, WIN_INI, false, false);
}
uint64_t kernel32_GetProfileSectionW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetProfileSectionW, a);
    return get_section(a.lpAppName, a.lpReturnedString, a.nSize, WIN_INI, true, false);
}
uint64_t kernel32_GetPrivateProfileSectionNamesA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileSectionNamesA, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, false, &bad);
    uint64_t r = get_section(0, a.lpszReturnBuffer, a.nSize, file ? file : WIN_INI, false, true);
    free(file);
    return r;
}
uint64_t kernel32_GetPrivateProfileSectionNamesW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileSectionNamesW, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, true, &bad);
    uint64_t r = get_section(0, a.lpszReturnBuffer, a.nSize, file ? file : WIN_INI, true, true);
    free(file);
    return r;
}

/* ---- writing ------------------------------------------------------------- */

static uint64_t write_string(gaddr app_p, gaddr key_p, gaddr str_p, const char *file, bool wide)
{
    if (!app_p && !key_p && !str_p)
        return 0; /* "flush the cache" (nothing is cached), which Windows answers with FALSE */
    if (!app_p)
        return fail(ERROR_INVALID_PARAMETER);
    bool bad = false;
    char *app = str_arg(app_p, wide, &bad), *key = str_arg(key_p, wide, &bad), *str = str_arg(str_p, wide, &bad);
    struct ini ini;
    uint32_t err = bad ? ERROR_NOACCESS : 0;
    if (!bad && ini_load(file, &ini, &err)) {
        err = ini_set(&ini, app, key, str) ? ini_save(file, &ini) : ERROR_NOT_ENOUGH_MEMORY;
        ini_free(&ini);
    }
    free(app);
    free(key);
    free(str);
    return err ? fail(err) : 1;
}

uint64_t kernel32_WritePrivateProfileStringA(struct thunk_call *c)
{
    API_ARGS(kernel32, WritePrivateProfileStringA, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, false, &bad);
    uint64_t r = write_string(a.lpAppName, a.lpKeyName, a.lpString, file ? file : WIN_INI, false);
    free(file);
    return r;
}
uint64_t kernel32_WritePrivateProfileStringW(struct thunk_call *c)
{
    API_ARGS(kernel32, WritePrivateProfileStringW, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, true, &bad);
    uint64_t r = write_string(a.lpAppName, a.lpKeyName, a.lpString, file ? file : WIN_INI, true);
    free(file);
    return r;
}
uint64_t kernel32_WriteProfileStringA(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteProfileStringA, a);
    return write_string(a.lpAppName, a.lpKeyName, a.lpString, WIN_INI, false);
}
uint64_t kernel32_WriteProfileStringW(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteProfileStringW, a);
    return write_string(a.lpAppName, a.lpKeyName, a.lpString, WIN_INI, true);
}

/* A section's new contents: "key=value" strings up to an empty one
 * (NULL: the section goes). */
static uint64_t write_section(gaddr app_p, gaddr list, const char *file, bool wide)
{
    bool bad = false;
    char *app = str_arg(app_p, wide, &bad);
    struct ini ini;
    uint32_t err = bad ? ERROR_NOACCESS : !app ? ERROR_INVALID_PARAMETER : 0;
    if (!err && ini_load(file, &ini, &err)) {
        bool ok = ini_set(&ini, app, NULL, NULL);
        struct ini_section *s = list && ok ? ini_add_section(&ini, app) : NULL;
        ok = ok && (!list || s);
        for (gaddr p = list; ok && p;) {
            char *line = str_arg(p, wide, &bad);
            if (!line || !*line) {
                ok = line != NULL;
                free(line);
                break;
            }
            size_t units = 0;
            if (wide) {
                uint16_t *w = utf8_to_utf16(line, &units);
                free(w);
            } else {
                char *ansi = utf8_to_ansi(line);
                units = ansi ? strlen(ansi) : 0;
                free(ansi);
            }
            p += (gaddr)((units + 1) * (wide ? 2 : 1));
            char *eq = strchr(line, '=');
            if (eq)
                *eq = 0;
            ok = ini_add_key(s, ini_strip(line), eq ? ini_strip(eq + 1) : NULL);
            free(line);
        }
        err = bad ? ERROR_NOACCESS : ok ? ini_save(file, &ini) : ERROR_NOT_ENOUGH_MEMORY;
        ini_free(&ini);
    }
    free(app);
    return err ? fail(err) : 1;
}

uint64_t kernel32_WritePrivateProfileSectionA(struct thunk_call *c)
{
    API_ARGS(kernel32, WritePrivateProfileSectionA, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, false, &bad);
    uint64_t r = write_section(a.lpAppName, a.lpString, file ? file : WIN_INI, false);
    free(file);
    return r;
}
uint64_t kernel32_WritePrivateProfileSectionW(struct thunk_call *c)
{
    API_ARGS(kernel32, WritePrivateProfileSectionW, a);
    bool bad = false;
    char *file = str_arg(a.lpFileName, true, &bad);
    uint64_t r = write_section(a.lpAppName, a.lpString, file ? file : WIN_INI, true);
    free(file);
    return r;
}
uint64_t kernel32_WriteProfileSectionA(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteProfileSectionA, a);
    return write_section(a.lpAppName, a.lpString, WIN_INI, false);
}
uint64_t kernel32_WriteProfileSectionW(struct thunk_call *c)
{
    API_ARGS(kernel32, WriteProfileSectionW, a);
    return write_section(a.lpAppName, a.lpString, WIN_INI, true);
}

/* ---- structures: hex bytes and a checksum byte (their sum) --------------- */

static uint64_t write_struct(gaddr app_p, gaddr key_p, gaddr data, uint32_t size, gaddr file_p, bool wide)
{
    bool bad = false;
    char *file = str_arg(file_p, wide, &bad), *app = str_arg(app_p, wide, &bad), *key = str_arg(key_p, wide, &bad);
    uint8_t *bytes = data ? malloc(size ? size : 1) : NULL;
    char *hex = malloc((size_t)size * 2 + 3);
    uint32_t err = bad ? ERROR_NOACCESS : !app ? ERROR_INVALID_PARAMETER : !hex ? ERROR_NOT_ENOUGH_MEMORY : 0;
    if (!err && data && (!bytes || !gm_read(data, bytes, size)))
        err = ERROR_NOACCESS;
    struct ini ini;
    if (!err && ini_load(file ? file : WIN_INI, &ini, &err)) {
        uint8_t sum = 0;
        for (uint32_t i = 0; data && i < size; i++) {
            sprintf(hex + 2 * i, "%02X", bytes[i]);
            sum = (uint8_t)(sum + bytes[i]);
        }
        if (data)
            sprintf(hex + 2 * (size_t)size, "%02X", sum);
        err = ini_set(&ini, app, key, data ? hex : NULL) ? ini_save(file ? file : WIN_INI, &ini) : ERROR_NOT_ENOUGH_MEMORY;
        ini_free(&ini);
    }
    free(bytes);
    free(hex);
    free(file);
    free(app);
    free(key);
    return err ? fail(err) : 1;
}

static int hex_digit(char ch)
{
    return isdigit((unsigned char)ch) ? ch - '0' : isxdigit((unsigned char)ch) ? (toupper((unsigned char)ch) - 'A' + 10) : -1;
}

/* FALSE with ERROR_BAD_LENGTH when the value holds another size, with
 * ERROR_INVALID_DATA when its checksum or digits are wrong. */
static uint64_t get_struct(gaddr app_p, gaddr key_p, gaddr data, uint32_t size, gaddr file_p, bool wide)
{
    bool bad = false;
    char *file = str_arg(file_p, wide, &bad), *app = str_arg(app_p, wide, &bad), *key = str_arg(key_p, wide, &bad);
    struct ini ini;
    uint32_t err = bad ? ERROR_NOACCESS : !app || !key ? ERROR_INVALID_PARAMETER : 0;
    if (!err && ini_load(file ? file : WIN_INI, &ini, &err)) {
        struct ini_key *k = ini_find_key(ini_find_section(&ini, app), key);
        const char *v = k && k->value ? k->value : NULL;
        err = !v ? ERROR_FILE_NOT_FOUND : strlen(v) != (size_t)size * 2 + 2 ? ERROR_BAD_LENGTH : 0;
        uint8_t sum = 0;
        uint8_t *bytes = err ? NULL : malloc((size_t)size + 1);
        for (uint32_t i = 0; !err && bytes && i <= size; i++) {
            int hi = hex_digit(v[2 * i]), lo = hex_digit(v[2 * i + 1]);
            if (hi < 0 || lo < 0)
                err = ERROR_INVALID_DATA;
            else
                bytes[i] = (uint8_t)(hi << 4 | lo);
            if (!err && i < size)
                sum = (uint8_t)(sum + bytes[i]);
        }
        if (!err && !bytes)
            err = ERROR_NOT_ENOUGH_MEMORY;
        if (!err && bytes[size] != sum)
            err = ERROR_INVALID_DATA;
        if (!err && !gm_write(data, bytes, size))
            err = ERROR_NOACCESS;
        free(bytes);
        ini_free(&ini);
    }
    free(file);
    free(app);
    free(key);
    return err ? fail(err) : 1;
}

uint64_t kernel32_WritePrivateProfileStructA(struct thunk_call *c)
{
    API_ARGS(kernel32, WritePrivateProfileStructA, a);
    return write_struct(a.lpszSection, a.lpszKey, a.lpStruct, a.uSizeStruct, a.szFile, false);
}
uint64_t kernel32_WritePrivateProfileStructW(struct thunk_call *c)
{
    API_ARGS(kernel32, WritePrivateProfileStructW, a);
    return write_struct(a.lpszSection, a.lpszKey, a.lpStruct, a.uSizeStruct, a.szFile, true);
}
uint64_t kernel32_GetPrivateProfileStructA(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileStructA, a);
    return get_struct(a.lpszSection, a.lpszKey, a.lpStruct, a.uSizeStruct, a.szFile, false);
}
uint64_t kernel32_GetPrivateProfileStructW(struct thunk_call *c)
{
    API_ARGS(kernel32, GetPrivateProfileStructW, a);
    return get_struct(a.lpszSection, a.lpszKey, a.lpStruct, a.uSizeStruct, a.szFile, true);
}
