/* messages.c - FormatMessage and resources: system texts for common
 * error codes (Windows' exact English strings, CRLF-terminated), inserts
 * (%1, %1!d!, width and precision, '*' taking the next arguments, %n,
 * %%, %0, %space), a va_list and an argument array, IGNORE_INSERTS,
 * ALLOCATE_BUFFER, a buffer too small, MAX_WIDTH_MASK, the A and W
 * functions, unknown ids and languages; FindResource/LoadResource/
 * LockResource/SizeofResource on RCDATA by name and by "#42", LoadString
 * from a string table (A, W, truncation, the W pointer form), and
 * FormatMessage(FROM_HMODULE) from a message table (messages.rc). */
#include <stdarg.h>
#include <stdio.h>
#include <windows.h>

static void show(const char *what, DWORD n, const char *s)
{
    printf("%s: %lu [", what, n);
    for (; *s; s++) {
        if (*s == '\r')
            printf("\\r");
        else if (*s == '\n')
            printf("\\n");
        else
            putchar(*s);
    }
    printf("]\n");
}

static void sys(DWORD code)
{
    char buf[512];
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, buf,
                             sizeof buf, NULL);
    char what[32];
    sprintf(what, "system %lu", code);
    show(what, n, n ? buf : "");
}

static DWORD vformat(char *buf, DWORD size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, fmt, 0, 0, buf, size, &ap);
    va_end(ap);
    return n;
}

int main(void)
{
    static const DWORD codes[] = { 0, 2, 3, 5, 6, 8, 87, 122, 183, 193, 1460 };
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++)
        sys(codes[i]);

    char buf[256];
    DWORD n;
    n = vformat(buf, sizeof buf, "%1 has %2!d! items (%3!04x!)%n%%done%0 hidden", "list", 42, 0xbeef);
    show("va_list", n, buf);
    n = vformat(buf, sizeof buf, "[%1!*.*s!] then %4", 8, 3, "abcdef", "last");
    show("star width/precision", n, buf);
    n = vformat(buf, sizeof buf, "[%1!-6s!|%2!6s!]% %.%!", "ab", "cd");
    show("width and escapes", n, buf);
    DWORD_PTR arr[3] = { (DWORD_PTR)"first", (DWORD_PTR)"second", 7 };
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%2 %1 %3!u!", 0, 0, buf,
                       sizeof buf, (va_list *)arr);
    show("argument array", n, buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "keep %1 and %2!d!%n", 0, 0, buf,
                       sizeof buf, NULL);
    show("ignore inserts", n, buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK | FORMAT_MESSAGE_IGNORE_INSERTS,
                       "one\r\ntwo%nthree", 0, 0, buf, sizeof buf, NULL);
    show("max width mask", n, buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, ERROR_BAD_EXE_FORMAT, 0, buf,
                       sizeof buf, (va_list *)arr);
    show("system text with an insert", n, buf);

    SetLastError(0);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 2, 0, buf, 10, NULL);
    printf("buffer of 10: %lu, error %lu\n", n, GetLastError());
    SetLastError(0);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 0x2ABCD, 0, buf, sizeof buf,
                       NULL);
    printf("unknown id: %lu, error %lu\n", n, GetLastError());
    SetLastError(0);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 2,
                       MAKELANGID(LANG_JAPANESE, SUBLANG_DEFAULT), buf, sizeof buf, NULL);
    printf("Japanese text: %lu, error %lu\n", n, GetLastError());

    char *alloc = NULL;
    n = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, 5, 0, (LPSTR)&alloc, 0, NULL);
    show("allocated", n, alloc ? alloc : "(null)");
    printf("LocalFree: %s\n", LocalFree(alloc) == NULL ? "ok" : "failed");

    WCHAR wbuf[128];
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 3, 0, wbuf, 128, NULL);
    printf("W system 3: %lu, ends with CRLF: %s, first char %c\n", n,
           n >= 2 && wbuf[n - 2] == '\r' && wbuf[n - 1] == '\n' ? "yes" : "no", (char)wbuf[0]);
    DWORD_PTR warr[2] = { (DWORD_PTR)L"wide", (DWORD_PTR)"narrow" };
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"%1 and %2!S!", 0, 0, wbuf, 128,
                       (va_list *)warr);
    WideCharToMultiByte(CP_ACP, 0, wbuf, -1, buf, sizeof buf, NULL, NULL);
    show("W inserts", n, buf);

    /* resources */
    HRSRC r = FindResourceA(NULL, "MYDATA", RT_RCDATA);
    HGLOBAL g = r ? LoadResource(NULL, r) : NULL;
    const char *p = g ? LockResource(g) : NULL;
    printf("MYDATA: found %d, size %lu, data %.3s\n", r != NULL, r ? SizeofResource(NULL, r) : 0, p ? p : "-");
    r = FindResourceW(GetModuleHandleW(NULL), L"mydata", MAKEINTRESOURCEW(10));
    printf("by lowercase W name: %s\n", r ? "found" : "missing");
    r = FindResourceA(NULL, "#42", RT_RCDATA);
    g = r ? LoadResource(NULL, r) : NULL;
    printf("#42: size %lu, data %.9s\n", r ? SizeofResource(NULL, r) : 0, g ? (const char *)LockResource(g) : "-");
    r = FindResourceExA(NULL, RT_RCDATA, MAKEINTRESOURCEA(42), MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    printf("#42 in en-US: %s\n", r ? "found" : "missing");
    SetLastError(0);
    r = FindResourceExA(NULL, RT_RCDATA, MAKEINTRESOURCEA(42), MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN));
    printf("#42 in de-DE: %s, error %lu\n", r ? "found" : "missing", GetLastError());
    SetLastError(0);
    r = FindResourceA(NULL, "NOPE", RT_RCDATA);
    printf("missing name: %p, error %lu\n", (void *)r, GetLastError());
    SetLastError(0);
    r = FindResourceA(NULL, MAKEINTRESOURCEA(1), RT_BITMAP);
    printf("missing type: %p, error %lu\n", (void *)r, GetLastError());
    r = FindResourceA(NULL, MAKEINTRESOURCEA(1), MAKEINTRESOURCEA(11));
    printf("message table size: %lu\n", r ? SizeofResource(NULL, r) : 0);

    int len = LoadStringA(NULL, 1, buf, sizeof buf);
    printf("LoadStringA 1: %d [%s]\n", len, buf);
    len = LoadStringA(NULL, 17, buf, 7);
    printf("LoadStringA 17 into 7: %d [%s]\n", len, buf);
    len = LoadStringW(NULL, 17, wbuf, 128);
    printf("LoadStringW 17: %d, first %c\n", len, (char)wbuf[0]);
    const WCHAR *direct = NULL;
    len = LoadStringW(NULL, 1, (LPWSTR)&direct, 0);
    printf("LoadStringW pointer form: %d, first %c\n", len, direct ? (char)direct[0] : '-');
    len = LoadStringA(NULL, 2, buf, sizeof buf);
    printf("LoadStringA 2 (none in its block): %d\n", len);

    DWORD_PTR margs[1] = { (DWORD_PTR)"C:" };
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 1, 0, buf, sizeof buf,
                       (va_list *)margs);
    show("message table 1 (ANSI entry)", n, buf);
    DWORD_PTR count[1] = { 12 };
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 2, 0, buf, sizeof buf,
                       (va_list *)count);
    show("message table 2 (Unicode entry)", n, buf);
    SetLastError(0);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 3, 0, buf, sizeof buf,
                       NULL);
    printf("message table 3: %lu, error %lu\n", n, GetLastError());
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, 5, 0, buf, sizeof buf, NULL);
    show("module, then system: 5", n, buf);
    return 0;
}
