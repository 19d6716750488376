; ordinal_imports.asm - proves imports by ordinal only (no name) resolve
; using the DLL's real Windows ordinals: ws2_32 #112 = WSASetLastError and
; #111 = WSAGetLastError.  Sets 10035 (WSAEWOULDBLOCK), reads it back and
; exits with the value read (expected 10035).
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
        push 10035                      ; WSAEWOULDBLOCK
        call [__imp_WSASetLastError]    ; void WSAAPI (stdcall, 1 arg)
        call [__imp_WSAGetLastError]    ; int WSAAPI (void)
        mov ebx, eax                    ; callee-saved across WriteFile
        WRITE_STDOUT msg, msg_len
        push ebx
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_RAW ws2_ilt, ws2_name, ws2_iat
        IMPORT_DESCRIPTOR_END
imports_end:
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile, ExitProcess

        align 4, db 0
ws2_ilt:
        dd BY_ORDINAL(112), BY_ORDINAL(111), 0
ws2_iat:
__imp_WSASetLastError: dd BY_ORDINAL(112)
__imp_WSAGetLastError: dd BY_ORDINAL(111)
        dd 0
ws2_name:
        db 'ws2_32.dll', 0

        STRING msg, 'ws2_32 imported by ordinal 111/112'
        align 4, db 0
pe32_written: dd 0
data_end:
        END_OF_IMAGE
