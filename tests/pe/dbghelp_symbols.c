// build-flags: -ldbghelp -fno-omit-frame-pointer
/* dbghelp_symbols.c - the symbol handler for the program's own process:
 * SymInitialize/SymCleanup per handle (twice fails, cleanup of one never
 * initialized fails), options, SymFromAddr (and the older
 * SymGetSymFromAddr(64), the name cut to the room given) naming an export of a loaded
 * DLL and this program's own exported function with the displacement,
 * SymGetModuleBase, ImageNtHeader / ImageDirectoryEntryToData on the
 * program's image, and StackWalk64 along the frame-pointer chain from a
 * function three calls deep. */
#define __USE_MINGW_ANSI_STDIO 0 /* msvcrt.dll's printf */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <dbghelp.h>

__declspec(dllexport) __attribute__((noinline)) int sample_export(int x) { return x * 3 + 1; }

static int depth_of_walk;

static __attribute__((noinline)) void walk(void)
{
    CONTEXT ctx;
    memset(&ctx, 0, sizeof ctx);
    STACKFRAME64 sf;
    memset(&sf, 0, sizeof sf);
    DWORD ebp, esp;
    __asm__ volatile("movl %%ebp, %0; movl %%esp, %1" : "=r"(ebp), "=r"(esp));
    sf.AddrPC.Offset = (DWORD)(DWORD_PTR)walk;
    sf.AddrPC.Mode = AddrModeFlat;
    sf.AddrFrame.Offset = ebp;
    sf.AddrFrame.Mode = AddrModeFlat;
    sf.AddrStack.Offset = esp;
    sf.AddrStack.Mode = AddrModeFlat;
    HMODULE exe = GetModuleHandleA(NULL);
    int in_exe = 0, frames = 0;
    while (frames < 64 && StackWalk64(IMAGE_FILE_MACHINE_I386, GetCurrentProcess(), GetCurrentThread(), &sf, &ctx, NULL,
                                      SymFunctionTableAccess64, SymGetModuleBase64, NULL)) {
        frames++;
        if (SymGetModuleBase64(GetCurrentProcess(), sf.AddrPC.Offset) == (DWORD64)(DWORD_PTR)exe)
            in_exe++;
    }
    depth_of_walk = in_exe;
    printf("StackWalk64: at least 4 frames in the program (walk, level3..1): %d\n", in_exe >= 4);
    printf("StackWalk64(machine 0x8664): %d\n",
           StackWalk64(IMAGE_FILE_MACHINE_AMD64, GetCurrentProcess(), GetCurrentThread(), &sf, &ctx, NULL, NULL, NULL, NULL));
}

static __attribute__((noinline)) void level3(void) { walk(); }
static __attribute__((noinline)) void level2(void) { level3(); }
static __attribute__((noinline)) void level1(void) { level2(); }

static void show_symbol(const char *what, DWORD64 addr)
{
    char buf[sizeof(SYMBOL_INFO) + 64];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    memset(buf, 0, sizeof buf);
    si->SizeOfStruct = sizeof *si;
    si->MaxNameLen = 64;
    DWORD64 disp = 0;
    if (SymFromAddr(GetCurrentProcess(), addr, &disp, si))
        printf("%s: %s+%llu, flags %#lx, tag %lu\n", what, si->Name, disp, si->Flags, si->Tag);
    else
        printf("%s: fails, error %lu\n", what, GetLastError());
}

int main(void)
{
    HANDLE self = GetCurrentProcess();
    printf("SymFromAddr before SymInitialize: ");
    show_symbol("", 0);
    printf("SymInitialize: %d\n", SymInitialize(self, NULL, TRUE));
    SetLastError(0);
    BOOL again = SymInitialize(self, NULL, TRUE);
    printf("SymInitialize again: %d, error %lu\n", again, GetLastError());
    DWORD old = SymGetOptions();
    printf("SymSetOptions returns the new options: %d\n", SymSetOptions(old | SYMOPT_LOAD_LINES) == (old | SYMOPT_LOAD_LINES));
    printf("SymGetOptions agrees: %d\n", SymGetOptions() == (old | SYMOPT_LOAD_LINES));

    FARPROC gle = GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetLastError");
    show_symbol("kernel32!GetLastError", (DWORD64)(DWORD_PTR)gle);
    show_symbol("the program's export + 1", (DWORD64)(DWORD_PTR)sample_export + 1);
    show_symbol("address 0x10", 0x10);
    char buf64[sizeof(IMAGEHLP_SYMBOL64) + 32];
    IMAGEHLP_SYMBOL64 *is = (IMAGEHLP_SYMBOL64 *)buf64;
    memset(buf64, 0, sizeof buf64);
    is->SizeOfStruct = sizeof *is;
    is->MaxNameLength = 8; /* "GetLast" and the NUL */
    DWORD64 disp64 = 0;
    BOOL ok = SymGetSymFromAddr64(self, (DWORD64)(DWORD_PTR)gle + 2, &disp64, is);
    printf("SymGetSymFromAddr64(GetLastError + 2, 8 characters of room): %d %s+%llu, address right: %d\n", ok,
           is->Name, disp64, is->Address == (DWORD64)(DWORD_PTR)gle);
    char buf32[sizeof(IMAGEHLP_SYMBOL) + 32];
    IMAGEHLP_SYMBOL *is32 = (IMAGEHLP_SYMBOL *)buf32;
    memset(buf32, 0, sizeof buf32);
    is32->SizeOfStruct = sizeof *is32;
    is32->MaxNameLength = 32;
    DWORD disp32 = 0;
    ok = SymGetSymFromAddr(self, (DWORD)(DWORD_PTR)sample_export, &disp32, is32);
    printf("SymGetSymFromAddr(sample_export): %d %s+%lu\n", ok, is32->Name, disp32);
    printf("SymGetModuleBase(GetLastError) is kernel32's: %d\n",
           SymGetModuleBase(self, (DWORD)(DWORD_PTR)gle) == (DWORD)(DWORD_PTR)GetModuleHandleA("kernel32.dll"));
    DWORD64 none = SymGetModuleBase64(self, 0x10);
    printf("SymGetModuleBase64(0x10): %llu, error %lu\n", none, GetLastError());

    HMODULE exe = GetModuleHandleA(NULL);
    IMAGE_NT_HEADERS *nt = ImageNtHeader(exe);
    printf("ImageNtHeader: PE signature %d, machine %#x\n", nt && nt->Signature == IMAGE_NT_SIGNATURE,
           nt ? nt->FileHeader.Machine : 0);
    ULONG size = 0;
    IMAGE_EXPORT_DIRECTORY *ed = ImageDirectoryEntryToData(exe, TRUE, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    printf("ImageDirectoryEntryToData(export): %d names, size > 0: %d\n", ed ? (int)ed->NumberOfNames : -1, size > 0);
    char junk[64] = "not an image";
    SetLastError(0);
    void *hdr = ImageNtHeader(junk);
    printf("ImageNtHeader(not an image): %p, error %lu\n", hdr, GetLastError());

    level1();
    printf("sample_export(2) = %d\n", sample_export(2));
    printf("SymCleanup: %d\n", SymCleanup(self));
    SetLastError(0);
    BOOL cleaned = SymCleanup(self);
    printf("SymCleanup again: %d, error %lu\n", cleaned, GetLastError());
    return depth_of_walk >= 4 ? 0 : 1;
}
