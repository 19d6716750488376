; pe64.dat.asm - a minimal 64-bit (PE32+, AMD64) program image, named .dat so
; the sample runner does not run it: proc_parent copies it to an .exe and
; checks that CreateProcess refuses it with ERROR_BAD_EXE_FORMAT (wowbox runs
; 32-bit programs only). No x86_64 mingw compiler is needed to build it.
        bits 64
        org 0
dos:    db 'MZ'
        times 0x3C - ($ - dos) db 0
        dd pe - dos                         ; e_lfanew
pe:     db 'PE', 0, 0
        dw 0x8664                           ; Machine: AMD64
        dw 1                                ; NumberOfSections
        dd 0, 0, 0                          ; TimeDateStamp, symbols
        dw opt_end - opt                    ; SizeOfOptionalHeader
        dw 0x0022                           ; EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE
opt:    dw 0x020B                           ; PE32+
        db 14, 0                            ; linker version
        dd 0x200, 0, 0                      ; code, data, bss sizes
        dd 0x1000, 0x1000                   ; AddressOfEntryPoint, BaseOfCode
        dq 0x140000000                      ; ImageBase
        dd 0x1000, 0x200                    ; SectionAlignment, FileAlignment
        dw 6, 0, 0, 0, 6, 0                 ; OS, image, subsystem versions
        dd 0, 0x2000, 0x200, 0              ; Win32Version, SizeOfImage, SizeOfHeaders, CheckSum
        dw 3, 0x8160                        ; Subsystem CUI, DllCharacteristics
        dq 0x100000, 0x1000, 0x100000, 0x1000 ; stack and heap reserve/commit
        dd 0, 16                            ; LoaderFlags, NumberOfRvaAndSizes
        times 16 dq 0                       ; data directories
opt_end:
        db '.text', 0, 0, 0
        dd 0x200, 0x1000, 0x200, 0x200      ; VirtualSize, VA, SizeOfRawData, PointerToRawData
        dd 0, 0
        dw 0, 0
        dd 0x60000020                       ; code, execute, read
        times 0x200 - ($ - dos) db 0
        xor eax, eax
        ret
        times 0x400 - ($ - dos) db 0
