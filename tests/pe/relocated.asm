; relocated.asm - proves base relocations are applied: the preferred base
; 0x7FFE0000 is always taken (KUSER_SHARED_DATA lives there), so the loader
; must move the image and apply the HIGHLOW fixups in .reloc, both in code
; (IAT calls, pushed addresses) and in data (a pointer stored in .data).
%define IMAGE_BASE 0x7FFE0000
%include "pe32.inc"

%define DIR_IMPORT    imports, imports_end
%define DIR_IAT       kernel32.iat, kernel32.name
%define DIR_BASERELOC reloc_start, reloc_end

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 3, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text',  text_start,  text_end,  SCN_CODE
        SECTION_HEADER '.data',  data_start,  data_end,  SCN_DATA
        SECTION_HEADER '.reloc', reloc_start, reloc_end, SCN_RELOC
        END_OF_HEADERS

; ------------------------------------------------------------------ .text
text_start:
        RELOC_GROUP text                ; every RELOC below is in this page
start:
        ; ebx = actual load address (position independent)
        call .next
.next:  pop ebx
        sub ebx, RVA(.next)             ; plain number: no fixup
        cmp ebx, IMAGE_BASE
        je .not_moved

        ; 1) a pointer stored in .data (fixed up in the data page)
        mov esi, [msg_ptr]              ; absolute load of the pointer...
        RELOC                           ; ...whose address is fixed up
        mov eax, esi
        sub eax, ebx
        cmp eax, RVA(msg_data)          ; does it point into *this* copy?
        jne .bad_pointer
        WRITE_STDOUT_RELOC msg_data, msg_data_len

        ; 2) an address pushed as an immediate in code
        WRITE_STDOUT_RELOC msg_code, msg_code_len

        push 0
        call [__imp_ExitProcess]
        RELOC

.not_moved:
        WRITE_STDOUT_RELOC msg_same, msg_same_len
        push 1
        call [__imp_ExitProcess]
        RELOC
.bad_pointer:
        WRITE_STDOUT_RELOC msg_badptr, msg_badptr_len
        push 2
        call [__imp_ExitProcess]
        RELOC
text_end:

; ------------------------------------------------------------------ .data
        BEGIN_SECTION
data_start:
        RELOC_GROUP data
msg_ptr:
        dd msg_data                     ; absolute VA at the preferred base
        RELOC
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess

        STRING msg_data,   'relocated: string found through a pointer in .data'
        STRING msg_code,   'relocated: string pushed as an immediate from .text'
        STRING msg_same,   'image was NOT relocated away from 0x7FFE0000'
        STRING msg_badptr, 'pointer in .data was not fixed up'
        align 4, db 0
pe32_written: dd 0
data_end:

; ------------------------------------------------------------------ .reloc
        BEGIN_SECTION
reloc_start:
        RELOC_BLOCK text, text_start
        RELOC_BLOCK data, data_start
reloc_end:
        END_OF_IMAGE
