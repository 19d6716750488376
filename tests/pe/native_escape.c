/* What guest code can do under the native backend that no API call can:
 * Linux system calls through int 0x80 (open, creat) and a far call to the
 * 64-bit code selector that makes an x86-64 open. argv[1] is a host
 * directory outside the prefix holding a file "secret"; each attempt prints
 * "blocked" or "REACHED". Run by tests/sandbox_escape.py with --cpu=native
 * (under Unicorn these instructions never reach the host). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static char secret[512], created[512];

static int int80(int nr, const char *path, int arg)
{
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(path), "c"(arg), "d"(0) : "memory");
    return r;
}

static void report(const char *what, int r)
{
    if (r >= 0)
        printf("%s: REACHED (fd %d)\n", what, r);
    else
        printf("%s: blocked (errno %d)\n", what, -r);
}

/* x86-64 code: mov esp,esp; mov eax,2 (open); mov edi,path; xor esi,esi;
 * xor edx,edx; syscall; retf (32-bit far return to the caller's selector) */
static int open_in_64bit_mode(const char *path)
{
    unsigned char *code = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    if (!code)
        return -12;
    static const unsigned char body[] = { 0x89, 0xE4, 0xB8, 0x02, 0x00, 0x00, 0x00, 0xBF, 0, 0, 0, 0,
                                          0x31, 0xF6, 0x31, 0xD2, 0x0F, 0x05, 0xCB };
    memcpy(code, body, sizeof body);
    DWORD p = (DWORD)path;
    memcpy(code + 8, &p, 4);
    struct __attribute__((packed)) { DWORD offset; WORD selector; } target = { (DWORD)code, 0x33 };
    int r;
    __asm__ volatile("lcall *%1" : "=a"(r) : "m"(target) : "ecx", "edx", "esi", "edi", "memory");
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: native_escape HOST_DIR\n");
        return 2;
    }
    snprintf(secret, sizeof secret, "%s/secret", argv[1]);
    snprintf(created, sizeof created, "%s/created_by_int80", argv[1]);
    report("int 0x80 open", int80(5, secret, 0));
    report("int 0x80 creat", int80(8, created, 0644));
    report("64-bit open", open_in_64bit_mode(secret));
    return 0;
}
