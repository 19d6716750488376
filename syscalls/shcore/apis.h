/* shcore exports implemented by wowbox: one API(name, args, ret) line each
 * (see syscalls/api.h for the signature letters). */
