; noimports.asm - proves that an image with no import directory at all (and a
; single section) loads, and that returning from the entry point with eax = 5
; ends the process with exit code 5 (kernel32's BaseThreadInitThunk passes the
; return value to ExitThread/ExitProcess).  Prints nothing.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 1, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, text_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES                ; all 16 entries empty
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        END_OF_HEADERS

text_start:
start:
        mov eax, 5                      ; position independent: no relocations needed
        ret
text_end:
        END_OF_IMAGE
