; hint_imports.asm - proves import resolution does not trust the image: hints
; that are out of range or name another export must fall back to a search by
; name, the IAT's initial contents are ignored when an import lookup table
; (OriginalFirstThunk) exists, a descriptor WITHOUT a lookup table (old
; Borland style, OriginalFirstThunk = 0) is resolved from the IAT itself, and
; the DLL name is matched case-insensitively ("KERNEL32.DLL").
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 2, IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        SECTION_HEADER '.data', data_start, data_end, SCN_DATA
        END_OF_HEADERS

text_start:
start:
        WRITE_STDOUT msg, msg_len
        push 10
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        ; descriptor 1: lookup table + IAT full of garbage
        IMPORT_DESCRIPTOR_RAW k32_ilt, k32_name, k32_iat
        ; descriptor 2: no lookup table, the IAT holds the hint/name RVAs
        dd 0                            ; OriginalFirstThunk = 0
        dd 0, 0                         ; TimeDateStamp, ForwarderChain
        dd RVA(k32_name_upper)          ; Name
        dd RVA(k32b_iat)                ; FirstThunk
        IMPORT_DESCRIPTOR_END
imports_end:

k32_ilt:
        dd RVA(hn_GetStdHandle), RVA(hn_WriteFile), 0
k32_iat:
__imp_GetStdHandle: dd 0xDEADBEEF      ; must be overwritten from the ILT
__imp_WriteFile:    dd 0x0BADF00D
        dd 0
k32b_iat:
__imp_ExitProcess:  dd RVA(hn_ExitProcess)
        dd 0

k32_name:       db 'kernel32.dll', 0
k32_name_upper: db 'KERNEL32.DLL', 0
        HINT_NAME hn_GetStdHandle, 0xFFFF, 'GetStdHandle' ; hint out of range
        HINT_NAME hn_WriteFile,    1,      'WriteFile'    ; hint names another export
        HINT_NAME hn_ExitProcess,  0x7FFF, 'ExitProcess'  ; hint out of range

        STRING msg, 'imports resolved by name despite bad hints'
pe32_written: dd 0
data_end:
        END_OF_IMAGE
