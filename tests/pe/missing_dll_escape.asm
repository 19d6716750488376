; missing_dll_escape.asm - a missing DLL whose name holds terminal escape
; sequences: the one-line error shows them as "?" so a crafted PE cannot
; drive the terminal of the person running it. Otherwise as missing_dll.asm.
%define MISSING_DLL_NAME `\x1b[2J\x1b]0;pwned\x07evil.dll`
%include "missing_dll.inc"
