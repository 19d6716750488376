/* mpr exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). None yet: every export
 * is present and fails as its type says (a WNet DWORD with
 * ERROR_CALL_NOT_IMPLEMENTED). */
