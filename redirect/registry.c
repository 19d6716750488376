/* Registry key redirection for the 32-bit view (redirect/registry.h): the
 * tables below are Windows 7 and later's "Registry Keys Affected by WOW64"
 * (reflection is gone since Windows 7, so shared keys are simply shared). */
#include "redirect/registry.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define KEY_WOW64_64KEY 0x0100u
#define KEY_WOW64_32KEY 0x0200u

/* Below HKLM\SOFTWARE: shared by both views, with their subkeys. */
static const char *const shared_software[] = {
    "Clients",
    "Microsoft\\COM3",
    "Microsoft\\Cryptography\\Calais\\Current",
    "Microsoft\\Cryptography\\Calais\\Readers",
    "Microsoft\\Cryptography\\Services",
    "Microsoft\\CTF\\SystemShared",
    "Microsoft\\CTF\\TIP",
    "Microsoft\\DFS",
    "Microsoft\\Driver Signing",
    "Microsoft\\EnterpriseCertificates",
    "Microsoft\\EventSystem",
    "Microsoft\\MSMQ",
    "Microsoft\\Non-Driver Signing",
    "Microsoft\\Notepad\\DefaultFonts",
    "Microsoft\\OLE",
    "Microsoft\\RAS",
    "Microsoft\\RPC",
    "Microsoft\\Shared Tools\\MSInfo",
    "Microsoft\\SystemCertificates",
    "Microsoft\\TermServLicensing",
    "Microsoft\\Transaction Server",
    "Microsoft\\Windows\\CurrentVersion\\App Paths",
    "Microsoft\\Windows\\CurrentVersion\\Control Panel\\Cursors\\Schemes",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\DriveIcons",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\KindMap",
    "Microsoft\\Windows\\CurrentVersion\\Group Policy",
    "Microsoft\\Windows\\CurrentVersion\\Policies",
    "Microsoft\\Windows\\CurrentVersion\\PreviewHandlers",
    "Microsoft\\Windows\\CurrentVersion\\Setup",
    "Microsoft\\Windows\\CurrentVersion\\Telephony",
    "Microsoft\\Windows NT\\CurrentVersion\\Console",
    "Microsoft\\Windows NT\\CurrentVersion\\FontDpi",
    "Microsoft\\Windows NT\\CurrentVersion\\FontLink",
    "Microsoft\\Windows NT\\CurrentVersion\\FontMapper",
    "Microsoft\\Windows NT\\CurrentVersion\\Fonts",
    "Microsoft\\Windows NT\\CurrentVersion\\FontSubstitutes",
    "Microsoft\\Windows NT\\CurrentVersion\\Gre_Initialize",
    "Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
    "Microsoft\\Windows NT\\CurrentVersion\\Language Pack",
    "Microsoft\\Windows NT\\CurrentVersion\\NetworkCards",
    "Microsoft\\Windows NT\\CurrentVersion\\Perflib",
    "Microsoft\\Windows NT\\CurrentVersion\\Ports",
    "Microsoft\\Windows NT\\CurrentVersion\\Print",
    "Microsoft\\Windows NT\\CurrentVersion\\ProfileList",
    "Microsoft\\Windows NT\\CurrentVersion\\Time Zones",
    "Policies",
    "RegisteredApplications",
};

/* Below a Classes key (HKLM\SOFTWARE\Classes, HKU\<sid>\Software\Classes,
 * HKU\<sid>_Classes), which is shared: these subkeys are redirected, to
 * Classes\WOW6432Node\<name>. */
static const char *const redirected_classes[] = {
    "CLSID", "DirectShow", "Interface", "Media Type", "MediaFoundation",
};

#define MACHINE_SOFTWARE "\\REGISTRY\\MACHINE\\SOFTWARE"
#define USERS            "\\REGISTRY\\USER\\"
#define WOW_NODE         "WOW6432Node"

enum reg_view regredir_view(unsigned access, enum reg_view inherited)
{
    if (access & KEY_WOW64_64KEY)
        return REG_VIEW_64;
    if (access & KEY_WOW64_32KEY)
        return REG_VIEW_32;
    return inherited;
}

/* path starts with the key path `prefix` (case-insensitive, whole
 * components): returns what follows ("" or "\rest"), else NULL. */
static const char *after_key(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncasecmp(path, prefix, n) != 0)
        return NULL;
    if (path[n] != '\0' && path[n] != '\\')
        return NULL;
    return path + n;
}

/* rest ("\a\b" or "") begins with one of the relative key paths of table. */
static bool starts_with_any(const char *rest, const char *const *table, size_t n)
{
    if (*rest != '\\')
        return false;
    for (size_t i = 0; i < n; i++)
        if (after_key(rest + 1, table[i]))
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Writes path with "\WOW6432Node" inserted at split (an index into path). */
static bool insert_node(const char *path, size_t split, char *out, size_t outsz)
{
    int n = snprintf(out, outsz, "%.*s\\" WOW_NODE "%s", (int)split, path, path + split);
    return n >= 0 && (size_t)n < outsz;
}

static bool copy(const char *path, char *out, size_t outsz)
{
    int n = snprintf(out, outsz, "%s", path);
    return n >= 0 && (size_t)n < outsz;
}

/* The classes key ending at path[split]: its subkey rest is redirected
 * when it names one of redirected_classes. */
static bool classes_redirected(const char *rest)
{
    return starts_with_any(rest, redirected_classes, COUNT(redirected_classes));
}

/* The end of a user's classes key inside path ("\REGISTRY\USER\<sid>\
 * Software\Classes" or "\REGISTRY\USER\<sid>_Classes"), or 0. */
static size_t user_classes_end(const char *path)
{
    const char *sid = after_key(path, "\\REGISTRY\\USER");
    if (!sid || *sid != '\\')
        return 0;
    sid++;
    const char *end = strchr(sid, '\\');
    size_t sid_len = end ? (size_t)(end - sid) : strlen(sid);
    if (sid_len > 8 && strncasecmp(sid + sid_len - 8, "_Classes", 8) == 0)
        return (size_t)(sid + sid_len - path);
    if (!end)
        return 0;
    const char *rest = after_key(end + 1, "Software\\Classes");
    return rest ? (size_t)(rest - path) : 0;
}

bool regredir_is_shared(const char *logical)
{
    const char *rest = after_key(logical, MACHINE_SOFTWARE);
    if (rest) {
        if (*rest == '\0')
            return false;
        const char *cls = after_key(rest + 1, "Classes");
        if (cls)
            return !classes_redirected(cls);
        return starts_with_any(rest, shared_software, COUNT(shared_software));
    }
    size_t end = user_classes_end(logical);
    if (end)
        return !classes_redirected(logical + end);
    return true; /* everything outside HKLM\SOFTWARE is one key for both views */
}

bool regredir_translate(const char *logical, enum reg_view view, char *out, size_t outsz)
{
    if (view == REG_VIEW_64)
        return copy(logical, out, outsz);
    const char *rest = after_key(logical, MACHINE_SOFTWARE);
    if (rest) {
        size_t software_end = (size_t)(rest - logical);
        if (*rest && after_key(rest + 1, WOW_NODE)) /* named explicitly */
            return copy(logical, out, outsz);
        const char *cls = *rest ? after_key(rest + 1, "Classes") : NULL;
        if (cls) {
            if (*cls && after_key(cls + 1, WOW_NODE))
                return copy(logical, out, outsz);
            return classes_redirected(cls) ? insert_node(logical, (size_t)(cls - logical), out, outsz)
                                           : copy(logical, out, outsz);
        }
        if (starts_with_any(rest, shared_software, COUNT(shared_software)))
            return copy(logical, out, outsz);
        return insert_node(logical, software_end, out, outsz);
    }
    size_t end = user_classes_end(logical);
    if (end && logical[end] && !after_key(logical + end + 1, WOW_NODE) && classes_redirected(logical + end))
        return insert_node(logical, end, out, outsz);
    return copy(logical, out, outsz);
}
