; missing_dll_escape.asm - a missing DLL whose name holds terminal escape
; sequences: the one-line error shows them as "?" so a crafted PE cannot
; drive the terminal of the person running it. Otherwise as missing_dll.asm:
; process must fail to start as on Windows, with STATUS_DLL_NOT_FOUND
; (0xC0000135) as its exit code and a one-line message naming the missing
; DLL and the image that imports it. Nothing of the program may run.
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
        call [__imp_NoSuchFunction]
        push 0
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR nosuch
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess
        IMPORT_DLL nosuch, `\x1b[2J\x1b]0;pwned\x07evil.dll`, NoSuchFunction

        STRING msg, 'this line must never be printed'
        align 4, db 0
pe32_written: dd 0
data_end:
        END_OF_IMAGE
