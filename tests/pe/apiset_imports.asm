; apiset_imports.asm - proves static imports from API set names bind to the
; host DLL with no file of that name on disk: GetStdHandle, WriteFile and
; ExitProcess come from three api-ms-win-core-* contracts (written in mixed
; case, as the schema matches names case-insensitively).
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
        push 7
        call [__imp_ExitProcess]
text_end:

        BEGIN_SECTION
data_start:
imports:
        IMPORT_DESCRIPTOR_RAW env_ilt, env_name, env_iat
        IMPORT_DESCRIPTOR_RAW file_ilt, file_name, file_iat
        IMPORT_DESCRIPTOR_RAW pt_ilt, pt_name, pt_iat
        IMPORT_DESCRIPTOR_END
imports_end:

env_ilt:  dd RVA(hn_GetStdHandle), 0
env_iat:
__imp_GetStdHandle: dd 0
        dd 0
file_ilt: dd RVA(hn_WriteFile), 0
file_iat:
__imp_WriteFile: dd 0
        dd 0
pt_ilt:   dd RVA(hn_ExitProcess), 0
pt_iat:
__imp_ExitProcess: dd 0
        dd 0

env_name:  db 'api-ms-win-core-processenvironment-l1-1-0.dll', 0
file_name: db 'API-MS-Win-Core-File-L1-1-0.dll', 0
pt_name:   db 'api-ms-win-core-processthreads-l1-1-3.dll', 0
        HINT_NAME hn_GetStdHandle, 0, 'GetStdHandle'
        HINT_NAME hn_WriteFile,    0, 'WriteFile'
        HINT_NAME hn_ExitProcess,  0, 'ExitProcess'

        STRING msg, 'imported through three API sets'
pe32_written: dd 0
data_end:
        END_OF_IMAGE
