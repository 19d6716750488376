; tls_callback.asm - proves the static TLS directory is honoured: both TLS
; callbacks run with DLL_PROCESS_ATTACH (and the image's module handle)
; before the entry point, the loader stores the TLS slot index in
; AddressOfIndex, and the main thread's TLS block (TEB+0x2C) is a copy of
; the template followed by SizeOfZeroFill zero bytes.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_IMPORT imports, imports_end
%define DIR_IAT    kernel32.iat, kernel32.name
%define DIR_TLS    tls_directory, tls_directory_end

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 3, IMAGE_FILE_RELOCS_STRIPPED | IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE
        OPTIONAL_HEADER start, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text', text_start, text_end, SCN_CODE
        SECTION_HEADER '.data', data_start, data_end, SCN_DATA
        SECTION_HEADER '.tls',  tls_start,  tls_end,  SCN_DATA
        END_OF_HEADERS

; ------------------------------------------------------------------ .text
text_start:
; void NTAPI callback(PVOID DllHandle, DWORD Reason, PVOID Reserved)
; Only DLL_PROCESS_ATTACH prints; other reasons (thread attach/detach,
; process detach at exit) are ignored so the output does not depend on them.
tls_callback1:
        cmp dword [esp + 8], DLL_PROCESS_ATTACH
        jne .done
        cmp dword [esp + 4], IMAGE_BASE ; DllHandle is our HMODULE
        jne .bad_handle
        WRITE_STDOUT msg_cb1, msg_cb1_len
        jmp .done
.bad_handle:
        WRITE_STDOUT msg_cb1_bad, msg_cb1_bad_len
.done:  ret 12

tls_callback2:
        cmp dword [esp + 8], DLL_PROCESS_ATTACH
        jne .done
        inc dword [callbacks_seen]
        WRITE_STDOUT msg_cb2, msg_cb2_len
.done:  ret 12

start:
        WRITE_STDOUT msg_entry, msg_entry_len
        cmp dword [callbacks_seen], 1
        jne .fail

        mov eax, [tls_index]            ; slot index written by the loader
        mov edx, [fs:0x2C]              ; TEB.ThreadLocalStoragePointer
        mov esi, [edx + eax*4]          ; this thread's TLS block
        cmp esi, tls_template           ; must be a copy, not the template
        je .fail
        cmp dword [esi + tls_zero_fill_offset], 0
        jne .fail                       ; zero fill missing
        ; print the copied template text
        push STD_OUTPUT_HANDLE
        call [__imp_GetStdHandle]
        push 0
        push pe32_written
        push tls_text_len
        push esi
        push eax
        call [__imp_WriteFile]
        push 6
        call [__imp_ExitProcess]
.fail:
        WRITE_STDOUT msg_fail, msg_fail_len
        push 1
        call [__imp_ExitProcess]
text_end:

; ------------------------------------------------------------------ .data
        BEGIN_SECTION
data_start:
tls_directory:                          ; IMAGE_TLS_DIRECTORY32 (all VAs)
        dd tls_template                 ; StartAddressOfRawData
        dd tls_template_end             ; EndAddressOfRawData
        dd tls_index                    ; AddressOfIndex
        dd tls_callbacks                ; AddressOfCallBacks
        dd 4                            ; SizeOfZeroFill
        dd 0                            ; Characteristics
tls_directory_end:
tls_callbacks:
        dd tls_callback1, tls_callback2, 0
tls_index:
        dd 0x7777                       ; overwritten by the loader
callbacks_seen:
        dd 0

imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess

        STRING msg_cb1,     'tls callback 1: DLL_PROCESS_ATTACH'
        STRING msg_cb1_bad, 'tls callback 1: wrong module handle'
        STRING msg_cb2,     'tls callback 2: DLL_PROCESS_ATTACH'
        STRING msg_entry,   'entry point reached'
        STRING msg_fail,    'TLS check failed'
        align 4, db 0
pe32_written: dd 0
data_end:

; ------------------------------------------------------------------ .tls
        BEGIN_SECTION
tls_start:
tls_template:                           ; TLS template (raw data)
tls_text:
        db 'tls block copied from the template', 13, 10
tls_text_len equ $ - tls_text
tls_zero_fill_offset equ $ - tls_template
tls_template_end:
        db 0xCC, 0xCC, 0xCC, 0xCC       ; NOT part of the template: the
                                        ; zero fill must not copy these
tls_end:
        END_OF_IMAGE
