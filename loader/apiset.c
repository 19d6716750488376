/* API sets: the api-ms-win-core-* and api-ms-win-crt-* contract names of
 * Windows 10's SysWOW64 API set schema, resolved by name to the DLL that
 * hosts them, as the Windows loader does before it looks for any file. */
#include "loader/apiset.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* One contract of the schema, named as the schema hashes it: without the
 * last "-N" (the minor version), so "...-synch-l1-2-0" and "...-synch-l1-2-1"
 * are one row. windows_host is where Windows 10 sends it; wowbox_host, when
 * set, is the builtin DLL that carries those functions here (wowbox has no
 * kernelbase: its exports live in kernel32, and the registry functions that
 * kernelbase took over stay in advapi32). */
struct apiset_contract {
    const char *contract;
    const char *windows_host;
    const char *wowbox_host;
};

#define KB "kernelbase.dll", "kernel32.dll"
#define KB_ADVAPI "kernelbase.dll", "advapi32.dll"
#define SAME(dll) dll, NULL

static const struct apiset_contract contracts[] = {
    /* The Universal CRT: every api-ms-win-crt-* set is ucrtbase. */
    { "api-ms-win-crt-conio-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-convert-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-environment-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-filesystem-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-heap-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-locale-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-math-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-multibyte-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-private-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-process-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-runtime-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-stdio-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-string-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-time-l1-1", SAME("ucrtbase.dll") },
    { "api-ms-win-crt-utility-l1-1", SAME("ucrtbase.dll") },

    /* The core contracts. */
    { "api-ms-win-core-apiquery-l1-1", SAME("ntdll.dll") },
    { "api-ms-win-core-apiquery-l2-1", KB },
    { "api-ms-win-core-appcompat-l1-1", KB },
    { "api-ms-win-core-appinit-l1-1", KB },
    { "api-ms-win-core-atoms-l1-1", KB },
    { "api-ms-win-core-backgroundtask-l1-1", KB },
    { "api-ms-win-core-calendar-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-com-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-com-l2-1", SAME("coml2.dll") },
    { "api-ms-win-core-com-midlproxystub-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-com-private-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-comm-l1-1", KB },
    { "api-ms-win-core-console-l1-1", KB },
    { "api-ms-win-core-console-l1-2", KB },
    { "api-ms-win-core-console-l2-1", KB },
    { "api-ms-win-core-console-l2-2", KB },
    { "api-ms-win-core-console-l3-1", KB },
    { "api-ms-win-core-console-l3-2", KB },
    { "api-ms-win-core-crt-l1-1", SAME("ntdll.dll") },
    { "api-ms-win-core-crt-l2-1", SAME("msvcrt.dll") },
    { "api-ms-win-core-datetime-l1-1", KB },
    { "api-ms-win-core-debug-l1-1", KB },
    { "api-ms-win-core-delayload-l1-1", KB },
    { "api-ms-win-core-enclave-l1-1", KB },
    { "api-ms-win-core-errorhandling-l1-1", KB },
    { "api-ms-win-core-featurestaging-l1-1", KB },
    { "api-ms-win-core-fibers-l1-1", KB },
    { "api-ms-win-core-fibers-l2-1", KB },
    { "api-ms-win-core-file-ansi-l1-1", KB },
    { "api-ms-win-core-file-ansi-l2-1", KB },
    { "api-ms-win-core-file-fromapp-l1-1", SAME("windows.storage.dll") },
    { "api-ms-win-core-file-l1-1", KB },
    { "api-ms-win-core-file-l1-2", KB },
    { "api-ms-win-core-file-l2-1", KB },
    { "api-ms-win-core-file-l2-2", KB },
    { "api-ms-win-core-firmware-l1-1", KB },
    { "api-ms-win-core-handle-l1-1", KB },
    { "api-ms-win-core-heap-l1-1", KB },
    { "api-ms-win-core-heap-l1-2", KB },
    { "api-ms-win-core-heap-l2-1", KB },
    { "api-ms-win-core-heap-obsolete-l1-1", KB },
    { "api-ms-win-core-interlocked-l1-1", KB },
    { "api-ms-win-core-interlocked-l1-2", KB },
    { "api-ms-win-core-io-l1-1", KB },
    { "api-ms-win-core-job-l1-1", KB },
    { "api-ms-win-core-job-l2-1", KB },
    { "api-ms-win-core-kernel32-legacy-ansi-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-kernel32-legacy-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-kernel32-private-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-largeinteger-l1-1", KB },
    { "api-ms-win-core-libraryloader-l1-1", KB },
    { "api-ms-win-core-libraryloader-l1-2", KB },
    { "api-ms-win-core-libraryloader-l2-1", KB },
    { "api-ms-win-core-localization-ansi-l1-1", KB },
    { "api-ms-win-core-localization-l1-1", KB },
    { "api-ms-win-core-localization-l1-2", KB },
    { "api-ms-win-core-localization-l2-1", KB },
    { "api-ms-win-core-localization-obsolete-l1-1", KB },
    { "api-ms-win-core-localization-obsolete-l1-2", KB },
    { "api-ms-win-core-localization-obsolete-l1-3", KB },
    { "api-ms-win-core-localization-private-l1-1", KB },
    { "api-ms-win-core-localregistry-l1-1", KB_ADVAPI },
    { "api-ms-win-core-marshal-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-memory-l1-1", KB },
    { "api-ms-win-core-misc-l1-1", KB },
    { "api-ms-win-core-namedpipe-ansi-l1-1", KB },
    { "api-ms-win-core-namedpipe-l1-1", KB },
    { "api-ms-win-core-namedpipe-l1-2", KB },
    { "api-ms-win-core-namespace-ansi-l1-1", KB },
    { "api-ms-win-core-namespace-l1-1", KB },
    { "api-ms-win-core-normalization-l1-1", KB },
    { "api-ms-win-core-path-l1-1", KB },
    { "api-ms-win-core-perfcounters-l1-1", KB },
    { "api-ms-win-core-privateprofile-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-processenvironment-l1-1", KB },
    { "api-ms-win-core-processenvironment-l1-2", KB },
    { "api-ms-win-core-processsecurity-l1-1", KB },
    { "api-ms-win-core-processsnapshot-l1-1", KB },
    { "api-ms-win-core-processthreads-l1-1", KB },
    { "api-ms-win-core-processtopology-l1-1", KB },
    { "api-ms-win-core-processtopology-l1-2", KB },
    { "api-ms-win-core-processtopology-obsolete-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-profile-l1-1", KB },
    { "api-ms-win-core-psapi-ansi-l1-1", KB },
    { "api-ms-win-core-psapi-l1-1", KB },
    { "api-ms-win-core-psapi-obsolete-l1-1", KB },
    { "api-ms-win-core-psm-appnotify-l1-1", SAME("twinapi.appcore.dll") },
    { "api-ms-win-core-quirks-l1-1", KB },
    { "api-ms-win-core-realtime-l1-1", KB },
    { "api-ms-win-core-registry-l1-1", KB_ADVAPI },
    { "api-ms-win-core-registry-l2-1", SAME("advapi32.dll") },
    { "api-ms-win-core-registry-l2-2", SAME("advapi32.dll") },
    { "api-ms-win-core-registryuserspecific-l1-1", KB_ADVAPI },
    { "api-ms-win-core-rtlsupport-l1-1", SAME("ntdll.dll") },
    { "api-ms-win-core-rtlsupport-l1-2", SAME("ntdll.dll") },
    { "api-ms-win-core-shlwapi-legacy-l1-1", SAME("kernelbase.dll") },
    { "api-ms-win-core-shlwapi-obsolete-l1-1", SAME("kernelbase.dll") },
    { "api-ms-win-core-shlwapi-obsolete-l1-2", SAME("kernelbase.dll") },
    { "api-ms-win-core-shutdown-l1-1", SAME("advapi32.dll") },
    { "api-ms-win-core-sidebyside-l1-1", KB },
    { "api-ms-win-core-slapi-l1-1", SAME("clipc.dll") },
    { "api-ms-win-core-string-l1-1", KB },
    { "api-ms-win-core-string-l2-1", KB },
    { "api-ms-win-core-string-obsolete-l1-1", KB },
    { "api-ms-win-core-stringansi-l1-1", KB },
    { "api-ms-win-core-stringloader-l1-1", KB },
    { "api-ms-win-core-synch-ansi-l1-1", KB },
    { "api-ms-win-core-synch-l1-1", KB },
    { "api-ms-win-core-synch-l1-2", KB },
    { "api-ms-win-core-sysinfo-l1-1", KB },
    { "api-ms-win-core-sysinfo-l1-2", KB },
    { "api-ms-win-core-sysinfo-l2-1", KB },
    { "api-ms-win-core-systemtopology-l1-1", KB },
    { "api-ms-win-core-threadpool-l1-1", KB },
    { "api-ms-win-core-threadpool-l1-2", KB },
    { "api-ms-win-core-threadpool-legacy-l1-1", KB },
    { "api-ms-win-core-threadpool-private-l1-1", KB },
    { "api-ms-win-core-timezone-l1-1", KB },
    { "api-ms-win-core-toolhelp-l1-1", SAME("kernel32.dll") },
    { "api-ms-win-core-url-l1-1", SAME("kernelbase.dll") },
    { "api-ms-win-core-util-l1-1", KB },
    { "api-ms-win-core-version-l1-1", KB },
    { "api-ms-win-core-versionansi-l1-1", KB },
    { "api-ms-win-core-windowsceip-l1-1", KB },
    { "api-ms-win-core-windowserrorreporting-l1-1", KB },
    { "api-ms-win-core-winrt-error-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-winrt-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-winrt-registration-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-winrt-robuffer-l1-1", SAME("wintypes.dll") },
    { "api-ms-win-core-winrt-roparameterizediid-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-winrt-string-l1-1", SAME("combase.dll") },
    { "api-ms-win-core-wow64-l1-1", KB },
    { "api-ms-win-core-xstate-l1-1", SAME("ntdll.dll") },
    { "api-ms-win-core-xstate-l2-1", KB },
};

bool apiset_is_name(const char *name)
{
    return strncasecmp(name, "api-", 4) == 0 || strncasecmp(name, "ext-", 4) == 0;
}

/* The schema's key: the name without ".dll" and without its last "-N". */
static size_t hashed_length(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && strcasecmp(name + n - 4, ".dll") == 0)
        n -= 4;
    while (n && name[n - 1] != '-')
        n--;
    return n ? n - 1 : 0;
}

const char *apiset_host(const char *name, const char **windows_host)
{
    if (!apiset_is_name(name) || strpbrk(name, "\\/:"))
        return NULL;
    size_t n = hashed_length(name);
    for (size_t i = 0; i < sizeof contracts / sizeof contracts[0]; i++) {
        const struct apiset_contract *k = &contracts[i];
        if (strlen(k->contract) == n && strncasecmp(k->contract, name, n) == 0) {
            if (windows_host)
                *windows_host = k->windows_host;
            return k->wowbox_host ? k->wowbox_host : k->windows_host;
        }
    }
    return NULL;
}

size_t apiset_count(void)
{
    return sizeof contracts / sizeof contracts[0];
}

const char *apiset_contract(size_t i)
{
    return i < apiset_count() ? contracts[i].contract : NULL;
}
