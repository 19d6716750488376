; fastfail.asm - proves __fastfail (int 29h) ends the process at once with
; STATUS_STACK_BUFFER_OVERRUN, as Windows 8 and later do: the SEH handler
; installed around it never runs (it would print and exit with 1), nor does
; the code after it, and the unhandled-exception filter is not consulted.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end
%define DIR_IAT    kernel32.iat, kernel32.name

FAST_FAIL_STACK_COOKIE_CHECK_FAILURE equ 2

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 2, IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        SECTION_HEADER '.data', data_start, data_end, SCN_DATA
        END_OF_HEADERS

; ------------------------------------------------------------------ .text
text_start:
; EXCEPTION_DISPOSITION handler(rec, frame, ctx, dispatcher): must not run
seh_handler:
        WRITE_STDOUT msg_handler, msg_handler_len
        push 1
        call [__imp_ExitProcess]

; LONG WINAPI filter(EXCEPTION_POINTERS *): must not run either
unhandled_filter:
        WRITE_STDOUT msg_filter, msg_filter_len
        push 1
        call [__imp_ExitProcess]

start:
        WRITE_STDOUT msg_start, msg_start_len
        push unhandled_filter
        call [__imp_SetUnhandledExceptionFilter]
        push seh_handler                ; EXCEPTION_REGISTRATION_RECORD
        push dword [fs:0]
        mov [fs:0], esp
        mov ecx, FAST_FAIL_STACK_COOKIE_CHECK_FAILURE
        int 0x29                        ; __fastfail(ecx)
        WRITE_STDOUT msg_after, msg_after_len
        push 1
        call [__imp_ExitProcess]
text_end:

; ------------------------------------------------------------------ .data
        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess, SetUnhandledExceptionFilter

        STRING msg_start,   'before __fastfail'
        STRING msg_handler, 'SEH handler ran'
        STRING msg_filter,  'unhandled-exception filter ran'
        STRING msg_after,   'execution continued after int 29h'
        align 4, db 0
pe32_written: dd 0
data_end:
        END_OF_IMAGE
