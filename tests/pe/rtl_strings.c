/* rtl_strings.c - ntdll's counted-string copies and appends (guest code
 * in wowbox): RtlCopyUnicodeString/RtlCopyString cut the source to the
 * destination's MaximumLength and add a terminator only where it fits;
 * the appends refuse with STATUS_BUFFER_TOO_SMALL and leave the
 * destination as it was, add a terminator where it fits, and take a NULL
 * source as nothing to do. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
    USHORT Length, MaximumLength;
    void *Buffer;
} COUNTED;

typedef void(WINAPI *copy_fn)(COUNTED *, const COUNTED *);
typedef LONG(WINAPI *append_fn)(COUNTED *, const COUNTED *);
typedef LONG(WINAPI *append_z_fn)(COUNTED *, const void *);

static copy_fn copy_u, copy_a;
static append_fn append_uu, append_aa;
static append_z_fn append_uz, append_az;

static void show_w(const char *what, const COUNTED *s, const WCHAR *buf, int cap)
{
    printf("%-44s Length=%u Max=%u \"", what, s->Length, s->MaximumLength);
    for (int i = 0; i < cap; i++)
        putchar(buf[i] == 0 ? '0' : buf[i] == '#' ? '#' : (char)buf[i]);
    printf("\"\n");
}

static void show_a(const char *what, const COUNTED *s, const char *buf, int cap)
{
    printf("%-44s Length=%u Max=%u \"", what, s->Length, s->MaximumLength);
    for (int i = 0; i < cap; i++)
        putchar(buf[i] == 0 ? '0' : buf[i]);
    printf("\"\n");
}

static void fill_w(WCHAR *b, int n)
{
    for (int i = 0; i < n; i++)
        b[i] = '#';
}

static void wide(void)
{
    WCHAR buf[8], src_buf[] = L"hello";
    COUNTED src = { 10, 12, src_buf }, dst = { 0, 16, buf };
    fill_w(buf, 8);
    copy_u(&dst, &src);
    show_w("RtlCopyUnicodeString (room)", &dst, buf, 8);
    fill_w(buf, 8);
    dst.MaximumLength = 10;
    copy_u(&dst, &src);
    show_w("RtlCopyUnicodeString (exact fit)", &dst, buf, 8);
    fill_w(buf, 8);
    dst.MaximumLength = 6;
    copy_u(&dst, &src);
    show_w("RtlCopyUnicodeString (cut to 3)", &dst, buf, 8);
    dst.Length = 4;
    copy_u(&dst, NULL);
    show_w("RtlCopyUnicodeString (NULL source)", &dst, buf, 8);

    fill_w(buf, 8);
    buf[0] = 'a';
    buf[1] = 'b';
    dst = (COUNTED){ 4, 14, buf }; /* room for 7 characters */
    COUNTED cd = { 4, 6, L"cd" };
    LONG st = append_uu(&dst, &cd);
    printf("RtlAppendUnicodeStringToString: %08lx\n", (unsigned long)st);
    show_w("  after", &dst, buf, 8);
    st = append_uz(&dst, L"efgh");
    printf("RtlAppendUnicodeToString (too long): %08lx\n", (unsigned long)st);
    show_w("  after", &dst, buf, 8);
    st = append_uz(&dst, L"ef");
    printf("RtlAppendUnicodeToString (room): %08lx\n", (unsigned long)st);
    show_w("  after", &dst, buf, 8);
    st = append_uz(&dst, L"g");
    printf("RtlAppendUnicodeToString (exact fit): %08lx\n", (unsigned long)st);
    show_w("  after", &dst, buf, 8);
    printf("RtlAppendUnicodeToString (NULL): %08lx, Length=%u\n", (unsigned long)append_uz(&dst, NULL),
           dst.Length);
}

static void narrow(void)
{
    char buf[8], src_buf[] = "hello";
    COUNTED src = { 5, 6, src_buf }, dst = { 0, 8, buf };
    memset(buf, '#', 8);
    copy_a(&dst, &src);
    show_a("RtlCopyString (room)", &dst, buf, 8);
    memset(buf, '#', 8);
    dst.MaximumLength = 5;
    copy_a(&dst, &src);
    show_a("RtlCopyString (exact fit)", &dst, buf, 8);
    memset(buf, '#', 8);
    dst.MaximumLength = 3;
    copy_a(&dst, &src);
    show_a("RtlCopyString (cut to 3)", &dst, buf, 8);
    copy_a(&dst, NULL);
    show_a("RtlCopyString (NULL source)", &dst, buf, 8);

    memset(buf, '#', 8);
    memcpy(buf, "ab", 2);
    dst = (COUNTED){ 2, 8, buf };
    COUNTED cd = { 2, 3, "cd" };
    LONG st = append_aa(&dst, &cd);
    printf("RtlAppendStringToString: %08lx\n", (unsigned long)st);
    show_a("  after", &dst, buf, 8);
    st = append_az(&dst, "efghi");
    printf("RtlAppendAsciizToString (too long): %08lx\n", (unsigned long)st);
    show_a("  after", &dst, buf, 8);
    st = append_az(&dst, "ef");
    printf("RtlAppendAsciizToString (room): %08lx\n", (unsigned long)st);
    show_a("  after", &dst, buf, 8);
    st = append_az(&dst, "gh");
    printf("RtlAppendAsciizToString (exact fit): %08lx\n", (unsigned long)st);
    show_a("  after", &dst, buf, 8);
    printf("RtlAppendAsciizToString (NULL): %08lx, Length=%u\n", (unsigned long)append_az(&dst, NULL),
           dst.Length);
}

int main(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    copy_u = (copy_fn)GetProcAddress(nt, "RtlCopyUnicodeString");
    copy_a = (copy_fn)GetProcAddress(nt, "RtlCopyString");
    append_uu = (append_fn)GetProcAddress(nt, "RtlAppendUnicodeStringToString");
    append_aa = (append_fn)GetProcAddress(nt, "RtlAppendStringToString");
    append_uz = (append_z_fn)GetProcAddress(nt, "RtlAppendUnicodeToString");
    append_az = (append_z_fn)GetProcAddress(nt, "RtlAppendAsciizToString");
    if (!copy_u || !copy_a || !append_uu || !append_aa || !append_uz || !append_az) {
        printf("missing export\n");
        return 1;
    }
    wide();
    narrow();
    return 0;
}
