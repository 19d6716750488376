; fixed_norelocs.asm - proves that an EXE with IMAGE_FILE_RELOCS_STRIPPED and
; no .reloc section is mapped exactly at its ImageBase (0x00400000): it uses
; absolute addresses everywhere and checks where it actually runs.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end
%define DIR_IAT    kernel32.iat, kernel32.iat_end

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
        call .next              ; where are we really?
.next:  pop eax
        cmp eax, .next          ; absolute VA assuming the preferred base
        jne .moved
        WRITE_STDOUT msg_ok, msg_ok_len
        push 4
        call [__imp_ExitProcess]
.moved:
        WRITE_STDOUT msg_bad, msg_bad_len
        push 1
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess
kernel32.iat_end equ kernel32.name     ; IAT (with its null slot) ends here

        STRING msg_ok,  'fixed image loaded at 0x00400000'
        STRING msg_bad, 'fixed image NOT at its preferred base'
        align 4, db 0
pe32_written: dd 0
data_end:
        END_OF_IMAGE
