; odd_align.asm - proves that SectionAlignment == FileAlignment == 0x200
; (below the page size, which Windows accepts when both are equal) works: the
; image is mapped flat, exactly as laid out in the file, sections 0x200 apart.
%define IMAGE_BASE    0x00400000
%define SECTION_ALIGN 0x200
%define FILE_ALIGN    0x200
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end
%define DIR_IAT    kernel32.iat, kernel32.name

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 2, IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        SECTION_HEADER '.data', data_start, data_end, SCN_DATA
        END_OF_HEADERS                  ; .text starts at RVA 0x200

text_start:
start:
        ; .data follows .text at the next 0x200 boundary: check the distance
        ; in memory equals the distance in the file
        call .next
.next:  pop eax
        add eax, data_start - .next     ; runtime address of data_start
        cmp dword [eax], 0x11223344
        jne .bad
        WRITE_STDOUT msg_ok, msg_ok_len
        push 7
        call [__imp_ExitProcess]
.bad:
        WRITE_STDOUT msg_bad, msg_bad_len
        push 1
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
        dd 0x11223344                   ; marker checked above
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess

        STRING msg_ok,  'sections aligned to 0x200 mapped flat'
        STRING msg_bad, 'section layout in memory differs from the file'
        align 4, db 0
pe32_written: dd 0
data_end:
        END_OF_IMAGE
