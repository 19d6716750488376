// build-flags: -ladvapi32 -lntdll
/* registry_nt.c - proves ntdll's registry services called directly: NT key
 * paths (\Registry\Machine, relative names under a root handle, a relative
 * name without one), NtQueryValueKey's three information classes and its
 * buffer rules (BUFFER_TOO_SMALL below the fixed part, BUFFER_OVERFLOW
 * with the fixed part filled, ResultLength the size needed), the 32-bit
 * view of HKLM\SOFTWARE, NtEnumerateKey/NtEnumerateValueKey ending with
 * NO_MORE_ENTRIES, NtQueryKey, NtDeleteKey refusing a key with subkeys
 * (CANNOT_DELETE) and a deleted key's handle (KEY_DELETED). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct { USHORT Length, MaximumLength; PWSTR Buffer; } USTR;
typedef struct { ULONG Length; HANDLE RootDirectory; USTR *ObjectName; ULONG Attributes; PVOID Sd, Qos; } OATTR;
typedef struct { ULONG TitleIndex, Type, DataLength; UCHAR Data[1]; } PARTIAL;
typedef struct { ULONG TitleIndex, Type, NameLength; WCHAR Name[1]; } BASIC;
typedef struct { ULONG TitleIndex, Type, DataOffset, DataLength, NameLength; WCHAR Name[1]; } FULL;
typedef struct { LARGE_INTEGER LastWriteTime; ULONG TitleIndex, ClassOffset, ClassLength, SubKeys, MaxNameLen,
                 MaxClassLen, Values, MaxValueNameLen, MaxValueDataLen; WCHAR Class[1]; } KEYFULL;
typedef struct { LARGE_INTEGER LastWriteTime; ULONG TitleIndex, NameLength; WCHAR Name[1]; } KEYBASIC;

NTSTATUS WINAPI NtOpenKey(HANDLE *, ACCESS_MASK, OATTR *);
NTSTATUS WINAPI NtCreateKey(HANDLE *, ACCESS_MASK, OATTR *, ULONG, USTR *, ULONG, ULONG *);
NTSTATUS WINAPI NtSetValueKey(HANDLE, USTR *, ULONG, ULONG, const void *, ULONG);
NTSTATUS WINAPI NtQueryValueKey(HANDLE, USTR *, int, void *, ULONG, ULONG *);
NTSTATUS WINAPI NtEnumerateKey(HANDLE, ULONG, int, void *, ULONG, ULONG *);
NTSTATUS WINAPI NtEnumerateValueKey(HANDLE, ULONG, int, void *, ULONG, ULONG *);
NTSTATUS WINAPI NtQueryKey(HANDLE, int, void *, ULONG, ULONG *);
NTSTATUS WINAPI NtDeleteKey(HANDLE);
NTSTATUS WINAPI NtDeleteValueKey(HANDLE, USTR *);

static USTR us(const WCHAR *s)
{
    USTR u = { (USHORT)(wcslen(s) * 2), (USHORT)(wcslen(s) * 2 + 2), (PWSTR)s };
    return u;
}

static OATTR attrs(HANDLE root, USTR *name)
{
    OATTR a = { sizeof a, root, name, 0x40 /* OBJ_CASE_INSENSITIVE */, NULL, NULL };
    return a;
}

int main(void)
{
    HKEY user;
    HANDLE k, sub, cv;
    ULONG len, disp;
    NTSTATUS st;
    union { UCHAR b[512]; PARTIAL p; BASIC basic; FULL full; KEYFULL kf; KEYBASIC kb; } buf;

    RegDeleteTreeA(HKEY_CURRENT_USER, "Software\\WowboxNt");
    RegCreateKeyExA(HKEY_CURRENT_USER, "Software", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &user, NULL);

    USTR name = us(L"WowboxNt");
    OATTR oa = attrs(user, &name);
    st = NtCreateKey(&k, KEY_ALL_ACCESS, &oa, 0, NULL, 0, &disp);
    printf("NtCreateKey: 0x%08lx disposition %lu\n", st, disp);
    st = NtCreateKey(&k, KEY_ALL_ACCESS, &oa, 0, NULL, 0, &disp);
    printf("again: 0x%08lx disposition %lu\n", st, disp);

    USTR val = us(L"Val");
    st = NtSetValueKey(k, &val, 0, REG_SZ, L"abc", 8);
    printf("NtSetValueKey: 0x%08lx\n", st);

    len = 0;
    st = NtQueryValueKey(k, &val, 2 /* KeyValuePartialInformation */, buf.b, 0, &len);
    printf("partial, no buffer: 0x%08lx ResultLength %lu\n", st, len);
    memset(&buf, 0xcc, sizeof buf);
    st = NtQueryValueKey(k, &val, 2, buf.b, 12, &len);
    printf("partial, fixed part only: 0x%08lx ResultLength %lu Type %lu DataLength %lu\n", st, len, buf.p.Type,
           buf.p.DataLength);
    st = NtQueryValueKey(k, &val, 2, buf.b, sizeof buf, &len);
    printf("partial: 0x%08lx ResultLength %lu data '%ls'\n", st, len, (WCHAR *)buf.p.Data);
    st = NtQueryValueKey(k, &val, 0 /* KeyValueBasicInformation */, buf.b, sizeof buf, &len);
    printf("basic: 0x%08lx ResultLength %lu NameLength %lu Type %lu\n", st, len, buf.basic.NameLength,
           buf.basic.Type);
    st = NtQueryValueKey(k, &val, 1 /* KeyValueFullInformation */, buf.b, sizeof buf, &len);
    printf("full: 0x%08lx NameLength %lu DataLength %lu data '%ls'\n", st, buf.full.NameLength,
           buf.full.DataLength, (WCHAR *)(buf.b + buf.full.DataOffset));
    USTR missing = us(L"Missing");
    st = NtQueryValueKey(k, &missing, 2, buf.b, sizeof buf, &len);
    printf("missing value: 0x%08lx\n", st);
    st = NtDeleteValueKey(k, &missing);
    printf("delete missing value: 0x%08lx\n", st);

    st = NtEnumerateValueKey(k, 0, 0, buf.b, sizeof buf, &len);
    printf("enum value 0: 0x%08lx '%.*ls'\n", st, (int)(buf.basic.NameLength / 2), buf.basic.Name);
    st = NtEnumerateValueKey(k, 1, 0, buf.b, sizeof buf, &len);
    printf("enum value 1: 0x%08lx\n", st);

    USTR subname = us(L"Child");
    OATTR soa = attrs(k, &subname);
    st = NtCreateKey(&sub, KEY_ALL_ACCESS, &soa, 0, NULL, 0, &disp);
    printf("create child: 0x%08lx\n", st);
    st = NtEnumerateKey(k, 0, 0 /* KeyBasicInformation */, buf.b, sizeof buf, &len);
    printf("enum key 0: 0x%08lx '%.*ls'\n", st, (int)(buf.kb.NameLength / 2), buf.kb.Name);
    st = NtEnumerateKey(k, 1, 0, buf.b, sizeof buf, &len);
    printf("enum key 1: 0x%08lx\n", st);
    st = NtQueryKey(k, 2 /* KeyFullInformation */, buf.b, sizeof buf, &len);
    printf("query key: 0x%08lx SubKeys %lu Values %lu MaxNameLen %lu MaxValueNameLen %lu MaxValueDataLen %lu\n", st,
           buf.kf.SubKeys, buf.kf.Values, buf.kf.MaxNameLen, buf.kf.MaxValueNameLen, buf.kf.MaxValueDataLen);
    st = NtQueryKey(k, 2, buf.b, 4, &len);
    printf("query key, small: 0x%08lx\n", st);

    USTR nosuch = us(L"NoSuchKey");
    OATTR noa = attrs(k, &nosuch);
    HANDLE h;
    st = NtOpenKey(&h, KEY_READ, &noa);
    printf("open missing: 0x%08lx\n", st);
    USTR relative = us(L"Machine\\Software");
    OATTR roa = attrs(NULL, &relative);
    st = NtOpenKey(&h, KEY_READ, &roa);
    printf("relative name without root: 0x%08lx\n", st);

    st = NtDeleteKey(k);
    printf("delete key with a subkey: 0x%08lx\n", st);
    st = NtDeleteKey(sub);
    printf("delete child: 0x%08lx\n", st);
    st = NtSetValueKey(sub, &val, 0, REG_SZ, L"x", 4);
    printf("write to deleted key: 0x%08lx\n", st);
    st = NtDeleteKey(k);
    printf("delete key: 0x%08lx\n", st);
    RegCloseKey((HKEY)sub);
    RegCloseKey((HKEY)k);

    USTR cvname = us(L"\\Registry\\Machine\\Software\\Microsoft\\Windows\\CurrentVersion");
    OATTR cvoa = attrs(NULL, &cvname);
    st = NtOpenKey(&cv, KEY_READ, &cvoa);
    USTR pf = us(L"ProgramFilesDir");
    NTSTATUS st2 = NtQueryValueKey(cv, &pf, 2, buf.b, sizeof buf, &len);
    printf("ProgramFilesDir: 0x%08lx 0x%08lx '%ls'\n", st, st2, (WCHAR *)buf.p.Data);
    RegCloseKey((HKEY)cv);
    RegCloseKey(user);
    return 0;
}
