; dll_imports.asm - proves loading a non-system DLL from the EXE's directory
; (asmdll.dll, built from asmdll.dll.asm): its DllMain runs before our entry
; point and again at exit, it is relocated (its preferred base is ours), and
; imports by name, by ordinal only (#7, with ordinal Base 5), a forwarded
; export (MyGetLastError -> kernel32.GetLastError) and a data export resolve.
; Exit code = AddNumbers(40, 2) = 42.
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

; CHECK expected, stem: print stem_ok if eax == expected, else stem_bad
%macro CHECK 2
        cmp eax, %1
        jne %%bad
        WRITE_STDOUT %2_ok, %2_ok_len
        jmp %%done
%%bad:  WRITE_STDOUT %2_bad, %2_bad_len
%%done:
%endmacro

text_start:
start:
        WRITE_STDOUT msg_entry, msg_entry_len

        ; string pointer returned by the (relocated) DLL
        call [__imp_GetGreeting]        ; eax = text, edx = length
        push edx
        push eax
        push STD_OUTPUT_HANDLE
        call [__imp_GetStdHandle]
        pop ecx                         ; text
        pop edx                         ; length
        push 0
        push pe32_written
        push edx
        push ecx
        push eax
        call [__imp_WriteFile]

        call [__imp_asmdll_ordinal7]
        CHECK 0x1234, ord

        push 55
        call [__imp_SetLastError]
        call [__imp_MyGetLastError]     ; forwarded to kernel32.GetLastError
        CHECK 55, fwd

        mov eax, [__imp_DataExport]     ; IAT slot holds the variable's address
        mov eax, [eax]
        CHECK 0x00C0FFEE, data

        push 2
        push 40
        call [__imp_AddNumbers]         ; stdcall: callee pops
        push eax                        ; 42
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_RAW asm_ilt, asm_name, asm_iat
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess, SetLastError

        align 4, db 0
asm_ilt:
        dd RVA(hn_GetGreeting), BY_ORDINAL(7), RVA(hn_MyGetLastError)
        dd RVA(hn_DataExport), RVA(hn_AddNumbers), 0
asm_iat:
__imp_GetGreeting:      dd RVA(hn_GetGreeting)
__imp_asmdll_ordinal7:  dd BY_ORDINAL(7)
__imp_MyGetLastError:   dd RVA(hn_MyGetLastError)
__imp_DataExport:       dd RVA(hn_DataExport)
__imp_AddNumbers:       dd RVA(hn_AddNumbers)
        dd 0
asm_name:
        db 'asmdll.dll', 0
        HINT_NAME hn_GetGreeting,    0, 'GetGreeting'
        HINT_NAME hn_MyGetLastError, 0, 'MyGetLastError'
        HINT_NAME hn_DataExport,     0, 'DataExport'
        HINT_NAME hn_AddNumbers,     0, 'AddNumbers'

        STRING msg_entry, 'exe: entry point'
        STRING ord_ok,    'exe: ordinal-only export #7 ok'
        STRING ord_bad,   'exe: ordinal-only export #7 WRONG'
        STRING fwd_ok,    'exe: forwarded export ok'
        STRING fwd_bad,   'exe: forwarded export WRONG'
        STRING data_ok,   'exe: data export ok'
        STRING data_bad,  'exe: data export WRONG'
        align 4, db 0
pe32_written: dd 0
data_end:
        END_OF_IMAGE
