// build-flags: -lnetapi32 -lsecur32
/* net_info.c - the computer and its user as netapi32 and secur32 report
 * them: NetWkstaGetInfo levels 100-102 and NetServerGetInfo levels
 * 100-102 (a Windows 10 NT workstation named as GetComputerNameW names it,
 * in WORKGROUP), ERROR_INVALID_LEVEL for another level, ERROR_BAD_NETPATH
 * for another server; NetWkstaUserGetInfo and NetUserEnum name
 * GetUserNameW's user, NetGetJoinInformation a workgroup, NetUseEnum no
 * connections; the NetApiBuffer* allocator; GetUserNameExW/A's
 * NameSamCompatible "COMPUTER\user" with the ERROR_MORE_DATA size protocol
 * and ERROR_NONE_MAPPED for a directory format. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#define SECURITY_WIN32
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <lm.h>
#include <security.h>

static WCHAR computer[64], user[64];

static void workstation(void)
{
    WKSTA_INFO_102 *w = NULL;
    NET_API_STATUS st = NetWkstaGetInfo(NULL, 102, (BYTE **)&w);
    printf("NetWkstaGetInfo(102): %lu platform %lu version %lu.%lu computer is ours %d langroup %ls lanroot %ls users %lu\n",
           st, w->wki102_platform_id, w->wki102_ver_major, w->wki102_ver_minor,
           wcscmp(w->wki102_computername, computer) == 0, w->wki102_langroup, w->wki102_lanroot,
           w->wki102_logged_on_users);
    DWORD size = 0;
    st = NetApiBufferSize(w, &size);
    printf("NetApiBufferSize: %lu, holds the strings %d\n", st, size >= sizeof *w + 2 * 8);
    printf("NetApiBufferFree: %lu\n", NetApiBufferFree(w));
    WKSTA_INFO_100 *w0 = NULL;
    st = NetWkstaGetInfo(NULL, 100, (BYTE **)&w0);
    printf("NetWkstaGetInfo(100): %lu %ls %ls\n", st, w0->wki100_computername, w0->wki100_langroup);
    NetApiBufferFree(w0);
    WCHAR unc[80];
    swprintf(unc, 80, L"\\\\%ls", computer);
    st = NetWkstaGetInfo(unc, 101, (BYTE **)&w0);
    printf("NetWkstaGetInfo(\\\\computer, 101): %lu\n", st);
    NetApiBufferFree(w0);
    w0 = NULL;
    printf("NetWkstaGetInfo(level 99): %lu\n", NetWkstaGetInfo(NULL, 99, (BYTE **)&w0));
    printf("NetWkstaGetInfo(\\\\nosuchhost): %lu\n", NetWkstaGetInfo(L"\\\\nosuchhost", 100, (BYTE **)&w0));
}

static void server(void)
{
    SERVER_INFO_101 *s = NULL;
    NET_API_STATUS st = NetServerGetInfo(NULL, 101, (BYTE **)&s);
    printf("NetServerGetInfo(101): %lu platform %lu name is ours %d version %lu.%lu type %#lx comment \"%ls\"\n", st,
           s->sv101_platform_id, wcscmp(s->sv101_name, computer) == 0, s->sv101_version_major,
           s->sv101_version_minor, s->sv101_type, s->sv101_comment);
    NetApiBufferFree(s);
    SERVER_INFO_102 *s2 = NULL;
    st = NetServerGetInfo(computer, 102, (BYTE **)&s2);
    printf("NetServerGetInfo(102): %lu hidden %d userpath %ls\n", st, (int)s2->sv102_hidden, s2->sv102_userpath);
    NetApiBufferFree(s2);
    printf("NetServerGetInfo(level 1): %lu\n", NetServerGetInfo(NULL, 1, (BYTE **)&s));
}

static void users(void)
{
    WKSTA_USER_INFO_1 *u = NULL;
    NET_API_STATUS st = NetWkstaUserGetInfo(NULL, 1, (BYTE **)&u);
    printf("NetWkstaUserGetInfo(1): %lu user is ours %d logon domain is the computer %d\n", st,
           wcscmp(u->wkui1_username, user) == 0, wcscmp(u->wkui1_logon_domain, computer) == 0);
    NetApiBufferFree(u);
    USER_INFO_0 *ui = NULL;
    DWORD read = 9, total = 9;
    st = NetUserEnum(NULL, 0, FILTER_NORMAL_ACCOUNT, (BYTE **)&ui, MAX_PREFERRED_LENGTH, &read, &total, NULL);
    printf("NetUserEnum(0): %lu read %lu total %lu first is ours %d\n", st, read, total,
           read && wcscmp(ui[0].usri0_name, user) == 0);
    NetApiBufferFree(ui);
    LPWSTR name = NULL;
    NETSETUP_JOIN_STATUS type = 0;
    st = NetGetJoinInformation(NULL, &name, &type);
    printf("NetGetJoinInformation: %lu %ls type %d\n", st, name, type);
    NetApiBufferFree(name);
    BYTE *buf = (BYTE *)1;
    read = total = 9;
    st = NetUseEnum(NULL, 2, &buf, MAX_PREFERRED_LENGTH, &read, &total, NULL);
    printf("NetUseEnum(2): %lu read %lu total %lu buffer %s\n", st, read, total, buf ? "set" : "NULL");
}

static void buffers(void)
{
    void *p = NULL;
    NET_API_STATUS st = NetApiBufferAllocate(100, &p);
    DWORD size = 0;
    NetApiBufferSize(p, &size);
    printf("NetApiBufferAllocate(100): %lu size %lu\n", st, size);
    st = NetApiBufferReallocate(p, 5000, &p);
    NetApiBufferSize(p, &size);
    printf("NetApiBufferReallocate(5000): %lu size %lu\n", st, size);
    printf("NetApiBufferFree: %lu, NULL: %lu\n", NetApiBufferFree(p), NetApiBufferFree(NULL));
}

static void sam_name(void)
{
    WCHAR expect[160], buf[160];
    swprintf(expect, 160, L"%ls\\%ls", computer, user);
    ULONG n = 0;
    BOOLEAN ok = GetUserNameExW(NameSamCompatible, NULL, &n);
    printf("GetUserNameExW(size 0): %d error %lu size is the length + 1 %d\n", ok, GetLastError(),
           n == wcslen(expect) + 1);
    n = 160;
    ok = GetUserNameExW(NameSamCompatible, buf, &n);
    printf("GetUserNameExW: %d, \"computer\\user\" %d, size is the length %d\n", ok, wcscmp(buf, expect) == 0,
           n == wcslen(expect));
    char abuf[160];
    n = sizeof abuf;
    ok = GetUserNameExA(NameSamCompatible, abuf, &n);
    printf("GetUserNameExA: %d, size is the length %d, backslash after the computer %d\n", ok, n == strlen(abuf),
           abuf[wcslen(computer)] == '\\');
    n = 160;
    SetLastError(0);
    ok = GetUserNameExW(NameFullyQualifiedDN, buf, &n);
    printf("GetUserNameExW(NameFullyQualifiedDN): %d error %lu\n", ok, GetLastError());
}

int main(void)
{
    DWORD n = 64;
    GetComputerNameW(computer, &n);
    n = 64;
    GetUserNameW(user, &n);
    workstation();
    server();
    users();
    buffers();
    sam_name();
    return 0;
}
