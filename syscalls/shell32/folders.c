/* The special folders (CSIDL_*) of the prefix, as Windows lays them out for
 * a 32-bit program on a 64-bit system (Program Files and System are the
 * x86 ones). A folder that does not exist is created with
 * CSIDL_FLAG_CREATE, else reported missing; CSIDL_FLAG_DONT_VERIFY gives
 * the path either way. Virtual folders (no file-system path) and unknown
 * ids fail with E_INVALIDARG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "redirect/prefix.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/file.h"
#include "syscalls/kernel32/fs.h"
#include "syscalls/shell32/api_args.h"
#include "syscalls/shell32/folders.h"
#include "syscalls/win32_errors.h"

#define CSIDL_FLAG_DONT_VERIFY FOLDER_DONT_VERIFY
#define CSIDL_FLAG_CREATE      FOLDER_CREATE
#define CSIDL_FLAG_MASK        0xFF00u
#define MAX_PATH_CHARS         260u
#define S_OK                   0u
#define E_INVALIDARG           0x80070057u
#define HRESULT_FILE_NOT_FOUND 0x80070002u /* HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) */
#define HRESULT_FROM_WIN32(e)  (0x80070000u | ((e) & 0xFFFFu))

/* "%P" stands for the user's profile, C:\Users\<user>. */
static const struct folder {
    uint32_t csidl;
    const char *path;
} folders[] = {
    { 0x00, "%P\\Desktop" },                                       /* CSIDL_DESKTOP */
    { 0x02, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs" }, /* CSIDL_PROGRAMS */
    { 0x05, "%P\\Documents" },                                     /* CSIDL_PERSONAL */
    { 0x06, "%P\\Favorites" },                                     /* CSIDL_FAVORITES */
    { 0x07, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup" },
    { 0x08, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Recent" },
    { 0x09, "%P\\AppData\\Roaming\\Microsoft\\Windows\\SendTo" },
    { 0x0B, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu" },
    { 0x0D, "%P\\Music" },                                         /* CSIDL_MYMUSIC */
    { 0x0E, "%P\\Videos" },                                        /* CSIDL_MYVIDEO */
    { 0x10, "%P\\Desktop" },                                       /* CSIDL_DESKTOPDIRECTORY */
    { 0x13, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Network Shortcuts" },
    { 0x14, "C:\\Windows\\Fonts" },                                /* CSIDL_FONTS */
    { 0x15, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Templates" },
    { 0x16, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu" },   /* CSIDL_COMMON_STARTMENU */
    { 0x17, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs" },
    { 0x18, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Startup" },
    { 0x19, "C:\\Users\\Public\\Desktop" },                        /* CSIDL_COMMON_DESKTOPDIRECTORY */
    { 0x1A, "%P\\AppData\\Roaming" },                              /* CSIDL_APPDATA */
    { 0x1B, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Printer Shortcuts" },
    { 0x1C, "%P\\AppData\\Local" },                                /* CSIDL_LOCAL_APPDATA */
    { 0x1F, "%P\\Favorites" },                                     /* CSIDL_COMMON_FAVORITES */
    { 0x20, "%P\\AppData\\Local\\Microsoft\\Windows\\INetCache" }, /* CSIDL_INTERNET_CACHE */
    { 0x21, "%P\\AppData\\Local\\Microsoft\\Windows\\INetCookies" },
    { 0x22, "%P\\AppData\\Local\\Microsoft\\Windows\\History" },
    { 0x23, "C:\\ProgramData" },                                   /* CSIDL_COMMON_APPDATA */
    { 0x24, "C:\\Windows" },                                       /* CSIDL_WINDOWS */
    { 0x25, "C:\\Windows\\SysWOW64" },                             /* CSIDL_SYSTEM, as a 32-bit program sees it */
    { 0x26, "C:\\Program Files (x86)" },                           /* CSIDL_PROGRAM_FILES, likewise */
    { 0x27, "%P\\Pictures" },                                      /* CSIDL_MYPICTURES */
    { 0x28, "%P" },                                                /* CSIDL_PROFILE */
    { 0x29, "C:\\Windows\\SysWOW64" },                             /* CSIDL_SYSTEMX86 */
    { 0x2A, "C:\\Program Files (x86)" },                           /* CSIDL_PROGRAM_FILESX86 */
    { 0x2B, "C:\\Program Files (x86)\\Common Files" },             /* CSIDL_PROGRAM_FILES_COMMON */
    { 0x2C, "C:\\Program Files (x86)\\Common Files" },             /* CSIDL_PROGRAM_FILES_COMMONX86 */
    { 0x2D, "C:\\ProgramData\\Microsoft\\Windows\\Templates" },    /* CSIDL_COMMON_TEMPLATES */
    { 0x2E, "C:\\Users\\Public\\Documents" },                      /* CSIDL_COMMON_DOCUMENTS */
    { 0x2F, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Administrative Tools" },
    { 0x30, "%P\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Administrative Tools" },
    { 0x35, "C:\\Users\\Public\\Music" },                          /* CSIDL_COMMON_MUSIC */
    { 0x36, "C:\\Users\\Public\\Pictures" },                       /* CSIDL_COMMON_PICTURES */
    { 0x37, "C:\\Users\\Public\\Videos" },                         /* CSIDL_COMMON_VIDEO */
    { 0x38, "C:\\Windows\\resources" },                            /* CSIDL_RESOURCES */
    { 0x3B, "%P\\AppData\\Local\\Microsoft\\Windows\\Burn\\Burn" }, /* CSIDL_CDBURN_AREA */
};

static const char *user_name(void)
{
    return proc && proc->prefix && proc->prefix->user ? proc->prefix->user : "user";
}

const char *shell32_csidl_template(uint32_t csidl)
{
    for (size_t i = 0; i < sizeof folders / sizeof *folders; i++)
        if (folders[i].csidl == csidl)
            return folders[i].path;
    return NULL;
}

/* The template with "%P" expanded. */
static void expand(const char *p, char *out, size_t size)
{
    if (!strncmp(p, "%P", 2))
        snprintf(out, size, "C:\\Users\\%s%s", user_name(), p + 2);
    else
        snprintf(out, size, "%s", p);
}

/* Creates every missing directory on the way; 0 or the Win32 error. */
static uint32_t create_path(const char *path)
{
    char buf[MAX_PATH_CHARS * 3];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 3; ; p++) { /* after "C:\" */
        if (*p != '\\' && *p)
            continue;
        char keep = *p;
        *p = 0;
        uint32_t err = fs_create_directory(buf);
        *p = keep;
        if (err && err != ERROR_ALREADY_EXISTS)
            return err;
        if (!keep)
            return 0;
    }
}

uint32_t shell32_folder_resolve(const char *tmpl, uint32_t flags, char *path, size_t size)
{
    if (!tmpl)
        return E_INVALIDARG;
    expand(tmpl, path, size);
    if (flags & FOLDER_DONT_VERIFY)
        return S_OK;
    FILE_NETWORK_OPEN_INFORMATION32 info;
    if (fs_get_attributes(path, &info) == 0)
        return S_OK;
    if (!(flags & FOLDER_CREATE))
        return HRESULT_FILE_NOT_FOUND;
    uint32_t err = create_path(path);
    return err ? HRESULT_FROM_WIN32(err) : S_OK;
}

static uint64_t get_folder_path(uint32_t csidl, gaddr out, bool wide)
{
    char path[FOLDER_PATH_MAX] = "";
    uint32_t hr = shell32_folder_resolve(shell32_csidl_template(csidl & ~CSIDL_FLAG_MASK), csidl, path, sizeof path);
    if (!out)
        return E_INVALIDARG;
    if (hr != S_OK)
        path[0] = 0; /* the buffer holds an empty string then */
    uint32_t n = k32_put_string(path, out, MAX_PATH_CHARS, wide);
    if (n >= MAX_PATH_CHARS || (n == 0 && path[0]))
        return HRESULT_FROM_WIN32(ERROR_NOACCESS);
    return hr;
}

uint64_t shell32_SHGetFolderPathA(struct thunk_call *c)
{
    API_ARGS(shell32, SHGetFolderPathA, a);
    return get_folder_path(a.csidl, a.pszPath, false);
}
uint64_t shell32_SHGetFolderPathW(struct thunk_call *c)
{
    API_ARGS(shell32, SHGetFolderPathW, a);
    return get_folder_path(a.csidl, a.pszPath, true);
}

static uint64_t get_special_folder_path(gaddr out, uint32_t csidl, bool create, bool wide)
{
    uint32_t hr = get_folder_path((csidl & ~CSIDL_FLAG_MASK) | (create ? CSIDL_FLAG_CREATE : 0), out, wide);
    if (hr == S_OK)
        return 1;
    teb_set_last_error(hr == E_INVALIDARG ? ERROR_INVALID_PARAMETER : hr & 0xFFFFu);
    return 0;
}

uint64_t shell32_SHGetSpecialFolderPathA(struct thunk_call *c)
{
    API_ARGS(shell32, SHGetSpecialFolderPathA, a);
    return get_special_folder_path(a.pszPath, a.csidl, a.fCreate, false);
}
uint64_t shell32_SHGetSpecialFolderPathW(struct thunk_call *c)
{
    API_ARGS(shell32, SHGetSpecialFolderPathW, a);
    return get_special_folder_path(a.pszPath, a.csidl, a.fCreate, true);
}
