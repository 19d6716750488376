; asmdll.dll.asm - a hand-built DLL (output asmdll.dll) used by
; dll_imports.exe.  Its preferred base 0x00400000 is the EXE's, so it is
; always relocated (.reloc).  Exports, with ordinal Base = 5:
;   #5 AddNumbers(a, b) stdcall -> a + b
;   #6 GetGreeting()            -> eax = string, edx = its length
;   #7 (no name)                -> eax = 0x1234   (export by ordinal only)
;   #8 MyGetLastError           -> forwarder to kernel32.GetLastError
;   #9 DataExport               -> a dword variable = 0x00C0FFEE
; DllMain prints a line on DLL_PROCESS_ATTACH and DLL_PROCESS_DETACH.
%define IMAGE_BASE 0x00400000
%include "pe32.inc"

%define DIR_EXPORT    export_dir, export_end
%define DIR_IMPORT    imports, imports_end
%define DIR_BASERELOC reloc_start, reloc_end

        org IMAGE_BASE
        DOS_HEADER pe_header
pe_header:
        FILE_HEADER 4, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_32BIT_MACHINE | IMAGE_FILE_DLL
        OPTIONAL_HEADER DllMain, text_start, data_start, IMAGE_SUBSYSTEM_WINDOWS_CUI, 0
        DATA_DIRECTORIES
        SECTION_HEADER '.text',  text_start,  text_end,  SCN_CODE
        SECTION_HEADER '.rdata', rdata_start, rdata_end, SCN_RDATA
        SECTION_HEADER '.data',  data_start,  data_end,  SCN_DATA
        SECTION_HEADER '.reloc', reloc_start, reloc_end, SCN_RELOC
        END_OF_HEADERS

; ------------------------------------------------------------------ .text
text_start:
        RELOC_GROUP text
; BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved)
DllMain:
        mov eax, [esp + 8]
        cmp eax, DLL_PROCESS_ATTACH
        je .attach
        cmp eax, DLL_PROCESS_DETACH
        je .detach
        jmp .done                       ; thread attach/detach: silent
.attach:
        cmp dword [esp + 4], IMAGE_BASE ; hinst = where we were really mapped
        je .not_moved
        WRITE_STDOUT_RELOC msg_attach, msg_attach_len
        jmp .done
.not_moved:
        WRITE_STDOUT_RELOC msg_notmoved, msg_notmoved_len
        jmp .done
.detach:
        WRITE_STDOUT_RELOC msg_detach, msg_detach_len
.done:
        mov eax, 1                      ; TRUE
        ret 12

; int WINAPI AddNumbers(int a, int b)
AddNumbers:
        mov eax, [esp + 4]
        add eax, [esp + 8]
        ret 8

; GetGreeting: eax = pointer to text, edx = length (asm-only convention)
GetGreeting:
        mov eax, greeting               ; absolute: fixed up when relocated
        RELOC
        mov edx, greeting_len
        ret

; exported by ordinal 7 only
SecretValue:
        mov eax, 0x1234
        ret
text_end:

; ------------------------------------------------------------------ .rdata
        BEGIN_SECTION
rdata_start:
export_dir:                             ; IMAGE_EXPORT_DIRECTORY
        dd 0                            ; Characteristics
        dd 0                            ; TimeDateStamp
        dw 0, 0                         ; Major/MinorVersion
        dd RVA(dll_name)                ; Name
        dd 5                            ; Base (first ordinal)
        dd 5                            ; NumberOfFunctions
        dd 4                            ; NumberOfNames
        dd RVA(export_functions)        ; AddressOfFunctions
        dd RVA(export_names)            ; AddressOfNames
        dd RVA(export_ordinals)         ; AddressOfNameOrdinals
export_functions:                       ; index i = ordinal 5 + i
        dd RVA(AddNumbers)              ; #5
        dd RVA(GetGreeting)             ; #6
        dd RVA(SecretValue)             ; #7 (no name)
        dd RVA(fwd_MyGetLastError)      ; #8 RVA inside the export directory: forwarder
        dd RVA(DataExport)              ; #9
export_names:                           ; sorted by name (binary search)
        dd RVA(name_AddNumbers)
        dd RVA(name_DataExport)
        dd RVA(name_GetGreeting)
        dd RVA(name_MyGetLastError)
export_ordinals:                        ; function index (ordinal - Base) per name
        dw 0, 4, 1, 3
dll_name:            db 'asmdll.dll', 0
name_AddNumbers:     db 'AddNumbers', 0
name_DataExport:     db 'DataExport', 0
name_GetGreeting:    db 'GetGreeting', 0
name_MyGetLastError: db 'MyGetLastError', 0
fwd_MyGetLastError:  db 'kernel32.GetLastError', 0
export_end:

imports:
        IMPORT_DESCRIPTOR kernel32
        IMPORT_DESCRIPTOR_END
imports_end:
rdata_end:

; ------------------------------------------------------------------ .data
        BEGIN_SECTION
data_start:
        ; the IAT must be writable, so the kernel32 tables live in .data
        IMPORT_DLL kernel32, 'kernel32.dll', GetStdHandle, WriteFile
        align 4, db 0
DataExport:   dd 0x00C0FFEE
pe32_written: dd 0
        STRING greeting,     'asmdll: greeting from a relocated DLL'
        STRING msg_attach,   'asmdll: DLL_PROCESS_ATTACH (relocated)'
        STRING msg_notmoved, 'asmdll: DLL_PROCESS_ATTACH at its preferred base?!'
        STRING msg_detach,   'asmdll: DLL_PROCESS_DETACH'
data_end:

; ------------------------------------------------------------------ .reloc
        BEGIN_SECTION
reloc_start:
        RELOC_BLOCK text, text_start
reloc_end:
        END_OF_IMAGE
