/* The default hive: what a 32-bit program on Windows 10 x64 (22H2) finds in
 * a fresh registry (both views of HKLM\SOFTWARE, the system environment,
 * the user's shell folders), written once when the store is created, and
 * the volatile HARDWARE keys, built from the host CPU in every process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/unicode.h"
#include "redirect/prefix.h"
#include "syscalls/ntdll/nt_registry.h"

/* One value of the default hive. key is below \REGISTRY; a key starting
 * "SOFTWARE*" is written in both views (SOFTWARE and SOFTWARE\WOW6432Node).
 * data: the string for string types (%USER% and %SID% replaced), the
 * decimal number for REG_DWORD; name NULL creates the key only. */
struct default_value {
    const char *key, *name;
    uint32_t type;
    const char *data;
};

#define CV   "MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion"
#define NTCV "MACHINE\\SOFTWARE*\\Microsoft\\Windows NT\\CurrentVersion"
#define ENV  "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment"
#define HKCU "USER\\%SID%"
#define USF  HKCU "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders"
#define SF   HKCU "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders"
#define PROFILE "C:\\Users\\%USER%"

static const struct default_value hive[] = {
    { "MACHINE\\SOFTWARE\\Classes", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Clients", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Policies", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\RegisteredApplications", NULL, 0, NULL },
    /* the shared keys, listed in the 32-bit view's enumeration as Windows does */
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Classes", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Clients", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Policies", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\RegisteredApplications", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\Interface", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Classes\\CLSID", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Classes\\Interface", NULL, 0, NULL },
    /* the 64-bit view */
    { CV, "ProgramFilesDir", REG_SZ, "C:\\Program Files" },
    { CV, "ProgramFilesDir (x86)", REG_SZ, "C:\\Program Files (x86)" },
    { CV, "ProgramW6432Dir", REG_SZ, "C:\\Program Files" },
    { CV, "CommonFilesDir", REG_SZ, "C:\\Program Files\\Common Files" },
    { CV, "CommonFilesDir (x86)", REG_SZ, "C:\\Program Files (x86)\\Common Files" },
    { CV, "CommonW6432Dir", REG_SZ, "C:\\Program Files\\Common Files" },
    { CV, "ProgramFilesPath", REG_EXPAND_SZ, "%ProgramFiles%" },
    { CV, "DevicePath", REG_EXPAND_SZ, "%SystemRoot%\\inf" },
    { CV, "MediaPathUnexpanded", REG_EXPAND_SZ, "%SystemRoot%\\Media" },
    /* the 32-bit view */
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir", REG_SZ, "C:\\Program Files (x86)" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir (x86)", REG_SZ, "C:\\Program Files (x86)" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "ProgramW6432Dir", REG_SZ, "C:\\Program Files" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "CommonFilesDir", REG_SZ, "C:\\Program Files (x86)\\Common Files" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "CommonFilesDir (x86)", REG_SZ, "C:\\Program Files (x86)\\Common Files" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "CommonW6432Dir", REG_SZ, "C:\\Program Files\\Common Files" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesPath", REG_EXPAND_SZ, "%ProgramFiles%" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion", "DevicePath", REG_EXPAND_SZ, "%SystemRoot%\\inf" },
    { CV "\\App Paths", NULL, 0, NULL },
    { CV "\\Run", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run", NULL, 0, NULL },
    { CV "\\Uninstall", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall", NULL, 0, NULL },
    { CV "\\Explorer\\Shell Folders", "Common AppData", REG_SZ, "C:\\ProgramData" },
    { CV "\\Explorer\\Shell Folders", "Common Desktop", REG_SZ, "C:\\Users\\Public\\Desktop" },
    { CV "\\Explorer\\Shell Folders", "Common Documents", REG_SZ, "C:\\Users\\Public\\Documents" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders", "Common AppData", REG_SZ, "C:\\ProgramData" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders", "Common Desktop", REG_SZ, "C:\\Users\\Public\\Desktop" },
    { "MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders", "Common Documents", REG_SZ, "C:\\Users\\Public\\Documents" },
    /* Windows NT\CurrentVersion, in both views (the version ntdll reports) */
    { NTCV, "ProductName", REG_SZ, "Windows 10 Pro" },
    { NTCV, "EditionID", REG_SZ, "Professional" },
    { NTCV, "InstallationType", REG_SZ, "Client" },
    { NTCV, "CurrentVersion", REG_SZ, "6.3" },
    { NTCV, "CurrentMajorVersionNumber", REG_DWORD, "10" },
    { NTCV, "CurrentMinorVersionNumber", REG_DWORD, "0" },
    { NTCV, "CurrentBuild", REG_SZ, "19045" },
    { NTCV, "CurrentBuildNumber", REG_SZ, "19045" },
    { NTCV, "DisplayVersion", REG_SZ, "22H2" },
    { NTCV, "ReleaseId", REG_SZ, "2009" },
    { NTCV, "CurrentType", REG_SZ, "Multiprocessor Free" },
    { NTCV, "SoftwareType", REG_SZ, "System" },
    { NTCV, "SystemRoot", REG_SZ, "C:\\Windows" },
    { NTCV, "PathName", REG_SZ, "C:\\Windows" },
    { NTCV, "RegisteredOwner", REG_SZ, "%USER%" },
    { NTCV, "RegisteredOrganization", REG_SZ, "" },
    { "MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", "ProfilesDirectory", REG_EXPAND_SZ, "%SystemDrive%\\Users" },
    { "MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\%SID%", "ProfileImagePath", REG_EXPAND_SZ, PROFILE },
    { "MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts", NULL, 0, NULL },
    { "MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones", NULL, 0, NULL },
    /* HKLM\SYSTEM */
    { ENV, "ComSpec", REG_EXPAND_SZ, "%SystemRoot%\\system32\\cmd.exe" },
    { ENV, "OS", REG_SZ, "Windows_NT" },
    { ENV, "Path", REG_EXPAND_SZ, "%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem" },
    { ENV, "PATHEXT", REG_SZ, ".COM;.EXE;.BAT;.CMD;.VBS;.JS" },
    { ENV, "PROCESSOR_ARCHITECTURE", REG_SZ, "AMD64" },
    { ENV, "NUMBER_OF_PROCESSORS", REG_SZ, "2" },
    { ENV, "TEMP", REG_EXPAND_SZ, "%SystemRoot%\\TEMP" },
    { ENV, "TMP", REG_EXPAND_SZ, "%SystemRoot%\\TEMP" },
    { ENV, "windir", REG_EXPAND_SZ, "%SystemRoot%" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager", "SafeDllSearchMode", REG_DWORD, "1" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs", "kernel32", REG_SZ, "kernel32.dll" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs", "advapi32", REG_SZ, "advapi32.dll" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs", "user32", REG_SZ, "user32.dll" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs", "msvcrt", REG_SZ, "msvcrt.dll" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName", "ComputerName", REG_SZ, "WOWBOX" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage", "ACP", REG_SZ, "1252" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage", "OEMCP", REG_SZ, "437" },
    { "MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current", NULL, 0, NULL },
    /* users */
    { "USER\\.DEFAULT", NULL, 0, NULL },
    { "USER\\S-1-5-18", NULL, 0, NULL },
    { HKCU "\\Environment", "TEMP", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local\\Temp" },
    { HKCU "\\Environment", "TMP", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local\\Temp" },
    { HKCU "\\Software\\Classes", NULL, 0, NULL },
    { HKCU "\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", NULL, 0, NULL },
    { HKCU "\\Volatile Environment", NULL, 0, NULL },
    { SF, "AppData", REG_SZ, PROFILE "\\AppData\\Roaming" },
    { SF, "Local AppData", REG_SZ, PROFILE "\\AppData\\Local" },
    { SF, "Desktop", REG_SZ, PROFILE "\\Desktop" },
    { SF, "Personal", REG_SZ, PROFILE "\\Documents" },
    { SF, "Cache", REG_SZ, PROFILE "\\AppData\\Local\\Microsoft\\Windows\\INetCache" },
    { SF, "Programs", REG_SZ, PROFILE "\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs" },
    { SF, "Start Menu", REG_SZ, PROFILE "\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu" },
    { SF, "Startup", REG_SZ, PROFILE "\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup" },
    { USF, "AppData", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Roaming" },
    { USF, "Local AppData", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local" },
    { USF, "Desktop", REG_EXPAND_SZ, "%USERPROFILE%\\Desktop" },
    { USF, "Personal", REG_EXPAND_SZ, "%USERPROFILE%\\Documents" },
};

/* s with %USER% and %SID% replaced (other %VAR% stay for expansion). */
static char *substitute(const char *s)
{
    const char *user = proc && proc->prefix && proc->prefix->user ? proc->prefix->user : "user";
    size_t cap = strlen(s) * 2 + strlen(user) * 4 + 128, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    while (*s && len + 80 + strlen(user) < cap) {
        if (strncmp(s, "%USER%", 6) == 0) {
            len += (size_t)sprintf(out + len, "%s", user);
            s += 6;
        } else if (strncmp(s, "%SID%", 5) == 0) {
            len += (size_t)sprintf(out + len, "%s", WOWBOX_USER_SID);
            s += 5;
        } else {
            out[len++] = *s++;
        }
    }
    out[len] = '\0';
    return out;
}

/* Creates the keys of path (below \REGISTRY) as needed. */
static NTSTATUS make_key(const char *path, bool is_volatile, reg_key_id *id)
{
    char *copy = strdup(path);
    if (!copy)
        return STATUS_NO_MEMORY;
    *id = REG_ROOT_KEY;
    NTSTATUS st = STATUS_SUCCESS;
    char *save = NULL;
    for (char *comp = strtok_r(copy, "\\", &save); comp && st == STATUS_SUCCESS; comp = strtok_r(NULL, "\\", &save)) {
        bool created;
        st = regstore_create(*id, comp, NULL, is_volatile, id, &created);
    }
    free(copy);
    return st;
}

static NTSTATUS put_value(reg_key_id key, const char *name, uint32_t type, const char *data)
{
    if (type == REG_DWORD) {
        uint32_t v = (uint32_t)strtoul(data, NULL, 0);
        return regstore_set_value(key, name, type, &v, 4);
    }
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(data, &n);
    if (!w)
        return STATUS_NO_MEMORY;
    NTSTATUS st = regstore_set_value(key, name, type, w, (uint32_t)(n + 1) * 2);
    free(w);
    return st;
}

static NTSTATUS put(const char *key, const char *name, uint32_t type, const char *data, bool is_volatile)
{
    char *path = substitute(key);
    char *value = data ? substitute(data) : NULL;
    reg_key_id id;
    NTSTATUS st = path && (value || !data) ? make_key(path, is_volatile, &id) : STATUS_NO_MEMORY;
    if (st == STATUS_SUCCESS && name)
        st = put_value(id, name, type, value);
    free(path);
    free(value);
    return st;
}

static NTSTATUS fill_hive(void)
{
    for (size_t i = 0; i < sizeof hive / sizeof hive[0]; i++) {
        const struct default_value *d = &hive[i];
        const char *star = strstr(d->key, "SOFTWARE*");
        NTSTATUS st;
        if (!star) {
            st = put(d->key, d->name, d->type, d->data, false);
        } else {
            char path[512];
            int pre = (int)(star - d->key) + 8;
            snprintf(path, sizeof path, "%.*s%s", pre, d->key, star + 9);
            st = put(path, d->name, d->type, d->data, false);
            snprintf(path, sizeof path, "%.*s\\WOW6432Node%s", pre, d->key, star + 9);
            if (st == STATUS_SUCCESS)
                st = put(path, d->name, d->type, d->data, false);
        }
        if (st != STATUS_SUCCESS)
            return st;
    }
    return STATUS_SUCCESS;
}

/* ---- HARDWARE: the host CPU ------------------------------------------------ */

struct host_cpu {
    char vendor[64], model_name[128];
    unsigned family, model, stepping, mhz;
};

static void field(const char *line, const char *key, char *out, size_t size)
{
    size_t n = strlen(key);
    if (strncmp(line, key, n) != 0)
        return;
    const char *colon = strchr(line + n, ':');
    if (!colon || out[0])
        return;
    colon++;
    while (*colon == ' ' || *colon == '\t')
        colon++;
    snprintf(out, size, "%.*s", (int)strcspn(colon, "\n"), colon);
}

static void read_host_cpu(struct host_cpu *cpu)
{
    char family[16] = "", model[16] = "", stepping[16] = "", mhz[32] = "";
    memset(cpu, 0, sizeof *cpu);
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        field(line, "vendor_id", cpu->vendor, sizeof cpu->vendor);
        field(line, "model name", cpu->model_name, sizeof cpu->model_name);
        field(line, "cpu family", family, sizeof family);
        field(line, "model\t", model, sizeof model);
        field(line, "stepping", stepping, sizeof stepping);
        field(line, "cpu MHz", mhz, sizeof mhz);
    }
    if (f)
        fclose(f);
    if (!cpu->vendor[0])
        snprintf(cpu->vendor, sizeof cpu->vendor, "GenuineIntel");
    if (!cpu->model_name[0])
        snprintf(cpu->model_name, sizeof cpu->model_name, "x86-64 processor");
    cpu->family = (unsigned)strtoul(family, NULL, 10);
    cpu->model = (unsigned)strtoul(model, NULL, 10);
    cpu->stepping = (unsigned)strtoul(stepping, NULL, 10);
    cpu->mhz = (unsigned)strtoul(mhz, NULL, 10);
}

/* HARDWARE\DESCRIPTION\System\CentralProcessor\<n> for as many processors
 * as the PEB and the environment report (2). */
static NTSTATUS fill_hardware(void)
{
    struct host_cpu cpu;
    read_host_cpu(&cpu);
    char identifier[96], mhz[16], key[128];
    snprintf(identifier, sizeof identifier, "%s Family %u Model %u Stepping %u",
             strcmp(cpu.vendor, "AuthenticAMD") == 0 ? "AMD64" : "Intel64", cpu.family, cpu.model, cpu.stepping);
    snprintf(mhz, sizeof mhz, "%u", cpu.mhz);
    NTSTATUS st = put("MACHINE\\HARDWARE\\DESCRIPTION\\System", "Identifier", REG_SZ, "AT/AT COMPATIBLE", true);
    for (int i = 0; i < 2 && st == STATUS_SUCCESS; i++) {
        snprintf(key, sizeof key, "MACHINE\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\%d", i);
        st = put(key, "ProcessorNameString", REG_SZ, cpu.model_name, true);
        if (st == STATUS_SUCCESS)
            st = put(key, "Identifier", REG_SZ, identifier, true);
        if (st == STATUS_SUCCESS)
            st = put(key, "VendorIdentifier", REG_SZ, cpu.vendor, true);
        if (st == STATUS_SUCCESS)
            st = put(key, "~MHz", REG_DWORD, mhz, true);
    }
    return st;
}

NTSTATUS registry_defaults(bool fresh)
{
    NTSTATUS st = fresh ? put("MACHINE\\HARDWARE", NULL, 0, NULL, false) : STATUS_SUCCESS;
    if (st == STATUS_SUCCESS && fresh)
        st = fill_hive();
    return st == STATUS_SUCCESS ? fill_hardware() : st;
}
