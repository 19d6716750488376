; headers_in_stub.asm - proves e_lfanew = 0x40 works (PE header straight after
; the 64-byte DOS header, no DOS stub) and that the import directory, lookup
; table and names may live inside the headers (SizeOfHeaders region); only
; the IAT, which the loader writes, is in a section.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end
%define DIR_IAT    k32_iat, k32_iat_end

        org IMAGE_BASE
        DOS_HEADER_ONLY pe_header       ; e_lfanew = 0x40, no DOS stub
pe_header:
        FILE_HEADER 2, IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        SECTION_HEADER '.data', data_start, data_end, SCN_DATA

        ; ---- import tables inside the headers, after the section table
        align 4, db 0
imports:
        IMPORT_DESCRIPTOR_RAW k32_ilt, k32_name, k32_iat
        IMPORT_DESCRIPTOR_END
imports_end:
k32_ilt:
        dd RVA(hn_GetStdHandle), RVA(hn_WriteFile), RVA(hn_ExitProcess), 0
k32_name:
        db 'kernel32.dll', 0
        HINT_NAME hn_GetStdHandle, 0, 'GetStdHandle'
        HINT_NAME hn_WriteFile,    0, 'WriteFile'
        HINT_NAME hn_ExitProcess,  0, 'ExitProcess'
        END_OF_HEADERS                  ; SizeOfHeaders = 0x200

text_start:
start:
        WRITE_STDOUT msg, msg_len
        push 8
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
k32_iat:                                ; IAT: initially a copy of the ILT
__imp_GetStdHandle: dd RVA(hn_GetStdHandle)
__imp_WriteFile:    dd RVA(hn_WriteFile)
__imp_ExitProcess:  dd RVA(hn_ExitProcess)
        dd 0
k32_iat_end:
        STRING msg, 'PE header at 0x40, imports inside the headers'
pe32_written: dd 0
data_end:
        END_OF_IMAGE
