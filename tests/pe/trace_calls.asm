; trace_calls.asm - the golden-trace sample (trace_calls.trace-api, -nt, -all):
; memory calls through kernel32 (VirtualAlloc/Protect/Query/Free, each an NT
; service underneath) and straight to ntdll (NtAllocateVirtualMemory,
; NtFreeVirtualMemory), then a file written, read back and deleted, and a
; failing call (GetFileAttributesA on a missing file: error 2). Hand-written,
; so its calls do not depend on a C runtime. It checks what it reads back
; and exits 0 when everything agreed, else with the number of the step that
; went wrong.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end

%define MEM_COMMIT      0x1000
%define MEM_RESERVE     0x2000
%define MEM_RELEASE     0x8000
%define PAGE_READONLY   0x02
%define PAGE_READWRITE  0x04
%define GENERIC_RW      0xC0000000
%define CREATE_ALWAYS   2
%define FILE_BEGIN      0
%define INVALID_HANDLE  -1
%define FIXED_ADDR      0x10000000

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 2, IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        SECTION_HEADER '.data', data_start, data_end, SCN_DATA
        END_OF_HEADERS

; FAIL_IF cond, step: exit with the step number when the condition holds
%macro FAIL_IF 2
        j%-1 %%ok
        push %2
        call [__imp_ExitProcess]
%%ok:
%endmacro

text_start:
start:
        ; kernel32 memory calls
        push PAGE_READWRITE
        push MEM_COMMIT | MEM_RESERVE
        push 0x3000
        push FIXED_ADDR                 ; fixed: the address is in VirtualQuery's buffer
        call [__imp_VirtualAlloc]
        cmp eax, FIXED_ADDR
        FAIL_IF ne, 1
        mov [mem], eax
        mov dword [eax], 0x12345678

        push old_protect
        push PAGE_READONLY
        push 0x1000
        push dword [mem]
        call [__imp_VirtualProtect]
        test eax, eax
        FAIL_IF z, 2

        push 28
        push mbi
        push dword [mem]
        call [__imp_VirtualQuery]
        cmp eax, 28
        FAIL_IF ne, 3
        cmp dword [mbi + 20], PAGE_READONLY ; Protect
        FAIL_IF ne, 4

        push MEM_RELEASE
        push 0
        push dword [mem]
        call [__imp_VirtualFree]
        test eax, eax
        FAIL_IF z, 5

        ; the same straight from ntdll
        mov dword [nt_base], 0
        mov dword [nt_size], 0x1000
        push PAGE_READWRITE
        push MEM_COMMIT | MEM_RESERVE
        push nt_size
        push 0
        push nt_base
        push -1
        call [__imp_NtAllocateVirtualMemory]
        test eax, eax
        FAIL_IF nz, 6
        mov dword [nt_size], 0
        push MEM_RELEASE
        push nt_size
        push nt_base
        push -1
        call [__imp_NtFreeVirtualMemory]
        test eax, eax
        FAIL_IF nz, 7

        ; a file written, read back, deleted
        push 0
        push 0
        push CREATE_ALWAYS
        push 0
        push 0
        push GENERIC_RW
        push file_name
        call [__imp_CreateFileA]
        cmp eax, INVALID_HANDLE
        FAIL_IF e, 8
        mov [file], eax

        push 0
        push written
        push text_len
        push text
        push dword [file]
        call [__imp_WriteFile]
        test eax, eax
        FAIL_IF z, 9

        push FILE_BEGIN
        push 0
        push 0
        push dword [file]
        call [__imp_SetFilePointer]
        test eax, eax
        FAIL_IF nz, 10

        push 0
        push got
        push 64
        push buffer
        push dword [file]
        call [__imp_ReadFile]
        test eax, eax
        FAIL_IF z, 11
        cmp dword [got], text_len
        FAIL_IF ne, 12
        mov esi, text
        mov edi, buffer
        mov ecx, text_len
        repe cmpsb
        FAIL_IF ne, 13

        push dword [file]
        call [__imp_CloseHandle]
        push file_name
        call [__imp_DeleteFileA]
        test eax, eax
        FAIL_IF z, 14

        push missing_name
        call [__imp_GetFileAttributesA]
        cmp eax, INVALID_HANDLE
        FAIL_IF ne, 15

        WRITE_STDOUT msg_ok, msg_ok_len
        push 0
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR ntdll
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ReadFile, CreateFileA, \
                   SetFilePointer, CloseHandle, DeleteFileA, GetFileAttributesA, VirtualAlloc, \
                   VirtualProtect, VirtualQuery, VirtualFree, ExitProcess
        IMPORT_DLL ntdll, 'ntdll.dll', NtAllocateVirtualMemory, NtFreeVirtualMemory

        STRING msg_ok, 'trace_calls: ok'
text:   db 'hello, trace', 13, 10
text_len equ $ - text
file_name:    db 'trace_calls.tmp', 0
missing_name: db 'no_such_file.txt', 0
        align 4, db 0
pe32_written: dd 0
mem:          dd 0
old_protect:  dd 0
nt_base:      dd 0
nt_size:      dd 0
file:         dd 0
written:      dd 0
got:          dd 0
mbi:          times 28 db 0
buffer:       times 64 db 0
data_end:
        END_OF_IMAGE
