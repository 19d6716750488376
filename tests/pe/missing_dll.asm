; missing_dll.asm - an image importing from a DLL that exists nowhere: the
; process must fail to start as on Windows, with STATUS_DLL_NOT_FOUND
; (0xC0000135) as its exit code and a one-line message naming the missing
; DLL and the image that imports it. Nothing of the program may run.
%define MISSING_DLL_NAME 'nosuchlib.dll'
%include "missing_dll.inc"
