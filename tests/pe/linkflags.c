/* linkflags.c - proves per-file "build-flags" reach the linker and the loader
 * honours them: a fixed ImageBase of 0x20000000 without ASLR, and the
 * large-address-aware flag (top-down VirtualAlloc lands above 2 GB on WoW64). */
// build-flags: -Wl,--image-base=0x20000000 -Wl,--disable-dynamicbase -Wl,--large-address-aware
#include <stdio.h>
#include <windows.h>

static int some_global = 5;

int main(void)
{
    HMODULE self = GetModuleHandleA(NULL);
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)self;
    IMAGE_NT_HEADERS32 *nt = (IMAGE_NT_HEADERS32 *)((char *)self + dos->e_lfanew);
    ULONG_PTR g = (ULONG_PTR)&some_global;
    void *high;

    printf("loaded at 0x20000000: %d\n", self == (HMODULE)0x20000000);
    printf("header ImageBase 0x%08lx\n", (unsigned long)nt->OptionalHeader.ImageBase);
    printf("large address aware: %d\n",
           (nt->FileHeader.Characteristics & IMAGE_FILE_LARGE_ADDRESS_AWARE) != 0);
    printf("dynamic base: %d\n",
           (nt->OptionalHeader.DllCharacteristics & IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE) != 0);
    printf("global inside the image: %d (value %d)\n",
           g >= 0x20000000 && g < 0x20000000 + nt->OptionalHeader.SizeOfImage, some_global);

    high = VirtualAlloc(NULL, 0x10000, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);
    printf("top-down VirtualAlloc above 2 GB: %d\n", high != NULL && (ULONG_PTR)high >= 0x80000000u);
    if (high) {
        ((volatile char *)high)[0xFFFF] = 1;    /* and it is usable */
        VirtualFree(high, 0, MEM_RELEASE);
    }
    return 0;
}
