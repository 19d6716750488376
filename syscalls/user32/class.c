/* Window classes without windows: RegisterClass(Ex) keeps a real record
 * per module and name (CS_GLOBALCLASS ones visible from every module),
 * GetClassInfo(Ex) reads it back, UnregisterClass drops it, so programs
 * that register their classes first get Windows' answers (atoms,
 * ERROR_CLASS_ALREADY_EXISTS, ERROR_CLASS_DOES_NOT_EXIST) and fail only
 * where they create the window. The system's classes (BUTTON, EDIT, the
 * dialog class...) exist for CreateWindowEx but have no record here: they
 * have no window procedure to report. */
#include "syscalls/user32/class.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/process.h"
#include "loader/module.h"
#include "syscalls/api.h"
#include "syscalls/nls.h"
#include "syscalls/struct32_pin.h"
#include "syscalls/user32/api_args.h"
#include "syscalls/win32_errors.h"

#define ERROR_NOACCESS_               998u
#define ERROR_CLASS_ALREADY_EXISTS    1410u
#define ERROR_CLASS_DOES_NOT_EXIST    1411u
#define CS_GLOBALCLASS                0x4000u
#define MAX_CLASS_NAME                255u  /* an atom's name */
#define FIRST_CLASS_ATOM              0xC000u /* string atoms: 0xC000-0xFFFF */

/* WNDCLASSEXA/W; WNDCLASSA/W is the same without cbSize and hIconSm. */
typedef struct {
    uint32_t cbSize, style, lpfnWndProc;
    int32_t cbClsExtra, cbWndExtra;
    uint32_t hInstance, hIcon, hCursor, hbrBackground, lpszMenuName, lpszClassName, hIconSm;
} WNDCLASSEX32;
PIN(WNDCLASSEX32, style, 4);
PIN(WNDCLASSEX32, hInstance, 20);
PIN(WNDCLASSEX32, lpszClassName, 40);
PIN_SIZE(WNDCLASSEX32, 48);
#define WNDCLASS_SIZE 40u /* WNDCLASSEX32 from style to lpszClassName */

struct wnd_class {
    uint16_t atom;
    uint16_t *name; /* NULL for a class registered by an integer atom */
    size_t name_len;
    WNDCLASSEX32 wc;  /* as registered; lpszMenuName, lpszClassName unused */
    uint32_t menu_id;              /* a MAKEINTRESOURCE menu name, else 0 */
    gaddr menu_a, menu_w;          /* copies on the process heap */
    struct wnd_class *next;
};

/* Class atoms, one per name for the life of the process (a name
 * registered again gets its atom back, as Windows' atom table does while
 * it holds the name). */
struct atom_name {
    uint16_t *name;
    size_t len;
    uint16_t atom;
    struct atom_name *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct wnd_class *classes;
static struct atom_name *atoms;
static uint16_t next_atom = FIRST_CLASS_ATOM;

static const char *const system_classes[] = {
    "Button", "Edit", "Static", "ListBox", "ComboBox", "ComboLBox", "ScrollBar", "MDIClient",
    "#32768", "#32769", "#32770", "#32771", "#32772", "Message",
};

/* A class name as the APIs take it: an atom below 0x10000, or a string. */
struct class_name {
    uint16_t atom; /* nonzero: given as an atom */
    uint16_t *str;
    size_t len;
};

static bool same_name(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
    return nb == na && nls_compare_ordinal(a, na, b, nb, true) == 2; /* CSTR_EQUAL */
}

/* false: unreadable (ERROR_NOACCESS) or too long (ERROR_INVALID_PARAMETER). */
static bool read_name(gaddr p, bool wide, struct class_name *n, uint32_t *err)
{
    memset(n, 0, sizeof *n);
    if (p < 0x10000u) {
        n->atom = (uint16_t)p;
        *err = ERROR_INVALID_PARAMETER;
        return p != 0;
    }
    if (wide) {
        n->str = gm_wcsdup(p, &n->len);
    } else {
        char *a = gm_strdup(p);
        n->len = a ? strlen(a) : 0;
        n->str = a ? nls_ansi_to_w(a, n->len) : NULL;
        free(a);
    }
    *err = n->str ? ERROR_INVALID_PARAMETER : ERROR_NOACCESS_;
    return n->str && n->len > 0 && n->len <= MAX_CLASS_NAME;
}

static bool matches(const struct wnd_class *k, const struct class_name *n)
{
    if (n->atom)
        return k->atom == n->atom;
    return k->name && same_name(k->name, k->name_len, n->str, n->len);
}

/* The class `n` of module `instance`: its own (local) class, else a
 * global one of any module. Called with the lock held. */
static struct wnd_class *find(const struct class_name *n, gaddr instance)
{
    for (struct wnd_class *k = classes; k; k = k->next)
        if (!(k->wc.style & CS_GLOBALCLASS) && k->wc.hInstance == instance && matches(k, n))
            return k;
    for (struct wnd_class *k = classes; k; k = k->next)
        if ((k->wc.style & CS_GLOBALCLASS) && matches(k, n))
            return k;
    return NULL;
}

static uint16_t atom_for(const uint16_t *name, size_t len)
{
    for (struct atom_name *a = atoms; a; a = a->next)
        if (same_name(a->name, a->len, name, len))
            return a->atom;
    struct atom_name *a = calloc(1, sizeof *a);
    if (!a || next_atom == 0)
        return free(a), 0;
    a->name = malloc(len * sizeof *name);
    if (!a->name)
        return free(a), 0;
    memcpy(a->name, name, len * sizeof *name);
    a->len = len;
    a->atom = next_atom++;
    a->next = atoms;
    atoms = a;
    return a->atom;
}

/* The exe's module handle: what a NULL hInstance registers under. */
static gaddr instance_or_exe(gaddr instance)
{
    const struct module *exe = instance ? NULL : module_exe();
    return exe ? exe->base : instance;
}

/* The menu name in both encodings, copied onto the process heap (the
 * caller's string may go away; GetClassInfoA/W hand out a pointer). */
static bool copy_menu_name(struct wnd_class *k, gaddr p, bool wide)
{
    if (p < 0x10000u) {
        k->menu_id = p;
        return true;
    }
    size_t n = 0;
    uint16_t *w = NULL;
    char *a = NULL;
    if (wide) {
        w = gm_wcsdup(p, &n);
        a = w ? nls_w_to_ansi(w, n) : NULL;
    } else {
        a = gm_strdup(p);
        n = a ? strlen(a) : 0;
        w = a ? nls_ansi_to_w(a, n) : NULL;
    }
    bool ok = a && w;
    if (ok) {
        k->menu_a = heap_alloc(proc->process_heap, (uint32_t)strlen(a) + 1, 0);
        k->menu_w = heap_alloc(proc->process_heap, (uint32_t)(n + 1) * 2, 0);
        ok = k->menu_a && k->menu_w && gm_write(k->menu_a, a, strlen(a) + 1) &&
             gm_write(k->menu_w, w, (n + 1) * 2);
    }
    free(a);
    free(w);
    return ok;
}

static void drop(struct wnd_class *k)
{
    if (k->menu_a)
        heap_free(proc->process_heap, k->menu_a);
    if (k->menu_w)
        heap_free(proc->process_heap, k->menu_w);
    free(k->name);
    free(k);
}

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static uint64_t register_class(const WNDCLASSEX32 *wc, bool wide)
{
    struct class_name n;
    uint32_t err;
    if (wc->cbClsExtra < 0 || wc->cbWndExtra < 0 || !read_name(wc->lpszClassName, wide, &n, &err))
        return free(n.str), fail(ERROR_INVALID_PARAMETER);
    struct wnd_class *k = calloc(1, sizeof *k);
    if (!k)
        return free(n.str), fail(ERROR_NOT_ENOUGH_MEMORY);
    k->wc = *wc;
    k->wc.hInstance = instance_or_exe(wc->hInstance);
    k->name = n.str;
    k->name_len = n.len;
    if (!copy_menu_name(k, wc->lpszMenuName, wide)) {
        drop(k);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    pthread_mutex_lock(&lock);
    /* a module's class of that name, or a global one when this is global */
    struct wnd_class *old = find(&n, k->wc.hInstance);
    bool clash = old && (old->wc.hInstance == k->wc.hInstance ||
                         ((old->wc.style & CS_GLOBALCLASS) && (wc->style & CS_GLOBALCLASS)));
    uint16_t atom = clash ? 0 : n.atom ? n.atom : atom_for(n.str, n.len);
    if (atom) {
        k->atom = atom;
        k->next = classes;
        classes = k;
    }
    pthread_mutex_unlock(&lock);
    if (!atom) {
        drop(k);
        return fail(clash ? ERROR_CLASS_ALREADY_EXISTS : ERROR_NOT_ENOUGH_MEMORY);
    }
    return atom;
}

/* RegisterClass(A/W): a WNDCLASS, i.e. a WNDCLASSEX from its second field on. */
static uint64_t register_plain(gaddr p, bool wide)
{
    WNDCLASSEX32 wc = { 0 };
    if (!p || !gm_read(p, &wc.style, WNDCLASS_SIZE))
        return fail(ERROR_NOACCESS_);
    wc.cbSize = sizeof wc;
    return register_class(&wc, wide);
}

static uint64_t register_ex(gaddr p, bool wide)
{
    WNDCLASSEX32 wc;
    if (!p || !gm_read(p, &wc, sizeof wc))
        return fail(ERROR_NOACCESS_);
    if (wc.cbSize != sizeof wc)
        return fail(ERROR_INVALID_PARAMETER);
    return register_class(&wc, wide);
}

uint64_t user32_RegisterClassA(struct thunk_call *c)
{
    API_ARGS(user32, RegisterClassA, a);
    return register_plain(a.lpWndClass, false);
}
uint64_t user32_RegisterClassW(struct thunk_call *c)
{
    API_ARGS(user32, RegisterClassW, a);
    return register_plain(a.lpWndClass, true);
}
uint64_t user32_RegisterClassExA(struct thunk_call *c)
{
    API_ARGS(user32, RegisterClassExA, a);
    return register_ex(a.lpWndClassEx, false);
}
uint64_t user32_RegisterClassExW(struct thunk_call *c)
{
    API_ARGS(user32, RegisterClassExW, a);
    return register_ex(a.lpWndClassEx, true);
}

/* GetClassInfo(Ex): the record, the menu name in the caller's encoding,
 * lpszClassName the caller's own argument; the class atom as the result,
 * as Windows returns it. A NULL instance finds global classes only. */
static uint64_t class_info(gaddr instance, gaddr name, gaddr out, bool wide, bool ex)
{
    struct class_name n;
    uint32_t err;
    if (!read_name(name, wide, &n, &err)) {
        free(n.str);
        return fail(err == ERROR_NOACCESS_ ? err : ERROR_CLASS_DOES_NOT_EXIST);
    }
    pthread_mutex_lock(&lock);
    const struct wnd_class *k = find(&n, instance);
    WNDCLASSEX32 wc = k ? k->wc : (WNDCLASSEX32){ 0 };
    uint16_t atom = k ? k->atom : 0;
    uint32_t menu = k ? (k->menu_id ? k->menu_id : wide ? k->menu_w : k->menu_a) : 0;
    pthread_mutex_unlock(&lock);
    free(n.str);
    if (!atom)
        return fail(ERROR_CLASS_DOES_NOT_EXIST);
    wc.lpszMenuName = menu;
    wc.lpszClassName = name;
    bool ok = ex ? gm_write(out + 4, &wc.style, sizeof wc - 4) : gm_write(out, &wc.style, WNDCLASS_SIZE);
    return ok ? atom : fail(ERROR_NOACCESS_);
}

uint64_t user32_GetClassInfoA(struct thunk_call *c)
{
    API_ARGS(user32, GetClassInfoA, a);
    return class_info(a.hInstance, a.lpClassName, a.lpWndClass, false, false);
}
uint64_t user32_GetClassInfoW(struct thunk_call *c)
{
    API_ARGS(user32, GetClassInfoW, a);
    return class_info(a.hInstance, a.lpClassName, a.lpWndClass, true, false);
}
uint64_t user32_GetClassInfoExA(struct thunk_call *c)
{
    API_ARGS(user32, GetClassInfoExA, a);
    return class_info(a.hInstance, a.lpszClass, a.lpwcx, false, true);
}
uint64_t user32_GetClassInfoExW(struct thunk_call *c)
{
    API_ARGS(user32, GetClassInfoExW, a);
    return class_info(a.hInstance, a.lpszClass, a.lpwcx, true, true);
}

/* The class of that module (NULL: the program) and name, global or not. */
static uint64_t unregister(gaddr name, gaddr instance, bool wide)
{
    struct class_name n;
    uint32_t err;
    if (!read_name(name, wide, &n, &err)) {
        free(n.str);
        return fail(err == ERROR_NOACCESS_ ? err : ERROR_CLASS_DOES_NOT_EXIST);
    }
    instance = instance_or_exe(instance);
    struct wnd_class *found = NULL;
    pthread_mutex_lock(&lock);
    for (struct wnd_class **pp = &classes; *pp; pp = &(*pp)->next)
        if ((*pp)->wc.hInstance == instance && matches(*pp, &n)) {
            found = *pp;
            *pp = found->next;
            break;
        }
    pthread_mutex_unlock(&lock);
    free(n.str);
    if (!found)
        return fail(ERROR_CLASS_DOES_NOT_EXIST);
    drop(found);
    return 1;
}

uint64_t user32_UnregisterClassA(struct thunk_call *c)
{
    API_ARGS(user32, UnregisterClassA, a);
    return unregister(a.lpClassName, a.hInstance, false);
}
uint64_t user32_UnregisterClassW(struct thunk_call *c)
{
    API_ARGS(user32, UnregisterClassW, a);
    return unregister(a.lpClassName, a.hInstance, true);
}

static bool is_system_class(const struct class_name *n)
{
    for (size_t i = 0; !n->atom && i < sizeof system_classes / sizeof *system_classes; i++) {
        size_t len = strlen(system_classes[i]);
        uint16_t *w = nls_ansi_to_w(system_classes[i], len);
        bool same = w && same_name(w, len, n->str, n->len);
        free(w);
        if (same)
            return true;
    }
    return false;
}

bool user32_class_known(gaddr name, bool wide, gaddr instance)
{
    struct class_name n;
    uint32_t err;
    if (!read_name(name, wide, &n, &err)) {
        free(n.str);
        return false;
    }
    pthread_mutex_lock(&lock);
    bool known = find(&n, instance_or_exe(instance)) != NULL;
    pthread_mutex_unlock(&lock);
    known = known || is_system_class(&n);
    free(n.str);
    return known;
}
