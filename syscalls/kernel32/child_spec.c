/* The parent-to-child hand-off of a created process (child_spec.h): a
 * small binary record, length-prefixed fields in host byte order (parent
 * and child are the same wowbox binary), checked field by field when read. */
#include "syscalls/kernel32/child_spec.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/handles.h"
#include "core/strbuf.h"
#include "syscalls/ntdll/nt_section.h"

#define SPEC_MAGIC "WBCHILD1"
#define SPEC_MAX_FIELD (64u << 20)
#define SPEC_MAX_HANDLES 4096u

const struct child_spec *child_spec_self;

static void put_u32(struct strbuf *b, uint32_t v)
{
    strbuf_put(b, (const char *)&v, 4);
}

static void put_bytes(struct strbuf *b, const void *p, size_t n)
{
    put_u32(b, (uint32_t)n);
    strbuf_put(b, p, n);
}

static void put_str(struct strbuf *b, const char *s)
{
    put_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

bool child_spec_write(int fd, const struct child_spec *spec)
{
    struct strbuf b;
    strbuf_init(&b);
    strbuf_put(&b, SPEC_MAGIC, 8);
    put_str(&b, spec->command_line);
    put_str(&b, spec->cwd);
    put_bytes(&b, spec->env, spec->env_units * 2);
    for (int i = 0; i < 3; i++)
        put_u32(&b, spec->std[i]);
    put_u32(&b, (uint32_t)spec->resume_fd);
    put_u32(&b, (uint32_t)spec->status_fd);
    put_u32(&b, spec->parent_pid);
    put_u32(&b, (uint32_t)spec->nhandles);
    for (size_t i = 0; i < spec->nhandles; i++) {
        const struct child_handle *h = &spec->handles[i];
        put_u32(&b, h->value);
        put_u32(&b, (uint32_t)h->fd);
        put_u32(&b, h->flags);
        put_u32(&b, h->append);
        put_str(&b, h->host_path);
        put_u32(&b, h->section.is);
        if (h->section.is) {
            put_u32(&b, h->section.access);
            put_u32(&b, h->section.prot);
            put_u32(&b, h->section.attrs);
            put_u32(&b, (uint32_t)h->section.size);
            put_u32(&b, (uint32_t)(h->section.size >> 32));
            put_u32(&b, h->section.file_backed);
            put_str(&b, h->section.name);
        }
    }
    bool ok = true;
    for (size_t off = 0; ok && off < b.len;) {
        ssize_t w = write(fd, b.data + off, b.len - off);
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    strbuf_free(&b);
    return ok;
}

/* ---- reading -------------------------------------------------------------- */

struct reader {
    const uint8_t *p, *end;
    bool bad;
};

static uint32_t get_u32(struct reader *r)
{
    uint32_t v = 0;
    if (r->end - r->p < 4) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

/* A malloc'd copy of a length-prefixed field plus two NUL bytes. */
static void *get_bytes(struct reader *r, size_t *len)
{
    uint32_t n = get_u32(r);
    if (r->bad || n > SPEC_MAX_FIELD || (size_t)(r->end - r->p) < n) {
        r->bad = true;
        return NULL;
    }
    char *s = malloc(n + 2);
    if (!s) {
        r->bad = true;
        return NULL;
    }
    memcpy(s, r->p, n);
    s[n] = s[n + 1] = 0;
    r->p += n;
    if (len)
        *len = n;
    return s;
}

static uint8_t *slurp(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    if (lseek(fd, 0, SEEK_SET) < 0) { /* a memfd: read from its start */
        free(buf);
        return NULL;
    }
    for (ssize_t r; buf; n += (size_t)r) {
        if (n == cap) {
            uint8_t *nb = cap < 4 * SPEC_MAX_FIELD ? realloc(buf, cap * 2) : NULL;
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
        r = read(fd, buf + n, cap - n);
        if (r <= 0) {
            if (r == 0) {
                *len = n;
                return buf;
            }
            break;
        }
    }
    free(buf);
    return NULL;
}

static bool parse(struct reader *r, struct child_spec *spec)
{
    if (r->end - r->p < 8 || memcmp(r->p, SPEC_MAGIC, 8) != 0)
        return false;
    r->p += 8;
    spec->command_line = get_bytes(r, NULL);
    spec->cwd = get_bytes(r, NULL);
    size_t env_bytes = 0;
    spec->env = get_bytes(r, &env_bytes);
    spec->env_units = env_bytes / 2;
    for (int i = 0; i < 3; i++)
        spec->std[i] = get_u32(r);
    spec->resume_fd = (int)get_u32(r);
    spec->status_fd = (int)get_u32(r);
    spec->parent_pid = get_u32(r);
    uint32_t n = get_u32(r);
    if (r->bad || n > SPEC_MAX_HANDLES)
        return false;
    spec->handles = calloc(n ? n : 1, sizeof *spec->handles);
    if (!spec->handles)
        return false;
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        struct child_handle *h = &spec->handles[i];
        h->value = get_u32(r);
        h->fd = (int)get_u32(r);
        h->flags = get_u32(r);
        h->append = get_u32(r) != 0;
        h->host_path = get_bytes(r, NULL);
        h->section.is = get_u32(r) != 0;
        if (h->section.is) {
            h->section.access = get_u32(r);
            h->section.prot = get_u32(r);
            h->section.attrs = get_u32(r);
            h->section.size = get_u32(r);
            h->section.size |= (uint64_t)get_u32(r) << 32;
            h->section.file_backed = get_u32(r) != 0;
            h->section.name = get_bytes(r, NULL);
            if (h->section.name && !*h->section.name) {
                free(h->section.name);
                h->section.name = NULL;
            }
        }
        spec->nhandles = i + 1;
        if (h->fd < 3 || (h->host_path && !*h->host_path)) {
            free(h->host_path);
            h->host_path = NULL;
        }
        if (h->fd < 3)
            r->bad = true; /* 0-2 are the standard streams */
    }
    return !r->bad && r->p == r->end && spec->env_units >= 1;
}

bool child_spec_read(int fd, struct child_spec *spec, char *err, size_t errsz)
{
    memset(spec, 0, sizeof *spec);
    spec->resume_fd = spec->status_fd = -1;
    size_t len = 0;
    uint8_t *data = slurp(fd, &len);
    if (!data) {
        snprintf(err, errsz, "cannot read the child-process spec from descriptor %d", fd);
        return false;
    }
    struct reader r = { data, data + len, false };
    bool ok = parse(&r, spec);
    free(data);
    if (!ok) {
        child_spec_free(spec);
        snprintf(err, errsz, "malformed child-process spec on descriptor %d", fd);
    }
    return ok;
}

void child_spec_free(struct child_spec *spec)
{
    free(spec->command_line);
    free(spec->cwd);
    free(spec->env);
    for (size_t i = 0; i < spec->nhandles; i++) {
        free(spec->handles[i].host_path);
        free(spec->handles[i].section.name);
    }
    free(spec->handles);
    memset(spec, 0, sizeof *spec);
    spec->resume_fd = spec->status_fd = -1;
}

/* ---- the child's side: handles back at their values ---------------------- */

/* An inherited section handle: a section object over the descriptor, at
 * the handle's value (nt_section.c). */
static bool restore_section(const struct child_handle *h)
{
    struct nt_section_export e = { h->fd, h->section.size, h->section.prot, h->section.attrs, h->section.access,
                                   h->section.file_backed, h->section.name };
    fcntl(h->fd, F_SETFD, FD_CLOEXEC);
    /* adopt owns the descriptor; a value the table cannot take is lost, as a bad one */
    if (nt_section_adopt(h->value, &e))
        handle_set_flags(h->value, ~0u, h->flags);
    return true;
}

static bool restore(const struct child_handle *h)
{
    if (h->section.is)
        return restore_section(h);
    struct handle_obj *o = calloc(1, sizeof *o);
    if (!o)
        return false;
    o->type = isatty(h->fd) ? HANDLE_CONSOLE : HANDLE_FILE;
    o->fd = h->fd;
    o->append = h->append;
    o->host_path = h->host_path ? strdup(h->host_path) : NULL;
    /* a grandchild gets it again only through the inherit flag */
    fcntl(h->fd, F_SETFD, FD_CLOEXEC);
    if (!handle_new_at(h->value, o)) {
        close(h->fd);
        free(o->host_path);
        free(o);
        return true; /* a value the table cannot take: the handle is lost, as a bad one */
    }
    handle_set_flags(h->value, ~0u, h->flags);
    return true;
}

bool child_spec_restore_handles(void)
{
    const struct child_spec *s = child_spec_self;
    for (size_t i = 0; s && i < s->nhandles; i++)
        if (!restore(&s->handles[i]))
            return false;
    return true;
}

void child_report_exit(uint32_t code)
{
    if (child_spec_self && child_spec_self->status_fd >= 0 && write(child_spec_self->status_fd, &code, 4) != 4)
        return; /* the parent then goes by the host exit status */
}
