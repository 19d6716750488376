/* SHGetFileInfo's SHGFI_EXETYPE, which command interpreters ask to learn
 * whether to wait for a program (a console program) or not: the answer
 * comes from the file's headers. Icons, display and type names need a
 * shell with its icon cache and file types, which wowbox does not have. */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/process.h"
#include "core/trace.h"
#include "loader/pe.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/ntdll/path.h"
#include "syscalls/shell32/api_args.h"
#include "syscalls/win32_errors.h"

#define SHGFI_EXETYPE 0x2000u
#define EXETYPE_MZ 0x5A4Du /* 'MZ' */
#define EXETYPE_PE 0x4550u /* 'PE' */
#define SUBSYSTEM_WINDOWS_GUI 2u

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* The type of the PE or MS-DOS program at host: LOWORD 'PE' with the
 * subsystem version in HIWORD for a GUI program, 0 there for a console
 * one; 'MZ' for an MS-DOS program; 0 for anything else. */
static uint32_t image_exe_type(const char *host)
{
    int fd = open(host, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 64 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED)
        return 0;
    uint32_t type = 0;
    struct pe_image img;
    if (!pe_parse(&img, data, size)) {
        if (!pe_is_dll(&img))
            type = img.subsystem == SUBSYSTEM_WINDOWS_GUI
                       ? EXETYPE_PE | (uint32_t)(img.major_subsystem << 8 | (img.minor_subsystem & 0xFF)) << 16
                       : EXETYPE_PE;
        pe_free(&img);
    } else if (data[0] == 'M' && data[1] == 'Z') {
        type = EXETYPE_MZ;
    }
    munmap(data, size);
    return type;
}

/* SHGFI_EXETYPE for a Windows path: batch files count as console
 * programs, .com files as MS-DOS ones. */
static uint32_t exe_type(const char *win)
{
    if (ends_with_ci(win, ".bat") || ends_with_ci(win, ".cmd"))
        return EXETYPE_PE;
    char host[4096];
    if (nt_dos_path_to_host(win, host, sizeof host) != 0)
        return 0;
    if (ends_with_ci(win, ".com"))
        return access(host, R_OK) == 0 ? EXETYPE_MZ : 0;
    return ends_with_ci(win, ".exe") ? image_exe_type(host) : 0;
}

/* Once per process, as an unimplemented export says so once. */
static void flags_unimplemented(const struct thunk_call *c, uint32_t flags)
{
    static atomic_bool said;
    if (atomic_exchange(&said, true))
        return;
    char where[96];
    describe_addr(c->ret_addr, where, sizeof where);
    wb_error("unimplemented shell32!%s flags %#x called from %s (icons, display and type names and attributes "
             "need a shell; only SHGFI_EXETYPE is answered): the call returns 0", c->entry->exp->name, flags, where);
}

static uint64_t get_file_info(const struct thunk_call *c, gaddr path, uint32_t flags, bool wide)
{
    if (flags != SHGFI_EXETYPE) {
        flags_unimplemented(c, flags);
        return 0;
    }
    uint32_t err = 0;
    char *win = k32_path_arg(path, wide, &err);
    if (!win)
        return 0;
    uint32_t type = exe_type(win);
    free(win);
    return type;
}

uint64_t shell32_SHGetFileInfoA(struct thunk_call *c)
{
    API_ARGS(shell32, SHGetFileInfoA, a);
    return get_file_info(c, a.pszPath, a.uFlags, false);
}

uint64_t shell32_SHGetFileInfoW(struct thunk_call *c)
{
    API_ARGS(shell32, SHGetFileInfoW, a);
    return get_file_info(c, a.pszPath, a.uFlags, true);
}
